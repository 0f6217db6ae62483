//! Grafana's time formatters: the auto-scaling units (`ns` ... `d`), the word durations
//! (`dtdurationms`, `dtdurations`), `dthms`, `dtdhms`, `timeticks` and the clocks
//! (`clockms`, `clocks`). Rules from grafana/grafana
//! `packages/grafana-data/src/valueFormats/dateTimeFormatters.ts`, and the plural units of
//! `toFixedScaled` in `baseFormatters.ts` ("2 hours": newer Grafana adds the `s`).

use super::catalogue::{TimeUnit, INTERVALS};
use super::{FormattedValue, Shaped};

/// Grafana's `toFixedScaled`: the number in a larger or smaller unit, whose name takes an `s`
/// (min, hour, day, week, year only) when the scaled number is above one.
fn scaled(number: f64, unit: &str) -> Shaped {
    let plural = number.abs() > 1.0 && matches!(unit, "min" | "hour" | "day" | "week" | "year");
    Shaped::number(number, format!(" {unit}{}", if plural { "s" } else { "" }))
}

/// The number in its own unit: Grafana writes these without the plural `s` ("5 min").
fn own(number: f64, unit: &str) -> Shaped {
    Shaped::number(number, format!(" {unit}"))
}

/// One auto-scaling time unit, thresholds as in Grafana's `toNanoSeconds` ... `toDays`.
pub(crate) fn time_unit(unit: TimeUnit, size: f64) -> Shaped {
    let magnitude = size.abs();
    match unit {
        TimeUnit::Nanoseconds => match magnitude {
            m if m < 1e3 => own(size, "ns"),
            m if m < 1e6 => scaled(size / 1e3, "µs"),
            m if m < 1e9 => scaled(size / 1e6, "ms"),
            m if m < 60e9 => scaled(size / 1e9, "s"),
            m if m < 3600e9 => scaled(size / 60e9, "min"),
            m if m < 86_400e9 => scaled(size / 3600e9, "hour"),
            _ => scaled(size / 86_400e9, "day"),
        },
        TimeUnit::Microseconds => match magnitude {
            m if m < 1e3 => own(size, "µs"),
            m if m < 1e6 => scaled(size / 1e3, "ms"),
            _ => scaled(size / 1e6, "s"),
        },
        TimeUnit::Milliseconds => match magnitude {
            m if m < 1e3 => own(size, "ms"),
            m if m < 60e3 => scaled(size / 1e3, "s"),
            m if m < 3_600e3 => scaled(size / 60e3, "min"),
            m if m < 86_400e3 => scaled(size / 3_600e3, "hour"),
            m if m < 31_536_000e3 => scaled(size / 86_400e3, "day"),
            _ => scaled(size / 31_536_000e3, "year"),
        },
        TimeUnit::Seconds => seconds(size),
        TimeUnit::Minutes => match magnitude {
            m if m < 60.0 => own(size, "min"),
            m if m < 1440.0 => scaled(size / 60.0, "hour"),
            m if m < 10_080.0 => scaled(size / 1440.0, "day"),
            m if m < 604_800.0 => scaled(size / 10_080.0, "week"),
            // Grafana's own constants: a year of 525948 minutes here, 3.15569e7 s below.
            _ => scaled(size / 5.25948e5, "year"),
        },
        TimeUnit::Hours => match magnitude {
            m if m < 24.0 => own(size, "hour"),
            m if m < 168.0 => scaled(size / 24.0, "day"),
            m if m < 8760.0 => scaled(size / 168.0, "week"),
            _ => scaled(size / 8760.0, "year"),
        },
        TimeUnit::Days => match magnitude {
            m if m < 7.0 => own(size, "day"),
            m if m < 365.0 => scaled(size / 7.0, "week"),
            _ => scaled(size / 365.0, "year"),
        },
    }
}

/// Grafana's `toSeconds`; also `timeticks` (hundredths of a second).
pub(crate) fn seconds(size: f64) -> Shaped {
    if size == 0.0 {
        // Zero stays in seconds: "0 s", not "0 ns".
        return Shaped::Text(FormattedValue::new("", "0", " s"));
    }
    match size.abs() {
        m if m < 1e-6 => scaled(size * 1e9, "ns"),
        m if m < 1e-3 => scaled(size * 1e6, "µs"),
        m if m < 1.0 => scaled(size * 1e3, "ms"),
        m if m < 60.0 => own(size, "s"),
        m if m < 3600.0 => scaled(size / 60.0, "min"),
        m if m < 86_400.0 => scaled(size / 3600.0, "hour"),
        m if m < 604_800.0 => scaled(size / 86_400.0, "day"),
        m if m < 31_536_000.0 => scaled(size / 604_800.0, "week"),
        _ => scaled(size / 3.15569e7, "year"),
    }
}

