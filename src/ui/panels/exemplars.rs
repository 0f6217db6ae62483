//! Exemplars on time-series panels: fetched for the targets that ask for them (Grafana's
//! `"exemplar": true`), placed with the chart's scales after each draw, and drawn as small
//! links that open the trace (one per 24 px square, so each can be hit). An engine without exemplar storage (VictoriaMetrics) answers
//! an error: the panel's data is still right, so the dots are simply absent.

use crate::api::prometheus;
use crate::core::config::Config;
use crate::core::panel::{exemplar_request, PanelRun, PlacedExemplar};
use crate::core::prometheus::{exemplar_dots, ExemplarDot, ExemplarSeries};
use crate::core::target_size::{spaced_targets, MIN_TARGET_PX};
use crate::ui::view_state::{app_href, carried_query, use_view_state};
use leptos::prelude::*;
use web_sys::AbortSignal;

/// The dots of every exemplar-enabled range query of `run`, one query after the other.
pub async fn fetch_exemplar_dots(
    config: &Config,
    run: &PanelRun,
    signal: &AbortSignal,
) -> Vec<ExemplarDot> {
    let Ok(ds) = prometheus::datasource(config) else {
        return Vec::new();
    };
    let mut series: Vec<ExemplarSeries> = Vec::new();
    for request in run
        .queries
        .iter()
        .filter_map(|q| exemplar_request(q, run.range, run.width))
    {
        if let Ok((response, _)) =
            prometheus::fetch_data::<Vec<ExemplarSeries>>(ds, &request, signal).await
        {
            series.extend(response.data);
        }
    }
    exemplar_dots(&series, run.range)
}

/// The dots over the chart: each a link to `/explore/traces/<id>` keeping the time range.
#[component]
pub fn ExemplarMarks(marks: Signal<Vec<PlacedExemplar>>) -> impl IntoView {
    let view = use_view_state();
    move || {
        let marks = marks.get();
        // Each drawn link keeps a 24 px target of its own (issue 19, WCAG 2.5.8).
        let points: Vec<(f64, f64)> = marks.iter().map(|m| (m.x, m.y)).collect();
        let shown = spaced_targets(&points, MIN_TARGET_PX);
        marks
            .into_iter()
            .enumerate()
            .filter(|(i, _)| shown.binary_search(i).is_ok())
            .map(|(_, m)| {
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
