//! A panel's `fieldConfig`: defaults (unit, decimals, min, max, thresholds, color) and
//! overrides by field name / regex / query, resolved per series.

use serde_json::Value;

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

    fn sort_steps(&mut self) {
        self.steps.sort_by(|a, b| {
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
        }
    }

    /// Applies one override property (Grafana ids: `unit`, `decimals`, `min`, `max`,
    /// `thresholds`, `color`, `displayName`, `noValue`, `custom.<key>`).
    fn apply(&mut self, property: &OverrideProperty) {
        let value = &property.value;
        match property.id.as_str() {
            "unit" => self.unit = value.as_str().map(str::to_string),
            "decimals" => self.decimals = decimals(Some(value)),
            "min" => self.min = value.as_f64(),
            "max" => self.max = value.as_f64(),
            "thresholds" => self.thresholds = Thresholds::from_json(value),
            "color" => {
                self.color = text(value, "mode").map(|mode| FieldColor {
                    mode,
                    fixed_color: text(value, "fixedColor"),
                })
            }
            "displayName" => self.display_name = value.as_str().map(str::to_string),
            "noValue" => self.no_value = value.as_str().map(str::to_string),
            id => {
                if let Some(key) = id.strip_prefix("custom.") {
                    if !self.custom.is_object() {
                        self.custom = Value::Object(Default::default());
                    }
                    if let Some(map) = self.custom.as_object_mut() {
                        map.insert(key.to_string(), value.clone());
                    }
                }
            }
        }
    }
}

/// Which fields an override applies to.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldMatcher {
    ByName(String),
    ByRegex(String),
    ByFrameRefId(String),
    /// Any other matcher (`byType`, `byValue` ...): kept, never matches a series here.
    Other {
        id: String,
        options: Value,
    },
}

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

impl FieldOverride {
    fn from_json(value: &Value) -> Option<FieldOverride> {
        let matcher = value.get("matcher")?;
        let id = matcher.get("id")?.as_str()?.to_string();
        let options = matcher.get("options").cloned().unwrap_or(Value::Null);
        let option_text = options.as_str().unwrap_or_default().to_string();
        let matcher = match id.as_str() {
            "byName" => FieldMatcher::ByName(option_text),
            "byRegexp" => FieldMatcher::ByRegex(option_text),
            "byFrameRefID" => FieldMatcher::ByFrameRefId(option_text),
            _ => FieldMatcher::Other { id, options },
        };
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

    fn matches(&self, series_name: &str, ref_id: &str) -> bool {
        match &self.matcher {
            FieldMatcher::ByName(name) => name == series_name,
            FieldMatcher::ByRegex(pattern) => compile_js_regex(pattern)
                .map(|(re, _)| re.is_match(series_name))
                .unwrap_or(false),
            FieldMatcher::ByFrameRefId(id) => id == ref_id,
            FieldMatcher::Other { .. } => false,
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

    /// The settings for one series: defaults with every matching override applied in order.
    /// `series_name` is the displayed name (legend), `ref_id` the query it came from.
    pub fn resolve(&self, series_name: &str, ref_id: &str) -> FieldDefaults {
        let mut resolved = self.defaults.clone();
        for field_override in self
            .overrides
            .iter()
            .filter(|o| o.matches(series_name, ref_id))
        {
            for property in &field_override.properties {
                resolved.apply(property);
            }
        }
        resolved
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
        assert_eq!(config.resolve("x", "A").min, None);
        assert_eq!(config.resolve("x", "A").decimals, Some(2));
    }
}
