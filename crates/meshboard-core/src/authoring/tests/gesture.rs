//! Drags, resizes and keyboard moves as gestures: the preview at each step is what the one
//! finished edit writes, and the whole gesture is one undo step.
use super::*;
use crate::authoring::{
    apply, Direction, Edit, EditError, EditSession, Gesture, GestureKind, GridPoint,
};

/// Ends `gesture` through an edit session that started from `d`: the saved result must be
/// the last preview, and one undo must give `d` back.
fn finish_as_one_step(d: &Dashboard, gesture: Gesture) -> Dashboard {
    let preview = gesture.preview().clone();
    let edit = gesture.finish().expect("the gesture changed the dashboard");
    let mut session = EditSession::new(d.clone(), None);
    assert_eq!(session.apply(&edit, 1_000), Ok(true));
    assert_eq!(
        session.dashboard(),
        &preview,
        "the edit writes what was previewed"
    );
    assert!(session.undo(), "one undo step");
    assert_eq!(session.dashboard(), d, "and it gives the start back");
    assert!(!session.can_undo(), "only one step");
    preview
}

#[test]
fn a_pointer_drag_previews_each_place_and_ends_as_one_move() {
    let d = compacted(&load(GO_RUNTIME));
    let mut drag = Gesture::begin(&d, 16, GestureKind::Move).expect("on the grid");
    assert_eq!(drag.start_pos(), d.panels[0].grid_pos);
    // Over the right column first: the panel there goes below the dragged one.
    assert!(drag.drag_to(GridPoint { x: 12, y: 0 }));
    assert_eq!(pos(drag.preview(), 16), (12, 0, 12, 8));
    assert_eq!(pos(drag.preview(), 24), (12, 8, 12, 8));
    assert!(
        !drag.drag_to(GridPoint { x: 12, y: 0 }),
        "the same place changes nothing"
    );
    // Then further down the right column; the preview is always from the start.
    assert!(drag.drag_to(GridPoint { x: 12, y: 9 }));
    let landed = drag.pos();
    assert_eq!((landed.x, landed.w, landed.h), (12, 12, 8));
    let after = finish_as_one_step(&d, drag);
    assert_eq!(pos(&after, 16), (landed.x, landed.y, landed.w, landed.h));
    assert_eq!(
        pos(&after, 26),
        (0, 0, 12, 8),
        "the left column compacted up"
    );
}

#[test]
fn a_drag_back_to_where_it_started_is_no_edit() {
    let d = compacted(&load(GO_RUNTIME));
    let mut drag = Gesture::begin(&d, 16, GestureKind::Move).expect("on the grid");
    drag.drag_to(GridPoint { x: 12, y: 4 });
    drag.drag_to(GridPoint { x: 0, y: 0 });
    assert_eq!(drag.preview(), &d);
    assert_eq!(drag.finish(), None);
    let mut cancelled = Gesture::begin(&d, 16, GestureKind::Move).expect("on the grid");
    cancelled.step(Direction::Right);
    cancelled.cancel();
    assert_eq!(cancelled.preview(), &d);
    assert_eq!(cancelled.finish(), None);
}

#[test]
fn arrow_keys_move_one_cell_and_say_where_the_panel_is() {
    let d = compacted(&load(GO_RUNTIME));
    let mut keys = Gesture::begin(&d, 16, GestureKind::Move).expect("on the grid");
    for _ in 0..3 {
        assert!(keys.step(Direction::Right));
    }
    assert_eq!(pos(keys.preview(), 16), (3, 0, 12, 8));
    assert_eq!(
        keys.announcement("GC duration"),
        "Moved GC duration to column 4, row 1"
    );
    assert!(keys.step(Direction::Down), "down goes past the panel below");
    let p = keys.pos();
    assert!(p.y > 0, "{p:?}");
    assert_eq!(p.x, 3);
    assert!(!keys.step(Direction::Up) || keys.pos().y < p.y);
    let after = finish_as_one_step(&d, keys);
    assert_eq!(pos(&after, 16).0, 3);
}

