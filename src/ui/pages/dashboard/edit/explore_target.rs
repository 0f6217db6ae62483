//! Explore's "Add to dashboard", the store side, as Grafana does it: the query (core's
//! [`ExploreQuery`]) goes as a new panel on a chosen dashboard (over its unsaved draft if it
//! has one) or on a new one, kept as that dashboard's draft, not saved; the dashboard then
//! opens in edit mode with the panel as an unsaved change the user saves (a built-in one
//! then keeps a local copy, as any save does). A reload offers the draft back. Called from
//! the explore pages' dialog (their own chunks).

use super::super::load::{load_dashboard, Source};
use super::super::store::{self, now_ms, with_store};
use crate::core::authoring::{export_json, unique_uid, Draft, ExploreQuery};
use crate::core::dashboard::Dashboard;
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
    /// The dashboard to open in edit mode, its draft restored, when its page starts next.
    static OPEN_EDITING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Whether `uid` was just given a panel from Explore (asked once: the page starts editing
/// with the draft restored).
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

/// Adds `query` to `target` as its draft; returns the dashboard's uid. `taken_uids`: the
/// built-in uids, so a new dashboard never hides one.
pub async fn add_to_dashboard(
    query: &ExploreQuery,
    target: &ExploreTarget,
    taken_uids: &[String],
) -> Result<String, String> {
    let (uid, dashboard, base_version) = match target {
        ExploreTarget::Existing(uid) => {
            let (current, _source): (Dashboard, Source) = load_dashboard(uid).await?;
            let saved = store::get(uid).map(|s| s.version);
            // Unsaved edits already kept for it stay: the panel goes on top of them.
            let draft = with_store(|s| s.draft(uid)).ok().flatten();
            let (base, base_version) = match draft.and_then(|d| {
                let parsed = Dashboard::parse(&d.json).ok()?;
                Some((parsed, d.base_version))
            }) {
                Some(kept) => kept,
                None => (current, saved),
            };
            let next = query.add_to(&base).map_err(|e| e.to_string())?;
            (uid.clone(), next, base_version)
        }
        ExploreTarget::New(title) => {
            let title = match title.trim() {
                "" => "New dashboard",
                t => t,
            };
            let uid = free_uid(title, taken_uids);
            let made = query
                .new_dashboard(&uid, title)
                .map_err(|e| e.to_string())?;
            (uid, made, None)
        }
    };
    let draft = Draft {
        uid: uid.clone(),
        base_version,
        json: export_json(&dashboard).text,
        updated_at_ms: now_ms(),
    };
    with_store(|s| s.write_draft(&draft))
        .map_err(|e| format!("The panel could not be kept for the dashboard: {e}"))?;
    OPEN_EDITING.with(|cell| *cell.borrow_mut() = Some(uid.clone()));
    Ok(uid)
}

/// A uid for a new dashboard `title`: not built in, not saved, not another unsaved draft.
fn free_uid(title: &str, builtin: &[String]) -> String {
    let mut taken = builtin.to_vec();
    taken.extend(store::entries().into_iter().map(|e| e.uid));
    loop {
        let uid = unique_uid(title, &taken);
        let drafted = with_store(|s| s.draft(&uid)).ok().flatten().is_some();
        if !drafted {
            return uid;
        }
        taken.push(uid);
    }
}
