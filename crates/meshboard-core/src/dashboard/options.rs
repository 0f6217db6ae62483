//! A panel's `options` that Meshboard honours (legend, tooltip, reduceOptions) and its time
//! options (`timeFrom`, `timeShift`, `hideTimeOverride`); the rest of `options` is kept as
//! written for the panel renderers and for export.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendDisplay {
    List,
    Table,
    Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendPlacement {
    Bottom,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendOptions {
    pub display: LegendDisplay,
    pub placement: LegendPlacement,
    /// Reducers shown in the legend: `last`, `lastNotNull`, `min`, `max`, `mean` ...
    pub calcs: Vec<String>,
    /// The column the legend is sorted by as Grafana writes it: `Name` or a reducer's display
    /// name (`Mean`, `Last *`); legacy graphs' `sort` is mapped onto the same names.
    pub sort_by: Option<String>,
    pub sort_desc: bool,
    /// The width of a right-hand legend, px (`width`, legacy `sideWidth`).
    pub width: Option<f64>,
    /// Legacy graph `hideEmpty`: series without a value are not listed.
    pub hide_empty: bool,
    /// Legacy graph `hideZero`: series whose values are all zero are not listed.
    pub hide_zero: bool,
}

impl Default for LegendOptions {
    fn default() -> Self {
        LegendOptions {
            display: LegendDisplay::List,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
            sort_by: None,
            sort_desc: false,
            width: None,
            hide_empty: false,
            hide_zero: false,
        }
    }
}

impl LegendOptions {
    /// The legacy graph legend's sorting, side width and hide switches (Grafana's
    /// `graphToTimeseriesOptions`: `sort` becomes `sortBy` as the reducer's display name, so
    /// `current` sorts by `Last *`; `sideWidth` becomes `width`). The display mode, placement
    /// and calcs are mapped by `legacy.rs`.
    pub fn apply_legacy_graph(&mut self, legend: &Value) {
        let flag = |key: &str| legend.get(key).and_then(Value::as_bool).unwrap_or(false);
        if let Some(sort) = legend.get("sort").and_then(Value::as_str) {
            if let Some(reducer) = crate::panel_calc::reducers::Reducer::from_id(sort) {
                self.sort_by = Some(reducer.name());
                self.sort_desc = flag("sortDesc");
            }
        }
        self.width = number(legend.get("sideWidth")).filter(|w| *w > 0.0);
        self.hide_empty = flag("hideEmpty");
        self.hide_zero = flag("hideZero");
    }
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A panel's own time options: `timeFrom` replaces a relative dashboard range (`10s`, `1h`,
/// `now/d`), `timeShift` moves the range back (`1h`, `1d/d`), `hideTimeOverride` keeps the
/// header from saying so. Written as in the JSON; `core::panel::panel_time` resolves them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PanelTimeOptions {
    pub time_from: Option<String>,
    pub time_shift: Option<String>,
    pub hide: bool,
}

impl PanelTimeOptions {
    /// Reads `timeFrom`, `timeShift` and `hideTimeOverride` from a panel's JSON; empty or
    /// null values are no override.
    pub fn from_panel_json(raw: &Value) -> PanelTimeOptions {
        let text = |key: &str| {
            raw.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        PanelTimeOptions {
            time_from: text("timeFrom"),
            time_shift: text("timeShift"),
            hide: raw
                .get("hideTimeOverride")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }
    }

    pub fn is_set(&self) -> bool {
        self.time_from.is_some() || self.time_shift.is_some()
    }

    /// The options with dashboard variables filled, as Grafana interpolates `timeFrom` and
    /// `timeShift` (`$long_term_interval` -> `3d`) before reading them.
    pub fn interpolated(&self, scope: &crate::variables::VariableScope) -> PanelTimeOptions {
        let fill = |v: &Option<String>| {
            v.as_deref()
                .map(|t| {
                    crate::variables::interpolate_text(t, scope)
                        .trim()
                        .to_string()
                })
                .filter(|t| !t.is_empty())
        };
        PanelTimeOptions {
            time_from: fill(&self.time_from),
            time_shift: fill(&self.time_shift),
            hide: self.hide,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooltipMode {
    Single,
    Multi,
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooltipOptions {
    pub mode: TooltipMode,
    /// `none`, `asc`, `desc`.
    pub sort: String,
}

impl Default for TooltipOptions {
    fn default() -> Self {
        TooltipOptions {
            mode: TooltipMode::Single,
            sort: "none".into(),
        }
    }
}

/// How stat, gauge, bargauge and table panels reduce a series to one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReduceOptions {
    pub calcs: Vec<String>,
    /// Show every value rather than one reduced value per series.
    pub values: bool,
    pub fields: String,
    pub limit: Option<u32>,
}

impl Default for ReduceOptions {
    fn default() -> Self {
        ReduceOptions {
            calcs: vec!["lastNotNull".into()],
            values: false,
            fields: String::new(),
            limit: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PanelOptions {
    pub legend: LegendOptions,
    pub tooltip: TooltipOptions,
    pub reduce: ReduceOptions,
    /// The whole `options` object as written.
    pub raw: Value,
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    Some(
        value?
            .as_array()?
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
    )
}

impl PanelOptions {
    pub fn from_json(options: Option<&Value>) -> PanelOptions {
        let Some(options) = options.filter(|o| o.is_object()) else {
            return PanelOptions::default();
        };
        let mut result = PanelOptions {
            raw: options.clone(),
            ..PanelOptions::default()
        };
        if let Some(legend) = options.get("legend") {
            let shown = legend
                .get("showLegend")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            result.legend.display = match legend.get("displayMode").and_then(Value::as_str) {
                _ if !shown => LegendDisplay::Hidden,
                Some("table") => LegendDisplay::Table,
                Some("hidden") => LegendDisplay::Hidden,
                _ => LegendDisplay::List,
            };
            if legend.get("placement").and_then(Value::as_str) == Some("right") {
                result.legend.placement = LegendPlacement::Right;
            }
            result.legend.calcs = strings(legend.get("calcs")).unwrap_or_default();
            result.legend.sort_by = legend
                .get("sortBy")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            result.legend.sort_desc = legend
                .get("sortDesc")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            result.legend.width = number(legend.get("width")).filter(|w| *w > 0.0);
        }
        if let Some(tooltip) = options.get("tooltip") {
            result.tooltip.mode = match tooltip.get("mode").and_then(Value::as_str) {
                Some("multi") => TooltipMode::Multi,
                Some("none") => TooltipMode::None,
                _ => TooltipMode::Single,
            };
            if let Some(sort) = tooltip.get("sort").and_then(Value::as_str) {
                result.tooltip.sort = sort.to_string();
            }
        }
        if let Some(reduce) = options.get("reduceOptions") {
            if let Some(calcs) = strings(reduce.get("calcs")).filter(|c| !c.is_empty()) {
                result.reduce.calcs = calcs;
            }
            result.reduce.values = reduce
                .get("values")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            result.reduce.fields = reduce
                .get("fields")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            result.reduce.limit = reduce
                .get("limit")
                .and_then(Value::as_u64)
                .and_then(|l| u32::try_from(l).ok());
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn time_options_take_the_variables_values() {
        use crate::variables::{ScopedValue, VariableScope};
        // grafana.com 3681: "timeFrom": "$long_term_interval" (an interval variable, 3d).
        let o = PanelTimeOptions::from_panel_json(
            &json!({"timeFrom": "$long_term_interval", "timeShift": "${shift}"}),
        );
        let mut scope = VariableScope::default();
        scope.insert("long_term_interval", ScopedValue::single("3d"));
        let filled = o.interpolated(&scope);
        assert_eq!(filled.time_from.as_deref(), Some("3d"));
        // An unknown variable stays as written (and the header says the override is invalid).
        assert_eq!(filled.time_shift.as_deref(), Some("${shift}"));
        let plain = PanelTimeOptions::from_panel_json(&json!({"timeFrom": "10s"}));
        assert_eq!(plain.interpolated(&scope), plain);
    }

    #[test]
    fn reads_legend_tooltip_reduce() {
        let o = PanelOptions::from_json(Some(&json!({
            "legend": {"displayMode": "table", "placement": "right", "calcs": ["mean", "max"]},
            "tooltip": {"mode": "multi", "sort": "desc"},
            "reduceOptions": {"calcs": ["mean"], "values": false, "fields": ""}
        })));
        assert_eq!(o.legend.display, LegendDisplay::Table);
        assert_eq!(o.legend.placement, LegendPlacement::Right);
        assert_eq!(o.legend.calcs, vec!["mean", "max"]);
        assert_eq!(o.tooltip.mode, TooltipMode::Multi);
        assert_eq!(o.reduce.calcs, vec!["mean"]);
        let hidden = PanelOptions::from_json(Some(&json!({"legend": {"showLegend": false}})));
        assert_eq!(hidden.legend.display, LegendDisplay::Hidden);
        assert_eq!(
            PanelOptions::from_json(Some(&json!("junk"))),
            PanelOptions::default()
        );
    }

    #[test]
    fn reads_legend_sorting_and_width() {
        let o = PanelOptions::from_json(Some(&json!({
            "legend": {"displayMode": "table", "placement": "right", "calcs": ["mean"],
                       "sortBy": "Mean", "sortDesc": true, "width": 300}
        })));
        assert_eq!(o.legend.sort_by.as_deref(), Some("Mean"));
        assert!(o.legend.sort_desc);
        assert_eq!(o.legend.width, Some(300.0));
    }

    #[test]
    fn legacy_graph_sort_and_hide_switches() {
        let mut legend = LegendOptions::default();
        legend.apply_legacy_graph(&json!({"sort": "current", "sortDesc": true,
            "sideWidth": 250, "hideEmpty": true, "hideZero": true}));
        assert_eq!(legend.sort_by.as_deref(), Some("Last *"));
        assert!(legend.sort_desc && legend.hide_empty && legend.hide_zero);
        assert_eq!(legend.width, Some(250.0));
        let mut legend = LegendOptions::default();
        // Grafana's legacy graph writes `sort: null` or `0` when unsorted.
        legend.apply_legacy_graph(&json!({"sort": null, "sortDesc": null}));
        assert_eq!(legend, LegendOptions::default());
        legend.apply_legacy_graph(&json!({"sort": "avg", "sortDesc": false}));
        assert_eq!(legend.sort_by.as_deref(), Some("Mean"));
    }

    #[test]
    fn reads_panel_time_options() {
        let t = PanelTimeOptions::from_panel_json(
            &json!({"timeFrom": "10s", "timeShift": "1h", "hideTimeOverride": true}),
        );
        assert_eq!(t.time_from.as_deref(), Some("10s"));
        assert_eq!(t.time_shift.as_deref(), Some("1h"));
        assert!(t.hide && t.is_set());
        let none = PanelTimeOptions::from_panel_json(&json!({"timeFrom": null, "timeShift": ""}));
        assert_eq!(none, PanelTimeOptions::default());
        assert!(!none.is_set());
    }
}
