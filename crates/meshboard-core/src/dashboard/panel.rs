//! One panel read leniently from its JSON: its kind (or why it is unsupported), targets,
//! datasource, field config, options, repeat and, for rows, nested panels.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::datasource::{DatasourceKind, DatasourceRef};
use super::field_config::FieldConfig;
use super::layout::GridPos;
use super::legacy;
use super::options::{PanelOptions, PanelTimeOptions};

/// What a panel draws. `graph` (legacy) has timeseries semantics; `singlestat` and
/// `table-old` are read as Grafana migrates them (stat, table).
#[derive(Debug, Clone, PartialEq)]
pub enum PanelKind {
    TimeSeries,
    Stat,
    Gauge,
    BarGauge,
    Table,
    Heatmap,
    StateTimeline,
    AlertList,
    Logs,
    Traces,
    NodeGraph,
    /// Markdown, HTML or code text (`options.content`, `options.mode`).
    Text {
        content: String,
        mode: String,
    },
    Row,
    /// Shown as a panel that says `reason`; the dashboard around it works.
    Unsupported {
        type_name: String,
        reason: String,
    },
}

impl PanelKind {
    fn from_type(type_name: &str) -> Option<PanelKind> {
        Some(match type_name {
            "timeseries" | "graph" => PanelKind::TimeSeries,
            "stat" | "singlestat" => PanelKind::Stat,
            "gauge" => PanelKind::Gauge,
            "bargauge" => PanelKind::BarGauge,
            "table" | "table-old" => PanelKind::Table,
            "heatmap" => PanelKind::Heatmap,
            "state-timeline" => PanelKind::StateTimeline,
            "alertlist" => PanelKind::AlertList,
            "logs" => PanelKind::Logs,
            "traces" => PanelKind::Traces,
            "nodeGraph" => PanelKind::NodeGraph,
            "text" => PanelKind::Text {
                content: String::new(),
                mode: "markdown".into(),
            },
            "row" => PanelKind::Row,
            _ => return None,
        })
    }

    /// Kinds that draw query results (and so need a datasource Meshboard speaks).
    pub fn queries_data(&self) -> bool {
        !matches!(
            self,
            PanelKind::Text { .. }
                | PanelKind::Row
                | PanelKind::AlertList
                | PanelKind::Unsupported { .. }
        )
    }
}

/// One query of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub ref_id: String,
    /// PromQL or LogQL.
    pub expr: Option<String>,
    pub legend_format: Option<String>,
    pub datasource: Option<DatasourceRef>,
    pub hide: bool,
    pub instant: bool,
    /// Minimum step (`interval`, e.g. `30s`).
    pub interval: Option<String>,
    /// `time_series`, `table`, `heatmap`.
    pub format: Option<String>,
    /// The target as written (Jaeger fields such as `service`, `operation`, `query` live here).
    pub raw: Value,
}

