//! What a chart should show: the panel options the UI passes in (kind, stacking, axes,
//! thresholds) and, when the panel's field config was resolved per series, each series' own
//! style ([`SeriesStyle`]: colour, draw style, axis, stacking group, negative-Y, hidden).

pub use super::interpolate::{FillGradient, Interpolation};
use serde_json::Value;

/// How the samples of every series are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartKind {
    #[default]
    Lines,
    Bars,
    Points,
}

/// Which y axis a series is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AxisSide {
    #[default]
    Left,
    Right,
}

/// Where a bar sits against its sample's time (Grafana's `custom.barAlignment`: -1 before,
/// 0 centred, 1 after), as uPlot's bars path `align` places it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BarAlignment {
    /// The bar ends at the sample's time.
    Before,
    #[default]
    Center,
    /// The bar starts at the sample's time.
    After,
}

impl BarAlignment {
    /// From a series' merged `custom` object; anything but -1 or 1 is Grafana's default, centred.
    pub fn from_custom(custom: &Value) -> Self {
        match custom.get("barAlignment").and_then(Value::as_f64) {
            Some(-1.0) => BarAlignment::Before,
            Some(1.0) => BarAlignment::After,
            _ => BarAlignment::Center,
        }
    }

    /// Where the bars of one time start, as a share of their total width from the sample's x.
    pub fn lead(self) -> f64 {
        match self {
            BarAlignment::Before => -1.0,
            BarAlignment::Center => -0.5,
            BarAlignment::After => 0.0,
        }
    }
}

/// A series' `custom.axisWidth`: the fixed width in CSS px of its y axis (labels, gap and
/// title), which Grafana uses to line panels up; `None` (or a broken value) sizes the axis
/// to its labels.
pub fn axis_width_from_custom(custom: &Value) -> Option<f64> {
    let width = match custom.get("axisWidth")? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    (width.is_finite() && width >= 0.0).then(|| width.min(1000.0))
}

/// How thresholds are shown (Grafana's `thresholdsStyle.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThresholdStyle {
    #[default]
    Off,
    Lines,
    Bands,
    LinesAndBands,
}

impl ThresholdStyle {
    pub fn shows_lines(self) -> bool {
        matches!(self, ThresholdStyle::Lines | ThresholdStyle::LinesAndBands)
    }

    pub fn shows_bands(self) -> bool {
        matches!(self, ThresholdStyle::Bands | ThresholdStyle::LinesAndBands)
    }
}

/// One threshold step: from `value` upwards the colour is `color`, as in Grafana, where the
/// first step's value is -Inf (the base colour).
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub color: String,
}

/// When a series shows point markers (Grafana's `showPoints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PointsMode {
    /// Only where samples are sparse (fewer than one per [`super::model::SPARSE_PX_PER_POINT`]).
    #[default]
    Auto,
    Always,
    Never,
}

/// Which series stack together: Grafana stacks series of the same y axis, stacking group and
/// direction (negative-Y series stack downwards among themselves), in series order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StackKey {
    pub group: String,
    /// 100% stacking: each sample drawn as its share of the group's total at that time.
    pub percent: bool,
}

/// How one series is drawn, from its resolved field config.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesStyle {
    /// CSS colour.
    pub color: String,
    pub kind: ChartKind,
    /// Opacity of the area under the line (or of the bars), 0 to 1.
    pub fill_opacity: f64,
    pub line_width: f64,
    /// Dash pattern in CSS px; empty is solid.
    pub dash: Vec<f64>,
    pub points: PointsMode,
    pub point_radius: f64,
    pub axis: AxisSide,
    /// `None`: not stacked.
    pub stack: Option<StackKey>,
    /// `custom.transform: negative-Y`: drawn mirrored below zero; tooltip keeps the sign.
    pub negative_y: bool,
    /// `hideFrom.viz`: not drawn and not in the y range (the legend still lists it).
    pub hidden: bool,
    /// `hideFrom.tooltip`.
    pub hide_in_tooltip: bool,
    /// The unit and decimals values of this series are formatted with (tooltip).
    pub unit: String,
    pub decimals: Option<u32>,
    /// How the line runs between samples (`lineInterpolation`).
    pub interpolation: Interpolation,
    /// `spanNulls`: `None` breaks the line at missing samples; `Some(ms)` connects over gaps
    /// shorter than `ms` (infinite: always), skipping null samples.
    pub span_nulls: Option<f64>,
    /// `gradientMode` of the fill.
    pub gradient: FillGradient,
    /// With [`FillGradient::Scheme`], the colours by value of the line and fill.
    pub value_gradient: Option<crate::dashboard::field_resolve::ValueGradient>,
    /// Bars: left of, centred on or right of the sample's time.
    pub bar_alignment: BarAlignment,
}

