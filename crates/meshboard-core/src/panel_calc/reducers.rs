//! Grafana's field reducers (`reduceOptions.calcs`, legend calcs) with Grafana's exact
//! semantics, including its treatment of nulls and NaN, and the legacy singlestat `valueName`.
//!
//! Rules follow Grafana's `packages/grafana-data/src/transformations/fieldReducer.ts` (the
//! version with `median`, `countAll` and `p1`..`p99`, after PR #103742 changed `delta` to stop
//! adding the value after a counter reset) and its `fieldReducer.test.ts`.
//!
//! A value is `Option<f64>`: `None` is Grafana's null (a missing cell), `Some(NaN)` is NaN.
//! Prometheus series have no nulls, so [`reduce_series`] takes plain `f64` slices.

use std::collections::HashSet;

/// How nulls take part in a reduction (a field's `nullValueMode`); Grafana's default is
/// `Ignore` (fieldReducer.ts: `nullValueMode = NullValueMode.Ignore`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NullValueMode {
    /// Nulls are skipped (but `first`/`last` still see them).
    #[default]
    Ignore,
    /// Nulls count as values (Grafana's `null`, also legacy `connected`).
    Null,
    /// Nulls count as zero (`null as zero`).
    AsZero,
}

impl NullValueMode {
    /// A legacy `nullPointMode` (`null`, `connected`, `null as zero`).
    pub fn from_legacy(mode: &str) -> NullValueMode {
        match mode {
            "null as zero" => NullValueMode::AsZero,
            "connected" | "null" => NullValueMode::Null,
            _ => NullValueMode::Ignore,
        }
    }
}

/// Every reducer id Grafana has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reducer {
    LastNotNull,
    Last,
    FirstNotNull,
    First,
    Min,
    Max,
    Mean,
    Median,
    Variance,
    StdDev,
    Sum,
    Count,
    CountAll,
    Range,
    Delta,
    Step,
    Diff,
    DiffPercent,
    LogMin,
    AllIsZero,
    AllIsNull,
    ChangeCount,
    DistinctCount,
    AllValues,
    UniqueValues,
    /// `p1` .. `p99`.
    Percentile(u8),
}

impl Reducer {
    /// Reads an id or one of Grafana's alias ids (`current`, `avg`, `total`), as the registry's
    /// `getIfExists` does. Unknown ids are `None`: Grafana drops them from the list.
    pub fn from_id(id: &str) -> Option<Reducer> {
        Some(match id {
            "lastNotNull" | "current" => Reducer::LastNotNull,
            "last" => Reducer::Last,
            "firstNotNull" => Reducer::FirstNotNull,
            "first" => Reducer::First,
            "min" => Reducer::Min,
            "max" => Reducer::Max,
            "mean" | "avg" => Reducer::Mean,
            "median" => Reducer::Median,
            "variance" => Reducer::Variance,
            "stdDev" => Reducer::StdDev,
            "sum" | "total" => Reducer::Sum,
            "count" => Reducer::Count,
            "countAll" => Reducer::CountAll,
            "range" => Reducer::Range,
            "delta" => Reducer::Delta,
            "step" => Reducer::Step,
            "diff" => Reducer::Diff,
            "diffperc" => Reducer::DiffPercent,
            "logmin" => Reducer::LogMin,
            "allIsZero" => Reducer::AllIsZero,
            "allIsNull" => Reducer::AllIsNull,
            "changeCount" => Reducer::ChangeCount,
            "distinctCount" => Reducer::DistinctCount,
            "allValues" => Reducer::AllValues,
            "uniqueValues" => Reducer::UniqueValues,
            other => {
                let n: u8 = other.strip_prefix('p')?.parse().ok()?;
                if !(1..=99).contains(&n) || other.starts_with("p0") {
                    return None;
                }
                Reducer::Percentile(n)
            }
        })
    }

    /// The canonical id, as written in dashboards.
    pub fn id(self) -> String {
        match self {
            Reducer::Percentile(n) => format!("p{n}"),
            other => other.static_id().to_string(),
        }
    }

