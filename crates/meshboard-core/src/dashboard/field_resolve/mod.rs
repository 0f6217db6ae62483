//! Per-series field settings, resolved the way Grafana resolves them: a panel's field config
//! (defaults, then every matching override in order; legacy `graph` panels already migrated
//! onto the same model by `legacy.rs`) applied to each series the panel draws, with Grafana's
//! defaults filled in, as plain typed values a chart or legend reads directly.
//!
//! ```text
//! let series = [SeriesIdentity::new("Rx eth0", "A"), SeriesIdentity::new("Tx eth0", "B")];
//! let resolved = resolve_series(&panel.field_config, &series, &ResolveOptions::for_panel(&panel));
//! resolved[1].transform == Some(Transform::NegativeY)   // drawn below zero
//! SeriesMeta::json(&resolved)                           // the panel's data-series-meta
//! ```
//!
//! Grafana sources: `packages/grafana-data/src/field/fieldOverrides.ts` (merge order, `null`
//! removes, series index over non-time fields, `validateFieldConfig`: thresholds imply the
//! thresholds colour mode, min/max swapped when reversed), `packages/grafana-data/src/field/
//! fieldColor.ts` (colour modes), `public/app/plugins/panel/timeseries/config.ts`
//! (`defaultGraphConfig`: the custom defaults below) and `packages/grafana-schema` (the enum
//! spellings).

pub mod colors;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::field_config::{FieldConfig, FieldDefaults, Thresholds};
use super::panel::Panel;
pub use colors::ThemeMode;

/// A field's data type, as Grafana's `byType` matcher compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    #[default]
    Number,
    Time,
    String,
    Boolean,
    Other,
}

impl FieldType {
    pub fn from_grafana(name: &str) -> FieldType {
        match name {
            "number" => FieldType::Number,
            "time" => FieldType::Time,
            "string" => FieldType::String,
            "boolean" => FieldType::Boolean,
            _ => FieldType::Other,
        }
    }
}

/// What the matchers know about one series: who it is, not its samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SeriesIdentity {
    /// The display name before overrides: the legend template rendered (`Tx eth0`), or the
    /// label set when there is no template.
    pub name: String,
    /// The field's own name when it differs from the display name (Grafana's `byName` also
    /// accepts it; Prometheus frames call their value field `Value`).
    pub field_name: Option<String>,
    pub labels: BTreeMap<String, String>,
    /// The refId of the query the series came from.
    pub ref_id: String,
    pub field_type: FieldType,
    /// The value a by-value colour mode (`thresholds`, `continuous-*`) colours the series by:
    /// Grafana reduces the series with `color.seriesBy` (default `last`). `None` counts as 0,
    /// as in Grafana.
    pub color_value: Option<f64>,
    /// The series' own min and max, for the field range of percentage thresholds and
    /// continuous schemes when the config sets no min/max (Grafana takes the range over all
    /// numeric series of the panel).
    pub data_range: Option<(f64, f64)>,
}

impl SeriesIdentity {
    /// A numeric series named `name` from query `ref_id`.
    pub fn new(name: impl Into<String>, ref_id: impl Into<String>) -> SeriesIdentity {
        SeriesIdentity {
            name: name.into(),
            ref_id: ref_id.into(),
            ..SeriesIdentity::default()
        }
    }

    pub fn with_labels(mut self, labels: BTreeMap<String, String>) -> SeriesIdentity {
        self.labels = labels;
        self
    }

    pub fn with_field_type(mut self, field_type: FieldType) -> SeriesIdentity {
        self.field_type = field_type;
        self
    }

    pub fn with_color_value(mut self, value: f64) -> SeriesIdentity {
        self.color_value = Some(value);
        self
    }

    pub fn with_data_range(mut self, min: f64, max: f64) -> SeriesIdentity {
        self.data_range = Some((min, max));
        self
    }
}

