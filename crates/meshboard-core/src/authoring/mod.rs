//! Authoring: editing dashboards in the browser with nothing ever lost (issue 18), as pure
//! logic the editor UI drives. Plain data in and out, time passed in as epoch milliseconds,
//! no browser type:
//!
//! - [`edit`]: every change as an [`Edit`] command applied to the dashboard model
//!   ([`apply`]), placing, moving and resizing panels as Grafana's grid does (`grid`:
//!   react-grid-layout's moves and vertical compaction on the saved model);
//! - [`pointer`]: pointer pixels to grid units while dragging or resizing;
//! - [`gesture`]: one drag, resize or keyboard move previewed step by step and finished as
//!   one undoable edit;
//! - [`explore`]: Explore's query as a new panel ("Add to dashboard");
//! - [`history`]: undo and redo ([`EditSession`] holds the dashboard being edited);
//! - [`settings`]: the dashboard settings form as data; [`json_model`]: the JSON model
//!   view's check and kept text; [`versions`]: the versions view's rows and diff rows;
//!   [`variables_edit`]: the variables editor's list, defaults, checks and load order;
//! - [`storage`] and [`store`]: versioned saves over a key-value [`Storage`] (the app's is
//!   `localStorage`) that never replace the last good version with a failed write, detect a
//!   second tab's save, save as a copy and override or revert a built-in dashboard;
//! - [`draft`]: the unsaved dashboard kept as you type and offered back;
//! - [`diff`]: the line diff of two versions for the history view;
//! - [`validate`]: the JSON model editor's check, pointing at the line of each problem;
//! - [`links`]: refused links dropped on import and export;
//! - [`panel_edit`]: the panel editor's changes to one panel's JSON (queries, type, units,
//!   thresholds).
//!
//! How the editor uses it, from opening a dashboard to saving it:
//!
//! 1. `store.load(uid)`: the saved version (else the shipped or imported file), then
//!    `store.draft_offer(uid, saved, file_json)`: a draft to offer back (`draft-restore`).
//! 2. `EditSession::new(dashboard, saved_version)`; every change is
//!    `session.apply(&Edit::…, now_ms)`; `undo` / `redo`; after each change, when
//!    `DraftThrottle::due(now_ms, false)`, `store.write_draft(&Draft { … })`.
//! 3. Save: `store.save(&SaveRequest { uid, dashboard: &export_dashboard(d), based_on:
//!    session.base_version, builtin, message }, now_ms)`; on `Ok(saved)`,
//!    `session.mark_saved(saved.version)`; on `Err(SaveError::Conflict(c))`, ask and call
//!    `store.resolve(&c, &choice, builtin_uids, now_ms)`; a storage error is shown as it reads
//!    (nothing was replaced) and export ([`export_json`]) still works.
//! 4. History: `store.versions(uid)`, `store.load_version`, [`diff_versions`], `store.restore`;
//!    a built-in dashboard's local copy: `store.remove_local(uid)` goes back to the shipped one.

pub mod diff;
pub mod draft;
pub mod edit;
pub mod explore;
pub mod gesture;
mod grid;
pub mod history;
pub mod json_model;
pub mod links;
pub mod live_variables;
pub mod panel_edit;
pub mod pointer;
pub mod settings;
pub mod storage;
pub mod store;
pub mod validate;
pub mod variables_edit;
pub mod versions;

pub use diff::{diff_lines, diff_versions, pretty_json, DiffLine, Hunk, LineKind};
pub use draft::{Draft, DraftOffer, DraftThrottle, DRAFT_INTERVAL_MS};
pub use edit::{
    apply, next_panel_id, panel_json, Direction, Edit, EditError, GridPoint, NEW_PANEL_HEIGHT,
    NEW_PANEL_TITLE, NEW_PANEL_WIDTH, NEW_ROW_TITLE,
};
pub use explore::{ExploreQuery, ExploreSource, EXPLORE_PANEL_TITLE};
pub use gesture::{Gesture, GestureKind};
pub use history::{
    history_limit, EditSession, History, COALESCE_WINDOW_MS, DEFAULT_HISTORY_LIMIT,
    HISTORY_BUDGET_BYTES, MIN_HISTORY_LIMIT,
};
pub use links::{
    export_json, import_checked, link_position, strip_unsafe_links, unsafe_links, ExportedJson,
    UnsafeLink,
};
pub use live_variables::{follow_edited_variables, FollowedVariables};
pub use pointer::{grid_point_at, grid_size_for};
pub use settings::DashboardSettings;
pub use storage::{MemoryStorage, Storage, StorageError};
pub use store::{
    unique_uid, Conflict, ConflictChoice, DashboardStore, IndexEntry, Resolution, SaveError,
    SaveRequest, Saved, StoredVersion, VersionMeta, DEFAULT_KEEP, LEGACY_IMPORTS_KEY,
};
pub use validate::{locate, validate_dashboard_json, Problem};

#[cfg(test)]
mod tests;
