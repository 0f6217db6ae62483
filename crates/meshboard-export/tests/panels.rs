//! Every panel kind exported from fixture frames (written here: a panel's JSON as Grafana saves
//! it and the series a query would return), read back as XML, and checked for what a reader of
//! the SVG sees: one line per visible series, the legend, the axis labels with their units, the
//! threshold line where its value is on the axis, the stat's value, the timeline's runs.

use std::sync::Arc;

use meshboard_core::annotations::AnnotationEvent;
use meshboard_core::dashboard::Panel;
use meshboard_core::frame::{Frame, Series};
use meshboard_core::panel::{PanelRun, QueryResult};
use meshboard_core::prometheus::ExemplarDot;
use meshboard_export::{
    render_dashboard_svg, render_panel_svg, DashboardReport, ExportTheme, PanelExport, ReportPanel,
    UNITS_PER_PX,
};
use roxmltree::{Document, Node};
use serde_json::json;

/// 10:00 UTC on 2026-12-07; the fixtures run ten minutes from here, one sample a minute.
const T0: f64 = 1_796_637_600_000.0;
const MIN: f64 = 60_000.0;

fn series(labels: &[(&str, &str)], values: &[f64]) -> Series {
    let labels = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut s = Series::new(labels);
    for (i, v) in values.iter().enumerate() {
        s.push(T0 + i as f64 * MIN, *v);
    }
    s
}

fn result(named: Vec<(&str, Series)>) -> QueryResult {
    let names = named.iter().map(|(n, _)| n.to_string()).collect();
    let ref_ids = named.iter().map(|_| "A".to_string()).collect();
    let frame = Frame {
        series: named.into_iter().map(|(_, s)| s).collect(),
        notices: Vec::new(),
    };
    QueryResult {
        frame: Arc::new(frame),
        names,
        ref_ids,
        run: PanelRun {
            range: (T0, T0 + 9.0 * MIN),
            width: 600.0,
            ..PanelRun::default()
        },
        ..QueryResult::default()
    }
}

struct Case {
    panel: Panel,
    title: &'static str,
    result: QueryResult,
    hidden: Vec<usize>,
    exemplars: Vec<ExemplarDot>,
    annotations: Vec<AnnotationEvent>,
    theme: ExportTheme,
}

impl Case {
    fn new(panel: serde_json::Value, result: QueryResult) -> Case {
        let title = Box::leak(
            panel["title"]
                .as_str()
                .unwrap_or("")
                .to_string()
                .into_boxed_str(),
        );
        Case {
            panel: Panel::from_json(&panel, 1),
            title,
            result,
            hidden: Vec::new(),
            exemplars: Vec::new(),
            annotations: Vec::new(),
            theme: ExportTheme::dark(),
        }
    }

    fn export(&self) -> PanelExport<'_> {
        PanelExport {
            panel: &self.panel,
            title: self.title,
            result: &self.result,
            exemplars: &self.exemplars,
            annotations: &self.annotations,
            hidden_series: &self.hidden,
            width: 640.0,
            height: 320.0,
            theme: &self.theme,
            utc_offset_minutes: 0,
        }
    }

    fn svg(&self) -> String {
        render_panel_svg(&self.export())
    }
}

fn class_is(n: &Node, class: &str) -> bool {
    n.attribute("class") == Some(class)
}

fn groups<'a>(doc: &'a Document, class: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && class_is(n, class))
        .collect()
}

fn texts(node: Node) -> Vec<String> {
    node.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn num(n: &Node, attr: &str) -> f64 {
    n.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

fn cpu_panel() -> serde_json::Value {
    json!({
        "type": "timeseries", "title": "CPU <busy> & idle",
        "fieldConfig": {
            "defaults": {
                "unit": "percent", "min": 0, "max": 100,
                "custom": {"lineWidth": 2, "fillOpacity": 10, "thresholdsStyle": {"mode": "line"}},
                "thresholds": {"mode": "absolute", "steps": [
                    {"color": "green", "value": null}, {"color": "red", "value": 80}
                ]}
            },
            "overrides": [{
                "matcher": {"id": "byName", "options": "node-b"},
                "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "purple"}}]
            }]
        },
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "calcs": []}},
        "targets": [{"refId": "A", "expr": "cpu"}]
    })
}

