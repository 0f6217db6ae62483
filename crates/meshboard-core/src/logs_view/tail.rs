//! Live tail bookkeeping: the lines-per-second rate over a sliding window, the websocket URL
//! and the reconnect back-off with where a reconnect resumes ([`TailCursor`]). Pure maths; the
//! websocket itself lives in `api::loki`.

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
}

impl TailCursor {
    pub fn new(start: NsTime) -> TailCursor {
        TailCursor {
            resume_from: start,
            attempt: 0,
        }
    }

    /// The `start` of the next socket.
    pub fn resume_from(&self) -> NsTime {
        self.resume_from
    }

    /// A socket opened: the back-off starts again.
    pub fn opened(&mut self) {
        self.attempt = 0;
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
}