impl Target {
    fn from_json(raw: &Value, index: usize) -> Option<Target> {
        if !raw.is_object() {
            return None;
        }
        let text = |key: &str| {
            raw.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let default_ref = char::from(b'A' + (index % 26) as u8).to_string();
        Some(Target {
            ref_id: text("refId").unwrap_or(default_ref),
            expr: text("expr"),
            legend_format: text("legendFormat"),
            datasource: raw.get("datasource").and_then(DatasourceRef::from_json),
            hide: raw.get("hide").and_then(Value::as_bool).unwrap_or(false),
            instant: raw.get("instant").and_then(Value::as_bool).unwrap_or(false),
            interval: text("interval"),
            format: text("format"),
            raw: raw.clone(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatDirection {
    /// Side by side, wrapping at `max_per_row`.
    Horizontal,
    /// Stacked.
    Vertical,
}

/// `repeat` by a variable: one clone per selected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub variable: String,
    pub direction: RepeatDirection,
    pub max_per_row: Option<u32>,
}

/// One panel of a dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub id: i64,
    pub type_name: String,
    pub kind: PanelKind,
    pub title: String,
    pub description: Option<String>,
    pub grid_pos: GridPos,
    pub datasource: Option<DatasourceRef>,
    pub targets: Vec<Target>,
    pub field_config: FieldConfig,
    pub options: PanelOptions,
    pub repeat: Option<Repeat>,
    /// Rows only: whether the row is collapsed (its panels then live in `children`).
    pub collapsed: bool,
    /// Rows only: the panels a collapsed row holds.
    pub children: Vec<Panel>,
    /// Panel-level minimum step (`interval`) and `maxDataPoints`.
    pub min_interval: Option<String>,
    pub max_data_points: Option<u32>,
    /// `timeFrom`, `timeShift`, `hideTimeOverride`.
    pub time: PanelTimeOptions,
    /// Values of the repeat variable for a repeated clone (`{"instance": "a:9100"}`).
    pub scoped_vars: BTreeMap<String, String>,
    /// The JSON the panel was read from, kept for export.
    pub raw: Value,
}

fn text_field(raw: &Value, key: &str) -> Option<String> {
    raw.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Panel {
    /// The panel with its grid place taken out (from the model and its JSON): what it draws.
    /// Two panels with equal content draw the same, wherever they sit, so the grid keeps a
    /// moved panel mounted and rebuilds one whose content changed (an editor apply, an undo).
    pub fn content_without_position(&self) -> Panel {
        let mut content = self.clone();
        content.grid_pos = GridPos::UNSET;
        if let Some(object) = content.raw.as_object_mut() {
            object.remove("gridPos");
        }
        content
    }

    /// Reads one panel; never fails: anything unreadable becomes `Unsupported`.
    /// `fallback_id` is used when the panel has no numeric `id`.
    pub fn from_json(raw: &Value, fallback_id: i64) -> Panel {
        let id = raw.get("id").and_then(Value::as_i64).unwrap_or(fallback_id);
        let Some(object) = raw.as_object() else {
            return Panel::unsupported_shell(id, raw, "a panel must be a JSON object");
        };
        let type_name = text_field(raw, "type").unwrap_or_default();
        let mut panel = Panel {
            id,
            kind: PanelKind::TimeSeries,
            title: text_field(raw, "title").unwrap_or_default(),
            description: text_field(raw, "description"),
            grid_pos: object
                .get("gridPos")
                .and_then(GridPos::from_json)
                .unwrap_or(GridPos::UNSET),
            datasource: raw.get("datasource").and_then(DatasourceRef::from_json),
            targets: raw
                .get("targets")
                .and_then(Value::as_array)
                .map(|ts| {
                    ts.iter()
                        .enumerate()
                        .filter_map(|(i, t)| Target::from_json(t, i))
                        .collect()
                })
                .unwrap_or_default(),
            field_config: FieldConfig::from_json(raw.get("fieldConfig")),
            options: PanelOptions::from_json(raw.get("options")),
            repeat: text_field(raw, "repeat").map(|variable| Repeat {
                variable: variable.trim_start_matches('$').to_string(),
                direction: match raw.get("repeatDirection").and_then(Value::as_str) {
                    Some("v") => RepeatDirection::Vertical,
                    _ => RepeatDirection::Horizontal,
                },
                max_per_row: raw
                    .get("maxPerRow")
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n > 0),
            }),
            collapsed: raw
                .get("collapsed")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            children: Vec::new(),
            min_interval: text_field(raw, "interval"),
            max_data_points: raw
                .get("maxDataPoints")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok()),
            time: PanelTimeOptions::from_panel_json(raw),
            scoped_vars: BTreeMap::new(),
            type_name: type_name.clone(),
            raw: raw.clone(),
        };
        panel.kind = panel.classify(&type_name);
        if panel.kind == PanelKind::Row {
            panel.children = raw
                .get("panels")
                .and_then(Value::as_array)
                .map(|children| {
                    children
                        .iter()
                        .enumerate()
                        .map(|(i, c)| Panel::from_json(c, id * 1000 + i as i64 + 1))
                        .filter(|c| c.kind != PanelKind::Row)
                        .collect()
                })
                .unwrap_or_default();
        }
        legacy::upgrade_panel_settings(&mut panel);
        if type_name == "graph" && raw.get("options").and_then(|o| o.get("legend")).is_none() {
            if let Some(legend) = raw.get("legend") {
                panel.options.legend.apply_legacy_graph(legend);
            }
        }
        panel
    }

    fn unsupported_shell(id: i64, raw: &Value, reason: &str) -> Panel {
        Panel {
            id,
            type_name: String::new(),
            kind: PanelKind::Unsupported {
                type_name: String::new(),
                reason: reason.to_string(),
            },
            title: String::new(),
            description: None,
            grid_pos: GridPos::UNSET,
            datasource: None,
            targets: Vec::new(),
            field_config: FieldConfig::default(),
            options: PanelOptions::default(),
            repeat: None,
            collapsed: false,
            children: Vec::new(),
            min_interval: None,
            max_data_points: None,
            time: PanelTimeOptions::default(),
            scoped_vars: BTreeMap::new(),
            raw: raw.clone(),
        }
    }

    fn classify(&self, type_name: &str) -> PanelKind {
        if type_name.is_empty() {
            // Grafana's default for a panel without type is a graph, but only if it queries.
            if self.targets.is_empty() {
                return PanelKind::Unsupported {
                    type_name: String::new(),
                    reason: "panel has no `type`".into(),
                };
            }
            return PanelKind::TimeSeries;
        }
        let Some(kind) = PanelKind::from_type(type_name) else {
            return PanelKind::Unsupported {
                type_name: type_name.to_string(),
                reason: format!(
                    "panel type `{type_name}` is not supported (Meshboard draws timeseries, \
                     graph, stat, gauge, bargauge, table, heatmap, state-timeline, alertlist, \
                     logs, traces, nodeGraph, text and row panels)"
                ),
            };
        };
        if let PanelKind::Text { .. } = kind {
            let options = self.raw.get("options");
            let content = options
                .and_then(|o| o.get("content"))
                .or_else(|| self.raw.get("content"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mode = options
                .and_then(|o| o.get("mode"))
                .or_else(|| self.raw.get("mode"))
                .and_then(Value::as_str)
                .unwrap_or("markdown")
                .to_string();
            return PanelKind::Text { content, mode };
        }
        if kind.queries_data() {
            if let Some(plugin) = self.unsupported_datasource() {
                return PanelKind::Unsupported {
                    type_name: type_name.to_string(),
                    reason: format!(
                        "datasource plugin `{plugin}` is not supported (Meshboard reads \
                         Prometheus, Loki and Jaeger)"
                    ),
                };
            }
        }
        kind
    }

    /// The first datasource plugin (panel or visible target) Meshboard cannot query.
    fn unsupported_datasource(&self) -> Option<String> {
        let panel_ds = self.datasource.as_ref().map(DatasourceRef::kind);
        let target_kinds = self
            .targets
            .iter()
            .filter(|t| !t.hide)
            .filter_map(|t| t.datasource.as_ref().map(DatasourceRef::kind));
        // A mixed panel is judged by its targets; otherwise the panel's own reference rules.
        let mut kinds: Vec<DatasourceKind> = match panel_ds {
            Some(DatasourceKind::Mixed) | None => target_kinds.collect(),
            Some(kind) => vec![kind],
        };
        kinds.retain(|k| !matches!(k, DatasourceKind::Mixed));
        kinds.into_iter().find_map(|k| match k {
            DatasourceKind::Unsupported(plugin) => Some(plugin),
            _ => None,
        })
    }

    /// The datasource this panel's queries go to, as far as the JSON says.
    pub fn datasource_kind(&self) -> DatasourceKind {
        let from_ref = self
            .datasource
            .as_ref()
            .map(DatasourceRef::kind)
            .filter(|k| *k != DatasourceKind::Mixed)
            .or_else(|| {
                self.targets
                    .iter()
                    .find_map(|t| t.datasource.as_ref().map(DatasourceRef::kind))
            });
        match (from_ref, &self.kind) {
            (Some(kind), _) => kind,
            (None, PanelKind::Logs) => DatasourceKind::Loki,
            (None, PanelKind::Traces | PanelKind::NodeGraph) => DatasourceKind::Jaeger,
            (None, _) => DatasourceKind::Default,
        }
    }

    /// Targets that run (not hidden) and carry a query.
    pub fn active_targets(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter().filter(|t| !t.hide)
    }

    /// Every text of this panel that may reference a variable: queries, datasources, title,
    /// description, legend formats, repeat.
    pub fn variable_texts(&self) -> Vec<String> {
        let mut texts = vec![self.title.clone()];
        texts.extend(self.description.clone());
        texts.extend(self.datasource.as_ref().map(DatasourceRef::reference_text));
        texts.extend(self.repeat.as_ref().map(|r| format!("${}", r.variable)));
        texts.extend(self.min_interval.clone());
        texts.extend(self.time.time_from.clone());
        texts.extend(self.time.time_shift.clone());
        for target in &self.targets {
            texts.extend(target.expr.clone());
            texts.extend(target.legend_format.clone());
            texts.extend(target.interval.clone());
            texts.extend(
                target
                    .datasource
                    .as_ref()
                    .map(DatasourceRef::reference_text),
            );
            for key in ["query", "service", "operation", "tags"] {
                if let Some(text) = target.raw.get(key).and_then(Value::as_str) {
                    texts.push(text.to_string());
                }
            }
        }
        texts
    }

    /// The panel as Grafana JSON: what was read, with layout and row state written back.
    pub fn to_json(&self) -> Value {
        let mut raw = match &self.raw {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        raw.insert("gridPos".into(), self.grid_pos.to_json());
        // The id as read, or the one given to a panel without one or with a duplicate.
        raw.insert("id".into(), json!(self.id));
        // Legacy `rows[]` panels carry `span`/`height`; gridPos replaces them.
        raw.remove("span");
        if self.kind == PanelKind::Row {
            raw.insert("collapsed".into(), json!(self.collapsed));
            raw.insert(
                "panels".into(),
                Value::Array(self.children.iter().map(Panel::to_json).collect()),
            );
        }
        Value::Object(raw)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_without_position_ignores_only_the_grid_place() {
        let read = |json: &str| Panel::from_json(&serde_json::from_str(json).unwrap(), 1);
        let here = read(
            r#"{"id": 3, "type": "stat", "title": "Up", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}"#,
        );
        let moved = read(
            r#"{"id": 3, "type": "stat", "title": "Up", "gridPos": {"x": 12, "y": 8, "w": 12, "h": 6}}"#,
        );
        let renamed = read(
            r#"{"id": 3, "type": "stat", "title": "Down", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}"#,
        );
        assert_ne!(here, moved);
        assert_eq!(
            here.content_without_position(),
            moved.content_without_position()
        );
        assert_ne!(
            here.content_without_position(),
            renamed.content_without_position()
        );
    }

    use super::*;

    #[test]
    fn unknown_type_and_plugin_degrade() {
        let p = Panel::from_json(
            &json!({"type": "grafana-piechart-panel", "title": "Pie"}),
            1,
        );
        match &p.kind {
            PanelKind::Unsupported { type_name, reason } => {
                assert_eq!(type_name, "grafana-piechart-panel");
                assert!(reason.contains("`grafana-piechart-panel` is not supported"));
            }
            other => panic!("{other:?}"),
        }
        let p = Panel::from_json(
            &json!({"type": "timeseries", "datasource": {"type": "influxdb", "uid": "i"},
                    "targets": [{"query": "SELECT 1"}]}),
            2,
        );
        assert!(
            matches!(&p.kind, PanelKind::Unsupported { reason, .. } if reason.contains("`influxdb`"))
        );
        let p = Panel::from_json(&json!("not a panel"), 3);
        assert!(matches!(p.kind, PanelKind::Unsupported { .. }));
    }

    #[test]
    fn mixed_panels_judge_targets() {
        let p = Panel::from_json(
            &json!({"type": "timeseries", "datasource": "-- Mixed --", "targets": [
                {"expr": "up", "datasource": {"type": "prometheus", "uid": "p"}},
                {"expr": "x", "hide": true, "datasource": {"type": "elasticsearch"}}]}),
            1,
        );
        assert_eq!(p.kind, PanelKind::TimeSeries);
        assert_eq!(p.datasource_kind(), DatasourceKind::Prometheus);
    }

    #[test]
    fn reads_targets_and_repeat() {
        let p = Panel::from_json(
            &json!({"type": "stat", "id": 7, "repeat": "instance", "repeatDirection": "v",
                "targets": [{"expr": "up", "legendFormat": "{{job}}", "instant": true, "interval": "30s"},
                            {"expr": "x", "refId": "Z", "hide": true}]}),
            1,
        );
        assert_eq!(p.kind, PanelKind::Stat);
        assert_eq!(p.targets[0].ref_id, "A");
        assert!(p.targets[0].instant);
        assert_eq!(p.targets[1].ref_id, "Z");
        assert_eq!(p.active_targets().count(), 1);
        let repeat = p.repeat.expect("repeat");
        assert_eq!(repeat.variable, "instance");
        assert_eq!(repeat.direction, RepeatDirection::Vertical);
    }

    #[test]
    fn text_panel_reads_content() {
        let p = Panel::from_json(
            &json!({"type": "text", "options": {"content": "# Hi", "mode": "markdown"}}),
            1,
        );
        assert_eq!(
            p.kind,
            PanelKind::Text {
                content: "# Hi".into(),
                mode: "markdown".into()
            }
        );
    }
}
