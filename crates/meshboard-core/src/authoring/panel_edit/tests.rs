//! Host tests of the panel editor's JSON edits, through the same [`apply`] the editor uses.

use serde_json::{json, Value};

use super::*;
use crate::authoring::{apply, panel_json, Edit, EditError, EditSession};
use crate::dashboard::Dashboard;

fn dashboard() -> Dashboard {
    Dashboard::from_value(json!({
        "uid": "t", "title": "T",
        "panels": [
            {"id": 1, "type": "timeseries", "title": "CPU",
             "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
             "targets": [{"refId": "A", "expr": "up"}]},
            {"id": 2, "type": "logs", "title": "Logs",
             "gridPos": {"x": 12, "y": 0, "w": 12, "h": 8},
             "datasource": {"type": "loki", "uid": "loki"},
             "targets": [{"refId": "A", "expr": "{job=\"x\"}"}]}
        ]
    }))
    .expect("dashboard")
}

fn set(d: &Dashboard, pointer: &str, value: Option<Value>) -> Dashboard {
    let edit = Edit::SetPanelField {
        id: 1,
        pointer: pointer.into(),
        value,
    };
    apply(d, &edit).unwrap_or_else(|e| panic!("{pointer}: {e}"))
}

#[test]
fn form_fields_set_and_remove_options_at_their_path() {
    let d = set(
        &dashboard(),
        "/fieldConfig/defaults/unit",
        Some(json!("bytes")),
    );
    let d = set(&d, "/title", Some(json!("<b>Memory</b>")));
    let d = set(&d, "/options/legend/placement", Some(json!("right")));
    let panel = panel_json(&d, 1).expect("panel");
    assert_eq!(text_at(&panel, "/fieldConfig/defaults/unit"), "bytes");
    assert_eq!(text_at(&panel, "/title"), "<b>Memory</b>");
    assert_eq!(text_at(&panel, "/options/legend/placement"), "right");
    assert_eq!(
        d.all_panels()[0].title,
        "<b>Memory</b>",
        "the model sees the title"
    );
    let d = set(&d, "/fieldConfig/defaults/unit", None);
    let panel = panel_json(&d, 1).expect("panel");
    assert_eq!(panel.pointer("/fieldConfig/defaults/unit"), None);
    assert_eq!(text_at(&panel, "/options/legend/placement"), "right");
}

#[test]
fn a_javascript_link_set_in_the_editor_is_refused() {
    let edit = Edit::SetPanelField {
        id: 1,
        pointer: "/links".into(),
        value: Some(json!([{"title": "x", "url": "javascript:alert(1)"}])),
    };
    assert!(matches!(
        apply(&dashboard(), &edit),
        Err(EditError::UnsafeLink(_))
    ));
}

#[test]
fn typing_a_title_is_one_undo_step_and_undo_restores_the_panel() {
    let mut session = EditSession::new(dashboard(), None);
    for (i, title) in ["C", "CP", "CPU load"].iter().enumerate() {
        let edit = Edit::SetPanelField {
            id: 1,
            pointer: "/title".into(),
            value: Some(json!(title)),
        };
        session
            .apply(&edit, 1_000 + i as u64 * 100)
            .expect("applies");
    }
    assert_eq!(session.dashboard().all_panels()[0].title, "CPU load");
    assert!(session.undo());
    assert_eq!(session.dashboard().all_panels()[0].title, "CPU");
    assert!(!session.has_unsaved_changes());
}

#[test]
fn number_fields_store_numbers_or_say_why_not() {
    assert_eq!(number_input("2"), Ok(Some(json!(2))));
    assert_eq!(number_input(" 0.5 "), Ok(Some(json!(0.5))));
    assert_eq!(number_input(""), Ok(None));
    assert_eq!(
        number_input("<i>1</i>"),
        Err("“<i>1</i>” is not a number".to_string())
    );
    assert!(number_input("NaN").is_err());
}

