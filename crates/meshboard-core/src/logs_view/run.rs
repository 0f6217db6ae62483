//! One run of the logs view's query: when the query, the time range or the refresh tick changes,
//! what to ask Loki for, and what the view then says about the lines (its `data-state` and the
//! error it shows). The UI resolves the range against the clock and drives these.

use std::borrow::Borrow;
use std::fmt::Display;

use crate::load::LoadState;
use crate::loki::logql::is_log_query;
use crate::loki::query::{RangeQuery, DEFAULT_LIMIT, MAX_LIMIT};
use crate::loki::{Direction, NsTime, QueryData, QueryResponse};

/// Lines held at most, for the live tail and "load older" alike (Loki's own default cap).
pub const MAX_LINES: usize = 5000;

/// Shown where a part of the view needs Loki and config.json names none.
pub const NO_LOKI: &str = "config.json names no Loki datasource.";

/// Shown instead of running a metric query: the view draws lines, not samples.
pub const METRIC_QUERY: &str = "This is a metric query: the logs view shows log queries, which \
start with a stream selector such as {job=\"agent-mesh\"}.";

/// Shown when Loki answers a log query with samples.
pub const SAMPLES_NOT_LINES: &str =
    "Loki answered with samples, not log lines: this is a metric query.";

/// One run of a query over a resolved range; `seq` changes on every run (refresh re-runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSpec {
    pub query: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub seq: u64,
}

/// Where the view is in its runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RunPhase {
    /// Not visible yet (a panel below the fold): nothing asked, shown as loading.
    #[default]
    Waiting,
    /// The query is blank: nothing to ask.
    Blank,
    /// A query to run over a range.
    Run(RunSpec),
}

impl RunPhase {
    /// The phase for `query` over `[start_ms, end_ms]`, as run number `seq`.
    pub fn of(query: &str, start_ms: i64, end_ms: i64, seq: u64) -> RunPhase {
        let query = query.trim();
        if query.is_empty() {
            return RunPhase::Blank;
        }
        RunPhase::Run(RunSpec {
            query: query.to_string(),
            start_ms,
            end_ms,
            seq,
        })
    }

    pub fn spec(&self) -> Option<&RunSpec> {
        match self {
            RunPhase::Run(spec) => Some(spec),
            _ => None,
        }
    }
}

/// Loki's limit for a page of lines: the panel's `limit` within Loki's cap (0 means Loki's
/// default).
pub fn page_limit(limit: u32) -> u32 {
    if limit == 0 {
        DEFAULT_LIMIT
    } else {
        limit.min(MAX_LIMIT)
    }
}

/// The first page of a run: the newest `limit` lines of the range. `None` for a metric query,
/// which the view refuses without asking Loki (see [`lines_status`]).
pub fn first_page(spec: &RunSpec, limit: u32) -> Option<RangeQuery> {
    is_log_query(&spec.query).then(|| RangeQuery {
        query: spec.query.clone(),
        start: NsTime::from_millis(spec.start_ms),
        end: NsTime::from_millis(spec.end_ms),
        limit: Some(limit),
        direction: Direction::Backward,
        step_seconds: None,
        interval_seconds: None,
    })
}

/// What the lines part of the view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinesStatus {
    Loading,
    Empty,
    Ok,
    Error(String),
}

impl LinesStatus {
    /// The view's `data-state` attribute.
    pub fn data_state(&self) -> &'static str {
        match self {
            LinesStatus::Loading => "loading",
            LinesStatus::Empty => "empty",
            LinesStatus::Ok => "ok",
            LinesStatus::Error(_) => "error",
        }
    }

    /// The message of the panel error, when there is one.
    pub fn error(&self) -> Option<&str> {
        match self {
            LinesStatus::Error(message) => Some(message),
            _ => None,
        }
    }
}

