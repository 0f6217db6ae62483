//! Heatmap and state-timeline bodies: the core's heatmap cells (`heatmap_from_buckets`) and
//! timeline runs (`Timeline::of`, `state_color`) placed exactly as the canvas places them
//! (`PlotArea::beside_labels`), plus a time axis from the core's time ticks under the plot.

use meshboard_core::chart::axis_ticks::time_axis;
use meshboard_core::grid_hover::PlotArea;
use meshboard_core::panel::{state_color, Timeline, NAME_W};
use meshboard_core::panel_calc::heatmap_from_buckets;
use meshboard_core::panel_calc::value_layout::text_width;

use crate::svg::{Anchor, SvgDoc, TextSpec};
use crate::{frame, PanelExport};

/// The heatmap's bucket label column, px (the canvas' `LABEL_W`).
const HEATMAP_LABEL_W: f64 = 48.0;
/// Room under the plot for the time labels, px.
const TIME_AXIS_H: f64 = 18.0;
const LABEL_PX: f64 = 12.0;

/// Time labels under a plot spanning `area` over `range` (epoch ms).
fn time_labels(
    doc: &mut SvgDoc,
    export: &PanelExport,
    area: PlotArea,
    range: (f64, f64),
    top: f64,
) {
    let span = (range.1 - range.0).max(1.0);
    let ticks = time_axis(range.0, range.1, area.width, export.utc_offset_minutes);
    let paint = export.theme.text();
    doc.layer(&[("class", "axis-time")], |pen| {
        for (t, label) in ticks {
            let half = text_width(&label, LABEL_PX) / 2.0;
            // Edge labels stay inside the body rather than cut in half, as on the chart.
            let right = area.left + area.width;
            let x = (area.left + (t - range.0) / span * area.width)
                .clamp(half, (right - half).max(half));
            let mut spec = TextSpec::new(LABEL_PX, Anchor::Middle);
            spec.middle = false;
            pen.text(&label, x, top + 4.0, spec, paint);
        }
    });
}

pub fn heatmap_doc(export: &PanelExport, w: f64, h: f64, ids: &str) -> SvgDoc {
    let mut doc = SvgDoc::new(w, h, ids);
    let map = match heatmap_from_buckets(&export.result.frame) {
        Ok(map) => map,
        Err(e) => {
            frame::body_note(&mut doc, &e, export);
            return doc;
        }
    };
    let (rows, cols) = (map.cells.len(), map.times_ms.len());
    if rows == 0 || cols == 0 {
        frame::body_note(&mut doc, "No data", export);
        return doc;
    }
    let ph = (h - TIME_AXIS_H).max(10.0);
    let area = PlotArea::beside_labels(HEATMAP_LABEL_W, w, ph);
    let (cw, ch) = (area.width / cols as f64, ph / rows as f64);
    let text = export.theme.text();
    doc.layer(&[("class", "axis-left")], |pen| {
        let every = ((12.0 / ch).ceil() as usize).max(1);
        for (r, bound) in map
            .bounds
            .iter()
            .enumerate()
            .filter(|(r, _)| ch >= 12.0 || r % every == 0)
        {
            let y = ph - (r as f64 + 0.5) * ch;
            pen.text(bound, 2.0, y, TextSpec::new(LABEL_PX, Anchor::Start), text);
        }
    });
    let max = if map.max > 0.0 { map.max } else { 1.0 };
    let cell = export.theme.paint("#ff9830");
    for (r, row) in map.cells.iter().enumerate() {
        let bucket = map.bounds.get(r).cloned().unwrap_or_default();
        doc.layer(&[("class", "bucket"), ("data-le", &bucket)], |pen| {
            let y = ph - (r as f64 + 1.0) * ch;
            for (c, v) in row
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_finite() && **v > 0.0)
            {
                let alpha = (0.15 + 0.85 * (v / max)).min(1.0);
                pen.rect(
                    area.left + c as f64 * cw,
                    y,
                    cw.max(1.0),
                    ch.max(1.0),
                    cell.with_alpha(alpha),
                );
            }
        });
    }
    let range = (map.times_ms[0], map.times_ms[cols - 1]);
    time_labels(&mut doc, export, area, range, ph);
    doc
}

pub fn timeline_doc(export: &PanelExport, w: f64, h: f64, ids: &str) -> SvgDoc {
    let mut doc = SvgDoc::new(w, h, ids);
    let t = Timeline::of(export.result);
    if t.runs.is_empty() {
        frame::body_note(&mut doc, "No data", export);
        return doc;
    }
    let ph = (h - TIME_AXIS_H).max(10.0);
    let field = &export.panel.field_config.defaults;
    let (from, to) = t.range;
    let span = (to - from).max(1.0);
    let area = PlotArea::beside_labels(NAME_W, w, ph);
    let row_h = t.row_height(ph);
    let every = t.label_every(ph);
    let text = export.theme.text();
    for (i, runs) in t.runs.iter().enumerate() {
        let name = t.names.get(i).cloned().unwrap_or_default();
        let y = i as f64 * row_h;
        doc.layer(&[("class", "state-row"), ("data-series", &name)], |pen| {
            if i % every == 0 {
                pen.text(
                    &name,
                    2.0,
                    y + row_h / 2.0,
                    TextSpec::new(LABEL_PX, Anchor::Start),
                    text,
                );
            }
            for run in runs {
                let Some(color) = state_color(field, run.value) else {
                    continue;
                };
                let x0 = area.left + ((run.start_ms - from) / span * area.width).max(0.0);
                let x1 = area.left + ((run.end_ms - from) / span * area.width).min(area.width);
                if x1 > x0 {
                    let paint = export.theme.paint(&color);
                    pen.rect(x0, y + 2.0, (x1 - x0).max(1.0), row_h - 4.0, paint);
                }
            }
        });
    }
    let bottom = (t.runs.len() as f64 * row_h).min(ph);
    time_labels(&mut doc, export, area, t.range, bottom);
    doc
}
