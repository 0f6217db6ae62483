//! Host tests of the Prometheus parsers on real captured responses (tests/fixtures/prometheus,
//! see SOURCE.txt there) and on hand-made hostile bodies.

use std::fs;
use std::path::PathBuf;

use meshboard::core::frame::{Frame, Series};
use meshboard::core::prometheus::{
    parse_alerts, parse_buildinfo, parse_exemplars, parse_label_values, parse_labels,
    parse_metadata, parse_query, parse_rules, parse_series, parse_targets, read_query_response,
    PromError, QueryData, ResultType, RuleKind,
};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/prometheus")
}

fn fixture(name: &str) -> String {
    let path = fixture_dir().join(format!("{name}.json"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn query_fixture(name: &str) -> QueryData {
    parse_query(&fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .data
}

/// Every fixture, with the HTTP status it was captured with, and whether it parsed.
const FIXTURES: &[(&str, u16)] = &[
    ("query_range_matrix", 200),
    ("query_range_nan_inf", 200),
    ("query_range_empty", 200),
    ("query_range_post", 200),
    ("query_vector", 200),
    ("query_scalar", 200),
    ("query_string", 200),
    ("series", 200),
    ("labels", 200),
    ("label_values_job", 200),
    ("metadata", 200),
    ("targets", 200),
    ("rules", 200),
    ("alerts", 200),
    ("query_exemplars", 200),
    ("buildinfo", 200),
    ("error_bad_data", 400),
    ("error_too_many_points", 400),
    ("error_bad_step", 400),
    ("error_not_found_label", 400),
    ("error_execution", 422),
];

#[test]
fn every_fixture_file_is_covered() {
    let mut on_disk: Vec<String> = fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn matrix_fixtures_become_columnar_frames() {
    let QueryData::Matrix(frame) = query_fixture("query_range_matrix") else {
        panic!("matrix")
    };
    assert!(
        frame.series.len() >= 3,
        "several series: {}",
        frame.series.len()
    );
    for series in &frame.series {
        assert_eq!(series.times_ms.len(), series.values.len());
        assert!(!series.is_empty());
        assert!(series.labels.contains_key("handler"));
        assert!(
            series.times_ms.windows(2).all(|w| w[1] - w[0] == 5000.0),
            "5 s step in ms"
        );
        assert!(series.times_ms[0] > 1.7e12 && series.times_ms[0] % 1000.0 == 0.0);
        assert!(series.values.iter().all(|v| v.is_finite() && *v >= 0.0));
    }

    let QueryData::Matrix(frame) = query_fixture("query_range_nan_inf") else {
        panic!("matrix")
    };
    let all: Vec<f64> = frame
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .collect();
    assert!(all.iter().any(|v| v.is_nan()), "NaN samples decoded");
    assert!(all.contains(&f64::NEG_INFINITY), "-Inf samples decoded");

    let QueryData::Matrix(frame) = query_fixture("query_range_empty") else {
        panic!("matrix")
    };
    assert!(frame.series.is_empty() && frame.notices.is_empty());

    let QueryData::Matrix(frame) = query_fixture("query_range_post") else {
        panic!("matrix")
    };
    assert!(frame
        .series
        .iter()
        .any(|s| s.labels.get("job").map(String::as_str) == Some("down_target")));
    assert!(frame.point_count() > 100);
}

#[test]
fn vector_scalar_and_string_fixtures() {
    let QueryData::Vector(frame) = query_fixture("query_vector") else {
        panic!("vector")
    };
    assert_eq!(frame.series.len(), 3);
    for s in &frame.series {
        assert_eq!(s.labels["__name__"], "up");
        assert_eq!(s.len(), 1);
        assert_eq!(s.times_ms[0] % 1000.0, 500.0, "time=<now>.5 kept to the ms");
    }
    let scalar = query_fixture("query_scalar");
    assert_eq!(scalar.result_type(), ResultType::Scalar);
    assert!(matches!(scalar, QueryData::Scalar { value, .. } if value == 2.0));
    let QueryData::String { value, .. } = query_fixture("query_string") else {
        panic!("string")
    };
    assert_eq!(value, "hello from meshboard");
}

#[test]
fn metadata_endpoint_fixtures() {
    let series = parse_series(&fixture("series")).unwrap().data;
    assert!(series
        .iter()
        .any(|l| l["__name__"] == "prometheus_build_info"));
    assert!(series.iter().filter(|l| l["__name__"] == "up").count() >= 2);
    let labels = parse_labels(&fixture("labels")).unwrap().data;
    assert!(labels.iter().any(|l| l == "__name__") && labels.iter().any(|l| l == "job"));
    let jobs = parse_label_values(&fixture("label_values_job"))
        .unwrap()
        .data;
    assert_eq!(jobs, ["down_target", "exemplar_demo", "prometheus"]);
    let metadata = parse_metadata(&fixture("metadata")).unwrap().data;
    assert!(metadata.len() >= 20);
    assert!(metadata.values().flatten().all(|m| !m.kind.is_empty()));

    let targets = parse_targets(&fixture("targets")).unwrap().data;
    let down = targets
        .active_targets
        .iter()
        .find(|t| t.health == "down")
        .expect("down target");
    assert!(down.last_error.contains("connection refused"));
    assert!(targets.active_targets.iter().all(|t| {
        meshboard::core::prometheus::parse_rfc3339_ms(&t.last_scrape).is_some_and(|ms| ms > 1.7e12)
    }));

    let rules = parse_rules(&fixture("rules")).unwrap().data;
    let group = &rules.groups[0];
    assert_eq!(group.name, "meshboard_capture");
    assert_eq!(group.rules.len(), 3);
    assert_eq!(group.rules[0].kind, RuleKind::Recording);
    let firing = group
        .rules
        .iter()
        .find(|r| r.name == "TargetDown")
        .expect("alert rule");
    assert_eq!(
        (firing.kind, firing.state.as_str()),
        (RuleKind::Alerting, "firing")
    );
    let pending = group
        .rules
        .iter()
        .find(|r| r.state == "pending")
        .expect("pending rule");
    assert_eq!(pending.duration, 3600.0);

    let alerts = parse_alerts(&fixture("alerts")).unwrap().data.alerts;
    assert_eq!(alerts.len(), 2);
    assert!(alerts.iter().any(|a| a.state == "firing" && a.value == 0.0));
    assert!(alerts.iter().any(|a| a.state == "pending" && a.value > 0.0));

    let exemplars = parse_exemplars(&fixture("query_exemplars")).unwrap().data;
    let first = &exemplars[0];
    assert_eq!(
        first.series_labels["__name__"],
        "meshboard_demo_requests_total"
    );
    assert!(first
        .exemplars
        .iter()
        .all(|e| e.labels["trace_id"].len() == 32 && e.time_ms > 1.7e12));

    let build = parse_buildinfo(&fixture("buildinfo")).unwrap().data;
    assert!(build.version.starts_with("2.42"));
}

#[test]
fn error_fixtures_surface_prometheus_messages() {
    for (name, status) in FIXTURES.iter().filter(|(n, _)| n.starts_with("error_")) {
        let err =
            read_query_response(*status, Some("application/json"), &fixture(name)).unwrap_err();
        let PromError::Prometheus {
            http_status,
            error_type,
            error,
        } = &err
        else {
            panic!("{name}: {err:?}")
        };
        assert_eq!(http_status, status);
        assert!(!error.is_empty());
        let expected_type = if *status == 422 {
            "execution"
        } else {
            "bad_data"
        };
        assert_eq!(error_type, expected_type, "{name}");
    }
    let err = read_query_response(400, None, &fixture("error_too_many_points")).unwrap_err();
    assert!(
        err.to_string()
            .contains("exceeded maximum resolution of 11,000 points"),
        "{err}"
    );
}

#[test]
fn every_success_fixture_parses_through_the_http_classifier() {
    for (name, status) in FIXTURES.iter().filter(|(n, _)| {
        n.starts_with("query_range") || n.starts_with("query_v") || n.starts_with("query_s")
    }) {
        let frame = read_query_response(*status, Some("application/json"), &fixture(name));
        assert!(frame.is_ok(), "{name}: {frame:?}");
    }
}

// ---- hand-made hostile bodies ----

fn matrix_body(series: usize, points: usize, value: impl Fn(usize, usize) -> String) -> String {
    let mut body = String::from(r#"{"status":"success","data":{"resultType":"matrix","result":["#);
    for s in 0..series {
        if s > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            r#"{{"metric":{{"__name__":"meshboard_requests_total","instance":"node-{s}:9100","job":"mesh"}},"values":["#
        ));
        for p in 0..points {
            if p > 0 {
                body.push(',');
            }
            body.push_str(&format!(
                "[{}.{:03},\"{}\"]",
                1_700_000_000 + p * 15,
                p % 1000,
                value(s, p)
            ));
        }
        body.push_str("]}");
    }
    body.push_str("]}}");
    body
}

#[test]
fn more_than_eleven_thousand_points_parse() {
    let body = matrix_body(2, 12_000, |s, p| format!("{}", (s * p) as f64 * 0.5));
    let frame = read_query_response(200, Some("application/json"), &body).unwrap();
    assert_eq!(frame.point_count(), 24_000);
    assert_eq!(frame.series[1].values[11_999], 11_999.0 * 0.5);
    assert_eq!(
        frame.series[0].times_ms[3],
        (1_700_000_000 + 45) as f64 * 1000.0 + 3.0
    );
}

#[test]
fn special_values_and_huge_numbers() {
    let specials = [
        "NaN",
        "+Inf",
        "-Inf",
        "1e308",
        "-1.7976931348623157e308",
        "5e-324",
        "0",
    ];
    let body = matrix_body(1, specials.len(), |_, p| specials[p].to_string());
    let frame = read_query_response(200, None, &body).unwrap();
    let v = &frame.series[0].values;
    assert!(v[0].is_nan());
    assert_eq!(
        &v[1..],
        &[
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e308,
            -f64::MAX,
            5e-324,
            0.0
        ]
    );
}

#[test]
fn truncated_bodies_at_every_cut_say_truncated() {
    let body = matrix_body(2, 5, |_, p| p.to_string());
    for cut in 1..body.len() {
        let err = read_query_response(200, Some("application/json"), &body[..cut]).unwrap_err();
        assert!(
            matches!(err, PromError::Truncated { received_bytes, .. } if received_bytes == cut),
            "cut at {cut}: {err:?}"
        );
        assert!(err.to_string().contains("truncated"));
    }
}

#[test]
fn wrong_types_say_which_field() {
    let cases = [
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],["2","2"]]}]}}"#,
            "data.result[0].values[1]",
        ),
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":{}}]}}"#,
            "data.result[0].values",
        ),
        (
            r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":[],"value":[1,"1"]}]}}"#,
            "data.result[0].metric",
        ),
        (
            r#"{"status":"success","data":{"resultType":"vector","result":{}}}"#,
            "data.result",
        ),
        (r#"{"status":"success","data":"nope"}"#, "data"),
        (
            r#"{"status":"success","warnings":"w","data":{"resultType":"vector","result":[]}}"#,
            "warnings",
        ),
    ];
    for (body, field) in cases {
        let err = read_query_response(200, None, body).unwrap_err();
        let PromError::WrongType { path, .. } = &err else {
            panic!("{body}: {err:?}")
        };
        assert!(path.starts_with(field), "{body}: {path} vs {field}");
        assert!(err.to_string().contains(&format!("`{path}`")));
    }
    let err = parse_targets(r#"{"status":"success","data":{"activeTargets":[{"health":5}]}}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("data.activeTargets[0].health"),
        "{err}"
    );
}