/// The view's status from its run, the first page's load and the live tail.
///
/// `unconfigured` is why there is no Loki client (config.json names none). Lines the live tail
/// delivered since the run started make the view "ok" whatever the page said: they are shown.
pub fn lines_status<R, E>(
    phase: &RunPhase,
    unconfigured: Option<&str>,
    page: &LoadState<R, E>,
    tail_delivered: bool,
) -> LinesStatus
where
    R: Borrow<QueryResponse>,
    E: Display,
{
    if tail_delivered {
        return LinesStatus::Ok;
    }
    let spec = match phase {
        RunPhase::Waiting => return LinesStatus::Loading,
        RunPhase::Blank => return LinesStatus::Empty,
        RunPhase::Run(spec) => spec,
    };
    if let Some(problem) = unconfigured {
        return LinesStatus::Error(problem.to_string());
    }
    if !is_log_query(&spec.query) {
        return LinesStatus::Error(METRIC_QUERY.to_string());
    }
    match page {
        LoadState::Idle | LoadState::Loading => LinesStatus::Loading,
        LoadState::Failed(error) => LinesStatus::Error(error.to_string()),
        LoadState::Ready(response) => match &response.borrow().data {
            QueryData::Streams(streams) if streams.iter().all(|s| s.entries.is_empty()) => {
                LinesStatus::Empty
            }
            QueryData::Streams(_) => LinesStatus::Ok,
            QueryData::Matrix(_) | QueryData::Vector(_) => {
                LinesStatus::Error(SAMPLES_NOT_LINES.to_string())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Frame;
    use crate::loki::{LogEntry, LogStream};

    fn spec(query: &str) -> RunSpec {
        match RunPhase::of(query, 1_000, 2_000, 7) {
            RunPhase::Run(spec) => spec,
            other => panic!("{other:?}"),
        }
    }

    fn response(data: QueryData) -> QueryResponse {
        QueryResponse {
            data,
            warnings: Vec::new(),
            stats: None,
            categorized_labels: false,
        }
    }

    fn ready(response: QueryResponse) -> LoadState<QueryResponse> {
        LoadState::Ready(response)
    }

    fn lines(n: usize) -> QueryData {
        let entries = (0..n)
            .map(|i| LogEntry {
                ts: NsTime(i as i64),
                line: format!("line {i}"),
                ..LogEntry::default()
            })
            .collect();
        QueryData::Streams(vec![LogStream {
            labels: Default::default(),
            entries,
        }])
    }

    #[test]
    fn blank_queries_do_not_run_and_queries_are_trimmed() {
        assert_eq!(RunPhase::of("   ", 0, 1, 1), RunPhase::Blank);
        let run = spec("  {job=\"a\"} ");
        assert_eq!(run.query, "{job=\"a\"}");
        assert_eq!((run.start_ms, run.end_ms, run.seq), (1_000, 2_000, 7));
        assert!(RunPhase::Waiting.spec().is_none());
    }

    #[test]
    fn page_limit_within_loki_cap() {
        assert_eq!(page_limit(0), DEFAULT_LIMIT);
        assert_eq!(page_limit(1000), 1000);
        assert_eq!(page_limit(u32::MAX), MAX_LIMIT);
    }

    #[test]
    fn first_page_is_the_newest_lines_of_the_range() {
        let q = first_page(&spec("{job=\"a\"}"), 500).expect("a log query");
        assert_eq!(q.start, NsTime::from_millis(1_000));
        assert_eq!(q.end, NsTime::from_millis(2_000));
        assert_eq!((q.limit, q.direction), (Some(500), Direction::Backward));
        assert!(first_page(&spec("rate({job=\"a\"}[1m])"), 500).is_none());
    }

    #[test]
    fn status_follows_the_run_and_the_page() {
        let idle = LoadState::<QueryResponse, String>::Idle;
        let run = RunPhase::Run(spec("{job=\"a\"}"));
        assert_eq!(
            lines_status(&RunPhase::Waiting, None, &idle, false),
            LinesStatus::Loading
        );
        assert_eq!(
            lines_status(&RunPhase::Blank, None, &idle, false),
            LinesStatus::Empty
        );
        assert_eq!(lines_status(&run, None, &idle, false), LinesStatus::Loading);
        let loaded = ready(response(lines(3)));
        assert_eq!(lines_status(&run, None, &loaded, false), LinesStatus::Ok);
        let none = ready(response(lines(0)));
        assert_eq!(lines_status(&run, None, &none, false).data_state(), "empty");
        let failed = LoadState::<QueryResponse, _>::Failed("HTTP 502".to_string());
        let status = lines_status(&run, None, &failed, false);
        assert_eq!(
            (status.data_state(), status.error()),
            ("error", Some("HTTP 502"))
        );
    }

    #[test]
    fn refusals_name_the_reason() {
        let idle = LoadState::<QueryResponse, String>::Idle;
        let run = RunPhase::Run(spec("{job=\"a\"}"));
        let no_loki = lines_status(&run, Some("config.json names no Loki"), &idle, false);
        assert_eq!(no_loki.error(), Some("config.json names no Loki"));
        // A blank query is empty even without Loki.
        assert_eq!(
            lines_status(&RunPhase::Blank, Some("x"), &idle, false),
            LinesStatus::Empty
        );
        let metric = RunPhase::Run(spec("sum(rate({job=\"a\"}[1m]))"));
        assert_eq!(
            lines_status(&metric, None, &idle, false).error(),
            Some(METRIC_QUERY)
        );
        let samples = ready(response(QueryData::Matrix(Frame::default())));
        assert_eq!(
            lines_status(&run, None, &samples, false).error(),
            Some(SAMPLES_NOT_LINES)
        );
    }

    #[test]
    fn tail_lines_make_the_view_ok() {
        let failed = LoadState::<QueryResponse, _>::Failed("HTTP 502".to_string());
        let run = RunPhase::Run(spec("{job=\"a\"}"));
        assert_eq!(lines_status(&run, None, &failed, true), LinesStatus::Ok);
        assert_eq!(
            lines_status(&RunPhase::Blank, None, &failed, true),
            LinesStatus::Ok
        );
    }
}
