//! Host tests of the group by, convert field type and filter by value forms' option model:
//! what each control stores, fed through core's transformations to the frames they make.

use serde_json::{json, Value};

use super::transform_forms::{option_at, set_option};
use super::transform_row_forms::*;
use crate::transform::{apply_transformations, DataFrame, Datum, Field, FieldKind};

/// A table as a reduce with labels to fields gives it: a host, its job and a value.
fn table() -> DataFrame {
    let texts = |v: &[&str]| v.iter().map(|t| Datum::Text(t.to_string())).collect();
    DataFrame {
        name: None,
        ref_id: Some("A".into()),
        fields: vec![
            Field::new("instance", FieldKind::String, texts(&["a", "b", "c", "d"])),
            Field::new(
                "job",
                FieldKind::String,
                texts(&["web", "db", "web", "web"]),
            ),
            Field::new(
                "Last *",
                FieldKind::Number,
                vec![
                    Datum::Number(1.0),
                    Datum::Number(0.0),
                    Datum::Number(3.0),
                    Datum::Number(5.0),
                ],
            ),
            Field::new(
                "when",
                FieldKind::String,
                texts(&["1700000000", "", "1700000060", "x"]),
            ),
        ],
    }
}

fn run(list: &Value) -> Vec<DataFrame> {
    apply_transformations(vec![table()], list).0
}

fn names(frame: &DataFrame) -> Vec<String> {
    frame.fields.iter().map(|f| f.name.clone()).collect()
}

/// Sets `pointer` of transformation 0 to what a control computed from the current options.
fn set(list: Value, pointer: &str, value: impl FnOnce(&Value) -> Value) -> Value {
    let options = option_at(Some(&list), 0, "").unwrap_or_else(|| json!({}));
    set_option(Some(&list), 0, pointer, Some(value(&options))).unwrap()
}

#[test]
fn group_by_rows_write_grafanas_shape_and_core_groups_and_calculates() {
    let list = json!([{"id": "groupBy", "options": {}}]);
    let list = set(list, &group_by_pointer("job"), |o| {
        group_by_with_operation(o, "job", "groupby")
    });
    let list = set(list, &group_by_pointer("Last *"), |o| {
        group_by_with_operation(o, "Last *", "aggregate")
    });
    // Calculate with nothing picked yet: Grafana's shape, only the group column.
    assert_eq!(
        list[0]["options"]["fields"]["Last *"],
        json!({"aggregations": [], "operation": "aggregate"})
    );
    assert_eq!(names(&run(&list)[0]), vec!["job"]);
    assert!(!group_by_calculates_without_grouping(&list[0]["options"]));
    let p = group_by_pointer("Last *");
    let list = set(list, &p, |o| {
        group_by_with_aggregation(o, "Last *", "sum", true)
    });
    let list = set(list, &p, |o| {
        group_by_with_aggregation(o, "Last *", "count", true)
    });
    assert_eq!(
        list[0]["options"]["fields"],
        json!({
            "job": {"aggregations": [], "operation": "groupby"},
            "Last *": {"aggregations": ["sum", "count"], "operation": "aggregate"},
        })
    );
    let out = run(&list);
    assert_eq!(
        names(&out[0]),
        vec!["job", "Last * (sum)", "Last * (count)"]
    );
    assert_eq!(
        out[0].fields[0].values,
        vec![Datum::Text("web".into()), Datum::Text("db".into())]
    );
    assert_eq!(
        out[0].fields[1].values,
        vec![Datum::Number(9.0), Datum::Number(0.0)]
    );
    assert_eq!(
        out[0].fields[2].values,
        vec![Datum::Number(3.0), Datum::Number(1.0)]
    );
    // Unchecking keeps the order of the rest; Ignored keeps the picks and writes null.
    let list = set(list, &p, |o| {
        group_by_with_aggregation(o, "Last *", "sum", false)
    });
    assert_eq!(
        group_by_aggregations(&list[0]["options"], "Last *"),
        vec!["count"]
    );
    let list = set(list, &group_by_pointer("job"), |o| {
        group_by_with_operation(o, "job", "")
    });
    assert_eq!(
        list[0]["options"]["fields"]["job"],
        json!({"aggregations": [], "operation": null})
    );
    assert_eq!(group_by_operation(&list[0]["options"], "job"), "");
    // Nothing grouped: the frames pass unchanged and the form warns.
    assert_eq!(
        names(&run(&list)[0]),
        vec!["instance", "job", "Last *", "when"]
    );
    assert!(group_by_calculates_without_grouping(&list[0]["options"]));
}

#[test]
fn a_field_name_with_a_slash_is_one_pointer_segment() {
    let list = json!([{"id": "groupBy", "options": {}}]);
    let list = set(list, &group_by_pointer("a/b~c"), |o| {
        group_by_with_operation(o, "a/b~c", "groupby")
    });
    assert_eq!(group_by_operation(&list[0]["options"], "a/b~c"), "groupby");
}

