//! What every panel shares: the root element with the DOM contract (`data-testid="panel"`,
//! `data-state`, `data-series`, `data-points`), title and description, the panel's own time
//! range as Grafana's header shows it ("Last 10 seconds timeshift -1h"), loading/empty/error
//! states, notices, the panel's links, the panel menu and the inspector.

pub mod download;
mod inspector;
mod links;
mod menu;
pub mod table_view;

pub use links::PanelLinks;
pub use menu::MenuActions;

use super::data::PanelData;
use crate::core::load::DataState;
use inspector::Inspector;
use leptos::prelude::*;
use links::PanelLinksMenu;
use menu::PanelMenu;

/// The panel frame around a body. `status` and `error` say what it shows; `data` (panels
/// with queries) adds the notices and the inspector; `series`/`points` are set for panels
/// that draw series.
#[component]
pub fn PanelChrome(
    #[prop(into)] title: Signal<String>,
    description: Option<String>,
    #[prop(into)] status: Signal<DataState>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] data: Option<PanelData>,
    #[prop(optional, into)] series: Option<Signal<usize>>,
    #[prop(optional, into)] points: Option<Signal<usize>>,
    #[prop(optional)] actions: MenuActions,
    #[prop(optional, into)] class: String,
    /// What an empty result says (the panel's `noValue`); "No data" without it.
    #[prop(optional, into)]
    empty_text: Option<String>,
    children: Children,
) -> impl IntoView {
    let error = Signal::derive(move || error.and_then(|e| e.get()));
    let notices = Signal::derive(move || {
        data.and_then(|d| d.with_result(|r| r.map(|r| r.notices.clone())))
            .unwrap_or_default()
    });
    let time_info = Signal::derive(move || data.map(|d| d.time_info()).unwrap_or_default());
    let panel_links = use_context::<PanelLinks>().filter(|l| !l.links.is_empty());
    let inspect_open = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    let series_attr = move || series.map(|s| s.get().to_string());
    let points_attr = move || points.map(|p| p.get().to_string());
    let title_text = move || title.get();
    // The chart names itself after the title and the table view reads its units (issue 19);
    // a metric panel provides it before building its body, which is made before this chrome.
    let a11y =
        use_context::<table_view::PanelA11y>().unwrap_or_else(|| table_view::PanelA11y::new(title));
    provide_context(a11y);
    crate::ui::a11y::status::report_panel_status(status);
    crate::ui::embed::watch_panel_errors(title, status, error);
    view! {
        <div class=format!("panel {class}") data-testid="panel" data-panel-title=title_text
            data-state=move || status.get().as_str() data-series=series_attr data-points=points_attr>
            <div class="panel-header">
                <span class="panel-title" title=description.clone().unwrap_or_default()>{title_text}</span>
                {description.clone().map(|d| view! { <PanelDescription text=d /> })}
                <Show when=move || !time_info.get().is_empty()>
                    <span class="panel-time-info" data-testid="panel-time-info" title="This panel's own time range">
                        <svg class="panel-time-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                            <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"></circle>
                            <path d="M8 4.5V8h3" fill="none" stroke="currentColor" stroke-width="1.5"></path>
                        </svg>{move || time_info.get()}
                    </span>
                </Show>
                <Show when=move || status.get() == DataState::Loading>
                    <span class="panel-spinner" data-testid="panel-loading">"loading…"</span>
                </Show>
                {panel_links.map(|links| view! { <PanelLinksMenu links /> })}
                {data.map(|_| view! { <table_view::TableViewToggle a11y /> })}
                <PanelMenu actions=actions.clone() inspectable=data.is_some() open=menu_open inspect_open />
            </div>
            <div class="panel-body">
                {children()}
                {data.map(|data| view! { <Show when=move || a11y.table_open.get()><table_view::TableView a11y data /></Show> })}
                <Show when=move || status.get() == DataState::Empty>
                    <div class="panel-empty" data-testid="panel-empty">{empty_text.clone().unwrap_or_else(|| "No data".into())}</div>
                </Show>
                <Show when=move || status.get() == DataState::Error>
                    <div class="panel-error" data-testid="panel-error">{move || error.get().unwrap_or_else(|| "error".into())}</div>
                </Show>
            </div>
            <Show when=move || !notices.get().is_empty()>
                <ul class="panel-notices" data-testid="panel-notices">
                    {move || notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </Show>
            <Show when=move || inspect_open.get()>
                <Inspector data on_close=Callback::new(move |_| inspect_open.set(false)) />
            </Show>
        </div>
    }
}

/// The panel's description behind an info icon, as Grafana shows it: the text appears on hover
/// and on keyboard focus (a `title` alone is neither keyboard- nor touch-reachable), and screen
/// readers get it as the icon's name. Drawn as SVG, not a "ⓘ" character, which many system
/// fonts lack (it showed as an empty box).
#[component]
fn PanelDescription(text: String) -> impl IntoView {
    let name = format!("Description: {text}");
    view! {
        <span class="panel-info" tabindex="0" role="img" aria-label=name
            data-testid="panel-description">
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"></circle>
                <path d="M8 7v4.5M8 4.5v.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"></path>
            </svg>
            <span class="panel-info-text" aria-hidden="true">{text}</span>
        </span>
    }
}
