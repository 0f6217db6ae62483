//! The time zone announced times and chart summaries are written in: the dashboard's
//! `timezone` as Grafana stores it (`browser` or empty: the viewer's; `utc`; or an IANA name
//! such as `Europe/Berlin`). The UI asks the browser's `Intl` for a named zone's wall clock at
//! an instant; [`offset_from_wall_clock`] turns that into the UTC offset core's formatters take.

/// A dashboard's `timezone`, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnnounceZone {
    /// The viewer's own zone (`browser`, empty or missing).
    Browser,
    /// Coordinated Universal Time (`utc`, any case).
    Utc,
    /// An IANA zone name, as written.
    Named(String),
}

impl AnnounceZone {
    /// Reads Grafana's `timezone` value.
    pub fn parse(timezone: &str) -> AnnounceZone {
        let zone = timezone.trim();
        if zone.is_empty() || zone.eq_ignore_ascii_case("browser") {
            AnnounceZone::Browser
        } else if zone.eq_ignore_ascii_case("utc") {
            AnnounceZone::Utc
        } else {
            AnnounceZone::Named(zone.to_string())
        }
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The UTC offset in minutes of a zone whose wall clock read `wall` (year, month 1-12, day,
/// hour 0-23, minute, second) at the instant `at_ms`: the wall clock taken as if it were UTC,
/// minus the instant, rounded to the minute.
pub fn offset_from_wall_clock(wall: [i64; 6], at_ms: i64) -> i32 {
    let [year, month, day, hour, minute, second] = wall;
    let wall_ms =
        (days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000;
    // The instant's own milliseconds are below the wall clock's second resolution.
    let at_s = at_ms.div_euclid(1000) * 1000;
    ((wall_ms - at_s) as f64 / 60_000.0).round() as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grafana_spellings_are_read() {
        assert_eq!(AnnounceZone::parse("browser"), AnnounceZone::Browser);
        assert_eq!(AnnounceZone::parse(""), AnnounceZone::Browser);
        assert_eq!(AnnounceZone::parse("utc"), AnnounceZone::Utc);
        assert_eq!(AnnounceZone::parse("UTC"), AnnounceZone::Utc);
        assert_eq!(
            AnnounceZone::parse(" Asia/Tokyo "),
            AnnounceZone::Named("Asia/Tokyo".into())
        );
    }

    #[test]
    fn offsets_come_from_the_wall_clock_at_the_instant() {
        // 2026-12-07 18:00:00.250 UTC.
        let at = 1_796_666_400_250;
        assert_eq!(offset_from_wall_clock([2026, 12, 7, 18, 0, 0], at), 0);
        // Tokyo (UTC+9) reads the next morning.
        assert_eq!(offset_from_wall_clock([2026, 12, 8, 3, 0, 0], at), 540);
        // New York in winter (UTC-5) and Kolkata (UTC+5:30).
        assert_eq!(offset_from_wall_clock([2026, 12, 7, 13, 0, 0], at), -300);
        assert_eq!(offset_from_wall_clock([2026, 12, 7, 23, 30, 0], at), 330);
        // Across a year end.
        assert_eq!(
            offset_from_wall_clock([2027, 1, 1, 0, 30, 0], 1_798_759_800_000),
            60
        );
    }
}
