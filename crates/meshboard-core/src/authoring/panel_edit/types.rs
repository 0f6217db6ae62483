//! The visualization picker: every panel type Meshboard draws, and what changing a panel's
//! type keeps. Grafana (`changePanelPlugin` and `PanelModel.changePlugin`, with
//! `filterFieldConfigOverrides` / `isStandardFieldProp` from `@grafana/data`) keeps the
//! standard field options (unit, decimals, min, max, thresholds, mappings, color, links ...),
//! clears the old type's own `fieldConfig.defaults.custom`, keeps only the overrides'
//! standard properties, and starts the options from the new type's defaults, except where the
//! new type's change handler carries them over: the single-stat family (stat, gauge, bar gauge)
//! keeps its calculation, orientation and text size between its members
//! (`sharedSingleStatPanelChangedHandler`).

use serde_json::{Map, Value};

/// One entry of the visualization picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PanelType {
    /// The `type` dashboards store.
    pub id: &'static str,
    /// The name Grafana's picker shows.
    pub name: &'static str,
}

/// Every panel type Meshboard draws, in the order Grafana's picker lists the core ones.
pub const PANEL_TYPES: [PanelType; 12] = [
    PanelType {
        id: "timeseries",
        name: "Time series",
    },
    PanelType {
        id: "stat",
        name: "Stat",
    },
    PanelType {
        id: "gauge",
        name: "Gauge",
    },
    PanelType {
        id: "bargauge",
        name: "Bar gauge",
    },
    PanelType {
        id: "table",
        name: "Table",
    },
    PanelType {
        id: "state-timeline",
        name: "State timeline",
    },
    PanelType {
        id: "heatmap",
        name: "Heatmap",
    },
    PanelType {
        id: "text",
        name: "Text",
    },
    PanelType {
        id: "alertlist",
        name: "Alert list",
    },
    PanelType {
        id: "logs",
        name: "Logs",
    },
    PanelType {
        id: "traces",
        name: "Traces",
    },
    PanelType {
        id: "nodeGraph",
        name: "Node graph",
    },
];

/// The single-stat family whose change handler keeps these options between its members.
const SINGLE_STAT: [&str; 3] = ["stat", "gauge", "bargauge"];
const SINGLE_STAT_OPTIONS: [&str; 3] = ["reduceOptions", "orientation", "text"];

/// `panel` as a panel of `new_type` (unchanged when it already is one).
pub fn change_type(panel: &Value, new_type: &str) -> Value {
    let old_type = panel.get("type").and_then(Value::as_str).unwrap_or("");
    if old_type == new_type {
        return panel.clone();
    }
    let mut panel = panel.clone();
    panel["type"] = Value::String(new_type.to_string());
    let old_options = panel.get("options").cloned().unwrap_or(Value::Null);
    let mut options = Map::new();
    if SINGLE_STAT.contains(&old_type) && SINGLE_STAT.contains(&new_type) {
        for key in SINGLE_STAT_OPTIONS {
            if let Some(value) = old_options.get(key) {
                options.insert(key.to_string(), value.clone());
            }
        }
    }
    if new_type == "text" {
        // A text panel's content is its whole point: a new one starts as Grafana's does.
        options.insert("mode".into(), Value::String("markdown".into()));
        options.insert("content".into(), Value::String(String::new()));
    }
    panel["options"] = Value::Object(options);
    if let Some(field_config) = panel.get_mut("fieldConfig").and_then(Value::as_object_mut) {
        if let Some(defaults) = field_config
            .get_mut("defaults")
            .and_then(Value::as_object_mut)
        {
            defaults.remove("custom");
        }
        if let Some(overrides) = field_config
            .get_mut("overrides")
            .and_then(Value::as_array_mut)
        {
            for rule in overrides.iter_mut() {
                if let Some(properties) = rule.get_mut("properties").and_then(Value::as_array_mut) {
                    properties.retain(is_standard_property);
                }
            }
            overrides.retain(|rule| {
                rule.get("properties")
                    .and_then(Value::as_array)
                    .is_some_and(|p| !p.is_empty())
            });
        }
    }
    panel
}

/// Standard field options have plain ids (`unit`, `thresholds`); a type's own are `custom.*`.
fn is_standard_property(property: &Value) -> bool {
    property
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| !id.starts_with("custom."))
}
