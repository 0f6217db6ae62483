//! What a metrics panel makes of its queries' answers: one frame with a display name and query
//! per series, the backends' notices, one `ref: message` per failed query, and one inspector
//! entry per request; and the `data-state` that follows from it.

use std::sync::Arc;

use super::queries::{sent_query, PanelQuery};
use super::run::PanelRun;
use crate::frame::Frame;
use crate::legend::series_name;
use crate::load::{DataState, LoadState};
use crate::prometheus::PromRequest;

/// A request as it went over the wire, as the inspector lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct WireRecord {
    pub method: String,
    pub url: String,
    /// The form body of a POST.
    pub form_body: Option<String>,
    pub status: u16,
    /// Bytes of the response body.
    pub bytes: usize,
    pub elapsed_ms: f64,
    /// Whether another caller's identical request carried this one.
    pub shared: bool,
}

/// How one of the panel's queries ended.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryOutcome {
    Answered {
        frame: Frame,
        wire: WireRecord,
    },
    /// No usable answer; `wire` when a response arrived (the inspector shows it).
    Failed {
        message: String,
        wire: Option<WireRecord>,
    },
    /// Replaced by a newer run or left behind by its panel: it leaves no trace.
    Cancelled,
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

impl InspectEntry {
    fn new(q: &PanelQuery, wire: Option<&WireRecord>) -> InspectEntry {
        InspectEntry {
            ref_id: q.ref_id.clone(),
            // A request that never got an answer is listed as the GET it would have been.
            method: wire.map_or_else(|| "GET".into(), |w| w.method.clone()),
            url: wire.map(|w| w.url.clone()).unwrap_or_default(),
            form_body: wire.and_then(|w| w.form_body.clone()),
            status: wire.map(|w| w.status),
            bytes: wire.map_or(0, |w| w.bytes),
            elapsed_ms: wire.map_or(0.0, |w| w.elapsed_ms),
            shared: wire.is_some_and(|w| w.shared),
            series: 0,
            points: 0,
            error: None,
        }
    }
}

/// The merged result of a panel's queries.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub frame: Arc<Frame>,
    /// Display name of each series (legendFormat or label set).
    pub names: Vec<String>,
    /// The query each series came from.
    pub ref_ids: Vec<String>,
    /// The run this answers: its queries, resolved range (epoch ms) and width.
    pub run: PanelRun,
    pub notices: Vec<String>,
    /// `ref: message` per failed query (just the message when the panel has one query).
    pub errors: Vec<String>,
    pub inspect: Vec<InspectEntry>,
    /// Time from the first request to the merged result, for the inspector.
    pub total_ms: f64,
}

impl QueryResult {
    /// The result of a run that could not query at all (no datasource configured).
    pub fn failed(run: &PanelRun, message: String) -> QueryResult {
        QueryResult {
            run: run.clone(),
            errors: vec![message],
            ..QueryResult::default()
        }
    }

    /// Merges the outcomes of `requests` (one per query of `run`, in order) into one frame.
    pub fn merge(run: &PanelRun, requests: &[PromRequest], outcomes: Vec<QueryOutcome>) -> Self {
        let mut out = QueryResult {
            run: run.clone(),
            ..QueryResult::default()
        };
        let mut frame = Frame::default();
        let several = run.queries.len() > 1;
        for ((q, request), outcome) in run.queries.iter().zip(requests).zip(outcomes) {
            match outcome {
                QueryOutcome::Answered { frame: part, wire } => {
                    let expr = sent_query(request);
                    out.inspect.push(InspectEntry {
                        series: part.series.len(),
                        points: part.point_count(),
                        ..InspectEntry::new(q, Some(&wire))
                    });
                    for series in &part.series {
                        out.names
                            .push(series_name(q.legend.as_deref(), &series.labels, &expr));
                        out.ref_ids.push(q.ref_id.clone());
                    }
                    out.notices
                        .extend(part.notices.iter().map(|n| format!("{}: {n}", q.ref_id)));
                    frame.series.extend(part.series);
                }
                QueryOutcome::Failed { message, wire } => {
                    out.inspect.push(InspectEntry {
                        error: Some(message.clone()),
                        ..InspectEntry::new(q, wire.as_ref())
                    });
                    out.errors.push(if several {
                        format!("{}: {message}", q.ref_id)
                    } else {
                        message
                    });
                }
                QueryOutcome::Cancelled => {}
            }
        }
        out.frame = Arc::new(frame);
        out
    }

    /// The resolved range queried, epoch ms.
    pub fn range(&self) -> (f64, f64) {
        self.run.range
    }

    /// Error when any query failed (the others' series are still drawn), else empty or ok.
    pub fn status(&self) -> DataState {
        if !self.errors.is_empty() {
            DataState::Error
        } else if self.frame.is_empty() {
            DataState::Empty
        } else {
            DataState::Ok
        }
    }

    /// The failed queries' messages, one per line.
    pub fn error_text(&self) -> Option<String> {
        (!self.errors.is_empty()).then(|| self.errors.join("\n"))
    }
}