fn cpu_result() -> QueryResult {
    result(vec![
        (
            "node-a",
            series(
                &[("instance", "a")],
                &[10.0, 20.0, 30.0, 25.0, 40.0, 35.0, 50.0, 45.0, 60.0, 55.0],
            ),
        ),
        (
            "node-b",
            series(
                &[("instance", "b")],
                &[70.0, 65.0, 72.0, 68.0, 75.0, 71.0, 77.0, 74.0, 79.0, 76.0],
            ),
        ),
        ("node-c", series(&[("instance", "c")], &[5.0; 10])),
    ])
}

#[test]
fn a_time_series_has_one_line_per_visible_series_legend_axes_and_title() {
    let mut case = Case::new(cpu_panel(), cpu_result());
    case.hidden = vec![2];
    let svg = case.svg();
    let doc = Document::parse(&svg).expect("the export is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(num(&root, "width"), 640.0);
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(
        title.text(),
        Some("CPU <busy> & idle"),
        "the title is escaped text, not markup"
    );
    assert!(texts(root).contains(&"CPU <busy> & idle".to_string()));

    let series = groups(&doc, "series");
    let names: Vec<&str> = series
        .iter()
        .filter_map(|g| g.attribute("data-series"))
        .collect();
    assert_eq!(
        names,
        ["node-a", "node-b"],
        "the series the legend hides is not drawn"
    );
    for g in &series {
        let lines = g.children().filter(|n| n.has_tag_name("polyline")).count();
        assert_eq!(lines, 1, "one line per series without gaps");
        let fills = g.children().filter(|n| n.has_tag_name("polygon")).count();
        assert_eq!(fills, 1, "fillOpacity 10 fills under the line");
        assert!(g.attribute("clip-path").unwrap().starts_with("url(#"));
    }
    let line = |i: usize| {
        series[i]
            .children()
            .find(|n| n.has_tag_name("polyline"))
            .unwrap()
    };
    assert_eq!(
        line(0).attribute("stroke"),
        Some("#73BF69"),
        "palette green for node-a"
    );
    assert_eq!(
        line(1).attribute("stroke"),
        Some("#B877D9"),
        "the override's purple"
    );
    assert_eq!(
        num(&line(0), "stroke-width"),
        2.0 * UNITS_PER_PX,
        "lineWidth 2 px"
    );
    let points = line(0)
        .attribute("points")
        .unwrap()
        .split_whitespace()
        .count();
    assert_eq!(points, 10, "one vertex per sample");

    let legend: Vec<String> = groups(&doc, "legend-item")
        .into_iter()
        .flat_map(texts)
        .collect();
    assert_eq!(
        legend,
        ["node-a", "node-b", "node-c"],
        "hidden series stay in the legend"
    );

    let left = texts(groups(&doc, "axis-left")[0]);
    assert!(left.len() >= 3, "y ticks: {left:?}");
    assert!(
        left.iter().all(|l| l.ends_with('%')),
        "percent unit on every y label: {left:?}"
    );
    assert!(
        left.contains(&"0%".to_string()) && left.contains(&"100%".to_string()),
        "{left:?}"
    );
    let times = texts(groups(&doc, "axis-time")[0]);
    assert!(
        times.len() >= 2 && times.iter().all(|t| t.contains(':')),
        "time labels {times:?}"
    );
    assert!(
        times.contains(&"10:02".to_string()) || times.contains(&"10:04".to_string()),
        "{times:?}"
    );
}

/// The y of the y-axis label for `value` (labels like `40%`), interpolated between two labels.
fn y_of_value(doc: &Document, value: f64) -> f64 {
    let labels: Vec<(f64, f64)> = groups(doc, "axis-left")[0]
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| {
            let v = n.text()?.trim().trim_end_matches('%').parse::<f64>().ok()?;
            Some((v, num(&n, "y")))
        })
        .collect();
    let (a, b) = (labels[0], labels[labels.len() - 1]);
    a.1 + (value - a.0) / (b.0 - a.0) * (b.1 - a.1)
}

