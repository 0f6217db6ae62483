//! What the trace views share about loading from Jaeger: the client from `config.json`, the
//! panel text of a failed call, the state of a view that keeps drawing its last answer while
//! the next one loads, and the sizes they measure.

use leptos::html::Div;
use leptos::prelude::*;

use crate::api::error::{CallError, CallErrorKind};
use crate::api::jaeger::JaegerClient;
use crate::core::config::Config;
use crate::core::load::LoadState;
use crate::ui::query::Query;

/// The Jaeger client of `config.json`; the error says what to configure when there is none.
pub fn jaeger_client() -> Result<JaegerClient, CallError> {
    JaegerClient::from_config(&expect_context::<Config>())
}

/// A failed call as its panel says it: `context: reason`, except a missing datasource, which
/// is not about what was asked and reads as the configuration message alone.
pub fn failure_text(context: &str, error: &CallError) -> String {
    match error.kind {
        CallErrorKind::NotConfigured(_) => error.to_string(),
        _ => format!("{context}: {error}"),
    }
}

/// What a view that redraws in place reports: its `data-state` and the error it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub state: &'static str,
    pub error: Option<String>,
}

/// The [`Shown`] of a query whose view keeps its last answer on screen while the next loads:
/// a refresh does not flash "loading" over a drawn graph or list, so while a request runs the
/// view keeps saying what the last answer said; before the first answer it says "loading".
pub fn shown_while_reloading<T: Clone + 'static>(
    query: Query<T>,
    is_empty: fn(&T) -> bool,
) -> Memo<Shown> {
    Memo::new(move |previous: Option<&Shown>| {
        query.with_state(|state| match state {
            LoadState::Idle | LoadState::Loading => previous.cloned().unwrap_or(Shown {
                state: "loading",
                error: None,
            }),
            LoadState::Ready(data) => Shown {
                state: if is_empty(data) { "empty" } else { "ok" },
                error: None,
            },
            LoadState::Failed(error) => Shown {
                state: "error",
                error: Some(error.to_string()),
            },
        })
    })
}

/// The window's inner height in px, read once: the trace views size themselves when they
/// open, as they always have.
pub fn window_height_once() -> Option<f64> {
    web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
}

/// The timeline's scroll height: most of the window, never less than 300 px.
pub fn timeline_height() -> f64 {
    (window_height_once().unwrap_or(900.0) - 330.0).max(300.0)
}

/// The element's client width less `reserved` px (a label column), measured when it mounts
/// and when the window resizes; widths of 10 px or less (a hidden element) are ignored. Unlike
/// `ui::observe::observe_width` this does not follow other layout changes: the span details
/// opening beside the timeline leave the canvases as they were, as they always have.
pub fn width_on_window_resize(node: NodeRef<Div>, initial: f64, reserved: f64) -> RwSignal<f64> {
    let width = RwSignal::new(initial);
    let measure = move || {
        if let Some(element) = node.get_untracked() {
            let w = f64::from(element.client_width()) - reserved;
            if w > 10.0 && (w - width.get_untracked()).abs() > 0.5 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if node.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    width
}
