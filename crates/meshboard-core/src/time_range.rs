//! Time ranges as Grafana writes them (`now-6h`, `now/d`, epoch ms, ISO 8601), resolved to
//! epoch milliseconds at query time, plus the zoom and shift operations of the time picker.
//!
//! Relative expressions stay relative: a range is stored as the user wrote it and resolved
//! against a `now_ms` passed in each time a query runs, so a live dashboard keeps moving.
//! A dashboard's `timepicker.nowDelay` moves a range's `now` end back ([`TimeRange::with_now_delay`]).

mod calendar;
mod now_delay;

pub use calendar::{civil_from_days, days_from_civil, format_iso_utc, parse_iso8601};
pub use now_delay::{parse_now_delay, DelayedRange};

use std::fmt;

/// A calendar or clock unit usable in `now-<n><unit>` and `now/<unit>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl TimeUnit {
    fn from_char(c: char) -> Option<TimeUnit> {
        Some(match c {
            's' => TimeUnit::Second,
            'm' => TimeUnit::Minute,
            'h' => TimeUnit::Hour,
            'd' => TimeUnit::Day,
            'w' => TimeUnit::Week,
            'M' => TimeUnit::Month,
            'y' => TimeUnit::Year,
            _ => return None,
        })
    }

    fn as_char(self) -> char {
        match self {
            TimeUnit::Second => 's',
            TimeUnit::Minute => 'm',
            TimeUnit::Hour => 'h',
            TimeUnit::Day => 'd',
            TimeUnit::Week => 'w',
            TimeUnit::Month => 'M',
            TimeUnit::Year => 'y',
        }
    }

    /// Fixed length in ms; months and years have none and go through the calendar.
    fn fixed_ms(self) -> Option<i64> {
        Some(match self {
            TimeUnit::Second => 1_000,
            TimeUnit::Minute => 60_000,
            TimeUnit::Hour => 3_600_000,
            TimeUnit::Day => 86_400_000,
            TimeUnit::Week => 7 * 86_400_000,
            TimeUnit::Month | TimeUnit::Year => return None,
        })
    }
}

/// One end of a time range, as the user wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeExpr {
    /// `now`, `now-6h`, `now-1d/d`, `now/w`: offsets applied in order, then optional rounding.
    Relative {
        offsets: Vec<(i64, TimeUnit)>,
        round_to: Option<TimeUnit>,
    },
    /// A fixed instant in epoch milliseconds.
    Absolute(i64),
}

/// Why a time expression could not be read; shown to the user as-is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid time \"{}\": {}", self.input, self.reason)
    }
}

impl std::error::Error for TimeParseError {}

impl TimeExpr {
    pub fn now() -> TimeExpr {
        TimeExpr::Relative {
            offsets: Vec::new(),
            round_to: None,
        }
    }

    /// `now-<amount><unit>`, the shape of every quick range.
    pub fn now_minus(amount: i64, unit: TimeUnit) -> TimeExpr {
        TimeExpr::Relative {
            offsets: vec![(-amount, unit)],
            round_to: None,
        }
    }

    pub fn is_relative(&self) -> bool {
        matches!(self, TimeExpr::Relative { .. })
    }

    /// Reads `now…`, epoch milliseconds, or ISO 8601 (`2026-11-21`, `2026-11-21T10:00:00Z`,
    /// `2026-11-21T10:00:00.250+02:00`; a time without a zone is taken as UTC).
    pub fn parse(input: &str) -> Result<TimeExpr, TimeParseError> {
        let text = input.trim();
        let fail = |reason| TimeParseError {
            input: input.to_string(),
            reason,
        };
        if text.is_empty() {
            return Err(fail("empty"));
        }
        if let Some(rest) = text.strip_prefix("now") {
            return parse_relative(rest).map_err(fail);
        }
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse::<i64>()
                .map(TimeExpr::Absolute)
                .map_err(|_| fail("number too large"));
        }
        calendar::parse_iso8601(text)
            .map(TimeExpr::Absolute)
            .map_err(fail)
    }

    /// Resolves to epoch ms. `utc_offset_min` is the viewer's zone offset (for `now/d` and
    /// friends); `is_end` rounds up to the end of the unit, as Grafana does for `to`.
    pub fn resolve(&self, now_ms: i64, utc_offset_min: i32, is_end: bool) -> i64 {
        match self {
            TimeExpr::Absolute(ms) => *ms,
            TimeExpr::Relative { offsets, round_to } => {
                let offset_ms = i64::from(utc_offset_min) * 60_000;
                // Work in "local" time so that day boundaries fall at local midnight.
                let mut local = now_ms + offset_ms;
                for &(amount, unit) in offsets {
                    local = add_units(local, amount, unit);
                }
                if let Some(unit) = round_to {
                    local = round_down(local, *unit);
                    if is_end {
                        local = add_units(local, 1, *unit) - 1;
                    }
                }
                local - offset_ms
            }
        }
    }
}

