//! Importing a dashboard the user pasted or uploaded: the text read as a Grafana dashboard,
//! given a uid that does not shadow a built-in one, and written back as the JSON kept.

use super::export::export_dashboard;
use super::model::Dashboard;
use super::naming::import_uid;

/// A dashboard ready to keep: the parsed model (uid settled) and the JSON to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedDashboard {
    pub dashboard: Dashboard,
    pub json: String,
}

/// Reads `source` as a dashboard to import next to the built-in `builtin_uids`; the error is
/// the sentence the import page shows.
pub fn import_dashboard(
    source: &str,
    builtin_uids: &[String],
) -> Result<ImportedDashboard, String> {
    if source.trim().is_empty() {
        return Err("Paste a dashboard JSON or choose a file first.".to_string());
    }
    let filled = fill_constant_inputs(source);
    let mut dashboard = Dashboard::parse(filled.as_deref().unwrap_or(source))
        .map_err(|e| format!("This is not a Grafana dashboard: {e}"))?;
    dashboard.uid = import_uid(&dashboard.uid, &dashboard.title, builtin_uids);
    let json = serde_json::to_string(&export_dashboard(&dashboard))
        .map_err(|e| format!("The dashboard could not be stored: {e}"))?;
    Ok(ImportedDashboard { dashboard, json })
}

/// An export "for sharing externally" names its constants in `__inputs`
/// (`{"name": "VAR_X", "type": "constant", "value": "job"}`) and writes `${VAR_X}` wherever
/// they are used; Grafana's import fills every string with the input's value (its default
/// when the user does not change it). `None` when the text has no constant input.
fn fill_constant_inputs(source: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(source).ok()?;
    let constants: Vec<(String, String)> = value
        .get("__inputs")?
        .as_array()?
        .iter()
        .filter(|i| i.get("type").and_then(|t| t.as_str()) == Some("constant"))
        .filter_map(|i| {
            let name = i.get("name")?.as_str()?;
            let value = match i.get("value")? {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((format!("${{{name}}}"), value))
        })
        .collect();
    if constants.is_empty() {
        return None;
    }
    fn fill(value: &mut serde_json::Value, constants: &[(String, String)]) {
        match value {
            serde_json::Value::String(s) if s.contains("${") => {
                for (name, with) in constants {
                    if s.contains(name.as_str()) {
                        *s = s.replace(name.as_str(), with);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| fill(v, constants)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|v| fill(v, constants)),
            _ => {}
        }
    }
    fill(&mut value, &constants);
    serde_json::to_string(&value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_inputs_of_an_external_export_are_filled_as_grafana_imports_them() {
        // FUSAKLA's Prometheus 2.0 dashboard (grafana.com 3681): a constant input names the
        // label its queries and variables use.
        let source = r#"{
            "__inputs": [
                {"name": "VAR_DATASOURCE", "type": "datasource", "pluginId": "prometheus"},
                {"name": "VAR_CUSTOM_LABEL_NAME", "type": "constant", "value": "job"}
            ],
            "title": "P", "uid": "p",
            "templating": {"list": [{"name": "custom_label_name", "type": "constant",
                "query": "${VAR_CUSTOM_LABEL_NAME}",
                "current": {"value": "${VAR_CUSTOM_LABEL_NAME}", "text": "${VAR_CUSTOM_LABEL_NAME}"}}]},
            "panels": [{"type": "graph", "title": "t", "datasource": "${VAR_DATASOURCE}",
                "targets": [{"expr": "up{$custom_label_name=~\"x\"}"}]}]
        }"#;
        let filled = fill_constant_inputs(source).expect("has a constant input");
        let v: serde_json::Value = serde_json::from_str(&filled).unwrap();
        assert_eq!(v["templating"]["list"][0]["query"], "job");
        assert_eq!(v["templating"]["list"][0]["current"]["value"], "job");
        // Datasource inputs are left to the datasource resolution.
        assert_eq!(v["panels"][0]["datasource"], "${VAR_DATASOURCE}");
        assert!(import_dashboard(source, &[]).is_ok());
        assert_eq!(fill_constant_inputs(r#"{"title": "no inputs"}"#), None);
    }

    #[test]
    fn an_empty_text_asks_for_a_dashboard() {
        assert_eq!(
            import_dashboard("  \n", &[]).unwrap_err(),
            "Paste a dashboard JSON or choose a file first."
        );
    }

    #[test]
    fn a_text_that_is_no_dashboard_says_so() {
        let error = import_dashboard(r#"{"not": "#, &[]).unwrap_err();
        assert!(
            error.starts_with("This is not a Grafana dashboard: "),
            "{error}"
        );
    }

    #[test]
    fn an_import_keeps_its_uid_unless_it_shadows_a_built_in_one() {
        let text = r#"{"uid": "ops", "title": "Ops board", "panels": []}"#;
        let kept = import_dashboard(text, &["other".to_string()]).unwrap();
        assert_eq!(kept.dashboard.uid, "ops");
        let renamed = import_dashboard(text, &["ops".to_string()]).unwrap();
        assert_ne!(renamed.dashboard.uid, "ops");
        let stored: serde_json::Value = serde_json::from_str(&renamed.json).unwrap();
        assert_eq!(stored["uid"], renamed.dashboard.uid.as_str());
        assert_eq!(stored["title"], "Ops board");
    }
}
