//! The live tail as the view drives it: off, live or paused; lines arriving while paused wait
//! in a bounded buffer and are shown on resume; dropped entries and the arrival rate are
//! counted. The websocket (`api::loki`) feeds [`LiveTail::receive`]; the view shows what it
//! returns.

use std::collections::VecDeque;

use super::paging::count_lines;
use super::run::MAX_LINES;
use super::tail::{rate_per_second, record};
use crate::loki::{LogStream, NsTime};

/// How far back a tail started on an empty view begins.
const EMPTY_VIEW_LOOKBACK_MS: i64 = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TailMode {
    #[default]
    Off,
    Live,
    Paused,
}

/// What to do with a tail message's lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Intake {
    /// Merge these into the table now.
    Show(Vec<LogStream>),
    /// Kept for the resume (paused), or nothing to show.
    Held,
}

/// The tail's state machine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LiveTail {
    mode: TailMode,
    /// Batches that arrived while paused, oldest first, at most [`MAX_LINES`] lines.
    held: Vec<LogStream>,
    dropped: u64,
    /// `(arrival ms, lines)` over the rate window.
    arrivals: VecDeque<(f64, usize)>,
}

impl LiveTail {
    pub fn mode(&self) -> TailMode {
        self.mode
    }

    /// Entries Loki dropped (the client was too slow) since the tail started.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// Lines per second over the rate window.
    pub fn rate(&self, now_ms: f64) -> f64 {
        rate_per_second(&self.arrivals, now_ms)
    }

    /// A new tail: counters start again.
    pub fn start(&mut self) {
        self.mode = TailMode::Live;
        self.dropped = 0;
        self.arrivals.clear();
    }

    pub fn pause(&mut self) {
        if self.mode == TailMode::Live {
            self.mode = TailMode::Paused;
        }
    }

    /// Back to live; returns the lines held while paused, to show now.
    pub fn resume(&mut self) -> Vec<LogStream> {
        if self.mode == TailMode::Paused {
            self.mode = TailMode::Live;
        }
        std::mem::take(&mut self.held)
    }

    /// Stops the tail; lines held while paused are let go with it.
    pub fn stop(&mut self) {
        self.mode = TailMode::Off;
        self.held.clear();
    }

    /// "Clear": the held lines go with the shown ones.
    pub fn clear(&mut self) {
        self.held.clear();
    }

    /// A message arrived at `now_ms` with `streams` and `dropped` entries.
    pub fn receive(&mut self, streams: Vec<LogStream>, dropped: usize, now_ms: f64) -> Intake {
        let lines = count_lines(&streams);
        self.dropped += dropped as u64;
        record(&mut self.arrivals, now_ms, lines);
        if lines == 0 || self.mode == TailMode::Off {
            return Intake::Held;
        }
        if self.mode == TailMode::Live {
            return Intake::Show(streams);
        }
        self.held.extend(streams);
        // Bounded while paused too: the oldest batches go first.
        let mut total = count_lines(&self.held);
        while total > MAX_LINES && !self.held.is_empty() {
            total -= self.held.remove(0).entries.len();
        }
        Intake::Held
    }
}

/// Where a tail starts: just after the newest line shown, or a little before now.
pub fn tail_start(newest: Option<NsTime>, now_ms: i64) -> NsTime {
    newest
        .map(|t| t.saturating_add(1))
        .unwrap_or_else(|| NsTime::from_millis(now_ms - EMPTY_VIEW_LOOKBACK_MS))
}

/// Why the tail cannot send the tenant, shown while it runs for a tenant.
pub fn tenant_note(tenant: &str) -> String {
    format!(
        "Tenant \"{tenant}\": a browser WebSocket cannot send the X-Scope-OrgID header (Loki accepts it only as a header), so the proxy in front of Loki must add it for the tail."
    )
}

/// Shown when Loki refuses the tail's handshake (read by the probe): the tail has stopped.
pub fn refused_note(status: u16, reason: &str) -> String {
    format!("Live tail refused by Loki (HTTP {status}): {reason}")
}

/// Shown while the tail waits to reconnect.
pub fn reconnect_note(in_ms: u32) -> String {
    format!(
        "Tail connection closed; reconnecting in {} s.",
        in_ms / 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loki::LogEntry;

    fn batch(n: usize) -> Vec<LogStream> {
        let entries = (0..n)
            .map(|i| LogEntry {
                ts: NsTime(i as i64),
                line: format!("l{i}"),
                ..LogEntry::default()
            })
            .collect();
        vec![LogStream {
            labels: Default::default(),
            entries,
        }]
    }

    #[test]
    fn live_shows_paused_holds_resume_releases() {
        let mut tail = LiveTail::default();
        assert_eq!(
            tail.receive(batch(2), 0, 0.0),
            Intake::Held,
            "off: nothing shown"
        );
        tail.start();
        assert_eq!(tail.mode(), TailMode::Live);
        assert_eq!(tail.receive(batch(2), 0, 0.0), Intake::Show(batch(2)));
        tail.pause();
        assert_eq!(tail.receive(batch(3), 1, 100.0), Intake::Held);
        assert_eq!(tail.mode(), TailMode::Paused);
        assert_eq!(tail.resume(), batch(3));
        assert_eq!(tail.mode(), TailMode::Live);
        assert!(tail.resume().is_empty());
        assert_eq!(tail.dropped(), 1);
        tail.stop();
        assert_eq!(tail.mode(), TailMode::Off);
        tail.pause();
        assert_eq!(tail.mode(), TailMode::Off, "pausing needs a live tail");
    }

    #[test]
    fn the_pause_buffer_is_bounded() {
        let mut tail = LiveTail::default();
        tail.start();
        tail.pause();
        for _ in 0..6 {
            tail.receive(batch(1000), 0, 0.0);
        }
        assert_eq!(count_lines(&tail.resume()), MAX_LINES);
        tail.pause();
        tail.receive(batch(10), 0, 0.0);
        tail.clear();
        assert!(tail.resume().is_empty());
    }

    #[test]
    fn counters_restart_with_the_tail() {
        let mut tail = LiveTail::default();
        tail.start();
        tail.receive(batch(50), 2, 0.0);
        tail.receive(Vec::new(), 1, 5_000.0);
        assert_eq!(tail.dropped(), 3);
        assert_eq!(tail.rate(5_000.0), 5.0);
        tail.stop();
        tail.start();
        assert_eq!((tail.dropped(), tail.rate(5_000.0)), (0, 0.0));
    }

    #[test]
    fn starts_after_the_newest_line_and_notes() {
        assert_eq!(tail_start(Some(NsTime(42)), 1_000_000), NsTime(43));
        assert_eq!(tail_start(None, 60_000), NsTime::from_millis(50_000));
        assert!(tenant_note("acme").starts_with("Tenant \"acme\": a browser WebSocket"));
        assert_eq!(
            refused_note(401, "no org id"),
            "Live tail refused by Loki (HTTP 401): no org id"
        );
        assert_eq!(
            reconnect_note(4_000),
            "Tail connection closed; reconnecting in 4 s."
        );
    }
}
