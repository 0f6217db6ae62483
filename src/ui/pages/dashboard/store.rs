//! Imported dashboards, kept in the browser: localStorage when the browser allows it, and an
//! in-memory copy always, because storage can be blocked (third-party iframes, privacy modes)
//! and `window.localStorage` then throws. Every access is guarded; nothing here ever panics.
//! Only dashboard JSON is stored: never credentials.

use crate::core::dashboard_index::DashboardEntry;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

const STORAGE_KEY: &str = "meshboard.imported-dashboards.v1";

/// One imported dashboard as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDashboard {
    pub uid: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The Grafana JSON text as imported.
    pub json: String,
}

thread_local! {
    // `None` until first read; then the session's view of the imported dashboards.
    static MEMORY: RefCell<Option<Vec<StoredDashboard>>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    // `localStorage` is a getter that throws a SecurityError when storage is blocked.
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether imports survive a reload here (false when the browser blocks storage).
pub fn is_persistent() -> bool {
    storage().is_some_and(|s| s.get_item(STORAGE_KEY).is_ok())
}

fn read_storage() -> Vec<StoredDashboard> {
    let Some(text) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else {
        return Vec::new();
    };
    // A corrupted entry is ignored rather than breaking the dashboard list.
    serde_json::from_str(&text).unwrap_or_default()
}

/// Every imported dashboard, in import order.
pub fn list() -> Vec<StoredDashboard> {
    MEMORY.with(|memory| memory.borrow_mut().get_or_insert_with(read_storage).clone())
}

/// Index entries for the dashboard list (`file` is empty: they are not files).
pub fn entries() -> Vec<DashboardEntry> {
    list()
        .into_iter()
        .map(|d| DashboardEntry {
            uid: d.uid,
            title: d.title,
            tags: d.tags,
            file: String::new(),
        })
        .collect()
}

pub fn get(uid: &str) -> Option<StoredDashboard> {
    list().into_iter().find(|d| d.uid == uid)
}

/// Adds or replaces a dashboard. `Ok(true)` when it was also written to localStorage,
/// `Ok(false)` when it lives only in this session; `Err` explains a failed write (quota).
pub fn save(dashboard: StoredDashboard) -> Result<bool, String> {
    let mut all = list();
    all.retain(|d| d.uid != dashboard.uid);
    all.push(dashboard);
    write(all)
}

pub fn remove(uid: &str) -> Result<bool, String> {
    let mut all = list();
    all.retain(|d| d.uid != uid);
    write(all)
}

fn write(all: Vec<StoredDashboard>) -> Result<bool, String> {
    let text = serde_json::to_string(&all).map_err(|e| e.to_string())?;
    MEMORY.with(|memory| *memory.borrow_mut() = Some(all));
    match storage() {
        None => Ok(false),
        Some(storage) => match storage.set_item(STORAGE_KEY, &text) {
            Ok(()) => Ok(true),
            Err(_) => Err("the browser refused to store it (storage full or blocked); it is kept for this session only".to_string()),
        },
    }
}
