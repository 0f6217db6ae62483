//! A panel's queries (`targets`) as the editor's query rows change them: a new query takes the
//! next free `refId` as Grafana's `getNextRefId` picks it (`A` .. `Z`, then `AA`, `AB` ...), and
//! copies the datasource of the last query so a Loki panel's new query is LogQL too.

use serde_json::{json, Value};

use crate::dashboard::{DatasourceKind, Panel};

/// The query language a panel's queries are written in, which decides the editor shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryLanguage {
    PromQl,
    LogQl,
    /// Jaeger search fields, or a datasource Meshboard does not query: a plain text field.
    Other,
}

/// The language of `panel`'s queries (its datasource, or the type's default datasource).
pub fn query_language(panel: &Value) -> QueryLanguage {
    let id = panel.get("id").and_then(Value::as_i64).unwrap_or(0);
    match Panel::from_json(panel, id).datasource_kind() {
        DatasourceKind::Loki => QueryLanguage::LogQl,
        DatasourceKind::Jaeger | DatasourceKind::Unsupported(_) => QueryLanguage::Other,
        DatasourceKind::Prometheus
        | DatasourceKind::Mixed
        | DatasourceKind::Configured(_)
        | DatasourceKind::Default => QueryLanguage::PromQl,
    }
}

/// The first `refId` not taken by `targets`: `A` .. `Z`, then `AA` .. `ZZ` ...
pub fn next_ref_id(targets: &[Value]) -> String {
    let taken = |candidate: &str| {
        targets
            .iter()
            .any(|t| t.get("refId").and_then(Value::as_str) == Some(candidate))
    };
    (0usize..)
        .map(ref_id_name)
        .find(|candidate| !taken(candidate))
        .unwrap_or_default()
}

/// The `n`th name in spreadsheet-column order (`0` is `A`, `26` is `AA`).
fn ref_id_name(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// `panel` with one more, empty query at the end.
pub fn add_query(panel: &Value) -> Value {
    let mut panel = panel.clone();
    let targets: Vec<Value> = panel
        .get("targets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut target = json!({ "refId": next_ref_id(&targets) });
    if let Some(ds) = targets.last().and_then(|t| t.get("datasource")) {
        target["datasource"] = ds.clone();
    }
    let mut targets = targets;
    targets.push(target);
    panel["targets"] = Value::Array(targets);
    panel
}

/// `panel` without its query at `index` (unchanged when there is none).
pub fn remove_query(panel: &Value, index: usize) -> Value {
    let mut panel = panel.clone();
    if let Some(targets) = panel.get_mut("targets").and_then(Value::as_array_mut) {
        if index < targets.len() {
            targets.remove(index);
        }
    }
    panel
}
