//! Dashboard annotations (`annotations.list`) as Grafana draws them on time series panels:
//! which entries run and on which panels (`enable`, `hide`, `filter`), the query each sends,
//! the events its answer becomes, and where each event sits on a drawn chart.
//!
//! - A Prometheus entry runs its `expr` over the range at its `step` (60 s by default); every
//!   sample above zero is an event, and events of one series no more than a step apart merge
//!   into one region (Grafana's `PrometheusAnnotationSupport.processEvents`), titled and
//!   described by `titleFormat`/`textFormat` (`{{label}}`) and tagged by `tagKeys`;
//!   `useValueForTime` reads the time from the value instead.
//! - A Loki entry runs its LogQL; each line is an event at its time, its text the line unless
//!   `textFormat` says otherwise (Grafana's Loki annotation support).
//! - The built-in "Annotations & Alerts" has no Grafana database to read here: it shows the
//!   alerts Prometheus says were firing (the `ALERTS` series), one region per alert.

use crate::chart::geometry::ChartGeometry;
use crate::dashboard::{Annotation, DatasourceKind};
use crate::frame::{Frame, Labels};
use crate::legend::render_legend;
use crate::loki::{Direction, LogStream, NsTime, RangeQuery};
use crate::panel::css_color;
use crate::prometheus::PromRequest;
use crate::step::parse_prom_duration;
use crate::variables::{interpolate_query, VariableScope};

/// Grafana's default annotation step.
const DEFAULT_STEP_MS: f64 = 60_000.0;
/// What the built-in entry asks Prometheus.
const FIRING_ALERTS: &str = "ALERTS{alertstate=\"firing\"}";
/// Grafana's default colour of annotation markers (its built-in entry's).
const DEFAULT_COLOR: &str = "rgba(0, 211, 255, 1)";

/// Where an annotation entry's events come from.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationBackend {
    Prometheus,
    Loki,
}

/// One runnable entry of `annotations.list`, variables interpolated.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationSource {
    /// Position in `annotations.list` (the toggles and the events refer to it).
    pub index: usize,
    pub name: String,
    pub backend: AnnotationBackend,
    pub expr: String,
    pub step_ms: f64,
    pub title_format: String,
    pub text_format: String,
    pub tag_keys: Vec<String>,
    pub use_value_for_time: bool,
    /// CSS colour of its markers.
    pub color: String,
    /// Shown by default (`enable`); the header toggle changes it.
    pub enabled: bool,
    /// `hide`: runs, but has no toggle in the header.
    pub hidden_toggle: bool,
    /// `filter`: panel ids it is (or, with `exclude`, is not) drawn on; `None`: every panel.
    pub panel_filter: Option<(bool, Vec<i64>)>,
    /// The built-in entry, answered from the `ALERTS` series.
    pub built_in: bool,
    /// Loki entries: how many lines to read (`maxLines`).
    pub max_lines: u32,
}

impl AnnotationSource {
    /// Whether this entry's events are drawn on the panel `panel_id`.
    pub fn applies_to(&self, panel_id: i64) -> bool {
        match &self.panel_filter {
            None => true,
            Some((exclude, ids)) => ids.contains(&panel_id) != *exclude,
        }
    }
}

/// The entries Meshboard can run, in dashboard order: Prometheus and Loki queries and the
/// built-in one. Entries of other datasources (Grafana's own store, Elasticsearch, ...) are
/// left out, as are entries without a query.
pub fn annotation_sources(list: &[Annotation], scope: &VariableScope) -> Vec<AnnotationSource> {
    list.iter()
        .enumerate()
        .filter_map(|(index, a)| source(index, a, scope))
        .collect()
}

