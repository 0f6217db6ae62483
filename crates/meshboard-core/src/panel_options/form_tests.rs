//! Host tests of the per-transformation forms' option model and the alert list options: what
//! each control stores, read back by the code that runs the transformation or lists alerts.

use serde_json::{json, Value};

use super::alertlist::*;
use super::transform_forms::*;
use crate::alertmanager::alertlist::{AlertListOptions, AlertSource, SortOrder};
use crate::transform::{apply_transformations, DataFrame, Datum, Field, FieldKind};

fn frame() -> DataFrame {
    DataFrame {
        name: None,
        ref_id: Some("A".into()),
        fields: vec![
            Field::new(
                "Time",
                FieldKind::Time,
                vec![Datum::Number(1.0), Datum::Number(2.0)],
            ),
            Field::new(
                "cpu",
                FieldKind::Number,
                vec![Datum::Number(3.0), Datum::Number(5.0)],
            ),
            Field::new(
                "mem",
                FieldKind::Number,
                vec![Datum::Number(7.0), Datum::Number(1.0)],
            ),
        ],
    }
}

fn shown(list: &Value) -> Vec<String> {
    let (frames, _) = apply_transformations(vec![frame()], list);
    frames[0].display_names(&frames)
}

#[test]
fn a_form_option_is_set_inside_its_transformation_and_read_back() {
    let list = json!([{"id": "sortBy", "options": {}}]);
    let list = set_option(Some(&list), 0, "/sort/0/field", Some(json!("mem"))).unwrap();
    let list = set_option(Some(&list), 0, "/sort/0/desc", Some(json!(true))).unwrap();
    assert_eq!(
        list,
        json!([{"id": "sortBy", "options": {"sort": [{"field": "mem", "desc": true}]}}])
    );
    assert_eq!(
        option_at(Some(&list), 0, "/sort/0/field"),
        Some(json!("mem"))
    );
    let (frames, _) = apply_transformations(vec![frame()], &list);
    assert_eq!(
        frames[0].fields[2].values,
        vec![Datum::Number(7.0), Datum::Number(1.0)]
    );
    let list = set_option(Some(&list), 0, "/sort/0/desc", None).unwrap();
    assert_eq!(list[0]["options"]["sort"][0], json!({"field": "mem"}));
    // A transformation without options gets them; an index past the end changes nothing.
    let bare = json!([{"id": "limit"}]);
    assert_eq!(
        set_option(Some(&bare), 0, "/limitField", Some(json!(1))).unwrap()[0]["options"],
        json!({"limitField": 1})
    );
    assert_eq!(
        set_option(Some(&bare), 3, "/limitField", Some(json!(1))).unwrap(),
        bare
    );
}

#[test]
fn reducers_are_toggled_in_order_and_the_reduce_table_follows() {
    let list = json!([{"id": "reduce", "options": {"reducers": ["lastNotNull"]}}]);
    let reducers = toggled(option_at(Some(&list), 0, "/reducers").as_ref(), "max", true);
    assert_eq!(reducers, Some(json!(["lastNotNull", "max"])));
    let list = set_option(Some(&list), 0, "/reducers", reducers).unwrap();
    assert_eq!(shown(&list), vec!["Field", "Last *", "Max"]);
    assert!(holds(list.pointer("/0/options/reducers"), "max"));
    assert_eq!(toggled(Some(&json!(["max"])), "max", false), None);
    assert_eq!(reducer_name("sum"), "Total");
    assert!(REDUCER_IDS.iter().all(|id| reducer_name(id) != *id));
}

#[test]
fn input_field_names_are_what_the_transformations_before_leave() {
    let list = json!([
        {"id": "organize", "options": {"renameByName": {"cpu": "CPU"}}},
        {"id": "filterFieldsByName", "disabled": true, "options": {"include": {"names": ["Time"]}}},
        {"id": "sortBy", "options": {}}
    ]);
    assert_eq!(
        input_field_names(&[frame()], Some(&list), 0),
        vec!["Time", "cpu", "mem"]
    );
    // The disabled filter is skipped: the sort still sees every field, renamed.
    assert_eq!(
        input_field_names(&[frame()], Some(&list), 2),
        vec!["Time", "CPU", "mem"]
    );
}

#[test]
fn organize_rows_move_hide_and_rename_as_the_table_draws_them() {
    let names: Vec<String> = ["Time", "cpu", "mem"].map(String::from).to_vec();
    let options = json!({"indexByName": {"mem": 0}});
    let rows = organize_rows(&options, &names);
    let order: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(order, ["mem", "Time", "cpu"]);
    let index = organize_moved(&rows, 2, -1);
    assert_eq!(index, json!({"mem": 0, "cpu": 1, "Time": 2}));
    let list = json!([{"id": "organize", "options": {
        "indexByName": index, "excludeByName": {"Time": true}, "renameByName": {"cpu": "CPU"}}}]);
    assert_eq!(shown(&list), vec!["mem", "CPU"]);
    let rows = organize_rows(&list[0]["options"], &names);
    assert!(rows.iter().any(|r| r.name == "Time" && r.hidden));
    assert!(rows.iter().any(|r| r.name == "cpu" && r.rename == "CPU"));
    // Moving past either end changes nothing; without data the options' own names are rows.
    assert_eq!(
        organize_moved(&rows, 0, -1),
        json!({"mem": 0, "cpu": 1, "Time": 2})
    );
    assert_eq!(
        organize_rows(&json!({"renameByName": {"a": "b"}}), &[]).len(),
        1
    );
}

