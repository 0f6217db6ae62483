//! The embed bridge: lets the page around an embedded Meshboard drive it with postMessage
//! (core::embed holds the protocol) and tells that page about `ready`, time-range changes made
//! inside Meshboard, panel errors and, with an Alertmanager configured, changes of the set of
//! firing alerts (`firingAlertsChanged`, so a portal can show a badge). Messages from origins
//! not in `embed.allowedOrigins` are ignored; with none configured the bridge stays off.
//!
//! Only a framed page needs it, so the bridge is a chunk (`ui::lazy::EMBED`, issue 17): the
//! main module keeps `install_embed_bridge` (is the page framed, are origins allowed?), the
//! panels' error watch and `post`; the listener, the events and the alert watch are built in
//! the chunk (`embed_code`), loaded only when the page is framed with origins configured.

use super::query::use_query;
use super::refresh::RefreshTick;
use super::view_state::{use_update_view, use_view_state};
use crate::api::alertmanager::AlertmanagerClient;
use crate::core::alertmanager::firing::{
    firing_alerts_changed_event, firing_change, firing_set, FiringSet,
};
use crate::core::config::Config;
use crate::core::embed::{
    apply, panel_error_event, read_command, ready_event, time_range_changed_event, HostCommand,
    Rejection,
};
use crate::core::load::DataState;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The origins events are posted to; set once the bridge is installed (wasm is single-threaded).
    static TARGET_ORIGINS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Posts an event to the host page, once per allowed origin: the browser delivers it only to
/// the one that actually embeds us, so nothing leaks to other framers.
fn post(event_json: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Ok(message) = js_sys::JSON::parse(event_json) else {
        return;
    };
    TARGET_ORIGINS.with(|origins| {
        for origin in origins.borrow().iter() {
            let _ = parent.post_message(&message, origin);
        }
    });
}

/// Whether another page frames this one (only then is there a host to tell anything).
fn is_framed() -> bool {
    web_sys::window()
        .and_then(|window| Some(window.parent().ok()?? != window))
        .unwrap_or(false)
}

/// The bridge's code in its chunk.
#[derive(Clone, Copy)]
pub struct EmbedCode {
    /// Installs the listener and the events (run under the shell's owner).
    pub install: fn(Config),
    /// Tells the host that a panel turned to the error state.
    pub report_panel_error: fn(&str, &str),
}

/// The table the embed chunk returns (only the split point calls this).
pub fn embed_code() -> EmbedCode {
    EmbedCode {
        install: install_in_chunk,
        report_panel_error: |title, error| post(&panel_error_event(title, error)),
    }
}

/// Whether the bridge posts anywhere (it was installed with allowed origins).
fn bridge_on() -> bool {
    TARGET_ORIGINS.with(|origins| !origins.borrow().is_empty())
}

/// Runs `use_code` with the bridge's code, at once if its chunk is there, else once it arrives;
/// a chunk that does not load leaves the host uninformed and says why in the console.
fn with_embed_code(use_code: impl FnOnce(EmbedCode) + 'static) {
    let chunk = crate::ui::lazy::EMBED;
    if let Some(code) = (chunk.loaded)() {
        use_code(code);
        return;
    }
    leptos::task::spawn_local(async move {
        match (chunk.load)().await {
            Ok(code) => use_code(code),
            Err(error) => leptos::logging::warn!(
                "meshboard embed: {}",
                crate::ui::lazy::chunk_failure_text(chunk.what, &error.to_string())
            ),
        }
    });
}

/// Called by panels when a query fails, so a portal can surface it.
pub fn report_panel_error(panel_title: &str, error: &str) {
    let (title, error) = (panel_title.to_string(), error.to_string());
    with_embed_code(move |code| (code.report_panel_error)(&title, &error));
}

