//! "Download PNG (2×)" of a time series: the chart drawn again by the same engine on a canvas
//! of its own at twice the on-screen size in device pixels (a HiDPI picture whatever the
//! screen), not the on-screen canvas scaled up.
//!
//! A rasterised SVG would be simpler, but the strict CSP (`default-src 'self'`) forbids images
//! from `blob:` and `data:` URLs, so the SVG cannot be drawn into a canvas.

use super::chrome::download::click_download;
use super::data::PanelData;
use super::timeseries::chart_theme;
use crate::chart::{ChartSpec, TimeSeriesChart};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Device pixels per CSS pixel of the download.
const SCALE: f64 = 2.0;

/// The menu's action: redraws the chart shown in `on_screen` at 2× and downloads it as
/// `filename`.
pub fn png_2x_download(
    data: PanelData,
    spec: Signal<ChartSpec>,
    on_screen: NodeRef<Canvas>,
    filename: Signal<String>,
) -> Callback<()> {
    Callback::new(move |_| {
        let drawn = untrack(|| {
            let shown = on_screen.get()?;
            let result = data.result()?;
            let (w, h) = (
                f64::from(shown.client_width()),
                f64::from(shown.client_height()),
            );
            let canvas = detached_canvas()?;
            let mut chart = TimeSeriesChart::new(canvas.clone(), detached_canvas()?).ok()?;
            let mut spec = spec.get();
            spec.y_include = data.exemplars().iter().map(|dot| dot.value).collect();
            chart.set_spec(spec);
            chart.set_data(result.frame.clone(), result.range());
            chart.set_series_names(result.names.clone());
            chart.resize(w, h, SCALE);
            chart.draw(&chart_theme());
            canvas.to_data_url().ok()
        });
        if let Some(png) = drawn {
            let _ = click_download(&filename.get_untracked(), &png);
        }
    })
}

fn detached_canvas() -> Option<web_sys::HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}
