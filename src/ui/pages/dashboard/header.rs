//! The dashboard header: interpolated title, description, tags, links, where it comes from,
//! and "Export JSON".

use super::export::download_dashboard;
use super::load::Source;
use super::state::DashState;
use crate::core::dashboard::DashboardLink;
use crate::core::url_state::{percent_encode, ViewState};
use crate::core::variables::{interpolate_text, url_params};
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;

#[component]
pub fn DashboardHeader(state: DashState, source: Source) -> impl IntoView {
    let view = use_view_state();
    let meta = state.meta.get_value();
    let title = meta.title.clone();
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
    let links = meta.links.clone();
    view! {
        <header class="dash-header" data-testid="dashboard-header">
            <div class="dash-title-line">
                <h1 class="dash-title" data-testid="dashboard-title">{move || state.scope.with(|s| interpolate_text(&title, s))}</h1>
                {(source == Source::Imported).then(|| view! {
                    <span class="dash-local" data-testid="dashboard-local" title="Imported: stored only in this browser">"local"</span>
                })}
                <span class="tags">{meta.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</span>
                <div class="spacer"></div>
                <button class="btn" data-testid="export-json" on:click=export>"Export JSON"</button>
            </div>
            {meta.description.clone().map(|d| view! { <p class="dash-description muted">{d}</p> })}
            {move || export_error.get().map(|e| view! { <p class="inline-error">{e}</p> })}
            {(!links.is_empty()).then(|| view! {
                <nav class="dash-links">
                    {links.iter().cloned().map(|link| view! { <DashLink state link /> }).collect_view()}
                </nav>
            })}
        </header>
    }
}

/// A `links` entry: a URL (only http(s) or relative, never `javascript:`), with the time range
/// and variables appended when asked; a `dashboards` entry links to the list filtered by tag.
#[component]
fn DashLink(state: DashState, link: DashboardLink) -> impl IntoView {
    let view = use_view_state();
    let title = link.title.clone();
    let link_target_blank = link.target_blank;
    let fallback_label = link.url.clone().unwrap_or_else(|| "link".into());
    let href = move || {
        let scope = state.scope.get();
        let current = view.get();
        let base = match (&link.url, link.link_type.as_str()) {
            (Some(url), "link") => interpolate_text(url, &scope),
            _ => format!(
                "{}?search={}",
                crate::api::config::base_path() + "/",
                percent_encode(&link.tags.join(" "))
            ),
        };
        if !is_safe_url(&base) {
            return None;
        }
        let mut extra = ViewState::default();
        if link.keep_time {
            extra.from = current.from.clone();
            extra.to = current.to.clone();
        }
        let mut query = extra.to_query();
        if link.include_vars {
            let vars = state.variables.with(|v| url_params(v));
            for (key, value) in vars {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&format!(
                    "{}={}",
                    percent_encode(&key),
                    percent_encode(&value)
                ));
            }
        }
        Some(match (query.is_empty(), base.contains('?')) {
            (true, _) => base,
            (false, true) => format!("{base}&{query}"),
            (false, false) => format!("{base}?{query}"),
        })
    };
    let target = link_target_blank.then_some("_blank");
    let label = if title.is_empty() {
        fallback_label
    } else {
        title
    };
    view! { <a class="dash-link" href=href target=target rel="noopener noreferrer">{label}</a> }
}

fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash means a scheme: allow only web ones.
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('?') => {
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}
