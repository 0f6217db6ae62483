//! The requests a freshly opened dashboard's first screen will send, known as soon as its file
//! is parsed (issue 17: no chain of waits). The app sends them then, while it builds the page,
//! and each panel takes its answer instead of asking again ([`answers`]); a panel whose own
//! request turns out different (another width, a variable that changed) simply asks.
//!
//! Only what is sure before the page exists: Prometheus targets of the metric panels placed in
//! the first window height, when every variable's value is known before its options arrive
//! (`start_refresh`'s `publish_now`, the same rule that lets the panels start early).

use super::backend::QueryBackend;
use super::queries::{build_request, panel_queries};
use super::run::RunPlanner;
use crate::dashboard::{
    arrange, placed_rects, start_refresh, Dashboard, PanelKind, RowStates, SyncCause,
};
use crate::prometheus::PromRequest;
use crate::time_range::TimeRange;
use crate::variables::{DatasourceInfo, VariableScope};
use std::collections::BTreeMap;

/// What the page will be opened with.
#[derive(Debug, Clone)]
pub struct FirstView<'a> {
    /// The URL's `var-<name>` values.
    pub url_vars: &'a BTreeMap<String, Vec<String>>,
    pub datasources: &'a [DatasourceInfo],
    /// The range the panels query (URL or dashboard time, after `nowDelay`).
    pub range: &'a TimeRange,
    pub now_ms: i64,
    pub utc_offset_min: i32,
    /// The grid's width in px (as the grid guesses it before measuring).
    pub grid_width: f64,
    /// The window's height in px: panels starting below it are not asked for.
    pub window_height: f64,
}

/// Space a panel's frame takes from its item's width (1 px borders, 6 px body padding): the
/// query step follows the body's width, rounded to a nice interval, so a few px off still
/// gives the same request.
const PANEL_FRAME_PX: f64 = 14.0;

/// The Prometheus requests the metric panels in the first screen will send, in grid order.
pub fn first_view_requests(dashboard: &Dashboard, view: &FirstView) -> Vec<PromRequest> {
    let mut vars = dashboard.variables.clone();
    let range_ms = view.range.resolve(view.now_ms, view.utc_offset_min);
    let cause = SyncCause::Load(view.url_vars.clone());
    match start_refresh(&mut vars, &cause, view.datasources, range_ms) {
        Some(start) if start.publish_now => {}
        // Some panel needs a variable's options first: nothing is sure yet.
        _ => return Vec::new(),
    }
    let scope = VariableScope::from_variables(&vars);
    let placed = arrange(&dashboard.panels, &vars, &RowStates::new());
    let rects = placed_rects(&placed, view.grid_width);
    let mut requests = Vec::new();
    for rect in rects.iter().filter(|r| r.y < view.window_height) {
        let Some(item) = placed.get(rect.index) else {
            continue;
        };
        // Repeat copies interpolate with their own values; they ask for themselves.
        if !queries_prometheus_panel(&item.panel.kind) || !item.panel.scoped_vars.is_empty() {
            continue;
        }
        let queries: Vec<_> = panel_queries(&item.panel, &scope)
            .into_iter()
            .filter(|q| q.backend == QueryBackend::Prometheus)
            .collect();
        if queries.is_empty() {
            continue;
        }
        let time = item.panel.time.interpolated(&scope);
        let width = (rect.width - PANEL_FRAME_PX).max(300.0);
        let run = RunPlanner::default().plan(
            &queries,
            view.range,
            &time,
            0,
            width,
            view.now_ms,
            view.utc_offset_min,
        );
        requests.extend(
            run.queries
                .iter()
                .map(|q| build_request(q, run.range, run.width)),
        );
    }
    requests
}

/// The panel kinds drawn by the metric panel (their targets are Prometheus or Loki queries).
fn queries_prometheus_panel(kind: &PanelKind) -> bool {
    matches!(
        kind,
        PanelKind::TimeSeries
            | PanelKind::Stat
            | PanelKind::Gauge
            | PanelKind::BarGauge
            | PanelKind::Table
            | PanelKind::Heatmap
            | PanelKind::StateTimeline
    )
}

/// How much earlier than the panel's own an instant query's time may be for the early answer
/// to stand for it: the page's build, not a refresh (a refresh is at least 5 s apart).
pub const INSTANT_SLACK_MS: f64 = 5_000.0;