/// How the resolver fills what the JSON leaves out.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    pub theme: ThemeMode,
    /// The colour mode when the config names none: the panel plugin's default
    /// (`palette-classic` for timeseries and graph, `thresholds` for stat, gauge and others).
    pub default_color_mode: String,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        ResolveOptions {
            theme: ThemeMode::Dark,
            default_color_mode: "palette-classic".into(),
        }
    }
}

impl ResolveOptions {
    /// The defaults of a panel type (`timeseries`, `graph`, `stat` ...).
    pub fn for_panel_type(type_name: &str) -> ResolveOptions {
        let mode = match type_name {
            "timeseries" | "graph" | "barchart" | "trend" | "xychart" | "piechart" | "" => {
                "palette-classic"
            }
            _ => "thresholds",
        };
        ResolveOptions {
            default_color_mode: mode.into(),
            ..ResolveOptions::default()
        }
    }

    pub fn for_panel(panel: &Panel) -> ResolveOptions {
        ResolveOptions::for_panel_type(&panel.type_name)
    }

    pub fn with_theme(mut self, theme: ThemeMode) -> ResolveOptions {
        self.theme = theme;
        self
    }
}

/// `custom.drawStyle`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DrawStyle {
    #[default]
    Line,
    Bars,
    Points,
}

/// `custom.showPoints`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShowPoints {
    #[default]
    Auto,
    Always,
    Never,
}

/// `gradientMode: scheme`: line and fill coloured by the value they are at (Grafana's
/// `getScaleGradientFn`): a continuous scheme's colours spread evenly over the field's range,
/// or the threshold steps with hard edges.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueGradient {
    /// (value, CSS colour), ascending; values are shares (0..1) of `min..max` when `percent`.
    pub stops: Vec<(f64, String)>,
    pub percent: bool,
    /// Hard edges: each colour holds from its value up to the next stop.
    pub discrete: bool,
    /// The field's range; the axis's when unset.
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// `custom.lineInterpolation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineInterpolation {
    #[default]
    Linear,
    Smooth,
    StepBefore,
    StepAfter,
}

/// `custom.spanNulls`: never connect over gaps, always, or only across gaps shorter than a
/// duration (milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SpanNulls {
    #[default]
    Never,
    Always,
    ShorterThanMs(f64),
}

/// `custom.transform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Transform {
    /// Values drawn mirrored below zero (Tx, writes); the legend and tooltip keep the sign.
    #[serde(rename = "negative-Y")]
    NegativeY,
    /// The first value drawn as a constant line.
    #[serde(rename = "constant")]
    Constant,
}

/// `custom.stacking.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StackingMode {
    #[default]
    None,
    Normal,
    Percent,
}

/// `custom.stacking`: series stack with the others of the same mode and group only (a
/// "Total" series given its own group is drawn unstacked, on top).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stacking {
    pub mode: StackingMode,
    /// The group key as text (`"A"`; JSON `false` becomes `"false"`, its own group).
    pub group: String,
}

impl Default for Stacking {
    fn default() -> Self {
        Stacking {
            mode: StackingMode::None,
            group: "A".into(),
        }
    }
}

/// `custom.hideFrom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct HideFrom {
    pub legend: bool,
    pub tooltip: bool,
    /// Not drawn (still in the legend, greyed, unless `legend` too).
    pub viz: bool,
}

/// `custom.axisPlacement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AxisPlacement {
    /// The first scale left, a second one (another unit) right.
    #[default]
    Auto,
    Left,
    Right,
    Hidden,
}

/// `custom.scaleDistribution`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum ScaleDistribution {
    #[default]
    Linear,
    Log {
        base: f64,
    },
    /// Symmetric log (`symlog`) with its base and linear threshold.
    Symlog {
        base: f64,
        linear_threshold: f64,
    },
}

/// `custom.thresholdsStyle.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ThresholdsStyle {
    #[default]
    Off,
    Line,
    Dashed,
    Area,
    LineAndArea,
    DashedAndArea,
    /// The series itself coloured by thresholds.
    Series,
}

