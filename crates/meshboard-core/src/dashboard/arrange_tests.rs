//! The layout rules against real dashboards (`tests/fixtures/grafana/`): compaction, rows
//! opening under their header and pushing the rest down, legacy `rows[]`, repeats.

use super::*;
use crate::dashboard::Dashboard;
use crate::variables::{interpolate_query, interpolate_text, Variable, VariableScope};
use serde_json::json;

const NODE_EXPORTER_FULL: &str =
    include_str!("../../../../tests/fixtures/grafana/node-exporter-full.json");

const CORPUS: [(&str, &str); 15] = [
    (
        "alertmanager-mixin-overview",
        include_str!("../../../../tests/fixtures/grafana/alertmanager-mixin-overview.json"),
    ),
    (
        "dotdc-k8s-addons-prometheus",
        include_str!("../../../../tests/fixtures/grafana/dotdc-k8s-addons-prometheus.json"),
    ),
    (
        "dotdc-k8s-views-nodes",
        include_str!("../../../../tests/fixtures/grafana/dotdc-k8s-views-nodes.json"),
    ),
    (
        "go-runtime-mixin",
        include_str!("../../../../tests/fixtures/grafana/go-runtime-mixin.json"),
    ),
    (
        "loki-deletion",
        include_str!("../../../../tests/fixtures/grafana/loki-deletion.json"),
    ),
    ("node-exporter-full", NODE_EXPORTER_FULL),
    (
        "node-mixin-cluster-rsrc-use",
        include_str!("../../../../tests/fixtures/grafana/node-mixin-cluster-rsrc-use.json"),
    ),
    (
        "node-mixin-nodes",
        include_str!("../../../../tests/fixtures/grafana/node-mixin-nodes.json"),
    ),
    (
        "node-mixin-rsrc-use",
        include_str!("../../../../tests/fixtures/grafana/node-mixin-rsrc-use.json"),
    ),
    (
        "prometheus-mixin-overview",
        include_str!("../../../../tests/fixtures/grafana/prometheus-mixin-overview.json"),
    ),
    (
        "prometheus-mixin-remote-write",
        include_str!("../../../../tests/fixtures/grafana/prometheus-mixin-remote-write.json"),
    ),
    (
        "rfmoz-alertmanager",
        include_str!("../../../../tests/fixtures/grafana/rfmoz-alertmanager.json"),
    ),
    (
        "rfmoz-nfs-full",
        include_str!("../../../../tests/fixtures/grafana/rfmoz-nfs-full.json"),
    ),
    (
        "rfmoz-node-exporter-bsd",
        include_str!("../../../../tests/fixtures/grafana/rfmoz-node-exporter-bsd.json"),
    ),
    (
        "node-exporter-full-old (legacy rows[])",
        include_str!("../../../../tests/fixtures/grafana/legacy/node-exporter-full-old.json"),
    ),
];

fn dashboard(text: &str) -> Dashboard {
    Dashboard::parse(text).expect("fixture dashboard")
}

/// Every row (repeat copies too) in the same state.
fn all_rows(d: &Dashboard, collapsed: bool) -> RowStates {
    let mut states = RowStates::new();
    for _ in 0..4 {
        for p in arrange(&d.panels, &d.variables, &states) {
            if p.panel.kind == PanelKind::Row {
                states.insert(p.key, collapsed);
            }
        }
    }
    states
}

/// The grid items: panels and rows, and each repeated panel's copies as the one item (the
/// block Grafana's grid reserves for them).
fn grid_items(placed: &[Placed]) -> Vec<GridRect> {
    let mut blocks: BTreeMap<String, GridRect> = BTreeMap::new();
    let mut items = Vec::new();
    for p in placed {
        let Some(repeat) = &p.panel.repeat else {
            items.push(p.pos);
            continue;
        };
        let mut source = p.panel.clone();
        source.scoped_vars.remove(&repeat.variable);
        let block = blocks.entry(panel_key(&source)).or_insert(p.pos);
        let right = (block.x + block.w).max(p.pos.x + p.pos.w);
        let bottom = block.bottom().max(p.pos.bottom());
        block.x = block.x.min(p.pos.x);
        block.y = block.y.min(p.pos.y);
        block.w = right - block.x;
        block.h = bottom - block.y;
    }
    items.extend(blocks.into_values());
    items
}

