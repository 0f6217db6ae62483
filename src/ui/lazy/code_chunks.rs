//! Split points for code the first paint of a dashboard does not run: edit mode (its controls,
//! gestures, undo, save and draft writing, with the core authoring code only they reach) and
//! the embed bridge (postMessage protocol, events to the host page). Each returns a table of
//! function pointers built in the chunk (`edit::edit_code`, `embed::embed_code`); the main
//! module keeps only the small parts that decide when to load them (edit mode entered, a draft
//! to offer, an `editPanel`/`editview` URL; the page being framed by an allowed origin).
//! Without `--cfg meshboard_split` they are plain async functions, as the other split points.

// `wasm_split` declares the chunk's loader and the function as `extern "C"` / `no_mangle`
// items (the import the split tool rewrites); that is the only unsafe code here.
#![allow(unsafe_code)]

use super::panel_chunks::PanelChunk;
use crate::ui::embed::EmbedCode;
use crate::ui::pages::dashboard::edit::EditCode;
use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;

/// A split point `$chunk` returning the table `$build()` of type `$ty`, remembered once loaded.
macro_rules! code_split_point {
    ($chunk:ident, $load:ident, $prefetch:ident, $ty:ident, $build:path, $what:literal, $name:ident) => {
        #[cfg(meshboard_split)]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($prefetch))]
        fn $load() -> Result<$ty, SplitLoaderError> {
            Ok($build())
        }

        #[cfg(not(meshboard_split))]
        async fn $load() -> Result<$ty, SplitLoaderError> {
            Ok($build())
        }

        #[cfg(not(meshboard_split))]
        async fn $prefetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }

        /// The table once its chunk arrived.
        mod $chunk {
            use super::*;
            thread_local!(pub static LOADED: Cell<Option<$ty>> = const { Cell::new(None) });
        }

        pub const $name: PanelChunk<$ty> = PanelChunk {
            what: $what,
            loaded: || $chunk::LOADED.with(Cell::get),
            load: || {
                Box::pin(async {
                    let built = $load().await?;
                    $chunk::LOADED.with(|cell| cell.set(Some(built)));
                    Ok(built)
                })
            },
            prefetch: || Box::pin($prefetch()),
            styles: &[],
        };
    };
}

code_split_point!(
    edit_mode,
    load_edit_mode,
    prefetch_edit_mode,
    EditCode,
    crate::ui::pages::dashboard::edit::edit_code,
    "Edit mode",
    EDIT_MODE
);
code_split_point!(
    embed,
    load_embed,
    prefetch_embed,
    EmbedCode,
    crate::ui::embed::embed_code,
    "The embed bridge",
    EMBED
);
