//! Opening a trace in the canvas timeline on its own, outside the trace page, for the
//! benchmark page (`bench/wasm.rs` times it with synthetic traces). The app never calls this,
//! so the release build drops it.

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;

use std::sync::Arc;

use super::timeline::Timeline;
use crate::core::trace::{Trace, TraceModel};

/// A mounted timeline; dropping it unmounts it and disposes its reactive state.
pub type MountedTimeline = UnmountHandle<AnyViewState>;

/// What the trace page does when a trace arrives: derives the model (tree, summary, critical
/// path, colours) and mounts the timeline, `height_px` tall, into `parent`.
pub fn mount_timeline(
    parent: web_sys::HtmlElement,
    trace: Trace,
    height_px: f64,
) -> MountedTimeline {
    let model = Arc::new(TraceModel::new(trace));
    mount_to(parent, move || {
        view! {
            <Timeline model matches=Signal::stored(None) selected=RwSignal::new(None)
                height=Signal::stored(height_px) />
        }
        .into_any()
    })
}
