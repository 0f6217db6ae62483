//! M4 decimation: per pixel column keep the first, min, max and last sample, so a polyline of
//! millions of points draws as a few thousand and looks identical. Gaps (NaN samples, or a
//! time jump longer than a limit) are kept explicit as NaN markers in the output, so a gap
//! inside a column still breaks the line. One pass, no allocation per column.

/// A decimated series in columnar form; a NaN value marks a gap (do not connect across it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decimated {
    pub times_ms: Vec<f64>,
    pub values: Vec<f64>,
}

/// Decimates the samples `times`/`values` (times ascending) for an x axis spanning
/// `x_range` drawn `columns` pixels wide. One sample each side of the range is kept so
/// lines run to the plot's edges.
pub fn decimate_m4(
    times: &[f64],
    values: &[f64],
    x_range: (f64, f64),
    columns: usize,
) -> Decimated {
    let mut out = Decimated::default();
    decimate_m4_into(
        times,
        values,
        x_range,
        columns,
        f64::INFINITY,
        &mut out.times_ms,
        &mut out.values,
    );
    out
}

/// As [`decimate_m4`], appending to caller-owned buffers (reuse them across frames), and
/// treating a time step longer than `max_gap_ms` as a gap too (pass `f64::INFINITY` to
/// only break lines at NaN samples).
pub fn decimate_m4_into(
    times: &[f64],
    values: &[f64],
    x_range: (f64, f64),
    columns: usize,
    max_gap_ms: f64,
    out_times: &mut Vec<f64>,
    out_values: &mut Vec<f64>,
) {
    let n = times.len().min(values.len());
    let (x_min, x_max) = x_range;
    let span = x_max - x_min;
    if n == 0 || columns == 0 || !span.is_finite() || span <= 0.0 {
        return;
    }
    let (times, values) = (&times[..n], &values[..n]);
    let first_in = times.partition_point(|t| *t < x_min);
    let end_in = first_in + times[first_in..].partition_point(|t| *t <= x_max);
    let start = first_in.saturating_sub(1);
    let end = (end_in + 1).min(n);
    let expected = (end - start).min(columns.saturating_mul(4).saturating_add(8));
    out_times.reserve(expected);
    out_values.reserve(expected);

    let mut m4 = M4 {
        start_len: out_values.len(),
        times,
        values,
        out_times,
        out_values,
        column: usize::MAX,
        run: None,
        middle: None,
        gap_in_column: false,
    };
    let px_per_ms = columns as f64 / span;
    let last_column = columns - 1;
    let mut previous_time = f64::NAN;
    for i in start..end {
        let t = times[i];
        let column = if i < first_in || i >= end_in {
            // The neighbours outside the range get columns of their own.
            if i < first_in {
                usize::MAX - 1
            } else {
                usize::MAX - 2
            }
        } else {
            (((t - x_min) * px_per_ms) as usize).min(last_column)
        };
        let jumped = t - previous_time > max_gap_ms;
        previous_time = t;
        if column != m4.column {
            m4.flush_column();
            if jumped {
                m4.push_gap(t);
            }
            m4.column = column;
        } else if jumped {
            m4.gap(t);
        }
        if values[i].is_nan() {
            m4.gap(t);
        } else {
            m4.add(i);
        }
    }
    m4.flush_column();
}

/// Indices of the first, lowest, highest and last sample of a run without gaps.
#[derive(Clone, Copy)]
struct Run {
    first: usize,
    min: usize,
    max: usize,
    last: usize,
}

impl Run {
    fn merge(self, other: Run, values: &[f64]) -> Run {
        Run {
            first: self.first,
            min: if values[other.min] < values[self.min] {
                other.min
            } else {
                self.min
            },
            max: if values[other.max] > values[self.max] {
                other.max
            } else {
                self.max
            },
            last: other.last,
        }
    }
}

/// One pixel column's state. A column is emitted as `head, gap, middle, gap, tail`: the run
/// before its first gap, the runs between its first and last gap merged into one (they are
/// within one pixel, so their min-max stroke looks the same), and the run after its last gap.
struct M4<'a> {
    /// Output length before this series: a gap marker is never the first thing emitted.
    start_len: usize,
    times: &'a [f64],
    values: &'a [f64],
    out_times: &'a mut Vec<f64>,
    out_values: &'a mut Vec<f64>,
    column: usize,
    run: Option<Run>,
    middle: Option<Run>,
    gap_in_column: bool,
}