/// What Grafana's grid guarantees after compaction: no two items overlap, and every item not
/// at the top rests on one above it (an item whose bottom is its top, sharing columns).
fn assert_grafana_grid(label: &str, placed: &[Placed]) {
    let items = grid_items(placed);
    for a in &items {
        if a.y > 0 {
            let rests = items
                .iter()
                .any(|b| b.bottom() == a.y && b.x < a.x + a.w - 1e-6 && a.x < b.x + b.w - 1e-6);
            assert!(rests, "{label}: the item at {a:?} floats above a gap");
        }
    }
    let mut overlaps = Vec::new();
    for (i, a) in placed.iter().enumerate() {
        for b in &placed[i + 1..] {
            if a.pos.overlaps(&b.pos) {
                overlaps.push(format!("{} over {}", a.key, b.key));
            }
        }
        assert!(
            a.pos.x >= 0.0 && a.pos.x + a.pos.w <= 24.0 + 1e-6,
            "{label}: inside 24 columns"
        );
    }
    assert!(
        overlaps.is_empty(),
        "{label}: overlapping items {overlaps:?}"
    );
}

fn titles_between<'a>(placed: &'a [Placed], row_title: &str) -> Vec<&'a Placed> {
    let start = placed
        .iter()
        .position(|p| p.panel.kind == PanelKind::Row && p.panel.title == row_title)
        .expect("row");
    placed[start + 1..]
        .iter()
        .take_while(|p| p.panel.kind != PanelKind::Row)
        .collect()
}

fn row_y(placed: &[Placed], title: &str) -> u32 {
    placed
        .iter()
        .find(|p| p.panel.kind == PanelKind::Row && p.panel.title == title)
        .map(|p| p.pos.y)
        .expect("row")
}

#[test]
fn compaction_is_react_grid_layouts() {
    let item = |x: f64, y: i64, w: f64, h: i64| CompactItem { x, y, w, h };
    // Falls up to the top; the second stops on the first; the third, beside both, goes to 0.
    let mut items = vec![
        item(0.0, 5, 12.0, 4),
        item(0.0, 20, 12.0, 2),
        item(12.0, 30, 12.0, 3),
        item(0.0, 40, 24.0, 1),
    ];
    compact(&mut items);
    let ys: Vec<i64> = items.iter().map(|i| i.y).collect();
    assert_eq!(ys, vec![0, 4, 0, 6]);
    // Overlapping items are moved below what they overlap (in (y, x) order).
    let mut items = vec![item(0.0, 0, 12.0, 5), item(6.0, 2, 12.0, 5)];
    compact(&mut items);
    assert_eq!(items[1].y, 5);
    // Fractional widths share columns without touching counting as overlap.
    let mut items = vec![item(0.0, 0, 4.8, 2), item(4.8, 3, 4.8, 2)];
    compact(&mut items);
    assert_eq!(items[1].y, 0);
}

