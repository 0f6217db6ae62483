//! The `alertlist` panel, whichever source it reads: its options as a Grafana dashboard writes
//! them (`maxItems`, `sortOrder`, `alertName`, `alertInstanceLabelFilter`, `stateFilter`,
//! `groupMode`/`groupBy`, `viewMode`), which source it reads (Prometheus' `/api/v1/alerts` or
//! Alertmanager's `/api/v2/alerts`), the items it lists (Alertmanager's state with the silences
//! and alerts that suppress it, named) and their order and grouping. Pure; time is passed in.

use std::collections::BTreeMap;

use serde_json::Value;

use super::api::{AlertState, GettableAlert, GettableSilence};
use super::filter::generator_explore_path;
use super::matcher::{all_match, parse_matchers, Matcher};
use crate::prometheus::{parse_rfc3339_ms, Alert};

/// Where the panel reads its alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertSource {
    /// Prometheus' own alerts (firing and pending), the default.
    Prometheus,
    /// Alertmanager's alerts with their state (active, suppressed by silences or inhibitions).
    Alertmanager,
}

/// Grafana's `sortOrder` (1 to 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    AlphaAsc,
    AlphaDesc,
    /// Most urgent first: firing/active before pending/suppressed, then by severity.
    Importance,
    TimeAsc,
    TimeDesc,
}

/// Which states the panel keeps (Grafana's `stateFilter`; `suppressed` is Meshboard's own
/// addition for Alertmanager and follows `firing` unless given).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateFilter {
    pub firing: bool,
    pub pending: bool,
    pub suppressed: bool,
}

/// The panel's options, read leniently (missing ones take Grafana's defaults).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertListOptions {
    pub source: AlertSource,
    pub max_items: usize,
    pub sort_order: SortOrder,
    /// Case-insensitive part of the alert name (`alertName`).
    pub alert_name: String,
    /// `alertInstanceLabelFilter`, in Alertmanager's matcher syntax.
    pub label_filter: Vec<Matcher>,
    pub state_filter: StateFilter,
    /// The labels alerts are grouped by (`groupMode: "custom"`); empty lists them ungrouped.
    pub group_by: Vec<String>,
    /// `viewMode: "stat"`: one number instead of the list.
    pub stat_view: bool,
}

/// Grafana's default `maxItems`.
pub const DEFAULT_MAX_ITEMS: usize = 20;

/// Whether a datasource reference (a name or `{type, uid}`) names Alertmanager.
fn names_alertmanager(value: Option<&Value>) -> bool {
    match value {
        Some(Value::String(name)) => name.eq_ignore_ascii_case("alertmanager"),
        Some(Value::Object(obj)) => obj
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t == "alertmanager"),
        _ => false,
    }
}

/// The source a panel reads: Alertmanager when the panel's `datasource` is of type
/// `alertmanager`, when `options.datasource` names it (`"alertmanager"` or `{type}`), or when
/// `options.alertmanager` (the alert groups panel's option) names any Alertmanager but Grafana's
/// built-in one; Prometheus otherwise.
pub fn alert_source(panel: &Value) -> AlertSource {
    let options = panel.get("options");
    let option = |key: &str| options.and_then(|o| o.get(key));
    let named_am = option("alertmanager")
        .and_then(Value::as_str)
        .is_some_and(|name| !name.is_empty() && name != "grafana");
    if names_alertmanager(panel.get("datasource"))
        || names_alertmanager(option("datasource"))
        || named_am
    {
        AlertSource::Alertmanager
    } else {
        AlertSource::Prometheus
    }
}

