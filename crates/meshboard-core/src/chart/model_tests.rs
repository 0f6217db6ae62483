//! Host tests of the whole geometry pipeline (data -> layout -> pixels -> hover).

use super::geometry::CanvasSize;
use super::model::{default_series_name, ChartModel};
use super::spec::{AxisSide, ChartKind, ChartSpec, Threshold, ThresholdStyle};
use crate::frame::{Frame, Labels, Series};

const STEP: f64 = 10_000.0;

fn series(name: &str, points: impl IntoIterator<Item = (f64, f64)>) -> Series {
    let mut labels = Labels::new();
    labels.insert("__name__".into(), name.into());
    let mut s = Series::new(labels);
    for (t, v) in points {
        s.push(t, v);
    }
    s
}

fn regular(name: &str, n: usize, f: impl Fn(usize) -> f64) -> Series {
    series(name, (0..n).map(|i| (i as f64 * STEP, f(i))))
}

fn frame(series: Vec<Series>) -> Frame {
    Frame {
        series,
        notices: Vec::new(),
    }
}

fn model_with(spec: ChartSpec, frame: Frame, x_range: (f64, f64)) -> ChartModel {
    let mut m = ChartModel::new(spec);
    m.set_data(frame, x_range);
    m.resize(CanvasSize::new(600.0, 300.0, 1.0));
    m.layout(&mut |s: &str| s.len() as f64 * 7.0);
    m
}

fn nan_breaks(line: &[f64]) -> usize {
    line.chunks(2).filter(|p| p[0].is_nan()).count()
}

#[test]
fn a_time_gap_breaks_the_line_and_nan_breaks_it_too() {
    let mut s = regular("up", 30, |i| i as f64);
    // Remove samples 10..15: a 60 s hole in a 10 s series.
    s.times_ms.drain(10..15);
    s.values.drain(10..15);
    s.values[20] = f64::NAN;
    let m = model_with(ChartSpec::default(), frame(vec![s]), (0.0, 29.0 * STEP));
    let line = &m.geometry().series[0].line;
    assert_eq!(nan_breaks(line), 2);
    assert_eq!(m.geometry().points_drawn(), 24);
    let plot = m.geometry().layout.plot;
    for p in line.chunks(2).filter(|p| !p[0].is_nan()) {
        assert!(p[0] >= plot.x - 0.01 && p[0] <= plot.right() + 0.01);
        assert!(p[1] >= plot.y - 0.01 && p[1] <= plot.bottom() + 0.01);
    }
}

#[test]
fn hostile_inputs_never_panic() {
    let cases = vec![
        frame(vec![]),
        frame(vec![Series::default()]),
        frame(vec![regular("nan", 100, |_| f64::NAN)]),
        frame(vec![regular("one", 1, |_| 5.0)]),
        frame(vec![regular("inf", 10, |i| {
            if i % 2 == 0 {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            }
        })]),
        frame(vec![series(
            "bad-times",
            [(f64::NAN, 1.0), (f64::INFINITY, 2.0), (-1.0, 3.0)],
        )]),
        frame(vec![regular("huge", 10, |i| {
            if i == 0 {
                f64::MAX
            } else {
                -f64::MAX
            }
        })]),
    ];
    let specs = [
        ChartSpec::default(),
        ChartSpec {
            stack: true,
            fill_opacity: 0.5,
            ..ChartSpec::default()
        },
        ChartSpec {
            kind: ChartKind::Bars,
            ..ChartSpec::default()
        },
        ChartSpec {
            log_base: Some(2.0),
            kind: ChartKind::Points,
            ..ChartSpec::default()
        },
        ChartSpec {
            right_axis_series: vec![0],
            y_min: Some(f64::NAN),
            ..ChartSpec::default()
        },
    ];
    let sizes = [
        (600.0, 300.0, 2.0),
        (0.0, 0.0, 1.0),
        (5.0, 5.0, f64::NAN),
        (f64::INFINITY, -1.0, 0.0),
    ];
    let ranges = [
        (0.0, 100.0 * STEP),
        (5.0, 5.0),
        (f64::NAN, f64::INFINITY),
        (100.0, 0.0),
        (-1e300, 1e300),
        (0.0, 1e15),
    ];
    for f in &cases {
        for spec in &specs {
            for &(w, h, dpr) in &sizes {
                for &range in &ranges {
                    let mut m = ChartModel::new(spec.clone());
                    m.set_data(f.clone(), range);
                    m.resize(CanvasSize::new(w, h, dpr));
                    let g = m.layout(&mut |s: &str| s.len() as f64 * 7.0);
                    assert!(g.layout.plot.w.is_finite() && g.layout.plot.h.is_finite());
                    let _ = m.hover_at(300.0);
                    let _ = m.hover_at(f64::NAN);
                    let _ = m.zoom_selection(100.0, 200.0);
                    let _ = m.legend_stats();
                }
            }
        }
    }
}