#[test]
fn html_and_other_non_json_bodies() {
    let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
    let err = read_query_response(502, Some("text/html"), nginx).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with("HTTP 502 Bad Gateway") && text.contains("\"502 Bad Gateway\""),
        "{text}"
    );
    let err = read_query_response(
        404,
        Some("text/plain; charset=utf-8"),
        "404 page not found\n",
    )
    .unwrap_err();
    assert_eq!(
        err,
        PromError::NotJson {
            http_status: 404,
            content_type: Some("text/plain".into()),
            first_line: "404 page not found".into()
        }
    );
    let err = read_query_response(504, None, "").unwrap_err();
    assert_eq!(err, PromError::EmptyBody { http_status: 504 });
    let err = read_query_response(200, None, "\u{feff}{}").unwrap_err();
    assert!(
        matches!(err, PromError::NotJson { .. }),
        "a BOM is not JSON: {err:?}"
    );
}

#[test]
fn native_histograms_are_announced_not_drawn() {
    let body = r#"{"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"__name__":"rpc_latency"},"histogram":[1700000000,{"count":"10","sum":"3.5",
          "buckets":[[1,"-0.001","0.001","2"],[0,"0.5","1","8"]]}]}]}}"#;
    let frame = read_query_response(200, None, body).unwrap();
    assert!(frame.series.is_empty());
    assert_eq!(frame.notices.len(), 1);
    assert!(frame.notices[0].contains("native histograms are not supported yet"));
}

