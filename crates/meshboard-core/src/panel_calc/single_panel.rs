//! A stat, gauge, bar gauge or legacy singlestat panel read once into what its body draws:
//! which kind it is drawn as, its options, and for the series of a result the values shown,
//! each with the display settings of its own series (field config resolved per series with
//! overrides, [`crate::dashboard::field_resolve`]) or the legacy singlestat's settings.
//!
//! The UI only lays these values out; every decision about text, colour, range and what is
//! shown is made here (and in [`super::single_value`]).

use serde_json::Value;

use super::reducers::{data_min_max, Calc};
use super::single_value::{
    default_thresholds, legacy_singlestat, no_data_value, orientation_option, shown_values,
    ColorSource, DisplaySettings, DisplayValue, Orientation, ReduceSettings, StatOptions,
};
use super::value_mapping::parse_mappings;
use crate::chart_a11y::palette::{apply_palette, SeriesPalette};
use crate::dashboard::field_resolve::colors::color_by_name;
use crate::dashboard::field_resolve::{
    resolve_series, ColorMode, ResolveOptions, ResolvedSeries, SeriesIdentity, ThemeMode,
};
use crate::dashboard::Panel;
use crate::frame::Labels;

/// What the panel is drawn as (a singlestat with `gauge.show` is a gauge).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SingleKind {
    Stat,
    Gauge,
    BarGauge,
}

/// The bar gauge's `displayMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarMode {
    Basic,
    Gradient,
    Lcd,
}

/// A single-value panel's settings, read from its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct SinglePanel {
    pub kind: SingleKind,
    /// Stat options (colour, graph, text, justify modes; orientation for every kind).
    pub options: StatOptions,
    pub reduce: ReduceSettings,
    /// Gauges: `showThresholdMarkers` (default on).
    pub threshold_markers: bool,
    pub bar_mode: BarMode,
    /// Bar gauges: `showUnfilled` (default on): the empty rest of the bar drawn dimmed.
    pub show_unfilled: bool,
    /// Bar gauges with `sizing: manual`: the most a bar's box is tall (`maxVizHeight`), px.
    pub max_viz_height: Option<f64>,
    /// A legacy singlestat's settings, the same for every series.
    legacy: Option<DisplaySettings>,
}

/// One series of a result as the panel sees it.
#[derive(Debug, Clone, Copy)]
pub struct SeriesInput<'a> {
    pub name: &'a str,
    pub ref_id: &'a str,
    pub labels: &'a Labels,
    pub values: &'a [f64],
}

impl<'a> SeriesInput<'a> {
    /// Every series of a panel's answer with its display name and refId, as the stat, gauge
    /// and bar gauge panels (and their SVG export) read it.
    pub fn of_result(result: &'a crate::panel::QueryResult) -> Vec<SeriesInput<'a>> {
        result
            .frame
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| SeriesInput {
                name: result.names.get(i).map_or("", String::as_str),
                ref_id: result.ref_ids.get(i).map_or("", String::as_str),
                labels: &s.labels,
                values: &s.values,
            })
            .collect()
    }
}

/// One value the panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    /// The series it comes from (`None` for the panel's no-data value).
    pub series: Option<usize>,
    /// The series' display name (overrides and `displayName` applied).
    pub title: String,
    pub value: DisplayValue,
    /// The settings it was displayed with: range and thresholds for gauges and bars.
    pub settings: DisplaySettings,
}

fn flag(options: &Value, key: &str, default: bool) -> bool {
    options.get(key).and_then(Value::as_bool).unwrap_or(default)
}

impl DisplaySettings {
    /// From one series' resolved field config: its unit, decimals, range, thresholds (the
    /// stat default when none), mappings and colour mode (by-value modes take thresholds,
    /// fixed and per-series modes the colour the resolver gave the series).
    pub fn from_resolved(series: &ResolvedSeries) -> DisplaySettings {
        let color = match series.color_mode {
            ColorMode::Thresholds | ColorMode::Continuous(_) => ColorSource::Thresholds,
            ColorMode::Fixed | ColorMode::Shades => ColorSource::Fixed(series.color.clone()),
            ColorMode::PaletteClassic | ColorMode::PaletteClassicByName => {
                ColorSource::Series(series.color.clone())
            }
        };
        DisplaySettings {
            unit: series.unit.clone().unwrap_or_else(|| "none".into()),
            decimals: series.decimals,
            min: series.min,
            max: series.max,
            thresholds: series
                .thresholds
                .clone()
                .filter(|t| !t.steps.is_empty())
                .unwrap_or_else(default_thresholds),
            color,
            mappings: parse_mappings(&series.mappings),
            no_value: series.no_value.clone(),
            prefix: None,
            suffix: None,
        }
    }
}

