//! Pages loaded on demand: the route shows "Loading …" while the page's wasm chunk arrives,
//! then the page; if the chunk cannot be loaded, a message in the page area says which page and
//! why, and the rest of the app keeps working (the load is retried on the next visit).
//! Panel types a dashboard may not have (logs, traces, node graph, text, table, alert list) are chunks too
//! (`panel_chunks`, drawn through `panel`): a dashboard loads only the types it shows. Edit
//! mode and the embed bridge are chunks of code (`code_chunks`), loaded when edit mode is
//! entered or the page is framed.

mod chunks;
mod code_chunks;
mod panel;
mod panel_chunks;
mod prefetch;
mod style;

pub use chunks::{
    Chunk, ALERTS, DASHBOARD_SETTINGS, EXPLORE_LOGS, EXPLORE_METRICS, EXPLORE_TRACES, IMPORT,
    PANEL_EDITOR, SETTINGS, TRACE_DEPENDENCIES,
};
pub use code_chunks::{EDIT_MODE, EMBED};
pub use panel::{chunk_failure_text, lazy_panel, lazy_table_body, BodyCode};
pub use panel_chunks::{PanelArgs, ALERT_LIST, LOGS, NODE_GRAPH, TEXT, TRACES};
pub use prefetch::prefetch_when_idle;

use chunks::PageFn;
use leptos::prelude::*;

/// What a chunk load came to, for the view.
#[derive(Clone)]
enum Loaded {
    Waiting,
    Page(PageFn),
    Failed(String),
}

/// The page of `chunk`, once its code is loaded.
#[component]
pub fn LazyPage(chunk: Chunk) -> impl IntoView {
    let loaded = RwSignal::new(Loaded::Waiting);
    for name in chunk.styles {
        style::attach(name);
    }
    leptos::task::spawn_local(async move {
        let outcome = match (chunk.load)().await {
            Ok(page) => Loaded::Page(page),
            Err(error) => Loaded::Failed(error.to_string()),
        };
        // The route may have been left meanwhile; then there is nothing to show.
        let _ = loaded.try_set(outcome);
    });
    move || {
        match loaded.get() {
        Loaded::Waiting => view! {
            <p class="muted page-loading" data-testid="page-loading" aria-live="polite">"Loading…"</p>
        }
        .into_any(),
        Loaded::Page(page) => page(),
        Loaded::Failed(reason) => view! { <ChunkFailed what=chunk.what reason /> }.into_any(),
    }
    }
}

/// The message for a chunk that did not load: the page area only, never a panic.
#[component]
fn ChunkFailed(what: &'static str, reason: String) -> impl IntoView {
    view! {
        <section class="page chunk-error" data-testid="chunk-error" role="alert">
            <p class="inline-error">
                {format!(
                    "{what} could not be loaded: {reason} (its code file did not arrive or \
                     did not compile; the browser console has the details). Reload to try again."
                )}
            </p>
        </section>
    }
}
