//! Host tests of the axes and bars as Grafana lays them out: no left axis when every series
//! is on the right, no room for a hidden axis, `axisWidth` fixing the gutter, and
//! `barAlignment` putting bars before, on or after their time.

use crate::chart::geometry::CanvasSize;
use crate::chart::layout::OUTER_PAD;
use crate::chart::model::ChartModel;
use crate::chart::spec::{AxisOptions, AxisSide, BarAlignment, ChartKind, ChartSpec, SeriesStyle};
use crate::frame::{Frame, Labels, Series};

const STEP: f64 = 60_000.0;

fn regular(name: &str, n: usize) -> Series {
    let mut labels = Labels::new();
    labels.insert("__name__".into(), name.into());
    let mut s = Series::new(labels);
    for i in 0..n {
        s.push(i as f64 * STEP, 10.0 + i as f64);
    }
    s
}

fn laid_out(spec: ChartSpec, series: Vec<Series>) -> ChartModel {
    let mut m = ChartModel::new(spec);
    m.set_data(
        Frame {
            series,
            notices: Vec::new(),
        },
        (0.0, 9.0 * STEP),
    );
    m.resize(CanvasSize::new(600.0, 300.0, 1.0));
    m.layout(&mut |s: &str| s.len() as f64 * 7.0);
    m
}

fn on(axis: AxisSide, kind: ChartKind, bar_alignment: BarAlignment) -> SeriesStyle {
    SeriesStyle {
        color: "#fff".into(),
        axis,
        kind,
        bar_alignment,
        ..SeriesStyle::default()
    }
}

fn lines_on(axis: AxisSide) -> SeriesStyle {
    on(axis, ChartKind::Lines, BarAlignment::Center)
}

#[test]
fn every_series_on_the_right_draws_no_left_axis() {
    let spec = ChartSpec {
        series: vec![lines_on(AxisSide::Right), lines_on(AxisSide::Right)],
        right_axis_series: vec![0, 1],
        ..ChartSpec::default()
    };
    let m = laid_out(spec, vec![regular("a", 10), regular("b", 10)]);
    let g = m.geometry();
    assert!(g.left_ticks.is_empty(), "no 0-1 left axis");
    assert!(!g.right_ticks.is_empty());
    // The plot starts where a time label's half needs room, not after empty labels.
    assert_eq!(g.layout.plot.x, OUTER_PAD + 12.0);
    let drawn = g.drawn_layout();
    assert!(drawn["left"].is_null());
    assert!(drawn["right"].as_array().is_some_and(|l| !l.is_empty()));
}

#[test]
fn a_left_series_keeps_the_left_axis() {
    let spec = ChartSpec {
        series: vec![lines_on(AxisSide::Left), lines_on(AxisSide::Right)],
        right_axis_series: vec![1],
        ..ChartSpec::default()
    };
    let m = laid_out(spec, vec![regular("a", 10), regular("b", 10)]);
    assert!(!m.geometry().left_ticks.is_empty());
    assert!(m.geometry().layout.plot.x > OUTER_PAD + 12.0);
    // No data at all still shows the (default) left axis.
    let empty = laid_out(ChartSpec::default(), Vec::new());
    assert!(!empty.geometry().left_ticks.is_empty());
}

#[test]
fn a_hidden_axis_takes_no_room() {
    let spec = ChartSpec {
        series: vec![lines_on(AxisSide::Left)],
        left_axis: AxisOptions {
            hidden: true,
            label: "ignored".into(),
            ..AxisOptions::default()
        },
        ..ChartSpec::default()
    };
    let m = laid_out(spec, vec![regular("a", 10)]);
    assert!(m.geometry().left_ticks.is_empty());
    assert_eq!(m.geometry().layout.plot.x, OUTER_PAD + 12.0);
}

#[test]
fn axis_width_sets_where_the_plot_starts_and_ends() {
    let spec = ChartSpec {
        series: vec![lines_on(AxisSide::Left), lines_on(AxisSide::Right)],
        right_axis_series: vec![1],
        left_axis: AxisOptions {
            width: Some(90.0),
            ..AxisOptions::default()
        },
        right_axis: AxisOptions {
            width: Some(40.0),
            ..AxisOptions::default()
        },
        ..ChartSpec::default()
    };
    let m = laid_out(spec, vec![regular("a", 10), regular("b", 10)]);
    let plot = m.geometry().layout.plot;
    assert_eq!(plot.x, 90.0);
    assert_eq!(plot.right(), 600.0 - 40.0);
    assert_eq!(m.geometry().drawn_layout()["plot"][0], 90.0);
}

