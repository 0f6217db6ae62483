//! The dashboard report: one SVG of the whole dashboard for an incident write-up, a header with
//! the dashboard's title, its time range (as written and as resolved) and its variables'
//! values, then every panel at its place on the grid, each drawn as [`render_panel_svg`]
//! draws it.
//!
//! [`render_panel_svg`]: crate::render_panel_svg

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
        let panel = frame::panel_doc(&p.export, &format!("r{i}-"));
        let attrs = [("class", "report-panel"), ("aria-label", p.export.title)];
        doc.nest(&panel, MARGIN + p.x, HEADER_H + MARGIN + p.y, &attrs);
    }
    doc.finish(report.title)
}
