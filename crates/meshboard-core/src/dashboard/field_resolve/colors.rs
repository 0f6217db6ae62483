//! Grafana's colours: named colours to hex by theme, the classic palette, shades of a colour and
//! the continuous schemes, so a series gets the colour Grafana gives it.
//!
//! Rules from `packages/grafana-data/src/themes/createVisualizationColors.ts` (hues by theme,
//! `getColorByName`, the classic palette) and `packages/grafana-data/src/field/fieldColor.ts`
//! (palette by series index or name hash, shades, continuous schemes).

use serde::Serialize;

/// Which Grafana theme the colours are for: named colours differ between the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeMode {
    #[default]
    Dark,
    Light,
}

/// Grafana's fallback when a colour is missing (`FALLBACK_COLOR`).
pub const FALLBACK_COLOR: &str = "#808080";

const HUES: [&str; 6] = ["red", "orange", "yellow", "green", "blue", "purple"];
const SHADE_PREFIXES: [&str; 5] = ["super-light-", "light-", "", "semi-dark-", "dark-"];

/// Per hue (in [`HUES`] order), the five shades from super-light to dark.
const DARK_SHADES: [[&str; 5]; 6] = [
    ["#FFA6B0", "#FF7383", "#F2495C", "#E02F44", "#C4162A"],
    ["#FFCB7D", "#FFB357", "#FF9830", "#FF780A", "#FA6400"],
    ["#FFF899", "#FFEE52", "#FADE2A", "#F2CC0C", "#E0B400"],
    ["#C8F2C2", "#96D98D", "#73BF69", "#56A64B", "#37872D"],
    ["#C0D8FF", "#8AB8FF", "#5794F2", "#3274D9", "#1F60C4"],
    ["#DEB6F2", "#CA95E5", "#B877D9", "#A352CC", "#8F3BB8"],
];
const LIGHT_SHADES: [[&str; 5]; 6] = [
    ["#FF7383", "#F2495C", "#E02F44", "#C4162A", "#AD0317"],
    ["#FFB357", "#FF9830", "#FF780A", "#FA6400", "#E55400"],
    ["#FFEE52", "#FADE2A", "#F2CC0C", "#E0B400", "#CC9D00"],
    ["#96D98D", "#73BF69", "#56A64B", "#37872D", "#19730E"],
    ["#8AB8FF", "#5794F2", "#3274D9", "#1F60C4", "#1250B0"],
    ["#CA95E5", "#B877D9", "#A352CC", "#8F3BB8", "#7C2EA3"],
];

/// Grafana's classic palette, in order (series `i` takes entry `i % len`).
pub const CLASSIC_PALETTE: [&str; 64] = [
    "green",
    "yellow",
    "blue",
    "orange",
    "red",
    "purple",
    "dark-green",
    "dark-yellow",
    "dark-blue",
    "dark-orange",
    "dark-red",
    "dark-purple",
    "super-light-green",
    "super-light-yellow",
    "super-light-blue",
    "super-light-orange",
    "super-light-red",
    "super-light-purple",
    "#447EBC",
    "#C15C17",
    "#890F02",
    "#0A437C",
    "#6D1F62",
    "#584477",
    "#B7DBAB",
    "#F4D598",
    "#70DBED",
    "#F9BA8F",
    "#F29191",
    "#82B5D8",
    "#E5A8E2",
    "#AEA2E0",
    "#629E51",
    "#E5AC0E",
    "#64B0C8",
    "#E0752D",
    "#BF1B00",
    "#0A50A1",
    "#962D82",
    "#614D93",
    "#9AC48A",
    "#F2C96D",
    "#65C5DB",
    "#F9934E",
    "#EA6460",
    "#5195CE",
    "#D683CE",
    "#806EB7",
    "#3F6833",
    "#967302",
    "#2F575E",
    "#99440A",
    "#58140C",
    "#052B51",
    "#511749",
    "#3F2B5B",
    "#E0F9D7",
    "#FCEACA",
    "#CFFAFF",
    "#F9E2D2",
    "#FCE2DE",
    "#BADFF4",
    "#F9D9F9",
    "#DEDAF7",
];

/// The theme's panel background (`colors.background.primary`), used by `panel-bg` and by the
/// contrast filter of the by-name palette.
fn panel_background(theme: ThemeMode) -> &'static str {
    match theme {
        ThemeMode::Dark => "#181b1f",
        ThemeMode::Light => "#ffffff",
    }
}