#[test]
fn threshold_lines_sit_at_their_value_on_the_axis() {
    let case = Case::new(cpu_panel(), cpu_result());
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let lines: Vec<Node> = groups(&doc, "thresholds")[0]
        .children()
        .filter(|n| n.has_tag_name("line"))
        .collect();
    assert_eq!(lines.len(), 1, "the base step draws no line; 80 does");
    let line = lines[0];
    assert_eq!(line.attribute("stroke"), Some("#F2495C"), "Grafana's red");
    assert_eq!(num(&line, "y1"), num(&line, "y2"), "horizontal");
    let expected = y_of_value(&doc, 80.0);
    assert!(
        (num(&line, "y1") - expected).abs() <= 1.0,
        "at 80%: {} vs {expected}",
        num(&line, "y1")
    );
    assert!(
        num(&line, "x2") - num(&line, "x1") > 400.0,
        "across the plot"
    );
}

#[test]
fn gaps_split_a_line_and_dashes_stay_on_its_group() {
    let mut panel = cpu_panel();
    panel["fieldConfig"]["defaults"]["custom"]["lineStyle"] =
        json!({"fill": "dash", "dash": [10, 10]});
    panel["fieldConfig"]["defaults"]["custom"]["fillOpacity"] = json!(0);
    let mut values = [
        1.0,
        2.0,
        3.0,
        f64::NAN,
        f64::NAN,
        f64::NAN,
        7.0,
        8.0,
        9.0,
        10.0,
    ];
    values[4] = f64::NAN;
    let case = Case::new(panel, result(vec![("gappy", series(&[], &values))]));
    let doc_text = case.svg();
    let doc = Document::parse(&doc_text).unwrap();
    let g = groups(&doc, "series")[0];
    assert_eq!(
        g.children().filter(|n| n.has_tag_name("polyline")).count(),
        2,
        "one line per run"
    );
    assert_eq!(
        g.attribute("stroke-dasharray"),
        Some("20 20"),
        "10 px dashes in 2 units per px"
    );
}

#[test]
fn bars_and_stacking_draw_from_the_chart_model() {
    let mut panel = cpu_panel();
    panel["fieldConfig"]["defaults"]["custom"] = json!({
        "drawStyle": "bars", "fillOpacity": 50, "stacking": {"mode": "normal", "group": "A"}
    });
    panel["fieldConfig"]["defaults"]["max"] = json!(200);
    let case = Case::new(panel, cpu_result());
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let series = groups(&doc, "series");
    assert_eq!(series.len(), 3);
    for g in &series {
        let bars: Vec<Node> = g.children().filter(|n| n.has_tag_name("rect")).collect();
        assert_eq!(bars.len(), 10, "one bar per sample");
        assert!(bars.iter().all(|b| (num(b, "opacity") - 0.5).abs() < 1e-9));
    }
    // Stacked: the second series' first bar sits on top of the first's.
    let first_rect = |g: &Node| {
        let r = g.children().find(|n| n.has_tag_name("rect")).unwrap();
        (num(&r, "y"), num(&r, "y") + num(&r, "height"))
    };
    let (a_top, _) = first_rect(&series[0]);
    let (_, b_bottom) = first_rect(&series[1]);
    assert!(
        (a_top - b_bottom).abs() <= 2.0,
        "node-b stacked on node-a: {a_top} vs {b_bottom}"
    );
}

