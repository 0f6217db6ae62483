//! Painting the data canvas: replays a [`ChartGeometry`] with direct canvas 2D calls for the
//! few axis items and the JS fast path for everything proportional to the data.

use std::f64::consts::FRAC_PI_2;

use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::fastpath;
use super::geometry::ChartGeometry;
use super::layout::Rect;
use super::spec::{ChartKind, ChartSpec};
use super::text_cache::TextCache;
use super::theme::ChartTheme;

/// Opacity of threshold bands: a tint behind the data, not a block of colour.
const THRESHOLD_BAND_ALPHA: f64 = 0.15;
/// Opacity of bars when the panel sets no fill opacity (bars need some fill to exist).
const DEFAULT_BAR_ALPHA: f64 = 0.8;
/// Lines wider than this get round joins, where the join shape becomes visible.
const ROUND_JOIN_MIN_WIDTH: f64 = 1.5;
/// Dash pattern of threshold lines, in CSS px.
const THRESHOLD_DASH: f64 = 10.0;

/// Snaps a coordinate to the centre of a device pixel, so 1-device-pixel lines stay crisp.
pub fn snap(px: f64, dpr: f64) -> f64 {
    ((px * dpr).floor() + 0.5) / dpr
}

/// Sets the context to draw in CSS pixels on a backing store `dpr` times larger.
pub fn reset_transform(ctx: &CanvasRenderingContext2d, dpr: f64) -> Result<(), JsValue> {
    ctx.set_global_alpha(1.0);
    ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
}

/// Clips to the plot, widened to whole device pixels: a clip edge inside a pixel makes the
/// browser rasterise every later path through an antialiased mask, three times slower.
fn clip_to(ctx: &CanvasRenderingContext2d, plot: Rect, dpr: f64) {
    let (left, top) = ((plot.x * dpr).floor() / dpr, (plot.y * dpr).floor() / dpr);
    let (right, bottom) = (
        (plot.right() * dpr).ceil() / dpr,
        (plot.bottom() * dpr).ceil() / dpr,
    );
    ctx.save();
    ctx.begin_path();
    ctx.rect(left, top, right - left, bottom - top);
    ctx.clip();
}

/// Paints grid, thresholds, series and tick labels. `segments` is a reused scratch buffer.
pub fn paint_data(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    spec: &ChartSpec,
    theme: &ChartTheme,
    text: &mut TextCache,
    segments: &mut Vec<f64>,
) -> Result<(), JsValue> {
    let dpr = g.size.dpr;
    let (w, h) = (g.size.css_width, g.size.css_height);
    reset_transform(ctx, dpr)?;
    ctx.clear_rect(0.0, 0.0, w, h);
    if !theme.background.is_empty() {
        ctx.set_fill_style_str(&theme.background);
        ctx.fill_rect(0.0, 0.0, w, h);
    }
    let plot = g.layout.plot;
    if plot.is_empty() {
        return Ok(());
    }

    ctx.set_global_alpha(THRESHOLD_BAND_ALPHA);
    for band in &g.threshold_bands {
        ctx.set_fill_style_str(&band.color);
        ctx.fill_rect(plot.x, band.top_px, plot.w, band.bottom_px - band.top_px);
    }
    ctx.set_global_alpha(1.0);

    segments.clear();
    for tick in g.left_ticks.iter().chain(&g.right_ticks) {
        let y = snap(tick.px, dpr);
        segments.extend_from_slice(&[plot.x, y, plot.right(), y]);
    }
    for tick in &g.time_ticks {
        let x = snap(tick.px, dpr);
        segments.extend_from_slice(&[x, plot.y, x, plot.bottom()]);
    }
    ctx.set_stroke_style_str(&theme.grid);
    ctx.set_line_width(1.0 / dpr);
    fastpath::stroke_segments(ctx, segments);

    clip_to(ctx, plot, dpr);
    paint_series(ctx, g)?;
    paint_threshold_lines(ctx, g, spec, plot, segments)?;
    ctx.restore();

    paint_labels(ctx, g, spec, theme, text)
}