/// `custom.lineStyle`: solid, or a dash pattern (`dash`, `dot`) in pixels.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct LineStyle {
    /// `solid`, `dash` or `dot`.
    pub fill: String,
    pub dash: Vec<f64>,
}

/// The colour mode (`color.mode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColorMode {
    Fixed,
    Shades,
    Thresholds,
    PaletteClassic,
    PaletteClassicByName,
    /// `continuous-GrYlRd` and the other schemes, by id.
    Continuous(String),
}

impl ColorMode {
    fn from_grafana(mode: &str) -> ColorMode {
        match mode {
            "fixed" => ColorMode::Fixed,
            "shades" => ColorMode::Shades,
            "palette-classic" => ColorMode::PaletteClassic,
            "palette-classic-by-name" => ColorMode::PaletteClassicByName,
            m if m.starts_with("continuous-") => ColorMode::Continuous(m.to_string()),
            // Grafana: an unknown mode falls back to thresholds (`getFieldColorMode`).
            _ => ColorMode::Thresholds,
        }
    }
}

/// Every setting of one series, resolved, with Grafana's defaults where the JSON is silent.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedSeries {
    /// Position among the panel's non-time series (the palette index).
    pub series_index: usize,
    /// The name shown in legend and tooltip (`displayName` override, else the series name).
    pub display_name: String,
    pub unit: Option<String>,
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub no_value: Option<String>,
    pub color_mode: ColorMode,
    /// The series' colour as CSS (hex for named colours).
    pub color: String,
    /// `color.seriesBy` (`last`, `min`, `max`) for by-value modes.
    pub color_series_by: String,
    pub thresholds: Option<Thresholds>,
    pub transform: Option<Transform>,
    pub stacking: Stacking,
    pub hide_from: HideFrom,
    /// 0 to 100.
    pub fill_opacity: f64,
    pub line_width: f64,
    pub line_style: LineStyle,
    pub draw_style: DrawStyle,
    pub point_size: f64,
    pub show_points: ShowPoints,
    pub line_interpolation: LineInterpolation,
    pub span_nulls: SpanNulls,
    /// `none`, `opacity`, `hue`, `scheme`.
    pub gradient_mode: String,
    /// With `gradientMode: scheme` and a by-value colour mode, the colours along the y axis.
    pub value_gradient: Option<ValueGradient>,
    pub axis_placement: AxisPlacement,
    pub axis_soft_min: Option<f64>,
    pub axis_soft_max: Option<f64>,
    pub axis_label: Option<String>,
    pub axis_centered_zero: bool,
    pub scale_distribution: ScaleDistribution,
    pub thresholds_style: ThresholdsStyle,
    /// Value mappings as written (resolved elsewhere).
    pub mappings: Value,
    /// Data links as written.
    pub links: Value,
    /// The whole merged `custom` object, for settings not typed here.
    pub custom: Value,
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn flag(value: Option<&Value>) -> bool {
    value.and_then(Value::as_bool).unwrap_or(false)
}

fn stacking_of(value: Option<&Value>) -> Stacking {
    let Some(value) = value.filter(|v| v.is_object()) else {
        return Stacking::default();
    };
    let mode = match value.get("mode").and_then(Value::as_str) {
        Some("normal") => StackingMode::Normal,
        Some("percent") => StackingMode::Percent,
        _ => StackingMode::None,
    };
    let group = match value.get("group") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => "A".into(),
        Some(other) => other.to_string(),
    };
    Stacking { mode, group }
}

fn span_nulls_of(value: Option<&Value>) -> SpanNulls {
    match value {
        Some(Value::Bool(true)) => SpanNulls::Always,
        // A number is a threshold in ms; -1 (and other negatives) never span.
        Some(Value::Number(n)) => match n.as_f64() {
            Some(ms) if ms >= 0.0 => SpanNulls::ShorterThanMs(ms),
            _ => SpanNulls::Never,
        },
        _ => SpanNulls::Never,
    }
}

