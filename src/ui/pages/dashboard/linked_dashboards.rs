//! A `dashboards` entry of the dashboard's `links`, as Grafana's `DashboardLinksDashboard`
//! draws it: the dashboards carrying its tags (core's `linked_dashboards`, from the built-in
//! index and the imported ones), as a dropdown (`asDropdown`) or a row of links, with the
//! time range and variables when the entry keeps them. The dropdown is a button
//! (`aria-expanded`) over a list of links: opening moves focus to the first, Escape or
//! leaving the list closes it and focus returns to the button.

use super::state::DashState;
use super::store;
use crate::core::dashboard::{linked_dashboards, DashboardLink, LinkContext, LinkedDashboard};
use crate::core::variables::interpolate_text;
use crate::ui::pages::dashboard_index::use_dashboard_index;
use crate::ui::view_state::use_view_state;
use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn LinkedDashboards(state: DashState, link: DashboardLink, dropdown: bool) -> impl IntoView {
    let view = use_view_state();
    let index = use_dashboard_index();
    let current_uid = state.meta.with_value(|m| m.uid.clone());
    let target = link.target_blank.then_some("_blank");
    let title_template = link.title.clone();
    let listed = Memo::new(move |_| {
        let mut entries = index.entries();
        entries.extend(store::entries());
        let (scope, current) = (state.scope.get(), view.get());
        state.variables.with(|variables| {
            let ctx = LinkContext {
                scope: &scope,
                variables,
                view: &current,
                base_path: &crate::api::config::base_path(),
            };
            linked_dashboards(&link, &entries, &current_uid, &ctx)
        })
    });
    let item = move |d: LinkedDashboard| {
        let label = format!("{} dashboard", d.title);
        view! {
            <a class="dash-link" href=d.href target=target rel="noopener noreferrer"
                aria-label=label data-testid="dashboard-link-item">{d.title}</a>
        }
    };
    if !dropdown {
        return view! {
            <span class="dash-links-inline" data-testid="dashboard-links-inline">
                {move || listed.get().into_iter().map(item).collect_view()}
            </span>
        }
        .into_any();
    }
    let title = move || match state.scope.with(|s| interpolate_text(&title_template, s)) {
        t if t.is_empty() => "Dashboards".to_string(),
        t => t,
    };
    let open = RwSignal::new(false);
    let button = NodeRef::<Button>::new();
    let list = NodeRef::<Div>::new();
    // Opening moves focus to the first dashboard, so the list is reachable at once.
    Effect::new(move |_| {
        if open.get() {
            if let Some(first) = list
                .get()
                .and_then(|l| l.query_selector("a").ok().flatten())
            {
                let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    // Focus can leave because a followed link unmounted the page: nothing to close then.
    let close = move |refocus: bool| {
        if open.try_set(false).is_some() {
            return;
        }
        if let Some(b) = refocus.then(|| button.get_untracked()).flatten() {
            let _ = b.focus();
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.stop_propagation();
            close(true);
        }
    };
    // Focus leaving the dropdown (a click elsewhere, Tab past the last link) closes it.
    let on_focus_out = move |ev: web_sys::FocusEvent| {
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .zip(
                ev.current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
            )
            .is_some_and(|(to, root)| root.contains(Some(&to)));
        if !inside {
            close(false);
        }
    };
    view! {
        <div class="dash-links-dropdown" data-testid="dashboard-links-dropdown" on:keydown=on_key on:focusout=on_focus_out>
            <button class="btn dash-links-button" node_ref=button aria-haspopup="true"
                aria-expanded=move || open.get().to_string() data-testid="dashboard-links-button"
                on:click=move |_| open.update(|o| *o = !*o)>
                {title}" ▾"
            </button>
            <Show when=move || open.get()>
                <div class="dash-links-list" node_ref=list data-testid="dashboard-links-list">
                    {move || {
                        let dashboards = listed.get();
                        match dashboards.is_empty() {
                            true => view! { <span class="muted">"No dashboards found"</span> }.into_any(),
                            false => dashboards.into_iter().map(item).collect_view().into_any(),
                        }
                    }}
                </div>
            </Show>
        </div>
    }
    .into_any()
}
