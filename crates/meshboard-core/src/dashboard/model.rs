//! The dashboard as a whole: reading the top-level fields (uid, title, tags, time, refresh,
//! timezone, graphTooltip, links, templating, annotations, panels) leniently, and the
//! questions the UI asks of it (which panels use a variable, every panel flattened).

use serde_json::Value;

use super::layout::assign_default_positions;
use super::legacy::rows_to_panels;
use super::panel::{Panel, PanelKind};
use crate::variables::{dependents_of, Variable};

/// Why a text is not a dashboard at all (panels never cause this).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DashboardError {
    InvalidJson(String),
    NotAnObject,
}

impl std::fmt::Display for DashboardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DashboardError::InvalidJson(e) => write!(f, "not valid JSON: {e}"),
            DashboardError::NotAnObject => {
                write!(
                    f,
                    "a dashboard must be a JSON object (or {{\"dashboard\": {{...}}}})"
                )
            }
        }
    }
}

impl std::error::Error for DashboardError {}

/// `time`: Grafana range expressions (`now-6h`) or timestamps, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeSettings {
    pub from: String,
    pub to: String,
}

/// Shared crosshair/tooltip across panels (`graphTooltip` 0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphTooltip {
    Default,
    SharedCrosshair,
    SharedTooltip,
}

/// An entry of `links`: a URL, or a list of dashboards by tag.
#[derive(Debug, Clone, Default)]
pub struct DashboardLink {
    pub title: String,
    /// `link` or `dashboards`.
    pub link_type: String,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub include_vars: bool,
    pub keep_time: bool,
    pub target_blank: bool,
    /// `asDropdown`: a dashboards link shown as one menu rather than a row of links.
    pub as_dropdown: bool,
    /// `tooltip`: the hover text of a URL link.
    pub tooltip: String,
    /// The entry as read, so the fields the model does not read (`icon` ...) travel with the
    /// link when it is moved, and are saved back with it.
    pub raw: Value,
}

/// Two links are the same link when what the model reads is the same: `raw` is where a link
/// came from (a saved and re-read link holds the fields the save wrote), not what it is.
impl PartialEq for DashboardLink {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.link_type == other.link_type
            && self.url == other.url
            && self.tags == other.tags
            && self.include_vars == other.include_vars
            && self.keep_time == other.keep_time
            && self.target_blank == other.target_blank
            && self.as_dropdown == other.as_dropdown
            && self.tooltip == other.tooltip
    }
}

/// An entry of `annotations.list`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub name: String,
    pub enabled: bool,
    /// Grafana's built-in "Annotations & Alerts" entry.
    pub built_in: bool,
    pub expr: Option<String>,
    pub datasource: Option<super::DatasourceRef>,
    pub icon_color: Option<String>,
    pub raw: Value,
}

/// A dashboard read from Grafana JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub uid: String,
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub time: TimeSettings,
    pub refresh: Option<String>,
    pub timezone: String,
    pub graph_tooltip: GraphTooltip,
    pub links: Vec<DashboardLink>,
    pub variables: Vec<Variable>,
    pub annotations: Vec<Annotation>,
    /// Top-level panels in order; a collapsed row holds its panels in `children`.
    pub panels: Vec<Panel>,
    pub schema_version: i64,
    /// True when the JSON used the `rows[]` layout (converted to panels with gridPos).
    pub converted_from_rows: bool,
    /// The dashboard object as read (wrapper removed), kept for export.
    pub original: Value,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The strings of a JSON array (tags and the like); anything else in it is skipped.
pub(crate) fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn flag(value: &Value, key: &str) -> bool {
    value.get(key).and_then(Value::as_bool).unwrap_or(false)
}

