//! The dashboard report: one SVG of the whole dashboard for an incident write-up, a header with
//! the dashboard's title, its time range (as written and as resolved) and its variables'
//! values, then every panel at its place on the grid, each drawn as [`render_panel_svg`]
//! draws it.
//!
//! [`render_panel_svg`]: crate::render_panel_svg

use meshboard_core::time_range::{format_local, TimeRange};
use meshboard_core::variables::{Variable, VariableHide};

use crate::svg::{Anchor, SvgDoc, TextSpec};
use crate::{frame, ExportTheme, PanelExport};

/// Header height, px: title, range line, variables line.
const HEADER_H: f64 = 78.0;
const MARGIN: f64 = 16.0;

/// A panel of the report and where the grid puts it (CSS px from the grid's top left).
#[derive(Debug, Clone, Copy)]
pub struct ReportPanel<'a> {
    pub export: PanelExport<'a>,
    pub x: f64,
    pub y: f64,
}

/// The dashboard as the report prints it.
#[derive(Debug, Clone)]
pub struct DashboardReport<'a> {
    pub title: &'a str,
    /// The range as written (`now-6h to now`) and as resolved (local times).
    pub range_text: &'a str,
    /// `name = value` per variable, in the dashboard's order.
    pub variables: &'a [(String, String)],
    pub panels: Vec<ReportPanel<'a>>,
    pub theme: &'a ExportTheme,
}

/// The whole dashboard as one SVG document.
pub fn render_dashboard_svg(report: &DashboardReport) -> String {
    let grid_w = report
        .panels
        .iter()
        .map(|p| p.x + p.export.width.max(120.0))
        .fold(600.0, f64::max);
    let grid_h = report
        .panels
        .iter()
        .map(|p| p.y + p.export.height.max(80.0))
        .fold(0.0, f64::max);
    let (w, h) = (grid_w + 2.0 * MARGIN, grid_h + HEADER_H + 2.0 * MARGIN);
    let mut doc = SvgDoc::new(w, h, "r-");
    let theme = report.theme;
    let background = theme.background();
    let vars = report
        .variables
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join("   ");
    doc.layer(&[("class", "report-header")], |pen| {
        if let Some(bg) = background {
            pen.rect(0.0, 0.0, w, h, bg);
        }
        let mut title = TextSpec::new(20.0, Anchor::Start);
        title.bold = true;
        pen.text(report.title, MARGIN, MARGIN + 10.0, title, theme.text());
        let line = TextSpec::new(13.0, Anchor::Start);
        pen.text(
            &format!("Time range: {}", report.range_text),
            MARGIN,
            MARGIN + 36.0,
            line,
            theme.text(),
        );
        let vars = if vars.is_empty() {
            "none".to_string()
        } else {
            vars.clone()
        };
        pen.text(
            &format!("Variables: {vars}"),
            MARGIN,
            MARGIN + 56.0,
            line,
            theme.muted(),
        );
    });
    for (i, p) in report.panels.iter().enumerate() {
        let panel = frame::panel_doc(&p.export, &format!("r{i}-"), false);
        let attrs = [("class", "report-panel"), ("aria-label", p.export.title)];
        doc.nest(&panel, MARGIN + p.x, HEADER_H + MARGIN + p.y, &attrs);
    }
    doc.finish(report.title)
}

/// The range as the picker says it and as resolved now: `Last 6 hours (2026-12-07 04:00:00
/// to 2026-12-07 10:00:00)`.
pub fn report_range_text(range: &TimeRange, now_ms: i64, utc_offset_min: i32) -> String {
    let (from, to) = range.resolve(now_ms, utc_offset_min);
    format!(
        "{} ({} to {})",
        range.describe(utc_offset_min),
        format_local(from, utc_offset_min),
        format_local(to, utc_offset_min)
    )
}

/// `label = selected texts` for each variable a user can see (hidden ones are plumbing).
pub fn report_variables(variables: &[Variable]) -> Vec<(String, String)> {
    variables
        .iter()
        .filter(|v| v.hide != VariableHide::Hidden)
        .map(|v| {
            let name = v
                .label
                .clone()
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| v.name.clone());
            (name, v.current.texts.join(", "))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshboard_core::variables::Selection;
    use serde_json::json;

    #[test]
    fn the_range_is_said_as_picked_and_as_resolved() {
        let range = TimeRange::parse("now-6h", "now").unwrap();
        let now = 1_796_637_600_000; // 2026-12-07 10:00 UTC
        let text = report_range_text(&range, now, 0);
        assert_eq!(
            text,
            format!(
                "Last 6 hours ({} to {})",
                format_local(now - 6 * 3_600_000, 0),
                format_local(now, 0)
            )
        );
    }

    #[test]
    fn visible_variables_are_listed_with_their_selection() {
        let mut job =
            Variable::from_json(&json!({"name": "job", "label": "Job", "type": "custom"})).unwrap();
        job.current = Selection {
            texts: vec!["api".into(), "web".into()],
            values: vec![],
        };
        let mut hidden =
            Variable::from_json(&json!({"name": "ds", "type": "custom", "hide": 2})).unwrap();
        hidden.current = Selection {
            texts: vec!["x".into()],
            values: vec![],
        };
        let lines = report_variables(&[job, hidden]);
        assert_eq!(lines, vec![("Job".to_string(), "api, web".to_string())]);
    }
}
