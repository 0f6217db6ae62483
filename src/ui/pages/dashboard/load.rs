//! Finding a dashboard by uid: built-in ones through `dashboards/index.json`, imported ones
//! from the browser store, a new one not saved yet from its draft. Errors name the uid and
//! the file so the page can say what failed.

mod first_queries;

use super::store;
use crate::api;
use crate::core::dashboard::Dashboard;

/// Where a dashboard came from (the header says "local" for imported ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    Imported,
}

/// Loads and parses the dashboard `uid`.
pub async fn load_dashboard(uid: &str) -> Result<(Dashboard, Source), String> {
    // A saved version (an import, or a built-in dashboard's local copy) is what the user
    // last saved: it wins over the shipped file.
    if let Some(stored) = store::get(uid) {
        let dashboard = Dashboard::parse(&stored.json).map_err(|e| {
            format!("Dashboard \"{uid}\" (kept in this browser) is not a dashboard: {e}")
        })?;
        let source = if stored.builtin_override {
            Source::BuiltIn
        } else {
            Source::Imported
        };
        first_queries::send(&dashboard).await;
        return Ok((dashboard, source));
    }
    let index = api::dashboards::load_index().await;
    let builtin = index
        .as_ref()
        .ok()
        .and_then(|entries| entries.iter().find(|e| e.uid == uid).cloned());
    if let Some(entry) = builtin {
        // When the app asks for the file: the page's loader has started it before (e2e
        // `firstload` compares the request's start with this mark).
        crate::ui::app::mark("meshboard-dashboard-file-wanted");
        let text = api::dashboards::fetch_text(&entry.file)
            .await
            .map_err(|e| format!("Dashboard \"{uid}\" could not be loaded: {e}"))?;
        let dashboard = Dashboard::parse(&text).map_err(|e| {
            format!(
                "Dashboard \"{uid}\" (dashboards/{}) is not a dashboard: {e}",
                entry.file
            )
        })?;
        crate::ui::app::mark("meshboard-dashboard-parsed");
        first_queries::send(&dashboard).await;
        return Ok((dashboard, Source::BuiltIn));
    }
    // A new dashboard from Explore lives only as a draft until its first save (issue 18).
    if let Some(draft) = store::with_store(|s| s.draft(uid))
        .ok()
        .flatten()
        .filter(|d| d.base_version.is_none())
    {
        let dashboard = crate::core::authoring::explore::unsaved_base(&draft.json)
            .map_err(|e| format!("The unsaved dashboard \"{uid}\" cannot be read: {e}"))?;
        return Ok((dashboard, Source::Imported));
    }
    Err(match index {
        Ok(_) => format!("There is no dashboard with uid \"{uid}\": it is neither built in (dashboards/index.json) nor imported in this browser."),
        Err(e) => format!("Dashboard \"{uid}\" is not imported in this browser, and the built-in list failed: {e}"),
    })
}