#[test]
fn calculate_field_operands_are_field_matchers_or_fixed_values() {
    let fields: Vec<String> = vec!["cpu".into(), "mem".into()];
    assert_eq!(
        operand_json("cpu", &fields),
        Some(json!({"matcher": {"id": "byName", "options": "cpu"}}))
    );
    assert_eq!(operand_json(" 2 ", &fields), Some(json!({"fixed": "2"})));
    assert_eq!(operand_json("", &fields), None);
    for stored in [json!("cpu"), json!({"matcher": {"options": "cpu"}})] {
        assert_eq!(operand_text(Some(&stored)), "cpu");
    }
    assert_eq!(operand_text(Some(&json!({"fixed": "2"}))), "2");
    let list = json!([{"id": "calculateField", "options": {"mode": "binary", "alias": "sum",
        "binary": {"left": operand_json("cpu", &fields), "operator": "*", "right": operand_json("2", &fields)}}}]);
    let (frames, _) = apply_transformations(vec![frame()], &list);
    let sum = frames[0]
        .fields
        .iter()
        .find(|f| f.name == "sum")
        .expect("the new field");
    assert_eq!(sum.values, vec![Datum::Number(6.0), Datum::Number(10.0)]);
}

#[test]
fn numbers_typed_into_a_form_are_stored_as_numbers_or_refused() {
    assert_eq!(number_option(" 5 "), Ok(Some(json!(5))));
    assert_eq!(number_option("2.5"), Ok(Some(json!(2.5))));
    assert_eq!(number_option(""), Ok(None));
    assert!(number_option("five").is_err());
    // Every transformation the picker offers has a form now; an id it does not offer has none.
    assert!(has_form("organize") && has_form("groupBy") && !has_form("seriesToColumns"));
}

fn alert_panel(options: Value) -> Value {
    json!({"type": "alertlist", "options": options})
}

#[test]
fn a_state_switch_writes_every_state_so_the_others_stay_kept() {
    let panel = alert_panel(json!({}));
    assert!(STATES.iter().all(|(k, _)| state_kept(&panel, k)));
    let filter = state_filter_json(&panel, "pending", false);
    assert_eq!(
        filter,
        json!({"firing": true, "pending": false, "suppressed": true})
    );
    let read = AlertListOptions::from_panel(&alert_panel(json!({"stateFilter": filter}))).unwrap();
    assert!(read.state_filter.firing && !read.state_filter.pending && read.state_filter.suppressed);
}

#[test]
fn alert_list_options_are_read_back_by_the_panel() {
    assert_eq!(
        group_by_json(" severity, ,job "),
        Some(json!(["severity", "job"]))
    );
    assert_eq!(group_by_json(" , "), None);
    let panel = alert_panel(
        json!({"groupMode": "custom", "groupBy": group_by_json("severity"),
        "sortOrder": 3, "maxItems": 2, "datasource": source_json("alertmanager")}),
    );
    assert_eq!(group_by_text(&panel), "severity");
    let read = AlertListOptions::from_panel(&panel).unwrap();
    assert_eq!(
        (read.group_by, read.sort_order, read.max_items),
        (vec!["severity".to_string()], SortOrder::Importance, 2)
    );
    assert_eq!(
        (read.source, source_key(&panel)),
        (AlertSource::Alertmanager, "alertmanager")
    );
    assert_eq!(source_json("prometheus"), None);
    assert!(label_filter_problem("{severity=\"critical\"}").is_none());
    assert!(label_filter_problem("{severity}").is_some());
    assert!(label_filter_problem("{job=~\"(\"}").is_some());
    assert!(label_filter_problem("").is_none());
}

#[test]
fn a_slider_stores_its_number_clamped_to_grafanas_range() {
    use super::styles::{slider_value, SLIDERS};
    let (_, _, min, max, _, _) = SLIDERS[0];
    assert_eq!(slider_value("3", min, max), Some(json!(3)));
    assert_eq!(slider_value("25", min, max), Some(json!(10)));
    assert_eq!(slider_value("-1", min, max), Some(json!(0)));
    assert_eq!(slider_value("2.5", min, max), Some(json!(2.5)));
    assert_eq!(slider_value("wide", min, max), None);
    // Point size starts at 1, as Grafana's slider does.
    assert_eq!(
        slider_value("0", SLIDERS[2].2, SLIDERS[2].3),
        Some(json!(1))
    );
}
