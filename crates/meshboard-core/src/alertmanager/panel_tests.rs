//! The `alertlist` panel's model and the embed's firing set, against the alerts and silences
//! recorded from Alertmanager 0.25 (`tests/fixtures/alertmanager/`, see SOURCE.txt there).

use serde_json::json;

use super::alertlist::*;
use super::api::{parse_alerts, parse_silences};
use super::firing::*;

const ALERTS: &str = include_str!("../../../../tests/fixtures/alertmanager/alerts.json");
const SILENCES: &str = include_str!("../../../../tests/fixtures/alertmanager/silences.json");

fn am_items() -> Vec<AlertListItem> {
    items_from_alertmanager(
        &parse_alerts(ALERTS).unwrap(),
        &parse_silences(SILENCES).unwrap(),
    )
}

fn options(panel: serde_json::Value) -> AlertListOptions {
    AlertListOptions::from_panel(&panel).unwrap()
}

fn names(view: &AlertListView) -> Vec<(String, String)> {
    view.groups
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| {
            let instance = i.labels.get("instance").cloned().unwrap_or_default();
            (i.name.clone(), instance)
        })
        .collect()
}

#[test]
fn the_source_is_alertmanager_when_the_panel_names_it_any_way_grafana_writes_it() {
    let source = |panel: serde_json::Value| alert_source(&panel);
    assert_eq!(
        source(json!({"type": "alertlist"})),
        AlertSource::Prometheus
    );
    assert_eq!(
        source(json!({"datasource": {"type": "alertmanager", "uid": "am"}})),
        AlertSource::Alertmanager
    );
    assert_eq!(
        source(json!({"options": {"datasource": "Alertmanager"}})),
        AlertSource::Alertmanager
    );
    assert_eq!(
        source(json!({"options": {"alertmanager": "ops-am"}})),
        AlertSource::Alertmanager
    );
    // Grafana's own Alertmanager and a Prometheus rules source are not ours to read there.
    assert_eq!(
        source(json!({"options": {"alertmanager": "grafana", "datasource": "prometheus"}})),
        AlertSource::Prometheus
    );
}

#[test]
fn options_take_grafanas_defaults_and_refuse_a_bad_label_filter_in_alertmanagers_words() {
    let o = options(json!({}));
    assert_eq!(o.max_items, DEFAULT_MAX_ITEMS);
    assert_eq!(o.sort_order, SortOrder::AlphaAsc);
    assert!(o.state_filter.firing && o.state_filter.pending && o.state_filter.suppressed);
    assert!(o.group_by.is_empty() && !o.stat_view);
    // groupBy only counts in custom mode.
    let o = options(json!({"options": {"groupMode": "default", "groupBy": ["job"]}}));
    assert!(o.group_by.is_empty());
    let error =
        AlertListOptions::from_panel(&json!({"options": {"alertInstanceLabelFilter": "instance"}}))
            .unwrap_err();
    assert_eq!(error, "Label filter: bad matcher format: instance");
}

#[test]
fn alertmanager_items_name_what_suppresses_them() {
    let items = am_items();
    let by_key = |key: &str| items.iter().find(|i| i.key == key).unwrap().clone();
    let silenced = by_key("2341e1b9c1f32267");
    assert_eq!(silenced.state, "suppressed");
    assert_eq!(
        silenced.silenced_by,
        vec![Suppressor {
            id: "dca7bd18-512e-4360-a710-ca0a1912816a".into(),
            text: "ops@example.org: ledger migration".into(),
        }]
    );
    // Its generator URL is a javascript: URL: no link is made of it.
    assert_eq!(silenced.explore_path, None);
    let inhibited = by_key("645b742a80058827");
    assert_eq!(
        inhibited.inhibited_by,
        vec![Suppressor {
            id: "ae60ac801e2cc5a4".into(),
            text: "MeshNodeDown (node-03:9100)".into(),
        }]
    );
    assert_eq!(
        inhibited.explore_path.as_deref(),
        Some("/explore/metrics?query=mesh_peers%20%3C%203")
    );
    let down = by_key("ae60ac801e2cc5a4");
    assert_eq!(
        (down.state.as_str(), down.severity.as_str()),
        ("active", "critical")
    );
    assert!(down.silenced_by.is_empty() && down.inhibited_by.is_empty());
    assert_eq!(by_key("448881ef475b9b26").severity, "none");
}

#[test]
fn importance_puts_active_critical_alerts_first_and_max_items_cuts_after_sorting() {
    let o = options(json!({"options": {"sortOrder": 3, "maxItems": 3}}));
    let view = arrange(am_items(), &o);
    assert_eq!(view.matched, 5);
    assert_eq!(
        names(&view),
        vec![
            ("MeshNodeDown".into(), "node-03:9100".into()),
            ("LowPeerCount".into(), "node-07:9100".into()),
            ("Watchdog".into(), String::new()),
        ]
    );
    let desc = arrange(am_items(), &options(json!({"options": {"sortOrder": 2}})));
    assert_eq!(names(&desc)[0].0, "Watchdog");
    assert_eq!(names(&desc)[4].0, "LowPeerCount");
}

