//! Live tail bookkeeping: the lines-per-second rate over a sliding window, the websocket URL
//! and the connection's state machine ([`TailCursor`]): where a reconnect resumes, the back-off
//! before it, and what to do when Loki refuses the handshake. Pure; the websocket itself lives
//! in `api::loki`.
//!
//! A browser cannot read why a websocket handshake failed (Loki's 400 for a bad query or 401
//! `no org id` look like any closed socket), so the first socket that closes without opening
//! is followed by one plain GET of the same URL: Loki checks the query and the tenant before
//! the upgrade and answers the refusal as text, or gorilla/websocket's `Bad Request` when both
//! are fine (the failure is elsewhere). A refusal (4xx) stops the tail and is shown; network
//! failures and 5xx keep the back-off.

use std::collections::VecDeque;

use crate::loki::{LogStream, NsTime};

/// The window the rate is averaged over.
pub const RATE_WINDOW_MS: f64 = 10_000.0;

/// Records `lines` arriving at `now_ms` and forgets arrivals older than the window.
pub fn record(samples: &mut VecDeque<(f64, usize)>, now_ms: f64, lines: usize) {
    samples.push_back((now_ms, lines));
    while samples
        .front()
        .is_some_and(|(t, _)| now_ms - t > RATE_WINDOW_MS)
    {
        samples.pop_front();
    }
}

/// Lines per second over the last window (0 when nothing arrived).
pub fn rate_per_second(samples: &VecDeque<(f64, usize)>, now_ms: f64) -> f64 {
    let lines: usize = samples
        .iter()
        .filter(|(t, _)| now_ms - t <= RATE_WINDOW_MS)
        .map(|(_, n)| n)
        .sum();
    lines as f64 / (RATE_WINDOW_MS / 1000.0)
}

/// `http(s)://` -> `ws(s)://`; other schemes are left as they are.
pub fn ws_url(http_url: &str) -> String {
    if let Some(rest) = http_url.strip_prefix("https://") {
        format!("wss://{rest}")
    } else if let Some(rest) = http_url.strip_prefix("http://") {
        format!("ws://{rest}")
    } else {
        http_url.to_string()
    }
}

/// Back-off before reconnect attempt `attempt` (1 s doubling to 30 s).
pub fn backoff_ms(attempt: u32) -> u32 {
    1000u32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// Lines a tail socket asks Loki for when it (re)connects.
pub const TAIL_LIMIT: u32 = 100;

/// The reconnect state of one tail: where the next socket resumes (just after the newest line
/// received, so a reconnect neither repeats nor skips lines) and how long to wait before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TailCursor {
    resume_from: NsTime,
    attempt: u32,
    /// The current socket reached `open`.
    socket_opened: bool,
    /// The handshake probe was made (once per tail).
    probed: bool,
}

/// What to do when a socket closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterClose {
    /// GET the tail URL once to read why Loki refused the handshake.
    Probe,
    /// Open a new socket after `in_ms`.
    Retry { in_ms: u32 },
}

/// What the probe's answer means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeVerdict {
    /// Loki refuses this tail (its status and reason): stop, retrying cannot help.
    Refused { status: u16, reason: String },
    /// Loki would accept it, or could not be asked: retry after `in_ms`.
    Retry { in_ms: u32 },
}

/// What gorilla/websocket answers a GET without upgrade headers: Loki accepted the query and
/// the tenant, only the upgrade was missing.
const UPGRADE_REQUIRED_BODY: &str = "Bad Request";

impl TailCursor {
    pub fn new(start: NsTime) -> TailCursor {
        TailCursor {
            resume_from: start,
            attempt: 0,
            socket_opened: false,
            probed: false,
        }
    }

    /// A new socket is being opened.
    pub fn connecting(&mut self) {
        self.socket_opened = false;
    }

    /// The socket closed (or failed): probe once if it never opened, else back off.
    pub fn closed(&mut self) -> AfterClose {
        if !self.socket_opened && !self.probed {
            self.probed = true;
            return AfterClose::Probe;
        }
        AfterClose::Retry {
            in_ms: self.next_delay_ms(),
        }
    }

    /// The probe's answer: `Some((status, body))`, or `None` when the GET got no answer.
    pub fn probe_answer(&mut self, answer: Option<(u16, &str)>) -> ProbeVerdict {
        match answer {
            Some((status, body))
                if (400..500).contains(&status) && body.trim() != UPGRADE_REQUIRED_BODY =>
            {
                let reason = body.trim();
                ProbeVerdict::Refused {
                    status,
                    reason: if reason.is_empty() {
                        format!("HTTP {status}")
                    } else {
                        reason.to_string()
                    },
                }
            }
            _ => ProbeVerdict::Retry {
                in_ms: self.next_delay_ms(),
            },
        }
    }

    /// The `start` of the next socket.
    pub fn resume_from(&self) -> NsTime {
        self.resume_from
    }