#[test]
fn annotations_and_exemplars_are_placed_on_the_plot() {
    let mut case = Case::new(cpu_panel(), cpu_result());
    case.annotations = vec![AnnotationEvent {
        source: 0,
        time_ms: T0 + 3.0 * MIN,
        end_ms: T0 + 3.0 * MIN,
        title: "Deploy".into(),
        text: "v1.2".into(),
        tags: Vec::new(),
        color: "#1f60c4".into(),
    }];
    case.exemplars = vec![ExemplarDot {
        time_ms: T0 + 5.0 * MIN,
        value: 42.0,
        trace_id: "abc".into(),
    }];
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let marks = groups(&doc, "annotation");
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].attribute("aria-label"), Some("Deploy v1.2"));
    let line = marks[0]
        .children()
        .find(|n| n.has_tag_name("line"))
        .unwrap();
    let dots = groups(&doc, "exemplars");
    assert_eq!(dots.len(), 1);
    let diamond = dots[0]
        .children()
        .find(|n| n.has_tag_name("polygon"))
        .unwrap();
    let xs: Vec<f64> = diamond
        .attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| p.split(',').next().unwrap().parse().unwrap())
        .collect();
    let dot_x = (xs[1] + xs[3]) / 2.0;
    // 3 and 5 minutes into a 9-minute range: the exemplar is right of the annotation.
    assert!(
        dot_x > num(&line, "x1"),
        "exemplar at 5 min right of the mark at 3 min"
    );
    let dy = y_of_value(&doc, 42.0);
    let ys: Vec<f64> = diamond
        .attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert!(
        ((ys[0] + ys[2]) / 2.0 - dy).abs() <= 2.0,
        "exemplar at its value 42"
    );
}

#[test]
fn the_theme_colours_the_background_text_and_grid() {
    let mut dark = Case::new(cpu_panel(), cpu_result());
    let mut light = Case::new(cpu_panel(), cpu_result());
    dark.theme = ExportTheme::dark();
    light.theme = ExportTheme::light();
    for (case, bg, text) in [
        (&dark, "#181B1F", "#CCCCDC"),
        (&light, "#FFFFFF", "#24292E"),
    ] {
        let svg = case.svg();
        let doc = Document::parse(&svg).unwrap();
        let frame = groups(&doc, "panel-frame")[0];
        let rect = frame.children().find(|n| n.has_tag_name("rect")).unwrap();
        assert_eq!(rect.attribute("fill"), Some(bg));
        let label = groups(&doc, "axis-left")[0]
            .descendants()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(label.attribute("fill"), Some(text));
        assert!(
            label
                .attribute("font-family")
                .unwrap()
                .contains("sans-serif"),
            "fallback font"
        );
        assert_eq!(
            num(&label, "font-size"),
            12.0 * UNITS_PER_PX,
            "12 px labels in SVG units"
        );
    }
}

#[test]
fn a_stat_shows_each_value_with_its_unit_and_threshold_colour() {
    let panel = json!({
        "type": "stat", "title": "Error rate",
        "fieldConfig": {"defaults": {"unit": "percent", "decimals": 1, "thresholds": {"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 5}
        ]}}},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "value", "graphMode": "none"}
    });
    let case = Case::new(
        panel,
        result(vec![
            ("api", series(&[], &[1.0, 2.0, 7.25])),
            ("web", series(&[], &[1.0, 1.5, 2.0])),
        ]),
    );
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let values = groups(&doc, "value");
    assert_eq!(values.len(), 2);
    let api = texts(values[0]);
    assert!(
        api.contains(&"api".to_string()) && api.contains(&"7.3%".to_string()),
        "{api:?}"
    );
    let value_text = values[0]
        .descendants()
        .find(|n| n.text().map(str::trim) == Some("7.3%"))
        .unwrap();
    assert_eq!(value_text.attribute("fill"), Some("#F2495C"), "over 5: red");
    let web = values[1]
        .descendants()
        .find(|n| n.text().map(str::trim) == Some("2.0%"))
        .unwrap();
    assert_eq!(web.attribute("fill"), Some("#73BF69"), "under 5: green");
}

