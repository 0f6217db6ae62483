//! Query step maths: the `query_range` step for a panel width, step-aligned ranges (so that
//! refreshes do not shift buckets), Grafana's `$__interval`/`$__rate_interval`/`$__range`
//! variables, and Prometheus duration strings (`1m30s`).

/// Prometheus refuses a `query_range` with more points than this per series.
pub const MAX_POINTS_PER_SERIES: u32 = 11_000;
/// Grafana's default scrape interval of a Prometheus datasource when none is configured.
pub const DEFAULT_SCRAPE_INTERVAL_MS: f64 = 15_000.0;

const SECOND: f64 = 1000.0;

/// A `query_range` window aligned to its step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AlignedRange {
    pub start_ms: f64,
    pub end_ms: f64,
    pub step_ms: f64,
}

impl AlignedRange {
    /// Points per series Prometheus will return for this window.
    pub fn points(&self) -> f64 {
        ((self.end_ms - self.start_ms) / self.step_ms).floor() + 1.0
    }
}

/// `step = max(min_step, ceil((end - start) / max_points))`, with `max_points` capped at
/// 11,000. Steps over a second are whole seconds (Prometheus' natural grain); shorter ones
/// are whole milliseconds. Never zero.
pub fn query_step_ms(start_ms: f64, end_ms: f64, max_points: u32, min_step_ms: f64) -> f64 {
    let max_points = f64::from(max_points.clamp(1, MAX_POINTS_PER_SERIES));
    let range = (end_ms - start_ms).max(0.0);
    let raw = if range.is_finite() {
        range / max_points
    } else {
        0.0
    };
    let step = if raw > SECOND {
        (raw / SECOND).ceil() * SECOND
    } else {
        raw.ceil()
    };
    let min_step = if min_step_ms.is_finite() {
        min_step_ms.ceil()
    } else {
        0.0
    };
    step.max(min_step).max(1.0)
}

/// How many points a panel `width_px` wide asks for: one per pixel, within sane bounds (a
/// panel narrower than 100 px still gets a readable line; 4,000 covers the widest screens).
pub fn max_points_for_width(width_px: f64) -> u32 {
    width_px.clamp(100.0, 4000.0) as u32
}

/// Whether a panel that queried at `queried_width_px` should query again now that it is
/// `width_px` wide: when the step would change by more than 10%. A wider panel then shows the
/// detail it has room for and a narrower one stops fetching points it cannot draw, while the
/// stream of small changes of a window being dragged does not re-query on every pixel.
pub fn width_changes_resolution(
    start_ms: f64,
    end_ms: f64,
    min_step_ms: f64,
    queried_width_px: f64,
    width_px: f64,
) -> bool {
    let step_at = |w: f64| query_step_ms(start_ms, end_ms, max_points_for_width(w), min_step_ms);
    let (before, now) = (step_at(queried_width_px), step_at(width_px));
    (before - now).abs() > 0.1 * before.max(now)
}

/// Floors both ends to multiples of the step: the same buckets on every refresh, and the
/// newest (still filling) bucket left out as Grafana does.
pub fn align_to_step(start_ms: f64, end_ms: f64, step_ms: f64) -> (f64, f64) {
    if !step_ms.is_finite() || step_ms <= 0.0 {
        return (start_ms, end_ms);
    }
    (
        (start_ms / step_ms).floor() * step_ms,
        (end_ms / step_ms).floor() * step_ms,
    )
}

/// The whole plan for a panel `width_px` wide: step from the width, aligned window, and a
/// step grown if alignment would push a series past 11,000 points.
pub fn plan_range_query(
    start_ms: f64,
    end_ms: f64,
    width_px: u32,
    min_step_ms: f64,
) -> AlignedRange {
    let mut step_ms = query_step_ms(start_ms, end_ms, width_px, min_step_ms);
    loop {
        let (start, end) = align_to_step(start_ms, end_ms, step_ms);
        let plan = AlignedRange {
            start_ms: start,
            end_ms: end,
            step_ms,
        };
        if plan.points() <= f64::from(MAX_POINTS_PER_SERIES) || !plan.points().is_finite() {
            return plan;
        }
        step_ms = query_step_ms(start, end, MAX_POINTS_PER_SERIES - 1, step_ms + 1.0);
    }
}

