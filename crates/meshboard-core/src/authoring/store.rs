//! Saved dashboards in the browser, versioned, and as safe as a server's save:
//!
//! - each save writes the dashboard under a new key (`…/<uid>/v<N>`) first and only then
//!   switches the pointer (`…/<uid>/head`: the current version and the short history), so a
//!   write that fails (storage full or blocked) never replaces the last good version;
//! - the last [`DEFAULT_KEEP`] earlier versions are kept, to view as a diff and restore; when
//!   storage is full the oldest of them are given up, one at a time, to make room (never the
//!   current one) and the result says how many;
//! - a save carries the version it was based on: when another tab saved since, the save is
//!   refused with both sides ([`Conflict`]) and the user chooses (overwrite, save as a copy,
//!   reload), so neither side is dropped silently;
//! - "save as" writes a copy under a new uid and title;
//! - a saved built-in dashboard is a local copy flagged as overriding the shipped file, and
//!   [`DashboardStore::remove_local`] is the way back to the shipped one.
//!
//! Time comes in as epoch milliseconds; nothing here reads a clock.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::storage::{Storage, StorageError};
use crate::dashboard::slugify;

/// Earlier versions kept besides the current one.
pub const DEFAULT_KEEP: usize = 10;

const PREFIX: &str = "meshboard/dashboards/v2";

fn index_key() -> String {
    format!("{PREFIX}/index")
}

fn head_key(uid: &str) -> String {
    format!("{PREFIX}/{uid}/head")
}

fn version_key(uid: &str, version: u64) -> String {
    format!("{PREFIX}/{uid}/v{version}")
}

/// One version in the history list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionMeta {
    pub version: u64,
    pub saved_at_ms: u64,
    pub title: String,
    /// What the user wrote when saving (may be empty).
    #[serde(default)]
    pub message: String,
}

/// The pointer: the current version and the versions kept (oldest first, current last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Head {
    version: u64,
    #[serde(default)]
    builtin_override: bool,
    versions: Vec<VersionMeta>,
}

/// An entry of the list of locally saved dashboards (the dashboard list shows these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    pub uid: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A local copy of a built-in dashboard, shown instead of the shipped file.
    #[serde(default)]
    pub builtin_override: bool,
}

/// A stored version: its JSON text and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub uid: String,
    pub version: u64,
    pub saved_at_ms: u64,
    /// The dashboard JSON (Grafana's format, `version` set to this version).
    pub json: String,
    pub builtin_override: bool,
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Storage refused; the last good version is unchanged.
    Storage(StorageError),
    /// Another tab saved since this one loaded: choose with [`DashboardStore::resolve`].
    Conflict(Box<Conflict>),
    /// What is stored could not be read (a damaged entry); nothing was written.
    Corrupt(String),
    /// The dashboard given is not a JSON object.
    NotADashboard,
}

impl std::fmt::Display for SaveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SaveError::Storage(e) => write!(f, "not saved: {e}"),
            SaveError::Conflict(c) => write!(
                f,
                "not saved: this dashboard was saved elsewhere (version {}) after you opened \
                 version {}; overwrite it, save yours as a copy, or reload theirs",
                c.theirs.version,
                c.ours_based_on
                    .map_or("none".to_string(), |v| v.to_string())
            ),
            SaveError::Corrupt(why) => write!(f, "not saved: the stored copy is damaged ({why})"),
            SaveError::NotADashboard => write!(f, "not saved: the dashboard is not a JSON object"),
        }
    }
}

impl std::error::Error for SaveError {}

impl From<StorageError> for SaveError {
    fn from(e: StorageError) -> SaveError {
        SaveError::Storage(e)
    }
}

/// Both sides of a two-tab conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub uid: String,
    /// The dashboard this tab tried to save.
    pub ours: Value,
    pub ours_based_on: Option<u64>,
    /// What is stored now.
    pub theirs: StoredVersion,
}

/// What the user chose for a [`Conflict`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Save ours as the next version (theirs stays in the history).
    Overwrite,
    /// Save ours under a new uid with this title; theirs stays current.
    SaveAsCopy { title: String },
    /// Drop ours and load theirs.
    Reload,
}

/// A successful save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub uid: String,
    pub version: u64,
    /// The JSON written (with `uid` and `version`), to continue editing from.
    pub json: String,
    /// Earlier versions given up to make room in a full storage.
    pub history_dropped: usize,
}

/// How a conflict ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Saved(Saved),
    Reloaded(StoredVersion),
}

/// A save to make.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveRequest<'a> {
    pub uid: &'a str,
    /// The dashboard as exported (Grafana JSON object).
    pub dashboard: &'a Value,
    /// The stored version this edit started from (`None`: not saved in this browser before).
    pub based_on: Option<u64>,
    /// The uid is a built-in dashboard's: the save becomes a local copy overriding it.
    pub builtin: bool,
    pub message: &'a str,
}

