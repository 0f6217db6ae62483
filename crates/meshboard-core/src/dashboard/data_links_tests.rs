//! Data link interpolation as Grafana 11 does it, from real dashboards' links.
use super::*;
use crate::variables::ScopedValue;
use serde_json::json;

const BLACKBOX: &str =
    include_str!("../../../../tests/fixtures/grafana/broader/blackbox-exporter-mixin.json");
const DOTDC_NODES: &str =
    include_str!("../../../../tests/fixtures/grafana/dotdc-k8s-views-nodes.json");

/// `fieldConfig.defaults.links` of the corpus panel titled `title`.
fn corpus_links(dashboard: &str, title: &str) -> Vec<DataLink> {
    let dashboard: Value = serde_json::from_str(dashboard).expect("fixture JSON");
    let panel = dashboard["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .find(|p| p["title"] == title)
        .expect(title);
    data_links(&panel["fieldConfig"]["defaults"]["links"])
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A page at `?from=now-1h&to=now&var-job=node&var-instance=a&var-instance=b` over
/// 2026-12-07 10:00 to 11:00 UTC.
fn with_page<R>(f: impl FnOnce(&LinkPage) -> R) -> R {
    let mut scope = VariableScope::default();
    scope.insert("job", ScopedValue::single("node exporter"));
    scope.insert(
        "instance",
        ScopedValue {
            values: vec!["a:9100".into(), "b:9100".into()],
            texts: vec!["a:9100".into(), "b:9100".into()],
            multi: true,
            custom_all: false,
        },
    );
    let view = ViewState {
        from: Some("now-1h".into()),
        to: Some("now".into()),
        vars: vec![
            ("job".into(), vec!["node exporter".into()]),
            ("instance".into(), vec!["a:9100".into(), "b:9100".into()]),
        ],
        ..ViewState::default()
    };
    f(&LinkPage {
        scope: &scope,
        view: &view,
        range_ms: (1_796_637_600_000, 1_796_641_200_000),
        base_path: "",
    })
}

fn point<'a>(labels: &'a Labels) -> LinkValue<'a> {
    LinkValue {
        field_name: "Value",
        labels: Some(labels),
        series_name: "node-1:9100 (idle)",
        time_ms: Some(1_796_640_000_000.0),
        raw: "0.4567".into(),
        numeric: "0.4567".into(),
        text: "45.7".into(),
        formatted: "45.7%".into(),
        row: None,
    }
}

#[test]
fn blackbox_status_map_link_takes_the_fields_labels() {
    let links = corpus_links(BLACKBOX, "Status Map");
    assert_eq!(links.len(), 1);
    assert!(links[0].target_blank);
    let l = labels(&[("instance", "https://grafana.com"), ("job", "blackbox")]);
    let resolved = with_page(|page| resolve_data_link(&links[0], &point(&l), page));
    // `uriencode` keeps URL syntax (`:` and `/`) as Grafana 11's `encodeURIStrict` does.
    assert_eq!(
        resolved.href.as_deref(),
        Some("d/blackbox-exporter-j4da/blackbox-exporter?var-instance=https://grafana.com&var-job=blackbox")
    );
    assert_eq!(resolved.title, "Go To Probe");
}

#[test]
fn dotdc_pod_details_link_takes_row_fields_query_params_and_time_range() {
    let links = corpus_links(DOTDC_NODES, "List of pods on node ($node)");
    let mut scope = VariableScope::default();
    scope.insert("datasource", ScopedValue::single("prometheus"));
    scope.insert("cluster", ScopedValue::single(""));
    scope.insert("resolution", ScopedValue::single("30s"));
    let view = ViewState {
        from: Some("now-6h".into()),
        to: Some("now".into()),
        ..ViewState::default()
    };
    let page = LinkPage {
        scope: &scope,
        view: &view,
        range_ms: (0, 0),
        base_path: "",
    };
    let row = |field: &str| match field {
        "namespace" => Some("kube system".to_string()),
        "pod" => Some("coredns-5d78c9869d-x2b7q".to_string()),
        _ => None,
    };
    let value = LinkValue {
        field_name: "pod",
        row: Some(&row),
        ..LinkValue::default()
    };
    let resolved = resolve_data_link(&links[0], &value, &page);
    assert_eq!(
        resolved.href.as_deref(),
        Some(
            "/d/k8s_views_pods/kubernetes-views-pods?var-datasource=prometheus\
             &var-namespace=kube%20system&var-cluster=&var-pod=coredns-5d78c9869d-x2b7q\
             &var-resolution=30s&from=now-6h&to=now"
        )
    );
}

