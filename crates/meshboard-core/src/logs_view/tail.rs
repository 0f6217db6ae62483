//! Live tail bookkeeping: the lines-per-second rate over a sliding window, the websocket URL
//! and the reconnect back-off. Pure maths; the websocket itself lives in `api::loki`.

use std::collections::VecDeque;

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
}
