//! One way the alerts pages load from Alertmanager: `use_query` keyed on the refresh tick and a
//! local generation (bumped after a silence is posted or expired, so the lists reload at once).

use std::future::Future;

use crate::api::alertmanager::AlertmanagerClient;
use crate::api::error::CallError;
use crate::core::config::Config;
use crate::ui::query::{use_query, Query};
use crate::ui::refresh::RefreshTick;
use leptos::prelude::*;
use web_sys::AbortSignal;

/// Bumped after a change in Alertmanager, so every list of the page loads again.
#[derive(Clone, Copy)]
pub struct Generation(pub RwSignal<u32>);

impl Generation {
    pub fn bump(&self) {
        self.0.update(|g| *g += 1);
    }
}

/// The page's generation, made by the first caller.
pub fn generation() -> Generation {
    use_context::<Generation>().unwrap_or_else(|| {
        let g = Generation(RwSignal::new(0));
        provide_context(g);
        g
    })
}

/// `load` run with the configured client on every refresh tick and generation.
pub fn use_alertmanager<T, F, Fut>(load: F) -> Query<T>
where
    T: Clone + 'static,
    F: Fn(AlertmanagerClient, AbortSignal) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, CallError>> + 'static,
{
    let config = expect_context::<Config>();
    let tick = expect_context::<RefreshTick>();
    let generation = generation();
    use_query(
        move || Some((tick.0.get(), generation.0.get())),
        move |_, signal| {
            let (config, load) = (config.clone(), load.clone());
            async move {
                let client = AlertmanagerClient::from_config(&config)?;
                load(client, signal).await
            }
        },
    )
}

/// The configured client, for posting and expiring.
pub fn client() -> Result<AlertmanagerClient, CallError> {
    AlertmanagerClient::from_config(&expect_context::<Config>())
}
