//! Host tests of the editor's option logic: what each editor stores, read back as the
//! resolver and the table read it (the drawn result's inputs), and the picker's keys.

use serde_json::{json, Value};

use super::catalog::*;
use super::color::*;
use super::groups::*;
use super::links::*;
use super::styles::*;
use super::transforms::*;
use crate::authoring::panel_edit::PANEL_TYPES;
use crate::dashboard::field_resolve::{
    resolve_series, ColorMode, ResolveOptions, ScaleDistribution, SeriesIdentity, SpanNulls,
};
use crate::dashboard::FieldConfig;
use crate::transform::{apply_transformations, DataFrame, Datum, Field, FieldKind};

#[test]
fn the_picker_lists_every_type_the_editor_can_set_with_a_description() {
    let ids: Vec<&str> = VISUALIZATIONS.iter().map(|v| v.id).collect();
    let authoring: Vec<&str> = PANEL_TYPES.iter().map(|t| t.id).collect();
    assert_eq!(ids, authoring);
    assert!(VISUALIZATIONS.iter().all(|v| !v.description.is_empty()));
    assert_eq!(viz_name("bargauge"), "Bar gauge");
    assert_eq!(viz_name("piechart"), "piechart");
}

#[test]
fn search_puts_names_starting_with_the_text_first_then_any_match() {
    let names = |q: &str| {
        search_visualizations(q)
            .iter()
            .map(|v| v.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("").len(), 12);
    assert_eq!(names("ga"), ["gauge", "bargauge"]);
    assert_eq!(
        names("TIME"),
        ["timeseries", "state-timeline", "heatmap", "traces"]
    );
    assert_eq!(names("markdown"), ["text"]);
    assert!(names("nothing like it").is_empty());
}

#[test]
fn listbox_keys_move_and_wrap() {
    assert_eq!(move_active(None, 3, ListKey::Next), Some(0));
    assert_eq!(move_active(None, 3, ListKey::Previous), Some(2));
    assert_eq!(move_active(Some(2), 3, ListKey::Next), Some(0));
    assert_eq!(move_active(Some(0), 3, ListKey::Previous), Some(2));
    assert_eq!(move_active(Some(1), 3, ListKey::Last), Some(2));
    assert_eq!(move_active(Some(1), 3, ListKey::First), Some(0));
    assert_eq!(move_active(Some(1), 0, ListKey::Next), None);
}

#[test]
fn typeahead_finds_by_prefix_and_cycles_on_a_repeated_letter() {
    let names: Vec<&str> = VISUALIZATIONS.iter().map(|v| v.name).collect();
    // Time series (0), Table (4), Text (7), Traces (10).
    assert_eq!(typeahead(&names, None, "t"), Some(0));
    assert_eq!(typeahead(&names, Some(0), "t"), Some(4));
    assert_eq!(typeahead(&names, Some(4), "tt"), Some(7));
    assert_eq!(typeahead(&names, Some(10), "t"), Some(0));
    assert_eq!(typeahead(&names, Some(0), "tr"), Some(10));
    assert_eq!(typeahead(&names, Some(3), "tex"), Some(7));
    assert_eq!(
        typeahead(&names, Some(3), "zz"),
        Some(3),
        "no match keeps the option"
    );
}

#[test]
fn each_type_shows_grafanas_groups_for_it() {
    assert!(shows("timeseries", OptionGroup::Axis));
    assert!(shows("timeseries", OptionGroup::GraphStyles));
    assert!(!shows("stat", OptionGroup::Axis));
    assert!(!shows("table", OptionGroup::Legend));
    assert!(shows("table", OptionGroup::DataLinks));
    assert!(
        !shows("gauge", OptionGroup::DataLinks),
        "Meshboard opens no link from a gauge"
    );
    assert_eq!(groups_for("text"), [OptionGroup::PanelOptions]);
    assert!(!shows("alertlist", OptionGroup::Transformations));
    assert!(shows("logs", OptionGroup::Transformations));
    for v in VISUALIZATIONS {
        assert_eq!(
            groups_for(v.id).first(),
            Some(&OptionGroup::PanelOptions),
            "{}",
            v.id
        );
    }
}

/// The first series resolved from a panel whose `custom` is `custom`.
fn resolved_custom(custom: Value) -> crate::dashboard::field_resolve::ResolvedSeries {
    let config = FieldConfig::from_json(Some(&json!({"defaults": {"custom": custom}})));
    let series = [SeriesIdentity::new("a", "A")];
    resolve_series(
        &config,
        &series,
        &ResolveOptions::for_panel_type("timeseries"),
    )
    .remove(0)
}

#[test]
fn the_scale_editor_stores_what_the_resolver_reads() {
    let form = |kind: &str, base: f64| ScaleForm {
        kind: kind.into(),
        base,
        linear_threshold: 5.0,
    };
    let log10 = scale_json(&form("log", 10.0));
    assert_eq!(log10, json!({"type": "log", "log": 10.0}));
    assert_eq!(
        resolved_custom(json!({"scaleDistribution": log10.clone()})).scale_distribution,
        ScaleDistribution::Log { base: 10.0 }
    );
    assert_eq!(
        scale_form(Some(&log10)),
        form("log", 10.0).with_threshold(1.0)
    );
    let symlog = scale_json(&form("symlog", 2.0));
    assert_eq!(
        resolved_custom(json!({"scaleDistribution": symlog})).scale_distribution,
        ScaleDistribution::Symlog {
            base: 2.0,
            linear_threshold: 5.0
        }
    );
    assert_eq!(scale_json(&form("linear", 10.0)), json!({"type": "linear"}));
    assert_eq!(scale_form(None).kind, "linear");
}

impl ScaleForm {
    fn with_threshold(mut self, t: f64) -> ScaleForm {
        self.linear_threshold = t;
        self
    }
}

#[test]
fn line_style_and_connect_nulls_store_what_the_resolver_reads() {
    let dashed = resolved_custom(json!({"lineStyle": line_style_json("dash")}));
    assert_eq!(
        (
            dashed.line_style.fill.as_str(),
            dashed.line_style.dash.clone()
        ),
        ("dash", vec![10.0, 10.0])
    );
    assert_eq!(line_style_name(Some(&line_style_json("dot"))), "dot");
    assert_eq!(line_style_name(None), "solid");

    let hour = span_nulls_json("threshold", "").unwrap();
    assert_eq!(
        resolved_custom(json!({"spanNulls": hour})).span_nulls,
        SpanNulls::ShorterThanMs(3_600_000.0)
    );
    let ten_min = span_nulls_json("threshold", "10m").unwrap();
    assert_eq!(
        span_nulls_form(Some(&ten_min)),
        ("threshold", "10m".to_string())
    );
    assert_eq!(span_nulls_json("always", "").unwrap(), json!(true));
    assert_eq!(span_nulls_form(Some(&json!(false))).0, "never");
    assert!(span_nulls_json("threshold", "soon")
        .unwrap_err()
        .contains("soon"));
}

#[test]
fn choosing_a_colour_scheme_keeps_the_colour_it_needs_and_resolves_it() {
    let fixed = color_with_mode(None, "fixed");
    assert_eq!(fixed, json!({"mode": "fixed", "fixedColor": "green"}));
    let purple = json!({"mode": "fixed", "fixedColor": "#8F3BB8"});
    let config = FieldConfig::from_json(Some(&json!({"defaults": {"color": purple}})));
    let series = [SeriesIdentity::new("a", "A"), SeriesIdentity::new("b", "A")];
    let resolved = resolve_series(
        &config,
        &series,
        &ResolveOptions::for_panel_type("timeseries"),
    );
    assert!(resolved
        .iter()
        .all(|s| s.color_mode == ColorMode::Fixed && s.color.eq_ignore_ascii_case("#8F3BB8")));
    // Shades keep the fixed colour; a palette drops it; a by-value scheme keeps seriesBy.
    assert_eq!(
        color_with_mode(Some(&purple), "shades")["fixedColor"],
        "#8F3BB8"
    );
    assert_eq!(
        color_with_mode(Some(&purple), "palette-classic"),
        json!({"mode": "palette-classic"})
    );
    let by_max = json!({"mode": "thresholds", "seriesBy": "max"});
    assert_eq!(
        color_with_mode(Some(&by_max), "continuous-GrYlRd")["seriesBy"],
        "max"
    );
    assert!(COLOR_SCHEMES
        .iter()
        .filter(|s| s.mode.starts_with("continuous-"))
        .all(|s| { crate::dashboard::field_resolve::colors::is_known_continuous(s.mode) }));
}

#[test]
fn colour_text_is_a_colour_and_nothing_more() {
    for ok in [
        "green",
        "dark-red",
        "#8F3BB8",
        "#abc",
        "rgb(1, 2, 3)",
        "rgba(1,2,3,0.5)",
    ] {
        assert!(is_color_text(ok), "{ok}");
    }
    for bad in [
        "",
        "red; background:url(x)",
        "url(javascript:x)",
        "#12345",
        "rgb(1,2,3);x",
        "Red",
    ] {
        assert!(!is_color_text(bad), "{bad}");
    }
}

#[test]
fn links_are_edited_in_place_and_a_javascript_url_is_refused() {
    let one = add_link(None);
    let titled = set_link_field(
        Some(&one),
        0,
        LinkField::Title("Logs for ${__field.labels.job}".into()),
    )
    .unwrap();
    let url = set_link_field(
        Some(&titled),
        0,
        LinkField::Url(" /explore?job=${__field.labels.job} ".into()),
    )
    .unwrap();
    let blank = set_link_field(Some(&url), 0, LinkField::NewTab(true)).unwrap();
    assert_eq!(
        link_rows(Some(&blank)),
        [LinkRow {
            title: "Logs for ${__field.labels.job}".into(),
            url: "/explore?job=${__field.labels.job}".into(),
            new_tab: true
        }]
    );
    assert_eq!(
        crate::dashboard::data_links(&blank).len(),
        1,
        "the drawn side reads it"
    );
    for evil in [
        "javascript:alert(1)",
        " JaVa\tScRiPt:alert(1)",
        "data:text/html,<b>x</b>",
    ] {
        assert!(
            set_link_field(Some(&blank), 0, LinkField::Url(evil.into())).is_err(),
            "{evil}"
        );
    }
    assert_eq!(url_problem(""), None);
    assert_eq!(
        link_rows(Some(&blank))[0].url,
        "/explore?job=${__field.labels.job}",
        "a refused URL changes nothing"
    );
    // Unknown keys (a dashboard link's type) survive an edit.
    let typed = json!([{"title": "x", "url": "/d/a", "type": "dashboard"}]);
    assert_eq!(
        set_link_field(Some(&typed), 0, LinkField::Title("y".into())).unwrap()[0]["type"],
        "dashboard"
    );
    assert_eq!(remove_link(Some(&typed), 0), None);
    assert!(set_link_field(Some(&typed), 3, LinkField::Title("y".into())).is_err());
}

fn frame() -> Vec<DataFrame> {
    let numbers = |name: &str, v: &[f64]| Field {
        name: name.into(),
        kind: FieldKind::Number,
        values: v.iter().map(|x| Datum::Number(*x)).collect(),
        ..Field::default()
    };
    vec![DataFrame {
        fields: vec![
            numbers("a", &[3.0, 1.0, 2.0]),
            numbers("b", &[30.0, 10.0, 20.0]),
        ],
        ..DataFrame::default()
    }]
}

fn rows_after(list: &Option<Value>) -> usize {
    let (frames, unknown) = apply_transformations(frame(), list.as_ref().unwrap_or(&Value::Null));
    assert!(unknown.is_empty(), "{unknown:?}");
    frames[0].fields[0].values.len()
}

#[test]
fn transformations_are_added_reordered_disabled_and_run_as_stored() {
    let limit = add_transform(None, "limit");
    let limit = set_options(limit.as_ref(), 0, "{\"limitField\": 2}").unwrap();
    assert_eq!(rows_after(&limit), 2);
    let both = add_transform(limit.as_ref(), "sortBy");
    let rows = transform_rows(both.as_ref());
    assert_eq!(
        rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["limit", "sortBy"]
    );
    assert!(rows[0].options_text.contains("\"limitField\": 2"));
    let moved = move_transform(both.as_ref(), 1, -1);
    assert_eq!(transform_rows(moved.as_ref())[0].id, "sortBy");
    assert_eq!(
        move_transform(moved.as_ref(), 0, -1),
        moved,
        "the first cannot move up"
    );
    let off = set_disabled(moved.as_ref(), 1, true);
    assert!(transform_rows(off.as_ref())[1].disabled);
    assert_eq!(rows_after(&off), 3, "a disabled limit is skipped");
    let on = set_disabled(off.as_ref(), 1, false);
    assert_eq!(on, moved, "enabling leaves no disabled key");
    assert_eq!(
        remove_transform(remove_transform(on.as_ref(), 0).as_ref(), 0),
        None
    );
    assert!(set_options(on.as_ref(), 0, "[1]")
        .unwrap_err()
        .contains("object"));
    assert!(set_options(on.as_ref(), 0, "{\n\"a\": }")
        .unwrap_err()
        .contains("line 2"));
    assert!(TRANSFORMS.iter().all(|t| transform_info(t.id).is_some()));
}

#[test]
fn every_listed_transformation_is_one_core_runs() {
    for t in TRANSFORMS {
        let list = add_transform(None, t.id);
        let (_, unknown) = apply_transformations(frame(), list.as_ref().unwrap());
        assert!(unknown.is_empty(), "{} is not run by core", t.id);
    }
}
