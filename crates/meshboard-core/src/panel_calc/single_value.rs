//! What a stat, gauge, bar gauge or legacy singlestat panel draws for a value, decided purely:
//! which values the panel shows (`reduceOptions`: calcs, `values`, `limit`, `fields`), the
//! text, colour and gauge position of each (Grafana's display processor), and the stat's look
//! (`colorMode`, `graphMode`, `textMode`, `justifyMode`, `orientation`, layout by aspect).
//!
//! Sources, read in Grafana's repository:
//! - `packages/grafana-data/src/field/displayProcessor.ts` (`getDisplayProcessor`): mapping
//!   first, then the unit text in its parts (prefix, number, suffix; trailing zeros stripped
//!   without explicit decimals), then the colour by thresholds with `percent` in min..max;
//! - `packages/grafana-data/src/field/scale.ts` (`getScaleCalculator`): percent is
//!   `(value - min) / (max - min)`; a value that is not a number takes the base colour;
//! - `packages/grafana-data/src/field/fieldOverrides.ts` (`findNumericFieldMinMax`): a field
//!   without `min`/`max` takes the range of all the panel's numeric data;
//! - `packages/grafana-data/src/field/fieldDisplay.ts` (`getFieldDisplayValues`): one value per
//!   field and calc, or every row with `values: true` up to `limit` (25 by default);
//! - `packages/grafana-ui/src/components/BigValue/BigValue.tsx` and `BigValueLayout.tsx`:
//!   colour modes, text modes (auto shows the name only when there are several values),
//!   justify, the wide layout above an aspect of 2.5 and when the sparkline fits;
//! - `packages/grafana-ui/src/components/VizRepeater/VizRepeater.tsx`: `orientation: auto` lays
//!   values side by side (vertical) when the panel is wider than tall;
//! - `packages/grafana-ui/src/components/SingleStatShared/SingleStatBaseOptions.ts`
//!   (`migrateFromAngularSinglestat`) and `public/app/plugins/panel/stat/StatMigrations.ts`:
//!   the legacy singlestat's options.

use serde_json::Value;

use super::reducers::{legacy_value_name_reducer, reduce_field, Calc, NullValueMode, Reducer};
use super::value_mapping::{
    grafana_regex, legacy_mappings, mapping_result, parse_mappings, MappedValue, ValueMapping,
};
use crate::dashboard::{FieldDefaults, ThresholdStep, Thresholds, ThresholdsMode};
use crate::panel::css_color;
use crate::units::value_format;

/// Grafana's default `limit` of shown values with `values: true`
/// (`DEFAULT_FIELD_DISPLAY_VALUES_LIMIT`).
pub const DEFAULT_VALUES_LIMIT: usize = 25;

/// Where a value's colour comes from (the field's `color.mode`).
#[derive(Debug, Clone, PartialEq)]
pub enum ColorSource {
    /// `thresholds` (the stat, gauge and bar gauge default).
    Thresholds,
    /// `fixed` / `shades` with `fixedColor`.
    Fixed(String),
    /// `palette-classic` and the other per-series modes: the series colour the panel assigns.
    Series(String),
}

/// Everything the display of one field's value needs, resolved from its field config.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplaySettings {
    /// A Grafana unit id (`percent`, `bytes`, `s` ...); `none` when unset.
    pub unit: String,
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub thresholds: Thresholds,
    pub color: ColorSource,
    pub mappings: Vec<ValueMapping>,
    /// The text shown when there is no value (`noValue`, legacy `nullText`).
    pub no_value: Option<String>,
    /// Legacy singlestat `prefix` / `postfix`, drawn around the value.
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// Grafana's default thresholds of the stat, gauge and bar gauge panels (green, red from 80),
/// used when the panel's field config has none.
pub fn default_thresholds() -> Thresholds {
    Thresholds {
        mode: ThresholdsMode::Absolute,
        steps: vec![
            ThresholdStep {
                color: "green".into(),
                value: None,
            },
            ThresholdStep {
                color: "red".into(),
                value: Some(80.0),
            },
        ],
    }
}

