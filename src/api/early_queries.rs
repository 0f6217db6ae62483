//! Panel queries sent as soon as a dashboard's file is parsed, before its page is built
//! (issue 17: the grid's build, some hundred ms of main-thread work, no longer comes before
//! the first request). Each answer is kept for the panel that asks the same request
//! (`core::panel::answers`) and taken once; a panel that asks something else, or asks after
//! [`KEEP_MS`], sends its own request as before.

use super::error::CallError;
use super::http::Exchange;
use super::prometheus;
use crate::core::config::Config;
use crate::core::frame::Frame;
use crate::core::panel::answers;
use crate::core::prometheus::PromRequest;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

type Answer = Result<(Frame, Exchange), CallError>;

/// How long an early answer stands for the panel's own request: the page's build (seconds in
/// a debug build), not a later visit. A refresh within it that asks the very same request
/// (range ends align to the step) would get the same closed buckets anyway, and once.
const KEEP_MS: f64 = 30_000.0;

/// One early request and, once it came, its answer.
#[derive(Default)]
struct Slot {
    answer: RefCell<Option<Answer>>,
    waker: RefCell<Option<Waker>>,
}

struct Early {
    request: PromRequest,
    sent_ms: f64,
    slot: Rc<Slot>,
}

thread_local! {
    static EARLY: RefCell<Vec<Early>> = const { RefCell::new(Vec::new()) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Sends `requests` to the configured Prometheus now (through its usual limiter), replacing
/// any early requests of a dashboard opened before.
pub fn send(config: &Config, requests: Vec<PromRequest>) {
    let Ok(ds) = prometheus::datasource(config) else {
        return;
    };
    let sent_ms = now_ms();
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        early.clear();
        for request in requests {
            if early.iter().any(|e| e.request == request) {
                continue;
            }
            // Nobody aborts an early request: its answer is for a panel still being built.
            let Ok(controller) = web_sys::AbortController::new() else {
                return;
            };
            let slot = Rc::new(Slot::default());
            let (ds, task_slot, task_request) = (ds.clone(), slot.clone(), request.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let signal = controller.signal();
                let answer = prometheus::query_frame(&ds, &task_request, &signal).await;
                *task_slot.answer.borrow_mut() = Some(answer);
                if let Some(waker) = task_slot.waker.borrow_mut().take() {
                    waker.wake();
                }
            });
            early.push(Early {
                request,
                sent_ms,
                slot,
            });
        }
    });
}

/// The early answer to `request`, if one was sent for it (taken: a second asker sends its own).
pub fn take(request: &PromRequest) -> Option<EarlyAnswer> {
    let now = now_ms();
    EARLY.with(|early| {
        let mut early = early.borrow_mut();
        early.retain(|e| now - e.sent_ms <= KEEP_MS);
        let index = early.iter().position(|e| answers(&e.request, request))?;
        Some(EarlyAnswer {
            slot: early.swap_remove(index).slot,
        })
    })
}

/// Resolves to an early request's answer (at once if it is already there).
pub struct EarlyAnswer {
    slot: Rc<Slot>,
}

impl Future for EarlyAnswer {
    type Output = Answer;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer> {
        match self.slot.answer.borrow_mut().take() {
            Some(mut answer) => {
                // Another caller's request carried this one (the inspector says so).
                if let Ok((_, exchange)) = &mut answer {
                    exchange.shared = true;
                }
                Poll::Ready(answer)
            }
            None => {
                *self.slot.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
