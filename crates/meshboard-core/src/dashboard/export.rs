//! Export back to Grafana JSON: the dashboard as read, every field kept, with the current
//! time range, refresh, variable selections and panel layout (gridPos, row state) written in,
//! and the header fields the settings view edits (description, tags, timezone, graph tooltip,
//! links) written from the model wherever they differ from what the JSON as read says, so a
//! change made to the model is never lost and an unchanged file exports as it was read.

use serde_json::{json, Map, Value};

use super::model::{read_link, Dashboard, DashboardLink, GraphTooltip};
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
    write_header_fields(dashboard, &mut root);
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

/// Description, tags, timezone, graph tooltip and links from the model, each only where the
/// model no longer says what the JSON as read says (a file's own spelling of an unchanged
/// field, `"tags": []` or none, stays as it was).
fn write_header_fields(dashboard: &Dashboard, root: &mut Map<String, Value>) {
    let read_text = |root: &Map<String, Value>, key: &str| {
        root.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if read_text(root, "description") != dashboard.description {
        match &dashboard.description {
            Some(text) => root.insert("description".into(), json!(text)),
            None => root.remove("description"),
        };
    }
    let read_tags = super::model::strings(root.get("tags"));
    if read_tags != dashboard.tags {
        root.insert("tags".into(), json!(dashboard.tags));
    }
    let read_zone = read_text(root, "timezone").unwrap_or_else(|| "browser".into());
    if read_zone != dashboard.timezone {
        root.insert("timezone".into(), json!(dashboard.timezone));
    }
    // What the model reads: 1 and 2, anything else is the default (0).
    let read_tooltip = root
        .get("graphTooltip")
        .and_then(Value::as_i64)
        .filter(|n| matches!(n, 1 | 2))
        .unwrap_or_default();
    let tooltip = match dashboard.graph_tooltip {
        GraphTooltip::Default => 0,
        GraphTooltip::SharedCrosshair => 1,
        GraphTooltip::SharedTooltip => 2,
    };
    if read_tooltip != tooltip {
        root.insert("graphTooltip".into(), json!(tooltip));
    }
    let read_links: Vec<Value> = root
        .get("links")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let read: Vec<DashboardLink> = read_links.iter().filter_map(read_link).collect();
    if read != dashboard.links {
        let links = dashboard.links.iter().map(link_json).collect();
        root.insert("links".into(), Value::Array(links));
    }
}

/// A link as Grafana saves it, keeping the fields the model does not read (`icon` ...) from
/// the entry it was read from, wherever it has moved since.
pub(crate) fn link_json(link: &DashboardLink) -> Value {
    let mut map = link.raw.as_object().cloned().unwrap_or_default();
    map.insert("title".into(), json!(link.title));
    map.insert("type".into(), json!(link.link_type));
    match &link.url {
        Some(url) => map.insert("url".into(), json!(url)),
        None => map.remove("url"),
    };
    map.insert("tags".into(), json!(link.tags));
    map.insert("includeVars".into(), json!(link.include_vars));
    map.insert("keepTime".into(), json!(link.keep_time));
    map.insert("targetBlank".into(), json!(link.target_blank));
    map.insert("asDropdown".into(), json!(link.as_dropdown));
    map.insert("tooltip".into(), json!(link.tooltip));
    Value::Object(map)
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

    #[test]
    fn header_fields_changed_in_the_model_are_exported() {
        let source = json!({
            "uid": "u", "title": "T", "tags": ["a"], "graphTooltip": 0,
            "links": [{"title": "Docs", "type": "link", "url": "https://a", "icon": "doc"}]
        });
        let mut d = Dashboard::from_value(source).expect("dashboard");
        d.description = Some("About <b>this</b>".into());
        d.tags = vec!["b".into(), "c".into()];
        d.timezone = "utc".into();
        d.graph_tooltip = GraphTooltip::SharedTooltip;
        d.links[0].title = "Runbook".into();
        d.links.push(DashboardLink {
            title: "Home".into(),
            link_type: "link".into(),
            url: Some("/d/home".into()),
            tags: vec![],
            include_vars: false,
            keep_time: true,
            ..DashboardLink::default()
        });
        let out = export_dashboard(&d);
        assert_eq!(out["description"], "About <b>this</b>");
        assert_eq!(out["tags"], json!(["b", "c"]));
        assert_eq!(out["timezone"], "utc");
        assert_eq!(out["graphTooltip"], 2);
        assert_eq!(out["links"][0]["title"], "Runbook");
        assert_eq!(
            out["links"][0]["icon"], "doc",
            "fields the model does not read stay"
        );
        assert_eq!(out["links"][1]["url"], "/d/home");
        assert_eq!(out["links"][1]["keepTime"], true);
        let again = Dashboard::from_value(out.clone()).expect("re-read");
        assert_eq!(again.description, d.description);
        assert_eq!(again.tags, d.tags);
        assert_eq!(again.timezone, "utc");
        assert_eq!(again.graph_tooltip, GraphTooltip::SharedTooltip);
        assert_eq!(again.links, d.links);

        d.description = None;
        d.tags.clear();
        let out = export_dashboard(&d);
        assert!(out.get("description").is_none());
        assert_eq!(out["tags"], json!([]));
    }

    #[test]
    fn unchanged_header_fields_export_as_read() {
        // No tags, timezone or graphTooltip keys: none are added; an odd link entry stays.
        let source =
            json!({"uid": "u", "title": "T", "links": ["odd", {"title": "x", "url": "https://x"}]});
        let d = Dashboard::from_value(source.clone()).expect("dashboard");
        let out = export_dashboard(&d);
        for key in ["tags", "timezone", "graphTooltip", "description"] {
            assert!(out.get(key).is_none(), "{key} was not in the file");
        }
        assert_eq!(out["links"], source["links"]);
    }
}
