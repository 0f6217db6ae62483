//! `dashboards/index.json`: the list of built-in dashboards (uid, title, tags, file) that the
//! dashboard picker and the home page show without loading every dashboard.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DashboardEntry {
    pub uid: String,
    pub title: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// File name under `dashboards/`.
    pub file: String,
}

/// Accepts either a bare list or `{"dashboards": [...]}`; the error says what is wrong.
pub fn parse_index(text: &str) -> Result<Vec<DashboardEntry>, String> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Vec<DashboardEntry>),
        Wrapped { dashboards: Vec<DashboardEntry> },
    }
    let shape: Shape = serde_json::from_str(text).map_err(|e| {
        format!("dashboards/index.json is not a list of {{uid, title, tags, file}}: {e}")
    })?;
    let mut entries = match shape {
        Shape::List(list) | Shape::Wrapped { dashboards: list } => list,
    };
    crate::sort::sort_by_key(&mut entries, |e| e.title.to_lowercase());
    Ok(entries)
}

/// Entries whose title or tags contain `search` (case-insensitive) and that carry every tag in `tags`.
pub fn filter<'a>(
    entries: &'a [DashboardEntry],
    search: &str,
    tags: &[String],
) -> Vec<&'a DashboardEntry> {
    let needle = search.trim().to_lowercase();
    entries
        .iter()
        .filter(|e| {
            needle.is_empty()
                || e.title.to_lowercase().contains(&needle)
                || e.tags.iter().any(|t| t.to_lowercase().contains(&needle))
        })
        .filter(|e| tags.iter().all(|t| e.tags.contains(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"[{"uid":"ops","title":"Operations","tags":["ops","slo"],"file":"operations.json"},
                            {"uid":"biz","title":"Business","tags":["tokens"],"file":"business.json"}]"#;

    #[test]
    fn reads_and_sorts_by_title() {
        let entries = parse_index(INDEX).unwrap();
        assert_eq!(
            entries.iter().map(|e| e.uid.as_str()).collect::<Vec<_>>(),
            ["biz", "ops"]
        );
        let wrapped = format!(r#"{{"dashboards": {INDEX}}}"#);
        assert_eq!(parse_index(&wrapped).unwrap(), entries);
    }

    #[test]
    fn filters_by_text_and_tags() {
        let entries = parse_index(INDEX).unwrap();
        assert_eq!(filter(&entries, "oper", &[]).len(), 1);
        assert_eq!(filter(&entries, "TOKENS", &[]).len(), 1);
        assert_eq!(filter(&entries, "", &["slo".to_string()])[0].uid, "ops");
        assert!(filter(&entries, "x", &["slo".to_string()]).is_empty());
    }

    #[test]
    fn bad_index_is_explained() {
        assert!(parse_index("{")
            .unwrap_err()
            .contains("dashboards/index.json"));
        assert!(parse_index(r#"[{"uid": 1}]"#).is_err());
    }
}
