//! The log volume histogram above the lines: for each run, the volume query loads through
//! `use_query`; core's `VolumeShown` keeps what is on screen across loads (the last bars while
//! the next load runs, the last error until one succeeds); `plot` draws it and zooms on a drag.
//! `data-levels` lists the level groups drawn. A query that does not parse shows no volume
//! error: the lines' error is about what the user typed, the volume's would not be.

mod plot;

use leptos::prelude::*;

use crate::api::loki::{configured, LokiClient};
use crate::core::logs_view::run::RunSpec;
use crate::core::logs_view::volume::level_totals;
use crate::core::logs_view::volume_load::{
    volume_request, VolumeBars, VolumeEvent, VolumeRequest, VolumeShown, VolumeState,
};
use crate::ui::query::use_query;
use plot::VolumePlot;

#[component]
pub fn LogVolume(run: Signal<Option<RunSpec>>, client: Option<LokiClient>) -> impl IntoView {
    let shown = use_volume(run, client);
    let state = move || shown.with(|s| s.state);
    let data_state = move || state().data_state();
    let legend = move || {
        shown.with(|s| level_totals(&s.bars)).into_iter().map(|(level, n)| view! {
            <span class=format!("lvl-chip lvl-{}", level.as_str())>{format!("{} {}", level.as_str(), n)}</span>
        }).collect_view()
    };
    let error = move || shown.with(|s| s.error.clone());
    // The level groups drawn, severe first: what the bars are coloured by, for tests and tools.
    let levels = move || {
        shown
            .with(|s| level_totals(&s.bars))
            .into_iter()
            .map(|(level, _)| level.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    view! {
        <div class="logs-volume" data-testid="logs-volume" data-state=data_state
            data-bars=move || shown.with(|s| s.bars.len()).to_string() data-levels=levels>
            <div class="logs-volume-legend">
                <span class="muted">"Log volume"</span>
                {legend}
                <Show when=move || state() == VolumeState::Loading><span class="muted">" loading…"</span></Show>
                <Show when=move || state() == VolumeState::Invalid>
                    <span class="muted">" none: the query does not parse"</span>
                </Show>
            </div>
            <Show when=move || error().is_some()>
                <div class="logs-volume-error" data-testid="logs-volume-error">{move || error().unwrap_or_default()}</div>
            </Show>
            <VolumePlot shown />
        </div>
    }
}

/// Loads the volume of the latest run and keeps what the histogram shows.
fn use_volume(run: Signal<Option<RunSpec>>, client: Option<LokiClient>) -> RwSignal<VolumeShown> {
    // A blank query keeps the last histogram (there is nothing new to count).
    let latest_run = Memo::new(move |previous: Option<&Option<RunSpec>>| {
        run.get().or_else(|| previous.cloned().flatten())
    });
    let has_loki = client.is_some();
    let request = Memo::new(move |_| {
        latest_run.with(|r| {
            r.as_ref()
                .map(|spec| (spec.seq, volume_request(spec, has_loki)))
        })
    });
    let bars = use_query(
        move || match request.get()? {
            (seq, VolumeRequest::Fetch { query, range }) => Some((seq, query, range)),
            _ => None,
        },
        move |(_, query, range), signal| {
            let client = client.clone();
            async move {
                let answer = configured(client)?.query_range(&query, &signal).await?;
                Ok(VolumeBars::from_answer(&answer.data, range))
            }
        },
    );
    let shown = RwSignal::new(VolumeShown::default());
    Effect::new(move |_| {
        let Some((_, request)) = request.get() else {
            return;
        };
        let event = bars.with_state(|state| VolumeEvent::of(&request, state));
        shown.update(|s| s.apply(event));
    });
    shown
}
