//! Where a stat, gauge or bar gauge draws its value inside the box the panel gives it: the
//! gauge's arc fitted to the box, the font sizes that fit the text, the boxes of several
//! values, the threshold marker bands, and a text colour readable on a coloured background.
//!
//! Grafana measures text with a canvas; the core has none, so [`text_width`] estimates the
//! width from per-character advances of a proportional sans-serif (digits are tabular). The
//! rules are Grafana's:
//! - `packages/grafana-ui/src/components/Gauge/Gauge.tsx` and `utils.ts`
//!   (`calculateGaugeAutoProps`): title below the gauge at `min(width * 0.1, 20)` px, the gauge
//!   `min(width, height - title)` square, band `min(dimension / 5.5, 40)`, threshold markers a
//!   fifth of the band, value font fitted to the inner width and capped at 1.7 bands;
//! - the flot gauge plugin Grafana draws it with: a 270° arc from 135° (clockwise from the
//!   right, y down), radius limited by half the width and by the height over `1 + sin 45°`;
//! - `packages/grafana-ui/src/utils/measureText.ts` (`calculateFontSize`): the size fitting
//!   both the width and the height, capped;
//! - `packages/grafana-ui/src/components/BigValue/BigValueLayout.tsx`: padding 12 px above
//!   100 px height else 8, title at most 30 px, the sparkline below or beside the text;
//! - `packages/grafana-data/src/themes/colorManipulator.ts` for the contrast ratio.

use std::f64::consts::FRAC_1_SQRT_2;

use crate::dashboard::field_resolve::colors::{hsl_to_rgb, rgb_to_hsl};
use crate::dashboard::{ThresholdStep, Thresholds, ThresholdsMode};

/// Where the gauge's arc starts (degrees clockwise from the right, y down: bottom left).
pub const GAUGE_START_DEG: f64 = 135.0;
/// How far the arc goes round (to the bottom right).
pub const GAUGE_SWEEP_DEG: f64 = 270.0;
/// Line height of stat text (`LINE_HEIGHT` in BigValueLayout).
pub const LINE_HEIGHT: f64 = 1.2;
/// The unit's prefix and suffix are drawn at this share of the value's size.
pub const AFFIX_SCALE: f64 = 0.7;

/// Estimated width in px of `text` at `font_px` in the UI's sans-serif (Inter-like advances).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 0.62,
            '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'j' | 'l' | 'I' => 0.3,
            ' ' => 0.28,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.9,
            'A'..='Z' => 0.7,
            c if c.is_ascii() => 0.56,
            // Wide glyphs (CJK, symbols) take about a full em.
            _ => 1.0,
        })
        .sum();
    ems * font_px
}

/// `calculateFontSize`: the largest size at which `text` fits `width` and one line of
/// `line_height` fits `height`, capped at `max`; never negative.
pub fn fit_font_size(text: &str, width: f64, height: f64, line_height: f64, max: f64) -> f64 {
    let at_14 = text_width(text, 14.0);
    let by_width = width / (at_14 + 2.0) * 14.0;
    let by_height = height / line_height;
    by_width.min(by_height).min(max).max(0.0)
}

/// A gauge laid out in its box (px, origin top left of the box).
#[derive(Debug, Clone, PartialEq)]
pub struct GaugeLayout {
    pub cx: f64,
    pub cy: f64,
    /// Outer radius of the value band.
    pub radius: f64,
    /// Thickness of the value band (drawn inwards from `radius`).
    pub band: f64,
    /// Thickness of the threshold marker ring outside the band (0 without markers).
    pub marker: f64,
    /// The value's font size, centred on (cx, cy).
    pub value_font: f64,
    /// The title's font size and the y of its centre line (0 and unused without a title).
    pub title_font: f64,
    pub title_y: f64,
    /// The box everything is drawn in: top, bottom, left, right.
    pub bounds: (f64, f64, f64, f64),
}

