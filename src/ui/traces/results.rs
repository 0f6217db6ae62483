//! The search results list, sortable by start, duration, spans, services and errors; each
//! row links to its trace.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::time_range::format_local;
use crate::core::trace::{format_duration_us, TraceSummary};
use crate::core::trace_explore::{sort_order, SortKey};
use crate::ui::clock::utc_offset_min;
use crate::ui::view_state::{carried_query, use_view_state};

#[component]
pub fn ResultsList(
    #[prop(into)] rows: Signal<Arc<Vec<TraceSummary>>>,
    initial: SortKey,
    /// Show at most this many rows (panels show the top of the list).
    #[prop(optional)]
    max_rows: Option<usize>,
) -> impl IntoView {
    let view = use_view_state();
    let sort = RwSignal::new((initial, true));
    let offset = utc_offset_min();
    let ordered = Memo::new(move |_| {
        let (key, desc) = sort.get();
        rows.with(|r| {
            let order = sort_order(r, key, desc);
            order
                .into_iter()
                .take(max_rows.unwrap_or(usize::MAX))
                .map(|i| r[i].clone())
                .collect::<Vec<_>>()
        })
    });
    let header = move |key: SortKey| {
        view! {
            <th>
                <button class="th-sort" data-testid="sort" data-key=key.label()
                    on:click=move |_| sort.update(|(k, d)| if *k == key { *d = !*d } else { *k = key; *d = true; })>
                    {key.label()}
                    {move || { let (k, d) = sort.get(); (k == key).then_some(if d { " ▾" } else { " ▴" }) }}
                </button>
            </th>
        }
    };
    view! {
        <table class="table trace-results" data-testid="trace-results">
            <thead><tr>
                <th>"Trace"</th>
                {SortKey::ALL.into_iter().map(header).collect_view()}
            </tr></thead>
            <tbody>
                {move || ordered.get().into_iter().map(|s| {
                    let href = format!("{}{}", crate::ui::view_state::app_href(&format!("/explore/traces/{}", s.trace_id)), carried_query(&view.get_untracked()));
                    let services = s.services.keys().cloned().collect::<Vec<_>>().join(", ");
                    view! {
                        <tr data-testid="trace-result" data-trace-id=s.trace_id.clone() data-spans=s.span_count>
                            <td><A href=href>{format!("{}: {}", s.root_service, s.root_operation)}</A>
                                <div class="muted mono">{s.trace_id.chars().take(16).collect::<String>()}</div></td>
                            <td>{format_local(s.start_us.div_euclid(1000), offset)}</td>
                            <td>{format_duration_us(s.duration_us)}</td>
                            <td>{s.span_count}</td>
                            <td title=services>{s.service_count()}</td>
                            <td class:error={s.error_count > 0}>{s.error_count}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