/// A Grafana colour name (`green`, `dark-red`, `semi-dark-yellow`, `transparent`, `text`,
/// `panel-bg`) as a CSS colour for `theme`; hex, `rgb(...)` and CSS names pass through, as
/// Grafana's `getColorByName` returns them (a canvas understands CSS names itself).
pub fn color_by_name(name: &str, theme: ThemeMode) -> String {
    if name.is_empty() {
        return FALLBACK_COLOR.to_string();
    }
    let shades = match theme {
        ThemeMode::Dark => &DARK_SHADES,
        ThemeMode::Light => &LIGHT_SHADES,
    };
    for (hue_index, hue) in HUES.iter().enumerate() {
        for (shade_index, prefix) in SHADE_PREFIXES.iter().enumerate() {
            if name.strip_prefix(prefix) == Some(hue) {
                return shades[hue_index][shade_index].to_string();
            }
        }
    }
    match name {
        "transparent" => match theme {
            ThemeMode::Dark => "rgba(0,0,0,0)".into(),
            ThemeMode::Light => "rgba(255, 255, 255, 0)".into(),
        },
        "panel-bg" => panel_background(theme).into(),
        "text" => match theme {
            ThemeMode::Dark => "rgb(204, 204, 220)".into(),
            ThemeMode::Light => "rgba(36, 41, 46, 1)".into(),
        },
        other => other.to_string(),
    }
}

/// The classic palette colour of the series at `series_index` (non-time fields counted).
pub fn palette_color(series_index: usize, theme: ThemeMode) -> String {
    color_by_name(CLASSIC_PALETTE[series_index % CLASSIC_PALETTE.len()], theme)
}

/// `palette-classic-by-name`: the palette entry chosen by a hash of the display name, among
/// the entries that contrast enough with the panel background (ratio >= 3, Grafana's
/// `contrastThreshold`), so a series keeps its colour whatever its position.
pub fn palette_color_by_name(name: &str, theme: ThemeMode) -> String {
    let background = parse_rgb(panel_background(theme)).unwrap_or([0.0; 3]);
    let usable: Vec<String> = CLASSIC_PALETTE
        .iter()
        .map(|c| color_by_name(c, theme))
        .filter(|c| parse_rgb(c).is_some_and(|rgb| contrast_ratio(rgb, background) >= 3.0))
        .collect();
    if usable.is_empty() {
        return FALLBACK_COLOR.to_string();
    }
    usable[string_hash(name) as usize % usable.len()].clone()
}

