//! The variable model read from a dashboard's `templating.list`, its current selection, and the
//! pure state changes on it (select values, apply fetched options, write back for export).

use serde_json::{json, Map, Value};

use super::custom::parse_custom_options;
use super::interval::{auto_interval, parse_interval_ms};
use super::query::{options_from_values, VariableQuery};
use super::sort::VariableSort;
use crate::dashboard::DatasourceRef;

/// The value Grafana stores for "All" selected.
pub const ALL_VALUE: &str = "$__all";
/// The text Grafana shows for "All".
pub const ALL_TEXT: &str = "All";

/// One selectable option of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableOption {
    pub text: String,
    pub value: String,
}

impl VariableOption {
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        VariableOption {
            value: text.clone(),
            text,
        }
    }

    fn all() -> Self {
        VariableOption {
            text: ALL_TEXT.to_string(),
            value: ALL_VALUE.to_string(),
        }
    }
}

/// The current selection: parallel lists of texts and values (one entry unless multi-value).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    pub texts: Vec<String>,
    pub values: Vec<String>,
}

impl Selection {
    pub fn single(option: &VariableOption) -> Self {
        Selection {
            texts: vec![option.text.clone()],
            values: vec![option.value.clone()],
        }
    }

    pub fn is_all(&self) -> bool {
        self.values.iter().any(|v| v == ALL_VALUE)
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// When a query variable refreshes its options (Grafana's `refresh` 0, 1, 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshOn {
    Never,
    DashboardLoad,
    TimeRangeChange,
}

/// Grafana's `hide`: 0 shows label and picker, 1 hides the label, 2 hides the variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableHide {
    Visible,
    LabelHidden,
    Hidden,
}

/// A datasource the app knows (from `config.json`), for `datasource` variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasourceInfo {
    pub name: String,
    pub uid: String,
    /// Plugin id: `prometheus`, `loki`, `jaeger`.
    pub plugin: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VariableKind {
    /// Options come from Prometheus: `label_values(...)`, `metrics(...)`, `query_result(...)`.
    Query {
        datasource: Option<DatasourceRef>,
        /// The query text as written (`label_values(up{job="$job"}, instance)`).
        definition: String,
        /// JS-style `/pattern/flags` filter with optional `text`/`value` groups.
        regex: Option<String>,
        sort: VariableSort,
        refresh: RefreshOn,
    },
    /// Comma-separated options, `text : value` pairs allowed.
    Custom {
        query: String,
    },
    Constant {
        value: String,
    },
    /// Intervals such as `1m,10m,1h`, with an optional computed `auto` option.
    Interval {
        query: String,
        auto: bool,
        auto_count: u32,
        auto_min: String,
        /// The interval `auto` stands for, computed for the current time range.
        auto_value: Option<String>,
    },
    Textbox {
        default: String,
    },
    /// Picks one of the configured datasources of a plugin type.
    Datasource {
        plugin: String,
        regex: Option<String>,
    },
    /// A variable type Meshboard does not evaluate (`adhoc`, `groupby`, ...): kept for export,
    /// its `$name` left as written.
    Unsupported {
        type_name: String,
    },
}

/// One template variable.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub kind: VariableKind,
    pub hide: VariableHide,
    pub multi: bool,
    pub include_all: bool,
    /// Custom value used for "All" instead of every option (written into queries unescaped).
    pub all_value: Option<String>,
    pub current: Selection,
    /// Selectable options; starts with the "All" option when `include_all`.
    pub options: Vec<VariableOption>,
    /// The JSON it was read from, so export keeps every field.
    pub raw: Value,
}

fn string_field(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.is_empty())
}

/// A `current.text` / `current.value` entry: a string, a number or an array of them.
fn string_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn parse_selection(current: Option<&Value>) -> Selection {
    let Some(current) = current else {
        return Selection::default();
    };
    let mut values = string_list(current.get("value"));
    let mut texts = string_list(current.get("text"));
    if values.is_empty() {
        values = texts.clone();
    }
    // Grafana stores "All" as text and "$__all" as value; multi texts may be joined by " + ".
    if texts.len() != values.len() {
        texts = values.clone();
    }
    Selection { texts, values }
}

