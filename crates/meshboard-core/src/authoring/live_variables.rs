//! The open dashboard's live variables following the edit session (issue 18): a variable
//! added, changed, removed or reordered in the dashboard settings (or by undo, the JSON
//! model, a restored draft) reaches the variables bar and the panels' queries at once, as in
//! Grafana, not only after a save and reload.
//!
//! The live list holds what the page read since it opened (query options, the selection,
//! `auto` intervals); the session's list holds the definitions as edited. A variable whose
//! definition did not change stays as it lives; a new or changed one takes the edited
//! definition and keeps the user's selection where its options still offer it.

use crate::variables::{Variable, VariableKind};

/// What the live variables become after an edit of their definitions.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowedVariables {
    /// The new live list, in the edited order.
    pub variables: Vec<Variable>,
    /// Variables whose `var-<name>` in the URL is stale (changed, renamed away or removed):
    /// the page drops them so the URL does not put an old value back.
    pub stale_in_url: Vec<String>,
}

/// The definition of a variable without what the page reads at run time (selection,
/// options, the computed `auto` interval, the raw JSON's own spelling).
fn definition(variable: &Variable) -> Variable {
    let mut bare = variable.clone();
    bare.current = Default::default();
    bare.options.clear();
    bare.raw = serde_json::Value::Null;
    if let VariableKind::Interval { auto_value, .. } = &mut bare.kind {
        *auto_value = None;
    }
    bare
}

/// `live` after the session's variables became `edited`; `None` when no definition, name or
/// place changed (a panel move, a title edit: nothing to refresh).
pub fn follow_edited_variables(
    live: &[Variable],
    edited: &[Variable],
) -> Option<FollowedVariables> {
    let unchanged = live.len() == edited.len()
        && live
            .iter()
            .zip(edited)
            .all(|(l, e)| definition(l) == definition(e));
    if unchanged {
        return None;
    }
    let mut stale_in_url = Vec::new();
    let variables = edited
        .iter()
        .map(|e| match live.iter().find(|l| l.name == e.name) {
            Some(l) if definition(l) == definition(e) => l.clone(),
            Some(l) => {
                stale_in_url.push(l.name.clone());
                with_selection_of(e, l)
            }
            None => e.clone(),
        })
        .collect();
    stale_in_url.extend(
        live.iter()
            .filter(|l| !edited.iter().any(|e| e.name == l.name))
            .map(|l| l.name.clone()),
    );
    Some(FollowedVariables {
        variables,
        stale_in_url,
    })
}

/// The edited variable with the live one's selection, where its own options still offer it
/// (a query variable's options come with the next refresh, which checks it then).
fn with_selection_of(edited: &Variable, live: &Variable) -> Variable {
    let mut next = edited.clone();
    if matches!(next.kind, VariableKind::Constant { .. }) {
        return next;
    }
    let kept = next.current.clone();
    next.current = live.current.clone();
    if next.options.is_empty() {
        if matches!(next.kind, VariableKind::Query { .. }) {
            return next;
        }
        next.current = kept;
        return next;
    }
    let options = next.options.clone();
    next.set_options(options);
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn variable(raw: serde_json::Value) -> Variable {
        Variable::from_json(&raw).expect("a variable")
    }

    fn env(query: &str) -> Variable {
        variable(json!({"name": "env", "type": "custom", "query": query}))
    }

    fn job() -> Variable {
        variable(json!({"name": "job", "type": "query", "query": "label_values(up, job)"}))
    }

    #[test]
    fn nothing_to_follow_when_only_run_time_state_differs() {
        let mut live = vec![job(), env("a,b")];
        live[0].set_options(vec![crate::variables::VariableOption::same("node")]);
        live[1].select(&["b".to_string()]);
        assert_eq!(follow_edited_variables(&live, &[job(), env("a,b")]), None);
    }

    #[test]
    fn a_new_variable_joins_and_the_others_keep_their_live_state() {
        let mut live = vec![job()];
        live[0].set_options(vec![crate::variables::VariableOption::same("node")]);
        let followed = follow_edited_variables(&live, &[job(), env("x,y")]).expect("a change");
        assert_eq!(
            followed.variables[0], live[0],
            "job keeps its options and value"
        );
        assert_eq!(followed.variables[1].name, "env");
        assert_eq!(followed.variables[1].current.values, vec!["x"]);
        assert!(followed.stale_in_url.is_empty());
    }

    #[test]
    fn a_changed_variable_keeps_a_selection_its_new_options_still_offer() {
        let mut live = vec![env("a,b,c")];
        live[0].select(&["b".to_string()]);
        let followed = follow_edited_variables(&live, &[env("b,c")]).expect("a change");
        assert_eq!(followed.variables[0].current.values, vec!["b"]);
        assert_eq!(followed.stale_in_url, vec!["env"]);
        let followed = follow_edited_variables(&live, &[env("x,y")]).expect("a change");
        assert_eq!(
            followed.variables[0].current.values,
            vec!["x"],
            "a value no longer offered gives way to the first option"
        );
    }

    #[test]
    fn removed_renamed_and_reordered_variables() {
        let live = vec![job(), env("a")];
        let followed = follow_edited_variables(&live, &[job()]).expect("a removal");
        assert_eq!(followed.variables.len(), 1);
        assert_eq!(followed.stale_in_url, vec!["env"]);

        let mut renamed = env("a");
        renamed.name = "stage".into();
        let followed = follow_edited_variables(&live, &[job(), renamed]).expect("a rename");
        assert_eq!(followed.variables[1].name, "stage");
        assert_eq!(followed.stale_in_url, vec!["env"]);

        let followed = follow_edited_variables(&live, &[env("a"), job()]).expect("a move");
        let names: Vec<&str> = followed.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["env", "job"]);
        assert!(followed.stale_in_url.is_empty(), "a move changes no value");
    }

    #[test]
    fn a_changed_query_variable_waits_for_its_refresh_with_the_live_selection() {
        let mut live = vec![job()];
        live[0].set_options(vec![crate::variables::VariableOption::same("node")]);
        live[0].select(&["node".to_string()]);
        let edited = variable(
            json!({"name": "job", "type": "query", "query": "label_values(up, instance)"}),
        );
        let followed = follow_edited_variables(&live, &[edited]).expect("a change");
        assert_eq!(followed.variables[0].current.values, vec!["node"]);
        assert!(followed.variables[0].options.is_empty());
    }

    #[test]
    fn a_constant_takes_its_new_value() {
        let live = vec![variable(
            json!({"name": "c", "type": "constant", "query": "old"}),
        )];
        let edited = variable(json!({"name": "c", "type": "constant", "query": "new"}));
        let followed = follow_edited_variables(&live, &[edited]).expect("a change");
        assert_eq!(followed.variables[0].current.values, vec!["new"]);
    }
}
