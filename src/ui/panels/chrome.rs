//! What every panel shares: the root element with the DOM contract (`data-testid="panel"`,
//! `data-state`, `data-series`, `data-points`), title and description, loading/empty/error
//! states, notices, and the panel menu (view, explore, inspect, CSV, PNG).

use super::data::{InspectEntry, LoadState, PanelData};
use crate::core::url_state::ViewState;
use crate::ui::view_state::{use_update_view, use_view_state};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

/// What the menu can do for this panel; absent entries are not offered.
#[derive(Clone, Default)]
pub struct MenuActions {
    /// Dashboard panel id for "view" (full screen via `viewPanel=`).
    pub panel_id: Option<i64>,
    /// The first query, opened by "explore" in `/explore/metrics`.
    pub explore_expr: Option<Signal<Option<String>>>,
    /// CSV text of what the panel shows.
    pub csv: Option<Callback<(), Option<String>>>,
    /// The canvas "download PNG" saves.
    pub png: Option<NodeRef<Canvas>>,
}

/// The panel frame around a body. `series`/`points` are set for chart-like panels.
#[component]
pub fn PanelChrome(
    #[prop(into)] title: Signal<String>,
    description: Option<String>,
    data: Option<PanelData>,
    /// A state that overrides the data's (static panels, local errors).
    #[prop(optional, into)]
    state_override: Option<Signal<Option<LoadState>>>,
    #[prop(optional, into)] error_override: Option<Signal<Option<String>>>,
    #[prop(optional, into)] series: Option<Signal<usize>>,
    #[prop(optional, into)] points: Option<Signal<usize>>,
    #[prop(optional)] actions: MenuActions,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let state = Signal::derive(move || {
        if let Some(s) = state_override.and_then(|s| s.get()) {
            return s;
        }
        data.map_or(LoadState::Ok, |d| d.state.get())
    });
    let error = Signal::derive(move || {
        if let Some(e) = error_override.and_then(|e| e.get()) {
            return Some(e);
        }
        data.and_then(|d| d.error_text())
    });
    let notices = Signal::derive(move || {
        data.and_then(|d| d.result.with(|r| r.as_ref().map(|r| r.notices.clone())))
            .unwrap_or_default()
    });
    let inspect_open = RwSignal::new(false);
    let menu_open = RwSignal::new(false);
    let series_attr = move || series.map(|s| s.get().to_string());
    let points_attr = move || points.map(|p| p.get().to_string());
    let title_text = move || title.get();
    view! {
        <div class=format!("panel {class}") data-testid="panel" data-panel-title=title_text
            data-state=move || state.get().as_str() data-series=series_attr data-points=points_attr>
            <div class="panel-header">
                <span class="panel-title" title=description.clone().unwrap_or_default()>{title_text}</span>
                {description.clone().map(|d| view! { <span class="panel-info" title=d>"ⓘ"</span> })}
                <Show when=move || state.get() == LoadState::Loading>
                    <span class="panel-spinner" data-testid="panel-loading">"loading…"</span>
                </Show>
                <PanelMenu actions=actions.clone() data open=menu_open inspect_open />
            </div>
            <div class="panel-body">
                {children()}
                <Show when=move || state.get() == LoadState::Empty>
                    <div class="panel-empty" data-testid="panel-empty">"No data"</div>
                </Show>
                <Show when=move || state.get() == LoadState::Error>
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

#[component]
fn PanelMenu(
    actions: MenuActions,
    data: Option<PanelData>,
    open: RwSignal<bool>,
    inspect_open: RwSignal<bool>,
) -> impl IntoView {
    let update = use_update_view();
    let view = use_view_state();
    let navigate = use_navigate();
    let MenuActions {
        panel_id,
        explore_expr,
        csv,
        png,
    } = actions;
    let on_view = move |_| {
        if let Some(id) = panel_id {
            update(&|s: &mut ViewState| {
                s.passthrough.retain(|(k, _)| k != "viewPanel");
                s.passthrough.push(("viewPanel".into(), id.to_string()));
            });
        }
        open.set(false);
    };
    let on_explore = move |_| {
        let Some(expr) = explore_expr.and_then(|e| e.get_untracked()) else {
            return;
        };
        let current = view.get_untracked();
        let target = ViewState {
            from: current.from,
            to: current.to,
            theme: current.theme,
            passthrough: vec![("query".into(), expr)],
            ..ViewState::default()
        };
        navigate(
            &format!("/explore/metrics?{}", target.to_query()),
            NavigateOptions::default(),
        );
    };
    let on_csv = move |_| {
        if let Some(text) = csv.and_then(|c| c.run(())) {
            download_text("panel.csv", &text, "text/csv");
        }
        open.set(false);
    };
    let on_png = move |_| {
        if let Some(canvas) = png.and_then(|p| p.get_untracked()) {
            if let Ok(url) = canvas.to_data_url() {
                click_download("panel.png", &url);
            }
        }
        open.set(false);
    };
    view! {
        <div class="panel-menu">
            <button class="panel-menu-button" data-testid="panel-menu" title="Panel menu" on:click=move |_| open.update(|o| *o = !*o)>"⋮"</button>
            <Show when=move || open.get()>
                <div class="panel-menu-list" role="menu">
                    {panel_id.map(|_| view! { <button role="menuitem" data-testid="panel-menu-view" on:click=on_view.clone()>"View"</button> })}
                    {explore_expr.map(|_| view! { <button role="menuitem" data-testid="panel-menu-explore" on:click=on_explore.clone()>"Explore"</button> })}
                    {data.map(|_| view! { <button role="menuitem" data-testid="panel-menu-inspect" on:click=move |_| { inspect_open.set(true); open.set(false); }>"Inspect"</button> })}
                    {csv.map(|_| view! { <button role="menuitem" data-testid="panel-menu-csv" on:click=on_csv>"Download CSV"</button> })}
                    {png.map(|_| view! { <button role="menuitem" data-testid="panel-menu-png" on:click=on_png>"Download PNG"</button> })}
                </div>
            </Show>
        </div>
    }
}

#[component]
fn Inspector(data: Option<PanelData>, on_close: Callback<()>) -> impl IntoView {
    let entries = move || {
        data.and_then(|d| {
            d.result.with(|r| {
                r.as_ref()
                    .map(|r| (r.inspect.clone(), r.notices.clone(), r.total_ms))
            })
        })
        .unwrap_or_default()
    };
    view! {
        <div class="panel-inspect" data-testid="panel-inspect">
            <div class="panel-inspect-head">
                <strong>"Inspect"</strong>
                <button class="btn" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
            {move || {
                let (list, notices, total) = entries();
                view! {
                    <p>{format!("{} request(s), {:.0} ms in all", list.len(), total)}</p>
                    {list.into_iter().map(inspect_row).collect_view()}
                    {(!notices.is_empty()).then(|| view! { <p>"Notices:"</p><ul>{notices.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> })}
                }
            }}
        </div>
    }
}

fn inspect_row(e: InspectEntry) -> impl IntoView {
    let status = e
        .status
        .map_or("no response".to_string(), |s| format!("HTTP {s}"));
    view! {
        <div class="inspect-entry">
            <div><strong>{e.ref_id}</strong>" "{e.method}" "<code>{e.url}</code></div>
            {e.form_body.map(|b| view! { <div>"Form body: "<code>{b}</code></div> })}
            <div>{format!("{status}, {} bytes received, {:.0} ms{}, {} series, {} points", e.bytes, e.elapsed_ms, if e.shared { " (shared with an identical request)" } else { "" }, e.series, e.points)}</div>
            {e.error.map(|m| view! { <div class="inspect-error">{m}</div> })}
        </div>
    }
}

/// Saves text through a Blob and an object URL.
pub fn download_text(filename: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_download(filename, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Clicks a temporary `<a download>`.
pub fn click_download(filename: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", href);
    let _ = a.set_attribute("download", filename);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        if let Some(el) = a.dyn_ref::<web_sys::HtmlElement>() {
            el.click();
        }
        let _ = body.remove_child(&a);
    }
}
