//! When a metrics panel queries again: a new query (a variable changed), a new time range, the
//! refresh tick, or a resize that moves the step of a range query. Any other resize keeps the
//! data it has: a panel dragged a few pixels wider must not fetch the same points again.
//!
//! A panel's own time options (`timeFrom`, `timeShift`) change the range it queries, as
//! Grafana's `applyPanelTimeOverrides` (`public/app/features/dashboard/utils/panel.ts`) does,
//! and give the text its header shows ("Last 10 seconds timeshift -1h").

use super::queries::PanelQuery;
use crate::dashboard::PanelTimeOptions;
use crate::step::width_changes_resolution;
use crate::time_range::{TimeExpr, TimeRange};

/// A panel's range after its time options, still unresolved (relative ends stay relative until
/// a run resolves them), and what its header says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelTime {
    pub range: TimeRange,
    /// `timeShift` as date maths relative to each resolved end (`now-1h`, `now-1d/d`).
    shift: Option<TimeExpr>,
    /// The header's time info: "Last 10 seconds", "timeshift -1h", "invalid time override";
    /// empty without an override or with `hideTimeOverride`.
    pub info: String,
}

impl PanelTime {
    /// Applies `options` to the dashboard's `range` as Grafana does: `timeFrom` replaces the
    /// range only when the dashboard's start is relative (an absolute range is kept, silently);
    /// `timeShift` moves both ends back; an unreadable value keeps the range and says
    /// "invalid time override" / "invalid timeshift" in the header.
    pub fn new(options: &PanelTimeOptions, range: &TimeRange) -> PanelTime {
        let mut out = PanelTime {
            range: range.clone(),
            shift: None,
            info: String::new(),
        };
        out.apply(options);
        if options.hide {
            out.info.clear();
        }
        out
    }

    fn apply(&mut self, options: &PanelTimeOptions) {
        if let Some(from) = &options.time_from {
            let Some(described) = describe_text_range(from) else {
                self.info = "invalid time override".into();
                return;
            };
            if self.range.from.is_relative() {
                self.info = described.display;
                self.range = described.range;
            }
        }
        if let Some(shift) = &options.time_shift {
            let shift = shift.trim();
            let parsed = describe_text_range(shift)
                .and_then(|_| TimeExpr::parse(&format!("now-{shift}")).ok());
            let Some(parsed) = parsed else {
                self.info = "invalid timeshift".into();
                return;
            };
            let text = format!("timeshift -{shift}");
            self.info = if self.info.is_empty() {
                text
            } else {
                format!("{} {text}", self.info)
            };
            self.shift = Some(parsed);
        }
    }

    /// The queried range, epoch ms, at `now_ms`.
    pub fn resolve(&self, now_ms: i64, utc_offset_min: i32) -> (i64, i64) {
        let (from, to) = self.range.resolve(now_ms, utc_offset_min);
        match &self.shift {
            Some(shift) => (
                shift.resolve(from, utc_offset_min, false),
                shift.resolve(to, utc_offset_min, true),
            ),
            None => (from, to),
        }
    }
}

/// A relative range read as Grafana's `rangeUtil.describeTextRange` reads a panel's
/// `timeFrom`: `10s` is `now-10s` to `now`, `+1h` is `now` to `now+1h`.
struct DescribedRange {
    range: TimeRange,
    display: String,
}

/// Grafana's quick ranges that end now and are not "Last N units", by their start.
const NAMED_TO_NOW: [(&str, &str); 4] = [
    ("now/d", "Today so far"),
    ("now/w", "This week so far"),
    ("now/M", "This month so far"),
    ("now/y", "This year so far"),
];

