//! The explore inspector: what Loki says it did for the query (lines and bytes processed,
//! entries returned, execution time), its warning count and the query that ran.

use leptos::prelude::*;

use super::lines::Runs;
use crate::core::logs_view::text::human_bytes;

#[component]
pub(super) fn LogsInspector(runs: Runs) -> impl IntoView {
    let Runs {
        stats, warnings, ..
    } = runs;
    view! {
        <details class="logs-inspector" data-testid="logs-inspector">
            <summary>"Inspector"</summary>
            {move || match stats.get() {
                Some(s) => view! {
                    <dl class="logs-stats">
                        <dt>"Lines processed"</dt><dd data-testid="stats-lines">{s.total_lines_processed.to_string()}</dd>
                        <dt>"Bytes processed"</dt><dd data-testid="stats-bytes">{human_bytes(s.total_bytes_processed)}</dd>
                        <dt>"Entries returned"</dt><dd>{s.total_entries_returned.to_string()}</dd>
                        <dt>"Execution time"</dt><dd>{format!("{:.3} s", s.exec_time_seconds)}</dd>
                    </dl>
                }.into_any(),
                None => view! { <p class="muted">"Loki sent no statistics for this query."</p> }.into_any(),
            }}
            <p class="muted">{move || format!("Warnings: {}", warnings.with(Vec::len))}</p>
            <p class="muted">{move || runs.spec().map(|r| format!("Query: {}", r.query)).unwrap_or_default()}</p>
        </details>
    }
}
