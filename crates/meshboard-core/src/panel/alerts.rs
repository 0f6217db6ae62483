//! The words of the alert views (the `alertlist` panel and the `/alerts` page): how long ago
//! something happened, which alerts the list shows and in what order, a rule's state, and the
//! page's state and text filter.

use crate::prometheus::{parse_rfc3339_ms, Alert, Rule, RuleGroup, RuleKind};

/// `3m`, `2h 5m`, `4d 1h`: how long ago `since_ms` was at `now_ms` (never negative).
pub fn age_text(since_ms: f64, now_ms: f64) -> String {
    let s = ((now_ms - since_ms) / 1000.0).max(0.0) as i64;
    match s {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        s => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

/// `5m ago` for an RFC 3339 time, `never` for Prometheus' zero time or an unreadable one.
pub fn ago_text(rfc3339: &str, now_ms: f64) -> String {
    match parse_rfc3339_ms(rfc3339) {
        Some(t) if t > 0.0 => format!("{} ago", age_text(t, now_ms)),
        _ => "never".into(),
    }
}

/// The alerts an alert list shows: pending ones first, then firing, each oldest first.
pub fn active_alerts(alerts: Vec<Alert>) -> Vec<Alert> {
    let mut list: Vec<Alert> = alerts
        .into_iter()
        .filter(|a| a.state == "firing" || a.state == "pending")
        .collect();
    // Descending state names: "pending" > "firing". An alert without `activeAt` (None) sorts
    // before every dated one.
    crate::sort::sort_by(&mut list, |a, b| {
        b.state.cmp(&a.state).then(a.active_at.cmp(&b.active_at))
    });
    list
}

/// The state a rule shows: an alerting rule's firing/pending/inactive, `recording` otherwise.
pub fn rule_state(rule: &Rule) -> String {
    match rule.kind {
        RuleKind::Alerting if rule.state.is_empty() => "inactive".into(),
        RuleKind::Alerting => rule.state.clone(),
        _ => "recording".into(),
    }
}

/// Since when the rule's oldest alert is active, epoch ms.
pub fn active_since_ms(rule: &Rule) -> Option<f64> {
    rule.alerts
        .iter()
        .filter_map(|a| a.active_at.as_deref().and_then(parse_rfc3339_ms))
        .fold(None, |m: Option<f64>, t| Some(m.map_or(t, |m| m.min(t))))
}

/// Whether the `/alerts` filters keep `rule`: `state` is `all` or the rule's state; `text`
/// (case-insensitive) is in the rule or group name, the query, or a label or annotation.
pub fn rule_matches(rule: &Rule, group: &RuleGroup, state: &str, text: &str) -> bool {
    let state_ok = state == "all" || rule_state(rule) == state;
    let text = text.trim().to_lowercase();
    let text_ok = text.is_empty()
        || rule.name.to_lowercase().contains(&text)
        || group.name.to_lowercase().contains(&text)
        || rule.query.to_lowercase().contains(&text)
        || rule
            .labels
            .iter()
            .chain(rule.annotations.iter())
            .any(|(k, v)| k.to_lowercase().contains(&text) || v.to_lowercase().contains(&text));
    state_ok && text_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prometheus::RulesData;

    #[test]
    fn ages_read_like_a_clock() {
        let at = |s: f64| age_text(0.0, s * 1000.0);
        assert_eq!(at(0.0), "0s");
        assert_eq!(at(59.9), "59s");
        assert_eq!(at(60.0), "1m");
        assert_eq!(at(3599.0), "59m");
        assert_eq!(at(3600.0 + 5.0 * 60.0), "1h 5m");
        assert_eq!(at(86_400.0 * 4.0 + 3600.0), "4d 1h");
        assert_eq!(
            age_text(10_000.0, 0.0),
            "0s",
            "a clock behind is not negative"
        );
    }

    #[test]
    fn ago_says_never_for_the_zero_time() {
        let now = parse_rfc3339_ms("2024-01-01T00:05:00Z").unwrap();
        assert_eq!(ago_text("2024-01-01T00:00:00Z", now), "5m ago");
        assert_eq!(ago_text("0001-01-01T00:00:00Z", now), "never");
        assert_eq!(ago_text("", now), "never");
    }

    fn rules() -> Vec<RuleGroup> {
        let json = r#"{"groups": [{"name": "mesh", "file": "rules.yml", "interval": 15,
            "lastEvaluation": "2024-01-01T00:00:00Z", "evaluationTime": 0.001,
            "rules": [
              {"type": "alerting", "name": "MeshNodeDown", "query": "up == 0", "state": "firing",
               "health": "ok", "labels": {"severity": "page"}, "annotations": {"summary": "Node lost"},
               "alerts": [
                 {"labels": {}, "annotations": {}, "state": "firing", "activeAt": "2024-01-01T00:02:00Z", "value": "0"},
                 {"labels": {}, "annotations": {}, "state": "firing", "activeAt": "2024-01-01T00:01:00Z", "value": "0"}
               ]},
              {"type": "alerting", "name": "Quiet", "query": "vector(0) > 1", "state": "",
               "health": "ok", "labels": {}, "annotations": {}, "alerts": []},
              {"type": "recording", "name": "job:up:sum", "query": "sum by (job) (up)",
               "health": "ok", "labels": {}}
            ]}]}"#;
        serde_json::from_str::<RulesData>(json).unwrap().groups
    }

    #[test]
    fn rules_say_their_state_and_since_when() {
        let groups = rules();
        let states: Vec<String> = groups[0].rules.iter().map(rule_state).collect();
        assert_eq!(states, vec!["firing", "inactive", "recording"]);
        assert_eq!(
            active_since_ms(&groups[0].rules[0]),
            parse_rfc3339_ms("2024-01-01T00:01:00Z")
        );
        assert_eq!(active_since_ms(&groups[0].rules[1]), None);
    }

    #[test]
    fn the_filters_match_state_and_any_text() {
        let groups = rules();
        let (group, down) = (&groups[0], &groups[0].rules[0]);
        assert!(rule_matches(down, group, "all", ""));
        assert!(rule_matches(down, group, "firing", "  nodedown "));
        assert!(!rule_matches(down, group, "pending", ""));
        assert!(rule_matches(down, group, "all", "PAGE"), "a label value");
        assert!(
            rule_matches(down, group, "all", "node lost"),
            "an annotation"
        );
        assert!(rule_matches(down, group, "all", "mesh"), "the group name");
        assert!(rule_matches(&group.rules[2], group, "recording", "sum by"));
        assert!(!rule_matches(down, group, "all", "nothing like it"));
    }

    #[test]
    fn the_alert_list_shows_pending_then_firing_oldest_first() {
        let alert = |state: &str, at: &str| -> Alert {
            serde_json::from_value(serde_json::json!({
                "labels": {"alertname": format!("{state}{at}")}, "annotations": {},
                "state": state, "activeAt": at, "value": "1"
            }))
            .unwrap()
        };
        let list = active_alerts(vec![
            alert("pending", "2024-01-01T00:00:01Z"),
            alert("inactive", "2024-01-01T00:00:00Z"),
            alert("firing", "2024-01-01T00:00:09Z"),
            alert("firing", "2024-01-01T00:00:02Z"),
        ]);
        let order: Vec<(&str, &str)> = list
            .iter()
            .map(|a| (a.state.as_str(), a.active_at.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            order,
            vec![
                ("pending", "2024-01-01T00:00:01Z"),
                ("firing", "2024-01-01T00:00:02Z"),
                ("firing", "2024-01-01T00:00:09Z"),
            ]
        );
    }
}