    /// A socket opened: the back-off starts again.
    pub fn opened(&mut self) {
        self.attempt = 0;
        self.socket_opened = true;
    }

    /// Lines arrived: a reconnect resumes after the newest of them.
    pub fn received(&mut self, streams: &[LogStream]) {
        let newest = streams
            .iter()
            .flat_map(|s| s.entries.iter().map(|e| e.ts))
            .max();
        if let Some(newest) = newest {
            self.resume_from = self.resume_from.max(newest.saturating_add(1));
        }
    }

    /// The socket closed: the wait before the next attempt, longer each time.
    pub fn next_delay_ms(&mut self) -> u32 {
        let delay = backoff_ms(self.attempt);
        self.attempt = self.attempt.saturating_add(1);
        delay
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_urls_and_backoff() {
        assert_eq!(
            ws_url("http://h:1/loki/loki/api/v1/tail?q=1"),
            "ws://h:1/loki/loki/api/v1/tail?q=1"
        );
        assert_eq!(ws_url("https://h/x"), "wss://h/x");
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(1), 2000);
        assert_eq!(backoff_ms(10), 30_000);
    }

    #[test]
    fn sliding_rate() {
        let mut samples = VecDeque::new();
        record(&mut samples, 0.0, 50);
        record(&mut samples, 5_000.0, 50);
        assert_eq!(rate_per_second(&samples, 5_000.0), 10.0);
        assert_eq!(rate_per_second(&samples, 12_000.0), 5.0);
        record(&mut samples, 30_000.0, 0);
        assert_eq!(samples.len(), 1);
        assert_eq!(rate_per_second(&samples, 30_000.0), 0.0);
    }

    #[test]
    fn cursor_resumes_after_the_newest_line_and_backs_off() {
        use crate::loki::LogEntry;
        let mut cursor = TailCursor::new(NsTime(100));
        let entry = |t| LogEntry {
            ts: NsTime(t),
            ..LogEntry::default()
        };
        cursor.received(&[LogStream {
            labels: Default::default(),
            entries: vec![entry(150), entry(120)],
        }]);
        assert_eq!(cursor.resume_from(), NsTime(151));
        cursor.received(&[]);
        cursor.received(&[LogStream {
            labels: Default::default(),
            entries: vec![entry(90)],
        }]);
        assert_eq!(cursor.resume_from(), NsTime(151), "never moves back");
        assert_eq!(cursor.next_delay_ms(), 1000);
        assert_eq!(cursor.next_delay_ms(), 2000);
        cursor.opened();
        assert_eq!(cursor.next_delay_ms(), 1000);
    }

    #[test]
    fn a_refused_handshake_is_probed_once_and_stops_on_4xx() {
        // Issue 16: a bad query (400) or a missing tenant (401) used to reconnect forever.
        for (status, body, reason) in [
            (
                400,
                "parse error at line 1, col 21: syntax error: unexpected $end",
                "parse error at line 1, col 21: syntax error: unexpected $end",
            ),
            (401, "no org id\n", "no org id"),
            (403, "", "HTTP 403"),
        ] {
            let mut cursor = TailCursor::new(NsTime(0));
            cursor.connecting();
            assert_eq!(cursor.closed(), AfterClose::Probe);
            assert_eq!(
                cursor.probe_answer(Some((status, body))),
                ProbeVerdict::Refused {
                    status,
                    reason: reason.to_string()
                }
            );
        }
    }

    #[test]
    fn network_failures_and_5xx_keep_the_back_off() {
        let mut cursor = TailCursor::new(NsTime(0));
        cursor.connecting();
        assert_eq!(cursor.closed(), AfterClose::Probe);
        // gorilla's answer to a GET: query and tenant are fine, the socket failed elsewhere.
        assert_eq!(
            cursor.probe_answer(Some((400, "Bad Request\n"))),
            ProbeVerdict::Retry { in_ms: 1000 }
        );
        cursor.connecting();
        assert_eq!(
            cursor.closed(),
            AfterClose::Retry { in_ms: 2000 },
            "probed once per tail"
        );
        let mut cursor = TailCursor::new(NsTime(0));
        cursor.connecting();
        cursor.closed();
        assert_eq!(
            cursor.probe_answer(Some((502, "bad gateway"))),
            ProbeVerdict::Retry { in_ms: 1000 }
        );
        let mut cursor = TailCursor::new(NsTime(0));
        cursor.connecting();
        cursor.closed();
        assert_eq!(
            cursor.probe_answer(None),
            ProbeVerdict::Retry { in_ms: 1000 }
        );
        // A socket that opened and later closed (Loki restarting) just reconnects.
        let mut cursor = TailCursor::new(NsTime(0));
        cursor.connecting();
        cursor.opened();
        assert_eq!(cursor.closed(), AfterClose::Retry { in_ms: 1000 });
    }
}