#[test]
fn node_exporter_full_as_grafana_draws_it() {
    let d = dashboard(NODE_EXPORTER_FULL);
    // As saved: two open rows, 18 closed ones.
    let saved = arrange(&d.panels, &d.variables, &RowStates::new());
    assert_grafana_grid("node-exporter-full as saved", &saved);
    let open = all_rows(&d, false);
    let all_open = arrange(&d.panels, &d.variables, &open);
    assert_grafana_grid("node-exporter-full all open", &all_open);
    let closed = arrange(&d.panels, &d.variables, &all_rows(&d, true));
    assert_grafana_grid("node-exporter-full all closed", &closed);
    // Grafana's figures: the 16 rows are 1 unit each; the two rows saved open hold 4 units
    // (gauges of 4 beside stats of 2+2) and 14 (2 lines of 7); all closed is the 16 headers,
    // as saved 1+4 + 1+14 + 14 headers. All open, every row's panels fall into lines: 10
    // panels of 12x12 in two columns are 5 lines of 12 = 60 units, 13 of 12x10 are 7 lines
    // = 70, ... 578 units of panels + 16 headers = 594 units = 594 x 38 - 8 = 22,564 px
    // (the rows as saved, their nested gridPos.y jumping to 433 or 4228, made 92,324 px).
    assert_eq!(grid_bottom(&closed), 16);
    assert_eq!(grid_bottom(&saved), 34);
    assert_eq!(grid_bottom(&all_open), 594);
    let rects = placed_rects(&all_open, 1600.0);
    let height = rects.iter().map(|r| r.y + r.height).fold(0.0, f64::max);
    assert_eq!(height, 22_564.0);
    let per_row: Vec<(String, u32)> = all_open
        .iter()
        .filter(|p| p.panel.kind == PanelKind::Row)
        .map(|p| p.panel.title.clone())
        .map(|t| {
            let lines = titles_between(&all_open, &t)
                .iter()
                .map(|p| p.pos.bottom())
                .max()
                .unwrap_or(0)
                - row_y(&all_open, &t)
                - 1;
            (t, lines)
        })
        .collect();
    let units = |t: &str| {
        per_row
            .iter()
            .find(|(title, _)| title == t)
            .map(|(_, u)| *u)
    };
    assert_eq!(units("CPU / Memory / Net / Disk"), Some(60));
    assert_eq!(units("Memory Meminfo"), Some(70));
    assert_eq!(units("Network Traffic"), Some(70));
}

#[test]
fn an_opened_row_shows_its_panels_under_it_and_pushes_the_rest_down() {
    let d = dashboard(NODE_EXPORTER_FULL);
    let saved = arrange(&d.panels, &d.variables, &RowStates::new());
    let row = saved
        .iter()
        .find(|p| p.panel.title == "CPU / Memory / Net / Disk")
        .expect("row");
    assert!(row.collapsed);
    assert_eq!(row.row_panels, 10);
    let (row_at, next_at) = (row.pos.y, row_y(&saved, "Memory Meminfo"));
    assert_eq!(next_at, row_at + 1);
    let mut states = RowStates::new();
    states.insert(row.key.clone(), false);
    let opened = arrange(&d.panels, &d.variables, &states);
    assert_grafana_grid("one row open", &opened);
    let inside = titles_between(&opened, "CPU / Memory / Net / Disk");
    // The 10 nested panels (saved at y 21, 21, 433, 433, ...) in 5 lines right under it.
    assert_eq!(inside.len(), 10);
    assert_eq!(inside[0].panel.title, "CPU");
    assert_eq!((inside[0].pos.y, inside[1].pos.y), (row_at + 1, row_at + 1));
    assert_eq!(inside[2].panel.title, "Network Traffic");
    assert_eq!(inside[2].pos.y, row_at + 13);
    let bottom = inside.iter().map(|p| p.pos.bottom()).max().expect("panels");
    assert_eq!(bottom, row_at + 61);
    // Everything below moved down by exactly the opened height, in the same order.
    assert_eq!(row_y(&opened, "Memory Meminfo"), next_at + 60);
    assert_eq!(grid_bottom(&opened), grid_bottom(&saved) + 60);
    let rows_after = |placed: &[Placed]| -> Vec<(String, u32)> {
        placed
            .iter()
            .filter(|p| p.panel.kind == PanelKind::Row && p.pos.y > row_at)
            .map(|p| (p.panel.title.clone(), p.pos.y))
            .collect()
    };
    let shifted: Vec<(String, u32)> = rows_after(&saved)
        .into_iter()
        .map(|(t, y)| (t, y + 60))
        .collect();
    assert_eq!(rows_after(&opened), shifted);
    // Saved as Grafana saves it: the row open, its panels after it.
    let saved_open = with_row_states(&d.panels, &states);
    assert_eq!(saved_open.len(), d.panels.len() + 10);
    let at = saved_open
        .iter()
        .position(|p| p.id == row.panel.id)
        .expect("row");
    assert!(!saved_open[at].collapsed && saved_open[at].children.is_empty());
    assert_eq!(saved_open[at + 1].title, "CPU");
    let places = |placed: &[Placed]| -> Vec<(String, GridRect, bool)> {
        placed
            .iter()
            .map(|p| (p.key.clone(), p.pos, p.collapsed))
            .collect()
    };
    assert_eq!(
        places(&arrange(&saved_open, &d.variables, &RowStates::new())),
        places(&opened)
    );
    // Closing it again pulls what follows back up.
    states.insert(row.key.clone(), true);
    assert_eq!(arrange(&d.panels, &d.variables, &states), saved);
    // A row saved open (Basic CPU / Mem / Net / Disk) closes and pulls the rest up by 14.
    let basic = saved
        .iter()
        .find(|p| p.panel.title == "Basic CPU / Mem / Net / Disk")
        .expect("row");
    let mut states = RowStates::new();
    states.insert(basic.key.clone(), true);
    let closed = arrange(&d.panels, &d.variables, &states);
    assert_eq!(row_y(&closed, "CPU / Memory / Net / Disk"), row_at - 14);
    assert!(titles_between(&closed, "Basic CPU / Mem / Net / Disk").is_empty());
}

