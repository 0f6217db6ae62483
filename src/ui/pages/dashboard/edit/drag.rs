//! Moving and resizing a panel by pointer, as Grafana's grid does in edit mode: the panel's
//! header (or its move handle) drags the panel, the corner handle resizes it. The item takes
//! the pointer (`setPointerCapture`), so the drag goes on outside it; the box follows the
//! pointer while the grid shows where it lands, and the drop is one undoable edit.
//!
//! Every grid item has its handlers (main module); while not editing they return at once, and
//! while editing they hand the event to edit mode's chunk (`EditCode`'s `drag_*`, the
//! `*_editing` functions here), so the gesture code is not in the first download.

use super::grid_edit::{GridEdit, PointerDrag};
use crate::core::authoring::GestureKind;
use crate::core::dashboard::{PanelRect, ONE_COLUMN_BELOW_PX};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Controls inside a panel header that keep their own click (the menu, links, the info icon).
const OWN_CLICK: &str = "button:not(.grid-move-handle), a, input, select, textarea, [role=menu]";

/// The pointer handlers of one grid item.
#[derive(Clone, Copy)]
pub struct ItemDrag {
    grid: Option<GridEdit>,
    id: i64,
    rect: Signal<Option<PanelRect>>,
    node: NodeRef<Div>,
    /// Where the pointer went down (client pixels) and which pointer it is.
    origin: StoredValue<Option<(f64, f64, i32)>>,
}

impl ItemDrag {
    pub fn new(id: i64, rect: Signal<Option<PanelRect>>, node: NodeRef<Div>) -> ItemDrag {
        ItemDrag {
            grid: super::grid_edit::use_grid_edit(),
            id,
            rect,
            node,
            origin: StoredValue::new(None),
        }
    }

    /// What a press at `target` starts: the corner resizes, the header moves.
    fn kind_at(target: &web_sys::Element) -> Option<GestureKind> {
        let within = |selector: &str| target.closest(selector).ok().flatten().is_some();
        if within(".grid-resize-handle") {
            Some(GestureKind::Resize)
        } else if within(".grid-move-handle") || (within(".panel-header") && !within(OWN_CLICK)) {
            Some(GestureKind::Move)
        } else {
            None
        }
    }

    /// Edit mode's code, when editing and it has arrived.
    fn code(&self) -> Option<super::EditCode> {
        let ctx = self.grid?.ctx;
        if !ctx.editing.get_untracked() {
            return None;
        }
        ctx.code.get_untracked()
    }

    pub fn down(&self, ev: &web_sys::PointerEvent) {
        if let Some(code) = self.code() {
            (code.drag_down)(*self, ev);
        }
    }

    pub fn moved(&self, ev: &web_sys::PointerEvent) {
        if self.origin.with_value(Option::is_none) {
            return;
        }
        if let Some(code) = self.grid.and_then(|g| g.ctx.code.get_untracked()) {
            (code.drag_moved)(*self, ev);
        }
    }

    /// The pointer let go (`commit`) or was taken away (cancelled: back to the start).
    pub fn up(&self, commit: bool) {
        if self.origin.with_value(Option::is_none) {
            return;
        }
        if let Some(code) = self.grid.and_then(|g| g.ctx.code.get_untracked()) {
            (code.drag_up)(*self, commit);
        }
    }

    pub fn down_editing(&self, ev: &web_sys::PointerEvent) {
        let Some(grid) = self.grid else { return };
        if !grid.ctx.editing.get_untracked()
            || ev.button() != 0
            || grid.width.get_untracked() < ONE_COLUMN_BELOW_PX
        {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(kind) = target.as_ref().and_then(Self::kind_at) else {
            return;
        };
        let Some(start) = self.rect.get_untracked() else {
            return;
        };
        let pointer = PointerDrag {
            start,
            dx: 0.0,
            dy: 0.0,
        };
        if !grid.begin(self.id, kind, Some(pointer)) {
            return;
        }
        if let Some(item) = self.node.get_untracked() {
            let _ = item.set_pointer_capture(ev.pointer_id());
        }
        self.origin.set_value(Some((
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            ev.pointer_id(),
        )));
        // No text selection or native drag while the panel moves.
        ev.prevent_default();
    }

    pub fn moved_editing(&self, ev: &web_sys::PointerEvent) {
        let (Some(grid), Some((x, y, pointer))) = (self.grid, self.origin.get_value()) else {
            return;
        };
        if pointer != ev.pointer_id() {
            return;
        }
        // Re-ordering the grid may move the item in the document, which releases the capture.
        if let Some(item) = self.node.get_untracked() {
            if !item.has_pointer_capture(pointer) {
                let _ = item.set_pointer_capture(pointer);
            }
        }
        grid.pointer_moved(f64::from(ev.client_x()) - x, f64::from(ev.client_y()) - y);
    }

    /// Where the box is drawn while the pointer drags it (tracked): the start box moved (or,
    /// resizing, grown) by how far the pointer went; `None` when this item is not dragged.
    pub fn pointer_at(&self) -> Option<PanelRect> {
        let active = self.grid?.active.get().filter(|a| a.id == self.id)?;
        let drag = active.pointer?;
        let s = drag.start;
        Some(match active.kind {
            GestureKind::Move => PanelRect {
                x: s.x + drag.dx,
                y: s.y + drag.dy,
                ..s
            },
            GestureKind::Resize => PanelRect {
                width: (s.width + drag.dx).max(24.0),
                height: (s.height + drag.dy).max(24.0),
                ..s
            },
        })
    }

    pub fn up_editing(&self, commit: bool) {
        let Some(grid) = self.grid else { return };
        if self.origin.get_value().is_none() {
            return;
        }
        self.origin.set_value(None);
        if grid
            .active
            .get_untracked()
            .is_some_and(|a| a.pointer.is_some())
        {
            grid.finish(commit);
        }
    }
}
