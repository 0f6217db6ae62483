//! Host tests of the dashboard model and variables against real JSON: the seed documents'
//! dashboards, the built-in dashboards under `public/dashboards/`, and dashboards exported
//! from Grafana (`tests/fixtures/grafana/`, see SOURCE.txt there).

use std::fs;
use std::path::{Path, PathBuf};

use meshboard::core::dashboard::{
    arrange, export_dashboard, placed_rects, toggle_row, Dashboard, DatasourceKind, PanelKind,
    RowStates,
};
use meshboard::core::panel::{panel_queries, QueryBackend};
use meshboard::core::variables::{
    interpolate_query, interpolate_text, referenced_names, refresh_plan, RefreshTrigger,
    VariableQuery, VariableScope,
};
use serde_json::Value;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The ```json blocks of the seed documents that hold a dashboard, panels or one panel.
fn seed_dashboard_blocks() -> Vec<(String, String)> {
    let seeds = manifest_dir().join("tests/fixtures/seeds");
    let mut blocks = Vec::new();
    let mut paths: Vec<PathBuf> = fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("listing {}: {e}", seeds.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let text = read(&path);
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```json") {
            let after = &rest[start + "```json".len()..];
            let Some(end) = after.find("```") else { break };
            let block = &after[..end];
            let is_panel = block.contains("\"targets\"") && block.contains("\"type\"");
            if block.contains("\"dashboard\"") || block.contains("\"panels\"") || is_panel {
                let name = path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string();
                blocks.push((name, block.to_string()));
            }
            rest = &after[end + 3..];
        }
    }
    blocks
}

/// Every panel that queries has something to query and a datasource Meshboard speaks.
fn assert_panels_usable(label: &str, dashboard: &Dashboard) {
    for panel in dashboard.all_panels() {
        if let PanelKind::Unsupported { reason, .. } = &panel.kind {
            panic!("{label}: panel `{}` unsupported: {reason}", panel.title);
        }
        assert!(
            !panel.grid_pos.is_unset(),
            "{label}: `{}` has no place",
            panel.title
        );
        if panel.kind.queries_data() {
            // PromQL/LogQL targets carry `expr`; Jaeger search targets carry a `service`.
            assert!(
                panel.active_targets().any(
                    |t| t.expr.is_some() || t.raw.get("service").is_some_and(|s| s.is_string())
                ),
                "{label}: `{}` has no query",
                panel.title
            );
        }
    }
}

/// Export keeps every key that was read, at the top level, in every variable and panel.
fn assert_round_trip(label: &str, source: &Value, dashboard: &Dashboard) {
    let exported = export_dashboard(dashboard);
    let inner = source
        .get("dashboard")
        .filter(|d| d.is_object())
        .unwrap_or(source);
    for key in inner.as_object().into_iter().flat_map(|o| o.keys()) {
        if key == "rows" && dashboard.converted_from_rows {
            continue;
        }
        assert!(exported.get(key).is_some(), "{label}: export lost `{key}`");
    }
    if !dashboard.converted_from_rows {
        let panels_in = inner
            .get("panels")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let panels_out = exported["panels"].as_array().cloned().unwrap_or_default();
        assert_eq!(panels_in.len(), panels_out.len(), "{label}: panel count");
        for (before, after) in panels_in.iter().zip(&panels_out) {
            for (key, value) in before.as_object().into_iter().flatten() {
                if key != "gridPos" {
                    assert_eq!(
                        after.get(key),
                        Some(value),
                        "{label}: panel field `{key}` changed"
                    );
                }
            }
        }
    }
    let again = Dashboard::from_value(exported.clone()).expect("exported JSON reads back");
    assert_eq!(
        export_dashboard(&again),
        exported,
        "{label}: export is not stable"
    );
}