const LEGACY: &str =
    include_str!("../../../../tests/fixtures/grafana/legacy/node-exporter-full-old.json");

/// Grafana's grid sorts a collapsed row's panels by position when it loads them, so the order
/// they are saved in does not matter: rfmoz NFS Full with every collapsed row's panels saved
/// in reverse opens as saved in order, the first by position right under its header (taking
/// the first as saved put the others above the header). Found by the fidelity judge's
/// placement oracle (tests/e2e/fidelity/grid-oracle.mjs) on generated layouts.
#[test]
fn a_collapsed_rows_panels_saved_out_of_order_open_as_sorted() {
    let text = include_str!("../../../../tests/fixtures/grafana/rfmoz-nfs-full.json");
    let mut json: serde_json::Value = serde_json::from_str(text).expect("fixture");
    let mut reversed_rows = 0;
    for panel in json["panels"].as_array_mut().expect("panels") {
        if panel["collapsed"] == json!(true) {
            if let Some(children) = panel["panels"].as_array_mut() {
                reversed_rows += usize::from(children.len() > 1);
                children.reverse();
            }
        }
    }
    assert!(reversed_rows >= 3, "rows reordered: {reversed_rows}");
    let in_order = dashboard(text);
    let reversed = dashboard(&json.to_string());
    let open = all_rows(&in_order, false);
    let places = |d: &Dashboard| -> Vec<(String, GridRect)> {
        arrange(&d.panels, &d.variables, &open)
            .into_iter()
            .map(|p| (p.key, p.pos))
            .collect()
    };
    assert_eq!(places(&reversed), places(&in_order));
    let placed = arrange(&reversed.panels, &reversed.variables, &open);
    assert_grafana_grid("reversed, every row open", &placed);
    for row in placed.iter().filter(|p| p.panel.kind == PanelKind::Row) {
        let under = titles_between(&placed, &row.panel.title);
        if let Some(first) = under.first() {
            assert_eq!(
                first.pos.y,
                row.pos.y + 1,
                "{} right under its row",
                first.key
            );
        }
    }
}

