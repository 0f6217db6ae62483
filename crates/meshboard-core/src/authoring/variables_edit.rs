//! The variables editor (`editview=variables`) as data: the `templating.list` entries as JSON
//! (every field Grafana writes is kept), a new variable of each type with Grafana's defaults,
//! a type change keeping what all types share, the query text of any type, name checks as
//! Grafana's (word characters, not `__`, unique), moving entries, and the order the
//! variables load in (core's dependency graph), cycles named. The list goes back in with
//! [`super::Edit::SetVariables`], so undo, drafts and save cover it.

use serde_json::{json, Map, Value};

use crate::dashboard::{export_dashboard, Dashboard};
use crate::variables::{dependencies_of, refresh_plan, RefreshTrigger, Variable};

/// The types the editor offers, as (`type`, what the picker says).
pub const VARIABLE_TYPES: [(&str, &str); 6] = [
    ("query", "Query"),
    ("custom", "Custom"),
    ("constant", "Constant"),
    ("interval", "Interval"),
    ("textbox", "Text box"),
    ("datasource", "Data source"),
];

/// Grafana's interval variable's default choices.
const DEFAULT_INTERVALS: &str = "1m,10m,30m,1h,6h,12h,1d,7d,14d,30d";

/// The dashboard's variables as their JSON entries (current selections written in).
pub fn variable_list(dashboard: &Dashboard) -> Vec<Value> {
    export_dashboard(dashboard)["templating"]["list"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn name_of(entry: &Value) -> &str {
    entry
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The type of an entry (`query` when absent, as Grafana reads it).
pub fn type_of(entry: &Value) -> &str {
    entry.get("type").and_then(Value::as_str).unwrap_or("query")
}

/// The fields every type starts with, as Grafana's variable models default them.
fn defaults(kind: &str) -> Map<String, Value> {
    let value = match kind {
        "custom" => json!({"query": "", "multi": false, "includeAll": false, "options": []}),
        "constant" => json!({"query": "", "hide": 2}),
        "interval" => json!({
            "query": DEFAULT_INTERVALS, "auto": false, "auto_count": 30, "auto_min": "10s",
            "refresh": 2, "options": []
        }),
        "textbox" => json!({"query": ""}),
        "datasource" => {
            json!({"query": "prometheus", "regex": "", "refresh": 1, "multi": false, "includeAll": false})
        }
        _ => json!({
            "query": "", "definition": "", "refresh": 1, "regex": "", "sort": 0,
            "multi": false, "includeAll": false, "options": []
        }),
    };
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A new variable of `kind` named as Grafana names it (`query0`, `custom1` ...: the type and
/// the first free number).
pub fn new_variable(kind: &str, list: &[Value]) -> Value {
    let name = (0..)
        .map(|n| format!("{kind}{n}"))
        .find(|name| !list.iter().any(|e| name_of(e) == name))
        .unwrap_or_default();
    let mut map = defaults(kind);
    map.insert("type".into(), json!(kind));
    map.insert("name".into(), json!(name));
    map.insert("label".into(), json!(""));
    map.entry("hide").or_insert(json!(0));
    map.insert("current".into(), json!({}));
    Value::Object(map)
}

/// `entry` as a `kind` variable: name, label, description and hide stay, the rest starts over.
pub fn with_type(entry: &Value, kind: &str) -> Value {
    if type_of(entry) == kind {
        return entry.clone();
    }
    let mut next = new_variable(kind, &[]);
    for key in ["name", "label", "description", "hide"] {
        if let Some(value) = entry.get(key) {
            next[key] = value.clone();
        }
    }
    if kind == "constant" {
        next["hide"] = json!(2);
    }
    next
}

/// The text the query field shows: a query variable's query (a string, or the `query` of
/// the object newer Grafana writes), else the `query` string (options, value, intervals).
pub fn query_text(entry: &Value) -> String {
    match entry.get("query") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Object(query)) => query
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        _ => entry
            .get("definition")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
    }
}

/// `entry` with its query text set where [`query_text`] reads it (and a query variable's
/// `definition`, which is what Grafana shows and Meshboard runs).
pub fn with_query_text(entry: &Value, text: &str) -> Value {
    let mut next = entry.clone();
    match next.get_mut("query") {
        Some(Value::Object(query)) => {
            query.insert("query".into(), json!(text));
        }
        _ => next["query"] = json!(text),
    }
    if type_of(entry) == "query" {
        next["definition"] = json!(text);
    }
    next
}

/// Why `name` cannot be the name of variable `index` in `list` (Grafana's rules).
pub fn check_name(name: &str, list: &[Value], index: usize) -> Result<(), String> {
    if name.is_empty() {
        return Err("a variable needs a name".into());
    }
    if name.starts_with("__") {
        return Err("names starting with __ are Grafana's own".into());
    }
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err("only letters, digits and _ are allowed in a variable name".into());
    }
    if list
        .iter()
        .enumerate()
        .any(|(i, e)| i != index && name_of(e) == name)
    {
        return Err(format!("there is already a variable named `{name}`"));
    }
    Ok(())
}

/// `list` with entry `index` moved one place up (`up`) or down; unchanged at an end.
pub fn move_variable(list: &[Value], index: usize, up: bool) -> Vec<Value> {
    let mut next = list.to_vec();
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1)
    };
    if let Some(other) = other.filter(|&o| o < next.len() && index < next.len()) {
        next.swap(index, other);
    }
    next
}

