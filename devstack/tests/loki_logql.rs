//! LogQL subset parser tests through the public API: valid queries of every documented form
//! and the errors, worded as Loki words them.

use meshsim::loki::logql::{parse, Query};

#[test]
fn accepts_the_documented_subset() {
    let valid = [
        r#"{job="agent-mesh"}"#,
        r#"{job="agent-mesh", level!="debug", instance=~"node-.*", component!~"p2p|x"}"#,
        r#"{job="a"} |= "round" != "debug" |~ "(?i)fail" !~ "retry\\d""#,
        r#"{job="a"} | json"#,
        r#"{job="a"} | logfmt"#,
        r#"{job="a"} | json | level="error""#,
        r#"{job="a"} | json | duration > 1s"#,
        r#"{job="a"} | json | latency >= 250ms or (status_code < 500 and status_code > 200)"#,
        r#"{job="a"} | json | size > 5KB, level=~"warn.*""#,
        r#"{job="a"} | line_format "{{.event}} {{ .peer_id }}""#,
        r#"count_over_time({job="a"}[5m])"#,
        r#"rate({job="a"} |= "error" [1m])"#,
        r#"rate({job="a"}[1m] |= "error")"#,
        r#"bytes_over_time({job="a"} | json | level="error" [1h])"#,
        r#"sum(rate({job="a"}[1m]))"#,
        r#"sum by (instance) (rate({job="a"}[1m]))"#,
        r#"sum(rate({job="a"}[1m])) by (instance, level)"#,
        r#"count without (instance) (count_over_time({job="a"}[1m]))"#,
        r#"topk(5, sum by (instance) (bytes_over_time({job="a"}[5m])))"#,
        r#"topk by (level) (2, count_over_time({job="a"}[5m]))"#,
        "{job=\"a\"}\n  |= `raw string`  # comment",
        // What real Loki also accepts: vector matching, label_replace, ip(), unpack, flags.
        r#"sum by (a, b) (count_over_time({job="a"}[1m])) / on (a) group_left sum by (a) (count_over_time({job="a"}[1m]))"#,
        r#"sum by (a) (rate({job="a"}[1m])) * ignoring (b) group_right (c) sum by (a, b, c) (rate({job="a"}[1m]))"#,
        r#"sum by (a) (rate({job="a"}[1m])) > bool on (a) sum by (a) (rate({job="b"}[1m]))"#,
        r#"sum by (a) (rate({job="a"}[1m])) and on () vector(1)"#,
        r#"label_replace(rate({job="a"}[1m]), "dst", "$1", "src", "(.*)-x")"#,
        r#"{job="a"} | logfmt | addr = ip("10.0.0.0/8")"#,
        r#"{job="a"} | logfmt | addr != ip("192.168.0.1-192.168.0.99")"#,
        r#"{job="a"} |= ip("10.0.0.0/8") != ip("10.0.0.1")"#,
        r#"{job="a"} | unpack | json"#,
        r#"{job="a"} | logfmt --strict"#,
        r#"{job="a"} | logfmt --keep-empty --strict | x="1""#,
    ];
    for q in valid {
        assert!(parse(q).is_ok(), "{q}: {:?}", parse(q).err());
    }
    assert!(matches!(parse(r#"{job="a"}"#), Ok(Query::Log(_))));
    assert!(matches!(
        parse(r#"count_over_time({job="a"}[5m])"#),
        Ok(Query::Metric(_))
    ));
}

#[test]
fn errors_read_like_lokis() {
    let cases = [
        (r#"{foo="bar}"#, "parse error at line 1, col 6: literal not terminated"),
        (r#"{foo="bar""#, "parse error at line 1, col 11: syntax error: unexpected $end, expecting } or ,"),
        (r#"{foo="bar"} |~"#, "parse error at line 1, col 15: syntax error: unexpected $end, expecting STRING or ip"),
        (r#"{foo="bar"} "foo""#, "parse error at line 1, col 13: syntax error: unexpected STRING"),
        (r#"{foo="bar"} foo"#, "parse error at line 1, col 13: syntax error: unexpected IDENTIFIER"),
        ("{foo=\"bar\"}\n| unwrap x", "parse error at line 2, col 3: syntax error: unexpected unwrap"),
        (r#"max_over_time({a="b"}[1m])"#, "parse error : invalid aggregation max_over_time without unwrap"),
        (r#"count_over_time({a="b"} | unwrap x [1m])"#, "parse error : invalid aggregation count_over_time with unwrap"),
        (r#"sum(count_over_time({a="b"}[1m])) and 1"#, "parse error : unexpected literal for right leg of logical/set binary operation (and): 1.000000"),
        (r#"topk(count_over_time({a="b"}[1m]))"#, "parse error at line 1, col 6: syntax error: unexpected count_over_time, expecting NUMBER"),
        (r#"sum by (a (count_over_time({a="b"}[1m]))"#, "parse error at line 1, col 11: syntax error: unexpected (, expecting ) or ,"),
        (r#"{a="b"} | json | x >"#, "parse error at line 1, col 21: syntax error: unexpected $end"),
        (r#"{a="b"} | level =~ 5"#, "parse error at line 1, col 20: syntax error: unexpected NUMBER, expecting STRING"),
        (r#"{a!="b"}"#, "parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will"),
        (r#"count_over_time({a="b"}[1m]) by (x)"#, "parse error : grouping not allowed for count_over_time aggregation"),
        (r#"topk(0, count_over_time({a="b"}[1m]))"#, "parse error : invalid parameter (must be strictly positive integer) topk(0,"),
    ];
    for (q, want) in cases {
        assert_eq!(
            parse(q).err().map(|e| e.to_string()).as_deref(),
            Some(want),
            "{q}"
        );
    }
}
