//! The Angular table (`styles`, `transform`, `columns`; `table-old`, or `table` saved before
//! Grafana 7) as Grafana migrates it to the table panel (`public/app/plugins/panel/table/
//! migrations.ts`, `tablePanelChangedHandler`): `transform` becomes a transformation, the
//! `/.*/` style the field defaults, every other style an override (by name, or by regex when
//! the pattern is `/.../`).

use serde_json::{json, Map, Value};

/// `transform` to the transformation Grafana adds.
fn transformation_id(transform: &str) -> Option<&'static str> {
    Some(match transform {
        "timeseries_to_rows" => "seriesToRows",
        "timeseries_to_columns" => "seriesToColumns",
        "timeseries_aggregations" => "reduce",
        "table" => "merge",
        _ => return None,
    })
}

/// An aggregation column's `value` to its reducer id.
fn reducer_id(column: &str) -> Option<&'static str> {
    Some(match column {
        "avg" => "mean",
        "min" => "min",
        "max" => "max",
        "total" => "sum",
        "current" => "lastNotNull",
        "count" => "count",
        _ => return None,
    })
}

fn cell_type(color_mode: &str) -> Option<&'static str> {
    match color_mode {
        "cell" | "row" => Some("color-background"),
        "value" => Some("color-text"),
        _ => None,
    }
}

/// `thresholds` (texts) and `colors` as absolute steps, the first colour the base.
fn steps(style: &Value) -> Option<Value> {
    let thresholds = style.get("thresholds")?.as_array()?;
    if thresholds.is_empty() {
        return None;
    }
    let colors = style.get("colors").and_then(Value::as_array);
    let color = |i: usize| {
        colors
            .and_then(|c| c.get(i))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut steps = vec![json!({"color": color(0), "value": null})];
    for (i, t) in thresholds.iter().enumerate() {
        let value = match t {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok().map(f64::trunc),
            _ => None,
        };
        steps.push(json!({"color": color(i + 1), "value": value}));
    }
    Some(json!({"mode": "absolute", "steps": steps}))
}

fn text<'a>(style: &'a Value, key: &str) -> Option<&'a str> {
    style
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// One style as an override (`migrateTableStyleToOverride`).
fn style_override(style: &Value) -> Value {
    let pattern = text(style, "pattern").unwrap_or_default();
    let is_regex = pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/');
    let mut props: Vec<Value> = Vec::new();
    let mut push = |id: &str, value: Value| props.push(json!({"id": id, "value": value}));
    if let Some(alias) = text(style, "alias") {
        push("displayName", json!(alias));
    }
    if let Some(unit) = text(style, "unit") {
        push("unit", json!(unit));
    }
    // `if (style.decimals)`: 0 is not carried over.
    if let Some(d) = style
        .get("decimals")
        .and_then(Value::as_f64)
        .filter(|d| *d != 0.0)
    {
        push("decimals", json!(d));
    }
    match text(style, "type") {
        Some("date") => push(
            "unit",
            json!(format!(
                "time: {}",
                text(style, "dateFormat").unwrap_or_default()
            )),
        ),
        Some("hidden") => push("custom.hidden", json!(true)),
        _ => {}
    }
    if style.get("link").and_then(Value::as_bool) == Some(true) {
        let url =
            text(style, "linkUrl")
                .unwrap_or_default()
                .replacen("${__cell}", "${__value.raw}", 1);
        push(
            "links",
            json!([{
                "title": text(style, "linkTooltip").unwrap_or_default(),
                "url": url,
                "targetBlank": style.get("linkTargetBlank").and_then(Value::as_bool).unwrap_or(false),
            }]),
        );
    }
    if let Some(t) = text(style, "colorMode").and_then(cell_type) {
        push("custom.cellOptions", json!({"type": t}));
    }
    if let Some(align) = text(style, "align") {
        push(
            "custom.align",
            if align == "auto" {
                Value::Null
            } else {
                json!(align)
            },
        );
    }
    if let Some(thresholds) = steps(style) {
        push("thresholds", thresholds);
    }
    let matcher = if is_regex { "byRegexp" } else { "byName" };
    json!({"matcher": {"id": matcher, "options": pattern}, "properties": props})
}

/// The `/.*/` style as field defaults (`migrateDefaults`).
fn defaults(style: Option<&Value>) -> Value {
    let mut out = Map::new();
    let mut custom = Map::new();
    if let Some(style) = style {
        if let Some(unit) = text(style, "unit") {
            out.insert("unit".into(), json!(unit));
        }
        if let Some(d) = style.get("decimals").filter(|d| d.is_number()) {
            out.insert("decimals".into(), d.clone());
        }
        if let Some(alias) = text(style, "alias") {
            out.insert("displayName".into(), json!(alias));
        }
        if let Some(align) = text(style, "align").filter(|a| *a != "auto") {
            custom.insert("align".into(), json!(align));
        }
        if let Some(t) = text(style, "colorMode").and_then(cell_type) {
            custom.insert("displayMode".into(), json!(t));
        }
        if let Some(thresholds) = steps(style) {
            out.insert("thresholds".into(), thresholds);
        }
    }
    out.insert("custom".into(), Value::Object(custom));
    Value::Object(out)
}

/// An Angular table's `transformations` and `fieldConfig` as Grafana migrates them; `None`
/// when the panel has no `styles` (a table of today).
pub fn migrate_angular_table(panel: &Value) -> Option<(Value, Value)> {
    let styles = panel.get("styles")?.as_array()?;
    let mut transformations: Vec<Value> = panel
        .get("transformations")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if let Some(transform) = panel.get("transform").and_then(Value::as_str) {
        if let Some(id) = transformation_id(transform) {
            let options = if transform == "timeseries_aggregations" {
                let reducers: Vec<&str> = panel
                    .get("columns")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| c.get("value").and_then(Value::as_str).and_then(reducer_id))
                    .collect();
                json!({"reducers": reducers, "includeTimeField": false})
            } else {
                json!({"reducers": []})
            };
            transformations.push(json!({"id": id, "options": options}));
        }
    }
    let is_default = |s: &&Value| s.get("pattern").and_then(Value::as_str) == Some("/.*/");
    let field_config = json!({
        "defaults": defaults(styles.iter().find(is_default)),
        "overrides": styles.iter().filter(|s| !is_default(s)).map(style_override).collect::<Vec<_>>(),
    });
    Some((Value::Array(transformations), field_config))
}