/// Compaction starts from the saved places, as Grafana's grid does: it pushes items down in
/// sort order, so re-basing each row on the bottom of what is above it (as `arrange` once did)
/// let a panel of the second row fall above both row headers here. A layout generated by the
/// fidelity judge's placement oracle (tests/e2e/fidelity/grid-oracle.mjs), which places it as
/// below; with that fix `arrange` and the oracle agree on 6,000 generated states and on every
/// fixture dashboard.
#[test]
fn compaction_starts_from_the_saved_places() {
    let panel = |id: u32, x: u32, y: u32, w: u32, h: u32| json!({"id": id, "type": "timeseries", "gridPos": {"x": x, "y": y, "w": w, "h": h}});
    let text = json!({"title": "generated", "schemaVersion": 39, "panels": [
        panel(1, 18, 5, 6, 5), panel(2, 0, 1, 24, 8), panel(3, 0, 1, 24, 7),
        {"id": 4, "type": "row", "collapsed": true, "gridPos": {"x": 0, "y": 20, "w": 24, "h": 1},
         "panels": [panel(5, 2, 25, 12, 7)]},
        {"id": 6, "type": "row", "collapsed": false, "gridPos": {"x": 0, "y": 21, "w": 24, "h": 1}, "panels": []},
        panel(7, 15, 25, 6, 3), panel(8, 16, 24, 6, 8), panel(9, 8, 24, 8, 1),
    ]})
    .to_string();
    let d = dashboard(&text);
    let placed = arrange(&d.panels, &d.variables, &RowStates::new());
    let at: Vec<(String, u32)> = placed.iter().map(|p| (p.key.clone(), p.pos.y)).collect();
    let want: Vec<(String, u32)> = [
        ("2", 0),
        ("3", 8),
        ("1", 15),
        ("4", 20),
        ("6", 21),
        ("9", 22),
        ("8", 22),
        ("7", 30),
    ]
    .iter()
    .map(|(k, y)| (k.to_string(), *y))
    .collect();
    assert_eq!(at, want);
    assert_grafana_grid("generated", &placed);
}

#[test]
fn legacy_rows_convert_as_grafanas_migration() {
    let d = dashboard(LEGACY);
    assert!(d.converted_from_rows);
    let rows: Vec<&crate::dashboard::Panel> = d
        .panels
        .iter()
        .filter(|p| p.kind == PanelKind::Row)
        .collect();
    assert_eq!(rows.len(), 19);
    assert_eq!(rows.iter().filter(|r| r.collapsed).count(), 15);
    // Row ids follow the largest panel id (229): no clash with a real panel.
    let row_ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    assert_eq!(row_ids, (230..249).collect::<Vec<i64>>());
    let all = d.all_panels();
    let mut ids: Vec<i64> = all.iter().map(|p| p.id).collect();
    assert_eq!(all.len(), 19 + 172);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "every id is unique");
    // Heights from the row's height: 151 px is 4 units, 46 px is Grafana's 90 px minimum (3);
    // span 2 of 12 is 4 of 24 columns.
    let cpu_busy = all.iter().find(|p| p.title == "CPU Busy").expect("panel");
    assert_eq!((cpu_busy.grid_pos.w, cpu_busy.grid_pos.h), (4, 4));
    let cores = all.iter().find(|p| p.title == "CPU Cores").expect("panel");
    assert_eq!((cores.grid_pos.w, cores.grid_pos.h), (4, 3));
    // As saved: the four open rows' panels then 15 closed headers, nothing over a header.
    let saved = arrange(&d.panels, &d.variables, &RowStates::new());
    assert_grafana_grid("legacy as saved", &saved);
    let first = &saved[0];
    assert_eq!((first.panel.kind.clone(), first.pos.y), (PanelKind::Row, 0));
    // A converted collapsed row opens with its panels right under it.
    let memory = saved
        .iter()
        .find(|p| p.panel.title == "Memory Detail Meminfo")
        .expect("row");
    assert!(memory.collapsed);
    assert_eq!(memory.row_panels, 15);
    let mut states = RowStates::new();
    states.insert(memory.key.clone(), false);
    let opened = arrange(&d.panels, &d.variables, &states);
    assert_grafana_grid("legacy with a row open", &opened);
    let inside = titles_between(&opened, "Memory Detail Meminfo");
    assert_eq!(inside.len(), 15);
    assert_eq!(inside[0].panel.title, "Memory Active / Inactive");
    assert_eq!(inside[0].pos.y, memory.pos.y + 1);
    // 375 px rows: 10-unit panels, two per line (span 6), 8 lines.
    assert!(inside.iter().all(|p| p.pos.h == 10 && p.pos.w == 12.0));
    let bottom = inside.iter().map(|p| p.pos.bottom()).max().expect("panels");
    assert_eq!(bottom, memory.pos.y + 1 + 80);
    assert_eq!(
        row_y(&opened, "Memory Detail Vmstat"),
        row_y(&saved, "Memory Detail Vmstat") + 80
    );
}