#[test]
fn hover_reports_the_nearest_sample_of_each_visible_series() {
    let f = frame(vec![
        regular("a", 11, |i| i as f64),
        regular("b", 11, |i| 100.0 - i as f64),
        regular("hidden", 11, |_| 1.0),
    ]);
    let spec = ChartSpec {
        hidden_series: vec![2],
        ..ChartSpec::default()
    };
    let m = model_with(spec, f, (0.0, 10.0 * STEP));
    let g = m.geometry();
    let x = g.x_scale.to_px(3.2 * STEP);
    let info = m.hover_at(x).expect("inside the plot");
    assert!((info.time_ms - 3.2 * STEP).abs() < 1.0);
    let got: Vec<(&str, f64, f64)> = info
        .series
        .iter()
        .map(|s| (s.name.as_str(), s.value, s.time_ms))
        .collect();
    assert_eq!(got, vec![("a", 3.0, 3.0 * STEP), ("b", 97.0, 3.0 * STEP)]);
    assert_eq!(info.series[0].color, "#7EB26D");
    assert!((info.series[0].y_px - g.left_scale.to_px(3.0)).abs() < 1e-9);
    assert!(m.hover_at(g.layout.plot.x - 1.0).is_none());
}

#[test]
fn hover_skips_series_with_no_sample_nearby() {
    let f = frame(vec![series(
        "sparse",
        [(0.0, 1.0), (STEP, 1.0), (100.0 * STEP, 2.0)],
    )]);
    let m = model_with(ChartSpec::default(), f, (0.0, 100.0 * STEP));
    let info = m.hover_at_time(50.0 * STEP);
    assert!(info.series.is_empty());
    assert_eq!(m.hover_at_time(1.1 * STEP).series.len(), 1);
}

#[test]
fn stacking_sums_series_and_fills_between_them() {
    let f = frame(vec![regular("a", 5, |_| 1.0), regular("b", 5, |_| 2.0)]);
    let spec = ChartSpec {
        stack: true,
        fill_opacity: 0.3,
        ..ChartSpec::default()
    };
    let m = model_with(spec, f, (0.0, 4.0 * STEP));
    let g = m.geometry();
    assert!(g.left_scale.max >= 3.0 && g.left_scale.min <= 0.0);
    let top_b = g.series[1].line[1];
    assert!((top_b - g.left_scale.to_px(3.0)).abs() < 1e-9);
    // The band of b runs from its top (3) down to a's top (1).
    let band = &g.series[1].band;
    assert!((band[1] - g.left_scale.to_px(3.0)).abs() < 1e-9);
    assert!((band[2] - g.left_scale.to_px(1.0)).abs() < 1e-9);
    let info = m.hover_at_time(2.0 * STEP);
    assert_eq!(info.series[1].value, 2.0);
    assert!((info.series[1].y_px - g.left_scale.to_px(3.0)).abs() < 1e-9);
}

#[test]
fn right_axis_series_use_their_own_scale() {
    let f = frame(vec![
        regular("small", 5, |_| 1.0),
        regular("big", 5, |_| 1000.0),
    ]);
    let spec = ChartSpec {
        right_axis_series: vec![1],
        ..ChartSpec::default()
    };
    let m = model_with(spec, f, (0.0, 4.0 * STEP));
    let g = m.geometry();
    let right = g.right_scale.expect("a right axis");
    assert!(right.max >= 1000.0 && g.left_scale.max < 10.0);
    assert_eq!(g.series[1].axis, AxisSide::Right);
    assert!(!g.right_ticks.is_empty());
    assert!(g.layout.right_labels_left > g.layout.plot.right());
}

