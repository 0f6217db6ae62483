//! What a chart drew, for the panel's `data-series-meta` and `data-axes`: each series' line,
//! gaps, gradient, dashes and scale read back from the chart's own options (a setting the
//! chart does not honour shows as what it drew instead), and its thresholds as painted.

use super::spec::{ChartSpec, FillGradient, Interpolation, ThresholdStyle};
use crate::dashboard::field_resolve::{
    DrawnSeries, LineInterpolation, ResolvedSeries, ScaleDistribution, SpanNulls,
};
use serde_json::Value;

/// How the chart of `spec` draws each series: what `data-series-meta` reports, read from the
/// chart's own options so that a setting the chart ignores shows as what it drew instead.
pub fn drawn_series(resolved: &[ResolvedSeries], spec: &ChartSpec) -> Vec<DrawnSeries> {
    let scale = match spec.effective_log_base() {
        Some(base) => ScaleDistribution::Log { base },
        None => ScaleDistribution::Linear,
    };
    resolved
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = spec.style_of(i);
            DrawnSeries {
                line_interpolation: match style.interpolation {
                    Interpolation::Linear => LineInterpolation::Linear,
                    Interpolation::Smooth => LineInterpolation::Smooth,
                    Interpolation::StepBefore => LineInterpolation::StepBefore,
                    Interpolation::StepAfter => LineInterpolation::StepAfter,
                },
                span_nulls: match style.span_nulls {
                    None => SpanNulls::Never,
                    Some(ms) if ms.is_infinite() => SpanNulls::Always,
                    Some(ms) => SpanNulls::ShorterThanMs(ms),
                },
                gradient_mode: match style.gradient {
                    FillGradient::None => "none",
                    FillGradient::Opacity => "opacity",
                    FillGradient::Hue => "hue",
                    FillGradient::Scheme => "scheme",
                }
                .into(),
                line_style: if style.dash.is_empty() {
                    "solid".into()
                } else {
                    s.line_style.fill.clone()
                },
                scale,
            }
        })
        .collect()
}

/// The thresholds the chart draws, for `data-axes`: Grafana's `thresholdsStyle.mode` as
/// painted and the steps' colours.
pub fn drawn_thresholds(spec: &ChartSpec) -> Value {
    let mode = match spec.threshold_style {
        ThresholdStyle::Off => "off",
        ThresholdStyle::Lines if spec.threshold_dashed => "dashed",
        ThresholdStyle::Lines => "line",
        ThresholdStyle::Bands => "area",
        ThresholdStyle::LinesAndBands if spec.threshold_dashed => "dashed+area",
        ThresholdStyle::LinesAndBands => "line+area",
    };
    let steps: Vec<Value> = spec
        .thresholds
        .iter()
        .map(|t| serde_json::json!({"value": t.value.is_finite().then_some(t.value), "color": t.color}))
        .collect();
    serde_json::json!({"mode": mode, "steps": steps})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::field_resolve::{resolve_series, ResolveOptions, SeriesIdentity};
    use crate::dashboard::Panel;
    use crate::panel::series_chart_spec;

    const K8S_ADDONS_PROMETHEUS: &str =
        include_str!("../../../../tests/fixtures/grafana/dotdc-k8s-addons-prometheus.json");
    use crate::test_fixtures::{fixture_panel as panel, NODE_EXPORTER_FULL};

    fn drawn_of(panel: &Panel, names: &[&str]) -> Vec<DrawnSeries> {
        let ids: Vec<SeriesIdentity> = names.iter().map(|n| SeriesIdentity::new(*n, "A")).collect();
        let resolved = resolve_series(&panel.field_config, &ids, &ResolveOptions::for_panel(panel));
        drawn_series(&resolved, &series_chart_spec(panel, &resolved, 0))
    }

    #[test]
    fn smooth_opacity_panels_are_drawn_smooth_with_an_opacity_fill() {
        // dotdc's Prometheus dashboard: smooth lines, opacity gradient, spanNulls false.
        let p = panel(K8S_ADDONS_PROMETHEUS, "TSDB Head Series & Chunks by pod");
        for d in drawn_of(&p, &["a", "b"]) {
            assert_eq!(d.line_interpolation, LineInterpolation::Smooth);
            assert_eq!(d.gradient_mode, "opacity");
            assert_eq!(d.span_nulls, SpanNulls::Never);
            assert_eq!(d.scale, ScaleDistribution::Linear);
        }
        // Node Exporter Full's CPU Basic: smooth, spanNulls false, no gradient.
        let cpu = panel(NODE_EXPORTER_FULL, "CPU Basic");
        let d = &drawn_of(&cpu, &["Busy System"])[0];
        assert_eq!(d.line_interpolation, LineInterpolation::Smooth);
        assert_eq!(d.gradient_mode, "none");
    }

    #[test]
    fn scheme_gradients_need_by_value_colours() {
        let scheme = |color: Value| {
            Panel::from_json(
                &serde_json::json!({"type": "timeseries", "fieldConfig": {"defaults": {
                    "color": color, "min": 0, "max": 1,
                    "custom": {"gradientMode": "scheme", "fillOpacity": 10}}}}),
                1,
            )
        };
        let continuous = scheme(serde_json::json!({"mode": "continuous-GrYlRd"}));
        let d = &drawn_of(&continuous, &["a"])[0];
        assert_eq!(d.gradient_mode, "scheme");
        let ids = [SeriesIdentity::new("a", "A")];
        let resolved = resolve_series(
            &continuous.field_config,
            &ids,
            &ResolveOptions::for_panel(&continuous),
        );
        let gradient = resolved[0].value_gradient.as_ref().expect("scheme colours");
        assert_eq!(gradient.stops.len(), 3);
        assert_eq!((gradient.min, gradient.max), (Some(0.0), Some(1.0)));
        // A fixed colour has nothing to spread: drawn in its own colour, and says so.
        let fixed = scheme(serde_json::json!({"mode": "fixed", "fixedColor": "red"}));
        assert_eq!(drawn_of(&fixed, &["a"])[0].gradient_mode, "none");
    }

    #[test]
    fn dashed_series_say_so_and_thresholds_say_their_style() {
        // Node Exporter Full's memory panel: the limit is dashed by an override.
        let p = panel(NODE_EXPORTER_FULL, "Exporter Processes Memory");
        let d = drawn_of(&p, &["Virtual Memory", "Virtual Memory Limit"]);
        assert_eq!(d[0].line_style, "solid");
        assert_eq!(d[1].line_style, "dash");
        let spec = ChartSpec {
            threshold_style: ThresholdStyle::Lines,
            threshold_dashed: true,
            ..ChartSpec::default()
        };
        assert_eq!(drawn_thresholds(&spec)["mode"], "dashed");
        let solid = ChartSpec {
            threshold_style: ThresholdStyle::LinesAndBands,
            ..ChartSpec::default()
        };
        assert_eq!(drawn_thresholds(&solid)["mode"], "line+area");
    }
}
