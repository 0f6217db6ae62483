//! The panel's frame in the SVG: background, title, and the body for its kind below the title
//! (the app's panel header is the same height), or a note for kinds drawn only as DOM.

use meshboard_core::dashboard::PanelKind;

use crate::svg::{Anchor, SvgDoc, TextSpec};
use crate::{grids, single, timeseries, PanelExport};

/// Height of the title row, CSS px (the app's `.panel-header` with its padding).
pub const HEADER_H: f64 = 30.0;
/// Padding around the body.
pub const PAD: f64 = 8.0;
/// The title's font size, px.
const TITLE_PX: f64 = 14.0;

/// The panel as a document (to finish alone or nest in a report); `ids` prefixes its ids.
/// With `grow` the panel is as tall as its body needs (a long legend), else its size on screen.
pub fn panel_doc(export: &PanelExport, ids: &str, grow: bool) -> SvgDoc {
    let (w, h) = (export.width.max(120.0), export.height.max(80.0));
    let theme = export.theme;
    let (bw, bh) = ((w - 2.0 * PAD).max(10.0), (h - HEADER_H - PAD).max(10.0));
    let body_ids = format!("{ids}b-");
    let body = match &export.panel.kind {
        PanelKind::TimeSeries => Some(timeseries::chart_doc(export, bw, bh, &body_ids, grow)),
        PanelKind::Stat | PanelKind::Gauge | PanelKind::BarGauge => {
            Some(single::single_doc(export, bw, bh, &body_ids))
        }
        PanelKind::Heatmap => Some(grids::heatmap_doc(export, bw, bh, &body_ids)),
        PanelKind::StateTimeline => Some(grids::timeline_doc(export, bw, bh, &body_ids)),
        _ => None,
    };
    let h = body
        .as_ref()
        .map_or(h, |b| h.max(HEADER_H + b.height + PAD));
    let mut doc = SvgDoc::new(w, h, ids);
    let border = theme.grid();
    let background = theme.background();
    doc.layer(&[("class", "panel-frame")], |pen| {
        if let Some(bg) = background {
            pen.rect(0.0, 0.0, w, h, bg);
        }
        pen.line((0.0, 0.0), (w, 0.0), border, 1.0);
        pen.line((0.0, h), (w, h), border, 1.0);
        pen.line((0.0, 0.0), (0.0, h), border, 1.0);
        pen.line((w, 0.0), (w, h), border, 1.0);
    });
    let title_paint = theme.text();
    doc.layer(&[("class", "panel-title")], |pen| {
        let mut spec = TextSpec::new(TITLE_PX, Anchor::Start);
        spec.bold = true;
        pen.text(export.title, PAD, HEADER_H / 2.0, spec, title_paint);
    });
    match body {
        Some(body) => doc.nest(&body, PAD, HEADER_H, &[("class", "panel-body")]),
        None => {
            let muted = theme.muted();
            doc.layer(&[("class", "panel-note")], |pen| {
                let note = "This panel kind is not drawn as vector graphics.";
                pen.text(
                    note,
                    w / 2.0,
                    h / 2.0,
                    TextSpec::new(12.0, Anchor::Middle),
                    muted,
                );
            });
        }
    }
    doc
}

/// A note in the middle of a body ("No data", a heatmap's error).
pub fn body_note(doc: &mut SvgDoc, text: &str, export: &PanelExport) {
    let (x, y) = (doc.width / 2.0, doc.height / 2.0);
    let paint = export.theme.muted();
    doc.layer(&[("class", "panel-note")], |pen| {
        pen.text(text, x, y, TextSpec::new(13.0, Anchor::Middle), paint);
    });
}