#[test]
fn a_gauge_draws_its_arc_markers_and_value() {
    let panel = json!({
        "type": "gauge", "title": "Disk",
        "fieldConfig": {"defaults": {"unit": "percent", "min": 0, "max": 100, "thresholds": {"mode": "absolute", "steps": [
            {"color": "green", "value": null}, {"color": "orange", "value": 70}
        ]}}},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"]}}
    });
    let case = Case::new(panel, result(vec![("disk", series(&[], &[50.0, 60.0]))]));
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let gauge = groups(&doc, "value")[0];
    let arcs: Vec<Node> = gauge
        .children()
        .filter(|n| n.has_tag_name("polyline"))
        .collect();
    assert_eq!(arcs.len(), 4, "track, value, and two threshold markers");
    assert_eq!(
        arcs[1].attribute("stroke"),
        Some("#73BF69"),
        "60 is under 70: green"
    );
    assert_eq!(
        arcs[3].attribute("stroke"),
        Some("#FF9830"),
        "the marker from 70 on"
    );
    assert!(
        texts(gauge).contains(&"60%".to_string()),
        "{:?}",
        texts(gauge)
    );
}

#[test]
fn a_bar_gauge_draws_one_bar_per_series() {
    let panel = json!({
        "type": "bargauge", "title": "Queues",
        "fieldConfig": {"defaults": {"min": 0, "max": 10}},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"]}, "orientation": "horizontal"}
    });
    let case = Case::new(
        panel,
        result(vec![
            ("q1", series(&[], &[2.0])),
            ("q2", series(&[], &[8.0])),
        ]),
    );
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let bars = groups(&doc, "value");
    assert_eq!(bars.len(), 2);
    let filled = |g: &Node| {
        let rects: Vec<Node> = g.children().filter(|n| n.has_tag_name("rect")).collect();
        num(&rects[1], "width") / num(&rects[0], "width")
    };
    assert!((filled(&bars[0]) - 0.2).abs() < 0.02, "2 of 10");
    assert!((filled(&bars[1]) - 0.8).abs() < 0.02, "8 of 10");
    assert!(texts(bars[1]).contains(&"q2".to_string()));
}

#[test]
fn a_heatmap_draws_one_row_per_bucket() {
    let panel = json!({"type": "heatmap", "title": "Latency"});
    let case = Case::new(
        panel,
        result(vec![
            ("0.1", series(&[("le", "0.1")], &[1.0, 2.0, 3.0])),
            ("0.5", series(&[("le", "0.5")], &[4.0, 4.0, 9.0])),
            ("+Inf", series(&[("le", "+Inf")], &[5.0, 6.0, 9.0])),
        ]),
    );
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let rows = groups(&doc, "bucket");
    let les: Vec<&str> = rows.iter().filter_map(|g| g.attribute("data-le")).collect();
    assert_eq!(les, ["0.1", "0.5", "+Inf"]);
    let cells = |g: &Node| g.children().filter(|n| n.has_tag_name("rect")).count();
    assert_eq!(cells(&rows[0]), 3);
    assert_eq!(
        cells(&rows[2]),
        2,
        "+Inf minus 0.5 is 0 at the last time: no cell"
    );
    assert_eq!(texts(groups(&doc, "axis-left")[0]), ["0.1", "0.5", "+Inf"]);
}

#[test]
fn a_state_timeline_draws_runs_in_their_state_colours() {
    let panel = json!({"type": "state-timeline", "title": "Up"});
    let case = Case::new(
        panel,
        result(vec![(
            "api",
            series(&[], &[1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0]),
        )]),
    );
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let row = groups(&doc, "state-row")[0];
    assert_eq!(row.attribute("data-series"), Some("api"));
    let fills: Vec<&str> = row
        .children()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("fill"))
        .collect();
    assert_eq!(fills, ["#73BF69", "#F2495C", "#73BF69"], "up, down, up");
    assert!(texts(row).contains(&"api".to_string()));
}

