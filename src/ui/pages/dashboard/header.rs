//! The dashboard header: interpolated title, description, tags, links (all following the edit
//! session), where it comes from,
//! "Export JSON", and edit mode's controls (toolbar, save notices, draft banner, conflict
//! dialog: `edit`).

use super::edit::{ConflictDialog, DraftBanner, EditContext, EditNotices, EditToolbar};
use super::export::download_dashboard;
use super::linked_dashboards::LinkedDashboards;
use super::load::Source;
use super::state::DashState;
use crate::core::dashboard::{link_href, Dashboard, DashboardLink, LinkContext};
use crate::core::variables::interpolate_text;
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;

/// Reads the dashboard as edited now, tracking the edit session's changes.
fn edited<T>(state: DashState, editing: EditContext, read: impl FnOnce(&Dashboard) -> T) -> T {
    editing.revision.track();
    state.meta.with_value(read)
}

#[component]
pub fn DashboardHeader(state: DashState, source: Source, editing: EditContext) -> impl IntoView {
    let view = use_view_state();
    // Title, tags and description follow the edit session (settings, JSON model, undo): every
    // change bumps its revision and leaves the edited dashboard in `meta`.
    let title = move || edited(state, editing, |m| m.title.clone());
    let tags = move || edited(state, editing, |m| m.tags.clone());
    let description = move || edited(state, editing, |m| m.description.clone());
    let export_error = RwSignal::new(None::<String>);
    let export = move |_| {
        let current = view.get_untracked();
        let dashboard = state.meta.with_value(|m| {
            let from = current.from.clone().unwrap_or_else(|| m.time.from.clone());
            let to = current.to.clone().unwrap_or_else(|| m.time.to.clone());
            state.dashboard_now(&from, &to, current.refresh.clone())
        });
        export_error.set(download_dashboard(&dashboard).err());
    };
    // The links follow the edit session too (settings, JSON model, undo); a Memo, so a panel
    // move does not draw them again.
    let links = Memo::new(move |_| {
        edited(state, editing, |m| {
            m.links
                .iter()
                .map(|link| (link.clone(), link.as_dropdown))
                .collect::<Vec<_>>()
        })
    });
    // The dashboard report (issue 21): title, range and variables as on screen now.
    let report = Callback::new(move |_| {
        let current = view.get_untracked();
        let range = state.meta.with_value(|m| {
            let from = current.from.clone().unwrap_or_else(|| m.time.from.clone());
            let to = current.to.clone().unwrap_or_else(|| m.time.to.clone());
            crate::core::time_range::TimeRange::parse(&from, &to).ok()
        });
        crate::ui::panels::ReportRequest {
            title: state
                .scope
                .with_untracked(|s| state.meta.with_value(|m| interpolate_text(&m.title, s))),
            range: range.unwrap_or_else(|| {
                crate::core::time_range::TimeRange::parse("now-6h", "now").expect("a valid range")
            }),
            now_ms: crate::ui::clock::now_ms(),
            utc_offset_min: crate::ui::clock::utc_offset_min(),
            variables: state.variables.get_untracked(),
            panels: Vec::new(),
        }
    });
    view! {
        <header class="dash-header" data-testid="dashboard-header">
            <div class="dash-title-line">
                <h1 class="dash-title" data-testid="dashboard-title">{move || { let title = title(); state.scope.with(|s| interpolate_text(&title, s)) }}</h1>
                {(source == Source::Imported).then(|| view! {
                    <span class="dash-local" data-testid="dashboard-local" title="Imported: stored only in this browser">"local"</span>
                })}
                <span class="tags">{move || tags().into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}</span>
                <div class="spacer"></div>
                <EditToolbar ctx=editing />
                <button class="btn" data-testid="export-json" on:click=export>"Export JSON"</button>
                <crate::ui::panels::DashboardReportButton request=report />
            </div>
            <DraftBanner ctx=editing />
            <EditNotices ctx=editing />
            <ConflictDialog ctx=editing />
            {move || description().map(|d| view! { <p class="dash-description muted">{d}</p> })}
            {move || export_error.get().map(|e| view! { <p class="inline-error">{e}</p> })}
            {move || links.with(|links| (!links.is_empty()).then(|| view! {
                <nav class="dash-links" data-testid="dashboard-links">
                    {links.iter().cloned().map(|(link, dropdown)| match link.link_type.as_str() {
                        "dashboards" => view! { <LinkedDashboards state link dropdown /> }.into_any(),
                        _ => view! { <DashLink state link /> }.into_any(),
                    }).collect_view()}
                </nav>
            }))}
        </header>
    }
}

/// A `link` entry: its URL (core's `link_href`: only http(s) or relative, never
/// `javascript:`), with the time range and variables appended when asked. A refused URL
/// keeps its title as text.
#[component]
fn DashLink(state: DashState, link: DashboardLink) -> impl IntoView {
    let view = use_view_state();
    let target = link.target_blank.then_some("_blank");
    // Grafana shows a link's `tooltip` on hover; an attribute value, never markup.
    let tooltip = (!link.tooltip.trim().is_empty()).then(|| link.tooltip.clone());
    let no_url = link.url.as_deref().is_none_or(|u| u.trim().is_empty());
    let label = if link.title.is_empty() {
        link.url.clone().unwrap_or_else(|| "link".into())
    } else {
        link.title.clone()
    };
    let href = move || {
        let (scope, current) = (state.scope.get(), view.get());
        state.variables.with(|variables| {
            let ctx = LinkContext {
                scope: &scope,
                variables,
                view: &current,
                base_path: &crate::api::config::base_path(),
            };
            link_href(&link, &ctx)
        })
    };
    move || {
        match href() {
        Some(href) => view! { <a class="dash-link" href=href target=target rel="noopener noreferrer" title=tooltip.clone()>{label.clone()}</a> }.into_any(),
        // A link just added in the settings has no URL yet: not a refused one.
        None if no_url => view! { <span class="dash-link" data-testid="dashboard-link-no-url">{label.clone()}</span> }.into_any(),
        None => view! { <span class="dash-link refused" data-testid="dashboard-link-refused" title="This link's URL is not http(s) or relative">{label.clone()}</span> }.into_any(),
    }
    }
}
