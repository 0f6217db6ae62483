//! A metrics panel's data: its queries (PromQL, or LogQL metric queries on Loki) run through
//! `use_query`, only once the panel is visible and again only when core's [`RunPlanner`]
//! plans a new run (a query, the range or the refresh tick changed, or a resize moved the
//! step); then its exemplars, once the data is there. A panel with transformations (not a
//! table: it transforms its own frames) reads its answer through them
//! ([`PanelData::with_transformations`]); without any it reads the answer as it came.

use super::exemplars::fetch_exemplar_dots;
use crate::api::error::CallError;
use crate::api::http::Exchange;
use crate::api::loki::LokiClient;
use crate::api::prometheus;
use crate::core::config::Config;
use crate::core::dashboard::{Panel, PanelTimeOptions};
use crate::core::frame::Frame;
use crate::core::load::DataState;
use crate::core::loki::LokiError;
use crate::core::panel::{
    build_request, loki_metric_request, panel_status, PanelQuery, PanelRun, PanelTime,
    QueryBackend, QueryOutcome, QueryResult, RunPlanner, WireRecord,
};
use crate::core::prometheus::{ExemplarDot, PromRequest};
use crate::core::transform::panel_series::{
    any_enabled, check_transformations, SeriesShape, TransformedSeries,
};
use crate::core::transform::QueryFrames;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::query::{use_query, Query};
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;
use futures_util::future::join_all;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::AbortSignal;

#[path = "data_transforms.rs"]
mod transforms;

/// What a panel body reads: the merged result of its queries and their exemplar dots.
#[derive(Clone, Copy)]
pub struct PanelData {
    data: Query<Arc<QueryResult>>,
    exemplars: Query<Arc<Vec<ExemplarDot>>>,
    time_info: Memo<String>,
    /// The answer after the panel's transformations; `None` when it has none enabled.
    transformed: Option<Memo<Option<Arc<Transformed>>>>,
}

/// The answer as the transformations left it, and what the panel says instead of drawing.
pub struct Transformed {
    result: Arc<QueryResult>,
    /// Per series: made of rows without time (a single value draws no sparkline of them).
    untimed: Vec<bool>,
    /// Grafana's panel message ("Data does not have a time field").
    warning: Option<String>,
    /// Why the transformations could not run (bad options).
    error: Option<String>,
}

/// Each run makes a new answer: the same one is the same allocation.
impl PartialEq for Transformed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.result, &other.result) && self.error == other.error
    }
}

impl PanelData {
    /// The newest result, kept while a newer run loads so the body keeps drawing (tracked).
    /// With transformations, the transformed one.
    pub fn result(&self) -> Option<Arc<QueryResult>> {
        match self.transformed {
            Some(t) => t.with(|t| t.as_ref().map(|t| t.result.clone())),
            None => self.data.latest(),
        }
    }

    /// Reads the panel's transformations into what its body draws: `shape` is how the body
    /// reads frames. Without an enabled transformation this is the answer as it came (no
    /// frames are built); options that cannot be used are the panel's error.
    pub fn with_transformations(mut self, panel: &Panel, shape: SeriesShape) -> PanelData {
        let transformations = panel
            .raw
            .get("transformations")
            .cloned()
            .unwrap_or_default();
        if !any_enabled(&transformations) {
            return self;
        }
        let problem = check_transformations(&transformations).err();
        let table_refs: Vec<String> = panel
            .targets
            .iter()
            .filter(|t| t.format.as_deref() == Some("table"))
            .map(|t| t.ref_id.clone())
            .collect();
        // The code is a chunk: loaded once a panel with usable transformations mounts.
        let code = problem.is_none().then(transforms::transform_code);
        let data = self.data;
        self.transformed = Some(Memo::new(move |_| {
            let raw = data.latest()?;
            let (out, error) = match (&problem, code.and_then(|c| c.get())) {
                (Some(problem), _) => (TransformedSeries::default(), Some(problem.clone())),
                // Until the code arrives the panel is loading.
                (None, None) => return None,
                (None, Some(Err(failure))) => (TransformedSeries::default(), Some(failure)),
                (None, Some(Ok(run))) => {
                    let answer = QueryFrames {
                        frame: &raw.frame,
                        names: &raw.names,
                        ref_ids: &raw.ref_ids,
                        table_refs: &table_refs,
                    };
                    (run(&answer, &transformations, shape), None)
                }
            };
            let result = QueryResult {
                frame: Arc::new(out.frame),
                names: out.names,
                ref_ids: out.ref_ids,
                ..(*raw).clone()
            };
            Some(Arc::new(Transformed {
                result: Arc::new(result),
                untimed: out.untimed,
                warning: out.warning,
                error,
            }))
        }));
        self
    }

