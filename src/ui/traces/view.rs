//! One trace: the header (root service and operation, start, duration, spans, services,
//! depth, errors, logs link), the span search, the canvas timeline and the span details.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use super::details::SpanDetails;
use super::model::TraceModel;
use super::timeline::Timeline;
use crate::core::time_range::format_local;
use crate::core::trace::{format_duration_us, matching_spans, SpanFilter};
use crate::core::trace_explore::{logs_link, parse_duration_us};
use crate::ui::clock::utc_offset_min;

#[component]
pub fn TraceView(
    model: Arc<TraceModel>,
    #[prop(into)] timeline_height: Signal<f64>,
) -> impl IntoView {
    let summary = model.summary.clone();
    let selected = RwSignal::new(None::<usize>);
    let text = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let min_duration = RwSignal::new(String::new());

    let filter = Memo::new(move |_| {
        let min = parse_duration_us(&min_duration.get());
        let filter = SpanFilter {
            text: text.get(),
            service: Some(service.get()).filter(|s| !s.is_empty()),
            min_duration_us: min.clone().ok().flatten(),
            ..SpanFilter::default()
        };
        (filter, min.err())
    });
    let match_model = model.clone();
    let matches = Memo::new(move |_| {
        let (f, _) = filter.get();
        (!f.is_empty()).then(|| Arc::new(matching_spans(&match_model.trace, &f)))
    });
    let match_count =
        move || matches.with(|m| m.as_ref().map(|m| m.iter().filter(|b| **b).count()));

    let services: Vec<String> = summary.services.keys().cloned().collect();
    let logs_href = crate::ui::view_state::app_href(&logs_link(
        &summary.trace_id,
        summary.start_us,
        summary.start_us + summary.duration_us,
    ));
    let start = format_local(summary.start_us.div_euclid(1000), utc_offset_min());
    let warnings = model.trace.warnings.clone();
    let details_model = model.clone();

    view! {
        <div class="trace-view" data-testid="trace-view" data-state="ok"
            data-spans=summary.span_count data-services=summary.service_count()
            data-trace-id=summary.trace_id.clone() data-errors=summary.error_count>
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
            {(!warnings.is_empty()).then(|| view! {
                <ul class="trace-warnings">{warnings.into_iter().map(|w| view! { <li class="warn">{w}</li> }).collect_view()}</ul>
            })}
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
                {move || filter.get().1.map(|e| view! { <span class="error-text">{e}</span> })}
                <span class="muted legend">"Black line: critical path · red edge: error"</span>
            </div>
            <div class="trace-body">
                <Timeline model=model.clone() matches=Signal::derive(move || matches.get()) selected height=timeline_height />
                {move || selected.get().map(|span| view! {
                    <SpanDetails model=details_model.clone() span on_close=Callback::new(move |_| selected.set(None)) />
                })}
            </div>
        </div>
    }
}
