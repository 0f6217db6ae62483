//! Exact nanosecond timestamps, as Loki sends them: decimal strings that an `f64` cannot hold.

use crate::time_range::civil_from_days;
use std::fmt;

/// Epoch nanoseconds, kept as an exact integer (i64 covers 1677..2262).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NsTime(pub i64);

impl NsTime {
    pub const NANOS_PER_MILLI: i64 = 1_000_000;

    /// Parses Loki's decimal-string form (`"1569266497240578000"`). Rejects anything that is not
    /// an optionally signed run of ASCII digits fitting in an i64, so no precision is ever lost.
    pub fn parse(text: &str) -> Option<NsTime> {
        let digits = text.strip_prefix('-').unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse::<i64>().ok().map(NsTime)
    }

    pub fn from_millis(ms: i64) -> NsTime {
        NsTime(ms.saturating_mul(Self::NANOS_PER_MILLI))
    }

    /// Milliseconds, rounded down: for charts and the URL's `from`/`to`.
    pub fn as_millis(self) -> i64 {
        self.0.div_euclid(Self::NANOS_PER_MILLI)
    }

    /// Milliseconds as `f64` for chart axes (the sub-millisecond part is dropped on purpose).
    pub fn as_millis_f64(self) -> f64 {
        self.as_millis() as f64
    }

    /// Microseconds, rounded down (the unit of Jaeger's API).
    pub fn as_micros(self) -> i64 {
        self.0.div_euclid(1_000)
    }

    pub fn saturating_add(self, nanos: i64) -> NsTime {
        NsTime(self.0.saturating_add(nanos))
    }

    /// RFC 3339 in UTC with the fraction trimmed to what is needed (`2019-09-23T19:21:37.240578Z`).
    pub fn to_rfc3339(self) -> String {
        let seconds = self.0.div_euclid(1_000_000_000);
        let nanos = self.0.rem_euclid(1_000_000_000);
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let second_of_day = seconds.rem_euclid(86_400);
        let (h, m, s) = (
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60,
        );
        let mut text = format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}");
        if nanos != 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        text.push('Z');
        text
    }
}

impl fmt::Display for NsTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_beyond_f64_precision() {
        let t = NsTime::parse("1645030246277587968").unwrap();
        assert_eq!(t.0, 1_645_030_246_277_587_968);
        assert_eq!(t.to_string(), "1645030246277587968");
        // The neighbouring value differs by one nanosecond, which an f64 could not tell apart.
        assert_ne!(NsTime::parse("1645030246277587969").unwrap(), t);
    }

    #[test]
    fn rejects_non_integers() {
        for bad in ["", "-", "1.5", "1e9", " 12", "12a", "99999999999999999999"] {
            assert_eq!(NsTime::parse(bad), None, "{bad}");
        }
        assert_eq!(NsTime::parse("-5"), Some(NsTime(-5)));
    }

    #[test]
    fn converts_units() {
        let t = NsTime(1_569_266_497_240_578_000);
        assert_eq!(t.as_millis(), 1_569_266_497_240);
        assert_eq!(t.as_micros(), 1_569_266_497_240_578);
        assert_eq!(NsTime::from_millis(1_000).0, 1_000_000_000);
        assert_eq!(NsTime(-1).as_millis(), -1);
    }

    #[test]
    fn formats_rfc3339() {
        assert_eq!(
            NsTime(1_569_266_497_240_578_000).to_rfc3339(),
            "2019-09-23T19:21:37.240578Z"
        );
        assert_eq!(NsTime(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(NsTime(-1).to_rfc3339(), "1969-12-31T23:59:59.999999999Z");
        // 2024 is a leap year: the day after Feb 28 is Feb 29.
        assert_eq!(
            NsTime(1_709_164_800_000_000_000).to_rfc3339(),
            "2024-02-29T00:00:00Z"
        );
        assert_eq!(
            NsTime(i64::MAX).to_rfc3339(),
            "2262-04-11T23:47:16.854775807Z"
        );
        assert_eq!(
            NsTime(i64::MIN).to_rfc3339(),
            "1677-09-21T00:12:43.145224192Z"
        );
    }
}
