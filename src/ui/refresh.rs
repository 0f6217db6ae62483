//! Refreshing: the refresh picker (`refresh=` in the URL), the refresh button, and the
//! `RefreshTick` every data view subscribes to. A tick re-resolves relative time ranges.
//! Auto-refresh can be paused (WCAG 2.2.2) with a toggle button beside the picker: the
//! interval stays in the URL, the ticks stop until it is resumed.
//! An open dashboard sets the picker's choices and hides the top bar's time controls through
//! [`TimeControls`] (its `timepicker.refresh_intervals` and `timepicker.hidden`).

use super::view_state::{use_update_view, use_view_state};
use crate::core::url_state::{refresh_choices, refresh_interval_ms};
use leptos::leptos_dom::helpers::IntervalHandle;
use leptos::prelude::*;
use std::time::Duration;

/// Incremented on every manual or automatic refresh; views re-query when it changes.
#[derive(Clone, Copy)]
pub struct RefreshTick(pub RwSignal<u64>);

impl RefreshTick {
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

/// True while the user has paused auto-refresh.
#[derive(Clone, Copy)]
struct RefreshPaused(RwSignal<bool>);

/// What the open dashboard asks of the top bar's time controls; the defaults elsewhere.
#[derive(Clone, Copy)]
pub struct TimeControls {
    /// The refresh picker's choices, "off" first.
    pub refresh_choices: RwSignal<Vec<String>>,
    /// `timepicker.hidden`: no time or refresh picker (Grafana hides both).
    pub hidden: RwSignal<bool>,
    /// The dashboard's `timezone` the picker writes absolute times in (empty: the browser's).
    pub timezone: RwSignal<String>,
}

impl TimeControls {
    /// Back to the defaults (the dashboard is left).
    pub fn reset(self) {
        self.refresh_choices.set(refresh_choices(&[]));
        self.hidden.set(false);
        self.timezone.set(String::new());
    }
}

/// The top bar's time controls, provided by the shell.
pub fn use_time_controls() -> TimeControls {
    expect_context::<TimeControls>()
}

/// Provides the tick and drives it from the URL's `refresh` interval, unless paused.
pub fn provide_refresh_tick() {
    provide_context(TimeControls {
        refresh_choices: RwSignal::new(refresh_choices(&[])),
        hidden: RwSignal::new(false),
        timezone: RwSignal::new(String::new()),
    });
    let tick = RefreshTick(RwSignal::new(0));
    provide_context(tick);
    let paused = RefreshPaused(RwSignal::new(false));
    provide_context(paused);
    let view = use_view_state();
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
        }
        if paused.0.get() {
            return None;
        }
        let period = view
            .get()
            .refresh
            .as_deref()
            .and_then(refresh_interval_ms)?;
        set_interval_with_handle(move || tick.bump(), Duration::from_millis(period)).ok()
    });
}

#[component]
pub fn RefreshPicker() -> impl IntoView {
    let view = use_view_state();
    let update = use_update_view();
    let tick = expect_context::<RefreshTick>();
    let current = move || view.get().refresh.unwrap_or_else(|| "off".to_string());
    // The dashboard's choices, and the URL's interval too when it is not one of them.
    let choices = use_time_controls().refresh_choices;
    // Each option says whether it is selected: replaced options would reset the select.
    let options = move || {
        let mut options = choices.get();
        let current = current();
        if !options.contains(&current) {
            options.push(current.clone());
        }
        options.into_iter().map(move |choice| {
            let selected = choice == current;
            (choice, selected)
        })
    };
    view! {
        <div class="refresh-picker">
            <button class="btn" data-testid="refresh-button" title="Refresh now" on:click=move |_| tick.bump()>"Refresh"</button>
            <select class="select" data-testid="refresh-picker" title="Auto refresh" aria-label="Auto refresh interval"
                prop:value=current
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    update(&|state| state.refresh = (value != "off").then(|| value.clone()));
                }>
                {move || options().map(|(choice, selected)| view! { <option value=choice.clone() selected=selected>{choice.clone()}</option> }).collect_view()}
            </select>
            <PauseRefresh />
        </div>
    }
}

/// Pauses and resumes auto-refresh from the keyboard or pointer; shown while an interval is
/// set. `aria-pressed` tells assistive technology whether it is paused.
#[component]
fn PauseRefresh() -> impl IntoView {
    let view = use_view_state();
    let paused = expect_context::<RefreshPaused>().0;
    let auto = move || view.with(|v| v.refresh.as_deref().and_then(refresh_interval_ms).is_some());
    view! {
        <Show when=auto>
            <button class="btn refresh-pause" data-testid="refresh-pause"
                aria-pressed=move || if paused.get() { "true" } else { "false" }
                aria-label="Pause auto refresh" title="Pause auto refresh (press again to resume)"
                on:click=move |_| paused.update(|p| *p = !*p)>
                "Pause"
            </button>
        </Show>
    }
}
