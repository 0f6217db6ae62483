//! Older Grafana JSON read the way Grafana migrates it: the `rows[]` layout (schemaVersion
//! < 16) into row panels with gridPos, and the settings of `graph` and `singlestat` panels
//! (y axes, series overrides, alias colours, hidden series, stacking, legacy legend/tooltip,
//! threshold strings) into field config and options.
//!
//! A `graph` panel's field config becomes what Grafana's own graph -> timeseries migration
//! makes of it (`public/app/plugins/panel/timeseries/migrations.ts`, `flotToGraphOptions` /
//! `graphToTimeseriesOptions`), so [`super::field_resolve::resolve_series`] resolves legacy and
//! modern panels through one path.

use serde_json::{json, Map, Value};

use super::field_config::{
    FieldColor, FieldMatcher, FieldOverride, OverrideProperty, ThresholdStep, Thresholds,
    ThresholdsMode,
};
use super::layout::{GridPos, GRID_COLUMNS, GRID_MARGIN_PX, ROW_UNIT_PX};
use super::options::{LegendDisplay, LegendPlacement, TooltipMode};
use super::panel::{Panel, PanelKind};

/// Grafana's default legacy row height (px), panel span (of 12) and smallest panel height (px).
const DEFAULT_ROW_HEIGHT_PX: f64 = 250.0;
const DEFAULT_SPAN: f64 = 4.0;
const MIN_PANEL_HEIGHT_PX: f64 = ROW_UNIT_PX * 3.0;

/// A legacy height (`"250px"`, `250` or `"250"`) in grid units, as Grafana's `getGridHeight`:
/// at least 90 px, then rounded up to whole 38 px units. `None` when there is no usable
/// height (`""`, `0`, missing: Grafana then uses the row's height).
fn grid_height(value: Option<&Value>) -> Option<u32> {
    let px = match value {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => {
            let digits: String = s
                .trim()
                .trim_end_matches("px")
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        }
        _ => None,
    };
    px.filter(|p: &f64| p.is_finite() && *p > 0.0).map(|px| {
        let px = px.max(MIN_PANEL_HEIGHT_PX);
        ((px / (ROW_UNIT_PX + GRID_MARGIN_PX)).ceil() as u32).clamp(1, 200)
    })
}

/// Grafana's `RowArea`: how far down each of the 24 columns is filled in the current line of
/// a legacy row, to place the next panel.
struct RowArea {
    area: [u32; GRID_COLUMNS as usize],
    y: u32,
    height: u32,
}

impl RowArea {
    fn add(&mut self, pos: GridPos) {
        let filled = pos.bottom().saturating_sub(self.y);
        for column in pos.x..(pos.x + pos.w).min(GRID_COLUMNS) {
            let cell = &mut self.area[column as usize];
            *cell = (*cell).max(filled);
        }
    }

    /// `getPanelPosition`: the free run at the right end of the line (columns whose filled
    /// height does not grow leftwards), at its left edge and below what fills it; when the
    /// panel does not fit there, a new line.
    fn place(&mut self, width: u32) -> (u32, u32) {
        let columns = GRID_COLUMNS as usize;
        let (mut start, mut end) = (None, None);
        for i in (0..columns).rev() {
            if self.height <= self.area[i] {
                break;
            }
            if end.is_none() {
                end = Some(i);
            } else if i < columns - 1 && self.area[i] <= self.area[i + 1] {
                start = Some(i);
            } else {
                break;
            }
        }
        if let (Some(start), Some(end)) = (start, end) {
            if end - start + 1 >= width as usize {
                let y = self.area[start..].iter().copied().max().unwrap_or(0);
                return (start as u32, y);
            }
        }
        self.y += self.height;
        self.area = [0; GRID_COLUMNS as usize];
        (0, 0)
    }
}

/// Grafana's `minSpan` (of 12) to `maxPerRow` migration: the largest factor of 24 that fits
/// 24 / minSpan-in-24ths copies per line.
fn max_per_row_from_min_span(min_span: f64) -> Option<u32> {
    const FACTORS: [u32; 8] = [1, 2, 3, 4, 6, 8, 12, 24];
    let min_span = (f64::from(GRID_COLUMNS) / 12.0 * min_span).min(f64::from(GRID_COLUMNS));
    if min_span.is_nan() || min_span <= 0.0 {
        return None;
    }
    let max = f64::from(GRID_COLUMNS) / min_span;
    let above = FACTORS.iter().position(|f| f64::from(*f) > max)?;
    above.checked_sub(1).map(|i| FACTORS[i])
}

