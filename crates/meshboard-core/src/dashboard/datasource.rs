//! Datasource references as Grafana writes them (a name string, or `{type, uid}`), and which
//! of them Meshboard can query.

use serde_json::Value;

/// A panel's, target's or variable's `datasource` field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasourceRef {
    /// Older dashboards: a datasource name, a variable (`$datasource`) or `-- Mixed --`.
    Name(String),
    /// Grafana 8.3+: `{type, uid}`; either part may be missing or a variable.
    Ref {
        plugin: Option<String>,
        uid: Option<String>,
    },
}

/// What a datasource reference resolves to, as far as the dashboard JSON tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasourceKind {
    Prometheus,
    Loki,
    Jaeger,
    /// `-- Mixed --`: each target names its own datasource.
    Mixed,
    /// A name, uid or variable resolved at run time against `config.json`.
    Configured(String),
    /// The dashboard's default datasource (no reference given).
    Default,
    /// A plugin Meshboard does not speak (`elasticsearch`, `influxdb`, `-- Grafana --` ...).
    Unsupported(String),
}

impl DatasourceRef {
    /// `None` for `null` or an empty reference.
    pub fn from_json(value: &Value) -> Option<DatasourceRef> {
        match value {
            Value::String(s) if !s.is_empty() => Some(DatasourceRef::Name(s.clone())),
            Value::Object(obj) => {
                let text = |key: &str| {
                    obj.get(key)
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                };
                let (plugin, uid) = (text("type"), text("uid"));
                (plugin.is_some() || uid.is_some()).then_some(DatasourceRef::Ref { plugin, uid })
            }
            _ => None,
        }
    }

    /// The plugin type when the reference states it.
    pub fn plugin(&self) -> Option<&str> {
        match self {
            DatasourceRef::Ref { plugin, .. } => plugin.as_deref(),
            DatasourceRef::Name(_) => None,
        }
    }

    /// The text that may reference a variable (`$datasource`, `${ds}`).
    pub fn reference_text(&self) -> String {
        match self {
            DatasourceRef::Name(name) => name.clone(),
            DatasourceRef::Ref { uid, plugin } => {
                uid.clone().or(plugin.clone()).unwrap_or_default()
            }
        }
    }

    pub fn kind(&self) -> DatasourceKind {
        match self {
            DatasourceRef::Name(name) => match name.as_str() {
                "-- Mixed --" => DatasourceKind::Mixed,
                "-- Grafana --" | "-- Dashboard --" => DatasourceKind::Unsupported(name.clone()),
                _ => DatasourceKind::Configured(name.clone()),
            },
            DatasourceRef::Ref { plugin, uid } => {
                let uid_text = uid.clone().unwrap_or_default();
                match plugin.as_deref() {
                    Some("prometheus") => DatasourceKind::Prometheus,
                    Some("loki") => DatasourceKind::Loki,
                    Some("jaeger") => DatasourceKind::Jaeger,
                    Some("datasource") if uid_text == "-- Mixed --" => DatasourceKind::Mixed,
                    // Panels only pick this to inherit the dashboard's datasource per target.
                    Some("datasource") if uid_text == "-- Dashboard --" => {
                        DatasourceKind::Unsupported("-- Dashboard --".into())
                    }
                    Some("datasource") | Some("grafana") => {
                        DatasourceKind::Unsupported("grafana (built-in)".into())
                    }
                    // An unknown type given only through a variable stays resolvable.
                    Some(p) if p.starts_with('$') => DatasourceKind::Configured(uid_text),
                    Some(other) => DatasourceKind::Unsupported(other.to_string()),
                    None if uid_text == "-- Mixed --" => DatasourceKind::Mixed,
                    None => DatasourceKind::Configured(uid_text),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn classifies_references() {
        let kind = |v: Value| DatasourceRef::from_json(&v).map(|d| d.kind());
        assert_eq!(kind(json!(null)), None);
        assert_eq!(kind(json!("")), None);
        assert_eq!(
            kind(json!("$datasource")),
            Some(DatasourceKind::Configured("$datasource".into()))
        );
        assert_eq!(
            kind(json!({"type": "prometheus", "uid": "x"})),
            Some(DatasourceKind::Prometheus)
        );
        assert_eq!(kind(json!({"type": "loki"})), Some(DatasourceKind::Loki));
        assert_eq!(kind(json!("-- Mixed --")), Some(DatasourceKind::Mixed));
        assert_eq!(
            kind(json!({"type": "elasticsearch", "uid": "e"})),
            Some(DatasourceKind::Unsupported("elasticsearch".into()))
        );
        assert_eq!(
            kind(json!({"uid": "${DS}"})),
            Some(DatasourceKind::Configured("${DS}".into()))
        );
    }
}
