//! A time series (and legacy graph) body: the core's [`ChartModel`] lays the chart out exactly
//! as for the canvas (the same spec from the resolved field config, the same frame, range,
//! hidden series and exemplar values), and its [`ChartGeometry`] is replayed here with plotters:
//! threshold bands, grid, one `<g class="series">` per visible series (fill, bars, line, points,
//! clipped to the plot), threshold lines, annotations, exemplars, tick labels and axis titles;
//! then the legend from the core's legend model.

use meshboard_core::annotations::place_annotations;
use meshboard_core::chart::geometry::SeriesGeometry;
use meshboard_core::chart::theme::font_px;
use meshboard_core::chart::{CanvasSize, ChartGeometry, ChartKind, ChartModel, ChartSpec};
use meshboard_core::chart_a11y::palette::apply_palette;
use meshboard_core::dashboard::LegendDisplay;
use meshboard_core::legend::legend_model;
use meshboard_core::panel::{place_exemplars, resolve_panel_series, series_chart_spec};
use meshboard_core::panel_calc::value_layout::text_width;

use crate::svg::{Anchor, Paint, Pen, SvgDoc, TextSpec};
use crate::{frame, PanelExport};

/// Opacity of threshold bands, bars without a fill opacity, as the canvas painter has them.
const THRESHOLD_BAND_ALPHA: f64 = 0.15;
const DEFAULT_BAR_ALPHA: f64 = 0.8;
/// Threshold dash, CSS px (the canvas' 10 on, 10 off).
const THRESHOLD_DASH_PX: f64 = 10.0;
/// Legend: row height, swatch size, gap between entries, font size (px).
const LEGEND_ROW: f64 = 18.0;
const SWATCH: f64 = 14.0;
const LEGEND_GAP: f64 = 16.0;
const LEGEND_PX: f64 = 12.0;
/// The exemplar diamond's half diagonal, px.
const EXEMPLAR_R: f64 = 5.0;

/// One legend entry as laid out.
struct Entry {
    index: usize,
    name: String,
    text: String,
    color: String,
    hidden: bool,
    x: f64,
    y: f64,
}

/// Share of the body the chart keeps however long the legend is.
const MIN_CHART_SHARE: f64 = 0.6;

/// The chart body `w` x `h` CSS px: chart above, list legend below. A legend longer than the
/// rest of the body (the canvas panel scrolls it) makes the body taller when `grow`, so the
/// file shows every entry; otherwise it is cut at `h`.
pub fn chart_doc(export: &PanelExport, w: f64, h: f64, ids: &str, grow: bool) -> SvgDoc {
    let mut doc = SvgDoc::new(w, h, ids);
    let result = export.result;
    if result.frame.series.is_empty() {
        frame::body_note(&mut doc, "No data", export);
        return doc;
    }
    let mut resolved = resolve_panel_series(export.panel, result, export.theme.mode);
    apply_palette(&mut resolved, export.theme.palette, export.theme.mode);
    let mut spec = series_chart_spec(export.panel, &resolved, export.utc_offset_minutes);
    spec.hidden_series = export.hidden_series.to_vec();
    spec.y_include = export.exemplars.iter().map(|d| d.value).collect();
    let options = &export.panel.options.legend;
    let values: Vec<&[f64]> = result.frame.series.iter().map(|s| &s.values[..]).collect();
    let legend = legend_model(options, &resolved, &values);
    let show_legend = options.display != LegendDisplay::Hidden && !legend.rows.is_empty();
    let entries: Vec<Entry> = legend
        .rows
        .iter()
        .map(|row| Entry {
            index: row.index,
            name: row.name.clone(),
            text: legend_text(&row.name, &legend.headers(), &row.values),
            color: row.color.clone(),
            hidden: spec.is_hidden(row.index),
            x: 0.0,
            y: 0.0,
        })
        .collect();
    let (entries, legend_h) = match show_legend {
        true => flow(entries, w),
        false => (Vec::new(), 0.0),
    };
    let chart_h = (h - legend_h).max(h * MIN_CHART_SHARE).max(60.0);
    if grow {
        doc.height = doc.height.max(chart_h + legend_h);
    }
    let unit = (spec.unit.clone(), spec.decimals);
    let mut model = ChartModel::new(spec);
    model.set_data(result.frame.clone(), result.range());
    model.set_series_names(resolved.iter().map(|r| r.display_name.clone()).collect());
    model.resize(CanvasSize::new(w, chart_h, 1.0));
    let label_px = font_px(&export.theme.chart.font).unwrap_or(12.0);
    model.set_font_px(label_px);
    model.layout(&mut |label| text_width(label, label_px));
    let g = model.geometry().clone();
    let names = model.series_names().to_vec();
    draw_chart(&mut doc, export, &g, model.spec(), &names, label_px);
    let dots = place_exemplars(&g, export.exemplars, &unit, export.utc_offset_minutes);
    let exemplar = export.theme.paint("#8ab8ff");
    if !dots.is_empty() {
        doc.layer(&[("class", "exemplars")], |pen| {
            for d in &dots {
                let (x, y, r) = (d.x, d.y, EXEMPLAR_R);
                pen.polygon(&[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], exemplar);
            }
        });
    }
    draw_legend(&mut doc, export, &entries, chart_h);
    doc
}

