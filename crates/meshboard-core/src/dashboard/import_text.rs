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
    let mut dashboard =
        Dashboard::parse(source).map_err(|e| format!("This is not a Grafana dashboard: {e}"))?;
    dashboard.uid = import_uid(&dashboard.uid, &dashboard.title, builtin_uids);
    let json = serde_json::to_string(&export_dashboard(&dashboard))
        .map_err(|e| format!("The dashboard could not be stored: {e}"))?;
    Ok(ImportedDashboard { dashboard, json })
}

#[cfg(test)]
mod tests {
    use super::*;

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
