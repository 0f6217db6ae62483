//! The open dashboard's time and tooltip settings follow the edit session (issue 18), as
//! Grafana's settings take effect before a save: `graphTooltip` switches the shared crosshair
//! of every chart, `timezone` is the zone charts announce in, and `timepicker`'s
//! `refresh_intervals` and `hidden` set the top bar's refresh choices and hide its time
//! controls. The loaded dashboard is the session's start, so a saved change holds after reload.
//! `timepicker.nowDelay` is kept and exported only: core's time range has no delayed "now".

use super::EditContext;
use crate::core::authoring::DashboardSettings;
use crate::core::dashboard::GraphTooltip;
use crate::core::url_state::refresh_choices;
use crate::ui::panels::crosshair::use_shared_crosshair;
use crate::ui::refresh::use_time_controls;
use leptos::prelude::*;

/// Publishes the session's settings after every change; returns the dashboard's time zone.
/// The top bar goes back to its defaults when the page is left.
pub fn use_live_settings(ctx: EditContext, crosshair_on: RwSignal<bool>) -> Signal<String> {
    let controls = use_time_controls();
    let shared = use_shared_crosshair();
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
        });
    });
    on_cleanup(move || controls.reset());
    Signal::derive(move || settings.with(|s| s.timezone.clone()))
}
