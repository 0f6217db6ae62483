//! The viewer's series palette (WCAG 1.4.1 and 1.4.11): Grafana's classic palette, or the
//! colour-blind-safe Okabe-Ito colours ([`OKABE_ITO`]) for every series whose dashboard asks
//! for "the palette" (`palette-classic`, `palette-classic-by-name`). Series given a fixed,
//! threshold or scheme colour keep it: the dashboard chose that colour on purpose.
//!
//! Each colour is drawn at least 3:1 against the panel of the theme (lines and bars are
//! graphical objects): Okabe-Ito's yellow and orange are lightened or darkened just enough.

use super::marker::OKABE_ITO;
use crate::dashboard::field_resolve::{ColorMode, ResolvedSeries, ThemeMode};
use crate::text_contrast::{legible_text, PANEL_BG_DARK, PANEL_BG_LIGHT};

/// Which colours "the palette" means for this viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeriesPalette {
    /// Grafana's classic palette, as the dashboard's author saw it.
    #[default]
    Classic,
    /// Okabe-Ito, told apart under protanopia, deuteranopia and tritanopia.
    ColorBlindSafe,
}

/// The contrast a series line needs against the panel (1.4.11, non-text contrast).
const LINE_CONTRAST: f64 = 3.0;

impl SeriesPalette {
    /// The stored and `data-palette` spelling.
    pub fn name(self) -> &'static str {
        match self {
            SeriesPalette::Classic => "classic",
            SeriesPalette::ColorBlindSafe => "color-blind-safe",
        }
    }

    /// Reads [`SeriesPalette::name`]; anything else is the classic palette.
    pub fn from_name(name: &str) -> SeriesPalette {
        match name.trim() {
            "color-blind-safe" => SeriesPalette::ColorBlindSafe,
            _ => SeriesPalette::Classic,
        }
    }
}

/// The colour-blind-safe colour of series `index` on the panel of `theme`.
pub fn color_blind_safe_color(index: usize, theme: ThemeMode) -> String {
    let color = OKABE_ITO[index % OKABE_ITO.len()];
    let panel = match theme {
        ThemeMode::Dark => PANEL_BG_DARK,
        ThemeMode::Light => PANEL_BG_LIGHT,
    };
    legible_text(color, panel, LINE_CONTRAST).unwrap_or_else(|| color.to_string())
}

/// A stable index from a series name (djb2), so `palette-classic-by-name` keeps a series'
/// colour whatever its position, as Grafana's by-name mode does.
fn name_index(name: &str) -> usize {
    name.bytes()
        .fold(5381u32, |h, b| h.wrapping_mul(33) ^ u32::from(b)) as usize
}

/// The colour `series` is drawn with under `palette`: its resolved colour unless the palette
/// is the colour-blind-safe one and the series takes its colour from the palette.
pub fn palette_series_color(
    series: &ResolvedSeries,
    palette: SeriesPalette,
    theme: ThemeMode,
) -> String {
    match (palette, &series.color_mode) {
        (SeriesPalette::ColorBlindSafe, ColorMode::PaletteClassic) => {
            color_blind_safe_color(series.series_index, theme)
        }
        (SeriesPalette::ColorBlindSafe, ColorMode::PaletteClassicByName) => {
            color_blind_safe_color(name_index(&series.display_name), theme)
        }
        _ => series.color.clone(),
    }
}

