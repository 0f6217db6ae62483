//! Loki's live tail: a WebSocket that reconnects after a close, waiting longer each time, and
//! resumes just after the newest line received (core's `TailCursor` keeps both). A browser
//! WebSocket cannot carry headers, so a tenant must be added by the same-origin proxy in front
//! of Loki. A browser cannot read why a handshake was refused either: the first socket that
//! closes without opening is followed by one plain GET of the same URL (with the datasource's
//! headers), whose answer says whether Loki refuses the tail (then it stops) or not.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::LokiClient;
use crate::api::http::{send, RequestSpec};
use crate::core::logs_view::tail::{ws_url, AfterClose, ProbeVerdict, TailCursor, TAIL_LIMIT};
use crate::core::loki::query::tail_path;
use crate::core::loki::{parse_tail_message, NsTime, TailMessage};

/// What the tail reports.
#[derive(Debug, Clone)]
pub enum TailEvent {
    Connected,
    Message(TailMessage),
    /// A message that did not parse, or the socket failed: shown, then retried.
    Problem(String),
    /// The socket closed; a new one opens after `in_ms`.
    Reconnecting {
        in_ms: u32,
    },
    /// Loki refused the handshake (its status and reason, read by the probe): the tail stopped.
    Refused {
        status: u16,
        reason: String,
    },
}

impl LokiClient {
    /// The tail websocket URL: the datasource URL with `http` turned into `ws`.
    pub fn tail_url(&self, query: &str, start: NsTime, limit: Option<u32>) -> String {
        ws_url(&self.http_tail_url(query, start, limit))
    }

    /// The same URL over HTTP, for the handshake probe.
    fn http_tail_url(&self, query: &str, start: NsTime, limit: Option<u32>) -> String {
        self.url(&tail_path(query, start, limit, None))
    }

    /// Opens a live tail; `on_event` hears every message, error and reconnect. Dropping the
    /// handle closes the socket and stops reconnecting.
    pub fn tail(
        &self,
        query: &str,
        start: NsTime,
        on_event: impl Fn(TailEvent) + 'static,
    ) -> TailHandle {
        let inner = Rc::new(RefCell::new(TailInner {
            client: self.clone(),
            query: query.to_string(),
            cursor: TailCursor::new(start),
            socket: None,
            stopped: false,
            timer: None,
            on_event: Rc::new(on_event),
        }));
        connect(&inner);
        TailHandle(inner)
    }
}

/// A socket with the handlers that must live as long as it does.
type OpenSocket = (web_sys::WebSocket, Vec<Closure<dyn FnMut(JsValue)>>);

struct TailInner {
    client: LokiClient,
    query: String,
    cursor: TailCursor,
    socket: Option<OpenSocket>,
    stopped: bool,
    timer: Option<(i32, Closure<dyn FnMut()>)>,
    on_event: Rc<dyn Fn(TailEvent)>,
}

/// A running tail; dropping it closes the socket.
pub struct TailHandle(Rc<RefCell<TailInner>>);

impl Drop for TailHandle {
    fn drop(&mut self) {
        let mut inner = self.0.borrow_mut();
        inner.stopped = true;
        if let Some((id, _)) = inner.timer.take() {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(id);
            }
        }
        if let Some((socket, _closures)) = inner.socket.take() {
            detach(&socket);
            let _ = socket.close();
        }
    }
}

fn detach(socket: &web_sys::WebSocket) {
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onerror(None);
    socket.set_onclose(None);
}