/// A legend entry's text: the name, then each calc as `Mean: 3 ms`.
fn legend_text(name: &str, headers: &[String], values: &[String]) -> String {
    let mut text = name.to_string();
    for (header, value) in headers.iter().zip(values) {
        text.push_str(&format!("  {header}: {value}"));
    }
    text
}

/// Lays the entries out left to right, wrapping at `w`; returns them and the legend's height.
fn flow(mut entries: Vec<Entry>, w: f64) -> (Vec<Entry>, f64) {
    let (mut x, mut row) = (0.0, 0usize);
    for e in &mut entries {
        let width = SWATCH + 6.0 + text_width(&e.text, LEGEND_PX);
        if x > 0.0 && x + width > w {
            x = 0.0;
            row += 1;
        }
        e.x = x;
        e.y = row as f64 * LEGEND_ROW;
        x += width + LEGEND_GAP;
    }
    let rows = if entries.is_empty() { 0 } else { row + 1 };
    (entries, rows as f64 * LEGEND_ROW + 6.0)
}

fn draw_legend(doc: &mut SvgDoc, export: &PanelExport, entries: &[Entry], top: f64) {
    let theme = export.theme;
    for e in entries {
        let y = top + 6.0 + e.y + LEGEND_ROW / 2.0;
        let text = if e.hidden {
            theme.muted()
        } else {
            theme.text()
        };
        let swatch = theme
            .paint(&e.color)
            .with_alpha(if e.hidden { 0.4 } else { 1.0 });
        let index = e.index.to_string();
        doc.layer(
            &[
                ("class", "legend-item"),
                ("data-series", &e.name),
                ("data-index", &index),
            ],
            |pen| {
                pen.rect(e.x, y - 2.0, SWATCH, 4.0, swatch);
                let spec = TextSpec::new(LEGEND_PX, Anchor::Start);
                pen.text(&e.text, e.x + SWATCH + 6.0, y, spec, text);
            },
        );
    }
}

fn draw_chart(
    doc: &mut SvgDoc,
    export: &PanelExport,
    g: &ChartGeometry,
    spec: &ChartSpec,
    names: &[String],
    label_px: f64,
) {
    let theme = export.theme;
    let plot = g.layout.plot;
    if plot.is_empty() {
        return;
    }
    let clip = doc.clip("plot", plot.x, plot.y, plot.w, plot.h);
    doc.layer(&[("class", "threshold-bands")], |pen| {
        for band in &g.threshold_bands {
            let paint = theme.paint(&band.color).with_alpha(THRESHOLD_BAND_ALPHA);
            pen.rect(
                plot.x,
                band.top_px,
                plot.w,
                band.bottom_px - band.top_px,
                paint,
            );
        }
    });
    let grid = theme.grid();
    doc.layer(&[("class", "grid")], |pen| {
        for tick in g.left_ticks.iter().chain(&g.right_ticks) {
            pen.line((plot.x, tick.px), (plot.right(), tick.px), grid, 0.5);
        }
        for tick in &g.time_ticks {
            pen.line((tick.px, plot.y), (tick.px, plot.bottom()), grid, 0.5);
        }
    });
    for (i, s) in g.series.iter().enumerate().filter(|(_, s)| s.visible) {
        let name = names.get(i).map_or("", String::as_str);
        let dash: Vec<String> = s.dash.iter().map(|d| (d * 2.0).to_string()).collect();
        let dash = dash.join(" ");
        let mut attrs = vec![
            ("class", "series"),
            ("data-series", name),
            ("clip-path", clip.as_str()),
            ("stroke-linejoin", "round"),
        ];
        if !dash.is_empty() {
            attrs.push(("stroke-dasharray", &dash));
            attrs.push(("stroke-linecap", "round"));
        }
        doc.layer(&attrs, |pen| draw_series(pen, s, theme.paint(&s.color)));
    }
    let dash = (THRESHOLD_DASH_PX * crate::UNITS_PER_PX).to_string();
    let mut attrs = vec![("class", "thresholds"), ("clip-path", clip.as_str())];
    if spec.threshold_dashed {
        attrs.push(("stroke-dasharray", &dash));
    }
    doc.layer(&attrs, |pen| {
        for line in &g.threshold_lines {
            let paint = theme.paint(&line.color);
            pen.line((plot.x, line.y_px), (plot.right(), line.y_px), paint, 1.0);
        }
    });
    for a in place_annotations(g, export.annotations) {
        let label = format!("{} {}", a.event.title, a.event.text);
        let attrs = [("class", "annotation"), ("aria-label", label.trim())];
        let paint = theme.paint(&a.event.color);
        doc.layer(&attrs, |pen| {
            if a.width > 0.0 {
                pen.rect(a.x, a.top, a.width, a.height, paint.with_alpha(0.1));
            }
            pen.line((a.x, a.top), (a.x, a.top + a.height), paint, 1.0);
            let b = a.top + a.height;
            pen.polygon(&[(a.x, b - 6.0), (a.x + 5.0, b), (a.x - 5.0, b)], paint);
        });
    }
    draw_labels(doc, export, g, spec, label_px);
}

