//! Explore's "Add to dashboard", the store side: the query (core's [`ExploreQuery`]) put as a
//! new panel on a chosen dashboard (a built-in one keeps a local copy, as a save in the editor
//! does) or on a new one, saved as a new version through the authoring store; the dashboard
//! then opens in edit mode. Called from the explore pages' dialog (their own chunks).

use super::super::load::{load_dashboard, Source};
use super::super::store::{self, now_ms, with_store};
use crate::core::authoring::{unique_uid, ExploreQuery, SaveRequest};
use crate::core::dashboard::export_dashboard;
use std::cell::RefCell;

/// Where the panel goes.
#[derive(Debug, Clone, PartialEq)]
pub enum ExploreTarget {
    /// A dashboard by uid (built in or kept in this browser).
    Existing(String),
    /// A new dashboard with this title.
    New(String),
}

thread_local! {
    /// The dashboard to open in edit mode when its page starts next.
    static OPEN_EDITING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether `uid` was just given a panel from Explore (asked once: the page starts editing).
pub fn take_open_editing(uid: &str) -> bool {
    OPEN_EDITING.with(|cell| {
        let mut cell = cell.borrow_mut();
        let matches = cell.as_deref() == Some(uid);
        if matches {
            *cell = None;
        }
        matches
    })
}

/// Adds `query` to `target` and saves it; returns the dashboard's uid. `taken_uids`: the
/// built-in uids, so a new dashboard never hides one.
pub async fn add_to_dashboard(
    query: &ExploreQuery,
    target: &ExploreTarget,
    taken_uids: &[String],
) -> Result<String, String> {
    let (uid, dashboard, builtin) = match target {
        ExploreTarget::Existing(uid) => {
            let (current, source) = load_dashboard(uid).await?;
            let next = query.add_to(&current).map_err(|e| e.to_string())?;
            (uid.clone(), next, source == Source::BuiltIn)
        }
        ExploreTarget::New(title) => {
            let title = title.trim();
            let title = if title.is_empty() {
                "New dashboard"
            } else {
                title
            };
            let mut taken = taken_uids.to_vec();
            taken.extend(store::entries().into_iter().map(|e| e.uid));
            let uid = unique_uid(title, &taken);
            let made = query
                .new_dashboard(&uid, title)
                .map_err(|e| e.to_string())?;
            (uid, made, false)
        }
    };
    let value = export_dashboard(&dashboard);
    let request = SaveRequest {
        uid: &uid,
        dashboard: &value,
        based_on: store::get(&uid).map(|s| s.version),
        builtin,
        message: "Added a panel from Explore",
    };
    with_store(|s| s.save(&request, now_ms()))
        .map_err(|e| format!("The dashboard could not be saved: {e}"))?;
    OPEN_EDITING.with(|cell| *cell.borrow_mut() = Some(uid.clone()));
    Ok(uid)
}
