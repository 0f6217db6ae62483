//! The dashboard grid: panels placed by `gridPos` (core layout maths: 24 columns, 30 px row
//! units, one column below 768 px), rows that collapse, repeats expanded per variable value,
//! and lazy loading as panels scroll into view. Panels keep their identity (keyed by id and
//! repeat value) across re-layouts, so resizing or collapsing never re-queries them.

use super::state::DashState;
use crate::core::dashboard::{
    content_height, expand_repeats, layout_panels, toggle_row, Panel, PanelKind, PanelRect,
};
use crate::core::variables::{interpolate_text, VariableScope};
use crate::ui::observe::{latch_visible, observe_width, window_width};
use crate::ui::panels::PanelView;
use leptos::html::Div;
use leptos::prelude::*;

/// A panel's identity on the grid: repeat clones share the id but not their value.
fn panel_key(panel: &Panel) -> String {
    let mut key = panel.id.to_string();
    for (name, value) in &panel.scoped_vars {
        key.push_str(&format!("|{name}={value}"));
    }
    key
}

/// The scope a panel interpolates with: the shared one, plus a repeat clone's own value.
pub fn panel_scope(state: DashState, panel: &Panel) -> Signal<VariableScope> {
    if panel.scoped_vars.is_empty() {
        state.scope.into()
    } else {
        let overrides = panel.scoped_vars.clone();
        Memo::new(move |_| state.scope.with(|s| s.with_overrides(&overrides))).into()
    }
}

#[component]
pub fn DashboardGrid(state: DashState) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    // The grid spans the window less the page's margins: close enough for the first layout.
    let width = observe_width(container, window_width(1280.0) - 24.0);
    let display = Memo::new(move |_| {
        state
            .panels
            .with(|panels| state.variables.with(|vars| expand_repeats(panels, vars)))
    });
    let layout = Memo::new(move |_| display.with(|d| layout_panels(d, width.get())));
    let one_column = move || width.get() < crate::core::dashboard::ONE_COLUMN_BELOW_PX;
    let rect_of = move |key: &str| -> Option<PanelRect> {
        let index = display.with(|d| d.iter().position(|p| panel_key(p) == key))?;
        layout.with(|rects| rects.iter().find(|r| r.index == index).copied())
    };
    view! {
        <div class="dash-grid" node_ref=container data-testid="dashboard-grid" class:one-column=one_column
            style:height=move || format!("{}px", layout.with(|r| content_height(r)))>
            <For each=move || display.get() key=panel_key children=move |panel| {
                let key = panel_key(&panel);
                let rect = Memo::new(move |_| rect_of(&key));
                view! { <GridItem state panel rect /> }
            } />
        </div>
    }
}

#[component]
fn GridItem(state: DashState, panel: Panel, rect: Memo<Option<PanelRect>>) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let px = move |f: fn(&PanelRect) -> f64| {
        move || {
            rect.get()
                .map(|r| format!("{}px", f(&r)))
                .unwrap_or_default()
        }
    };
    let body = if panel.kind == PanelKind::Row {
        view! { <RowHeader state panel /> }.into_any()
    } else {
        let visible = latch_visible(node);
        let scope = panel_scope(state, &panel);
        let height = Signal::derive(move || rect.get().map_or(0.0, |r| r.height));
        view! { <PanelView panel scope visible height_px=height /> }.into_any()
    };
    view! {
        <div class="dash-item" node_ref=node style:left=px(|r| r.x) style:top=px(|r| r.y) style:width=px(|r| r.width) style:height=px(|r| r.height)>
            {body}
        </div>
    }
}

/// A row's header: its (interpolated) title, a collapse toggle and, when collapsed, how many
/// panels it hides.
#[component]
fn RowHeader(state: DashState, panel: Panel) -> impl IntoView {
    let id = panel.id;
    let title = panel.title.clone();
    let row_title = panel.title.clone();
    let current = move || {
        state.panels.with(|ps| {
            ps.iter()
                .find(|p| p.id == id && p.kind == PanelKind::Row)
                .map(|p| (p.collapsed, p.children.len()))
        })
    };
    let collapsed = move || current().is_some_and(|(c, _)| c);
    let toggle = move |_| {
        state.panels.update(|ps| {
            if let Some(index) = ps
                .iter()
                .position(|p| p.id == id && p.kind == PanelKind::Row)
            {
                toggle_row(ps, index);
            }
        })
    };
    view! {
        <button class="dash-row" data-testid="dashboard-row" data-row-title=row_title data-collapsed=move || collapsed().to_string()
            aria-expanded=move || (!collapsed()).to_string() on:click=toggle>
            <span class="dash-row-chevron">{move || if collapsed() { "▸" } else { "▾" }}</span>
            <span class="dash-row-title">{move || state.scope.with(|s| interpolate_text(&title, s))}</span>
            {move || current().filter(|(c, n)| *c && *n > 0).map(|(_, n)| view! { <span class="dash-row-count muted">{format!("({n} panels)")}</span> })}
        </button>
    }
}