fn with_values(mut variable: Variable, values: &[&str], selected: &[&str]) -> Variable {
    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    variable.apply_query_result(&values, &VariableScope::default());
    let selected: Vec<String> = selected.iter().map(|v| v.to_string()).collect();
    variable.select(&selected);
    variable
}

const ALERTMANAGER: &str =
    include_str!("../../../../tests/fixtures/grafana/alertmanager-mixin-overview.json");

#[test]
fn repeated_panels_as_grafanas_grid_lays_them_out() {
    // alertmanager-mixin's Notifications row: two panels side by side (w 12), each repeated
    // by `integration` (hidden, include All) with no direction (horizontal) and no maxPerRow.
    let mut d = dashboard(ALERTMANAGER);
    let integrations = ["email", "opsgenie", "pagerduty", "slack", "webhook"];
    let i = d
        .variables
        .iter()
        .position(|v| v.name == "integration")
        .expect("variable");
    d.variables[i] = with_values(d.variables[i].clone(), &integrations, &["$__all"]);
    let placed = arrange(&d.panels, &d.variables, &RowStates::new());
    assert_grafana_grid("alertmanager repeats", &placed);
    let rate: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.panel.title == "$integration: Notifications Send Rate")
        .collect();
    let duration: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.panel.title == "$integration: Notification Duration")
        .collect();
    assert_eq!((rate.len(), duration.len()), (5, 5));
    // Five values, four per line: 6 columns each, a second line for the fifth; the second
    // repeated panel spans the 24 columns too, so it goes below the first.
    let pos = |p: &Placed| (p.pos.x, p.pos.y, p.pos.w, p.pos.h);
    assert_eq!(pos(rate[0]), (0.0, 9, 6.0, 7));
    assert_eq!(pos(rate[3]), (18.0, 9, 6.0, 7));
    assert_eq!(pos(rate[4]), (0.0, 16, 6.0, 7));
    assert_eq!(pos(duration[0]), (0.0, 23, 6.0, 7));
    assert_eq!(grid_bottom(&placed), 37);
    // Each copy is bound to its value, in its title and its queries.
    let scope = VariableScope::from_variables(&d.variables);
    for (copy, value) in rate.iter().zip(integrations) {
        assert_eq!(copy.panel.scoped_vars["integration"], value);
        let own = scope.with_overrides(&copy.panel.scoped_vars);
        assert_eq!(
            interpolate_text(&copy.panel.title, &own),
            format!("{value}: Notifications Send Rate")
        );
        let expr = copy.panel.targets[0].expr.as_deref().expect("expr");
        let query = interpolate_query(expr, &own);
        assert!(
            query.contains(&format!("integration=\"{value}\"")),
            "{query}"
        );
    }
    let keys: std::collections::BTreeSet<&str> = placed.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys.len(), placed.len(), "keys are unique");
    // Two values selected (as a multi-value variable): half the width each, one line.
    d.variables[i].multi = true;
    d.variables[i].select(&["slack".to_string(), "email".to_string()]);
    let two = arrange(&d.panels, &d.variables, &RowStates::new());
    let rate: Vec<&Placed> = two
        .iter()
        .filter(|p| p.panel.title.ends_with("Send Rate"))
        .collect();
    assert_eq!(rate.len(), 2);
    assert_eq!((rate[1].pos.x, rate[1].pos.w), (12.0, 12.0));
    assert_eq!(grid_bottom(&two), 23);
}

