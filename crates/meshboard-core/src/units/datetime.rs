//! Date and time units: moment.js patterns (`dateTimeAsIso`, `dateTimeAsUS`, `time:YYYY-MM`,
//! ...) and `dateTimeFromNow`, always in UTC: the core has no browser and no clock, so the
//! time zone is UTC and "now" is a parameter. Rules from grafana/grafana
//! `packages/grafana-data/src/valueFormats/dateTimeFormatters.ts` (`toDateTimeValueFormatter`,
//! `dateTimeFromNow`), with moment.js's format tokens and `fromNow` thresholds.

use crate::time_range::civil_from_days;

const DAY_MS: i64 = 86_400_000;
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The fields of one UTC instant.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    weekday: usize,
    day_of_year: i64,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
    epoch_ms: i64,
}

fn civil(epoch_ms: i64) -> Civil {
    let days = epoch_ms.div_euclid(DAY_MS);
    let in_day = epoch_ms.rem_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    let jan_first = crate::time_range::days_from_civil(year, 1, 1);
    Civil {
        year,
        month,
        day,
        // 1970-01-01 was a Thursday.
        weekday: (days + 4).rem_euclid(7) as usize,
        day_of_year: days - jan_first + 1,
        hour: in_day / 3_600_000,
        minute: in_day / 60_000 % 60,
        second: in_day / 1000 % 60,
        millis: in_day % 1000,
        epoch_ms,
    }
}

