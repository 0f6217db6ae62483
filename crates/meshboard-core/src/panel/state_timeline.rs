//! The `state-timeline` panel's model: one band per series of coloured runs of equal values
//! (1 green and 0 red for `up`-like series, thresholds or the palette otherwise), the band
//! height, which bands are named, what is under the pointer and what its tooltip says.

use super::result::QueryResult;
use super::spec::threshold_color;
use crate::chart::theme::palette_color;
use crate::dashboard::FieldDefaults;
use crate::grid_hover::{segment_at, timeline_row_at, PlotArea};
use crate::panel_calc::{state_segments, Segment};
use crate::step::format_prom_duration;
use crate::time_range::format_local;
use crate::units::format_value;

/// Width of the band names left of the plot, px.
pub const NAME_W: f64 = 140.0;
/// Bands never grow taller than this, however few series there are.
const MAX_ROW_H: f64 = 40.0;
/// Vertical room one band name needs (the chart font is 12 px).
const LABEL_LINE_H: f64 = 13.0;

/// What the canvas shows: per series its name and runs, over the queried range.
#[derive(Debug, PartialEq)]
pub struct Timeline {
    pub names: Vec<String>,
    pub runs: Vec<Vec<Segment>>,
    /// The queried range, epoch ms.
    pub range: (f64, f64),
}

impl Timeline {
    pub fn of(result: &QueryResult) -> Timeline {
        let (from, to) = result.range();
        let span = (to - from).max(1.0);
        let runs = result
            .frame
            .series
            .iter()
            .map(|s| {
                // A sample counts until the next; longer than 3 steps without one is "no data".
                let step = s
                    .times_ms
                    .windows(2)
                    .map(|p| p[1] - p[0])
                    .fold(f64::INFINITY, f64::min);
                let max_gap = if step.is_finite() { step * 3.0 } else { span };
                state_segments(&s.times_ms, &s.values, to, max_gap)
            })
            .collect();
        Timeline {
            names: result.names.clone(),
            runs,
            range: result.range(),
        }
    }

    /// The height of each band on a canvas `h` px tall.
    pub fn row_height(&self, h: f64) -> f64 {
        (h / self.runs.len().max(1) as f64).min(MAX_ROW_H)
    }

    /// Every how many bands one is named: bands thinner than a line of text would stack
    /// their names into a smudge (the tooltip names each one).
    pub fn label_every(&self, h: f64) -> usize {
        ((LABEL_LINE_H / self.row_height(h)).ceil() as usize).max(1)
    }

    /// The band and run under (`x`, `y`) on a `w` x `h` canvas.
    pub fn run_at(&self, x: f64, y: f64, w: f64, h: f64) -> Option<(usize, Segment)> {
        let row = timeline_row_at(self.runs.len(), self.row_height(h), y)?;
        let area = PlotArea::beside_labels(NAME_W, w, h);
        Some((row, segment_at(&self.runs[row], self.range, area, x)?))
    }
}

/// The colour of a run of `v`: none for "no data" (NaN); the thresholds' when the field has
/// more than a base step; else green for 1, red for 0, the palette for other values.
pub fn state_color(field: &FieldDefaults, v: f64) -> Option<String> {
    if v.is_nan() {
        return None;
    }
    if field.thresholds.as_ref().is_some_and(|t| t.steps.len() > 1) {
        return threshold_color(field, v);
    }
    Some(if v == 1.0 {
        "#73bf69".into()
    } else if v == 0.0 {
        "#f2495c".into()
    } else {
        palette_color(v.abs() as usize).into()
    })
}