/// Grafana's `roundInterval`: snaps a raw interval to a nice one (10ms ... 1y).
pub fn round_interval_ms(interval_ms: f64) -> f64 {
    const TABLE: [(f64, f64); 28] = [
        (15.0, 10.0),
        (35.0, 20.0),
        (75.0, 50.0),
        (150.0, 100.0),
        (350.0, 200.0),
        (750.0, 500.0),
        (1_500.0, 1_000.0),
        (3_500.0, 2_000.0),
        (7_500.0, 5_000.0),
        (12_500.0, 10_000.0),
        (17_500.0, 15_000.0),
        (25_000.0, 20_000.0),
        (45_000.0, 30_000.0),
        (90_000.0, 60_000.0),
        (210_000.0, 120_000.0),
        (450_000.0, 300_000.0),
        (750_000.0, 600_000.0),
        (1_050_000.0, 900_000.0),
        (1_500_000.0, 1_200_000.0),
        (2_700_000.0, 1_800_000.0),
        (5_400_000.0, 3_600_000.0),
        (9_000_000.0, 7_200_000.0),
        (16_200_000.0, 10_800_000.0),
        (32_400_000.0, 21_600_000.0),
        (86_400_000.0, 43_200_000.0),
        (604_800_000.0, 86_400_000.0),
        (1_814_400_000.0, 604_800_000.0),
        (3_628_800_000.0, 2_592_000_000.0),
    ];
    TABLE
        .iter()
        .find(|(below, _)| interval_ms < *below)
        .map_or(31_536_000_000.0, |(_, nice)| *nice)
}

/// The values of Grafana's built-in interval and range variables for one query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntervalVars {
    pub interval_ms: f64,
    pub rate_interval_ms: f64,
    pub range_ms: f64,
}

impl IntervalVars {
    /// As Grafana computes them: `$__interval` = the range over `max_data_points` (the panel
    /// width), rounded to a nice interval, at least `min_interval_ms`;
    /// `$__rate_interval` = max(`$__interval` + scrape interval, 4 x scrape interval), so that
    /// `rate()` always sees at least four samples.
    pub fn new(
        start_ms: f64,
        end_ms: f64,
        max_data_points: u32,
        min_interval_ms: f64,
        scrape_interval_ms: f64,
    ) -> Self {
        let range_ms = (end_ms - start_ms).max(0.0);
        let raw = range_ms / f64::from(max_data_points.max(1));
        let interval_ms = round_interval_ms(raw).max(min_interval_ms.max(0.0));
        let scrape = if scrape_interval_ms > 0.0 {
            scrape_interval_ms
        } else {
            DEFAULT_SCRAPE_INTERVAL_MS
        };
        let rate_interval_ms = (interval_ms + scrape).max(4.0 * scrape);
        IntervalVars {
            interval_ms,
            rate_interval_ms,
            range_ms,
        }
    }

    /// The text of one built-in variable, `None` if `name` is not one of ours.
    pub fn value_of(&self, name: &str) -> Option<String> {
        let range_s = (self.range_ms / SECOND).round();
        Some(match name {
            "__interval" => format_prom_duration(self.interval_ms),
            "__interval_ms" => format!("{}", self.interval_ms.round()),
            "__interval_s" => format!("{}", (self.interval_ms / SECOND).round()),
            "__rate_interval" => format_prom_duration(self.rate_interval_ms),
            "__rate_interval_ms" => format!("{}", self.rate_interval_ms.round()),
            "__range" => format!("{range_s}s"),
            "__range_s" => format!("{range_s}"),
            "__range_ms" => format!("{}", self.range_ms.round()),
            _ => return None,
        })
    }