#[test]
fn value_field_series_and_page_variables() {
    let link = DataLink {
        title: "Explore ${__series.name} at ${__value.text}".into(),
        url: "/d/x?t=${__value.time}&raw=${__value.raw}&num=${__value.numeric}\
              &text=${__value.text}&v=${__value}&f=${__field.name}&s=${__series.name}\
              &l=${__field.labels}&vals=${__field.labels.__values}&missing=${__field.labels.nope}\
              &from=${__from}&to=${__to}&iso=${__from:date:iso}&sec=${__to:date:seconds}\
              &job=$job&inst=${instance}&pct=${__series.name:percentencode}&${__url_time_range}\
              &${__all_variables}"
            .into(),
        target_blank: false,
    };
    let l = labels(&[("instance", "node-1:9100"), ("mode", "idle")]);
    let resolved = with_page(|page| resolve_data_link(&link, &point(&l), page));
    assert_eq!(
        resolved.href.as_deref(),
        Some(
            "/d/x?t=1796640000000&raw=0.4567&num=0.4567&text=45.7&v=45.7%25&f=Value\
             &s=node-1:9100%20%28idle%29&l=instance=%22node-1:9100%22,%20mode=%22idle%22\
             &vals=idle,%20node-1:9100&missing=&from=1796637600000&to=1796641200000\
             &iso=2026-12-07T10:00:00.000Z&sec=1796641200&job=node%20exporter\
             &inst=%7Ba:9100,b:9100%7D&pct=node-1%3A9100%20%28idle%29&from=now-1h&to=now\
             &var-job=node%20exporter&var-instance=a%3A9100&var-instance=b%3A9100"
        )
    );
    // The title is not encoded; variables read as titles do.
    assert_eq!(resolved.title, "Explore node-1:9100 (idle) at 45.7");
}

#[test]
fn a_value_is_never_read_as_a_variable() {
    let link = DataLink {
        title: String::new(),
        url: "/x?l=${__field.labels.instance}".into(),
        target_blank: false,
    };
    let l = labels(&[("instance", "$job")]);
    let resolved = with_page(|page| resolve_data_link(&link, &point(&l), page));
    assert_eq!(resolved.href.as_deref(), Some("/x?l=$job"));
    assert_eq!(
        resolved.title, "/x?l=$job",
        "an untitled link shows its URL"
    );
}

#[test]
fn unsafe_urls_are_text_only() {
    let links = data_links(&json!([
        {"title": "bad", "url": "javascript:alert(document.domain)"},
        {"title": "hidden", "url": "java\nscript:alert(1)"},
        {"title": "made by a label", "url": "${__field.labels.instance}"},
        {"title": "no url"},
        {"title": "ok", "url": "https://example.com/?q=${__value.raw}", "targetBlank": true}
    ]));
    assert_eq!(links.len(), 4, "a link without a URL is left out");
    let l = labels(&[("instance", "javascript:alert(1)")]);
    let resolved: Vec<ResolvedLink> = with_page(|page| {
        links
            .iter()
            .map(|link| resolve_data_link(link, &point(&l), page))
            .collect()
    });
    assert_eq!(resolved[0].href, None);
    assert_eq!(resolved[1].href, None, "a newline does not hide the scheme");
    assert_eq!(
        resolved[2].href, None,
        "a label cannot make a javascript: link"
    );
    assert_eq!(
        resolved[3].href.as_deref(),
        Some("https://example.com/?q=0.4567")
    );
    assert!(resolved[3].target_blank);
}

#[test]
fn page_link_text_leaves_data_macros_alone() {
    let text = with_page(|page| {
        page_link_text(
            "/d/y?${__url_time_range}&${__all_variables}&v=${__value.raw}&j=$job",
            page,
        )
    });
    assert_eq!(
        text,
        "/d/y?from=now-1h&to=now&var-job=node%20exporter&var-instance=a%3A9100&var-instance=b%3A9100\
         &v=${__value.raw}&j=node exporter"
    );
}

#[test]
fn a_chart_point_as_grafana_sees_it() {
    let l = labels(&[("instance", "node-1:9100")]);
    let value = point_link_value(
        &l,
        "node-1",
        1_796_640_000_000.0,
        0.4567,
        ("percentunit", None),
    );
    assert_eq!(value.field_name, "Value");
    assert_eq!(value.raw, "0.4567");
    assert_eq!(value.text, "45.7");
    assert_eq!(value.formatted, "45.7%");
    let link = DataLink {
        url: "/d/n?var-instance=${__field.labels.instance}&at=${__value.time}&v=${__value}".into(),
        ..DataLink::default()
    };
    let resolved = with_page(|page| resolve_data_link(&link, &value, page));
    assert_eq!(
        resolved.href.as_deref(),
        Some("/d/n?var-instance=node-1:9100&at=1796640000000&v=45.7%25")
    );
}

#[test]
fn links_on_this_host_go_under_the_base_path() {
    assert_eq!(
        under_base_path("/d/x?a=1", "/ops/meshboard"),
        "/ops/meshboard/d/x?a=1"
    );
    assert_eq!(
        under_base_path("/ops/meshboard/d/x", "/ops/meshboard/"),
        "/ops/meshboard/d/x"
    );
    assert_eq!(under_base_path("/opsx/d", "/ops"), "/ops/opsx/d");
    assert_eq!(
        under_base_path("https://example.com/d", "/ops"),
        "https://example.com/d"
    );
    assert_eq!(under_base_path("d/x", "/ops"), "d/x");
    assert_eq!(under_base_path("/d/x", ""), "/d/x");
}
