//! JSON model validation: errors point at their line, column and panel.
use serde_json::json;

use super::*;
use crate::authoring::{locate, validate_dashboard_json, Problem};
use crate::dashboard::export_dashboard;

fn problems(text: &str) -> Vec<Problem> {
    validate_dashboard_json(text).expect_err("problems")
}

#[test]
fn a_syntax_error_points_at_its_line_and_column() {
    let text = "{\n  \"title\": \"x\",\n  \"panels\": [\n    {\"id\": 1,}\n  ]\n}";
    let p = problems(text);
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].line, p[0].column), (4, 14));
    assert!(
        p[0].message.starts_with("not valid JSON"),
        "{}",
        p[0].message
    );
    assert!(p[0].to_string().starts_with("line 4, column 14: "));
}

#[test]
fn model_problems_point_at_the_offending_panel() {
    let text = r#"{
  "title": "Board",
  "panels": [
    {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}},
    {"id": 1, "type": "stat", "gridPos": {"x": 6, "y": 0, "w": 6, "h": 4}},
    {"id": 3, "type": "timeseries"},
    {"id": 4, "type": "timeseries",
     "gridPos": {"x": 20, "y": 0, "w": 8, "h": 4}},
    {"id": 5, "type": "row", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 1}, "collapsed": true,
     "panels": [{"id": 6, "gridPos": {"x": 0, "y": 9, "w": 6, "h": 4}}]}
  ]
}"#;
    let found: Vec<(usize, String, String)> = problems(text)
        .into_iter()
        .map(|p| (p.line, p.pointer, p.message))
        .collect();
    assert_eq!(found[0].0, 5);
    assert_eq!(found[0].1, "/panels/1/id");
    assert!(
        found[0]
            .2
            .contains("panel id 1 is used twice (also at /panels/0)"),
        "{found:?}"
    );
    assert_eq!((found[1].0, found[1].1.as_str()), (6, "/panels/2"));
    assert!(found[1].2.contains("needs a `gridPos`"));
    assert_eq!((found[2].0, found[2].1.as_str()), (8, "/panels/3/gridPos"));
    assert!(found[2].2.contains("x + w = 28 > 24"), "{found:?}");
    assert_eq!(
        (found[3].0, found[3].1.as_str()),
        (10, "/panels/4/panels/0")
    );
    assert!(found[3].2.contains("needs a `type`"));
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn dashboard_level_problems() {
    let text = serde_json::to_string_pretty(&json!({
        "title": " ", "tags": ["a", 2], "time": {"from": "now-1h"},
        "templating": {"list": [{"name": "job"}, {"type": "custom"}, {"name": "job"}]},
        "links": [{"title": "x", "url": "javascript:alert(1)"}],
        "panels": {}
    }))
    .unwrap();
    let pointers: Vec<String> = problems(&text).into_iter().map(|p| p.pointer).collect();
    for expected in [
        "/title",
        "/tags/1",
        "/time",
        "/templating/list/1",
        "/templating/list/2",
        "/panels",
        "/links/0",
    ] {
        assert!(
            pointers.contains(&expected.to_string()),
            "{expected} in {pointers:?}"
        );
    }
    assert_eq!(
        problems("[1, 2]")[0].message,
        "a dashboard must be a JSON object"
    );
    assert!(problems(r#"{"dashboard": {}}"#)[0]
        .message
        .contains("not wrapped"));
}

#[test]
fn every_corpus_dashboard_as_exported_passes() {
    for text in [
        NODE_MIXIN_NODES,
        GO_RUNTIME,
        PROMETHEUS_OVERVIEW,
        crate::test_fixtures::NODE_EXPORTER_FULL,
    ] {
        let d = load(text);
        let exported = serde_json::to_string_pretty(&export_dashboard(&d)).unwrap();
        if let Err(problems) = validate_dashboard_json(&exported) {
            panic!("{}: {problems:?}", d.title);
        }
    }
}

#[test]
fn locating_values_by_pointer() {
    let text = "{\"a/b\": [10, {\"c~d\": \"x\"}],\n \"e\": {\"f\": [\"\\\"]\", true]}}";
    assert_eq!(locate(text, ""), Some((1, 1)));
    assert_eq!(locate(text, "/a~1b/1"), Some((1, 14)));
    assert_eq!(locate(text, "/a~1b/1/c~0d"), Some((1, 22)));
    assert_eq!(
        locate(text, "/e/f/1"),
        Some((2, 21)),
        "past a string holding a quote and a bracket"
    );
    assert_eq!(locate(text, "/e/g"), None);
    assert_eq!(locate(text, "/a~1b/5"), None);
}

#[test]
fn every_dashboard_of_the_corpus_exports_to_a_valid_model() {
    // Every Grafana dashboard in the repository's corpus (tests/fixtures/grafana and its
    // `broader` set): what the JSON editor shows of it must pass its own check.
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
            let text = std::fs::read_to_string(&path).expect("fixture");
            let Ok(d) = Dashboard::parse(&text) else {
                continue;
            };
            let exported = serde_json::to_string_pretty(&export_dashboard(&d)).unwrap();
            if let Err(problems) = validate_dashboard_json(&exported) {
                panic!("{}: {problems:?}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} dashboards checked");
}
