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
use crate::core::dashboard::Panel;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use meshboard_export::{download_name, ExportTheme, PanelExport};

/// Renders a panel to an SVG document; its code is in the chunk.
type PanelSvgFn = for<'a, 'b> fn(&'a PanelExport<'b>) -> String;

#[cfg(meshboard_split)]
#[leptos::wasm_split::wasm_split(panel_svg, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_panel_svg() -> Result<PanelSvgFn, SplitLoaderError> {
    Ok(meshboard_export::render_panel_svg)
}

#[cfg(not(meshboard_split))]
async fn load_panel_svg() -> Result<PanelSvgFn, SplitLoaderError> {
    Ok(meshboard_export::render_panel_svg)
}

/// What a panel hands over to be exported: read when the user asks, not before.
#[derive(Clone)]
pub struct SvgSource {
    pub panel: Panel,
    pub title: Signal<String>,
    pub data: PanelData,
    pub width: Signal<f64>,
    pub height: Signal<f64>,
}

/// The menu's action: loads the exporter (once), draws the panel as it is now and downloads it.
/// Call it in the panel's component (it reads the annotations' context there).
pub fn svg_download(source: SvgSource) -> Callback<()> {
    let annotations = use_context::<PanelAnnotations>();
    Callback::new(move |_| {
        let source = source.clone();
        leptos::task::spawn_local(async move {
            // A failed chunk load leaves the menu as it was: the console says why.
            let Ok(render) = load_panel_svg().await else {
                leptos::logging::warn!("the SVG exporter could not be loaded");
                return;
            };
            let (svg, title) = untrack(|| {
                let result = source.data.result().unwrap_or_default();
                let exemplars = source.data.exemplars();
                let events = annotations.map(|a| a.0.get()).unwrap_or_default();
                let theme = ExportTheme {
                    chart: chart_theme(),
                    mode: page_theme_mode(),
                };
                let title = source.title.get();
                let (width, height) = (source.width.get().max(200.0), source.height.get());
                let export = PanelExport {
                    panel: &source.panel,
                    title: &title,
                    result: &result,
                    exemplars: &exemplars,
                    annotations: &events,
                    hidden_series: &[],
                    width,
                    height,
                    theme: &theme,
                    utc_offset_minutes: crate::ui::clock::utc_offset_min(),
                };
                (render(&export), title)
            });
            let _ = download_text(&download_name(&title, "svg"), &svg, "image/svg+xml");
        });
    })
}
