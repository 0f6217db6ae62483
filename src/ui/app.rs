//! The root component: loads `config.json`, then either the shell or the error screen that
//! names the file and the problem. There is never a blank page.

use super::config_error::ConfigErrorScreen;
use super::shell::Shell;
use crate::api;
use crate::core::config::Config;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Router;

#[derive(Clone)]
enum Startup {
    Loading,
    Ready(Config),
    Failed(String),
}

#[component]
pub fn App() -> impl IntoView {
    let startup = RwSignal::new(Startup::Loading);
    spawn_local(async move {
        startup.set(match api::config::load().await {
            Ok(config) => Startup::Ready(config),
            Err(message) => Startup::Failed(message),
        });
    });
    let base = api::config::base_path();
    move || match startup.get() {
        Startup::Loading => {
            view! { <div class="startup" data-testid="startup">"Loading Meshboard…"</div> }
                .into_any()
        }
        Startup::Failed(message) => view! { <ConfigErrorScreen message /> }.into_any(),
        Startup::Ready(config) => view! { <ConfiguredApp config base=base.clone() /> }.into_any(),
    }
}

/// The app once its configuration is known: router (with the page's base path) and shell.
#[component]
pub fn ConfiguredApp(config: Config, base: String) -> impl IntoView {
    provide_context(config);
    view! { <Router base><Shell /></Router> }
}