/// Grafana's `toDuration`: "1 year, 2 months", the first unit reached and then `decimals`
/// more (whole units, floored); negative durations end in " ago".
pub(crate) fn duration(size: f64, decimals: Option<u32>, scale: usize) -> FormattedValue {
    let unit_name = INTERVALS[scale].0;
    if size == 0.0 {
        return FormattedValue::new("", "0", &format!(" {unit_name}s"));
    }
    if size < 0.0 {
        let mut ago = duration(-size, decimals, scale);
        ago.suffix.push_str(" ago");
        return ago;
    }
    // In milliseconds, as Grafana does, to keep floating point errors out of the floors.
    let mut remaining = size * INTERVALS[scale].1 * 1000.0;
    let mut more = i64::from(decimals.unwrap_or(0));
    let mut parts = Vec::new();
    let mut started = false;
    for (name, seconds) in INTERVALS {
        if more < 0 {
            break;
        }
        let interval = seconds * 1000.0;
        let count = remaining / interval;
        if count >= 1.0 || started {
            started = true;
            let whole = count.floor();
            let plural = if whole == 1.0 { "" } else { "s" };
            parts.push(format!("{whole} {name}{plural}"));
            remaining %= interval;
            more -= 1;
        }
    }
    FormattedValue::new("", &parts.join(", "), "")
}

/// Grafana's `toDurationInHoursMinutesSeconds` (`dthms`): "01:02:03", hours unbounded.
pub(crate) fn hours_minutes_seconds(size: f64) -> FormattedValue {
    if size < 0.0 {
        let mut ago = hours_minutes_seconds(-size);
        ago.suffix.push_str(" ago");
        return ago;
    }
    let hours = (size / 3600.0).floor();
    let minutes = ((size % 3600.0) / 60.0).floor();
    let seconds = (size % 3600.0 % 60.0).floor();
    FormattedValue::new("", &format!("{hours:02}:{minutes:02}:{seconds:02}"), "")
}

/// Grafana's `toDurationInDaysHoursMinutesSeconds` (`dtdhms`): "13 d 15:43:31".
pub(crate) fn days_hours_minutes_seconds(size: f64) -> FormattedValue {
    if size < 0.0 {
        let mut ago = days_hours_minutes_seconds(-size);
        ago.suffix.push_str(" ago");
        return ago;
    }
    let days = (size / 86_400.0).floor();
    let rest = hours_minutes_seconds(size - days * 86_400.0);
    let text = if days > 0.0 {
        format!("{days} d {}", rest.text)
    } else {
        rest.text
    };
    FormattedValue::new("", &text, "")
}

/// Grafana's `toClock` (`clockms`; `clocks` passes seconds times 1000): "01h:59m:59s:999ms",
/// shortened by `decimals` (0 keeps only the largest part). The parts are read as a UTC
/// time of day, as Grafana's moment format does, so hours count up past 24.
pub(crate) fn clock(size_ms: f64, decimals: Option<u32>) -> FormattedValue {
    let ms_total = size_ms.floor() as i64;
    let millis = ms_total.rem_euclid(1000);
    let seconds = ms_total.div_euclid(1000).rem_euclid(60);
    let minutes = ms_total.div_euclid(60_000).rem_euclid(60);
    let text = if size_ms < 1000.0 {
        format!("{millis:03}ms")
    } else if size_ms < 60_000.0 {
        match decimals {
            Some(0) => format!("{seconds:02}s"),
            _ => format!("{seconds:02}s:{millis:03}ms"),
        }
    } else if size_ms < 3_600_000.0 {
        match decimals {
            Some(0) => format!("{minutes:02}m"),
            Some(1) => format!("{minutes:02}m:{seconds:02}s"),
            _ => format!("{minutes:02}m:{seconds:02}s:{millis:03}ms"),
        }
    } else {
        // Grafana pads the hours to two digits ("01h"); it does not wrap at 24.
        let hours = format!("{:02}h", (size_ms / 3_600_000.0).floor() as i64);
        match decimals {
            Some(0) => hours,
            Some(1) => format!("{hours}:{minutes:02}m"),
            Some(2) => format!("{hours}:{minutes:02}m:{seconds:02}s"),
            _ => format!("{hours}:{minutes:02}m:{seconds:02}s:{millis:03}ms"),
        }
    };
    FormattedValue::new("", &text, "")
}
