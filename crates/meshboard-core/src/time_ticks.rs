//! Time-axis ticks that read well from seconds to years: the tick interval for a pixel
//! width, tick positions aligned to local wall-clock boundaries, and their labels, in UTC, a
//! fixed UTC offset, or a zone whose offset changes over the span ([`ZoneOffsets`]: the
//! dashboard's `timezone`, daylight saving included). Calendar maths is our own, no chrono.

mod zone;

pub use zone::ZoneOffsets;

const SECOND: i64 = 1000;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// 1969-12-29, a Monday: weekly ticks fall on Mondays.
const MONDAY_EPOCH_DAY: i64 = -3;
/// Safety cap so a nonsensical width can never make an endless tick list.
const MAX_TICKS: usize = 500;
/// Times beyond about +/-300,000 years get no ticks: keeps all integer maths far from overflow.
const MAX_ABS_TIME_MS: f64 = 1e16;

/// A tick spacing: a fixed duration or a number of calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickInterval {
    Millis(i64),
    Months(u32),
}

impl TickInterval {
    /// Nominal length (a month counts 30 days), for choosing between intervals.
    pub fn approx_ms(self) -> f64 {
        match self {
            TickInterval::Millis(ms) => ms as f64,
            TickInterval::Months(n) => f64::from(n) * 30.0 * DAY as f64,
        }
    }
}

