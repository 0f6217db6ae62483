//! A panel's data: its interpolated queries, when to run them (only once visible, only when a
//! query, the time range or the refresh tick changed, or a resize moved the step), and the
//! result every body reads.

use super::exemplars::fetch_exemplar_dots;
use crate::api::http::Exchange;
use crate::api::http::{abort_handle, AbortOnDrop};
use crate::api::prometheus;
use crate::core::config::Config;
use crate::core::dashboard::Panel;
use crate::core::frame::Frame;
use crate::core::legend::series_name;
use crate::core::prometheus::{ExemplarDot, PromRequest};
use crate::core::step::{
    max_points_for_width, parse_prom_duration, plan_range_query, width_changes_resolution,
    IntervalVars, DEFAULT_SCRAPE_INTERVAL_MS,
};
use crate::core::time_range::TimeRange;
use crate::core::variables::{interpolate_query, VariableScope};
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// One query of a panel, variables already interpolated (the built-in `$__interval` family is
/// substituted at query time, when width and range are known).
#[derive(Debug, Clone, PartialEq)]
pub struct PanelQuery {
    pub ref_id: String,
    pub expr: String,
    pub legend: Option<String>,
    pub instant: bool,
    pub min_step_ms: f64,
    pub max_points: Option<u32>,
    /// Grafana's `"exemplar": true`: also fetch exemplars and draw them on the chart.
    pub exemplar: bool,
}

/// The panel's visible targets with their expressions interpolated.
pub fn panel_queries(panel: &Panel, scope: &VariableScope) -> Vec<PanelQuery> {
    let panel_min = panel
        .min_interval
        .as_deref()
        .map(|i| interpolate_query(i, scope))
        .and_then(|i| parse_prom_duration(&i));
    panel
        .targets
        .iter()
        .filter(|t| !t.hide)
        .filter_map(|t| {
            let expr = interpolate_query(t.expr.as_deref()?, scope);
            let own_min = t
                .interval
                .as_deref()
                .map(|i| interpolate_query(i, scope))
                .and_then(|i| parse_prom_duration(&i));
            Some(PanelQuery {
                ref_id: t.ref_id.clone(),
                expr,
                legend: t
                    .legend_format
                    .as_deref()
                    .map(|l| interpolate_query(l, scope)),
                instant: t.instant
                    || t.format.as_deref() == Some("table")
                        && t.raw.get("range").and_then(|r| r.as_bool()) != Some(true),
                min_step_ms: own_min.or(panel_min).unwrap_or(0.0),
                max_points: panel.max_data_points,
                exemplar: t.raw.get("exemplar").and_then(|e| e.as_bool()) == Some(true),
            })
        })
        .collect()
}

/// `data-state` of a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadState {
    Loading,
    Ok,
    Empty,
    Error,
}

impl LoadState {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadState::Loading => "loading",
            LoadState::Ok => "ok",
            LoadState::Empty => "empty",
            LoadState::Error => "error",
        }
    }
}

/// What the inspector shows about one request.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectEntry {
    pub ref_id: String,
    pub method: String,
    pub url: String,
    pub form_body: Option<String>,
    pub status: Option<u16>,
    pub bytes: usize,
    pub elapsed_ms: f64,
    pub shared: bool,
    pub series: usize,
    pub points: usize,
    pub error: Option<String>,
}

/// The merged result of a panel's queries.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub frame: Arc<Frame>,
    /// Display name of each series (legendFormat or label set).
    pub names: Vec<String>,
    /// The query each series came from.
    pub ref_ids: Vec<String>,
    /// The resolved range queried, epoch ms.
    pub range: (f64, f64),
    pub notices: Vec<String>,
    /// `ref: message` per failed query.
    pub errors: Vec<String>,
    pub inspect: Vec<InspectEntry>,
    /// Time spent parsing, for the inspector.
    pub total_ms: f64,
}

/// The signals a panel body reads.
#[derive(Clone, Copy)]
pub struct PanelData {
    pub state: RwSignal<LoadState>,
    pub result: RwSignal<Option<Arc<QueryResult>>>,
    /// Exemplar dots of the targets that ask for them; they arrive after the data.
    pub exemplars: RwSignal<Arc<Vec<ExemplarDot>>>,
}