    fn static_id(self) -> &'static str {
        match self {
            Reducer::LastNotNull => "lastNotNull",
            Reducer::Last => "last",
            Reducer::FirstNotNull => "firstNotNull",
            Reducer::First => "first",
            Reducer::Min => "min",
            Reducer::Max => "max",
            Reducer::Mean => "mean",
            Reducer::Median => "median",
            Reducer::Variance => "variance",
            Reducer::StdDev => "stdDev",
            Reducer::Sum => "sum",
            Reducer::Count => "count",
            Reducer::CountAll => "countAll",
            Reducer::Range => "range",
            Reducer::Delta => "delta",
            Reducer::Step => "step",
            Reducer::Diff => "diff",
            Reducer::DiffPercent => "diffperc",
            Reducer::LogMin => "logmin",
            Reducer::AllIsZero => "allIsZero",
            Reducer::AllIsNull => "allIsNull",
            Reducer::ChangeCount => "changeCount",
            Reducer::DistinctCount => "distinctCount",
            Reducer::AllValues => "allValues",
            Reducer::UniqueValues => "uniqueValues",
            Reducer::Percentile(_) => "p",
        }
    }

    /// Grafana's display name (column headers, legend tables).
    pub fn name(self) -> String {
        let fixed = match self {
            Reducer::LastNotNull => "Last *",
            Reducer::Last => "Last",
            Reducer::FirstNotNull => "First *",
            Reducer::First => "First",
            Reducer::Min => "Min",
            Reducer::Max => "Max",
            Reducer::Mean => "Mean",
            Reducer::Median => "Median",
            Reducer::Variance => "Variance",
            Reducer::StdDev => "StdDev",
            Reducer::Sum => "Total",
            Reducer::Count => "Count",
            Reducer::CountAll => "Count all",
            Reducer::Range => "Range",
            Reducer::Delta => "Delta",
            Reducer::Step => "Step",
            Reducer::Diff => "Difference",
            Reducer::DiffPercent => "Difference percent",
            Reducer::LogMin => "Min (above zero)",
            Reducer::AllIsZero => "All Zeros",
            Reducer::AllIsNull => "All Nulls",
            Reducer::ChangeCount => "Change Count",
            Reducer::DistinctCount => "Distinct Count",
            Reducer::AllValues => "All values",
            Reducer::UniqueValues => "All unique values",
            Reducer::Percentile(n) => {
                // English ordinal as Grafana's buildPercentileReducers writes it.
                let suffix = match n {
                    4..=20 => "th",
                    _ if n % 10 == 1 => "st",
                    _ if n % 10 == 2 => "nd",
                    _ if n % 10 == 3 => "rd",
                    _ => "th",
                };
                return format!("{n}{suffix} %");
            }
        };
        fixed.to_string()
    }

    /// Whether the result keeps the field's unit (fieldReducer.ts `preservesUnits`): counts and
    /// percentages are shown without it.
    pub fn preserves_units(self) -> bool {
        !matches!(
            self,
            Reducer::Count
                | Reducer::CountAll
                | Reducer::AllIsNull
                | Reducer::ChangeCount
                | Reducer::DistinctCount
                | Reducer::DiffPercent
                | Reducer::AllValues
                | Reducer::UniqueValues
        )
    }
}

/// The legacy singlestat `valueName` as the reducer Grafana's singlestat→stat migration picks
/// (`migrateFromAngularSinglestat` in grafana-ui `SingleStatBaseOptions.ts`: the registry's
/// `getIfExists(valueName)`, else `mean`). So `current` is lastNotNull, `avg` mean, `total` sum,
/// `first` is `first` (not firstNotNull), and `name` / `last_time` fall back to mean.
pub fn legacy_value_name_reducer(value_name: Option<&str>) -> Reducer {
    value_name
        .and_then(Reducer::from_id)
        .unwrap_or(Reducer::Mean)
}

