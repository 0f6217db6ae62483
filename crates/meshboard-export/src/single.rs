//! Stat, gauge and bar gauge bodies: the values the core's `SinglePanel` decides (text,
//! colour, range, thresholds per series), in the boxes `repeat_box` gives them, with the stat
//! look (`stat_look`, `stat_fonts`), the gauge layout (`gauge_layout`, `threshold_bands`) and
//! bar gauge bars. Each value is one `<g class="value" data-series=...>`.

use meshboard_core::dashboard::field_resolve::ThemeMode;
use meshboard_core::panel::css_color;
use meshboard_core::panel_calc::single_panel::{SeriesInput, Shown, SingleKind, SinglePanel};
use meshboard_core::panel_calc::single_value::{
    resolve_orientation, stat_look, Background, Orientation, TextColor,
};
use meshboard_core::panel_calc::value_layout::{
    gauge_layout, readable_text_on, repeat_box, stat_fonts, threshold_bands, GAUGE_START_DEG,
    GAUGE_SWEEP_DEG,
};

use crate::svg::{Anchor, Paint, Pen, SvgDoc, TextSpec};
use crate::{frame, ExportTheme, PanelExport};

/// Gap between repeated values, px.
const GAP: f64 = 8.0;
/// Share of the fitted font size the stat value is drawn at.
const VALUE_FIT: f64 = 0.85;
/// Points along a whole gauge arc (plotters draws polylines, not arcs).
const ARC_STEPS: f64 = 96.0;

pub fn single_doc(export: &PanelExport, w: f64, h: f64, ids: &str) -> SvgDoc {
    let mut doc = SvgDoc::new(w, h, ids);
    let model = SinglePanel::of(export.panel);
    let inputs = SeriesInput::of_result(export.result);
    let shown = model.values_in_palette(
        export.panel,
        &inputs,
        export.theme.mode,
        export.theme.palette,
    );
    if shown.is_empty() {
        frame::body_note(&mut doc, &model.no_data_text(export.panel), export);
        return doc;
    }
    let count = shown.len();
    let vertical = match model.kind {
        SingleKind::BarGauge => {
            resolve_orientation(model.options.orientation, w, h) == Orientation::Vertical
        }
        _ => resolve_orientation(model.options.orientation, w, h) != Orientation::Horizontal,
    };
    let (bw, bh) = repeat_box(count, w, h, vertical, GAP);
    for (i, value) in shown.iter().enumerate() {
        let offset = i as f64 * if vertical { bw + GAP } else { bh + GAP };
        let (x, y) = if vertical {
            (offset, 0.0)
        } else {
            (0.0, offset)
        };
        let name = value.title.clone();
        doc.layer(&[("class", "value"), ("data-series", &name)], |pen| {
            let boxed = Box2 { x, y, w: bw, h: bh };
            match model.kind {
                SingleKind::Stat => stat(pen, &model, value, count, boxed, export.theme),
                SingleKind::Gauge => gauge(pen, &model, value, count, boxed, export.theme),
                SingleKind::BarGauge => bar(pen, &model, value, boxed, export.theme),
            }
        });
    }
    doc
}

