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

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

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
///
/// The signals hold their values behind `dyn Any` (the state is a `LoadState<T, E>`, and so is
/// the newest answer's), so the reactive machinery and [`drive`], the effect that runs every query, are
/// compiled once instead of once per data type: with some forty call sites, the per-type copies
/// of the signals' code and of the effect were a large part of the wasm (issue 13). Only the
/// typed accessors below and the small closure in [`run_query`] remain per type.
pub struct Query<T: 'static, E: 'static = CallError> {
    slots: Slots<E>,
    data: PhantomData<fn() -> T>,
}

/// A query's signals, without its data type.
struct Slots<E: 'static> {
    /// A `LoadState<T, E>`.
    state: RwSignal<Erased, LocalStorage>,
    /// The newest answer's `LoadState::Ready(T)` (the state it was, shared).
    latest: RwSignal<Option<Erased>, LocalStorage>,
    /// The error of the last answer, `None` once one succeeds (for [`Query::settled`]).
    last_error: RwSignal<Option<E>, LocalStorage>,
    reload: RwSignal<u64>,
}

type Erased = Rc<dyn Any>;

impl<E: 'static> Clone for Slots<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: 'static> Copy for Slots<E> {}

impl<T: 'static, E: 'static> Clone for Query<T, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static, E: 'static> Copy for Query<T, E> {}

/// The value behind an erased slot; the slots of a `Query<T, E>` only ever hold these types.
fn typed<V: 'static>(value: &Erased) -> &V {
    value
        .downcast_ref()
        .expect("a query's slots hold its own types")
}

fn erase<V: 'static>(value: V) -> Erased {
    Rc::new(value)
}