/// Recolours resolved series in place for `palette` (see [`palette_series_color`]).
pub fn apply_palette(series: &mut [ResolvedSeries], palette: SeriesPalette, theme: ThemeMode) {
    if palette == SeriesPalette::Classic {
        return;
    }
    for s in series {
        s.color = palette_series_color(s, palette, theme);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::field_resolve::{resolve_series, ResolveOptions, SeriesIdentity};
    use crate::dashboard::FieldConfig;
    use crate::panel_calc::value_layout::{contrast_ratio, parse_color};

    fn resolved(config: serde_json::Value, names: &[&str]) -> Vec<ResolvedSeries> {
        let config = FieldConfig::from_json(Some(&config));
        let ids: Vec<SeriesIdentity> = names.iter().map(|n| SeriesIdentity::new(*n, "A")).collect();
        resolve_series(&config, &ids, &ResolveOptions::default())
    }

    #[test]
    fn names_round_trip_and_unknown_is_classic() {
        for p in [SeriesPalette::Classic, SeriesPalette::ColorBlindSafe] {
            assert_eq!(SeriesPalette::from_name(p.name()), p);
        }
        assert_eq!(SeriesPalette::from_name("neon"), SeriesPalette::Classic);
    }

    #[test]
    fn classic_palette_series_take_okabe_ito_colours_in_order() {
        let mut series = resolved(serde_json::json!({"defaults": {}}), &["a", "b", "c"]);
        let classic: Vec<String> = series.iter().map(|s| s.color.clone()).collect();
        apply_palette(&mut series, SeriesPalette::Classic, ThemeMode::Dark);
        assert_eq!(
            series.iter().map(|s| s.color.clone()).collect::<Vec<_>>(),
            classic
        );
        apply_palette(&mut series, SeriesPalette::ColorBlindSafe, ThemeMode::Dark);
        let safe: Vec<&str> = series.iter().map(|s| s.color.as_str()).collect();
        assert_eq!(safe, ["#E69F00", "#56B4E9", "#009E73"]);
    }

    #[test]
    fn fixed_and_threshold_colours_are_kept() {
        let mut series = resolved(
            serde_json::json!({"defaults": {"color": {"mode": "fixed", "fixedColor": "#ff0000"}}}),
            &["a"],
        );
        apply_palette(&mut series, SeriesPalette::ColorBlindSafe, ThemeMode::Dark);
        assert_eq!(series[0].color, "#ff0000");
    }

    #[test]
    fn by_name_keeps_a_series_colour_whatever_its_position() {
        let config =
            serde_json::json!({"defaults": {"color": {"mode": "palette-classic-by-name"}}});
        let mut first = resolved(config.clone(), &["api", "db"]);
        let mut second = resolved(config, &["db", "api"]);
        apply_palette(&mut first, SeriesPalette::ColorBlindSafe, ThemeMode::Light);
        apply_palette(&mut second, SeriesPalette::ColorBlindSafe, ThemeMode::Light);
        assert_eq!(first[0].color, second[1].color);
        assert_eq!(first[1].color, second[0].color);
    }

    #[test]
    fn stat_values_coloured_by_series_take_the_palette() {
        use crate::dashboard::Panel;
        use crate::frame::Labels;
        use crate::panel_calc::single_panel::{SeriesInput, SinglePanel};
        use crate::panel_calc::single_value::ColorSource;
        let panel = Panel::from_json(
            &serde_json::json!({"id": 1, "type": "stat", "title": "s",
                "fieldConfig": {"defaults": {"color": {"mode": "palette-classic"}}}}),
            1,
        );
        let labels = Labels::default();
        let series: Vec<SeriesInput> = ["a", "b"]
            .iter()
            .map(|name| SeriesInput {
                name,
                ref_id: "A",
                labels: &labels,
                values: &[1.0, 2.0],
            })
            .collect();
        let model = SinglePanel::of(&panel);
        let colours = |palette| {
            model
                .values_in_palette(&panel, &series, ThemeMode::Dark, palette)
                .into_iter()
                .map(|shown| shown.settings.color)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            colours(SeriesPalette::ColorBlindSafe),
            [
                ColorSource::Series("#E69F00".into()),
                ColorSource::Series("#56B4E9".into())
            ]
        );
        assert_ne!(
            colours(SeriesPalette::Classic),
            colours(SeriesPalette::ColorBlindSafe)
        );
    }

    #[test]
    fn every_colour_reaches_three_to_one_on_both_panels() {
        for (theme, panel) in [
            (ThemeMode::Dark, PANEL_BG_DARK),
            (ThemeMode::Light, PANEL_BG_LIGHT),
        ] {
            for i in 0..OKABE_ITO.len() {
                let c = color_blind_safe_color(i, theme);
                let ratio = contrast_ratio(parse_color(&c).unwrap(), parse_color(panel).unwrap());
                assert!(ratio >= LINE_CONTRAST, "{c} on {panel}: {ratio}");
            }
        }
        // The yellow is darkened on white; blue already reads on both.
        assert_ne!(color_blind_safe_color(3, ThemeMode::Light), "#F0E442");
    }
}
