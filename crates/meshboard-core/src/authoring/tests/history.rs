//! Undo/redo history: steps, coalescing and the memory budget.
use super::*;
use crate::authoring::{Direction, Edit, EditSession, History, COALESCE_WINDOW_MS};

#[test]
fn undo_and_redo_walk_the_steps_and_a_new_edit_clears_redo() {
    let d = load(GO_RUNTIME);
    let mut session = EditSession::new(d.clone(), Some(3));
    assert!(!session.can_undo() && !session.has_unsaved_changes());
    session
        .apply(
            &Edit::AddPanel {
                panel_type: "stat".into(),
                at: None,
            },
            1_000,
        )
        .unwrap();
    let added = session.dashboard().clone();
    session.apply(&Edit::RemovePanel { id: 16 }, 2_000).unwrap();
    assert!(session.has_unsaved_changes());
    assert!(session.undo());
    assert_eq!(session.dashboard(), &added);
    assert!(session.undo());
    assert_eq!(session.dashboard(), &d);
    assert!(
        !session.has_unsaved_changes(),
        "undone back to the loaded dashboard"
    );
    assert!(!session.undo(), "nothing before the load");
    assert!(session.redo());
    assert_eq!(session.dashboard(), &added);
    session
        .apply(
            &Edit::MoveByKey {
                id: 24,
                dir: Direction::Down,
            },
            3_000,
        )
        .unwrap();
    assert!(!session.can_redo(), "a new edit clears redo");
    assert!(!session.redo());
}

#[test]
fn an_edit_that_changes_nothing_is_not_a_step() {
    let mut session = EditSession::new(load(GO_RUNTIME), None);
    let changed = session
        .apply(
            &Edit::MoveByKey {
                id: 16,
                dir: Direction::Left,
            },
            0,
        )
        .unwrap();
    assert!(!changed);
    assert!(!session.can_undo());
    assert!(session.apply(&Edit::RemovePanel { id: 4242 }, 0).is_err());
    assert!(!session.can_undo());
}

#[test]
fn typing_into_one_field_is_one_step() {
    let d = load(NODE_MIXIN_NODES);
    let mut session = EditSession::new(d.clone(), None);
    let mut at = 10_000;
    for title in ["C", "CP", "CPU"] {
        session
            .apply(
                &Edit::RenameRow {
                    id: 1,
                    title: title.into(),
                },
                at,
            )
            .unwrap();
        at += 200;
    }
    // Another field: a step of its own.
    session
        .apply(
            &Edit::RenameRow {
                id: 4,
                title: "Mem".into(),
            },
            at,
        )
        .unwrap();
    // The same field again after a pause: a new step.
    at += COALESCE_WINDOW_MS + 1;
    session
        .apply(
            &Edit::RenameRow {
                id: 4,
                title: "Memory".into(),
            },
            at,
        )
        .unwrap();
    let title = |s: &EditSession, id: i64| {
        s.dashboard()
            .panels
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .title
            .clone()
    };
    assert!(session.undo());
    assert_eq!(title(&session, 4), "Mem");
    assert!(session.undo());
    assert_eq!(title(&session, 4), d.panels[3].title);
    assert_eq!(title(&session, 1), "CPU");
    assert!(session.undo());
    assert_eq!(session.dashboard(), &d, "three keystrokes undone at once");
}

#[test]
fn history_is_bounded() {
    let mut history: History<u32> = History::new(100);
    for i in 0..150 {
        history.record(i, None, 0);
    }
    assert_eq!(history.undo_steps(), 100);
    let mut current = 150;
    let mut undone = 0;
    while history.undo(&mut current) {
        undone += 1;
    }
    assert_eq!(
        (undone, current),
        (100, 50),
        "the oldest fifty steps were dropped"
    );
    let mut redone = 0;
    while history.redo(&mut current) {
        redone += 1;
    }
    assert_eq!((redone, current), (100, 150));
}

#[test]
fn a_save_is_the_new_clean_state_and_can_be_undone() {
    let mut session = EditSession::new(load(GO_RUNTIME), Some(1));
    session.apply(&Edit::RemovePanel { id: 16 }, 0).unwrap();
    session.mark_saved(2);
    assert_eq!(session.base_version, Some(2));
    assert!(!session.has_unsaved_changes());
    assert!(session.undo());
    assert!(session.has_unsaved_changes());
}

#[test]
fn a_very_large_dashboard_keeps_fewer_steps() {
    use crate::authoring::{DEFAULT_HISTORY_LIMIT, MIN_HISTORY_LIMIT};
    let small = EditSession::new(load(GO_RUNTIME), None);
    assert_eq!(small.history_limit(), DEFAULT_HISTORY_LIMIT);
    let large = EditSession::new(
        Dashboard::parse(crate::test_fixtures::NODE_EXPORTER_FULL).unwrap(),
        None,
    );
    let limit = large.history_limit();
    assert!(
        (MIN_HISTORY_LIMIT..DEFAULT_HISTORY_LIMIT).contains(&limit),
        "{limit}"
    );
}