impl fmt::Display for TimeExpr {
    /// The canonical URL form: `now-6h`, `now/d`, or epoch milliseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeExpr::Absolute(ms) => write!(f, "{ms}"),
            TimeExpr::Relative { offsets, round_to } => {
                f.write_str("now")?;
                for (amount, unit) in offsets {
                    let sign = if *amount < 0 { '-' } else { '+' };
                    write!(f, "{sign}{}{}", amount.unsigned_abs(), unit.as_char())?;
                }
                if let Some(unit) = round_to {
                    write!(f, "/{}", unit.as_char())?;
                }
                Ok(())
            }
        }
    }
}

fn parse_relative(mut rest: &str) -> Result<TimeExpr, &'static str> {
    let mut offsets = Vec::new();
    let mut round_to = None;
    while !rest.is_empty() {
        let sign = match rest.as_bytes()[0] {
            b'-' => -1,
            b'+' => 1,
            b'/' => {
                let unit_text = &rest[1..];
                let mut chars = unit_text.chars();
                let unit = chars
                    .next()
                    .and_then(TimeUnit::from_char)
                    .ok_or("unknown rounding unit")?;
                if chars.next().is_some() {
                    return Err("rounding must come last, as in now-1d/d");
                }
                round_to = Some(unit);
                break;
            }
            _ => return Err("expected -, + or / after now"),
        };
        rest = &rest[1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err("expected a number, as in now-6h");
        }
        let amount: i64 = rest[..digits].parse().map_err(|_| "number too large")?;
        rest = &rest[digits..];
        let mut chars = rest.chars();
        let unit = chars
            .next()
            .and_then(TimeUnit::from_char)
            .ok_or("unknown unit (use s, m, h, d, w, M, y)")?;
        rest = chars.as_str();
        offsets.push((sign * amount, unit));
    }
    Ok(TimeExpr::Relative { offsets, round_to })
}

fn add_units(ms: i64, amount: i64, unit: TimeUnit) -> i64 {
    match unit.fixed_ms() {
        Some(unit_ms) => ms.saturating_add(amount.saturating_mul(unit_ms)),
        None => {
            let months = if unit == TimeUnit::Year {
                amount * 12
            } else {
                amount
            };
            calendar::add_months(ms, months)
        }
    }
}

fn round_down(ms: i64, unit: TimeUnit) -> i64 {
    let day_ms = 86_400_000;
    match unit {
        TimeUnit::Second | TimeUnit::Minute | TimeUnit::Hour | TimeUnit::Day => {
            let unit_ms = unit.fixed_ms().unwrap_or(day_ms);
            ms.div_euclid(unit_ms) * unit_ms
        }
        // Weeks start on Monday (ISO 8601); 1970-01-01 was a Thursday.
        TimeUnit::Week => {
            let days = ms.div_euclid(day_ms);
            let weekday_from_monday = (days + 3).rem_euclid(7);
            (days - weekday_from_monday) * day_ms
        }
        TimeUnit::Month | TimeUnit::Year => {
            let (year, month, _) = civil_from_days(ms.div_euclid(day_ms));
            let month = if unit == TimeUnit::Year { 1 } else { month };
            days_from_civil(year, month, 1) * day_ms
        }
    }
}

/// A range as the user set it; both ends may be relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    pub from: TimeExpr,
    pub to: TimeExpr,
}

/// The quick ranges of the picker: (URL form of `from`, label).
pub const QUICK_RANGES: [(&str, &str); 7] = [
    ("now-5m", "Last 5 minutes"),
    ("now-15m", "Last 15 minutes"),
    ("now-1h", "Last 1 hour"),
    ("now-6h", "Last 6 hours"),
    ("now-24h", "Last 24 hours"),
    ("now-7d", "Last 7 days"),
    ("now-30d", "Last 30 days"),
];

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange {
            from: TimeExpr::now_minus(6, TimeUnit::Hour),
            to: TimeExpr::now(),
        }
    }
}