impl Dashboard {
    /// Parses dashboard JSON text (plain or wrapped in `{"dashboard": ...}`).
    pub fn parse(text: &str) -> Result<Dashboard, DashboardError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| DashboardError::InvalidJson(e.to_string()))?;
        Dashboard::from_value(value)
    }

    /// Reads a dashboard leniently: only a non-object is refused.
    pub fn from_value(value: Value) -> Result<Dashboard, DashboardError> {
        let root = match value {
            Value::Object(mut map) => match map.remove("dashboard") {
                Some(inner @ Value::Object(_)) => inner,
                Some(other) => {
                    map.insert("dashboard".into(), other);
                    Value::Object(map)
                }
                None => Value::Object(map),
            },
            _ => return Err(DashboardError::NotAnObject),
        };
        let rows = root.get("rows").and_then(Value::as_array);
        let has_panels = root
            .get("panels")
            .and_then(Value::as_array)
            .is_some_and(|p| !p.is_empty());
        let converted_from_rows = !has_panels && rows.is_some_and(|r| !r.is_empty());
        let panel_values: Vec<Value> = if converted_from_rows {
            rows_to_panels(rows.map(Vec::as_slice).unwrap_or_default())
        } else {
            root.get("panels")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let mut panels: Vec<Panel> = panel_values
            .iter()
            .enumerate()
            .map(|(i, p)| Panel::from_json(p, i as i64 + 1))
            .collect();
        ensure_unique_ids(&mut panels);
        assign_default_positions(&mut panels);
        let time = root.get("time");
        Ok(Dashboard {
            uid: text(&root, "uid").unwrap_or_default(),
            title: text(&root, "title").unwrap_or_else(|| "Untitled dashboard".into()),
            description: text(&root, "description"),
            tags: strings(root.get("tags")),
            time: TimeSettings {
                from: time
                    .and_then(|t| text(t, "from"))
                    .unwrap_or_else(|| "now-6h".into()),
                to: time
                    .and_then(|t| text(t, "to"))
                    .unwrap_or_else(|| "now".into()),
            },
            // `refresh: false` (or "") means no auto-refresh.
            refresh: text(&root, "refresh"),
            timezone: text(&root, "timezone").unwrap_or_else(|| "browser".into()),
            graph_tooltip: match root.get("graphTooltip").and_then(Value::as_i64) {
                Some(1) => GraphTooltip::SharedCrosshair,
                Some(2) => GraphTooltip::SharedTooltip,
                _ => GraphTooltip::Default,
            },
            links: root
                .get("links")
                .and_then(Value::as_array)
                .map(|links| links.iter().filter_map(read_link).collect())
                .unwrap_or_default(),
            variables: root
                .get("templating")
                .and_then(|t| t.get("list"))
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(Variable::from_json).collect())
                .unwrap_or_default(),
            annotations: root
                .get("annotations")
                .and_then(|a| a.get("list"))
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(read_annotation).collect())
                .unwrap_or_default(),
            panels,
            schema_version: root
                .get("schemaVersion")
                .and_then(Value::as_i64)
                .unwrap_or(0),
            converted_from_rows,
            original: root,
        })
    }

    /// Every panel, including those inside collapsed rows.
    pub fn all_panels(&self) -> Vec<&Panel> {
        let mut all = Vec::new();
        for panel in &self.panels {
            all.push(panel);
            all.extend(panel.children.iter());
        }
        all
    }

    /// Panels that are not rows, text or unsupported: the ones that query.
    pub fn query_panels(&self) -> Vec<&Panel> {
        self.all_panels()
            .into_iter()
            .filter(|p| p.kind.queries_data())
            .collect()
    }

    /// Ids of the panels to re-query after `changed` variables changed: panels referencing
    /// them or any variable depending on them.
    pub fn panels_affected_by(&self, changed: &[String]) -> Vec<i64> {
        let mut names: Vec<String> = changed.to_vec();
        for name in changed {
            for i in dependents_of(&self.variables, name) {
                names.push(self.variables[i].name.clone());
            }
        }
        self.all_panels()
            .into_iter()
            .filter(|p| p.kind != PanelKind::Row)
            .filter(|p| {
                p.variable_texts().iter().any(|text| {
                    crate::variables::referenced_names(text)
                        .iter()
                        .any(|n| names.contains(n))
                })
            })
            .map(|p| p.id)
            .collect()
    }

    /// The variable named `name`.
    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn variable_mut(&mut self, name: &str) -> Option<&mut Variable> {
        self.variables.iter_mut().find(|v| v.name == name)
    }
}

/// Grafana's `ensurePanelsHaveUniqueIds`: a panel (or a collapsed row's panel) without an id,
/// with id 0 or with an id already used takes the next id after the largest one.
fn ensure_unique_ids(panels: &mut [Panel]) {
    let given = |p: &Panel| {
        p.raw
            .get("id")
            .and_then(Value::as_i64)
            .filter(|id| *id != 0)
    };
    let mut next = panels
        .iter()
        .flat_map(|p| std::iter::once(p).chain(p.children.iter()))
        .filter_map(given)
        .max()
        .unwrap_or(0)
        .max(0)
        + 1;
    let mut seen = std::collections::BTreeSet::new();
    let mut fix = |panel: &mut Panel| {
        if given(panel).is_none() || seen.contains(&panel.id) {
            panel.id = next;
            next += 1;
        }
        seen.insert(panel.id);
    };
    for panel in panels.iter_mut() {
        fix(panel);
        for child in panel.children.iter_mut() {
            fix(child);
        }
    }
}

pub(super) fn read_link(value: &Value) -> Option<DashboardLink> {
    if !value.is_object() {
        return None;
    }
    Some(DashboardLink {
        title: text(value, "title").unwrap_or_default(),
        link_type: text(value, "type").unwrap_or_else(|| "link".into()),
        url: text(value, "url"),
        tags: strings(value.get("tags")),
        include_vars: flag(value, "includeVars"),
        keep_time: flag(value, "keepTime"),
        target_blank: flag(value, "targetBlank"),
        as_dropdown: flag(value, "asDropdown"),
        tooltip: text(value, "tooltip").unwrap_or_default(),
        raw: value.clone(),
    })
}