/// A metrics panel's `data-state`. A panel not yet scrolled into view (nothing asked yet) is
/// `loading`: it will load as soon as it is seen.
pub fn panel_status<R: AsRef<QueryResult>, E>(state: &LoadState<R, E>) -> DataState {
    match state {
        LoadState::Idle | LoadState::Loading => DataState::Loading,
        LoadState::Ready(result) => result.as_ref().status(),
        LoadState::Failed(_) => DataState::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Labels, Series};

    fn query(ref_id: &str, legend: Option<&str>) -> PanelQuery {
        PanelQuery {
            ref_id: ref_id.into(),
            expr: "up".into(),
            legend: legend.map(str::to_string),
            instant: true,
            min_step_ms: 0.0,
            max_points: None,
            exemplar: false,
            backend: Default::default(),
        }
    }

    fn run(queries: Vec<PanelQuery>) -> PanelRun {
        PanelRun {
            queries,
            range: (0.0, 1000.0),
            width: 800.0,
            seq: 0,
        }
    }

    fn request() -> PromRequest {
        PromRequest::Query {
            query: "up".into(),
            time_ms: Some(1000.0),
        }
    }

    fn wire(url: &str) -> WireRecord {
        WireRecord {
            method: "POST".into(),
            url: url.into(),
            form_body: Some("query=up".into()),
            status: 200,
            bytes: 42,
            elapsed_ms: 12.0,
            shared: true,
        }
    }

    fn frame(instances: &[&str], notices: &[&str]) -> Frame {
        Frame {
            series: instances
                .iter()
                .map(|i| {
                    let labels: Labels = [("instance".to_string(), i.to_string())].into();
                    let mut s = Series::new(labels);
                    s.push(1000.0, 1.0);
                    s
                })
                .collect(),
            notices: notices.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn answers_merge_into_one_frame_with_names_and_queries() {
        let run = run(vec![query("A", Some("{{instance}}")), query("B", None)]);
        let result = QueryResult::merge(
            &run,
            &[request(), request()],
            vec![
                QueryOutcome::Answered {
                    frame: frame(&["a", "b"], &["slow"]),
                    wire: wire("/p/a"),
                },
                QueryOutcome::Answered {
                    frame: frame(&["c"], &[]),
                    wire: wire("/p/b"),
                },
            ],
        );
        assert_eq!(result.frame.series.len(), 3);
        assert_eq!(result.names, vec!["a", "b", "{instance=\"c\"}"]);
        assert_eq!(result.ref_ids, vec!["A", "A", "B"]);
        assert_eq!(result.notices, vec!["A: slow"]);
        assert_eq!(result.status(), DataState::Ok);
        assert_eq!(result.range(), (0.0, 1000.0));
        let first = &result.inspect[0];
        assert_eq!(
            (first.series, first.points, first.status, first.shared),
            (2, 2, Some(200), true)
        );
        assert_eq!(first.form_body.as_deref(), Some("query=up"));
        assert_eq!(result.inspect[1].url, "/p/b");
    }

    #[test]
    fn a_failed_query_is_prefixed_with_its_ref_only_among_several() {
        let failed = |wire| QueryOutcome::Failed {
            message: "HTTP 400: bad".into(),
            wire,
        };
        let alone = QueryResult::merge(
            &run(vec![query("A", None)]),
            &[request()],
            vec![failed(None)],
        );
        assert_eq!(alone.error_text().as_deref(), Some("HTTP 400: bad"));
        assert_eq!(alone.status(), DataState::Error);
        let entry = &alone.inspect[0];
        assert_eq!((entry.method.as_str(), entry.status), ("GET", None));
        assert_eq!(entry.error.as_deref(), Some("HTTP 400: bad"));

        let pair = QueryResult::merge(
            &run(vec![query("A", None), query("B", None)]),
            &[request(), request()],
            vec![
                QueryOutcome::Answered {
                    frame: frame(&["a"], &[]),
                    wire: wire("/ok"),
                },
                failed(Some(wire("/bad"))),
            ],
        );
        assert_eq!(pair.errors, vec!["B: HTTP 400: bad"]);
        assert_eq!(
            pair.frame.series.len(),
            1,
            "the answered query is still drawn"
        );
        assert_eq!(pair.inspect[1].url, "/bad");
        assert_eq!(pair.status(), DataState::Error);
    }

    #[test]
    fn cancelled_queries_leave_no_trace_and_no_series_is_empty() {
        let result = QueryResult::merge(
            &run(vec![query("A", None)]),
            &[request()],
            vec![QueryOutcome::Cancelled],
        );
        assert!(result.inspect.is_empty() && result.errors.is_empty());
        assert_eq!(result.status(), DataState::Empty);
    }

    #[test]
    fn panel_status_waits_while_idle_and_reads_the_result() {
        let ok = Arc::new(QueryResult::merge(
            &run(vec![query("A", None)]),
            &[request()],
            vec![QueryOutcome::Answered {
                frame: frame(&["a"], &[]),
                wire: wire("/"),
            }],
        ));
        let failed = Arc::new(QueryResult::failed(&run(vec![]), "no datasource".into()));
        assert_eq!(
            panel_status::<Arc<QueryResult>, ()>(&LoadState::Idle),
            DataState::Loading
        );
        assert_eq!(
            panel_status::<Arc<QueryResult>, ()>(&LoadState::Loading),
            DataState::Loading
        );
        assert_eq!(panel_status::<_, ()>(&LoadState::Ready(ok)), DataState::Ok);
        assert_eq!(
            panel_status::<_, ()>(&LoadState::Ready(failed)),
            DataState::Error
        );
        assert_eq!(
            panel_status::<Arc<QueryResult>, _>(&LoadState::Failed("x")),
            DataState::Error
        );
    }
}