impl<T: Clone + 'static, E: QueryError> Query<T, E> {
    /// The current state (tracked).
    pub fn state(&self) -> QueryState<T, E> {
        self.with_state(Clone::clone)
    }

    /// Reads the current state without cloning it (tracked).
    pub fn with_state<R>(&self, f: impl FnOnce(&QueryState<T, E>) -> R) -> R {
        self.slots.state.with(|state| f(typed(state)))
    }

    /// What the view shows: loading, ok, empty (`is_empty` data or nothing to load), error
    /// (tracked).
    pub fn status(&self, is_empty: impl FnOnce(&T) -> bool) -> DataState {
        self.with_state(|state| state.status(is_empty))
    }

    /// The newest data that arrived, kept while a newer request loads or after it fails, so a
    /// view can keep drawing what it had instead of flashing empty (tracked).
    pub fn latest(&self) -> Option<T> {
        self.slots.latest.with(|latest| {
            latest
                .as_ref()
                .and_then(|ready| typed::<QueryState<T, E>>(ready).ready().cloned())
        })
    }

    /// The state, except that a reload keeps the last answer's state (ready or failed)
    /// instead of going back to `Loading`: for views that refresh in place, such as the alert
    /// lists, which show no spinner once they have shown an answer (tracked).
    pub fn settled(&self) -> QueryState<T, E> {
        let state = self.state();
        if !state.is_loading() {
            return state;
        }
        if let Some(error) = self.slots.last_error.get() {
            return LoadState::Failed(error);
        }
        self.latest().map_or(LoadState::Loading, LoadState::Ready)
    }

    /// The `data-state` attribute for this query (tracked).
    pub fn data_state(&self, is_empty: impl FnOnce(&T) -> bool) -> &'static str {
        self.with_state(|state| state.data_state(is_empty))
    }

    /// The error to show, if the last request failed (tracked).
    pub fn error_text(&self) -> Option<String> {
        self.with_state(|state| state.error().map(ToString::to_string))
    }

    /// Fetches the current key again (the refresh button, a retry).
    pub fn reload(&self) {
        self.slots.reload.update(|n| *n += 1);
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

/// The typed half behind [`use_query`] and [`use_message_query`]: it keeps the last key, and
/// turns a new one into a request whose answer is already the erased `Ready` state; [`drive`]
/// does the rest (abort handle, generations, loading and failed states), once for every data
/// type.
fn run_query<K, T, E, F, Fut>(key: impl Fn() -> Option<K> + 'static, fetch: F) -> Query<T, E>
where
    K: Clone + PartialEq + 'static,
    T: Clone + 'static,
    E: QueryError,
    F: Fn(K, AbortSignal) -> Fut + 'static,
    Fut: Future<Output = Result<T, E>> + 'static,
{
    let states = States::<E> {
        idle: || erase(LoadState::<T, E>::Idle),
        loading: || erase(LoadState::<T, E>::Loading),
        failed: |error| erase(LoadState::<T, E>::Failed(error)),
    };
    let slots = Slots {
        state: RwSignal::new_local((states.idle)()),
        latest: RwSignal::new_local(None),
        last_error: RwSignal::new_local(None),
        reload: RwSignal::new(0),
    };
    let fetch = Rc::new(fetch);
    let mut last_key = None::<(K, u64)>;
    drive(
        slots,
        states,
        Box::new(move |reload| {
            let Some(key) = key() else {
                last_key = None;
                return Step::Idle;
            };
            let wanted = (key.clone(), reload);
            if last_key.as_ref() == Some(&wanted) {
                return Step::Unchanged;
            }
            last_key = Some(wanted);
            let fetch = Rc::clone(&fetch);
            Step::Start(Box::new(move |signal| {
                let request = fetch(key, signal);
                Box::pin(async move {
                    request
                        .await
                        .map(|data| erase(LoadState::<T, E>::Ready(data)))
                })
            }))
        }),
    );
    Query {
        slots,
        data: PhantomData,
    }
}

/// The states of a `Query<T, E>` that [`drive`] sets without knowing `T`.
struct States<E> {
    idle: fn() -> Erased,
    loading: fn() -> Erased,
    failed: fn(E) -> Erased,
}

/// A request's answer: the erased `LoadState::Ready`, or the error.
type Answer<E> = Pin<Box<dyn Future<Output = Result<Erased, E>>>>;

/// What a query does when its effect runs (the key or the reload count may have changed).
enum Step<E> {
    /// The key and reload count are the ones already loaded (or loading).
    Unchanged,
    /// Nothing to load.
    Idle,
    /// A new key: send its request with this abort signal.
    Start(Box<dyn FnOnce(AbortSignal) -> Answer<E>>),
}

/// The effect behind every query (one copy per error type, not per data type).
fn drive<E: QueryError>(
    slots: Slots<E>,
    states: States<E>,
    mut next: Box<dyn FnMut(u64) -> Step<E>>,
) {
    // Dropping the handle aborts its request: replacing it cancels the stale one, and the
    // owner's cleanup (the component unmounting) cancels the last.
    let in_flight = StoredValue::new_local(None::<AbortOnDrop>);
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let start = match next(slots.reload.get()) {
            Step::Unchanged => return,
            Step::Idle => {
                in_flight.set_value(None);
                slots.state.set((states.idle)());
                return;
            }
            Step::Start(start) => start,
        };
        let (handle, signal) = match abort_handle() {
            Ok(pair) => pair,
            Err(e) => {
                slots.state.set((states.failed)(E::from_fetch(e)));
                return;
            }
        };
        in_flight.set_value(Some(handle));
        generation.update_value(|g| *g += 1);
        let this_generation = generation.get_value();
        slots.state.set((states.loading)());
        let answer = untrack(|| start(signal));
        let failed = states.failed;
        spawn_local(async move {
            let result = answer.await;
            if generation.try_get_value() != Some(this_generation) {
                return;
            }
            match result {
                Err(e) if e.is_aborted() => {}
                Err(e) => {
                    slots.last_error.try_set(Some(e.clone()));
                    slots.state.try_set(failed(e));
                }
                Ok(ready) => {
                    slots.last_error.try_set(None);
                    // The same `Ready` state: `latest` shares it rather than a copy of the data.
                    slots.latest.try_set(Some(Rc::clone(&ready)));
                    slots.state.try_set(ready);
                }
            }
        });
    });
}
