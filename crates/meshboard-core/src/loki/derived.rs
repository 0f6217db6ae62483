//! Derived fields: values found in a log line (trace ids first of all) that become links.
//!
//! Like Grafana's derived fields: each configured rule is a regex whose first capture group
//! (or whole match) is the value; a `url` template may use `${__value.raw}`.

use regex_lite::Regex;
use serde::Deserialize;

use crate::frame::Labels;

/// Field and label names that carry a trace id, in the spellings seen in the wild.
pub const TRACE_ID_KEYS: [&str; 4] = ["trace_id", "traceID", "traceId", "traceid"];

/// A derived-field rule as written in `config.json` (Grafana's field names).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DerivedFieldRule {
    pub name: String,
    #[serde(rename = "matcherRegex")]
    pub matcher_regex: String,
    /// Link template; `${__value.raw}` is replaced by the (URL-encoded) value.
    #[serde(default)]
    pub url: Option<String>,
}

/// One value found by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedValue {
    pub name: String,
    pub value: String,
    pub url: Option<String>,
}

/// Compiled rules, ready to run over many lines.
#[derive(Debug, Clone, Default)]
pub struct DerivedFields {
    rules: Vec<(DerivedFieldRule, Regex)>,
}

impl DerivedFields {
    /// Compiles the rules. A rule whose regex does not compile is left out and reported,
    /// so one typo in `config.json` does not disable the others.
    pub fn compile(rules: &[DerivedFieldRule]) -> (DerivedFields, Vec<String>) {
        let mut compiled = Vec::with_capacity(rules.len());
        let mut problems = Vec::new();
        for rule in rules {
            match Regex::new(&rule.matcher_regex) {
                Ok(regex) => compiled.push((rule.clone(), regex)),
                Err(error) => problems.push(format!("derived field `{}`: {error}", rule.name)),
            }
        }
        (DerivedFields { rules: compiled }, problems)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The first match of every rule in `line`.
    pub fn find(&self, line: &str) -> Vec<DerivedValue> {
        self.rules
            .iter()
            .filter_map(|(rule, regex)| {
                let captures = regex.captures(line)?;
                let value = captures
                    .get(1)
                    .or_else(|| captures.get(0))?
                    .as_str()
                    .to_string();
                let url = rule.url.as_ref().map(|template| {
                    template.replace(
                        "${__value.raw}",
                        &crate::loki::query::encode_component(&value),
                    )
                });
                Some(DerivedValue {
                    name: rule.name.clone(),
                    value,
                    url,
                })
            })
            .collect()
    }
}

/// The trace id of a log entry, looked up by name in its structured metadata, parsed labels,
/// stream labels and finally the fields parsed from the line itself.
pub fn find_trace_id<'a>(
    structured_metadata: &'a Labels,
    parsed: &'a Labels,
    labels: &'a Labels,
    line_fields: &'a [(String, String)],
) -> Option<&'a str> {
    for source in [structured_metadata, parsed, labels] {
        for key in TRACE_ID_KEYS {
            if let Some(value) = source.get(key).filter(|v| !v.is_empty()) {
                return Some(value);
            }
        }
    }
    line_fields
        .iter()
        .find(|(key, value)| !value.is_empty() && TRACE_ID_KEYS.contains(&key.as_str()))
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, regex: &str, url: Option<&str>) -> DerivedFieldRule {
        DerivedFieldRule {
            name: name.into(),
            matcher_regex: regex.into(),
            url: url.map(str::to_string),
        }
    }

    #[test]
    fn regex_rules_capture_and_link() {
        let (fields, problems) = DerivedFields::compile(&[
            rule(
                "TraceID",
                r"traceID=(\w+)",
                Some("/explore/traces/${__value.raw}"),
            ),
            rule("Round", r"round \d+", None),
            rule("Broken", r"(unclosed", None),
        ]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("Broken"));
        let found = fields.find("round 42 done traceID=4bf92f3577b34da6 ok");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].value, "4bf92f3577b34da6");
        assert_eq!(
            found[0].url.as_deref(),
            Some("/explore/traces/4bf92f3577b34da6")
        );
        assert_eq!(found[1].value, "round 42");
        assert!(fields.find("nothing here").is_empty());
    }

    #[test]
    fn config_json_shape() {
        let rules: Vec<DerivedFieldRule> = serde_json::from_str(
            r#"[{"name":"TraceID","matcherRegex":"trace=(\\w+)","url":"x${__value.raw}"}]"#,
        )
        .unwrap();
        assert_eq!(rules[0].matcher_regex, r"trace=(\w+)");
    }

    #[test]
    fn trace_id_lookup_order() {
        let mut meta = Labels::new();
        let mut labels = Labels::new();
        labels.insert("traceID".into(), "from-label".into());
        let fields = vec![("trace_id".to_string(), "from-line".to_string())];
        assert_eq!(
            find_trace_id(&meta, &Labels::new(), &labels, &fields),
            Some("from-label")
        );
        meta.insert("trace_id".into(), "from-meta".into());
        assert_eq!(
            find_trace_id(&meta, &Labels::new(), &labels, &fields),
            Some("from-meta")
        );
        let empty = Labels::new();
        assert_eq!(
            find_trace_id(&empty, &empty, &empty, &fields),
            Some("from-line")
        );
        assert_eq!(find_trace_id(&empty, &empty, &empty, &[]), None);
    }
}
