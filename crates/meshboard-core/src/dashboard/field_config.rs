//! A panel's `fieldConfig`: defaults (unit, decimals, min, max, thresholds, color, `custom.*`)
//! and overrides (a matcher plus properties), read leniently from the dashboard JSON.
//!
//! Overrides are applied the way Grafana applies them
//! (`packages/grafana-data/src/field/fieldOverrides.ts`, `applyFieldOverrides` and
//! `setDynamicConfigValue`): the defaults first, then every override whose matcher accepts the
//! series, in order, each property set at its path (`custom.` properties inside `custom`), a
//! later override replacing what an earlier one set and a `null` value removing the property.
//! [`FieldConfig::merged_json`] is that merge; [`super::field_resolve::resolve_series`] turns
//! its result into typed per-series settings.

use serde_json::{Map, Value};

use super::field_resolve::{FieldType, SeriesIdentity};
use crate::variables::compile_js_regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThresholdsMode {
    Absolute,
    /// Step values are percentages of the min..max range.
    Percentage,
}

/// One threshold step; `value: None` is the base step (-infinity).
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdStep {
    pub color: String,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub mode: ThresholdsMode,
    /// Ascending, base step first.
    pub steps: Vec<ThresholdStep>,
}

impl Thresholds {
    pub fn from_json(value: &Value) -> Option<Thresholds> {
        let steps: Vec<ThresholdStep> = value
            .get("steps")?
            .as_array()?
            .iter()
            .filter_map(|step| {
                Some(ThresholdStep {
                    color: step.get("color")?.as_str()?.to_string(),
                    value: step.get("value").and_then(Value::as_f64),
                })
            })
            .collect();
        let mode = match value.get("mode").and_then(Value::as_str) {
            Some("percentage") => ThresholdsMode::Percentage,
            _ => ThresholdsMode::Absolute,
        };
        let mut thresholds = Thresholds { mode, steps };
        thresholds.sort_steps();
        Some(thresholds)
    }

    /// Back to Grafana JSON; the base step's value is `null` (JSON has no -Infinity).
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|step| {
                let mut map = Map::new();
                map.insert("color".into(), Value::from(step.color.clone()));
                map.insert(
                    "value".into(),
                    step.value.map(Value::from).unwrap_or_default(),
                );
                Value::Object(map)
            })
            .collect();
        let mode = match self.mode {
            ThresholdsMode::Absolute => "absolute",
            ThresholdsMode::Percentage => "percentage",
        };
        serde_json::json!({"mode": mode, "steps": steps})
    }

    fn sort_steps(&mut self) {
        crate::sort::sort_by(&mut self.steps, |a, b| {
            let key = |s: &ThresholdStep| s.value.unwrap_or(f64::NEG_INFINITY);
            key(a).total_cmp(&key(b))
        });
    }

    /// The step a value falls in (the last step whose value is <= it). `min`/`max` are the
    /// field's range, used only in percentage mode.
    pub fn step_for(&self, value: f64, min: f64, max: f64) -> Option<&ThresholdStep> {
        if value.is_nan() {
            return None;
        }
        let compared = match self.mode {
            ThresholdsMode::Absolute => value,
            ThresholdsMode::Percentage if max > min => (value - min) / (max - min) * 100.0,
            ThresholdsMode::Percentage => 0.0,
        };
        self.steps
            .iter()
            .rev()
            .find(|s| s.value.is_none_or(|v| compared >= v))
            .or_else(|| self.steps.first())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldColor {
    /// `palette-classic`, `thresholds`, `fixed`, `continuous-GrYlRd` ...
    pub mode: String,
    pub fixed_color: Option<String>,
}

/// Display settings of a field (a series).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldDefaults {
    pub unit: Option<String>,
    pub decimals: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub thresholds: Option<Thresholds>,
    pub color: Option<FieldColor>,
    pub display_name: Option<String>,
    pub no_value: Option<String>,
    /// Panel-specific settings (`custom.drawStyle`, `custom.fillOpacity` ...), as written.
    pub custom: Value,
    /// Value mappings, as written.
    pub mappings: Value,
    /// Data links, as written.
    pub links: Value,
}

