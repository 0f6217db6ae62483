//! The grid's side of edit mode: the one move or resize in progress (core's [`Gesture`]),
//! shown by replacing the drawn panel list with the gesture's preview (positions only: every
//! grid item keeps its identity, so no panel queries or repaints its data while dragging) and
//! finished as ONE edit of the session, and the polite live region that says where a panel
//! went. Provided by the grid while its dashboard is editable.

use super::EditContext;
use crate::core::authoring::{Direction, Gesture, GestureKind};
use crate::core::dashboard::PanelRect;
use leptos::prelude::*;

/// The pointer part of a gesture: where the drawn box started and how far the pointer went,
/// so the box follows the pointer while the placeholder shows the grid place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointerDrag {
    pub start: PanelRect,
    pub dx: f64,
    pub dy: f64,
}

/// What the grid draws for the gesture in progress.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Active {
    pub id: i64,
    pub kind: GestureKind,
    /// `None`: a keyboard gesture (the box is drawn at its grid place).
    pub pointer: Option<PointerDrag>,
}

#[derive(Clone, Copy)]
pub struct GridEdit {
    pub ctx: EditContext,
    /// The grid's width in pixels (pointer pixels to grid units).
    pub width: Signal<f64>,
    gesture: StoredValue<Option<Gesture>>,
    pub active: RwSignal<Option<Active>>,
    /// The live region's sentence.
    pub announcement: RwSignal<String>,
}

impl GridEdit {
    pub fn provide(ctx: EditContext, width: Signal<f64>) -> GridEdit {
        let grid = GridEdit {
            ctx,
            width,
            gesture: StoredValue::new(None),
            active: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
        };
        provide_context(grid);
        grid
    }

    /// Starts a gesture on panel `id` (an unfinished other one is finished first); false when
    /// the panel cannot be moved (a refused edit says why in the notice).
    pub fn begin(&self, id: i64, kind: GestureKind, pointer: Option<PointerDrag>) -> bool {
        if self
            .active
            .get_untracked()
            .is_some_and(|a| a.id == id && a.kind == kind)
        {
            return true;
        }
        self.finish(true);
        let dashboard = self.ctx.read(|s| s.dashboard().clone());
        match Gesture::begin(&dashboard, id, kind) {
            Ok(gesture) => {
                self.gesture.set_value(Some(gesture));
                self.active.set(Some(Active { id, kind, pointer }));
                true
            }
            Err(e) => {
                self.ctx.say(e.to_string(), true);
                false
            }
        }
    }

    /// The pointer moved by `(dx, dy)` pixels from where it went down.
    pub fn pointer_moved(&self, dx: f64, dy: f64) {
        let Some(active) = self.active.get_untracked() else {
            return;
        };
        let Some(mut drag) = active.pointer else {
            return;
        };
        drag.dx = dx;
        drag.dy = dy;
        self.active.set(Some(Active {
            pointer: Some(drag),
            ..active
        }));
        let width = self.width.get_untracked();
        let start = drag.start;
        self.step_with(|g| {
            let pos = g.start_pos();
            match g.kind {
                GestureKind::Move => g.drag_to(crate::core::authoring::grid_point_at(
                    start.x + dx,
                    start.y + dy,
                    pos.w,
                    width,
                )),
                GestureKind::Resize => {
                    let (w, h) = crate::core::authoring::grid_size_for(
                        start.width + dx,
                        start.height + dy,
                        pos.x,
                        width,
                    );
                    g.resize_to(w, h)
                }
            }
        });
    }

    /// One arrow key of a keyboard gesture; says where the panel is now.
    pub fn key_step(&self, dir: Direction, title: &str) {
        self.step_with(|g| g.step(dir));
        if let Some(text) = self
            .gesture
            .with_value(|g| g.as_ref().map(|g| g.announcement(title)))
        {
            self.announcement.set(text);
        }
    }

    fn step_with(&self, f: impl FnOnce(&mut Gesture) -> bool) {
        let preview = self.gesture.try_update_value(|g| {
            let g = g.as_mut()?;
            f(g).then(|| g.preview().panels.clone())
        });
        if let Some(Some(panels)) = preview {
            self.ctx.state.panels.set(panels);
        }
    }

    /// Ends the gesture: `commit` records it as one edit, else the grid goes back to the
    /// session's dashboard (Escape, a cancelled pointer).
    pub fn finish(&self, commit: bool) {
        let Some(Some(gesture)) = self.gesture.try_update_value(Option::take) else {
            return;
        };
        self.active.set(None);
        match gesture.finish().filter(|_| commit) {
            Some(edit) => self.ctx.apply(edit),
            None => {
                let panels = self.ctx.read(|s| s.dashboard().panels.clone());
                self.ctx.state.panels.set(panels);
            }
        }
    }
}

pub fn use_grid_edit() -> Option<GridEdit> {
    use_context::<GridEdit>()
}