fn parse_options(options: Option<&Value>) -> Vec<VariableOption> {
    let Some(Value::Array(items)) = options else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let value = string_field(item, "value").or_else(|| string_field(item, "text"))?;
            let text = string_field(item, "text").unwrap_or_else(|| value.clone());
            Some(VariableOption { text, value })
        })
        .collect()
}

/// The query text of a query variable: a string, or Grafana 10's `{query, qryType, refId}`.
fn query_definition(raw: &Value) -> String {
    match raw.get("query") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Object(obj)) => obj
            .get("query")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .or_else(|| string_field(raw, "definition"))
            .unwrap_or_default(),
        _ => string_field(raw, "definition").unwrap_or_default(),
    }
}

fn parse_kind(raw: &Value, type_name: &str) -> VariableKind {
    let query = string_field(raw, "query").unwrap_or_default();
    match type_name {
        "query" => VariableKind::Query {
            datasource: raw.get("datasource").and_then(DatasourceRef::from_json),
            definition: query_definition(raw),
            regex: non_empty(string_field(raw, "regex")),
            sort: VariableSort::from_code(raw.get("sort").and_then(Value::as_i64).unwrap_or(0)),
            refresh: match raw.get("refresh").and_then(Value::as_i64) {
                Some(1) => RefreshOn::DashboardLoad,
                Some(2) => RefreshOn::TimeRangeChange,
                // Grafana's default for a new query variable is "on dashboard load".
                None => RefreshOn::DashboardLoad,
                _ => RefreshOn::Never,
            },
        },
        "custom" => VariableKind::Custom { query },
        "constant" => VariableKind::Constant { value: query },
        "interval" => VariableKind::Interval {
            query,
            auto: raw.get("auto").and_then(Value::as_bool).unwrap_or(false),
            auto_count: raw
                .get("auto_count")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(30),
            auto_min: non_empty(string_field(raw, "auto_min")).unwrap_or_else(|| "10s".into()),
            auto_value: None,
        },
        "textbox" => VariableKind::Textbox { default: query },
        "datasource" => VariableKind::Datasource {
            plugin: query,
            regex: non_empty(string_field(raw, "regex")),
        },
        other => VariableKind::Unsupported {
            type_name: other.to_string(),
        },
    }
}

impl Variable {
    /// Reads one `templating.list` entry leniently; `None` only when it has no name.
    pub fn from_json(raw: &Value) -> Option<Variable> {
        let name = non_empty(string_field(raw, "name"))?;
        let type_name = string_field(raw, "type").unwrap_or_else(|| "query".into());
        let kind = parse_kind(raw, &type_name);
        let mut variable = Variable {
            name,
            label: non_empty(string_field(raw, "label")),
            description: non_empty(string_field(raw, "description")),
            hide: match raw.get("hide").and_then(Value::as_i64) {
                Some(1) => VariableHide::LabelHidden,
                Some(2) => VariableHide::Hidden,
                _ => VariableHide::Visible,
            },
            multi: raw.get("multi").and_then(Value::as_bool).unwrap_or(false),
            include_all: raw
                .get("includeAll")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            all_value: non_empty(string_field(raw, "allValue")),
            current: parse_selection(raw.get("current")),
            options: parse_options(raw.get("options")),
            kind,
            raw: raw.clone(),
        };
        variable.init_local_options();
        Some(variable)
    }

    /// A small constructor for tests and built-in dashboards' code paths.
    pub fn new(name: &str, kind: VariableKind) -> Variable {
        let mut variable = Variable {
            name: name.to_string(),
            label: None,
            description: None,
            kind,
            hide: VariableHide::Visible,
            multi: false,
            include_all: false,
            all_value: None,
            current: Selection::default(),
            options: Vec::new(),
            raw: json!({ "name": name }),
        };
        variable.init_local_options();
        variable
    }

