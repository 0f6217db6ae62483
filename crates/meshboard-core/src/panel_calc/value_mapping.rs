//! Value mappings (`fieldConfig.defaults.mappings`): value, range, regex and special (null, NaN,
//! null+NaN, true, false, empty) rules turning a value into a text and/or a colour, and the
//! legacy singlestat `valueMaps` / `rangeMaps` / `mappingType` converted as Grafana does.
//!
//! Rules follow Grafana's `packages/grafana-data/src/utils/valueMappings.ts`
//! (`getValueMappingResult`, `convertOldAngularValueMappings`) and the shapes of
//! `packages/grafana-data/src/types/valueMapping.ts`. The mappings JSON is read here from
//! `serde_json::Value` (a panel's `FieldDefaults::mappings`), leniently: a malformed rule is
//! skipped, never fatal.

use serde_json::Value;

use crate::dashboard::Thresholds;
use crate::variables::compile_js_regex;

/// What a mapping gives: any of a text, a colour (a Grafana colour name or CSS colour, as
/// written) and an icon; `index` is the rule's position in Grafana's editor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MappingResult {
    pub text: Option<String>,
    pub color: Option<String>,
    pub icon: Option<String>,
    pub index: Option<i64>,
}

/// Which special value a `special` mapping matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialMatch {
    Null,
    NaN,
    NullAndNaN,
    True,
    False,
    Empty,
}

/// One mapping rule.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueMapping {
    /// `type: value`: exact values (as JavaScript writes them: `1`, `0.5`, `true`) to results.
    Value(Vec<(String, MappingResult)>),
    /// `type: range`: `from <= value <= to`; a missing bound is open.
    Range {
        from: Option<f64>,
        to: Option<f64>,
        result: MappingResult,
    },
    /// `type: regex`: a pattern (`/re/flags` or plain) over text values; the result text may
    /// use the groups (`$1`).
    Regex {
        pattern: String,
        result: MappingResult,
    },
    Special {
        matches: SpecialMatch,
        result: MappingResult,
    },
}

/// A value to map: numbers from Prometheus, but also texts (a series name, a string field)
/// and booleans (`allIsZero`), as Grafana's mappings see any value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MappedValue<'a> {
    Null,
    Number(f64),
    Bool(bool),
    Text(&'a str),
}

fn result_from(value: Option<&Value>) -> MappingResult {
    let text = |key: &str| {
        value.and_then(|v| v.get(key)).and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
    };
    MappingResult {
        text: text("text"),
        color: text("color").filter(|c| !c.is_empty()),
        icon: text("icon"),
        index: value.and_then(|v| v.get("index")).and_then(Value::as_i64),
    }
}

/// A bound as JavaScript's `isNaN` check in Grafana reads it: JSON `null` is `Number(null)`,
/// that is 0, so a range written with `"from": null` starts at 0 there, as it does here; a
/// missing key or a non-number text is open.
fn bound(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Null => Some(0.0),
        Value::Number(n) => n.as_f64(),
        Value::String(s) => js_number(s),
        _ => None,
    }
}

/// JavaScript's `Number(text)` for the texts dashboards hold: trimmed, empty is 0.
fn js_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    match t {
        "Infinity" | "+Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ if t
            .chars()
            .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') =>
        {
            None
        }
        _ => t.parse().ok(),
    }
}

/// Reads a field config's `mappings` array. Rules keep the array order, which is the order
/// Grafana tries them in (its editor writes them sorted by `index`).
pub fn parse_mappings(mappings: &Value) -> Vec<ValueMapping> {
    let Some(rules) = mappings.as_array() else {
        return Vec::new();
    };
    rules.iter().filter_map(parse_rule).collect()
}

