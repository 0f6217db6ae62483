//! The virtualized list of lines: a tall spacer sized for every row, and inside it only the
//! rows near the viewport, so 5,000 or 50,000 lines cost the same DOM. Rows are text nodes.
//! The focused list walks its lines by keyboard (`list_keys`).

use leptos::prelude::*;

use super::list_keys::{use_list_keys, ListKeys};

use crate::core::logs_view::rows::{format_row_time, line_hash};
use crate::core::logs_view::text::highlight_segments;
use crate::core::logs_view::window::{visible_rows, ROW_HEIGHT_PX};
use crate::core::loki::{highlight_ranges, DedupResult, LineFilter, LogTable, NsTime};

#[component]
pub fn LogList(
    table: RwSignal<LogTable>,
    generation: RwSignal<u64>,
    display: Memo<DedupResult>,
    filters: Memo<Vec<LineFilter>>,
    wrap: RwSignal<bool>,
    show_time: RwSignal<bool>,
    list_height: Signal<f64>,
    on_select: Callback<usize>,
    reset_scroll: Signal<u64>,
    selected: Signal<Option<(NsTime, u64)>>,
) -> impl IntoView {
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let offset = crate::ui::clock::utc_offset_min();

    Effect::new(move |_| {
        reset_scroll.track();
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });

    let total = Memo::new(move |_| display.with(|d| d.rows.len()));
    let window = Memo::new(move |_| {
        visible_rows(
            scroll_top.get(),
            list_height.get(),
            ROW_HEIGHT_PX,
            total.get(),
        )
    });
    let rows = move || {
        let (start, end) = window.get();
        let g = generation.get();
        (start..end).map(|i| (g, i)).collect::<Vec<_>>()
    };
    // The keyboard cursor reads a line as its time, level and text (issue 19).
    let describe = Callback::new(move |i: usize| {
        let row = display.with_untracked(|d| d.rows.get(i).copied().unwrap_or(0));
        table.with_untracked(|t| {
            let line: String = t
                .lines()
                .get(row)
                .map(String::as_str)
                .unwrap_or("")
                .chars()
                .take(300)
                .collect();
            let ts = t.timestamps().get(row).copied().unwrap_or_default();
            let level = t.levels().get(row).copied().unwrap_or_default();
            format!(
                "{}, {}, {line}",
                format_row_time(ts, offset),
                level.as_str()
            )
        })
    });
    let activate = Callback::new(move |i: usize| {
        on_select.run(display.with_untracked(|d| d.rows.get(i).copied().unwrap_or(0)));
    });
    let viewport_h = Signal::derive(move || list_height.get().max(80.0));
    let total_signal = Signal::derive(move || total.get());
    let (on_key, active, announce) = use_list_keys(ListKeys {
        scroller,
        scroll_top,
        total: total_signal,
        row_h: ROW_HEIGHT_PX,
        viewport_h,
        describe,
        activate,
    });
    let render_row = move |(_, i): (u64, usize)| {
        let (row, dups) = display.with_untracked(|d| {
            (
                d.rows.get(i).copied().unwrap_or(0),
                d.duplicates.get(i).copied().unwrap_or(0),
            )
        });
        let (ts, level, segments, hash) = table.with_untracked(|t| {
            let line = t.lines().get(row).map(String::as_str).unwrap_or("");
            let ranges = filters.with_untracked(|f| highlight_ranges(line, f));
            (
                t.timestamps().get(row).copied().unwrap_or_default(),
                t.levels().get(row).copied().unwrap_or_default(),
                highlight_segments(line, &ranges),
                line_hash(line),
            )
        });
        let time = format_row_time(ts, offset);
        let level_name = level.as_str();
        let is_selected = move || selected.get() == Some((ts, hash));
        view! {
            <div class=format!("log-row lvl-{level_name}") data-testid="log-row" data-level=level_name
                class:selected=is_selected class:active=move || active.get() == Some(i) on:click=move |_| on_select.run(row)>
                <span class="log-level-bar"></span>
                <Show when=move || show_time.get()>
                    <span class="log-time">{time.clone()}</span>
                </Show>
                <span class="log-level">{level_name}</span>
                {(dups > 0).then(|| view! { <span class="log-dups" title="Duplicates hidden">{format!("×{}", dups + 1)}</span> })}
                <span class="log-line">
                    {segments.into_iter().map(|(text, marked)| if marked {
                        view! { <mark>{text}</mark> }.into_any()
                    } else {
                        view! { <span>{text}</span> }.into_any()
                    }).collect_view()}
                </span>
            </div>
        }
    };

    view! {
        <div class="logs-scroller" data-testid="logs-list" node_ref=scroller
            tabindex="0" role="region" aria-label="Log lines" data-scroll-region=""
            aria-keyshortcuts="ArrowUp ArrowDown PageUp PageDown Home End Enter" on:keydown=on_key
            class:wrap=move || wrap.get()
            style:height=move || format!("{}px", list_height.get().max(80.0))
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }>
            <div class="logs-spacer" style:height=move || format!("{}px", total.get() as f64 * ROW_HEIGHT_PX)>
                <div class="logs-window" style:top=move || format!("{}px", window.get().0 as f64 * ROW_HEIGHT_PX)>
                    <For each=rows key=|k| *k children=render_row />
                </div>
            </div>
        </div>
        <div class="chart-sr-only" aria-live="polite" data-testid="logs-announce">{move || announce.get()}</div>
    }
}
