//! Columnar time-series frames: the one shape every parser produces and every chart consumes.

use std::collections::BTreeMap;

/// A series' identifying label set, sorted by name (so display and hashing are stable).
pub type Labels = BTreeMap<String, String>;

/// One time series in columnar form: parallel `times_ms` and `values` columns.
///
/// Times are epoch milliseconds (exact in an `f64` for any realistic date); values may be
/// NaN (a missing or NaN sample) or +/-Inf, exactly as the backend sent them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub labels: Labels,
    pub times_ms: Vec<f64>,
    pub values: Vec<f64>,
}

impl Series {
    pub fn new(labels: Labels) -> Self {
        Series {
            labels,
            times_ms: Vec::new(),
            values: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.times_ms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.times_ms.is_empty()
    }

    pub fn push(&mut self, time_ms: f64, value: f64) {
        self.times_ms.push(time_ms);
        self.values.push(value);
    }
}

/// The result of one query: its series plus any notices the backend attached
/// (Prometheus `warnings`/`infos`, Loki `warnings`) that the panel must show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    pub series: Vec<Series>,
    pub notices: Vec<String>,
}

impl Frame {
    /// Total number of samples over all series.
    pub fn point_count(&self) -> usize {
        self.series.iter().map(Series::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.series.iter().all(Series::is_empty)
    }
}
