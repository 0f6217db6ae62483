//! The time-range picker: quick ranges, absolute from/to, zoom out and shift. It only writes
//! `from`/`to` into the URL; panels resolve the range themselves when they query. On a
//! dashboard, absolute times read and are typed in its `timezone`, as Grafana's picker does.

use super::a11y::focus_scope::{close_to, use_popup_focus};
use super::a11y::zone::zone_offset_at;
use super::clock::{now_ms, utc_offset_min};
use super::refresh::use_time_controls;
use super::view_state::{use_picked_time_range, use_update_view};
use crate::core::chart_a11y::zone::AnnounceZone;
use crate::core::time_range::{
    format_local, parse_iso8601, wall_clock_to_instant, ShiftDirection, TimeRange, QUICK_RANGES,
};
use leptos::prelude::*;

/// The offset (minutes east of UTC) at an instant of the open dashboard's zone, else the
/// browser's; read untracked (the label tracks the zone itself).
fn zone_offset(zone: RwSignal<String>) -> impl Fn(i64) -> i32 + Copy {
    move |at: i64| zone.with_untracked(|z| zone_offset_at(z, at as f64))
}

/// A `datetime-local` value (the zone's wall clock) as an instant.
fn local_input_to_ms(value: &str, offset_at: impl Fn(i64) -> i32) -> Option<i64> {
    let wall = parse_iso8601(value.trim()).ok()?;
    Some(wall_clock_to_instant(wall, offset_at))
}

/// Which zone the absolute times are in, when not the browser's.
fn zone_note(timezone: &str) -> Option<String> {
    match AnnounceZone::parse(timezone) {
        AnnounceZone::Browser => None,
        AnnounceZone::Utc => Some("Times in UTC".into()),
        AnnounceZone::Named(name) => Some(format!("Times in {name}")),
    }
}

fn ms_to_local_input(ms: i64, offset_at: impl Fn(i64) -> i32) -> String {
    format_local(ms, offset_at(ms)).replace(' ', "T")
}

#[component]
pub fn TimePicker() -> impl IntoView {
    // The range as the user chose it: a dashboard's nowDelay changes what panels query, not this.
    let range = use_picked_time_range();
    let zone = use_time_controls().timezone;
    let offset_at = zone_offset(zone);
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
            from_input.set(ms_to_local_input(from, offset_at));
            to_input.set(ms_to_local_input(to, offset_at));
            input_error.set(None);
        }
        open.update(|o| *o = !*o);
    };
    let apply_absolute = {
        let set_range = set_range.clone();
        move |_| match (
            local_input_to_ms(&from_input.get_untracked(), offset_at),
            local_input_to_ms(&to_input.get_untracked(), offset_at),
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
                {move || { zone.track(); range.get().0.describe_in(offset_at) }}
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
                        {move || zone_note(&zone.get()).map(|note| view! { <p class="muted" data-testid="time-zone-note">{note}</p> })}
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
