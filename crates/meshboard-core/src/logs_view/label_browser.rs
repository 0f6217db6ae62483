//! The LogQL editor's label data: the browser's chosen values (toggled per label, turned into a
//! selector by `complete::selector_from_choices`), the values shown on its chips with the log
//! volume each selects, and which names or values the completion offers for what is typed.
//!
//! The values come from `label/<name>/values` and their volume from `index/volume` (bytes per
//! value, one small answer); downloading every stream's labels from `series` to count them
//! costs 125 KB for 1,500 streams. A Loki without `index/volume` gives values without volume.

use std::collections::BTreeMap;

use super::complete::Completion;
use crate::frame::Frame;
use crate::loki::query::VolumeQuery;
use crate::loki::NsTime;

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

/// A label's values, each with the bytes of logs it selects when Loki's `index/volume` said.
pub type ValueVolumes = Vec<(String, Option<f64>)>;

/// The volume query for the values of `name`: every stream that has the label, grouped by it.
pub fn values_volume_query(name: &str) -> VolumeQuery {
    VolumeQuery {
        query: format!("{{{name}=~\".+\"}}"),
        start: NsTime(0),
        end: NsTime(0),
        limit: None,
        target_labels: vec![name.to_string()],
        aggregate_by: None,
    }
}

/// Joins `values` (from `label/<name>/values`, sorted by Loki) with the volume frame of
/// `index/volume` grouped by `name`, when there is one.
pub fn value_volumes(values: Vec<String>, volume: Option<&Frame>, name: &str) -> ValueVolumes {
    let mut bytes = BTreeMap::<&str, f64>::new();
    for series in volume.map(|f| f.series.as_slice()).unwrap_or_default() {
        if let (Some(value), Some(v)) = (series.labels.get(name), series.values.last()) {
            *bytes.entry(value.as_str()).or_default() += v;
        }
    }
    values
        .into_iter()
        .map(|value| {
            let size = volume.map(|_| bytes.get(value.as_str()).copied().unwrap_or(0.0));
            (value, size)
        })
        .collect()
}

/// A chip's volume figure: `1.5 KiB` (binary units, as Grafana labels log volume).
pub fn volume_text(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut size = bytes.max(0.0);
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < UNITS.len() {
        size /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{size:.0} B")
    } else {
        format!("{size:.1} {}", UNITS[unit])
    }
}

/// What completion offers for `completion`: names (or the values of its label) that extend
/// what is typed, at most [`MAX_SUGGESTIONS`].
pub fn suggestions(
    completion: &Completion,
    names: &[String],
    values: &BTreeMap<String, ValueVolumes>,
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
    fn values_with_their_volume() {
        use crate::frame::{Labels, Series};
        let series = |job: &str, bytes: f64| Series {
            labels: Labels::from([("job".to_string(), job.to_string())]),
            times_ms: vec![1000.0],
            values: vec![bytes],
        };
        let frame = Frame {
            series: vec![series("b", 2048.0), series("a", 10.0)],
            ..Frame::default()
        };
        let values = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(
            value_volumes(values.clone(), Some(&frame), "job"),
            vec![
                ("a".to_string(), Some(10.0)),
                ("b".to_string(), Some(2048.0)),
                ("c".to_string(), Some(0.0))
            ]
        );
        assert_eq!(
            value_volumes(values, None, "job")[2],
            ("c".to_string(), None),
            "no index/volume: values alone"
        );
        assert_eq!(volume_text(10.0), "10 B");
        assert_eq!(volume_text(2048.0), "2.0 KiB");
        assert_eq!(volume_text(3.5 * 1024.0 * 1024.0), "3.5 MiB");
        let q = values_volume_query("job");
        assert_eq!(
            (q.query.as_str(), q.target_labels),
            ("{job=~\".+\"}", vec!["job".to_string()])
        );
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
            (0..20).map(|i| (format!("a{i}"), None)).collect::<Vec<_>>(),
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
