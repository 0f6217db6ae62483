//! Mounting the virtualized list of lines on its own, outside the logs view, for the benchmark
//! page (`bench/wasm.rs` times it with synthetic lines). The app never calls this, so the
//! release build drops it.

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;

use super::list::LogList;
use crate::core::logs_view::rows::all_rows;
use crate::core::loki::LogTable;

/// A mounted list; dropping it unmounts the list and disposes its reactive state.
pub type MountedLogList = UnmountHandle<AnyViewState>;

/// Mounts the list as the logs view shows it (times on, no wrap, no dedup, no line filter)
/// into `parent`, `height_px` tall.
pub fn mount_log_list(
    parent: web_sys::HtmlElement,
    table: LogTable,
    height_px: f64,
) -> MountedLogList {
    mount_to(parent, move || {
        // Same display rows as the view builds without dedup.
        let rows = table.len();
        let table = RwSignal::new(table);
        let display = Memo::new(move |_| all_rows(rows));
        view! {
            <LogList table generation=RwSignal::new(0) display filters=Memo::new(|_| Vec::new())
                wrap=RwSignal::new(false) show_time=RwSignal::new(true)
                list_height=Signal::stored(height_px) on_select=Callback::new(|_| {})
                reset_scroll=Signal::stored(0) selected=Signal::stored(None) />
        }
        .into_any()
    })
}
