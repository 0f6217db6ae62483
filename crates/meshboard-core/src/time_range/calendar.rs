//! Proleptic Gregorian calendar maths on epoch milliseconds (no chrono: it would cost
//! bundle size for four small functions), and ISO 8601 reading and writing.

const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month 1-12, day 1-31) of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Adds calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29), keeping time of day.
pub fn add_months(ms: i64, months: i64) -> i64 {
    let days = ms.div_euclid(DAY_MS);
    let time_of_day = ms.rem_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    let total = year * 12 + i64::from(month) - 1 + months;
    let (new_year, new_month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    let new_day = day.min(days_in_month(new_year, new_month));
    days_from_civil(new_year, new_month, new_day) * DAY_MS + time_of_day
}

/// `2026-11-21T10:00:00.000Z`.
pub fn format_iso_utc(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(DAY_MS));
    let t = ms.rem_euclid(DAY_MS);
    let (h, m, s, milli) = (t / 3_600_000, t / 60_000 % 60, t / 1000 % 60, t % 1000);
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// Reads `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM`.
/// A space may stand for `T`. Without a zone the time is UTC.
pub fn parse_iso8601(text: &str) -> Result<i64, &'static str> {
    let bytes = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Result<i64, &'static str> {
        let part = text.get(range).ok_or("incomplete date")?;
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err("expected digits in the date or time");
        }
        part.parse().map_err(|_| "number out of range")
    };
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(
            "not a time: use now-6h, epoch milliseconds or ISO 8601 (2026-11-21T10:00:00Z)",
        );
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > i64::from(days_in_month(year, month as u32)) {
        return Err("no such calendar date");
    }
    let mut ms = days_from_civil(year, month as u32, day as u32) * DAY_MS;
    let rest = &text[10..];
    if rest.is_empty() {
        return Ok(ms);
    }
    if !(rest.starts_with('T') || rest.starts_with(' '))
        || rest.len() < 6
        || rest.as_bytes()[3] != b':'
    {
        return Err("expected THH:MM after the date");
    }
    let (hour, minute) = (num(11..13)?, num(14..16)?);
    let mut pos = 16;
    let mut second = 0;
    let mut millis = 0;
    if bytes.get(pos) == Some(&b':') {
        second = num(pos + 1..pos + 3)?;
        pos += 3;
        if bytes.get(pos) == Some(&b'.') {
            let digits = bytes[pos + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits == 0 {
                return Err("expected fractional seconds after '.'");
            }
            // Keep milliseconds; finer digits cannot be represented in epoch ms anyway.
            let frac = &text[pos + 1..pos + 1 + digits.min(3)];
            millis = frac.parse::<i64>().unwrap_or(0) * 10_i64.pow(3 - frac.len() as u32);
            pos += 1 + digits;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err("time of day out of range");
    }
    ms += hour * 3_600_000 + minute * 60_000 + second * 1000 + millis;
    let zone = &text[pos..];
    let offset_min = match zone {
        "" | "Z" | "z" => 0,
        _ if zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && zone.as_bytes()[3] == b':' =>
        {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            sign * (num(pos + 1..pos + 3)? * 60 + num(pos + 4..pos + 6)?)
        }
        _ => return Err("unknown time zone: use Z or +HH:MM"),
    };
    Ok(ms - offset_min * 60_000)
}