    /// Options that need no fetch (custom, constant, interval, textbox) are computed at load.
    fn init_local_options(&mut self) {
        let options = match &self.kind {
            VariableKind::Custom { query } => parse_custom_options(query),
            VariableKind::Constant { value } => vec![VariableOption::same(value.clone())],
            VariableKind::Textbox { default } => {
                if self.current.is_empty() {
                    self.current = Selection::single(&VariableOption::same(default.clone()));
                }
                return;
            }
            VariableKind::Interval { query, auto, .. } => {
                let mut options: Vec<VariableOption> = query
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(VariableOption::same)
                    .collect();
                if *auto {
                    options.insert(
                        0,
                        VariableOption {
                            text: "auto".into(),
                            value: format!("$__auto_interval_{}", self.name),
                        },
                    );
                }
                options
            }
            _ => return,
        };
        self.set_options(options);
    }

    /// Whether the value expands like a multi-value (regex alternation) in queries.
    pub fn is_multi_like(&self) -> bool {
        self.multi || self.include_all
    }

    /// What this variable needs fetched from Prometheus, with other variables interpolated.
    /// `None` for kinds computed locally, or an unparseable definition.
    pub fn request(&self, scope: &super::VariableScope) -> Option<VariableQuery> {
        let VariableKind::Query { definition, .. } = &self.kind else {
            return None;
        };
        let interpolated = super::interpolate_query(definition, scope);
        VariableQuery::parse(&interpolated).ok()
    }

    /// True when refreshing the options cannot change what `$name` interpolates to: a query
    /// variable on "All" with a custom `allValue` (`.*`), or no query variable at all. Panels
    /// need not wait for such a variable's options before they run.
    pub fn value_independent_of_options(&self) -> bool {
        !matches!(self.kind, VariableKind::Query { .. })
            || (self.include_all && self.all_value.is_some() && self.current.is_all())
    }

    /// True when panels may interpolate this variable before its options arrive: its value
    /// does not depend on them, or the dashboard (or the URL) names a concrete selection, which
    /// the options keep whenever they still offer it. Grafana's scenes make a panel wait for
    /// every variable it uses; starting with the saved value instead saves a round trip on
    /// every dashboard load. It never leaves wrong data on screen: a refresh that replaces the
    /// value (no longer offered) publishes the new one and the panels query again. "All"
    /// without a custom `allValue` (the list of options) and an empty selection must wait.
    pub fn value_known_before_options(&self) -> bool {
        self.value_independent_of_options()
            || (!self.current.is_empty()
                && !self.current.is_all()
                && self.current.values.iter().all(|v| !v.is_empty()))
    }

    /// Feeds the fetched strings back: applies `regex` and `sort`, adds "All", keeps the
    /// selection where it still exists. `scope` interpolates variables used in the regex.
    pub fn apply_query_result(&mut self, values: &[String], scope: &super::VariableScope) {
        let (regex, sort) = match &self.kind {
            VariableKind::Query { regex, sort, .. } => (regex.clone(), *sort),
            _ => (None, VariableSort::Disabled),
        };
        let regex = regex.map(|r| super::interpolate(&r, scope, super::DefaultFormat::Regex));
        let options = options_from_values(values, regex.as_deref(), sort);
        self.set_options(options);
    }

    /// Options of a `datasource` variable from the configured datasources.
    pub fn apply_datasources(&mut self, datasources: &[DatasourceInfo]) {
        let VariableKind::Datasource { plugin, regex } = &self.kind else {
            return;
        };
        let names: Vec<String> = datasources
            .iter()
            .filter(|ds| ds.plugin.eq_ignore_ascii_case(plugin))
            .map(|ds| ds.name.clone())
            .collect();
        let options = options_from_values(&names, regex.as_deref(), VariableSort::Disabled);
        self.set_options(options);
    }

    /// Recomputes what `auto` stands for on an interval variable, for a time range length.
    pub fn update_auto_interval(&mut self, range_ms: i64) {
        if let VariableKind::Interval {
            auto: true,
            auto_count,
            auto_min,
            auto_value,
            ..
        } = &mut self.kind
        {
            let min_ms = parse_interval_ms(auto_min).unwrap_or(10_000);
            *auto_value = Some(auto_interval(range_ms, *auto_count, min_ms));
        }
    }

    /// Replaces the options (adding "All" first when enabled) and revalidates the selection.
    pub fn set_options(&mut self, mut options: Vec<VariableOption>) {
        options.retain(|o| o.value != ALL_VALUE);
        if self.include_all {
            options.insert(0, VariableOption::all());
        }
        self.options = options;
        self.validate_selection();
    }