/// Hostile bodies, each with the one result it must give. The HTTP status (200, 400, 500)
/// only travels into the error: a body is read as Prometheus JSON whatever the status.
#[test]
fn garbage_gives_a_specific_answer() {
    type Expected = fn(u16) -> Result<Frame, PromError>;
    fn wrong_type(path: &str, detail: &str) -> Result<Frame, PromError> {
        Err(PromError::WrongType {
            path: path.into(),
            detail: detail.into(),
        })
    }
    fn not_json(http_status: u16, first_line: &str) -> Result<Frame, PromError> {
        Err(PromError::NotJson {
            http_status,
            content_type: None,
            first_line: first_line.into(),
        })
    }
    let cases: [(&str, Expected); 18] = [
        // Cut off after the first byte.
        ("{", |s| {
            Err(PromError::Truncated {
                http_status: s,
                received_bytes: 1,
            })
        }),
        ("[", |s| {
            Err(PromError::Truncated {
                http_status: s,
                received_bytes: 1,
            })
        }),
        // Not starting like an object or array: a proxy's text, quoted back.
        ("}", |s| not_json(s, "}")),
        ("null", |s| not_json(s, "null")),
        ("\u{0}\u{1}\u{2}", |s| not_json(s, "\u{0}\u{1}\u{2}")),
        // JSON, but not an envelope.
        (r#"{"status":null}"#, |_| {
            wrong_type("status", "invalid type: null, expected a string")
        }),
        (r#"{"data":{"resultType":"matrix","result":[]}}"#, |_| {
            wrong_type("", "missing field `status`")
        }),
        (r#"{"a":"\ud800"}"#, |_| {
            wrong_type("", "missing field `status`")
        }),
        ("{\"status\":\"succ\u{e9}ss\"}", |_| {
            Err(PromError::UnknownStatus {
                status: "succ\u{e9}ss".into(),
            })
        }),
        // Envelopes that say nothing usable.
        (r#"{"status":"success","data":null}"#, |_| {
            Err(PromError::MissingData)
        }),
        (r#"{"status":"error"}"#, |s| {
            Err(PromError::Prometheus {
                http_status: s,
                error_type: "unknown".into(),
                error: String::new(),
            })
        }),
        // Data of the wrong shape, with the path to it.
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[[]]}}"#,
            |_| {
                wrong_type(
                    "data.result[0]",
                    "invalid type: sequence, expected a series object or a sample time",
                )
            },
        ),
        (
            r#"{"status":"success","data":{"resultType":"scalar","result":[1]}}"#,
            |_| {
                wrong_type(
                    "data.result",
                    r#"invalid length 1, expected a list of series or a [<time>, "<value>"] sample"#,
                )
            },
        ),
        (
            r#"{"status":"success","data":{"resultType":"scalar","result":[1,"2",3]}}"#,
            |_| {
                wrong_type(
                    "data.result",
                    r#"invalid length 3, expected a list of series or a [<time>, "<value>"] sample"#,
                )
            },
        ),
        // Invalid JSON, with its position.
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[{"values":[[1e999,"1"]]}]}}"#,
            |s| {
                Err(PromError::MalformedJson {
                    http_status: s,
                    line: 1,
                    column: 77,
                    detail: "number out of range".into(),
                })
            },
        ),
        (r#"{"status":"\ud800"}"#, |s| {
            Err(PromError::MalformedJson {
                http_status: s,
                line: 1,
                column: 18,
                detail: "unexpected end of hex escape".into(),
            })
        }),
        // The controls: minimal valid bodies read as data.
        (
            r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#,
            |_| Ok(Frame::default()),
        ),
        (
            r#"{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}"#,
            |_| {
                Ok(Frame {
                    series: vec![Series {
                        labels: Default::default(),
                        times_ms: vec![1000.0],
                        values: vec![2.0],
                    }],
                    notices: vec![],
                })
            },
        ),
    ];
    for (body, expected) in cases {
        for status in [200, 400, 500] {
            let actual = read_query_response(status, None, body);
            assert_eq!(actual, expected(status), "HTTP {status}, body {body:?}");
        }
    }
}

/// Throughput of `query_range` parsing, 1,000 series x 1,000 points. Ignored by default;
/// run `cargo test --release --test prometheus_fixtures -- --ignored --nocapture`.
#[test]
#[ignore]
// A host-only measurement: the clock ban protects wasm code, which this never is.
#[allow(clippy::disallowed_methods)]
fn parse_throughput_1000_series_by_1000_points() {
    let body = matrix_body(1000, 1000, |s, p| {
        format!("{}", (s * 7919 + p * 104729) % 100_000) + ".25"
    });
    let runs = 5;
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let started = std::time::Instant::now();
        let frame = read_query_response(200, Some("application/json"), &body).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        assert_eq!(frame.point_count(), 1_000_000);
        best = best.min(seconds);
    }
    let mb = body.len() as f64 / 1e6;
    println!(
        "parse: {mb:.1} MB in {:.1} ms (best of {runs}) = {:.0} MB/s",
        best * 1e3,
        mb / best
    );
}