/// Each series with its own style: fill or bars at its opacity, then its line (dashed when
/// asked) and points. One path per series, as before.
fn paint_series(ctx: &CanvasRenderingContext2d, g: &ChartGeometry) -> Result<(), JsValue> {
    let finite_or = |v: f64, lo: f64, hi: f64, default: f64| {
        if v.is_finite() {
            v.clamp(lo, hi)
        } else {
            default
        }
    };
    for s in g.series.iter().filter(|s| s.visible) {
        let line_width = finite_or(s.line_width, 0.0, 10.0, 1.0);
        let radius = finite_or(s.point_radius, 0.5, 10.0, 2.5);
        let fill_alpha = finite_or(s.fill_opacity, 0.0, 1.0, 0.0);
        ctx.set_fill_style_str(&s.color);
        ctx.set_stroke_style_str(&s.color);
        // A gradient fill carries its own alpha: vertical over the plot, as Grafana's.
        let plot = g.layout.plot;
        let gradient = !s.fill_stops.is_empty();
        let set_gradient =
            || fastpath::set_gradient(ctx, plot.y, plot.bottom(), &s.fill_stops, false);
        if !s.band.is_empty() {
            match gradient {
                true => set_gradient(),
                false => ctx.set_global_alpha(fill_alpha),
            }
            fastpath::fill_band(ctx, &s.band);
        }
        if !s.bars.is_empty() {
            match gradient {
                true if fill_alpha > 0.0 => set_gradient(),
                _ => ctx.set_global_alpha(if fill_alpha > 0.0 {
                    fill_alpha
                } else {
                    DEFAULT_BAR_ALPHA
                }),
            }
            fastpath::fill_rects(ctx, &s.bars);
        }
        ctx.set_fill_style_str(&s.color);
        ctx.set_global_alpha(1.0);
        if !s.line_stops.is_empty() {
            fastpath::set_gradient(ctx, plot.y, plot.bottom(), &s.line_stops, true);
        }
        if s.kind == ChartKind::Lines && line_width > 0.0 {
            // Bevel joins rasterise fastest and look the same as round ones on thin lines;
            // the M4 zig-zags (thousands of sharp turns) make the join the dominant cost.
            ctx.set_line_join(if line_width > ROUND_JOIN_MIN_WIDTH {
                "round"
            } else {
                "bevel"
            });
            ctx.set_line_width(line_width);
            let dashed = !s.dash.is_empty();
            if dashed {
                let dash = js_sys::Array::new();
                for d in &s.dash {
                    dash.push(&(*d).into());
                }
                ctx.set_line_dash(&dash)?;
                // Dots are zero-length dashes: only round caps show them (uPlot's `dot`).
                if s.dash.contains(&0.0) {
                    ctx.set_line_cap("round");
                }
            }
            fastpath::stroke_line(ctx, &s.line, radius.max(line_width));
            if dashed {
                ctx.set_line_dash(&js_sys::Array::new())?;
                ctx.set_line_cap("butt");
            }
        }
        if s.dots {
            let at = if s.markers.is_empty() {
                &s.line
            } else {
                &s.markers
            };
            fastpath::fill_dots(ctx, at, radius);
        }
    }
    Ok(())
}

fn paint_threshold_lines(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    spec: &ChartSpec,
    plot: Rect,
    segments: &mut Vec<f64>,
) -> Result<(), JsValue> {
    if g.threshold_lines.is_empty() {
        return Ok(());
    }
    let dash = if spec.threshold_dashed {
        js_sys::Array::of2(&THRESHOLD_DASH.into(), &THRESHOLD_DASH.into())
    } else {
        js_sys::Array::new()
    };
    ctx.set_line_dash(&dash)?;
    ctx.set_line_width(1.0);
    for line in &g.threshold_lines {
        segments.clear();
        let y = snap(line.y_px, g.size.dpr);
        segments.extend_from_slice(&[plot.x, y, plot.right(), y]);
        ctx.set_stroke_style_str(&line.color);
        fastpath::stroke_segments(ctx, segments);
    }
    ctx.set_line_dash(&js_sys::Array::new())
}

/// The axes' titles (`axisLabel`), rotated along each axis as Grafana draws them: reading
/// upwards on the left, downwards on the right.
fn paint_axis_titles(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    spec: &ChartSpec,
) -> Result<(), JsValue> {
    let plot = g.layout.plot;
    let mid_y = plot.y + plot.h / 2.0;
    let titles = [
        (&spec.left_axis, g.layout.left_title_x, -FRAC_PI_2, true),
        (
            &spec.right_axis,
            g.layout.right_title_x,
            FRAC_PI_2,
            g.right_scale.is_some(),
        ),
    ];
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for (axis, x, angle, shown) in titles {
        if !shown || axis.hidden || axis.label.is_empty() {
            continue;
        }
        ctx.save();
        ctx.translate(x, mid_y)?;
        ctx.rotate(angle)?;
        ctx.fill_text(&axis.label, 0.0, 0.0)?;
        ctx.restore();
    }
    Ok(())
}

fn paint_labels(
    ctx: &CanvasRenderingContext2d,
    g: &ChartGeometry,
    spec: &ChartSpec,
    theme: &ChartTheme,
    text: &mut TextCache,
) -> Result<(), JsValue> {
    text.use_font(ctx, &theme.font);
    ctx.set_fill_style_str(&theme.text);
    ctx.set_text_baseline("middle");
    ctx.set_text_align("right");
    for tick in &g.left_ticks {
        ctx.fill_text(&tick.label, g.layout.left_labels_right, tick.px)?;
    }
    ctx.set_text_align("left");
    for tick in &g.right_ticks {
        ctx.fill_text(&tick.label, g.layout.right_labels_left, tick.px)?;
    }
    paint_axis_titles(ctx, g, spec)?;
    ctx.set_text_baseline("top");
    ctx.set_text_align("center");
    let width = g.size.css_width;
    for tick in &g.time_ticks {
        let half = text.width(ctx, &tick.label) / 2.0;
        // Keep edge labels inside the canvas rather than cut in half.
        let x = tick.px.clamp(half, (width - half).max(half));
        ctx.fill_text(&tick.label, x, g.layout.time_labels_top)?;
    }
    Ok(())
}
