//! The dashboard grid as Grafana draws it: core `arrange` places every panel, row header and
//! repeat copy (gridPos order, rows opening under their header and pushing the rest down,
//! vertical compaction, repeats per variable value), `placed_rects` turns that into pixels
//! for the container width (one column below 768 px). Panels load lazily as they scroll into
//! view, their charts paint only while in view (`InView`, provided to each item), and they keep
//! their identity (keyed by id and repeat values) across re-layouts, so resizing or opening a
//! row never re-queries or repaints them. Each item exposes its grid place as
//! `data-grid-pos="x,y,w,h"` (grid units) for the tests.
//!
//! In edit mode (`edit::grid_edit`) a panel moves by its header and resizes by its corner or by
//! keyboard on its handles: the box being dragged follows the pointer, a placeholder shows the
//! grid place it lands on, and the rest of the grid shows the gesture's preview.

use super::edit::{use_edit_context, GridEdit, GridHandles, ItemDrag, RowEditControls};
use super::state::DashState;
use crate::core::dashboard::{
    arrange_places, placed_rects, GridPlace, GridRect, Panel, PanelKind, PanelRect,
};
use crate::core::variables::{interpolate_text, ScopedValue, VariableScope};
use crate::ui::observe::{observe_in_view, observe_width, window_width, InView};
use crate::ui::panels::PanelView;
use leptos::html::Div;
use leptos::prelude::*;
use std::collections::HashMap;

/// The scope a panel interpolates with: the shared one, plus a repeat copy's own value (with
/// its option's text, for titles).
pub fn panel_scope(state: DashState, panel: &Panel) -> Signal<VariableScope> {
    if panel.scoped_vars.is_empty() {
        return state.scope.into();
    }
    let own = panel.scoped_vars.clone();
    Memo::new(move |_| {
        let mut scope = state.scope.get();
        state.variables.with(|vars| {
            for (name, value) in &own {
                let text = vars
                    .iter()
                    .find(|v| &v.name == name)
                    .and_then(|v| v.options.iter().find(|o| &o.value == value))
                    .map_or_else(|| value.clone(), |o| o.text.clone());
                let mut scoped = ScopedValue::single(value.clone());
                scoped.texts = vec![text];
                scope.insert(name.clone(), scoped);
            }
        });
        scope
    })
    .into()
}

#[component]
pub fn DashboardGrid(state: DashState) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    // The grid spans the window less the page's margins: close enough for the first layout.
    let width = observe_width(container, window_width(1280.0) - 24.0);
    let grid_edit = use_edit_context().map(|ctx| GridEdit::provide(ctx, width.into()));
    let editing = move || grid_edit.is_some_and(|g| g.ctx.editing.get());
    // Places only: which panel each item holds is read from `state.panels` when the item
    // mounts, so a re-layout (a row toggle) copies no panel.
    let placed = Memo::new(move |_| {
        state.panels.with(|panels| {
            state
                .variables
                .with(|vars| state.rows.with(|rows| arrange_places(panels, vars, rows)))
        })
    });
    let rects = Memo::new(move |_| placed.with(|p| placed_rects(p, width.get())));
    // Where each item is in `placed` and its box, by key and by index: every item finds itself
    // in O(1) on a re-layout (141 items each scanning the lists made a row toggle O(n²)).
    let index_of = Memo::new(move |_| {
        placed.with(|p| {
            p.iter()
                .enumerate()
                .map(|(i, p)| (p.key.clone(), i))
                .collect::<HashMap<String, usize>>()
        })
    });
    let rect_of = Memo::new(move |_| {
        rects.with(|r| {
            let mut by_index = vec![None; placed.with(Vec::len)];
            for rect in r {
                if let Some(slot) = by_index.get_mut(rect.index) {
                    *slot = Some(*rect);
                }
            }
            by_index
        })
    });
    let one_column = move || width.get() < crate::core::dashboard::ONE_COLUMN_BELOW_PX;
    let height = move || {
        rects.with(|r| {
            r.iter()
                .map(|rect| rect.y + rect.height)
                .fold(0.0, f64::max)
        })
    };
    // The landing place of the panel being moved or resized: its box in the preview layout.
    let placeholder = move || {
        let id = grid_edit.and_then(|g| g.active.get())?.id;
        let index = placed.with(|p| p.iter().position(|p| p.id == id))?;
        rects.with(|r| r.iter().find(|r| r.index == index).copied())
    };
    view! {
        <div class="dash-grid" node_ref=container data-testid="dashboard-grid" class:one-column=one_column
            class:editing=editing style:height=move || format!("{}px", height())>
            {move || placeholder().map(|r| view! {
                <div class="grid-placeholder" data-testid="grid-placeholder" aria-hidden="true"
                    style:left=format!("{}px", r.x) style:top=format!("{}px", r.y)
                    style:width=format!("{}px", r.width) style:height=format!("{}px", r.height)></div>
            })}
            // Keyed by the keys alone: a re-layout does not clone every panel for the diff.
            <For each=move || placed.with(|p| p.iter().map(|p| p.key.clone()).collect::<Vec<_>>())
                key=String::clone children=move |key| {
                let own_key = key.clone();
                let index = move || index_of.with(|m| m.get(&key).copied());
                let Some(item) = index().and_then(|i| placed.with_untracked(|p| p.get(i).cloned())) else {
                    return ().into_any();
                };
                let index_at = index.clone();
                let at = Memo::new(move |_| {
                    let i = index_at()?;
                    let (pos, collapsed, count) =
                        placed.with(|p| p.get(i).map(|p| (p.pos, p.collapsed, p.row_panels)))?;
                    let rect = rect_of.with(|r| r.get(i).copied().flatten())?;
                    Some(At { rect, pos, collapsed, count })
                });
                // What the panel draws, blind to where it sits: a move keeps it mounted, an
                // edit of its content (editor apply, undo, redo) draws it anew. Only the panels
                // and variables make content (a row toggle or resize only moves it), so only
                // they re-run this: a toggle does not copy and compare every panel.
                let content = Memo::new(move |_| {
                    state.variables.track();
                    state.panels.with(|panels| {
                        let i = index_of.with_untracked(|m| m.get(&own_key).copied())?;
                        placed.with_untracked(|p| {
                            let place = p.get(i)?;
                            let mut content = place.source_panel(panels)?.content_without_position();
                            content.scoped_vars.clone_from(&place.scoped_vars);
                            Some(content)
                        })
                    })
                });
                view! { <GridItem state item at content /> }.into_any()
            } />
            {grid_edit.map(|g| view! {
                <div class="grid-announcer" role="status" aria-live="polite" data-testid="grid-announcer">
                    {move || g.announcement.get()}
                </div>
            })}
        </div>
    }
}