fn text(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn decimals(value: Option<&Value>) -> Option<u32> {
    value
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d >= 0.0)
        .map(|d| d.min(20.0) as u32)
}

impl FieldDefaults {
    pub fn from_json(value: &Value) -> FieldDefaults {
        FieldDefaults {
            unit: text(value, "unit"),
            decimals: decimals(value.get("decimals")),
            min: value.get("min").and_then(Value::as_f64),
            max: value.get("max").and_then(Value::as_f64),
            thresholds: value.get("thresholds").and_then(Thresholds::from_json),
            color: value.get("color").and_then(|c| {
                Some(FieldColor {
                    mode: text(c, "mode")?,
                    fixed_color: text(c, "fixedColor"),
                })
            }),
            display_name: text(value, "displayName"),
            no_value: text(value, "noValue"),
            custom: value.get("custom").cloned().unwrap_or(Value::Null),
            mappings: value.get("mappings").cloned().unwrap_or(Value::Null),
            links: value.get("links").cloned().unwrap_or(Value::Null),
        }
    }

    /// The settings as Grafana JSON (`unit`, `decimals`, ..., `custom`), the shape overrides
    /// are applied to. Unset settings are absent, as Grafana omits them.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        let mut put = |key: &str, value: Value| {
            if !value.is_null() {
                map.insert(key.to_string(), value);
            }
        };
        put(
            "unit",
            self.unit.clone().map(Value::from).unwrap_or_default(),
        );
        put(
            "decimals",
            self.decimals.map(Value::from).unwrap_or_default(),
        );
        put("min", self.min.map(Value::from).unwrap_or_default());
        put("max", self.max.map(Value::from).unwrap_or_default());
        put(
            "thresholds",
            self.thresholds
                .as_ref()
                .map(Thresholds::to_json)
                .unwrap_or_default(),
        );
        if let Some(color) = &self.color {
            let mut c = Map::new();
            c.insert("mode".into(), Value::from(color.mode.clone()));
            if let Some(fixed) = &color.fixed_color {
                c.insert("fixedColor".into(), Value::from(fixed.clone()));
            }
            put("color", Value::Object(c));
        }
        put(
            "displayName",
            self.display_name
                .clone()
                .map(Value::from)
                .unwrap_or_default(),
        );
        put(
            "noValue",
            self.no_value.clone().map(Value::from).unwrap_or_default(),
        );
        put("custom", self.custom.clone());
        put("mappings", self.mappings.clone());
        put("links", self.links.clone());
        Value::Object(map)
    }
}

/// Which fields an override applies to (Grafana's field matchers,
/// `packages/grafana-data/src/transformations/matchers/nameMatcher.ts` and
/// `fieldTypeMatcher.ts`).
#[derive(Debug, Clone, PartialEq)]
pub enum FieldMatcher {
    /// `byName`: the display name (or the field's own name) equals the text.
    ByName(String),
    /// `byRegexp`: the display name matches; `/re/flags` or a bare pattern, which Grafana anchors
    /// (`^pattern$`, `stringToJsRegex` in `packages/grafana-data/src/text/string.ts`).
    ByRegex(String),
    /// `byFrameRefID`: every field of the query with this refId.
    ByFrameRefId(String),
    /// `byNames`: any of the names (`mode: "exclude"` inverts it; Grafana writes this one when a
    /// legend click hides the other series, `__systemRef: "hideSeriesFrom"`).
    ByNames { names: Vec<String>, exclude: bool },
    /// `byRegexpOrNames`: either of the two.
    ByRegexpOrNames { pattern: String, names: Vec<String> },
    /// `byType` (`number`, `time`, `string`, `boolean`) and its shortcuts `numeric` and `time`.
    ByType(FieldType),
    /// Any other matcher (`byValue` needs reduced values): kept, never matches a series here.
    Other { id: String, options: Value },
}