/// Converts `rows[]` into a flat panel list with gridPos as Grafana's `upgradeToGridLayout`
/// does: a row panel per row (ids after the largest panel id) when any row shows a title,
/// collapses or repeats; each row's panels placed in lines by `RowArea`, widths from `span`
/// (x2), heights from the panel's or else the row's `height`; panels of a collapsed row go
/// inside its row panel. Grafana's grid then compacts what this leaves apart.
pub fn rows_to_panels(rows: &[Value]) -> Vec<Value> {
    let flag = |row: &Value, key: &str| row.get(key).and_then(Value::as_bool).unwrap_or(false);
    let repeat_of = |row: &Value| {
        row.get("repeat")
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    };
    let show_rows = rows
        .iter()
        .any(|row| flag(row, "collapse") || flag(row, "showTitle") || repeat_of(row).is_some());
    let panels_of = |row: &Value| {
        row.get("panels")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let max_id = rows
        .iter()
        .flat_map(&panels_of)
        .filter_map(|p| p.get("id").and_then(Value::as_i64))
        .max()
        .unwrap_or(0);
    let mut next_row_id = max_id + 1;
    let default_row_units = (DEFAULT_ROW_HEIGHT_PX / (ROW_UNIT_PX + GRID_MARGIN_PX)).ceil() as u32;
    let mut result = Vec::new();
    let mut y = 0u32;
    // Rows a repeat made (`repeatIteration` set) are made again from their source.
    let made_by_repeat = |row: &Value| match row.get("repeatIteration") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    for row in rows.iter().filter(|r| !made_by_repeat(r)) {
        let collapsed = flag(row, "collapse");
        let row_units = grid_height(row.get("height")).unwrap_or(default_row_units);
        let mut row_panel = None;
        if show_rows {
            let mut panel = json!({
                "id": next_row_id,
                "type": "row",
                "title": row.get("title").and_then(Value::as_str).unwrap_or_default(),
                "collapsed": collapsed,
                "panels": [],
                "gridPos": GridPos { x: 0, y, w: GRID_COLUMNS, h: 1 }.to_json(),
            });
            if let Some(repeat) = repeat_of(row) {
                panel["repeat"] = Value::String(repeat);
            }
            row_panel = Some(panel);
            next_row_id += 1;
            y += 1;
        }
        let mut area = RowArea {
            area: [0; GRID_COLUMNS as usize],
            y,
            height: row_units,
        };
        let mut children = Vec::new();
        for panel in panels_of(row) {
            let span = panel
                .get("span")
                .and_then(Value::as_f64)
                .filter(|s| s.is_finite() && *s > 0.0)
                .unwrap_or(DEFAULT_SPAN);
            let w = ((span.floor().max(1.0) * 2.0) as u32).min(GRID_COLUMNS);
            let h = grid_height(panel.get("height")).unwrap_or(row_units);
            let (x, line_y) = area.place(w);
            y = area.y;
            let pos = GridPos {
                x: x.min(GRID_COLUMNS - w),
                y: y + line_y,
                w,
                h,
            };
            area.add(pos);
            let mut panel = panel.clone();
            if let Some(obj) = panel.as_object_mut() {
                obj.insert("gridPos".into(), pos.to_json());
                obj.remove("span");
                if let Some(min_span) = obj.remove("minSpan").and_then(|m| m.as_f64()) {
                    if !obj.contains_key("maxPerRow") {
                        if let Some(max) = max_per_row_from_min_span(min_span) {
                            obj.insert("maxPerRow".into(), json!(max));
                        }
                    }
                }
            }
            children.push(panel);
        }
        match row_panel {
            Some(mut row_panel) if collapsed => {
                row_panel["panels"] = Value::Array(children);
                result.push(row_panel);
            }
            row_panel => {
                result.extend(row_panel);
                result.extend(children);
                y += row_units;
            }
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
    migrate_graph_field_config(panel, raw);
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

/// Legacy numbers may be written as numeric strings (`"min": "0"`); Grafana's `validNumber`.
fn legacy_number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n: &f64| n.is_finite())
}

/// One legacy y axis as field config: standard settings (`unit`, `decimals`, `min`, `max`) and
/// custom ones (`axisPlacement`, `axisLabel`, `scaleDistribution`), Grafana's
/// `getFieldConfigFromOldAxis`.
fn axis_config(axis: Option<&Value>) -> (Map<String, Value>, Map<String, Value>) {
    let (mut standard, mut custom) = (Map::new(), Map::new());
    let Some(axis) = axis.filter(|a| a.is_object()) else {
        return (standard, custom);
    };
    let shown = axis.get("show").and_then(Value::as_bool).unwrap_or(false);
    custom.insert(
        "axisPlacement".into(),
        json!(if shown { "auto" } else { "hidden" }),
    );
    if let Some(label) = axis
        .get("label")
        .and_then(Value::as_str)
        .filter(|l| !l.is_empty())
    {
        custom.insert("axisLabel".into(), json!(label));
    }
    if let Some(base) = legacy_number(axis.get("logBase")).filter(|b| *b == 2.0 || *b == 10.0) {
        custom.insert(
            "scaleDistribution".into(),
            json!({"type": "log", "log": base}),
        );
    }
    if let Some(format) = axis.get("format").and_then(Value::as_str) {
        standard.insert("unit".into(), json!(format));
    }
    for key in ["decimals", "min", "max"] {
        if let Some(n) = legacy_number(axis.get(key)) {
            standard.insert(key.into(), json!(n));
        }
    }
    (standard, custom)
}

fn property(id: &str, value: Value) -> OverrideProperty {
    OverrideProperty {
        id: id.to_string(),
        value,
    }
}

/// A series-override alias: `/regex/flags` matches by regex, anything else by exact name.
fn alias_matcher(alias: &str) -> FieldMatcher {
    let is_regex = alias.len() > 1 && alias.starts_with('/') && alias[1..].contains('/');
    if is_regex {
        FieldMatcher::ByRegex(alias.to_string())
    } else {
        FieldMatcher::ByName(alias.to_string())
    }
}

/// `stack` of a series override: `true` stacks in the default group, a string names a group,
/// `false` takes the series out of the stack (the legacy graph's meaning).
fn stacking_value(stack: &Value) -> Value {
    match stack {
        Value::Bool(false) | Value::Null => json!({"mode": "none", "group": "A"}),
        Value::String(group) => json!({"mode": "normal", "group": group}),
        _ => json!({"mode": "normal", "group": "A"}),
    }
}

/// What the legacy graph's `thresholds` list becomes: steps and a thresholds style
/// (Grafana's migration: `gt` starts a step, `lt` ends one, gaps are transparent).
fn legacy_thresholds(list: &[Value]) -> Option<(Thresholds, &'static str)> {
    let mut sorted: Vec<&Value> = list
        .iter()
        .filter(|t| legacy_number(t.get("value")).is_some())
        .collect();
    if sorted.is_empty() {
        return None;
    }
    crate::sort::sort_by(&mut sorted, |a, b| {
        let v = |t: &Value| legacy_number(t.get("value")).unwrap_or(0.0);
        v(a).total_cmp(&v(b))
    });
    let color_of = |t: &Value| match t.get("colorMode").and_then(Value::as_str) {
        Some("warning") => "orange".to_string(),
        Some("custom") => t
            .get("fillColor")
            .or_else(|| t.get("lineColor"))
            .and_then(Value::as_str)
            .unwrap_or("red")
            .to_string(),
        _ => "red".to_string(),
    };
    let (mut area, mut line) = (false, false);
    let mut steps: Vec<ThresholdStep> = Vec::new();
    for (i, threshold) in sorted.iter().enumerate() {
        let value = legacy_number(threshold.get("value"));
        let next = sorted.get(i + 1);
        area |= threshold
            .get("fill")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        line |= threshold
            .get("line")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        match threshold.get("op").and_then(Value::as_str) {
            Some("gt") => steps.push(ThresholdStep {
                color: color_of(threshold),
                value,
            }),
            Some("lt") => {
                if steps.is_empty() {
                    steps.push(ThresholdStep {
                        color: color_of(threshold),
                        value: None,
                    });
                }
                let color = match next {
                    Some(n) if n.get("op").and_then(Value::as_str) == Some("lt") => color_of(n),
                    _ => "transparent".to_string(),
                };
                steps.push(ThresholdStep { color, value });
            }
            _ => {}
        }
    }
    if steps.first().is_some_and(|s| s.value.is_some()) {
        steps.insert(
            0,
            ThresholdStep {
                color: "transparent".into(),
                value: None,
            },
        );
    }
    let style = match (line, area) {
        (true, true) => "line+area",
        (_, true) => "area",
        _ => "line",
    };
    Some((
        Thresholds {
            mode: ThresholdsMode::Absolute,
            steps,
        },
        style,
    ))
}

/// The field config Grafana's graph -> timeseries migration gives a `graph` panel: the left
/// axis and the panel's draw settings as defaults; alias colours, series overrides and hidden
/// series as overrides (after the panel's own overrides).
fn migrate_graph_field_config(panel: &mut Panel, raw: &Value) {
    let yaxes = raw.get("yaxes").and_then(Value::as_array);
    let (y1_standard, mut custom) = axis_config(yaxes.and_then(|a| a.first()));
    let (y2_standard, y2_custom) = axis_config(yaxes.and_then(|a| a.get(1)));
    let field = &mut panel.field_config;
    // The left axis wins over `fieldConfig.defaults` ("keep the y-axis unit and custom").
    let defaults = &mut field.defaults;
    if let Some(unit) = y1_standard.get("unit").and_then(Value::as_str) {
        defaults.unit = Some(unit.to_string());
    }
    if let Some(d) = y1_standard.get("decimals").and_then(Value::as_f64) {
        defaults.decimals = Some(d.clamp(0.0, 20.0) as u32);
    }
    defaults.min = y1_standard
        .get("min")
        .and_then(Value::as_f64)
        .or(defaults.min);
    defaults.max = y1_standard
        .get("max")
        .and_then(Value::as_f64)
        .or(defaults.max);

    let flag = |key: &str, default: bool| raw.get(key).and_then(Value::as_bool).unwrap_or(default);
    // A legacy graph without these keys used the graph panel's defaults.
    let (bars, lines, points) = (
        flag("bars", false),
        flag("lines", true),
        flag("points", false),
    );
    let draw_style = if bars {
        "bars"
    } else if lines {
        "line"
    } else {
        "points"
    };
    custom.insert("drawStyle".into(), json!(draw_style));
    if points {
        custom.insert("showPoints".into(), json!("always"));
        if let Some(radius) = legacy_number(raw.get("pointradius")) {
            custom.insert("pointSize".into(), json!(2.0 + radius * 2.0));
        }
    } else if draw_style != "points" {
        custom.insert("showPoints".into(), json!("never"));
    }
    custom.insert(
        "lineWidth".into(),
        json!(legacy_number(raw.get("linewidth")).unwrap_or(1.0)),
    );
    let dash = [
        legacy_number(raw.get("dashLength")).unwrap_or(10.0),
        legacy_number(raw.get("spaceLength")).unwrap_or(10.0),
    ];
    if flag("dashes", false) {
        custom.insert("lineStyle".into(), json!({"fill": "dash", "dash": dash}));
    }
    let series_overrides: Vec<&Value> = raw
        .get("seriesOverrides")
        .and_then(Value::as_array)
        .map(|list| list.iter().collect())
        .unwrap_or_default();
    let fill_below_to = series_overrides
        .iter()
        .any(|o| o.get("fillBelowTo").is_some());
    let fill = legacy_number(raw.get("fill")).unwrap_or(1.0);
    // Flot hard-coded band fills at 35%.
    custom.insert(
        "fillOpacity".into(),
        json!(if fill_below_to { 35.0 } else { fill * 10.0 }),
    );
    if let Some(gradient) = legacy_number(raw.get("fillGradient")).filter(|g| *g > 0.0) {
        custom.insert("gradientMode".into(), json!("opacity"));
        custom.insert("fillOpacity".into(), json!(gradient * 10.0));
    }
    // `connected` is the only legacy null mode that draws across gaps.
    custom.insert(
        "spanNulls".into(),
        json!(raw.get("nullPointMode").and_then(Value::as_str) == Some("connected")),
    );
    if flag("steppedLine", false) {
        custom.insert("lineInterpolation".into(), json!("stepAfter"));
    }
    if bars {
        custom.insert("fillOpacity".into(), json!(100));
    }
    if flag("stack", false) {
        // `percentage` was the legacy graph's 100% stacking.
        let mode = if flag("percentage", false) {
            "percent"
        } else {
            "normal"
        };
        custom.insert("stacking".into(), json!({"mode": mode, "group": "A"}));
    }
    if let Some((thresholds, style)) = raw
        .get("thresholds")
        .and_then(Value::as_array)
        .and_then(|list| legacy_thresholds(list))
    {
        custom.insert("thresholdsStyle".into(), json!({"mode": style}));
        defaults.thresholds = Some(thresholds);
    }
    defaults.custom = Value::Object(custom.clone());

    for (alias, color) in raw
        .get("aliasColors")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(color) = color.as_str().filter(|c| !c.is_empty()) {
            field.overrides.push(FieldOverride {
                matcher: FieldMatcher::ByName(alias.clone()),
                properties: vec![property(
                    "color",
                    json!({"mode": "fixed", "fixedColor": color}),
                )],
            });
        }
    }
    for series_override in series_overrides {
        let Some(alias) = series_override
            .get("alias")
            .and_then(Value::as_str)
            .filter(|a| !a.is_empty())
        else {
            continue;
        };
        let mut properties = Vec::new();
        let mut hide_from: Option<Map<String, Value>> = None;
        let mut dash_override: Option<[f64; 2]> = None;
        let mut dashed = flag("dashes", false);
        for (key, v) in series_override.as_object().into_iter().flatten() {
            match key.as_str() {
                "yaxis" if legacy_number(Some(v)) == Some(2.0) => {
                    // What differs on the right axis, then the axis itself.
                    for (k, value) in &y2_standard {
                        if y1_standard.get(k) != Some(value) {
                            properties.push(property(k, value.clone()));
                        }
                    }
                    for (k, value) in &y2_custom {
                        if k != "axisPlacement" && custom.get(k) != Some(value) {
                            properties.push(property(&format!("custom.{k}"), value.clone()));
                        }
                    }
                    let placement = match y2_custom.get("axisPlacement").and_then(Value::as_str) {
                        Some("hidden") => "hidden",
                        _ => "right",
                    };
                    properties.push(property("custom.axisPlacement", json!(placement)));
                }
                "fill" => {
                    if let Some(n) = legacy_number(Some(v)) {
                        properties.push(property("custom.fillOpacity", json!(n * 10.0)));
                    }
                }
                "fillBelowTo" => properties.push(property("custom.fillBelowTo", v.clone())),
                "fillGradient" => {
                    if let Some(n) = legacy_number(Some(v)).filter(|n| *n > 0.0) {
                        properties.push(property("custom.gradientMode", json!("opacity")));
                        properties.push(property("custom.fillOpacity", json!(n * 10.0)));
                    }
                }
                "points" => properties.push(property(
                    "custom.showPoints",
                    json!(if v.as_bool() == Some(true) {
                        "always"
                    } else {
                        "never"
                    }),
                )),
                // `lines: false` hides the line (Grafana's migration writes width 0).
                "lines" if v.as_bool() == Some(false) => {
                    properties.push(property("custom.lineWidth", json!(0)));
                }
                "lines" => properties.push(property("custom.drawStyle", json!("line"))),
                "linewidth" => {
                    if let Some(n) = legacy_number(Some(v)) {
                        properties.push(property("custom.lineWidth", json!(n)));
                    }
                }
                "pointradius" => {
                    if let Some(n) = legacy_number(Some(v)) {
                        properties.push(property("custom.pointSize", json!(2.0 + n * 2.0)));
                    }
                }
                "dashes" => {
                    dashed = v.as_bool() == Some(true);
                    dash_override.get_or_insert(dash);
                }
                "dashLength" | "spaceLength" => {
                    let pattern = dash_override.get_or_insert(dash);
                    if let Some(n) = legacy_number(Some(v)) {
                        pattern[usize::from(key == "spaceLength")] = n;
                    }
                }
                "stack" => properties.push(property("custom.stacking", stacking_value(v))),
                "color" => {
                    if let Some(color) = v.as_str() {
                        properties.push(property(
                            "color",
                            json!({"mode": "fixed", "fixedColor": color}),
                        ));
                    }
                }
                "transform" => properties.push(property(
                    "custom.transform",
                    json!(if v.as_str() == Some("negative-Y") {
                        "negative-Y"
                    } else {
                        "constant"
                    }),
                )),
                // The legacy graph's per-series legend and tooltip switches.
                "legend" if v.as_bool() == Some(false) => {
                    hide_from
                        .get_or_insert_with(Map::new)
                        .insert("legend".into(), json!(true));
                }
                "hideTooltip" if v.as_bool() == Some(true) => {
                    hide_from
                        .get_or_insert_with(Map::new)
                        .insert("tooltip".into(), json!(true));
                }
                _ => {}
            }
        }
        // Bars are solid whatever `fill` says. Grafana applies the keys in written order; the
        // JSON map here is sorted, so bars go last to keep their solid fill.
        match series_override.get("bars").and_then(Value::as_bool) {
            Some(true) => {
                properties.push(property("custom.drawStyle", json!("bars")));
                properties.push(property("custom.fillOpacity", json!(100)));
            }
            Some(false) => properties.push(property("custom.drawStyle", json!("line"))),
            None => {}
        }
        if let Some(pattern) = dash_override {
            properties.push(property(
                "custom.lineStyle",
                json!({"fill": if dashed { "dash" } else { "solid" }, "dash": pattern}),
            ));
        }
        if let Some(mut hide) = hide_from {
            for key in ["legend", "tooltip", "viz"] {
                hide.entry(key).or_insert(json!(false));
            }
            properties.push(property("custom.hideFrom", Value::Object(hide)));
        }
        if !properties.is_empty() {
            field.overrides.push(FieldOverride {
                matcher: alias_matcher(alias),
                properties,
            });
        }
    }
    // Series the user switched off in the legend stay listed but are not drawn.
    for (alias, hidden) in raw
        .get("hiddenSeries")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if hidden.as_bool() == Some(true) {
            field.overrides.push(FieldOverride {
                matcher: FieldMatcher::ByName(alias.clone()),
                properties: vec![property(
                    "custom.hideFrom",
                    json!({"legend": false, "tooltip": false, "viz": true}),
                )],
            });
        }
    }
    // A graph had no colour mode: series took the classic palette.
    if defaults.color.is_none() {
        defaults.color = Some(FieldColor {
            mode: "palette-classic".into(),
            fixed_color: None,
        });
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
        // Grafana moves on by the row's height (7) after the row, not by what its panels
        // filled; the grid's compaction closes the gap.
        assert_eq!(pos(&panels[4]).y, 15);
        assert_eq!(panels[4]["panels"].as_array().map(Vec::len), Some(1));
        assert_eq!(pos(&panels[5]).y, 16);
        assert_eq!(
            pos(&panels[6]),
            GridPos {
                x: 0,
                y: 17,
                w: 8,
                h: 7
            }
        );
        let ids: Vec<i64> = [0, 4, 5]
            .iter()
            .map(|&i| panels[i]["id"].as_i64().expect("row id"))
            .collect();
        assert_eq!(ids, vec![1, 2, 3]);
        assert!(panels[1].get("span").is_none());
    }

    #[test]
    fn row_area_fills_lines_as_grafana() {
        // Two short panels side by side, then the line (7 units, 250 px) still has room under
        // them for two more; once every column is full a new line starts 7 units lower, over
        // the tall panel (Grafana's quirk: the grid's compaction moves it down).
        let rows = vec![json!({"height": 250, "panels": [
            {"id": 7, "span": 6, "height": 100}, {"id": 8, "span": 6, "height": 100},
            {"id": 9, "span": 12, "height": 100}, {"id": 10, "span": 12, "minSpan": 2},
            {"id": 11, "span": 3}]})];
        let panels = rows_to_panels(&rows);
        let pos = |i: usize| GridPos::from_json(&panels[i]["gridPos"]).expect("gridPos");
        assert_eq!(
            panels.len(),
            5,
            "no row panel: no row collapses, repeats or shows a title"
        );
        assert_eq!((pos(0).x, pos(0).y, pos(0).h), (0, 0, 3));
        assert_eq!((pos(1).x, pos(1).y), (12, 0));
        assert_eq!((pos(2).x, pos(2).y, pos(2).w), (0, 3, 24));
        assert_eq!((pos(3).x, pos(3).y, pos(3).h), (0, 6, 7));
        assert_eq!((pos(4).x, pos(4).y, pos(4).w), (0, 7, 6));
        assert_eq!(panels[3]["maxPerRow"], 6);
        assert!(panels[3].get("minSpan").is_none());
        // Heights below 90 px are 90 px (3 units); "" means the row's height.
        assert_eq!(grid_height(Some(&json!(46))), Some(3));
        assert_eq!(grid_height(Some(&json!("151px"))), Some(4));
        assert_eq!(grid_height(Some(&json!(""))), None);
        assert_eq!(max_per_row_from_min_span(1.0), Some(12));
        assert_eq!(max_per_row_from_min_span(12.0), Some(1));
        assert_eq!(max_per_row_from_min_span(0.5), None);
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