/// The loading order of the variables: each variable's name after those it uses, and the
/// sentences of any cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOrder {
    /// Variables whose options come from a data source, in the order they are read on load.
    pub queried: Vec<String>,
    /// Per variable (in list order), the variables it uses.
    pub uses: Vec<(String, Vec<String>)>,
    pub cycles: Vec<String>,
}

/// The order `list` loads in (core's `refresh_plan` on dashboard load).
pub fn load_order(list: &[Value]) -> LoadOrder {
    let variables: Vec<Variable> = list.iter().filter_map(Variable::from_json).collect();
    let plan = refresh_plan(&variables, &RefreshTrigger::DashboardLoad);
    LoadOrder {
        queried: plan
            .order
            .iter()
            .map(|&i| variables[i].name.clone())
            .collect(),
        uses: (0..variables.len())
            .map(|i| {
                let mut used: Vec<String> = dependencies_of(&variables, i)
                    .into_iter()
                    .map(|d| variables[d].name.clone())
                    .collect();
                used.dedup();
                (variables[i].name.clone(), used)
            })
            .collect(),
        cycles: plan.errors.into_iter().map(|e| e.message).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dashboard(list: Value) -> Dashboard {
        Dashboard::from_value(json!({"uid": "u", "title": "T", "templating": {"list": list}}))
            .expect("dashboard")
    }

    #[test]
    fn new_variables_are_named_by_type_and_first_free_number() {
        let list = vec![new_variable("query", &[])];
        assert_eq!(list[0]["name"], "query0");
        assert_eq!(list[0]["refresh"], 1);
        assert_eq!(new_variable("query", &list)["name"], "query1");
        let constant = new_variable("constant", &list);
        assert_eq!(
            (constant["name"].as_str(), constant["hide"].as_i64()),
            (Some("constant0"), Some(2))
        );
        assert_eq!(new_variable("interval", &list)["query"], DEFAULT_INTERVALS);
    }

    #[test]
    fn a_type_change_keeps_name_label_and_hide() {
        let entry =
            json!({"type": "custom", "name": "env", "label": "Env", "query": "a,b", "hide": 1});
        let query = with_type(&entry, "query");
        assert_eq!(query["type"], "query");
        assert_eq!(
            (query["name"].as_str(), query["label"].as_str()),
            (Some("env"), Some("Env"))
        );
        assert_eq!(query["hide"], 1);
        assert_eq!(query["query"], "");
        assert_eq!(with_type(&entry, "custom"), entry);
    }

    #[test]
    fn query_text_reads_and_writes_both_spellings() {
        let object = json!({"type": "query", "name": "job", "query": {"query": "label_values(job)", "refId": "A"}});
        assert_eq!(query_text(&object), "label_values(job)");
        let changed = with_query_text(&object, "label_values(up, job)");
        assert_eq!(
            changed["query"],
            json!({"query": "label_values(up, job)", "refId": "A"})
        );
        assert_eq!(changed["definition"], "label_values(up, job)");
        let custom = with_query_text(&json!({"type": "custom", "name": "c", "query": "a"}), "x,y");
        assert_eq!(custom["query"], "x,y");
        assert!(custom.get("definition").is_none());
        // The edited list goes back in and reads as a variable with that query.
        let d = dashboard(json!([changed]));
        assert_eq!(variable_list(&d)[0]["definition"], "label_values(up, job)");
    }

    #[test]
    fn names_follow_grafanas_rules() {
        let list = vec![json!({"name": "job"}), json!({"name": "instance"})];
        assert!(check_name("instance", &list, 1).is_ok());
        assert!(check_name("job", &list, 1).unwrap_err().contains("already"));
        assert!(check_name("__rate", &list, 1).is_err());
        assert!(check_name("a-b", &list, 1).is_err());
        assert!(check_name("", &list, 1).is_err());
    }

    #[test]
    fn moves_stop_at_the_ends() {
        let list = vec![json!({"name": "a"}), json!({"name": "b"})];
        assert_eq!(move_variable(&list, 1, true)[0]["name"], "b");
        assert_eq!(move_variable(&list, 0, true), list);
        assert_eq!(move_variable(&list, 1, false), list);
    }

    #[test]
    fn load_order_puts_a_variable_after_what_it_uses() {
        let list = vec![
            json!({"type": "query", "name": "instance", "definition": "label_values(up{job=\"$job\"}, instance)", "refresh": 1}),
            json!({"type": "query", "name": "job", "definition": "label_values(up, job)", "refresh": 1}),
            json!({"type": "custom", "name": "env", "query": "a,b"}),
        ];
        let order = load_order(&list);
        assert_eq!(order.queried, vec!["job", "instance"]);
        assert_eq!(
            order.uses[0],
            ("instance".to_string(), vec!["job".to_string()])
        );
        assert!(order.cycles.is_empty());
        let cycle = vec![
            json!({"type": "query", "name": "a", "definition": "label_values(x{b=\"$b\"}, a)", "refresh": 1}),
            json!({"type": "query", "name": "b", "definition": "label_values(x{a=\"$a\"}, b)", "refresh": 1}),
        ];
        let order = load_order(&cycle);
        assert!(order.queried.is_empty());
        assert_eq!(order.cycles.len(), 2, "{:?}", order.cycles);
    }
}
