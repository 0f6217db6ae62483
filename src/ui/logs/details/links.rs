//! The details' links: the line's trace, and each derived field's value (in-app links keep the
//! time range and theme; other http(s) links open a new tab; other schemes stay text).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::logs_view::details::{derived_link, trace_path, DerivedLink};
use crate::core::loki::DerivedValue;
use crate::ui::view_state::{app_href, carried_query, use_view_state};

/// The query string in-app links carry (tracked).
fn use_carried() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let view_state = use_view_state();
    move || carried_query(&view_state.get())
}

#[component]
pub(super) fn TraceLink(id: String) -> impl IntoView {
    let carried = use_carried();
    let href = app_href(&trace_path(&id));
    view! {
        <p class="logs-trace">"Trace: "
            <A href=move || format!("{href}{}", carried()) attr:data-testid="trace-link" attr:class="trace-link">{id}</A>
        </p>
    }
}

#[component]
pub(super) fn DerivedLinks(values: Vec<DerivedValue>) -> impl IntoView {
    let carried = use_carried();
    values.into_iter().map(|value| {
        let label = format!("{}: {}", value.name, value.value);
        match derived_link(&value) {
            DerivedLink::AppUrl(url) => {
                view! { <p class="logs-derived"><A href=move || format!("{url}{}", carried()) attr:data-testid="derived-link">{label}</A></p> }.into_any()
            }
            DerivedLink::External(url) => {
                view! { <p class="logs-derived"><a href=url data-testid="derived-link" target="_blank" rel="noopener noreferrer">{label}</a></p> }.into_any()
            }
            DerivedLink::Text => view! { <p class="logs-derived">{label}</p> }.into_any(),
            DerivedLink::Trace(path) => {
                let href = app_href(&path);
                view! { <p class="logs-derived"><A href=move || format!("{href}{}", carried()) attr:data-testid="derived-link">{label}</A></p> }.into_any()
            }
        }
    }).collect_view()
}