impl AlertListOptions {
    /// Reads the panel; a label filter Alertmanager's grammar refuses is the panel's error.
    pub fn from_panel(panel: &Value) -> Result<AlertListOptions, String> {
        let empty = Value::Null;
        let options = panel.get("options").unwrap_or(&empty);
        let text = |key: &str| options.get(key).and_then(Value::as_str).unwrap_or("");
        let filter_text = text("alertInstanceLabelFilter").trim();
        let label_filter = if filter_text.is_empty() || filter_text == "{}" {
            Vec::new()
        } else {
            parse_matchers(filter_text).map_err(|e| format!("Label filter: {e}"))?
        };
        // The legacy panel (before Grafana 8) kept these at its root.
        let legacy = |key: &str| options.get(key).or_else(|| panel.get(key));
        let sort_order = match legacy("sortOrder").and_then(Value::as_u64) {
            Some(2) => SortOrder::AlphaDesc,
            Some(3) => SortOrder::Importance,
            Some(4) => SortOrder::TimeAsc,
            Some(5) => SortOrder::TimeDesc,
            _ => SortOrder::AlphaAsc,
        };
        let group_by = if text("groupMode") == "custom" {
            options
                .get("groupBy")
                .and_then(Value::as_array)
                .map(|labels| {
                    labels
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Ok(AlertListOptions {
            source: alert_source(panel),
            // `limit`: the legacy panel's name for it.
            max_items: options
                .get("maxItems")
                .or_else(|| legacy("limit"))
                .and_then(Value::as_u64)
                .filter(|n| *n > 0)
                .map_or(DEFAULT_MAX_ITEMS, |n| n as usize),
            sort_order,
            alert_name: text("alertName").trim().to_lowercase(),
            label_filter,
            state_filter: state_filter(legacy("stateFilter")),
            group_by,
            stat_view: text("viewMode") == "stat",
        })
    }
}

/// An absent or empty `stateFilter` keeps everything, as Grafana's does; the legacy panel's list
/// (`["alerting", "pending"]`, before Grafana 8) is read too.
fn state_filter(value: Option<&Value>) -> StateFilter {
    if let Some(list) = value.and_then(Value::as_array).filter(|l| !l.is_empty()) {
        let has = |state: &str| list.iter().any(|v| v.as_str() == Some(state));
        let firing = has("alerting");
        return StateFilter {
            firing,
            pending: has("pending"),
            suppressed: firing,
        };
    }
    let Some(obj) = value.and_then(Value::as_object).filter(|o| !o.is_empty()) else {
        return StateFilter {
            firing: true,
            pending: true,
            suppressed: true,
        };
    };
    let flag = |key: &str| obj.get(key).and_then(Value::as_bool);
    let firing = flag("firing").unwrap_or(false);
    StateFilter {
        firing,
        pending: flag("pending").unwrap_or(false),
        suppressed: flag("suppressed").unwrap_or(firing),
    }
}

/// What suppresses an alert, named for a reader (`id` is the silence id or the inhibiting
/// alert's fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressor {
    pub id: String,
    pub text: String,
}

/// One alert as the panel lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertListItem {
    /// Alertmanager's fingerprint; the label text for Prometheus' alerts.
    pub key: String,
    pub name: String,
    pub severity: String,
    /// `firing`/`pending` (Prometheus) or `active`/`suppressed`/`unprocessed` (Alertmanager).
    pub state: String,
    pub silenced_by: Vec<Suppressor>,
    pub inhibited_by: Vec<Suppressor>,
    pub starts_at_ms: Option<f64>,
    pub labels: BTreeMap<String, String>,
    pub summary: String,
    /// The in-app path of the alert's PromQL in the metrics explorer.
    pub explore_path: Option<String>,
}

fn summary_of(annotations: &BTreeMap<String, String>) -> String {
    annotations
        .get("summary")
        .or_else(|| annotations.get("description"))
        .cloned()
        .unwrap_or_default()
}

fn severity_of(labels: &BTreeMap<String, String>) -> String {
    labels
        .get("severity")
        .cloned()
        .unwrap_or_else(|| "none".into())
}

/// Prometheus' alerts (firing and pending only) as items.
pub fn items_from_prometheus(alerts: &[Alert]) -> Vec<AlertListItem> {
    alerts
        .iter()
        .filter(|a| a.state == "firing" || a.state == "pending")
        .map(|a| AlertListItem {
            key: crate::panel_calc::labels_text(&a.labels),
            name: a.labels.get("alertname").cloned().unwrap_or_default(),
            severity: severity_of(&a.labels),
            state: a.state.clone(),
            silenced_by: Vec::new(),
            inhibited_by: Vec::new(),
            starts_at_ms: a.active_at.as_deref().and_then(parse_rfc3339_ms),
            labels: a.labels.clone(),
            summary: summary_of(&a.annotations),
            explore_path: None,
        })
        .collect()
}

/// `MeshNodeDown (node-03:9100)`: an alert named for the reader of another alert's line.
fn alert_reference(alert: &GettableAlert) -> String {
    let name = alert.labels.get("alertname").map_or("", String::as_str);
    match alert.labels.get("instance") {
        Some(instance) => format!("{name} ({instance})"),
        None => name.to_string(),
    }
}

/// Alertmanager's alerts as items: silences named by their creator and comment, inhibiting
/// alerts by name and instance (ids kept when the silence or alert is not in the lists).
pub fn items_from_alertmanager(
    alerts: &[GettableAlert],
    silences: &[GettableSilence],
) -> Vec<AlertListItem> {
    let silence_text = |id: &str| {
        silences.iter().find(|s| s.id == id).map_or_else(
            || format!("silence {id}"),
            |s| format!("{}: {}", s.created_by, s.comment),
        )
    };
    let alert_text = |fingerprint: &str| {
        alerts
            .iter()
            .find(|a| a.fingerprint == fingerprint)
            .map_or_else(|| fingerprint.to_string(), alert_reference)
    };
    alerts
        .iter()
        .map(|a| AlertListItem {
            key: a.fingerprint.clone(),
            name: a.labels.get("alertname").cloned().unwrap_or_default(),
            severity: severity_of(&a.labels),
            state: a.status.state.as_str().to_string(),
            silenced_by: a
                .status
                .silenced_by
                .iter()
                .map(|id| Suppressor {
                    id: id.clone(),
                    text: silence_text(id),
                })
                .collect(),
            inhibited_by: a
                .status
                .inhibited_by
                .iter()
                .map(|id| Suppressor {
                    id: id.clone(),
                    text: alert_text(id),
                })
                .collect(),
            starts_at_ms: a.starts_at_ms(),
            labels: a.labels.clone(),
            summary: summary_of(&a.annotations),
            explore_path: generator_explore_path(&a.generator_url),
        })
        .collect()
}

impl StateFilter {
    fn keeps(&self, state: &str) -> bool {
        match state {
            "pending" => self.pending,
            s if s == AlertState::Suppressed.as_str() => self.suppressed,
            // firing, active, unprocessed
            _ => self.firing,
        }
    }
}

/// How urgent a state is (lower first).
fn state_rank(state: &str) -> u8 {
    match state {
        "firing" | "active" => 0,
        "unprocessed" => 1,
        "pending" => 2,
        _ => 3,
    }
}

/// How urgent a severity is (lower first); unknown ones after the known.
fn severity_rank(severity: &str) -> u8 {
    match severity {
        "critical" | "page" => 0,
        "error" | "high" => 1,
        "warning" => 2,
        "info" => 3,
        "none" => 5,
        _ => 4,
    }
}

/// A heading and the items under it (one group without heading when ungrouped).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemGroup {
    /// `job="agent-mesh", severity="critical"`; empty when the list is ungrouped.
    pub heading: String,
    pub items: Vec<AlertListItem>,
}