impl PanelData {
    pub fn error_text(&self) -> Option<String> {
        self.result.with(|r| {
            r.as_ref()
                .filter(|r| !r.errors.is_empty())
                .map(|r| r.errors.join("\n"))
        })
    }
}

/// Runs `queries` against Prometheus whenever they, the time range or the refresh tick change,
/// but only while `visible`; a new run aborts the stale one.
pub fn use_panel_data(
    queries: Signal<Vec<PanelQuery>>,
    visible: Signal<bool>,
    width_px: Signal<f64>,
) -> PanelData {
    let data = PanelData {
        state: RwSignal::new(LoadState::Loading),
        result: RwSignal::new(None),
        exemplars: RwSignal::new(Arc::new(Vec::new())),
    };
    let time = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let config = expect_context::<Config>();
    let abort = StoredValue::new_local(None::<AbortOnDrop>);
    let last_key = StoredValue::new(None::<(Vec<PanelQuery>, TimeRange, u64)>);
    // The resolved range and width of the last run, to tell whether a resize moved the step.
    let last_shape = StoredValue::new(None::<((f64, f64), f64)>);
    Effect::new(move |_| {
        let qs = queries.get();
        let (range, _) = time.get();
        let t = tick.0.get();
        let width = width_px.get();
        if !visible.get() {
            return;
        }
        let key = (qs.clone(), range.clone(), t);
        let same_queries = last_key.with_value(|k| k.as_ref() == Some(&key));
        if same_queries && !last_shape.with_value(|s| resize_moves_step(&qs, *s, width)) {
            return;
        }
        last_key.set_value(Some(key));
        let Ok((handle, signal)) = abort_handle() else {
            return;
        };
        // Replacing the handle drops (and so aborts) the stale request.
        abort.set_value(Some(handle));
        let (from, to) = range.resolve(now_ms(), utc_offset_min());
        last_shape.set_value(Some(((from as f64, to as f64), width)));
        let config = config.clone();
        data.state.set(LoadState::Loading);
        spawn_local(async move {
            let result = run_queries(&config, &qs, (from as f64, to as f64), width, &signal).await;
            if signal.aborted() {
                return;
            }
            let state = if !result.errors.is_empty() {
                LoadState::Error
            } else if result.frame.is_empty() {
                LoadState::Empty
            } else {
                LoadState::Ok
            };
            data.result.set(Some(Arc::new(result)));
            data.state.set(state);
            let dots = if qs.iter().any(|q| q.exemplar) {
                fetch_exemplar_dots(&config, &qs, (from as f64, to as f64), width, &signal).await
            } else {
                Vec::new()
            };
            if !signal.aborted() {
                data.exemplars.set(Arc::new(dots));
            }
        });
    });
    data
}

/// Whether the panel, last run over `last` (resolved range, width), needs to query again at
/// `width`: only range queries whose step follows the width are affected.
fn resize_moves_step(qs: &[PanelQuery], last: Option<((f64, f64), f64)>, width: f64) -> bool {
    let Some(((from, to), queried_width)) = last else {
        return false;
    };
    qs.iter().any(|q| {
        !q.instant
            && q.max_points.is_none()
            && width_changes_resolution(from, to, q.min_step_ms, queried_width, width)
    })
}

/// The request one query makes over `range` for a panel `width` px wide.
pub fn build_request(q: &PanelQuery, range: (f64, f64), width: f64) -> PromRequest {
    let (from, to) = range;
    let max_points = q.max_points.unwrap_or_else(|| max_points_for_width(width));
    let vars = IntervalVars::new(
        from,
        to,
        max_points,
        q.min_step_ms,
        DEFAULT_SCRAPE_INTERVAL_MS,
    );
    let query = vars.substitute(&q.expr);
    if q.instant {
        return PromRequest::Query {
            query,
            time_ms: Some(to),
        };
    }
    let plan = plan_range_query(from, to, max_points, q.min_step_ms);
    PromRequest::QueryRange {
        query,
        start_ms: plan.start_ms,
        end_ms: plan.end_ms,
        step_ms: plan.step_ms,
    }
}

