//! Unsaved edits that survive a reload, a crash or a closed tab: the dashboard being edited
//! is written as a draft (by uid, with the saved version it started from) as the user types,
//! offered back on the next visit when it differs from what is saved, and cleared by a save
//! (see [`DashboardStore::save`]) or a discard.

use serde::{Deserialize, Serialize};

use super::storage::{Storage, StorageError};
use super::store::{DashboardStore, StoredVersion};

/// Drafts are written at most this often while typing (the last change is always written
/// when the editor is left: [`DraftThrottle::due`] with `force`).
pub const DRAFT_INTERVAL_MS: u64 = 1_000;

fn draft_key(uid: &str) -> String {
    format!("meshboard/drafts/v1/{uid}")
}

/// An unsaved dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub uid: String,
    /// The saved version the edits started from (`None`: the shipped or imported file).
    pub base_version: Option<u64>,
    /// The dashboard JSON being edited.
    pub json: String,
    pub updated_at_ms: u64,
}

/// A draft to offer on load (`data-testid="draft-restore"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOffer {
    pub draft: Draft,
    /// The dashboard was saved again (elsewhere) after the draft's base: restoring it and
    /// saving will meet a conflict, which the save then offers to resolve.
    pub stale: bool,
}

impl<S: Storage> DashboardStore<S> {
    /// Keeps `draft` (replacing the previous one of its uid).
    pub fn write_draft(&mut self, draft: &Draft) -> Result<(), StorageError> {
        let text = serde_json::to_string(draft).unwrap_or_default();
        self.storage.set(&draft_key(&draft.uid), &text)
    }

    /// The draft of `uid`, if one is kept and readable.
    pub fn draft(&self, uid: &str) -> Result<Option<Draft>, StorageError> {
        Ok(self
            .storage
            .get(&draft_key(uid))?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Discards the draft of `uid`.
    pub fn clear_draft(&mut self, uid: &str) -> Result<(), StorageError> {
        self.storage.remove(&draft_key(uid))
    }

    /// The draft to offer when `uid` is opened, given what is saved (`None`: the shipped or
    /// imported file, whose JSON is `source_json`). A draft equal to what would load is not
    /// offered (and is cleared).
    pub fn draft_offer(
        &mut self,
        uid: &str,
        saved: Option<&StoredVersion>,
        source_json: &str,
    ) -> Result<Option<DraftOffer>, StorageError> {
        let Some(draft) = self.draft(uid)? else {
            return Ok(None);
        };
        let current = saved.map_or(source_json, |s| s.json.as_str());
        if same_json(&draft.json, current) {
            let _ = self.clear_draft(uid);
            return Ok(None);
        }
        let saved_version = saved.map(|s| s.version);
        let stale = match (draft.base_version, saved_version) {
            (Some(base), Some(now)) => now > base,
            (None, Some(_)) => true,
            _ => false,
        };
        Ok(Some(DraftOffer { draft, stale }))
    }
}

/// Equal as JSON values, ignoring `version`, which a save writes.
fn same_json(a: &str, b: &str) -> bool {
    let read = |text: &str| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .map(|mut v| {
                if let Some(map) = v.as_object_mut() {
                    map.remove("version");
                }
                v
            })
    };
    match (read(a), read(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// When to write the draft while typing: not more often than every `interval_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftThrottle {
    interval_ms: u64,
    last_write_ms: Option<u64>,
}

impl Default for DraftThrottle {
    fn default() -> DraftThrottle {
        DraftThrottle::new(DRAFT_INTERVAL_MS)
    }
}

impl DraftThrottle {
    pub fn new(interval_ms: u64) -> DraftThrottle {
        DraftThrottle {
            interval_ms,
            last_write_ms: None,
        }
    }

    /// Whether to write now (`force`: the page is being hidden or left). When it says yes
    /// the write is counted as done.
    pub fn due(&mut self, now_ms: u64, force: bool) -> bool {
        let due = force
            || self
                .last_write_ms
                .is_none_or(|last| now_ms.saturating_sub(last) >= self.interval_ms);
        if due {
            self.last_write_ms = Some(now_ms);
        }
        due
    }
}