impl DisplaySettings {
    /// From a (resolved) field config. `series_color` is the colour the panel gives this
    /// series for palette colour modes.
    pub fn from_field(field: &FieldDefaults, series_color: Option<&str>) -> DisplaySettings {
        let color = match field.color.as_ref() {
            None => ColorSource::Thresholds,
            Some(c) if c.mode == "thresholds" || c.mode.starts_with("continuous") => {
                ColorSource::Thresholds
            }
            Some(c) if c.mode == "fixed" || c.mode == "shades" => {
                ColorSource::Fixed(c.fixed_color.clone().unwrap_or_else(|| "gray".into()))
            }
            Some(_) => series_color
                .map(|s| ColorSource::Series(s.to_string()))
                .unwrap_or(ColorSource::Thresholds),
        };
        DisplaySettings {
            unit: field.unit.clone().unwrap_or_else(|| "none".into()),
            decimals: field.decimals,
            min: field.min,
            max: field.max,
            thresholds: field
                .thresholds
                .clone()
                .filter(|t| !t.steps.is_empty())
                .unwrap_or_else(default_thresholds),
            color,
            mappings: parse_mappings(&field.mappings),
            no_value: field.no_value.clone(),
            prefix: None,
            suffix: None,
        }
    }

    /// Fills an unset `min`/`max` from the panel's data range ([`super::reducers::data_min_max`]
    /// over every series), as Grafana's field overrides do before drawing gauges and bar gauges.
    pub fn with_data_range(mut self, range: Option<(f64, f64)>) -> DisplaySettings {
        if let Some((lo, hi)) = range {
            self.min = self.min.or(Some(lo));
            self.max = self.max.or(Some(hi));
        }
        self
    }

    /// Grafana 8 removed the implicit 0..100 (`percent`) and 0..1 (`percentunit`) range, so its
    /// single-stat migration (`sharedSingleStatMigrationHandler`, for panels whose
    /// `pluginVersion` is below 8.0 or missing) writes that range into an unset min/max. Apply
    /// this to stat, gauge and bar gauge panels (not legacy singlestats) before the data range.
    pub fn with_pre_grafana_8_percent_range(mut self, panel: &Value) -> DisplaySettings {
        let version = panel
            .get("pluginVersion")
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .unwrap_or("6.1");
        let major_minor: f64 = leading_number(version).unwrap_or(6.1);
        let has_options = panel.get("options").is_some_and(|o| !o.is_null());
        if major_minor >= 8.0 || !has_options {
            return self;
        }
        let max = match self.unit.as_str() {
            "percent" => 100.0,
            "percentunit" => 1.0,
            _ => return self,
        };
        self.min = self.min.or(Some(0.0));
        self.max = self.max.or(Some(max));
        self
    }

    /// The min..max a gauge spans: the settings, else 0..100 (`getMinMaxAndDelta` without data).
    pub fn range(&self) -> (f64, f64) {
        (self.min.unwrap_or(0.0), self.max.unwrap_or(100.0))
    }

    /// How a calc's result is shown. Counts, `diffperc` and the like drop the unit, as
    /// Grafana's reducers that do not `preservesUnits`.
    pub fn display_calc(&self, reducer: Reducer, calc: &Calc) -> DisplayValue {
        if reducer.preserves_units() {
            self.display(calc)
        } else {
            let unitless = DisplaySettings {
                unit: "none".into(),
                ..self.clone()
            };
            unitless.display(calc)
        }
    }

