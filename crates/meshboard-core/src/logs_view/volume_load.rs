//! Loading the log volume histogram for a run: the volume query and its bucket width (about
//! [`TARGET_BARS`] bars whatever the range), and what the histogram keeps on screen across
//! loads (the last bars while the next load runs, the last error until a load succeeds).

use std::fmt::Display;

use super::run::{RunSpec, NO_LOKI};
use super::volume::{stack_volume, x_to_ms, VolumeBar};
use crate::load::LoadState;
use crate::loki::error::is_syntax_error;
use crate::loki::query::RangeQuery;
use crate::loki::{logs_volume_query, Direction, NsTime, QueryData};
use crate::step::{format_prom_duration, round_interval_ms};

/// About this many bars across the range, whatever its length.
pub const TARGET_BARS: f64 = 120.0;

/// The time axis the bars are drawn on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarsRange {
    pub start_ms: f64,
    pub end_ms: f64,
    pub step_ms: f64,
}

/// What to do for a run's histogram.
#[derive(Debug, Clone, PartialEq)]
pub enum VolumeRequest {
    /// No Loki datasource.
    Unconfigured,
    /// The query has no volume (not a log query).
    NoVolume,
    /// Ask Loki, and draw the answer on `range`.
    Fetch { query: RangeQuery, range: BarsRange },
}

/// The histogram's request for `spec`.
pub fn volume_request(spec: &RunSpec, has_loki: bool) -> VolumeRequest {
    if !has_loki {
        return VolumeRequest::Unconfigured;
    }
    let span = (spec.end_ms - spec.start_ms).max(1) as f64;
    let step_ms = round_interval_ms(span / TARGET_BARS).max(1000.0);
    let Some(query) = logs_volume_query(&spec.query, &format_prom_duration(step_ms)) else {
        return VolumeRequest::NoVolume;
    };
    VolumeRequest::Fetch {
        query: RangeQuery {
            query,
            start: NsTime::from_millis(spec.start_ms),
            end: NsTime::from_millis(spec.end_ms),
            limit: None,
            direction: Direction::Backward,
            step_seconds: Some(step_ms / 1000.0),
            interval_seconds: None,
        },
        range: BarsRange {
            start_ms: spec.start_ms as f64,
            end_ms: spec.end_ms as f64,
            step_ms,
        },
    }
}

/// A loaded histogram: the bars and the range they were asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeBars {
    pub bars: Vec<VolumeBar>,
    pub range: BarsRange,
}

impl VolumeBars {
    /// Stacks Loki's answer (lines give no bars).
    pub fn from_answer(data: &QueryData, range: BarsRange) -> VolumeBars {
        let bars = match data {
            QueryData::Matrix(frame) | QueryData::Vector(frame) => stack_volume(frame),
            QueryData::Streams(_) => Vec::new(),
        };
        VolumeBars { bars, range }
    }
}

/// A drag shorter than this (px) is a click, not a zoom.
const MIN_DRAG_PX: f64 = 4.0;

/// The time range (epoch ms) a drag from `a` to `b` (px from the left of a plot `width` wide
/// showing `range`) zooms to; `None` for a click or a drag that covers no time.
pub fn drag_range(a: f64, b: f64, width: f64, range: BarsRange) -> Option<(i64, i64)> {
    if (a - b).abs() < MIN_DRAG_PX {
        return None;
    }
    let at = |x: f64| x_to_ms(x, width, range.start_ms, range.end_ms).round() as i64;
    let (from, to) = (at(a.min(b)), at(a.max(b)));
    (to > from).then_some((from, to))
}

/// What happened to the histogram.
#[derive(Debug, Clone, PartialEq)]
pub enum VolumeEvent {
    Unconfigured,
    NoVolume,
    Loading,
    Loaded(VolumeBars),
    Failed(String),
}

impl VolumeEvent {
    /// The event for a request and the state of its load.
    pub fn of<E: Display>(request: &VolumeRequest, load: &LoadState<VolumeBars, E>) -> Self {
        match (request, load) {
            (VolumeRequest::Unconfigured, _) => VolumeEvent::Unconfigured,
            (VolumeRequest::NoVolume, _) => VolumeEvent::NoVolume,
            (VolumeRequest::Fetch { .. }, LoadState::Idle | LoadState::Loading) => {
                VolumeEvent::Loading
            }
            (VolumeRequest::Fetch { .. }, LoadState::Ready(bars)) => {
                VolumeEvent::Loaded(bars.clone())
            }
            (VolumeRequest::Fetch { .. }, LoadState::Failed(e)) => {
                VolumeEvent::Failed(e.to_string())
            }
        }
    }
}