#[test]
fn reads_every_seed_dashboard() {
    let blocks = seed_dashboard_blocks();
    // Seeds 001 (panel), 002 (overview) and 003 (three dashboards) hold dashboard JSON.
    assert!(
        blocks.len() >= 5,
        "found only {} seed dashboard blocks",
        blocks.len()
    );
    for (file, block) in blocks {
        let source: Value = serde_json::from_str(&block)
            .unwrap_or_else(|e| panic!("{file}: seed JSON does not parse: {e}"));
        // A bare panel (seed 001) is read as a one-panel dashboard.
        let source = if source.get("type").is_some() && source.get("panels").is_none() {
            serde_json::json!({ "title": "seed panel", "panels": [source] })
        } else {
            source
        };
        let dashboard = Dashboard::from_value(source.clone()).expect("seed dashboard");
        assert!(!dashboard.panels.is_empty(), "{file}: no panels");
        assert_panels_usable(&file, &dashboard);
        assert_round_trip(&file, &source, &dashboard);
    }
}

fn builtin_dir() -> PathBuf {
    manifest_dir().join("public/dashboards")
}

fn builtin_dashboards() -> Vec<(String, Value, Dashboard)> {
    json_files(&builtin_dir())
        .into_iter()
        .filter(|p| !p.ends_with("index.json"))
        .map(|path| {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let source: Value = serde_json::from_str(&read(&path)).expect("built-in JSON");
            let dashboard = Dashboard::from_value(source.clone()).expect("built-in dashboard");
            (name, source, dashboard)
        })
        .collect()
}

