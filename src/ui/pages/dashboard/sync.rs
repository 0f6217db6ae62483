//! The open dashboard and the URL: the dashboard's own time and refresh written into the URL
//! when it has none, and the variables following the URL's `var-*` values and time range
//! (with their settled values written back).

use super::nav::{query_has_key, use_edit_view, History};
use super::refresh::{use_variable_refresh, SyncContext};
use super::state::DashState;
use crate::core::config::Config;
use crate::core::dashboard::{effective_time, url_var_values, Dashboard, Want};
use crate::core::time_range::TimeRange;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::view_state::use_view_state;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::collections::BTreeMap;

/// Writes the dashboard's time range and refresh into the URL where it names none (replace:
/// opening a dashboard is one history entry).
pub fn write_url_defaults(dashboard: &Dashboard) {
    let location = use_location();
    let view = use_view_state();
    let edit = use_edit_view();
    let search = location.search.get_untracked();
    let has_time = query_has_key(&search, "from") || query_has_key(&search, "to");
    let has_refresh = query_has_key(&search, "refresh");
    let (from, to) = effective_time(&view.get_untracked(), dashboard);
    let refresh = dashboard.refresh.clone();
    // After this render pass: the router must not navigate while it is rendering the route.
    request_animation_frame(move || {
        edit(History::Replace, &|v| {
            if !has_time {
                v.from = Some(from.clone());
                v.to = Some(to.clone());
            }
            if !has_refresh {
                v.refresh = refresh.clone().filter(|r| r != "off");
            }
        });
    });
}

/// Loads the variables, then refreshes them when the URL's `var-*` values or the time range
/// change, writing their settled values back into the URL.
pub fn use_variable_sync(state: DashState, dashboard: &Dashboard) {
    let config = expect_context::<Config>();
    let view = use_view_state();
    let edit = use_edit_view();
    let last_time = StoredValue::new(effective_time(&view.get_untracked(), dashboard));
    let write_vars = move || {
        let Some(vars) = state.variables.try_get_untracked() else {
            return;
        };
        let grouped = url_var_values(&vars);
        edit(History::Replace, &|v| {
            for (name, values) in &grouped {
                v.set_var(name, values.clone());
            }
        });
    };
    let url_vars =
        Memo::new(move |_| view.with(|v| v.vars.iter().cloned().collect::<BTreeMap<_, _>>()));
    let meta = dashboard.clone();
    let time = Memo::new(move |_| view.with(|v| effective_time(v, &meta)));
    let refresh = use_variable_refresh(
        state,
        SyncContext {
            config,
            url_vars,
            range: Callback::new(move |()| time.with_untracked(|(from, to)| resolve(from, to))),
            after: Callback::new(move |()| write_vars()),
        },
    );
    refresh.schedule(Want::Load);
    Effect::new(move |first: Option<()>| {
        url_vars.track();
        if first.is_some() {
            refresh.schedule(Want::Url);
        }
    });
    // Variables edited in the dashboard settings (issue 18): every one read again, as on load.
    Effect::new(move |first: Option<()>| {
        state.definitions_edited.track();
        if first.is_some() {
            refresh.schedule(Want::Load);
        }
    });
    Effect::new(move |_| {
        let now = time.get();
        if last_time.get_value() != now {
            last_time.set_value(now);
            refresh.schedule(Want::Time);
        }
    });
}

/// The time range strings resolved now, epoch ms.
fn resolve(from: &str, to: &str) -> (i64, i64) {
    TimeRange::parse(from, to)
        .unwrap_or_default()
        .resolve(now_ms(), utc_offset_min())
}
