//! Transformed frames read back as the series the chart and single-value panels draw, with
//! the option shapes Grafana's transformation editors write.

use serde_json::{json, Value};

use super::*;
use crate::frame::Labels;

fn series(job: &str, points: &[(f64, f64)]) -> Series {
    let labels: Labels = [("job".to_string(), job.to_string())].into_iter().collect();
    let mut s = Series::new(labels);
    for (t, v) in points {
        s.push(*t, *v);
    }
    s
}

/// Two range series of one query (legend `{{job}}`) and one of query B (legend `total`).
fn answer() -> (Frame, Vec<String>, Vec<String>) {
    let frame = Frame {
        series: vec![
            series("api", &[(1000.0, 1.0), (2000.0, 2.0), (3000.0, 3.0)]),
            series("db", &[(1000.0, 10.0), (2000.0, 20.0), (3000.0, 30.0)]),
            series("all", &[(1000.0, 100.0), (2000.0, 200.0), (3000.0, 300.0)]),
        ],
        notices: Vec::new(),
    };
    let names = vec!["api".into(), "db".into(), "total".into()];
    let refs = vec!["A".into(), "A".into(), "B".into()];
    (frame, names, refs)
}

fn run(transformations: Value, shape: SeriesShape) -> TransformedSeries {
    let (frame, names, ref_ids) = answer();
    transformed_series(
        &QueryFrames {
            frame: &frame,
            names: &names,
            ref_ids: &ref_ids,
            table_refs: &[],
        },
        &transformations,
        shape,
    )
}

fn values(t: &TransformedSeries, name: &str) -> Vec<f64> {
    let i = t.names.iter().position(|n| n == name).expect(name);
    t.frame.series[i].values.clone()
}

#[test]
fn only_enabled_transformations_count() {
    assert!(!any_enabled(&Value::Null));
    assert!(!any_enabled(&json!([])));
    assert!(!any_enabled(
        &json!([{"id": "reduce", "disabled": true, "options": {}}])
    ));
    assert!(any_enabled(&json!([{"id": "reduce", "options": {}}])));
}

#[test]
fn without_transformations_the_series_come_back_as_they_were() {
    let t = run(json!([]), SeriesShape::Graph);
    let (frame, names, refs) = answer();
    assert_eq!(t.frame.series, frame.series);
    assert_eq!(t.names, names);
    assert_eq!(t.ref_ids, refs);
    assert_eq!(t.warning, None);
}