#[test]
fn ref_ids_continue_past_z_as_grafana_names_them() {
    let targets: Vec<Value> = (0..26)
        .map(|i| json!({"refId": char::from(b'A' + i).to_string()}))
        .collect();
    assert_eq!(next_ref_id(&[]), "A");
    assert_eq!(next_ref_id(&targets[..2]), "C");
    assert_eq!(next_ref_id(&targets), "AA");
    // A gap is filled first.
    assert_eq!(next_ref_id(&[json!({"refId": "B"})]), "A");
}

#[test]
fn queries_are_added_with_the_datasource_of_the_last_and_removed_by_index() {
    let logs = panel_json(&dashboard(), 2).expect("panel");
    let added = add_query(&logs);
    let targets = added["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[1]["refId"], "B");
    assert_eq!(query_language(&added), QueryLanguage::LogQl);
    let removed = remove_query(&added, 0);
    assert_eq!(removed["targets"].as_array().map(Vec::len), Some(1));
    assert_eq!(removed["targets"][0]["refId"], "B");
    assert_eq!(
        remove_query(&removed, 5),
        removed,
        "no such query: unchanged"
    );
    let cpu = panel_json(&dashboard(), 1).expect("panel");
    assert_eq!(query_language(&cpu), QueryLanguage::PromQl);
    assert_eq!(
        query_language(&change_type(&cpu, "traces")),
        QueryLanguage::Other
    );
}

#[test]
fn changing_type_keeps_standard_options_and_drops_the_old_types_own() {
    let panel = json!({
        "id": 1, "type": "timeseries", "title": "t",
        "options": {"legend": {"placement": "right"}},
        "fieldConfig": {
            "defaults": {"unit": "bytes", "decimals": 1, "custom": {"fillOpacity": 10},
                         "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": null}]}},
            "overrides": [
                {"matcher": {"id": "byName", "options": "a"},
                 "properties": [{"id": "custom.lineWidth", "value": 3}, {"id": "unit", "value": "s"}]},
                {"matcher": {"id": "byName", "options": "b"},
                 "properties": [{"id": "custom.fillOpacity", "value": 3}]}
            ]
        }
    });
    let stat = change_type(&panel, "stat");
    assert_eq!(stat["type"], "stat");
    assert_eq!(stat["fieldConfig"]["defaults"]["unit"], "bytes");
    assert_eq!(stat["fieldConfig"]["defaults"]["decimals"], 1);
    assert!(stat["fieldConfig"]["defaults"].get("custom").is_none());
    assert_eq!(
        stat["fieldConfig"]["defaults"]["thresholds"],
        panel["fieldConfig"]["defaults"]["thresholds"]
    );
    assert_eq!(
        stat["fieldConfig"]["overrides"],
        json!([{"matcher": {"id": "byName", "options": "a"}, "properties": [{"id": "unit", "value": "s"}]}])
    );
    assert_eq!(
        stat["options"],
        json!({}),
        "the time series legend means nothing to a stat"
    );
    assert_eq!(
        change_type(&panel, "timeseries"),
        panel,
        "same type: unchanged"
    );

    let mut stat = stat;
    stat["options"] = json!({"reduceOptions": {"calcs": ["mean"]}, "colorMode": "background"});
    let gauge = change_type(&stat, "gauge");
    assert_eq!(
        gauge["options"],
        json!({"reduceOptions": {"calcs": ["mean"]}})
    );
    let text = change_type(&gauge, "text");
    assert_eq!(text["options"], json!({"mode": "markdown", "content": ""}));
}

#[test]
fn every_picker_type_is_one_meshboard_draws() {
    for t in PANEL_TYPES {
        let panel = crate::dashboard::Panel::from_json(&json!({"type": t.id, "id": 1}), 1);
        assert!(
            !matches!(panel.kind, crate::dashboard::PanelKind::Unsupported { .. }),
            "{} is not drawn",
            t.id
        );
    }
}