#[test]
fn log_scale_ticks_are_powers_of_the_base() {
    let f = frame(vec![regular("a", 5, |i| 10f64.powi(i as i32))]);
    let spec = ChartSpec {
        log_base: Some(10.0),
        ..ChartSpec::default()
    };
    let m = model_with(spec, f, (0.0, 4.0 * STEP));
    let g = m.geometry();
    assert_eq!(g.left_scale.min, 1.0);
    assert_eq!(g.left_scale.max, 10_000.0);
    assert_eq!(g.left_ticks.len(), 5);
    // Evenly spaced decades.
    let d1 = g.left_ticks[0].px - g.left_ticks[1].px;
    let d2 = g.left_ticks[1].px - g.left_ticks[2].px;
    assert!((d1 - d2).abs() < 1e-6);
}

#[test]
fn bars_group_side_by_side_or_stack() {
    let f = frame(vec![regular("a", 5, |_| 1.0), regular("b", 5, |_| 2.0)]);
    let spec = ChartSpec {
        kind: ChartKind::Bars,
        ..ChartSpec::default()
    };
    let m = model_with(spec.clone(), f.clone(), (0.0, 4.0 * STEP));
    let g = m.geometry();
    assert_eq!(g.series[0].bars.len(), 5 * 4);
    // Side by side: b's bar starts where a's ends.
    let (a, b) = (&g.series[0].bars, &g.series[1].bars);
    assert!((a[0] + a[2] - b[0]).abs() < 1e-9);
    let stacked = model_with(
        ChartSpec {
            stack: true,
            ..spec
        },
        f,
        (0.0, 4.0 * STEP),
    );
    let (a, b) = (
        &stacked.geometry().series[0].bars,
        &stacked.geometry().series[1].bars,
    );
    assert_eq!(a[0], b[0]);
    assert!((b[1] + b[3] - a[1]).abs() < 1e-9, "b sits on a");
}

#[test]
fn sparse_series_get_dots_and_dense_ones_do_not() {
    let f = frame(vec![
        regular("sparse", 5, |_| 1.0),
        regular("dense", 2000, |_| 1.0),
    ]);
    let m = model_with(ChartSpec::default(), f, (0.0, 1999.0 * STEP));
    assert!(m.geometry().series[0].dots);
    assert!(!m.geometry().series[1].dots);
}

#[test]
fn thresholds_become_lines_and_bands() {
    let f = frame(vec![regular("a", 5, |i| i as f64 * 25.0)]);
    let spec = ChartSpec {
        thresholds: vec![
            Threshold {
                value: f64::NEG_INFINITY,
                color: "green".into(),
            },
            Threshold {
                value: 80.0,
                color: "red".into(),
            },
        ],
        threshold_style: ThresholdStyle::LinesAndBands,
        ..ChartSpec::default()
    };
    let m = model_with(spec, f, (0.0, 4.0 * STEP));
    let g = m.geometry();
    assert_eq!(g.threshold_lines.len(), 1);
    assert!((g.threshold_lines[0].y_px - g.left_scale.to_px(80.0)).abs() < 1e-9);
    assert_eq!(g.threshold_bands.len(), 2);
}

#[test]
fn hidpi_sizes_the_backing_store_in_device_pixels() {
    let size = CanvasSize::new(300.5, 200.0, 2.0);
    assert_eq!(size.device_size(), (601, 400));
    assert_eq!(CanvasSize::new(-1.0, f64::NAN, 0.0).device_size(), (0, 0));
}

#[test]
fn drag_selection_maps_to_times() {
    let f = frame(vec![regular("a", 11, |i| i as f64)]);
    let m = model_with(ChartSpec::default(), f, (0.0, 10.0 * STEP));
    let xs = m.geometry().x_scale;
    let (from, to) = m
        .zoom_selection(xs.to_px(2.0 * STEP), xs.to_px(5.0 * STEP))
        .unwrap();
    assert!((from - 2.0 * STEP).abs() <= 1.0 && (to - 5.0 * STEP).abs() <= 1.0);
}

#[test]
fn a_million_points_decimate_to_a_few_per_pixel_column() {
    let n = 1_000_000;
    let f = frame(vec![regular("big", n, |i| ((i as f64) * 0.001).sin())]);
    let m = model_with(ChartSpec::default(), f, (0.0, (n - 1) as f64 * STEP));
    let columns = m.geometry().layout.plot.w.floor() as usize;
    assert!(
        m.geometry().points_drawn() <= 4 * (columns + 2),
        "{}",
        m.geometry().points_drawn()
    );
}