impl SinglePanel {
    /// Reads a `stat`, `gauge`, `bargauge` or legacy `singlestat` panel.
    pub fn of(panel: &Panel) -> SinglePanel {
        let options = &panel.options.raw;
        let bar_mode = match options.get("displayMode").and_then(Value::as_str) {
            Some("gradient") => BarMode::Gradient,
            Some("lcd") => BarMode::Lcd,
            _ => BarMode::Basic,
        };
        if panel.type_name == "singlestat" {
            let legacy = legacy_singlestat(&panel.raw);
            return SinglePanel {
                kind: if legacy.as_gauge {
                    SingleKind::Gauge
                } else {
                    SingleKind::Stat
                },
                options: legacy.options,
                reduce: legacy.reduce,
                threshold_markers: panel
                    .raw
                    .get("gauge")
                    .is_none_or(|g| flag(g, "thresholdMarkers", true)),
                bar_mode,
                show_unfilled: true,
                max_viz_height: None,
                legacy: Some(legacy.display),
            };
        }
        let kind = match panel.type_name.as_str() {
            "gauge" => SingleKind::Gauge,
            "bargauge" => SingleKind::BarGauge,
            _ => SingleKind::Stat,
        };
        let mut stat = StatOptions::from_options(options);
        stat.orientation = orientation_option(options);
        SinglePanel {
            kind,
            options: stat,
            reduce: ReduceSettings::from_options(options),
            threshold_markers: flag(options, "showThresholdMarkers", true),
            bar_mode,
            show_unfilled: flag(options, "showUnfilled", true),
            max_viz_height: (options.get("sizing").and_then(Value::as_str) == Some("manual"))
                .then(|| options.get("maxVizHeight").and_then(Value::as_f64))
                .flatten()
                .filter(|h| *h > 0.0),
            legacy: None,
        }
    }

    /// The display settings of every series: the legacy singlestat's, or each series' field
    /// config resolved (with the pre-Grafana-8 percent range and the data range filling an
    /// unset min/max, as Grafana's field overrides do).
    fn settings(
        &self,
        panel: &Panel,
        series: &[SeriesInput],
        theme: ThemeMode,
        palette: SeriesPalette,
    ) -> Vec<(String, DisplaySettings)> {
        let range = data_min_max(series.iter().map(|s| s.values));
        if let Some(legacy) = &self.legacy {
            let settings = Self::themed(legacy.clone(), theme).with_data_range(range);
            return series
                .iter()
                .map(|s| (s.name.to_string(), settings.clone()))
                .collect();
        }
        let identities: Vec<SeriesIdentity> = series
            .iter()
            .map(|s| {
                let mut id = SeriesIdentity::new(s.name, s.ref_id).with_labels(s.labels.clone());
                if let Some((lo, hi)) = data_min_max([s.values]) {
                    id = id.with_data_range(lo, hi);
                }
                id
            })
            .collect();
        let options = ResolveOptions::for_panel(panel).with_theme(theme);
        let mut resolved = resolve_series(&panel.field_config, &identities, &options);
        apply_palette(&mut resolved, palette, theme);
        resolved
            .iter()
            .map(|r| {
                let settings = Self::themed(DisplaySettings::from_resolved(r), theme)
                    .with_pre_grafana_8_percent_range(&panel.raw)
                    .with_data_range(range);
                (r.display_name.clone(), settings)
            })
            .collect()
    }

    /// Threshold colour names in the theme's shades (Grafana's `getColorByName`): `green` is
    /// #73BF69 on dark and a darker green on light, where the dark one reads poorly on white.
    fn themed(mut settings: DisplaySettings, theme: ThemeMode) -> DisplaySettings {
        for step in &mut settings.thresholds.steps {
            step.color = color_by_name(&step.color, theme);
        }
        settings
    }

