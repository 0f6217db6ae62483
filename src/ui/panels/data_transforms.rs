//! The transformations' code as a chunk: core's `transform` (every transformation and the
//! frames) is only needed by a panel that has transformations, so with `--cfg meshboard_split`
//! it is cut out of the main module (as the table's copy is, in the table chunk) and loaded
//! when the first such panel mounts. Without the cfg it is a plain async function.

// `wasm_split` declares the chunk's loader as an `extern "C"` / `no_mangle` item (the import
// the split tool rewrites); that is the only unsafe code here.
#![allow(unsafe_code)]

use crate::core::transform::panel_series::{transformed_series, SeriesShape, TransformedSeries};
use crate::core::transform::QueryFrames;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use serde_json::Value;
use std::cell::Cell;

/// Runs a panel's transformations on its answer (core's `transformed_series`, in the chunk).
pub type TransformFn = for<'a> fn(&QueryFrames<'a>, &Value, SeriesShape) -> TransformedSeries;

#[cfg(meshboard_split)]
#[leptos::wasm_split::wasm_split(panel_transforms, wasm_split_path = ::leptos::wasm_split, fallible)]
fn load_transforms() -> Result<TransformFn, SplitLoaderError> {
    Ok(transformed_series)
}

#[cfg(not(meshboard_split))]
async fn load_transforms() -> Result<TransformFn, SplitLoaderError> {
    Ok(transformed_series)
}

thread_local!(static LOADED: Cell<Option<TransformFn>> = const { Cell::new(None) });

/// The transformations' code: at once when it arrived before, else `None` until it loads;
/// `Err` says why it could not be loaded.
pub fn transform_code() -> RwSignal<Option<Result<TransformFn, String>>> {
    if let Some(code) = LOADED.with(Cell::get) {
        return RwSignal::new(Some(Ok(code)));
    }
    let state = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let outcome = load_transforms().await.map_err(|error| {
            crate::ui::lazy::chunk_failure_text("The transformations", &error.to_string())
        });
        if let Ok(code) = outcome {
            LOADED.with(|cell| cell.set(Some(code)));
        }
        // The panel may have been unmounted meanwhile; then there is nothing to update.
        let _ = state.try_set(Some(outcome));
    });
    state
}