    /// Grafana's rule after options change: keep "All" and the values still offered; when
    /// nothing selected survives, select the first option.
    fn validate_selection(&mut self) {
        if self.options.is_empty() {
            return;
        }
        if self.current.is_all() && self.include_all {
            self.current = Selection::single(&VariableOption::all());
            return;
        }
        let kept: Vec<&VariableOption> = self
            .current
            .values
            .iter()
            .filter_map(|v| self.options.iter().find(|o| &o.value == v))
            .collect();
        let kept: Vec<&VariableOption> = if self.multi {
            kept
        } else {
            kept.into_iter().take(1).collect()
        };
        self.current = if kept.is_empty() {
            Selection::single(&self.options[0])
        } else {
            Selection {
                texts: kept.iter().map(|o| o.text.clone()).collect(),
                values: kept.iter().map(|o| o.value.clone()).collect(),
            }
        };
    }

    /// Selects values (from the picker or the URL). "All" wins; single-value variables keep the
    /// first. Values are matched against options by value, then by text; unknown values are
    /// kept as typed until the next options refresh decides (Grafana's custom values).
    pub fn select(&mut self, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let wants_all = values
            .iter()
            .any(|v| v == ALL_VALUE || (v == ALL_TEXT && !self.has_option_value(ALL_TEXT)));
        if wants_all && self.include_all {
            self.current = Selection::single(&VariableOption::all());
            return;
        }
        let take = if self.multi { values.len() } else { 1 };
        let chosen: Vec<VariableOption> = values
            .iter()
            .filter(|v| v.as_str() != ALL_VALUE)
            .take(take)
            .map(|v| {
                self.options
                    .iter()
                    .find(|o| &o.value == v)
                    .or_else(|| self.options.iter().find(|o| &o.text == v))
                    .cloned()
                    .unwrap_or_else(|| VariableOption::same(v.clone()))
            })
            .collect();
        if chosen.is_empty() {
            return;
        }
        self.current = Selection {
            texts: chosen.iter().map(|o| o.text.clone()).collect(),
            values: chosen.iter().map(|o| o.value.clone()).collect(),
        };
    }

    fn has_option_value(&self, value: &str) -> bool {
        self.options.iter().any(|o| o.value == value)
    }

    /// The concrete values the selection stands for: every option for "All" (without a custom
    /// all value), the interval `auto` resolves to, otherwise the selected values.
    pub fn effective_values(&self) -> Vec<String> {
        if self.current.is_all() {
            return self
                .options
                .iter()
                .filter(|o| o.value != ALL_VALUE)
                .map(|o| o.value.clone())
                .collect();
        }
        if let VariableKind::Interval {
            auto_value: Some(auto),
            ..
        } = &self.kind
        {
            let auto_key = format!("$__auto_interval_{}", self.name);
            return self
                .current
                .values
                .iter()
                .map(|v| {
                    if *v == auto_key {
                        auto.clone()
                    } else {
                        v.clone()
                    }
                })
                .collect();
        }
        self.current.values.clone()
    }