#[test]
fn organize_renames_and_filter_by_name_hides_series() {
    let t = run(
        json!([
            {"id": "organize", "options": {"renameByName": {"api": "Frontend"}}},
            {"id": "filterFieldsByName", "options": {"include": {"names": ["Time", "Frontend", "total"]}}}
        ]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names, ["Frontend", "total"]);
    assert_eq!(values(&t, "Frontend"), [1.0, 2.0, 3.0]);
    assert_eq!(t.ref_ids, ["A", "B"]);
    assert_eq!(t.frame.series[0].labels.get("job").unwrap(), "api");
}

#[test]
fn a_disabled_transformation_is_skipped() {
    let t = run(
        json!([{"id": "filterFieldsByName", "disabled": true, "options": {"include": {"names": ["Time", "db"]}}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names, ["api", "db", "total"]);
}

#[test]
fn calculate_field_adds_the_sum_as_a_series() {
    let t = run(
        json!([{"id": "calculateField", "options": {
            "mode": "binary", "alias": "api + db",
            "binary": {"left": "api", "operator": "+", "right": "db"}}}]),
        SeriesShape::Graph,
    );
    assert_eq!(values(&t, "api + db"), [11.0, 22.0, 33.0]);
    assert_eq!(values(&t, "api"), [1.0, 2.0, 3.0]);
    assert_eq!(t.frame.series[0].times_ms, [1000.0, 2000.0, 3000.0]);
}

#[test]
fn reduce_has_no_time_field_for_a_graph() {
    let t = run(
        json!([{"id": "reduce", "options": {"reducers": ["max", "mean"]}}]),
        SeriesShape::Graph,
    );
    assert!(t.frame.series.is_empty());
    assert_eq!(t.warning.as_deref(), Some(NO_TIME_FIELD));
}

#[test]
fn a_stat_after_reduce_shows_each_row_by_its_field_name() {
    let reduce = json!([{"id": "reduce", "options": {"reducers": ["max"]}}]);
    let t = run(reduce.clone(), SeriesShape::Values { rows: true });
    assert_eq!(t.names, ["api", "db", "total"]);
    assert_eq!(t.frame.series.len(), 3);
    assert_eq!(values(&t, "db"), [30.0]);
    assert_eq!(t.untimed, [true, true, true]);
    // Reduced per field (not per row): the Max column's last row.
    let t = run(reduce, SeriesShape::Values { rows: false });
    assert_eq!(t.names, ["Max"]);
    assert_eq!(values(&t, "Max"), [3.0, 30.0, 300.0]);
}

#[test]
fn several_reducers_name_each_row_value_with_the_field() {
    let t = run(
        json!([{"id": "reduce", "options": {"reducers": ["max", "min"]}}]),
        SeriesShape::Values { rows: true },
    );
    assert_eq!(
        t.names,
        [
            "api Max",
            "db Max",
            "total Max",
            "api Min",
            "db Min",
            "total Min"
        ]
    );
    assert_eq!(values(&t, "total Min"), [100.0]);
}

#[test]
fn series_to_rows_draws_one_value_series() {
    let t = run(
        json!([{"id": "seriesToRows", "options": {}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names, ["Value"]);
    let s = &t.frame.series[0];
    assert_eq!(s.len(), 9);
    // Time ascending for the chart (seriesToRows sorts rows newest first).
    assert!(s.times_ms.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn join_by_field_and_merge_keep_every_series() {
    let t = run(
        json!([{"id": "joinByField", "options": {"byField": "Time", "mode": "outer"}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names, ["api", "db", "total"]);
    assert_eq!(values(&t, "total"), [100.0, 200.0, 300.0]);
    // `merge` matches fields by name: every `Value` goes into one column, one series of
    // every row (labels dropped), as Grafana's merge of label-only series.
    let t = run(json!([{"id": "merge", "options": {}}]), SeriesShape::Graph);
    assert_eq!(t.frame.series.len(), 1);
    assert_eq!(t.frame.series[0].len(), 9);
}

#[test]
fn time_without_numbers_is_no_graphable_fields() {
    let t = run(
        json!([{"id": "filterFieldsByName", "options": {"include": {"names": ["Time"]}}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.warning.as_deref(), Some(NO_GRAPHABLE_FIELDS));
}

#[test]
fn unknown_transformations_are_skipped_and_named() {
    let t = run(
        json!([{"id": "heatmap2000", "options": {}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names.len(), 3);
    assert_eq!(t.unsupported, ["heatmap2000"]);
}

#[test]
fn bad_options_say_which_transformation_and_why() {
    let bad = |t: Value| check_transformations(&t).unwrap_err();
    assert_eq!(
        bad(
            json!([{"id": "merge"}, {"id": "calculateField", "options": {"mode": "binary", "binary": {"operator": "plus"}}}])
        ),
        "Transformation 2 (calculateField): unknown operator \"plus\""
    );
    assert_eq!(
        bad(json!([{"id": "reduce", "options": {"reducers": ["maximum"]}}])),
        "Transformation 1 (reduce): unknown reducer \"maximum\""
    );
    assert_eq!(
        bad(json!([{"id": "filterFieldsByName", "options": {"include": {"pattern": "(api"}}}])),
        "Transformation 1 (filterFieldsByName): invalid pattern \"(api\""
    );
    assert_eq!(
        bad(json!([{"id": "organize", "options": "rename"}])),
        "Transformation 1 (organize): options must be an object"
    );
    assert_eq!(bad(json!([{"options": {}}])), "Transformation 1 has no id");
    // A disabled transformation's options are not read.
    assert!(check_transformations(
        &json!([{"id": "reduce", "disabled": true, "options": {"reducers": ["x"]}}])
    )
    .is_ok());
    assert!(
        check_transformations(&json!([{"id": "reduce", "options": {"reducers": ["max"]}}])).is_ok()
    );
}

#[test]
fn non_finite_values_are_gaps_and_rows_follow_time() {
    let frame = Frame {
        series: vec![series("x", &[(2000.0, f64::INFINITY), (1000.0, 5.0)])],
        notices: Vec::new(),
    };
    let names = vec!["x".to_string()];
    let refs = vec!["A".to_string()];
    let t = transformed_series(
        &QueryFrames {
            frame: &frame,
            names: &names,
            ref_ids: &refs,
            table_refs: &[],
        },
        &json!([{"id": "organize", "options": {}}]),
        SeriesShape::Graph,
    );
    let s = &t.frame.series[0];
    assert_eq!(s.times_ms, [1000.0, 2000.0]);
    assert_eq!(s.values[0], 5.0);
    assert!(s.values[1].is_nan());
}

/// dotdc Kubernetes / Views / Global, "Cluster CPU Utilization" (tests/fixtures/grafana/broader/
/// dotdc-k8s-views-global.json): a reduceRow mean replacing the one series keeps its name and
/// values.
#[test]
fn reduce_row_replacing_fields_draws_the_mean_under_its_alias() {
    let frame = Frame {
        series: vec![series("", &[(1000.0, 0.25), (2000.0, 0.5)])],
        notices: Vec::new(),
    };
    let names = vec!["CPU usage in %".to_string()];
    let refs = vec!["A".to_string()];
    let t = transformed_series(
        &QueryFrames {
            frame: &frame,
            names: &names,
            ref_ids: &refs,
            table_refs: &[],
        },
        &json!([{"id": "calculateField", "options": {
            "alias": "CPU usage in %", "mode": "reduceRow",
            "reduce": {"reducer": "mean"}, "replaceFields": true}}]),
        SeriesShape::Graph,
    );
    assert_eq!(t.names, ["CPU usage in %"]);
    assert_eq!(t.frame.series[0].times_ms, [1000.0, 2000.0]);
    assert_eq!(t.frame.series[0].values, [0.25, 0.5]);
}
