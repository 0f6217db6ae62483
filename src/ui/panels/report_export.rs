//! The dashboard report: the dashboard header's "Report (SVG)" saves one SVG of every panel
//! on the page as laid out on screen, under a header with the time range and the variables'
//! values, for incident write-ups. Panels register what they would export while mounted; the
//! report and plotters come in the `dashboard_report` chunk on the first click.

#![allow(unsafe_code)]

use super::chrome::download::download_text;
use super::svg_export::{export_input, panel_element, SvgSource};
use crate::core::time_range::TimeRange;
use crate::core::variables::Variable;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::cell::RefCell;

thread_local! {
    /// The mounted dashboard panels that can be exported, by registration number.
    static MOUNTED: RefCell<Vec<(u64, SvgSource)>> = const { RefCell::new(Vec::new()) };
    static NEXT: RefCell<u64> = const { RefCell::new(0) };
}

/// Lists the panel in the report while its component lives.
pub fn register_for_report(source: SvgSource) {
    let id = NEXT.with(|n| {
        *n.borrow_mut() += 1;
        *n.borrow()
    });
    MOUNTED.with(|m| m.borrow_mut().push((id, source)));
    on_cleanup(move || MOUNTED.with(|m| m.borrow_mut().retain(|(i, _)| *i != id)));
}

/// What the report is made of when the user asks for it.
pub struct ReportRequest {
    pub title: String,
    pub range: TimeRange,
    pub now_ms: i64,
    pub utc_offset_min: i32,
    pub variables: Vec<Variable>,
    /// Each panel with its place on screen (CSS px, from the page's top left).
    pub panels: Vec<(SvgSource, f64, f64)>,
}

/// Draws the report and downloads it; its code is in the chunk.
type SaveReport = fn(&ReportRequest);

/// Everything only the report does, so the split tool puts it in the chunk.
fn save_report(request: &ReportRequest) {
    let svg = untrack(|| render_report(request));
    let name = meshboard_export::download_name(&format!("{} report", request.title), "svg");
    let _ = download_text(&name, &svg, "image/svg+xml");
}

fn render_report(request: &ReportRequest) -> String {
    use meshboard_export::{render_dashboard_svg, report_range_text, report_variables};
    let inputs: Vec<_> = request
        .panels
        .iter()
        .map(|(s, _, _)| export_input(s))
        .collect();
    let (left, top) = request
        .panels
        .iter()
        .fold((f64::MAX, f64::MAX), |(l, t), (_, x, y)| {
            (l.min(*x), t.min(*y))
        });
    let panels = inputs
        .iter()
        .zip(&request.panels)
        .map(|(input, (_, x, y))| meshboard_export::ReportPanel {
            export: input.export(),
            x: x - left,
            y: y - top,
        })
        .collect();
    let range = report_range_text(&request.range, request.now_ms, request.utc_offset_min);
    let variables = report_variables(&request.variables);
    let theme = super::svg_export::page_export_theme();
    render_dashboard_svg(&meshboard_export::DashboardReport {
        title: &request.title,
        range_text: &range,
        variables: &variables,
        panels,
        theme: &theme,
    })
}

#[cfg(meshboard_split)]
#[leptos::wasm_split::wasm_split(dashboard_report, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_report() -> Result<SaveReport, SplitLoaderError> {
    Ok(save_report)
}

#[cfg(not(meshboard_split))]
async fn load_report() -> Result<SaveReport, SplitLoaderError> {
    Ok(save_report)
}

/// Where a panel is on the page: its panel element's box.
fn place(source: &SvgSource) -> Option<(f64, f64)> {
    let panel = panel_element(source)?;
    let rect = panel.get_bounding_client_rect();
    let scroll = web_sys::window()?.scroll_y().unwrap_or(0.0);
    Some((rect.left(), rect.top() + scroll))
}

/// The header's button: builds the request from `request` (title, range, variables) and the
/// mounted panels, and downloads `<title> report.svg`.
#[component]
pub fn DashboardReportButton(request: Callback<(), ReportRequest>) -> impl IntoView {
    let on_click = move |_| {
        let mut req = request.run(());
        req.panels = MOUNTED.with(|m| {
            m.borrow()
                .iter()
                .filter_map(|(_, s)| place(s).map(|(x, y)| (s.clone(), x, y)))
                .collect()
        });
        leptos::task::spawn_local(async move {
            match load_report().await {
                Ok(save) => save(&req),
                Err(_) => leptos::logging::warn!("the report exporter could not be loaded"),
            }
        });
    };
    view! {
        <button class="btn" data-testid="dashboard-report" title="The whole dashboard as one SVG, with its time range and variables"
            on:click=on_click>"Report (SVG)"</button>
    }
}
