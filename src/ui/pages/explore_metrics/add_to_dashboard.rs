//! Explore's "Add to dashboard" button and dialog (both explore pages): choose a dashboard
//! (the built-in list and those kept in this browser) or name a new one; the query goes on it
//! as a new panel, kept as the dashboard's unsaved draft (as Grafana leaves it unsaved), and
//! the dashboard opens in edit mode over Explore's range for the user to save. Lives in the
//! explore chunks: the dashboard route never loads it.

use crate::core::authoring::{ExploreQuery, ExploreSource};
use crate::ui::pages::dashboard::edit::{add_to_dashboard, ExploreTarget};
use crate::ui::pages::dashboard::store;
use crate::ui::pages::dashboard_index::use_dashboard_index;
use crate::ui::view_state::{carried_query, use_view_state};
use leptos::html::{Button, Select};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The select's value for "a new dashboard".
const NEW: &str = "";

#[component]
pub fn AddToDashboard(source: ExploreSource, query: Signal<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let opener = NodeRef::<Button>::new();
    // Closed, focus goes back to the button that opened the dialog.
    Effect::new(move |was_open: Option<bool>| {
        let now = open.get();
        if was_open == Some(true) && !now {
            if let Some(button) = opener.get_untracked() {
                let _ = button.focus();
            }
        }
        now
    });
    view! {
        <button class="btn" data-testid="explore-add-to-dashboard" aria-haspopup="dialog" node_ref=opener
            prop:disabled=move || query.with(|q| q.trim().is_empty()) on:click=move |_| open.set(true)>
            "Add to dashboard"
        </button>
        <Show when=move || open.get()>
            <AddDialog source query open />
        </Show>
    }
}

#[component]
fn AddDialog(source: ExploreSource, query: Signal<String>, open: RwSignal<bool>) -> impl IntoView {
    let index = use_dashboard_index();
    let view = use_view_state();
    let navigate = use_navigate();
    let choice = RwSignal::new(NEW.to_string());
    let new_title = RwSignal::new("New dashboard".to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let first_field = NodeRef::<Select>::new();
    Effect::new(move |_| {
        if let Some(select) = first_field.get() {
            let _ = select.focus();
        }
    });
    let options = move || {
        let mut all: Vec<(String, String)> = index
            .entries()
            .into_iter()
            .map(|e| (e.uid, e.title))
            .collect();
        for e in store::entries() {
            if !all.iter().any(|(uid, _)| *uid == e.uid) {
                all.push((e.uid, format!("{} (this browser)", e.title)));
            }
        }
        all
    };
    let add = move |_| {
        let state = view.get_untracked();
        let explore = ExploreQuery {
            source,
            expr: query.get_untracked(),
            from: state.from.clone(),
            to: state.to.clone(),
        };
        let target = match choice.get_untracked() {
            uid if uid == NEW => ExploreTarget::New(new_title.get_untracked()),
            uid => ExploreTarget::Existing(uid),
        };
        let taken: Vec<String> = index.entries().into_iter().map(|e| e.uid).collect();
        let carried = carried_query(&state);
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match add_to_dashboard(&explore, &target, &taken).await {
                Ok(uid) => {
                    let query = if carried.is_empty() {
                        String::new()
                    } else {
                        format!("?{carried}")
                    };
                    navigate(&format!("/d/{uid}{query}"), Default::default());
                }
                Err(e) => {
                    let _ = busy.try_set(false);
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };
    view! {
        <div class="edit-backdrop" on:keydown=on_key>
            <div class="edit-dialog explore-add-dialog" role="dialog" aria-modal="true" aria-labelledby="explore-add-title"
                data-testid="explore-add-dialog">
                <h2 id="explore-add-title">"Add to dashboard"</h2>
                <label class="explore-add-field">"Dashboard"
                    <select data-testid="explore-add-target" node_ref=first_field
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        <option value=NEW selected=true>"New dashboard"</option>
                        <For each=options key=|(uid, _)| uid.clone() children=move |(uid, title)| view! {
                            <option value=uid>{title}</option>
                        } />
                    </select>
                </label>
                <Show when=move || choice.with(|c| c == NEW)>
                    <label class="explore-add-field">"Title of the new dashboard"
                        <input data-testid="explore-add-title" prop:value=move || new_title.get()
                            on:input=move |ev| new_title.set(event_target_value(&ev)) />
                    </label>
                </Show>
                {move || error.get().map(|e| view! { <p class="inline-error" role="alert">{e}</p> })}
                <div class="edit-dialog-actions">
                    <button class="btn primary" data-testid="explore-add-confirm" prop:disabled=move || busy.get()
                        on:click=add>"Add and open"</button>
                    <button class="btn" data-testid="explore-add-cancel" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}
