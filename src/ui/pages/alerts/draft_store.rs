//! The silence being written, kept in `sessionStorage` so that nothing typed is lost: not on an
//! error from Alertmanager, not on a reload, not on a visit to another page and back.

use crate::core::alertmanager::SilenceDraft;

const KEY: &str = "meshboard.alertmanager.silence-draft";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The stored draft, if one is being written.
pub fn load() -> Option<SilenceDraft> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Keeps `draft`; storage refused (a privacy mode) only loses it on reload.
pub fn save(draft: &SilenceDraft) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = storage.set_item(KEY, &text);
    }
}

/// Forgets the draft once Alertmanager accepted it, or the user discarded it.
pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