/// Whether the answer to `early` (sent when the dashboard was parsed) is the answer to
/// `wanted` (the panel's own request): the same request, except that an instant query may be
/// evaluated up to [`INSTANT_SLACK_MS`] earlier (its time is "now", read when each was built;
/// range queries align their ends to the step, so theirs are equal).
pub fn answers(early: &PromRequest, wanted: &PromRequest) -> bool {
    match (early, wanted) {
        (
            PromRequest::Query {
                query: a,
                time_ms: Some(ta),
            },
            PromRequest::Query {
                query: b,
                time_ms: Some(tb),
            },
        ) => a == b && *ta <= *tb && *tb - *ta <= INSTANT_SLACK_MS,
        _ => early == wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn dashboard(json: &str) -> Dashboard {
        Dashboard::parse(json).expect("a dashboard")
    }

    fn prometheus() -> Vec<DatasourceInfo> {
        vec![DatasourceInfo {
            name: "Prometheus".into(),
            uid: "prometheus".into(),
            plugin: "prometheus".into(),
        }]
    }

    fn requests(d: &Dashboard, vars: &BTreeMap<String, Vec<String>>) -> Vec<PromRequest> {
        let range = TimeRange::parse("now-1h", "now").unwrap();
        first_view_requests(
            d,
            &FirstView {
                url_vars: vars,
                datasources: &prometheus(),
                range: &range,
                now_ms: NOW,
                utc_offset_min: 0,
                grid_width: 1256.0,
                window_height: 900.0,
            },
        )
    }

    fn query_of(r: &PromRequest) -> String {
        match r {
            PromRequest::Query { query, .. } | PromRequest::QueryRange { query, .. } => {
                query.clone()
            }
            other => panic!("not a panel query: {other:?}"),
        }
    }

    const PANELS: &str = r#"{"uid":"u","title":"t","panels":[
        {"id":1,"type":"timeseries","title":"top","gridPos":{"x":0,"y":0,"w":12,"h":8},
         "targets":[{"refId":"A","expr":"up{job=~\"$job\"}"}]},
        {"id":2,"type":"stat","title":"top right","gridPos":{"x":12,"y":0,"w":12,"h":8},
         "targets":[{"refId":"A","expr":"count(up)","instant":true}]},
        {"id":3,"type":"text","title":"tall note","gridPos":{"x":0,"y":8,"w":24,"h":40}},
        {"id":4,"type":"timeseries","title":"below","gridPos":{"x":0,"y":48,"w":24,"h":8},
         "targets":[{"refId":"A","expr":"rate(x[5m])"}]}
    ],"templating":{"list":[
        {"name":"job","type":"query","query":"label_values(up, job)","includeAll":true,
         "allValue":".*","multi":true,"current":{"text":["All"],"value":["$__all"]}}
    ]}}"#;

    #[test]
    fn the_first_screen_s_metric_panels_with_their_variables_interpolated() {
        let got = requests(&dashboard(PANELS), &BTreeMap::new());
        let queries: Vec<String> = got.iter().map(query_of).collect();
        // The text panel queries nothing; the panel under it starts below the window's height.
        assert_eq!(queries, vec!["up{job=~\".*\"}", "count(up)"]);
        match &got[0] {
            PromRequest::QueryRange {
                start_ms,
                end_ms,
                step_ms,
                ..
            } => {
                // Aligned to the step: a panel planning a moment later asks the same.
                assert_eq!(start_ms % step_ms, 0.0);
                assert_eq!(end_ms % step_ms, 0.0);
                assert!(*end_ms <= NOW as f64 && *start_ms >= (NOW - 3_600_000 - 60_000) as f64);
            }
            other => panic!("a range query: {other:?}"),
        }
        assert!(matches!(got[1], PromRequest::Query { time_ms: Some(t), .. } if t == NOW as f64));
    }

    #[test]
    fn a_url_value_is_what_the_panels_query_with() {
        let vars = BTreeMap::from([("job".to_string(), vec!["api".to_string()])]);
        let got = requests(&dashboard(PANELS), &vars);
        assert_eq!(query_of(&got[0]), "up{job=~\"api\"}");
    }

    #[test]
    fn nothing_when_a_panel_needs_a_variable_s_options_first() {
        // "All" without allValue is the options themselves: unknown before they arrive.
        let json = PANELS.replace(r#""allValue":".*","#, "");
        assert_eq!(requests(&dashboard(&json), &BTreeMap::new()), vec![]);
    }

    #[test]
    fn the_same_request_answers_and_an_instant_query_a_moment_later() {
        let range = |start_ms| PromRequest::QueryRange {
            query: "up".into(),
            start_ms,
            end_ms: 2_000.0,
            step_ms: 20.0,
        };
        assert!(answers(&range(1_000.0), &range(1_000.0)));
        assert!(!answers(&range(1_000.0), &range(1_020.0)));
        let instant = |query: &str, t: f64| PromRequest::Query {
            query: query.into(),
            time_ms: Some(t),
        };
        assert!(answers(
            &instant("up", NOW as f64),
            &instant("up", NOW as f64 + 300.0)
        ));
        assert!(!answers(
            &instant("up", NOW as f64),
            &instant("down", NOW as f64 + 300.0)
        ));
        // Not a refresh's later answer, and never an answer from after the panel asked.
        assert!(!answers(
            &instant("up", NOW as f64),
            &instant("up", NOW as f64 + 6_000.0)
        ));
        assert!(!answers(
            &instant("up", NOW as f64 + 1.0),
            &instant("up", NOW as f64)
        ));
    }
}
