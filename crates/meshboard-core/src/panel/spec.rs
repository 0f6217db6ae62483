//! A panel's JSON read as chart options: `fieldConfig` (unit, decimals, min/max, thresholds,
//! custom draw style) and the legacy `graph` options (`bars`, `stack`, `fill`), plus Grafana's
//! named colours as CSS; and, per series, the field config resolved for what a query returned
//! ([`resolve_panel_series`]) turned into each series' style and the two y axes
//! ([`series_chart_spec`]), assigned by scale the way Grafana's uPlot config builder does.

use crate::chart::spec::{axis_width_from_custom, BarAlignment};
use crate::chart::{
    AxisOptions, AxisSide, ChartKind, ChartSpec, FillGradient, Interpolation, PointsMode,
    SeriesStyle, StackKey, Threshold, ThresholdStyle,
};
use crate::dashboard::field_resolve::{
    resolve_series, AxisPlacement, DrawStyle, LineInterpolation, ResolveOptions, ResolvedSeries,
    ScaleDistribution, SeriesIdentity, ShowPoints, SpanNulls, StackingMode, ThemeMode, Transform,
};
use crate::dashboard::{FieldDefaults, Panel};
use crate::panel::QueryResult;
use serde_json::Value;

/// Grafana named colours -> CSS colours (the shades map to their base colour).
pub fn css_color(name: &str) -> String {
    let base = name
        .trim_start_matches("super-light-")
        .trim_start_matches("semi-dark-")
        .trim_start_matches("light-")
        .trim_start_matches("dark-");
    match base {
        "green" => "#73bf69".into(),
        "red" => "#f2495c".into(),
        "yellow" => "#fade2a".into(),
        "orange" => "#ff9830".into(),
        "blue" => "#5794f2".into(),
        "purple" => "#b877d9".into(),
        "text" | "transparent" => "var(--text)".into(),
        _ => name.to_string(),
    }
}

/// The threshold colour of `value`, if the field has thresholds.
pub fn threshold_color(field: &FieldDefaults, value: f64) -> Option<String> {
    let t = field.thresholds.as_ref()?;
    let step = t.step_for(value, field.min.unwrap_or(0.0), field.max.unwrap_or(100.0))?;
    Some(css_color(&step.color))
}