#[test]
fn unit_search_ranks_ids_and_name_starts_first() {
    let ids = |q: &str| -> Vec<&str> { search_units(q, 5).iter().map(|u| u.id).collect() };
    assert_eq!(ids("bytes")[0], "bytes");
    assert_eq!(ids("percent")[0], "percent");
    let seconds = ids("seconds");
    assert!(seconds.contains(&"s"), "{seconds:?}");
    let requests = ids("requests");
    assert_eq!(requests[0], "reqps", "{requests:?}");
    // A category finds its units when nothing else matches.
    assert!(!search_units("Throughput", 50).is_empty());
    assert!(search_units("<script>", 5).is_empty());
    assert_eq!(search_units("", 3).len(), 3);
}

#[test]
fn thresholds_add_above_the_highest_in_an_unused_colour_and_keep_the_base() {
    let panel = json!({"type": "stat"});
    assert_eq!(
        threshold_steps(&panel).len(),
        2,
        "Grafana's default: base and 80"
    );
    let added = add_threshold(&panel);
    assert_eq!(
        added,
        json!({"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 80.0},
            {"color": "#EAB839", "value": 90.0}]})
    );
    let mut with = panel.clone();
    with["fieldConfig"] = json!({"defaults": {"thresholds": added}});
    let removed = remove_threshold(&with, 1);
    assert_eq!(removed["steps"].as_array().map(Vec::len), Some(2));
    assert_eq!(removed["steps"][1]["value"], 90.0);
    assert_eq!(
        remove_threshold(&with, 0)["steps"].as_array().map(Vec::len),
        Some(3),
        "the base stays"
    );
}

#[test]
fn value_mappings_read_as_rows_in_index_order_and_save_back_as_grafana_writes_them() {
    let panel = json!({"fieldConfig": {"defaults": {"mappings": [
        {"type": "range", "options": {"from": 0, "to": 10, "result": {"text": "low", "index": 1}}},
        {"type": "value", "options": {
            "1": {"text": "Up", "color": "green", "index": 0},
            "0": {"text": "<b>Down</b>", "color": "red", "index": 2}}},
        {"type": "special", "options": {"match": "null", "result": {"text": "n/a", "index": 3}}}
    ]}}});
    let rows = mapping_rows(&panel);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["Up", "low", "<b>Down</b>", "n/a"]);
    assert_eq!(
        rows[1].matches,
        MappingMatch::Range {
            from: Some(0.0),
            to: Some(10.0)
        }
    );
    assert_eq!(
        mappings_json(&rows),
        json!([
            {"type": "value", "options": {
                "1": {"text": "Up", "color": "green", "index": 0},
                "0": {"text": "<b>Down</b>", "color": "red", "index": 2}}},
            {"type": "range", "options": {"from": 0.0, "to": 10.0, "result": {"text": "low", "index": 1}}},
            {"type": "special", "options": {"match": "null", "result": {"text": "n/a", "index": 3}}}
        ])
    );
    assert_eq!(mapping_rows(&json!({})), vec![]);
    assert_eq!(mappings_json(&[]), json!([]));
}

#[test]
fn override_properties_are_typed_into_the_json_grafana_stores() {
    assert_eq!(property_value("decimals", "2"), Ok(Some(json!(2))));
    assert!(property_value("min", "low").is_err());
    assert_eq!(
        property_value("color", "red"),
        Ok(Some(json!({"mode": "fixed", "fixedColor": "red"})))
    );
    assert_eq!(
        property_value("unit", "<b>u</b>"),
        Ok(Some(json!("<b>u</b>")))
    );
    assert_eq!(property_value("displayName", " "), Ok(None));
    assert_eq!(
        property_text(&json!({"mode": "fixed", "fixedColor": "red"})),
        "red"
    );
    let panel = json!({"type": "timeseries"});
    let list = add_override(&panel);
    assert_eq!(
        list,
        json!([{"matcher": {"id": "byName", "options": ""}, "properties": []}])
    );
    let mut with = panel.clone();
    with["fieldConfig"] = json!({"overrides": list});
    assert_eq!(
        add_property(&with, 0, "unit")[0]["properties"],
        json!([{"id": "unit"}])
    );
    assert_eq!(
        add_property(&with, 3, "unit"),
        with["fieldConfig"]["overrides"],
        "no such override"
    );
}