#[test]
fn legend_stats_cover_the_visible_range() {
    let f = frame(vec![regular("a", 10, |i| i as f64)]);
    let m = model_with(ChartSpec::default(), f, (2.0 * STEP, 5.0 * STEP));
    let stats = m.legend_stats();
    assert_eq!(stats[0].min, Some(2.0));
    assert_eq!(stats[0].max, Some(5.0));
    assert_eq!(stats[0].last, Some(5.0));
    assert_eq!(stats[0].mean, Some(3.5));
}

#[test]
fn names_come_from_labels_unless_given() {
    let mut labels = Labels::new();
    labels.insert("__name__".into(), "up".into());
    labels.insert("job".into(), "api".into());
    assert_eq!(default_series_name(&Series::new(labels)), "up{job=\"api\"}");
    assert_eq!(default_series_name(&Series::default()), "{}");
    let mut m = ChartModel::default();
    m.set_data(
        frame(vec![regular("x", 1, |_| 1.0), regular("y", 1, |_| 1.0)]),
        (0.0, 1.0),
    );
    m.set_series_names(vec!["first".into()]);
    assert_eq!(m.series_names(), ["first".to_string(), "y".to_string()]);
}

#[test]
fn layout_is_only_recomputed_when_an_input_changes() {
    use std::cell::Cell;
    let f = frame(vec![regular("a", 10, |i| i as f64)]);
    let mut m = model_with(ChartSpec::default(), f, (0.0, 9.0 * STEP));
    let measured = Cell::new(0);
    let mut measure = |s: &str| {
        measured.set(measured.get() + 1);
        s.len() as f64 * 7.0
    };
    m.layout(&mut measure);
    m.set_series_names(vec!["renamed".into()]);
    m.layout(&mut measure);
    m.resize(CanvasSize::new(600.0, 300.0, 1.0));
    m.layout(&mut measure);
    assert_eq!(measured.get(), 0, "nothing changed");
    m.resize(CanvasSize::new(500.0, 300.0, 1.0));
    m.layout(&mut measure);
    assert!(measured.get() > 0, "a resize lays out again");
    let before = measured.get();
    m.set_data(m.shared_frame(), m.x_range());
    m.set_spec(ChartSpec::default());
    m.layout(&mut measure);
    assert_eq!(measured.get(), before, "same shared frame, range and spec");
    m.set_font_px(14.0);
    m.layout(&mut measure);
    assert!(measured.get() > before, "a font change lays out again");
}

/// A series drawn with one style (the others' defaults).
fn styled(style: super::spec::SeriesStyle) -> ChartSpec {
    ChartSpec {
        series: vec![style],
        ..ChartSpec::default()
    }
}

#[test]
fn span_nulls_connects_over_nulls_and_gaps_up_to_its_threshold() {
    use super::spec::SeriesStyle;
    let mut s = regular("up", 30, |i| i as f64);
    s.times_ms.drain(10..15); // a 60 s hole
    s.values[20] = f64::NAN; // a null
    let range = (0.0, 29.0 * STEP);
    let never = model_with(
        styled(SeriesStyle::default()),
        frame(vec![s.clone()]),
        range,
    );
    assert_eq!(nan_breaks(&never.geometry().series[0].line), 2);
    let always = SeriesStyle {
        span_nulls: Some(f64::INFINITY),
        ..SeriesStyle::default()
    };
    let m = model_with(styled(always), frame(vec![s.clone()]), range);
    assert_eq!(nan_breaks(&m.geometry().series[0].line), 0);
    assert_eq!(m.geometry().points_drawn(), 24);
    // 30 s spans the null (20 s between its neighbours) but not the 60 s hole.
    let short = SeriesStyle {
        span_nulls: Some(30_000.0),
        ..SeriesStyle::default()
    };
    let m = model_with(styled(short), frame(vec![s]), range);
    assert_eq!(nan_breaks(&m.geometry().series[0].line), 1);
}