#[test]
fn repeat_direction_and_max_per_row() {
    let variable = with_values(
        Variable::from_json(&json!({"name": "instance", "type": "query", "multi": true,
            "includeAll": true, "query": "label_values(up, instance)"}))
        .expect("variable"),
        &["a:9100", "b:9100", "c:9100", "d:9100", "e:9100"],
        &["$__all"],
    );
    let d = Dashboard::from_value(json!({"panels": [
        {"id": 1, "type": "stat", "title": "Up $instance", "repeat": "instance", "maxPerRow": 6,
         "gridPos": {"x": 0, "y": 0, "w": 8, "h": 4}, "targets": [{"expr": "up{instance=\"$instance\"}"}]},
        {"id": 2, "type": "stat", "title": "Load $instance", "repeat": "instance", "repeatDirection": "v",
         "gridPos": {"x": 0, "y": 4, "w": 8, "h": 3}, "targets": [{"expr": "node_load1{instance=\"$instance\"}"}]},
        {"id": 3, "type": "timeseries", "title": "Beside", "gridPos": {"x": 8, "y": 4, "w": 16, "h": 5},
         "targets": [{"expr": "up"}]},
        {"id": 4, "type": "timeseries", "title": "Below", "gridPos": {"x": 0, "y": 9, "w": 24, "h": 5},
         "targets": [{"expr": "up"}]}
    ]}))
    .expect("dashboard");
    let placed = arrange(&d.panels, &[variable], &RowStates::new());
    assert_grafana_grid("directions", &placed);
    let find = |title: &str| -> Vec<GridRect> {
        placed
            .iter()
            .filter(|p| p.panel.title == title)
            .map(|p| p.pos)
            .collect()
    };
    // Horizontal, maxPerRow 6, 5 values: one line of five 4.8-column copies.
    let up = find("Up $instance");
    assert_eq!(up.len(), 5);
    assert!((up[1].x - 4.8).abs() < 1e-9 && (up[1].w - 4.8).abs() < 1e-9);
    assert!(up.iter().all(|p| p.y == 0));
    assert_eq!(up[4].to_attr(), "19.2,0,4.8,4");
    // Vertical: stacked at the panel's own column and width; the panel beside stays beside,
    // the one below goes below the five copies (5 x 3 units).
    let load = find("Load $instance");
    let ys: Vec<u32> = load.iter().map(|p| p.y).collect();
    assert_eq!(ys, vec![4, 7, 10, 13, 16]);
    assert!(load.iter().all(|p| p.x == 0.0 && p.w == 8.0));
    assert_eq!(find("Beside")[0].y, 4);
    assert_eq!(find("Below")[0].y, 19);
}

#[test]
fn repeated_rows_one_per_value_each_opening_on_its_own() {
    // A collapsed row repeated by instance, holding two real Node Exporter Full panels.
    let nef: serde_json::Value = serde_json::from_str(NODE_EXPORTER_FULL).expect("json");
    let nested = nef["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .find(|p| p["title"] == "CPU / Memory / Net / Disk")
        .expect("row")["panels"]
        .clone();
    let children: Vec<serde_json::Value> = nested.as_array().expect("nested")[..2].to_vec();
    let d = Dashboard::from_value(json!({"panels": [
        {"id": 100, "type": "row", "title": "Node $instance", "repeat": "instance", "collapsed": true,
         "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "panels": children},
        {"id": 101, "type": "row", "title": "After", "collapsed": false,
         "gridPos": {"x": 0, "y": 1, "w": 24, "h": 1}},
        {"id": 102, "type": "timeseries", "title": "Last", "gridPos": {"x": 0, "y": 2, "w": 24, "h": 6},
         "targets": [{"expr": "up"}]}
    ]}))
    .expect("dashboard");
    let variable = with_values(
        Variable::from_json(&json!({"name": "instance", "type": "query", "multi": true,
            "includeAll": true, "query": "label_values(up, instance)"}))
        .expect("variable"),
        &["a:9100", "b:9100", "c:9100"],
        &["a:9100", "c:9100"],
    );
    let vars = vec![variable];
    let closed = arrange(&d.panels, &vars, &RowStates::new());
    assert_grafana_grid("repeated rows closed", &closed);
    let rows: Vec<&Placed> = closed
        .iter()
        .filter(|p| p.panel.title == "Node $instance")
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.collapsed && r.row_panels == 2));
    assert_eq!((rows[0].pos.y, rows[1].pos.y), (0, 1));
    assert_eq!(rows[1].panel.scoped_vars["instance"], "c:9100");
    assert_eq!(row_y(&closed, "After"), 2);
    // Open the second copy only: its panels, bound to c:9100, right under it.
    let mut states = RowStates::new();
    states.insert(rows[1].key.clone(), false);
    let opened = arrange(&d.panels, &vars, &states);
    assert_grafana_grid("one repeated row open", &opened);
    let start = opened
        .iter()
        .position(|p| p.key == rows[1].key)
        .expect("row");
    let inside: Vec<&Placed> = opened[start + 1..]
        .iter()
        .take_while(|p| p.panel.kind != PanelKind::Row)
        .collect();
    assert_eq!(inside.len(), 2);
    assert!(inside
        .iter()
        .all(|p| p.pos.y == 2 && p.panel.scoped_vars["instance"] == "c:9100"));
    assert_eq!(row_y(&opened, "After"), 14);
    let last = opened
        .iter()
        .find(|p| p.panel.title == "Last")
        .expect("last");
    assert_eq!(last.pos.y, 15);
    assert!(
        opened
            .iter()
            .find(|p| p.key == rows[0].key)
            .expect("first")
            .collapsed
    );
}