fn scale_of(value: Option<&Value>) -> ScaleDistribution {
    let Some(value) = value else {
        return ScaleDistribution::Linear;
    };
    let base = number(value.get("log")).filter(|b| *b > 1.0).unwrap_or(2.0);
    match value.get("type").and_then(Value::as_str) {
        Some("log") => ScaleDistribution::Log { base },
        Some("symlog") => ScaleDistribution::Symlog {
            base,
            linear_threshold: number(value.get("linearThreshold")).unwrap_or(1.0),
        },
        _ => ScaleDistribution::Linear,
    }
}

fn thresholds_style_of(value: Option<&Value>) -> ThresholdsStyle {
    match value.and_then(|v| v.get("mode")).and_then(Value::as_str) {
        Some("line") => ThresholdsStyle::Line,
        Some("dashed") => ThresholdsStyle::Dashed,
        Some("area") => ThresholdsStyle::Area,
        Some("line+area") => ThresholdsStyle::LineAndArea,
        Some("dashed+area") => ThresholdsStyle::DashedAndArea,
        Some("series") => ThresholdsStyle::Series,
        _ => ThresholdsStyle::Off,
    }
}

/// The range percentage thresholds and continuous schemes are measured in: the config's
/// min/max, else the data's (`fieldOverrides.ts`: `config.min ?? globalRange.min`).
fn field_range(field: &FieldDefaults, global: Option<(f64, f64)>) -> (f64, f64) {
    let (data_min, data_max) = global.unwrap_or((0.0, 100.0));
    (field.min.unwrap_or(data_min), field.max.unwrap_or(data_max))
}

/// The colours a `scheme` gradient runs through: a continuous scheme's, or the thresholds'
/// (absolute steps only; percentage steps are shares of the range). Fixed and palette colours
/// have none (Grafana then draws the series' own colour).
fn value_gradient(
    mode: &ColorMode,
    field: &FieldDefaults,
    theme: ThemeMode,
) -> Option<ValueGradient> {
    match mode {
        ColorMode::Continuous(id) => {
            let colors = colors::scheme_colors(id, theme)?;
            let last = colors.len().checked_sub(1).filter(|n| *n > 0)? as f64;
            Some(ValueGradient {
                stops: colors
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (i as f64 / last, c))
                    .collect(),
                percent: true,
                discrete: false,
                min: field.min,
                max: field.max,
            })
        }
        ColorMode::Thresholds => {
            let t = field.thresholds.as_ref()?;
            Some(ValueGradient {
                stops: t
                    .steps
                    .iter()
                    .map(|s| {
                        let share = |v: f64| v / 100.0;
                        let value = s.value.unwrap_or(f64::NEG_INFINITY);
                        let value = match t.mode {
                            super::field_config::ThresholdsMode::Percentage => share(value),
                            _ => value,
                        };
                        (value, colors::color_by_name(&s.color, theme))
                    })
                    .collect(),
                percent: t.mode == super::field_config::ThresholdsMode::Percentage,
                discrete: true,
                min: field.min,
                max: field.max,
            })
        }
        _ => None,
    }
}

fn series_color(
    mode: &ColorMode,
    field: &FieldDefaults,
    series: &SeriesIdentity,
    display_name: &str,
    series_index: usize,
    range: (f64, f64),
    options: &ResolveOptions,
) -> String {
    let theme = options.theme;
    let fixed = || {
        field
            .color
            .as_ref()
            .and_then(|c| c.fixed_color.clone())
            .unwrap_or_else(|| colors::FALLBACK_COLOR.to_string())
    };
    let value = series.color_value.unwrap_or(0.0);
    match mode {
        ColorMode::Fixed => colors::color_by_name(&fixed(), theme),
        ColorMode::Shades => colors::shade_color(&fixed(), series_index, theme),
        ColorMode::PaletteClassic => colors::palette_color(series_index, theme),
        ColorMode::PaletteClassicByName => colors::palette_color_by_name(display_name, theme),
        ColorMode::Thresholds => field
            .thresholds
            .as_ref()
            .and_then(|t| t.step_for(value, range.0, range.1))
            .map(|step| colors::color_by_name(&step.color, theme))
            .unwrap_or_else(|| colors::FALLBACK_COLOR.to_string()),
        ColorMode::Continuous(id) => {
            let (min, max) = range;
            let percent = if max > min {
                (value - min) / (max - min)
            } else {
                0.0
            };
            colors::continuous_color(id, percent, theme)
                .unwrap_or_else(|| colors::palette_color(series_index, theme))
        }
    }
}

