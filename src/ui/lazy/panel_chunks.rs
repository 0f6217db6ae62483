//! The split points of the panel types a dashboard of time series does not have: logs,
//! traces, node graph, text (markdown), table (with its transformations) and alert list (with
//! the Alertmanager client and readers). Every panel type
//! is reachable from the dashboard route through `PanelView`'s one dispatch, so without these
//! points their views and the core code only they reach (Loki and Jaeger readers, pulldown-cmark
//! and its entity table, the transformations) would sit in the main module. With
//! `--cfg meshboard_split` each point is a `wasm_split` chunk loaded when a dashboard mounts a
//! panel of that type (and on idle); without it they are plain async functions.
//!
//! A point returns a function pointer that builds the panel (or the table's body): `Copy`, so
//! the view keeps it in a signal; once loaded it is remembered, so a panel mounted again (a row
//! opened, an undo) is built at once instead of showing "loading" for a tick.

// `wasm_split` declares the chunk's loader and the function as `extern "C"` / `no_mangle`
// items (the import the split tool rewrites); that is the only unsafe code here.
#![allow(unsafe_code)]

use crate::core::dashboard::{Panel, PanelKind};
use crate::core::variables::VariableScope;
use crate::ui::panels::data::PanelData;
use futures_util::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;

/// What `PanelView` hands a whole panel built in a chunk.
#[derive(Clone)]
pub struct PanelArgs {
    pub panel: Panel,
    pub title: Signal<String>,
    pub scope: Signal<VariableScope>,
    pub visible: Signal<bool>,
    pub height_px: Signal<f64>,
}

/// Builds a whole panel (chrome included); the function lives in the panel type's chunk.
pub type PanelFn = fn(PanelArgs) -> AnyView;
/// Builds a table's body inside the metric panel's chrome, from the panel's data.
pub type TableFn = fn(PanelData, Panel, Signal<f64>) -> AnyView;

/// Fetches a chunk without running it.
pub type Prefetch = fn() -> LocalBoxFuture<'static, Result<(), SplitLoaderError>>;

/// One lazily loaded panel type: its name for messages, its loader and its prefetch.
#[derive(Clone, Copy)]
pub struct PanelChunk<F: 'static> {
    /// The panel type as a sentence starts with it ("The logs panel").
    pub what: &'static str,
    /// The builder if its chunk already arrived (then no await is needed).
    pub loaded: fn() -> Option<F>,
    pub load: fn() -> LocalBoxFuture<'static, Result<F, SplitLoaderError>>,
    pub prefetch: Prefetch,
    /// Stylesheets only this panel type uses, linked when it loads (`ui::lazy::style`).
    pub styles: &'static [&'static str],
}

/// A split point `$chunk` returning `$build` as a `$fn_type`, remembered once loaded, with the
/// stylesheets `$styles` only that type uses.
macro_rules! panel_split_point {
    ($chunk:ident, $load:ident, $prefetch:ident, $fn_type:ident, $build:path, $what:literal, $name:ident, $styles:expr) => {
        #[cfg(meshboard_split)]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($prefetch))]
        fn $load() -> Result<$fn_type, SplitLoaderError> {
            Ok($build)
        }

        #[cfg(not(meshboard_split))]
        async fn $load() -> Result<$fn_type, SplitLoaderError> {
            Ok($build)
        }

        #[cfg(not(meshboard_split))]
        async fn $prefetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }

        /// The builder once its chunk arrived.
        mod $chunk {
            use super::*;
            thread_local!(pub static LOADED: Cell<Option<$fn_type>> = const { Cell::new(None) });
        }

        pub const $name: PanelChunk<$fn_type> = PanelChunk {
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
            styles: $styles,
        };
    };
}

panel_split_point!(
    panel_logs,
    load_panel_logs,
    prefetch_panel_logs,
    PanelFn,
    logs_panel,
    "The logs panel",
    LOGS,
    &[]
);
panel_split_point!(
    panel_traces,
    load_panel_traces,
    prefetch_panel_traces,
    PanelFn,
    traces_panel,
    "The traces panel",
    TRACES,
    &[]
);
panel_split_point!(
    panel_node_graph,
    load_panel_node_graph,
    prefetch_panel_node_graph,
    PanelFn,
    node_graph_panel,
    "The node graph panel",
    NODE_GRAPH,
    &[]
);
panel_split_point!(
    panel_text,
    load_panel_text,
    prefetch_panel_text,
    PanelFn,
    text_panel,
    "The text panel",
    TEXT,
    &[]
);
panel_split_point!(
    panel_table,
    load_panel_table,
    prefetch_panel_table,
    TableFn,
    table_body,
    "The table panel",
    TABLE,
    &["table"]
);

panel_split_point!(
    panel_alertlist,
    load_panel_alertlist,
    prefetch_panel_alertlist,
    PanelFn,
    alertlist_panel,
    "The alert list panel",
    ALERT_LIST,
    &[]
);

/// The panel chunks' prefetches, for the idle prefetch (the most common types first).
pub const PREFETCHES: [Prefetch; 6] = [
    TABLE.prefetch,
    LOGS.prefetch,
    TEXT.prefetch,
    ALERT_LIST.prefetch,
    TRACES.prefetch,
    NODE_GRAPH.prefetch,
];

fn logs_panel(args: PanelArgs) -> AnyView {
    let PanelArgs {
        panel,
        scope,
        visible,
        height_px,
        ..
    } = args;
    view! { <crate::ui::logs::LogsPanel panel scope visible height_px /> }.into_any()
}

fn traces_panel(args: PanelArgs) -> AnyView {
    let PanelArgs {
        panel,
        scope,
        visible,
        height_px,
        ..
    } = args;
    view! { <crate::ui::traces::TracesPanel panel scope visible height_px /> }.into_any()
}

fn node_graph_panel(args: PanelArgs) -> AnyView {
    let PanelArgs {
        panel,
        scope,
        visible,
        height_px,
        ..
    } = args;
    view! { <crate::ui::traces::NodeGraphPanel panel scope visible height_px /> }.into_any()
}

fn text_panel(args: PanelArgs) -> AnyView {
    let PanelArgs {
        panel,
        title,
        scope,
        ..
    } = args;
    let PanelKind::Text { content, mode } = panel.kind else {
        return ().into_any();
    };
    let description = panel.description;
    view! { <crate::ui::panels::text::TextPanel title description content mode scope /> }.into_any()
}

fn alertlist_panel(args: PanelArgs) -> AnyView {
    let PanelArgs {
        panel,
        title,
        visible,
        ..
    } = args;
    let description = panel.description;
    let raw = panel.raw;
    view! { <crate::ui::panels::alertlist::AlertListPanel title description visible raw /> }
        .into_any()
}

fn table_body(data: PanelData, panel: Panel, height_px: Signal<f64>) -> AnyView {
    view! { <crate::ui::panels::table::TableBody data panel height_px /> }.into_any()
}