fn connect(inner_rc: &Rc<RefCell<TailInner>>) {
    let (url, on_event) = {
        let inner = inner_rc.borrow();
        if inner.stopped {
            return;
        }
        let start = inner.cursor.resume_from();
        let url = inner.client.tail_url(&inner.query, start, Some(TAIL_LIMIT));
        (url, inner.on_event.clone())
    };
    inner_rc.borrow_mut().cursor.connecting();
    let socket = match web_sys::WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(e) => {
            on_event(TailEvent::Problem(format!(
                "could not open the tail websocket: {}",
                e.as_string().unwrap_or_else(|| format!("{e:?}"))
            )));
            let delay = inner_rc.borrow_mut().cursor.next_delay_ms();
            schedule_reconnect(inner_rc, delay);
            return;
        }
    };
    let weak = Rc::downgrade(inner_rc);
    let on_open = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.borrow_mut().cursor.opened();
            }
            on_event(TailEvent::Connected);
        })
    };
    let on_message = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let Some(text) = event
                .dyn_ref::<web_sys::MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            match parse_tail_message(&text) {
                Ok(message) => {
                    if let Some(inner) = weak.upgrade() {
                        inner.borrow_mut().cursor.received(&message.streams);
                    }
                    on_event(TailEvent::Message(message));
                }
                Err(e) => on_event(TailEvent::Problem(e.to_string())),
            }
        })
    };
    let on_close = {
        let (weak, on_event) = (weak.clone(), on_event.clone());
        Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let reason = event
                .dyn_ref::<web_sys::CloseEvent>()
                .map(|c| c.reason())
                .filter(|r| !r.is_empty());
            if let Some(reason) = reason {
                // Loki closes with its error text (a bad query, a tenant it refuses).
                on_event(TailEvent::Problem(reason));
            }
            if let Some(inner) = weak.upgrade() {
                let after = inner.borrow_mut().cursor.closed();
                match after {
                    AfterClose::Probe => probe(&inner),
                    AfterClose::Retry { in_ms } => schedule_reconnect(&inner, in_ms),
                }
            }
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    let mut inner = inner_rc.borrow_mut();
    if let Some((old, _)) = inner.socket.take() {
        detach(&old);
        let _ = old.close();
    }
    inner.socket = Some((socket, vec![on_open, on_message, on_close]));
}

/// GETs the tail URL once to read why the handshake failed, then stops or reconnects.
fn probe(inner_rc: &Rc<RefCell<TailInner>>) {
    let (url, headers, timeout_ms) = {
        let inner = inner_rc.borrow();
        let start = inner.cursor.resume_from();
        let url = inner
            .client
            .http_tail_url(&inner.query, start, Some(TAIL_LIMIT));
        (url, inner.client.headers.clone(), inner.client.timeout_ms)
    };
    let weak = Rc::downgrade(inner_rc);
    leptos::task::spawn_local(async move {
        let Ok(controller) = web_sys::AbortController::new() else {
            return;
        };
        let spec = RequestSpec {
            url: &url,
            headers: &headers,
            timeout_ms,
            form_body: None,
        };
        let answer = send(spec, &controller.signal()).await.ok();
        // The tail may have been stopped while the probe ran.
        let Some(inner) = weak.upgrade() else { return };
        if inner.borrow().stopped {
            return;
        }
        let verdict = inner
            .borrow_mut()
            .cursor
            .probe_answer(answer.as_ref().map(|r| (r.status, r.body.as_str())));
        match verdict {
            ProbeVerdict::Refused { status, reason } => {
                let on_event = inner.borrow().on_event.clone();
                inner.borrow_mut().stopped = true;
                on_event(TailEvent::Refused { status, reason });
            }
            ProbeVerdict::Retry { in_ms } => schedule_reconnect(&inner, in_ms),
        }
    });
}

fn schedule_reconnect(inner_rc: &Rc<RefCell<TailInner>>, delay: u32) {
    let on_event = {
        let inner = inner_rc.borrow();
        if inner.stopped || inner.timer.is_some() {
            return;
        }
        inner.on_event.clone()
    };
    on_event(TailEvent::Reconnecting { in_ms: delay });
    let weak = Rc::downgrade(inner_rc);
    let callback = Closure::<dyn FnMut()>::new(move || {
        if let Some(inner) = weak.upgrade() {
            // Take the timer out first: `connect` may schedule the next one.
            let _done = inner.borrow_mut().timer.take();
            connect(&inner);
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.as_ref().unchecked_ref(),
        delay as i32,
    ) {
        inner_rc.borrow_mut().timer = Some((id, callback));
    }
}