fn parse_rule(rule: &Value) -> Option<ValueMapping> {
    let options = rule.get("options");
    match rule.get("type")?.as_str()? {
        "value" => {
            let mut entries: Vec<(String, MappingResult)> = options?
                .as_object()?
                .iter()
                .map(|(key, result)| (key.clone(), result_from(Some(result))))
                .collect();
            crate::sort::sort_by_key(&mut entries, |(_, r)| r.index.unwrap_or(i64::MAX));
            Some(ValueMapping::Value(entries))
        }
        "range" => {
            let options = options?;
            Some(ValueMapping::Range {
                from: bound(options.get("from")),
                to: bound(options.get("to")),
                result: result_from(options.get("result")),
            })
        }
        "regex" => {
            let options = options?;
            Some(ValueMapping::Regex {
                pattern: options.get("pattern")?.as_str()?.to_string(),
                result: result_from(options.get("result")),
            })
        }
        "special" => {
            let options = options?;
            let matches = match options.get("match")?.as_str()? {
                "null" => SpecialMatch::Null,
                "nan" => SpecialMatch::NaN,
                "null+nan" => SpecialMatch::NullAndNaN,
                "true" => SpecialMatch::True,
                "false" => SpecialMatch::False,
                "empty" => SpecialMatch::Empty,
                _ => return None,
            };
            Some(ValueMapping::Special {
                matches,
                result: result_from(options.get("result")),
            })
        }
        _ => None,
    }
}

/// A pattern as Grafana's `stringToJsRegex` reads it (`packages/grafana-data/src/text/string.ts`):
/// `/re/flags` as written, anything else anchored whole (`^text$`). The flag says `g`.
pub fn grafana_regex(source: &str) -> Option<(regex_lite::Regex, bool)> {
    if source.starts_with('/') {
        compile_js_regex(source).ok()
    } else {
        compile_js_regex(&format!("/^{source}$/")).ok()
    }
}

/// A number as JavaScript's `String(number)` writes it for an object key lookup.
pub fn js_number_text(v: f64) -> String {
    crate::units::js_number_to_string(v)
}

fn value_key(value: MappedValue) -> Option<String> {
    match value {
        MappedValue::Null => None,
        MappedValue::Number(v) => Some(js_number_text(v)),
        MappedValue::Bool(b) => Some(b.to_string()),
        MappedValue::Text(t) => Some(t.to_string()),
    }
}

/// JavaScript's `isNaN(value)`: true for NaN and for texts that are not numbers.
fn js_is_nan(value: MappedValue) -> bool {
    match value {
        MappedValue::Number(v) => v.is_nan(),
        MappedValue::Text(t) => js_number(t).is_none(),
        MappedValue::Null | MappedValue::Bool(_) => false,
    }
}

/// The first rule that matches `value`, in order (Grafana's `getValueMappingResult`).
/// A regex rule's text has the groups substituted.
pub fn mapping_result(mappings: &[ValueMapping], value: MappedValue) -> Option<MappingResult> {
    for mapping in mappings {
        match mapping {
            ValueMapping::Value(entries) => {
                let Some(key) = value_key(value) else {
                    continue;
                };
                if let Some((_, result)) = entries.iter().find(|(k, _)| *k == key) {
                    return Some(result.clone());
                }
            }
            ValueMapping::Range { from, to, result } => {
                // `parseFloat(value)`: numbers and numeric texts; anything else is skipped.
                let number = match value {
                    MappedValue::Number(v) => v,
                    MappedValue::Text(t) => match leading_float(t) {
                        Some(v) => v,
                        None => continue,
                    },
                    _ => continue,
                };
                if number.is_nan() {
                    continue;
                }
                if from.is_some_and(|f| number < f) || to.is_some_and(|t| number > t) {
                    continue;
                }
                return Some(result.clone());
            }
            ValueMapping::Regex { pattern, result } => {
                // Grafana only tries regex rules on text values.
                let MappedValue::Text(text) = value else {
                    continue;
                };
                let Some((regex, global)) = grafana_regex(pattern) else {
                    continue;
                };
                if regex.is_match(text) {
                    let mut mapped = result.clone();
                    if let Some(template) = &result.text {
                        mapped.text = Some(if global {
                            regex.replace_all(text, template.as_str()).into_owned()
                        } else {
                            regex.replace(text, template.as_str()).into_owned()
                        });
                    }
                    return Some(mapped);
                }
            }
            ValueMapping::Special { matches, result } => {
                let hit = match matches {
                    SpecialMatch::Null => value == MappedValue::Null,
                    SpecialMatch::NaN => js_is_nan(value),
                    SpecialMatch::NullAndNaN => value == MappedValue::Null || js_is_nan(value),
                    SpecialMatch::True => {
                        matches!(value, MappedValue::Bool(true) | MappedValue::Text("true"))
                    }
                    SpecialMatch::False => {
                        matches!(value, MappedValue::Bool(false) | MappedValue::Text("false"))
                    }
                    SpecialMatch::Empty => value == MappedValue::Text(""),
                };
                if hit {
                    return Some(result.clone());
                }
            }
        }
    }
    None
}

