//! `timepicker.nowDelay`: a dashboard that knows its newest data arrives late (aggregation,
//! scrape lag) moves "now" back for its queries. As Grafana's `evaluateTimeRange` does, only a
//! range ending exactly at `now` is shifted, to `now-<delay>`; `from` and absolute or rounded
//! ends stay as written, and the picker keeps showing the range the user chose.

use super::{TimeExpr, TimeRange};

/// A range after the dashboard's delay, and why the delay was ignored when it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelayedRange {
    pub range: TimeRange,
    pub ignored: Option<String>,
}

/// Reads a delay as Grafana appends it to `now-` (`1m`, `30s`, `2h`); `Ok(None)` when empty.
pub fn parse_now_delay(delay: &str) -> Result<Option<TimeExpr>, String> {
    let text = delay.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let fail = |why: &str| format!("nowDelay \"{text}\" ignored: {why}");
    if text.starts_with(['-', '+', '/']) {
        return Err(fail("write a duration such as 1m or 30s"));
    }
    match TimeExpr::parse(&format!("now-{text}")) {
        Ok(expr) => Ok(Some(expr)),
        Err(err) => Err(fail(err.reason)),
    }
}

impl TimeRange {
    /// The range queries run over under `now_delay`: `to == now` becomes `now-<delay>`.
    pub fn with_now_delay(&self, now_delay: &str) -> DelayedRange {
        match parse_now_delay(now_delay) {
            Ok(Some(delayed_now)) if self.to == TimeExpr::now() => DelayedRange {
                range: TimeRange {
                    from: self.from.clone(),
                    to: delayed_now,
                },
                ignored: None,
            },
            Ok(_) => DelayedRange {
                range: self.clone(),
                ignored: None,
            },
            Err(reason) => DelayedRange {
                range: self.clone(),
                ignored: Some(reason),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-11-21T15:30:45.500Z.
    const NOW: i64 = 1_795_275_045_500;
    const MIN: i64 = 60_000;

    fn range(from: &str, to: &str) -> TimeRange {
        TimeRange::parse(from, to).unwrap()
    }

    #[test]
    fn delays_read_as_grafana_appends_them_to_now() {
        assert_eq!(parse_now_delay(""), Ok(None));
        assert_eq!(parse_now_delay("  "), Ok(None));
        let five = parse_now_delay(" 5m ").unwrap().unwrap();
        assert_eq!(five.resolve(NOW, 0, true), NOW - 5 * MIN);
        let hour = parse_now_delay("1h").unwrap().unwrap();
        assert_eq!(hour.resolve(NOW, 0, true), NOW - 60 * MIN);
        assert_eq!(
            parse_now_delay("30s")
                .unwrap()
                .unwrap()
                .resolve(NOW, 0, true),
            NOW - 30_000
        );
    }

    #[test]
    fn a_bad_delay_is_ignored_with_its_reason() {
        for bad in ["5", "5x", "abc", "-5m", "1m30s"] {
            let delayed = range("now-6h", "now").with_now_delay(bad);
            assert_eq!(delayed.range, range("now-6h", "now"), "{bad}");
            let why = delayed.ignored.unwrap_or_default();
            assert!(
                why.starts_with(&format!("nowDelay \"{bad}\" ignored: ")),
                "{why}"
            );
        }
        assert!(range("now-6h", "now")
            .with_now_delay("5x")
            .ignored
            .unwrap()
            .contains("unknown unit"));
    }

    #[test]
    fn only_a_range_ending_at_now_is_shifted() {
        let delayed = range("now-6h", "now").with_now_delay("5m");
        assert_eq!(delayed.ignored, None);
        assert_eq!(delayed.range.to.to_string(), "now-5m");
        assert_eq!(delayed.range.from.to_string(), "now-6h", "from stays");
        assert_eq!(
            delayed.range.resolve(NOW, 0),
            (NOW - 360 * MIN, NOW - 5 * MIN)
        );
        // `to` other than exactly `now` is the user's own choice: untouched.
        for (from, to) in [
            ("now-6h", "now-1h"),
            ("now/d", "now/d"),
            ("now-2d", "now+1h"),
            ("1795200000000", "1795275000000"),
        ] {
            assert_eq!(range(from, to).with_now_delay("5m").range, range(from, to));
        }
        // No delay: the range as written.
        assert_eq!(
            range("now-1h", "now").with_now_delay("").range,
            range("now-1h", "now")
        );
    }
}
