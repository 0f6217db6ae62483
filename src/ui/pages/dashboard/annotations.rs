//! The dashboard's annotations: its runnable `annotations.list` entries (core reads them),
//! the header's toggles for those not hidden, and one load of every shown entry's events
//! over the time range (again on each refresh tick), provided to the panels as
//! [`DashboardAnnotations`]. A failed entry leaves its events out and says why in its toggle.

use super::state::DashState;
use crate::api::error::CallError;
use crate::api::loki::LokiClient;
use crate::api::prometheus;
use crate::core::annotations::{
    annotation_sources, loki_events, loki_request, prometheus_events, prometheus_request,
    AnnotationBackend, AnnotationEvent, AnnotationSource,
};
use crate::core::config::Config;
use crate::core::loki::QueryData;
use crate::core::time_range::TimeRange;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::panels::annotations::DashboardAnnotations;
use crate::ui::query::use_query;
use crate::ui::refresh::RefreshTick;
use crate::ui::view_state::use_time_range;
use futures_util::future::join_all;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use web_sys::AbortSignal;

/// Per entry index: why its events could not be loaded.
pub type AnnotationErrors = BTreeMap<usize, String>;

/// Why entries failed, as the header's toggles show it.
#[derive(Clone, Copy)]
struct AnnotationLoadErrors(Signal<AnnotationErrors>);

/// Loads the shown entries' events and provides them to the panels (and, with the per-entry
/// errors, to the header's toggles).
pub fn use_dashboard_annotations(state: DashState) {
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let time = use_time_range();
    let list = state.meta.with_value(|m| m.annotations.clone());
    let sources = Memo::new(move |_| state.scope.with(|scope| annotation_sources(&list, scope)));
    let shown = RwSignal::new(
        sources
            .get_untracked()
            .iter()
            .filter(|s| s.enabled)
            .map(|s| s.index)
            .collect::<BTreeSet<usize>>(),
    );
    // Keyed by the range as written and the refresh tick, resolved when it runs: like the
    // panels, a variable change that leaves the entries' queries as they were sends nothing.
    let load = use_query(
        move || {
            let tick = tick.0.get();
            let (range, _) = time.get();
            let wanted: Vec<AnnotationSource> = shown.with(|shown| {
                sources.with(|all| {
                    all.iter()
                        .filter(|s| shown.contains(&s.index))
                        .cloned()
                        .collect()
                })
            });
            (state.ready.get() && !wanted.is_empty()).then_some((wanted, range, tick))
        },
        move |(wanted, range, _tick): (Vec<AnnotationSource>, TimeRange, u64), signal| {
            let config = config.clone();
            let (from, to) = range.resolve(now_ms(), utc_offset_min());
            async move {
                let range = (from as f64, to as f64);
                Ok(Arc::new(load_all(&config, &wanted, range, &signal).await))
            }
        },
    );
    let events = Signal::derive(move || {
        load.latest()
            .map(|loaded| Arc::new(loaded.0.clone()))
            .unwrap_or_default()
    });
    let errors = Signal::derive(move || load.latest().map(|l| l.1.clone()).unwrap_or_default());
    let annotations = DashboardAnnotations {
        sources,
        shown,
        events,
    };
    provide_context(annotations);
    provide_context(AnnotationLoadErrors(errors));
}

/// One checkbox per entry that is not hidden, in its marker colour, as Grafana's dashboard
/// controls show them; an entry that failed says why beside its name.
#[component]
pub fn AnnotationToggles() -> impl IntoView {
    let Some(annotations) = use_context::<DashboardAnnotations>() else {
        return ().into_any();
    };
    let errors = use_context::<AnnotationLoadErrors>().map(|e| e.0);
    let toggles = move || {
        annotations
            .sources
            .get()
            .into_iter()
            .filter(|s| !s.hidden_toggle)
            .map(|source| {
                let index = source.index;
                let checked = move || annotations.shown.with(|s| s.contains(&index));
                let error = move || errors.and_then(|e| e.with(|e| e.get(&index).cloned()));
                let toggle = move |_| {
                    annotations.shown.update(|shown| {
                        if !shown.remove(&index) {
                            shown.insert(index);
                        }
                    })
                };
                view! {
                    <label class="annotation-toggle" data-testid="annotation-toggle" data-name=source.name.clone()>
                        <input type="checkbox" prop:checked=checked on:change=toggle />
                        <span class="annotation-swatch" style:background=source.color.clone() aria-hidden="true"></span>
                        {source.name.clone()}
                        {move || error().map(|e| view! { <span class="inline-error" data-testid="annotation-error">{format!(" ({e})")}</span> })}
                    </label>
                }
            })
            .collect_view()
    };
    view! { <div class="annotation-toggles" data-testid="annotation-toggles">{toggles}</div> }
        .into_any()
}

/// Every entry's events, the entries at once; a failed entry gives an error instead.
async fn load_all(
    config: &Config,
    sources: &[AnnotationSource],
    range: (f64, f64),
    signal: &AbortSignal,
) -> (Vec<AnnotationEvent>, AnnotationErrors) {
    let answers = join_all(sources.iter().map(|s| load_one(config, s, range, signal))).await;
    let mut events = Vec::new();
    let mut errors = AnnotationErrors::new();
    for (source, answer) in sources.iter().zip(answers) {
        match answer {
            Ok(mut found) => events.append(&mut found),
            Err(error) if error.is_aborted() => {}
            Err(error) => {
                errors.insert(source.index, error.to_string());
            }
        }
    }
    (events, errors)
}

async fn load_one(
    config: &Config,
    source: &AnnotationSource,
    range: (f64, f64),
    signal: &AbortSignal,
) -> Result<Vec<AnnotationEvent>, CallError> {
    match source.backend {
        AnnotationBackend::Prometheus => {
            let ds = prometheus::datasource(config)?;
            let request = prometheus_request(source, range);
            let (frame, _) = prometheus::query_frame(ds, &request, signal).await?;
            Ok(prometheus_events(source, &frame))
        }
        AnnotationBackend::Loki => {
            let client = LokiClient::from_config(config)?;
            let response = client
                .query_range(&loki_request(source, range), signal)
                .await?;
            Ok(match response.data {
                QueryData::Streams(streams) => loki_events(source, &streams),
                QueryData::Matrix(_) | QueryData::Vector(_) => Vec::new(),
            })
        }
    }
}
