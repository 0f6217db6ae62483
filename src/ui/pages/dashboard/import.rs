//! `/dashboard/import`: paste or upload a Grafana dashboard JSON file. It is kept in this
//! browser only (the versioned store over localStorage when allowed, else for the session),
//! which the page says. Refused links (`javascript:` ...) are dropped on import.

use super::store;
use crate::core::authoring::import_checked;
use crate::core::dashboard_index::DashboardEntry;
use crate::ui::file_pick::{picked_file, read_text};
use crate::ui::pages::dashboard_index::use_dashboard_index;
use crate::ui::view_state::{app_href, carried_query, use_view_state};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn ImportPage() -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let imported = RwSignal::new(store::entries());
    let persistent = store::is_persistent();
    view! {
        <section class="page import-page" data-testid="import-page">
            <h1>"Import dashboard"</h1>
            <p class="import-note" data-testid="import-note">
                {if persistent {
                    "Imported dashboards are kept in this browser only (localStorage): they are not uploaded anywhere, other browsers and people do not see them, and clearing site data removes them. Export them to keep a copy."
                } else {
                    "This browser does not allow storage here: an imported dashboard is kept for this session only and is gone after a reload. Export it to keep a copy."
                }}
            </p>
            <ImportForm error imported />
            {move || error.get().map(|e| view! { <p class="inline-error" data-testid="import-error">{e}</p> })}
            <h2>"Imported dashboards"</h2>
            <ImportedList error imported />
        </section>
    }
}

/// The file picker, the text area and "Import": keeps the dashboard and opens it.
#[component]
fn ImportForm(
    error: RwSignal<Option<String>>,
    imported: RwSignal<Vec<DashboardEntry>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let index = use_dashboard_index();
    let view = use_view_state();
    let navigate = use_navigate();
    let on_file = move |ev: leptos::ev::Event| {
        let Some((name, file_text)) = picked_file(&ev) else {
            return;
        };
        // Reading a picked file is no datasource load: there is nothing to abort or refresh.
        spawn_local(async move {
            match read_text(&name, file_text).await {
                Ok(value) => {
                    text.try_set(value);
                    error.try_set(None);
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let import = move |_| {
        let builtin: Vec<String> = untrack(|| index.entries())
            .into_iter()
            .map(|e| e.uid)
            .collect();
        let kept = match import_checked(&text.get_untracked(), &builtin) {
            Ok((kept, _refused_links)) => kept,
            Err(message) => {
                error.set(Some(message));
                return;
            }
        };
        let dashboard = kept.dashboard;
        if let Err(e) = store::save_import(&dashboard.uid, &kept.json) {
            error.set(Some(format!("Not imported: {e}.")));
            return;
        }
        imported.set(store::entries());
        navigate(
            &format!(
                "/d/{}{}",
                dashboard.uid,
                carried_query(&view.get_untracked())
            ),
            NavigateOptions::default(),
        );
    };
    view! {
        <label class="import-file">"Upload a Grafana JSON file: "
            <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
        </label>
        <textarea class="import-text" data-testid="import-text" rows="16" spellcheck="false"
            placeholder="…or paste the dashboard JSON here (Grafana: Share › Export › Save to file)"
            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
        <div class="import-actions">
            <button class="btn primary" data-testid="import-button" on:click=import>"Import"</button>
        </div>
    }
}

/// The dashboards imported into this browser, each with a link and "Remove".
#[component]
fn ImportedList(
    error: RwSignal<Option<String>>,
    imported: RwSignal<Vec<DashboardEntry>>,
) -> impl IntoView {
    let view = use_view_state();
    let remove = move |uid: String| {
        if let Err(e) = store::remove(&uid) {
            error.set(Some(e.to_string()));
        }
        imported.set(store::entries());
    };
    move || {
        let list = imported.get();
        if list.is_empty() {
            return view! { <p class="muted">"None yet."</p> }.into_any();
        }
        let query = carried_query(&view.get());
        view! {
            <ul class="dashboard-list" data-testid="imported-list">
                {list.into_iter().map(|d| {
                    let uid = d.uid.clone();
                    view! {
                        <li data-testid="imported-item">
                            <A href=format!("{}{}", app_href(&format!("/d/{}", d.uid)), query)>{d.title.clone()}</A>
                            <span class="dash-local">"local"</span>
                            <button class="btn" data-testid="remove-imported" on:click=move |_| remove(uid.clone())>"Remove"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    }
}
