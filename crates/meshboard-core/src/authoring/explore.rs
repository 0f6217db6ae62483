//! Explore's "Add to dashboard": the query of `/explore/metrics` or `/explore/logs` as a new
//! panel, as Grafana's `AddToDashboardService` builds it (`targets` = the query, `type` by what
//! Explore shows: `timeseries` for a PromQL graph, `logs` for LogQL; the datasource; a 12 x 8
//! `gridPos`), put on an existing dashboard or on a new empty one carrying Explore's range.
//! The panel goes to the top left as [`Edit::InsertPanel`] places it.
//!
//! As in Grafana, the dashboard then opens with the panel as an unsaved change, which the
//! user saves: the app keeps it as the dashboard's draft. A new dashboard is never saved
//! before that: until its first save it is only a draft, opened over [`unsaved_base`].

use serde_json::{json, Value};

use super::edit::{apply, Edit, EditError};
use super::edit::{NEW_PANEL_HEIGHT, NEW_PANEL_WIDTH};
use crate::dashboard::{Dashboard, GRID_COLUMNS};

/// Which explore page the query comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExploreSource {
    /// PromQL on `/explore/metrics`.
    Metrics,
    /// LogQL on `/explore/logs`.
    Logs,
}

/// The query and range Explore shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ExploreQuery {
    pub source: ExploreSource,
    pub expr: String,
    /// The URL's range as written (`now-1h`, epoch ms); `None`: Explore's default.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Title of the panel Explore adds (Grafana's `AddToDashboardService` writes "New panel";
/// the query is shown as the description so the panel says what it shows).
pub const EXPLORE_PANEL_TITLE: &str = "New panel";

/// Explore's default range, as its pages read a URL without one.
const DEFAULT_FROM: &str = "now-6h";
const DEFAULT_TO: &str = "now";

impl ExploreQuery {
    /// The panel JSON (no id yet: inserting gives it one).
    pub fn panel(&self) -> Value {
        let (kind, plugin) = match self.source {
            ExploreSource::Metrics => ("timeseries", "prometheus"),
            ExploreSource::Logs => ("logs", "loki"),
        };
        let datasource = json!({ "type": plugin });
        // A log list reads best full width, as Grafana's logs panels usually are.
        let width = match self.source {
            ExploreSource::Metrics => NEW_PANEL_WIDTH,
            ExploreSource::Logs => GRID_COLUMNS,
        };
        json!({
            "type": kind,
            "title": EXPLORE_PANEL_TITLE,
            "description": self.expr,
            "datasource": datasource,
            "targets": [{ "refId": "A", "expr": self.expr, "datasource": datasource }],
            "gridPos": { "x": 0, "y": 0, "w": width, "h": NEW_PANEL_HEIGHT },
        })
    }

    /// `dashboard` with the query added as a new panel at the top left.
    pub fn add_to(&self, dashboard: &Dashboard) -> Result<Dashboard, EditError> {
        apply(
            dashboard,
            &Edit::InsertPanel {
                panel: self.panel(),
                at: None,
            },
        )
    }

    /// A new empty dashboard `title` under `uid`, over Explore's range, with the query on it.
    pub fn new_dashboard(&self, uid: &str, title: &str) -> Result<Dashboard, EditError> {
        let empty = json!({
            "uid": uid,
            "title": title,
            "editable": true,
            "schemaVersion": 39,
            "panels": [],
            "time": {
                "from": self.from.as_deref().unwrap_or(DEFAULT_FROM),
                "to": self.to.as_deref().unwrap_or(DEFAULT_TO),
            },
        });
        let dashboard =
            Dashboard::from_value(empty).map_err(|e| EditError::InvalidJson(e.to_string()))?;
        self.add_to(&dashboard)
    }
}

/// What a dashboard that exists only as a draft (a new one from Explore, never saved) opens
/// over: the draft without its panels, so the panels show as the unsaved change.
pub fn unsaved_base(draft_json: &str) -> Result<Dashboard, String> {
    let mut value: Value = serde_json::from_str(draft_json).map_err(|e| e.to_string())?;
    let Some(root) = value.as_object_mut() else {
        return Err("the draft is not a dashboard object".to_string());
    };
    root.insert("panels".into(), Value::Array(Vec::new()));
    Dashboard::from_value(value).map_err(|e| e.to_string())
}