impl Default for SeriesStyle {
    fn default() -> Self {
        SeriesStyle {
            color: String::new(),
            kind: ChartKind::Lines,
            fill_opacity: 0.0,
            line_width: 1.0,
            dash: Vec::new(),
            points: PointsMode::Auto,
            point_radius: 2.5,
            axis: AxisSide::Left,
            stack: None,
            negative_y: false,
            hidden: false,
            hide_in_tooltip: false,
            unit: String::new(),
            decimals: None,
            interpolation: Interpolation::Linear,
            span_nulls: None,
            gradient: FillGradient::None,
            value_gradient: None,
            bar_alignment: BarAlignment::Center,
        }
    }
}

/// What one y axis adds beyond its unit and fixed ends: Grafana's soft ends (the range
/// reaches at least this far, further if the data does), its title, and whether it shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AxisOptions {
    pub soft_min: Option<f64>,
    pub soft_max: Option<f64>,
    /// Drawn rotated beside the tick labels; empty for none.
    pub label: String,
    /// `axisPlacement: hidden`: the scale still measures its series, no ticks or labels show.
    pub hidden: bool,
    /// `axisWidth`: the axis' fixed width in CSS px; `None` fits it to its labels.
    pub width: Option<f64>,
}

/// The options of one time-series chart. `Default` gives Grafana's defaults for a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub stack: bool,
    /// Opacity of the area under each line, 0 (no fill) to 1.
    pub fill_opacity: f64,
    pub line_width: f64,
    pub point_radius: f64,
    pub thresholds: Vec<Threshold>,
    pub threshold_style: ThresholdStyle,
    /// Threshold lines dashed (`dashed`, `dashed+area`) rather than solid (`line`).
    pub threshold_dashed: bool,
    /// Logarithmic y scale with this base (2 or 10); `None` is linear.
    pub log_base: Option<f64>,
    /// Unit id understood by `core::units` (for example `bytes`, `s`, `percentunit`, `ops`).
    pub unit: String,
    pub decimals: Option<u32>,
    /// Fixed ends of the left axis (an automatic end is rounded out to a tick).
    pub y_min: Option<f64>,
    pub y_max: Option<f64>,
    /// Values the automatic left axis must also span (exemplars drawn over the lines).
    pub y_include: Vec<f64>,
    /// Indices (into the frame's series) of the series measured on the right y axis.
    pub right_axis_series: Vec<usize>,
    /// Unit of the right axis; empty means the same as `unit`.
    pub right_unit: String,
    /// Indices of the series hidden by the legend (isolate / toggle).
    pub hidden_series: Vec<usize>,
    /// Colour overrides by series index; series without one take the palette colour.
    pub series_colors: Vec<(usize, String)>,
    /// Per-series styles by series index (from the resolved field config). A series beyond
    /// the list is drawn with the panel-wide options above (see [`ChartSpec::style_of`]).
    pub series: Vec<SeriesStyle>,
    pub left_axis: AxisOptions,
    pub right_axis: AxisOptions,
    /// Decimals and fixed ends of the right axis (`decimals`, `y_min`, `y_max` are the left's).
    pub right_decimals: Option<u32>,
    pub right_min: Option<f64>,
    pub right_max: Option<f64>,
    /// Offset from UTC in minutes for the time axis (the browser's zone or 0 for UTC).
    pub utc_offset_minutes: i32,
    /// The time axis' zone over the drawn span, daylight saving included (the dashboard's
    /// `timezone`); `None`: the fixed `utc_offset_minutes`.
    pub time_zone: Option<crate::time_ticks::ZoneOffsets>,
}

impl Default for ChartSpec {
    fn default() -> Self {
        ChartSpec {
            kind: ChartKind::Lines,
            stack: false,
            fill_opacity: 0.0,
            line_width: 1.0,
            point_radius: 2.5,
            thresholds: Vec::new(),
            threshold_style: ThresholdStyle::Off,
            threshold_dashed: false,
            log_base: None,
            unit: String::new(),
            decimals: None,
            y_min: None,
            y_max: None,
            y_include: Vec::new(),
            right_axis_series: Vec::new(),
            right_unit: String::new(),
            hidden_series: Vec::new(),
            series_colors: Vec::new(),
            series: Vec::new(),
            left_axis: AxisOptions::default(),
            right_axis: AxisOptions::default(),
            right_decimals: None,
            right_min: None,
            right_max: None,
            utc_offset_minutes: 0,
            time_zone: None,
        }
    }
}

impl ChartSpec {
    pub fn axis_of(&self, series: usize) -> AxisSide {
        if let Some(style) = self.series.get(series) {
            return style.axis;
        }
        if self.right_axis_series.contains(&series) {
            AxisSide::Right
        } else {
            AxisSide::Left
        }
    }