fn source(index: usize, a: &Annotation, scope: &VariableScope) -> Option<AnnotationSource> {
    let raw = &a.raw;
    let text = |key: &str| {
        raw.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let target = raw.get("target");
    let target_text = |key: &str| {
        target
            .and_then(|t| t.get(key))
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (backend, expr) = if a.built_in {
        (AnnotationBackend::Prometheus, FIRING_ALERTS.to_string())
    } else {
        let backend = match a.datasource.as_ref().map(|d| d.kind()) {
            Some(DatasourceKind::Loki) => AnnotationBackend::Loki,
            Some(DatasourceKind::Prometheus | DatasourceKind::Default) | None => {
                AnnotationBackend::Prometheus
            }
            Some(DatasourceKind::Configured(name))
                if interpolate_query(&name, scope)
                    .to_ascii_lowercase()
                    .contains("loki") =>
            {
                AnnotationBackend::Loki
            }
            Some(DatasourceKind::Configured(_)) => AnnotationBackend::Prometheus,
            Some(_) => return None,
        };
        // Grafana 10+ keeps the query in `target`, older dashboards beside the entry.
        let expr = target_text("expr").or_else(|| a.expr.clone())?;
        (backend, interpolate_query(&expr, scope))
    };
    if expr.trim().is_empty() {
        return None;
    }
    let step_text = target_text("interval").unwrap_or_else(|| text("step"));
    let step_ms = parse_prom_duration(&interpolate_query(&step_text, scope))
        .filter(|ms| *ms > 0.0)
        .unwrap_or(DEFAULT_STEP_MS);
    let panel_filter = raw.get("filter").map(|f| {
        let exclude = f.get("exclude").and_then(|e| e.as_bool()).unwrap_or(false);
        let ids = f
            .get("ids")
            .and_then(|i| i.as_array())
            .map(|ids| ids.iter().filter_map(|id| id.as_i64()).collect())
            .unwrap_or_default();
        (exclude, ids)
    });
    let color = a
        .icon_color
        .as_deref()
        .filter(|c| !c.is_empty())
        .map(css_color)
        .unwrap_or_else(|| DEFAULT_COLOR.to_string());
    Some(AnnotationSource {
        index,
        name: a.name.clone(),
        backend,
        expr,
        step_ms,
        title_format: if a.built_in {
            "{{alertname}}".into()
        } else {
            text("titleFormat")
        },
        text_format: text("textFormat"),
        tag_keys: text("tagKeys")
            .split(',')
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty())
            .collect(),
        use_value_for_time: raw.get("useValueForTime").and_then(|v| v.as_bool()) == Some(true),
        color,
        enabled: a.enabled,
        hidden_toggle: raw.get("hide").and_then(|h| h.as_bool()) == Some(true),
        panel_filter,
        built_in: a.built_in,
        max_lines: raw
            .get("maxLines")
            .and_then(|m| m.as_u64())
            .and_then(|m| u32::try_from(m).ok())
            .filter(|m| *m > 0)
            .unwrap_or(LOKI_MAX_LINES),
    })
}

/// The `query_range` a Prometheus entry sends over `range` (epoch ms): its step, with start
/// and end on multiples of it (Grafana's `alignRange`), so a region's ends do not shift as
/// the range moves.
pub fn prometheus_request(source: &AnnotationSource, range: (f64, f64)) -> PromRequest {
    let step = source.step_ms;
    PromRequest::QueryRange {
        query: source.expr.clone(),
        start_ms: (range.0 / step).floor() * step,
        end_ms: (range.1 / step).floor() * step,
        step_ms: step,
    }
}

/// Lines a Loki entry reads at most (Grafana's `maxLines` default).
const LOKI_MAX_LINES: u32 = 100;

/// The `query_range` a Loki entry sends over `range` (epoch ms): its newest lines.
pub fn loki_request(source: &AnnotationSource, range: (f64, f64)) -> RangeQuery {
    RangeQuery {
        query: source.expr.clone(),
        start: NsTime::from_millis(range.0 as i64),
        end: NsTime::from_millis(range.1 as i64),
        limit: Some(source.max_lines),
        direction: Direction::Backward,
        step_seconds: None,
        interval_seconds: None,
    }
}

/// One event: a moment, or a region when `end_ms > time_ms`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotationEvent {
    /// The [`AnnotationSource::index`] it came from.
    pub source: usize,
    pub time_ms: f64,
    pub end_ms: f64,
    pub title: String,
    pub text: String,
    pub tags: Vec<String>,
    pub color: String,
}

