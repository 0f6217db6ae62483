//! The panel menu: view (full screen), explore (the first query in `/explore/metrics`),
//! inspect, download CSV, download PNG, and in edit mode duplicate and remove; entries a
//! panel cannot offer are left out.

use super::download::{click_download, download_text};
use crate::core::url_state::ViewState;
use crate::ui::pages::dashboard::edit::PanelEditEntries;
use crate::ui::view_state::{use_update_view, use_view_state};
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

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
    /// Draws the panel as SVG and downloads it (`<title>.svg`).
    pub svg: Option<Callback<()>>,
    /// Redraws the chart at twice its size in device pixels and downloads the PNG.
    pub png_2x: Option<Callback<()>>,
}

#[component]
pub fn PanelMenu(
    actions: MenuActions,
    /// Whether "inspect" is offered (panels with queries).
    inspectable: bool,
    open: RwSignal<bool>,
    inspect_open: RwSignal<bool>,
) -> impl IntoView {
    let update = use_update_view();
    let update_for_edit = update.clone();
    let view = use_view_state();
    let navigate = use_navigate();
    let MenuActions {
        panel_id,
        explore_expr,
        csv,
        png,
        svg,
        png_2x,
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
    // Edit: the panel editor at Grafana's URL, `editPanel=<id>` (issue 18).
    let on_edit = move |_| {
        if let Some(id) = panel_id {
            update_for_edit(&|s: &mut ViewState| {
                s.set_passthrough("viewPanel", None);
                s.set_passthrough("editPanel", Some(id.to_string()));
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
    // A refused download leaves nothing to report on a panel: the browser shows nothing either.
    let on_csv = move |_| {
        if let Some(text) = csv.and_then(|c| c.run(())) {
            let _ = download_text("panel.csv", &text, "text/csv");
        }
        open.set(false);
    };
    let on_png = move |_| {
        if let Some(canvas) = png.and_then(|p| p.get_untracked()) {
            if let Ok(url) = canvas.to_data_url() {
                let _ = click_download("panel.png", &url);
            }
        }
        open.set(false);
    };
    // Escape closes the open menu and gives the focus back to its button (issue 19).
    let menu_button = NodeRef::<leptos::html::Button>::new();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = menu_button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="panel-menu" on:keydown=close_on_escape>
            <button class="panel-menu-button" data-testid="panel-menu" title="Panel menu" aria-label="Panel menu" node_ref=menu_button
                aria-haspopup="menu" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>"⋮"</button>
            <Show when=move || open.get()>
                <div class="panel-menu-list" role="menu">
                    {panel_id.map(|_| view! { <button role="menuitem" data-testid="panel-menu-view" on:click=on_view.clone()>"View"</button> })}
                    {panel_id.map(|_| view! { <button role="menuitem" data-testid="panel-menu-edit" on:click=on_edit.clone()>"Edit"</button> })}
                    {explore_expr.map(|_| view! { <button role="menuitem" data-testid="panel-menu-explore" on:click=on_explore.clone()>"Explore"</button> })}
                    {inspectable.then(|| view! { <button role="menuitem" data-testid="panel-menu-inspect" on:click=move |_| { inspect_open.set(true); open.set(false); }>"Inspect"</button> })}
                    {csv.map(|_| view! { <button role="menuitem" data-testid="panel-menu-csv" on:click=on_csv>"Download CSV"</button> })}
                    {png.map(|_| view! { <button role="menuitem" data-testid="panel-menu-png" on:click=on_png>"Download PNG"</button> })}
                    {png_2x.map(|png_2x| view! { <button role="menuitem" data-testid="panel-menu-png-2x" on:click=move |_| { png_2x.run(()); open.set(false); }>"Download PNG (2×)"</button> })}
                    {svg.map(|svg| view! { <button role="menuitem" data-testid="panel-menu-svg" on:click=move |_| { svg.run(()); open.set(false); }>"Download SVG"</button> })}
                    {panel_id.map(|id| view! { <PanelEditEntries id open /> })}
                </div>
            </Show>
        </div>
    }
}