/// The legacy singlestat/table `valueMaps` / `rangeMaps` of a panel as modern rules, as
/// Grafana's `convertOldAngularValueMappings` does: `mappingType` 1 is value maps, 2 range maps
/// (guessed from which list is non-empty when absent); a `"null"` value or bound becomes a
/// special null rule; each rule's colour is the threshold colour of its text when the text is
/// a number (`thresholds`: the panel's, already migrated).
pub fn legacy_mappings(panel: &Value, thresholds: Option<&Thresholds>) -> Vec<ValueMapping> {
    let list = |key: &str| {
        panel
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (value_maps, range_maps) = (list("valueMaps"), list("rangeMaps"));
    let mapping_type = match panel.get("mappingType").and_then(Value::as_i64) {
        Some(t) if t != 0 => t,
        _ if !value_maps.is_empty() => 1,
        _ if !range_maps.is_empty() => 2,
        _ => 0,
    };
    let text_of = |map: &Value| match map.get("text") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let color_of = |text: &Option<String>| {
        let numeric = text.as_deref().and_then(leading_float)?;
        thresholds?
            .step_for(numeric, f64::NEG_INFINITY, f64::INFINITY)
            .map(|s| s.color.clone())
    };
    let raw_text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    };
    let mut out = Vec::new();
    match mapping_type {
        1 => {
            for map in &value_maps {
                let Some(value) = raw_text(map.get("value")) else {
                    continue;
                };
                let text = text_of(map);
                let result = MappingResult {
                    color: color_of(&text),
                    text,
                    ..MappingResult::default()
                };
                out.push(if value == "null" {
                    ValueMapping::Special {
                        matches: SpecialMatch::Null,
                        result,
                    }
                } else {
                    ValueMapping::Value(vec![(value, result)])
                });
            }
        }
        2 => {
            for map in &range_maps {
                let text = text_of(map);
                let result = MappingResult {
                    color: color_of(&text),
                    text,
                    ..MappingResult::default()
                };
                let from = raw_text(map.get("from"));
                let to = raw_text(map.get("to"));
                if from.as_deref() == Some("null") || to.as_deref() == Some("null") {
                    out.push(ValueMapping::Special {
                        matches: SpecialMatch::Null,
                        result,
                    });
                } else {
                    // `+old.from`: JavaScript's unary plus; a non-number is NaN, an open bound.
                    out.push(ValueMapping::Range {
                        from: from.as_deref().and_then(js_number),
                        to: to.as_deref().and_then(js_number),
                        result,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// JavaScript's `parseFloat`: the longest numeric prefix (`"80%"` is 80).
fn leading_float(text: &str) -> Option<f64> {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .take_while(|(i, c)| {
            c.is_ascii_digit() || *c == '.' || ((*c == '-' || *c == '+') && *i == 0)
        })
        .map(|(i, c)| i + c.len_utf8())
        .last()?;
    t[..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(mappings: &[ValueMapping], value: MappedValue) -> Option<String> {
        mapping_result(mappings, value).and_then(|r| r.text)
    }

    // Grafana's valueMappings.test.ts test set, in this module's terms.
    fn grafana_test_mappings() -> Vec<ValueMapping> {
        parse_mappings(&json!([
            {"type": "value", "options": {"11": {"text": "elva"}}},
            {"type": "range", "options": {"from": 1, "to": 9, "result": {"text": "1-9"}}},
            {"type": "range", "options": {"from": 8, "to": 12, "result": {"text": "8-12"}}},
            {"type": "special", "options": {"match": "null", "result": {"text": "it is null"}}},
            {"type": "special", "options": {"match": "nan", "result": {"text": "it is nan"}}},
            {"type": "regex", "options": {"pattern": "([a-z]+)_([0-9]+)", "result": {"text": "$2-$1"}}},
            {"type": "special", "options": {"match": "empty", "result": {"text": "empty!"}}},
        ]))
    }

    #[test]
    fn value_range_special_and_regex_rules_match_in_order() {
        let m = grafana_test_mappings();
        assert_eq!(text(&m, MappedValue::Number(11.0)).as_deref(), Some("elva"));
        assert_eq!(text(&m, MappedValue::Text("11")).as_deref(), Some("elva"));
        // 8 is inside both ranges: the first rule wins.
        assert_eq!(text(&m, MappedValue::Number(8.0)).as_deref(), Some("1-9"));
        assert_eq!(text(&m, MappedValue::Number(10.0)).as_deref(), Some("8-12"));
        assert_eq!(text(&m, MappedValue::Number(13.0)), None);
        assert_eq!(text(&m, MappedValue::Null).as_deref(), Some("it is null"));
        assert_eq!(
            text(&m, MappedValue::Number(f64::NAN)).as_deref(),
            Some("it is nan")
        );
        // A non-numeric text is NaN to JavaScript's isNaN, before the regex rule is reached.
        assert_eq!(
            text(&m, MappedValue::Text("abc_42")).as_deref(),
            Some("it is nan")
        );
        // Numeric text in a range.
        assert_eq!(text(&m, MappedValue::Text("2.5")).as_deref(), Some("1-9"));
        // parseFloat("") is NaN: no range; Number("") is 0: not NaN either.
        assert_eq!(text(&m, MappedValue::Text("")).as_deref(), Some("empty!"));
    }

    #[test]
    fn regex_rules_see_texts_only_and_substitute_groups() {
        let m = parse_mappings(&json!([
            {"type": "regex", "options": {"pattern": "/^server-(\\w+)$/i", "result": {"text": "host $1", "color": "blue"}}},
            {"type": "special", "options": {"match": "empty", "result": {"text": "(empty)"}}},
            {"type": "special", "options": {"match": "true", "result": {"text": "Yes", "color": "green"}}},
            {"type": "special", "options": {"match": "false", "result": {"text": "No"}}},
        ]));
        // A plain pattern matches the whole text (stringToJsRegex anchors it).
        let plain = parse_mappings(&json!([
            {"type": "regex", "options": {"pattern": "up", "result": {"text": "UP"}}}]));
        assert_eq!(text(&plain, MappedValue::Text("up")).as_deref(), Some("UP"));
        assert_eq!(text(&plain, MappedValue::Text("upper")), None);
        let r = mapping_result(&m, MappedValue::Text("SERVER-a1")).unwrap();
        assert_eq!(r.text.as_deref(), Some("host a1"));
        assert_eq!(r.color.as_deref(), Some("blue"));
        assert_eq!(text(&m, MappedValue::Number(1.0)), None);
        assert_eq!(text(&m, MappedValue::Text("")).as_deref(), Some("(empty)"));
        assert_eq!(text(&m, MappedValue::Bool(true)).as_deref(), Some("Yes"));
        assert_eq!(text(&m, MappedValue::Text("true")).as_deref(), Some("Yes"));
        assert_eq!(text(&m, MappedValue::Bool(false)).as_deref(), Some("No"));
    }

    #[test]
    fn colour_only_results_and_null_nan_rule() {
        let m = parse_mappings(&json!([
            {"type": "value", "options": {
                "1": {"color": "green", "index": 1},
                "0": {"text": "Down", "color": "red", "index": 0}}},
            {"type": "special", "options": {"match": "null+nan", "result": {"text": "N/A", "index": 2}}},
            {"type": "bogus"},
            {"type": "range", "options": {"from": null, "to": 5, "result": {"text": "low"}}},
        ]));
        assert_eq!(m.len(), 3);
        let up = mapping_result(&m, MappedValue::Number(1.0)).unwrap();
        assert_eq!((up.text, up.color.as_deref()), (None, Some("green")));
        assert_eq!(text(&m, MappedValue::Number(0.0)).as_deref(), Some("Down"));
        assert_eq!(text(&m, MappedValue::Null).as_deref(), Some("N/A"));
        assert_eq!(
            text(&m, MappedValue::Number(f64::NAN)).as_deref(),
            Some("N/A")
        );
        // `from: null` is 0 to Grafana's isNaN check: -1 is below it.
        assert_eq!(text(&m, MappedValue::Number(3.0)).as_deref(), Some("low"));
        assert_eq!(text(&m, MappedValue::Number(-1.0)), None);
        if let ValueMapping::Value(entries) = &m[0] {
            assert_eq!(entries[0].0, "0", "value entries sorted by index");
        }
        assert_eq!(js_number_text(0.5), "0.5");
        assert_eq!(js_number_text(-0.0), "0");
    }

    // The "CPU Busy" gauge of Node Exporter Full maps null to "N/A".
    #[test]
    fn node_exporter_full_null_mapping() {
        let dashboard: Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/grafana/node-exporter-full.json"
        ))
        .unwrap();
        let cpu_busy = dashboard["panels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["title"] == "CPU Busy")
            .unwrap();
        let m = parse_mappings(&cpu_busy["fieldConfig"]["defaults"]["mappings"]);
        assert_eq!(text(&m, MappedValue::Null).as_deref(), Some("N/A"));
        assert_eq!(text(&m, MappedValue::Number(12.0)), None);
    }

    #[test]
    fn legacy_value_and_range_maps_convert_like_grafana() {
        let thresholds = Thresholds::from_json(&json!({"steps": [
            {"color": "green", "value": null}, {"color": "red", "value": 1}]}));
        let panel = json!({
            "mappingType": 1,
            "valueMaps": [
                {"op": "=", "text": "UP", "value": "1"},
                {"op": "=", "text": "N/A", "value": "null"},
                {"op": "=", "text": "0", "value": "0"}
            ],
            "rangeMaps": [{"from": "1", "to": "5", "text": "ignored"}]
        });
        let m = legacy_mappings(&panel, thresholds.as_ref());
        assert_eq!(m.len(), 3);
        assert_eq!(text(&m, MappedValue::Number(1.0)).as_deref(), Some("UP"));
        assert_eq!(text(&m, MappedValue::Null).as_deref(), Some("N/A"));
        // A numeric text takes its threshold colour.
        let zero = mapping_result(&m, MappedValue::Number(0.0)).unwrap();
        assert_eq!(zero.color.as_deref(), Some("green"));
        assert_eq!(
            mapping_result(&m, MappedValue::Number(1.0)).unwrap().color,
            None
        );

        // No mappingType: guessed from the non-empty list.
        let ranges = json!({"valueMaps": [], "rangeMaps": [
            {"from": "0", "to": "10", "text": "low"},
            {"from": "null", "to": "null", "text": "none"}]});
        let m = legacy_mappings(&ranges, None);
        assert_eq!(text(&m, MappedValue::Number(7.0)).as_deref(), Some("low"));
        assert_eq!(text(&m, MappedValue::Number(11.0)), None);
        assert_eq!(text(&m, MappedValue::Null).as_deref(), Some("none"));
        assert!(legacy_mappings(&json!({}), None).is_empty());
        assert_eq!(leading_float("80%"), Some(80.0));
    }
}