    /// Grafana's display processor for one value: mappings first (text and/or colour), then
    /// the unit text, then the colour from the colour mode and thresholds, and the position
    /// within min..max for gauges.
    pub fn display(&self, calc: &Calc) -> DisplayValue {
        let joined;
        let value = match calc {
            Calc::Null => MappedValue::Null,
            Calc::Number(v) => MappedValue::Number(*v),
            Calc::Bool(b) => MappedValue::Bool(*b),
            Calc::Values(values) => {
                joined = values
                    .iter()
                    .map(|v| v.map_or(String::new(), super::value_mapping::js_number_text))
                    .collect::<Vec<_>>()
                    .join(", ");
                MappedValue::Text(&joined)
            }
        };
        // anyToNumber: booleans are 1 and 0, null is NaN.
        let numeric = match value {
            MappedValue::Number(v) => v,
            MappedValue::Bool(b) => f64::from(u8::from(b)),
            _ => f64::NAN,
        };
        let mut text: Option<String> = None;
        let mut unit_prefix: Option<String> = None;
        let mut unit_suffix: Option<String> = None;
        let mut color: Option<String> = None;
        let mut percent: Option<f64> = None;
        if let Some(mapped) = mapping_result(&self.mappings, value) {
            text = mapped.text;
            color = mapped.color.map(|c| css_color(&c));
        }
        if !numeric.is_nan() {
            if text.is_none() && !matches!(value, MappedValue::Bool(_)) {
                let format = value_format(&self.unit);
                let formatted = format.format(numeric, self.decimals);
                let mut number = formatted.text;
                // Without explicit decimals Grafana strips trailing zeros (`+v.text + ''`):
                // 1.50 KiB reads 1.5 KiB; dates and booleans are words, kept as they are.
                if self.decimals.is_none() && !format.is_date_time() && !format.is_boolean() {
                    if let Ok(n) = number.parse::<f64>() {
                        number = super::value_mapping::js_number_text(n);
                    }
                }
                text = Some(number);
                unit_prefix = Some(formatted.prefix).filter(|p| !p.is_empty());
                unit_suffix = Some(formatted.suffix).filter(|s| !s.is_empty());
            }
            if color.is_none() {
                let (c, p) = self.scale(numeric);
                color = Some(c);
                percent = Some(p);
            }
        }
        let text = text.unwrap_or_else(|| match value {
            MappedValue::Number(v) => super::value_mapping::js_number_text(v),
            MappedValue::Bool(b) => b.to_string(),
            MappedValue::Text(t) if !t.is_empty() => t.to_string(),
            _ => self.no_value.clone().unwrap_or_default(),
        });
        if color.is_none() {
            let (c, p) = self.scale(f64::NEG_INFINITY);
            color = Some(c);
            percent = Some(p);
        }
        // Legacy singlestat prefix/postfix go around the unit's own.
        let join =
            |outer: Option<&String>, inner: Option<String>, outer_first: bool| match (outer, inner)
            {
                (None, None) => None,
                (Some(o), None) => Some(o.clone()),
                (None, Some(i)) => Some(i),
                (Some(o), Some(i)) if outer_first => Some(format!("{o}{i}")),
                (Some(o), Some(i)) => Some(format!("{i}{o}")),
            };
        DisplayValue {
            text,
            prefix: join(self.prefix.as_ref(), unit_prefix, true),
            suffix: join(self.suffix.as_ref(), unit_suffix, false),
            color,
            numeric,
            percent,
        }
    }

    /// The colour and 0..1 position of a number (`getScaleCalculator`): -Infinity stands for
    /// "no number" and gets the base threshold colour at 0.
    fn scale(&self, value: f64) -> (String, f64) {
        let (min, max) = self.range();
        let percent = if value == f64::NEG_INFINITY {
            0.0
        } else {
            (value - min) / (max - min)
        };
        let color = match &self.color {
            ColorSource::Fixed(c) | ColorSource::Series(c) => c.clone(),
            ColorSource::Thresholds => {
                let step = if value == f64::NEG_INFINITY {
                    self.thresholds.steps.first()
                } else {
                    self.thresholds.step_for(value, min, max)
                };
                step.map_or_else(|| "gray".to_string(), |s| s.color.clone())
            }
        };
        (css_color(&color), percent)
    }
}

/// One value as a single-value panel draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayValue {
    /// The number as the unit writes it (`42.1` of `42.1%`), or the mapping's text, or the
    /// no-value text.
    pub text: String,
    /// Drawn before / after `text`: the unit's parts (`$`, `%`, ` GiB`), with a legacy
    /// singlestat prefix and postfix around them. Grafana draws them smaller than the value.
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// A CSS colour (Grafana names resolved); the threshold or mapping colour.
    pub color: Option<String>,
    /// The number behind the text (NaN without one).
    pub numeric: f64,
    /// Position within min..max, 0..1 (not clamped: gauges clamp when drawing).
    pub percent: Option<f64>,
}

impl DisplayValue {
    /// Prefix, text and suffix joined (`formattedValueToString`).
    pub fn full_text(&self) -> String {
        format!(
            "{}{}{}",
            self.prefix.as_deref().unwrap_or_default(),
            self.text,
            self.suffix.as_deref().unwrap_or_default()
        )
    }
}

/// A panel's `reduceOptions`, read from its `options` JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct ReduceSettings {
    pub reducers: Vec<Reducer>,
    /// Every row rather than one reduced value per field.
    pub values: bool,
    pub limit: usize,
    /// Which fields: empty is every numeric field, `/re/` a regex on the name, else a name.
    pub fields: String,
}

