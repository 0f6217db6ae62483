//! A panel whose type's code is in a chunk (`panel_chunks`): the panel's frame says "loading"
//! while the chunk arrives, then the panel is built from it; if the chunk cannot be loaded, that
//! panel shows why in its own body and the other panels of the dashboard are drawn as usual.

use super::panel_chunks::{PanelArgs, PanelChunk, PanelFn, TableFn, TABLE};
use crate::core::dashboard::Panel;
use crate::core::load::DataState;
use crate::ui::panels::chrome::PanelChrome;
use crate::ui::panels::data::PanelData;
use leptos::prelude::*;

/// Where a panel type's chunk load stands.
#[derive(Clone)]
enum Arrival<F> {
    Waiting,
    Ready(F),
    Failed(String),
}

/// The chunk's builder now if it already arrived, else a load started once `wanted` is true (a
/// panel below the fold does not compete with the first charts for the network).
fn arrival<F: Copy + Send + Sync + 'static>(
    chunk: PanelChunk<F>,
    wanted: Signal<bool>,
) -> RwSignal<Arrival<F>> {
    if let Some(build) = (chunk.loaded)() {
        return RwSignal::new(Arrival::Ready(build));
    }
    let state = RwSignal::new(Arrival::Waiting);
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !wanted.get() || started.get_value() {
            return;
        }
        started.set_value(true);
        for name in chunk.styles {
            super::style::attach(name);
        }
        let load = chunk.load;
        leptos::task::spawn_local(async move {
            let outcome = match load().await {
                Ok(build) => Arrival::Ready(build),
                Err(error) => Arrival::Failed(chunk_failure_text(chunk.what, &error.to_string())),
            };
            // The panel may have been unmounted meanwhile; then there is nothing to show.
            let _ = state.try_set(outcome);
        });
    });
    state
}

/// What a chunk that did not load makes the user read (a panel, edit mode).
pub fn chunk_failure_text(what: &str, reason: &str) -> String {
    format!(
        "{what} could not be loaded: {reason} (its code file did not arrive or did not \
         compile; the browser console has the details). Reload to try again."
    )
}

/// A whole panel (logs, traces, node graph, text) built by its type's chunk.
pub fn lazy_panel(chunk: PanelChunk<PanelFn>, args: PanelArgs) -> AnyView {
    let state = arrival(chunk, args.visible);
    let (title, description) = (args.title, args.panel.description.clone());
    (move || match state.get() {
        Arrival::Ready(build) => build(args.clone()),
        Arrival::Waiting => view! {
            <PanelChrome title description=description.clone() status=DataState::Loading class="panel-chunk-loading">
                <div class="panel-fill"></div>
            </PanelChrome>
        }
        .into_any(),
        Arrival::Failed(message) => view! {
            <PanelChrome title description=description.clone() status=DataState::Error
                error=Signal::derive(move || Some(message.clone())) class="panel-chunk-failed">
                // No filling body: the frame's error line is what the panel shows.
                <div class="panel-chunk-failed"></div>
            </PanelChrome>
        }
        .into_any(),
    })
    .into_any()
}

/// Where a body's code stands, for its panel's state: a table whose data arrived before its
/// code is still loading, and one whose code failed is a panel error with the reason.
#[derive(Clone, PartialEq)]
pub enum BodyCode {
    Ready,
    Waiting,
    Failed(String),
}

impl BodyCode {
    /// The panel's state from its data's and this.
    pub fn panel_state(&self, data: DataState) -> DataState {
        match self {
            BodyCode::Failed(_) => DataState::Error,
            BodyCode::Waiting if data != DataState::Error => DataState::Loading,
            _ => data,
        }
    }

    pub fn failure(&self) -> Option<String> {
        match self {
            BodyCode::Failed(message) => Some(message.clone()),
            _ => None,
        }
    }
}

/// A table panel's body (inside the metric panel's frame) built by the table chunk, loaded once
/// the panel is in view (when its queries start); `code` follows the chunk for the frame.
pub fn lazy_table_body(
    data: PanelData,
    panel: Panel,
    height_px: Signal<f64>,
    visible: Signal<bool>,
    code: RwSignal<BodyCode>,
) -> AnyView {
    let state = arrival::<TableFn>(TABLE, visible);
    let follow = move |arrival: &Arrival<TableFn>| match arrival {
        Arrival::Ready(_) => BodyCode::Ready,
        Arrival::Waiting => BodyCode::Waiting,
        Arrival::Failed(message) => BodyCode::Failed(message.clone()),
    };
    code.set(state.with_untracked(follow));
    Effect::new(move |_| code.set(state.with(follow)));
    (move || match state.get() {
        Arrival::Ready(build) => build(data, panel.clone(), height_px),
        Arrival::Waiting => view! { <div class="panel-fill"></div> }.into_any(),
        // The frame shows the reason (`code`); `panels.css` folds the body away so it is seen.
        Arrival::Failed(_) => view! { <div class="panel-chunk-failed"></div> }.into_any(),
    })
    .into_any()
}
