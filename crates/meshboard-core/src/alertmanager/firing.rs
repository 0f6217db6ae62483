//! The set of firing alerts an embedding portal is told about (`firingAlertsChanged`): which
//! alerts Alertmanager holds firing and whether each is active or suppressed, the difference
//! between two looks, and the event's JSON. An event is due only when that set changed, never
//! on a poll that found the same alerts. Pure.

use std::collections::BTreeMap;

use serde_json::json;

use super::api::GettableAlert;

/// One firing alert as the portal hears of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringAlert {
    pub alertname: String,
    pub severity: String,
    /// `active`, `suppressed` or `unprocessed`.
    pub state: String,
}

/// The firing alerts by fingerprint (Alertmanager's API lists only unresolved alerts).
pub type FiringSet = BTreeMap<String, FiringAlert>;

/// The firing set of `/api/v2/alerts`' answer.
pub fn firing_set(alerts: &[GettableAlert]) -> FiringSet {
    alerts
        .iter()
        .map(|a| {
            let label = |name: &str| a.labels.get(name).cloned().unwrap_or_default();
            (
                a.fingerprint.clone(),
                FiringAlert {
                    alertname: label("alertname"),
                    severity: label("severity"),
                    state: a.status.state.as_str().to_string(),
                },
            )
        })
        .collect()
}

/// How the set changed since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringChange {
    /// Fingerprints that started firing.
    pub added: Vec<String>,
    /// Fingerprints that stopped firing (resolved).
    pub removed: Vec<String>,
    /// Fingerprints still firing whose state changed (silenced, inhibited, or no longer).
    pub changed: Vec<String>,
}

/// The change from `previous` to `current`; `None` when nothing changed. The first look
/// (`previous` is `None`) is a change, so the portal learns the initial set.
pub fn firing_change(previous: Option<&FiringSet>, current: &FiringSet) -> Option<FiringChange> {
    let empty = FiringSet::new();
    let first = previous.is_none();
    let previous = previous.unwrap_or(&empty);
    let added: Vec<String> = current
        .keys()
        .filter(|k| !previous.contains_key(*k))
        .cloned()
        .collect();
    let removed: Vec<String> = previous
        .keys()
        .filter(|k| !current.contains_key(*k))
        .cloned()
        .collect();
    let changed: Vec<String> = current
        .iter()
        .filter(|(k, a)| previous.get(*k).is_some_and(|p| p.state != a.state))
        .map(|(k, _)| k.clone())
        .collect();
    let same = added.is_empty() && removed.is_empty() && changed.is_empty();
    (first || !same).then_some(FiringChange {
        added,
        removed,
        changed,
    })
}

/// `{"source": "meshboard", "type": "firingAlertsChanged", "count": 3, "active": 2, "added":
/// […], "removed": […], "changed": […], "alerts": [{"fingerprint", "alertname", "severity",
/// "state"}]}`: `count` is every firing alert, `active` those neither silenced nor inhibited
/// (what a badge usually shows); `alerts` in fingerprint order.
pub fn firing_alerts_changed_event(current: &FiringSet, change: &FiringChange) -> String {
    let alerts: Vec<serde_json::Value> = current
        .iter()
        .map(|(fingerprint, a)| {
            json!({"fingerprint": fingerprint, "alertname": a.alertname,
                   "severity": a.severity, "state": a.state})
        })
        .collect();
    let active = current.values().filter(|a| a.state == "active").count();
    json!({
        "source": "meshboard",
        "type": "firingAlertsChanged",
        "count": current.len(),
        "active": active,
        "added": change.added,
        "removed": change.removed,
        "changed": change.changed,
        "alerts": alerts,
    })
    .to_string()
}
