//! A panel's `options` that Meshboard honours (legend, tooltip, reduceOptions); the rest of
//! `options` is kept as written for the panel renderers and for export.

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendOptions {
    pub display: LegendDisplay,
    pub placement: LegendPlacement,
    /// Reducers shown in the legend: `last`, `lastNotNull`, `min`, `max`, `mean` ...
    pub calcs: Vec<String>,
}

impl Default for LegendOptions {
    fn default() -> Self {
        LegendOptions {
            display: LegendDisplay::List,
            placement: LegendPlacement::Bottom,
            calcs: Vec::new(),
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
}