#[test]
fn builtin_index_lists_every_dashboard() {
    let index: Value =
        serde_json::from_str(&read(&builtin_dir().join("index.json"))).expect("index");
    let entries = index.as_array().expect("index is a list");
    let dashboards = builtin_dashboards();
    assert_eq!(entries.len(), dashboards.len());
    assert_eq!(dashboards.len(), 11);
    for entry in entries {
        let file = entry["file"].as_str().expect("file");
        let (_, _, dashboard) = dashboards
            .iter()
            .find(|(name, _, _)| name == file)
            .unwrap_or_else(|| panic!("index names missing file {file}"));
        assert_eq!(entry["uid"].as_str(), Some(dashboard.uid.as_str()));
        assert_eq!(entry["title"].as_str(), Some(dashboard.title.as_str()));
        assert!(dashboard.uid.starts_with("meshboard-"));
        let tags: Vec<&str> = entry["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            tags,
            dashboard
                .tags
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn builtin_dashboards_are_complete_and_consistent() {
    for (name, source, dashboard) in builtin_dashboards() {
        assert_eq!(dashboard.schema_version, 39, "{name}");
        assert!(dashboard.description.is_some(), "{name}: description");
        assert_panels_usable(&name, &dashboard);
        assert_round_trip(&name, &source, &dashboard);
        let plan = refresh_plan(&dashboard.variables, &RefreshTrigger::DashboardLoad);
        assert!(plan.errors.is_empty(), "{name}: {:?}", plan.errors);
        let defined: Vec<&str> = dashboard
            .variables
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        for variable in &dashboard.variables {
            if let Some(query) = variable.request(&VariableScope::default()) {
                assert!(
                    matches!(query, VariableQuery::LabelValues { .. }),
                    "{name}: {query:?}"
                );
            }
        }
        for panel in dashboard.query_panels() {
            assert!(
                panel.description.is_some(),
                "{name}: `{}` has no description",
                panel.title
            );
            // Metric panels read Prometheus, or Loki with LogQL metric queries; logs panels
            // Loki; trace panels Jaeger.
            let expected = match panel.kind {
                PanelKind::Logs => vec![DatasourceKind::Loki],
                PanelKind::Traces | PanelKind::NodeGraph => vec![DatasourceKind::Jaeger],
                _ => vec![DatasourceKind::Prometheus, DatasourceKind::Loki],
            };
            let kind = panel.datasource_kind();
            assert!(
                expected.contains(&kind),
                "{name}: {}: {kind:?}",
                panel.title
            );
            if !matches!(
                panel.kind,
                PanelKind::Logs | PanelKind::Traces | PanelKind::NodeGraph
            ) {
                let want = match kind {
                    DatasourceKind::Loki => QueryBackend::Loki,
                    _ => QueryBackend::Prometheus,
                };
                for query in panel_queries(panel, &VariableScope::default()) {
                    assert_eq!(query.backend, want, "{name}: {}", panel.title);
                }
            }
            for text in panel.variable_texts() {
                for used in referenced_names(&text) {
                    assert!(
                        used.starts_with("__") || defined.contains(&used.as_str()),
                        "{name}: `{}` uses undefined ${used}",
                        panel.title
                    );
                }
            }
        }
    }
}

#[test]
fn operations_dashboard_has_the_required_panels() {
    let dashboards = builtin_dashboards();
    let (_, _, ops) = dashboards
        .iter()
        .find(|(_, _, d)| d.uid == "meshboard-operations")
        .expect("operations dashboard");
    let kinds: Vec<&PanelKind> = ops.all_panels().into_iter().map(|p| &p.kind).collect();
    for wanted in [
        PanelKind::StateTimeline,
        PanelKind::AlertList,
        PanelKind::Heatmap,
        PanelKind::Stat,
        PanelKind::BarGauge,
        PanelKind::TimeSeries,
    ] {
        assert!(kinds.contains(&&wanted), "operations lacks {wanted:?}");
    }
    let exprs: Vec<String> = ops
        .all_panels()
        .into_iter()
        .flat_map(|p| p.targets.iter().filter_map(|t| t.expr.clone()))
        .collect();
    let has = |needle: &str| exprs.iter().any(|e| e.contains(needle));
    for needle in [
        "up{",
        "system_cpu_usage_percent",
        "system_memory_usage_bytes",
        "system_disk_usage_bytes",
        "system_network_bytes_total",
        "status=~\"5..\"",
        "histogram_quantile(0.95",
        "vector(0.999)",
        "vector(0.2)",
        "(1 - 0.999)",
    ] {
        assert!(has(needle), "operations has no query with `{needle}`");
    }
    let sli = ops
        .all_panels()
        .into_iter()
        .find(|p| p.title == "Success rate SLI (5m)")
        .expect("SLI stat");
    let steps = &sli
        .field_config
        .defaults
        .thresholds
        .as_ref()
        .expect("thresholds")
        .steps;
    assert_eq!(steps.last().and_then(|s| s.value), Some(0.999));
}

fn fixture(name: &str) -> (Value, Dashboard) {
    let path = manifest_dir().join("tests/fixtures/grafana").join(name);
    let source: Value = serde_json::from_str(&read(&path)).expect("fixture JSON");
    let dashboard = Dashboard::from_value(source.clone()).expect("fixture dashboard");
    (source, dashboard)
}

#[test]
fn reads_real_grafana_exports() {
    let dir = manifest_dir().join("tests/fixtures/grafana");
    let files = json_files(&dir);
    assert!(files.len() >= 2);
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let (source, dashboard) = fixture(&name);
        assert!(!dashboard.panels.is_empty(), "{name}");
        assert_panels_usable(&name, &dashboard);
        assert_round_trip(&name, &source, &dashboard);
    }
}

#[test]
fn converts_legacy_rows_layout() {
    let (_, d) = fixture("loki-deletion.json");
    assert!(d.converted_from_rows);
    assert_eq!(d.uid, "deletion");
    let rows: Vec<_> = d
        .panels
        .iter()
        .filter(|p| p.kind == PanelKind::Row)
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1].title, "Churn");
    // Headlines: two span-6 singlestats at height 100px (3 units) after the row header.
    let first = &d.panels[1];
    assert_eq!(first.kind, PanelKind::Stat);
    assert_eq!(
        (
            first.grid_pos.x,
            first.grid_pos.y,
            first.grid_pos.w,
            first.grid_pos.h
        ),
        (0, 1, 12, 3)
    );
    assert_eq!(d.panels[2].grid_pos.x, 12);
    assert_eq!(rows[1].grid_pos.y, 4);
    assert_eq!(first.field_config.defaults.unit, None);
    assert_eq!(
        d.panels[2].field_config.defaults.unit.as_deref(),
        Some("dtdurations")
    );
    let logs: Vec<_> = d
        .all_panels()
        .into_iter()
        .filter(|p| p.kind == PanelKind::Logs)
        .collect();
    assert_eq!(logs.len(), 2);
    assert_eq!(
        logs[0].datasource_kind(),
        DatasourceKind::Configured("$loki_datasource".into())
    );
    let exported = export_dashboard(&d);
    assert!(exported.get("rows").is_none());
    assert!(exported["panels"][1]["gridPos"]["w"].as_u64() == Some(12));
    assert_eq!(exported["schemaVersion"], 16);
}

