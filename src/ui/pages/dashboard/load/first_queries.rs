//! The first screen's panel queries, sent as soon as the dashboard is parsed (issue 17): the
//! requests core says its panels will make (`first_view_requests`), from what is known before
//! the page exists (the URL, the window's size, the configuration), go out while the page is
//! built; the panels take the answers (`api::early_queries`).

use crate::api;
use crate::core::authoring::DashboardSettings;
use crate::core::dashboard::{datasource_infos, effective_time, Dashboard};
use crate::core::panel::{first_view_requests, FirstView};
use crate::core::time_range::TimeRange;
use crate::core::url_state::ViewState;
use crate::ui::clock::{now_ms, utc_offset_min};
use crate::ui::observe::window_width;
use std::collections::BTreeMap;

/// Sends the queries of `dashboard`'s first screen, when the page opens it with its grid (not
/// one panel alone, full screen or in the editor, which ask for that panel only; nor another
/// page reading the dashboard, such as Explore's "add to dashboard").
pub async fn send(dashboard: &Dashboard) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    if !opens_grid_of(&path, &dashboard.uid) {
        return;
    }
    let search = window.location().search().unwrap_or_default();
    let view = ViewState::from_query(search.trim_start_matches('?'));
    if ["panelId", "viewPanel", "editPanel"]
        .iter()
        .any(|key| view.passthrough_value(key).is_some())
    {
        return;
    }
    // The page's loader has it (src/api/early.rs): no second request.
    let Ok(config) = api::config::load().await else {
        return;
    };
    let (from, to) = effective_time(&view, dashboard);
    let Ok(range) = TimeRange::parse(&from, &to) else {
        return;
    };
    // As the panels will see it: after the dashboard's `nowDelay` (view.rs provides it).
    let range = range
        .with_now_delay(&DashboardSettings::of(dashboard).now_delay)
        .range;
    let url_vars: BTreeMap<String, Vec<String>> = view.vars.iter().cloned().collect();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let requests = first_view_requests(
        dashboard,
        &FirstView {
            url_vars: &url_vars,
            datasources: &datasource_infos(&config),
            range: &range,
            now_ms: now_ms(),
            utc_offset_min: utc_offset_min(),
            // The grid's own guess before it measures itself (grid.rs).
            grid_width: window_width(1280.0) - 24.0,
            window_height: height,
        },
    );
    if !requests.is_empty() {
        api::early_queries::send(&config, requests);
        crate::ui::app::mark("meshboard-first-queries-sent");
    }
}

/// Whether `path` (under any base path) is the dashboard page `d/<uid>[/slug]` of `uid`.
fn opens_grid_of(path: &str, uid: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    segments
        .windows(2)
        .any(|pair| pair[0] == "d" && pair[1] == uid)
}
