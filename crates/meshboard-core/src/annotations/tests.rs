//! Annotation entries from real dashboards' JSON, their events as Grafana makes them, and
//! their place on a drawn chart.

use super::*;
use crate::chart::marks::tests::drawn_model;
use crate::dashboard::Dashboard;
use crate::loki::{LogEntry, NsTime};
use crate::test_fixtures::series;
use crate::variables::ScopedValue;
use serde_json::json;

fn sources(list: serde_json::Value, scope: &VariableScope) -> Vec<AnnotationSource> {
    let dashboard = Dashboard::from_value(json!({"annotations": {"list": list}, "panels": []}))
        .expect("a dashboard");
    annotation_sources(&dashboard.annotations, scope)
}

/// FUSAKLA's Prometheus 2.0 dashboard (tests/fixtures/grafana/broader/fusakla-prometheus2.json),
/// its "Restart" entry as written, and the built-in and Grafana-store entries every Grafana
/// dashboard has.
fn real_list() -> serde_json::Value {
    json!([
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": true,
         "hide": true, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts",
         "type": "dashboard"},
        {"datasource": "$datasource", "enable": true,
         "expr": "clamp_min(up{instance=~\"$instance\"} == 0,1)", "hide": false,
         "iconColor": "#E02F44", "name": "Restart", "showIn": 0, "tagKeys": "instance,job",
         "textFormat": "prometheus has restarted", "titleFormat": "Rrestart"},
        {"datasource": {"type": "datasource", "uid": "grafana"}, "enable": true, "hide": false,
         "iconColor": "red", "name": "oncall",
         "target": {"limit": 100, "matchAny": false, "tags": ["oncall"], "type": "tags"}},
        {"datasource": {"type": "loki", "uid": "loki"}, "enable": false, "name": "Deploys",
         "expr": "{job=\"deployer\"} |= \"deployed\"", "iconColor": "green",
         "filter": {"exclude": true, "ids": [4]}}
    ])
}

#[test]
fn entries_are_read_as_grafana_runs_them() {
    let mut scope = VariableScope::default();
    scope.insert("instance", ScopedValue::single("node-1:9100"));
    scope.insert("datasource", ScopedValue::single("Prometheus"));
    let s = sources(real_list(), &scope);
    assert_eq!(s.len(), 3, "the Grafana-store entry is left out: {s:?}");
    let built_in = &s[0];
    assert!(built_in.built_in && built_in.hidden_toggle && built_in.enabled);
    assert_eq!(built_in.expr, "ALERTS{alertstate=\"firing\"}");
    assert_eq!(built_in.color, "rgba(0, 211, 255, 1)");
    let restart = &s[1];
    assert_eq!(restart.index, 1);
    assert_eq!(restart.backend, AnnotationBackend::Prometheus);
    assert_eq!(
        restart.expr,
        "clamp_min(up{instance=~\"node-1:9100\"} == 0,1)"
    );
    assert_eq!(restart.step_ms, 60_000.0, "Grafana's default step");
    assert_eq!(restart.tag_keys, vec!["instance", "job"]);
    assert_eq!(restart.color, "#E02F44");
    let deploys = &s[2];
    assert_eq!(deploys.index, 3);
    assert_eq!(deploys.backend, AnnotationBackend::Loki);
    assert!(!deploys.enabled);
    assert_eq!(deploys.color, css_color("green"));
    assert!(
        deploys.applies_to(1) && !deploys.applies_to(4),
        "exclude panel 4"
    );
    assert!(restart.applies_to(4));
}

#[test]
fn grafana_10_entries_keep_the_query_in_target() {
    let s = sources(
        json!([{"datasource": {"type": "prometheus", "uid": "p"}, "enable": true, "name": "Reloads",
            "target": {"expr": "changes(process_start_time_seconds[5m]) > 0", "interval": "5m",
                       "refId": "Anno"},
            "titleFormat": "{{job}} restarted", "filter": {"ids": [2, 3]}}]),
        &VariableScope::default(),
    );
    assert_eq!(s[0].expr, "changes(process_start_time_seconds[5m]) > 0");
    assert_eq!(s[0].step_ms, 300_000.0);
    assert!(s[0].applies_to(2) && !s[0].applies_to(1));
}