/// Whether two instants fall on the same UTC day (`NoDateIfToday`).
pub(crate) fn same_utc_day(a_ms: i64, b_ms: i64) -> bool {
    a_ms.div_euclid(DAY_MS) == b_ms.div_euclid(DAY_MS)
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// moment.js's tokens, longest first so that `YYYY` wins over `YY` and `MMMM` over `MM`.
const TOKENS: [&str; 33] = [
    "YYYYYY", "YYYY", "MMMM", "dddd", "SSSS", "DDDD", "MMM", "ddd", "DDD", "SSS", "YY", "MM", "Do",
    "DD", "HH", "hh", "kk", "mm", "ss", "SS", "ZZ", "Qo", "M", "D", "d", "H", "h", "k", "m", "s",
    "S", "A", "a",
];

fn token_text(token: &str, t: &Civil) -> String {
    let hour12 = if t.hour % 12 == 0 { 12 } else { t.hour % 12 };
    match token {
        "YYYYYY" => format!("{:+07}", t.year),
        "YYYY" => format!("{:04}", t.year),
        "YY" => format!("{:02}", t.year.rem_euclid(100)),
        "MMMM" => MONTHS[t.month as usize - 1].to_owned(),
        "MMM" => MONTHS[t.month as usize - 1][..3].to_owned(),
        "MM" => format!("{:02}", t.month),
        "M" => t.month.to_string(),
        "Qo" => ordinal(i64::from((t.month - 1) / 3 + 1)),
        "DDDD" => format!("{:03}", t.day_of_year),
        "DDD" => t.day_of_year.to_string(),
        "DD" => format!("{:02}", t.day),
        "Do" => ordinal(i64::from(t.day)),
        "D" => t.day.to_string(),
        "dddd" => WEEKDAYS[t.weekday].to_owned(),
        "ddd" => WEEKDAYS[t.weekday][..3].to_owned(),
        "d" => t.weekday.to_string(),
        "HH" => format!("{:02}", t.hour),
        "H" => t.hour.to_string(),
        "hh" => format!("{hour12:02}"),
        "h" => hour12.to_string(),
        "kk" => format!("{:02}", if t.hour == 0 { 24 } else { t.hour }),
        "k" => (if t.hour == 0 { 24 } else { t.hour }).to_string(),
        "mm" => format!("{:02}", t.minute),
        "m" => t.minute.to_string(),
        "ss" => format!("{:02}", t.second),
        "s" => t.second.to_string(),
        "S" => (t.millis / 100).to_string(),
        "SS" => format!("{:02}", t.millis / 10),
        "SSS" => format!("{:03}", t.millis),
        "SSSS" => format!("{:03}0", t.millis),
        "A" => (if t.hour < 12 { "AM" } else { "PM" }).to_owned(),
        "a" => (if t.hour < 12 { "am" } else { "pm" }).to_owned(),
        "ZZ" => "+0000".to_owned(),
        _ => String::new(),
    }
}

/// Formats epoch milliseconds with a moment.js pattern in UTC: `YYYY-MM-DD HH:mm:ss`,
/// `MM/DD/YYYY h:mm:ss a`, `[week] W`-style `[literal]` text, `X` (epoch seconds), `x`
/// (epoch ms), `Z` (`+00:00`). Letters that are not tokens are kept as they are.
pub(crate) fn format_pattern(epoch_ms: i64, pattern: &str) -> String {
    let t = civil(epoch_ms);
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            // `[text]` is literal text in moment.js.
            if let Some(end) = rest.find(']') {
                out.push_str(&rest[1..end]);
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '\\' {
            let mut chars = rest.chars();
            chars.next();
            if let Some(escaped) = chars.next() {
                out.push(escaped);
                rest = chars.as_str();
                continue;
            }
        }
        match c {
            'X' => {
                out.push_str(&t.epoch_ms.div_euclid(1000).to_string());
                rest = &rest[1..];
                continue;
            }
            'x' => {
                out.push_str(&t.epoch_ms.to_string());
                rest = &rest[1..];
                continue;
            }
            'Z' if !rest.starts_with("ZZ") => {
                out.push_str("+00:00");
                rest = &rest[1..];
                continue;
            }
            'Q' if !rest.starts_with("Qo") => {
                out.push_str(&((t.month - 1) / 3 + 1).to_string());
                rest = &rest[1..];
                continue;
            }
            _ => {}
        }
        if let Some(token) = TOKENS.iter().find(|token| rest.starts_with(**token)) {
            out.push_str(&token_text(token, &t));
            rest = &rest[token.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// moment.js's `fromNow` in English: "a few seconds ago", "2 minutes ago", "in 3 hours",
/// "7 days ago", "a year ago", with moment's thresholds (45 s, 45 min, 22 h, 26 days, 11
/// months) and its 146097/4800-day average month. moment counts whole calendar months
/// between the dates; this uses the average month, which differs by at most a day's worth of
/// rounding at the month thresholds.
pub(crate) fn from_now(epoch_ms: f64, now_ms: i64) -> String {
    let diff_ms = epoch_ms - now_ms as f64;
    let future = diff_ms > 0.0;
    let abs_ms = diff_ms.abs();
    let seconds = (abs_ms / 1000.0).round();
    let minutes = (abs_ms / 60_000.0).round();
    let hours = (abs_ms / 3_600_000.0).round();
    let days_exact = abs_ms / 86_400_000.0;
    let days = days_exact.round();
    let months = (days_exact * 4800.0 / 146_097.0).round();
    let years = (days_exact * 4800.0 / 146_097.0 / 12.0).round();
    let text = if seconds <= 44.0 {
        "a few seconds".to_owned()
    } else if seconds < 45.0 {
        format!("{seconds} seconds")
    } else if minutes <= 1.0 {
        "a minute".to_owned()
    } else if minutes < 45.0 {
        format!("{minutes} minutes")
    } else if hours <= 1.0 {
        "an hour".to_owned()
    } else if hours < 22.0 {
        format!("{hours} hours")
    } else if days <= 1.0 {
        "a day".to_owned()
    } else if days < 26.0 {
        format!("{days} days")
    } else if months <= 1.0 {
        "a month".to_owned()
    } else if months < 11.0 {
        format!("{months} months")
    } else if years <= 1.0 {
        "a year".to_owned()
    } else {
        format!("{years} years")
    };
    if future {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}
