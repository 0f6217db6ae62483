//! One stat value as Grafana's BigValue draws it: title and value sized to the box (wide:
//! side by side, else stacked), the unit's prefix and suffix smaller, the colour mode on the
//! text or as the background (with a text colour readable on it), the sparkline below.

use super::sparkline::Sparkline;
use super::Item;
use crate::core::panel_calc::single_value::{
    stat_look, Background, ColorMode, StatLayout, StatOptions, TextColor,
};
use crate::core::panel_calc::value_layout::{
    background_gradient, readable_text_on, stat_fonts, AFFIX_SCALE,
};
use crate::core::text_contrast::legible_on_panel;
use leptos::prelude::*;

/// The text colour and the CSS background of a look (`None`: the theme's).
fn paint(
    text: &TextColor,
    background: &Background,
    light: bool,
) -> (Option<String>, Option<String>) {
    let on = |bg: &str| readable_text_on(bg).map(str::to_string);
    match (text, background) {
        (TextColor::Theme, _) => (None, None),
        (TextColor::Value(c), _) => (Some(c.clone()), None),
        (TextColor::ContrastOn(_), Background::Solid(c)) => (on(c), Some(c.clone())),
        (TextColor::ContrastOn(_), Background::Gradient(c)) => {
            match background_gradient(c, light) {
                Some((from, to, mid)) => (
                    on(&mid),
                    Some(format!("linear-gradient(120deg, {to}, {from})")),
                ),
                None => (on(c), Some(c.clone())),
            }
        }
        (TextColor::ContrastOn(c), Background::Transparent) => (Some(c.clone()), None),
    }
}

pub fn stat_view(
    item: Item,
    options: &StatOptions,
    count: usize,
    w: f64,
    h: f64,
    light: bool,
) -> impl IntoView {
    let value = &item.shown.value;
    let look = stat_look(
        options,
        value,
        &item.shown.title,
        count,
        w,
        h,
        item.points.len(),
    );
    let wide = matches!(
        look.layout,
        StatLayout::WideNoChart | StatLayout::WideWithChart
    );
    let prefix = look.prefix.clone().unwrap_or_default();
    let suffix = look.suffix.clone().unwrap_or_default();
    let fonts = stat_fonts(
        w,
        h,
        look.title.as_deref(),
        (&prefix, &look.text, &suffix),
        wide,
        look.show_sparkline,
    );
    let (text_color, background) = paint(&look.text_color, &look.background, light);
    // Straight on the panel, a threshold colour is darkened or lightened until it reads
    // (issue 19, WCAG 1.4.3); `data-value-color` keeps the colour the value resolved to.
    let drawn_color = match (&look.background, &text_color) {
        (Background::Transparent, Some(c)) => legible_on_panel(c, fonts.value, light),
        (_, c) => c.clone().unwrap_or_default(),
    };
    // The colour the background is painted from (a gradient runs around it), for tests.
    let bg_color = match &look.background {
        Background::Solid(c) | Background::Gradient(c) => c.clone(),
        Background::Transparent => "none".into(),
    };
    let mode = match options.color_mode {
        ColorMode::None => "none",
        ColorMode::Value => "value",
        ColorMode::Background => "background",
        ColorMode::BackgroundSolid => "background_solid",
    };
    // Background modes draw the sparkline in the text colour over the colour.
    let spark_color = match look.background {
        Background::Transparent => look.sparkline_color.clone(),
        _ => text_color.clone().unwrap_or_else(|| "var(--text)".into()),
    };
    let affix_px = format!("{:.1}px", fonts.value * AFFIX_SCALE);
    let layout = format!("{:?}", look.layout);
    let show_spark = look.show_sparkline;
    let chart_h = fonts.chart_height;
    let points = item.points.clone();
    let spark_w = w;
    view! {
        <div class="sv-item stat" class:wide=wide class:centered=look.justify_center data-testid="stat-value"
            data-value-text=value.full_text() data-value-color=text_color.clone().unwrap_or_else(|| "text".into())
            data-color-mode=mode data-bg-color=bg_color data-layout=layout data-series-name=item.shown.title.clone()
            title=look.tooltip.clone().unwrap_or_default()
            style:width=format!("{w:.1}px") style:height=format!("{h:.1}px") style:padding=format!("{}px", fonts.padding)
            style:background=background.clone().unwrap_or_default()>
            {look.title.clone().map(|t| view! {
                <div class="sv-title" style:font-size=format!("{:.1}px", fonts.title)>{t}</div>
            })}
            <div class="sv-value" style:color=drawn_color style:font-size=format!("{:.1}px", fonts.value)>
                {(!prefix.is_empty()).then(|| view! { <span class="sv-affix" style:font-size=affix_px.clone()>{prefix.clone()}</span> })}
                {look.text.clone()}
                {(!suffix.is_empty()).then(|| view! { <span class="sv-affix" style:font-size=affix_px.clone()>{suffix.clone()}</span> })}
            </div>
            {show_spark.then(|| view! { <Sparkline points color=spark_color width=spark_w height=chart_h /> })}
        </div>
    }
}
