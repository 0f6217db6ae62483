//! Decimated samples kept per zoom level: M4 output keyed by the x range and the pixel width
//! (plus the series, the gap limit and where its samples came from), so a relayout that keeps
//! them (a new height, a series hidden or shown in the legend, another y axis setting, a font
//! change) or a return to a range seen before (a zoom undone on the same data) copies the
//! columns instead of walking every sample again. Bounded to [`LEVELS`] levels of output per
//! series, so it holds at most a few times what the chart draws.

use crate::decimate::decimate_m4_into;

/// How many zoom levels (x range and width) are kept per series.
pub const LEVELS: usize = 3;

/// What one decimation depends on. `source` says where the samples came from: 0 for a
/// series' own samples (possibly with nulls skipped, see `skip_nulls`), otherwise a number the
/// owner changes whenever derived samples (stacked, 100 %, mirrored) may have changed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct M4Key {
    pub series: usize,
    pub from_ms: f64,
    pub to_ms: f64,
    pub columns: usize,
    pub max_gap_ms: f64,
    pub skip_nulls: bool,
    pub source: u64,
}

#[derive(Debug)]
struct Entry {
    key: M4Key,
    times: Vec<f64>,
    values: Vec<f64>,
}

/// The cache of one chart. Oldest first; a hit moves the entry to the back.
#[derive(Debug, Default)]
pub struct M4Cache {
    entries: Vec<Entry>,
    hits: u64,
    misses: u64,
}

impl M4Cache {
    /// Forgets everything (new data: every key refers to samples that are gone).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Appends the M4 decimation of `times`/`values` for `key` to `out_times`/`out_values`:
    /// copied from the cache, or computed and kept. `series_count` bounds the cache to
    /// [`LEVELS`] entries per series. Ranges holding no more than four samples per column are
    /// decimated directly: there M4 keeps nearly everything, and a copy would cost as much.
    pub fn decimate_into(
        &mut self,
        key: M4Key,
        times: &[f64],
        values: &[f64],
        series_count: usize,
        out_times: &mut Vec<f64>,
        out_values: &mut Vec<f64>,
    ) {
        let decimate = |out_t: &mut Vec<f64>, out_v: &mut Vec<f64>| {
            decimate_m4_into(
                times,
                values,
                (key.from_ms, key.to_ms),
                key.columns,
                key.max_gap_ms,
                out_t,
                out_v,
            )
        };
        let in_range = samples_in(times, key.from_ms, key.to_ms);
        if in_range <= key.columns.saturating_mul(4) {
            decimate(out_times, out_values);
            return;
        }
        if let Some(at) = self.entries.iter().position(|e| e.key == key) {
            let entry = self.entries.remove(at);
            out_times.extend_from_slice(&entry.times);
            out_values.extend_from_slice(&entry.values);
            self.entries.push(entry);
            self.hits += 1;
            return;
        }
        self.misses += 1;
        let mut entry = Entry {
            key,
            times: Vec::new(),
            values: Vec::new(),
        };
        decimate(&mut entry.times, &mut entry.values);
        out_times.extend_from_slice(&entry.times);
        out_values.extend_from_slice(&entry.values);
        let capacity = LEVELS * series_count.max(1);
        while self.entries.len() >= capacity {
            self.entries.remove(0);
        }
        self.entries.push(entry);
    }

    /// (hits, misses) since the chart was made: the tests and the benchmark read them.
    pub fn counts(&self) -> (u64, u64) {
        (self.hits, self.misses)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// How many samples lie in `[from, to]` (times ascending).
fn samples_in(times: &[f64], from: f64, to: f64) -> usize {
    let start = times.partition_point(|&t| t < from);
    start.max(times.partition_point(|&t| t <= to)) - start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimate::decimate_m4;

    fn wave(n: usize) -> (Vec<f64>, Vec<f64>) {
        let times = (0..n).map(|i| i as f64 * 1000.0).collect();
        let values = (0..n).map(|i| ((i * 7919) % 101) as f64).collect();
        (times, values)
    }

    fn key(series: usize, from_ms: f64, to_ms: f64, columns: usize) -> M4Key {
        M4Key {
            series,
            from_ms,
            to_ms,
            columns,
            max_gap_ms: f64::INFINITY,
            skip_nulls: false,
            source: 0,
        }
    }

    fn run(cache: &mut M4Cache, k: M4Key, data: &(Vec<f64>, Vec<f64>)) -> (Vec<f64>, Vec<f64>) {
        let (mut t, mut v) = (Vec::new(), Vec::new());
        cache.decimate_into(k, &data.0, &data.1, 2, &mut t, &mut v);
        (t, v)
    }

    #[test]
    fn a_hit_gives_exactly_what_decimating_again_gives() {
        let data = wave(20_000);
        let mut cache = M4Cache::default();
        let k = key(0, 2_000_000.0, 12_000_000.0, 300);
        let first = run(&mut cache, k, &data);
        let again = run(&mut cache, k, &data);
        let fresh = decimate_m4(&data.0, &data.1, (k.from_ms, k.to_ms), k.columns);
        assert_eq!(first, (fresh.times_ms.clone(), fresh.values.clone()));
        assert_eq!(again, first);
        assert_eq!(cache.counts(), (1, 1));
    }

    #[test]
    fn another_range_width_series_or_source_is_another_entry() {
        let data = wave(20_000);
        let mut cache = M4Cache::default();
        let base = key(0, 0.0, 10_000_000.0, 300);
        run(&mut cache, base, &data);
        for other in [
            key(0, 1_000_000.0, 10_000_000.0, 300),
            key(0, 0.0, 10_000_000.0, 301),
            key(1, 0.0, 10_000_000.0, 300),
            M4Key { source: 7, ..base },
            M4Key {
                max_gap_ms: 5_000.0,
                ..base
            },
        ] {
            let (t, _) = run(&mut cache, other, &data);
            let fresh = decimate_m4(
                &data.0,
                &data.1,
                (other.from_ms, other.to_ms),
                other.columns,
            );
            if other.max_gap_ms.is_infinite() {
                assert_eq!(t, fresh.times_ms, "{other:?}");
            }
        }
        assert_eq!(cache.counts().0, 0, "no key matched another");
    }

    #[test]
    fn it_keeps_the_last_levels_per_series_and_forgets_older_ones() {
        let data = wave(20_000);
        let mut cache = M4Cache::default();
        // Two series (as passed by `run`): 2 x LEVELS entries at most.
        let levels: Vec<M4Key> = (0..8).map(|i| key(0, i as f64 * 1e6, 1.5e7, 200)).collect();
        for &k in &levels {
            run(&mut cache, k, &data);
        }
        assert_eq!(cache.len(), 2 * LEVELS);
        run(&mut cache, levels[7], &data);
        assert_eq!(cache.counts().0, 1, "the newest level is kept");
        run(&mut cache, levels[0], &data);
        assert_eq!(cache.counts().0, 1, "the oldest was dropped");
    }

    #[test]
    fn sparse_ranges_are_decimated_directly_and_not_kept() {
        let data = wave(1_000);
        let mut cache = M4Cache::default();
        let (t, _) = run(&mut cache, key(0, 0.0, 1e6, 600), &data);
        assert_eq!(t.len(), 1_000);
        assert!(cache.is_empty());
    }
}
