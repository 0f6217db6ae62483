//! The split points: one function per page the first dashboard does not need. Built with
//! `--cfg meshboard_split` (what `cargo xtask dist` sets), each is a `wasm_split` point, so the
//! page and everything only it reaches (the logs explorer and LogQL editor, trace search and
//! timeline, the dependency graph, the PromQL editor, alerts, import, settings) is cut out of
//! the main module into its own `.wasm` chunk. Without the cfg (`trunk serve`, `trunk build`)
//! they are plain functions and the app is one module, as before.
//!
//! A point returns the page's constructor as a function pointer: it is `Copy`, so the view that
//! awaits it can keep it in a signal, and its code stays in the chunk.

// `wasm_split` declares the chunk's loader and the page function as `extern "C"` / `no_mangle`
// items (the import the split tool rewrites); that is the only unsafe code here.
#![allow(unsafe_code)]

use crate::ui::pages::dashboard::panel_editor::PanelEditorPage;
use crate::ui::pages::dashboard::settings::DashboardSettingsPage;
use crate::ui::pages::{
    AlertsPage, ExploreLogsPage, ExploreMetricsPage, ExploreTracesPage, ImportPage, SettingsPage,
    TraceDependenciesPage,
};
use futures_util::future::LocalBoxFuture;
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// Builds a page's view; the function lives in the page's chunk.
pub type PageFn = fn() -> AnyView;

/// One lazily loaded page: what the user calls it, how to load it and how to only fetch it.
#[derive(Clone, Copy)]
pub struct Chunk {
    /// The page as a sentence starts with it ("The logs explorer"), for the failure message.
    pub what: &'static str,
    pub load: fn() -> LocalBoxFuture<'static, Result<PageFn, SplitLoaderError>>,
    pub prefetch: fn() -> LocalBoxFuture<'static, Result<(), SplitLoaderError>>,
    /// Stylesheets only this page uses, linked when it loads (`ui::lazy::style`).
    pub styles: &'static [&'static str],
}

/// A split point named `$chunk` returning `$page`'s constructor, with its prefetch.
macro_rules! split_point {
    ($chunk:ident, $load:ident, $prefetch:ident, $page:ident) => {
        #[cfg(meshboard_split)]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($prefetch))]
        fn $load() -> Result<PageFn, SplitLoaderError> {
            Ok(|| $page().into_any())
        }

        #[cfg(not(meshboard_split))]
        async fn $load() -> Result<PageFn, SplitLoaderError> {
            Ok(|| $page().into_any())
        }

        #[cfg(not(meshboard_split))]
        async fn $prefetch() -> Result<(), SplitLoaderError> {
            Ok(())
        }
    };
}

split_point!(
    explore_logs,
    load_explore_logs,
    prefetch_explore_logs,
    ExploreLogsPage
);
split_point!(
    explore_traces,
    load_explore_traces,
    prefetch_explore_traces,
    ExploreTracesPage
);
split_point!(
    trace_dependencies,
    load_trace_dependencies,
    prefetch_trace_dependencies,
    TraceDependenciesPage
);
split_point!(
    explore_metrics,
    load_explore_metrics,
    prefetch_explore_metrics,
    ExploreMetricsPage
);
split_point!(alerts, load_alerts, prefetch_alerts, AlertsPage);
split_point!(import, load_import, prefetch_import, ImportPage);
split_point!(settings, load_settings, prefetch_settings, SettingsPage);
split_point!(
    dashboard_settings,
    load_dashboard_settings,
    prefetch_dashboard_settings,
    DashboardSettingsPage
);
split_point!(
    panel_editor,
    load_panel_editor,
    prefetch_panel_editor,
    PanelEditorPage
);

pub const EXPLORE_LOGS: Chunk = Chunk {
    what: "The logs explorer",
    load: || Box::pin(load_explore_logs()),
    prefetch: || Box::pin(prefetch_explore_logs()),
    styles: &[],
};
pub const EXPLORE_TRACES: Chunk = Chunk {
    what: "The trace search",
    load: || Box::pin(load_explore_traces()),
    prefetch: || Box::pin(prefetch_explore_traces()),
    styles: &[],
};
pub const TRACE_DEPENDENCIES: Chunk = Chunk {
    what: "The dependency graph",
    load: || Box::pin(load_trace_dependencies()),
    prefetch: || Box::pin(prefetch_trace_dependencies()),
    styles: &[],
};
pub const EXPLORE_METRICS: Chunk = Chunk {
    what: "The metrics explorer",
    load: || Box::pin(load_explore_metrics()),
    prefetch: || Box::pin(prefetch_explore_metrics()),
    styles: &[],
};
pub const ALERTS: Chunk = Chunk {
    what: "The alerts page",
    load: || Box::pin(load_alerts()),
    prefetch: || Box::pin(prefetch_alerts()),
    styles: &[],
};
pub const IMPORT: Chunk = Chunk {
    what: "The import page",
    load: || Box::pin(load_import()),
    prefetch: || Box::pin(prefetch_import()),
    styles: &[],
};
pub const SETTINGS: Chunk = Chunk {
    what: "The settings page",
    load: || Box::pin(load_settings()),
    prefetch: || Box::pin(prefetch_settings()),
    styles: &[],
};
pub const PANEL_EDITOR: Chunk = Chunk {
    what: "The panel editor",
    load: || Box::pin(load_panel_editor()),
    prefetch: || Box::pin(prefetch_panel_editor()),
    styles: &["panel_editor", "panel_editor_options"],
};

/// The dashboard settings views (issue 18), opened from edit mode or an `editview=` URL.
pub const DASHBOARD_SETTINGS: Chunk = Chunk {
    what: "The dashboard settings",
    load: || Box::pin(load_dashboard_settings()),
    prefetch: || Box::pin(prefetch_dashboard_settings()),
    styles: &["dashboard_settings"],
};

/// Every chunk, in the order the idle prefetch fetches them (the most used first).
pub const ALL: [Chunk; 9] = [
    EXPLORE_LOGS,
    EXPLORE_TRACES,
    EXPLORE_METRICS,
    ALERTS,
    TRACE_DEPENDENCIES,
    IMPORT,
    SETTINGS,
    PANEL_EDITOR,
    DASHBOARD_SETTINGS,
];
