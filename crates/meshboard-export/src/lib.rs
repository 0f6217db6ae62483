//! Vector export: a panel, or a whole dashboard, drawn to an SVG document with plotters' SVG
//! backend, for postmortems and reports (sharp at any size, text selectable).
//!
//! It draws from what the canvas draws from: the panel's [`QueryResult`] frame, its field
//! config resolved per series by the core (`resolve_panel_series`, `series_chart_spec`), and
//! the core's view models (the chart's [`ChartModel`](meshboard_core::chart::ChartModel)
//! geometry, the legend model, `SinglePanel` values, heatmap cells, state-timeline runs). Only
//! the painting differs: plotters' SVG elements instead of canvas calls. Pure: no browser crate,
//! so it is tested on the host and the app loads it in a split chunk on demand.

mod frame;
mod grids;
mod report;
mod single;
mod svg;
mod theme;
mod timeseries;

pub use report::{
    render_dashboard_svg, report_range_text, report_variables, DashboardReport, ReportPanel,
};
pub use svg::{FONT_FAMILY, UNITS_PER_PX};
pub use theme::{css_paint, ExportTheme};

use meshboard_core::annotations::AnnotationEvent;
use meshboard_core::dashboard::{Panel, PanelKind};
use meshboard_core::panel::QueryResult;
use meshboard_core::prometheus::ExemplarDot;

/// One panel to export, as it is on screen.
#[derive(Debug, Clone, Copy)]
pub struct PanelExport<'a> {
    pub panel: &'a Panel,
    /// The title as shown (variables interpolated).
    pub title: &'a str,
    pub result: &'a QueryResult,
    /// The exemplar dots the chart shows.
    pub exemplars: &'a [ExemplarDot],
    /// The dashboard's annotation events for this panel.
    pub annotations: &'a [AnnotationEvent],
    /// Series the legend hides (frame indices).
    pub hidden_series: &'a [usize],
    /// The panel's size on screen, CSS px.
    pub width: f64,
    pub height: f64,
    pub theme: &'a ExportTheme,
    /// The time axis reads this many minutes east of UTC (the page's clock).
    pub utc_offset_minutes: i32,
}

/// The panel as a standalone SVG document.
pub fn render_panel_svg(export: &PanelExport) -> String {
    frame::panel_doc(export, "p-", true).finish(export.title)
}

/// A file name for `title` with extension `ext`: characters file systems refuse become `_`,
/// and an empty title is "panel".
pub fn download_name(title: &str, ext: &str) -> String {
    let cleaned: String = title
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let stem = if cleaned.is_empty() { "panel" } else { cleaned };
    format!("{stem}.{ext}")
}

/// The panel kinds drawn as vector graphics; others get their title and a note.
pub fn exportable(kind: &PanelKind) -> bool {
    matches!(
        kind,
        PanelKind::TimeSeries
            | PanelKind::Stat
            | PanelKind::Gauge
            | PanelKind::BarGauge
            | PanelKind::Heatmap
            | PanelKind::StateTimeline
    )
}

#[cfg(test)]
mod tests {
    use super::download_name;

    #[test]
    fn download_names_are_safe_file_names() {
        assert_eq!(download_name("CPU usage", "svg"), "CPU usage.svg");
        assert_eq!(download_name("a/b: <c>?", "svg"), "a_b_ _c__.svg");
        assert_eq!(download_name("  ..  ", "png"), "panel.png");
    }
}
