//! The optional `logs` section of `config.json`: derived-field rules that turn parts of a log
//! line into links (Grafana's `derivedFields`). `core::config` tolerates the key; this reads it.

use serde::Deserialize;
use serde_json::Value;

use crate::loki::{DerivedFieldRule, DerivedFields};

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

/// The compiled rules of a reading of `config.json`, and the problem to show if there was one
/// (the file could not be read or parsed, or some rules did not compile: those are left out).
pub fn compile_derived_fields(
    rules: Result<Vec<DerivedFieldRule>, String>,
) -> (DerivedFields, Option<String>) {
    match rules {
        Ok(rules) => {
            let (fields, problems) = DerivedFields::compile(&rules);
            let problem = (!problems.is_empty()).then(|| problems.join("; "));
            (fields, problem)
        }
        Err(problem) => (DerivedFields::default(), Some(problem)),
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

    #[test]
    fn compiled_rules_and_their_problems() {
        let rule = |name: &str, regex: &str| DerivedFieldRule {
            name: name.into(),
            matcher_regex: regex.into(),
            url: None,
        };
        let (fields, problem) = compile_derived_fields(Ok(vec![rule("a", "x=(\\d+)")]));
        assert!(!fields.is_empty() && problem.is_none());
        let (fields, problem) =
            compile_derived_fields(Ok(vec![rule("bad", "("), rule("worse", "[")]));
        assert!(fields.is_empty());
        let problem = problem.unwrap_or_default();
        assert!(problem.contains("`bad`") && problem.contains("; derived field `worse`"));
        let (fields, problem) = compile_derived_fields(Err("config.json: HTTP 404".into()));
        assert!(fields.is_empty());
        assert_eq!(problem.as_deref(), Some("config.json: HTTP 404"));
    }
}
