//! The toolbar: the line count, how lines are shown (time, wrap, order, deduplication), and in
//! explore the live tail controls and the downloads of the shown lines.

use leptos::prelude::*;

use super::shown::ShownLines;
use super::tail::Tail;
use super::tail_controls::TailControls;
use crate::core::logs_view::rows::count_text;
use crate::core::loki::{DedupResult, DedupStrategy, Direction};
use crate::ui::logs::download;

#[component]
pub(super) fn LogsToolbar(
    shown: ShownLines,
    tail: Tail,
    explore: bool,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let ShownLines {
        show_time,
        wrap,
        direction,
        dedup,
        ..
    } = shown;
    let set_direction = move |ev| {
        let d = Direction::parse(&event_target_value(&ev)).unwrap_or_default();
        direction.set(d);
        shown.edit(|t| t.set_direction(d));
    };
    let set_dedup = move |ev| {
        dedup.set(DedupStrategy::parse(&event_target_value(&ev)).unwrap_or_default());
        shown.bump();
    };
    let count = move || count_text(shown.loaded(), shown.display.with(DedupResult::hidden));
    view! {
        <div class="logs-toolbar">
            <span class="logs-count" data-testid="logs-count">{count}</span>
            <label class="logs-toggle"><input type="checkbox" data-testid="logs-time-toggle" prop:checked=move || show_time.get()
                on:change=move |ev| show_time.set(event_target_checked(&ev)) />"Time"</label>
            <label class="logs-toggle"><input type="checkbox" data-testid="logs-wrap-toggle" prop:checked=move || wrap.get()
                on:change=move |ev| wrap.set(event_target_checked(&ev)) />"Wrap lines"</label>
            <select class="select" data-testid="logs-order" title="Order" prop:value=move || direction.get().as_str().to_string() on:change=set_direction>
                <option value="backward">"Newest first"</option>
                <option value="forward">"Oldest first"</option>
            </select>
            <select class="select" data-testid="logs-dedup" title="Deduplication" prop:value=move || dedup.get().as_str().to_string() on:change=set_dedup>
                <option value="none">"No dedup"</option>
                <option value="exact">"Dedup: exact"</option>
                <option value="numbers">"Dedup: numbers"</option>
                <option value="signature">"Dedup: signature"</option>
            </select>
            <Show when=move || explore>
                <TailControls tail />
                <Downloads shown notice />
            </Show>
        </div>
    }
}

/// The shown lines (after deduplication) as a text or JSON file.
#[component]
fn Downloads(shown: ShownLines, notice: RwSignal<Option<String>>) -> impl IntoView {
    let save = move |file: &str, mime: &str, json: bool| {
        let rows = shown.display.with_untracked(|d| d.rows.clone());
        let text = shown.table.with_untracked(|t| {
            if json {
                t.export_json(&rows)
            } else {
                t.export_text(&rows)
            }
        });
        if let Err(e) = download::save(file, mime, &text) {
            notice.set(Some(e));
        }
    };
    view! {
        <button class="btn" data-testid="download-txt" on:click=move |_| save("logs.txt", "text/plain", false)>"Download TXT"</button>
        <button class="btn" data-testid="download-json" on:click=move |_| save("logs.json", "application/json", true)>"Download JSON"</button>
    }
}