#[test]
fn stepped_and_smooth_lines_add_vertices_but_dots_stay_on_the_samples() {
    use super::spec::{Interpolation, PointsMode, SeriesStyle};
    let s = regular("up", 6, |i| (i % 2) as f64);
    let range = (0.0, 5.0 * STEP);
    let style = |interpolation| SeriesStyle {
        interpolation,
        points: PointsMode::Always,
        fill_opacity: 0.5,
        ..SeriesStyle::default()
    };
    let linear = model_with(
        styled(style(Interpolation::Linear)),
        frame(vec![s.clone()]),
        range,
    );
    let g = &linear.geometry().series[0];
    assert_eq!(g.line.len(), 12);
    assert!(g.markers.is_empty());
    let stepped = model_with(
        styled(style(Interpolation::StepAfter)),
        frame(vec![s.clone()]),
        range,
    );
    let g = &stepped.geometry().series[0];
    // One corner between each pair of samples, in the line and in the fill.
    assert_eq!(g.line.len(), 12 + 2 * 5);
    assert_eq!(g.band.len(), 18 + 3 * 5);
    assert_eq!(g.markers.len(), 12);
    assert_eq!(g.points, 6);
    // The corner after sample 0 holds its value (y of sample 0) at sample 1's x.
    assert_eq!(g.line[3], g.line[1]);
    assert_eq!(g.line[2], g.line[4]);
    let smooth = model_with(styled(style(Interpolation::Smooth)), frame(vec![s]), range);
    let g = &smooth.geometry().series[0];
    assert!(g.line.len() > 12 * 4);
    assert_eq!(g.markers.len(), 12);
}

#[test]
fn gradient_fills_carry_their_stops() {
    use super::spec::{FillGradient, SeriesStyle};
    let style = SeriesStyle {
        color: "#73BF69".into(),
        fill_opacity: 0.3,
        gradient: FillGradient::Opacity,
        ..SeriesStyle::default()
    };
    let m = model_with(
        styled(style),
        frame(vec![regular("up", 5, |i| i as f64)]),
        (0.0, 4.0 * STEP),
    );
    let stops = &m.geometry().series[0].fill_stops;
    assert_eq!(stops.len(), 2);
    assert_eq!(stops[0].1, "rgba(115, 191, 105, 0.3)");
    assert_eq!(stops[1].1, "rgba(115, 191, 105, 0)");
}

/// The decimation cache: a relayout that keeps the x range and width (a new height, a series
/// hidden in the legend) or a zoom back to a range seen before reuses the decimated columns,
/// and draws exactly what a chart computing everything afresh draws.
#[test]
fn decimated_columns_are_reused_per_zoom_level_and_draw_the_same() {
    let dense = || {
        frame(vec![
            regular("a", 20_000, |i| ((i * 7919) % 101) as f64),
            regular("b", 20_000, |i| ((i * 104_729) % 37) as f64),
        ])
    };
    let shared = std::sync::Arc::new(dense());
    let wide = (0.0, 19_999.0 * STEP);
    let zoomed = (2_000.0 * STEP, 12_000.0 * STEP);
    let mut m = model_with(ChartSpec::default(), dense(), wide);
    m.set_data(shared.clone(), wide);
    let measure = &mut |s: &str| s.len() as f64 * 7.0;
    m.layout(measure);
    assert_eq!(
        m.m4_cache_counts(),
        (0, 4),
        "two series, two frames: all decimated"
    );
    m.resize(CanvasSize::new(600.0, 180.0, 1.0));
    m.layout(measure);
    assert_eq!(
        m.m4_cache_counts(),
        (2, 4),
        "a new height reuses both series"
    );
    m.set_data(shared.clone(), zoomed);
    m.layout(measure);
    m.set_data(shared.clone(), wide);
    m.layout(measure);
    assert_eq!(
        m.m4_cache_counts(),
        (4, 6),
        "zooming back out reuses the first level"
    );
    let mut fresh = model_with(ChartSpec::default(), dense(), wide);
    fresh.resize(CanvasSize::new(600.0, 180.0, 1.0));
    fresh.layout(measure);
    for (a, b) in m.geometry().series.iter().zip(&fresh.geometry().series) {
        assert_eq!(a.line, b.line);
    }
    let spec = ChartSpec {
        hidden_series: vec![1],
        ..ChartSpec::default()
    };
    m.set_spec(spec);
    m.layout(measure);
    assert_eq!(
        m.m4_cache_counts(),
        (5, 6),
        "hiding a series keeps the other's columns"
    );
}