/// Runs every query at once and merges the frames.
pub async fn run_queries(
    config: &Config,
    qs: &[PanelQuery],
    range: (f64, f64),
    width: f64,
    signal: &web_sys::AbortSignal,
) -> QueryResult {
    let started = js_sys::Date::now();
    let mut out = QueryResult {
        range,
        ..QueryResult::default()
    };
    let ds = match prometheus::datasource(config) {
        Ok(ds) => ds.clone(),
        Err(error) => {
            out.errors.push(error.to_string());
            return out;
        }
    };
    let requests: Vec<PromRequest> = qs.iter().map(|q| build_request(q, range, width)).collect();
    let futures: Vec<_> = requests
        .iter()
        .map(|r| prometheus::query_frame(&ds, r, signal))
        .collect();
    let results = JoinAll::new(futures).await;
    let mut frame = Frame::default();
    for ((q, request), result) in qs.iter().zip(&requests).zip(results) {
        let expr = request
            .params()
            .into_iter()
            .find(|(k, _)| *k == "query")
            .map(|(_, v)| v)
            .unwrap_or_default();
        match result {
            Ok((part, reply)) => {
                out.inspect.push(entry(
                    q,
                    &reply,
                    part.series.len(),
                    part.point_count(),
                    None,
                ));
                for series in &part.series {
                    out.names
                        .push(series_name(q.legend.as_deref(), &series.labels, &expr));
                    out.ref_ids.push(q.ref_id.clone());
                }
                out.notices
                    .extend(part.notices.iter().map(|n| format!("{}: {n}", q.ref_id)));
                frame.series.extend(part.series);
            }
            Err(failure) if failure.is_aborted() => {}
            Err(failure) => {
                let message = failure.to_string();
                if let Some(reply) = &failure.exchange {
                    out.inspect
                        .push(entry(q, reply, 0, 0, Some(message.clone())));
                } else {
                    out.inspect.push(InspectEntry {
                        ref_id: q.ref_id.clone(),
                        method: "GET".into(),
                        url: String::new(),
                        form_body: None,
                        status: None,
                        bytes: 0,
                        elapsed_ms: 0.0,
                        shared: false,
                        series: 0,
                        points: 0,
                        error: Some(message.clone()),
                    });
                }
                let prefix = if qs.len() > 1 {
                    format!("{}: ", q.ref_id)
                } else {
                    String::new()
                };
                out.errors.push(format!("{prefix}{message}"));
            }
        }
    }
    out.frame = Arc::new(frame);
    out.total_ms = js_sys::Date::now() - started;
    out
}

fn entry(
    q: &PanelQuery,
    reply: &Exchange,
    series: usize,
    points: usize,
    error: Option<String>,
) -> InspectEntry {
    InspectEntry {
        ref_id: q.ref_id.clone(),
        method: reply.method.to_string(),
        url: reply.url.clone(),
        form_body: reply.form_body.clone(),
        status: Some(reply.response.status),
        bytes: reply.response.body.len(),
        elapsed_ms: reply.elapsed_ms,
        shared: reply.shared,
        series,
        points,
        error,
    }
}

/// Polls every future until all are done; outputs in input order.
pub struct JoinAll<F: Future> {
    futures: Vec<Option<Pin<Box<F>>>>,
    outputs: Vec<Option<F::Output>>,
}

// Outputs are moved, never pinned; the futures are boxed.
impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> JoinAll<F> {
    pub fn new(futures: Vec<F>) -> Self {
        let outputs = futures.iter().map(|_| None).collect();
        JoinAll {
            futures: futures.into_iter().map(|f| Some(Box::pin(f))).collect(),
            outputs,
        }
    }
}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        for (slot, out) in this.futures.iter_mut().zip(this.outputs.iter_mut()) {
            if let Some(future) = slot {
                if let Poll::Ready(value) = future.as_mut().poll(cx) {
                    *out = Some(value);
                    *slot = None;
                }
            }
        }
        if this.futures.iter().all(Option::is_none) {
            Poll::Ready(this.outputs.iter_mut().filter_map(Option::take).collect())
        } else {
            Poll::Pending
        }
    }
}
