//! Duration literals shared by the stand-ins: Go's `time.ParseDuration` (LogQL literals such as
//! `250ms`, Jaeger's `minDuration=1.2s`) and Prometheus' `model.ParseDuration` (`5m`, `1d`, `2w`,
//! whose grammar is the core's, shared with the app's step maths).

use meshboard_core::step::parse_prom_duration_units;

/// Nanoseconds per unit suffix accepted by Go's `time.ParseDuration`.
fn go_unit_ns(unit: &str) -> Option<f64> {
    Some(match unit {
        "ns" => 1.0,
        "us" | "µs" | "μs" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        "m" => 60e9,
        "h" => 3600e9,
        _ => return None,
    })
}

/// Parses a Go duration (`1.5s`, `1h30m`, `-2ms`, `0`) into nanoseconds. The error text is Go's,
/// because Jaeger passes it through verbatim: `time: invalid duration "x"`.
pub fn parse_go_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration \"{s}\"");
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body == "0" {
        return Ok(0);
    }
    if body.is_empty() {
        return Err(invalid());
    }
    let mut total = 0f64;
    let mut rest = body;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let num = &rest[..num_len];
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return Err(invalid());
        }
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration \"{s}\""));
        }
        let scale = go_unit_ns(unit)
            .ok_or_else(|| format!("time: unknown unit \"{unit}\" in duration \"{s}\""))?;
        rest = &rest[unit_len..];
        let value: f64 = num.parse().map_err(|_| invalid())?;
        total += value * scale;
    }
    if total > i64::MAX as f64 {
        return Err(invalid());
    }
    let ns = total.round() as i64;
    Ok(if neg { -ns } else { ns })
}

/// Parses a Prometheus duration (`5m`, `1h30m`, `2d`, `100ms`) into nanoseconds, with the
/// error text Loki passes on (`since=...`).
pub fn parse_prom_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("not a valid duration string: \"{s}\"");
    let ms = parse_prom_duration_units(s).ok_or_else(invalid)?;
    // Whole milliseconds below 2^63 ns are exact in an f64, so the conversion loses nothing;
    // beyond that Go's `time.Duration` overflows and Prometheus refuses the duration.
    if ms >= i64::MAX as f64 / 1e6 {
        return Err(invalid());
    }
    (ms as i64).checked_mul(1_000_000).ok_or_else(invalid)
}

/// LogQL duration literals: Go syntax first, then Prometheus units (`d`, `w`, `y`), as Loki's
/// lexer does.
pub fn parse_logql_duration(s: &str) -> Option<i64> {
    parse_go_duration(s)
        .ok()
        .or_else(|| parse_prom_duration(s).ok())
}

/// Byte-size literals of LogQL label filters (`5KB`, `1MiB`), as go-humanize parses them.
pub fn parse_bytes(s: &str) -> Option<f64> {
    let num_len = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    if num_len == 0 {
        return None;
    }
    let value: f64 = s[..num_len].parse().ok()?;
    let unit = s[num_len..].trim().to_ascii_lowercase();
    let scale = match unit.as_str() {
        "b" | "" => 1.0,
        "kb" | "k" => 1e3,
        "mb" | "m" => 1e6,
        "gb" | "g" => 1e9,
        "tb" | "t" => 1e12,
        "pb" | "p" => 1e15,
        "kib" | "ki" => 1024.0,
        "mib" | "mi" => 1024f64.powi(2),
        "gib" | "gi" => 1024f64.powi(3),
        "tib" | "ti" => 1024f64.powi(4),
        "pib" | "pi" => 1024f64.powi(5),
        _ => return None,
    };
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(parse_go_duration("1.2s"), Ok(1_200_000_000));
        assert_eq!(parse_go_duration("100ms"), Ok(100_000_000));
        assert_eq!(parse_go_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration("1µs"), Ok(1_000));
        assert_eq!(parse_go_duration("0"), Ok(0));
        assert_eq!(parse_go_duration("-2ms"), Ok(-2_000_000));
        assert_eq!(
            parse_go_duration("12").unwrap_err(),
            "time: missing unit in duration \"12\""
        );
        assert_eq!(
            parse_go_duration("x").unwrap_err(),
            "time: invalid duration \"x\""
        );
        assert_eq!(
            parse_go_duration("3d").unwrap_err(),
            "time: unknown unit \"d\" in duration \"3d\""
        );
    }

    #[test]
    fn prom_durations() {
        assert_eq!(parse_prom_duration("5m"), Ok(300_000_000_000));
        assert_eq!(parse_prom_duration("1d"), Ok(86_400_000_000_000));
        assert_eq!(parse_prom_duration("1h30m"), Ok(5_400_000_000_000));
        assert!(parse_prom_duration("1.5m").is_err());
        assert_eq!(parse_prom_duration("0"), Ok(0));
        assert_eq!(
            parse_prom_duration("292y"),
            Ok(292 * 365 * 86_400_000_000_000)
        );
        for bad in [
            "",
            "15",
            " 5m",
            "5x",
            "-1s",
            "293y",
            "99999999999999999999ms",
        ] {
            assert_eq!(
                parse_prom_duration(bad),
                Err(format!("not a valid duration string: \"{bad}\"")),
                "{bad}"
            );
        }
        assert_eq!(parse_logql_duration("2w"), Some(14 * 86_400_000_000_000));
        assert_eq!(parse_logql_duration("1.5s"), Some(1_500_000_000));
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(parse_bytes("5KB"), Some(5000.0));
        assert_eq!(parse_bytes("1MiB"), Some(1_048_576.0));
        assert_eq!(parse_bytes("KB"), None);
    }
}
