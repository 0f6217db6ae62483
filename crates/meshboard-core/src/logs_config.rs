//! The optional `logs` section of `config.json`: derived-field rules that turn parts of a log
//! line into links (Grafana's `derivedFields`). `core::config` tolerates the key; this reads it.

use serde::Deserialize;
use serde_json::Value;

use crate::loki::DerivedFieldRule;

#[derive(Deserialize)]
struct RawLogs {
    #[serde(default, rename = "derivedFields")]
    derived_fields: Vec<DerivedFieldRule>,
}

/// The derived-field rules of a `config.json` text. No `logs` section means no rules; a
/// section of the wrong shape is an error naming the key, so a typo does not pass silently.
pub fn derived_field_rules(config_text: &str) -> Result<Vec<DerivedFieldRule>, String> {
    let value: Value =
        serde_json::from_str(config_text).map_err(|e| format!("config.json is not valid: {e}"))?;
    match value.get("logs") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(logs) => RawLogs::deserialize(logs)
            .map(|raw| raw.derived_fields)
            .map_err(|e| format!("config.json: `logs.derivedFields` {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_tolerates_absence() {
        let text = r#"{"datasources": {}, "logs": {"derivedFields": [
            {"name": "TraceID", "matcherRegex": "traceID=(\\w+)", "url": "/explore/traces/${__value.raw}"},
            {"name": "Order", "matcherRegex": "order=(\\d+)"}]}}"#;
        let rules = derived_field_rules(text).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].matcher_regex, "traceID=(\\w+)");
        assert_eq!(rules[1].url, None);
        assert!(derived_field_rules(r#"{"datasources": {}}"#)
            .unwrap()
            .is_empty());
        assert!(derived_field_rules(r#"{"logs": null}"#).unwrap().is_empty());
        assert!(derived_field_rules(r#"{"logs": {}}"#).unwrap().is_empty());
    }

    #[test]
    fn wrong_shapes_are_named() {
        let err =
            derived_field_rules(r#"{"logs": {"derivedFields": [{"name": "x"}]}}"#).unwrap_err();
        assert!(err.contains("logs.derivedFields"), "{err}");
        assert!(derived_field_rules("{").unwrap_err().contains("not valid"));
    }
}
