//! Older Grafana JSON read the way Grafana migrates it: the `rows[]` layout (schemaVersion
//! < 16) into row panels with gridPos, and the settings of `graph` and `singlestat` panels
//! (y-axis format, legacy legend/tooltip, threshold strings) into field config and options.

use serde_json::Value;

use super::field_config::{ThresholdStep, Thresholds, ThresholdsMode};
use super::layout::{GridPos, GRID_COLUMNS, GRID_MARGIN_PX, ROW_UNIT_PX};
use super::options::{LegendDisplay, LegendPlacement, TooltipMode};
use super::panel::{Panel, PanelKind};

/// Grafana's default legacy row height (px) and panel span (of 12).
const DEFAULT_ROW_HEIGHT_PX: f64 = 250.0;
const DEFAULT_SPAN: f64 = 4.0;

/// `"250px"`, `250` or `"250"` in pixels, converted to grid units as Grafana does.
fn grid_height(value: Option<&Value>, default_units: u32) -> u32 {
    let px = match value {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().trim_end_matches("px").trim().parse().ok(),
        _ => None,
    };
    match px.filter(|p: &f64| p.is_finite() && *p > 0.0) {
        Some(px) => ((px / (ROW_UNIT_PX + GRID_MARGIN_PX)).ceil() as u32).clamp(1, 200),
        None => default_units,
    }
}

/// Converts `rows[]` into a flat panel list with gridPos (Grafana's `upgradeToGridLayout`):
/// a row panel per row when any row shows a title, collapses or repeats; panels of collapsed
/// rows go inside their row panel.
pub fn rows_to_panels(rows: &[Value]) -> Vec<Value> {
    let show_rows = rows.iter().any(|row| {
        row.get("collapse")
            .and_then(Value::as_bool)
            .unwrap_or(false)
            || row
                .get("showTitle")
                .and_then(Value::as_bool)
                .unwrap_or(false)
            || row
                .get("repeat")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.is_empty())
    });
    let default_row_units = (DEFAULT_ROW_HEIGHT_PX / (ROW_UNIT_PX + GRID_MARGIN_PX)).ceil() as u32;
    let mut result = Vec::new();
    let mut y = 0u32;
    for row in rows {
        let collapsed = row
            .get("collapse")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let row_units = grid_height(row.get("height"), default_row_units);
        let mut row_panel = serde_json::json!({
            "type": "row",
            "title": row.get("title").and_then(Value::as_str).unwrap_or_default(),
            "collapsed": collapsed,
            "panels": [],
            "gridPos": GridPos { x: 0, y, w: GRID_COLUMNS, h: 1 }.to_json(),
        });
        if let Some(repeat) = row
            .get("repeat")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
        {
            row_panel["repeat"] = Value::String(repeat.to_string());
        }
        if show_rows {
            y += 1;
        }
        // Pack the row's panels left to right, wrapping at 24 columns.
        let (mut x, mut line_y, mut line_h, mut row_bottom) = (0u32, y, 0u32, y);
        let mut children = Vec::new();
        for panel in row
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let span = panel
                .get("span")
                .and_then(Value::as_f64)
                .filter(|s| s.is_finite() && *s > 0.0)
                .unwrap_or(DEFAULT_SPAN);
            let w = ((span.floor().max(1.0) * 2.0) as u32).min(GRID_COLUMNS);
            let h = grid_height(panel.get("height"), row_units);
            if x + w > GRID_COLUMNS {
                x = 0;
                line_y += line_h;
                line_h = 0;
            }
            let mut panel = panel.clone();
            if let Some(obj) = panel.as_object_mut() {
                obj.insert("gridPos".into(), GridPos { x, y: line_y, w, h }.to_json());
                obj.remove("span");
            }
            x += w;
            line_h = line_h.max(h);
            row_bottom = row_bottom.max(line_y + h);
            children.push(panel);
        }
        if collapsed && show_rows {
            row_panel["panels"] = Value::Array(children);
            result.push(row_panel);
        } else {
            if show_rows {
                result.push(row_panel);
            }
            result.extend(children);
            y = row_bottom.max(y);
        }
    }
    result
}

