//! Edits that arrive as JSON: the panel editor's apply and its fields by JSON pointer, and the
//! variables editor's list. Links in them must pass the app's URL rule, as on import.

use serde_json::{json, Value};

use super::EditError;
use crate::authoring::grid;
use crate::dashboard::{Dashboard, GridPos, Panel, PanelKind};

/// Links come in only with URLs the app would follow (the same rule as import and export).
pub(super) fn refuse_unsafe_links(json: &Value) -> Result<(), EditError> {
    match crate::authoring::links::unsafe_links(json)
        .into_iter()
        .next()
    {
        Some(link) => Err(EditError::UnsafeLink(link.url)),
        None => Ok(()),
    }
}

pub(super) fn replace_panel(
    dashboard: &mut Dashboard,
    id: i64,
    json: &Value,
) -> Result<(), EditError> {
    if !json.is_object() {
        return Err(EditError::InvalidJson(
            "a panel must be a JSON object".into(),
        ));
    }
    refuse_unsafe_links(json)?;
    let becomes_row = json.get("type").and_then(Value::as_str) == Some("row");
    let rebuild = |old: &Panel| -> Result<Panel, EditError> {
        if becomes_row != (old.kind == PanelKind::Row) {
            return Err(if becomes_row {
                EditError::NotARow(id)
            } else {
                EditError::IsARow(id)
            });
        }
        let mut json = json.clone();
        json["id"] = json!(id);
        if json.get("gridPos").and_then(GridPos::from_json).is_none() {
            json["gridPos"] = old.grid_pos.to_json();
        }
        if old.kind == PanelKind::Row && json.get("panels").is_none() {
            json["panels"] = Value::Array(old.children.iter().map(Panel::to_json).collect());
        }
        Ok(Panel::from_json(&json, id))
    };
    if let Some(i) = dashboard.panels.iter().position(|p| p.id == id) {
        dashboard.panels[i] = rebuild(&dashboard.panels[i])?;
        grid::sort_by_grid_pos(&mut dashboard.panels);
        grid::settle(&mut dashboard.panels, &dashboard.variables);
        return Ok(());
    }
    for row in dashboard.panels.iter_mut() {
        if let Some(j) = row.children.iter().position(|c| c.id == id) {
            row.children[j] = rebuild(&row.children[j])?;
            return Ok(());
        }
    }
    Err(EditError::NoSuchPanel(id))
}

/// The JSON of panel `id` (also inside a collapsed row), as the panel editor starts from.
pub fn panel_json(dashboard: &Dashboard, id: i64) -> Option<Value> {
    dashboard
        .all_panels()
        .into_iter()
        .find(|p| p.id == id)
        .map(Panel::to_json)
}

/// `panel` with the value at `pointer` set (objects created on the way) or removed.
pub(super) fn with_field(
    mut panel: Value,
    pointer: &str,
    value: Option<Value>,
) -> Result<Value, EditError> {
    let bad = || EditError::InvalidJson(format!("`{pointer}` is not a field of a panel"));
    let segments: Vec<String> = pointer
        .strip_prefix('/')
        .ok_or_else(bad)?
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (last, path) = segments.split_last().ok_or_else(bad)?;
    if path.is_empty() && (last == "id" || last.is_empty()) {
        return Err(bad());
    }
    let mut node = &mut panel;
    for segment in path {
        node = match node {
            Value::Array(items) => {
                let i: usize = segment.parse().map_err(|_| bad())?;
                items.get_mut(i).ok_or_else(bad)?
            }
            Value::Object(map) => map
                .entry(segment.clone())
                .or_insert_with(|| Value::Object(serde_json::Map::new())),
            _ => return Err(bad()),
        };
        if node.is_null() {
            *node = Value::Object(serde_json::Map::new());
        }
    }
    match (node, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.clone(), v);
        }
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Array(items), Some(v)) => {
            let i: usize = last.parse().map_err(|_| bad())?;
            match i.cmp(&items.len()) {
                std::cmp::Ordering::Less => items[i] = v,
                std::cmp::Ordering::Equal => items.push(v),
                std::cmp::Ordering::Greater => return Err(bad()),
            }
        }
        (Value::Array(items), None) => {
            let i: usize = last.parse().map_err(|_| bad())?;
            if i >= items.len() {
                return Err(bad());
            }
            items.remove(i);
        }
        _ => return Err(bad()),
    }
    Ok(panel)
}

/// Replaces the variables with `list` (each needs a unique name), in the model and the JSON.
pub(super) fn set_variables(dashboard: &mut Dashboard, list: &[Value]) -> Result<(), EditError> {
    let mut variables = Vec::with_capacity(list.len());
    for (i, entry) in list.iter().enumerate() {
        let variable = crate::variables::Variable::from_json(entry)
            .ok_or_else(|| EditError::InvalidJson(format!("variable {} needs a name", i + 1)))?;
        if variables
            .iter()
            .any(|v: &crate::variables::Variable| v.name == variable.name)
        {
            return Err(EditError::InvalidJson(format!(
                "two variables are named `{}`",
                variable.name
            )));
        }
        variables.push(variable);
    }
    dashboard.variables = variables;
    if !dashboard.original.is_object() {
        dashboard.original = json!({});
    }
    let templating = &mut dashboard.original["templating"];
    if !templating.is_object() {
        *templating = json!({});
    }
    templating["list"] = Value::Array(list.to_vec());
    Ok(())
}
