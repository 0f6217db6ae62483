//! The frames the panel's queries give before any transformation (Grafana's editors get this
//! `input` from the panel's query runner), for the Transform data tab's field choices. It
//! runs the panel's queries as the preview does, while the tab is open, and re-runs them only
//! when the queries themselves change (not on a transformation's edit).

use super::super::grid::panel_scope;
use super::EditedPanel;
use crate::core::dashboard::Panel;
use crate::core::panel::panel_queries;
use crate::core::transform::{prometheus_frames, DataFrame, QueryFrames};
use crate::ui::panels::data::use_panel_data;
use leptos::prelude::*;
use serde_json::Value;

/// The step the field names are queried at: any width gives the same field names.
const QUERY_WIDTH_PX: f64 = 600.0;

/// The panel's frames before its transformations (empty until the queries answer).
pub fn use_input_frames(panel: EditedPanel) -> Memo<Vec<DataFrame>> {
    // Only what the queries read: targets, interval options and time options, not options.
    let query_json = Memo::new(move |_| {
        panel.with(Value::Null, |p| {
            let mut only = serde_json::Map::new();
            for key in [
                "type",
                "targets",
                "datasource",
                "interval",
                "maxDataPoints",
                "timeFrom",
                "timeShift",
                "scopedVars",
            ] {
                if let Some(v) = p.get(key) {
                    only.insert(key.to_string(), v.clone());
                }
            }
            Value::Object(only)
        })
    });
    let model = Memo::new(move |_| Panel::from_json(&query_json.get(), panel.id));
    let scope = panel_scope(panel.ctx.state, &model.get_untracked());
    let queries = Memo::new(move |_| model.with(|m| scope.with(|s| panel_queries(m, s))));
    let time = model.get_untracked().time;
    let data = use_panel_data(
        queries.into(),
        time,
        Signal::derive(|| true),
        Signal::derive(|| QUERY_WIDTH_PX),
    );
    Memo::new(move |_| {
        let table_refs: Vec<String> = model.with(|m| {
            m.targets
                .iter()
                .filter(|t| t.format.as_deref() == Some("table"))
                .map(|t| t.ref_id.clone())
                .collect()
        });
        data.with_result(|r| {
            r.map(|r| {
                prometheus_frames(&QueryFrames {
                    frame: &r.frame,
                    names: &r.names,
                    ref_ids: &r.ref_ids,
                    table_refs: &table_refs,
                })
            })
            .unwrap_or_default()
        })
    })
}
