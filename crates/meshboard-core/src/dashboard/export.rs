//! Export back to Grafana JSON: the dashboard as read, every field kept, with the current
//! time range, refresh, variable selections and panel layout (gridPos, row state) written in.

use serde_json::{json, Map, Value};

use super::model::Dashboard;
use super::panel::Panel;

/// The lowest schema version that has `panels` with `gridPos` (rows[] converted).
const GRID_SCHEMA_VERSION: i64 = 16;

/// The dashboard as a plain Grafana dashboard object (without the `{"dashboard": ...}`
/// wrapper, as Grafana's "Export" writes it).
pub fn export_dashboard(dashboard: &Dashboard) -> Value {
    let mut root = match &dashboard.original {
        Value::Object(map) => map.clone(),
        _ => Map::new(),
    };
    root.insert("title".into(), json!(dashboard.title));
    if !dashboard.uid.is_empty() {
        root.insert("uid".into(), json!(dashboard.uid));
    }
    let mut time = root
        .get("time")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    time.insert("from".into(), json!(dashboard.time.from));
    time.insert("to".into(), json!(dashboard.time.to));
    root.insert("time".into(), Value::Object(time));
    root.insert(
        "refresh".into(),
        match &dashboard.refresh {
            Some(refresh) => json!(refresh),
            None => json!(""),
        },
    );
    root.insert(
        "templating".into(),
        export_templating(dashboard, root.get("templating")),
    );
    root.insert(
        "panels".into(),
        Value::Array(dashboard.panels.iter().map(Panel::to_json).collect()),
    );
    if dashboard.converted_from_rows {
        root.remove("rows");
        let version = dashboard.schema_version.max(GRID_SCHEMA_VERSION);
        root.insert("schemaVersion".into(), json!(version));
    }
    Value::Object(root)
}

/// `templating.list` with each known variable's current selection written back; entries the
/// model could not read (no name) stay where they were.
fn export_templating(dashboard: &Dashboard, original: Option<&Value>) -> Value {
    let mut templating = original
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let original_list: Vec<Value> = original
        .and_then(|t| t.get("list"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut written = vec![false; dashboard.variables.len()];
    let mut list: Vec<Value> = original_list
        .into_iter()
        .map(|entry| {
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match dashboard.variables.iter().position(|v| v.name == name) {
                Some(i) if !name.is_empty() && !written[i] => {
                    written[i] = true;
                    dashboard.variables[i].to_json()
                }
                _ => entry,
            }
        })
        .collect();
    // Variables added in the app (not in the original JSON) go at the end.
    for (i, variable) in dashboard.variables.iter().enumerate() {
        if !written[i] {
            list.push(variable.to_json());
        }
    }
    templating.insert("list".into(), Value::Array(list));
    Value::Object(templating)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_fields_and_writes_state() {
        let source = json!({
            "uid": "u", "title": "T", "weird": {"kept": [1, 2]}, "schemaVersion": 39,
            "time": {"from": "now-1h", "to": "now", "extra": 1},
            "templating": {"enable": true, "list": [
                {"name": "env", "type": "custom", "query": "a,b", "current": {"text": "a", "value": "a"}, "custom_field": "x"},
                {"type": "nameless"}
            ]},
            "panels": [{"id": 3, "type": "timeseries", "pluginVersion": "10.0", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
                        "targets": [{"expr": "up", "refId": "A", "exemplar": true}]}]
        });
        let mut d = Dashboard::from_value(source).expect("dashboard");
        d.time.from = "now-24h".into();
        d.refresh = Some("1m".into());
        d.variable_mut("env").expect("env").select(&["b".into()]);
        let out = export_dashboard(&d);
        assert_eq!(out["weird"], json!({"kept": [1, 2]}));
        assert_eq!(
            out["time"],
            json!({"from": "now-24h", "to": "now", "extra": 1})
        );
        assert_eq!(out["refresh"], "1m");
        assert_eq!(out["templating"]["enable"], true);
        assert_eq!(out["templating"]["list"][0]["current"]["value"], "b");
        assert_eq!(out["templating"]["list"][0]["custom_field"], "x");
        assert_eq!(out["templating"]["list"][1], json!({"type": "nameless"}));
        assert_eq!(out["panels"][0]["pluginVersion"], "10.0");
        assert_eq!(out["panels"][0]["targets"][0]["exemplar"], true);
        let again = Dashboard::from_value(out.clone()).expect("re-read");
        assert_eq!(export_dashboard(&again), out);
    }
}