fn describe_text_range(expr: &str) -> Option<DescribedRange> {
    let expr = expr.trim();
    let is_last = !expr.starts_with('+');
    let expr = match (expr.contains("now"), is_last) {
        (true, _) => expr.to_string(),
        (false, true) => format!("now-{expr}"),
        (false, false) => format!("now{expr}"),
    };
    let at = TimeExpr::parse(&expr).ok()?;
    let now = TimeExpr::now();
    let range = if is_last {
        TimeRange { from: at, to: now }
    } else {
        TimeRange { from: now, to: at }
    };
    if is_last {
        if let Some((_, name)) = NAMED_TO_NOW.iter().find(|(from, _)| *from == expr) {
            return Some(DescribedRange {
                range,
                display: (*name).to_string(),
            });
        }
    }
    // `^now([-+])(\d+)(\w)`: anything else (`now/d` ending later, `now-1d/d`) is invalid
    // for Grafana unless it starts with one offset.
    let rest = expr.strip_prefix("now")?;
    let rest = rest.strip_prefix(['-', '+'])?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let amount: u64 = rest.get(..digits)?.parse().ok()?;
    let unit = match rest[digits..].chars().next()? {
        's' => "second",
        'm' => "minute",
        'h' => "hour",
        'd' => "day",
        'w' => "week",
        'M' => "month",
        'y' => "year",
        _ => "",
    };
    let display = if unit.is_empty() {
        String::new()
    } else {
        let plural = if amount > 1 { "s" } else { "" };
        let lead = if is_last { "Last" } else { "Next" };
        format!("{lead} {amount} {unit}{plural}")
    };
    Some(DescribedRange { range, display })
}

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
    time: PanelTimeOptions,
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
    /// `range` (after the panel's `time` options) resolved at `now_ms`.
    #[allow(clippy::too_many_arguments)]
    pub fn plan(
        &mut self,
        queries: &[PanelQuery],
        range: &TimeRange,
        time: &PanelTimeOptions,
        tick: u64,
        width: f64,
        now_ms: i64,
        utc_offset_min: i32,
    ) -> PanelRun {
        let inputs = Inputs {
            queries: queries.to_vec(),
            range: range.clone(),
            time: time.clone(),
            tick,
        };
        if let Some((last_inputs, last_run)) = &self.last {
            if *last_inputs == inputs && !resize_moves_step(last_run, width) {
                return last_run.clone();
            }
        }
        let (from, to) = PanelTime::new(time, range).resolve(now_ms, utc_offset_min);
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
            backend: Default::default(),
        }
    }

    fn none() -> PanelTimeOptions {
        PanelTimeOptions::default()
    }

    fn last_hour() -> TimeRange {
        TimeRange::parse("now-1h", "now").unwrap()
    }

    fn time(from: Option<&str>, shift: Option<&str>, hide: bool) -> PanelTimeOptions {
        PanelTimeOptions {
            time_from: from.map(str::to_string),
            time_shift: shift.map(str::to_string),
            hide,
        }
    }

    #[test]
    fn time_from_replaces_a_relative_range_and_says_so() {
        let t = PanelTime::new(&time(Some("10s"), None, false), &last_hour());
        assert_eq!(t.info, "Last 10 seconds");
        assert_eq!(t.resolve(NOW, 0), (NOW - 10_000, NOW));
        let t = PanelTime::new(&time(Some("1h"), None, false), &last_hour());
        assert_eq!(t.info, "Last 1 hour");
        let t = PanelTime::new(&time(Some("now/d"), None, false), &last_hour());
        assert_eq!(t.info, "Today so far");
        let day = 86_400_000;
        assert_eq!(t.resolve(NOW, 0), (NOW.div_euclid(day) * day, NOW));
        let t = PanelTime::new(&time(Some("2d"), None, false), &last_hour());
        assert_eq!(t.info, "Last 2 days");
        let t = PanelTime::new(&time(Some("+1h"), None, false), &last_hour());
        assert_eq!(t.info, "Next 1 hour");
        assert_eq!(t.resolve(NOW, 0), (NOW, NOW + 3_600_000));
    }

    #[test]
    fn time_from_keeps_an_absolute_range_and_bad_values_say_invalid() {
        let absolute = TimeRange::absolute(1_000, 3_601_000);
        let t = PanelTime::new(&time(Some("10s"), None, false), &absolute);
        assert_eq!(
            (t.info.as_str(), t.resolve(NOW, 0)),
            ("", (1_000, 3_601_000))
        );
        let t = PanelTime::new(&time(Some("ten"), None, false), &last_hour());
        assert_eq!(t.info, "invalid time override");
        assert_eq!(t.resolve(NOW, 0), (NOW - 3_600_000, NOW));
        let t = PanelTime::new(&time(None, Some("-1h"), false), &last_hour());
        assert_eq!(t.info, "invalid timeshift");
    }

    #[test]
    fn time_shift_moves_the_range_back() {
        let t = PanelTime::new(&time(None, Some("1h"), false), &last_hour());
        assert_eq!(t.info, "timeshift -1h");
        assert_eq!(t.resolve(NOW, 0), (NOW - 7_200_000, NOW - 3_600_000));
        let t = PanelTime::new(&time(Some("10s"), Some("1h"), false), &last_hour());
        assert_eq!(t.info, "Last 10 seconds timeshift -1h");
        assert_eq!(t.resolve(NOW, 0), (NOW - 3_610_000, NOW - 3_600_000));
        // Rounded shifts round the start down and the end up, as parseDateMath does.
        let day = 86_400_000;
        let t = PanelTime::new(&time(None, Some("1d/d"), false), &last_hour());
        let (from, to) = t.resolve(NOW, 0);
        assert_eq!(from, (NOW - 3_600_000 - day).div_euclid(day) * day);
        assert_eq!(to, (NOW - day).div_euclid(day) * day + day - 1);
    }

    #[test]
    fn hide_time_override_hides_only_the_text() {
        let t = PanelTime::new(&time(Some("10s"), Some("1h"), true), &last_hour());
        assert_eq!(t.info, "");
        assert_eq!(t.resolve(NOW, 0), (NOW - 3_610_000, NOW - 3_600_000));
    }

    #[test]
    fn a_plan_queries_the_overridden_range() {
        let mut planner = RunPlanner::default();
        let run = planner.plan(
            &[query(false, None)],
            &last_hour(),
            &time(Some("10s"), None, false),
            0,
            800.0,
            NOW,
            0,
        );
        assert_eq!(run.range, ((NOW - 10_000) as f64, NOW as f64));
    }

    #[test]
    fn the_first_plan_resolves_the_range() {
        let mut planner = RunPlanner::default();
        let run = planner.plan(
            &[query(false, None)],
            &last_hour(),
            &none(),
            0,
            800.0,
            NOW,
            0,
        );
        assert_eq!(run.range, ((NOW - 3_600_000) as f64, NOW as f64));
        assert_eq!((run.width, run.seq), (800.0, 0));
    }

    #[test]
    fn a_small_resize_keeps_the_run_and_a_big_one_makes_a_new_one() {
        let mut planner = RunPlanner::default();
        let qs = [query(false, None)];
        let first = planner.plan(&qs, &last_hour(), &none(), 0, 700.0, NOW, 0);
        // Later, and a few pixels wider: same step, so the same run (not re-resolved).
        let nudged = planner.plan(&qs, &last_hour(), &none(), 0, 706.0, NOW + 5_000, 0);
        assert_eq!(nudged, first);
        let wider = planner.plan(&qs, &last_hour(), &none(), 0, 1600.0, NOW + 9_000, 0);
        assert_ne!(wider, first);
        assert_eq!((wider.width, wider.seq), (1600.0, 1));
        assert_eq!(wider.range.1, (NOW + 9_000) as f64);
    }

    #[test]
    fn resizes_never_re_run_instant_or_fixed_point_queries() {
        for q in [query(true, None), query(false, Some(100))] {
            let qs = [q];
            let mut planner = RunPlanner::default();
            let first = planner.plan(&qs, &last_hour(), &none(), 0, 300.0, NOW, 0);
            assert_eq!(
                planner.plan(&qs, &last_hour(), &none(), 0, 2000.0, NOW, 0),
                first
            );
        }
    }

    #[test]
    fn a_tick_a_range_or_a_query_change_makes_a_new_run() {
        let mut planner = RunPlanner::default();
        let qs = [query(false, None)];
        let absolute = TimeRange::parse("1000", "3601000").unwrap();
        let first = planner.plan(&qs, &absolute, &none(), 0, 800.0, NOW, 0);
        // The same absolute range resolves the same: only `seq` tells the refresh apart.
        let refreshed = planner.plan(&qs, &absolute, &none(), 1, 800.0, NOW, 0);
        assert_eq!(refreshed.range, first.range);
        assert_ne!(refreshed, first);
        let other_range = planner.plan(&qs, &last_hour(), &none(), 1, 800.0, NOW, 0);
        assert_ne!(other_range.range, refreshed.range);
        let other_query = planner.plan(
            &[query(true, None)],
            &last_hour(),
            &none(),
            1,
            800.0,
            NOW,
            0,
        );
        assert!(other_query.queries[0].instant);
        assert_eq!(other_query.seq, 3);
    }
}