/// The candidate intervals, shortest first.
pub const TICK_INTERVALS: [TickInterval; 28] = {
    use TickInterval::{Millis as T, Months as M};
    [
        T(SECOND),
        T(2 * SECOND),
        T(5 * SECOND),
        T(10 * SECOND),
        T(15 * SECOND),
        T(30 * SECOND),
        T(MINUTE),
        T(2 * MINUTE),
        T(5 * MINUTE),
        T(10 * MINUTE),
        T(15 * MINUTE),
        T(30 * MINUTE),
        T(HOUR),
        T(2 * HOUR),
        T(3 * HOUR),
        T(6 * HOUR),
        T(12 * HOUR),
        T(DAY),
        T(2 * DAY),
        T(7 * DAY),
        M(1),
        M(2),
        M(3),
        M(6),
        M(12),
        M(24),
        M(60),
        M(120),
    ]
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLabelFormat {
    /// `HH:mm:ss`
    HourMinuteSecond,
    /// `HH:mm`
    HourMinute,
    /// `MM/DD HH:mm`
    MonthDayHourMinute,
    /// `MM/DD`
    MonthDay,
    /// `YYYY-MM`
    YearMonth,
    /// `YYYY`
    Year,
}

impl TimeLabelFormat {
    /// The format for ticks `interval` apart on an axis spanning `range_ms`.
    pub fn for_interval(interval: TickInterval, range_ms: f64) -> Self {
        match interval {
            TickInterval::Millis(ms) if ms < MINUTE => TimeLabelFormat::HourMinuteSecond,
            TickInterval::Millis(ms) if ms < DAY => {
                if range_ms > DAY as f64 {
                    TimeLabelFormat::MonthDayHourMinute
                } else {
                    TimeLabelFormat::HourMinute
                }
            }
            TickInterval::Millis(_) => TimeLabelFormat::MonthDay,
            TickInterval::Months(n) if n < 12 => TimeLabelFormat::YearMonth,
            TickInterval::Months(_) => TimeLabelFormat::Year,
        }
    }

    /// Pixels one label needs, gap included (about 7 px per character at 12 px).
    fn spacing_px(self) -> f64 {
        let chars = match self {
            TimeLabelFormat::HourMinuteSecond => 8.0,
            TimeLabelFormat::HourMinute | TimeLabelFormat::MonthDay => 5.0,
            TimeLabelFormat::MonthDayHourMinute => 11.0,
            TimeLabelFormat::YearMonth => 7.0,
            TimeLabelFormat::Year => 4.0,
        };
        chars * 7.0 + 28.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeTick {
    pub time_ms: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TimeTicks {
    pub interval: TickInterval,
    pub format: TimeLabelFormat,
    pub ticks: Vec<TimeTick>,
}

/// The shortest interval whose labels fit in `width_px` without overlapping.
pub fn choose_tick_interval(range_ms: f64, width_px: f64) -> TickInterval {
    let last = TICK_INTERVALS[TICK_INTERVALS.len() - 1];
    if !(range_ms > 0.0 && width_px > 0.0) {
        return last;
    }
    TICK_INTERVALS
        .iter()
        .copied()
        .find(|&interval| {
            let spacing = TimeLabelFormat::for_interval(interval, range_ms).spacing_px();
            range_ms / interval.approx_ms() * spacing <= width_px
        })
        .unwrap_or(last)
}

/// Ticks for the axis `[start_ms, end_ms]` drawn `width_px` wide, labelled in the wall-clock
/// time `utc_offset_minutes` east of UTC (0 for UTC).
pub fn time_ticks(start_ms: f64, end_ms: f64, width_px: f64, utc_offset_minutes: i32) -> TimeTicks {
    time_ticks_in_zone(
        start_ms,
        end_ms,
        width_px,
        &ZoneOffsets::fixed(utc_offset_minutes),
    )
}

/// Ticks for the axis `[start_ms, end_ms]` on `zone`'s wall-clock boundaries (local midnight,
/// whole hours...) and labelled in its wall clock at each tick: across a daylight-saving change
/// a wall-clock time that does not exist gets no tick and one that happens twice gets two.
pub fn time_ticks_in_zone(
    start_ms: f64,
    end_ms: f64,
    width_px: f64,
    zone: &ZoneOffsets,
) -> TimeTicks {
    let range = end_ms - start_ms;
    let interval = choose_tick_interval(range, width_px);
    let format = TimeLabelFormat::for_interval(interval, range);
    let in_bounds = start_ms.abs() <= MAX_ABS_TIME_MS && end_ms.abs() <= MAX_ABS_TIME_MS;
    let ticks = if in_bounds && range > 0.0 {
        let (start, end) = (start_ms.ceil() as i64, end_ms.floor() as i64);
        // Wall-clock boundaries over every wall-clock time the span reads, then back to instants.
        let local_from = start + i64::from(zone.smallest()) * MINUTE;
        let local_to = end + i64::from(zone.largest()) * MINUTE;
        let mut times: Vec<i64> = tick_times(local_from, local_to, interval)
            .into_iter()
            .flat_map(|local| zone.instants_of_wall_clock(local))
            .filter(|t| (start..=end).contains(t))
            .collect();
        times.sort_unstable();
        times.dedup();
        times.truncate(MAX_TICKS);
        times
            .into_iter()
            .map(|t| TimeTick {
                time_ms: t as f64,
                label: format_time(t as f64, format, zone.offset_at(t)),
            })
            .collect()
    } else {
        Vec::new()
    };
    TimeTicks {
        interval,
        format,
        ticks,
    }
}

/// Wall-clock tick times in `[start, end]` (wall clocks taken as if they were UTC).
fn tick_times(start: i64, end: i64, interval: TickInterval) -> Vec<i64> {
    let mut times = Vec::new();
    match interval {
        TickInterval::Millis(step) => {
            // Weekly ticks fall on Mondays; shorter ones on multiples since local midnight.
            let anchor = if step == 7 * DAY {
                MONDAY_EPOCH_DAY * DAY
            } else {
                0
            };
            let local = start - anchor;
            let first = (local.div_euclid(step) + i64::from(local.rem_euclid(step) != 0)) * step;
            let mut t = first + anchor;
            while t <= end && times.len() < MAX_TICKS {
                times.push(t);
                t += step;
            }
        }
        TickInterval::Months(n) => {
            let local = start;
            let (year, month, day) = civil_from_days(local.div_euclid(DAY));
            let at_month_start = day == 1 && local.rem_euclid(DAY) == 0;
            let n = i64::from(n.max(1));
            let mut index = year * 12 + i64::from(month) - 1 + i64::from(!at_month_start);
            index += (n - index.rem_euclid(n)) % n;
            while times.len() < MAX_TICKS {
                let month_start = index.rem_euclid(12) as u32 + 1;
                let t = days_from_civil(index.div_euclid(12), month_start, 1) * DAY;
                if t > end {
                    break;
                }
                times.push(t);
                index += n;
            }
        }
    }
    times
}

/// Formats an epoch-ms time in the wall clock `utc_offset_minutes` east of UTC.
pub fn format_time(time_ms: f64, format: TimeLabelFormat, utc_offset_minutes: i32) -> String {
    let clamped = time_ms.clamp(-MAX_ABS_TIME_MS, MAX_ABS_TIME_MS);
    let local = clamped.floor() as i64 + i64::from(utc_offset_minutes) * MINUTE;
    let (year, month, day) = civil_from_days(local.div_euclid(DAY));
    let of_day = local.rem_euclid(DAY);
    let (hour, minute, second) = (
        of_day / HOUR,
        of_day % HOUR / MINUTE,
        of_day % MINUTE / SECOND,
    );
    match format {
        TimeLabelFormat::HourMinuteSecond => format!("{hour:02}:{minute:02}:{second:02}"),
        TimeLabelFormat::HourMinute => format!("{hour:02}:{minute:02}"),
        TimeLabelFormat::MonthDayHourMinute => {
            format!("{month:02}/{day:02} {hour:02}:{minute:02}")
        }
        TimeLabelFormat::MonthDay => format!("{month:02}/{day:02}"),
        TimeLabelFormat::YearMonth => format!("{year:04}-{month:02}"),
        TimeLabelFormat::Year => format!("{year:04}"),
    }
}

// The calendar maths is shared with time ranges (one implementation, tested there).
pub use crate::time_range::{civil_from_days, days_from_civil};

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &TimeTicks) -> Vec<&str> {
        t.ticks.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 29), MONDAY_EPOCH_DAY);
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn seconds_range_uses_second_labels() {
        // 2023-11-14T22:13:20Z + one minute on 1000 px.
        let start = 1_700_000_000_000.0;
        let t = time_ticks(start, start + 60_000.0, 1000.0, 0);
        assert_eq!(t.interval, TickInterval::Millis(10 * SECOND));
        assert_eq!(t.format, TimeLabelFormat::HourMinuteSecond);
        assert_eq!(labels(&t)[..3], ["22:13:20", "22:13:30", "22:13:40"]);
    }

    #[test]
    fn hours_follow_the_local_offset() {
        let start = days_from_civil(2024, 3, 10) as f64 * DAY as f64;
        let t = time_ticks(start, start + 12.0 * HOUR as f64, 600.0, 330);
        assert_eq!(t.interval, TickInterval::Millis(2 * HOUR));
        assert_eq!(labels(&t)[0], "06:00");
        assert!(t.ticks.iter().all(|tick| tick.label.ends_with(":00")));
        let t = time_ticks(start, start + 3.0 * DAY as f64, 900.0, 0);
        assert_eq!(t.format, TimeLabelFormat::MonthDayHourMinute);
        assert_eq!(labels(&t)[0], "03/10 00:00");
    }

    #[test]
    fn days_weeks_months_and_years() {
        let start = days_from_civil(2024, 1, 15) as f64 * DAY as f64 + 1.0;
        let t = time_ticks(start, start + 30.0 * DAY as f64, 1500.0, 0);
        assert_eq!(t.interval, TickInterval::Millis(2 * DAY));
        assert_eq!(t.format, TimeLabelFormat::MonthDay);
        assert_eq!(labels(&t)[0], "01/16");
        let t = time_ticks(start, start + 90.0 * DAY as f64, 1000.0, 0);
        assert_eq!(t.interval, TickInterval::Millis(7 * DAY));
        assert_eq!(labels(&t)[0], "01/22", "a Monday");
        let t = time_ticks(start, start + 400.0 * DAY as f64, 600.0, -300);
        assert_eq!(t.format, TimeLabelFormat::YearMonth);
        assert_eq!(t.interval, TickInterval::Months(2));
        // Two-month ticks start on odd months (Jan, Mar, ...), like quarters start in January.
        assert_eq!(labels(&t)[..2], ["2024-03", "2024-05"]);
        assert_eq!(
            t.ticks[0].time_ms,
            (days_from_civil(2024, 3, 1) * DAY + 5 * HOUR) as f64
        );
        let t = time_ticks(0.0, 40.0 * 365.0 * DAY as f64, 800.0, 0);
        assert_eq!(t.format, TimeLabelFormat::Year);
        assert_eq!(labels(&t)[0], "1970");
    }

    #[test]
    fn degenerate_ranges_give_no_ticks() {
        assert!(time_ticks(5.0, 5.0, 100.0, 0).ticks.is_empty());
        assert!(time_ticks(5.0, 1.0, 100.0, 0).ticks.is_empty());
        assert!(time_ticks(f64::NAN, 1.0, 100.0, 0).ticks.is_empty());
        assert!(time_ticks(0.0, 1e15, 1e9, 0).ticks.len() <= MAX_TICKS);
        assert!(time_ticks(0.0, 1e6, 0.0, 0).ticks.len() <= MAX_TICKS);
        assert!(time_ticks(-1e300, 1e300, 800.0, i32::MAX).ticks.is_empty());
        assert!(time_ticks(0.0, f64::INFINITY, 800.0, 0).ticks.is_empty());
        assert_eq!(format_time(f64::NAN, TimeLabelFormat::Year, 0), "1970");
        assert!(!format_time(1e300, TimeLabelFormat::YearMonth, i32::MIN).is_empty());
    }

    fn zone_ticks(from: i64, to: i64, width: f64, zone: &ZoneOffsets) -> TimeTicks {
        time_ticks_in_zone(from as f64, to as f64, width, zone)
    }

    #[test]
    fn the_same_instants_read_in_utc_tokyo_and_new_york() {
        // 2026-12-07 00:00 to 12:00 UTC on 600 px: two-hourly ticks.
        let start = days_from_civil(2026, 12, 7) * DAY;
        let span = (start, start + 12 * HOUR);
        let utc = zone_ticks(span.0, span.1, 600.0, &ZoneOffsets::fixed(0));
        let tokyo = zone_ticks(span.0, span.1, 600.0, &ZoneOffsets::fixed(540));
        let new_york = ZoneOffsets::sample(span.0 as f64, span.1 as f64, zone::tests::new_york);
        let new_york = zone_ticks(span.0, span.1, 600.0, &new_york);
        assert_eq!(labels(&utc)[..3], ["00:00", "02:00", "04:00"]);
        // Tokyo is 9 h ahead: its even hours fall on odd UTC hours.
        assert_eq!(labels(&tokyo)[..3], ["10:00", "12:00", "14:00"]);
        assert_eq!(tokyo.ticks[0].time_ms, (start + HOUR) as f64);
        // New York in winter is 5 h behind: 20:00 the evening before at 01:00 UTC.
        assert_eq!(labels(&new_york)[..2], ["20:00", "22:00"]);
        assert_eq!(new_york.ticks[0].time_ms, (start + HOUR) as f64);
    }

    #[test]
    fn daily_ticks_stay_on_local_midnight_across_daylight_saving() {
        // New York, 2026-10-29 to 11-04 (summer time ends November 1, 06:00 UTC).
        let from = days_from_civil(2026, 10, 29) * DAY;
        let to = days_from_civil(2026, 11, 4) * DAY;
        let zone = ZoneOffsets::sample(from as f64, to as f64, zone::tests::new_york);
        let t = zone_ticks(from, to, 500.0, &zone);
        assert_eq!(t.interval, TickInterval::Millis(DAY));
        assert_eq!(
            labels(&t),
            ["10/29", "10/30", "10/31", "11/01", "11/02", "11/03"]
        );
        let hours_utc: Vec<i64> = t
            .ticks
            .iter()
            .map(|tick| (tick.time_ms as i64).rem_euclid(DAY) / HOUR)
            .collect();
        // Midnight is 04:00 UTC in summer time and 05:00 UTC after it.
        assert_eq!(hours_utc, [4, 4, 4, 4, 5, 5]);
        // A fixed offset (the old behaviour) would put November's ticks at 23:00.
        let fixed = zone_ticks(from, to, 500.0, &ZoneOffsets::fixed(-240));
        assert_eq!(
            fixed.ticks[4].time_ms,
            (days_from_civil(2026, 11, 2) * DAY + 4 * HOUR) as f64
        );
    }

    #[test]
    fn hourly_ticks_skip_the_missing_hour_and_repeat_the_doubled_one() {
        let zone_over =
            |from: i64, to: i64| ZoneOffsets::sample(from as f64, to as f64, zone::tests::new_york);
        // Spring forward, 2026-03-08: 01:00 EST then 03:00 EDT, an hour apart.
        let from = days_from_civil(2026, 3, 8) * DAY + 5 * HOUR;
        let t = zone_ticks(
            from,
            from + 4 * HOUR,
            800.0,
            &zone_over(from, from + 4 * HOUR),
        );
        assert_eq!(t.interval, TickInterval::Millis(30 * MINUTE));
        assert_eq!(
            labels(&t),
            ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30", "05:00"]
        );
        assert!(t
            .ticks
            .windows(2)
            .all(|w| w[1].time_ms - w[0].time_ms == 30.0 * MINUTE as f64));
        // Fall back, 2026-11-01: 01:00 and 01:30 happen twice, still every 30 minutes.
        let from = days_from_civil(2026, 11, 1) * DAY + 4 * HOUR;
        let t = zone_ticks(
            from,
            from + 4 * HOUR,
            800.0,
            &zone_over(from, from + 4 * HOUR),
        );
        assert_eq!(
            labels(&t),
            ["00:00", "00:30", "01:00", "01:30", "01:00", "01:30", "02:00", "02:30", "03:00"]
        );
        assert!(t
            .ticks
            .windows(2)
            .all(|w| w[1].time_ms - w[0].time_ms == 30.0 * MINUTE as f64));
    }
}
