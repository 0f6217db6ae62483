//! A panel's own links, as Grafana's panel header offers them: a link button that opens the
//! list (one link is still a list, so the header stays the same size). Each URL is core's
//! [`panel_link_href`]: variables and Grafana's link variables replaced, only http(s),
//! mailto or relative. The dashboard provides the links per panel as context, so every panel
//! kind's chrome shows them without each body passing them on.

use crate::core::dashboard::{panel_link_href, panel_link_title, LinkPage, PanelLink};
use crate::core::variables::VariableScope;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::view_state::{use_time_range, use_view_state};
use leptos::prelude::*;

/// The links of the panel being drawn, with the scope their URLs are interpolated in.
#[derive(Clone)]
pub struct PanelLinks {
    pub links: Vec<PanelLink>,
    pub scope: Signal<VariableScope>,
}

#[component]
pub fn PanelLinksMenu(links: PanelLinks) -> impl IntoView {
    let open = RwSignal::new(false);
    let view = use_view_state();
    let time = use_time_range();
    let PanelLinks { links, scope } = links;
    let items = move || {
        let (scope, current) = (scope.get(), view.get());
        // `${__from}`/`${__to}`: the range as the panel's queries resolve it now.
        let range_ms = time.with(|(range, _)| range.resolve(now_ms(), utc_offset_min()));
        let base_path = crate::api::config::base_path();
        let page = LinkPage {
            scope: &scope,
            view: &current,
            range_ms,
            base_path: &base_path,
        };
        links
            .iter()
            .map(|link| {
                let href = panel_link_href(link, &page);
                let target = link.target_blank.then_some("_blank");
                let title = panel_link_title(link, &scope);
                match href {
                    Some(href) => view! {
                        <a role="menuitem" href=href target=target rel="noopener noreferrer" data-testid="panel-link">{title}</a>
                    }
                    .into_any(),
                    // A link whose URL is refused keeps its title, greyed, so it is not lost.
                    None => view! {
                        <span class="panel-link-refused" data-testid="panel-link-refused" title="This link's URL is not http(s) or relative">{title}</span>
                    }
                    .into_any(),
                }
            })
            .collect_view()
    };
    view! {
        <div class="panel-menu panel-links">
            <button class="panel-menu-button" data-testid="panel-links-button" aria-label="Panel links"
                aria-haspopup="menu" aria-expanded=move || open.get().to_string() title="Panel links"
                on:click=move |_| open.update(|o| *o = !*o)>
                <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                    <path d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.5 2.5 0 013.5 3.5L10.5 8M9 11.5l-1.2 1.2a2.5 2.5 0 01-3.5-3.5L5.5 8"
                        fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"></path>
                </svg>
            </button>
            <Show when=move || open.get()>
                <div class="panel-menu-list" role="menu" data-testid="panel-links">{items.clone()}</div>
            </Show>
        </div>
    }
}
