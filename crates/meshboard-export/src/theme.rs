//! The export's colours: the same [`ChartTheme`] the canvas paints with (the app reads it from
//! the page's CSS variables), and CSS colour strings made into plotters colours.

use meshboard_core::chart::ChartTheme;
use meshboard_core::chart_a11y::palette::SeriesPalette;
use meshboard_core::dashboard::field_resolve::colors::parse_rgb;
use meshboard_core::dashboard::field_resolve::ThemeMode;

use crate::svg::Paint;

/// A theme to export in: the chart colours and which of Grafana's palettes series take.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportTheme {
    pub chart: ChartTheme,
    pub mode: ThemeMode,
    /// The viewer's series palette (classic or colour-blind-safe), as on screen.
    pub palette: SeriesPalette,
}

impl ExportTheme {
    /// The app's dark theme (`style/main.css`, `:root[data-theme="dark"]`).
    pub fn dark() -> ExportTheme {
        ExportTheme {
            chart: ChartTheme {
                text: "#ccccdc".into(),
                axis: "#8e8e9e".into(),
                ..ChartTheme::default()
            },
            mode: ThemeMode::Dark,
            palette: SeriesPalette::Classic,
        }
    }

    /// The app's light theme (`style/main.css`, `:root[data-theme="light"]`).
    pub fn light() -> ExportTheme {
        ExportTheme {
            chart: ChartTheme {
                background: "#ffffff".into(),
                text: "#24292e".into(),
                axis: "#6a6f76".into(),
                grid: "rgba(36, 41, 46, 0.12)".into(),
                crosshair: "rgba(36, 41, 46, 0.6)".into(),
                ..ChartTheme::default()
            },
            mode: ThemeMode::Light,
            palette: SeriesPalette::Classic,
        }
    }

    pub fn text(&self) -> Paint {
        self.paint(&self.chart.text)
    }

    pub fn muted(&self) -> Paint {
        self.paint(&self.chart.axis)
    }

    pub fn grid(&self) -> Paint {
        self.paint(&self.chart.grid)
    }

    /// The panel background; `None` when transparent (nothing is painted).
    pub fn background(&self) -> Option<Paint> {
        let bg = self.chart.background.trim();
        (!bg.is_empty() && bg != "transparent").then(|| self.paint(bg))
    }

    /// A CSS colour as plotters draws it. The theme's text colour stands in for `var(--text)`
    /// (Grafana's `text` colour) and for anything unreadable, so nothing turns invisible.
    pub fn paint(&self, css: &str) -> Paint {
        css_paint(css)
            .or_else(|| css_paint(&self.chart.text))
            .unwrap_or(Paint {
                rgb: (128, 128, 128),
                alpha: 1.0,
            })
    }
}

/// `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb()`, `rgba()` and the few CSS names Grafana writes.
pub fn css_paint(css: &str) -> Option<Paint> {
    let css = css.trim();
    let named = match css.to_ascii_lowercase().as_str() {
        "white" => Some("#ffffff"),
        "black" => Some("#000000"),
        "red" => Some("#ff0000"),
        "green" => Some("#008000"),
        "blue" => Some("#0000ff"),
        "yellow" => Some("#ffff00"),
        "orange" => Some("#ffa500"),
        "purple" => Some("#800080"),
        "gray" | "grey" => Some("#808080"),
        _ => None,
    };
    let css = named.unwrap_or(css);
    let [r, g, b] = parse_rgb(css)?;
    let byte = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    Some(Paint {
        rgb: (byte(r), byte(g), byte(b)),
        alpha: css_alpha(css),
    })
}

/// The alpha of `#rrggbbaa`, `#rgba` or `rgba(r, g, b, a)`; 1 otherwise.
fn css_alpha(css: &str) -> f64 {
    if let Some(hex) = css.strip_prefix('#') {
        let digits = match hex.len() {
            8 => hex.get(6..8).map(str::to_string),
            4 => hex.get(3..4).map(|d| d.repeat(2)),
            _ => None,
        };
        return digits
            .and_then(|d| u8::from_str_radix(&d, 16).ok())
            .map_or(1.0, |a| f64::from(a) / 255.0);
    }
    css.strip_suffix(')')
        .and_then(|inner| inner.split([',', '/']).nth(3))
        .and_then(|a| a.trim().parse::<f64>().ok())
        .map_or(1.0, |a| a.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_colours_keep_their_alpha() {
        let p = css_paint("rgba(204, 204, 220, 0.12)").unwrap();
        assert_eq!(p.rgb, (204, 204, 220));
        assert!((p.alpha - 0.12).abs() < 1e-9);
        assert_eq!(css_paint("#73bf69").unwrap().rgb, (0x73, 0xbf, 0x69));
        assert!((css_paint("#ff000080").unwrap().alpha - 128.0 / 255.0).abs() < 1e-9);
        assert_eq!(css_paint("white").unwrap().rgb, (255, 255, 255));
        assert_eq!(css_paint("var(--text)"), None);
    }

    #[test]
    fn unreadable_colours_fall_back_to_the_text_colour() {
        let theme = ExportTheme::light();
        assert_eq!(theme.paint("var(--text)").rgb, (0x24, 0x29, 0x2e));
        assert_eq!(
            ExportTheme::dark().background().unwrap().rgb,
            (0x18, 0x1b, 0x1f)
        );
    }
}