/// What the panel shows: the groups of the kept items (at most `max_items` in all) and how
/// many the filters kept before that limit.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertListView {
    pub groups: Vec<ItemGroup>,
    pub matched: usize,
}

/// Filters, sorts, limits and groups the items as the options say.
pub fn arrange(mut items: Vec<AlertListItem>, options: &AlertListOptions) -> AlertListView {
    items.retain(|item| {
        options.state_filter.keeps(&item.state)
            && (options.alert_name.is_empty()
                || item.name.to_lowercase().contains(&options.alert_name))
            && all_match(&options.label_filter, &item.labels)
    });
    let by_name =
        |a: &AlertListItem, b: &AlertListItem| a.name.cmp(&b.name).then(a.key.cmp(&b.key));
    let by_time = |a: &AlertListItem, b: &AlertListItem| {
        // An item without a start time sorts as the oldest.
        let t = |i: &AlertListItem| i.starts_at_ms.unwrap_or(f64::MIN);
        t(a).total_cmp(&t(b))
    };
    crate::sort::sort_by(&mut items, |a, b| match options.sort_order {
        SortOrder::AlphaAsc => by_name(a, b),
        SortOrder::AlphaDesc => by_name(b, a),
        SortOrder::Importance => state_rank(&a.state)
            .cmp(&state_rank(&b.state))
            .then(severity_rank(&a.severity).cmp(&severity_rank(&b.severity)))
            .then(by_time(a, b))
            .then(by_name(a, b)),
        SortOrder::TimeAsc => by_time(a, b).then(by_name(a, b)),
        SortOrder::TimeDesc => by_time(b, a).then(by_name(a, b)),
    });
    let matched = items.len();
    items.truncate(options.max_items);
    if options.group_by.is_empty() {
        let groups = if items.is_empty() {
            Vec::new()
        } else {
            vec![ItemGroup {
                heading: String::new(),
                items,
            }]
        };
        return AlertListView { groups, matched };
    }
    // Groups in the order of their first (most important) item.
    let mut groups: Vec<ItemGroup> = Vec::new();
    for item in items {
        let heading = group_heading(&item.labels, &options.group_by);
        match groups.iter_mut().find(|g| g.heading == heading) {
            Some(group) => group.items.push(item),
            None => groups.push(ItemGroup {
                heading,
                items: vec![item],
            }),
        }
    }
    AlertListView { groups, matched }
}

/// `job="agent-mesh", severity="critical"` for the grouping labels the alert carries;
/// `No grouping labels` when it carries none of them.
fn group_heading(labels: &BTreeMap<String, String>, group_by: &[String]) -> String {
    let parts: Vec<String> = group_by
        .iter()
        .filter_map(|l| labels.get(l).map(|v| format!("{l}=\"{v}\"")))
        .collect();
    if parts.is_empty() {
        "No grouping labels".into()
    } else {
        parts.join(", ")
    }
}