/// The `string-hash` package Grafana uses: djb2 over UTF-16 units, from the end, xor variant.
fn string_hash(text: &str) -> u32 {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut hash: i32 = 5381;
    for unit in units.iter().rev() {
        hash = hash.wrapping_mul(33) ^ i32::from(*unit);
    }
    hash as u32
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(...)` or `rgba(...)` as 0-255 channels.
pub fn parse_rgb(color: &str) -> Option<[f64; 3]> {
    let color = color.trim();
    if let Some(hex) = color.strip_prefix('#') {
        let channel = |s: &str| u8::from_str_radix(s, 16).ok().map(f64::from);
        return match hex.len() {
            3 | 4 => {
                let c: Vec<char> = hex.chars().collect();
                Some([
                    channel(&format!("{0}{0}", c[0]))?,
                    channel(&format!("{0}{0}", c[1]))?,
                    channel(&format!("{0}{0}", c[2]))?,
                ])
            }
            6 | 8 => Some([
                channel(hex.get(0..2)?)?,
                channel(hex.get(2..4)?)?,
                channel(hex.get(4..6)?)?,
            ]),
            _ => None,
        };
    }
    let inner = color
        .strip_prefix("rgba(")
        .or_else(|| color.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split(',')
        .take(3)
        .filter_map(|p| p.trim().parse().ok())
        .collect();
    (parts.len() == 3).then(|| [parts[0], parts[1], parts[2]])
}

fn to_hex(rgb: [f64; 3]) -> String {
    let byte = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        byte(rgb[0]),
        byte(rgb[1]),
        byte(rgb[2])
    )
}

/// WCAG relative luminance and contrast ratio (Grafana's `colorManipulator.getContrastRatio`).
fn luminance(rgb: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
}

fn contrast_ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// RGB (0..255) to HSL (hue in degrees, saturation and lightness 0..1), as tinycolor does.
pub fn rgb_to_hsl(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb.map(|c| c / 255.0);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let l = (max + min) / 2.0;
    if max == min {
        return [0.0, 0.0, l];
    }
    let d = max - min;
    let s = if l > 0.5 {
        d / (2.0 - max - min)
    } else {
        d / (max + min)
    };
    let h = if max == r {
        (g - b) / d + if g < b { 6.0 } else { 0.0 }
    } else if max == g {
        (b - r) / d + 2.0
    } else {
        (r - g) / d + 4.0
    };
    [h * 60.0, s, l]
}

/// HSL (hue in degrees, saturation and lightness 0..1) to RGB (0..255).
pub fn hsl_to_rgb(hsl: [f64; 3]) -> [f64; 3] {
    let [h, s, l] = hsl;
    if s == 0.0 {
        return [l * 255.0; 3];
    }
    let q = if l < 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let p = 2.0 * l - q;
    let hue = |mut t: f64| {
        if t < 0.0 {
            t += 1.0;
        }
        if t > 1.0 {
            t -= 1.0;
        }
        if t < 1.0 / 6.0 {
            p + (q - p) * 6.0 * t
        } else if t < 0.5 {
            q
        } else if t < 2.0 / 3.0 {
            p + (q - p) * (2.0 / 3.0 - t) * 6.0
        } else {
            p
        }
    };
    let h = h / 360.0;
    [hue(h + 1.0 / 3.0), hue(h), hue(h - 1.0 / 3.0)].map(|c| c * 255.0)
}

/// tinycolor's `spin` (rotate the hue by degrees).
fn spin(rgb: [f64; 3], degrees: f64) -> [f64; 3] {
    let [h, s, l] = rgb_to_hsl(rgb);
    hsl_to_rgb([(h + degrees).rem_euclid(360.0), s, l])
}

/// tinycolor's `brighten` (add a share of 255 to every channel).
fn brighten(rgb: [f64; 3], percent: f64) -> [f64; 3] {
    let add = (255.0 * percent / 100.0).round();
    rgb.map(|c| (c + add).clamp(0.0, 255.0))
}

/// tinycolor's `darken` (lower the HSL lightness).
fn darken(rgb: [f64; 3], percent: f64) -> [f64; 3] {
    let [h, s, l] = rgb_to_hsl(rgb);
    hsl_to_rgb([h, s, (l - percent / 100.0).clamp(0.0, 1.0)])
}

/// `shades` mode: the base colour, then alternately brighter and darker shades of it (hue
/// spun by up to 10 degrees, lightness by up to 35%), series `i` taking shade `i % 11`.
pub fn shade_color(base: &str, series_index: usize, theme: ThemeMode) -> String {
    let base_css = color_by_name(base, theme);
    let Some(rgb) = parse_rgb(&base_css) else {
        return base_css;
    };
    const SHADES: usize = 6;
    let mut colors = vec![base_css.clone()];
    for i in 1..SHADES {
        let share = i as f64 / SHADES as f64;
        colors.push(to_hex(brighten(spin(rgb, share * 10.0), share * 35.0)));
        colors.push(to_hex(darken(spin(rgb, -share * 10.0), share * 35.0)));
    }
    colors[series_index % colors.len()].clone()
}

/// The colours of a continuous scheme (`continuous-GrYlRd` ...), or `None` for schemes drawn
/// from d3's perceptual maps (viridis, magma ...), which Meshboard does not carry.
fn continuous_stops(mode: &str) -> Option<&'static [&'static str]> {
    Some(match mode {
        "continuous-GrYlRd" => &["green", "yellow", "red"],
        "continuous-RdYlGr" => &["red", "yellow", "green"],
        "continuous-BlYlRd" => &["dark-blue", "super-light-yellow", "dark-red"],
        "continuous-YlRd" => &["super-light-yellow", "dark-red"],
        "continuous-BlPu" => &["blue", "purple"],
        "continuous-YlBl" => &["super-light-yellow", "dark-blue"],
        "continuous-blues" => &["panel-bg", "dark-blue"],
        "continuous-reds" => &["panel-bg", "dark-red"],
        "continuous-greens" => &["panel-bg", "dark-green"],
        "continuous-purples" => &["panel-bg", "dark-purple"],
        _ => return None,
    })
}

/// A continuous scheme's stop colours in the theme (`continuous-GrYlRd`: green, yellow,
/// red), as a `scheme` gradient spreads them over the field's range.
pub fn scheme_colors(mode: &str, theme: ThemeMode) -> Option<Vec<String>> {
    Some(
        continuous_stops(mode)?
            .iter()
            .map(|name| color_by_name(name, theme))
            .collect(),
    )
}

/// Whether Meshboard knows the stops of this continuous scheme.
pub fn is_known_continuous(mode: &str) -> bool {
    continuous_stops(mode).is_some()
}

/// A continuous scheme's colour at `percent` (0..1 of the field's range): d3's uniform
/// B-spline through the stops (`interpolateRgbBasis`), as Grafana draws these schemes.
pub fn continuous_color(mode: &str, percent: f64, theme: ThemeMode) -> Option<String> {
    let stops: Vec<[f64; 3]> = continuous_stops(mode)?
        .iter()
        .filter_map(|name| parse_rgb(&color_by_name(name, theme)))
        .collect();
    let n = stops.len().checked_sub(1).filter(|n| *n > 0)?;
    let t = if percent.is_finite() {
        percent.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let i = if t >= 1.0 {
        n - 1
    } else {
        (t * n as f64).floor() as usize
    };
    let mut rgb = [0.0; 3];
    for (channel, out) in rgb.iter_mut().enumerate() {
        let v1 = stops[i][channel];
        let v2 = stops[i + 1][channel];
        let v0 = if i > 0 {
            stops[i - 1][channel]
        } else {
            2.0 * v1 - v2
        };
        let v3 = if i + 2 <= n {
            stops[i + 2][channel]
        } else {
            2.0 * v2 - v1
        };
        let t1 = (t - i as f64 / n as f64) * n as f64;
        let (t2, t3) = (t1 * t1, t1 * t1 * t1);
        *out = ((1.0 - 3.0 * t1 + 3.0 * t2 - t3) * v0
            + (4.0 - 6.0 * t2 + 3.0 * t3) * v1
            + (1.0 + 3.0 * t1 + 3.0 * t2 - 3.0 * t3) * v2
            + t3 * v3)
            / 6.0;
    }
    Some(to_hex(rgb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_colours_follow_the_theme() {
        assert_eq!(color_by_name("green", ThemeMode::Dark), "#73BF69");
        assert_eq!(color_by_name("dark-red", ThemeMode::Dark), "#C4162A");
        assert_eq!(
            color_by_name("semi-dark-yellow", ThemeMode::Dark),
            "#F2CC0C"
        );
        assert_eq!(
            color_by_name("super-light-blue", ThemeMode::Dark),
            "#C0D8FF"
        );
        assert_eq!(color_by_name("green", ThemeMode::Light), "#56A64B");
        assert_eq!(color_by_name("#890F02", ThemeMode::Dark), "#890F02");
        assert_eq!(
            color_by_name("rgba(50, 172, 45, 0.97)", ThemeMode::Dark),
            "rgba(50, 172, 45, 0.97)"
        );
        assert_eq!(color_by_name("", ThemeMode::Dark), FALLBACK_COLOR);
    }

    #[test]
    fn palette_wraps_by_series_index() {
        assert_eq!(palette_color(0, ThemeMode::Dark), "#73BF69");
        assert_eq!(palette_color(1, ThemeMode::Dark), "#FADE2A");
        assert_eq!(palette_color(18, ThemeMode::Dark), "#447EBC");
        assert_eq!(palette_color(64, ThemeMode::Dark), "#73BF69");
    }

    #[test]
    fn by_name_palette_is_stable_and_readable() {
        let a = palette_color_by_name("cpu0", ThemeMode::Dark);
        assert_eq!(a, palette_color_by_name("cpu0", ThemeMode::Dark));
        let rgb = parse_rgb(&a).expect("hex");
        assert!(contrast_ratio(rgb, [24.0, 27.0, 31.0]) >= 3.0);
        // string-hash("a") = (5381 * 33) ^ 97
        assert_eq!(string_hash("a"), (5381 * 33) ^ 97);
    }

    #[test]
    fn shades_start_at_the_base_colour_and_alternate() {
        assert_eq!(shade_color("blue", 0, ThemeMode::Dark), "#5794F2");
        let brighter = parse_rgb(&shade_color("blue", 1, ThemeMode::Dark)).expect("hex");
        let darker = parse_rgb(&shade_color("blue", 2, ThemeMode::Dark)).expect("hex");
        assert!(luminance(brighter) > luminance([87.0, 148.0, 242.0]));
        assert!(luminance(darker) < luminance([87.0, 148.0, 242.0]));
        assert_eq!(shade_color("blue", 11, ThemeMode::Dark), "#5794F2");
    }

    #[test]
    fn continuous_scheme_runs_through_its_stops() {
        let low = continuous_color("continuous-GrYlRd", 0.0, ThemeMode::Dark).expect("known");
        let high = continuous_color("continuous-GrYlRd", 1.0, ThemeMode::Dark).expect("known");
        // The B-spline starts and ends on the first and last stop.
        assert_eq!(low, "#73bf69");
        assert_eq!(high, "#f2495c");
        assert!(continuous_color("continuous-viridis", 0.5, ThemeMode::Dark).is_none());
    }
}
