//! The root component: loads `config.json`, then either the shell or the error screen that
//! names the file and the problem. There is never a blank page.

use super::config_error::ConfigErrorScreen;
use super::shell::Shell;
use crate::api;
use crate::core::config::Config;
use crate::core::load::LoadState;
use crate::ui::query::use_message_query;
use leptos::prelude::*;
use leptos_router::components::Router;

#[component]
pub fn App() -> impl IntoView {
    // Loaded once: config.json is an app file without an abort signal, read at start-up.
    let startup = use_message_query(|| Some(()), |(), _signal| api::config::load());
    let base = api::config::base_path();
    move || match startup.state() {
        LoadState::Idle | LoadState::Loading => {
            view! { <div class="startup" data-testid="startup">"Loading Meshboard…"</div> }
                .into_any()
        }
        LoadState::Failed(message) => view! { <ConfigErrorScreen message /> }.into_any(),
        LoadState::Ready(config) => view! { <ConfiguredApp config base=base.clone() /> }.into_any(),
    }
}

/// The app once its configuration is known: router (with the page's base path) and shell.
#[component]
pub fn ConfiguredApp(config: Config, base: String) -> impl IntoView {
    // `cargo xtask bench` splits the time to the first chart at this mark (issue 17).
    mark("meshboard-config-ready");
    provide_context(config);
    view! { <Router base><Shell /></Router> }
}

/// A `performance.mark` on the way to the first chart: `cargo xtask bench` (bench/run.mjs)
/// prints where the time goes from these, and e2e `firstload` orders requests by them.
pub(crate) fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}
