//! `var-<name>` URL parameters (repeatable for multi-values) <-> variable selections,
//! following Grafana's URLs (`var-job=a&var-job=b`, `var-job=$__all`).

use std::collections::BTreeMap;

use super::model::{Variable, VariableKind};

/// Collects `var-<name>` values from decoded query parameters, in order, per name.
pub fn url_values(params: &[(String, String)]) -> BTreeMap<String, Vec<String>> {
    let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in params {
        if let Some(name) = key.strip_prefix("var-").filter(|n| !n.is_empty()) {
            values
                .entry(name.to_string())
                .or_default()
                .push(value.clone());
        }
    }
    values
}

/// Applies URL values to the variables they name; returns the names that changed.
pub fn apply_url_values(
    variables: &mut [Variable],
    values: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut changed = Vec::new();
    for variable in variables.iter_mut() {
        let Some(wanted) = values.get(&variable.name) else {
            continue;
        };
        // Constants are fixed by the dashboard, as in Grafana.
        if matches!(variable.kind, VariableKind::Constant { .. }) {
            continue;
        }
        let before = variable.current.clone();
        variable.select(wanted);
        if variable.current != before {
            changed.push(variable.name.clone());
        }
    }
    changed
}

/// The `var-<name>` parameters for the current selections (decoded; the caller encodes).
pub fn url_params(variables: &[Variable]) -> Vec<(String, String)> {
    let mut params = Vec::new();
    for variable in variables {
        if matches!(
            variable.kind,
            VariableKind::Constant { .. } | VariableKind::Unsupported { .. }
        ) {
            continue;
        }
        for value in &variable.current.values {
            params.push((format!("var-{}", variable.name), value.clone()));
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn custom(name: &str, query: &str, multi: bool) -> Variable {
        Variable::from_json(&json!({"name": name, "type": "custom", "query": query,
            "multi": multi, "includeAll": true}))
        .expect("variable")
    }

    #[test]
    fn round_trips_through_url() {
        let mut vars = vec![
            custom("job", "a,b,c", true),
            custom("env", "prod,dev", false),
            Variable::from_json(&json!({"name": "k", "type": "constant", "query": "x"}))
                .expect("variable"),
        ];
        let params = vec![
            ("from".to_string(), "now-1h".to_string()),
            ("var-job".into(), "a".into()),
            ("var-job".into(), "c".into()),
            ("var-env".into(), "dev".into()),
            ("var-k".into(), "ignored".into()),
        ];
        let changed = apply_url_values(&mut vars, &url_values(&params));
        assert_eq!(changed, vec!["job", "env"]);
        assert_eq!(vars[0].current.values, vec!["a", "c"]);
        assert_eq!(vars[1].current.values, vec!["dev"]);
        assert_eq!(vars[2].current.values, vec!["x"]);
        assert_eq!(
            url_params(&vars),
            vec![
                ("var-job".to_string(), "a".to_string()),
                ("var-job".into(), "c".into()),
                ("var-env".into(), "dev".into())
            ]
        );
        let all = url_values(&[("var-job".to_string(), "$__all".to_string())]);
        assert_eq!(apply_url_values(&mut vars, &all), vec!["job"]);
        assert!(vars[0].current.is_all());
        assert_eq!(url_params(&vars)[0].1, "$__all");
    }
}
