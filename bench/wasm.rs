//! The benchmark page's wasm entry: exposes Meshboard's real chart engine, Prometheus parser,
//! logs list and trace timeline to bench/harness.js, which times them (next to uPlot and
//! `JSON.parse` where there is something to compare with) in one page. The synthetic logs and
//! traces are generated here, so none of it reaches the app's bundle.

#[cfg(target_arch = "wasm32")]
mod chart;
#[cfg(target_arch = "wasm32")]
mod logs;
#[cfg(target_arch = "wasm32")]
mod traces;

/// Bytes of wasm linear memory now.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    use wasm_bindgen::JsCast;
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| b.byte_length() as f64)
                .unwrap_or(0.0)
        })
        .unwrap_or(0.0)
}

fn main() {}
