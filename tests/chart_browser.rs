//! Browser tests of the canvas chart: real pixels via `getImageData`, decimation on a million
//! points, and hover that never touches the data canvas. Run with wasm-bindgen-test in Chromium.
#![cfg(target_arch = "wasm32")]

use meshboard::chart::{ChartSpec, ChartTheme, TimeSeriesChart};
use meshboard::core::frame::{Frame, Labels, Series};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 200.0;

fn canvas() -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

fn context(canvas: &HtmlCanvasElement) -> CanvasRenderingContext2d {
    canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap()
}

fn chart(dpr: f64) -> (TimeSeriesChart, HtmlCanvasElement, HtmlCanvasElement) {
    let (data, overlay) = (canvas(), canvas());
    let mut chart = TimeSeriesChart::new(data.clone(), overlay.clone()).unwrap();
    chart.resize(WIDTH, HEIGHT, dpr);
    (chart, data, overlay)
}

/// Black background and invisible grid, so any non-black pixel in the plot is data.
fn theme() -> ChartTheme {
    ChartTheme {
        background: "#000000".into(),
        grid: "rgba(0,0,0,0)".into(),
        ..ChartTheme::default()
    }
}

fn series(points: impl IntoIterator<Item = (f64, f64)>) -> Series {
    let mut s = Series::new(Labels::new());
    for (t, v) in points {
        s.push(t, v);
    }
    s
}

/// RGBA bytes of the device-pixel square of side `2 * r + 1` around (`x`, `y`).
fn pixels(canvas: &HtmlCanvasElement, x: f64, y: f64, r: f64) -> Vec<u8> {
    context(canvas)
        .get_image_data(x - r, y - r, 2.0 * r + 1.0, 2.0 * r + 1.0)
        .unwrap()
        .data()
        .0
}

/// Reads one pixel back, which makes Chrome rasterise the queued canvas commands, so a timing
/// taken after it includes the drawing itself and not only the recording of commands.
fn flush(canvas: &HtmlCanvasElement) {
    let _ = context(canvas).get_image_data(0.0, 0.0, 1.0, 1.0);
}

fn now_ms() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

#[wasm_bindgen_test]
fn a_line_is_drawn_and_a_gap_stays_background() {
    let (mut chart, data, _) = chart(1.0);
    // One sample per second from 0 to 100 s, missing 40..60 s; NaN from 77 s to 79 s and at
    // 81 s leave the sample at 80 s alone between two gaps.
    let s = series((0..=100).filter(|i| !(40..=60).contains(i)).map(|i| {
        (
            i as f64 * 1000.0,
            if (77..=79).contains(&i) || i == 81 {
                f64::NAN
            } else {
                50.0
            },
        )
    }));
    chart.set_spec(ChartSpec {
        series_colors: vec![(0, "#ff0000".into())],
        line_width: 2.0,
        y_min: Some(0.0),
        y_max: Some(100.0),
        ..ChartSpec::default()
    });
    chart.set_data(
        Frame {
            series: vec![s],
            notices: vec![],
        },
        (0.0, 100_000.0),
    );
    let stats = chart.draw(&theme());
    assert_eq!(stats.series, 1);
    assert_eq!(stats.points_drawn, 76);

    let g = chart.model().geometry();
    let y = g.left_scale.to_px(50.0).round();
    let on_line = pixels(&data, g.x_scale.to_px(20_000.0).round(), y, 1.0);
    assert!(
        on_line
            .chunks(4)
            .any(|p| p[0] > 200 && p[1] < 80 && p[2] < 80),
        "line pixel is red: {on_line:?}"
    );
    let in_gap = pixels(&data, g.x_scale.to_px(50_000.0).round(), y, 4.0);
    assert!(
        in_gap
            .chunks(4)
            .all(|p| p[0] == 0 && p[1] == 0 && p[2] == 0),
        "gap is background: {in_gap:?}"
    );
    let lone = pixels(&data, g.x_scale.to_px(80_000.0).round(), y, 1.0);
    assert!(
        lone.chunks(4).any(|p| p[0] > 200 && p[1] < 80),
        "a lone sample is a dot: {lone:?}"
    );
    let beside = pixels(&data, g.x_scale.to_px(78_000.0).round(), y, 0.0);
    assert_eq!(&beside[..3], &[0, 0, 0], "no line across a NaN sample");
}

#[wasm_bindgen_test]
fn hidpi_backing_store_is_scaled() {
    let (mut chart, data, overlay) = chart(2.0);
    chart.set_data(
        Frame {
            series: vec![series([(0.0, 1.0), (1000.0, 2.0)])],
            notices: vec![],
        },
        (0.0, 1000.0),
    );
    chart.draw(&theme());
    assert_eq!((data.width(), data.height()), (800, 400));
    assert_eq!((overlay.width(), overlay.height()), (800, 400));
}

