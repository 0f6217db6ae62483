//! Pure helpers of the logs view (`ui::logs`): list virtualization, line text, selector
//! completion, log volume bars, tail rate and back-off, and Grafana's logs panel options.
//! Kept here so `cargo test` checks them on the host; the UI layer only wires them to the DOM.

pub mod complete;
pub mod options;
pub mod tail;
pub mod text;
pub mod volume;
pub mod window;
