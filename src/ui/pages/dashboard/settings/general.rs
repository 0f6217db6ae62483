//! The general settings form: title, description, tags, time options (timezone, week start,
//! refresh choices, now delay, hide the time picker), graph tooltip, then the links. Each
//! field applies when it is committed (change: Enter or leaving it), as one
//! `Edit::SetDashboardSettings`; a value Grafana would not accept is said next to the field
//! and not applied, and stays in the field as typed.

use super::super::edit::EditContext;
use super::links::LinksEditor;
use crate::core::authoring::settings::{
    check_intervals, join_list, split_list, TIMEZONE_CHOICES, WEEK_START_CHOICES,
};
use crate::core::authoring::{DashboardSettings, Edit};
use crate::core::dashboard::GraphTooltip;
use leptos::prelude::*;

/// The settings now (tracked: read again after every change, undo included).
pub fn current(ctx: EditContext) -> DashboardSettings {
    ctx.read(|s| DashboardSettings::of(s.dashboard()))
}

/// Applies one change to the settings.
pub fn change(ctx: EditContext, f: impl FnOnce(&mut DashboardSettings)) {
    let mut next = untrack(|| current(ctx));
    f(&mut next);
    ctx.apply_step(Edit::SetDashboardSettings(Box::new(next)));
}

#[component]
pub fn GeneralSettings(ctx: EditContext) -> impl IntoView {
    let settings = move || current(ctx);
    let intervals_error = RwSignal::new(None::<String>);
    let delay_error = RwSignal::new(None::<String>);
    let set_intervals = move |text: String| {
        let items = split_list(&text);
        match check_intervals(&items) {
            Ok(()) => {
                intervals_error.set(None);
                change(ctx, |s| s.refresh_intervals = items);
            }
            Err(e) => intervals_error.set(Some(e)),
        }
    };
    let set_delay = move |text: String| {
        let text = text.trim().to_string();
        match check_intervals(&split_list(&text)) {
            Ok(()) => {
                delay_error.set(None);
                change(ctx, |s| s.now_delay = text);
            }
            Err(e) => delay_error.set(Some(e)),
        }
    };
    let zone_choices = move || {
        let zone = settings().timezone;
        let mut choices: Vec<(String, String)> = TIMEZONE_CHOICES
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect();
        // A zone the file names that the list lacks is offered too, so it is never lost.
        if !choices.iter().any(|(v, _)| *v == zone) {
            choices.push((zone.clone(), zone));
        }
        choices
    };
    view! {
        <div class="settings-form" data-testid="settings-general">
            <h2>"General"</h2>
            <label for="settings-title">"Title"</label>
            <input id="settings-title" class="input" data-testid="settings-title" prop:value=move || settings().title
                on:change=move |ev| { let v = event_target_value(&ev); change(ctx, |s| s.title = v) } />
            <label for="settings-description">"Description"</label>
            <textarea id="settings-description" class="input" rows="3" data-testid="settings-description"
                prop:value=move || settings().description
                on:change=move |ev| { let v = event_target_value(&ev); change(ctx, |s| s.description = v) }></textarea>
            <label for="settings-tags">"Tags"</label>
            <input id="settings-tags" class="input" data-testid="settings-tags" aria-describedby="settings-tags-hint"
                prop:value=move || join_list(&settings().tags)
                on:change=move |ev| { let v = split_list(&event_target_value(&ev)); change(ctx, |s| s.tags = v) } />
            <p id="settings-tags-hint" class="muted settings-hint">"Separate tags with commas."</p>

            <h2>"Time options"</h2>
            <label for="settings-timezone">"Time zone"</label>
            <select id="settings-timezone" class="input" data-testid="settings-timezone"
                on:change=move |ev| { let v = event_target_value(&ev); change(ctx, |s| s.timezone = v) }>
                {move || zone_choices().into_iter().map(|(value, label)| {
                    let selected = settings().timezone == value;
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            <label for="settings-week-start">"Week start"</label>
            <select id="settings-week-start" class="input" data-testid="settings-week-start"
                on:change=move |ev| { let v = event_target_value(&ev); change(ctx, |s| s.week_start = v) }>
                {WEEK_START_CHOICES.iter().map(|&(value, label)| view! {
                    <option value=value selected=move || settings().week_start == value>{label}</option>
                }).collect_view()}
            </select>
            <label for="settings-refresh-intervals">"Auto refresh choices"</label>
            <input id="settings-refresh-intervals" class="input" data-testid="settings-refresh-intervals"
                placeholder="5s, 10s, 30s, 1m, 5m, 15m, 30m, 1h, 2h, 1d"
                prop:value=move || join_list(&settings().refresh_intervals)
                on:change=move |ev| set_intervals(event_target_value(&ev)) />
            <FieldError error=intervals_error testid="settings-refresh-intervals-error" />
            <label for="settings-now-delay">"Now delay"</label>
            <input id="settings-now-delay" class="input" data-testid="settings-now-delay" placeholder="0m"
                prop:value=move || settings().now_delay
                on:change=move |ev| set_delay(event_target_value(&ev)) />
            <FieldError error=delay_error testid="settings-now-delay-error" />
            <label class="settings-check">
                <input type="checkbox" data-testid="settings-hide-time-picker" prop:checked=move || settings().hide_time_picker
                    on:change=move |ev| { let v = event_target_checked(&ev); change(ctx, |s| s.hide_time_picker = v) } />
                "Hide time picker"
            </label>

            <h2>"Panel options"</h2>
            <label for="settings-graph-tooltip">"Graph tooltip"</label>
            <select id="settings-graph-tooltip" class="input" data-testid="settings-graph-tooltip"
                on:change=move |ev| { let v = tooltip_of(&event_target_value(&ev)); change(ctx, |s| s.graph_tooltip = v) }>
                {[("0", "Default"), ("1", "Shared crosshair"), ("2", "Shared tooltip")].into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || tooltip_value(settings().graph_tooltip) == value>{label}</option>
                }).collect_view()}
            </select>
            <LinksEditor ctx />
        </div>
    }
}

/// A field's refusal, read out when it appears.
#[component]
pub fn FieldError(error: RwSignal<Option<String>>, testid: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="inline-error" role="alert" data-testid=testid>{e}</p> })
    }
}

fn tooltip_value(tooltip: GraphTooltip) -> &'static str {
    match tooltip {
        GraphTooltip::Default => "0",
        GraphTooltip::SharedCrosshair => "1",
        GraphTooltip::SharedTooltip => "2",
    }
}

fn tooltip_of(value: &str) -> GraphTooltip {
    match value {
        "1" => GraphTooltip::SharedCrosshair,
        "2" => GraphTooltip::SharedTooltip,
        _ => GraphTooltip::Default,
    }
}
