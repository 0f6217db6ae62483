//! Dashboards kept in the browser: core's versioned [`DashboardStore`] over `localStorage`
//! ([`BrowserStorage`]), or over memory when the browser blocks storage (third-party iframes,
//! privacy modes: `window.localStorage` then throws), which the pages say. Imports and saved
//! edits live here; the old list of imports is moved in once at start
//! ([`DashboardStore::migrate_legacy_imports`]) so nothing a user imported is lost. Every
//! access is guarded; nothing here ever panics. Only dashboard JSON is stored: never
//! credentials.

use crate::core::authoring::{
    DashboardStore, MemoryStorage, SaveError, SaveRequest, Saved, Storage, StorageError,
    StoredVersion,
};
use crate::core::dashboard_index::DashboardEntry;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// `localStorage`, with the browser's refusals as core's [`StorageError`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserStorage;

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    // `localStorage` is a getter that throws a SecurityError when storage is blocked.
    web_sys::window()
        .ok_or(StorageError::Blocked)?
        .local_storage()
        .map_err(|_| StorageError::Blocked)?
        .ok_or(StorageError::Blocked)
}

/// A `QuotaExceededError` DOMException is a full storage; anything else (SecurityError,
/// InvalidStateError) means storage cannot be used here.
fn storage_error(error: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") | Some("NS_ERROR_DOM_QUOTA_REACHED") => {
            StorageError::QuotaExceeded
        }
        _ => StorageError::Blocked,
    }
}

impl Storage for BrowserStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        local_storage()?.get_item(key).map_err(storage_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        local_storage()?.set_item(key, value).map_err(storage_error)
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        local_storage()?.remove_item(key).map_err(storage_error)
    }
}

/// `localStorage` when it can be read, else this session's memory.
#[derive(Debug, Clone)]
pub enum AppStorage {
    Browser(BrowserStorage),
    Session(MemoryStorage),
}

impl Storage for AppStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self {
            AppStorage::Browser(s) => s.get(key),
            AppStorage::Session(s) => s.get(key),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        match self {
            AppStorage::Browser(s) => s.set(key, value),
            AppStorage::Session(s) => s.set(key, value),
        }
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        match self {
            AppStorage::Browser(s) => s.remove(key),
            AppStorage::Session(s) => s.remove(key),
        }
    }
}

thread_local! {
    static STORE: RefCell<Option<DashboardStore<AppStorage>>> = const { RefCell::new(None) };
}

/// Now, as epoch milliseconds (core takes time as a number).
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

fn open() -> DashboardStore<AppStorage> {
    let storage = match BrowserStorage.get("meshboard/probe") {
        Ok(_) => AppStorage::Browser(BrowserStorage),
        Err(_) => AppStorage::Session(MemoryStorage::new()),
    };
    let mut store = DashboardStore::new(storage);
    // A failed move leaves the old list in place; the next start tries again.
    if let Err(e) = store.migrate_legacy_imports(now_ms()) {
        web_sys::console::warn_1(&format!("Imported dashboards not moved yet: {e}").into());
    }
    store
}

/// Runs `f` on the app's store (opened, and the old imports moved, on first use).
pub fn with_store<T>(f: impl FnOnce(&mut DashboardStore<AppStorage>) -> T) -> T {
    STORE.with(|cell| f(cell.borrow_mut().get_or_insert_with(open)))
}

/// Whether saved dashboards survive a reload here (false when the browser blocks storage).
pub fn is_persistent() -> bool {
    with_store(|s| matches!(s.storage(), AppStorage::Browser(_)))
}

/// The locally saved dashboards that are not built-in copies, for the lists.
pub fn entries() -> Vec<DashboardEntry> {
    with_store(|s| s.list())
        .unwrap_or_default()
        .into_iter()
        .filter(|e| !e.builtin_override)
        .map(|e| DashboardEntry {
            uid: e.uid,
            title: e.title,
            tags: e.tags,
            file: String::new(),
        })
        .collect()
}

/// The current saved version of `uid` (an import, a new dashboard, or a built-in's copy).
pub fn get(uid: &str) -> Option<StoredVersion> {
    with_store(|s| s.load(uid)).ok().flatten()
}

/// Keeps an imported dashboard as a new version (after any saved before under its uid).
pub fn save_import(uid: &str, json: &str) -> Result<Saved, SaveError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|_| SaveError::NotADashboard)?;
    let based_on = get(uid).map(|s| s.version);
    let request = SaveRequest {
        uid,
        dashboard: &value,
        based_on,
        builtin: false,
        message: "Imported",
    };
    with_store(|s| s.save(&request, now_ms()))
}

/// Removes a locally kept dashboard with its history and draft.
pub fn remove(uid: &str) -> Result<(), SaveError> {
    with_store(|s| s.remove_local(uid))
}
