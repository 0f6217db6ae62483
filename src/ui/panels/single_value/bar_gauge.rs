//! One bar of a bar gauge: the value's share of min..max (the data's range when the panel
//! sets none) filled in its colour, in Grafana's display modes (basic: translucent with a solid
//! edge; gradient: the thresholds' colours up to the value; lcd: cells), the unfilled rest
//! dimmed, the value text in its colour beside (horizontal) or above (vertical) the bar.

use super::Item;
use crate::core::panel::css_color;
use crate::core::panel_calc::single_panel::{BarMode, SinglePanel};
use crate::core::panel_calc::value_layout::{fit_font_size, threshold_bands, LINE_HEIGHT};
use crate::core::text_contrast::legible_on_panel;
use leptos::prelude::*;

/// The fill's CSS background for a mode; `vertical` bars grow upwards.
fn fill_background(
    mode: BarMode,
    color: &str,
    item: &Item,
    percent: f64,
    vertical: bool,
) -> String {
    let dir = if vertical { "0deg" } else { "90deg" };
    match mode {
        BarMode::Basic => color.to_string(),
        BarMode::Lcd => {
            format!("repeating-linear-gradient({dir}, {color} 0 10px, transparent 10px 13px)")
        }
        BarMode::Gradient => {
            let (min, max) = item.shown.settings.range();
            let stops: Vec<String> = threshold_bands(&item.shown.settings.thresholds, min, max)
                .into_iter()
                .filter(|(from, _, _)| *from <= percent || *from == 0.0)
                .map(|(from, _, c)| {
                    format!(
                        "{} {:.1}%",
                        css_color(&c),
                        if percent > 0.0 {
                            from / percent * 100.0
                        } else {
                            0.0
                        }
                    )
                })
                .collect();
            if stops.len() < 2 {
                color.to_string()
            } else {
                format!("linear-gradient({dir}, {})", stops.join(", "))
            }
        }
    }
}

pub fn bar_view(
    item: Item,
    model: &SinglePanel,
    count: usize,
    vertical: bool,
    w: f64,
    h: f64,
    light: bool,
) -> impl IntoView {
    let value = item.shown.value.clone();
    let full = value.full_text();
    let percent = value
        .percent
        .filter(|p| p.is_finite())
        .unwrap_or(0.0)
        .clamp(0.0, 1.0);
    let color = value.color.clone().unwrap_or_else(|| "var(--text)".into());
    let title = (count > 1)
        .then(|| item.shown.title.clone())
        .filter(|t| !t.is_empty());
    let (min, max) = item.shown.settings.range();
    // Value text: a quarter of the width beside a horizontal bar, a line above a vertical one.
    let font = if vertical {
        fit_font_size(&full, w, (h * 0.15).max(12.0), LINE_HEIGHT, 24.0)
    } else {
        fit_font_size(&full, w * 0.22, h, LINE_HEIGHT, 24.0).max(10.0)
    };
    let fill = fill_background(model.bar_mode, &color, &item, percent, vertical);
    let basic_edge = (model.bar_mode == BarMode::Basic).then(|| format!("2px solid {color}"));
    let size = format!("{:.2}%", percent * 100.0);
    let label = match &title {
        Some(t) => format!("{t}: {full}"),
        None => full.clone(),
    };
    let (text_attr, color_attr) = (full.clone(), color.clone());
    // The value's text sits on the panel: its colour must read there (issue 19, WCAG 1.4.3).
    let text_color = legible_on_panel(&color, font, light);
    view! {
        <div class="sv-item bar" class:vertical=vertical data-testid="bargauge-value" data-value-text=text_attr
            data-value-color=color_attr data-percent=format!("{percent:.4}") data-series-name=item.shown.title.clone()
            style:width=format!("{w:.1}px") style:height=format!("{h:.1}px")>
            {title.map(|t| { let hover = t.clone(); view! { <div class="bar-name" title=hover>{t}</div> } })}
            <div class="bar-track" class:unfilled=model.show_unfilled role="meter" aria-label=label
                aria-valuemin=min.to_string() aria-valuemax=max.to_string() aria-valuetext=full.clone()
                aria-valuenow=value.numeric.is_finite().then(|| value.numeric.to_string())>
                <div class="bar-fill" class:basic=model.bar_mode == BarMode::Basic
                    style:width=(!vertical).then(|| size.clone()) style:height=vertical.then(|| size.clone())
                    style:background=fill style:border-right=(!vertical).then(|| basic_edge.clone()).flatten()
                    style:border-top=vertical.then_some(basic_edge).flatten()></div>
            </div>
            <div class="bar-value" style:color=text_color style:font-size=format!("{font:.1}px")>{full}</div>
        </div>
    }
}