    /// Replaces `$__interval`, `${__interval}` and the other built-ins in a query. Other
    /// `$variables` are left for the dashboard's template variables.
    pub fn substitute(&self, query: &str) -> String {
        let mut out = String::with_capacity(query.len());
        let mut rest = query;
        while let Some(dollar) = rest.find('$') {
            out.push_str(&rest[..dollar]);
            let after = &rest[dollar + 1..];
            let (name, braced) = match after.strip_prefix('{') {
                Some(inner) => (
                    inner.split('}').next().filter(|_| inner.contains('}')),
                    true,
                ),
                None => (Some(identifier_prefix(after)), false),
            };
            match name.and_then(|n| self.value_of(n).map(|v| (n, v))) {
                Some((name, value)) => {
                    out.push_str(&value);
                    rest = &after[name.len() + if braced { 2 } else { 0 }..];
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

fn identifier_prefix(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// Formats ms as a Prometheus duration, as Prometheus does: `90000` -> `1m30s`, `300000` ->
/// `5m`; years and weeks only when exact. Negative or non-finite input gives `0s`.
pub fn format_prom_duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 1.0 {
        return "0s".to_owned();
    }
    let mut left = ms.round() as u64;
    let mut out = String::new();
    for (unit, size, exact_only) in DURATION_UNITS {
        if exact_only && !left.is_multiple_of(size) {
            continue;
        }
        let count = left / size;
        if count > 0 {
            out.push_str(&count.to_string());
            out.push_str(unit);
            left -= count * size;
        }
    }
    out
}

/// (suffix, ms, used only when it divides the duration exactly), largest first.
const DURATION_UNITS: [(&str, u64, bool); 7] = [
    ("y", 365 * 86_400_000, true),
    ("w", 7 * 86_400_000, true),
    ("d", 86_400_000, false),
    ("h", 3_600_000, false),
    ("m", 60_000, false),
    ("s", 1_000, false),
    ("ms", 1, false),
];

/// Parses a Prometheus duration (`1h30m`, `500ms`, `2d`) or bare seconds (`15`, `0.5`)
/// to ms.
pub fn parse_prom_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then_some(seconds * SECOND);
    }
    parse_prom_duration_units(text)
}

/// Parses only the unit form of a Prometheus duration (`1h30m`, `500ms`, `2d`, or `0`) to ms:
/// no bare seconds and no surrounding space, as Prometheus' own `model.ParseDuration` reads a
/// duration. Whole counts only (`1.5m` is refused). The devstack's Loki stand-in uses this
/// where Loki calls that function (`since`, the unit half of `step`).
pub fn parse_prom_duration_units(text: &str) -> Option<f64> {
    if text == "0" {
        return Some(0.0);
    }
    let mut rest = text;
    let mut total = 0.0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let count: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let (unit, size) = DURATION_UNITS
            .iter()
            .filter(|(unit, ..)| rest.starts_with(unit))
            .max_by_key(|(unit, ..)| unit.len())
            .map(|(unit, size, _)| (*unit, *size))?;
        total += count * size as f64;
        rest = &rest[unit.len()..];
    }
    (!text.is_empty()).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resize_re_queries_only_when_the_step_moves() {
        let (start, end) = (0.0, 6.0 * 3_600_000.0);
        // 6 h over 800 px is a 27 s step; 1,600 px halves it: worth a new query.
        assert!(width_changes_resolution(start, end, 0.0, 800.0, 1600.0));
        assert!(width_changes_resolution(start, end, 0.0, 1600.0, 800.0));
        // A few pixels while a window is dragged: the same step, no query.
        assert!(!width_changes_resolution(start, end, 0.0, 800.0, 812.0));
        // A min step (the panel's `interval`) that dominates at both widths: nothing changes.
        assert!(!width_changes_resolution(
            start, end, 120_000.0, 400.0, 1600.0
        ));
        // Below 100 px and above 4,000 px the point count is clamped.
        assert!(!width_changes_resolution(start, end, 0.0, 40.0, 90.0));
        assert!(!width_changes_resolution(start, end, 0.0, 5000.0, 7000.0));
    }

    const HOUR: f64 = 3_600_000.0;

    #[test]
    fn step_from_width_and_min_step() {
        assert_eq!(query_step_ms(0.0, HOUR, 1000, 0.0), 4_000.0);
        assert_eq!(query_step_ms(0.0, HOUR, 1000, 15_000.0), 15_000.0);
        assert_eq!(query_step_ms(0.0, 60_000.0, 1000, 0.0), 60.0);
        assert_eq!(query_step_ms(0.0, 0.0, 1000, 0.0), 1.0);
        assert_eq!(
            query_step_ms(0.0, 30.0 * 24.0 * HOUR, 100_000, 0.0),
            236_000.0
        );
        assert_eq!(query_step_ms(5.0, 1.0, 0, f64::NAN), 1.0);
    }

    #[test]
    fn aligned_plans_are_stable_and_capped() {
        let a = plan_range_query(1_000_003_000.0, 1_000_003_000.0 + HOUR, 1000, 0.0);
        let b = plan_range_query(1_000_004_500.0, 1_000_004_500.0 + HOUR, 1000, 0.0);
        assert_eq!(a.step_ms, 4_000.0);
        assert_eq!(a.start_ms % a.step_ms, 0.0);
        assert_eq!(
            (b.start_ms - a.start_ms) % a.step_ms,
            0.0,
            "same bucket grid"
        );
        for width in [1, 500, 11_000, 20_000, u32::MAX] {
            for range in [1.0, 999.0, 11_000_000.0, 10_999_999.0, 1e13] {
                let p = plan_range_query(123_457.0, 123_457.0 + range, width, 0.0);
                assert!(p.points() <= 11_000.0, "{width} {range} {p:?}");
                assert!(p.start_ms <= p.end_ms);
            }
        }
    }

    #[test]
    fn grafana_interval_rounding() {
        // Grafana's own test: 2 hours over 200 points with a 15s minimum is 30s.
        let vars = IntervalVars::new(1546372800000.0, 1546380000000.0, 200, 15_000.0, 15_000.0);
        assert_eq!(vars.interval_ms, 30_000.0);
        assert_eq!(vars.rate_interval_ms, 60_000.0);
        assert_eq!(round_interval_ms(1.0), 10.0);
        assert_eq!(round_interval_ms(100_000.0), 120_000.0);
        assert_eq!(round_interval_ms(1e12), 31_536_000_000.0);
        let vars = IntervalVars::new(0.0, 24.0 * HOUR, 1000, 0.0, 15_000.0);
        assert_eq!(vars.interval_ms, 60_000.0);
        assert_eq!(vars.rate_interval_ms, 75_000.0);
    }

    #[test]
    fn substitutes_builtins_only() {
        let vars = IntervalVars {
            interval_ms: 30_000.0,
            rate_interval_ms: 90_000.0,
            range_ms: HOUR,
        };
        assert_eq!(
            vars.substitute("rate(x[$__rate_interval]) / $__interval_ms + ${__interval} $__range $__range_s $__range_ms"),
            "rate(x[1m30s]) / 30000 + 30s 3600s 3600 3600000"
        );
        assert_eq!(
            vars.substitute("$job ${env} $__intervalx $ ${__range"),
            "$job ${env} $__intervalx $ ${__range"
        );
        assert_eq!(vars.substitute("$__interval_s"), "30");
        assert_eq!(vars.substitute("sum_über($__interval)"), "sum_über(30s)");
    }

    #[test]
    fn prometheus_durations() {
        assert_eq!(format_prom_duration(90_000.0), "1m30s");
        assert_eq!(format_prom_duration(300_000.0), "5m");
        assert_eq!(format_prom_duration(HOUR), "1h");
        assert_eq!(format_prom_duration(8.0 * 86_400_000.0), "8d");
        assert_eq!(format_prom_duration(14.0 * 86_400_000.0), "2w");
        assert_eq!(format_prom_duration(1500.0), "1s500ms");
        assert_eq!(format_prom_duration(0.0), "0s");
        assert_eq!(format_prom_duration(f64::NAN), "0s");
        assert_eq!(parse_prom_duration("1h30m"), Some(5_400_000.0));
        assert_eq!(parse_prom_duration("500ms"), Some(500.0));
        assert_eq!(parse_prom_duration("15"), Some(15_000.0));
        assert_eq!(parse_prom_duration("2w1d"), Some(15.0 * 86_400_000.0));
        for bad in ["", "5x", "m", "1.5m", "-1s", "inf"] {
            assert_eq!(parse_prom_duration(bad), None, "{bad}");
        }
        assert_eq!(parse_prom_duration_units("0"), Some(0.0));
        assert_eq!(parse_prom_duration_units("1d2h"), Some(93_600_000.0));
        for bad in ["", "15", "0.5", " 5m", "5m ", "1.5m", "-1s", "1e3s"] {
            assert_eq!(parse_prom_duration_units(bad), None, "{bad}");
        }
    }
}
