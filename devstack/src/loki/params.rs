//! Loki's HTTP parameter semantics: timestamps (ns, s, float, RFC3339), `limit`, `direction`,
//! `step`/`interval`, the default range (the last hour) and the raw query/form pairs.

use super::duration::parse_prom_duration;
use meshboard_core::time_range::{civil_from_days, days_from_civil};

/// Loki's `max_entries_limit_per_query` default.
pub const MAX_LIMIT: u32 = 5000;
/// Loki's default `limit` for log queries and volume.
pub const DEFAULT_LIMIT: u32 = 100;
/// Default lookback when `start` is absent.
pub const DEFAULT_SINCE_NS: i64 = 3_600_000_000_000;
/// Prometheus/Loki refuse range queries with more points per series than this.
pub const MAX_POINTS: i64 = 11_000;

/// All `key=value` pairs of a request: the URL query followed by a form body (Loki accepts POST).
#[derive(Debug, Default, Clone)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>, body: &[u8]) -> Self {
        let mut pairs: Vec<(String, String)> = query
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        pairs.extend(form_urlencoded::parse(body).into_owned());
        Params(pairs)
    }

    /// First non-empty value (Go's `r.Form.Get` returns the first; empty means absent to Loki).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// The wall clock in nanoseconds. The devstack is a host program (never wasm32), so reading the
/// clock here is safe; every function below takes "now" as a parameter so tests can pin it.
#[allow(clippy::disallowed_methods)]
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// Measures a query's execution time for `stats` (host-only, like `now_ns`).
pub struct Stopwatch(std::time::Instant);

impl Stopwatch {
    #[allow(clippy::disallowed_methods)]
    pub fn start() -> Self {
        Stopwatch(std::time::Instant::now())
    }

    pub fn secs(&self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// Parses a timestamp as Loki's `parseTimestamp`: a float (seconds, ms precision), an integer
/// (seconds when ≤ 10 digits, else nanoseconds) or RFC3339(Nano).
pub fn parse_timestamp(value: Option<&str>, default_ns: i64) -> Result<i64, String> {
    let Some(v) = value else {
        return Ok(default_ns);
    };
    if v.contains('.') {
        if let Ok(f) = v.parse::<f64>() {
            let secs = f.trunc();
            let frac = ((f - secs) * 1000.0).round() / 1000.0;
            return Ok(secs as i64 * 1_000_000_000 + (frac * 1e9) as i64);
        }
    }
    match v.parse::<i64>() {
        Ok(n) if v.len() <= 10 => Ok(n.saturating_mul(1_000_000_000)),
        Ok(n) => Ok(n),
        Err(_) => {
            parse_rfc3339(v).ok_or_else(|| format!("cannot parse \"{v}\" to a valid timestamp"))
        }
    }
}

/// Parses `2024-01-02T03:04:05.123456789Z` / `+02:00` offsets into Unix nanoseconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b[13] != b':' || b[16] != b':' || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut rest = &s[19..];
    let mut nanos = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(frac.len());
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = frac[..digits].parse::<i64>().ok()? * 10i64.pow(9 - digits as u32);
        rest = &frac[digits..];
    }
    let offset_s = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || rb[3] != b':' {
                return None;
            }
            let sign = match rb[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            sign * (rest[1..3].parse::<i64>().ok()? * 3600 + rest[4..6].parse::<i64>().ok()? * 60)
        }
    };
    // Go's `time.Parse` refuses what is not on the clock or the calendar (`24:00`, `02-30`);
    // the day count maps back to the same date only for a real one.
    let days = days_from_civil(year, month as u32, day as u32);
    let on_the_clock = (0..24).contains(&hour) && (0..60).contains(&min) && (0..60).contains(&sec);
    if !on_the_clock || civil_from_days(days) != (year, month as u32, day as u32) {
        return None;
    }
    let secs = days * 86_400 + hour * 3600 + min * 60 + sec - offset_s;
    Some(secs * 1_000_000_000 + nanos)
}

/// `step`/`interval`: float seconds or a Prometheus duration (Loki's `parseSecondsOrDuration`).
pub fn parse_seconds_or_duration(v: &str) -> Result<i64, String> {
    if let Ok(f) = v.parse::<f64>() {
        let ns = f * 1e9;
        if !ns.is_finite() || ns.abs() > i64::MAX as f64 {
            return Err(format!(
                "cannot parse \"{v}\" to a valid duration. It overflows int64"
            ));
        }
        return Ok(ns.round() as i64);
    }
    parse_prom_duration(v).map_err(|_| format!("cannot parse \"{v}\" to a valid duration"))
}