impl M4<'_> {
    fn add(&mut self, i: usize) {
        let v = self.values[i];
        self.run = Some(match self.run {
            None => Run {
                first: i,
                min: i,
                max: i,
                last: i,
            },
            Some(mut run) => {
                if v < self.values[run.min] {
                    run.min = i;
                }
                if v > self.values[run.max] {
                    run.max = i;
                }
                run.last = i;
                run
            }
        });
    }

    fn gap(&mut self, time: f64) {
        let run = self.run.take();
        if self.gap_in_column {
            self.middle = match (self.middle, run) {
                (Some(middle), Some(run)) => Some(middle.merge(run, self.values)),
                (middle, run) => middle.or(run),
            };
        } else {
            self.emit(run);
            self.push_gap(time);
            self.gap_in_column = true;
        }
    }

    fn flush_column(&mut self) {
        if let Some(middle) = self.middle.take() {
            let time = self.times[middle.last];
            self.emit(Some(middle));
            self.push_gap(time);
        }
        let run = self.run.take();
        self.emit(run);
        self.gap_in_column = false;
    }

    fn emit(&mut self, run: Option<Run>) {
        let Some(run) = run else { return };
        let (low, high) = if run.min <= run.max {
            (run.min, run.max)
        } else {
            (run.max, run.min)
        };
        let mut previous = usize::MAX;
        for i in [run.first, low, high, run.last] {
            if i != previous {
                self.out_times.push(self.times[i]);
                self.out_values.push(self.values[i]);
                previous = i;
            }
        }
    }

    fn push_gap(&mut self, time: f64) {
        if self.out_values.len() == self.start_len
            || self.out_values.last().is_some_and(|v| v.is_nan())
        {
            return;
        }
        self.out_times.push(time);
        self.out_values.push(f64::NAN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: a small deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n.max(1)
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    struct Case {
        times: Vec<f64>,
        values: Vec<f64>,
        x_range: (f64, f64),
        columns: usize,
        max_gap: f64,
    }

    fn random_case(rng: &mut Rng) -> Case {
        let n = rng.below(3000) as usize;
        let mut t = rng.unit() * 1e6;
        let (mut times, mut values) = (Vec::new(), Vec::new());
        let mut v = 0.0;
        for _ in 0..n {
            let long_pause = rng.below(50) == 0;
            t += 1.0 + rng.below(if long_pause { 5000 } else { 20 }) as f64;
            v += rng.unit() - 0.5;
            times.push(t);
            values.push(match rng.below(40) {
                0..=2 => f64::NAN,
                3 => f64::INFINITY * if rng.below(2) == 0 { 1.0 } else { -1.0 },
                _ => v,
            });
        }
        let span = times.last().copied().unwrap_or(1e6) + 100.0;
        let a = rng.unit() * span;
        let b = a + rng.unit() * span;
        let columns = 1 + rng.below(400) as usize;
        let max_gap = if rng.below(2) == 0 {
            f64::INFINITY
        } else {
            20.0 + rng.below(500) as f64
        };
        Case {
            times,
            values,
            x_range: (a, b),
            columns,
            max_gap,
        }
    }

    /// Unclamped column: -1 left of the range, `columns` right of it.
    fn column(t: f64, case: &Case) -> i64 {
        let (a, b) = case.x_range;
        if t < a {
            -1
        } else if t > b {
            case.columns as i64
        } else {
            (((t - a) * case.columns as f64 / (b - a)) as i64).min(case.columns as i64 - 1)
        }
    }

    fn extremes(points: impl Iterator<Item = (f64, f64)>, case: &Case) -> Vec<Option<(f64, f64)>> {
        let mut per_column = vec![None; case.columns];
        for (t, v) in points.filter(|(_, v)| !v.is_nan()) {
            let c = column(t, case);
            if (0..case.columns as i64).contains(&c) {
                let slot: &mut Option<(f64, f64)> = &mut per_column[c as usize];
                *slot = Some(slot.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
            }
        }
        per_column
    }

    fn raw_gap_between(i: usize, j: usize, case: &Case) -> bool {
        case.values[i + 1..j].iter().any(|v| v.is_nan())
            || case.times[i..=j]
                .windows(2)
                .any(|w| w[1] - w[0] > case.max_gap)
    }

    #[test]
    fn m4_keeps_extremes_ends_and_gaps_on_random_series() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..400 {
            let case = random_case(&mut rng);
            let mut out = Decimated::default();
            decimate_m4_into(
                &case.times,
                &case.values,
                case.x_range,
                case.columns,
                case.max_gap,
                &mut out.times_ms,
                &mut out.values,
            );
            let raw = case.times.iter().copied().zip(case.values.iter().copied());
            let kept = out.times_ms.iter().copied().zip(out.values.iter().copied());
            assert_eq!(
                extremes(raw, &case),
                extremes(kept, &case),
                "round {round}: min/max per column"
            );
            assert!(
                out.times_ms.len() <= case.columns * 14 + 2 + case.columns,
                "round {round}: bounded"
            );

            // Every kept sample is a raw sample; remember its raw index.
            let mut indices = Vec::new();
            for (t, v) in out.times_ms.iter().zip(&out.values) {
                if v.is_nan() {
                    indices.push(None);
                    continue;
                }
                let i = case.times.partition_point(|x| x < t);
                assert!(
                    case.times[i] == *t && (case.values[i] == *v),
                    "round {round}: invented point"
                );
                indices.push(Some(i));
            }
            let in_range: Vec<usize> = (0..case.times.len())
                .filter(|&i| (0..case.columns as i64).contains(&column(case.times[i], &case)))
                .filter(|&i| !case.values[i].is_nan())
                .collect();
            for end in [in_range.first(), in_range.last()].into_iter().flatten() {
                assert!(
                    indices.contains(&Some(*end)),
                    "round {round}: first/last kept"
                );
            }
            // Consecutive kept points are joined only where the raw line was joined, except
            // inside one pixel column (where gaps merge into one min-max stroke).
            for pair in indices.windows(2) {
                let (Some(i), Some(j)) = (pair[0], pair[1]) else {
                    continue;
                };
                assert!(i < j, "round {round}: time order");
                let same_column = column(case.times[i], &case) == column(case.times[j], &case)
                    && (0..case.columns as i64).contains(&column(case.times[i], &case));
                if !same_column {
                    assert!(
                        !raw_gap_between(i, j, &case),
                        "round {round}: line across a gap {i}..{j}"
                    );
                }
            }
            // ...and every raw gap between kept points of different columns shows as a marker.
            let kept: Vec<(usize, usize)> = indices
                .iter()
                .enumerate()
                .filter_map(|(k, i)| i.map(|i| (k, i)))
                .collect();
            for pair in kept.windows(2) {
                let ((k1, i), (k2, j)) = (pair[0], pair[1]);
                let marker = k2 > k1 + 1;
                if raw_gap_between(i, j, &case)
                    && column(case.times[i], &case) != column(case.times[j], &case)
                {
                    assert!(marker, "round {round}: gap lost between {i} and {j}");
                }
            }
        }
    }

    #[test]
    fn a_gap_inside_one_column_still_breaks_the_line() {
        let times = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let values = [1.0, 5.0, f64::NAN, 2.0, f64::NAN, 9.0, 0.0];
        let out = decimate_m4(&times, &values, (0.0, 6.0), 1);
        let gaps = out.values.iter().filter(|v| v.is_nan()).count();
        assert_eq!(gaps, 2, "{out:?}");
        assert_eq!(out.values.first(), Some(&1.0));
        assert_eq!(out.values.last(), Some(&0.0));
    }

    #[test]
    fn large_input_shrinks_to_four_per_column() {
        let times: Vec<f64> = (0..1_000_000).map(f64::from).collect();
        let values: Vec<f64> = times.iter().map(|t| (t * 0.001).sin()).collect();
        let out = decimate_m4(&times, &values, (0.0, 999_999.0), 1000);
        assert!(
            out.times_ms.len() <= 4000 && out.times_ms.len() >= 2000,
            "{}",
            out.times_ms.len()
        );
    }

    #[test]
    fn degenerate_inputs_give_nothing_or_pass_through() {
        assert_eq!(decimate_m4(&[], &[], (0.0, 1.0), 10), Decimated::default());
        assert_eq!(
            decimate_m4(&[1.0], &[1.0], (0.0, 1.0), 0),
            Decimated::default()
        );
        assert_eq!(
            decimate_m4(&[1.0], &[1.0], (1.0, 1.0), 10),
            Decimated::default()
        );
        assert_eq!(
            decimate_m4(&[1.0], &[1.0], (f64::NAN, 1.0), 10),
            Decimated::default()
        );
        let out = decimate_m4(&[0.5, 1.0, 9.0], &[1.0, 2.0], (0.0, 2.0), 10);
        assert_eq!(out.times_ms, vec![0.5, 1.0]);
        let out = decimate_m4(&[-5.0, 5.0, 50.0], &[1.0, 2.0, 3.0], (0.0, 10.0), 10);
        assert_eq!(
            out.values,
            vec![1.0, 2.0, 3.0],
            "neighbours outside the range are kept"
        );
        let out = decimate_m4(&[3.0, 1.0, 2.0], &[1.0, 2.0, 3.0], (0.0, 10.0), 10);
        assert!(out.values.len() <= 3, "unsorted input does not panic");
    }
}
