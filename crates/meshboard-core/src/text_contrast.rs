//! Text the app colours from data (a stat's threshold colour, a bar gauge's value) must still
//! read on the panel (WCAG 1.4.3): Grafana's palette is made for its dark theme, and orange or
//! green text on a white panel falls to 2–3:1. [`legible_text`] keeps the hue and moves the
//! lightness away from the background just far enough to reach the ratio.

use crate::panel_calc::value_layout::{contrast_ratio, parse_color};

/// The panel backgrounds text is drawn on: `--bg-panel` of style/main.css in each theme.
pub const PANEL_BG_DARK: &str = "#181b1f";
pub const PANEL_BG_LIGHT: &str = "#ffffff";

/// The ratio text of `font_px` needs: 3:1 for large text (24 px and up), 4.5:1 below.
pub fn required_ratio(font_px: f64) -> f64 {
    if font_px >= 24.0 {
        3.0
    } else {
        4.5
    }
}

/// `color` as it should be drawn on `background` to reach `min` contrast: `None` when it
/// already does (or either colour cannot be read), else the same hue darkened (on a light
/// background) or lightened (on a dark one) in small steps until it does.
pub fn legible_text(color: &str, background: &str, min: f64) -> Option<String> {
    let (fg, bg) = (parse_color(color)?, parse_color(background)?);
    if contrast_ratio(fg, bg) >= min {
        return None;
    }
    let step = if bg.luminance() > 0.5 { -0.02 } else { 0.02 };
    (1..=50)
        .map(|i| fg.adjust(step * f64::from(i), 0.0))
        .find(|c| contrast_ratio(*c, bg) >= min)
        .map(|c| c.css())
}

/// `color` as drawn for text of `font_px` straight on the panel of the given theme.
pub fn legible_on_panel(color: &str, font_px: f64, light: bool) -> String {
    let panel = if light { PANEL_BG_LIGHT } else { PANEL_BG_DARK };
    legible_text(color, panel, required_ratio(font_px)).unwrap_or_else(|| color.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratio(a: &str, b: &str) -> f64 {
        contrast_ratio(parse_color(a).unwrap(), parse_color(b).unwrap())
    }

    #[test]
    fn readable_colours_are_kept() {
        assert_eq!(legible_text("#ff780a", PANEL_BG_DARK, 4.5), None);
        assert_eq!(legible_text("#24292e", PANEL_BG_LIGHT, 4.5), None);
    }

    #[test]
    fn orange_on_white_is_darkened_just_enough() {
        // Grafana's orange measured 2.64:1 on the white panel (axe, security dashboard).
        assert!(ratio("#ff780a", PANEL_BG_LIGHT) < 3.0);
        let large = legible_text("#ff780a", PANEL_BG_LIGHT, 3.0).unwrap();
        let small = legible_text("#ff780a", PANEL_BG_LIGHT, 4.5).unwrap();
        assert!(ratio(&large, PANEL_BG_LIGHT) >= 3.0);
        assert!(
            ratio(&large, PANEL_BG_LIGHT) < 3.4,
            "{large} moved further than needed"
        );
        assert!(ratio(&small, PANEL_BG_LIGHT) >= 4.5);
    }

    #[test]
    fn the_hue_stays() {
        let green = legible_text("#56a64b", PANEL_BG_LIGHT, 4.5).unwrap();
        let rgb = parse_color(&green).unwrap();
        assert!(rgb.1 > rgb.0 && rgb.1 > rgb.2, "{green} is still green");
    }

    #[test]
    fn dark_text_on_the_dark_panel_is_lightened() {
        let blue = legible_text("#1f60c4", PANEL_BG_DARK, 4.5).unwrap();
        assert!(ratio(&blue, PANEL_BG_DARK) >= 4.5);
    }

    #[test]
    fn unreadable_colours_are_left_alone() {
        assert_eq!(legible_text("var(--text)", PANEL_BG_LIGHT, 4.5), None);
        assert_eq!(legible_text("#ff780a", "transparent", 4.5), None);
    }

    #[test]
    fn on_the_panel_picks_the_theme_and_the_size() {
        assert_eq!(legible_on_panel("#ff780a", 56.0, false), "#ff780a");
        let light = legible_on_panel("#ff780a", 12.0, true);
        assert!(ratio(&light, PANEL_BG_LIGHT) >= 4.5);
    }

    #[test]
    fn large_text_needs_three_to_one() {
        assert_eq!(required_ratio(56.5), 3.0);
        assert_eq!(required_ratio(12.0), 4.5);
    }
}