    /// Grafana's message in place of the drawing when the transformed frames have nothing
    /// this panel draws (tracked).
    pub fn warning(&self) -> Option<String> {
        let t = self.transformed?;
        t.with(|t| t.as_ref().and_then(|t| t.warning.clone()))
    }

    /// Whether the panel reads its answer through transformations.
    pub fn is_transformed(&self) -> bool {
        self.transformed.is_some()
    }

    /// Whether series `index` is rows of a frame without time (tracked).
    pub fn untimed(&self, index: usize) -> bool {
        self.transformed.is_some_and(|t| {
            t.with(|t| {
                t.as_ref()
                    .is_some_and(|t| t.untimed.get(index) == Some(&true))
            })
        })
    }

    fn transform_error(&self) -> Option<String> {
        let t = self.transformed?;
        t.with(|t| t.as_ref().and_then(|t| t.error.clone()))
    }

    /// Reads the newest result (tracked).
    pub fn with_result<R>(&self, f: impl FnOnce(Option<&QueryResult>) -> R) -> R {
        f(self.result().as_deref())
    }

    /// The panel's `data-state` (tracked); with transformations, of the transformed answer.
    pub fn status(&self) -> DataState {
        let raw = self.data.with_state(panel_status);
        match self.transformed {
            Some(t) if matches!(raw, DataState::Ok | DataState::Empty) => t.with(|t| match t {
                Some(t) if t.error.is_some() => DataState::Error,
                // The body shows Grafana's message in place of a drawing, not "No data".
                Some(t) if t.warning.is_some() => DataState::Ok,
                Some(t) => t.result.status(),
                // The transformations' code is still on its way.
                None => DataState::Loading,
            }),
            _ => raw,
        }
    }

    /// Why the panel shows an error: its failed queries, one per line (tracked).
    pub fn error_text(&self) -> Option<String> {
        if let Some(error) = self.data.with_state(|s| s.error().map(ToString::to_string)) {
            return Some(error);
        }
        if let Some(error) = self.transform_error() {
            return Some(error);
        }
        self.with_result(|r| r.and_then(QueryResult::error_text))
    }

    /// What the header says about the panel's own time options ("Last 10 seconds"), empty
    /// without them (tracked).
    pub fn time_info(&self) -> String {
        self.time_info.get()
    }

    /// Exemplar dots of the targets that ask for them; they arrive after the data (tracked).
    pub fn exemplars(&self) -> Arc<Vec<ExemplarDot>> {
        self.exemplars.latest().unwrap_or_default()
    }
}

