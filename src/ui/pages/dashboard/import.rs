//! `/dashboard/import`: paste or upload a Grafana dashboard JSON file. It is kept in this
//! browser only (localStorage when allowed, else for the session), which the page says.

use super::store::{self, StoredDashboard};
use crate::core::dashboard::{export_dashboard, import_uid, Dashboard};
use crate::ui::file_pick::{picked_file, read_text};
use crate::ui::pages::dashboard_index::use_dashboard_index;
use crate::ui::view_state::{carried_query, use_view_state};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

#[component]
pub fn ImportPage() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let imported = RwSignal::new(store::list());
    let index = use_dashboard_index();
    let view = use_view_state();
    let navigate = use_navigate();
    let persistent = store::is_persistent();

    let on_file = move |ev: leptos::ev::Event| {
        let Some((name, file_text)) = picked_file(&ev) else {
            return;
        };
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
        let source = text.get_untracked();
        if source.trim().is_empty() {
            error.set(Some(
                "Paste a dashboard JSON or choose a file first.".to_string(),
            ));
            return;
        }
        let mut dashboard = match Dashboard::parse(&source) {
            Ok(d) => d,
            Err(e) => {
                error.set(Some(format!("This is not a Grafana dashboard: {e}")));
                return;
            }
        };
        let builtin: Vec<String> = index
            .0
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.uid)
            .collect();
        dashboard.uid = import_uid(&dashboard.uid, &dashboard.title, &builtin);
        let json = match serde_json::to_string(&export_dashboard(&dashboard)) {
            Ok(json) => json,
            Err(e) => {
                error.set(Some(format!("The dashboard could not be stored: {e}")));
                return;
            }
        };
        let stored = StoredDashboard {
            uid: dashboard.uid.clone(),
            title: dashboard.title.clone(),
            tags: dashboard.tags.clone(),
            json,
        };
        if let Err(e) = store::save(stored) {
            error.set(Some(format!("Imported, but {e}.")));
        }
        imported.set(store::list());
        navigate(
            &format!(
                "/d/{}{}",
                dashboard.uid,
                carried_query(&view.get_untracked())
            ),
            NavigateOptions::default(),
        );
    };

    let remove = move |uid: String| {
        if let Err(e) = store::remove(&uid) {
            error.set(Some(e));
        }
        imported.set(store::list());
    };

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
            <label class="import-file">"Upload a Grafana JSON file: "
                <input type="file" accept=".json,application/json" data-testid="import-file" on:change=on_file />
            </label>
            <textarea class="import-text" data-testid="import-text" rows="16" spellcheck="false"
                placeholder="…or paste the dashboard JSON here (Grafana: Share › Export › Save to file)"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            <div class="import-actions">
                <button class="btn primary" data-testid="import-button" on:click=import>"Import"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="inline-error" data-testid="import-error">{e}</p> })}
            <h2>"Imported dashboards"</h2>
            {move || {
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
                                    <A href=format!("{}{}", crate::ui::view_state::app_href(&format!("/d/{}", d.uid)), query)>{d.title.clone()}</A>
                                    <span class="dash-local">"local"</span>
                                    <button class="btn" data-testid="remove-imported" on:click=move |_| remove(uid.clone())>"Remove"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
