//! Dashboard edits against Grafana's placement rules, on real corpus dashboards.
use serde_json::json;

use super::*;
use crate::authoring::{apply, DashboardSettings, Direction, Edit, EditError, GridPoint};
use crate::dashboard::{export_dashboard, PanelKind};

/// True when `edit` applies and leaves `d` exactly as it was (compared without printing two
/// whole dashboards when it fails).
fn unchanged(d: &Dashboard, edit: Edit) -> bool {
    apply(d, &edit).is_ok_and(|after| after == *d)
}

fn run(d: &Dashboard, edit: Edit) -> Dashboard {
    apply(d, &edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"))
}

/// The grid as Grafana leaves it: no two items overlap, nothing could fall further up, ids
/// are unique and the list is in `(y, x)` order (row ownership).
fn assert_settled(d: &Dashboard) {
    let items = layout(d);
    let overlaps = |a: &(i64, u32, u32, u32, u32), b: &(i64, u32, u32, u32, u32)| {
        a.1 < b.1 + b.3 && b.1 < a.1 + a.3 && a.2 < b.2 + b.4 && b.2 < a.2 + a.4
    };
    for (i, a) in items.iter().enumerate() {
        assert!(a.1 + a.3 <= 24, "panel {} leaves the grid: {a:?}", a.0);
        for b in &items[i + 1..] {
            assert!(!overlaps(a, b), "{a:?} overlaps {b:?}");
        }
        if a.2 > 0 {
            let up = (a.0, a.1, a.2 - 1, a.3, a.4);
            assert!(
                items.iter().any(|b| b.0 != a.0 && overlaps(&up, b)),
                "panel {} could fall up: {a:?}",
                a.0
            );
        }
    }
    for pair in items.windows(2) {
        assert!(
            (pair[0].2, pair[0].1) <= (pair[1].2, pair[1].1),
            "not sorted: {pair:?}"
        );
    }
    let mut ids: Vec<i64> = d.all_panels().iter().map(|p| p.id).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
}

/// Ids of the panels a row owns (those after it up to the next row).
fn row_members(d: &Dashboard, row: i64) -> Vec<i64> {
    let start = d.panels.iter().position(|p| p.id == row).expect("row") + 1;
    d.panels[start..]
        .iter()
        .take_while(|p| p.kind != PanelKind::Row)
        .map(|p| p.id)
        .collect()
}

#[test]
fn a_new_panel_goes_top_left_and_pushes_every_panel_down() {
    let d = load(NODE_MIXIN_NODES);
    let before = layout(&compacted(&d));
    assert_eq!(before[6], (7, 0, 16, 24, 1), "the gap above row 7 closed");
    let after = run(
        &d,
        Edit::AddPanel {
            panel_type: "timeseries".into(),
            at: None,
        },
    );
    assert_eq!(
        after.panels[0].id, 13,
        "next id is the largest (12) plus one"
    );
    assert_eq!(after.panels[0].title, "Panel Title");
    assert_eq!(after.panels[0].kind, PanelKind::TimeSeries);
    assert_eq!(pos(&after, 13), (0, 0, 12, 8));
    // The row at the top and everything under it moved down by the new panel's 8 units.
    let moved: Vec<_> = before
        .iter()
        .map(|&(id, x, y, w, h)| (id, x, y + 8, w, h))
        .collect();
    assert_eq!(&layout(&after)[1..], &moved[..]);
    assert_settled(&after);
    let exported = export_dashboard(&after);
    assert_eq!(exported["panels"][0]["id"], 13);
    assert_eq!(
        exported["panels"][0]["gridPos"],
        json!({"x": 0, "y": 0, "w": 12, "h": 8})
    );
    assert_eq!(exported["panels"][0]["targets"], json!([{"refId": "A"}]));
}

#[test]
fn the_next_id_counts_panels_inside_collapsed_rows() {
    let d = Dashboard::parse(crate::test_fixtures::NODE_EXPORTER_FULL).expect("fixture");
    // Top-level ids go up to 323, a collapsed row holds 342.
    assert_eq!(crate::authoring::next_panel_id(&d), 343);
    let after = run(
        &d,
        Edit::AddPanel {
            panel_type: "stat".into(),
            at: None,
        },
    );
    assert_eq!(after.panels[0].id, 343);
    assert_eq!(after.all_panels().len(), d.all_panels().len() + 1);
    assert_settled(&after);
}

#[test]
fn a_dropped_panel_lands_where_it_is_dropped_and_pushes_that_column_down() {
    let d = load(GO_RUNTIME);
    let after = run(
        &d,
        Edit::AddPanel {
            panel_type: "stat".into(),
            at: Some(GridPoint { x: 12, y: 0 }),
        },
    );
    assert_eq!(pos(&after, 28), (12, 0, 12, 8));
    // The right column (24, 12, 20, 8, 27) moved down by one panel; the left one stayed.
    for (id, y) in [(24, 8), (12, 16), (20, 24), (8, 32), (27, 40)] {
        assert_eq!(pos(&after, id), (12, y, 12, 8), "panel {id}");
    }
    for (id, y) in [(16, 0), (26, 8), (14, 16), (22, 24), (4, 32)] {
        assert_eq!(pos(&after, id), (0, y, 12, 8), "panel {id}");
    }
    assert_settled(&after);
}

#[test]
fn a_duplicate_goes_right_when_it_fits_else_below() {
    let d = load(GO_RUNTIME);
    let right = run(&d, Edit::DuplicatePanel { id: 16 });
    assert_eq!(pos(&right, 28), (12, 0, 12, 8));
    assert_eq!(
        pos(&right, 24),
        (12, 8, 12, 8),
        "the panel that was there moves down"
    );
    let copy = right
        .all_panels()
        .into_iter()
        .find(|p| p.id == 28)
        .expect("copy")
        .clone();
    let original = d
        .all_panels()
        .into_iter()
        .find(|p| p.id == 16)
        .expect("original")
        .clone();
    assert_eq!(copy.title, original.title);
    assert_eq!(copy.targets, original.targets);
    assert_settled(&right);

    let below = run(&d, Edit::DuplicatePanel { id: 24 });
    assert_eq!(
        pos(&below, 28),
        (12, 8, 12, 8),
        "12 + 2 * 12 > 24: below the original"
    );
    assert_eq!(pos(&below, 12), (12, 16, 12, 8));
    assert_settled(&below);
}

#[test]
fn a_duplicate_of_a_repeated_panel_does_not_repeat() {
    let d = Dashboard::from_value(json!({"panels": [
        {"id": 1, "type": "stat", "repeat": "instance", "maxPerRow": 4, "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4},
         "targets": [{"expr": "up"}]}]}))
    .expect("dashboard");
    let after = run(&d, Edit::DuplicatePanel { id: 1 });
    let copy = after
        .all_panels()
        .into_iter()
        .find(|p| p.id == 2)
        .expect("copy")
        .clone();
    assert_eq!(copy.repeat, None);
    assert_eq!(copy.raw.get("maxPerRow"), None);
    // Right of the original, but a horizontal repeat fills the 24 columns (its copies share
    // them), so the grid puts the copy below it.
    assert_eq!(pos(&after, 2), (6, 4, 6, 4));
    assert!(after
        .all_panels()
        .iter()
        .any(|p| p.id == 1 && p.repeat.is_some()));
}

#[test]
fn removing_a_panel_lets_the_ones_below_move_up() {
    let d = load(GO_RUNTIME);
    let after = run(&d, Edit::RemovePanel { id: 16 });
    assert!(after.all_panels().iter().all(|p| p.id != 16));
    for (id, y) in [(26, 0), (14, 8), (22, 16), (4, 24)] {
        assert_eq!(pos(&after, id), (0, y, 12, 8), "panel {id}");
    }
    assert_eq!(pos(&after, 24), (12, 0, 12, 8));
    assert_settled(&after);
    assert_eq!(
        apply(&d, &Edit::RemovePanel { id: 999 }),
        Err(EditError::NoSuchPanel(999))
    );
}

#[test]
fn a_panel_dropped_on_another_takes_its_place() {
    let d = load(GO_RUNTIME);
    let after = run(
        &d,
        Edit::MovePanel {
            id: 16,
            to: GridPoint { x: 12, y: 0 },
        },
    );
    assert_eq!(pos(&after, 16), (12, 0, 12, 8));
    assert_eq!(
        pos(&after, 26),
        (0, 0, 12, 8),
        "the left column moved up into the gap"
    );
    assert_eq!(
        pos(&after, 24),
        (12, 8, 12, 8),
        "the panel it landed on went below it"
    );
    assert_settled(&after);
    // Past the right edge: clamped into the 24 columns.
    let clamped = run(
        &d,
        Edit::MovePanel {
            id: 16,
            to: GridPoint { x: 30, y: 0 },
        },
    );
    assert_eq!(pos(&clamped, 16).0, 12);
    assert_settled(&clamped);
    // Far below everything: compacted back up under the lowest panels.
    let low = run(
        &d,
        Edit::MovePanel {
            id: 27,
            to: GridPoint { x: 12, y: 500 },
        },
    );
    assert_eq!(pos(&low, 27), (12, 32, 12, 8));
}

#[test]
fn dragging_up_onto_the_panel_above_swaps_them() {
    let d = load(GO_RUNTIME);
    // Panel 26 sits under 16 in the left column.
    let after = run(
        &d,
        Edit::MovePanel {
            id: 26,
            to: GridPoint { x: 0, y: 4 },
        },
    );
    assert_eq!(pos(&after, 26), (0, 0, 12, 8));
    assert_eq!(pos(&after, 16), (0, 8, 12, 8));
    assert_settled(&after);
}

#[test]
fn resizing_clamps_to_the_grid_and_pushes_what_it_covers() {
    let d = load(GO_RUNTIME);
    let wider = run(
        &d,
        Edit::ResizePanel {
            id: 16,
            w: 13,
            h: 8,
        },
    );
    assert_eq!(pos(&wider, 16), (0, 0, 13, 8));
    assert_eq!(
        pos(&wider, 24),
        (12, 8, 12, 8),
        "the neighbour it now covers went below"
    );
    assert_settled(&wider);
    let huge = run(
        &d,
        Edit::ResizePanel {
            id: 24,
            w: 40,
            h: 0,
        },
    );
    assert_eq!(
        pos(&huge, 24),
        (12, 0, 12, 1),
        "w clamped to 24 - x, h at least 1"
    );
    assert_settled(&huge);
    let taller = run(
        &d,
        Edit::ResizePanel {
            id: 16,
            w: 12,
            h: 10,
        },
    );
    assert_eq!(pos(&taller, 26), (0, 10, 12, 8));
    assert_settled(&taller);
}

#[test]
fn keyboard_moves_are_one_visible_step() {
    let d = load(GO_RUNTIME);
    let down = run(
        &d,
        Edit::MoveByKey {
            id: 16,
            dir: Direction::Down,
        },
    );
    assert_eq!(
        pos(&down, 16),
        (0, 8, 12, 8),
        "below the panel that was under it"
    );
    assert_eq!(pos(&down, 26), (0, 0, 12, 8));
    assert_settled(&down);
    let back = run(
        &down,
        Edit::MoveByKey {
            id: 16,
            dir: Direction::Up,
        },
    );
    assert_eq!(layout(&back), layout(&d), "up undoes down");
    let right = run(
        &d,
        Edit::MoveByKey {
            id: 16,
            dir: Direction::Right,
        },
    );
    assert_eq!(pos(&right, 16), (1, 0, 12, 8));
    assert_settled(&right);
    // At an edge a key changes nothing.
    assert!(
        unchanged(
            &d,
            Edit::MoveByKey {
                id: 16,
                dir: Direction::Left
            }
        ),
        "the edit changes nothing here"
    );
    assert!(
        unchanged(
            &d,
            Edit::MoveByKey {
                id: 16,
                dir: Direction::Up
            }
        ),
        "the edit changes nothing here"
    );
    let last = run(
        &d,
        Edit::MoveByKey {
            id: 27,
            dir: Direction::Down,
        },
    );
    assert_eq!(
        layout(&last),
        layout(&d),
        "the lowest panel cannot go lower"
    );
}

#[test]
fn keyboard_down_moves_a_panel_into_the_next_row() {
    let d = load(NODE_MIXIN_NODES);
    assert_eq!(row_members(&d, 1), vec![2, 3]);
    let after = run(
        &d,
        Edit::MoveByKey {
            id: 2,
            dir: Direction::Down,
        },
    );
    assert_eq!(row_members(&after, 1), vec![3]);
    assert_eq!(row_members(&after, 4), vec![2, 6, 5]);
    // Panel 3 still holds row 4 down; panel 2 is first under it, pushing the wide panel 5
    // below it while 6 (beside it) stays.
    assert_eq!(pos(&after, 4), (0, 8, 24, 1));
    assert_eq!(pos(&after, 2), (0, 9, 12, 7));
    assert_eq!(pos(&after, 6), (18, 9, 6, 7));
    assert_eq!(pos(&after, 5), (0, 16, 18, 7));
    assert_settled(&after);
}

#[test]
fn keyboard_resizes_are_one_unit() {
    let d = load(GO_RUNTIME);
    assert_eq!(
        pos(
            &run(
                &d,
                Edit::ResizeByKey {
                    id: 16,
                    dir: Direction::Left
                }
            ),
            16
        ),
        (0, 0, 11, 8)
    );
    assert_eq!(
        pos(
            &run(
                &d,
                Edit::ResizeByKey {
                    id: 16,
                    dir: Direction::Up
                }
            ),
            16
        ),
        (0, 0, 12, 7)
    );
    let taller = run(
        &d,
        Edit::ResizeByKey {
            id: 16,
            dir: Direction::Down,
        },
    );
    assert_eq!(pos(&taller, 16), (0, 0, 12, 9));
    assert_eq!(pos(&taller, 26), (0, 9, 12, 8));
    let wider = run(
        &d,
        Edit::ResizeByKey {
            id: 16,
            dir: Direction::Right,
        },
    );
    assert_eq!(pos(&wider, 16), (0, 0, 13, 8));
    assert_settled(&wider);
    // The right column cannot grow past the edge.
    assert!(
        unchanged(
            &d,
            Edit::ResizeByKey {
                id: 24,
                dir: Direction::Right
            }
        ),
        "the edit changes nothing here"
    );
    let rows = load(NODE_MIXIN_NODES);
    assert_eq!(
        apply(
            &rows,
            &Edit::ResizeByKey {
                id: 1,
                dir: Direction::Down
            }
        ),
        Err(EditError::IsARow(1))
    );
}

#[test]
fn a_new_row_takes_the_panels_above_the_first_row() {
    let d = load(GO_RUNTIME);
    let after = run(&d, Edit::AddRow);
    assert_eq!(after.panels[0].kind, PanelKind::Row);
    assert_eq!(after.panels[0].title, "Row title");
    assert_eq!(pos(&after, 28), (0, 0, 24, 1));
    assert_eq!(
        row_members(&after, 28).len(),
        10,
        "every panel is in the new row"
    );
    assert_eq!(pos(&after, 16), (0, 1, 12, 8));
    assert_settled(&after);
    // With a row at the top already, the new row has nothing above it to take.
    let rows = load(NODE_MIXIN_NODES);
    let after = run(&rows, Edit::AddRow);
    assert_eq!(row_members(&after, 13), Vec::<i64>::new());
    assert_eq!(row_members(&after, 1), vec![2, 3]);
    assert_eq!(pos(&after, 1).1, 1);
}

#[test]
fn rows_collapse_expand_rename_and_remove() {
    let d = load(NODE_MIXIN_NODES);
    let closed = run(&d, Edit::ToggleRow { id: 4 });
    let row = closed.panels.iter().find(|p| p.id == 4).expect("row");
    assert!(row.collapsed);
    assert_eq!(
        row.children.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![5, 6]
    );
    assert_eq!(
        pos(&closed, 7).1,
        9,
        "the next row moved up by the closed panels"
    );
    assert_settled(&closed);
    let opened = run(&closed, Edit::ToggleRow { id: 4 });
    assert_eq!(layout(&opened), layout(&compacted(&d)));

    let renamed = run(
        &d,
        Edit::RenameRow {
            id: 4,
            title: "Memory <b>now</b>".into(),
        },
    );
    assert_eq!(
        export_dashboard(&renamed)["panels"][3]["title"],
        "Memory <b>now</b>"
    );
    assert_eq!(
        apply(
            &d,
            &Edit::RenameRow {
                id: 5,
                title: "x".into()
            }
        ),
        Err(EditError::NotARow(5))
    );

    let kept = run(
        &d,
        Edit::RemoveRow {
            id: 4,
            with_panels: false,
        },
    );
    assert!(kept.panels.iter().all(|p| p.id != 4));
    assert_eq!(
        row_members(&kept, 1),
        vec![2, 3, 5, 6],
        "its panels join the row above"
    );
    assert_eq!(pos(&kept, 5), (0, 8, 18, 7));
    assert_settled(&kept);
    let dropped = run(
        &d,
        Edit::RemoveRow {
            id: 4,
            with_panels: true,
        },
    );
    assert!(dropped
        .all_panels()
        .iter()
        .all(|p| ![4, 5, 6].contains(&p.id)));
    assert_eq!(pos(&dropped, 7).1, 8);
    assert_settled(&dropped);
    // A closed row removed with its panels takes its hidden panels along.
    let gone = run(
        &closed,
        Edit::RemoveRow {
            id: 4,
            with_panels: true,
        },
    );
    assert!(gone.all_panels().iter().all(|p| ![4, 5, 6].contains(&p.id)));
}

#[test]
fn rows_move_with_their_panels() {
    let d = load(NODE_MIXIN_NODES);
    let up = run(
        &d,
        Edit::MoveRow {
            id: 7,
            dir: Direction::Up,
        },
    );
    let order: Vec<i64> = up.panels.iter().map(|p| p.id).collect();
    assert_eq!(order, vec![1, 2, 3, 7, 8, 9, 4, 5, 6, 10, 11, 12]);
    assert_eq!(pos(&up, 7), (0, 8, 24, 1));
    assert_eq!(pos(&up, 9), (12, 9, 12, 7));
    assert_eq!(pos(&up, 4), (0, 16, 24, 1));
    assert_eq!(pos(&up, 6), (18, 17, 6, 7));
    assert_settled(&up);
    let down = run(
        &up,
        Edit::MoveRow {
            id: 7,
            dir: Direction::Down,
        },
    );
    assert_eq!(layout(&down), layout(&compacted(&d)));
    assert!(
        unchanged(
            &d,
            Edit::MoveRow {
                id: 1,
                dir: Direction::Up
            }
        ),
        "already first"
    );
    assert!(
        unchanged(
            &d,
            Edit::MoveRow {
                id: 10,
                dir: Direction::Down
            }
        ),
        "already last"
    );
}

#[test]
fn a_panel_in_a_closed_row_is_edited_in_place_but_not_moved() {
    let d = load(NODE_MIXIN_NODES);
    let closed = run(&d, Edit::ToggleRow { id: 4 });
    assert_eq!(
        apply(
            &closed,
            &Edit::MovePanel {
                id: 5,
                to: GridPoint { x: 0, y: 0 }
            }
        ),
        Err(EditError::InCollapsedRow(5))
    );
    let mut json = closed
        .all_panels()
        .into_iter()
        .find(|p| p.id == 5)
        .expect("5")
        .to_json();
    json["title"] = json!("Load, renamed");
    json["id"] = json!(77);
    let after = run(&closed, Edit::ReplacePanel { id: 5, panel: json });
    let row = after.panels.iter().find(|p| p.id == 4).expect("row");
    assert_eq!(row.children[0].title, "Load, renamed");
    assert_eq!(row.children[0].id, 5, "the id is kept");
    let removed = run(&closed, Edit::RemovePanel { id: 6 });
    assert_eq!(
        removed
            .panels
            .iter()
            .find(|p| p.id == 4)
            .expect("row")
            .children
            .len(),
        1
    );
}

#[test]
fn the_panel_editor_replaces_a_panel_keeping_its_id_and_place() {
    let d = load(NODE_MIXIN_NODES);
    let mut json = d.panels.iter().find(|p| p.id == 5).expect("5").to_json();
    json["title"] = json!("CPU <img src=x onerror=alert(1)>");
    json["type"] = json!("stat");
    json["fieldConfig"]["defaults"]["unit"] = json!("<script>alert(1)</script>");
    json.as_object_mut().expect("object").remove("gridPos");
    let after = run(&d, Edit::ReplacePanel { id: 5, panel: json });
    let panel = after.panels.iter().find(|p| p.id == 5).expect("5");
    assert_eq!(panel.kind, PanelKind::Stat);
    assert_eq!(
        panel.title, "CPU <img src=x onerror=alert(1)>",
        "kept as text"
    );
    assert_eq!(
        panel.field_config.defaults.unit.as_deref(),
        Some("<script>alert(1)</script>")
    );
    assert_eq!(pos(&after, 5), pos(&d, 5));
    assert_eq!(
        apply(
            &d,
            &Edit::ReplacePanel {
                id: 5,
                panel: json!({"type": "row"})
            }
        ),
        Err(EditError::NotARow(5))
    );
    assert!(matches!(
        apply(
            &d,
            &Edit::ReplacePanel {
                id: 5,
                panel: json!([1])
            }
        ),
        Err(EditError::InvalidJson(_))
    ));
}

#[test]
fn explore_adds_its_query_as_a_panel() {
    let d = load(GO_RUNTIME);
    let panel = json!({"type": "timeseries", "title": "From Explore", "id": 16,
        "gridPos": {"x": 5, "y": 50, "w": 24, "h": 10},
        "targets": [{"refId": "A", "expr": "rate(go_gc_duration_seconds_count[5m])"}]});
    let after = run(&d, Edit::InsertPanel { panel, at: None });
    assert_eq!(after.panels[0].id, 28, "a new id, not the one it came with");
    assert_eq!(pos(&after, 28), (0, 0, 24, 10));
    assert_eq!(
        after.panels[0].targets[0].expr.as_deref(),
        Some("rate(go_gc_duration_seconds_count[5m])")
    );
    assert_eq!(pos(&after, 16), (0, 10, 12, 8));
    assert_settled(&after);
}

#[test]
fn settings_are_written_into_the_model_and_its_export() {
    let d = load(PROMETHEUS_OVERVIEW);
    let mut settings = DashboardSettings::of(&d);
    settings.title = "  Prometheus <i>ops</i> ".into();
    settings.description = "What <b>runs</b>".into();
    settings.tags = vec!["ops".into(), " ops ".into(), "prom".into(), "".into()];
    settings.timezone = "utc".into();
    settings.refresh = Some("1m".into());
    settings.refresh_intervals = vec!["30s".into(), "1m".into()];
    settings.week_start = "monday".into();
    settings.graph_tooltip = crate::dashboard::GraphTooltip::SharedTooltip;
    settings.links.push(crate::dashboard::DashboardLink {
        title: "Runbook".into(),
        link_type: "link".into(),
        url: Some("https://runbooks.example/prometheus".into()),
        tags: vec![],
        include_vars: false,
        keep_time: true,
        target_blank: true,
        ..Default::default()
    });
    let after = run(&d, Edit::SetDashboardSettings(Box::new(settings.clone())));
    assert_eq!(after.title, "Prometheus <i>ops</i>");
    assert_eq!(after.tags, vec!["ops", "prom"]);
    let out = export_dashboard(&after);
    assert_eq!(out["title"], "Prometheus <i>ops</i>");
    assert_eq!(out["description"], "What <b>runs</b>");
    assert_eq!(out["timezone"], "utc");
    assert_eq!(out["graphTooltip"], 2);
    assert_eq!(out["refresh"], "1m");
    assert_eq!(out["weekStart"], "monday");
    assert_eq!(out["timepicker"]["refresh_intervals"], json!(["30s", "1m"]));
    let link = out["links"]
        .as_array()
        .expect("links")
        .last()
        .expect("link")
        .clone();
    assert_eq!(link["url"], "https://runbooks.example/prometheus");
    assert_eq!(link["keepTime"], true);
    // Read back, the settings are what was applied (trimmed and deduplicated).
    let again = Dashboard::from_value(out).expect("re-read");
    let read = DashboardSettings::of(&again);
    assert_eq!(read.tags, vec!["ops", "prom"]);
    assert_eq!(read.refresh_intervals, settings.refresh_intervals);
    assert_eq!(read.graph_tooltip, settings.graph_tooltip);

    let mut hostile = settings;
    hostile.links[0].url = Some(" javascript:alert(document.cookie)".into());
    assert_eq!(
        apply(&d, &Edit::SetDashboardSettings(Box::new(hostile))),
        Err(EditError::UnsafeLink(
            " javascript:alert(document.cookie)".into()
        ))
    );
}

#[test]
fn a_moved_link_keeps_its_own_dropdown_icon_and_tooltip() {
    // Grafana's settings move links with their every field; writing them back by position
    // gave the dashboards link's `asDropdown` and `icon` to whatever link moved into its place.
    let d = Dashboard::from_value(json!({
        "uid": "l", "title": "Links", "panels": [],
        "links": [
            {"title": "Mesh", "type": "dashboards", "tags": ["mesh"], "asDropdown": true,
             "icon": "bolt", "tooltip": ""},
            {"title": "Runbook", "type": "link", "url": "https://runbooks.example/",
             "icon": "doc", "tooltip": "What to do at 3 am"}
        ]
    }))
    .expect("dashboard");
    assert!(d.links[0].as_dropdown && !d.links[1].as_dropdown);
    assert_eq!(d.links[1].tooltip, "What to do at 3 am");
    let mut settings = DashboardSettings::of(&d);
    settings.links.swap(0, 1);
    settings.links[0].tooltip = "Runbook for the mesh".into();
    let after = run(&d, Edit::SetDashboardSettings(Box::new(settings)));
    assert_eq!(after.links[0].title, "Runbook");
    assert!(!after.links[0].as_dropdown);
    assert!(
        after.links[1].as_dropdown,
        "the dropdown moved with its link"
    );
    let out = export_dashboard(&after);
    assert_eq!(out["links"][0]["icon"], "doc");
    assert_eq!(out["links"][0]["tooltip"], "Runbook for the mesh");
    assert_eq!(out["links"][0]["asDropdown"], false);
    assert_eq!(out["links"][1]["icon"], "bolt");
    assert_eq!(out["links"][1]["asDropdown"], true);
    assert_eq!(out["links"][1]["tags"], json!(["mesh"]));
}

#[test]
fn the_json_model_replaces_the_whole_dashboard() {
    let d = load(GO_RUNTIME);
    let mut json = export_dashboard(&d);
    json["title"] = json!("Go, edited");
    json["panels"].as_array_mut().expect("panels").truncate(2);
    let after = run(&d, Edit::ReplaceDashboard { json });
    assert_eq!(after.title, "Go, edited");
    assert_eq!(after.panels.len(), 2);
    assert!(matches!(
        apply(&d, &Edit::ReplaceDashboard { json: json!([]) }),
        Err(EditError::InvalidJson(_))
    ));
}

#[test]
fn every_corpus_dashboard_takes_a_new_panel_and_stays_settled() {
    for text in [
        NODE_MIXIN_NODES,
        GO_RUNTIME,
        PROMETHEUS_OVERVIEW,
        crate::test_fixtures::NODE_EXPORTER_FULL,
    ] {
        let d = load(text);
        let after = run(
            &d,
            Edit::AddPanel {
                panel_type: "timeseries".into(),
                at: None,
            },
        );
        assert_settled(&after);
        assert_eq!(after.all_panels().len(), d.all_panels().len() + 1);
        let dup = run(
            &after,
            Edit::DuplicatePanel {
                id: after.panels[0].id,
            },
        );
        assert_settled(&dup);
    }
}

#[test]
fn the_panel_editor_sets_one_field_at_a_time() {
    let d = load(NODE_MIXIN_NODES);
    let set = |d: &Dashboard, pointer: &str, value: Option<serde_json::Value>| {
        apply(
            d,
            &Edit::SetPanelField {
                id: 5,
                pointer: pointer.into(),
                value,
            },
        )
    };
    let titled = set(&d, "/title", Some(json!("Load <b>1m</b>"))).unwrap();
    let unit = set(
        &titled,
        "/fieldConfig/defaults/unit",
        Some(json!("percentunit")),
    )
    .unwrap();
    let query = set(
        &unit,
        "/targets/0/expr",
        Some(json!("node_load1{instance=\"$instance\"}")),
    )
    .unwrap();
    let n = d
        .panels
        .iter()
        .find(|p| p.id == 5)
        .expect("5")
        .targets
        .len();
    let second = set(
        &query,
        &format!("/targets/{n}"),
        Some(json!({"refId": "B", "expr": "node_load5"})),
    )
    .unwrap();
    let legend = set(&second, "/options/legend/placement", Some(json!("right"))).unwrap();
    let panel = legend.panels.iter().find(|p| p.id == 5).expect("5");
    assert_eq!(panel.title, "Load <b>1m</b>");
    assert_eq!(
        panel.field_config.defaults.unit.as_deref(),
        Some("percentunit")
    );
    assert_eq!(
        panel.targets[0].expr.as_deref(),
        Some("node_load1{instance=\"$instance\"}")
    );
    assert_eq!(panel.targets.len(), n + 1, "one query added at the end");
    assert_eq!(panel.targets[n].ref_id, "B");
    assert_eq!(
        panel.options.legend.placement,
        crate::dashboard::LegendPlacement::Right
    );
    assert_eq!(pos(&legend, 5), pos(&compacted(&d), 5));
    let removed = set(&legend, &format!("/targets/{n}"), None).unwrap();
    let left = &removed
        .panels
        .iter()
        .find(|p| p.id == 5)
        .expect("5")
        .targets;
    assert_eq!(left.len(), n, "the added query removed again");
    for bad in ["title", "/id", "/targets/7", "/title/x"] {
        assert!(
            matches!(set(&d, bad, Some(json!(1))), Err(EditError::InvalidJson(_))),
            "{bad}"
        );
    }
    assert_eq!(
        apply(
            &d,
            &Edit::SetPanelField {
                id: 99,
                pointer: "/title".into(),
                value: None
            }
        ),
        Err(EditError::NoSuchPanel(99))
    );
    // Typing into one field coalesces per field.
    let key = |p: &str| {
        Edit::SetPanelField {
            id: 5,
            pointer: p.into(),
            value: None,
        }
        .coalesce_key()
    };
    assert_eq!(key("/title"), key("/title"));
    assert_ne!(key("/title"), key("/description"));
}

#[test]
fn the_variables_editor_replaces_the_list() {
    let d = load(NODE_MIXIN_NODES);
    let mut list: Vec<serde_json::Value> = export_dashboard(&d)["templating"]["list"]
        .as_array()
        .expect("list")
        .clone();
    list.push(
        json!({"name": "env", "type": "custom", "query": "prod,staging",
        "current": {"text": "prod", "value": "prod"}}),
    );
    let after = run(&d, Edit::SetVariables { list: list.clone() });
    assert_eq!(after.variables.len(), d.variables.len() + 1);
    assert_eq!(after.variables.last().expect("env").name, "env");
    let out = export_dashboard(&after);
    assert_eq!(
        out["templating"]["list"].as_array().expect("list").len(),
        list.len()
    );
    assert_eq!(
        out["templating"]["list"][list.len() - 1]["query"],
        "prod,staging"
    );
    list.truncate(1);
    let fewer = run(&d, Edit::SetVariables { list: list.clone() });
    assert_eq!(
        export_dashboard(&fewer)["templating"]["list"]
            .as_array()
            .expect("list")
            .len(),
        1
    );
    list.push(list[0].clone());
    assert!(matches!(
        apply(&d, &Edit::SetVariables { list }),
        Err(EditError::InvalidJson(_))
    ));
}

#[test]
fn panel_and_dashboard_json_with_a_refused_link_is_not_applied() {
    let d = load(GO_RUNTIME);
    let link = json!({"title": "x", "url": "javascript:alert(1)"});
    assert_eq!(
        apply(
            &d,
            &Edit::SetPanelField {
                id: 16,
                pointer: "/links".into(),
                value: Some(json!([link]))
            }
        ),
        Err(EditError::UnsafeLink("javascript:alert(1)".into()))
    );
    let mut panel = crate::authoring::panel_json(&d, 16).expect("16");
    panel["fieldConfig"]["defaults"]["links"] = json!([link]);
    assert!(matches!(
        apply(
            &d,
            &Edit::ReplacePanel {
                id: 16,
                panel: panel.clone()
            }
        ),
        Err(EditError::UnsafeLink(_))
    ));
    assert!(matches!(
        apply(&d, &Edit::InsertPanel { panel, at: None }),
        Err(EditError::UnsafeLink(_))
    ));
    let mut whole = export_dashboard(&d);
    whole["links"] = json!([link]);
    assert!(matches!(
        apply(&d, &Edit::ReplaceDashboard { json: whole }),
        Err(EditError::UnsafeLink(_))
    ));
    // A web link is fine.
    let ok = json!([{"title": "docs", "url": "https://go.dev/doc/gc-guide"}]);
    let after = run(
        &d,
        Edit::SetPanelField {
            id: 16,
            pointer: "/links".into(),
            value: Some(ok),
        },
    );
    assert_eq!(crate::dashboard::panel_links(&after.panels[0].raw).len(), 1);
}

#[test]
fn the_saved_layout_after_an_edit_is_the_one_the_dashboard_draws() {
    use crate::dashboard::{arrange, RowStates};
    // Every dashboard of the corpus (tests/fixtures/grafana and `broader`), a panel added.
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/grafana");
    let mut checked = 0;
    for dir in [root.clone(), root.join("broader")] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("corpus")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let Ok(d) = Dashboard::parse(&std::fs::read_to_string(&path).expect("fixture")) else {
                continue;
            };
            let after = run(
                &d,
                Edit::AddPanel {
                    panel_type: "timeseries".into(),
                    at: None,
                },
            );
            assert_settled_allowing_repeats(&after);
            let placed = arrange(&after.panels, &after.variables, &RowStates::new());
            for panel in &after.panels {
                let drawn = placed
                    .iter()
                    .filter(|p| p.panel.id == panel.id)
                    .map(|p| p.pos)
                    .min_by_key(|pos| pos.y)
                    .unwrap_or_else(|| panic!("{}: panel {} is drawn", path.display(), panel.id));
                assert_eq!(
                    drawn.y,
                    panel.grid_pos.y,
                    "{}: panel {} y",
                    path.display(),
                    panel.id
                );
                if panel.repeat.is_none() {
                    assert_eq!(
                        drawn.x,
                        f64::from(panel.grid_pos.x),
                        "{}: panel {} x",
                        path.display(),
                        panel.id
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} dashboards checked");
}

/// [`assert_settled`] for dashboards whose repeated panels take more room than their
/// `gridPos`: only ids and order are checked here (positions against `arrange` above).
fn assert_settled_allowing_repeats(d: &Dashboard) {
    if d.panels.iter().all(|p| p.repeat.is_none()) {
        assert_settled(d);
        return;
    }
    let mut ids: Vec<i64> = d.all_panels().iter().map(|p| p.id).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
}
