//! The pinned tooltip's footer: the data links (`fieldConfig` `links`, overrides applied) of
//! the hovered series, interpolated by core's `resolve_data_link` for that series' point:
//! its labels, value, time, the page's range and the dashboard's variables. A URL that is
//! not http(s), mailto or relative stays as text, never a link.

use super::tooltip::TooltipSource;
use crate::chart::HoverSeries;
use crate::core::dashboard::{
    data_links, point_link_value, resolve_data_link, LinkPage, ResolvedLink,
};
use crate::core::frame::Labels;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::panels::chrome::PanelLinks;
use crate::ui::view_state::{use_time_range, use_view_state};
use leptos::prelude::*;

#[component]
pub fn TooltipLinks(series: HoverSeries, source: TooltipSource) -> impl IntoView {
    let view = use_view_state();
    let time = use_time_range();
    // The panel's variables (a repeated panel's own value included), as its links see them.
    let scope = use_context::<PanelLinks>().map(|l| l.scope);
    let links = move || {
        let Some(config) = source.resolved.with(|r| r.get(series.index).cloned()) else {
            return Vec::new();
        };
        let links = data_links(&config.links);
        if links.is_empty() {
            return Vec::new();
        }
        let labels: Labels = source.data.with_result(|r| {
            r.and_then(|r| r.frame.series.get(series.index))
                .map(|s| s.labels.clone())
                .unwrap_or_default()
        });
        let scope = scope.map(|s| s.get()).unwrap_or_default();
        let current = view.get();
        let range_ms = time.with(|(range, _)| range.resolve(now_ms(), utc_offset_min()));
        let base_path = crate::api::config::base_path();
        let page = LinkPage {
            scope: &scope,
            view: &current,
            range_ms,
            base_path: &base_path,
        };
        let panel_unit = source.unit.get();
        let unit = match series.unit.is_empty() {
            true => (panel_unit.0.as_str(), panel_unit.1),
            false => (series.unit.as_str(), series.decimals),
        };
        let value = point_link_value(
            &labels,
            &config.display_name,
            series.time_ms,
            series.value,
            unit,
        );
        links
            .iter()
            .map(|l| resolve_data_link(l, &value, &page))
            .collect::<Vec<_>>()
    };
    let name = series.name.clone();
    // The sample the links were made for, for tests comparing with the backend's answer.
    let sample_time = series.time_ms.to_string();
    move || {
        let links = links();
        (!links.is_empty()).then(|| view! {
            <div class="ts-tooltip-links" role="group" aria-label=format!("Links for {name}") data-testid="tooltip-links" data-time=sample_time.clone()>
                {links.into_iter().map(link_view).collect_view()}
            </div>
        })
    }
}

fn link_view(link: ResolvedLink) -> AnyView {
    match link.href {
        Some(href) => view! {
            <a class="ts-tooltip-link" href=href target=link.target_blank.then_some("_blank")
                rel="noopener noreferrer" data-testid="tooltip-link">{link.title}</a>
        }
        .into_any(),
        None => view! {
            <span class="ts-tooltip-link refused" data-testid="tooltip-link-refused"
                title="This link's URL is not http(s) or relative">{link.title}</span>
        }
        .into_any(),
    }
}
