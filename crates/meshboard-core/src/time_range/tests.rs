//! Tests of time expressions against hand-checked instants.

use super::*;

// 2026-11-21T15:30:45.500Z, a Saturday.
const NOW: i64 = 1_795_275_045_500;

fn resolve(text: &str, is_end: bool) -> i64 {
    TimeExpr::parse(text).unwrap().resolve(NOW, 0, is_end)
}

#[test]
fn now_constant_matches_the_calendar() {
    assert_eq!(format_iso_utc(NOW), "2026-11-21T15:30:45.500Z");
}

#[test]
fn relative_offsets_subtract_exactly() {
    assert_eq!(resolve("now", false), NOW);
    assert_eq!(resolve("now-6h", false), NOW - 6 * 3_600_000);
    assert_eq!(resolve("now-5m", false), NOW - 300_000);
    assert_eq!(resolve("now+1h", false), NOW + 3_600_000);
    assert_eq!(resolve("now-1d-2h", false), NOW - 26 * 3_600_000);
}

#[test]
fn rounding_goes_to_start_for_from_and_end_for_to() {
    assert_eq!(
        format_iso_utc(resolve("now/d", false)),
        "2026-11-21T00:00:00.000Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now/d", true)),
        "2026-11-21T23:59:59.999Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now-1d/d", false)),
        "2026-11-20T00:00:00.000Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now/w", false)),
        "2026-11-16T00:00:00.000Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now/M", false)),
        "2026-11-01T00:00:00.000Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now/M", true)),
        "2026-11-30T23:59:59.999Z"
    );
    assert_eq!(
        format_iso_utc(resolve("now/y", false)),
        "2026-01-01T00:00:00.000Z"
    );
}

#[test]
fn day_rounding_follows_the_viewer_zone() {
    // At UTC+2 it is already 17:30 local; the local day starts at 22:00Z the previous day.
    let start = TimeExpr::parse("now/d").unwrap().resolve(NOW, 120, false);
    assert_eq!(format_iso_utc(start), "2026-11-20T22:00:00.000Z");
}

#[test]
fn months_clamp_to_the_last_day() {
    let jan31 = parse_iso("2026-01-31T12:00:00Z");
    let expr = TimeExpr::parse("now-1M").unwrap();
    let mar31 = parse_iso("2026-03-31T12:00:00Z");
    assert_eq!(
        format_iso_utc(expr.resolve(mar31, 0, false)),
        "2026-02-28T12:00:00.000Z"
    );
    assert_eq!(
        format_iso_utc(TimeExpr::parse("now+1M").unwrap().resolve(jan31, 0, false)),
        "2026-02-28T12:00:00.000Z"
    );
    let leap = parse_iso("2024-03-31T00:00:00Z");
    assert_eq!(
        format_iso_utc(expr.resolve(leap, 0, false)),
        "2024-02-29T00:00:00.000Z"
    );
}

fn parse_iso(text: &str) -> i64 {
    match TimeExpr::parse(text).unwrap() {
        TimeExpr::Absolute(ms) => ms,
        other => panic!("expected absolute, got {other:?}"),
    }
}

#[test]
fn epoch_milliseconds_and_iso_forms() {
    assert_eq!(
        TimeExpr::parse("1795275045500").unwrap(),
        TimeExpr::Absolute(NOW)
    );
    assert_eq!(parse_iso("2026-11-21T15:30:45.500Z"), NOW);
    assert_eq!(parse_iso("2026-11-21T17:30:45.5+02:00"), NOW);
    assert_eq!(parse_iso("2026-11-21 15:30:45.500"), NOW);
    assert_eq!(
        parse_iso("2026-11-21"),
        NOW - (15 * 3_600_000 + 30 * 60_000 + 45_500)
    );
    assert_eq!(parse_iso("1970-01-01T00:00:00Z"), 0);
    assert_eq!(parse_iso("1969-12-31T23:59:59Z"), -1000);
}

#[test]
fn bad_input_says_why() {
    for (text, reason) in [
        ("", "empty"),
        ("now-", "expected a number"),
        ("now-6x", "unknown unit"),
        ("now*2", "expected -, + or /"),
        ("now/d-1h", "rounding must come last"),
        ("yesterday", "not a time"),
        ("2026-02-30", "no such calendar date"),
        ("2026-11-21T25:00", "out of range"),
        ("2026-11-21T10:00+0200", "unknown time zone"),
    ] {
        let err = TimeExpr::parse(text).unwrap_err();
        assert!(err.reason.contains(reason), "{text:?}: {err}");
        assert!(
            err.to_string().contains(text),
            "message names the input: {err}"
        );
    }
}