#[test]
fn shift_arrows_resize_one_unit_within_the_grid() {
    let d = compacted(&load(GO_RUNTIME));
    let mut keys = Gesture::begin(&d, 16, GestureKind::Resize).expect("a panel");
    assert!(keys.step(Direction::Right));
    assert!(keys.step(Direction::Down));
    assert_eq!(pos(keys.preview(), 16), (0, 0, 13, 9));
    assert_eq!(
        keys.announcement("CPU"),
        "Resized CPU to 13 columns by 9 rows"
    );
    assert_eq!(
        pos(keys.preview(), 24).1,
        9,
        "the panel it now covers went below it"
    );
    for _ in 0..40 {
        keys.step(Direction::Right);
    }
    assert_eq!(keys.pos().w, 24, "never past the right edge");
    for _ in 0..40 {
        keys.step(Direction::Up);
    }
    assert_eq!(keys.pos().h, 1, "at least one unit");
    assert_eq!(
        keys.announcement(""),
        "Resized the panel to 24 columns by 1 row"
    );
    finish_as_one_step(&d, keys);
}

#[test]
fn a_pointer_resize_snaps_and_pushes() {
    let d = compacted(&load(GO_RUNTIME));
    let mut corner = Gesture::begin(&d, 16, GestureKind::Resize).expect("a panel");
    assert!(corner.resize_to(24, 4));
    assert_eq!(pos(corner.preview(), 16), (0, 0, 24, 4));
    assert_eq!(pos(corner.preview(), 24), (12, 4, 12, 8));
    finish_as_one_step(&d, corner);
}

#[test]
fn rows_move_but_do_not_resize_and_unknown_panels_refuse() {
    let d = compacted(&load(NODE_MIXIN_NODES));
    let row = d
        .panels
        .iter()
        .find(|p| p.kind == crate::dashboard::PanelKind::Row)
        .expect("a row")
        .id;
    assert_eq!(
        Gesture::begin(&d, row, GestureKind::Resize).err(),
        Some(EditError::IsARow(row))
    );
    assert!(Gesture::begin(&d, row, GestureKind::Move).is_ok());
    assert_eq!(
        Gesture::begin(&d, 999, GestureKind::Move).err(),
        Some(EditError::NoSuchPanel(999))
    );
    // The checks are the edit's own.
    assert!(apply(
        &d,
        &Edit::ResizePanel {
            id: row,
            w: 3,
            h: 3
        }
    )
    .is_err());
}

/// The shipped Resources dashboard, which the grid-edit e2e suite edits in the browser.
const RESOURCES: &str = include_str!("../../../../../public/dashboards/resources.json");

#[test]
fn the_e2e_moves_on_the_resources_dashboard_land_where_the_browser_test_expects() {
    let d = compacted(&load(RESOURCES));
    assert_eq!(pos(&d, 4), (0, 8, 12, 8), "CPU usage");
    // Keyboard: six columns right, then two rows taller and four columns narrower, then one
    // column wider on the resize handle.
    let mut keys = Gesture::begin(&d, 4, GestureKind::Move).expect("on the grid");
    for _ in 0..6 {
        keys.step(Direction::Right);
    }
    assert_eq!(pos(keys.preview(), 4), (6, 8, 12, 8));
    let moved = finish_as_one_step(&d, keys);
    let mut resize = Gesture::begin(&moved, 4, GestureKind::Resize).expect("a panel");
    resize.step(Direction::Down);
    resize.step(Direction::Down);
    for _ in 0..4 {
        resize.step(Direction::Left);
    }
    assert_eq!(pos(resize.preview(), 4), (6, 8, 8, 10));
    // Pointer: Memory utilisation dragged over CPU usage by node.
    let mut drag = Gesture::begin(&d, 2, GestureKind::Move).expect("on the grid");
    drag.drag_to(GridPoint { x: 12, y: 1 });
    let dropped = finish_as_one_step(&d, drag);
    assert_eq!(pos(&dropped, 2), (12, 1, 12, 7));
    assert_eq!(pos(&dropped, 3), (12, 8, 12, 7), "pushed below it");
    assert_eq!(
        pos(&dropped, 4),
        (0, 1, 12, 8),
        "the left column compacted up"
    );
    // Rows: GPU moved up above System with its panel.
    let up = apply(
        &d,
        &Edit::MoveRow {
            id: 9,
            dir: Direction::Up,
        },
    )
    .expect("a row");
    assert_eq!(pos(&up, 9), (0, 0, 24, 1));
    assert_eq!(pos(&up, 10), (0, 1, 24, 8));
    assert_eq!(pos(&up, 1).1, 9, "System below it");
}
