//! The rules of the variables bar: which variables get a control, what a multi-value picker
//! says and offers, and what a click on one of its options selects (Grafana's behaviour).

use crate::variables::{Variable, VariableHide, VariableKind, VariableOption, ALL_VALUE};

/// The names of the variables that get a control: not hidden (`hide: 2`), not constants,
/// not of an unsupported kind.
pub fn shown_variables(vars: &[Variable]) -> Vec<String> {
    vars.iter()
        .filter(|v| v.hide != VariableHide::Hidden)
        .filter(|v| {
            !matches!(
                v.kind,
                VariableKind::Constant { .. } | VariableKind::Unsupported { .. }
            )
        })
        .map(|v| v.name.clone())
        .collect()
}

/// The options plus any selected value that is not among them (typed into the URL), so the
/// control never shows something other than what is applied.
pub fn options_with_current(v: &Variable) -> Vec<VariableOption> {
    let mut options = v.options.clone();
    for (value, text) in v.current.values.iter().zip(v.current.texts.iter()) {
        if !options.iter().any(|o| &o.value == value) {
            options.push(VariableOption {
                text: text.clone(),
                value: value.clone(),
            });
        }
    }
    options
}

/// What a closed multi-value picker says: `All`, `None`, or the chosen texts joined by ` + `.
pub fn multi_summary(v: &Variable) -> String {
    if v.current.is_all() {
        "All".to_string()
    } else if v.current.texts.is_empty() {
        "None".to_string()
    } else {
        v.current.texts.join(" + ")
    }
}

/// The selection after clicking `value`: "All" replaces everything, anything else replaces
/// "All"; removing the last value falls back to "All" (or is refused without "All").
pub fn toggled_selection(selected: &[String], value: &str, include_all: bool) -> Vec<String> {
    if value == ALL_VALUE {
        return vec![ALL_VALUE.to_string()];
    }
    let mut next: Vec<String> = selected
        .iter()
        .filter(|v| *v != ALL_VALUE)
        .cloned()
        .collect();
    match next.iter().position(|v| v == value) {
        Some(i) => {
            next.remove(i);
        }
        None => next.push(value.to_string()),
    }
    match (next.is_empty(), include_all) {
        (false, _) => next,
        (true, true) => vec![ALL_VALUE.to_string()],
        (true, false) => selected.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    fn variable(raw: serde_json::Value) -> Variable {
        Variable::from_json(&raw).expect("a variable")
    }

    #[test]
    fn all_is_exclusive_and_the_last_value_falls_back_to_all() {
        assert_eq!(
            toggled_selection(&strings(&["a"]), ALL_VALUE, true),
            strings(&[ALL_VALUE])
        );
        assert_eq!(
            toggled_selection(&strings(&[ALL_VALUE]), "a", true),
            strings(&["a"])
        );
        assert_eq!(
            toggled_selection(&strings(&["a"]), "b", true),
            strings(&["a", "b"])
        );
        assert_eq!(
            toggled_selection(&strings(&["a", "b"]), "a", true),
            strings(&["b"])
        );
        assert_eq!(
            toggled_selection(&strings(&["a"]), "a", true),
            strings(&[ALL_VALUE])
        );
        assert_eq!(
            toggled_selection(&strings(&["a"]), "a", false),
            strings(&["a"]),
            "without All the last value stays"
        );
    }

    #[test]
    fn hidden_constant_and_unsupported_variables_get_no_control() {
        let vars: Vec<Variable> = [
            json!({"name": "job", "type": "custom", "query": "a,b"}),
            json!({"name": "secret", "type": "custom", "query": "a", "hide": 2}),
            json!({"name": "env", "type": "constant", "query": "prod"}),
            json!({"name": "label", "type": "custom", "query": "a", "hide": 1}),
        ]
        .iter()
        .filter_map(Variable::from_json)
        .collect();
        assert_eq!(shown_variables(&vars), strings(&["job", "label"]));
    }

    #[test]
    fn a_value_typed_into_the_url_is_offered_and_summarised() {
        let mut v = variable(
            json!({"name": "job", "type": "custom", "query": "a,b", "multi": true,
            "current": {"text": ["b"], "value": ["b"]}}),
        );
        v.select(&strings(&["b", "zz"]));
        let values: Vec<String> = options_with_current(&v)
            .into_iter()
            .map(|o| o.value)
            .collect();
        assert_eq!(values, strings(&["a", "b", "zz"]));
        assert_eq!(multi_summary(&v), "b + zz");
        v.current.values = strings(&[ALL_VALUE]);
        v.current.texts = strings(&["All"]);
        assert_eq!(multi_summary(&v), "All");
        v.current.values.clear();
        v.current.texts.clear();
        assert_eq!(multi_summary(&v), "None");
    }
}