/// One override property: a Grafana property id (`unit`, `color`, `custom.fillOpacity` ...) and
/// the value as written (`null` removes the property).
#[derive(Debug, Clone, PartialEq)]
pub struct OverrideProperty {
    pub id: String,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldOverride {
    pub matcher: FieldMatcher,
    pub properties: Vec<OverrideProperty>,
}

fn strings_of(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Compiles a Grafana name pattern: `/body/flags` as a JS regex, anything else anchored at both
/// ends (Grafana's `stringToJsRegex`). `None` when it does not compile (Grafana then matches
/// nothing).
pub(crate) fn compile_name_pattern(pattern: &str) -> Option<regex_lite::Regex> {
    if pattern.is_empty() {
        return None;
    }
    if pattern.starts_with('/') {
        compile_js_regex(pattern).ok().map(|(re, _)| re)
    } else {
        regex_lite::Regex::new(&format!("^(?:{pattern})$")).ok()
    }
}

impl FieldMatcher {
    pub fn from_json(matcher: &Value) -> Option<FieldMatcher> {
        let id = matcher.get("id")?.as_str()?.to_string();
        let options = matcher.get("options").cloned().unwrap_or(Value::Null);
        let option_text = options.as_str().unwrap_or_default().to_string();
        Some(match id.as_str() {
            "byName" => FieldMatcher::ByName(option_text),
            "byRegexp" => FieldMatcher::ByRegex(option_text),
            "byFrameRefID" => FieldMatcher::ByFrameRefId(option_text),
            "byNames" => FieldMatcher::ByNames {
                names: strings_of(options.get("names")),
                exclude: options.get("mode").and_then(Value::as_str) == Some("exclude"),
            },
            "byRegexpOrNames" => FieldMatcher::ByRegexpOrNames {
                pattern: options
                    .get("pattern")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                names: strings_of(options.get("names")),
            },
            "byType" => FieldMatcher::ByType(FieldType::from_grafana(&option_text)),
            "numeric" => FieldMatcher::ByType(FieldType::Number),
            "time" => FieldMatcher::ByType(FieldType::Time),
            _ => FieldMatcher::Other { id, options },
        })
    }

    /// Whether this matcher accepts the series. Names compare with the series' display name
    /// and, as Grafana's `byName` also does, with the field's own name.
    pub fn matches(&self, series: &SeriesIdentity) -> bool {
        let name_is = |name: &str| {
            series.name == name || series.field_name.as_deref().is_some_and(|f| f == name)
        };
        match self {
            FieldMatcher::ByName(name) => name_is(name),
            FieldMatcher::ByRegex(pattern) => {
                compile_name_pattern(pattern).is_some_and(|re| re.is_match(&series.name))
            }
            FieldMatcher::ByFrameRefId(id) => *id == series.ref_id,
            FieldMatcher::ByNames { names, exclude } => {
                names.iter().any(|n| name_is(n)) != *exclude
            }
            FieldMatcher::ByRegexpOrNames { pattern, names } => {
                names.iter().any(|n| name_is(n))
                    || compile_name_pattern(pattern).is_some_and(|re| re.is_match(&series.name))
            }
            FieldMatcher::ByType(field_type) => *field_type == series.field_type,
            FieldMatcher::Other { .. } => false,
        }
    }
}

impl FieldOverride {
    pub fn from_json(value: &Value) -> Option<FieldOverride> {
        let matcher = FieldMatcher::from_json(value.get("matcher")?)?;
        let properties = value
            .get("properties")
            .and_then(Value::as_array)
            .map(|props| {
                props
                    .iter()
                    .filter_map(|p| {
                        Some(OverrideProperty {
                            id: p.get("id")?.as_str()?.to_string(),
                            value: p.get("value").cloned().unwrap_or(Value::Null),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(FieldOverride {
            matcher,
            properties,
        })
    }
}

/// Sets (or, for `null`, removes) one property in a Grafana field config object: the id is a
/// dotted path (`custom.hideFrom` lives at `custom` -> `hideFrom`), as lodash's `set`/`unset`
/// do in Grafana's `setDynamicConfigValue`.
pub(crate) fn set_property(config: &mut Value, id: &str, value: &Value) {
    let path: Vec<&str> = id.split('.').filter(|p| !p.is_empty()).collect();
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    if !config.is_object() {
        *config = Value::Object(Map::new());
    }
    let mut node = config;
    for key in parents {
        let Some(map) = node.as_object_mut() else {
            return;
        };
        let child = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            if value.is_null() {
                return;
            }
            *child = Value::Object(Map::new());
        }
        node = child;
    }
    if let Some(map) = node.as_object_mut() {
        if value.is_null() {
            map.remove(*last);
        } else {
            map.insert(last.to_string(), value.clone());
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldConfig {
    pub defaults: FieldDefaults,
    pub overrides: Vec<FieldOverride>,
}

impl FieldConfig {
    pub fn from_json(value: Option<&Value>) -> FieldConfig {
        let Some(value) = value else {
            return FieldConfig::default();
        };
        FieldConfig {
            defaults: value
                .get("defaults")
                .map(FieldDefaults::from_json)
                .unwrap_or_default(),
            overrides: value
                .get("overrides")
                .and_then(Value::as_array)
                .map(|items| items.iter().filter_map(FieldOverride::from_json).collect())
                .unwrap_or_default(),
        }
    }

    /// The field config of one series as Grafana JSON: the defaults with every matching
    /// override's properties applied in order (later ones win, `null` removes).
    pub fn merged_json(&self, series: &SeriesIdentity) -> Value {
        let mut merged = self.defaults.to_json();
        for field_override in self.overrides.iter().filter(|o| o.matcher.matches(series)) {
            for property in &field_override.properties {
                set_property(&mut merged, &property.id, &property.value);
            }
        }
        merged
    }

    /// The settings of one numeric series as [`FieldDefaults`]: defaults with every matching
    /// override applied in order. `series_name` is the displayed name (legend), `ref_id` the
    /// query it came from. [`super::field_resolve::resolve_series`] gives the same merge as
    /// typed settings with Grafana's defaults filled in.
    pub fn resolve(&self, series_name: &str, ref_id: &str) -> FieldDefaults {
        let series = SeriesIdentity::new(series_name, ref_id);
        FieldDefaults::from_json(&self.merged_json(&series))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn thresholds_pick_steps() {
        let t = Thresholds::from_json(&json!({"mode": "absolute", "steps": [
            {"color": "red", "value": 90}, {"color": "green", "value": null},
            {"color": "orange", "value": 70}]}))
        .expect("thresholds");
        let color = |v| t.step_for(v, 0.0, 100.0).map(|s| s.color.as_str());
        assert_eq!(color(10.0), Some("green"));
        assert_eq!(color(70.0), Some("orange"));
        assert_eq!(color(95.0), Some("red"));
        assert_eq!(color(f64::NAN), None);
        let pct = Thresholds::from_json(&json!({"mode": "percentage", "steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 50}]}))
        .expect("thresholds");
        assert_eq!(
            pct.step_for(600.0, 0.0, 1000.0).map(|s| s.color.as_str()),
            Some("red")
        );
    }

    #[test]
    fn later_overrides_win_and_null_removes() {
        let config = FieldConfig::from_json(Some(&json!({
            "defaults": {"unit": "bytes", "custom": {"lineWidth": 2, "fillOpacity": 10}},
            "overrides": [
                {"matcher": {"id": "byName", "options": "a"}, "properties": [
                    {"id": "unit", "value": "s"}, {"id": "custom.lineWidth", "value": 4}]},
                {"matcher": {"id": "byName", "options": "a"}, "properties": [
                    {"id": "unit", "value": null}, {"id": "custom.lineWidth", "value": 6},
                    {"id": "custom.fillOpacity", "value": null}]}
            ]
        })));
        let merged = config.merged_json(&SeriesIdentity::new("a", "A"));
        assert!(merged.get("unit").is_none());
        assert_eq!(merged["custom"]["lineWidth"], json!(6));
        assert!(merged["custom"].get("fillOpacity").is_none());
        // Other series keep the defaults.
        assert_eq!(config.resolve("b", "A").unit.as_deref(), Some("bytes"));
    }

    #[test]
    fn by_names_exclude_and_regexp_or_names() {
        let exclude = FieldMatcher::from_json(&json!({"id": "byNames", "options":
            {"mode": "exclude", "names": ["Virtual Memory"], "readOnly": true}}))
        .expect("matcher");
        assert!(!exclude.matches(&SeriesIdentity::new("Virtual Memory", "A")));
        assert!(exclude.matches(&SeriesIdentity::new("Virtual Memory Limit", "B")));
        let either = FieldMatcher::from_json(&json!({"id": "byRegexpOrNames", "options":
            {"pattern": "/^cpu/", "names": ["load"]}}))
        .expect("matcher");
        assert!(either.matches(&SeriesIdentity::new("load", "A")));
        assert!(either.matches(&SeriesIdentity::new("cpu7", "A")));
        assert!(!either.matches(&SeriesIdentity::new("mem", "A")));
        let time =
            FieldMatcher::from_json(&json!({"id": "byType", "options": "time"})).expect("matcher");
        assert!(time.matches(&SeriesIdentity::new("Time", "A").with_field_type(FieldType::Time)));
        assert!(!time.matches(&SeriesIdentity::new("x", "A")));
    }

    #[test]
    fn overrides_by_name_regex_and_ref() {
        let config = FieldConfig::from_json(Some(&json!({
            "defaults": {"unit": "short", "decimals": 2, "custom": {"fillOpacity": 10}},
            "overrides": [
                {"matcher": {"id": "byName", "options": "p99"}, "properties": [{"id": "unit", "value": "s"}]},
                {"matcher": {"id": "byRegexp", "options": "/err.*/i"}, "properties": [
                    {"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}},
                    {"id": "custom.fillOpacity", "value": 0}]},
                {"matcher": {"id": "byFrameRefID", "options": "B"}, "properties": [{"id": "max", "value": 1}]},
                {"matcher": {"id": "byType", "options": "number"}, "properties": [{"id": "min", "value": 5}]}
            ]
        })));
        assert_eq!(config.resolve("p99", "A").unit.as_deref(), Some("s"));
        let errors = config.resolve("Errors 5xx", "A");
        assert_eq!(
            errors.color.and_then(|c| c.fixed_color).as_deref(),
            Some("red")
        );
        assert_eq!(errors.custom["fillOpacity"], json!(0));
        assert_eq!(config.resolve("x", "B").max, Some(1.0));
        // `byType number` matches every numeric series, as in Grafana.
        assert_eq!(config.resolve("x", "A").min, Some(5.0));
        // A bare `byRegexp` pattern is anchored (`stringToJsRegex`): `err` is not `Errors`.
        let anchored = FieldConfig::from_json(Some(&json!({"overrides": [
            {"matcher": {"id": "byRegexp", "options": "err"}, "properties": [{"id": "unit", "value": "s"}]}]})));
        assert_eq!(anchored.resolve("Errors", "A").unit, None);
        assert_eq!(anchored.resolve("err", "A").unit.as_deref(), Some("s"));
        assert_eq!(config.resolve("x", "A").decimals, Some(2));
    }
}
