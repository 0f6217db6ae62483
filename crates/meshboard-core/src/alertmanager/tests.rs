//! The Alertmanager core against answers recorded from Alertmanager 0.25
//! (`tests/fixtures/alertmanager/`, see SOURCE.txt there) and its parser's own cases.

use super::api::*;
use super::filter::*;
use super::matcher::*;
use super::silence::*;
use crate::prometheus::parse_rfc3339_ms;

const GROUPS: &str = include_str!("../../../../tests/fixtures/alertmanager/alerts_groups.json");
const ALERTS: &str = include_str!("../../../../tests/fixtures/alertmanager/alerts.json");
const SILENCES: &str = include_str!("../../../../tests/fixtures/alertmanager/silences.json");
const POST_OK: &str = include_str!("../../../../tests/fixtures/alertmanager/silence_post_ok.json");
const BAD_REGEX: &str =
    include_str!("../../../../tests/fixtures/alertmanager/silence_post_400_bad_regex.json");
const START_END: &str =
    include_str!("../../../../tests/fixtures/alertmanager/silence_post_400_start_end.json");
const NO_MATCHERS: &str =
    include_str!("../../../../tests/fixtures/alertmanager/silence_post_422_no_matchers.json");
const BAD_FILTER: &str =
    include_str!("../../../../tests/fixtures/alertmanager/groups_400_bad_filter.json");

/// The capture's time: 14:46:00 UTC, between the active silence's start and end.
fn capture_now() -> f64 {
    parse_rfc3339_ms("2026-12-07T14:46:00Z").unwrap()
}

