//! Prometheus effects: sends the `PromRequest`s `core` builds (GET, or a form POST for long
//! queries), at most 6 at a time per datasource, identical concurrent requests sent once, each
//! caller able to abort through its own signal; also runs template-variable queries (core
//! makes their option strings from the answers).

use super::config::base_uri;
use super::error::{CallError, CallErrorKind, DatasourceKind};
use super::http::{send, Exchange, FetchError, HttpResponse, RequestSpec};
use crate::core::config::{resolve_url, Config, Datasource};
use crate::core::dashboard::{matching_metric_names, query_result_values, series_selector_text};
use crate::core::frame::{Frame, Labels};
use crate::core::prometheus::{self as prom, HttpMethod, PromRequest, DEFAULT_MAX_GET_URL_BYTES};
use crate::core::variables::VariableQuery;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

/// Browsers allow 6 connections per host over HTTP/1.1; more would only queue in the browser
/// where we could no longer deduplicate or cancel them cheaply.
pub const MAX_IN_FLIGHT: usize = 6;

/// The configured Prometheus datasource, or the error a panel shows when there is none.
pub fn datasource(config: &Config) -> Result<&Datasource, CallError> {
    config
        .prometheus
        .as_ref()
        .ok_or_else(|| CallError::not_configured(DatasourceKind::Prometheus))
}

/// The datasource's absolute base URL.
pub fn base_url(ds: &Datasource) -> String {
    resolve_url(&base_uri(), &ds.url)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Sends one request; `signal` cancels this caller only (a shared request continues for others).
pub async fn fetch(
    ds: &Datasource,
    request: &PromRequest,
    signal: &AbortSignal,
) -> Result<Exchange, CallError> {
    let started = now_ms();
    let http = request.build(&base_url(ds), DEFAULT_MAX_GET_URL_BYTES);
    let method = match http.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    };
    let key = format!(
        "{method} {} {}",
        http.url,
        http.body.as_deref().unwrap_or("")
    );
    let (entry, shared) = join_or_start(ds, &key, http.url.clone(), http.body.clone());
    let outcome = Waiter::new(entry, signal.clone()).await;
    let reply = |response| Exchange {
        response,
        method,
        url: http.url.clone(),
        form_body: http.body.clone(),
        elapsed_ms: now_ms() - started,
        shared,
    };
    match outcome {
        Ok(response) => Ok(reply(response)),
        Err(error) => Err(error.into()),
    }
}

/// Sends a `query`/`query_range` and parses it into a frame (notices included).
pub async fn query_frame(
    ds: &Datasource,
    request: &PromRequest,
    signal: &AbortSignal,
) -> Result<(Frame, Exchange), CallError> {
    let reply = fetch(ds, request, signal).await?;
    let r = &reply.response;
    match prom::read_query_response(r.status, r.content_type.as_deref(), &r.body) {
        Ok(frame) => Ok((frame, reply)),
        Err(error) => {
            Err(CallError::new(CallErrorKind::Prometheus(error.to_string())).with_exchange(reply))
        }
    }
}

/// Sends any request and parses its `data` as `T` (labels, rules, targets, alerts ...).
pub async fn fetch_data<T: serde::de::DeserializeOwned>(
    ds: &Datasource,
    request: &PromRequest,
    signal: &AbortSignal,
) -> Result<(prom::PromResponse<T>, Exchange), CallError> {
    let reply = fetch(ds, request, signal).await?;
    let r = &reply.response;
    match prom::read_response::<T>(r.status, r.content_type.as_deref(), &r.body) {
        Ok(data) => Ok((data, reply)),
        Err(error) => {
            Err(CallError::new(CallErrorKind::Prometheus(error.to_string())).with_exchange(reply))
        }
    }
}