#[test]
fn canonical_form_round_trips() {
    for text in [
        "now",
        "now-6h",
        "now-1d/d",
        "now/w",
        "now+15m",
        "1795275045500",
    ] {
        assert_eq!(TimeExpr::parse(text).unwrap().to_string(), text);
    }
}

#[test]
fn calendar_round_trips_over_centuries() {
    for days in (-800_000..800_000).step_by(997) {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days);
    }
}

#[test]
fn range_resolves_relative_at_query_time() {
    let range = TimeRange::parse("now-1h", "now").unwrap();
    assert_eq!(range.resolve(NOW, 0), (NOW - 3_600_000, NOW));
    // A later query sees a later window: nothing was frozen at parse time.
    assert_eq!(
        range.resolve(NOW + 60_000, 0),
        (NOW - 3_540_000, NOW + 60_000)
    );
}

#[test]
fn reversed_range_is_swapped() {
    let range = TimeRange::parse("now", "now-1h").unwrap();
    assert_eq!(range.resolve(NOW, 0), (NOW - 3_600_000, NOW));
}

#[test]
fn zoom_out_doubles_live_ranges_and_centres_absolute_ones() {
    let live = TimeRange::parse("now-6h", "now").unwrap();
    assert_eq!(
        live.zoom_out(NOW, 0),
        TimeRange::parse("now-12h", "now").unwrap()
    );
    let fixed = TimeRange::absolute(1_000_000, 2_000_000);
    assert_eq!(
        fixed.zoom_out(NOW, 0),
        TimeRange::absolute(500_000, 2_500_000)
    );
}

#[test]
fn shift_moves_by_half_the_span() {
    let range = TimeRange::absolute(1_000_000, 2_000_000);
    assert_eq!(
        range.shift(ShiftDirection::Earlier, NOW, 0),
        TimeRange::absolute(500_000, 1_500_000)
    );
    assert_eq!(
        range.shift(ShiftDirection::Later, NOW, 0),
        TimeRange::absolute(1_500_000, 2_500_000)
    );
}

#[test]
fn describe_names_quick_ranges_and_absolute_ends() {
    assert_eq!(
        TimeRange::parse("now-6h", "now").unwrap().describe(0),
        "Last 6 hours"
    );
    assert_eq!(
        TimeRange::absolute(NOW, NOW + 3_600_000).describe(0),
        "2026-11-21 15:30:45 to 2026-11-21 16:30:45"
    );
}

#[test]
fn absolute_ends_read_in_a_zone_and_back() {
    // 2026-11-21T15:30:45Z in Tokyo (UTC+9) and in a zone that is UTC-4 before the instant
    // 2026-11-20T16:00:00Z and UTC-5 from it on.
    let range = TimeRange::absolute(NOW - 500, NOW + 3_600_000 - 500);
    assert_eq!(
        range.describe_in(|_| 540),
        "2026-11-22 00:30:45 to 2026-11-22 01:30:45"
    );
    let change = parse_iso8601("2026-11-20T16:00:00Z").unwrap();
    let zone = |at: i64| if at < change { -240 } else { -300 };
    let across = TimeRange::absolute(change - 3_600_000, change + 3_600_000);
    assert_eq!(
        across.describe_in(zone),
        "2026-11-20 11:00:00 to 2026-11-20 12:00:00"
    );
    assert_eq!(range.describe_in(|_| 0), range.describe(0));
    // Back from a wall clock: Tokyo, and either side of the change.
    let wall = parse_iso8601("2026-11-22T00:30:45").unwrap();
    assert_eq!(wall_clock_to_instant(wall, |_| 540), NOW - 500);
    let before = parse_iso8601("2026-11-20T10:00:00").unwrap();
    assert_eq!(wall_clock_to_instant(before, zone), change - 7_200_000);
    let after = parse_iso8601("2026-11-20T12:00:00").unwrap();
    assert_eq!(wall_clock_to_instant(after, zone), change + 3_600_000);
}