fn read_annotation(value: &Value) -> Option<Annotation> {
    if !value.is_object() {
        return None;
    }
    Some(Annotation {
        name: text(value, "name").unwrap_or_default(),
        enabled: value.get("enable").and_then(Value::as_bool).unwrap_or(true),
        built_in: value.get("builtIn").and_then(Value::as_i64) == Some(1),
        expr: text(value, "expr"),
        datasource: value
            .get("datasource")
            .and_then(super::DatasourceRef::from_json),
        icon_color: text(value, "iconColor"),
        raw: value.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unwraps_and_reads_top_level() {
        let d = Dashboard::from_value(json!({"dashboard": {
            "uid": "u", "title": "T", "tags": ["a", 1], "refresh": "30s", "graphTooltip": 1,
            "time": {"from": "now-1h", "to": "now"},
            "links": [{"title": "Docs", "type": "link", "url": "https://x"}, 5],
            "annotations": {"list": [{"builtIn": 1, "name": "Annotations & Alerts", "enable": true}]},
            "panels": [{"type": "stat", "targets": [{"expr": "up"}]}, "junk"]
        }, "overwrite": true}))
        .expect("dashboard");
        assert_eq!(d.uid, "u");
        assert_eq!(d.tags, vec!["a"]);
        assert_eq!(d.refresh.as_deref(), Some("30s"));
        assert_eq!(d.graph_tooltip, GraphTooltip::SharedCrosshair);
        assert_eq!(d.links.len(), 1);
        assert!(d.annotations[0].built_in);
        assert_eq!(d.panels.len(), 2);
        assert!(matches!(d.panels[1].kind, PanelKind::Unsupported { .. }));
        assert!(!d.panels[0].grid_pos.is_unset());
    }

    #[test]
    fn panel_ids_are_unique_as_grafana_makes_them() {
        let d = Dashboard::from_value(json!({"panels": [
            {"id": 4, "type": "stat", "targets": [{"expr": "up"}]},
            {"type": "stat", "targets": [{"expr": "up"}]},
            {"id": 4, "type": "row", "collapsed": true, "panels": [
                {"id": 2, "type": "stat", "targets": [{"expr": "up"}]},
                {"type": "stat", "targets": [{"expr": "up"}]}]},
            {"id": 0, "type": "stat", "targets": [{"expr": "up"}]}
        ]}))
        .expect("dashboard");
        let ids: Vec<i64> = d.all_panels().iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![4, 5, 6, 2, 7, 8]);
        let exported = super::super::export_dashboard(&d);
        assert_eq!(exported["panels"][1]["id"], 5);
        assert_eq!(exported["panels"][2]["panels"][1]["id"], 7);
    }

    #[test]
    fn refuses_only_non_objects() {
        assert!(matches!(
            Dashboard::parse("[1]"),
            Err(DashboardError::NotAnObject)
        ));
        assert!(matches!(
            Dashboard::parse("{"),
            Err(DashboardError::InvalidJson(_))
        ));
        let empty = Dashboard::parse("{}").expect("empty dashboard");
        assert_eq!(empty.title, "Untitled dashboard");
        assert_eq!(empty.time.from, "now-6h");
        let odd =
            Dashboard::parse(r#"{"panels": 5, "templating": {"list": "x"}, "refresh": false}"#)
                .expect("odd fields");
        assert!(odd.panels.is_empty() && odd.refresh.is_none());
    }

    #[test]
    fn affected_panels_follow_dependencies() {
        let d = Dashboard::from_value(json!({
            "templating": {"list": [
                {"name": "job", "type": "query", "query": "label_values(up, job)"},
                {"name": "instance", "type": "query", "query": "label_values(up{job=\"$job\"}, instance)"},
                {"name": "other", "type": "custom", "query": "x"}
            ]},
            "panels": [
                {"id": 1, "type": "timeseries", "targets": [{"expr": "up{instance=\"$instance\"}"}]},
                {"id": 2, "type": "timeseries", "targets": [{"expr": "up{job=\"$job\"}"}]},
                {"id": 3, "type": "timeseries", "title": "$other", "targets": [{"expr": "up"}]},
                {"id": 4, "type": "row", "collapsed": true, "panels": [
                    {"id": 5, "type": "stat", "targets": [{"expr": "x{job=~\"${job:regex}\"}"}]}]}
            ]
        }))
        .expect("dashboard");
        assert_eq!(d.panels_affected_by(&["job".into()]), vec![1, 2, 5]);
        assert_eq!(d.panels_affected_by(&["instance".into()]), vec![1]);
        assert_eq!(d.panels_affected_by(&["other".into()]), vec![3]);
    }
}