/// One reducer's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Calc {
    /// Grafana's null: nothing to show (the panel shows `noValue` or its mapping).
    Null,
    Number(f64),
    Bool(bool),
    /// `allValues` and `uniqueValues`.
    Values(Vec<Option<f64>>),
}

impl Calc {
    /// The number, if this is one (NaN included: Grafana shows it as `NaN`).
    pub fn number(&self) -> Option<f64> {
        match self {
            Calc::Number(v) => Some(*v),
            _ => None,
        }
    }
}

/// What one pass over the values yields (Grafana's `doStandardCalcs`).
struct Standard {
    sum: f64,
    max: Option<f64>,
    min: Option<f64>,
    logmin: f64,
    mean: Option<f64>,
    count: usize,
    all_is_null: bool,
    all_is_zero: bool,
    first_not_null: Option<f64>,
    last_not_null: Option<f64>,
    delta: f64,
    step: Option<f64>,
}

fn standard(values: &[Option<f64>], nulls: NullValueMode) -> Standard {
    let mut s = Standard {
        sum: 0.0,
        max: None,
        min: None,
        // Grafana starts logmin at Number.MAX_VALUE and never resets it to null.
        logmin: f64::MAX,
        mean: None,
        count: 0,
        all_is_null: true,
        all_is_zero: true,
        first_not_null: None,
        last_not_null: None,
        delta: 0.0,
        step: None,
    };
    let mut non_null = 0usize;
    let mut previous_delta_up = true;
    for raw in values {
        let value = match (raw, nulls) {
            (None, NullValueMode::Ignore) => continue,
            (None, NullValueMode::AsZero) => Some(0.0),
            (v, _) => *v,
        };
        // Count includes NaN (and nulls in `Null` mode): Grafana counts before its null check.
        s.count += 1;
        let Some(v) = value.filter(|v| !v.is_nan()) else {
            continue;
        };
        if let Some(last) = s.last_not_null {
            let step = v - last;
            if s.step.is_none_or(|m| step < m) {
                s.step = Some(step);
            }
            if last > v {
                // A counter reset: neither the drop nor the next rise is counted (Grafana ≥ 12).
                previous_delta_up = false;
            } else {
                if previous_delta_up {
                    s.delta += step;
                }
                previous_delta_up = true;
            }
        } else {
            s.first_not_null = Some(v);
        }
        s.sum += v;
        s.all_is_null = false;
        non_null += 1;
        s.max = Some(s.max.map_or(v, |m| m.max(v)));
        s.min = Some(s.min.map_or(v, |m| m.min(v)));
        if v > 0.0 && v < s.logmin {
            s.logmin = v;
        }
        if v != 0.0 {
            s.all_is_zero = false;
        }
        s.last_not_null = Some(v);
    }
    if non_null > 0 {
        s.mean = Some(s.sum / non_null as f64);
    }
    if s.all_is_null {
        s.all_is_zero = false;
    }
    s
}

fn number(v: Option<f64>) -> Calc {
    v.map_or(Calc::Null, Calc::Number)
}

/// Applies the null mode for the reducers that keep nulls as values.
fn with_nulls(values: &[Option<f64>], nulls: NullValueMode) -> Vec<Option<f64>> {
    values
        .iter()
        .filter_map(|v| match (v, nulls) {
            (None, NullValueMode::Ignore) => None,
            (None, NullValueMode::AsZero) => Some(Some(0.0)),
            (v, _) => Some(*v),
        })
        .collect()
}

/// JavaScript's numeric sort (`(a, b) => a - b`) treats null as 0; NaN goes last here.
fn js_sorted(values: &[Option<f64>]) -> Vec<f64> {
    let mut numbers: Vec<f64> = values.iter().map(|v| v.unwrap_or(0.0)).collect();
    crate::sort::sort_by(&mut numbers, |a, b| match (a.is_nan(), b.is_nan()) {
        (true, true) => std::cmp::Ordering::Equal,
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => a.total_cmp(b),
    });
    numbers
}

