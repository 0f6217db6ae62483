//! Stacking: cumulative sums of series at equal timestamps, giving each series a top and a base.
//!
//! Series need not share timestamps: a running total keyed by time (the union of the timestamps
//! seen so far) gives each sample the sum of the lower series' samples at exactly that time.

/// Accumulates series bottom-up; its buffers are reused from one redraw to the next.
#[derive(Debug, Default)]
pub struct Stacker {
    /// Running total per timestamp over the series pushed so far, sorted by time.
    totals: Vec<(f64, f64)>,
    merged: Vec<(f64, f64)>,
}

impl Stacker {
    /// Starts a new stack (for example for the other y axis).
    pub fn reset(&mut self) {
        self.totals.clear();
    }

    /// The running total at time `t` over the series pushed since the last reset (0 where
    /// none had a sample): a group's total, for 100% stacking.
    pub fn total_at(&self, t: f64) -> f64 {
        let k = self.totals.partition_point(|&(x, _)| x < t);
        match self.totals.get(k) {
            Some(&(x, sum)) if x == t => sum,
            _ => 0.0,
        }
    }

    /// Stacks one series (times ascending) on the ones pushed before: `top[k]` is where its
    /// sample `k` is drawn and `base[k]` the top of the stack below it. A NaN or infinite sample
    /// has a NaN top (a gap) and adds nothing to the stack.
    pub fn push(&mut self, times: &[f64], values: &[f64], top: &mut Vec<f64>, base: &mut Vec<f64>) {
        let n = times.len().min(values.len());
        top.clear();
        base.clear();
        self.merged.clear();
        let mut j = 0;
        for k in 0..n {
            let t = times[k];
            while j < self.totals.len() && self.totals[j].0 < t {
                self.merged.push(self.totals[j]);
                j += 1;
            }
            let below = match self.totals.get(j) {
                Some(&(tj, sum)) if tj == t => {
                    j += 1;
                    sum
                }
                _ => 0.0,
            };
            let v = values[k];
            let contribution = if v.is_finite() { v } else { 0.0 };
            base.push(below);
            top.push(if v.is_finite() { below + v } else { f64::NAN });
            self.merged.push((t, below + contribution));
        }
        self.merged.extend_from_slice(&self.totals[j..]);
        std::mem::swap(&mut self.totals, &mut self.merged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stack(series: &[(&[f64], &[f64])]) -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut stacker = Stacker::default();
        series
            .iter()
            .map(|(t, v)| {
                let (mut top, mut base) = (Vec::new(), Vec::new());
                stacker.push(t, v, &mut top, &mut base);
                (top, base)
            })
            .collect()
    }

    #[test]
    fn aligned_series_add_up() {
        let t = [1.0, 2.0, 3.0];
        let out = stack(&[
            (&t, &[1.0, 2.0, 3.0]),
            (&t, &[10.0, 10.0, 10.0]),
            (&t, &[1.0; 3]),
        ]);
        assert_eq!(out[0].1, vec![0.0; 3]);
        assert_eq!(out[1].0, vec![11.0, 12.0, 13.0]);
        assert_eq!(out[1].1, vec![1.0, 2.0, 3.0]);
        assert_eq!(out[2].0, vec![12.0, 13.0, 14.0]);
    }

    #[test]
    fn misaligned_series_only_add_at_equal_times() {
        let out = stack(&[
            (&[1.0, 2.0], &[5.0, 5.0]),
            (&[2.0, 3.0], &[1.0, 1.0]),
            (&[1.0, 3.0, 4.0], &[1.0, 1.0, 1.0]),
        ]);
        assert_eq!(out[1].1, vec![5.0, 0.0]);
        assert_eq!(out[1].0, vec![6.0, 1.0]);
        // t=1: 5 below; t=3: 1 below; t=4: nothing below.
        assert_eq!(out[2].1, vec![5.0, 1.0, 0.0]);
    }

    #[test]
    fn missing_samples_leave_gaps_but_keep_the_stack() {
        let t = [1.0, 2.0];
        let out = stack(&[
            (&t, &[f64::NAN, 2.0]),
            (&t, &[1.0, f64::INFINITY]),
            (&t, &[1.0, 1.0]),
        ]);
        assert!(out[0].0[0].is_nan());
        assert_eq!(out[1].0[0], 1.0);
        assert!(out[1].0[1].is_nan());
        assert_eq!(out[2].0, vec![2.0, 3.0]);
    }

    #[test]
    fn totals_are_read_back_by_time() {
        let mut s = Stacker::default();
        let (mut top, mut base) = (Vec::new(), Vec::new());
        s.push(&[1.0, 2.0], &[3.0, 4.0], &mut top, &mut base);
        s.push(&[2.0, 3.0], &[1.0, f64::NAN], &mut top, &mut base);
        assert_eq!(
            (s.total_at(1.0), s.total_at(2.0), s.total_at(3.0)),
            (3.0, 5.0, 0.0)
        );
        assert_eq!(s.total_at(9.0), 0.0);
    }

    #[test]
    fn reset_starts_from_zero_and_bad_input_does_not_panic() {
        let mut s = Stacker::default();
        let (mut top, mut base) = (Vec::new(), Vec::new());
        s.push(&[1.0], &[3.0], &mut top, &mut base);
        s.reset();
        s.push(&[1.0], &[3.0], &mut top, &mut base);
        assert_eq!(top, vec![3.0]);
        // Mismatched lengths and unsorted times: no panic, extra times ignored.
        s.push(&[3.0, 1.0, 2.0], &[1.0, 1.0], &mut top, &mut base);
        assert_eq!(top.len(), 2);
        s.push(&[], &[], &mut top, &mut base);
        assert!(top.is_empty());
    }
}
