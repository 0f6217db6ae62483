//! Link checks on import, export and edits: script URLs never survive.
use serde_json::{json, Value};

use super::*;
use crate::authoring::{
    export_json, import_checked, link_position, strip_unsafe_links, unsafe_links,
};

fn hostile() -> Value {
    json!({
        "uid": "evil", "title": "<img src=x onerror=alert(1)>",
        "description": "<script>alert(1)</script>",
        "links": [
            {"title": "ok", "type": "link", "url": "https://example.com"},
            {"title": "bad", "type": "link", "url": " JaVaScRiPt:alert(1)"}
        ],
        "panels": [{
            "id": 1, "type": "timeseries", "title": "<b>bold</b>",
            "description": "<a href=javascript:alert(1)>x</a>",
            "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "links": [{"title": "tab", "url": "java\tscript:alert(1)"}, {"title": "rel", "url": "/d/other"}],
            "fieldConfig": {
                "defaults": {"unit": "<svg onload=alert(1)>",
                             "links": [{"title": "data", "url": "data:text/html,<script>alert(1)</script>"}]},
                "overrides": [{"matcher": {"id": "byName", "options": "x"},
                               "properties": [{"id": "links", "value": [{"title": "v", "url": "vbscript:msgbox"}]}]}]
            },
            "options": {"dataLinks": [{"title": "legacy", "url": "javascript:void(0)"}]},
            "targets": [{"refId": "A", "expr": "up", "legendFormat": "<img src=x onerror=alert(2)>"}]
        }]
    })
}

#[test]
fn every_kind_of_link_is_checked() {
    let found: Vec<(String, String)> = unsafe_links(&hostile())
        .into_iter()
        .map(|l| (l.pointer, l.url))
        .collect();
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    let mut expected = vec![
        "/links/1",
        "/panels/0/fieldConfig/defaults/links/0",
        "/panels/0/fieldConfig/overrides/0/properties/0/value/0",
        "/panels/0/links/0",
        "/panels/0/options/dataLinks/0",
    ];
    let mut got = pointers.clone();
    got.sort_unstable();
    expected.sort_unstable();
    assert_eq!(got, expected, "{found:?}");
}

#[test]
fn stripping_keeps_the_safe_links_and_every_text_as_written() {
    let mut value = hostile();
    let removed = strip_unsafe_links(&mut value);
    assert_eq!(removed.len(), 5);
    assert!(unsafe_links(&value).is_empty());
    assert_eq!(
        value["links"],
        json!([{"title": "ok", "type": "link", "url": "https://example.com"}])
    );
    assert_eq!(
        value["panels"][0]["links"],
        json!([{"title": "rel", "url": "/d/other"}])
    );
    // Texts are data: they stay exactly as written, for the UI to show as text.
    assert_eq!(value["title"], "<img src=x onerror=alert(1)>");
    assert_eq!(
        value["panels"][0]["fieldConfig"]["defaults"]["unit"],
        "<svg onload=alert(1)>"
    );
}

#[test]
fn import_and_export_drop_refused_links_and_keep_texts() {
    let text = serde_json::to_string(&hostile()).unwrap();
    let (imported, removed) = import_checked(&text, &[]).unwrap();
    assert_eq!(removed.len(), 5);
    let d = &imported.dashboard;
    assert_eq!(d.title, "<img src=x onerror=alert(1)>");
    assert_eq!(d.description.as_deref(), Some("<script>alert(1)</script>"));
    assert_eq!(d.panels[0].title, "<b>bold</b>");
    assert_eq!(
        d.panels[0].targets[0].legend_format.as_deref(),
        Some("<img src=x onerror=alert(2)>")
    );
    assert_eq!(d.links.len(), 1);
    let stored: Value = serde_json::from_str(&imported.json).unwrap();
    assert!(unsafe_links(&stored).is_empty());

    // A dashboard read leniently (the viewer) still exports without them.
    let lenient = Dashboard::parse(&text).unwrap();
    let exported = export_json(&lenient);
    assert_eq!(exported.removed_links.len(), 5);
    let out: Value = serde_json::from_str(&exported.text).unwrap();
    assert!(unsafe_links(&out).is_empty());
    assert_eq!(
        out["panels"][0]["description"],
        "<a href=javascript:alert(1)>x</a>"
    );
    assert!(exported.text.contains("\n  \"title\""), "pretty-printed");
    // The JSON editor can point at each refused link.
    let pretty = serde_json::to_string_pretty(&hostile()).unwrap();
    let first = &unsafe_links(&hostile())[0];
    let (line, _) = link_position(&pretty, first).unwrap();
    assert!(pretty
        .lines()
        .nth(line - 1)
        .unwrap()
        .trim_start()
        .starts_with('{'));
}

#[test]
fn a_constant_input_cannot_smuggle_a_link_in() {
    let text = r#"{"__inputs": [{"name": "VAR_URL", "type": "constant", "value": "javascript:alert(1)"}],
        "title": "T", "links": [{"title": "x", "type": "link", "url": "${VAR_URL}"}], "panels": []}"#;
    let (imported, removed) = import_checked(text, &[]).unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].url, "javascript:alert(1)");
    assert!(imported.dashboard.links.is_empty());
}
