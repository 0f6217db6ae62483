//! Pure parts of the logs view (`ui::logs`): what a run asks Loki for and what the view then
//! shows (`run`), paging through older lines and merging tail batches (`paging`), the live
//! tail's state machine and reconnect cursor (`live_tail`, `tail`), the rows shown under
//! deduplication and the selected row (`rows`), the line details' decisions (`details`), the
//! editor's completion and label browser (`complete`, `label_browser`), the volume histogram
//! (`volume`, `volume_load`), list virtualization (`window`), line text (`text`) and Grafana's
//! logs panel options (`options`). Kept here so `cargo test` checks them on the host; the UI
//! layer only wires them to the DOM.

pub mod complete;
pub mod details;
pub mod label_browser;
pub mod live_tail;
pub mod options;
pub mod paging;
pub mod rows;
pub mod run;
pub mod tail;
pub mod text;
pub mod volume;
pub mod volume_load;
pub mod window;