impl TimeRange {
    /// Reads URL `from`/`to` values; an error names the bad end.
    pub fn parse(from: &str, to: &str) -> Result<TimeRange, TimeParseError> {
        Ok(TimeRange {
            from: TimeExpr::parse(from)?,
            to: TimeExpr::parse(to)?,
        })
    }

    pub fn absolute(from_ms: i64, to_ms: i64) -> TimeRange {
        TimeRange {
            from: TimeExpr::Absolute(from_ms),
            to: TimeExpr::Absolute(to_ms),
        }
    }

    /// Resolves both ends; if they come out reversed they are swapped, never an empty range.
    pub fn resolve(&self, now_ms: i64, utc_offset_min: i32) -> (i64, i64) {
        let from = self.from.resolve(now_ms, utc_offset_min, false);
        let to = self.to.resolve(now_ms, utc_offset_min, true);
        match from.cmp(&to) {
            std::cmp::Ordering::Less => (from, to),
            std::cmp::Ordering::Greater => (to, from),
            std::cmp::Ordering::Equal => (from, from + 1),
        }
    }

    /// Zoom out x2 around the centre. A live range (`now-X` to `now`) stays live as `now-2X`.
    pub fn zoom_out(&self, now_ms: i64, utc_offset_min: i32) -> TimeRange {
        if let (
            TimeExpr::Relative {
                offsets,
                round_to: None,
            },
            true,
        ) = (&self.from, self.to == TimeExpr::now())
        {
            if let [(amount, unit)] = offsets.as_slice() {
                return TimeRange {
                    from: TimeExpr::Relative {
                        offsets: vec![(amount * 2, *unit)],
                        round_to: None,
                    },
                    to: TimeExpr::now(),
                };
            }
        }
        let (from, to) = self.resolve(now_ms, utc_offset_min);
        let half = (to - from) / 2;
        TimeRange::absolute(from - half, to + half)
    }

    /// Moves the range by half its span, as Grafana's arrows do; the result is absolute.
    pub fn shift(&self, direction: ShiftDirection, now_ms: i64, utc_offset_min: i32) -> TimeRange {
        let (from, to) = self.resolve(now_ms, utc_offset_min);
        let step = (to - from) / 2;
        let delta = match direction {
            ShiftDirection::Earlier => -step,
            ShiftDirection::Later => step,
        };
        TimeRange::absolute(from + delta, to + delta)
    }

    /// A short human description: a quick range's label, or both ends.
    pub fn describe(&self, utc_offset_min: i32) -> String {
        self.describe_in(|_| utc_offset_min)
    }

    /// As [`TimeRange::describe`], absolute ends read in a zone whose offset (minutes east of
    /// UTC) at an instant `offset_at` gives: the dashboard's `timezone`, summer time included.
    pub fn describe_in(&self, offset_at: impl Fn(i64) -> i32) -> String {
        if self.to == TimeExpr::now() {
            let from = self.from.to_string();
            if let Some((_, label)) = QUICK_RANGES.iter().find(|(url, _)| *url == from) {
                return (*label).to_string();
            }
        }
        let end = |e: &TimeExpr| match e {
            TimeExpr::Absolute(ms) => format_local(*ms, offset_at(*ms)),
            relative => relative.to_string(),
        };
        format!("{} to {}", end(&self.from), end(&self.to))
    }
}

/// The instant a zone's wall clock reads `wall_ms` (a wall clock taken as if it were UTC, as
/// [`parse_iso8601`] reads a time without a zone); `offset_at` gives the zone's offset at an
/// instant. A time skipped by a summer-time change lands an hour later, as browsers do.
pub fn wall_clock_to_instant(wall_ms: i64, offset_at: impl Fn(i64) -> i32) -> i64 {
    let guess = wall_ms - i64::from(offset_at(wall_ms)) * 60_000;
    wall_ms - i64::from(offset_at(guess)) * 60_000
}

/// `YYYY-MM-DD HH:MM:SS` in the viewer's zone, for labels.
pub fn format_local(ms: i64, utc_offset_min: i32) -> String {
    let iso = format_iso_utc(ms + i64::from(utc_offset_min) * 60_000);
    // "2026-11-21T10:00:00.000Z" -> "2026-11-21 10:00:00"
    iso.get(..19).map(|s| s.replace('T', " ")).unwrap_or(iso)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftDirection {
    Earlier,
    Later,
}

#[cfg(test)]
mod tests;
