//! The open dashboard's time and tooltip settings follow the edit session (issue 18), as
//! Grafana's settings take effect before a save: `graphTooltip` switches the shared crosshair
//! of every chart, `timezone` is the zone charts announce in and label their time axes in,
//! `timepicker`'s `refresh_intervals` and `hidden` set the top bar's refresh choices and hide
//! its time controls (whose absolute times read in `timezone`), and `timepicker.nowDelay`
//! moves a range ending at `now` back for every query of the page (`view_state::NowDelay`).
//! The loaded dashboard is the session's start, so a saved change holds after reload.

use super::EditContext;
use crate::core::authoring::DashboardSettings;
use crate::core::dashboard::GraphTooltip;
use crate::core::url_state::refresh_choices;
use crate::ui::panels::crosshair::use_shared_crosshair;
use crate::ui::refresh::use_time_controls;
use crate::ui::view_state::NowDelay;
use leptos::prelude::*;

/// Publishes the session's settings after every change; returns the dashboard's time zone.
/// The top bar goes back to its defaults when the page is left.
pub fn use_live_settings(ctx: EditContext, crosshair_on: RwSignal<bool>) -> Signal<String> {
    let controls = use_time_controls();
    let shared = use_shared_crosshair();
    let now_delay = use_context::<NowDelay>();
    let settings = Memo::new(move |_| ctx.read(|s| DashboardSettings::of(s.dashboard())));
    Effect::new(move |_| {
        settings.with(|s| {
            crosshair_on.set(s.graph_tooltip != GraphTooltip::Default);
            // `graphTooltip: 2` shares the tooltips too (read by the next crosshair frame).
            if let Some(shared) = shared {
                shared.share_tooltips(s.graph_tooltip == GraphTooltip::SharedTooltip);
            }
            controls
                .refresh_choices
                .set(refresh_choices(&s.refresh_intervals));
            controls.hidden.set(s.hide_time_picker);
            controls.timezone.set(s.timezone.clone());
            if let Some(delay) = now_delay.filter(|d| d.0.with_untracked(|d| *d != s.now_delay)) {
                delay.0.set(s.now_delay.clone());
            }
        });
    });
    on_cleanup(move || controls.reset());
    Signal::derive(move || settings.with(|s| s.timezone.clone()))
}
