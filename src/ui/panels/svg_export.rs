//! "Download SVG" of a panel: the panel drawn by `meshboard_export` (plotters'
//! SVG backend) from the data, annotations, exemplars, size and theme it has on screen now.
//!
//! The exporter and plotters live in their own wasm chunk (`panel_svg`), loaded on the first
//! download, so the first page load never carries them. Built without `--cfg meshboard_split`
//! the split point is a plain async function, as the pages' are (see `ui::lazy::chunks`).

// `wasm_split` declares the chunk's loader and the function as `extern "C"` / `no_mangle`
// items (the import the split tool rewrites); that is the only unsafe code here.
#![allow(unsafe_code)]

use super::annotations::PanelAnnotations;
use super::chrome::download::download_text;
use super::data::PanelData;
use super::timeseries::{chart_theme, page_theme_mode};
use crate::core::annotations::AnnotationEvent;
use crate::core::dashboard::Panel;
use crate::core::panel::QueryResult;
use crate::core::prometheus::ExemplarDot;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use meshboard_export::{download_name, ExportTheme, PanelExport};
use std::sync::Arc;

/// Draws a panel as SVG and downloads it; its code (and everything only it reaches: reading
/// the panel, the exporter, plotters) is in the chunk.
type SavePanelSvg = fn(&SvgSource);

#[cfg(meshboard_split)]
#[leptos::wasm_split::wasm_split(panel_svg, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_panel_svg() -> Result<SavePanelSvg, SplitLoaderError> {
    Ok(save_panel_svg)
}

#[cfg(not(meshboard_split))]
async fn load_panel_svg() -> Result<SavePanelSvg, SplitLoaderError> {
    Ok(save_panel_svg)
}

fn save_panel_svg(source: &SvgSource) {
    let input = export_input(source);
    let svg = meshboard_export::render_panel_svg(&input.export());
    let _ = download_text(&download_name(&input.title, "svg"), &svg, "image/svg+xml");
}

/// What a panel hands over to be exported: read when the user asks, not before.
#[derive(Clone)]
pub struct SvgSource {
    pub panel: Panel,
    pub title: Signal<String>,
    pub data: PanelData,
    pub width: Signal<f64>,
    pub height: Signal<f64>,
    /// The panel body's container (the report finds the panel's place from it).
    pub container: NodeRef<Div>,
    /// The dashboard's events for this panel (read from the context where the panel is made).
    pub annotations: Option<PanelAnnotations>,
}

/// A panel's export read now, owning what [`PanelExport`] borrows.
pub struct ExportInput {
    panel: Panel,
    title: String,
    result: Arc<QueryResult>,
    exemplars: Arc<Vec<ExemplarDot>>,
    events: Vec<AnnotationEvent>,
    width: f64,
    height: f64,
    theme: ExportTheme,
}

impl ExportInput {
    pub fn export(&self) -> PanelExport<'_> {
        PanelExport {
            panel: &self.panel,
            title: &self.title,
            result: &self.result,
            exemplars: &self.exemplars,
            annotations: &self.events,
            hidden_series: &[],
            width: self.width,
            height: self.height,
            theme: &self.theme,
            utc_offset_minutes: crate::ui::clock::utc_offset_min(),
        }
    }
}

/// The page's theme as the export draws it: the canvas' colours and Grafana's palette mode.
pub fn page_export_theme() -> ExportTheme {
    ExportTheme {
        chart: chart_theme(),
        mode: page_theme_mode(),
        palette: crate::ui::a11y::palette::page_palette(),
    }
}

/// What `source` shows now (untracked reads).
pub fn export_input(source: &SvgSource) -> ExportInput {
    // The panel's own box as on screen (the measured width is its body's).
    let rect = panel_element(source).map(|p| p.get_bounding_client_rect());
    untrack(|| ExportInput {
        panel: source.panel.clone(),
        title: source.title.get(),
        result: source.data.result().unwrap_or_default(),
        exemplars: source.data.exemplars(),
        events: source.annotations.map(|a| a.0.get()).unwrap_or_default(),
        width: rect
            .as_ref()
            .map_or_else(|| source.width.get(), |r| r.width())
            .max(200.0),
        height: rect
            .as_ref()
            .map_or_else(|| source.height.get(), |r| r.height()),
        theme: page_export_theme(),
    })
}

/// The panel's root element (`data-testid="panel"`) around the body's container.
pub fn panel_element(source: &SvgSource) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let body: web_sys::Element = source.container.get_untracked()?.unchecked_into();
    body.closest("[data-testid=\"panel\"]").ok()?
}

/// The menu's action: loads the exporter (once), draws the panel as it is now and downloads it.
pub fn svg_download(source: SvgSource) -> Callback<()> {
    Callback::new(move |_| {
        let source = source.clone();
        leptos::task::spawn_local(async move {
            // A failed chunk load leaves the menu as it was: the console says why.
            match load_panel_svg().await {
                Ok(save) => save(&source),
                Err(_) => leptos::logging::warn!("the SVG exporter could not be loaded"),
            }
        });
    })
}