/// A JavaScript `Set` key: NaN equals NaN and 0 equals -0 (SameValueZero).
fn same_value_zero_key(v: Option<f64>) -> Option<u64> {
    v.map(|x| {
        if x.is_nan() {
            f64::NAN.to_bits()
        } else if x == 0.0 {
            0
        } else {
            x.to_bits()
        }
    })
}

/// Reduces one field's values with one reducer, exactly as Grafana's `reduceField`.
pub fn reduce_field(values: &[Option<f64>], reducer: Reducer, nulls: NullValueMode) -> Calc {
    if values.is_empty() {
        // Grafana's `emptyInputResult`.
        return match reducer {
            Reducer::Sum | Reducer::Count | Reducer::CountAll => Calc::Number(0.0),
            Reducer::AllIsZero => Calc::Bool(false),
            Reducer::AllIsNull => Calc::Bool(true),
            _ => Calc::Null,
        };
    }
    let not_null_or_nan = |v: &&Option<f64>| v.is_some_and(|x| !x.is_nan());
    match reducer {
        // The single-reducer fast paths (calculateFirst/Last/...NotNull): raw values.
        Reducer::First => number(values[0]),
        Reducer::Last => number(values[values.len() - 1]),
        Reducer::FirstNotNull => number(values.iter().find(not_null_or_nan).copied().flatten()),
        Reducer::LastNotNull => {
            number(values.iter().rev().find(not_null_or_nan).copied().flatten())
        }
        Reducer::CountAll => Calc::Number(values.len() as f64),
        Reducer::Median => {
            let numbers = js_sorted(&with_nulls(values, nulls));
            if numbers.is_empty() {
                return Calc::Null;
            }
            let mid = numbers.len() / 2;
            Calc::Number(if numbers.len().is_multiple_of(2) {
                (numbers[mid - 1] + numbers[mid]) / 2.0
            } else {
                numbers[mid]
            })
        }
        Reducer::Percentile(p) => {
            let numbers = js_sorted(&with_nulls(values, nulls));
            if numbers.is_empty() {
                return Calc::Null;
            }
            let index = ((numbers.len() - 1) as f64 * (p as f64 / 100.0)).round() as usize;
            Calc::Number(numbers[index.min(numbers.len() - 1)])
        }
        Reducer::Variance | Reducer::StdDev => {
            // Welford's running variance over non-null values (NaN propagates), population form.
            let (mut mean, mut square_sum, mut n) = (0.0f64, 0.0f64, 0usize);
            for v in values.iter().flatten() {
                n += 1;
                let old = mean;
                mean += (v - old) / n as f64;
                square_sum += (v - old) * (v - mean);
            }
            let variance = if n > 0 { square_sum / n as f64 } else { 0.0 };
            Calc::Number(if reducer == Reducer::StdDev {
                variance.sqrt()
            } else {
                variance
            })
        }
        Reducer::ChangeCount => {
            let kept = with_nulls(values, nulls);
            // `last !== current` in JavaScript: NaN never equals itself, null equals null.
            let changes = kept
                .windows(2)
                .filter(|w| match (w[0], w[1]) {
                    (None, None) => false,
                    (Some(a), Some(b)) => a != b || a.is_nan(),
                    _ => true,
                })
                .count();
            Calc::Number(changes as f64)
        }
        Reducer::DistinctCount => {
            let kept = with_nulls(values, nulls);
            let distinct: HashSet<Option<u64>> =
                kept.iter().map(|v| same_value_zero_key(*v)).collect();
            Calc::Number(distinct.len() as f64)
        }
        Reducer::AllValues => Calc::Values(values.to_vec()),
        Reducer::UniqueValues => {
            // Grafana builds a Set of the raw values: no null handling, first occurrence order.
            let mut seen = HashSet::new();
            Calc::Values(
                values
                    .iter()
                    .filter(|v| seen.insert(same_value_zero_key(**v)))
                    .copied()
                    .collect(),
            )
        }
        _ => {
            let s = standard(values, nulls);
            match reducer {
                Reducer::Min => number(s.min),
                Reducer::Max => number(s.max),
                Reducer::Mean => number(s.mean),
                Reducer::Sum => Calc::Number(s.sum),
                Reducer::Count => Calc::Number(s.count as f64),
                Reducer::Range => number(s.max.zip(s.min).map(|(max, min)| max - min)),
                Reducer::Delta => Calc::Number(s.delta),
                Reducer::Step => number(s.step),
                Reducer::Diff => number(diff(&s)),
                // Starts at 0 and stays 0 without a first value; first 0 gives ±Infinity/NaN.
                Reducer::DiffPercent => Calc::Number(
                    diff(&s)
                        .zip(s.first_not_null)
                        .map_or(0.0, |(d, first)| d / first * 100.0),
                ),
                Reducer::LogMin => Calc::Number(s.logmin),
                Reducer::AllIsZero => Calc::Bool(s.all_is_zero),
                Reducer::AllIsNull => Calc::Bool(s.all_is_null),
                _ => Calc::Null,
            }
        }
    }
}