#[test]
fn state_name_and_label_filters_keep_what_they_say() {
    let only_firing = json!({"options": {"stateFilter": {"firing": true, "pending": false, "suppressed": false}}});
    let view = arrange(am_items(), &options(only_firing));
    let states: Vec<String> = view.groups[0]
        .items
        .iter()
        .map(|i| i.state.clone())
        .collect();
    assert_eq!(states, vec!["active"; 3]);
    // Grafana's own stateFilter (no `suppressed`) keeps the suppressed ones with the firing.
    let grafana = json!({"options": {"stateFilter": {"firing": true, "pending": true}}});
    assert_eq!(arrange(am_items(), &options(grafana)).matched, 5);
    let by_label = json!({"options": {"alertInstanceLabelFilter": "{severity=~\"warn.*\", instance!=\"node-07:9100\"}", "alertName": "peer"}});
    let view = arrange(am_items(), &options(by_label));
    assert_eq!(
        names(&view),
        vec![("LowPeerCount".into(), "node-03:9100".into())]
    );
    // The legacy panel's list form and `limit`, at the panel's root.
    let legacy = options(json!({"stateFilter": ["pending"], "limit": 2, "sortOrder": 2}));
    assert_eq!(legacy.sort_order, SortOrder::AlphaDesc);
    assert_eq!(
        (
            legacy.state_filter.firing,
            legacy.state_filter.pending,
            legacy.max_items
        ),
        (false, true, 2)
    );
    let none = json!({"options": {"alertName": "nothing like it"}});
    let view = arrange(am_items(), &options(none));
    assert_eq!((view.matched, view.groups.len()), (0, 0));
}

#[test]
fn custom_grouping_heads_groups_by_their_labels_in_order_of_importance() {
    let o = json!({"options": {"sortOrder": 3, "groupMode": "custom", "groupBy": ["severity"]}});
    let view = arrange(am_items(), &options(o));
    let headings: Vec<(&str, usize)> = view
        .groups
        .iter()
        .map(|g| (g.heading.as_str(), g.items.len()))
        .collect();
    assert_eq!(
        headings,
        vec![
            ("severity=\"critical\"", 1),
            ("severity=\"warning\"", 3),
            ("severity=\"none\"", 1),
        ]
    );
    // An alert without the grouping label goes under its own heading.
    let o = json!({"options": {"groupMode": "custom", "groupBy": ["instance"]}});
    let view = arrange(am_items(), &options(o));
    let last = view.groups.last().unwrap();
    assert_eq!(
        (last.heading.as_str(), last.items[0].name.as_str()),
        ("No grouping labels", "Watchdog")
    );
}

#[test]
fn prometheus_alerts_keep_firing_and_pending_only() {
    let alert = |state: &str, at: &str| -> crate::prometheus::Alert {
        serde_json::from_value(json!({
            "labels": {"alertname": format!("A{at}"), "severity": "page"}, "annotations": {"summary": "s"},
            "state": state, "activeAt": format!("2024-01-01T00:00:0{at}Z"), "value": "1"
        }))
        .unwrap()
    };
    let items = items_from_prometheus(&[
        alert("pending", "1"),
        alert("inactive", "2"),
        alert("firing", "3"),
    ]);
    let view = arrange(items, &options(json!({"options": {"sortOrder": 3}})));
    let states: Vec<(&str, &str)> = view.groups[0]
        .items
        .iter()
        .map(|i| (i.state.as_str(), i.summary.as_str()))
        .collect();
    assert_eq!(states, vec![("firing", "s"), ("pending", "s")]);
    let pending_only = json!({"options": {"stateFilter": {"firing": false, "pending": true}}});
    let items = items_from_prometheus(&[alert("pending", "1"), alert("firing", "3")]);
    assert_eq!(arrange(items, &options(pending_only)).matched, 1);
}

#[test]
fn the_firing_set_changes_only_when_alerts_start_stop_or_change_state() {
    let alerts = parse_alerts(ALERTS).unwrap();
    let all = firing_set(&alerts);
    let first = firing_change(None, &all).expect("the first look is told");
    assert_eq!(first.added.len(), 5);
    assert_eq!(
        firing_change(Some(&all), &all),
        None,
        "the same poll again says nothing"
    );
    let fewer = firing_set(&alerts[1..]);
    let change = firing_change(Some(&all), &fewer).unwrap();
    assert_eq!(change.removed, vec!["2341e1b9c1f32267".to_string()]);
    assert!(change.added.is_empty() && change.changed.is_empty());
    let mut silenced = all.clone();
    silenced.get_mut("ae60ac801e2cc5a4").unwrap().state = "suppressed".into();
    let change = firing_change(Some(&all), &silenced).unwrap();
    assert_eq!(change.changed, vec!["ae60ac801e2cc5a4".to_string()]);
    let empty = FiringSet::new();
    assert_eq!(firing_change(Some(&empty), &empty), None);
    assert!(
        firing_change(None, &empty).is_some(),
        "an empty first set is told too"
    );

    let event: serde_json::Value =
        serde_json::from_str(&firing_alerts_changed_event(&all, &first)).unwrap();
    assert_eq!(event["type"], "firingAlertsChanged");
    assert_eq!(event["source"], "meshboard");
    assert_eq!(
        (event["count"].as_u64(), event["active"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(event["alerts"][4]["alertname"], "MeshNodeDown");
    assert_eq!(event["alerts"][4]["state"], "active");
}
