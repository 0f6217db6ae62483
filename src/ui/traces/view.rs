//! One trace: the header (root service and operation, start, duration, spans, services,
//! depth, errors, logs link), the span find bar, the canvas timeline and the span details.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::details::SpanDetails;
use super::timeline::Timeline;
use crate::core::time_range::format_local;
use crate::core::trace::{format_duration_us, matching_spans, TraceModel, TraceSummary};
use crate::core::trace_explore::{find_bar_filter, logs_link};
use crate::ui::clock::utc_offset_min;

#[component]
pub fn TraceView(
    model: Arc<TraceModel>,
    #[prop(into)] timeline_height: Signal<f64>,
) -> impl IntoView {
    let summary = model.summary.clone();
    let selected = RwSignal::new(None::<usize>);
    let find = FindInputs::default();
    let filter = Memo::new(move |_| {
        find_bar_filter(
            &find.text.get(),
            &find.service.get(),
            &find.min_duration.get(),
        )
    });
    let match_model = model.clone();
    let matches = Memo::new(move |_| {
        let (f, _) = filter.get();
        (!f.is_empty()).then(|| Arc::new(matching_spans(&match_model.trace, &f)))
    });
    let warnings = model.trace.warnings.clone();
    let details_model = model.clone();
    view! {
        <div class="trace-view" data-testid="trace-view" data-state="ok"
            data-spans=summary.span_count data-services=summary.service_count()
            data-trace-id=summary.trace_id.clone() data-errors=summary.error_count>
            <TraceHeader summary=summary.clone() />
            {(!warnings.is_empty()).then(|| view! {
                <ul class="trace-warnings">{warnings.into_iter().map(|w| view! { <li class="warn">{w}</li> }).collect_view()}</ul>
            })}
            <SpanFindBar find services=summary.services.keys().cloned().collect()
                problem=Signal::derive(move || filter.get().1) matches />
            <div class="trace-body">
                <Timeline model=model.clone() matches=Signal::derive(move || matches.get()) selected height=timeline_height />
                {move || selected.get().map(|span| view! {
                    <SpanDetails model=details_model.clone() span on_close=Callback::new(move |_| selected.set(None)) />
                })}
            </div>
        </div>
    }
}

/// What the find bar's three inputs hold.
#[derive(Clone, Copy, Default)]
struct FindInputs {
    text: RwSignal<String>,
    service: RwSignal<String>,
    min_duration: RwSignal<String>,
}

/// The trace's facts and the link to its logs.
#[component]
fn TraceHeader(summary: TraceSummary) -> impl IntoView {
    let logs_href = crate::ui::view_state::app_href(&logs_link(
        &summary.trace_id,
        summary.start_us,
        summary.start_us + summary.duration_us,
    ));
    let start = format_local(summary.start_us.div_euclid(1000), utc_offset_min());
    view! {
        <header class="trace-header">
            <h2 data-testid="trace-title">{format!("{}: {}", summary.root_service, summary.root_operation)}</h2>
            <code class="trace-id">{summary.trace_id.clone()}</code>
            <dl class="trace-facts">
                <div><dt>"Start"</dt><dd>{start}</dd></div>
                <div><dt>"Duration"</dt><dd>{format_duration_us(summary.duration_us)}</dd></div>
                <div><dt>"Spans"</dt><dd>{summary.span_count}</dd></div>
                <div><dt>"Services"</dt><dd>{summary.service_count()}</dd></div>
                <div><dt>"Depth"</dt><dd>{summary.depth}</dd></div>
                <div><dt>"Errors"</dt><dd class:error={summary.error_count > 0}>{summary.error_count}</dd></div>
            </dl>
            <A href=logs_href attr:class="btn" attr:data-testid="trace-logs-link">"Logs for this trace"</A>
        </header>
    }
}

/// The span find bar: words or `key=value`, a service, a minimum duration, and how many spans
/// match (`data-matches` is -1 while no search is active).
#[component]
fn SpanFindBar(
    find: FindInputs,
    services: Vec<String>,
    problem: Signal<Option<String>>,
    matches: Memo<Option<Arc<Vec<bool>>>>,
) -> impl IntoView {
    let FindInputs {
        text,
        service,
        min_duration,
    } = find;
    let match_count =
        move || matches.with(|m| m.as_ref().map(|m| m.iter().filter(|b| **b).count()));
    view! {
        <div class="trace-filter">
            <input class="input" type="search" data-testid="span-search" placeholder="Find spans: words or key=value"
                prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            <select class="select" data-testid="span-service-filter" prop:value=move || service.get()
                on:change=move |ev| service.set(event_target_value(&ev))>
                <option value="">"All services"</option>
                {services.into_iter().map(|s| view! { <option value=s.clone()>{s.clone()}</option> }).collect_view()}
            </select>
            <input class="input input-short" data-testid="span-min-duration" placeholder="Min duration (e.g. 5ms)"
                prop:value=move || min_duration.get() on:input=move |ev| min_duration.set(event_target_value(&ev)) />
            <span class="muted" data-testid="span-matches" data-matches=move || match_count().map_or(-1, |c| c as i64)>
                {move || match_count().map(|c| format!("{c} matching spans")).unwrap_or_default()}
            </span>
            {move || problem.get().map(|e| view! { <span class="error-text">{e}</span> })}
            <span class="muted legend">"Black line: critical path · red edge: error"</span>
        </div>
    }
}