/// Runs `queries` against Prometheus while `visible`, over the view's time range after the
/// panel's own `time` options, at the step `width_px` asks for; a new run cancels the one in
/// flight.
pub fn use_panel_data(
    queries: Signal<Vec<PanelQuery>>,
    time_options: PanelTimeOptions,
    visible: Signal<bool>,
    width_px: Signal<f64>,
) -> PanelData {
    let time = use_time_range();
    let tick = expect_context::<RefreshTick>();
    let config = expect_context::<Config>();
    let planner = StoredValue::new(RunPlanner::default());
    let info_options = time_options.clone();
    let time_info =
        Memo::new(move |_| time.with(|(range, _)| PanelTime::new(&info_options, range).info));
    // Every input is read before `visible`, so each is tracked from the first run on.
    let run = Memo::new(move |_| {
        let (qs, (range, _), t, width) = (queries.get(), time.get(), tick.0.get(), width_px.get());
        if !visible.get() {
            return None;
        }
        planner.try_update_value(|p| {
            p.plan(
                &qs,
                &range,
                &time_options,
                t,
                width,
                now_ms(),
                utc_offset_min(),
            )
        })
    });
    let data_config = config.clone();
    let data = use_query(
        move || run.get(),
        move |run: PanelRun, signal| {
            let config = data_config.clone();
            async move { Ok(Arc::new(run_queries(&config, &run, &signal).await)) }
        },
    );
    // Keyed by the run the data answered: exemplars follow the data, never race it.
    let exemplars = use_query(
        move || data.with_state(|s| s.ready().map(|r| r.run.clone())),
        move |run: PanelRun, signal| {
            let config = config.clone();
            async move { Ok(Arc::new(fetch_exemplar_dots(&config, &run, &signal).await)) }
        },
    );
    PanelData {
        data,
        exemplars,
        time_info,
        transformed: None,
    }
}

/// Runs every query of `run` at once, each on its backend (Prometheus, or Loki for a LogQL
/// metric query), and merges the answers.
async fn run_queries(config: &Config, run: &PanelRun, signal: &AbortSignal) -> QueryResult {
    let started = js_sys::Date::now();
    let requests: Vec<PromRequest> = run
        .queries
        .iter()
        .map(|q| build_request(q, run.range, run.width))
        .collect();
    let answers = join_all(
        run.queries
            .iter()
            .zip(&requests)
            .map(|(q, request)| query_frame(config, q.backend, request, signal)),
    )
    .await;
    let outcomes = answers.into_iter().map(outcome).collect();
    let mut result = QueryResult::merge(run, &requests, outcomes);
    result.total_ms = js_sys::Date::now() - started;
    result
}

/// One planned request sent to `backend`, answered as a frame.
async fn query_frame(
    config: &Config,
    backend: QueryBackend,
    request: &PromRequest,
    signal: &AbortSignal,
) -> Result<(Frame, Exchange), CallError> {
    match backend {
        QueryBackend::Prometheus => {
            // Sent when the dashboard was parsed, before this panel existed (issue 17).
            if let Some(early) = crate::api::early_queries::take(request) {
                return early.await;
            }
            prometheus::query_frame(prometheus::datasource(config)?, request, signal).await
        }
        QueryBackend::Loki => {
            let client = LokiClient::from_config(config)?;
            // Planning only makes `query`/`query_range` requests for panel data, which
            // always have a Loki form; anything else is refused rather than sent to Prometheus.
            let Some(loki_request) = loki_metric_request(request) else {
                let detail = format!("{request:?} has no Loki counterpart");
                return Err(LokiError::Malformed(detail).into());
            };
            client.metric_frame(&loki_request, signal).await
        }
    }
}

/// One query's answer as core merges it.
fn outcome(answer: Result<(Frame, Exchange), CallError>) -> QueryOutcome {
    match answer {
        Ok((frame, exchange)) => QueryOutcome::Answered {
            frame,
            wire: wire_record(&exchange),
        },
        Err(error) if error.is_aborted() => QueryOutcome::Cancelled,
        Err(error) => QueryOutcome::Failed {
            message: error.to_string(),
            wire: error.exchange.as_ref().map(wire_record),
        },
    }
}

fn wire_record(exchange: &Exchange) -> WireRecord {
    WireRecord {
        method: exchange.method.to_string(),
        url: exchange.url.clone(),
        form_body: exchange.form_body.clone(),
        status: exchange.response.status,
        bytes: exchange.response.body.len(),
        elapsed_ms: exchange.elapsed_ms,
        shared: exchange.shared,
    }
}