#[test]
fn every_corpus_dashboard_compacts_without_overlap() {
    for (name, text) in CORPUS {
        let d = dashboard(text);
        for (state, states) in [
            ("as saved", RowStates::new()),
            ("all open", all_rows(&d, false)),
            ("all closed", all_rows(&d, true)),
        ] {
            let placed = arrange(&d.panels, &d.variables, &states);
            assert_grafana_grid(&format!("{name} {state}"), &placed);
            eprintln!(
                "{name} {state}: {} items, {} units",
                placed.len(),
                grid_bottom(&placed)
            );
        }
    }
}

#[test]
fn pixels_as_react_grid_layout_and_one_column_when_narrow() {
    let d = dashboard(NODE_EXPORTER_FULL);
    let placed = arrange(&d.panels, &d.variables, &RowStates::new());
    // 1592 px wide: columns of (1592 - 23 x 8) / 24 = 58.67 px.
    let rects = placed_rects(&placed, 1592.0);
    let cpu_busy = placed
        .iter()
        .position(|p| p.panel.title == "CPU Busy")
        .expect("panel");
    let r = rects[cpu_busy];
    assert_eq!((r.x, r.y, r.width, r.height), (200.0, 38.0, 192.0, 144.0));
    // Below 768 px: full width, in drawing order, each with its own height.
    let narrow = placed_rects(&placed, 700.0);
    assert!(narrow.iter().all(|r| r.x == 0.0 && r.width == 700.0));
    assert!(narrow
        .windows(2)
        .all(|w| w[1].y == w[0].y + w[0].height + 8.0));
    assert_eq!(narrow[cpu_busy].height, 144.0);
}

#[test]
fn places_point_at_their_panels_in_every_row_state() {
    // The grid reads an item's panel from its place when it mounts: the place must lead to
    // the panel it was arranged from (a nested panel of a closed row too), with its repeat
    // values, in every row state.
    for (name, text) in CORPUS {
        let d = dashboard(text);
        for states in [RowStates::new(), all_rows(&d, false), all_rows(&d, true)] {
            for place in arrange_places(&d.panels, &d.variables, &states) {
                let panel = place
                    .panel(&d.panels)
                    .unwrap_or_else(|| panic!("{name}: {} resolves", place.key));
                assert_eq!((panel.id, &panel.kind), (place.id, &place.kind), "{name}");
                assert_eq!(panel.scoped_vars, place.scoped_vars, "{name}");
                assert!(
                    place.key.starts_with(&panel_key(&panel)),
                    "{name}: {}",
                    place.key
                );
                let source = place.source_panel(&d.panels).expect("source");
                assert_eq!(source.raw, panel.raw, "{name}: {}", place.key);
            }
        }
    }
}