#[test]
fn samples_above_zero_within_a_step_merge_into_regions() {
    let source = &sources(real_list(), &VariableScope::default())[1];
    let min = 60_000.0;
    let frame = Frame {
        series: vec![
            series(
                &[("instance", "node-1:9100"), ("job", "node")],
                &[
                    (0.0, 1.0),
                    (min, 1.0),
                    (2.0 * min, 0.0),
                    (3.0 * min, 1.0),
                    (5.0 * min, 1.0),
                    (7.0 * min, 1.0),
                ],
            ),
            series(&[("instance", "node-2:9100")], &[(4.0 * min, 0.0)]),
        ],
        notices: Vec::new(),
    };
    let events = prometheus_events(source, &frame);
    let spans: Vec<(f64, f64)> = events.iter().map(|e| (e.time_ms, e.end_ms)).collect();
    // 0..1 min is one region; 3 min stands alone (5 min is two steps later); 5 and 7 min
    // are two steps apart too: three moments in all after the first region.
    assert_eq!(
        spans,
        vec![
            (0.0, min),
            (3.0 * min, 3.0 * min),
            (5.0 * min, 5.0 * min),
            (7.0 * min, 7.0 * min)
        ]
    );
    let first = &events[0];
    assert_eq!(first.title, "Rrestart");
    assert_eq!(first.text, "prometheus has restarted");
    assert_eq!(first.tags, vec!["node-1:9100", "node"]);
    assert_eq!(first.color, "#E02F44");
    assert_eq!(first.source, 1);
}

#[test]
fn firing_alerts_become_one_region_per_alert() {
    let source = &sources(real_list(), &VariableScope::default())[0];
    let frame = Frame {
        series: vec![series(
            &[
                ("alertname", "NodeDown"),
                ("alertstate", "firing"),
                ("instance", "a"),
            ],
            &[(60_000.0, 1.0), (120_000.0, 1.0), (180_000.0, 1.0)],
        )],
        notices: Vec::new(),
    };
    let events = prometheus_events(source, &frame);
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].time_ms, events[0].end_ms), (60_000.0, 180_000.0));
    assert_eq!(events[0].title, "NodeDown");
}

#[test]
fn use_value_for_time_reads_the_value_as_the_time() {
    let mut source = sources(real_list(), &VariableScope::default())[1].clone();
    source.use_value_for_time = true;
    let frame = Frame {
        series: vec![series(
            &[],
            &[(0.0, 1_700_000_000_123.9), (60_000.0, 1_700_000_000_123.9)],
        )],
        notices: Vec::new(),
    };
    let events = prometheus_events(&source, &frame);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].time_ms, 1_700_000_000_123.0);
}

#[test]
fn loki_lines_are_events_with_the_line_as_text() {
    let source = &sources(real_list(), &VariableScope::default())[2];
    let stream = LogStream {
        labels: [("job".to_string(), "deployer".to_string())].into(),
        entries: vec![LogEntry {
            ts: NsTime::from_millis(5_000),
            line: "deployed api v1.2".into(),
            structured_metadata: Labels::new(),
            parsed: Labels::new(),
        }],
    };
    let events = loki_events(source, &[stream]);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].time_ms, 5_000.0);
    assert_eq!(events[0].text, "deployed api v1.2");
    assert_eq!(
        events[0].title, "Deploys",
        "no titleFormat: the entry's name"
    );
}

#[test]
fn events_are_placed_on_the_plot_and_regions_clipped_to_it() {
    let m = drawn_model();
    let g = m.geometry();
    let plot = g.layout.plot;
    let ev = |t: f64, end: f64| AnnotationEvent {
        source: 0,
        time_ms: t,
        end_ms: end,
        title: "t".into(),
        text: String::new(),
        tags: Vec::new(),
        color: "red".into(),
    };
    let placed = place_annotations(
        g,
        &[
            ev(5_000.0, 5_000.0),
            ev(-5_000.0, 2_000.0),
            ev(20_000.0, 30_000.0),
        ],
    );
    assert_eq!(placed.len(), 2, "the event after the range is left out");
    let moment = &placed[0];
    assert_eq!(moment.x, g.x_scale.to_px(5_000.0));
    assert_eq!(moment.width, 0.0);
    assert_eq!((moment.top, moment.height), (plot.y, plot.h));
    let region = &placed[1];
    assert_eq!(region.x, plot.x, "clipped at the plot's left edge");
    assert_eq!(region.x + region.width, g.x_scale.to_px(2_000.0));
}

#[test]
fn requests_are_aligned_to_the_step() {
    let s = sources(real_list(), &VariableScope::default());
    let request = prometheus_request(&s[1], (90_000.0, 3_630_000.0));
    assert_eq!(
        request,
        PromRequest::QueryRange {
            query: s[1].expr.clone(),
            start_ms: 60_000.0,
            end_ms: 3_600_000.0,
            step_ms: 60_000.0,
        }
    );
    let loki = loki_request(&s[2], (1_000.0, 2_000.0));
    assert_eq!(loki.limit, Some(100));
    assert_eq!(loki.start, NsTime::from_millis(1_000));
    assert_eq!(loki.query, "{job=\"deployer\"} |= \"deployed\"");
}