/// Query direction of log queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

pub fn parse_direction(v: Option<&str>) -> Result<Direction, String> {
    match v.map(|s| s.to_ascii_lowercase()) {
        None => Ok(Direction::Backward),
        Some(s) if s == "backward" => Ok(Direction::Backward),
        Some(s) if s == "forward" => Ok(Direction::Forward),
        Some(s) => Err(format!("invalid direction '{s}'")),
    }
}

/// `limit`: default 100, positive, at most `MAX_LIMIT` (Loki answers 400 beyond it).
pub fn parse_limit(v: Option<&str>) -> Result<u32, String> {
    let Some(v) = v else { return Ok(DEFAULT_LIMIT) };
    let n: i64 = v
        .parse()
        .map_err(|_| format!("strconv.ParseUint: parsing \"{v}\": invalid syntax"))?;
    if n <= 0 {
        return Err("limit must be a positive value".to_string());
    }
    if n > i64::from(MAX_LIMIT) {
        return Err(format!(
            "max entries limit per query exceeded, limit > max_entries_limit_per_query ({n} > {MAX_LIMIT})"
        ));
    }
    Ok(n as u32)
}

/// Loki's default range step: one point per 1/250 of the range, at least one second.
pub fn default_step_ns(start_ns: i64, end_ns: i64) -> i64 {
    let secs = ((end_ns - start_ns) / 1_000_000_000 / 250).max(1);
    secs * 1_000_000_000
}

/// The time window of a range request: `start`, `end` (default now), `since` (default 1h).
pub fn parse_range(p: &Params, now: i64) -> Result<(i64, i64), String> {
    let end = parse_timestamp(p.get("end"), now)?;
    let since = match p.get("since") {
        Some(s) => parse_prom_duration(s).map_err(|e| e.to_string())?,
        None => DEFAULT_SINCE_NS,
    };
    let start = parse_timestamp(p.get("start"), end - since)?;
    if end < start {
        return Err("end timestamp must not be before or equal to start time".to_string());
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshboard_core::loki::time::NsTime;

    #[test]
    fn timestamps_in_every_form() {
        let d = 7;
        assert_eq!(parse_timestamp(None, d), Ok(7));
        assert_eq!(
            parse_timestamp(Some("1588889221"), d),
            Ok(1_588_889_221_000_000_000)
        );
        assert_eq!(
            parse_timestamp(Some("1588889221.5"), d),
            Ok(1_588_889_221_500_000_000)
        );
        assert_eq!(
            parse_timestamp(Some("1569266497240578000"), d),
            Ok(1_569_266_497_240_578_000)
        );
        assert_eq!(
            parse_timestamp(Some("2020-05-07T22:07:01.123Z"), d),
            Ok(1_588_889_221_123_000_000)
        );
        assert_eq!(
            parse_timestamp(Some("2020-05-08T00:07:01+02:00"), d),
            Ok(1_588_889_221_000_000_000)
        );
        assert!(parse_timestamp(Some("yesterday"), d).is_err());
    }

    #[test]
    fn rfc3339_round_trip() {
        // The app's writer (Go's RFC3339Nano: trailing zeros trimmed) reads back exactly.
        for ns in [1_588_889_221_123_456_789, 1_588_889_221_000_000_000, -1, 0] {
            let text = NsTime(ns).to_rfc3339();
            assert_eq!(parse_rfc3339(&text), Some(ns), "{text}");
        }
        assert_eq!(
            parse_rfc3339("2020-05-07T22:07:01.123456789Z"),
            Some(1_588_889_221_123_456_789)
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1_000_000_000));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000_000_000)
        );
        for off_the_calendar in [
            "2023-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T-1:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(off_the_calendar), None, "{off_the_calendar}");
        }
    }

    #[test]
    fn limits_and_steps() {
        assert_eq!(parse_limit(None), Ok(100));
        assert_eq!(parse_limit(Some("5000")), Ok(5000));
        assert!(parse_limit(Some("5001"))
            .unwrap_err()
            .contains("(5001 > 5000)"));
        assert!(parse_limit(Some("0")).is_err());
        assert_eq!(parse_seconds_or_duration("15"), Ok(15_000_000_000));
        assert_eq!(parse_seconds_or_duration("0.5"), Ok(500_000_000));
        assert_eq!(parse_seconds_or_duration("1m"), Ok(60_000_000_000));
        assert_eq!(default_step_ns(0, 3_600_000_000_000), 14_000_000_000);
        assert_eq!(parse_direction(Some("FORWARD")), Ok(Direction::Forward));
    }
}
