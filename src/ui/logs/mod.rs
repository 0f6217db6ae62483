//! The logs view shared by `/explore/logs` and the dashboard `logs` panel: LogQL editor, log
//! volume histogram, a virtualized list of lines, line details, live tail and downloads.
//! Lines are data: they only ever reach the DOM as text nodes. The decisions (runs, paging,
//! tail, deduplication, details) are core's `logs_view`; these components drive them.

mod details;
mod download;
pub mod editor;
mod list;
pub mod list_keys;
pub mod mount;
pub mod panel;
mod view;
mod volume;

pub use crate::core::logs_view::options::LogsOptions;
pub use crate::core::logs_view::run::{RunSpec, MAX_LINES};
pub use panel::LogsPanel;
pub use view::LogsView;
