//! Host tests of the single-value geometry: gauges fit small, wide and tall boxes; fonts fit.

use super::*;

fn assert_gauge_fits(width: f64, height: f64, text: &str, title: Option<&str>) -> GaugeLayout {
    let g = gauge_layout(width, height, text, title, true);
    let (top, bottom, left, right) = g.bounds;
    let outer = g.radius + g.marker;
    assert!(
        g.radius > 0.0 && g.band > 0.0 && g.band <= g.radius,
        "{width}x{height}: {g:?}"
    );
    assert!(
        top >= -1e-9 && bottom <= height + 1e-9,
        "{width}x{height} vertical: {g:?}"
    );
    assert!(
        left >= -1e-9 && right <= width + 1e-9,
        "{width}x{height} horizontal: {g:?}"
    );
    // The arc itself: its top and sides inside the box, its lowest points (sin 45°) too.
    assert!(g.cy - outer >= -1e-9);
    assert!(g.cx - outer >= -1e-9 && g.cx + outer <= width + 1e-9);
    assert!(g.cy + outer * std::f64::consts::FRAC_1_SQRT_2 <= height + 1e-9);
    // The value fits inside the band's inner circle and the title under the arc.
    assert!(g.value_font > 0.0);
    assert!(
        text_width(text, g.value_font) <= 2.0 * (g.radius - g.band) + 1e-9,
        "{width}x{height}: {g:?}"
    );
    if title.is_some() {
        assert!(g.title_y + g.title_font * 0.75 <= height + 1e-9);
        assert!(g.title_y > g.cy);
    }
    g
}

#[test]
fn gauges_fit_small_wide_tall_and_square_boxes() {
    let small = assert_gauge_fits(90.0, 60.0, "42.1%", None);
    assert!(small.radius < 40.0);
    // Wide: the height limits the arc, centred horizontally.
    let wide = assert_gauge_fits(800.0, 160.0, "97.3%", None);
    assert!((wide.cx - 400.0).abs() < 1e-9);
    assert!(wide.radius + wide.marker <= 160.0 / (1.0 + std::f64::consts::FRAC_1_SQRT_2) + 1e-9);
    // Tall: the width limits it, centred vertically.
    let tall = assert_gauge_fits(150.0, 600.0, "12.5 GiB", None);
    assert!((tall.radius + tall.marker - 75.0).abs() < 1e-9);
    let (top, bottom, _, _) = tall.bounds;
    assert!((top - (600.0 - bottom)).abs() < 1e-6);
    let square = assert_gauge_fits(300.0, 300.0, "1.23 kB", Some("sda"));
    assert!(square.title_font > 0.0);
    // Node Exporter Full's gauges: 3 grid columns by 4 rows (about 150 x 150 px bodies).
    assert_gauge_fits(150.0, 120.0, "100%", None);
    assert_gauge_fits(40.0, 30.0, "1", None);
}

#[test]
fn gauge_band_and_markers_follow_grafana() {
    let g = gauge_layout(550.0, 550.0, "50", None, true);
    // min(550 / 5.5, 40) = 40; markers a fifth of it.
    assert_eq!(g.band, 40.0);
    assert_eq!(g.marker, 8.0);
    assert!(g.value_font <= 40.0 * 1.7 + 1e-9);
    let without = gauge_layout(550.0, 550.0, "50", None, false);
    assert_eq!(without.marker, 0.0);
}

#[test]
fn arc_paths_and_threshold_bands() {
    assert_eq!(arc_path(50.0, 50.0, 40.0, 0.5, 0.5), "");
    let full = arc_path(50.0, 50.0, 40.0, 0.0, 1.0);
    // From bottom left (135°) the long way round to bottom right (45°).
    assert_eq!(full, "M 21.72 78.28 A 40.00 40.00 0 1 1 78.28 78.28");
    let half = arc_path(50.0, 50.0, 40.0, 0.0, 0.5);
    assert!(
        half.starts_with("M 21.72 78.28 A 40.00 40.00 0 0 1 50.00 10.00"),
        "{half}"
    );
    let t = Thresholds {
        mode: ThresholdsMode::Absolute,
        steps: vec![
            ThresholdStep {
                color: "green".into(),
                value: None,
            },
            ThresholdStep {
                color: "orange".into(),
                value: Some(75.0),
            },
            ThresholdStep {
                color: "red".into(),
                value: Some(90.0),
            },
        ],
    };
    let bands = threshold_bands(&t, 0.0, 100.0);
    assert_eq!(
        bands,
        vec![
            (0.0, 0.75, "green".into()),
            (0.75, 0.9, "orange".into()),
            (0.9, 1.0, "red".into())
        ]
    );
    // Steps beyond the range collapse; percentage steps are fractions already.
    assert_eq!(
        threshold_bands(&t, 0.0, 50.0),
        vec![(0.0, 1.0, "green".into())]
    );
    let p = Thresholds {
        mode: ThresholdsMode::Percentage,
        ..t
    };
    assert_eq!(
        threshold_bands(&p, 0.0, 1.0)[1],
        (0.75, 0.9, "orange".into())
    );
}