#[test]
fn no_data_is_said_not_drawn_blank() {
    let case = Case::new(cpu_panel(), result(Vec::new()));
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(texts(groups(&doc, "panel-note")[0]), ["No data"]);
}

#[test]
fn the_dashboard_report_prints_range_variables_and_every_panel() {
    let cpu = Case::new(cpu_panel(), cpu_result());
    let up = Case::new(
        json!({"type": "state-timeline", "title": "Up"}),
        result(vec![("api", series(&[], &[1.0, 0.0, 1.0]))]),
    );
    let theme = ExportTheme::light();
    let variables = vec![
        ("instance".to_string(), "a, b".to_string()),
        ("env".into(), "prod".into()),
    ];
    let report = DashboardReport {
        title: "Operations",
        range_text: "now-6h to now (2026-12-07 04:00 to 10:00)",
        variables: &variables,
        panels: vec![
            ReportPanel {
                export: cpu.export(),
                x: 0.0,
                y: 0.0,
            },
            ReportPanel {
                export: up.export(),
                x: 660.0,
                y: 0.0,
            },
        ],
        theme: &theme,
    };
    let svg = render_dashboard_svg(&report);
    let doc = Document::parse(&svg).unwrap();
    let header = texts(groups(&doc, "report-header")[0]);
    assert_eq!(header[0], "Operations");
    assert_eq!(
        header[1],
        "Time range: now-6h to now (2026-12-07 04:00 to 10:00)"
    );
    assert_eq!(header[2], "Variables: instance = a, b   env = prod");
    let panels: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("svg") && class_is(n, "report-panel"))
        .collect();
    assert_eq!(panels.len(), 2);
    assert_eq!(panels[1].attribute("aria-label"), Some("Up"));
    assert!(
        num(&panels[1], "x") > num(&panels[0], "x"),
        "side by side as on the grid"
    );
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "clip ids of nested panels do not collide"
    );
}

#[test]
fn a_long_legend_makes_the_file_taller_instead_of_squeezing_the_chart() {
    let mut panel = cpu_panel();
    panel["options"]["legend"]["calcs"] = json!(["mean", "max"]);
    let named: Vec<(String, Series)> = (0..16)
        .map(|i| {
            (
                format!("a-rather-long-instance-name-{i}:9090"),
                series(&[], &[i as f64; 10]),
            )
        })
        .collect();
    let result = result(named.iter().map(|(n, s)| (n.as_str(), s.clone())).collect());
    let case = Case::new(panel, result);
    let svg = case.svg();
    let doc = Document::parse(&svg).unwrap();
    let height = num(&doc.root_element(), "height");
    assert!(height > 320.0, "taller than on screen: {height}");
    let legend = groups(&doc, "legend-item");
    assert_eq!(legend.len(), 16, "every entry");
    assert!(
        texts(legend[0])[0].contains("Mean: 0%"),
        "{:?}",
        texts(legend[0])
    );
    let frame = groups(&doc, "panel-frame")[0];
    let rect = frame.children().find(|n| n.has_tag_name("rect")).unwrap();
    let frame_h = num(&rect, "height");
    assert!(
        (frame_h - height * UNITS_PER_PX).abs() <= 1.0,
        "the frame follows: {frame_h}"
    );
    // The chart keeps 60% of its on-screen body (282 px): the plot is that less its labels
    // and paddings (without the floor it would be squeezed to 60 px, a plot of ~25).
    let clip = doc
        .descendants()
        .find(|n| n.has_tag_name("clipPath"))
        .unwrap();
    let plot_h = num(&clip.first_element_child().unwrap(), "height") / UNITS_PER_PX;
    assert!(plot_h > 0.6 * 282.0 - 40.0, "plot {plot_h} px high");
}
