//! Refreshing: the refresh picker (`refresh=` in the URL), the refresh button, and the
//! `RefreshTick` every data view subscribes to. A tick re-resolves relative time ranges.

use super::view_state::{use_update_view, use_view_state};
use crate::core::url_state::{refresh_interval_ms, REFRESH_CHOICES};
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

/// Provides the tick and drives it from the URL's `refresh` interval.
pub fn provide_refresh_tick() {
    let tick = RefreshTick(RwSignal::new(0));
    provide_context(tick);
    let view = use_view_state();
    Effect::new(move |previous: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = previous {
            handle.clear();
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
    view! {
        <div class="refresh-picker">
            <button class="btn" data-testid="refresh-button" title="Refresh now" on:click=move |_| tick.bump()>"Refresh"</button>
            <select class="select" data-testid="refresh-picker" title="Auto refresh"
                prop:value=current
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    update(&|state| state.refresh = (value != "off").then(|| value.clone()));
                }>
                {REFRESH_CHOICES.iter().map(|choice| view! { <option value=*choice>{*choice}</option> }).collect_view()}
            </select>
        </div>
    }
}
