//! A time zone's UTC offsets over an axis' span, so ticks fall on the zone's wall-clock
//! boundaries and read in its wall clock even across a daylight-saving change. Core has no
//! zone database (it would weigh on the wasm): the UI asks the browser (`Intl`) for the offset
//! at instants and [`ZoneOffsets::sample`] finds where it changes.

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
/// At most this many probes across a span (plus about 30 per change found).
const MAX_PROBES: i64 = 400;

/// The offsets (minutes east of UTC) of one zone over a span: `first` until the first change,
/// then each change's offset from its instant (epoch ms) on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ZoneOffsets {
    first: i32,
    changes: Vec<(i64, i32)>,
}

impl ZoneOffsets {
    /// One offset at every instant (UTC is `fixed(0)`).
    pub fn fixed(offset_minutes: i32) -> ZoneOffsets {
        ZoneOffsets {
            first: offset_minutes,
            changes: Vec::new(),
        }
    }

    /// The offsets of the zone `offset_at` reads, over `[from_ms, to_ms]`. Probes every few
    /// hours (fewer on long spans: zones change at most a few times a year) and bisects each
    /// change down to the millisecond.
    pub fn sample(from_ms: f64, to_ms: f64, mut offset_at: impl FnMut(i64) -> i32) -> Self {
        if !(from_ms.is_finite() && to_ms.is_finite() && from_ms < to_ms) {
            let at = if from_ms.is_finite() {
                from_ms as i64
            } else {
                0
            };
            return ZoneOffsets::fixed(offset_at(at));
        }
        let (from, to) = (from_ms.floor() as i64, to_ms.ceil() as i64);
        let step = ((to - from) / MAX_PROBES).max(6 * HOUR);
        let first = offset_at(from);
        let mut zone = ZoneOffsets::fixed(first);
        let (mut at, mut offset) = (from, first);
        while at < to {
            let next = (at + step).min(to);
            let next_offset = offset_at(next);
            if next_offset != offset {
                // The change lies in (at, next]: halve down to the millisecond.
                let (mut before, mut after) = (at, next);
                while after - before > 1 {
                    let mid = before + (after - before) / 2;
                    if offset_at(mid) == offset {
                        before = mid;
                    } else {
                        after = mid;
                    }
                }
                zone.changes.push((after, next_offset));
                offset = next_offset;
            }
            at = next;
        }
        zone
    }

    /// The offset in minutes at `at_ms`.
    pub fn offset_at(&self, at_ms: i64) -> i32 {
        self.changes
            .iter()
            .take_while(|(from, _)| *from <= at_ms)
            .last()
            .map_or(self.first, |(_, offset)| *offset)
    }

    /// Every offset the span takes.
    fn offsets(&self) -> impl Iterator<Item = i32> + '_ {
        std::iter::once(self.first).chain(self.changes.iter().map(|(_, o)| *o))
    }

    pub fn smallest(&self) -> i32 {
        self.offsets().min().unwrap_or(0)
    }

    pub fn largest(&self) -> i32 {
        self.offsets().max().unwrap_or(0)
    }

    /// The instants whose wall clock reads `local_ms` (a wall clock taken as if it were UTC):
    /// none in a spring-forward gap, two in a fall-back hour, else one; earliest first.
    pub fn instants_of_wall_clock(&self, local_ms: i64) -> Vec<i64> {
        let mut instants: Vec<i64> = self
            .offsets()
            .map(|offset| local_ms - i64::from(offset) * MINUTE)
            .filter(|&at| local_ms - at == i64::from(self.offset_at(at)) * MINUTE)
            .collect();
        instants.sort_unstable();
        instants.dedup();
        instants
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::time_range::days_from_civil;

    const DAY: i64 = 24 * HOUR;

    /// America/New_York by the US rule since 2007: UTC-4 from the second Sunday of March,
    /// 02:00 local (07:00 UTC), to the first Sunday of November, 02:00 local (06:00 UTC).
    pub(crate) fn new_york(at_ms: i64) -> i32 {
        let year = crate::time_range::civil_from_days(at_ms.div_euclid(DAY)).0;
        let sunday_on_or_after = |month: u32, day: u32| {
            let days = days_from_civil(year, month, day);
            // 1970-01-04 was a Sunday.
            days + (7 - (days - 3).rem_euclid(7)) % 7
        };
        let summer_from = sunday_on_or_after(3, 8) * DAY + 7 * HOUR;
        let summer_until = sunday_on_or_after(11, 1) * DAY + 6 * HOUR;
        if (summer_from..summer_until).contains(&at_ms) {
            -240
        } else {
            -300
        }
    }

    #[test]
    fn the_us_rule_of_the_fake_zone_is_right() {
        // 2026: summer time from March 8, 07:00 UTC, to November 1, 06:00 UTC.
        let march_8 = days_from_civil(2026, 3, 8) * DAY;
        assert_eq!(new_york(march_8 + 7 * HOUR - 1), -300);
        assert_eq!(new_york(march_8 + 7 * HOUR), -240);
        let november_1 = days_from_civil(2026, 11, 1) * DAY;
        assert_eq!(new_york(november_1 + 6 * HOUR - 1), -240);
        assert_eq!(new_york(november_1 + 6 * HOUR), -300);
    }

    #[test]
    fn sampling_finds_each_change_exactly() {
        let from = days_from_civil(2026, 1, 1) * DAY;
        let to = days_from_civil(2027, 1, 1) * DAY;
        let zone = ZoneOffsets::sample(from as f64, to as f64, new_york);
        let march_change = days_from_civil(2026, 3, 8) * DAY + 7 * HOUR;
        let november_change = days_from_civil(2026, 11, 1) * DAY + 6 * HOUR;
        assert_eq!(
            zone,
            ZoneOffsets {
                first: -300,
                changes: vec![(march_change, -240), (november_change, -300)],
            }
        );
        assert_eq!(zone.offset_at(march_change - 1), -300);
        assert_eq!(zone.offset_at(march_change), -240);
        assert_eq!((zone.smallest(), zone.largest()), (-300, -240));
        // A zone without changes, and a span that is no span.
        assert_eq!(
            ZoneOffsets::sample(from as f64, to as f64, |_| 540),
            ZoneOffsets::fixed(540)
        );
        assert_eq!(
            ZoneOffsets::sample(f64::NAN, 1.0, |_| 60),
            ZoneOffsets::fixed(60)
        );
        assert_eq!(
            ZoneOffsets::sample(5.0, 1.0, |_| 60),
            ZoneOffsets::fixed(60)
        );
    }

    #[test]
    fn wall_clock_times_map_to_none_one_or_two_instants() {
        let day = |m, d| days_from_civil(2026, m, d) * DAY;
        let zone = ZoneOffsets::sample(day(3, 1) as f64, day(11, 30) as f64, new_york);
        // 02:30 on March 8 does not exist in New York; 01:30 on November 1 happens twice.
        assert!(zone
            .instants_of_wall_clock(day(3, 8) + 150 * MINUTE)
            .is_empty());
        assert_eq!(
            zone.instants_of_wall_clock(day(11, 1) + 90 * MINUTE),
            vec![day(11, 1) + 330 * MINUTE, day(11, 1) + 390 * MINUTE]
        );
        assert_eq!(
            zone.instants_of_wall_clock(day(6, 1) + 12 * HOUR),
            vec![day(6, 1) + 16 * HOUR]
        );
        assert_eq!(
            ZoneOffsets::fixed(540).instants_of_wall_clock(9 * HOUR),
            vec![0]
        );
    }
}
