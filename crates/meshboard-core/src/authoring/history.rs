//! Undo and redo over the editor's changes: a bounded list of earlier states (the oldest are
//! dropped past the limit), a redo list that a new change clears, and typing into one field
//! kept as one step ([`super::Edit::coalesce_key`]) while the keystrokes follow each other
//! within [`COALESCE_WINDOW_MS`]. [`EditSession`] ties it to the dashboard being edited.

use std::collections::VecDeque;

use super::edit::{apply, Edit, EditError};
use crate::dashboard::Dashboard;

/// How many steps can be undone.
pub const DEFAULT_HISTORY_LIMIT: usize = 100;
/// Fewest steps kept, however large the dashboard.
pub const MIN_HISTORY_LIMIT: usize = 10;
/// Memory the undo steps of one session may take, estimated from the dashboard's JSON size:
/// each step keeps a whole dashboard (parsed JSON, kept for export, plus the model), which
/// takes several times its text. A 40 KB dashboard keeps 100 steps, Node Exporter Full
/// (470 KB) a few dozen.
pub const HISTORY_BUDGET_BYTES: usize = 96 * 1024 * 1024;
/// Estimated bytes in memory per byte of dashboard JSON (serde_json values and the model).
const MEMORY_PER_JSON_BYTE: usize = 8;
/// Keystrokes into one field closer than this are one undo step.
pub const COALESCE_WINDOW_MS: u64 = 1_500;

/// The last step recorded: its coalescing key and when, so the next keystroke can join it.
#[derive(Debug, Clone, PartialEq)]
struct LastStep {
    key: String,
    at_ms: u64,
}

/// Earlier and undone states of some value `T`.
#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: VecDeque<T>,
    future: Vec<T>,
    limit: usize,
    last: Option<LastStep>,
}

impl<T> History<T> {
    pub fn new(limit: usize) -> History<T> {
        History {
            past: VecDeque::new(),
            future: Vec::new(),
            limit: limit.max(1),
            last: None,
        }
    }

    /// Records `before`, the state a change replaced. With the same `key` as the step just
    /// recorded, within the window, the change joins that step (its `before` is kept).
    /// Clears what could be redone.
    pub fn record(&mut self, before: T, key: Option<&str>, now_ms: u64) {
        self.future.clear();
        let joins = match (&self.last, key) {
            (Some(last), Some(key)) => {
                last.key == key && now_ms.saturating_sub(last.at_ms) <= COALESCE_WINDOW_MS
            }
            _ => false,
        };
        self.last = key.map(|key| LastStep {
            key: key.to_string(),
            at_ms: now_ms,
        });
        if joins && !self.past.is_empty() {
            return;
        }
        self.past.push_back(before);
        while self.past.len() > self.limit {
            self.past.pop_front();
        }
    }

    /// Puts the state before the last change into `current` (which is kept for redo);
    /// false when there is nothing to undo.
    pub fn undo(&mut self, current: &mut T) -> bool {
        let Some(before) = self.past.pop_back() else {
            return false;
        };
        self.future.push(std::mem::replace(current, before));
        self.last = None;
        true
    }

    /// Puts back into `current` the state the last undo left; false when there is none.
    pub fn redo(&mut self, current: &mut T) -> bool {
        let Some(after) = self.future.pop() else {
            return false;
        };
        self.past.push_back(std::mem::replace(current, after));
        self.last = None;
        true
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    pub fn undo_steps(&self) -> usize {
        self.past.len()
    }

    /// Ends the current typing step, so the next keystroke starts a new one (a field lost focus).
    pub fn break_coalescing(&mut self) {
        self.last = None;
    }
}

/// Undo steps for `dashboard`: [`DEFAULT_HISTORY_LIMIT`], fewer for a dashboard so large that
/// they would pass [`HISTORY_BUDGET_BYTES`], never fewer than [`MIN_HISTORY_LIMIT`].
pub fn history_limit(dashboard: &Dashboard) -> usize {
    let json_bytes = serde_json::to_string(&crate::dashboard::export_dashboard(dashboard))
        .map_or(0, |text| text.len())
        .max(1);
    (HISTORY_BUDGET_BYTES / (json_bytes * MEMORY_PER_JSON_BYTE))
        .clamp(MIN_HISTORY_LIMIT, DEFAULT_HISTORY_LIMIT)
}

/// The dashboard being edited with its history, and the version it was loaded or saved as.
#[derive(Debug, Clone, PartialEq)]
pub struct EditSession {
    dashboard: Dashboard,
    history: History<Dashboard>,
    /// What the last save (or the load) wrote: unsaved changes are differences from it.
    saved: Dashboard,
    /// The stored version the edits are based on (`None`: never saved in this browser).
    pub base_version: Option<u64>,
}

impl EditSession {
    pub fn new(dashboard: Dashboard, base_version: Option<u64>) -> EditSession {
        let limit = history_limit(&dashboard);
        EditSession {
            saved: dashboard.clone(),
            dashboard,
            history: History::new(limit),
            base_version,
        }
    }

    /// How many steps this session can undo.
    pub fn history_limit(&self) -> usize {
        self.history.limit
    }

    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    /// Applies `edit`; a change that changes nothing is not a step. Returns whether the
    /// dashboard changed.
    pub fn apply(&mut self, edit: &Edit, now_ms: u64) -> Result<bool, EditError> {
        let next = apply(&self.dashboard, edit)?;
        if next == self.dashboard {
            return Ok(false);
        }
        let before = std::mem::replace(&mut self.dashboard, next);
        self.history
            .record(before, edit.coalesce_key().as_deref(), now_ms);
        Ok(true)
    }

    /// Undoes the last step; false when there is none.
    pub fn undo(&mut self) -> bool {
        self.history.undo(&mut self.dashboard)
    }

    pub fn redo(&mut self) -> bool {
        self.history.redo(&mut self.dashboard)
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    pub fn break_coalescing(&mut self) {
        self.history.break_coalescing();
    }

    /// Whether there are changes the last save does not have (undoing back to it: none).
    pub fn has_unsaved_changes(&self) -> bool {
        self.dashboard != self.saved
    }

    /// After a successful save as `version`: the current dashboard is the saved one. The
    /// history stays, so a save can be undone too (the undo is then an unsaved change).
    pub fn mark_saved(&mut self, version: u64) {
        self.saved = self.dashboard.clone();
        self.base_version = Some(version);
    }

    /// Replaces the dashboard with one loaded from storage (a reload after a conflict, a
    /// restored version): a new start, no history.
    pub fn reset(&mut self, dashboard: Dashboard, base_version: Option<u64>) {
        *self = EditSession::new(dashboard, base_version);
    }

    /// Starts from a kept draft: `saved` stays what storage has, so the draft's changes show
    /// as unsaved.
    pub fn restore_draft(&mut self, draft: Dashboard) {
        let before = std::mem::replace(&mut self.dashboard, draft);
        self.history.record(before, None, 0);
    }
}