/// The chart engine's options for a `timeseries` or legacy `graph` panel; the time axis is
/// labelled `utc_offset_minutes` east of UTC.
pub fn chart_spec(panel: &Panel, utc_offset_minutes: i32) -> ChartSpec {
    let field = &panel.field_config.defaults;
    let custom = &field.custom;
    let legacy = panel.type_name == "graph";
    let raw = &panel.raw;
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let kind = match str_of(custom, "drawStyle").as_deref() {
        Some("bars") => ChartKind::Bars,
        Some("points") => ChartKind::Points,
        _ if legacy && raw.get("bars").and_then(Value::as_bool) == Some(true) => ChartKind::Bars,
        _ if legacy
            && raw.get("lines").and_then(Value::as_bool) == Some(false)
            && raw.get("points").and_then(Value::as_bool) == Some(true) =>
        {
            ChartKind::Points
        }
        _ => ChartKind::Lines,
    };
    let stack = custom
        .get("stacking")
        .and_then(|s| s.get("mode"))
        .and_then(Value::as_str)
        .is_some_and(|m| m != "none")
        || (legacy && raw.get("stack").and_then(Value::as_bool) == Some(true));
    let fill_opacity = custom
        .get("fillOpacity")
        .and_then(Value::as_f64)
        .map(|f| f / 100.0)
        .or_else(|| legacy.then(|| raw.get("fill").and_then(Value::as_f64).unwrap_or(1.0) / 10.0))
        .unwrap_or(0.0);
    let line_width = custom
        .get("lineWidth")
        .and_then(Value::as_f64)
        .or_else(|| raw.get("linewidth").and_then(Value::as_f64))
        .unwrap_or(1.0);
    let log_base = custom
        .get("scaleDistribution")
        .filter(|s| s.get("type").and_then(Value::as_str) == Some("log"))
        .and_then(|s| s.get("log"))
        .and_then(Value::as_f64);
    let threshold_style = match custom
        .get("thresholdsStyle")
        .and_then(|s| s.get("mode"))
        .and_then(Value::as_str)
    {
        Some("line") | Some("dashed") => ThresholdStyle::Lines,
        Some("area") => ThresholdStyle::Bands,
        Some("line+area") | Some("dashed+area") => ThresholdStyle::LinesAndBands,
        _ => ThresholdStyle::Off,
    };
    let thresholds = field
        .thresholds
        .as_ref()
        .map(|t| {
            t.steps
                .iter()
                .map(|s| Threshold {
                    value: s.value.unwrap_or(f64::NEG_INFINITY),
                    color: css_color(&s.color),
                })
                .collect()
        })
        .unwrap_or_default();
    let legacy_unit = || {
        raw.get("yaxes")
            .and_then(|y| y.get(0))
            .and_then(|y| y.get("format"))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let threshold_dashed = matches!(
        custom
            .get("thresholdsStyle")
            .and_then(|s| s.get("mode"))
            .and_then(Value::as_str),
        Some("dashed") | Some("dashed+area")
    );
    ChartSpec {
        kind,
        stack,
        threshold_dashed,
        fill_opacity: fill_opacity.clamp(0.0, 1.0),
        line_width: line_width.clamp(0.0, 10.0),
        thresholds,
        threshold_style,
        log_base,
        unit: field
            .unit
            .clone()
            .or_else(|| legacy.then(legacy_unit).flatten())
            .unwrap_or_default(),
        decimals: field.decimals,
        y_min: field.min,
        y_max: field.max,
        utc_offset_minutes,
        ..ChartSpec::default()
    }
}

/// Who each series of a result is, for the field matchers: its display name, labels, query,
/// and the last value and range the by-value colour modes read.
pub fn series_identities(result: &QueryResult) -> Vec<SeriesIdentity> {
    result
        .frame
        .series
        .iter()
        .enumerate()
        .map(|(i, series)| {
            let finite = || series.values.iter().copied().filter(|v| v.is_finite());
            let range = finite().fold(None, |acc: Option<(f64, f64)>, v| {
                Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
            });
            let mut identity = SeriesIdentity::new(
                result.names.get(i).cloned().unwrap_or_default(),
                result.ref_ids.get(i).cloned().unwrap_or_default(),
            )
            .with_labels(series.labels.clone());
            identity.color_value = series.values.iter().rev().copied().find(|v| v.is_finite());
            identity.data_range = range;
            identity
        })
        .collect()
}

/// The panel's field config resolved for every series of `result` (once per data change).
pub fn resolve_panel_series(
    panel: &Panel,
    result: &QueryResult,
    theme: ThemeMode,
) -> Vec<ResolvedSeries> {
    resolve_series(
        &panel.field_config,
        &series_identities(result),
        &ResolveOptions::for_panel(panel).with_theme(theme),
    )
}

/// Grafana's scale key (`buildScaleKey` in `timeseries/utils.ts`): series share a y scale,
/// and so an axis, when unit, ends, soft ends, placement, distribution and label agree. 100%
/// stacking measures shares, whatever the unit.
fn scale_key(s: &ResolvedSeries) -> String {
    let num = |v: Option<f64>| v.map_or_else(|| "na".to_string(), |v| v.to_string());
    let unit = if s.stacking.mode == StackingMode::Percent {
        "percentunit".to_string()
    } else {
        s.unit.clone().unwrap_or_else(|| "__fixed".into())
    };
    format!(
        "{unit}/{}-{}/{}-{}/{:?}/{:?}/{}",
        num(s.min),
        num(s.max),
        num(s.axis_soft_min),
        num(s.axis_soft_max),
        s.axis_placement,
        s.scale_distribution,
        s.axis_label.as_deref().unwrap_or("na")
    )
}

/// The chart options of a `timeseries` or legacy `graph` panel with each series drawn by its
/// own resolved settings. Axes as Grafana's `UPlotConfigBuilder.addAxis`: each new scale
/// takes its `axisPlacement`, `auto` meaning left while no axis is on the left, else right;
/// the first scale on a side gives that axis its unit, decimals, ends, soft ends and label.
pub fn series_chart_spec(
    panel: &Panel,
    resolved: &[ResolvedSeries],
    utc_offset_minutes: i32,
) -> ChartSpec {
    let mut spec = chart_spec(panel, utc_offset_minutes);
    if resolved.is_empty() {
        return spec;
    }
    let mut scales: Vec<(String, AxisSide)> = Vec::new();
    let mut has_left = false;
    let mut first_on = [None::<usize>; 2];
    let mut sides = Vec::with_capacity(resolved.len());
    for (i, s) in resolved.iter().enumerate() {
        let key = scale_key(s);
        let side = match scales.iter().find(|(k, _)| *k == key) {
            Some((_, side)) => *side,
            None => {
                let side = match s.axis_placement {
                    AxisPlacement::Right => AxisSide::Right,
                    AxisPlacement::Left => AxisSide::Left,
                    AxisPlacement::Auto | AxisPlacement::Hidden if has_left => AxisSide::Right,
                    AxisPlacement::Auto | AxisPlacement::Hidden => AxisSide::Left,
                };
                has_left |= side == AxisSide::Left;
                scales.push((key, side));
                side
            }
        };
        first_on[side as usize].get_or_insert(i);
        sides.push(side);
    }
    let axis_unit = |s: &ResolvedSeries| {
        if s.stacking.mode == StackingMode::Percent {
            "percentunit".to_string()
        } else {
            s.unit.clone().unwrap_or_default()
        }
    };
    let axis_options = |s: &ResolvedSeries| AxisOptions {
        soft_min: s.axis_soft_min,
        soft_max: s.axis_soft_max,
        label: s.axis_label.clone().unwrap_or_default(),
        hidden: s.axis_placement == AxisPlacement::Hidden,
        width: None,
    };
    if let Some(first) = first_on[AxisSide::Left as usize].map(|i| &resolved[i]) {
        spec.unit = axis_unit(first);
        spec.decimals = first.decimals;
        spec.y_min = first.min;
        spec.y_max = first.max;
        spec.left_axis = axis_options(first);
        spec.log_base = match first.scale_distribution {
            ScaleDistribution::Log { base } => Some(base),
            _ => None,
        };
    }
    if let Some(first) = first_on[AxisSide::Right as usize].map(|i| &resolved[i]) {
        // A right axis in the left's unit still says so: an empty right unit means "as left".
        spec.right_unit = axis_unit(first);
        if spec.right_unit.is_empty() {
            spec.right_unit = "none".into();
        }
        spec.right_decimals = first.decimals;
        spec.right_min = first.min;
        spec.right_max = first.max;
        spec.right_axis = axis_options(first);
        if spec.log_base.is_none() {
            if let ScaleDistribution::Log { base } = first.scale_distribution {
                spec.log_base = Some(base);
            }
        }
    }
    // `axisWidth`: Grafana merges the axes of a side by their widest set width.
    for side in [AxisSide::Left, AxisSide::Right] {
        let width = resolved
            .iter()
            .zip(&sides)
            .filter(|(_, &on)| on == side)
            .filter_map(|(s, _)| axis_width_from_custom(&s.custom))
            .reduce(f64::max);
        match side {
            AxisSide::Left => spec.left_axis.width = width,
            AxisSide::Right => spec.right_axis.width = width,
        }
    }
    spec.right_axis_series = (0..resolved.len())
        .filter(|&i| sides[i] == AxisSide::Right)
        .collect();
    spec.series = resolved
        .iter()
        .zip(&sides)
        .map(|(s, &axis)| series_style(s, axis))
        .collect();
    spec
}

fn series_style(s: &ResolvedSeries, axis: AxisSide) -> SeriesStyle {
    let kind = match s.draw_style {
        DrawStyle::Line => ChartKind::Lines,
        DrawStyle::Bars => ChartKind::Bars,
        DrawStyle::Points => ChartKind::Points,
    };
    SeriesStyle {
        color: s.color.clone(),
        kind,
        fill_opacity: (s.fill_opacity / 100.0).clamp(0.0, 1.0),
        line_width: s.line_width.clamp(0.0, 10.0),
        // uPlot's series builder: a dash without a pattern is [10, 10].
        dash: match (s.line_style.fill.as_str(), s.line_style.dash.is_empty()) {
            ("solid", _) => Vec::new(),
            (_, true) => vec![10.0, 10.0],
            (_, false) => s.line_style.dash.clone(),
        },
        points: match s.show_points {
            ShowPoints::Auto => PointsMode::Auto,
            ShowPoints::Always => PointsMode::Always,
            ShowPoints::Never => PointsMode::Never,
        },
        // Grafana's pointSize is a diameter.
        point_radius: (s.point_size / 2.0).clamp(0.5, 10.0),
        axis,
        stack: (s.stacking.mode != StackingMode::None).then(|| StackKey {
            group: s.stacking.group.clone(),
            percent: s.stacking.mode == StackingMode::Percent,
        }),
        negative_y: s.transform == Some(Transform::NegativeY),
        hidden: s.hide_from.viz,
        hide_in_tooltip: s.hide_from.tooltip,
        unit: s.unit.clone().unwrap_or_default(),
        decimals: s.decimals,
        interpolation: match s.line_interpolation {
            LineInterpolation::Linear => Interpolation::Linear,
            LineInterpolation::Smooth => Interpolation::Smooth,
            LineInterpolation::StepBefore => Interpolation::StepBefore,
            LineInterpolation::StepAfter => Interpolation::StepAfter,
        },
        span_nulls: match s.span_nulls {
            SpanNulls::Never => None,
            SpanNulls::Always => Some(f64::INFINITY),
            SpanNulls::ShorterThanMs(ms) => Some(ms),
        },
        gradient: match s.gradient_mode.as_str() {
            "opacity" => FillGradient::Opacity,
            "hue" => FillGradient::Hue,
            // Without by-value colours (fixed, palette) Grafana draws the series' own colour.
            "scheme" if s.value_gradient.is_some() => FillGradient::Scheme,
            _ => FillGradient::None,
        },
        value_gradient: s.value_gradient.clone(),
        bar_alignment: BarAlignment::from_custom(&s.custom),
    }
}

#[cfg(test)]
mod series_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{ThresholdStep, Thresholds, ThresholdsMode};
    use serde_json::json;

    fn panel(raw: Value) -> Panel {
        Panel::from_json(&raw, 1)
    }

    #[test]
    fn named_colours_become_css_and_others_pass_through() {
        assert_eq!(css_color("green"), "#73bf69");
        assert_eq!(css_color("dark-red"), "#f2495c");
        assert_eq!(css_color("super-light-blue"), "#5794f2");
        assert_eq!(css_color("semi-dark-orange"), "#ff9830");
        assert_eq!(css_color("transparent"), "var(--text)");
        assert_eq!(css_color("#123456"), "#123456");
        assert_eq!(css_color("rgb(1, 2, 3)"), "rgb(1, 2, 3)");
    }

    #[test]
    fn threshold_colour_follows_the_step_of_the_value() {
        let field = FieldDefaults {
            thresholds: Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps: vec![
                    ThresholdStep {
                        color: "green".into(),
                        value: None,
                    },
                    ThresholdStep {
                        color: "red".into(),
                        value: Some(80.0),
                    },
                ],
            }),
            ..FieldDefaults::default()
        };
        assert_eq!(threshold_color(&field, 10.0).as_deref(), Some("#73bf69"));
        assert_eq!(threshold_color(&field, 80.0).as_deref(), Some("#f2495c"));
        assert_eq!(threshold_color(&field, f64::NAN), None);
        assert_eq!(threshold_color(&FieldDefaults::default(), 1.0), None);
    }

    #[test]
    fn timeseries_field_config_drives_the_chart() {
        let spec = chart_spec(
            &panel(json!({
                "type": "timeseries",
                "fieldConfig": {"defaults": {
                    "unit": "bytes", "decimals": 1, "min": 0, "max": 100,
                    "custom": {
                        "drawStyle": "bars", "fillOpacity": 40, "lineWidth": 2,
                        "stacking": {"mode": "normal"},
                        "scaleDistribution": {"type": "log", "log": 2},
                        "thresholdsStyle": {"mode": "dashed+area"}
                    },
                    "thresholds": {"mode": "absolute", "steps": [
                        {"color": "green", "value": null}, {"color": "red", "value": 90}
                    ]}
                }}
            })),
            60,
        );
        assert_eq!(spec.kind, ChartKind::Bars);
        assert!(spec.stack);
        assert_eq!(spec.fill_opacity, 0.4);
        assert_eq!(spec.line_width, 2.0);
        assert_eq!(spec.log_base, Some(2.0));
        assert_eq!(spec.threshold_style, ThresholdStyle::LinesAndBands);
        assert_eq!(
            spec.thresholds,
            vec![
                Threshold {
                    value: f64::NEG_INFINITY,
                    color: "#73bf69".into()
                },
                Threshold {
                    value: 90.0,
                    color: "#f2495c".into()
                }
            ]
        );
        assert_eq!(spec.unit, "bytes");
        assert_eq!(spec.decimals, Some(1));
        assert_eq!((spec.y_min, spec.y_max), (Some(0.0), Some(100.0)));
        assert_eq!(spec.utc_offset_minutes, 60);
    }

    #[test]
    fn a_plain_timeseries_is_thin_unfilled_lines() {
        let spec = chart_spec(&panel(json!({"type": "timeseries"})), 0);
        assert_eq!(spec.kind, ChartKind::Lines);
        assert!(!spec.stack);
        assert_eq!(spec.fill_opacity, 0.0);
        assert_eq!(spec.line_width, 1.0);
        assert_eq!(spec.threshold_style, ThresholdStyle::Off);
        assert!(spec.thresholds.is_empty() && spec.unit.is_empty());
    }

    #[test]
    fn legacy_graph_options_are_read() {
        let graph = |extra: Value| {
            let mut raw =
                json!({"type": "graph", "yaxes": [{"format": "percent"}, {"format": "short"}]});
            for (k, v) in extra.as_object().unwrap() {
                raw[k] = v.clone();
            }
            chart_spec(&panel(raw), 0)
        };
        let spec = graph(json!({"bars": true, "stack": true, "fill": 5, "linewidth": 3}));
        assert_eq!(spec.kind, ChartKind::Bars);
        assert!(spec.stack);
        // Grafana's graph -> timeseries migration fills bars solid whatever `fill` says
        // (public/app/plugins/panel/timeseries/migrations.ts).
        assert_eq!(spec.fill_opacity, 1.0);
        assert_eq!(spec.line_width, 3.0);
        assert_eq!(spec.unit, "percent");
        let points = graph(json!({"lines": false, "points": true}));
        assert_eq!(points.kind, ChartKind::Points);
        // Grafana's graph fills 1/10 unless told otherwise.
        assert_eq!(points.fill_opacity, 0.1);
    }

    #[test]
    fn out_of_range_widths_and_opacities_are_clamped() {
        let spec = chart_spec(
            &panel(
                json!({"type": "timeseries", "fieldConfig": {"defaults": {"custom": {"fillOpacity": 250, "lineWidth": 40}}}}),
            ),
            0,
        );
        assert_eq!(spec.fill_opacity, 1.0);
        assert_eq!(spec.line_width, 10.0);
    }
}