    /// The settings of a panel without series (its defaults), for the no-data value.
    fn default_settings(&self, panel: &Panel, theme: ThemeMode) -> DisplaySettings {
        if let Some(legacy) = &self.legacy {
            return Self::themed(legacy.clone(), theme);
        }
        let options = ResolveOptions::for_panel(panel).with_theme(theme);
        let settings = resolve_series(
            &panel.field_config,
            &[SeriesIdentity::new("", "")],
            &options,
        )
        .first()
        .map(DisplaySettings::from_resolved)
        .unwrap_or_else(|| DisplaySettings::from_field(&panel.field_config.defaults, None));
        Self::themed(settings, theme)
    }

    /// What the panel shows for `series`: one value per selected series and calc (or every
    /// row with `values: true`), each displayed with its series' settings; when nothing is
    /// selected, the panel's no-data value ("No data" or `noValue`).
    pub fn values(&self, panel: &Panel, series: &[SeriesInput], theme: ThemeMode) -> Vec<Shown> {
        self.values_in_palette(panel, series, theme, SeriesPalette::Classic)
    }

    /// [`SinglePanel::values`] with the viewer's series palette (by-series colours).
    pub fn values_in_palette(
        &self,
        panel: &Panel,
        series: &[SeriesInput],
        theme: ThemeMode,
        palette: SeriesPalette,
    ) -> Vec<Shown> {
        let settings = self.settings(panel, series, theme, palette);
        let named: Vec<(&str, &[f64])> = series
            .iter()
            .zip(&settings)
            .map(|(s, (name, _))| (name.as_str(), s.values))
            .collect();
        let shown: Vec<Shown> = shown_values(&self.reduce, &named)
            .into_iter()
            .map(|v| {
                let (_, s) = &settings[v.series];
                let mut value = match v.reducer {
                    Some(reducer) => s.display_calc(reducer, &v.value),
                    None => s.display(&v.value),
                };
                if value.text.is_empty() && matches!(v.value, Calc::Null) {
                    value.text = no_data_value(s).text;
                }
                // `${__calc}` in a displayName names the calc this value is of.
                let title = match v.reducer {
                    Some(reducer) if v.title.contains("${__calc}") => {
                        v.title.replace("${__calc}", &reducer.name())
                    }
                    _ => v.title,
                };
                Shown {
                    series: Some(v.series),
                    title,
                    value,
                    settings: s.clone(),
                }
            })
            .collect();
        if !shown.is_empty() {
            return shown;
        }
        let s = self.default_settings(panel, theme);
        vec![Shown {
            series: None,
            title: String::new(),
            value: no_data_value(&s),
            settings: s,
        }]
    }

    /// Whether values go side by side in a `width` x `height` body (VizRepeater).
    pub fn side_by_side(&self, width: f64, height: f64) -> bool {
        let auto = if width > height {
            Orientation::Vertical
        } else {
            Orientation::Horizontal
        };
        let o = match self.options.orientation {
            Orientation::Auto => auto,
            fixed => fixed,
        };
        o == Orientation::Vertical
    }

    /// The text the panel shows in place of its values when the result has no series.
    pub fn no_data_text(&self, panel: &Panel) -> String {
        self.legacy
            .as_ref()
            .and_then(|l| l.no_value.clone())
            .or_else(|| panel.field_config.defaults.no_value.clone())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "No data".into())
    }
}

/// What any panel says inside its box when its queries return no series (Grafana's
/// `PanelDataErrorView`): the field config's `noValue`, a legacy singlestat's `nullText`
/// (which Grafana's migration turns into `noValue`), else "No data".
pub fn panel_no_data_text(panel: &Panel) -> String {
    let legacy = (panel.type_name == "singlestat")
        .then(|| panel.raw.get("nullText").and_then(Value::as_str))
        .flatten();
    panel
        .field_config
        .defaults
        .no_value
        .as_deref()
        .or(legacy)
        .filter(|t| !t.is_empty())
        .unwrap_or("No data")
        .to_string()
}

#[cfg(test)]
#[path = "single_panel_tests.rs"]
mod tests;