/// Resolves every series of a panel: for each, the field config merged for it (defaults,
/// then matching overrides in order) read into typed settings with Grafana's defaults.
/// Time fields keep their place in the output but do not advance the palette index.
pub fn resolve_series(
    field_config: &FieldConfig,
    series: &[SeriesIdentity],
    options: &ResolveOptions,
) -> Vec<ResolvedSeries> {
    let global_range = series
        .iter()
        .filter(|s| s.field_type == FieldType::Number)
        .filter_map(|s| s.data_range)
        .fold(None, |acc: Option<(f64, f64)>, (lo, hi)| {
            Some(acc.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))))
        });
    let mut series_index = 0;
    series
        .iter()
        .map(|identity| {
            let merged = field_config.merged_json(identity);
            let resolved = resolve_one(&merged, identity, series_index, global_range, options);
            if identity.field_type != FieldType::Time {
                series_index += 1;
            }
            resolved
        })
        .collect()
}

/// A `displayName` with Grafana's field variables filled from the series:
/// `${__field.labels.x}` (empty when the label is missing), `${__field.labels}` (`k="v", ...`),
/// `${__field.name}`, `${__series.name}` and `${__field.displayName}` (the series' own name).
/// Others (`${__calc}`, dashboard variables) are left for their own interpolation.
pub fn render_display_name(template: &str, identity: &SeriesIdentity) -> String {
    if !template.contains("${__") {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${__") {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            rest = &rest[start..];
            break;
        };
        let name = &rest[start + 2..start + len];
        let own_name = identity.field_name.as_deref().unwrap_or(&identity.name);
        match name {
            "__field.labels" => {
                let labels: Vec<String> = identity
                    .labels
                    .iter()
                    .filter(|(k, _)| k.as_str() != "__name__")
                    .map(|(k, v)| format!("{k}=\"{v}\""))
                    .collect();
                out.push_str(&labels.join(", "));
            }
            "__field.name" | "__field.displayName" | "__series.name" => {
                out.push_str(if name == "__field.name" {
                    own_name
                } else {
                    &identity.name
                })
            }
            _ => match name.strip_prefix("__field.labels.") {
                Some(label) => out.push_str(identity.labels.get(label).map_or("", String::as_str)),
                None => out.push_str(&rest[start..start + len + 1]),
            },
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

fn resolve_one(
    merged: &Value,
    identity: &SeriesIdentity,
    series_index: usize,
    global_range: Option<(f64, f64)>,
    options: &ResolveOptions,
) -> ResolvedSeries {
    let mut field = FieldDefaults::from_json(merged);
    // `validateFieldConfig`: a reversed min/max is swapped.
    if let (Some(min), Some(max)) = (field.min, field.max) {
        if min > max {
            field.min = Some(max);
            field.max = Some(min);
        }
    }
    let custom = field.custom.clone();
    let get = |key: &str| custom.get(key);
    let display_name = field
        .display_name
        .as_deref()
        .map(|template| render_display_name(template, identity))
        .unwrap_or_else(|| identity.name.clone());
    // No colour in the config: the plugin's default; a colour without a mode is ignored.
    let color_mode = ColorMode::from_grafana(
        field
            .color
            .as_ref()
            .map(|c| c.mode.as_str())
            .unwrap_or(options.default_color_mode.as_str()),
    );
    let range = field_range(&field, global_range);
    let color = series_color(
        &color_mode,
        &field,
        identity,
        &display_name,
        series_index,
        range,
        options,
    );
    let line_style = get("lineStyle")
        .map(|style| LineStyle {
            fill: text(style.get("fill")).unwrap_or_else(|| "solid".into()),
            dash: style
                .get("dash")
                .and_then(Value::as_array)
                .map(|d| d.iter().filter_map(Value::as_f64).collect())
                .unwrap_or_default(),
        })
        .unwrap_or_else(|| LineStyle {
            fill: "solid".into(),
            dash: Vec::new(),
        });
    let hide = get("hideFrom");
    let gradient_mode = text(get("gradientMode")).unwrap_or_else(|| "none".into());
    let value_gradient = (gradient_mode == "scheme")
        .then(|| value_gradient(&color_mode, &field, options.theme))
        .flatten();
    ResolvedSeries {
        series_index,
        display_name,
        unit: field.unit.clone(),
        decimals: field.decimals,
        min: field.min,
        max: field.max,
        no_value: field.no_value.clone(),
        color_mode,
        color,
        color_series_by: merged
            .get("color")
            .and_then(|c| text(c.get("seriesBy")))
            .unwrap_or_else(|| "last".into()),
        thresholds: field.thresholds.clone(),
        transform: match get("transform").and_then(Value::as_str) {
            Some("negative-Y") => Some(Transform::NegativeY),
            Some("constant") => Some(Transform::Constant),
            _ => None,
        },
        stacking: stacking_of(get("stacking")),
        hide_from: HideFrom {
            legend: flag(hide.and_then(|h| h.get("legend"))),
            tooltip: flag(hide.and_then(|h| h.get("tooltip"))),
            // Dashboards saved before Grafana 8 wrote `graph` for `viz`.
            viz: flag(hide.and_then(|h| h.get("viz").or_else(|| h.get("graph")))),
        },
        fill_opacity: number(get("fillOpacity")).unwrap_or(0.0).clamp(0.0, 100.0),
        line_width: number(get("lineWidth")).unwrap_or(1.0).max(0.0),
        line_style,
        draw_style: match get("drawStyle").and_then(Value::as_str) {
            Some("bars") => DrawStyle::Bars,
            Some("points") => DrawStyle::Points,
            _ => DrawStyle::Line,
        },
        point_size: number(get("pointSize")).unwrap_or(5.0).max(0.0),
        show_points: match get("showPoints").and_then(Value::as_str) {
            Some("always") => ShowPoints::Always,
            Some("never") => ShowPoints::Never,
            _ => ShowPoints::Auto,
        },
        line_interpolation: match get("lineInterpolation").and_then(Value::as_str) {
            Some("smooth") => LineInterpolation::Smooth,
            Some("stepBefore") => LineInterpolation::StepBefore,
            Some("stepAfter") => LineInterpolation::StepAfter,
            _ => LineInterpolation::Linear,
        },
        span_nulls: span_nulls_of(get("spanNulls")),
        gradient_mode,
        value_gradient,
        axis_placement: match get("axisPlacement").and_then(Value::as_str) {
            Some("left") => AxisPlacement::Left,
            Some("right") => AxisPlacement::Right,
            Some("hidden") => AxisPlacement::Hidden,
            _ => AxisPlacement::Auto,
        },
        axis_soft_min: number(get("axisSoftMin")),
        axis_soft_max: number(get("axisSoftMax")),
        axis_label: text(get("axisLabel")),
        axis_centered_zero: flag(get("axisCenteredZero")),
        scale_distribution: scale_of(get("scaleDistribution")),
        thresholds_style: thresholds_style_of(get("thresholdsStyle")),
        mappings: field.mappings.clone(),
        links: field.links.clone(),
        custom,
    }
}

/// What a panel exposes per series as `data-series-meta` (JSON) so tests can check what was
/// drawn against what the dashboard asks. The drawing settings a chart may not honour
/// (interpolation, gaps, gradient, dashes, scale) say what the chart drew them with, as
/// [`SeriesMeta::drawn`] is told, not what the field config asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeriesMeta {
    pub name: String,
    pub unit: Option<String>,
    pub color: String,
    pub axis_placement: AxisPlacement,
    pub stacking: Stacking,
    pub transform: Option<Transform>,
    pub hide_from: HideFrom,
    pub draw_style: DrawStyle,
    pub fill_opacity: f64,
    pub line_width: f64,
    pub line_interpolation: LineInterpolation,
    /// Grafana's spelling: `false`, `true` or a threshold in ms.
    pub span_nulls: Value,
    pub gradient_mode: String,
    pub line_style: DrawnLineStyle,
    pub scale_distribution: Value,
}

/// `lineStyle.fill` as drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DrawnLineStyle {
    pub fill: String,
}

/// How a chart drew one series' line and scale, for [`SeriesMeta::drawn`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DrawnSeries {
    pub line_interpolation: LineInterpolation,
    pub span_nulls: SpanNulls,
    pub gradient_mode: String,
    /// `solid`, `dash` or `dot`.
    pub line_style: String,
    pub scale: ScaleDistribution,
}

