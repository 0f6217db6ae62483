//! A panel's move and resize handles in edit mode, which are also the keyboard's way to do
//! what a drag does (WCAG 2.5.7): with the move handle focused, arrow keys move the panel one
//! grid step (Shift+arrows resize it), with the resize handle focused arrows resize it;
//! Enter or leaving the handle finishes (one undoable edit), Escape puts it back. Each step is
//! said in the grid's polite live region, and focus stays on the handle of the moved panel.

use super::grid_edit::use_grid_edit;
use crate::core::authoring::{Direction, GestureKind};
use leptos::html::Button;
use leptos::prelude::*;
use std::time::Duration;

fn direction(key: &str) -> Option<Direction> {
    match key {
        "ArrowUp" => Some(Direction::Up),
        "ArrowDown" => Some(Direction::Down),
        "ArrowLeft" => Some(Direction::Left),
        "ArrowRight" => Some(Direction::Right),
        _ => None,
    }
}

#[component]
pub fn GridHandles(id: i64, title: String) -> impl IntoView {
    let grid = use_grid_edit();
    let editing = move || grid.is_some_and(|g| g.ctx.editing.get());
    let move_button = NodeRef::<Button>::new();
    let resize_button = NodeRef::<Button>::new();
    // A step may move the item in the document (the grid is in place order), which takes
    // focus away: that blur is not the user leaving.
    let refocusing = StoredValue::new(false);
    let name = StoredValue::new(title.clone());
    let on_key = move |ev: web_sys::KeyboardEvent, handle: GestureKind, node: NodeRef<Button>| {
        let Some(grid) = grid else { return };
        match ev.key().as_str() {
            "Enter" if grid.active.get_untracked().is_some() => {
                ev.prevent_default();
                grid.finish(true);
                return;
            }
            "Escape" if grid.active.get_untracked().is_some() => {
                ev.prevent_default();
                grid.finish(false);
                grid.announcement
                    .set(format!("{} put back", name.get_value()));
                return;
            }
            _ => {}
        }
        let Some(dir) = direction(&ev.key()) else {
            return;
        };
        ev.prevent_default();
        let kind = if ev.shift_key() {
            GestureKind::Resize
        } else {
            handle
        };
        if !grid.begin(id, kind, None) {
            return;
        }
        refocusing.set_value(true);
        grid.key_step(dir, &name.get_value());
        set_timeout(
            move || {
                let _ = refocusing.try_set_value(false);
                if let Some(button) = node.get_untracked() {
                    let _ = button.focus();
                }
            },
            Duration::ZERO,
        );
    };
    let on_blur = move |_| {
        let Some(grid) = grid else { return };
        let keyboard = grid
            .active
            .get_untracked()
            .is_some_and(|a| a.id == id && a.pointer.is_none());
        if keyboard && !refocusing.try_get_value().unwrap_or(true) {
            grid.finish(true);
        }
    };
    let move_label = format!("Move {title}");
    let resize_label = format!("Resize {title}");
    view! {
        <Show when=editing>
            <button class="grid-move-handle" data-testid="panel-move-handle" node_ref=move_button
                aria-label=move_label.clone() title="Drag to move, or use the arrow keys (Shift+arrows resize)"
                aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight Shift+ArrowUp Shift+ArrowDown Shift+ArrowLeft Shift+ArrowRight Enter Escape"
                on:keydown=move |ev| on_key(ev, GestureKind::Move, move_button) on:blur=on_blur>
                <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                    <circle cx="4" cy="3" r="1.1"></circle><circle cx="8" cy="3" r="1.1"></circle>
                    <circle cx="4" cy="6" r="1.1"></circle><circle cx="8" cy="6" r="1.1"></circle>
                    <circle cx="4" cy="9" r="1.1"></circle><circle cx="8" cy="9" r="1.1"></circle>
                </svg>
            </button>
            <button class="grid-resize-handle" data-testid="panel-resize-handle" node_ref=resize_button
                aria-label=resize_label.clone() title="Drag to resize, or use the arrow keys"
                aria-keyshortcuts="ArrowUp ArrowDown ArrowLeft ArrowRight Enter Escape"
                on:keydown=move |ev| on_key(ev, GestureKind::Resize, resize_button) on:blur=on_blur>
                <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
                    <path d="M11 4L4 11M11 8L8 11" stroke="currentColor" stroke-width="1.5" fill="none"></path>
                </svg>
            </button>
        </Show>
    }
}
