//! The variables' dependency graph: which variables a variable's query references, the
//! order to refresh them in (topological, each once), and cycles reported per variable.

use super::interpolate::referenced_names;
use super::model::{RefreshOn, Variable, VariableKind};

/// A variable that cannot be refreshed because of a dependency cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableCycleError {
    pub variable: String,
    pub message: String,
}

/// Why variables are being refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshTrigger {
    /// First load: every query variable that refreshes at all.
    DashboardLoad,
    /// The time range changed: query variables with `refresh: 2` and what depends on them.
    TimeRangeChange,
    /// The user (or URL) changed this variable: everything depending on it, transitively.
    VariableChanged(String),
}

/// Indexes into the variable list, in the order to refresh them, plus the cycle errors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefreshPlan {
    pub order: Vec<usize>,
    pub errors: Vec<VariableCycleError>,
}

/// The texts of a variable that may reference other variables (Grafana's `dependsOn`).
fn reference_texts(variable: &Variable) -> Vec<String> {
    match &variable.kind {
        VariableKind::Query {
            definition,
            regex,
            datasource,
            ..
        } => {
            let mut texts = vec![definition.clone()];
            texts.extend(regex.clone());
            texts.extend(datasource.as_ref().map(|ds| ds.reference_text()));
            texts
        }
        VariableKind::Custom { query } => vec![query.clone()],
        VariableKind::Datasource { regex, .. } => regex.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Indexes of the variables `variables[index]` references (self-references included, so
/// they show up as cycles).
pub fn dependencies_of(variables: &[Variable], index: usize) -> Vec<usize> {
    let Some(variable) = variables.get(index) else {
        return Vec::new();
    };
    let mut deps = Vec::new();
    for text in reference_texts(variable) {
        for name in referenced_names(&text) {
            if let Some(dep) = variables.iter().position(|v| v.name == name) {
                if !deps.contains(&dep) {
                    deps.push(dep);
                }
            }
        }
    }
    deps
}

/// Topological order of all variables (declaration order among equals) and the ones left
/// out because they sit in, or depend on, a cycle.
fn topological(variables: &[Variable]) -> (Vec<usize>, Vec<VariableCycleError>) {
    let deps: Vec<Vec<usize>> = (0..variables.len())
        .map(|i| dependencies_of(variables, i))
        .collect();
    let mut done = vec![false; variables.len()];
    let mut order = Vec::new();
    loop {
        let next = (0..variables.len()).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        match next {
            Some(i) => {
                done[i] = true;
                order.push(i);
            }
            None => break,
        }
    }
    let errors = (0..variables.len())
        .filter(|&i| !done[i])
        .map(|i| VariableCycleError {
            variable: variables[i].name.clone(),
            message: cycle_message(variables, &deps, i),
        })
        .collect();
    (order, errors)
}

fn cycle_message(variables: &[Variable], deps: &[Vec<usize>], start: usize) -> String {
    // Walk unresolved dependencies until a variable repeats: that loop is the cycle.
    let mut path = vec![start];
    let mut at = start;
    while let Some(&next) = deps[at].first() {
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let names: Vec<&str> = path[pos..]
                .iter()
                .chain(std::iter::once(&next))
                .map(|&i| variables[i].name.as_str())
                .collect();
            return if pos == 0 {
                format!(
                    "variable `{}` is part of a dependency cycle: {}",
                    variables[start].name,
                    names.join(" -> ")
                )
            } else {
                format!(
                    "variable `{}` depends on a dependency cycle: {}",
                    variables[start].name,
                    names.join(" -> ")
                )
            };
        }
        path.push(next);
        at = next;
    }
    format!("variable `{}` cannot be ordered", variables[start].name)
}

/// Indexes of every variable depending on `name`, transitively, in refresh order.
pub fn dependents_of(variables: &[Variable], name: &str) -> Vec<usize> {
    let Some(root) = variables.iter().position(|v| v.name == name) else {
        return Vec::new();
    };
    let (order, _) = topological(variables);
    let mut affected = vec![false; variables.len()];
    affected[root] = true;
    let mut result = Vec::new();
    for i in order {
        if i != root && dependencies_of(variables, i).iter().any(|&d| affected[d]) {
            affected[i] = true;
            result.push(i);
        }
    }
    result
}

fn refreshes_from_server(variable: &Variable) -> Option<RefreshOn> {
    match &variable.kind {
        VariableKind::Query { refresh, .. } => Some(*refresh),
        _ => None,
    }
}

/// Which variables to refresh for a trigger, each once, dependencies first. Variables whose
/// options are computed locally (custom, interval, ...) are not listed; cycle members are
/// never listed and are reported in `errors`.
pub fn refresh_plan(variables: &[Variable], trigger: &RefreshTrigger) -> RefreshPlan {
    let (order, errors) = topological(variables);
    let wanted: Vec<bool> = match trigger {
        RefreshTrigger::DashboardLoad => variables
            .iter()
            .map(|v| {
                matches!(
                    refreshes_from_server(v),
                    Some(RefreshOn::DashboardLoad | RefreshOn::TimeRangeChange)
                ) || (refreshes_from_server(v) == Some(RefreshOn::Never) && v.options.is_empty())
            })
            .collect(),
        RefreshTrigger::TimeRangeChange => {
            let mut wanted: Vec<bool> = variables
                .iter()
                .map(|v| refreshes_from_server(v) == Some(RefreshOn::TimeRangeChange))
                .collect();
            let roots: Vec<String> = variables
                .iter()
                .filter(|v| refreshes_from_server(v) == Some(RefreshOn::TimeRangeChange))
                .map(|v| v.name.clone())
                .collect();
            for root in roots {
                for i in dependents_of(variables, &root) {
                    wanted[i] = true;
                }
            }
            wanted
        }
        RefreshTrigger::VariableChanged(name) => {
            let mut wanted = vec![false; variables.len()];
            for i in dependents_of(variables, name) {
                wanted[i] = true;
            }
            wanted
        }
    };
    RefreshPlan {
        order: order
            .into_iter()
            .filter(|&i| wanted[i] && refreshes_from_server(&variables[i]).is_some())
            .collect(),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(name: &str, q: &str) -> Variable {
        Variable::from_json(&json!({"name": name, "type": "query", "query": q, "refresh": 1}))
            .expect("variable")
    }

    #[test]
    fn chained_variables_refresh_in_dependency_order() {
        // Declared out of order on purpose: instance <- node_role <- job.
        let vars = vec![
            query(
                "instance",
                "label_values(up{job=~\"$job\",node_role=~\"$node_role\"}, instance)",
            ),
            query("node_role", "label_values(up{job=~\"$job\"}, node_role)"),
            query("job", "label_values(up, job)"),
        ];
        let plan = refresh_plan(&vars, &RefreshTrigger::DashboardLoad);
        assert_eq!(plan.order, vec![2, 1, 0]);
        assert!(plan.errors.is_empty());
        let changed = refresh_plan(&vars, &RefreshTrigger::VariableChanged("job".into()));
        assert_eq!(changed.order, vec![1, 0]);
        let leaf = refresh_plan(&vars, &RefreshTrigger::VariableChanged("instance".into()));
        assert!(leaf.order.is_empty());
    }

    #[test]
    fn cycles_are_reported_per_variable() {
        let vars = vec![
            query("a", "label_values(x{b=\"$b\"}, a)"),
            query("b", "label_values(x{a=\"$a\"}, b)"),
            query("c", "label_values(x{a=\"$a\"}, c)"),
            query("d", "label_values(d)"),
        ];
        let plan = refresh_plan(&vars, &RefreshTrigger::DashboardLoad);
        assert_eq!(plan.order, vec![3]);
        let names: Vec<&str> = plan.errors.iter().map(|e| e.variable.as_str()).collect();
        assert_eq!(names, vec!["a", "b", "c"]);
        assert!(
            plan.errors[0].message.contains("a -> b -> a"),
            "{}",
            plan.errors[0].message
        );
        assert!(plan.errors[2].message.contains("depends on"));
    }

    #[test]
    fn self_reference_is_a_cycle() {
        let vars = vec![query("a", "label_values(x{a=\"$a\"}, a)")];
        let plan = refresh_plan(&vars, &RefreshTrigger::DashboardLoad);
        assert!(plan.order.is_empty());
        assert_eq!(plan.errors.len(), 1);
    }

    #[test]
    fn time_range_trigger_includes_dependents() {
        let mut vars = vec![
            query("job", "label_values(up, job)"),
            query("i", "label_values(up{job=\"$job\"}, instance)"),
        ];
        vars[0] = Variable::from_json(&json!({"name": "job", "type": "query", "query": "label_values(up, job)", "refresh": 2})).expect("variable");
        let plan = refresh_plan(&vars, &RefreshTrigger::TimeRangeChange);
        assert_eq!(plan.order, vec![0, 1]);
    }
}
