//! `/`: the dashboard list (built-in and imported into this browser) with text search and tag
//! filters.

use super::dashboard::store;
use super::dashboard_index::use_dashboard_index;
use crate::core::dashboard_index::filter;
use crate::core::load::LoadState;
use crate::ui::view_state::{app_href, carried_query, use_view_state};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let index = use_dashboard_index();
    let view = use_view_state();
    let search = RwSignal::new(String::new());
    let selected_tags = RwSignal::new(Vec::<String>::new());
    // Imported dashboards are read once per visit: they change only on the import page.
    let imported = store::entries();
    let imported_uids: Vec<String> = imported.iter().map(|e| e.uid.clone()).collect();
    let all_imported = imported.clone();
    let all_tags = move || {
        let mut tags: Vec<String> = index
            .entries()
            .into_iter()
            .chain(all_imported.clone())
            .flat_map(|e| e.tags)
            .collect();
        crate::core::sort::sort(&mut tags);
        tags.dedup();
        tags
    };
    let list = move || match index.state() {
        LoadState::Idle | LoadState::Loading => {
            view! { <p class="muted">"Loading dashboards…"</p> }.into_any()
        }
        LoadState::Failed(message) => {
            view! { <p class="inline-error" data-testid="dashboards-error">{message}</p> }
                .into_any()
        }
        LoadState::Ready(mut entries) => {
            entries.extend(imported.iter().cloned());
            let shown: Vec<_> = filter(&entries, &search.get(), &selected_tags.get())
                .into_iter()
                .cloned()
                .collect();
            if shown.is_empty() {
                return view! { <p class="muted">"No dashboard matches."</p> }.into_any();
            }
            let query = carried_query(&view.get());
            view! {
                <ul class="dashboard-list" data-testid="dashboard-list">
                    {shown.into_iter().map(|e| view! {
                        <li data-testid="dashboard-item">
                            <A href=format!("{}{}", app_href(&format!("/d/{}", e.uid)), query)>{e.title.clone()}</A>
                            {imported_uids.contains(&e.uid).then(|| view! { <span class="dash-local" title="Imported: kept in this browser only">"local"</span> })}
                            <span class="tags">{e.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }
    };
    view! {
        <section class="page home-page">
            <h1>"Dashboards"</h1>
            <div class="filters">
                <input class="input" type="search" placeholder="Search dashboards" data-testid="dashboard-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                {move || all_tags().into_iter().map(|tag| {
                    let t = tag.clone();
                    let active = move || selected_tags.get().contains(&t);
                    let toggle_tag = tag.clone();
                    view! {
                        <button class="tag-filter" class:active=active on:click=move |_| selected_tags.update(|tags| {
                            if let Some(i) = tags.iter().position(|x| *x == toggle_tag) { tags.remove(i); } else { tags.push(toggle_tag.clone()); }
                        })>{tag}</button>
                    }
                }).collect_view()}
            </div>
            {list}
        </section>
    }
}