/// The events of a Prometheus entry's `query_range` answer.
pub fn prometheus_events(source: &AnnotationSource, frame: &Frame) -> Vec<AnnotationEvent> {
    let mut events = Vec::new();
    for series in &frame.series {
        let mut times: Vec<f64> = series
            .times_ms
            .iter()
            .zip(&series.values)
            .filter_map(|(&t, &v)| match source.use_value_for_time {
                // The value is a Unix time in ms, as Grafana reads it.
                true => v.is_finite().then_some(v.floor()),
                false => (v > 0.0).then_some(t),
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let mut open: Option<(f64, f64)> = None;
        let mut push = |(start, end): (f64, f64)| {
            events.push(event(source, &series.labels, start, end, None));
        };
        for t in times {
            match open {
                Some((start, end)) if end + source.step_ms >= t => open = Some((start, t)),
                Some(region) => {
                    push(region);
                    open = Some((t, t));
                }
                None => open = Some((t, t)),
            }
        }
        if let Some(region) = open {
            push(region);
        }
    }
    events.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
    events
}

/// The events of a Loki entry's log lines: one per line.
pub fn loki_events(source: &AnnotationSource, streams: &[LogStream]) -> Vec<AnnotationEvent> {
    let mut events: Vec<AnnotationEvent> = streams
        .iter()
        .flat_map(|stream| {
            stream.entries.iter().map(move |entry| {
                let t = entry.ts.as_millis_f64();
                event(source, &stream.labels, t, t, Some(&entry.line))
            })
        })
        .collect();
    events.sort_by(|a, b| a.time_ms.total_cmp(&b.time_ms));
    events
}

fn event(
    source: &AnnotationSource,
    labels: &Labels,
    time_ms: f64,
    end_ms: f64,
    line: Option<&str>,
) -> AnnotationEvent {
    let title = render_legend(&source.title_format, labels);
    let text = match (source.text_format.is_empty(), line) {
        (true, Some(line)) => line.to_string(),
        _ => render_legend(&source.text_format, labels),
    };
    AnnotationEvent {
        source: source.index,
        time_ms,
        end_ms,
        title: if title.is_empty() {
            source.name.clone()
        } else {
            title
        },
        text,
        tags: source
            .tag_keys
            .iter()
            .filter_map(|key| labels.get(key).cloned())
            .collect(),
        color: source.color.clone(),
    }
}

/// An event placed on a drawn chart: CSS px from the chart's left edge, clipped to the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedAnnotation {
    pub x: f64,
    /// Width of a region (0 for a moment).
    pub width: f64,
    /// Top and height of the plot, which the marker line spans.
    pub top: f64,
    pub height: f64,
    pub event: AnnotationEvent,
}

/// Places the events that overlap the plot of `geometry` (regions clipped to it).
pub fn place_annotations(
    geometry: &ChartGeometry,
    events: &[AnnotationEvent],
) -> Vec<PlacedAnnotation> {
    let plot = geometry.layout.plot;
    if plot.w <= 0.0 {
        return Vec::new();
    }
    events
        .iter()
        .filter_map(|e| {
            let (x0, x1) = (
                geometry.x_scale.to_px(e.time_ms),
                geometry.x_scale.to_px(e.end_ms),
            );
            if !(x0.is_finite() && x1.is_finite()) || x1 < plot.x || x0 > plot.right() {
                return None;
            }
            let (left, right) = (x0.max(plot.x), x1.min(plot.right()));
            Some(PlacedAnnotation {
                x: left,
                width: right - left,
                top: plot.y,
                height: plot.h,
                event: e.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
