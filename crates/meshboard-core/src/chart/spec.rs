//! What a chart should show: the panel options the UI passes in (kind, stacking, axes, thresholds).

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
    /// Offset from UTC in minutes for the time axis (the browser's zone or 0 for UTC).
    pub utc_offset_minutes: i32,
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
            utc_offset_minutes: 0,
        }
    }
}

impl ChartSpec {
    pub fn axis_of(&self, series: usize) -> AxisSide {
        if self.right_axis_series.contains(&series) {
            AxisSide::Right
        } else {
            AxisSide::Left
        }
    }

    pub fn is_hidden(&self, series: usize) -> bool {
        self.hidden_series.contains(&series)
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
