//! Exemplars on time-series panels: fetched for the targets that ask for them (Grafana's
//! `"exemplar": true`), placed with the chart's scales after each draw, and drawn as small
//! links that open the trace. An engine without exemplar storage (VictoriaMetrics) answers
//! an error: the panel's data is still right, so the dots are simply absent.

use super::data::PanelQuery;
use crate::api::prometheus;
use crate::chart::geometry::ChartGeometry;
use crate::chart::marks::place_points;
use crate::core::config::Config;
use crate::core::prometheus::{exemplar_dots, ExemplarDot, ExemplarSeries, PromRequest};
use crate::core::step::IntervalVars;
use crate::core::time_range::format_local;
use crate::core::units::format_value;
use crate::ui::clock::utc_offset_min;
use crate::ui::view_state::{app_href, carried_query, use_view_state};
use leptos::prelude::*;

/// The dots of every exemplar-enabled range query of the panel over `range` (epoch ms).
pub async fn fetch_exemplar_dots(
    config: &Config,
    qs: &[PanelQuery],
    range: (f64, f64),
    width: f64,
    signal: &web_sys::AbortSignal,
) -> Vec<ExemplarDot> {
    let Ok(ds) = prometheus::datasource(config) else {
        return Vec::new();
    };
    let mut series: Vec<ExemplarSeries> = Vec::new();
    for q in qs.iter().filter(|q| q.exemplar && !q.instant) {
        // The same `$__interval` family as the panel's own query, so the selectors match.
        let vars = IntervalVars::new(
            range.0,
            range.1,
            q.max_points
                .unwrap_or_else(|| crate::core::step::max_points_for_width(width)),
            q.min_step_ms,
            crate::core::step::DEFAULT_SCRAPE_INTERVAL_MS,
        );
        let request = PromRequest::QueryExemplars {
            query: vars.substitute(&q.expr),
            start_ms: range.0,
            end_ms: range.1,
        };
        if let Ok((response, _)) =
            prometheus::fetch_data::<Vec<ExemplarSeries>>(ds, &request, signal).await
        {
            series.extend(response.data);
        }
    }
    exemplar_dots(&series, range)
}

/// A placed dot, with what its tooltip says.
#[derive(Clone, PartialEq)]
pub struct PlacedExemplar {
    pub x: f64,
    pub y: f64,
    pub trace_id: String,
    pub title: String,
}

/// Places `dots` on a drawn chart; `unit` formats the value in the tooltip.
pub fn place_exemplars(
    geometry: &ChartGeometry,
    dots: &[ExemplarDot],
    unit: &(String, Option<u32>),
) -> Vec<PlacedExemplar> {
    place_points(geometry, dots.iter().map(|d| (d.time_ms, d.value)))
        .into_iter()
        .map(|mark| {
            let dot = &dots[mark.index];
            PlacedExemplar {
                x: mark.x,
                y: mark.y,
                trace_id: dot.trace_id.clone(),
                title: format!(
                    "exemplar {} at {}\ntrace {} (click to open)",
                    format_value(dot.value, &unit.0, unit.1),
                    format_local(dot.time_ms as i64, utc_offset_min()),
                    dot.trace_id
                ),
            }
        })
        .collect()
}

/// The dots over the chart: each a link to `/explore/traces/<id>` keeping the time range.
#[component]
pub fn ExemplarMarks(marks: Signal<Vec<PlacedExemplar>>) -> impl IntoView {
    let view = use_view_state();
    move || {
        marks
            .get()
            .into_iter()
            .map(|m| {
                let href = format!(
                    "{}{}",
                    app_href(&format!("/explore/traces/{}", m.trace_id)),
                    carried_query(&view.get_untracked())
                );
                view! {
                    <a class="exemplar-mark" data-testid="exemplar" data-trace-id=m.trace_id href=href title=m.title
                        style:left=format!("{}px", m.x) style:top=format!("{}px", m.y)></a>
                }
            })
            .collect_view()
    }
}