#[test]
fn fonts_fit_the_box() {
    assert!((fit_font_size("100", 1000.0, 24.0, 1.2, 100.0) - 20.0).abs() < 1e-9);
    assert_eq!(fit_font_size("100", 1000.0, 1000.0, 1.2, 30.0), 30.0);
    let narrow = fit_font_size("123456789", 60.0, 1000.0, 1.2, 1000.0);
    assert!(text_width("123456789", narrow) <= 60.0);
    let f = stat_fonts(200.0, 100.0, None, ("", "42.1", "%"), false, false);
    assert!(f.value > 20.0 && f.value * LINE_HEIGHT <= 100.0 - 2.0 * f.padding + 1e-9);
    assert!(
        text_width("42.1", f.value) + text_width("%", f.value * AFFIX_SCALE)
            <= 200.0 - 2.0 * f.padding
    );
    let titled = stat_fonts(
        200.0,
        150.0,
        Some("eth0"),
        ("", "1.5", " Mb/s"),
        false,
        true,
    );
    assert!(titled.title > 0.0 && titled.title <= 30.0);
    assert!(titled.chart_height > 0.0);
    assert!(titled.title * LINE_HEIGHT + titled.value * LINE_HEIGHT + titled.chart_height <= 150.0);
    assert_eq!(repeat_box(4, 430.0, 100.0, true, 10.0), (100.0, 100.0));
    assert_eq!(repeat_box(2, 430.0, 110.0, false, 10.0), (430.0, 50.0));
}

#[test]
fn readable_text_on_threshold_colours() {
    assert_eq!(parse_color("#73bf69"), Some(Rgb(115.0, 191.0, 105.0)));
    assert_eq!(
        parse_color("rgba(245, 54, 54, 0.9)"),
        Some(Rgb(245.0, 54.0, 54.0))
    );
    assert_eq!(parse_color("#fff"), Some(Rgb(255.0, 255.0, 255.0)));
    assert_eq!(parse_color("var(--text)"), None);
    // Light green and yellow take dark text; dark red and blue light text; each >= 4.5:1.
    for (bg, text) in [
        ("#73bf69", DARK_TEXT),
        ("#fade2a", DARK_TEXT),
        ("#c4162a", LIGHT_TEXT),
        ("#1f60c4", LIGHT_TEXT),
    ] {
        assert_eq!(readable_text_on(bg), Some(text), "{bg}");
        let ratio = contrast_ratio(parse_color(bg).unwrap(), parse_color(text).unwrap());
        assert!(ratio >= 4.5, "{bg} {ratio}");
    }
    let (from, to, mid) = background_gradient("#73bf69", false).unwrap();
    let l = |c: &str| parse_color(c).unwrap().luminance();
    assert!(l(&to) < l(&mid) && l(&mid) < l(&from) && l(&from) < l("#73bf69"));
    let (from, _, _) = background_gradient("#73bf69", true).unwrap();
    assert!(l(&from) > l("#73bf69"));
    assert!(readable_text_on(&mid).is_some());
}

#[test]
fn sparkline_paths_scale_to_the_box() {
    assert_eq!(sparkline_paths(&[(0.0, 1.0)], 100.0, 30.0), None);
    let (line, area) =
        sparkline_paths(&[(0.0, 0.0), (5.0, f64::NAN), (10.0, 10.0)], 100.0, 30.0).unwrap();
    assert_eq!(line, "M 0.0 29.0 L 100.0 1.0");
    assert_eq!(area, "M 0.0 29.0 L 100.0 1.0 L 100.0 30.0 L 0.0 30.0 Z");
    let (flat, _) = sparkline_paths(&[(0.0, 3.0), (1.0, 3.0)], 50.0, 20.0).unwrap();
    assert_eq!(flat, "M 0.0 10.0 L 50.0 10.0");
    // 10 000 points in 100 px: about one per pixel, the last one kept.
    let many: Vec<(f64, f64)> = (0..10_000)
        .map(|i| (f64::from(i), f64::from(i % 7)))
        .collect();
    let (line, _) = sparkline_paths(&many, 100.0, 30.0).unwrap();
    let n = line.matches(" L ").count() + 1;
    assert!((100..=102).contains(&n), "{n}");
    assert!(
        line.ends_with("L 100.0 8.3") || line.contains("L 100.0 "),
        "{line}"
    );
}