/// Lays out one gauge in a `width` x `height` box: the arc as large as fits, centred, with
/// the title under it when there is one and room for the value text inside the arc.
pub fn gauge_layout(
    width: f64,
    height: f64,
    value_text: &str,
    title: Option<&str>,
    markers: bool,
) -> GaugeLayout {
    let (width, height) = (width.max(0.0), height.max(0.0));
    let title_font = if title.is_some_and(|t| !t.is_empty()) {
        ((width * 0.15) / 1.5).min(20.0)
    } else {
        0.0
    };
    let title_h = title_font * 1.5;
    let gauge_h = (height - title_h).min(width).max(0.0);
    let dimension = width.min(gauge_h);
    let mut band = (dimension / 5.5).min(40.0);
    let marker = if markers { band / 5.0 } else { 0.0 };
    let value_width_base = width.min(dimension * 1.3) * 0.9;
    let value_width = value_width_base - ((band + marker) * 2.0 + 10.0);
    let value_font = fit_font_size(value_text, value_width.max(0.0), dimension, 1.0, band * 1.7);
    let value_margin = (dimension / 30.0).max(1.0);
    // The flot gauge: radius bounded by the half width and by the height the arc takes
    // (the arc reaches sin 45° of its radius below the centre).
    let max_h = width / 2.0 - marker;
    let mut outer_v = gauge_h / (1.0 + FRAC_1_SQRT_2);
    if outer_v * FRAC_1_SQRT_2 < value_margin + value_font / 2.0 {
        outer_v = gauge_h - value_margin - value_font / 2.0;
    }
    let max_v = outer_v - marker;
    let radius = max_h.min(max_v).max(0.0);
    if band >= radius {
        band = (radius / 3.0).max(3.0).min(radius);
    }
    let outer = radius + marker;
    let below = (outer * FRAC_1_SQRT_2).max(value_margin + value_font / 2.0);
    let gauge_outer_h = outer + below;
    let block_h = gauge_outer_h + title_h;
    let top = ((height - block_h) / 2.0).max(0.0);
    let cx = width / 2.0;
    let cy = top + outer;
    GaugeLayout {
        cx,
        cy,
        radius,
        band,
        marker,
        value_font,
        title_font,
        title_y: top + gauge_outer_h + title_h / 2.0,
        bounds: (top, top + block_h, cx - outer, cx + outer),
    }
}

/// The point at `fraction` (0..1) along the gauge's arc, at radius `r`.
fn arc_point(cx: f64, cy: f64, r: f64, fraction: f64) -> (f64, f64) {
    let a = (GAUGE_START_DEG + GAUGE_SWEEP_DEG * fraction).to_radians();
    (cx + r * a.cos(), cy + r * a.sin())
}

/// An SVG path along the gauge's arc at radius `r` from `from` to `to` (fractions, clamped),
/// to be stroked; empty when the segment has no length.
pub fn arc_path(cx: f64, cy: f64, r: f64, from: f64, to: f64) -> String {
    let (from, to) = (from.clamp(0.0, 1.0), to.clamp(0.0, 1.0));
    if to <= from || r <= 0.0 {
        return String::new();
    }
    let (x0, y0) = arc_point(cx, cy, r, from);
    let (x1, y1) = arc_point(cx, cy, r, to);
    let large = u8::from(GAUGE_SWEEP_DEG * (to - from) > 180.0);
    format!("M {x0:.2} {y0:.2} A {r:.2} {r:.2} 0 {large} 1 {x1:.2} {y1:.2}")
}

/// The coloured bands of a gauge's threshold markers: each step from its value to the next
/// step's, as fractions of min..max (percentage thresholds are already fractions), clamped.
pub fn threshold_bands(thresholds: &Thresholds, min: f64, max: f64) -> Vec<(f64, f64, String)> {
    let fraction = |step: &ThresholdStep| -> f64 {
        match (step.value, thresholds.mode) {
            (None, _) => 0.0,
            (Some(v), ThresholdsMode::Percentage) => v / 100.0,
            (Some(v), ThresholdsMode::Absolute) if max > min => (v - min) / (max - min),
            (Some(_), ThresholdsMode::Absolute) => 0.0,
        }
        .clamp(0.0, 1.0)
    };
    let steps = &thresholds.steps;
    steps
        .iter()
        .enumerate()
        .filter_map(|(i, step)| {
            let from = fraction(step);
            let to = steps.get(i + 1).map_or(1.0, fraction);
            (to > from).then(|| (from, to, step.color.clone()))
        })
        .collect()
}