/// Runs a template variable's query over `range_ms` and returns its raw values (before the
/// variable's own `regex` and `sort`, which `core` applies); `signal` cancels it.
pub async fn run_variable_query(
    config: &Config,
    q: &VariableQuery,
    range_ms: (i64, i64),
    signal: &AbortSignal,
) -> Result<Vec<String>, CallError> {
    let ds = datasource(config)?;
    let (start, end) = (Some(range_ms.0 as f64), Some(range_ms.1 as f64));
    let list = |request: PromRequest| async move {
        fetch_data::<Vec<String>>(ds, &request, signal)
            .await
            .map(|(r, _)| r.data)
    };
    match q {
        VariableQuery::LabelNames { matcher } => {
            list(PromRequest::Labels {
                matchers: matcher.iter().cloned().collect(),
                start_ms: start,
                end_ms: end,
            })
            .await
        }
        VariableQuery::LabelValues { metric, label } => {
            list(PromRequest::LabelValues {
                name: label.clone(),
                matchers: metric.iter().cloned().collect(),
                start_ms: start,
                end_ms: end,
            })
            .await
        }
        VariableQuery::Metrics { regex } => {
            let names = list(PromRequest::LabelValues {
                name: "__name__".into(),
                matchers: Vec::new(),
                start_ms: start,
                end_ms: end,
            })
            .await?;
            // A regex that does not compile is a reading of the answer that failed.
            matching_metric_names(names, regex)
                .map_err(|message| CallError::new(CallErrorKind::Prometheus(message)))
        }
        VariableQuery::QueryResult { expr } => {
            let request = PromRequest::Query {
                query: expr.clone(),
                time_ms: end,
            };
            let (frame, _) = query_frame(ds, &request, signal).await?;
            Ok(query_result_values(&frame))
        }
        VariableQuery::Series { matcher } => {
            let request = PromRequest::Series {
                matchers: vec![matcher.clone()],
                start_ms: start,
                end_ms: end,
            };
            let (series, _) = fetch_data::<Vec<Labels>>(ds, &request, signal).await?;
            Ok(series.data.iter().map(series_selector_text).collect())
        }
    }
}

// ---- sharing and limiting -------------------------------------------------------------------

/// One request on the wire (or waiting for a slot), with everyone waiting for it.
struct InFlight {
    result: RefCell<Option<Result<Rc<HttpResponse>, FetchError>>>,
    wakers: RefCell<Vec<Waker>>,
    subscribers: Cell<usize>,
    controller: AbortController,
}

/// Per datasource: requests on the wire, queued starts, and the identical-request index.
#[derive(Default)]
struct Limiter {
    running: usize,
    queue: VecDeque<Rc<Cell<bool>>>,
    queue_wakers: Vec<(Rc<Cell<bool>>, Waker)>,
    by_key: HashMap<String, Rc<InFlight>>,
}

thread_local! {
    static LIMITERS: RefCell<HashMap<String, Rc<RefCell<Limiter>>>> = RefCell::new(HashMap::new());
}

fn limiter_for(ds: &Datasource) -> Rc<RefCell<Limiter>> {
    LIMITERS.with(|all| all.borrow_mut().entry(ds.url.clone()).or_default().clone())
}

/// Joins an identical request in flight, or starts a new one. Returns the entry and whether it was joined.
fn join_or_start(
    ds: &Datasource,
    key: &str,
    url: String,
    body: Option<String>,
) -> (Rc<InFlight>, bool) {
    let limiter = limiter_for(ds);
    if let Some(entry) = limiter.borrow().by_key.get(key) {
        if entry.result.borrow().is_none() && !entry.controller.signal().aborted() {
            entry.subscribers.set(entry.subscribers.get() + 1);
            return (entry.clone(), true);
        }
    }
    let controller = AbortController::new().unwrap_or_else(|_| unreachable_controller());
    let entry = Rc::new(InFlight {
        result: RefCell::new(None),
        wakers: RefCell::new(Vec::new()),
        subscribers: Cell::new(1),
        controller,
    });
    limiter
        .borrow_mut()
        .by_key
        .insert(key.to_string(), entry.clone());
    let (task_entry, ds, key) = (entry.clone(), ds.clone(), key.to_string());
    // Not a view's load (those go through ui::query): the request on the wire belongs to no
    // one caller, since identical requests share it, so it runs detached; the last caller to
    // leave aborts it (`Waiter::drop`).
    wasm_bindgen_futures::spawn_local(async move {
        let result = run_limited(&limiter, &ds, &task_entry, &url, body.as_deref()).await;
        {
            let mut lim = limiter.borrow_mut();
            if lim
                .by_key
                .get(&key)
                .is_some_and(|e| Rc::ptr_eq(e, &task_entry))
            {
                lim.by_key.remove(&key);
            }
        }
        *task_entry.result.borrow_mut() = Some(result.map(Rc::new));
        for waker in task_entry.wakers.borrow_mut().drain(..) {
            waker.wake();
        }
    });
    (entry, false)
}