/// The tooltip of one run: series name, value (or "no data"), from – to, and its length;
/// times read `utc_offset_min` east of UTC.
pub fn run_lines(
    name: String,
    run: &Segment,
    unit: &str,
    decimals: Option<u32>,
    utc_offset_min: i32,
) -> Vec<String> {
    let value = if run.value.is_nan() {
        "no data".to_string()
    } else {
        format_value(run.value, unit, decimals)
    };
    vec![
        name,
        format!("value {value}"),
        format!(
            "{} – {}",
            format_local(run.start_ms as i64, utc_offset_min),
            format_local(run.end_ms as i64, utc_offset_min)
        ),
        format!(
            "for {}",
            format_prom_duration((run.end_ms - run.start_ms).max(0.0))
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{ThresholdStep, Thresholds, ThresholdsMode};
    use crate::frame::{Frame, Labels, Series};
    use crate::panel::PanelRun;
    use std::sync::Arc;

    fn result(series: &[&[(f64, f64)]]) -> QueryResult {
        QueryResult {
            frame: Arc::new(Frame {
                series: series
                    .iter()
                    .map(|points| {
                        let mut s = Series::new(Labels::new());
                        for (t, v) in *points {
                            s.push(*t, *v);
                        }
                        s
                    })
                    .collect(),
                notices: vec![],
            }),
            names: series
                .iter()
                .enumerate()
                .map(|(i, _)| format!("s{i}"))
                .collect(),
            run: PanelRun {
                range: (0.0, 100_000.0),
                ..PanelRun::default()
            },
            ..QueryResult::default()
        }
    }

    #[test]
    fn runs_of_equal_values_and_gaps_of_no_data() {
        // Samples every 10 s, then nothing for 50 s (more than 3 steps): no data there.
        let t = Timeline::of(&result(&[&[
            (0.0, 1.0),
            (10_000.0, 1.0),
            (20_000.0, 0.0),
            (70_000.0, 1.0),
        ]]));
        let values: Vec<bool> = t.runs[0].iter().map(|r| r.value.is_nan()).collect();
        assert!(values.contains(&true), "a no-data run: {:?}", t.runs[0]);
        assert_eq!(t.runs[0][0].value, 1.0);
        assert_eq!(
            (t.runs[0][0].start_ms, t.runs[0][0].end_ms),
            (0.0, 20_000.0)
        );
        assert_eq!(t.range, (0.0, 100_000.0));
    }

    #[test]
    fn bands_are_at_most_40_px_and_thin_ones_are_named_sparingly() {
        let one = Timeline::of(&result(&[&[(0.0, 1.0)]]));
        assert_eq!(one.row_height(300.0), 40.0);
        assert_eq!(one.label_every(300.0), 1);
        let many: Vec<&[(f64, f64)]> = vec![&[(0.0, 1.0)]; 46];
        let crowded = Timeline::of(&result(&many));
        assert!(crowded.row_height(230.0) < 13.0);
        assert_eq!(crowded.label_every(230.0), 3);
    }

    #[test]
    fn the_pointer_finds_band_and_run() {
        let t = Timeline::of(&result(&[&[(0.0, 1.0), (50_000.0, 0.0)], &[(0.0, 0.0)]]));
        // Two 40 px bands; the plot starts right of the names.
        let (row, run) = t
            .run_at(NAME_W + 10.0, 45.0, NAME_W + 1000.0, 300.0)
            .unwrap();
        assert_eq!(row, 1);
        assert_eq!(run.value, 0.0);
        assert!(
            t.run_at(10.0, 5.0, NAME_W + 1000.0, 300.0).is_none(),
            "over the names"
        );
        assert!(
            t.run_at(NAME_W + 10.0, 95.0, NAME_W + 1000.0, 300.0)
                .is_none(),
            "below the bands"
        );
    }

    #[test]
    fn colours_follow_up_semantics_unless_thresholds_say_otherwise() {
        let plain = FieldDefaults::default();
        assert_eq!(state_color(&plain, 1.0).as_deref(), Some("#73bf69"));
        assert_eq!(state_color(&plain, 0.0).as_deref(), Some("#f2495c"));
        assert_eq!(state_color(&plain, 3.0).as_deref(), Some(palette_color(3)));
        assert_eq!(state_color(&plain, f64::NAN), None);
        let field = FieldDefaults {
            thresholds: Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps: vec![
                    ThresholdStep {
                        color: "blue".into(),
                        value: None,
                    },
                    ThresholdStep {
                        color: "orange".into(),
                        value: Some(0.5),
                    },
                ],
            }),
            ..FieldDefaults::default()
        };
        assert_eq!(state_color(&field, 1.0).as_deref(), Some("#ff9830"));
        assert_eq!(state_color(&field, 0.0).as_deref(), Some("#5794f2"));
    }

    #[test]
    fn tooltips_name_value_span_and_length() {
        let run = Segment {
            start_ms: 0.0,
            end_ms: 90_000.0,
            value: 1.0,
        };
        let lines = run_lines("node-1".into(), &run, "none", None, 0);
        assert_eq!(lines[0], "node-1");
        assert_eq!(
            lines[1],
            format!("value {}", format_value(1.0, "none", None))
        );
        assert_eq!(
            lines[2],
            format!("{} – {}", format_local(0, 0), format_local(90_000, 0))
        );
        assert_eq!(lines[3], "for 1m30s");
        let gap = Segment {
            value: f64::NAN,
            ..run
        };
        assert_eq!(
            run_lines("n".into(), &gap, "none", None, 0)[1],
            "value no data"
        );
    }
}
