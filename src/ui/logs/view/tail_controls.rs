//! The live tail's controls in the explore toolbar: start, pause, resume, stop and clear, with
//! the lines-per-second rate and the count of entries Loki dropped.

use leptos::prelude::*;

use super::tail::Tail;
use crate::core::logs_view::live_tail::TailMode;

#[component]
pub(super) fn TailControls(tail: Tail) -> impl IntoView {
    let start = move |_| tail.start.run(());
    let stop = move |_| tail.stop.run(());
    view! {
        <span class="logs-tail">
            {move || match tail.mode.get() {
                TailMode::Off => view! { <button class="btn" data-testid="tail-start" on:click=start>"Live tail"</button> }.into_any(),
                TailMode::Live => view! {
                    <button class="btn" data-testid="tail-pause" on:click=move |_| tail.pause()>"Pause"</button>
                    <button class="btn" data-testid="tail-stop" on:click=stop>"Stop"</button>
                }.into_any(),
                TailMode::Paused => view! {
                    <button class="btn" data-testid="tail-resume" on:click=move |_| tail.resume()>"Resume"</button>
                    <button class="btn" data-testid="tail-stop" on:click=stop>"Stop"</button>
                }.into_any(),
            }}
            <button class="btn" data-testid="logs-clear" on:click=move |_| tail.clear()>"Clear"</button>
            <Show when=move || tail.mode.get() != TailMode::Off>
                <span class="logs-rate" data-testid="tail-rate">{move || format!("{:.1} lines/s", tail.rate.get())}</span>
                <Show when=move || { tail.dropped.get() > 0 }>
                    <span class="logs-dropped" data-testid="tail-dropped">{move || format!("{} dropped", tail.dropped.get())}</span>
                </Show>
            </Show>
        </span>
    }
}