/// Splits interleaved `x, y` (NaN at gaps) into runs of points.
fn runs(flat: &[f64], stride: usize) -> Vec<Vec<&[f64]>> {
    let mut out = vec![Vec::new()];
    for v in flat.chunks_exact(stride) {
        if v.iter().any(|c| !c.is_finite()) {
            if out.last().is_some_and(|r| !r.is_empty()) {
                out.push(Vec::new());
            }
        } else if let Some(run) = out.last_mut() {
            run.push(v);
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

fn draw_series(pen: &mut Pen, s: &SeriesGeometry, color: Paint) {
    let finite_or =
        |v: f64, lo: f64, hi: f64, d: f64| if v.is_finite() { v.clamp(lo, hi) } else { d };
    let line_width = finite_or(s.line_width, 0.0, 10.0, 1.0);
    let radius = finite_or(s.point_radius, 0.5, 10.0, 2.5);
    let fill_alpha = finite_or(s.fill_opacity, 0.0, 1.0, 0.0);
    // A gradient fill is drawn flat at its strongest stop's opacity (plotters has no gradients).
    let fill_alpha = s
        .fill_stops
        .iter()
        .filter_map(|(_, c)| crate::css_paint(c).map(|p| p.alpha))
        .fold(fill_alpha, f64::max);
    for run in runs(&s.band, 3) {
        let mut outline: Vec<(f64, f64)> = run.iter().map(|p| (p[0], p[1])).collect();
        outline.extend(run.iter().rev().map(|p| (p[0], p[2])));
        pen.polygon(&outline, color.with_alpha(fill_alpha));
    }
    let bar_alpha = if fill_alpha > 0.0 {
        fill_alpha
    } else {
        DEFAULT_BAR_ALPHA
    };
    for bar in s.bars.chunks_exact(4) {
        pen.rect(bar[0], bar[1], bar[2], bar[3], color.with_alpha(bar_alpha));
    }
    if s.kind == ChartKind::Lines && line_width > 0.0 {
        for run in runs(&s.line, 2) {
            let points: Vec<(f64, f64)> = run.iter().map(|p| (p[0], p[1])).collect();
            pen.polyline(&points, color, line_width);
        }
    }
    if s.dots {
        let at = if s.markers.is_empty() {
            &s.line
        } else {
            &s.markers
        };
        for p in at
            .chunks_exact(2)
            .filter(|p| p[0].is_finite() && p[1].is_finite())
        {
            pen.circle(p[0], p[1], radius, color);
        }
    }
}

fn draw_labels(
    doc: &mut SvgDoc,
    export: &PanelExport,
    g: &ChartGeometry,
    spec: &ChartSpec,
    px: f64,
) {
    let text = export.theme.text();
    let layout = g.layout;
    doc.layer(&[("class", "axis-left")], |pen| {
        for tick in &g.left_ticks {
            let spec = TextSpec::new(px, Anchor::End);
            pen.text(&tick.label, layout.left_labels_right, tick.px, spec, text);
        }
    });
    doc.layer(&[("class", "axis-right")], |pen| {
        for tick in &g.right_ticks {
            let spec = TextSpec::new(px, Anchor::Start);
            pen.text(&tick.label, layout.right_labels_left, tick.px, spec, text);
        }
    });
    let width = g.size.css_width;
    doc.layer(&[("class", "axis-time")], |pen| {
        for tick in &g.time_ticks {
            let half = text_width(&tick.label, px) / 2.0;
            // Edge labels stay inside the chart rather than cut in half, as on the canvas.
            let x = tick.px.clamp(half, (width - half).max(half));
            let mut spec = TextSpec::new(px, Anchor::Middle);
            spec.middle = false;
            pen.text(&tick.label, x, layout.time_labels_top, spec, text);
        }
    });
    let mid_y = layout.plot.y + layout.plot.h / 2.0;
    doc.layer(&[("class", "axis-titles")], |pen| {
        let mut upwards = TextSpec::new(px, Anchor::Middle);
        upwards.upwards = true;
        if !spec.left_axis.hidden && !spec.left_axis.label.is_empty() {
            pen.text(
                &spec.left_axis.label,
                layout.left_title_x,
                mid_y,
                upwards,
                text,
            );
        }
        let right = g.right_scale.is_some() && !spec.right_axis.hidden;
        if right && !spec.right_axis.label.is_empty() {
            // Reads upwards too: plotters turns text by quarter turns only from its anchor.
            pen.text(
                &spec.right_axis.label,
                layout.right_title_x,
                mid_y,
                upwards,
                text,
            );
        }
    });
}