    /// The JSON for export: what was read, with the current selection (and options of kinds
    /// Grafana stores them for) written back.
    pub fn to_json(&self) -> Value {
        let mut raw = match &self.raw {
            Value::Object(map) => map.clone(),
            _ => Map::new(),
        };
        let as_json = |items: &[String]| -> Value {
            if self.multi && !self.current.is_all() {
                json!(items)
            } else {
                json!(items.first().cloned().unwrap_or_default())
            }
        };
        raw.insert(
            "current".into(),
            json!({
                "selected": true,
                "text": as_json(&self.current.texts),
                "value": as_json(&self.current.values),
            }),
        );
        let stores_options = matches!(
            self.kind,
            VariableKind::Custom { .. }
                | VariableKind::Interval { .. }
                | VariableKind::Constant { .. }
        );
        if stores_options {
            let options: Vec<Value> = self
                .options
                .iter()
                .map(|o| {
                    json!({
                        "text": o.text,
                        "value": o.value,
                        "selected": self.current.values.contains(&o.value),
                    })
                })
                .collect();
            raw.insert("options".into(), Value::Array(options));
        }
        if let VariableKind::Textbox { .. } = self.kind {
            if let Some(value) = self.current.values.first() {
                raw.insert("query".into(), json!(value));
            }
        }
        Value::Object(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(json: Value) -> Variable {
        Variable::from_json(&json).expect("named variable")
    }

    #[test]
    fn all_with_a_custom_all_value_does_not_wait_for_options() {
        let on_all = var(json!({
            "name": "job", "type": "query", "query": "label_values(up, job)",
            "includeAll": true, "allValue": ".*",
            "current": {"text": ["All"], "value": ["$__all"]}
        }));
        assert!(on_all.value_independent_of_options());
        // "All" without allValue is (a|b|c) of the options; a picked value may be invalidated.
        let mut every_option = on_all.clone();
        every_option.all_value = None;
        assert!(!every_option.value_independent_of_options());
        let picked = var(json!({
            "name": "job", "type": "query", "query": "label_values(up, job)",
            "includeAll": true, "allValue": ".*",
            "current": {"text": "mesh", "value": "mesh"}
        }));
        assert!(!picked.value_independent_of_options());
        let constant = var(json!({"name": "c", "type": "constant", "query": "x"}));
        assert!(constant.value_independent_of_options());
    }

    #[test]
    fn reads_query_variable_with_object_query() {
        let v = var(json!({
            "name": "instance", "type": "query", "refresh": 2, "sort": 1,
            "query": {"query": "label_values(up, instance)", "refId": "A"},
            "current": {"text": "a:1", "value": "a:1"}
        }));
        match &v.kind {
            VariableKind::Query {
                definition,
                refresh,
                sort,
                ..
            } => {
                assert_eq!(definition, "label_values(up, instance)");
                assert_eq!(*refresh, RefreshOn::TimeRangeChange);
                assert_eq!(*sort, VariableSort::AlphabeticalAsc);
            }
            other => panic!("unexpected kind {other:?}"),
        }
        assert_eq!(v.current.values, vec!["a:1"]);
    }

    #[test]
    fn custom_options_and_all_selection() {
        let mut v = var(json!({
            "name": "env", "type": "custom", "query": "prod,staging,dev",
            "includeAll": true, "multi": true,
            "current": {"text": ["All"], "value": ["$__all"]}
        }));
        assert_eq!(v.options.len(), 4);
        assert!(v.current.is_all());
        assert_eq!(v.effective_values(), vec!["prod", "staging", "dev"]);
        v.select(&["dev".into(), "prod".into()]);
        assert_eq!(v.current.values, vec!["dev", "prod"]);
    }

    #[test]
    fn stale_selection_falls_back_to_first_option() {
        let mut v = var(
            json!({"name": "job", "type": "query", "query": "label_values(job)",
            "current": {"text": "gone", "value": "gone"}}),
        );
        let scope = crate::variables::VariableScope::default();
        v.apply_query_result(&["b".into(), "a".into()], &scope);
        assert_eq!(v.current.values, vec!["b"]);
        v.select(&["a".into()]);
        v.apply_query_result(&["a".into(), "c".into()], &scope);
        assert_eq!(v.current.values, vec!["a"]);
    }

    #[test]
    fn interval_auto_resolves_for_range() {
        let mut v = var(
            json!({"name": "iv", "type": "interval", "query": "1m,10m,1h",
            "auto": true, "auto_count": 30, "auto_min": "10s",
            "current": {"text": "auto", "value": "$__auto_interval_iv"}}),
        );
        assert_eq!(v.options[0].text, "auto");
        v.update_auto_interval(6 * 3_600_000);
        assert_eq!(v.effective_values(), vec!["10m"]);
    }

    #[test]
    fn export_writes_current_back() {
        let mut v = var(json!({"name": "env", "type": "custom", "query": "a,b", "extra": 7}));
        v.select(&["b".into()]);
        let out = v.to_json();
        assert_eq!(out["current"]["value"], json!("b"));
        assert_eq!(out["extra"], json!(7));
    }

    #[test]
    fn nameless_variable_is_skipped() {
        assert!(Variable::from_json(&json!({"type": "query"})).is_none());
        assert!(Variable::from_json(&json!(42)).is_none());
    }
}