impl SeriesMeta {
    /// The meta of a series drawn as `drawn` says.
    pub fn drawn(series: &ResolvedSeries, drawn: &DrawnSeries) -> SeriesMeta {
        let scale = match drawn.scale {
            ScaleDistribution::Linear => serde_json::json!({"type": "linear"}),
            ScaleDistribution::Log { base } => serde_json::json!({"type": "log", "log": base}),
            ScaleDistribution::Symlog {
                base,
                linear_threshold,
            } => {
                serde_json::json!({"type": "symlog", "log": base, "linearThreshold": linear_threshold})
            }
        };
        SeriesMeta {
            name: series.display_name.clone(),
            unit: series.unit.clone(),
            color: series.color.clone(),
            axis_placement: series.axis_placement,
            stacking: series.stacking.clone(),
            transform: series.transform,
            hide_from: series.hide_from,
            draw_style: series.draw_style,
            fill_opacity: series.fill_opacity,
            line_width: series.line_width,
            line_interpolation: drawn.line_interpolation,
            span_nulls: match drawn.span_nulls {
                SpanNulls::Never => Value::Bool(false),
                SpanNulls::Always => Value::Bool(true),
                SpanNulls::ShorterThanMs(ms) => serde_json::json!(ms),
            },
            gradient_mode: drawn.gradient_mode.clone(),
            line_style: DrawnLineStyle {
                fill: drawn.line_style.clone(),
            },
            scale_distribution: scale,
        }
    }

    /// The meta of a series drawn exactly as resolved.
    pub fn of(series: &ResolvedSeries) -> SeriesMeta {
        SeriesMeta::drawn(
            series,
            &DrawnSeries {
                line_interpolation: series.line_interpolation,
                span_nulls: series.span_nulls,
                gradient_mode: series.gradient_mode.clone(),
                line_style: series.line_style.fill.clone(),
                scale: series.scale_distribution,
            },
        )
    }

    /// The JSON array for the `data-series-meta` attribute of series drawn as resolved.
    pub fn json(series: &[ResolvedSeries]) -> String {
        let metas: Vec<SeriesMeta> = series.iter().map(SeriesMeta::of).collect();
        serde_json::to_string(&metas).unwrap_or_else(|_| "[]".into())
    }

    /// The JSON array for `data-series-meta`, each series as the chart drew it.
    pub fn json_drawn(series: &[ResolvedSeries], drawn: &[DrawnSeries]) -> String {
        let metas: Vec<SeriesMeta> = series
            .iter()
            .zip(drawn)
            .map(|(s, d)| SeriesMeta::drawn(s, d))
            .collect();
        serde_json::to_string(&metas).unwrap_or_else(|_| "[]".into())
    }
}

#[cfg(test)]
mod tests;