fn diff(s: &Standard) -> Option<f64> {
    Some(s.last_not_null? - s.first_not_null?)
}

/// Reduces a series without nulls (a Prometheus series: NaN is a value, not a gap).
pub fn reduce_series(values: &[f64], reducer: Reducer) -> Calc {
    let values: Vec<Option<f64>> = values.iter().copied().map(Some).collect();
    reduce_field(&values, reducer, NullValueMode::Ignore)
}

/// The global range of every series in a panel (Grafana's `findNumericFieldMinMax` in
/// `packages/grafana-data/src/field/fieldOverrides.ts`): what gauges, bar gauges and
/// percentage thresholds use when the field has no `min`/`max`. `None` without any number.
pub fn data_min_max<'a>(series: impl IntoIterator<Item = &'a [f64]>) -> Option<(f64, f64)> {
    let mut range: Option<(f64, f64)> = None;
    for values in series {
        for v in values.iter().copied().filter(|v| !v.is_nan()) {
            range = Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
        }
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(values: &[Option<f64>], id: &str) -> Calc {
        reduce_field(values, Reducer::from_id(id).unwrap(), NullValueMode::Ignore)
    }

    fn num(values: &[f64], id: &str) -> Option<f64> {
        reduce_series(values, Reducer::from_id(id).unwrap()).number()
    }

    #[test]
    fn ids_and_aliases_read_like_grafanas_registry() {
        assert_eq!(Reducer::from_id("current"), Some(Reducer::LastNotNull));
        assert_eq!(Reducer::from_id("avg"), Some(Reducer::Mean));
        assert_eq!(Reducer::from_id("total"), Some(Reducer::Sum));
        assert_eq!(Reducer::from_id("p95"), Some(Reducer::Percentile(95)));
        assert_eq!(Reducer::from_id("p0"), None);
        assert_eq!(Reducer::from_id("p100"), None);
        assert_eq!(Reducer::from_id("p05"), None);
        assert_eq!(Reducer::from_id("not a stat"), None);
        assert_eq!(Reducer::Percentile(95).id(), "p95");
        assert_eq!(Reducer::Percentile(1).name(), "1st %");
        assert_eq!(Reducer::Percentile(12).name(), "12th %");
        assert_eq!(Reducer::Percentile(23).name(), "23rd %");
        assert_eq!(Reducer::Sum.name(), "Total");
        assert!(!Reducer::Count.preserves_units());
        assert!(Reducer::Mean.preserves_units());
        for id in [
            "lastNotNull",
            "diffperc",
            "countAll",
            "uniqueValues",
            "logmin",
        ] {
            assert_eq!(Reducer::from_id(id).unwrap().id(), id);
        }
    }

    #[test]
    fn legacy_value_names_migrate_as_grafana_does() {
        let r = |n: &str| legacy_value_name_reducer(Some(n));
        assert_eq!(r("avg"), Reducer::Mean);
        assert_eq!(r("current"), Reducer::LastNotNull);
        assert_eq!(r("total"), Reducer::Sum);
        assert_eq!(r("first"), Reducer::First);
        assert_eq!(r("delta"), Reducer::Delta);
        assert_eq!(r("diff"), Reducer::Diff);
        assert_eq!(r("range"), Reducer::Range);
        assert_eq!(r("name"), Reducer::Mean);
        assert_eq!(r("last_time"), Reducer::Mean);
        assert_eq!(legacy_value_name_reducer(None), Reducer::Mean);
    }

    // fieldReducer.test.ts "should calculate basic stats" and "should get non standard stats".
    #[test]
    fn grafana_basic_and_non_standard_stats() {
        let a = [10.0, 20.0];
        assert_eq!(num(&a, "first"), Some(10.0));
        assert_eq!(num(&a, "last"), Some(20.0));
        assert_eq!(num(&a, "mean"), Some(15.0));
        assert_eq!(num(&a, "count"), Some(2.0));
        assert_eq!(num(&a, "diffperc"), Some(100.0));
        assert_eq!(num(&a, "distinctCount"), Some(2.0));
        assert_eq!(num(&a, "changeCount"), Some(1.0));
        assert_eq!(num(&a, "variance"), Some(25.0));
        assert_eq!(num(&a, "stdDev"), Some(5.0));
    }

    // fieldReducer.test.ts "should calculate step" and "unique values".
    #[test]
    fn grafana_step_delta_and_unique_values() {
        let x = [100.0, 200.0, 300.0, 400.0];
        assert_eq!(num(&x, "step"), Some(100.0));
        assert_eq!(num(&x, "delta"), Some(300.0));
        assert_eq!(
            reduce_series(&[1.0, 2.0, 2.0, 3.0, 1.0], Reducer::UniqueValues),
            Calc::Values(vec![Some(1.0), Some(2.0), Some(3.0)])
        );
    }

    // Grafana issue #97893 / PR #103742: 67, 71, 66 has a delta of 4; after a reset neither
    // the drop nor the following rise counts.
    #[test]
    fn delta_skips_counter_resets() {
        assert_eq!(num(&[67.0, 71.0, 66.0], "delta"), Some(4.0));
        assert_eq!(num(&[5.0, 8.0, 2.0, 4.0, 6.0], "delta"), Some(5.0));
        assert_eq!(num(&[5.0], "delta"), Some(0.0));
    }

    // fieldReducer.test.ts "consistently check allIsNull/allIsZero".
    #[test]
    fn grafana_all_is_null_and_zero() {
        let empty: [Option<f64>; 0] = [];
        let all_null = [None, None, None, None];
        let all_zero = [Some(0.0); 4];
        assert_eq!(reduce(&empty, "allIsNull"), Calc::Bool(true));
        assert_eq!(reduce(&all_null, "allIsNull"), Calc::Bool(true));
        assert_eq!(reduce(&empty, "allIsZero"), Calc::Bool(false));
        assert_eq!(reduce(&all_null, "allIsZero"), Calc::Bool(false));
        assert_eq!(reduce(&all_zero, "allIsZero"), Calc::Bool(true));
        assert_eq!(reduce(&empty, "sum"), Calc::Number(0.0));
        assert_eq!(reduce(&empty, "count"), Calc::Number(0.0));
        assert_eq!(reduce(&empty, "mean"), Calc::Null);
    }

    // fieldReducer.test.ts "consistent results for first/last value with null" and "... NaN".
    #[test]
    fn grafana_first_last_with_null_and_nan() {
        let with_null = [None, Some(200.0), None];
        assert_eq!(reduce(&with_null, "first"), Calc::Null);
        assert_eq!(reduce(&with_null, "last"), Calc::Null);
        assert_eq!(reduce(&with_null, "firstNotNull"), Calc::Number(200.0));
        assert_eq!(reduce(&with_null, "lastNotNull"), Calc::Number(200.0));
        assert_eq!(reduce(&with_null, "diffperc"), Calc::Number(0.0));
        assert_eq!(reduce(&[None, None, None], "lastNotNull"), Calc::Null);
        let nan = f64::NAN;
        assert!(num(&[nan, 200.0, nan], "first").unwrap().is_nan());
        assert!(num(&[nan, 200.0, nan], "last").unwrap().is_nan());
        assert_eq!(num(&[nan, 200.0, nan], "firstNotNull"), Some(200.0));
        assert_eq!(num(&[nan, 200.0, nan], "lastNotNull"), Some(200.0));
        assert_eq!(num(&[nan, 200.0, nan], "diffperc"), Some(0.0));
        assert_eq!(num(&[nan, nan, nan], "lastNotNull"), None);
        // NaN is skipped by the standard calcs but counted.
        assert_eq!(num(&[1.0, nan, 3.0], "mean"), Some(2.0));
        assert_eq!(num(&[1.0, nan, 3.0], "max"), Some(3.0));
        assert_eq!(num(&[1.0, nan, 3.0], "count"), Some(3.0));
    }

    // fieldReducer.test.ts: count and median per nullValueMode.
    #[test]
    fn grafana_count_and_median_null_modes() {
        let some_nulls = [Some(1.0), None, None, Some(1.0)];
        assert_eq!(reduce(&some_nulls, "count"), Calc::Number(2.0));
        assert_eq!(
            reduce_field(&some_nulls, Reducer::Count, NullValueMode::Null),
            Calc::Number(4.0)
        );
        let y = [Some(3.0), None, Some(2.0), Some(1.0), Some(4.0)];
        assert_eq!(reduce(&y, "median"), Calc::Number(2.5));
        assert_eq!(
            reduce_field(&y, Reducer::Median, NullValueMode::Null),
            Calc::Number(2.0)
        );
        assert_eq!(
            reduce_field(&y, Reducer::Median, NullValueMode::AsZero),
            Calc::Number(2.0)
        );
        assert_eq!(reduce(&y, "countAll"), Calc::Number(5.0));
    }

    // fieldReducer.test.ts "can reduce to percentiles": 0..=100, pN is N.
    #[test]
    fn grafana_percentiles() {
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        for p in 1..=99u8 {
            assert_eq!(
                reduce_series(&values, Reducer::Percentile(p)),
                Calc::Number(p as f64)
            );
        }
    }

    #[test]
    fn remaining_standard_calcs() {
        let v = [4.0, -2.0, 0.5, 8.0];
        assert_eq!(num(&v, "min"), Some(-2.0));
        assert_eq!(num(&v, "max"), Some(8.0));
        assert_eq!(num(&v, "sum"), Some(10.5));
        assert_eq!(num(&v, "range"), Some(10.0));
        assert_eq!(num(&v, "diff"), Some(4.0));
        assert_eq!(num(&v, "logmin"), Some(0.5));
        assert_eq!(num(&v, "step"), Some(-6.0));
        // Grafana leaves logmin at Number.MAX_VALUE when nothing is above zero.
        assert_eq!(num(&[-1.0, 0.0], "logmin"), Some(f64::MAX));
        // NaN is a change each time (NaN !== NaN) and one distinct value (a Set).
        let nan = f64::NAN;
        assert_eq!(num(&[nan, nan, 1.0, 1.0], "changeCount"), Some(2.0));
        assert_eq!(num(&[nan, nan, 1.0, 0.0, -0.0], "distinctCount"), Some(3.0));
        assert_eq!(
            reduce_field(
                &[Some(1.0), None, Some(1.0)],
                Reducer::ChangeCount,
                NullValueMode::Null
            ),
            Calc::Number(2.0)
        );
    }

    #[test]
    fn data_range_spans_every_series_and_skips_nan() {
        let a = [3.0, f64::NAN, 7.0];
        let b = [-1.0, 2.0];
        assert_eq!(data_min_max([&a[..], &b[..]]), Some((-1.0, 7.0)));
        assert_eq!(data_min_max([&[f64::NAN][..]]), None);
        assert_eq!(
            NullValueMode::from_legacy("null as zero"),
            NullValueMode::AsZero
        );
    }
}
