//! The time-range picker: quick ranges, absolute from/to, zoom out and shift. It only writes
//! `from`/`to` into the URL; panels resolve the range themselves when they query.

use super::a11y::focus_scope::{close_to, use_popup_focus};
use super::clock::{now_ms, utc_offset_min};
use super::view_state::{use_picked_time_range, use_update_view};
use crate::core::time_range::{format_local, ShiftDirection, TimeRange, QUICK_RANGES};
use leptos::prelude::*;

/// `datetime-local` inputs speak local wall time; the browser converts it to an instant.
fn local_input_to_ms(value: &str) -> Option<i64> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    ms.is_finite().then_some(ms as i64)
}

fn ms_to_local_input(ms: i64) -> String {
    format_local(ms, utc_offset_min()).replace(' ', "T")
}

#[component]
pub fn TimePicker() -> impl IntoView {
    // The range as the user chose it: a dashboard's nowDelay changes what panels query, not this.
    let range = use_picked_time_range();
    let update = use_update_view();
    let open = RwSignal::new(false);
    let from_input = RwSignal::new(String::new());
    let to_input = RwSignal::new(String::new());
    let input_error = RwSignal::new(None::<String>);
    // Focus moves in on open, Tab stays inside, Escape or a press outside closes, and the
    // focus returns to the range button (issue 19, as Grafana's picker).
    let (scope, popup, button) = (NodeRef::new(), NodeRef::new(), NodeRef::new());
    let on_popup_key = use_popup_focus(open, scope, popup, button);

    let set_range = {
        let update = update.clone();
        move |next: TimeRange| {
            update(&|state| {
                state.from = Some(next.from.to_string());
                state.to = Some(next.to.to_string());
            });
        }
    };
    let toggle = move |_| {
        if !open.get_untracked() {
            let (from, to) = range.get_untracked().0.resolve(now_ms(), utc_offset_min());
            from_input.set(ms_to_local_input(from));
            to_input.set(ms_to_local_input(to));
            input_error.set(None);
        }
        open.update(|o| *o = !*o);
    };
    let apply_absolute = {
        let set_range = set_range.clone();
        move |_| match (
            local_input_to_ms(&from_input.get_untracked()),
            local_input_to_ms(&to_input.get_untracked()),
        ) {
            (Some(from), Some(to)) if from < to => {
                set_range(TimeRange::absolute(from, to));
                close_to(open, button);
            }
            (Some(_), Some(_)) => input_error.set(Some("`From` must be before `To`".into())),
            _ => input_error.set(Some("Enter both dates as date and time".into())),
        }
    };
    let zoom_out = {
        let set_range = set_range.clone();
        move |_| set_range(range.get_untracked().0.zoom_out(now_ms(), utc_offset_min()))
    };
    let shift = {
        let set_range = set_range.clone();
        move |direction| {
            set_range(
                range
                    .get_untracked()
                    .0
                    .shift(direction, now_ms(), utc_offset_min()),
            )
        }
    };
    let shift_earlier = {
        let shift = shift.clone();
        move |_| shift(ShiftDirection::Earlier)
    };
    let shift_later = move |_| shift(ShiftDirection::Later);
    let quick = move |from: &'static str| {
        let set_range = set_range.clone();
        move |_| {
            if let Ok(next) = TimeRange::parse(from, "now") {
                set_range(next);
            }
            close_to(open, button);
        }
    };

    view! {
        <div class="time-picker" data-testid="time-picker" node_ref=scope>
            <button class="btn" data-testid="shift-earlier" title="Move back by half the range" aria-label="Move time range back" on:click=shift_earlier>"‹"</button>
            <button class="btn range-button" data-testid="time-range-button" on:click=toggle node_ref=button
                aria-haspopup="dialog" aria-expanded=move || open.get().to_string()
                aria-controls=move || open.get().then_some("time-dropdown") title="Change time range">
                {move || range.get().0.describe(utc_offset_min())}
            </button>
            <button class="btn" data-testid="shift-later" title="Move forward by half the range" aria-label="Move time range forward" on:click=shift_later>"›"</button>
            <button class="btn" data-testid="zoom-out" title="Zoom out x2" on:click=zoom_out>"Zoom out"</button>
            <Show when=move || range.get().1.is_some()>
                <span class="inline-error" data-testid="time-error">{move || range.get().1.unwrap_or_default()}</span>
            </Show>
            <Show when=move || open.get()>
                <div class="dropdown time-dropdown" data-testid="time-dropdown" id="time-dropdown" node_ref=popup
                    role="dialog" aria-label="Time range" on:keydown=on_popup_key.clone()>
                    <div class="quick-ranges" role="group" aria-label="Quick ranges">
                        {QUICK_RANGES.iter().map(|(from, label)| view! {
                            <button class="link-button" data-testid="quick-range" data-range=*from on:click=quick(from)>{*label}</button>
                        }).collect_view()}
                    </div>
                    <div class="absolute-range" role="group" aria-label="Absolute time range">
                        <label>"From" <input type="datetime-local" step="1" data-testid="abs-from"
                            prop:value=move || from_input.get()
                            on:input=move |ev| from_input.set(event_target_value(&ev)) /></label>
                        <label>"To" <input type="datetime-local" step="1" data-testid="abs-to"
                            prop:value=move || to_input.get()
                            on:input=move |ev| to_input.set(event_target_value(&ev)) /></label>
                        <button class="btn primary" data-testid="abs-apply" on:click=apply_absolute.clone()>"Apply time range"</button>
                        <Show when=move || input_error.get().is_some()>
                            <div class="inline-error" role="alert">{move || input_error.get().unwrap_or_default()}</div>
                        </Show>
                    </div>
                </div>
            </Show>
        </div>
    }
}
