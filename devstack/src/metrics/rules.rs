//! The seeds' alerting rules (devstack/prometheus/rules/*.yml, compiled in) and the
//! `--fast-alerts` variant for tests: every non-zero `for:` becomes 15s and group intervals
//! 5s, so an incident's alert is pending within one evaluation and firing seconds later.

use regex::Regex;

/// (file name, contents) of every rule file.
pub const RULE_FILES: [(&str, &str); 5] = [
    (
        "000_agent_mesh_operations.yml",
        include_str!("../../prometheus/rules/000_agent_mesh_operations.yml"),
    ),
    (
        "001_agent_mesh.yml",
        include_str!("../../prometheus/rules/001_agent_mesh.yml"),
    ),
    (
        "002_protocol.yml",
        include_str!("../../prometheus/rules/002_protocol.yml"),
    ),
    (
        "003_dynamic_graph_fed_rl.yml",
        include_str!("../../prometheus/rules/003_dynamic_graph_fed_rl.yml"),
    ),
    (
        "004_fedzk.yml",
        include_str!("../../prometheus/rules/004_fedzk.yml"),
    ),
];

/// `for:` under `--fast-alerts`.
pub const FAST_FOR: &str = "15s";
/// Group `interval:` under `--fast-alerts`.
pub const FAST_INTERVAL: &str = "5s";

/// The rule file as deployed: verbatim, or with shortened `for:` and `interval:`.
pub fn render(contents: &str, fast_alerts: bool) -> String {
    if !fast_alerts {
        return contents.to_string();
    }
    let for_clause = Regex::new(r"(?m)^(\s*)for: *(\S+)[ \t]*$").expect("valid regex");
    let interval = Regex::new(r"(?m)^(\s*)interval: *(\S+)[ \t]*$").expect("valid regex");
    let header =
        "# Rendered with --fast-alerts: every non-zero `for:` is 15s, group intervals 5s.\n";
    let shortened = for_clause.replace_all(contents, |c: &regex::Captures| {
        if is_zero_duration(&c[2]) {
            c[0].to_string()
        } else {
            format!("{}for: {FAST_FOR}", &c[1])
        }
    });
    header.to_string()
        + &interval.replace_all(&shortened, format!("${{1}}interval: {FAST_INTERVAL}"))
}

fn is_zero_duration(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start_matches('0')
        .is_empty()
}

/// Every alert name in the rule files.
pub fn alert_names() -> Vec<String> {
    let alert = Regex::new(r"(?m)^\s*-\s*alert:\s*(\S+)").expect("valid regex");
    RULE_FILES
        .iter()
        .flat_map(|(_, contents)| {
            alert
                .captures_iter(contents)
                .map(|c| c[1].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_alerts_shorten_for_but_keep_zero() {
        let fast = render("    for: 5m\n    for: 0m\n    interval: 30s\n", true);
        assert!(fast.contains("    for: 15s\n"));
        assert!(fast.contains("    for: 0m\n"));
        assert!(fast.contains("    interval: 5s\n"));
        assert_eq!(render("for: 5m\n", false), "for: 5m\n");
    }

    #[test]
    fn every_incident_alert_is_defined() {
        let names = alert_names();
        for kind in crate::incidents::IncidentKind::ALL {
            for alert in kind.alerts() {
                assert!(names.iter().any(|n| n == alert), "{alert} has no rule");
            }
        }
    }
}
