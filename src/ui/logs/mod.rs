//! The logs view shared by `/explore/logs` and the dashboard `logs` panel: LogQL editor, log
//! volume histogram, a virtualized list of lines, line details, live tail and downloads.
//! Lines are data: they only ever reach the DOM as text nodes.

mod details;
mod download;
pub mod editor;
mod list;
pub mod mount;
pub mod panel;
mod view;
mod volume_view;

pub use panel::LogsPanel;
pub use view::{LogsOptions, LogsView};

/// One run of a query over a resolved range; `seq` changes on every run (refresh re-runs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSpec {
    pub query: String,
    pub start_ms: i64,
    pub end_ms: i64,
    pub seq: u64,
}

/// Lines held at most, for the live tail and "load older" alike (Loki's own default cap).
pub const MAX_LINES: usize = 5000;