/// Called by every panel frame: when framed, posts `panelError` each time the panel turns to
/// the error state, once per turn (a refresh that fails again while it shows the error says
/// nothing new to the host, even when its message differs). The bridge's allowed origins
/// decide who hears it, as for every event.
pub fn watch_panel_errors(
    title: Signal<String>,
    status: Signal<DataState>,
    error: Signal<Option<String>>,
) {
    if !is_framed() || !bridge_on() {
        return;
    }
    // Remembers whether the last settled state was an error; a reload's `Loading` in between
    // keeps it, so error → loading → error is no new turn.
    Effect::new(move |was_error: Option<bool>| {
        let was_error = was_error.unwrap_or(false);
        match status.get() {
            DataState::Loading => was_error,
            DataState::Error => {
                if !was_error {
                    let message = error.get_untracked().unwrap_or_else(|| "error".into());
                    report_panel_error(&title.get_untracked(), &message);
                }
                true
            }
            DataState::Ok | DataState::Empty => false,
        }
    });
}

/// Installs the message listener and the `ready` / `timeRangeChanged` events when the page is
/// framed and origins are allowed (loading the bridge's chunk); call once in the shell.
pub fn install_embed_bridge() {
    let config = expect_context::<Config>();
    if config.embed_allowed_origins.is_empty() || !is_framed() {
        return;
    }
    TARGET_ORIGINS.with(|origins| *origins.borrow_mut() = config.embed_allowed_origins.clone());
    // The chunk's code reads the shell's contexts: it runs under the shell's owner.
    let owner = Owner::current();
    with_embed_code(move |code| match owner {
        Some(owner) => owner.with(|| (code.install)(config)),
        None => (code.install)(config),
    });
}

/// The bridge itself (in the chunk): the host's commands, `ready`, range changes and alerts.
fn install_in_chunk(config: Config) {
    let allowed = config.embed_allowed_origins.clone();
    let update = use_update_view();
    let tick = expect_context::<RefreshTick>();
    let view = use_view_state();
    // The last range the host set: changing to it must not be echoed back as a viewer change.
    let host_range = StoredValue::new(None::<(String, String)>);

    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let text = js_sys::JSON::stringify(&event.data())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default();
            let data: serde_json::Value =
                serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
            match read_command(&event.origin(), &allowed, &data) {
                Ok(HostCommand::Refresh) => tick.bump(),
                Ok(command) => {
                    if let HostCommand::SetTimeRange { from, to } = &command {
                        host_range.set_value(Some((from.clone(), to.clone())));
                    }
                    update(&|state| {
                        apply(&command, state);
                    });
                }
                Err(Rejection::ForeignOrigin(_)) => {}
                Err(Rejection::Malformed(problem)) => {
                    leptos::logging::warn!("meshboard embed: ignored a message: {problem}")
                }
            }
        });
    if let Some(window) = web_sys::window() {
        let _ =
            window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_message.forget();

    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    post(&ready_event(&path));
    watch_firing_alerts(&config, tick);

    let range = Memo::new(move |_| {
        let state = view.get();
        (state.from.unwrap_or_default(), state.to.unwrap_or_default())
    });
    Effect::new(move |previous: Option<(String, String)>| {
        let current = range.get();
        let changed = previous.as_ref().is_some_and(|p| *p != current);
        if changed && host_range.get_value().as_ref() != Some(&current) {
            post(&time_range_changed_event(&current.0, &current.1));
        }
        current
    });
}

/// Reads Alertmanager's alerts on load and on every refresh tick (the URL's `refresh`, the
/// host's `setRefresh` or `refresh`) and posts `firingAlertsChanged` when the set of firing
/// alerts or a state in it changed since the last answer; a poll that found the same set, or
/// failed, posts nothing.
fn watch_firing_alerts(config: &Config, tick: RefreshTick) {
    if config.alertmanager.is_none() {
        return;
    }
    let config = config.clone();
    let alerts = use_query(
        move || Some(tick.0.get()),
        move |_, signal| {
            let config = config.clone();
            async move {
                let client = AlertmanagerClient::from_config(&config)?;
                client.alerts(&signal).await
            }
        },
    );
    let last_told = StoredValue::new(None::<FiringSet>);
    Effect::new(move |_| {
        let Some(answer) = alerts.latest() else {
            return;
        };
        let current = firing_set(&answer);
        let change = last_told.with_value(|last| firing_change(last.as_ref(), &current));
        if let Some(change) = change {
            post(&firing_alerts_changed_event(&current, &change));
            last_told.set_value(Some(current));
        }
    });
}
