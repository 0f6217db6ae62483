//! Colours: the theme (CSS colour strings the UI reads from CSS variables) and the series palette.

/// Colours and font of a chart, as CSS strings (for example read with `getComputedStyle` from the
/// theme's CSS variables), so the chart follows the dark and light themes without knowing them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartTheme {
    pub background: String,
    pub text: String,
    pub grid: String,
    pub axis: String,
    pub crosshair: String,
    pub selection_fill: String,
    pub selection_stroke: String,
    /// CSS font shorthand for tick labels, e.g. `12px sans-serif`.
    pub font: String,
}

impl Default for ChartTheme {
    /// Grafana's dark theme.
    fn default() -> Self {
        ChartTheme {
            background: "#181b1f".into(),
            text: "#ccccdc".into(),
            grid: "rgba(204, 204, 220, 0.12)".into(),
            axis: "rgba(204, 204, 220, 0.3)".into(),
            crosshair: "rgba(255, 120, 10, 0.9)".into(),
            selection_fill: "rgba(120, 120, 130, 0.2)".into(),
            selection_stroke: "rgba(120, 120, 130, 0.6)".into(),
            font: "12px sans-serif".into(),
        }
    }
}

/// Grafana's classic palette, in Grafana's order, so series keep the colours users know.
pub const CLASSIC_PALETTE: [&str; 56] = [
    "#7EB26D", "#EAB839", "#6ED0E0", "#EF843C", "#E24D42", "#1F78C1", "#BA43A9", "#705DA0",
    "#508642", "#CCA300", "#447EBC", "#C15C17", "#890F02", "#0A437C", "#6D1F62", "#584477",
    "#B7DBAB", "#F4D598", "#70DBED", "#F9BA8F", "#F29191", "#82B5D8", "#E5A8E2", "#AEA2E0",
    "#629E51", "#E5AC0E", "#64B0C8", "#E0752D", "#BF1B00", "#0A50A1", "#962D82", "#614D93",
    "#9AC48A", "#F2C96D", "#65C5DB", "#F9934E", "#EA6460", "#5195CE", "#D683CE", "#806EB7",
    "#3F6833", "#967302", "#2F575E", "#99440A", "#58140C", "#052B51", "#511749", "#3F2B5B",
    "#E0F9D7", "#FCEACA", "#CFFAFF", "#F9E2D2", "#FCE2DE", "#BADFF4", "#F9D9F9", "#DEDAF7",
];

/// The palette colour of the series at `index`; wraps around after the last colour.
pub fn palette_color(index: usize) -> &'static str {
    CLASSIC_PALETTE[index % CLASSIC_PALETTE.len()]
}

/// The colour of a series: its override if the spec has one, else the palette colour.
pub fn series_color(overrides: &[(usize, String)], index: usize) -> &str {
    overrides
        .iter()
        .find(|(i, _)| *i == index)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| palette_color(index))
}

/// The size in px of a CSS font shorthand (`bold 12px sans-serif` -> 12), for the layout.
pub fn font_px(font: &str) -> Option<f64> {
    font.split_whitespace()
        .find_map(|word| {
            word.split('/')
                .next()?
                .strip_suffix("px")?
                .parse::<f64>()
                .ok()
        })
        .filter(|px| px.is_finite() && *px > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_starts_like_grafana_and_wraps() {
        assert_eq!(palette_color(0), "#7EB26D");
        assert_eq!(palette_color(1), "#EAB839");
        assert_eq!(palette_color(56), "#7EB26D");
    }

    #[test]
    fn font_size_is_read_from_the_shorthand() {
        assert_eq!(font_px("12px sans-serif"), Some(12.0));
        assert_eq!(font_px("bold 11.5px/1.2 Inter, sans-serif"), Some(11.5));
        assert_eq!(font_px("1em serif"), None);
        assert_eq!(font_px("-3px x"), None);
    }

    #[test]
    fn overrides_win_over_the_palette() {
        let overrides = vec![(1, "red".to_string())];
        assert_eq!(series_color(&overrides, 1), "red");
        assert_eq!(series_color(&overrides, 2), "#6ED0E0");
    }
}
