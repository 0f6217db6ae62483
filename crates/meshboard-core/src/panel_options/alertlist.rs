//! The alert list panel's option groups (Grafana's `alertlist/module.tsx`: Options — view
//! mode, group mode and labels, max items, sort order, alerts of this dashboard; Filter —
//! alert name, alert instance label, datasource; Alert state filter — the state switches),
//! written at the JSON paths the panel reads (`crate::alertmanager::alertlist`). What needs
//! more than a plain value is here: the state filter (Meshboard reads an object that names
//! some states as "only these", so a switch writes every state it knows), the group-by labels
//! typed as a list, the label filter checked with Alertmanager's grammar, and the source.

use serde_json::{json, Value};

use crate::alertmanager::alertlist::{alert_source, AlertListOptions, AlertSource};
use crate::alertmanager::parse_matchers;

/// Grafana's `sortOrder` choices (stored as numbers 1–5).
pub const SORT_ORDERS: &[(&str, &str)] = &[
    ("1", "Alphabetical (asc)"),
    ("2", "Alphabetical (desc)"),
    ("3", "Importance"),
    ("4", "Time (asc)"),
    ("5", "Time (desc)"),
];

/// `viewMode` choices.
pub const VIEW_MODES: &[(&str, &str)] = &[("list", "List"), ("stat", "Stat")];

/// `groupMode` choices.
pub const GROUP_MODES: &[(&str, &str)] = &[
    ("default", "Default grouping"),
    ("custom", "Custom grouping"),
];

/// The state switches: the key in `stateFilter` and its label. Grafana's are firing and
/// pending (recovering, no data, normal and error are Grafana-managed rule states Prometheus
/// and Alertmanager never report); `suppressed` is Meshboard's for Alertmanager's silenced or
/// inhibited alerts.
pub const STATES: &[(&str, &str)] = &[
    ("firing", "Alerting / Firing"),
    ("pending", "Pending"),
    ("suppressed", "Suppressed (silenced or inhibited)"),
];

/// Where the alerts come from: `"prometheus"` or `"alertmanager"`.
pub const SOURCES: &[(&str, &str)] = &[
    ("prometheus", "Prometheus"),
    ("alertmanager", "Alertmanager"),
];

/// Which states the panel now keeps, by `STATES` key.
pub fn state_kept(panel: &Value, key: &str) -> bool {
    let filter = AlertListOptions::from_panel(&json!({
        "options": {"stateFilter": panel.pointer("/options/stateFilter").cloned()}
    }))
    .map(|o| o.state_filter);
    filter.is_ok_and(|f| match key {
        "firing" => f.firing,
        "pending" => f.pending,
        "suppressed" => f.suppressed,
        _ => false,
    })
}

/// The `stateFilter` after switching `key` on or off: every state written, as the panel reads
/// an object naming some states as "only these".
pub fn state_filter_json(panel: &Value, key: &str, on: bool) -> Value {
    let mut out = serde_json::Map::new();
    for (state, _) in STATES {
        let kept = if *state == key {
            on
        } else {
            state_kept(panel, state)
        };
        out.insert(state.to_string(), Value::Bool(kept));
    }
    Value::Object(out)
}

/// The group-by labels as typed: comma separated.
pub fn group_by_text(panel: &Value) -> String {
    panel
        .pointer("/options/groupBy")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The `groupBy` list for typed labels (`None` when none).
pub fn group_by_json(text: &str) -> Option<Value> {
    let labels: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    (!labels.is_empty()).then(|| json!(labels))
}

/// Why a typed alert instance label filter is refused (Alertmanager's matcher grammar), or
/// `None` when it is empty or fine.
pub fn label_filter_problem(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text == "{}" {
        return None;
    }
    parse_matchers(text).err()
}

/// The source the panel reads now, as a `SOURCES` key.
pub fn source_key(panel: &Value) -> &'static str {
    match alert_source(panel) {
        AlertSource::Alertmanager => "alertmanager",
        AlertSource::Prometheus => "prometheus",
    }
}

/// The `options.datasource` for a chosen source: Alertmanager named, Prometheus the default
/// (left out).
pub fn source_json(key: &str) -> Option<Value> {
    (key == "alertmanager").then(|| json!("alertmanager"))
}