#[wasm_bindgen_test]
fn a_million_points_draw_decimated() {
    let (mut chart, _, _) = chart(1.0);
    let n = 100_000;
    let frame = Frame {
        series: (0..10)
            .map(|k| {
                series((0..n).map(|i| {
                    (
                        i as f64 * 1000.0,
                        ((i as f64) * 0.01 + k as f64).sin() * 10.0 + k as f64,
                    )
                }))
            })
            .collect(),
        notices: vec![],
    };
    let range = (0.0, (n - 1) as f64 * 1000.0);
    let start = now_ms();
    chart.set_data(frame, range);
    let stats = chart.draw(&theme());
    let first = now_ms() - start;
    let start = now_ms();
    chart.set_data(chart.model().shared_frame(), (range.1 / 4.0, range.1 / 2.0));
    let zoomed = chart.draw(&theme());
    let redraw = now_ms() - start;
    console_log!(
        "10 x 100k points: first draw {first:.1} ms, zoomed redraw {redraw:.1} ms, {} points drawn",
        stats.points_drawn
    );
    assert_eq!(stats.series, 10);
    assert!(stats.points_drawn > 0);
    assert!(
        stats.points_drawn <= 4 * WIDTH as usize * 10,
        "{}",
        stats.points_drawn
    );
    assert!(
        zoomed.points_drawn <= 4 * WIDTH as usize * 10,
        "{}",
        zoomed.points_drawn
    );
}

#[wasm_bindgen_test]
fn hover_draws_on_the_overlay_only() {
    let (mut chart, data, overlay) = chart(1.0);
    let frame = Frame {
        series: (0..60)
            .map(|k| series((0..11_000).map(|i| (i as f64 * 1000.0, (i % 100 + k) as f64))))
            .collect(),
        notices: vec![],
    };
    chart.set_data(frame, (0.0, 10_999_000.0));
    chart.draw(&theme());
    let before = context(&data)
        .get_image_data(0.0, 0.0, WIDTH, HEIGHT)
        .unwrap()
        .data()
        .0;

    let plot = chart.model().geometry().layout.plot;
    let (x, y) = (plot.x + plot.w / 2.0, plot.y + plot.h / 2.0);
    let info = chart.hover(x, y).expect("hover inside the plot");
    assert_eq!(info.series.len(), 60);
    let (calls, total) = time_best(5, &overlay, || {
        chart.hover(x + 1.0, y);
    });
    console_log!("hover over 60 series x 11k points: {calls:.2} ms, {total:.2} ms rasterised");
    chart.show_crosshair_at(50_000.0);
    chart.draw_selection(plot.x + 10.0, plot.x + 100.0);
    assert!(chart.hover(x, y).is_some());

    let after = context(&data)
        .get_image_data(0.0, 0.0, WIDTH, HEIGHT)
        .unwrap()
        .data()
        .0;
    assert!(before == after, "the data canvas changed on hover");
    let marks = pixels(&overlay, x.round(), plot.y + 5.0, 1.0);
    assert!(
        marks.chunks(4).any(|p| p[3] > 0),
        "crosshair on the overlay"
    );
    assert!(chart.hover(plot.x - 5.0, y).is_none());
}

#[wasm_bindgen_test]
fn every_kind_of_chart_paints() {
    use meshboard::chart::{ChartKind, Threshold, ThresholdStyle};
    let frame = std::sync::Arc::new(Frame {
        series: (0..3)
            .map(|k| series((0..50).map(|i| (i as f64 * 1000.0, 1.0 + (i * (k + 1)) as f64))))
            .collect(),
        notices: vec![],
    });
    let thresholds = vec![
        Threshold {
            value: f64::NEG_INFINITY,
            color: "green".into(),
        },
        Threshold {
            value: 40.0,
            color: "red".into(),
        },
    ];
    let specs = [
        ChartSpec {
            kind: ChartKind::Bars,
            ..ChartSpec::default()
        },
        ChartSpec {
            kind: ChartKind::Bars,
            stack: true,
            ..ChartSpec::default()
        },
        ChartSpec {
            stack: true,
            fill_opacity: 0.4,
            ..ChartSpec::default()
        },
        ChartSpec {
            kind: ChartKind::Points,
            log_base: Some(2.0),
            ..ChartSpec::default()
        },
        ChartSpec {
            right_axis_series: vec![2],
            thresholds,
            threshold_style: ThresholdStyle::LinesAndBands,
            ..ChartSpec::default()
        },
    ];
    for spec in specs {
        let (mut chart, data, _) = chart(2.0);
        chart.set_spec(spec.clone());
        chart.set_data(frame.clone(), (0.0, 49_000.0));
        let stats = chart.draw(&theme());
        assert_eq!(stats.series, 3, "{spec:?}");
        assert!(stats.points_drawn > 0, "{spec:?}");
        let plot = chart.model().geometry().layout.plot;
        let inside = context(&data)
            .get_image_data(plot.x * 2.0, plot.y * 2.0, plot.w * 2.0, plot.h * 2.0)
            .unwrap()
            .data()
            .0;
        assert!(
            inside.chunks(4).any(|p| p[0] > 0 || p[1] > 0 || p[2] > 0),
            "{spec:?} drew nothing"
        );
    }
}

/// The best of `runs` timings of `work` as (issuing the canvas calls, including rasterisation).
fn time_best(runs: usize, canvas: &HtmlCanvasElement, mut work: impl FnMut()) -> (f64, f64) {
    let (mut calls, mut total) = (f64::MAX, f64::MAX);
    for _ in 0..runs {
        flush(canvas);
        let start = now_ms();
        work();
        let issued = now_ms();
        flush(canvas);
        calls = calls.min(issued - start);
        total = total.min(now_ms() - start);
    }
    (calls, total)
}
