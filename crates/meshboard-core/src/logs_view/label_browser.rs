//! The LogQL editor's label data: the browser's chosen values (toggled per label, turned into a
//! selector by `complete::selector_from_choices`), the value counts shown on its chips, and
//! which names or values the completion offers for what is typed.

use std::collections::BTreeMap;

use super::complete::Completion;
use crate::frame::Labels;

/// Suggestions shown at most.
pub const MAX_SUGGESTIONS: usize = 12;

/// The label browser's choices: `(label, chosen values)` in the order labels were first chosen.
pub type Choices = Vec<(String, Vec<String>)>;

/// Chooses `value` of `name`, or unchooses it if it was chosen; labels left without a value
/// drop out.
pub fn toggle_choice(choices: &mut Choices, name: &str, value: &str) {
    match choices.iter_mut().find(|(n, _)| n == name) {
        Some((_, values)) => match values.iter().position(|v| v == value) {
            Some(i) => {
                values.remove(i);
            }
            None => values.push(value.to_string()),
        },
        None => choices.push((name.to_string(), vec![value.to_string()])),
    }
    choices.retain(|(_, values)| !values.is_empty());
}

/// Whether `value` of `name` is chosen.
pub fn is_chosen(choices: &Choices, name: &str, value: &str) -> bool {
    choices
        .iter()
        .any(|(n, values)| n == name && values.iter().any(|v| v == value))
}

/// The values of `name` across `series` (Loki's `series` answer), each with the number of
/// streams that carry it, sorted by value.
pub fn value_counts(series: &[Labels], name: &str) -> Vec<(String, usize)> {
    let mut counts = BTreeMap::<String, usize>::new();
    for labels in series {
        if let Some(value) = labels.get(name) {
            *counts.entry(value.clone()).or_default() += 1;
        }
    }
    counts.into_iter().collect()
}

/// What completion offers for `completion`: names (or the values of its label) that extend
/// what is typed, at most [`MAX_SUGGESTIONS`].
pub fn suggestions(
    completion: &Completion,
    names: &[String],
    values: &BTreeMap<String, Vec<(String, usize)>>,
) -> Vec<String> {
    let (prefix, pool): (&str, Vec<&String>) = match completion {
        Completion::LabelName { prefix, .. } => (prefix, names.iter().collect()),
        Completion::LabelValue { name, prefix, .. } => (
            prefix,
            values
                .get(name)
                .map(|vals| vals.iter().map(|(v, _)| v).collect())
                .unwrap_or_default(),
        ),
    };
    pool.into_iter()
        .filter(|s| s.starts_with(prefix) && s.as_str() != prefix)
        .take(MAX_SUGGESTIONS)
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_toggle_and_empty_labels_drop_out() {
        let mut choices = Choices::new();
        toggle_choice(&mut choices, "job", "a");
        toggle_choice(&mut choices, "job", "b");
        toggle_choice(&mut choices, "level", "error");
        assert_eq!(
            choices,
            vec![
                ("job".to_string(), vec!["a".to_string(), "b".to_string()]),
                ("level".to_string(), vec!["error".to_string()])
            ]
        );
        assert!(is_chosen(&choices, "job", "b") && !is_chosen(&choices, "level", "a"));
        toggle_choice(&mut choices, "level", "error");
        toggle_choice(&mut choices, "job", "a");
        assert_eq!(choices, vec![("job".to_string(), vec!["b".to_string()])]);
    }

    #[test]
    fn value_counts_count_streams() {
        let series = |job: &str| Labels::from([("job".to_string(), job.to_string())]);
        let all = [series("b"), series("a"), series("b"), Labels::new()];
        assert_eq!(
            value_counts(&all, "job"),
            vec![("a".to_string(), 1), ("b".to_string(), 2)]
        );
        assert!(value_counts(&all, "level").is_empty());
    }

    #[test]
    fn suggestions_extend_the_prefix() {
        let names: Vec<String> = ["job", "jobs", "level"].map(String::from).to_vec();
        let name = Completion::LabelName {
            prefix: "job".into(),
            start: 1,
        };
        assert_eq!(suggestions(&name, &names, &BTreeMap::new()), vec!["jobs"]);
        let values = BTreeMap::from([(
            "job".to_string(),
            (0..20).map(|i| (format!("a{i}"), 1)).collect::<Vec<_>>(),
        )]);
        let value = Completion::LabelValue {
            name: "job".into(),
            prefix: "a".into(),
            start: 6,
        };
        assert_eq!(suggestions(&value, &names, &values).len(), MAX_SUGGESTIONS);
        let unknown = Completion::LabelValue {
            name: "zone".into(),
            prefix: String::new(),
            start: 7,
        };
        assert!(suggestions(&unknown, &names, &values).is_empty());
    }
}