/// Legacy singlestat threshold colours (Grafana's defaults).
const SINGLESTAT_COLORS: [&str; 3] = ["#299c46", "rgba(237, 129, 40, 0.89)", "#d44a3a"];

/// Fills field config and options from legacy `graph`/`singlestat` settings where the
/// modern fields are absent.
pub fn upgrade_panel_settings(panel: &mut Panel) {
    let raw = panel.raw.clone();
    match panel.type_name.as_str() {
        "graph" => upgrade_graph(panel, &raw),
        "singlestat" => upgrade_singlestat(panel, &raw),
        _ => {}
    }
}

fn upgrade_graph(panel: &mut Panel, raw: &Value) {
    let defaults = &mut panel.field_config.defaults;
    if let Some(axis) = raw
        .get("yaxes")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        if defaults.unit.is_none() {
            defaults.unit = axis
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
        // Legacy axes store min/max as numbers or numeric strings.
        let number = |v: Option<&Value>| match v {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        defaults.min = defaults.min.or(number(axis.get("min")));
        defaults.max = defaults.max.or(number(axis.get("max")));
    }
    if raw.get("options").and_then(|o| o.get("legend")).is_none() {
        if let Some(legend) = raw.get("legend") {
            let flag = |key: &str| legend.get(key).and_then(Value::as_bool).unwrap_or(false);
            let legend_options = &mut panel.options.legend;
            legend_options.display = if legend.get("show").and_then(Value::as_bool) == Some(false) {
                LegendDisplay::Hidden
            } else if flag("alignAsTable") {
                LegendDisplay::Table
            } else {
                LegendDisplay::List
            };
            if flag("rightSide") {
                legend_options.placement = LegendPlacement::Right;
            }
            if flag("values") {
                for (key, calc) in [
                    ("min", "min"),
                    ("max", "max"),
                    ("avg", "mean"),
                    ("current", "lastNotNull"),
                    ("total", "sum"),
                ] {
                    if flag(key) {
                        legend_options.calcs.push(calc.to_string());
                    }
                }
            }
        }
    }
    if raw.get("options").and_then(|o| o.get("tooltip")).is_none() {
        if let Some(shared) = raw
            .get("tooltip")
            .and_then(|t| t.get("shared"))
            .and_then(Value::as_bool)
        {
            panel.options.tooltip.mode = if shared {
                TooltipMode::Multi
            } else {
                TooltipMode::Single
            };
        }
    }
}

fn upgrade_singlestat(panel: &mut Panel, raw: &Value) {
    let defaults = &mut panel.field_config.defaults;
    if defaults.unit.is_none() {
        defaults.unit = raw
            .get("format")
            .and_then(Value::as_str)
            .filter(|f| *f != "none")
            .map(str::to_string);
    }
    if defaults.decimals.is_none() {
        defaults.decimals = raw
            .get("decimals")
            .and_then(Value::as_u64)
            .map(|d| d.min(20) as u32);
    }
    let has_steps = defaults
        .thresholds
        .as_ref()
        .is_some_and(|t| !t.steps.is_empty());
    if !has_steps {
        let colors: Vec<String> = raw
            .get("colors")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .filter(|c: &Vec<String>| c.len() >= 3)
            .unwrap_or_else(|| SINGLESTAT_COLORS.iter().map(|s| s.to_string()).collect());
        let levels: Vec<f64> = raw
            .get("thresholds")
            .and_then(Value::as_str)
            .map(|t| t.split(',').filter_map(|v| v.trim().parse().ok()).collect())
            .unwrap_or_default();
        if !levels.is_empty() {
            let mut steps = vec![ThresholdStep {
                color: colors[0].clone(),
                value: None,
            }];
            for (i, level) in levels.iter().take(2).enumerate() {
                steps.push(ThresholdStep {
                    color: colors[i + 1].clone(),
                    value: Some(*level),
                });
            }
            defaults.thresholds = Some(Thresholds {
                mode: ThresholdsMode::Absolute,
                steps,
            });
        }
    }
    let calc = match raw.get("valueName").and_then(Value::as_str) {
        Some("avg") => "mean",
        Some("current") => "lastNotNull",
        Some("total") => "sum",
        Some("max") => "max",
        Some("min") => "min",
        Some("first") => "firstNotNull",
        Some("delta") => "delta",
        Some("range") => "range",
        Some("diff") => "diff",
        // Grafana's singlestat default is `avg`.
        _ => "mean",
    };
    if raw
        .get("options")
        .and_then(|o| o.get("reduceOptions"))
        .is_none()
    {
        panel.options.reduce.calcs = vec![calc.to_string()];
    }
    debug_assert_eq!(panel.kind, PanelKind::Stat);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_become_row_panels_with_grid() {
        let rows = vec![
            json!({"title": "A", "showTitle": true, "height": "250px", "panels": [
                {"type": "graph", "span": 6}, {"type": "graph", "span": 6}, {"type": "graph", "span": 12, "height": 100}]}),
            json!({"title": "B", "collapse": true, "panels": [{"type": "stat", "span": 4}]}),
            json!({"title": "C", "panels": [{"type": "stat"}]}),
        ];
        let panels = rows_to_panels(&rows);
        let pos = |p: &Value| GridPos::from_json(&p["gridPos"]).expect("gridPos");
        assert_eq!(panels.len(), 7);
        assert_eq!(panels[0]["type"], "row");
        assert_eq!(
            pos(&panels[0]),
            GridPos {
                x: 0,
                y: 0,
                w: 24,
                h: 1
            }
        );
        assert_eq!(
            pos(&panels[1]),
            GridPos {
                x: 0,
                y: 1,
                w: 12,
                h: 7
            }
        );
        assert_eq!(
            pos(&panels[2]),
            GridPos {
                x: 12,
                y: 1,
                w: 12,
                h: 7
            }
        );
        assert_eq!(
            pos(&panels[3]),
            GridPos {
                x: 0,
                y: 8,
                w: 24,
                h: 3
            }
        );
        assert_eq!(panels[4]["collapsed"], true);
        assert_eq!(pos(&panels[4]).y, 11);
        assert_eq!(panels[4]["panels"].as_array().map(Vec::len), Some(1));
        assert_eq!(pos(&panels[5]).y, 12);
        assert_eq!(
            pos(&panels[6]),
            GridPos {
                x: 0,
                y: 13,
                w: 8,
                h: 7
            }
        );
        assert!(panels[1].get("span").is_none());
    }

    #[test]
    fn singlestat_thresholds_and_unit() {
        let p = Panel::from_json(
            &json!({"type": "singlestat", "format": "dtdurations", "thresholds": "70,80", "valueName": "current"}),
            1,
        );
        assert_eq!(p.kind, PanelKind::Stat);
        assert_eq!(p.field_config.defaults.unit.as_deref(), Some("dtdurations"));
        let steps = &p
            .field_config
            .defaults
            .thresholds
            .as_ref()
            .expect("thresholds")
            .steps;
        assert_eq!(steps.len(), 3);
        assert_eq!(steps[2].value, Some(80.0));
        assert_eq!(p.options.reduce.calcs, vec!["lastNotNull"]);
    }

    #[test]
    fn graph_axes_and_legend() {
        let p = Panel::from_json(
            &json!({"type": "graph", "yaxes": [{"format": "bytes", "min": "0"}],
                "legend": {"show": true, "alignAsTable": true, "values": true, "max": true},
                "tooltip": {"shared": true}}),
            1,
        );
        assert_eq!(p.kind, PanelKind::TimeSeries);
        assert_eq!(p.field_config.defaults.unit.as_deref(), Some("bytes"));
        assert_eq!(p.field_config.defaults.min, Some(0.0));
        assert_eq!(p.options.legend.display, LegendDisplay::Table);
        assert_eq!(p.options.legend.calcs, vec!["max"]);
        assert_eq!(p.options.tooltip.mode, TooltipMode::Multi);
    }
}