/// The font sizes of one stat value: the title (0 without one) and the value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatFonts {
    pub title: f64,
    pub value: f64,
    /// Height left for the sparkline under (stacked) or behind (wide) the text, px.
    pub chart_height: f64,
    pub padding: f64,
}

/// BigValueLayout's sizes for a value box of `width` x `height`: `value_text` is prefix,
/// number and suffix as drawn (the affixes count at [`AFFIX_SCALE`]); `wide` puts the title
/// beside the value; `chart` reserves the sparkline's share.
pub fn stat_fonts(
    width: f64,
    height: f64,
    title: Option<&str>,
    value_text: (&str, &str, &str),
    wide: bool,
    chart: bool,
) -> StatFonts {
    let padding = if height > 100.0 { 12.0 } else { 8.0 };
    let max_w = (width - padding * 2.0).max(0.0);
    let max_h = (height - padding * 2.0).max(0.0);
    // The value measured as drawn: affixes smaller, so they count for less width.
    let (prefix, number, suffix) = value_text;
    let affix_chars =
        ((prefix.chars().count() + suffix.chars().count()) as f64 * AFFIX_SCALE).ceil() as usize;
    let measured = format!("{number}{}", "0".repeat(affix_chars));
    let title = title.filter(|t| !t.is_empty());
    let chart_height = if chart {
        if wide {
            height
        } else {
            (height * 0.25).min(80.0)
        }
    } else {
        0.0
    };
    if wide {
        // Title on the left, value on the right, each in its half (title at most 40%).
        let title_font = title.map_or(0.0, |t| {
            fit_font_size(t, max_w * 0.4, max_h, LINE_HEIGHT, 30.0)
        });
        let value_w = if title.is_some() { max_w * 0.6 } else { max_w };
        let value_font = fit_font_size(&measured, value_w, max_h, LINE_HEIGHT, f64::MAX);
        return StatFonts {
            title: title_font,
            value: value_font,
            chart_height,
            padding,
        };
    }
    let text_h = (max_h - chart_height).max(0.0);
    let title_font = title.map_or(0.0, |t| {
        fit_font_size(t, max_w, text_h * 0.2, LINE_HEIGHT, 30.0)
    });
    let value_h = (text_h - title_font * LINE_HEIGHT).max(0.0);
    StatFonts {
        title: title_font,
        value: fit_font_size(&measured, max_w, value_h, LINE_HEIGHT, f64::MAX),
        chart_height,
        padding,
    }
}

/// The box of each of `count` values laid out side by side (`vertical`, VizRepeater's
/// vertical orientation) or stacked, with `gap` px between them.
pub fn repeat_box(count: usize, width: f64, height: f64, vertical: bool, gap: f64) -> (f64, f64) {
    let n = count.max(1) as f64;
    let gaps = gap * (n - 1.0);
    if vertical {
        (((width - gaps) / n).max(0.0), height.max(0.0))
    } else {
        (width.max(0.0), ((height - gaps) / n).max(0.0))
    }
}

/// An sRGB colour (0..255 channels).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f64, pub f64, pub f64);

/// Reads `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(...)` and `rgba(...)`; anything else is `None`
/// (CSS names and variables are the caller's to resolve).
pub fn parse_color(text: &str) -> Option<Rgb> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
        return match hex.len() {
            3 | 4 => Some(Rgb(
                f64::from(digit(0, 1)? * 17),
                f64::from(digit(1, 1)? * 17),
                f64::from(digit(2, 1)? * 17),
            )),
            6 | 8 => Some(Rgb(
                f64::from(digit(0, 2)?),
                f64::from(digit(2, 2)?),
                f64::from(digit(4, 2)?),
            )),
            _ => None,
        };
    }
    let inner = t
        .strip_prefix("rgba(")
        .or_else(|| t.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .take(3)
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    (parts.len() == 3).then(|| Rgb(parts[0], parts[1], parts[2]))
}