#[test]
fn conversions_are_added_changed_and_removed_and_core_converts() {
    let list = json!([{"id": "convertFieldType", "options": {}}]);
    // A new transformation shows one empty row to fill.
    assert_eq!(conversion_rows(&json!({})), vec![ConversionRow::default()]);
    let list = set(list, "/conversions", |o| {
        conversions_changed(o, 0, |r| r.field = "when".into())
    });
    assert_eq!(
        list[0]["options"]["conversions"],
        json!([{"targetField": "when"}])
    );
    let list = set(list, "/conversions", |o| {
        conversions_changed(o, 0, |r| r.destination = "time".into())
    });
    let list = set(list, "/conversions", |o| {
        conversions_changed(o, 0, |r| r.date_format = "X".into())
    });
    assert_eq!(
        list[0]["options"]["conversions"],
        json!([{"targetField": "when", "destinationType": "time", "dateFormat": "X"}])
    );
    let out = run(&list);
    assert_eq!(out[0].fields[3].kind, FieldKind::Time);
    // Core reads a text as ISO 8601, so texts of epoch seconds go to numbers first, then to
    // time with format X (seconds).
    let list = set(list, "/conversions", conversions_added);
    let list = set(list, "/conversions", |o| {
        conversions_changed(o, 1, |r| {
            r.field = "when".into();
            r.destination = "time".into();
            r.date_format = "X".into();
        })
    });
    let list = set(list, "/conversions", |o| {
        conversions_changed(o, 0, |r| {
            r.destination = "number".into();
        })
    });
    // Only a time destination keeps a date format.
    assert_eq!(
        list[0]["options"]["conversions"],
        json!([
            {"targetField": "when", "destinationType": "number"},
            {"targetField": "when", "destinationType": "time", "dateFormat": "X"},
        ])
    );
    let out = run(&list);
    assert_eq!(out[0].fields[3].kind, FieldKind::Time);
    assert_eq!(
        out[0].fields[3].values,
        vec![
            Datum::Number(1.7e12),
            Datum::Null,
            Datum::Number(1_700_000_060_000.0),
            Datum::Null
        ]
    );
    // Changing the field clears the date format, as Grafana's editor does.
    let moved = conversions_changed(&list[0]["options"], 1, |r| r.field = "Last *".into());
    assert_eq!(
        moved[1],
        json!({"targetField": "Last *", "destinationType": "time"})
    );
    let list = set(list, "/conversions", |o| conversions_removed(o, 1));
    let out = run(&list);
    assert_eq!(out[0].fields[3].kind, FieldKind::Number);
    assert_eq!(conversion_rows(&list[0]["options"]).len(), 1);
}

#[test]
fn filter_conditions_are_added_changed_and_removed_and_core_filters_rows() {
    let fields: Vec<String> = ["Time", "instance", "job"].map(String::from).to_vec();
    assert_eq!(default_filter_field(&fields), "instance");
    let list = json!([{"id": "filterByValue", "options": {}}]);
    let list = set(list, "/filters", |o| filters_added(o, "Last *"));
    assert_eq!(
        list[0]["options"]["filters"],
        json!([{"fieldName": "Last *", "config": {"id": "greater", "options": {"value": 0}}}])
    );
    // Include (the default), greater than 0: the zero row goes.
    let instances = |list: &Value| -> Vec<Datum> { run(list)[0].fields[0].values.clone() };
    let text = |v: &[&str]| {
        v.iter()
            .map(|t| Datum::Text(t.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(instances(&list), text(&["a", "c", "d"]));
    // A typed value is stored as typed; core reads the number.
    let list = set_option(
        Some(&list),
        0,
        "/filters/0/config/options/value",
        Some(json!("2")),
    )
    .unwrap();
    assert_eq!(instances(&list), text(&["c", "d"]));
    assert_eq!(filter_rows(&list[0]["options"])[0].value, "2");
    // Exclude: the others.
    let list = set_option(Some(&list), 0, "/type", Some(json!("exclude"))).unwrap();
    assert_eq!(instances(&list), text(&["a", "b"]));
    // A second condition on another field, matcher changed to a regex; match any / all.
    let list = set(list, "/filters", |o| filters_added(o, "job"));
    let list = set_option(
        Some(&list),
        0,
        "/filters/1/config",
        Some(filter_config_for("regex")),
    )
    .unwrap();
    assert_eq!(
        list[0]["options"]["filters"][1]["config"],
        json!({"id": "regex", "options": {"value": ".*"}})
    );
    let list = set_option(
        Some(&list),
        0,
        "/filters/1/config/options/value",
        Some(json!("^db$")),
    )
    .unwrap();
    let list = set_option(Some(&list), 0, "/match", Some(json!("any"))).unwrap();
    assert_eq!(instances(&list), text(&["a"]));
    let list = set_option(Some(&list), 0, "/match", Some(json!("all"))).unwrap();
    assert_eq!(instances(&list), text(&["a", "b", "c", "d"]));
    // A range reads from and to.
    let list = set_option(
        Some(&list),
        0,
        "/filters/0/config",
        Some(filter_config_for("range")),
    )
    .unwrap();
    let rows = filter_rows(&list[0]["options"]);
    assert_eq!(
        (
            rows[0].matcher.as_str(),
            rows[0].value.as_str(),
            rows[0].to.as_str()
        ),
        ("range", "0", "100")
    );
    assert_eq!(matcher_inputs("range"), MatcherInputs::Range);
    assert_eq!(matcher_inputs("isNull"), MatcherInputs::None);
    // Removed: only the first condition is left, now a range 0..100 excluded: nothing left.
    let list = set(list, "/filters", |o| filters_removed(o, 1));
    assert_eq!(filter_rows(&list[0]["options"]).len(), 1);
    assert_eq!(run(&list)[0].len(), 0);
}

#[test]
fn the_three_forms_are_listed() {
    for id in ["groupBy", "convertFieldType", "filterByValue"] {
        assert!(super::transform_forms::has_form(id), "{id}");
    }
}
