//! Leptos components only: the shell, its pickers, and the pages behind each route.
//! Components read view state from the URL and data through `api`; no maths lives here.

pub mod a11y;
mod app;
pub mod canvas2d;
pub mod clock;
mod config_error;
pub mod embed;
mod file_pick;
mod lazy;
pub mod logs;
mod observe;
mod pages;
pub mod panels;
pub mod query;
mod refresh;
mod shell;
mod theme;
mod time_picker;
pub mod traces;
pub mod view_state;

pub use app::{App, ConfiguredApp};

use crate::core::config::Config;
use leptos::prelude::*;

/// Mounts the app on `<body>`; called by `main` in the browser.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// Mounts the shell with a configuration already in hand (browser tests, embedding hosts).
pub fn mount_with_config(config: Config) {
    let base = crate::api::config::base_path();
    leptos::mount::mount_to_body(move || view! { <ConfiguredApp config base /> });
}