#[derive(Clone, Copy)]
struct Box2 {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

fn stat(pen: &mut Pen, m: &SinglePanel, v: &Shown, count: usize, b: Box2, t: &ExportTheme) {
    let look = stat_look(&m.options, &v.value, &v.title, count, b.w, b.h, 0);
    let background = match &look.background {
        Background::Transparent => None,
        Background::Gradient(c) | Background::Solid(c) => Some(c.clone()),
    };
    if let Some(bg) = &background {
        pen.rect(b.x, b.y, b.w, b.h, t.paint(bg));
    }
    let text_paint = match &look.text_color {
        TextColor::Theme => t.text(),
        TextColor::Value(c) => t.paint(c),
        TextColor::ContrastOn(c) => t.paint(readable_text_on(c).unwrap_or("#ffffff")),
    };
    let (prefix, suffix) = (
        look.prefix.clone().unwrap_or_default(),
        look.suffix.clone().unwrap_or_default(),
    );
    let fonts = stat_fonts(
        b.w,
        b.h,
        look.title.as_deref(),
        (&prefix, &look.text, &suffix),
        false,
        false,
    );
    let value_text = format!("{prefix}{}{suffix}", look.text);
    let cx = b.x + b.w / 2.0;
    let mut y = b.y + b.h / 2.0;
    if let Some(title) = look.title.as_deref().filter(|_| fonts.title > 0.0) {
        let title_y = b.y + fonts.padding + fonts.title * 0.6;
        pen.text(
            title,
            cx,
            title_y,
            TextSpec::new(fonts.title, Anchor::Middle),
            text_paint,
        );
        y = (y + title_y + fonts.title * 0.6) / 2.0 + fonts.value * 0.1;
    }
    // The layout measures Inter's advances; the fallback fonts a viewer may have are wider,
    // so the value keeps a margin and Grafana's medium weight rather than bold.
    let spec = TextSpec::new((fonts.value * VALUE_FIT).max(8.0), Anchor::Middle);
    pen.text(&value_text, cx, y, spec, text_paint);
}

/// A stroked arc from `from` to `to` (fractions of the gauge's sweep) at radius `r`.
fn arc(pen: &mut Pen, c: (f64, f64), r: f64, from: f64, to: f64, paint: Paint, width: f64) {
    let (from, to) = (from.clamp(0.0, 1.0), to.clamp(0.0, 1.0));
    if to <= from || r <= 0.0 {
        return;
    }
    let steps = ((to - from) * ARC_STEPS).ceil().max(2.0) as usize;
    let points: Vec<(f64, f64)> = (0..=steps)
        .map(|k| {
            let f = from + (to - from) * k as f64 / steps as f64;
            let a = (GAUGE_START_DEG + GAUGE_SWEEP_DEG * f).to_radians();
            (c.0 + r * a.cos(), c.1 + r * a.sin())
        })
        .collect();
    pen.polyline(&points, paint, width);
}

fn gauge(pen: &mut Pen, m: &SinglePanel, v: &Shown, count: usize, b: Box2, t: &ExportTheme) {
    let text = v.value.full_text();
    let title = (count > 1).then_some(v.title.as_str());
    let l = gauge_layout(b.w, b.h, &text, title, m.threshold_markers);
    let c = (b.x + l.cx, b.y + l.cy);
    let track = if t.mode == ThemeMode::Light {
        "rgba(36, 41, 46, 0.1)"
    } else {
        "rgba(204, 204, 220, 0.1)"
    };
    let band_r = l.radius - l.band / 2.0;
    arc(pen, c, band_r, 0.0, 1.0, t.paint(track), l.band);
    let color = t.paint(v.value.color.as_deref().unwrap_or("#73bf69"));
    let percent = v.value.percent.unwrap_or(0.0).clamp(0.0, 1.0);
    arc(pen, c, band_r, 0.0, percent, color, l.band);
    if l.marker > 0.0 {
        let (min, max) = v.settings.range();
        let marker_r = l.radius + l.marker / 2.0 + 1.0;
        for (from, to, step) in threshold_bands(&v.settings.thresholds, min, max) {
            arc(
                pen,
                c,
                marker_r,
                from,
                to,
                t.paint(&css_color(&step)),
                l.marker,
            );
        }
    }
    let mut spec = TextSpec::new(l.value_font.max(8.0), Anchor::Middle);
    spec.bold = true;
    pen.text(&text, c.0, c.1, spec, color);
    if let Some(title) = title {
        let spec = TextSpec::new(l.title_font.max(8.0), Anchor::Middle);
        pen.text(title, c.0, b.y + l.title_y, spec, t.text());
    }
}

fn bar(pen: &mut Pen, m: &SinglePanel, v: &Shown, b: Box2, t: &ExportTheme) {
    let text = v.value.full_text();
    let font = (b.h * 0.4).clamp(10.0, 24.0);
    let title_h = if v.title.is_empty() { 0.0 } else { 16.0 };
    pen.text(
        &v.title,
        b.x,
        b.y + title_h / 2.0,
        TextSpec::new(12.0, Anchor::Start),
        t.text(),
    );
    let value_w = (font * 0.62 * text.chars().count() as f64 + 8.0).min(b.w * 0.4);
    let (bx, by) = (b.x, b.y + title_h);
    let (bw, bh) = ((b.w - value_w).max(4.0), (b.h - title_h).max(4.0));
    let color = t.paint(v.value.color.as_deref().unwrap_or("#73bf69"));
    if m.show_unfilled {
        pen.rect(bx, by, bw, bh, t.grid());
    }
    let percent = v.value.percent.unwrap_or(0.0).clamp(0.0, 1.0);
    pen.rect(bx, by, bw * percent, bh, color.with_alpha(0.85));
    let mut spec = TextSpec::new(font, Anchor::End);
    spec.bold = true;
    pen.text(&text, b.x + b.w, by + bh / 2.0, spec, color);
}