/// The versioned dashboard store over some [`Storage`].
#[derive(Debug, Clone)]
pub struct DashboardStore<S> {
    pub(crate) storage: S,
    keep: usize,
}

impl<S: Storage> DashboardStore<S> {
    pub fn new(storage: S) -> DashboardStore<S> {
        DashboardStore {
            storage,
            keep: DEFAULT_KEEP,
        }
    }

    /// Keeps `keep` earlier versions instead of [`DEFAULT_KEEP`].
    pub fn with_keep(storage: S, keep: usize) -> DashboardStore<S> {
        DashboardStore { storage, keep }
    }

    pub fn storage(&self) -> &S {
        &self.storage
    }

    /// The locally saved dashboards (built-in overrides flagged).
    pub fn list(&self) -> Result<Vec<IndexEntry>, StorageError> {
        Ok(self
            .storage
            .get(&index_key())?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    fn head(&self, uid: &str) -> Result<Option<Head>, SaveError> {
        match self.storage.get(&head_key(uid))? {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| SaveError::Corrupt(format!("version list of `{uid}`: {e}"))),
        }
    }

    /// The current saved version of `uid` (`None`: not saved here; a built-in one is then
    /// the shipped file).
    pub fn load(&self, uid: &str) -> Result<Option<StoredVersion>, SaveError> {
        let Some(head) = self.head(uid)? else {
            return Ok(None);
        };
        self.read_version(uid, &head, head.version)
    }

    /// The versions kept, newest first (the current one first).
    pub fn versions(&self, uid: &str) -> Result<Vec<VersionMeta>, SaveError> {
        Ok(self
            .head(uid)?
            .map(|h| h.versions.into_iter().rev().collect())
            .unwrap_or_default())
    }

    /// One kept version.
    pub fn load_version(
        &self,
        uid: &str,
        version: u64,
    ) -> Result<Option<StoredVersion>, SaveError> {
        let Some(head) = self.head(uid)? else {
            return Ok(None);
        };
        if !head.versions.iter().any(|v| v.version == version) {
            return Ok(None);
        }
        self.read_version(uid, &head, version)
    }

    fn read_version(
        &self,
        uid: &str,
        head: &Head,
        version: u64,
    ) -> Result<Option<StoredVersion>, SaveError> {
        let Some(json) = self.storage.get(&version_key(uid, version))? else {
            return Err(SaveError::Corrupt(format!(
                "version {version} of `{uid}` is missing"
            )));
        };
        let saved_at_ms = head
            .versions
            .iter()
            .find(|v| v.version == version)
            .map_or(0, |v| v.saved_at_ms);
        Ok(Some(StoredVersion {
            uid: uid.to_string(),
            version,
            saved_at_ms,
            json,
            builtin_override: head.builtin_override,
        }))
    }

    /// Saves a new version of `request.uid`, or says why not (nothing half-written stays).
    pub fn save(&mut self, request: &SaveRequest, now_ms: u64) -> Result<Saved, SaveError> {
        if !request.dashboard.is_object() {
            return Err(SaveError::NotADashboard);
        }
        let uid = request.uid;
        let head = self.head(uid)?;
        if let Some(head) = &head {
            if Some(head.version) != request.based_on {
                let theirs = self
                    .read_version(uid, head, head.version)?
                    .ok_or_else(|| SaveError::Corrupt("current version missing".into()))?;
                return Err(SaveError::Conflict(Box::new(Conflict {
                    uid: uid.to_string(),
                    ours: request.dashboard.clone(),
                    ours_based_on: request.based_on,
                    theirs,
                })));
            }
        }
        // Never reuse a number another tab may still hold as its base.
        let version = head
            .as_ref()
            .map_or(0, |h| h.version)
            .max(request.based_on.unwrap_or(0))
            + 1;
        let mut dashboard = request.dashboard.clone();
        dashboard["uid"] = json!(uid);
        dashboard["version"] = json!(version);
        let text =
            serde_json::to_string(&dashboard).map_err(|e| SaveError::Corrupt(e.to_string()))?;
        let title = dashboard
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let tags = crate::dashboard::json_strings(dashboard.get("tags"));
        let builtin_override = request.builtin || head.as_ref().is_some_and(|h| h.builtin_override);

        // 1. The new version under its own key, making room from the oldest history if full.
        let mut head_now = head.clone();
        let mut history_dropped = 0;
        loop {
            match self.storage.set(&version_key(uid, version), &text) {
                Ok(()) => break,
                Err(StorageError::QuotaExceeded) if self.drop_oldest(uid, &mut head_now)? => {
                    history_dropped += 1;
                }
                Err(e) => {
                    let _ = self.storage.remove(&version_key(uid, version));
                    return Err(SaveError::Storage(e));
                }
            }
        }
        // 2. The list of dashboards (title, tags); undone if the pointer cannot follow.
        let old_index = self.storage.get(&index_key()).ok().flatten();
        let entry = IndexEntry {
            uid: uid.to_string(),
            title: title.clone(),
            tags,
            builtin_override,
        };
        if let Err(e) = self.upsert_index(entry) {
            let _ = self.storage.remove(&version_key(uid, version));
            return Err(SaveError::Storage(e));
        }
        // 3. The pointer: from here on the new version is the saved one.
        let (new_head, dropped) = loop {
            let mut versions = head_now
                .as_ref()
                .map(|h| h.versions.clone())
                .unwrap_or_default();
            versions.push(VersionMeta {
                version,
                saved_at_ms: now_ms,
                title: title.clone(),
                message: request.message.to_string(),
            });
            let excess = versions.len().saturating_sub(self.keep + 1);
            let dropped: Vec<VersionMeta> = versions.drain(..excess).collect();
            let new_head = Head {
                version,
                builtin_override,
                versions,
            };
            match self.write_head(uid, &new_head) {
                Ok(()) => break (new_head, dropped),
                Err(SaveError::Storage(StorageError::QuotaExceeded))
                    if self.drop_oldest(uid, &mut head_now)? =>
                {
                    history_dropped += 1;
                }
                Err(e) => {
                    let _ = self.storage.remove(&version_key(uid, version));
                    match old_index {
                        Some(text) => {
                            let _ = self.storage.set(&index_key(), &text);
                        }
                        None => {
                            let _ = self.storage.remove(&index_key());
                        }
                    }
                    return Err(e);
                }
            }
        };
        debug_assert_eq!(new_head.version, version);
        // 4. Tidying: versions past the limit, and the draft this save supersedes.
        for old in dropped {
            let _ = self.storage.remove(&version_key(uid, old.version));
        }
        let _ = self.clear_draft(uid);
        Ok(Saved {
            uid: uid.to_string(),
            version,
            json: text,
            history_dropped,
        })
    }

    /// Makes room in a full storage: the oldest earlier version leaves the pointer (a smaller
    /// write), then its key is removed. Never the current version; false when there is no
    /// earlier one left.
    fn drop_oldest(&mut self, uid: &str, head: &mut Option<Head>) -> Result<bool, SaveError> {
        let Some(h) = head.as_mut().filter(|h| h.versions.len() > 1) else {
            return Ok(false);
        };
        let oldest = h.versions.remove(0);
        self.write_head(uid, h)?;
        let _ = self.storage.remove(&version_key(uid, oldest.version));
        Ok(true)
    }

    fn write_head(&mut self, uid: &str, head: &Head) -> Result<(), SaveError> {
        let text = serde_json::to_string(head).map_err(|e| SaveError::Corrupt(e.to_string()))?;
        self.storage.set(&head_key(uid), &text)?;
        Ok(())
    }

    fn upsert_index(&mut self, entry: IndexEntry) -> Result<(), StorageError> {
        let mut list = self.list()?;
        match list.iter_mut().find(|e| e.uid == entry.uid) {
            Some(existing) => *existing = entry,
            None => list.push(entry),
        }
        let text = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
        self.storage.set(&index_key(), &text)
    }

    /// Saves `dashboard` as a new dashboard titled `title`, under a uid made from the title
    /// that neither a saved nor a built-in dashboard (`builtin_uids`) has.
    pub fn save_as(
        &mut self,
        dashboard: &Value,
        title: &str,
        builtin_uids: &[String],
        now_ms: u64,
    ) -> Result<Saved, SaveError> {
        if !dashboard.is_object() {
            return Err(SaveError::NotADashboard);
        }
        let mut taken: Vec<String> = self.list()?.into_iter().map(|e| e.uid).collect();
        taken.extend(builtin_uids.iter().cloned());
        let uid = unique_uid(title, &taken);
        let mut copy = dashboard.clone();
        copy["title"] = json!(title);
        if let Some(map) = copy.as_object_mut() {
            // Grafana's "Save as" drops the database id; the copy starts its own versions.
            map.remove("id");
            map.remove("version");
        }
        self.save(
            &SaveRequest {
                uid: &uid,
                dashboard: &copy,
                based_on: None,
                builtin: false,
                message: "",
            },
            now_ms,
        )
    }

    /// Restores a kept version as a new version (the history keeps every step).
    pub fn restore(
        &mut self,
        uid: &str,
        version: u64,
        based_on: Option<u64>,
        now_ms: u64,
    ) -> Result<Saved, SaveError> {
        let old = self.load_version(uid, version)?.ok_or_else(|| {
            SaveError::Corrupt(format!("version {version} of `{uid}` is not kept"))
        })?;
        let dashboard: Value =
            serde_json::from_str(&old.json).map_err(|e| SaveError::Corrupt(e.to_string()))?;
        let message = format!("Restored from version {version}");
        self.save(
            &SaveRequest {
                uid,
                dashboard: &dashboard,
                based_on,
                builtin: old.builtin_override,
                message: &message,
            },
            now_ms,
        )
    }

    /// Acts on the user's choice for a conflict.
    pub fn resolve(
        &mut self,
        conflict: &Conflict,
        choice: &ConflictChoice,
        builtin_uids: &[String],
        now_ms: u64,
    ) -> Result<Resolution, SaveError> {
        match choice {
            ConflictChoice::Overwrite => self
                .save(
                    &SaveRequest {
                        uid: &conflict.uid,
                        dashboard: &conflict.ours,
                        based_on: Some(conflict.theirs.version),
                        builtin: conflict.theirs.builtin_override,
                        message: "",
                    },
                    now_ms,
                )
                .map(Resolution::Saved),
            ConflictChoice::SaveAsCopy { title } => self
                .save_as(&conflict.ours, title, builtin_uids, now_ms)
                .map(Resolution::Saved),
            ConflictChoice::Reload => Ok(Resolution::Reloaded(
                self.load(&conflict.uid)?
                    .unwrap_or_else(|| conflict.theirs.clone()),
            )),
        }
    }

    /// Removes the local copy of `uid` with its history and draft: a built-in dashboard is
    /// the shipped file again ("revert to shipped"); an imported or new one is deleted. The
    /// pointer goes first, so a failure part-way leaves no half dashboard behind.
    pub fn remove_local(&mut self, uid: &str) -> Result<(), SaveError> {
        let head = self.head(uid).ok().flatten();
        self.storage.remove(&head_key(uid))?;
        if let Some(head) = head {
            for v in head.versions {
                let _ = self.storage.remove(&version_key(uid, v.version));
            }
        }
        let mut list = self.list()?;
        list.retain(|e| e.uid != uid);
        let text = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
        self.storage.set(&index_key(), &text)?;
        let _ = self.clear_draft(uid);
        Ok(())
    }
}

/// The key under which the app kept imported dashboards before versioned saves: a list of
/// `{uid, title, tags, json}` (src/ui/pages/dashboard/store.rs).
pub const LEGACY_IMPORTS_KEY: &str = "meshboard.imported-dashboards.v1";

impl<S: Storage> DashboardStore<S> {
    /// Moves the dashboards kept under [`LEGACY_IMPORTS_KEY`] into the store, each as its
    /// version 1 (one already in the store is left as it is), then removes the old list. If
    /// any save fails, or an entry is not readable JSON, the old list stays, so nothing is
    /// lost (the next start tries again). Returns how many were moved.
    pub fn migrate_legacy_imports(&mut self, now_ms: u64) -> Result<usize, SaveError> {
        #[derive(Deserialize)]
        struct Legacy {
            uid: String,
            json: String,
        }
        let Some(text) = self.storage.get(LEGACY_IMPORTS_KEY)? else {
            return Ok(0);
        };
        let list: Vec<Legacy> = serde_json::from_str(&text)
            .map_err(|e| SaveError::Corrupt(format!("the old list of imported dashboards: {e}")))?;
        let mut moved = 0;
        let mut unreadable = 0;
        for legacy in list {
            if self.head(&legacy.uid)?.is_some() {
                continue;
            }
            let Ok(dashboard) = serde_json::from_str::<Value>(&legacy.json) else {
                unreadable += 1;
                continue;
            };
            let request = SaveRequest {
                uid: &legacy.uid,
                dashboard: &dashboard,
                based_on: None,
                builtin: false,
                message: "Imported",
            };
            self.save(&request, now_ms)?;
            moved += 1;
        }
        if unreadable == 0 {
            self.storage.remove(LEGACY_IMPORTS_KEY)?;
        }
        Ok(moved)
    }
}

/// A uid from `title` (its slug, `dashboard` without one) that is not in `taken`: the slug,
/// then `-copy`, `-copy-2` ...
pub fn unique_uid(title: &str, taken: &[String]) -> String {
    let slug = match slugify(title) {
        s if s.is_empty() => "dashboard".to_string(),
        // Grafana's uids are at most 40 characters.
        s => s
            .chars()
            .take(30)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string(),
    };
    if !taken.contains(&slug) {
        return slug;
    }
    let copy = format!("{slug}-copy");
    if !taken.contains(&copy) {
        return copy;
    }
    (2..)
        .map(|n| format!("{slug}-copy-{n}"))
        .find(|uid| !taken.contains(uid))
        .expect("some number is free")
}