    pub fn is_hidden(&self, series: usize) -> bool {
        self.hidden_series.contains(&series)
    }

    /// How series `index` is drawn: its own style, else the panel-wide options.
    pub fn style_of(&self, index: usize) -> SeriesStyle {
        if let Some(style) = self.series.get(index) {
            return style.clone();
        }
        SeriesStyle {
            color: super::theme::series_color(&self.series_colors, index).to_string(),
            kind: self.kind,
            fill_opacity: self.fill_opacity,
            line_width: self.line_width,
            point_radius: self.point_radius,
            points: match self.kind {
                ChartKind::Points => PointsMode::Always,
                _ => PointsMode::Auto,
            },
            axis: self.axis_of(index),
            stack: self.stack.then(|| StackKey {
                group: "A".into(),
                percent: false,
            }),
            unit: self.unit_for(self.axis_of(index)).to_string(),
            decimals: self.decimals_for(self.axis_of(index)),
            ..SeriesStyle::default()
        }
    }

    pub fn decimals_for(&self, side: AxisSide) -> Option<u32> {
        match side {
            AxisSide::Right if !self.right_unit.is_empty() => self.right_decimals,
            _ => self.decimals,
        }
    }

    /// The fixed ends (min, max) of an axis.
    pub fn fixed_range(&self, side: AxisSide) -> (Option<f64>, Option<f64>) {
        match side {
            AxisSide::Left => (self.y_min, self.y_max),
            AxisSide::Right => (self.right_min, self.right_max),
        }
    }

    pub fn axis_options(&self, side: AxisSide) -> &AxisOptions {
        match side {
            AxisSide::Left => &self.left_axis,
            AxisSide::Right => &self.right_axis,
        }
    }

    /// The log base actually used: only bases above 1 make a scale.
    pub fn effective_log_base(&self) -> Option<f64> {
        self.log_base.filter(|b| b.is_finite() && *b > 1.0)
    }

    pub fn unit_for(&self, side: AxisSide) -> &str {
        match side {
            AxisSide::Right if !self.right_unit.is_empty() => &self.right_unit,
            _ => &self.unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_and_visibility_follow_the_index_lists() {
        let spec = ChartSpec {
            right_axis_series: vec![2],
            hidden_series: vec![1],
            ..ChartSpec::default()
        };
        assert_eq!(spec.axis_of(2), AxisSide::Right);
        assert_eq!(spec.axis_of(0), AxisSide::Left);
        assert!(spec.is_hidden(1));
        assert!(!spec.is_hidden(0));
    }

    #[test]
    fn log_base_must_exceed_one() {
        for (base, expected) in [
            (Some(10.0), Some(10.0)),
            (Some(1.0), None),
            (Some(f64::NAN), None),
        ] {
            let spec = ChartSpec {
                log_base: base,
                ..ChartSpec::default()
            };
            assert_eq!(spec.effective_log_base(), expected);
        }
    }

    #[test]
    fn bar_alignment_and_axis_width_read_grafanas_custom_values() {
        use serde_json::json;
        for (value, expected) in [
            (json!(-1), BarAlignment::Before),
            (json!(0), BarAlignment::Center),
            (json!(1), BarAlignment::After),
            (json!(1.0), BarAlignment::After),
            (json!("1"), BarAlignment::Center),
            (json!(7), BarAlignment::Center),
        ] {
            assert_eq!(
                BarAlignment::from_custom(&json!({ "barAlignment": value })),
                expected
            );
        }
        assert_eq!(BarAlignment::from_custom(&json!({})), BarAlignment::Center);
        assert_eq!(BarAlignment::Before.lead(), -1.0);
        assert_eq!(BarAlignment::After.lead(), 0.0);
        assert_eq!(
            axis_width_from_custom(&json!({"axisWidth": 80})),
            Some(80.0)
        );
        assert_eq!(
            axis_width_from_custom(&json!({"axisWidth": "60"})),
            Some(60.0)
        );
        assert_eq!(axis_width_from_custom(&json!({"axisWidth": 0})), Some(0.0));
        for broken in [json!(-4), json!(null), json!("wide"), json!({})] {
            assert_eq!(
                axis_width_from_custom(&json!({ "axisWidth": broken })),
                None
            );
        }
        assert_eq!(axis_width_from_custom(&json!({})), None);
    }

    #[test]
    fn right_unit_falls_back_to_the_left_one() {
        let mut spec = ChartSpec {
            unit: "bytes".into(),
            ..ChartSpec::default()
        };
        assert_eq!(spec.unit_for(AxisSide::Right), "bytes");
        spec.right_unit = "percent".into();
        assert_eq!(spec.unit_for(AxisSide::Right), "percent");
    }
}
