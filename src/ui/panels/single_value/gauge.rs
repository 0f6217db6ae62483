//! One gauge: core's `gauge_layout` fits the 270° arc, its threshold marker ring and the value
//! text into the value's box (Grafana's Gauge.tsx), drawn as SVG in that box's pixels. The
//! value's share of min..max fills the band in the value's colour; a title sits under the arc
//! when the panel shows several values.

use super::Item;
use crate::core::panel::css_color;
use crate::core::panel_calc::value_layout::{arc_path, gauge_layout, threshold_bands, AFFIX_SCALE};
use leptos::prelude::*;

/// `cell` is the value's left, top, width and height in the panel body; with `placed` the
/// gauge sits there itself (the auto grid), else it flows in the row or column of values.
pub fn gauge_view(
    item: Item,
    markers: bool,
    count: usize,
    cell: (f64, f64, f64, f64),
    placed: bool,
) -> impl IntoView {
    let (x, y, w, h) = cell;
    let value = item.shown.value.clone();
    let full = value.full_text();
    let title = (count > 1)
        .then(|| item.shown.title.clone())
        .filter(|t| !t.is_empty());
    let g = gauge_layout(w, h, &full, title.as_deref(), markers);
    let (min, max) = item.shown.settings.range();
    let percent = value
        .percent
        .filter(|p| p.is_finite())
        .unwrap_or(0.0)
        .clamp(0.0, 1.0);
    let color = value.color.clone().unwrap_or_else(|| "var(--text)".into());
    let band_r = g.radius - g.band / 2.0;
    let marker_r = g.radius + g.marker / 2.0 + 0.5;
    let marker_paths = if markers {
        threshold_bands(&item.shown.settings.thresholds, min, max)
            .into_iter()
            .map(|(from, to, c)| view! {
                <path d=arc_path(g.cx, g.cy, marker_r, from, to) fill="none" stroke=css_color(&c) stroke-width=format!("{:.2}", (g.marker - 1.0).max(1.0)) />
            })
            .collect_view()
            .into_any()
    } else {
        ().into_any()
    };
    let label = match &title {
        Some(t) => format!("{t}: {full}"),
        None => full.clone(),
    };
    let affix = format!("{:.1}px", g.value_font * AFFIX_SCALE);
    let (top, bottom, left, right) = g.bounds;
    let (text_attr, color_attr, fill_color) = (full.clone(), color.clone(), color.clone());
    view! {
        <div class="sv-item gauge" data-testid="gauge-value" data-value-text=text_attr data-value-color=color_attr
            data-percent=format!("{percent:.4}") data-series-name=item.shown.title.clone()
            data-gauge-box=format!("{left:.1} {top:.1} {right:.1} {bottom:.1}")
            style:position=placed.then_some("absolute") style:left=placed.then(|| format!("{x:.1}px"))
            style:top=placed.then(|| format!("{y:.1}px"))
            style:width=format!("{w:.1}px") style:height=format!("{h:.1}px")>
            <svg class="sv-gauge" width=format!("{w:.0}") height=format!("{h:.0}") viewBox=format!("0 0 {w:.1} {h:.1}")
                role="meter" aria-label=label aria-valuemin=min.to_string() aria-valuemax=max.to_string()
                aria-valuenow=value.numeric.is_finite().then(|| value.numeric.to_string()) aria-valuetext=full.clone()>
                <path class="gauge-track" d=arc_path(g.cx, g.cy, band_r, 0.0, 1.0) fill="none" stroke-width=format!("{:.2}", g.band) />
                <path class="gauge-fill" d=arc_path(g.cx, g.cy, band_r, 0.0, percent) fill="none" stroke=fill_color stroke-width=format!("{:.2}", g.band) />
                {marker_paths}
                <text class="gauge-text" x=format!("{:.1}", g.cx) y=format!("{:.1}", g.cy) text-anchor="middle" dominant-baseline="central"
                    style:font-size=format!("{:.1}px", g.value_font) fill=color>
                    {value.prefix.clone().map(|p| view! { <tspan style:font-size=affix.clone()>{p}</tspan> })}
                    {value.text.clone()}
                    {value.suffix.clone().map(|s| view! { <tspan style:font-size=affix.clone()>{s}</tspan> })}
                </text>
                {title.map(|t| view! {
                    <text class="gauge-title" x=format!("{:.1}", g.cx) y=format!("{:.1}", g.title_y) text-anchor="middle"
                        dominant-baseline="central" style:font-size=format!("{:.1}px", g.title_font)>{t}</text>
                })}
            </svg>
        </div>
    }
}