/// Where the histogram is, as its `data-state` attribute says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeState {
    Loading,
    Empty,
    Ok,
    Error,
    /// The query does not parse: the lines say why, in terms of what the user typed; the
    /// volume query's own message would cite columns of a query the user never wrote.
    Invalid,
}

impl VolumeState {
    pub fn data_state(self) -> &'static str {
        match self {
            VolumeState::Loading => "loading",
            VolumeState::Empty => "empty",
            VolumeState::Ok => "ok",
            VolumeState::Error => "error",
            VolumeState::Invalid => "invalid",
        }
    }
}

/// What the histogram shows.
#[derive(Debug, Clone, PartialEq)]
pub struct VolumeShown {
    pub state: VolumeState,
    pub bars: Vec<VolumeBar>,
    pub range: BarsRange,
    pub error: Option<String>,
}

impl Default for VolumeShown {
    /// Before the first run: loading, nothing drawn.
    fn default() -> Self {
        VolumeShown {
            state: VolumeState::Loading,
            bars: Vec::new(),
            range: BarsRange {
                start_ms: 0.0,
                end_ms: 1.0,
                step_ms: 1000.0,
            },
            error: None,
        }
    }
}

impl VolumeShown {
    pub fn apply(&mut self, event: VolumeEvent) {
        match event {
            VolumeEvent::Unconfigured => {
                self.state = VolumeState::Error;
                self.error = Some(NO_LOKI.to_string());
            }
            VolumeEvent::NoVolume => {
                self.state = VolumeState::Empty;
                self.bars.clear();
            }
            // The last bars (and error) stay until the answer replaces them.
            VolumeEvent::Loading => self.state = VolumeState::Loading,
            VolumeEvent::Loaded(loaded) => {
                self.state = if loaded.bars.is_empty() {
                    VolumeState::Empty
                } else {
                    VolumeState::Ok
                };
                self.bars = loaded.bars;
                self.range = loaded.range;
                self.error = None;
            }
            VolumeEvent::Failed(message) if is_syntax_error(&message) => {
                self.state = VolumeState::Invalid;
                self.error = None;
                self.bars.clear();
            }
            VolumeEvent::Failed(message) => {
                self.state = VolumeState::Error;
                self.error = Some(message);
                self.bars.clear();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Frame, Series};
    use crate::loki::LogLevel;

    fn spec(query: &str, hours: i64) -> RunSpec {
        RunSpec {
            query: query.into(),
            start_ms: 0,
            end_ms: hours * 3_600_000,
            seq: 1,
        }
    }

    fn loaded(n: usize) -> VolumeBars {
        let bar = VolumeBar {
            end_ms: 1.0,
            stack: vec![(LogLevel::Info, 1.0)],
        };
        VolumeBars {
            bars: vec![bar; n],
            range: BarsRange {
                start_ms: 0.0,
                end_ms: 10.0,
                step_ms: 1.0,
            },
        }
    }

    #[test]
    fn about_120_bars_whatever_the_range() {
        let VolumeRequest::Fetch { query, range } = volume_request(&spec("{job=\"a\"}", 1), true)
        else {
            panic!("a log query has a volume");
        };
        // 1 h / 120 = 30 s.
        assert_eq!(range.step_ms, 30_000.0);
        assert_eq!(query.step_seconds, Some(30.0));
        assert_eq!(
            query.query,
            "sum by (level, detected_level) (count_over_time({job=\"a\"} [30s]))"
        );
        assert_eq!(query.limit, None);
        let VolumeRequest::Fetch { range, .. } = volume_request(&spec("{a=\"b\"}", 0), true) else {
            panic!()
        };
        assert_eq!(range.step_ms, 1000.0, "at least a second");
        assert_eq!(
            volume_request(&spec("rate({a=\"b\"}[1m])", 1), true),
            VolumeRequest::NoVolume
        );
        assert_eq!(
            volume_request(&spec("{a=\"b\"}", 1), false),
            VolumeRequest::Unconfigured
        );
    }

    #[test]
    fn bars_and_errors_stay_until_replaced() {
        let mut shown = VolumeShown::default();
        assert_eq!(shown.state.data_state(), "loading");
        shown.apply(VolumeEvent::Loaded(loaded(3)));
        assert_eq!((shown.state.data_state(), shown.bars.len()), ("ok", 3));
        shown.apply(VolumeEvent::Loading);
        assert_eq!((shown.state.data_state(), shown.bars.len()), ("loading", 3));
        shown.apply(VolumeEvent::Failed("HTTP 500".into()));
        assert_eq!((shown.state.data_state(), shown.bars.len()), ("error", 0));
        shown.apply(VolumeEvent::Loading);
        assert_eq!(
            shown.error.as_deref(),
            Some("HTTP 500"),
            "kept while reloading"
        );
        shown.apply(VolumeEvent::Loaded(loaded(0)));
        assert_eq!(
            (shown.state.data_state(), shown.error.as_deref()),
            ("empty", None)
        );
        shown.apply(VolumeEvent::Unconfigured);
        assert_eq!(shown.error.as_deref(), Some(NO_LOKI));
        shown.apply(VolumeEvent::NoVolume);
        assert_eq!(shown.state, VolumeState::Empty);
    }

    #[test]
    fn a_query_that_does_not_parse_gives_no_second_error() {
        let mut shown = VolumeShown::default();
        shown.apply(VolumeEvent::Loaded(loaded(3)));
        // The volume query wraps the user's text, so Loki's column is not theirs.
        shown.apply(VolumeEvent::Failed(
            "parse error at line 1, col 61: syntax error: unexpected IDENTIFIER".into(),
        ));
        assert_eq!(
            (
                shown.state.data_state(),
                shown.error.as_deref(),
                shown.bars.len()
            ),
            ("invalid", None, 0)
        );
        shown.apply(VolumeEvent::Loaded(loaded(1)));
        assert_eq!(shown.state, VolumeState::Ok);
    }

    #[test]
    fn a_parser_stage_gets_its_errors_dropped() {
        let VolumeRequest::Fetch { query, .. } =
            volume_request(&spec("{job=\"a\"} | json | status=\"500\"", 1), true)
        else {
            panic!("a log query has a volume");
        };
        assert_eq!(
            query.query,
            "sum by (level, detected_level) (count_over_time({job=\"a\"} | json | status=\"500\" | drop __error__, __error_details__ [30s]))"
        );
    }

    #[test]
    fn events_from_the_load() {
        let fetch = volume_request(&spec("{a=\"b\"}", 1), true);
        let idle = LoadState::<VolumeBars, String>::Idle;
        assert_eq!(VolumeEvent::of(&fetch, &idle), VolumeEvent::Loading);
        let failed = LoadState::<VolumeBars, String>::Failed("x".into());
        assert_eq!(
            VolumeEvent::of(&fetch, &failed),
            VolumeEvent::Failed("x".into())
        );
        let ready = LoadState::<VolumeBars, String>::Ready(loaded(1));
        assert_eq!(
            VolumeEvent::of(&fetch, &ready),
            VolumeEvent::Loaded(loaded(1))
        );
        assert_eq!(
            VolumeEvent::of(&VolumeRequest::NoVolume, &ready),
            VolumeEvent::NoVolume
        );
        let series = Series {
            labels: [("level".to_string(), "error".to_string())].into(),
            times_ms: vec![1000.0],
            values: vec![2.0],
        };
        let frame = Frame {
            series: vec![series],
            ..Frame::default()
        };
        let range = loaded(0).range;
        assert_eq!(
            VolumeBars::from_answer(&QueryData::Matrix(frame), range)
                .bars
                .len(),
            1
        );
        assert!(VolumeBars::from_answer(&QueryData::Streams(vec![]), range)
            .bars
            .is_empty());
    }

    #[test]
    fn a_drag_zooms_a_click_does_not() {
        let range = BarsRange {
            start_ms: 0.0,
            end_ms: 1_000.0,
            step_ms: 10.0,
        };
        assert_eq!(drag_range(50.0, 10.0, 100.0, range), Some((100, 500)));
        assert_eq!(drag_range(10.0, 12.0, 100.0, range), None);
        let instant = BarsRange {
            end_ms: 0.0,
            ..range
        };
        assert_eq!(drag_range(10.0, 50.0, 100.0, instant), None);
    }
}
