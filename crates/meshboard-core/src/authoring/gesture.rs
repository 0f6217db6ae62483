//! One move or resize of a panel on the grid, from its start to its drop, as the editor shows
//! it: every pointer position or arrow key gives a preview of the whole dashboard (the panel at
//! its new place, what it lands on pushed down, the rest compacted, as react-grid-layout's
//! `onDrag` / `onResize` lay it out), and the end gives ONE [`Edit`] that turns the dashboard
//! as it was at the start into that preview, so the whole gesture is one undo step.
//!
//! A keyboard move (WCAG 2.5.7's alternative to dragging) is one visible step per arrow key as
//! [`Edit::MoveByKey`] takes it; the preview is then the drop at the place that step reached,
//! from the start, so what the user saw is exactly what the finished edit writes.

use super::edit::{apply, Direction, Edit, EditError, GridPoint};
use crate::dashboard::{Dashboard, GridPos};

/// What the gesture changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GestureKind {
    Move,
    Resize,
}

/// A move or resize in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Gesture {
    start: Dashboard,
    preview: Dashboard,
    pub id: i64,
    pub kind: GestureKind,
    /// The edit that gives `preview` from `start` (none yet: nothing moved).
    edit: Option<Edit>,
}

impl Gesture {
    /// Starts moving or resizing panel `id` of `dashboard` (refused, as the edit would be, for
    /// a panel in a collapsed row, an unknown id, or resizing a row).
    pub fn begin(dashboard: &Dashboard, id: i64, kind: GestureKind) -> Result<Gesture, EditError> {
        let pos = position(dashboard, id).ok_or(EditError::NoSuchPanel(id))?;
        // The same checks the finished edit makes: a drop where it already is.
        let check = match kind {
            GestureKind::Move => Edit::MovePanel {
                id,
                to: GridPoint { x: pos.x, y: pos.y },
            },
            GestureKind::Resize => Edit::ResizePanel {
                id,
                w: pos.w,
                h: pos.h,
            },
        };
        apply(dashboard, &check)?;
        Ok(Gesture {
            start: dashboard.clone(),
            preview: dashboard.clone(),
            id,
            kind,
            edit: None,
        })
    }

    /// The dashboard as it would be if the gesture ended now.
    pub fn preview(&self) -> &Dashboard {
        &self.preview
    }

    /// Where the panel was when the gesture began.
    pub fn start_pos(&self) -> GridPos {
        position(&self.start, self.id).unwrap_or(GridPos::UNSET)
    }

    /// Where the panel lands in the preview (the placeholder's place).
    pub fn pos(&self) -> GridPos {
        position(&self.preview, self.id).unwrap_or(GridPos::UNSET)
    }

    /// A drag at grid place `to`; true when the preview changed.
    pub fn drag_to(&mut self, to: GridPoint) -> bool {
        self.preview_edit(Edit::MovePanel { id: self.id, to })
    }

    /// A resize to `w` x `h` grid units; true when the preview changed.
    pub fn resize_to(&mut self, w: u32, h: u32) -> bool {
        self.preview_edit(Edit::ResizePanel { id: self.id, w, h })
    }

    /// One arrow key: a move is one visible step ([`Edit::MoveByKey`]), a resize one unit
    /// ([`Edit::ResizeByKey`]). True when the preview changed.
    pub fn step(&mut self, dir: Direction) -> bool {
        let id = self.id;
        let stepped = match self.kind {
            GestureKind::Move => apply(&self.preview, &Edit::MoveByKey { id, dir }),
            GestureKind::Resize => apply(&self.preview, &Edit::ResizeByKey { id, dir }),
        };
        let Some(reached) = stepped.ok().and_then(|d| position(&d, id)) else {
            return false;
        };
        match self.kind {
            GestureKind::Move => self.drag_to(GridPoint {
                x: reached.x,
                y: reached.y,
            }),
            GestureKind::Resize => self.resize_to(reached.w, reached.h),
        }
    }

    /// Back to the start (Escape); the gesture stays open.
    pub fn cancel(&mut self) {
        self.preview = self.start.clone();
        self.edit = None;
    }

    /// The one edit for the whole gesture, or `None` when the dashboard ends as it began.
    pub fn finish(self) -> Option<Edit> {
        self.edit.filter(|_| self.preview != self.start)
    }

    fn preview_edit(&mut self, edit: Edit) -> bool {
        let Ok(next) = apply(&self.start, &edit) else {
            return false;
        };
        self.edit = Some(edit);
        if next == self.preview {
            return false;
        }
        self.preview = next;
        true
    }

    /// What a screen reader hears after a step: "Moved CPU to column 13, row 9" (columns and
    /// rows counted from 1, as people count them) or "Resized CPU to 12 columns by 8 rows".
    pub fn announcement(&self, title: &str) -> String {
        let pos = self.pos();
        let name = if title.trim().is_empty() {
            "the panel"
        } else {
            title
        };
        match self.kind {
            GestureKind::Move => {
                format!("Moved {name} to column {}, row {}", pos.x + 1, pos.y + 1)
            }
            GestureKind::Resize => format!(
                "Resized {name} to {} {} by {} {}",
                pos.w,
                plural(pos.w, "column"),
                pos.h,
                plural(pos.h, "row")
            ),
        }
    }
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// A top-level panel's (or row's) grid place.
fn position(dashboard: &Dashboard, id: i64) -> Option<GridPos> {
    dashboard
        .panels
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.grid_pos)
}
