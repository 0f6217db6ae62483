//! `stat`, `gauge` and `bargauge`: each series reduced to one value (reduceOptions.calcs),
//! formatted with the unit and coloured by thresholds; stat adds a sparkline (SVG polyline).

use super::data::PanelData;
use crate::core::dashboard::{Panel, PanelKind};
use crate::core::frame::Series;
use crate::core::panel::{css_color, threshold_color};
use crate::core::panel_calc::reduce;
use crate::core::units::format_value;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
struct Item {
    name: String,
    value: Option<f64>,
    text: String,
    color: String,
    spark: String,
    fraction: f64,
}

#[component]
pub fn SingleValueBody(
    data: PanelData,
    panel: Panel,
    #[prop(into)] height_px: Signal<f64>,
) -> impl IntoView {
    let kind = panel.kind.clone();
    let field = panel.field_config.defaults.clone();
    let calc = panel
        .options
        .reduce
        .calcs
        .first()
        .cloned()
        .unwrap_or_else(|| "lastNotNull".into());
    let limit = panel.options.reduce.limit.unwrap_or(50) as usize;
    let show_spark = panel.options.raw.get("graphMode").and_then(|g| g.as_str()) != Some("none");
    let items = Memo::new(move |_| {
        data.with_result(|r| {
            let Some(r) = r else { return Vec::new() };
            let (min, max) = (
                field.min.unwrap_or(0.0),
                field.max.unwrap_or_else(|| {
                    if field.unit.as_deref() == Some("percent") {
                        100.0
                    } else if field.unit.as_deref() == Some("percentunit") {
                        1.0
                    } else {
                        100.0
                    }
                }),
            );
            r.frame
                .series
                .iter()
                .take(limit)
                .enumerate()
                .map(|(i, s)| {
                    let value = reduce(&s.values, &calc);
                    let text = match value {
                        Some(v) => {
                            format_value(v, field.unit.as_deref().unwrap_or(""), field.decimals)
                        }
                        None => field.no_value.clone().unwrap_or_else(|| "No value".into()),
                    };
                    let color = value
                        .and_then(|v| threshold_color(&field, v))
                        .or_else(|| {
                            field
                                .color
                                .as_ref()
                                .and_then(|c| c.fixed_color.as_deref())
                                .map(css_color)
                        })
                        .unwrap_or_else(|| "var(--ok)".into());
                    let fraction = value.map_or(0.0, |v| {
                        if max > min {
                            ((v - min) / (max - min)).clamp(0.0, 1.0)
                        } else {
                            0.0
                        }
                    });
                    Item {
                        name: field
                            .display_name
                            .clone()
                            .unwrap_or_else(|| r.names.get(i).cloned().unwrap_or_default()),
                        value,
                        text,
                        color,
                        spark: sparkline_points(s),
                        fraction,
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let kind_class = match kind {
        PanelKind::Gauge => "gauge",
        PanelKind::BarGauge => "bargauge",
        _ => "stat",
    };
    view! {
        <div class=format!("sv-grid sv-{kind_class}") style:height=move || format!("{}px", height_px.get())>
            {move || {
                let list = items.get();
                let single = list.len() == 1;
                list.into_iter().map(|item| match kind_class {
                    "gauge" => gauge_view(item).into_any(),
                    "bargauge" => bar_view(item).into_any(),
                    _ => stat_view(item, show_spark, single).into_any(),
                }).collect_view()
            }}
        </div>
    }
}

fn stat_view(item: Item, spark: bool, single: bool) -> impl IntoView {
    let has_value = item.value.is_some();
    view! {
        <div class="sv-item stat" data-testid="stat-value">
            <div class="sv-value" style:color=item.color.clone()>{item.text}</div>
            {(!single).then(|| view! { <div class="sv-name">{item.name}</div> })}
            {(spark && has_value && !item.spark.is_empty()).then(|| view! {
                <svg class="sv-spark" viewBox="0 0 100 30" preserveAspectRatio="none">
                    <polyline points=item.spark fill="none" stroke=item.color stroke-width="1.5" vector-effect="non-scaling-stroke" />
                </svg>
            })}
        </div>
    }
}

fn gauge_view(item: Item) -> impl IntoView {
    // A 240° arc: background track, then the value's share in the threshold colour.
    let arc = |fraction: f64| {
        let start = 150.0f64.to_radians();
        let sweep = 240.0f64.to_radians() * fraction.clamp(0.0, 1.0);
        let (cx, cy, r) = (50.0, 50.0, 40.0);
        let (x0, y0) = (cx + r * start.cos(), cy + r * start.sin());
        let end = start + sweep;
        let (x1, y1) = (cx + r * end.cos(), cy + r * end.sin());
        let large = if sweep > std::f64::consts::PI { 1 } else { 0 };
        format!("M {x0:.2} {y0:.2} A {r} {r} 0 {large} 1 {x1:.2} {y1:.2}")
    };
    view! {
        <div class="sv-item gauge" data-testid="gauge-value">
            <svg class="sv-gauge" viewBox="0 0 100 90">
                <path d=arc(1.0) class="gauge-track" fill="none" stroke-width="10" />
                <path d=arc(item.fraction.max(0.001)) fill="none" stroke=item.color.clone() stroke-width="10" />
                <text x="50" y="58" text-anchor="middle" class="gauge-text" fill=item.color>{item.text}</text>
            </svg>
            <div class="sv-name">{item.name}</div>
        </div>
    }
}

fn bar_view(item: Item) -> impl IntoView {
    view! {
        <div class="sv-item bar" data-testid="bargauge-value">
            <div class="bar-name">{item.name}</div>
            <div class="bar-track"><div class="bar-fill" style:width=format!("{:.1}%", item.fraction * 100.0) style:background-color=item.color.clone()></div></div>
            <div class="bar-value" style:color=item.color>{item.text}</div>
        </div>
    }
}

/// An SVG polyline of a series in a 100 x 30 box, at most ~100 points (min/max kept per bucket
/// would be nicer; the sparkline only hints at the shape).
fn sparkline_points(s: &Series) -> String {
    let pts: Vec<(f64, f64)> = s
        .times_ms
        .iter()
        .zip(&s.values)
        .filter(|(_, v)| v.is_finite())
        .map(|(t, v)| (*t, *v))
        .collect();
    if pts.len() < 2 {
        return String::new();
    }
    let (t0, t1) = (pts[0].0, pts[pts.len() - 1].0);
    let (lo, hi) = pts
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    let span_t = (t1 - t0).max(1.0);
    let span_v = if hi > lo { hi - lo } else { 1.0 };
    let stride = (pts.len() / 100).max(1);
    pts.iter()
        .step_by(stride)
        .map(|(t, v)| {
            format!(
                "{:.1},{:.1}",
                (t - t0) / span_t * 100.0,
                29.0 - (v - lo) / span_v * 28.0
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