/// AbortController::new only fails outside a browser; the app cannot run there anyway.
fn unreachable_controller() -> AbortController {
    wasm_bindgen::throw_str("AbortController is unavailable")
}

async fn run_limited(
    limiter: &Rc<RefCell<Limiter>>,
    ds: &Datasource,
    entry: &InFlight,
    url: &str,
    body: Option<&str>,
) -> Result<HttpResponse, FetchError> {
    SlotWait::new(limiter.clone()).await;
    let signal = entry.controller.signal();
    let result = if signal.aborted() {
        Err(FetchError::Aborted)
    } else {
        send(
            RequestSpec {
                url,
                headers: &ds.headers,
                timeout_ms: ds.timeout_ms,
                form_body: body,
            },
            &signal,
        )
        .await
    };
    release_slot(limiter);
    result
}

fn release_slot(limiter: &Rc<RefCell<Limiter>>) {
    let mut lim = limiter.borrow_mut();
    lim.running = lim.running.saturating_sub(1);
    if let Some(next) = lim.queue.pop_front() {
        lim.running += 1;
        next.set(true);
        if let Some(pos) = lim
            .queue_wakers
            .iter()
            .position(|(t, _)| Rc::ptr_eq(t, &next))
        {
            let (_, waker) = lim.queue_wakers.swap_remove(pos);
            drop(lim);
            waker.wake();
        }
    }
}

/// Waits for a free slot among the datasource's [`MAX_IN_FLIGHT`].
struct SlotWait {
    limiter: Rc<RefCell<Limiter>>,
    ticket: Option<Rc<Cell<bool>>>,
}

impl SlotWait {
    fn new(limiter: Rc<RefCell<Limiter>>) -> Self {
        SlotWait {
            limiter,
            ticket: None,
        }
    }
}

impl Future for SlotWait {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        let mut lim = this.limiter.borrow_mut();
        match &this.ticket {
            None if lim.running < MAX_IN_FLIGHT && lim.queue.is_empty() => {
                lim.running += 1;
                Poll::Ready(())
            }
            None => {
                let ticket = Rc::new(Cell::new(false));
                lim.queue.push_back(ticket.clone());
                lim.queue_wakers.push((ticket.clone(), cx.waker().clone()));
                this.ticket = Some(ticket);
                Poll::Pending
            }
            Some(ticket) if ticket.get() => Poll::Ready(()),
            Some(ticket) => {
                lim.queue_wakers.retain(|(t, _)| !Rc::ptr_eq(t, ticket));
                lim.queue_wakers.push((ticket.clone(), cx.waker().clone()));
                Poll::Pending
            }
        }
    }
}

/// One caller's wait for a shared request; leaving (abort or drop) unsubscribes, and the last
/// one to leave cancels the request on the wire.
struct Waiter {
    entry: Rc<InFlight>,
    signal: AbortSignal,
    on_abort: Option<Closure<dyn FnMut()>>,
    done: bool,
}

impl Waiter {
    fn new(entry: Rc<InFlight>, signal: AbortSignal) -> Self {
        Waiter {
            entry,
            signal,
            on_abort: None,
            done: false,
        }
    }
}

impl Future for Waiter {
    type Output = Result<Rc<HttpResponse>, FetchError>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        if let Some(result) = this.entry.result.borrow().as_ref() {
            this.done = true;
            return Poll::Ready(result.clone());
        }
        if this.signal.aborted() {
            return Poll::Ready(Err(FetchError::Aborted));
        }
        this.entry.wakers.borrow_mut().push(cx.waker().clone());
        if this.on_abort.is_none() {
            let waker = cx.waker().clone();
            let closure = Closure::<dyn FnMut()>::new(move || waker.wake_by_ref());
            let _ = this
                .signal
                .add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
            this.on_abort = Some(closure);
        }
        Poll::Pending
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        if let Some(closure) = self.on_abort.take() {
            let _ = self
                .signal
                .remove_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
        }
        let left = self.entry.subscribers.get().saturating_sub(1);
        self.entry.subscribers.set(left);
        if left == 0 && !self.done && self.entry.result.borrow().is_none() {
            self.entry.controller.abort();
        }
    }
}
