//! Live tail bookkeeping: the lines-per-second rate over a sliding window. Pure maths; the
//! websocket itself lives in `api::loki`.

use std::collections::VecDeque;

/// The window the rate is averaged over.
pub const RATE_WINDOW_MS: f64 = 10_000.0;

/// Records `lines` arriving at `now_ms` and forgets arrivals older than the window.
pub fn record(samples: &mut VecDeque<(f64, usize)>, now_ms: f64, lines: usize) {
    samples.push_back((now_ms, lines));
    while samples.front().is_some_and(|(t, _)| now_ms - t > RATE_WINDOW_MS) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