impl Rgb {
    /// WCAG relative luminance.
    pub fn luminance(self) -> f64 {
        let lin = |c: f64| {
            let c = (c / 255.0).clamp(0.0, 1.0);
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    pub fn css(self) -> String {
        format!(
            "rgb({}, {}, {})",
            self.0.round().clamp(0.0, 255.0),
            self.1.round().clamp(0.0, 255.0),
            self.2.round().clamp(0.0, 255.0)
        )
    }

    /// HSL lightness changed by `delta` (-1..1) and hue turned by `spin` degrees (tinycolor's
    /// `darken`/`lighten` and `spin`, which Grafana's background gradient uses).
    pub fn adjust(self, delta: f64, spin: f64) -> Rgb {
        let (h, s, l) = self.hsl();
        from_hsl((h + spin).rem_euclid(360.0), s, (l + delta).clamp(0.0, 1.0))
    }

    fn hsl(self) -> (f64, f64, f64) {
        let [h, s, l] = rgb_to_hsl([self.0, self.1, self.2]);
        (h, s, l)
    }
}

fn from_hsl(h: f64, s: f64, l: f64) -> Rgb {
    let [r, g, b] = hsl_to_rgb([h, s, l]);
    Rgb(r, g, b)
}

/// WCAG contrast ratio of two colours (1..21).
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Grafana's light and dark text colours on coloured backgrounds.
pub const LIGHT_TEXT: &str = "rgb(247, 248, 250)";
pub const DARK_TEXT: &str = "rgb(32, 34, 38)";

/// The text colour readable on `background`: whichever of Grafana's light and dark text
/// colours contrasts more (Grafana picks by brightness, which leaves white on light green
/// below 3:1; the larger contrast keeps the value readable). `None` when the colour cannot
/// be read (the caller keeps the theme's text colour).
pub fn readable_text_on(background: &str) -> Option<&'static str> {
    let bg = parse_color(background)?;
    let light = contrast_ratio(bg, Rgb(247.0, 248.0, 250.0));
    let dark = contrast_ratio(bg, Rgb(32.0, 34.0, 38.0));
    Some(if light >= dark { LIGHT_TEXT } else { DARK_TEXT })
}

/// The two ends of the stat's `background` gradient (BigValue's `getBackgroundColorStyle`:
/// darkened 15% and spun +8°, darkened 5% and spun -8°; lightened on a light theme) and the
/// middle colour text is measured against. `None` when the colour cannot be read.
pub fn background_gradient(color: &str, light_theme: bool) -> Option<(String, String, String)> {
    let base = parse_color(color)?;
    let sign = if light_theme { 1.0 } else { -1.0 };
    let from = base.adjust(sign * 0.05, -8.0);
    let to = base.adjust(sign * 0.15, 8.0);
    let mid = base.adjust(sign * 0.10, 0.0);
    Some((from.css(), to.css(), mid.css()))
}

/// The stat's sparkline in a `width` x `height` box: the line and the area under it as SVG
/// paths, from (time, value) points (non-finite values skipped, at most about one point per
/// pixel). A flat series is drawn across the middle. `None` below two points.
pub fn sparkline_paths(points: &[(f64, f64)], width: f64, height: f64) -> Option<(String, String)> {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(t, v)| t.is_finite() && v.is_finite())
        .collect();
    if finite.len() < 2 || width <= 0.0 || height <= 0.0 {
        return None;
    }
    let (t0, t1) = (finite[0].0, finite[finite.len() - 1].0);
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    let span_t = if t1 > t0 { t1 - t0 } else { 1.0 };
    let stride = (finite.len() as f64 / width.max(1.0)).ceil().max(1.0) as usize;
    let y = |v: f64| {
        if hi > lo {
            // A pixel of margin so the line's stroke is not clipped.
            1.0 + (hi - v) / (hi - lo) * (height - 2.0)
        } else {
            height / 2.0
        }
    };
    let mut picked: Vec<(f64, f64)> = finite.iter().step_by(stride).copied().collect();
    if picked.last() != finite.last() {
        picked.push(finite[finite.len() - 1]);
    }
    let coords: Vec<(f64, f64)> = picked
        .iter()
        .map(|(t, v)| ((t - t0) / span_t * width, y(*v)))
        .collect();
    let line = coords
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{x:.1} {y:.1}", if i == 0 { "M " } else { " L " }))
        .collect::<String>();
    let (first_x, last_x) = (coords[0].0, coords[coords.len() - 1].0);
    let area = format!("{line} L {last_x:.1} {height:.1} L {first_x:.1} {height:.1} Z");
    Some((line, area))
}

#[cfg(test)]
#[path = "value_layout_tests.rs"]
mod tests;
