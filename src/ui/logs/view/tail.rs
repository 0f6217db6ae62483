//! The live tail: a stream, not a load, so it is its own effect rather than a `use_query`. The
//! websocket (`api::loki`) feeds core's `LiveTail`, which says what to show now and what to
//! hold while paused; a new run stops the tail. `tail_controls` are its buttons and counters.

use leptos::leptos_dom::helpers::IntervalHandle;
use leptos::prelude::*;

use super::lines::Runs;
use super::shown::ShownLines;
use crate::api::loki::{LokiClient, TailEvent, TailHandle};
use crate::core::logs_view::live_tail::{
    reconnect_note, refused_note, tail_start, tenant_note, Intake, LiveTail, TailMode,
};
use crate::core::logs_view::paging::merge_tail;
use crate::core::logs_view::run::NO_LOKI;
use crate::core::loki::logql::is_log_query;
use crate::core::loki::{LogTable, TailMessage};
use crate::ui::clock::now_ms;

/// How often the lines-per-second figure is recomputed.
const RATE_EVERY_MS: u64 = 1000;

/// The tail's state and the actions on it.
#[derive(Clone, Copy)]
pub(super) struct Tail {
    machine: RwSignal<LiveTail>,
    shown: ShownLines,
    pub mode: Memo<TailMode>,
    pub dropped: Memo<u64>,
    pub rate: RwSignal<f64>,
    /// The tail's status: reconnecting, Loki's close reason or its refusal of the handshake.
    pub note: RwSignal<Option<String>>,
    /// Why a tenant needs the proxy's help, shown for as long as the tail runs for one (apart
    /// from `note`, so a reconnect does not hide it).
    pub tenant_note: RwSignal<Option<String>>,
    pub start: Callback<()>,
    pub stop: Callback<()>,
}

impl Tail {
    pub fn pause(&self) {
        self.machine.update(LiveTail::pause);
    }

    /// Back to live, showing what arrived while paused.
    pub fn resume(&self) {
        let held = self
            .machine
            .try_update(LiveTail::resume)
            .unwrap_or_default();
        if !held.is_empty() {
            self.shown.edit(|t| merge_tail(t, held));
        }
    }

    /// Empties the view, and what the tail held for it.
    pub fn clear(&self) {
        self.machine.update(LiveTail::clear);
        self.shown.selected.set(None);
        self.shown.edit(LogTable::clear);
    }
}

pub(super) fn use_live_tail(
    client: Option<LokiClient>,
    tenant: Option<String>,
    query: Signal<String>,
    runs: Runs,
    shown: ShownLines,
) -> Tail {
    let machine = RwSignal::new(LiveTail::default());
    let rate = RwSignal::new(0.0f64);
    let note = RwSignal::new(None::<String>);
    let tenant_line = RwSignal::new(None::<String>);
    // Dropping the handle closes the socket, so leaving the view ends the tail.
    let socket = StoredValue::new_local(None::<TailHandle>);
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let clear_timer = move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    };
    on_cleanup(clear_timer);
    let stop = Callback::new(move |_: ()| {
        socket.set_value(None);
        clear_timer();
        machine.update(LiveTail::stop);
        rate.set(0.0);
        tenant_line.set(None);
    });
    let start = Callback::new(move |_: ()| {
        let Some(client) = client.clone() else {
            note.set(Some(NO_LOKI.into()));
            return;
        };
        let q = query.get_untracked();
        if !is_log_query(&q) {
            note.set(Some("Live tail needs a log query ({...}).".into()));
            return;
        }
        let from = tail_start(shown.table.with_untracked(LogTable::newest), now_ms());
        machine.update(LiveTail::start);
        tenant_line.set(tenant.as_deref().map(tenant_note));
        note.set(None);
        let on_message = move |message: TailMessage| {
            let now = now_ms() as f64;
            let dropped = message.dropped.len();
            let intake = machine.try_update(|m| m.receive(message.streams, dropped, now));
            if let Some(Intake::Show(streams)) = intake {
                shown.edit(|t| merge_tail(t, streams));
                runs.tail_delivered.try_set(true);
            }
        };
        let handle = client.tail(&q, from, move |event| match event {
            TailEvent::Message(message) => on_message(message),
            TailEvent::Connected => {
                note.try_set(None);
            }
            TailEvent::Refused { status, reason } => {
                note.try_set(Some(refused_note(status, &reason)));
                stop.run(());
            }
            TailEvent::Problem(problem) => {
                note.try_set(Some(problem));
            }
            TailEvent::Reconnecting { in_ms } => {
                note.try_set(Some(reconnect_note(in_ms)));
            }
        });
        socket.set_value(Some(handle));
        let every = std::time::Duration::from_millis(RATE_EVERY_MS);
        let tick = move || {
            if let Some(r) = machine.try_with_untracked(|m| m.rate(now_ms() as f64)) {
                rate.try_set(r);
            }
        };
        timer.set_value(set_interval_with_handle(tick, every).ok());
    });
    // A new run replaces what the tail was adding to.
    Effect::new(move |_| {
        let is_run = runs.phase.with(|p| p.spec().is_some());
        if is_run && machine.with_untracked(LiveTail::mode) != TailMode::Off {
            stop.run(());
        }
    });
    Tail {
        machine,
        shown,
        mode: Memo::new(move |_| machine.with(LiveTail::mode)),
        dropped: Memo::new(move |_| machine.with(LiveTail::dropped)),
        rate,
        note,
        tenant_note: tenant_line,
        start,
        stop,
    }
}
