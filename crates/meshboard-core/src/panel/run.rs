//! When a metrics panel queries again: a new query (a variable changed), a new time range, the
//! refresh tick, or a resize that moves the step of a range query. Any other resize keeps the
//! data it has: a panel dragged a few pixels wider must not fetch the same points again.

use super::queries::PanelQuery;
use crate::step::width_changes_resolution;
use crate::time_range::TimeRange;

/// One run of a panel's queries: what it asks, over which resolved range and width. A new run
/// is a new fetch; the same run (equal, `seq` included) is not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PanelRun {
    pub queries: Vec<PanelQuery>,
    /// The time range resolved when the run was planned, epoch ms.
    pub range: (f64, f64),
    /// The panel width the step is chosen for, px.
    pub width: f64,
    /// Counts runs, so that a refresh of an absolute range is still a new run.
    pub seq: u64,
}

/// What the last run was planned from (the range unresolved, as the view state has it).
#[derive(Debug, Clone, PartialEq)]
struct Inputs {
    queries: Vec<PanelQuery>,
    range: TimeRange,
    tick: u64,
}

/// Plans a panel's runs; it remembers the last one to tell a resize that moves the step from
/// one that does not.
#[derive(Debug, Default)]
pub struct RunPlanner {
    last: Option<(Inputs, PanelRun)>,
}

impl RunPlanner {
    /// The run the panel wants for these inputs at `width` px: the last one again when only
    /// the width changed and no range query's step follows it; otherwise a new run, with
    /// `range` resolved at `now_ms`.
    pub fn plan(
        &mut self,
        queries: &[PanelQuery],
        range: &TimeRange,
        tick: u64,
        width: f64,
        now_ms: i64,
        utc_offset_min: i32,
    ) -> PanelRun {
        let inputs = Inputs {
            queries: queries.to_vec(),
            range: range.clone(),
            tick,
        };
        if let Some((last_inputs, last_run)) = &self.last {
            if *last_inputs == inputs && !resize_moves_step(last_run, width) {
                return last_run.clone();
            }
        }
        let (from, to) = range.resolve(now_ms, utc_offset_min);
        let run = PanelRun {
            queries: inputs.queries.clone(),
            range: (from as f64, to as f64),
            width,
            seq: self.last.as_ref().map_or(0, |(_, run)| run.seq + 1),
        };
        self.last = Some((inputs, run.clone()));
        run
    }
}

/// Whether `last` would ask for a different step at `width`: only range queries whose step
/// follows the width (no fixed `maxDataPoints`) are affected.
fn resize_moves_step(last: &PanelRun, width: f64) -> bool {
    let (from, to) = last.range;
    last.queries.iter().any(|q| {
        !q.instant
            && q.max_points.is_none()
            && width_changes_resolution(from, to, q.min_step_ms, last.width, width)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn query(instant: bool, max_points: Option<u32>) -> PanelQuery {
        PanelQuery {
            ref_id: "A".into(),
            expr: "up".into(),
            legend: None,
            instant,
            min_step_ms: 0.0,
            max_points,
            exemplar: false,
        }
    }

    fn last_hour() -> TimeRange {
        TimeRange::parse("now-1h", "now").unwrap()
    }

    #[test]
    fn the_first_plan_resolves_the_range() {
        let mut planner = RunPlanner::default();
        let run = planner.plan(&[query(false, None)], &last_hour(), 0, 800.0, NOW, 0);
        assert_eq!(run.range, ((NOW - 3_600_000) as f64, NOW as f64));
        assert_eq!((run.width, run.seq), (800.0, 0));
    }

    #[test]
    fn a_small_resize_keeps_the_run_and_a_big_one_makes_a_new_one() {
        let mut planner = RunPlanner::default();
        let qs = [query(false, None)];
        let first = planner.plan(&qs, &last_hour(), 0, 700.0, NOW, 0);
        // Later, and a few pixels wider: same step, so the same run (not re-resolved).
        let nudged = planner.plan(&qs, &last_hour(), 0, 706.0, NOW + 5_000, 0);
        assert_eq!(nudged, first);
        let wider = planner.plan(&qs, &last_hour(), 0, 1600.0, NOW + 9_000, 0);
        assert_ne!(wider, first);
        assert_eq!((wider.width, wider.seq), (1600.0, 1));
        assert_eq!(wider.range.1, (NOW + 9_000) as f64);
    }

    #[test]
    fn resizes_never_re_run_instant_or_fixed_point_queries() {
        for q in [query(true, None), query(false, Some(100))] {
            let qs = [q];
            let mut planner = RunPlanner::default();
            let first = planner.plan(&qs, &last_hour(), 0, 300.0, NOW, 0);
            assert_eq!(planner.plan(&qs, &last_hour(), 0, 2000.0, NOW, 0), first);
        }
    }

    #[test]
    fn a_tick_a_range_or_a_query_change_makes_a_new_run() {
        let mut planner = RunPlanner::default();
        let qs = [query(false, None)];
        let absolute = TimeRange::parse("1000", "3601000").unwrap();
        let first = planner.plan(&qs, &absolute, 0, 800.0, NOW, 0);
        // The same absolute range resolves the same: only `seq` tells the refresh apart.
        let refreshed = planner.plan(&qs, &absolute, 1, 800.0, NOW, 0);
        assert_eq!(refreshed.range, first.range);
        assert_ne!(refreshed, first);
        let other_range = planner.plan(&qs, &last_hour(), 1, 800.0, NOW, 0);
        assert_ne!(other_range.range, refreshed.range);
        let other_query = planner.plan(&[query(true, None)], &last_hour(), 1, 800.0, NOW, 0);
        assert!(other_query.queries[0].instant);
        assert_eq!(other_query.seq, 3);
    }
}
