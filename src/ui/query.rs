//! The one way a component loads data: [`use_query`].
//!
//! A component names what it wants as a key (tracked: when the key changes, the data is fetched
//! again) and how to fetch it. `use_query` owns the rest, which every view used to write by hand:
//! the abort handle (a newer key cancels the older request, and leaving the page cancels the
//! one in flight), ignoring answers that arrive after they were replaced, and the
//! [`LoadState`] that the view renders and reports in `data-state`.
//!
//! Datasource calls fail with the clients' [`CallError`]; loads of the app's own files and
//! health probes (`config.json`, dashboards, `/-/ready`) fail with a message, and go through
//! [`use_message_query`], the same primitive with `String` errors.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortSignal;

use crate::api::error::CallError;
use crate::api::http::{abort_handle, AbortOnDrop, FetchError};
use crate::core::load::{DataState, LoadState};

/// The state of a load, as the component renders it.
pub type QueryState<T, E = CallError> = LoadState<T, E>;

/// What a query can fail with: [`CallError`], or a message (`String`).
pub trait QueryError: Clone + std::fmt::Display + 'static {
    /// A cancelled request: the newer one answers, so there is nothing to show.
    fn is_aborted(&self) -> bool;
    /// The error when not even an abort signal could be made.
    fn from_fetch(error: FetchError) -> Self;
}

impl QueryError for CallError {
    fn is_aborted(&self) -> bool {
        CallError::is_aborted(self)
    }
    fn from_fetch(error: FetchError) -> Self {
        error.into()
    }
}

impl QueryError for String {
    fn is_aborted(&self) -> bool {
        false
    }
    fn from_fetch(error: FetchError) -> Self {
        error.to_string()
    }
}

/// A running query: its state, the last data that arrived, and a way to run it again.
pub struct Query<T: 'static, E: 'static = CallError> {
    state: RwSignal<QueryState<T, E>, LocalStorage>,
    latest: RwSignal<Option<T>, LocalStorage>,
    /// The error of the last answer, `None` once one succeeds (for [`Query::settled`]).
    last_error: RwSignal<Option<E>, LocalStorage>,
    reload: RwSignal<u64>,
}

impl<T: 'static, E: 'static> Clone for Query<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static, E: 'static> Copy for Query<T, E> {}

impl<T: Clone + 'static, E: QueryError> Query<T, E> {
    /// The current state (tracked).
    pub fn state(&self) -> QueryState<T, E> {
        self.state.get()
    }

    /// Reads the current state without cloning it (tracked).
    pub fn with_state<R>(&self, f: impl FnOnce(&QueryState<T, E>) -> R) -> R {
        self.state.with(f)
    }

    /// What the view shows: loading, ok, empty (`is_empty` data or nothing to load), error
    /// (tracked).
    pub fn status(&self, is_empty: impl FnOnce(&T) -> bool) -> DataState {
        self.state.with(|state| state.status(is_empty))
    }

    /// The newest data that arrived, kept while a newer request loads or after it fails, so a
    /// view can keep drawing what it had instead of flashing empty (tracked).
    pub fn latest(&self) -> Option<T> {
        self.latest.get()
    }

    /// The state, except that a reload keeps the last answer's state (ready or failed)
    /// instead of going back to `Loading`: for views that refresh in place, such as the alert
    /// lists, which show no spinner once they have shown an answer (tracked).
    pub fn settled(&self) -> QueryState<T, E> {
        let state = self.state.get();
        if !state.is_loading() {
            return state;
        }
        if let Some(error) = self.last_error.get() {
            return LoadState::Failed(error);
        }
        self.latest
            .get()
            .map_or(LoadState::Loading, LoadState::Ready)
    }

    /// The `data-state` attribute for this query (tracked).
    pub fn data_state(&self, is_empty: impl FnOnce(&T) -> bool) -> &'static str {
        self.state.with(|state| state.data_state(is_empty))
    }

    /// The error to show, if the last request failed (tracked).
    pub fn error_text(&self) -> Option<String> {
        self.state
            .with(|state| state.error().map(ToString::to_string))
    }

    /// Fetches the current key again (the refresh button, a retry).
    pub fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }
}

/// Loads `fetch(key)` whenever `key()` changes to a new `Some`; `None` means nothing to load.
///
/// `key` is tracked: read every signal the request depends on there (range, variables, refresh
/// tick). `fetch` is called untracked, with an abort signal that fires when the key changes
/// again or the component goes away. Answers to replaced requests are dropped, so the state
/// always belongs to the newest key.
pub fn use_query<K, T, F, Fut>(key: impl Fn() -> Option<K> + 'static, fetch: F) -> Query<T>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    F: Fn(K, AbortSignal) -> Fut + 'static,
    Fut: Future<Output = Result<T, CallError>> + 'static,
{
    run_query(key, fetch)
}

/// [`use_query`] for loads that fail with a message rather than a [`CallError`]: the app's
/// own files (`config.json`, dashboards) and the settings page's health probes.
pub fn use_message_query<K, T, F, Fut>(
    key: impl Fn() -> Option<K> + 'static,
    fetch: F,
) -> Query<T, String>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    F: Fn(K, AbortSignal) -> Fut + 'static,
    Fut: Future<Output = Result<T, String>> + 'static,
{
    run_query(key, fetch)
}

/// The one implementation behind [`use_query`] and [`use_message_query`].
fn run_query<K, T, E, F, Fut>(key: impl Fn() -> Option<K> + 'static, fetch: F) -> Query<T, E>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    E: QueryError,
    F: Fn(K, AbortSignal) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let query = Query {
        state: RwSignal::new_local(LoadState::Idle),
        latest: RwSignal::new_local(None),
        last_error: RwSignal::new_local(None),
        reload: RwSignal::new(0),
    };
    // Dropping the handle aborts its request: replacing it cancels the stale one, and the
    // owner's cleanup (the component unmounting) cancels the last.
    let in_flight = StoredValue::new_local(None::<AbortOnDrop>);
    let last_key = StoredValue::new_local(None::<(K, u64)>);
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let reload = query.reload.get();
        let Some(key) = key() else {
            in_flight.set_value(None);
            last_key.set_value(None);
            query.state.set(LoadState::Idle);
            return;
        };
        let wanted = (key.clone(), reload);
        if last_key.with_value(|last| last.as_ref() == Some(&wanted)) {
            return;
        }
        last_key.set_value(Some(wanted));
        let (handle, signal) = match abort_handle() {
            Ok(pair) => pair,
            Err(e) => {
                query.state.set(LoadState::Failed(E::from_fetch(e)));
                return;
            }
        };
        in_flight.set_value(Some(handle));
        generation.update_value(|g| *g += 1);
        let this_generation = generation.get_value();
        query.state.set(LoadState::Loading);
        let request = untrack(|| fetch(key, signal));
        spawn_local(async move {
            let result = request.await;
            if generation.try_get_value() != Some(this_generation) {
                return;
            }
            match result {
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    query.last_error.try_set(Some(e.clone()));
                    query.state.try_set(LoadState::Failed(e));
                }
                Ok(data) => {
                    query.last_error.try_set(None);
                    query.latest.try_set(Some(data.clone()));
                    query.state.try_set(LoadState::Ready(data));
                }
            }
        });
    });
    query
}