/// Where an item is now: pixels, grid place and, for rows, their state.
#[derive(Debug, Clone, Copy, PartialEq)]
struct At {
    rect: PanelRect,
    pos: GridRect,
    collapsed: bool,
    count: usize,
}

#[component]
fn GridItem(
    state: DashState,
    item: GridPlace,
    at: Memo<Option<At>>,
    content: Memo<Option<Panel>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let id = item.id;
    let rect = Signal::derive(move || at.get().map(|a| a.rect));
    let drag = ItemDrag::new(id, rect, node);
    let pointer = move || drag.pointer_at();
    // While dragged by the pointer the box follows it; otherwise it sits at its grid place.
    let shown = move || pointer().or_else(|| rect.get());
    let px = move |f: fn(&PanelRect) -> f64| {
        move || shown().map(|r| format!("{}px", f(&r))).unwrap_or_default()
    };
    let grid_pos = move || at.get().map(|a| a.pos.to_attr()).unwrap_or_default();
    let key = item.key.clone();
    let title = state.panels.with_untracked(|panels| {
        item.source_panel(panels)
            .map(|p| p.title.clone())
            .unwrap_or_default()
    });
    let is_row = item.kind == PanelKind::Row;
    let row_panel = is_row
        .then(|| state.panels.with_untracked(|panels| item.panel(panels)))
        .flatten();
    let body = if let Some(panel) = row_panel {
        view! {
            <RowHeader state panel key=key.clone() at />
            <RowEditControls id title />
        }
        .into_any()
    } else {
        // One observer: in view now (charts paint only then), and seen once (queries start).
        let in_view = observe_in_view(node);
        provide_context(InView(in_view.into()));
        let visible =
            Memo::new(move |seen: Option<&bool>| seen.copied().unwrap_or(false) || in_view.get());
        let height = Signal::derive(move || at.get().map_or(0.0, |a| a.rect.height));
        let drawn = move || {
            content.get().map(|panel| {
                let scope = panel_scope(state, &panel);
                view! { <PanelView panel scope visible=Signal::from(visible) height_px=height /> }
            })
        };
        view! {
            {drawn}
            <GridHandles id title />
        }
        .into_any()
    };
    view! {
        <div class="dash-item" node_ref=node data-testid="grid-item" data-key=key data-grid-pos=grid_pos
            class:dragging=move || pointer().is_some()
            on:pointerdown=move |ev| drag.down(&ev) on:pointermove=move |ev| drag.moved(&ev)
            on:pointerup=move |_| drag.up(true) on:pointercancel=move |_| drag.up(false)
            style:left=px(|r| r.x) style:top=px(|r| r.y) style:width=px(|r| r.width) style:height=px(|r| r.height)>
            {body}
        </div>
    }
}

/// A row's header: its (interpolated, with a repeated row's own value) title, a collapse
/// toggle and, when collapsed, how many panels it holds.
#[component]
fn RowHeader(state: DashState, panel: Panel, key: String, at: Memo<Option<At>>) -> impl IntoView {
    // The title as edited (a renamed row keeps its grid item, keyed by id).
    let id = panel.id;
    let shipped = panel.title.clone();
    let title = Memo::new(move |_| {
        state.panels.with(|panels| {
            panels
                .iter()
                .find(|p| p.id == id)
                .map_or_else(|| shipped.clone(), |p| p.title.clone())
        })
    });
    let scope = panel_scope(state, &panel);
    let collapsed = move || at.get().is_some_and(|a| a.collapsed);
    let hidden = move || {
        at.get()
            .filter(|a| a.collapsed && a.count > 0)
            .map(|a| a.count)
    };
    let toggle = move |_| {
        let now = collapsed();
        state.rows.update(|rows| {
            rows.insert(key.clone(), !now);
        })
    };
    view! {
        <button class="dash-row" data-testid="dashboard-row" data-row-title=move || title.get() data-collapsed=move || collapsed().to_string()
            aria-expanded=move || (!collapsed()).to_string() on:click=toggle>
            <span class="dash-row-chevron">{move || if collapsed() { "▸" } else { "▾" }}</span>
            <span class="dash-row-title">{move || scope.with(|s| title.with(|t| interpolate_text(t, s)))}</span>
            {move || hidden().map(|n| view! { <span class="dash-row-count muted">{format!("({n} {})", if n == 1 { "panel" } else { "panels" })}</span> })}
        </button>
    }
}