fn group_names(groups: &[AlertGroup]) -> Vec<(String, String, Vec<String>)> {
    groups
        .iter()
        .map(|g| {
            (
                g.receiver.name.clone(),
                g.labels["alertname"].clone(),
                g.alerts
                    .iter()
                    .map(|a| a.labels.get("instance").cloned().unwrap_or_default())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn groups_parse_with_receiver_labels_states_and_suppressors() {
    let groups = parse_groups(GROUPS).unwrap();
    assert_eq!(groups.len(), 4);
    let low = &groups[1];
    assert_eq!(low.receiver.name, "team-warning");
    assert_eq!(low.labels["job"], "agent-mesh");
    let inhibited = &low.alerts[0];
    assert_eq!(inhibited.status.state, AlertState::Suppressed);
    assert_eq!(inhibited.status.inhibited_by, ["ae60ac801e2cc5a4"]);
    // The inhibiting alert is the MeshNodeDown of the same instance, routed to on-call.
    assert_eq!(groups[2].alerts[0].fingerprint, "ae60ac801e2cc5a4");
    assert_eq!(groups[2].receiver.name, "oncall-critical");
    let silenced = &groups[3].alerts[0];
    assert_eq!(
        silenced.status.silenced_by,
        ["dca7bd18-512e-4360-a710-ca0a1912816a"]
    );
    assert_eq!(
        silenced.starts_at_ms(),
        parse_rfc3339_ms("2026-12-07T14:45:57Z")
    );
    // The Watchdog was posted without a generatorURL.
    assert_eq!(groups[0].alerts[0].generator_url, "");
}

#[test]
fn alerts_and_silences_parse() {
    let alerts = parse_alerts(ALERTS).unwrap();
    assert_eq!(alerts.len(), 5);
    assert!(alerts.iter().all(|a| !a.receivers.is_empty()));
    let silences = parse_silences(SILENCES).unwrap();
    let states: Vec<&str> = silences.iter().map(|s| s.status.state.as_str()).collect();
    assert_eq!(states, ["active", "pending", "expired"]);
    assert_eq!(
        silence_matchers_text(&silences[1]),
        r#"{job=~"agent-.*", severity!="info"}"#
    );
    assert_eq!(
        parse_silence_id(POST_OK).unwrap(),
        "dca7bd18-512e-4360-a710-ca0a1912816a"
    );
}

#[test]
fn unreadable_answers_say_which() {
    let e = parse_groups("<html>bad gateway</html>").unwrap_err();
    assert!(
        e.starts_with("Alertmanager's alert groups answer could not be read"),
        "{e}"
    );
}

#[test]
fn error_bodies_keep_alertmanagers_words() {
    assert_eq!(
        parse_error_body(400, BAD_REGEX),
        "silence invalid: invalid label matcher 0: invalid regular expression \"(agent\": error parsing regexp: missing closing ): `(agent`"
    );
    assert_eq!(
        parse_error_body(400, START_END),
        "Failed to create silence: start time must be before end time"
    );
    assert_eq!(
        parse_error_body(422, NO_MATCHERS),
        "matchers in body should have at least 1 items"
    );
    assert_eq!(parse_error_body(400, BAD_FILTER), "bad matcher format: foo");
    assert_eq!(
        parse_error_body(401, "<html><body>401 Authorization Required</body></html>"),
        "Alertmanager not authorized (401): the proxy in front of Alertmanager refused the credentials"
    );
    assert_eq!(
        parse_error_body(403, "denied"),
        "Alertmanager forbidden (403): the proxy in front of Alertmanager does not allow this: denied"
    );
    assert_eq!(parse_error_body(502, ""), "Alertmanager answered HTTP 502");
}

#[test]
fn matchers_parse_as_alertmanager_reads_them() {
    // The examples of ParseMatchers' documentation.
    let m = parse_matchers(r#"{foo = "bar", dings != "bums", }"#).unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[1].name.as_str(), m[1].kind, m[1].value.as_str()),
        ("dings", MatchType::NotEqual, "bums")
    );
    assert_eq!(parse_matchers("foo=bar,dings!=bums").unwrap().len(), 2);
    let quoted =
        parse_matchers(r#"{quote="She said: \"Hi, ladies! That's gender-neutral…\""}"#).unwrap();
    assert_eq!(quoted.len(), 1);
    assert_eq!(
        quoted[0].value,
        "She said: \"Hi, ladies! That's gender-neutral…\""
    );
    let re = parse_matcher(r#"statuscode=~"5..""#).unwrap();
    assert!(
        re.matches("503") && !re.matches("5030") && !re.matches("x503"),
        "anchored"
    );
    let not_re = parse_matcher(r#"severity!~"critical|warning""#).unwrap();
    assert!(!not_re.matches("warning") && not_re.matches("info"));
    // Escapes: \n, \\, \" resolved; a spurious escape and a final backslash stay literal.
    assert_eq!(
        parse_matcher(r#"a="x\ny\\z\"""#).unwrap().value,
        "x\ny\\z\""
    );
    assert_eq!(parse_matcher(r#"a=x\qy"#).unwrap().value, r"x\qy");
    assert_eq!(parse_matcher(r"a=x\").unwrap().value, r"x\");
    assert_eq!(parse_matcher("a=").unwrap().value, "");
    assert_eq!(parse_matcher("__name__:x = y").unwrap().name, "__name__:x");
    assert_eq!(parse_matchers("{}").unwrap(), vec![]);
}

#[test]
fn bad_matchers_are_worded_like_alertmanager() {
    assert_eq!(
        parse_matchers("foo").unwrap_err(),
        "bad matcher format: foo"
    );
    assert_eq!(
        parse_matcher("1a=b").unwrap_err(),
        "bad matcher format: 1a=b"
    );
    assert_eq!(
        parse_matcher(r#"a="b"#).unwrap_err(),
        r#"matcher value contains unescaped double quote: "b"#
    );
    assert_eq!(
        parse_matcher(r#"a=b"c"#).unwrap_err(),
        r#"matcher value contains unescaped double quote: b"c"#
    );
    // The filter error Alertmanager answered for alertname=~"(" (recorded: groups filter).
    // Each as Alertmanager 0.25 answered GET /api/v2/alerts/groups?filter=<the matcher>.
    assert_eq!(
        parse_matcher(r#"alertname=~"(""#).unwrap_err(),
        "error parsing regexp: missing closing ): `^(?:()$`"
    );
    assert_eq!(
        parse_matcher("a=~x)").unwrap_err(),
        "error parsing regexp: unexpected ): `^(?:x))$`"
    );
    assert_eq!(
        parse_matcher("a=~[x").unwrap_err(),
        "error parsing regexp: missing closing ]: `[x)$`"
    );
    assert_eq!(
        parse_matcher("a=~*").unwrap_err(),
        "error parsing regexp: missing argument to repetition operator: `*`"
    );
}

#[test]
fn a_value_starting_with_equals_is_a_value() {
    // `a==b` is `a` `=` `=b` in Alertmanager's regex: the value keeps its `=`.
    assert_eq!(parse_matcher("a==b").unwrap().value, "=b");
}

#[test]
fn filters_follow_the_api() {
    let groups = parse_groups(GROUPS).unwrap();
    let all = filter_groups(&groups, &GroupFilter::default());
    assert_eq!(all, groups);
    let warning = GroupFilter {
        receiver: Some("team-warning".into()),
        ..GroupFilter::default()
    };
    assert_eq!(
        group_names(&filter_groups(&groups, &warning)),
        [
            (
                "team-warning".into(),
                "LowPeerCount".into(),
                vec!["node-03:9100".into(), "node-07:9100".into()]
            ),
            (
                "team-warning".into(),
                "TokenLedgerLag".into(),
                vec!["registry-0:9100".into()]
            ),
        ]
    );
    let unsuppressed = GroupFilter {
        silenced: false,
        inhibited: false,
        ..GroupFilter::default()
    };
    let kept = group_names(&filter_groups(&groups, &unsuppressed));
    assert_eq!(kept.len(), 3, "the silenced group is dropped: {kept:?}");
    assert_eq!(
        kept[1].2,
        ["node-07:9100"],
        "the inhibited alert is not kept"
    );
    let only_suppressed = GroupFilter {
        active: false,
        ..GroupFilter::default()
    };
    assert_eq!(
        group_names(&filter_groups(&groups, &only_suppressed))
            .iter()
            .map(|g| g.1.as_str())
            .collect::<Vec<_>>(),
        ["LowPeerCount", "TokenLedgerLag"]
    );
    let by_matchers = GroupFilter {
        matchers: parse_matchers(r#"{severity=~"critical|warning", instance!="node-07:9100"}"#)
            .unwrap(),
        ..GroupFilter::default()
    };
    let names: Vec<String> = filter_groups(&groups, &by_matchers)
        .iter()
        .flat_map(|g| g.alerts.iter().map(|a| a.labels["instance"].clone()))
        .collect();
    assert_eq!(names, ["node-03:9100", "node-03:9100", "registry-0:9100"]);
}

#[test]
fn empty_filter_values_follow_match_filter_labels() {
    let groups = parse_groups(GROUPS).unwrap();
    // instance="" keeps alerts without the label (Watchdog) and those with it? Only a match:
    // an empty `=` value matches an absent label, and a present one must equal "".
    let absent = GroupFilter {
        matchers: parse_matchers(r#"instance="""#).unwrap(),
        ..GroupFilter::default()
    };
    let kept: Vec<String> = filter_groups(&groups, &absent)
        .iter()
        .map(|g| g.labels["alertname"].clone())
        .collect();
    assert_eq!(kept, ["Watchdog"]);
    // instance!="" keeps every alert that has the label (Alertmanager skips the check then).
    let present = GroupFilter {
        matchers: parse_matchers(r#"instance!="""#).unwrap(),
        ..GroupFilter::default()
    };
    assert_eq!(filter_groups(&groups, &present).len(), 3);
}

#[test]
fn severity_counts_count_each_alert_once() {
    let groups = parse_groups(GROUPS).unwrap();
    assert_eq!(
        severity_counts(&groups),
        [
            ("warning".to_string(), 3),
            ("critical".to_string(), 1),
            ("none".to_string(), 1)
        ]
    );
    let mut twice = groups.clone();
    twice.push(groups[2].clone());
    assert_eq!(severity_counts(&twice)[1], ("critical".to_string(), 1));
    assert_eq!(
        receivers(&groups),
        ["default", "oncall-critical", "team-warning"]
    );
}

#[test]
fn generator_links_open_the_promql_in_explore() {
    let groups = parse_groups(GROUPS).unwrap();
    assert_eq!(
        generator_explore_path(&groups[2].alerts[0].generator_url).unwrap(),
        "/explore/metrics?query=up%7Bjob%3D%22agent-mesh%22%7D%20%3D%3D%200"
    );
    // The javascript: one in the capture carries no g0.expr: no link.
    assert_eq!(
        generator_explore_path(&groups[3].alerts[0].generator_url),
        None
    );
    assert_eq!(
        generator_explore_path("javascript:x?g0.expr=up"),
        Some("/explore/metrics?query=up".into()),
        "only the PromQL is kept, never the URL"
    );
    assert_eq!(generator_explore_path(""), None);
}

#[test]
fn silence_states_from_times() {
    let (start, end) = (1000.0, 2000.0);
    assert_eq!(silence_state(start, end, 999.0), SilenceState::Pending);
    assert_eq!(silence_state(start, end, 1000.0), SilenceState::Active);
    assert_eq!(silence_state(start, end, 1999.0), SilenceState::Active);
    assert_eq!(silence_state(start, end, 2000.0), SilenceState::Expired);
    let silences = parse_silences(SILENCES).unwrap();
    let now = capture_now();
    let states: Vec<SilenceState> = silences.iter().map(|s| listed_state(s, now)).collect();
    assert_eq!(
        states,
        [
            SilenceState::Active,
            SilenceState::Pending,
            SilenceState::Expired
        ]
    );
    // An hour later the pending one has started.
    assert_eq!(
        listed_state(&silences[1], now + 3_600_000.0),
        SilenceState::Active
    );
}

fn draft(matchers: &str) -> SilenceDraft {
    SilenceDraft {
        matchers: matchers.into(),
        duration: "2h".into(),
        created_by: "ops@example.org".into(),
        comment: "FL round restart".into(),
        ..SilenceDraft::default()
    }
}

#[test]
fn a_valid_draft_is_alertmanagers_postable_silence() {
    let now = capture_now();
    let silence =
        draft(r#"{alertname="LowPeerCount", instance=~"node-0[37]:9100", severity!~"info|none"}"#)
            .validate(now)
            .unwrap();
    assert_eq!(
        silence.to_json(),
        r#"{"matchers":[{"name":"alertname","value":"LowPeerCount","isRegex":false,"isEqual":true},{"name":"instance","value":"node-0[37]:9100","isRegex":true,"isEqual":true},{"name":"severity","value":"info|none","isRegex":true,"isEqual":false}],"startsAt":"2026-12-07T14:46:00.000Z","endsAt":"2026-12-07T16:46:00.000Z","createdBy":"ops@example.org","comment":"FL round restart"}"#
    );
    let edit = SilenceDraft {
        id: Some("dca7".into()),
        ends_at: "2026-12-07T18:00:00Z".into(),
        duration: String::new(),
        starts_at: "2026-12-07T15:00:00Z".into(),
        ..draft("a=b")
    };
    let json = edit.validate(now).unwrap().to_json();
    assert!(
        json.starts_with(r#"{"id":"dca7","#)
            && json.contains(
                r#""startsAt":"2026-12-07T15:00:00.000Z","endsAt":"2026-12-07T18:00:00.000Z""#
            ),
        "{json}"
    );
    assert_eq!(edit.span_text(now).as_deref(), Some("3h"));
}

#[test]
fn draft_problems_name_their_field() {
    let now = capture_now();
    let check = |d: SilenceDraft| d.validate(now).unwrap_err();
    let e = check(draft(""));
    assert_eq!(
        (e.field, e.message.as_str()),
        (
            DraftField::Matchers,
            "at least one matcher required, e.g. alertname=\"MeshNodeDown\""
        )
    );
    assert_eq!(check(draft("foo")).message, "bad matcher format: foo");
    let e = check(draft(r#"a="", b=~".*""#));
    assert_eq!(
        (e.field, e.message.as_str()),
        (
            DraftField::Matchers,
            "at least one matcher must not match the empty string"
        )
    );
    let e = check(SilenceDraft {
        starts_at: "tomorrow".into(),
        ..draft("a=b")
    });
    assert_eq!(e.field, DraftField::StartsAt);
    assert!(
        e.message.contains("\"tomorrow\" is not an RFC 3339 time"),
        "{}",
        e.message
    );
    let e = check(SilenceDraft {
        duration: "2 hours".into(),
        ..draft("a=b")
    });
    assert_eq!(
        (e.field, e.message.as_str()),
        (
            DraftField::Duration,
            "duration \"2 hours\" is not a positive duration such as 2h or 1d12h"
        )
    );
    let e = check(SilenceDraft {
        duration: String::new(),
        ..draft("a=b")
    });
    assert_eq!(e.field, DraftField::Duration);
    let e = check(SilenceDraft {
        duration: String::new(),
        ends_at: "2026-12-07T14:00:00Z".into(),
        starts_at: "2026-12-07T13:00:00Z".into(),
        ..draft("a=b")
    });
    assert_eq!(
        (e.field, e.message.as_str()),
        (DraftField::EndsAt, "end time can't be in the past")
    );
    let e = check(SilenceDraft {
        duration: String::new(),
        ends_at: "2026-12-07T14:00:00Z".into(),
        ..draft("a=b")
    });
    assert_eq!(e.message, "start time must be before end time");
    assert_eq!(
        check(SilenceDraft {
            created_by: " ".into(),
            ..draft("a=b")
        })
        .field,
        DraftField::CreatedBy
    );
    assert_eq!(
        check(SilenceDraft {
            comment: String::new(),
            ..draft("a=b")
        })
        .field,
        DraftField::Comment
    );
}

#[test]
fn a_regex_only_go_would_judge_goes_to_alertmanager() {
    // The draft checks syntax; the regex is Alertmanager's (Go's) to refuse, with its words.
    let silence = draft(r#"job=~"(agent""#).validate(capture_now()).unwrap();
    assert_eq!(silence.matchers[0].value, "(agent");
    // The preview cannot say which alerts it selects, and says why.
    assert_eq!(
        preview(&draft(r#"job=~"(agent""#), &parse_alerts(ALERTS).unwrap()).unwrap_err(),
        "error parsing regexp: missing closing ): `^(?:(agent)$`"
    );
}

#[test]
fn drafts_from_an_alert_and_a_silence() {
    let alerts = parse_alerts(ALERTS).unwrap();
    let low = alerts
        .iter()
        .find(|a| {
            a.labels
                .get("instance")
                .is_some_and(|i| i == "node-07:9100")
        })
        .unwrap();
    let d = SilenceDraft::from_labels(&low.labels);
    assert_eq!(
        d.matchers,
        r#"{alertname="LowPeerCount", instance="node-07:9100", job="agent-mesh", severity="warning"}"#
    );
    assert_eq!(d.duration, "2h");
    let matched = preview(&d, &alerts).unwrap();
    assert_eq!(
        matched
            .iter()
            .map(|a| a.fingerprint.as_str())
            .collect::<Vec<_>>(),
        [low.fingerprint.as_str()]
    );
    let silences = parse_silences(SILENCES).unwrap();
    let edit = SilenceDraft::from_silence(&silences[1]);
    assert_eq!(
        edit.id.as_deref(),
        Some("109d65e2-9889-4310-9591-dab27877dad5")
    );
    assert_eq!(edit.matchers, r#"{job=~"agent-.*", severity!="info"}"#);
    assert_eq!(edit.starts_at, "2026-12-07T15:45:57.000Z");
    // Its matchers, read back, select the mesh's alerts only.
    let mesh: Vec<String> = preview(&edit, &alerts)
        .unwrap()
        .iter()
        .map(|a| a.labels["alertname"].clone())
        .collect();
    assert_eq!(mesh.len(), 3);
    assert!(
        mesh.iter()
            .all(|n| n == "MeshNodeDown" || n == "LowPeerCount"),
        "{mesh:?}"
    );
}

#[test]
fn matchers_text_round_trips_escapes() {
    let parts = parse_matcher_parts(r#"{a="x\"y\\z\nw", b!~"c|d"}"#).unwrap();
    let text = matchers_text(&parts);
    assert_eq!(text, r#"{a="x\"y\\z\nw", b!~"c|d"}"#);
    assert_eq!(parse_matcher_parts(&text).unwrap(), parts);
}