#[test]
fn unknown_panels_degrade_without_breaking_the_dashboard() {
    let d = Dashboard::parse(
        r#"{"title": "odd", "panels": [
            {"id": 1, "type": "grafana-piechart-panel", "title": "Pie", "gridPos": {"x": 0, "y": 0, "w": 8, "h": 8}},
            {"id": 2, "type": "timeseries", "title": "ES", "datasource": {"type": "elasticsearch", "uid": "es"},
             "targets": [{"query": "*"}], "gridPos": {"x": 8, "y": 0, "w": 8, "h": 8}},
            {"id": 3, "type": "timeseries", "title": "ok", "targets": [{"expr": "up"}], "gridPos": {"x": 16, "y": 0, "w": 8, "h": 8}},
            {"id": 4, "type": "stat", "title": "no pos", "targets": [{"expr": "up"}], "fieldConfig": "garbage", "options": 7},
            42
        ]}"#,
    )
    .expect("dashboard with odd panels");
    assert_eq!(d.panels.len(), 5);
    match &d.panels[0].kind {
        PanelKind::Unsupported { type_name, reason } => {
            assert_eq!(type_name, "grafana-piechart-panel");
            assert!(reason.contains("panel type `grafana-piechart-panel` is not supported"));
        }
        other => panic!("{other:?}"),
    }
    match &d.panels[1].kind {
        PanelKind::Unsupported { reason, .. } => {
            assert!(reason.contains("datasource plugin `elasticsearch` is not supported"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.panels[2].kind, PanelKind::TimeSeries);
    assert_eq!(d.panels[3].kind, PanelKind::Stat);
    assert_eq!(
        d.panels[3].grid_pos.y, 8,
        "placed below the positioned panels"
    );
    assert!(matches!(d.panels[4].kind, PanelKind::Unsupported { .. }));
    assert_eq!(d.query_panels().len(), 2);
}

#[test]
fn interpolates_dashboard_variables_in_every_syntax() {
    let dashboards = builtin_dashboards();
    let (_, _, ops) = dashboards
        .iter()
        .find(|(_, _, d)| d.uid == "meshboard-operations")
        .expect("operations");
    let mut variables = ops.variables.clone();
    let scope = VariableScope::default();
    let job = variables
        .iter_mut()
        .find(|v| v.name == "job")
        .expect("job variable");
    job.apply_query_result(
        &["agent-mesh".into(), "fedzk".into(), "registry_a".into()],
        &scope,
    );
    job.select(&["agent-mesh".into(), "registry_a".into()]);
    let scope = VariableScope::from_variables(&variables);
    let cases = [
        ("up{job=~\"$job\"}", "up{job=~\"(agent-mesh|registry_a)\"}"),
        (
            "up{job=~\"${job}\"}",
            "up{job=~\"(agent-mesh|registry_a)\"}",
        ),
        (
            "up{job=~\"[[job]]\"}",
            "up{job=~\"(agent-mesh|registry_a)\"}",
        ),
        ("${job:regex}", "(agent-mesh|registry_a)"),
        ("${job:pipe}", "agent-mesh|registry_a"),
        ("${job:csv}", "agent-mesh,registry_a"),
        ("${job:raw}", "agent-mesh,registry_a"),
        ("${job:json}", "[\"agent-mesh\",\"registry_a\"]"),
        ("${job:text}", "agent-mesh + registry_a"),
        ("rate(x[$__rate_interval])", "rate(x[$__rate_interval])"),
    ];
    for (template, expected) in cases {
        assert_eq!(interpolate_query(template, &scope), expected, "{template}");
    }
    assert_eq!(
        interpolate_text("Jobs: $job", &scope),
        "Jobs: agent-mesh + registry_a"
    );
    // The chained instance variable's request carries the job selection.
    let instance = variables
        .iter()
        .find(|v| v.name == "instance")
        .expect("instance");
    assert_eq!(
        instance.request(&scope),
        Some(VariableQuery::LabelValues {
            metric: Some("up{job=~\"(agent-mesh|registry_a)\"}".into()),
            label: "instance".into()
        })
    );
}

#[test]
fn chained_variables_refresh_in_order_once() {
    let (_, loki) = fixture("loki-deletion.json");
    let names = |d: &Dashboard, order: &[usize]| -> Vec<String> {
        order.iter().map(|&i| d.variables[i].name.clone()).collect()
    };
    let plan = refresh_plan(&loki.variables, &RefreshTrigger::DashboardLoad);
    assert_eq!(names(&loki, &plan.order), vec!["cluster", "namespace"]);
    let plan = refresh_plan(
        &loki.variables,
        &RefreshTrigger::VariableChanged("cluster".into()),
    );
    assert_eq!(names(&loki, &plan.order), vec!["namespace"]);
    // The datasource variable feeds both query variables (their `datasource: $datasource`).
    let plan = refresh_plan(
        &loki.variables,
        &RefreshTrigger::VariableChanged("datasource".into()),
    );
    assert_eq!(names(&loki, &plan.order), vec!["cluster", "namespace"]);

    let dashboards = builtin_dashboards();
    let (_, _, fl) = dashboards
        .iter()
        .find(|(_, _, d)| d.uid == "meshboard-federated-learning")
        .expect("federated learning");
    let plan = refresh_plan(
        &fl.variables,
        &RefreshTrigger::VariableChanged("node_role".into()),
    );
    assert_eq!(names(fl, &plan.order), vec!["instance"]);
    let affected = fl.panels_affected_by(&["node_role".into()]);
    let fedzk_panel = fl
        .all_panels()
        .into_iter()
        .find(|p| p.title == "MPC operations")
        .expect("mpc");
    assert!(
        !affected.contains(&fedzk_panel.id),
        "FEDzk panels do not use node_role"
    );
    assert!(affected.len() > 10);
}

#[test]
fn narrow_viewport_gives_one_column_and_rows_toggle() {
    let dashboards = builtin_dashboards();
    let (_, _, ops) = dashboards
        .iter()
        .find(|(_, _, d)| d.uid == "meshboard-operations")
        .expect("operations");
    let placed = arrange(&ops.panels, &ops.variables, &RowStates::new());
    let wide = placed_rects(&placed, 1600.0);
    assert!(wide.iter().any(|r| r.x > 0.0));
    let narrow = placed_rects(&placed, 400.0);
    assert_eq!(narrow.len(), placed.len());
    assert!(narrow.iter().all(|r| r.x == 0.0 && r.width == 400.0));
    assert!(narrow.windows(2).all(|w| w[1].y > w[0].y));

    let mut panels = ops.panels.clone();
    let before = panels.len();
    assert!(toggle_row(&mut panels, 0));
    assert!(panels.len() < before);
    assert!(toggle_row(&mut panels, 0));
    assert_eq!(panels.len(), before);
    let positions = |ps: &[meshboard::core::dashboard::Panel]| {
        ps.iter().map(|p| p.grid_pos).collect::<Vec<_>>()
    };
    assert_eq!(positions(&panels), positions(&ops.panels));
}
