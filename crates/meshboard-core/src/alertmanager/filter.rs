//! What `/alerts` shows of Alertmanager's groups: the receiver, matcher and state filters as
//! Alertmanager's own `GET /api/v2/alerts/groups` applies them (`alertFilter` and
//! `matchFilterLabels` in its `api/v2/api.go`), the counts per severity, and the generator link
//! back to the PromQL.

use std::collections::BTreeMap;

use super::api::{AlertGroup, AlertState, GettableAlert};
use super::matcher::{MatchType, Matcher};
use crate::url_state::{percent_decode, percent_encode};

/// The filters of the groups view; the defaults show everything, as the API's do.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFilter {
    /// Only this receiver's groups (exact name); `None` for all.
    pub receiver: Option<String>,
    pub matchers: Vec<Matcher>,
    pub active: bool,
    pub silenced: bool,
    pub inhibited: bool,
    pub unprocessed: bool,
}

impl Default for GroupFilter {
    fn default() -> Self {
        GroupFilter {
            receiver: None,
            matchers: Vec::new(),
            active: true,
            silenced: true,
            inhibited: true,
            unprocessed: true,
        }
    }
}

impl GroupFilter {
    /// Whether the alert passes the state flags and the matchers.
    pub fn keeps(&self, alert: &GettableAlert) -> bool {
        let status = &alert.status;
        let state_ok = match status.state {
            AlertState::Active => self.active,
            AlertState::Unprocessed => self.unprocessed,
            AlertState::Suppressed => true,
        };
        state_ok
            && (self.silenced || status.silenced_by.is_empty())
            && (self.inhibited || status.inhibited_by.is_empty())
            && filter_labels_match(&self.matchers, &alert.labels)
    }
}

/// `matchFilterLabels`: an empty `=`/`=~` value also matches an absent label, and an empty
/// `!=`/`!~` value a present one (Alertmanager's filter, not a silence's matching).
fn filter_labels_match(matchers: &[Matcher], labels: &BTreeMap<String, String>) -> bool {
    matchers.iter().all(|m| {
        let value = labels.get(&m.name);
        let negative = matches!(m.kind, MatchType::NotEqual | MatchType::NotRegexp);
        if m.value.is_empty() && (value.is_some() == negative) {
            return true;
        }
        m.matches(value.map_or("", String::as_str))
    })
}

/// The groups with only the alerts the filter keeps; groups left empty are dropped.
pub fn filter_groups(groups: &[AlertGroup], filter: &GroupFilter) -> Vec<AlertGroup> {
    groups
        .iter()
        .filter(|g| {
            filter
                .receiver
                .as_ref()
                .is_none_or(|r| *r == g.receiver.name)
        })
        .filter_map(|g| {
            let alerts: Vec<GettableAlert> = g
                .alerts
                .iter()
                .filter(|a| filter.keeps(a))
                .cloned()
                .collect();
            (!alerts.is_empty()).then(|| AlertGroup {
                alerts,
                ..g.clone()
            })
        })
        .collect()
}

/// How many alerts of the groups carry each `severity` (`none` when they carry none), most
/// first then by name. An alert in two groups (two receivers) counts once (by fingerprint).
pub fn severity_counts(groups: &[AlertGroup]) -> Vec<(String, usize)> {
    let mut seen = std::collections::BTreeSet::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for alert in groups.iter().flat_map(|g| &g.alerts) {
        if seen.insert(alert.fingerprint.as_str()) {
            let severity = alert.labels.get("severity").map_or("none", String::as_str);
            *counts.entry(severity.to_string()).or_default() += 1;
        }
    }
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    crate::sort::sort_by(&mut list, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list
}

/// The receivers the groups name, sorted, each once (the receiver filter's choices).
pub fn receivers(groups: &[AlertGroup]) -> Vec<String> {
    let set: std::collections::BTreeSet<&str> =
        groups.iter().map(|g| g.receiver.name.as_str()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// The PromQL of a Prometheus `generatorURL` (its `g0.expr`), as the in-app path that opens
/// it in the metrics explorer (`/explore/metrics?query=…`, for `app_href`); `None` when the URL carries none.
pub fn generator_explore_path(generator_url: &str) -> Option<String> {
    let query = generator_url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    let expr = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == "g0.expr").then(|| percent_decode(value))
    })?;
    (!expr.trim().is_empty()).then(|| format!("/explore/metrics?query={}", percent_encode(&expr)))
}