#[test]
fn bar_alignment_shifts_each_bar_by_its_width() {
    let first_bar = |align| {
        let spec = ChartSpec {
            series: vec![on(AxisSide::Left, ChartKind::Bars, align)],
            left_axis: AxisOptions {
                width: Some(50.0),
                ..AxisOptions::default()
            },
            ..ChartSpec::default()
        };
        let m = laid_out(spec, vec![regular("a", 10)]);
        let g = m.geometry();
        let time_px = g.x_scale.to_px(0.0);
        let bar = g.series[0].bars[..4].to_vec();
        (bar[0] - time_px, bar[2])
    };
    let (before, width) = first_bar(BarAlignment::Before);
    let (center, _) = first_bar(BarAlignment::Center);
    let (after, _) = first_bar(BarAlignment::After);
    assert!(width > 10.0, "{width}");
    assert!((before + width).abs() < 1e-9, "ends at its time: {before}");
    assert!((center + width / 2.0).abs() < 1e-9, "centred: {center}");
    assert!(after.abs() < 1e-9, "starts at its time: {after}");
}

#[test]
fn a_panels_axis_width_and_bar_alignment_reach_the_chart() {
    use crate::dashboard::field_resolve::ThemeMode;
    use crate::dashboard::Panel;
    use crate::panel::{resolve_panel_series, series_chart_spec, QueryResult};
    let panel = Panel::from_json(
        &serde_json::json!({
            "type": "timeseries", "title": "t",
            "fieldConfig": {
                "defaults": {"custom": {"drawStyle": "bars", "barAlignment": 1, "axisWidth": 70}},
                "overrides": [{
                    "matcher": {"id": "byName", "options": "b"},
                    "properties": [
                        {"id": "custom.axisPlacement", "value": "right"},
                        {"id": "unit", "value": "percent"},
                        {"id": "custom.axisWidth", "value": 45},
                        {"id": "custom.barAlignment", "value": -1}
                    ]
                }]
            }
        }),
        1,
    );
    let mut result = QueryResult::default();
    let mut frame = Frame::default();
    for name in ["a", "b"] {
        frame.series.push(regular(name, 10));
        result.names.push(name.into());
        result.ref_ids.push("A".into());
    }
    result.frame = frame.into();
    result.run.range = (0.0, 9.0 * STEP);
    let resolved = resolve_panel_series(&panel, &result, ThemeMode::Dark);
    let spec = series_chart_spec(&panel, &resolved, 0);
    assert_eq!(spec.left_axis.width, Some(70.0));
    assert_eq!(spec.right_axis.width, Some(45.0));
    assert_eq!(spec.series[0].bar_alignment, BarAlignment::After);
    assert_eq!(spec.series[1].bar_alignment, BarAlignment::Before);
}

#[test]
fn a_synced_tooltip_sits_at_the_crosshair_between_the_markers() {
    let spec = ChartSpec {
        series: vec![lines_on(AxisSide::Left), lines_on(AxisSide::Left)],
        ..ChartSpec::default()
    };
    let mut low = regular("low", 10);
    for v in &mut low.values {
        *v -= 10.0;
    }
    let m = laid_out(spec, vec![regular("high", 10), low]);
    let g = m.geometry();
    let info = m.hover_at_time(4.0 * STEP);
    assert_eq!(info.series.len(), 2);
    let (x, y) = g.synced_tooltip_at(&info).expect("shown");
    assert_eq!(x, g.x_scale.to_px(4.0 * STEP));
    let (a, b) = (info.series[0].y_px, info.series[1].y_px);
    assert!((y - (a + b) / 2.0).abs() < 1e-9 && a != b);
    // A time off this plot, or with no sample near it, shows no tooltip.
    assert!(g
        .synced_tooltip_at(&m.hover_at_time(-50.0 * STEP))
        .is_none());
    let empty = laid_out(ChartSpec::default(), Vec::new());
    assert!(empty
        .geometry()
        .synced_tooltip_at(&empty.hover_at_time(0.0))
        .is_none());
}
