//! Calendar formatting of simulated Unix times, as the seed systems' loggers write them
//! (structlog's ISO `...Z`, Python's naive `datetime.isoformat()`), without a date crate.

use meshboard_core::time_range::civil_from_days;

/// `2025-01-31T12:34:56.123456` (microseconds, no zone).
pub fn iso8601_naive(unix_seconds: f64) -> String {
    let micros = (unix_seconds * 1e6).round() as i64;
    let secs = micros.div_euclid(1_000_000);
    let frac = micros.rem_euclid(1_000_000);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{frac:06}",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// `2025-01-31T12:34:56.123456Z`, structlog's `TimeStamper(fmt="iso")`.
pub fn iso8601_utc(unix_seconds: f64) -> String {
    iso8601_naive(unix_seconds) + "Z"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601_utc(0.0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(iso8601_utc(1_700_000_000.25), "2023-11-14T22:13:20.250000Z");
        assert_eq!(iso8601_naive(951_782_400.0), "2000-02-29T00:00:00.000000");
    }
}
