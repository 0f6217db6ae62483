//! Panel repeats: one copy per selected value of the repeat variable (every option for All),
//! each with its value in `scoped_vars`, so that `$instance` in its title and queries is its
//! own value. Where the copies go is [`super::arrange`]'s business (Grafana's scenes grid:
//! a horizontal repeat spans the 24 columns, `maxPerRow` copies per line; a vertical one
//! stacks them).

use super::panel::Panel;
use crate::variables::Variable;

/// The copies a panel is drawn as: one per value of its repeat variable, or the panel itself
/// (no repeat; an unknown variable or one without values: Grafana's placeholder copy, which
/// takes the dashboard's values).
pub fn repeat_copies(panel: &Panel, variables: &[Variable]) -> Vec<Panel> {
    let Some(repeat) = &panel.repeat else {
        return vec![panel.clone()];
    };
    let values = variables
        .iter()
        .find(|v| v.name == repeat.variable)
        .map(Variable::effective_values)
        .unwrap_or_default();
    if values.is_empty() {
        return vec![panel.clone()];
    }
    values
        .into_iter()
        .map(|value| {
            let mut copy = panel.clone();
            copy.scoped_vars.insert(repeat.variable.clone(), value);
            copy
        })
        .collect()
}

/// The panels with every repeating panel replaced by its copies (positions as saved).
pub fn expand_repeats(panels: &[Panel], variables: &[Variable]) -> Vec<Panel> {
    panels
        .iter()
        .flat_map(|p| repeat_copies(p, variables))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn variable(values: &str) -> Variable {
        Variable::from_json(
            &json!({"name": "instance", "type": "custom", "query": values,
            "multi": true, "includeAll": true, "current": {"value": ["$__all"]}}),
        )
        .expect("variable")
    }

    #[test]
    fn one_copy_per_value_with_the_value_bound() {
        let panels = vec![
            Panel::from_json(
                &json!({"type": "stat", "title": "Up $instance", "repeat": "instance",
                "gridPos": {"x": 0, "y": 0, "w": 24, "h": 4}, "targets": [{"expr": "up{instance=\"$instance\"}"}]}),
                1,
            ),
            Panel::from_json(
                &json!({"type": "timeseries", "gridPos": {"x": 0, "y": 4, "w": 24, "h": 8},
                "targets": [{"expr": "up"}]}),
                2,
            ),
        ];
        let expanded = expand_repeats(&panels, &[variable("a,b,c")]);
        assert_eq!(expanded.len(), 4);
        let bound: Vec<&str> = expanded[..3]
            .iter()
            .map(|p| p.scoped_vars["instance"].as_str())
            .collect();
        assert_eq!(bound, vec!["a", "b", "c"]);
        assert!(expanded[3].scoped_vars.is_empty());
        // Unknown variable: the panel itself, with the dashboard's values.
        assert_eq!(expand_repeats(&panels, &[]).len(), 2);
    }
}