impl ReduceSettings {
    /// Reads `options.reduceOptions`; unknown calcs are dropped.
    pub fn from_options(options: &Value) -> ReduceSettings {
        let reduce = options.get("reduceOptions");
        let mut reducers: Vec<Reducer> = reduce
            .and_then(|r| r.get("calcs"))
            .and_then(Value::as_array)
            .map(|calcs| {
                calcs
                    .iter()
                    .filter_map(|c| Reducer::from_id(c.as_str()?))
                    .collect()
            })
            .unwrap_or_default();
        if reducers.is_empty() {
            // The stat, gauge and bar gauge default is lastNotNull; an explicit empty list is
            // `last` in getFieldDisplayValues.
            let written = reduce.and_then(|r| r.get("calcs")).is_some();
            reducers.push(if written {
                Reducer::Last
            } else {
                Reducer::LastNotNull
            });
        }
        ReduceSettings {
            reducers,
            values: reduce
                .and_then(|r| r.get("values"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            limit: reduce
                .and_then(|r| r.get("limit"))
                .and_then(Value::as_u64)
                .filter(|l| *l > 0)
                .map_or(DEFAULT_VALUES_LIMIT, |l| l as usize),
            fields: reduce
                .and_then(|r| r.get("fields"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// Whether a field (series) named `name` is reduced.
    pub fn selects(&self, name: &str) -> bool {
        // fieldDisplay.ts: no `fields` is the numeric matcher (every series here), else the
        // byRegexp matcher, where a plain text is anchored whole (stringToJsRegex).
        self.fields.is_empty()
            || grafana_regex(&self.fields).is_some_and(|(re, _)| re.is_match(name))
    }
}

/// One value a single-value panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownValue {
    /// Index of the series (field) in the caller's list.
    pub series: usize,
    /// The row, with `values: true`.
    pub row: Option<usize>,
    /// The calc, without `values: true`.
    pub reducer: Option<Reducer>,
    /// The series' display name (Grafana titles each calc's value with the field's name only;
    /// a `displayName` such as `${__calc}` is the caller's to interpolate with `reducer`).
    pub title: String,
    pub value: Calc,
}

/// Which values a stat / gauge / bar gauge shows for named series: per selected series, one per
/// calc; or with `values: true` every row up to `limit` values in all. Empty when nothing is
/// selected: the panel then shows [`no_data_value`].
pub fn shown_values(reduce: &ReduceSettings, series: &[(&str, &[f64])]) -> Vec<ShownValue> {
    let mut out = Vec::new();
    for (index, (name, values)) in series.iter().enumerate() {
        if !reduce.selects(name) {
            continue;
        }
        if reduce.values {
            for (row, v) in values.iter().enumerate() {
                if out.len() >= reduce.limit {
                    return out;
                }
                out.push(ShownValue {
                    series: index,
                    row: Some(row),
                    reducer: None,
                    title: name.to_string(),
                    value: Calc::Number(*v),
                });
            }
            continue;
        }
        let field: Vec<Option<f64>> = values.iter().copied().map(Some).collect();
        for reducer in &reduce.reducers {
            out.push(ShownValue {
                series: index,
                row: None,
                reducer: Some(*reducer),
                title: name.to_string(),
                value: reduce_field(&field, *reducer, NullValueMode::Ignore),
            });
        }
    }
    out
}

/// What a single-value panel shows when no series is selected or there is no data
/// (`createNoValuesFieldDisplay` in fieldDisplay.ts): the `noValue` text or "No data", at 0, in
/// the base threshold colour (or the fixed colour).
pub fn no_data_value(settings: &DisplaySettings) -> DisplayValue {
    let shown = settings.display(&Calc::Null);
    let text = if shown.text.is_empty() {
        "No data".to_string()
    } else {
        shown.text
    };
    DisplayValue {
        text,
        prefix: None,
        suffix: None,
        color: shown.color,
        numeric: 0.0,
        percent: None,
    }
}

/// The stat panel's `colorMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// The value in the theme's text colour: no threshold colour on it.
    None,
    Value,
    /// A gradient background from the value's colour.
    Background,
    BackgroundSolid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphMode {
    None,
    Line,
    Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    Auto,
    Value,
    ValueAndName,
    Name,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JustifyMode {
    Auto,
    Center,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Auto,
    Horizontal,
    Vertical,
}

/// A stat panel's display options, with Grafana's defaults (value colour, area graph, auto).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatOptions {
    pub color_mode: ColorMode,
    pub graph_mode: GraphMode,
    pub text_mode: TextMode,
    pub justify_mode: JustifyMode,
    pub orientation: Orientation,
}

impl Default for StatOptions {
    fn default() -> Self {
        StatOptions {
            color_mode: ColorMode::Value,
            graph_mode: GraphMode::Area,
            text_mode: TextMode::Auto,
            justify_mode: JustifyMode::Auto,
            orientation: Orientation::Auto,
        }
    }
}

/// Reads `orientation` (stat, gauge, bar gauge).
pub fn orientation_option(options: &Value) -> Orientation {
    match options.get("orientation").and_then(Value::as_str) {
        Some("horizontal") => Orientation::Horizontal,
        Some("vertical") => Orientation::Vertical,
        _ => Orientation::Auto,
    }
}

impl StatOptions {
    /// Reads a stat panel's `options`.
    pub fn from_options(options: &Value) -> StatOptions {
        let text = |key: &str| options.get(key).and_then(Value::as_str);
        let d = StatOptions::default();
        StatOptions {
            color_mode: match text("colorMode") {
                Some("none") => ColorMode::None,
                Some("background") => ColorMode::Background,
                Some("background_solid") => ColorMode::BackgroundSolid,
                Some("value") => ColorMode::Value,
                _ => d.color_mode,
            },
            graph_mode: match text("graphMode") {
                Some("none") => GraphMode::None,
                Some("line") => GraphMode::Line,
                Some("area") => GraphMode::Area,
                _ => d.graph_mode,
            },
            text_mode: match text("textMode") {
                Some("value") => TextMode::Value,
                Some("value_and_name") => TextMode::ValueAndName,
                Some("name") => TextMode::Name,
                Some("none") => TextMode::None,
                _ => TextMode::Auto,
            },
            justify_mode: match text("justifyMode") {
                Some("center") => JustifyMode::Center,
                _ => JustifyMode::Auto,
            },
            orientation: orientation_option(options),
        }
    }
}

/// `orientation: auto` resolved for a panel of `width` x `height`: side by side (vertical)
/// when wider than tall, stacked (horizontal) otherwise (VizRepeater's `getOrientation`).
pub fn resolve_orientation(orientation: Orientation, width: f64, height: f64) -> Orientation {
    match orientation {
        Orientation::Auto if width > height => Orientation::Vertical,
        Orientation::Auto => Orientation::Horizontal,
        fixed => fixed,
    }
}

/// Which of BigValue's four layouts a stat value uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatLayout {
    /// Wider than 2.5:1, no sparkline: title and value in one row.
    WideNoChart,
    /// Wider than 2.5:1 and taller than 50 px with a sparkline of 2+ points.
    WideWithChart,
    /// Taller than 100 px with a sparkline of 2+ points: title, value, chart below.
    StackedWithChart,
    StackedNoChart,
}

/// BigValue's `buildLayout`: `sparkline_points` is 0 when the graph mode is none.
pub fn stat_layout(width: f64, height: f64, sparkline_points: usize) -> StatLayout {
    let chart = sparkline_points > 1;
    if height > 0.0 && width / height > 2.5 {
        if height > 50.0 && chart {
            StatLayout::WideWithChart
        } else {
            StatLayout::WideNoChart
        }
    } else if height > 100.0 && chart {
        StatLayout::StackedWithChart
    } else {
        StatLayout::StackedNoChart
    }
}

/// The colour of the value's text.
#[derive(Debug, Clone, PartialEq)]
pub enum TextColor {
    /// The theme's primary text colour (`colorMode: none`).
    Theme,
    /// The value's own colour (`colorMode: value`).
    Value(String),
    /// A text colour readable on this background colour (the background modes).
    ContrastOn(String),
}

/// The panel background behind a stat value.
#[derive(Debug, Clone, PartialEq)]
pub enum Background {
    Transparent,
    /// Grafana's 120° gradient from the colour darkened 15% and spun +8° to darkened 5%
    /// and spun -8° (mirrored for light themes).
    Gradient(String),
    Solid(String),
}

/// Everything the stat painter needs for one value.
#[derive(Debug, Clone, PartialEq)]
pub struct StatLook {
    /// The title drawn with the value, if the text mode shows one.
    pub title: Option<String>,
    /// The main text (the value, or the name with `textMode: name`, empty with `none`).
    pub text: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// A tooltip with what the text mode hides.
    pub tooltip: Option<String>,
    pub text_color: TextColor,
    pub background: Background,
    /// The sparkline's colour (drawn only when the graph mode asks and the layout fits it).
    pub sparkline_color: String,
    pub show_sparkline: bool,
    pub justify_center: bool,
    pub layout: StatLayout,
}

/// Decides how one stat value looks. `count` is how many values the panel shows (text mode
/// auto shows names only when there are several); `width`/`height` are this value's box.
pub fn stat_look(
    options: &StatOptions,
    value: &DisplayValue,
    title: &str,
    count: usize,
    width: f64,
    height: f64,
    sparkline_points: usize,
) -> StatLook {
    let color = value.color.clone().unwrap_or_else(|| "gray".into());
    let text_mode = match options.text_mode {
        TextMode::Auto if count <= 1 => TextMode::Value,
        TextMode::Auto => TextMode::ValueAndName,
        other => other,
    };
    let (shown_title, text, prefix, suffix, tooltip) = match text_mode {
        TextMode::Name => (None, title.to_string(), None, None, Some(value.full_text())),
        TextMode::None => (
            None,
            String::new(),
            None,
            None,
            Some(format!("Name: {title}\nValue: {}", value.full_text())),
        ),
        TextMode::Value => (
            None,
            value.text.clone(),
            value.prefix.clone(),
            value.suffix.clone(),
            (!title.is_empty()).then(|| title.to_string()),
        ),
        _ => (
            (!title.is_empty()).then(|| title.to_string()),
            value.text.clone(),
            value.prefix.clone(),
            value.suffix.clone(),
            None,
        ),
    };
    let justify_center = options.justify_mode == JustifyMode::Center
        || shown_title.as_deref().unwrap_or("").is_empty();
    let points = if options.graph_mode == GraphMode::None {
        0
    } else {
        sparkline_points
    };
    let layout = stat_layout(width, height, points);
    let (text_color, background) = match options.color_mode {
        ColorMode::None => (TextColor::Theme, Background::Transparent),
        ColorMode::Value => (TextColor::Value(color.clone()), Background::Transparent),
        ColorMode::Background => (
            TextColor::ContrastOn(color.clone()),
            Background::Gradient(color.clone()),
        ),
        ColorMode::BackgroundSolid => (
            TextColor::ContrastOn(color.clone()),
            Background::Solid(color.clone()),
        ),
    };
    StatLook {
        title: shown_title,
        text,
        prefix,
        suffix,
        tooltip,
        text_color,
        background,
        sparkline_color: color,
        show_sparkline: matches!(
            layout,
            StatLayout::WideWithChart | StatLayout::StackedWithChart
        ),
        justify_center,
        layout,
    }
}

/// A legacy `singlestat` panel as Grafana migrates it to a stat (or a gauge with
/// `gauge.show`).
#[derive(Debug, Clone, PartialEq)]
pub struct LegacySinglestat {
    /// `gauge.show: true`: Grafana turns the panel into a gauge.
    pub as_gauge: bool,
    pub options: StatOptions,
    pub reduce: ReduceSettings,
    pub null_mode: NullValueMode,
    /// Field settings: unit from `format`, decimals, `nullText`, thresholds from the
    /// `thresholds` string and `colors`, `valueMaps`/`rangeMaps`, gauge min/max, and the
    /// `prefix`/`postfix` around the value.
    pub display: DisplaySettings,
}

/// Reads a legacy singlestat panel's JSON as Grafana's singlestat→stat migration does:
/// `valueName` → calc, `format` → unit, `thresholds` "70,80" + `colors` (both needed) → steps
/// (one more colour than levels), `colorBackground` → background, else `colorValue` → value,
/// else none (and `valueName: name` → text mode name), `sparkline.show` → area graph else
/// none, orientation horizontal, `tableColumn` → a `fields` regex, `gauge.show` → gauge with
/// its min/max. `prefix`/`postfix` are kept as text around the value, as singlestat drew them.
pub fn legacy_singlestat(panel: &Value) -> LegacySinglestat {
    let text = |key: &str| {
        panel
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let flag = |key: &str| panel.get(key).and_then(Value::as_bool).unwrap_or(false);
    let value_name = text("valueName");
    let color_mode = if flag("colorBackground") {
        ColorMode::Background
    } else if flag("colorValue") {
        ColorMode::Value
    } else {
        ColorMode::None
    };
    // StatMigrations.ts: `valueName: name` shows the series name, whatever the colour mode.
    let text_mode = if value_name.as_deref() == Some("name") {
        TextMode::Name
    } else {
        TextMode::Auto
    };
    let sparkline_json = panel.get("sparkline");
    let sparkline = sparkline_json
        .and_then(|s| s.get("show"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // StatMigrations.ts: without value colouring, a shown sparkline keeps its line colour as
    // the field's fixed colour.
    let sparkline_color = sparkline_json
        .and_then(|s| s.get("lineColor"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty() && sparkline && color_mode == ColorMode::None);
    let options = StatOptions {
        color_mode,
        graph_mode: if sparkline {
            GraphMode::Area
        } else {
            GraphMode::None
        },
        text_mode,
        justify_mode: JustifyMode::Auto,
        orientation: Orientation::Horizontal,
    };
    let reduce = ReduceSettings {
        reducers: vec![legacy_value_name_reducer(value_name.as_deref())],
        values: false,
        limit: DEFAULT_VALUES_LIMIT,
        fields: text("tableColumn")
            .map(|c| format!("/^{c}$/"))
            .unwrap_or_default(),
    };
    let thresholds = legacy_thresholds(panel);
    let gauge = panel
        .get("gauge")
        .filter(|g| g.get("show").and_then(Value::as_bool).unwrap_or(false));
    let decimals = panel
        .get("decimals")
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| d.min(20.0) as u32);
    let display = DisplaySettings {
        unit: text("format").unwrap_or_else(|| "none".into()),
        decimals,
        min: gauge
            .and_then(|g| g.get("minValue"))
            .and_then(Value::as_f64),
        max: gauge
            .and_then(|g| g.get("maxValue"))
            .and_then(Value::as_f64),
        mappings: legacy_mappings(panel, thresholds.as_ref()),
        thresholds: thresholds.unwrap_or_else(default_thresholds),
        color: sparkline_color.map_or(ColorSource::Thresholds, |c| ColorSource::Fixed(c.into())),
        no_value: text("nullText"),
        prefix: text("prefix"),
        suffix: text("postfix"),
    };
    LegacySinglestat {
        as_gauge: gauge.is_some(),
        options,
        reduce,
        null_mode: text("nullPointMode")
            .map_or(NullValueMode::Ignore, |m| NullValueMode::from_legacy(&m)),
        display,
    }
}

/// JavaScript's `parseFloat` of a version: `"7.5.3"` is 7.5.
fn leading_number(text: &str) -> Option<f64> {
    let mut dots = 0;
    let end = text
        .char_indices()
        .take_while(|(_, c)| {
            if *c == '.' {
                dots += 1;
            }
            c.is_ascii_digit() || (*c == '.' && dots == 1)
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    text[..end].trim_end_matches('.').parse().ok()
}

/// `thresholds: "70,80"` with `colors: [c0, c1, c2]` → base c0, 70 c1, 80 c2.
fn legacy_thresholds(panel: &Value) -> Option<Thresholds> {
    let levels: Vec<f64> = panel
        .get("thresholds")?
        .as_str()?
        .split(',')
        .map(|l| l.trim().parse::<f64>().unwrap_or(f64::NAN))
        .collect();
    let colors = panel.get("colors")?.as_array()?;
    let mut steps = Vec::new();
    for (i, color) in colors.iter().filter_map(Value::as_str).enumerate() {
        let value = if i == 0 {
            None
        } else {
            match levels.get(i - 1) {
                Some(level) if !level.is_nan() => Some(*level),
                _ => continue,
            }
        };
        steps.push(ThresholdStep {
            color: color.to_string(),
            value,
        });
    }
    (!steps.is_empty()).then_some(Thresholds {
        mode: ThresholdsMode::Absolute,
        steps,
    })
}

#[cfg(test)]
#[path = "single_value_tests.rs"]
mod tests;
