//! Loki parsers against every recorded/encoder response in `tests/fixtures/loki/`.

use meshboard::core::loki::{
    self, parse_detected_field_values, parse_detected_fields, parse_labels, parse_patterns,
    parse_query_response, parse_series, parse_stats, parse_tail_message, parse_volume, Direction,
    LogLevel, LogTable, NsTime, QueryData,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/loki/");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn streams(name: &str) -> Vec<loki::LogStream> {
    match parse_query_response(&fixture(name)).unwrap().data {
        QueryData::Streams(streams) => streams,
        other => panic!("{name}: streams expected, got {other:?}"),
    }
}

/// Every JSON fixture goes through the parser for its endpoint; a new file without a parser
/// here fails this test rather than going unchecked.
#[test]
fn every_fixture_parses() {
    let mut seen = 0;
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".json") {
            continue;
        }
        let body = fixture(&name);
        let ok = match name.as_str() {
            "docs_detected_field_values.json" => parse_detected_field_values(&body).is_ok(),
            "docs_detected_fields.json" | "drilldown_detected_fields.json" => {
                parse_detected_fields(&body).is_ok()
            }
            // The app does not read detected_labels (the stand-in's contract test does).
            "drilldown_detected_labels.json" => {
                serde_json::from_str::<serde_json::Value>(&body).is_ok()
            }
            "docs_label_values.json" | "docs_labels.json" | "encoder_labels.json" => {
                parse_labels(&body).is_ok()
            }
            "docs_patterns.json" | "drilldown_patterns.json" => parse_patterns(&body).is_ok(),
            "docs_series.json" | "encoder_series.json" => parse_series(&body).is_ok(),
            "encoder_tail_message.json" | "encoder_tail_message_categorize_labels.json" => {
                parse_tail_message(&body).is_ok()
            }
            "index_volume_recorded.json" => parse_volume(&body).is_ok(),
            "stats_full_schema_zero.json" => parse_stats(&body).is_ok(),
            _ => parse_query_response(&body).is_ok(),
        };
        assert!(ok, "{name} did not parse");
        seen += 1;
    }
    assert_eq!(seen, 27);
}

#[test]
fn docs_streams_keep_exact_nanoseconds() {
    let streams = streams("docs_query_range_streams.json");
    assert_eq!(streams[0].labels["job"], "varlogs");
    let ts: Vec<i64> = streams[0].entries.iter().map(|e| e.ts.0).collect();
    assert_eq!(
        ts,
        vec![1_569_266_497_240_578_000, 1_569_266_492_548_155_000]
    );
}

#[test]
fn grafana_streams_precision_levels_and_stats() {
    let response = parse_query_response(&fixture("grafana_streams_simple.json")).unwrap();
    let stats = response.stats.unwrap();
    assert_eq!(
        (stats.total_lines_processed, stats.total_bytes_processed),
        (55, 7772)
    );
    assert_eq!(stats.exec_time_seconds, 0.002216125);
    let QueryData::Streams(streams) = response.data else {
        panic!("streams")
    };
    assert_eq!(streams[0].labels["code"], "one\",");
    assert_eq!(streams[0].labels["location"], "moon🌙");
    // Kept as integers: at this magnitude an f64 steps by 256 ns, so the next nanosecond
    // would already be lost through a float.
    assert_eq!(streams[1].entries[1].ts, NsTime(1_645_030_246_277_587_968));
    let next = streams[1].entries[1].ts.0 + 1;
    assert_ne!(next as f64 as i64, next);

    let table = LogTable::from_streams(streams, Direction::Backward);
    assert_eq!(table.len(), 6, "the duplicated line is two entries");
    assert_eq!(table.timestamps()[0], NsTime(1_645_030_247_027_735_040));
    assert_eq!(table.lines()[0], "log line info 1");
    let error_row = table
        .lines()
        .iter()
        .position(|l| l == "log line error 1")
        .unwrap();
    assert_eq!(table.levels()[error_row], LogLevel::Error);
    assert_eq!(table.levels()[0], LogLevel::Info);
    let dedup = loki::dedup_rows(table.lines(), loki::DedupStrategy::Exact);
    assert_eq!(dedup.hidden(), 1);
    // Numbers: "info 1..3" collapse; the error line splits them from "info 4".
    assert_eq!(
        loki::dedup_rows(table.lines(), loki::DedupStrategy::Numbers).duplicates,
        vec![3, 0, 0]
    );
}

#[test]
fn categorize_labels_encoding() {
    let response = parse_query_response(&fixture(
        "encoder_query_range_streams_categorize_labels.json",
    ))
    .unwrap();
    assert!(response.categorized_labels);
    let QueryData::Streams(streams) = response.data else {
        panic!("streams")
    };
    let entry = &streams[2].entries[0];
    assert_eq!(entry.ts.0, 123_456_789_012_346);
    assert_eq!(entry.structured_metadata["foo"], "a");
    assert_eq!(entry.parsed["msg"], "baz");
    let table = LogTable::from_streams(streams, Direction::Forward);
    let row = table
        .lines()
        .iter()
        .position(|l| l.ends_with("msg=baz"))
        .unwrap();
    assert_eq!(
        table.indexed_labels(row).keys().collect::<Vec<_>>(),
        ["test"]
    );

    let grafana = streams_from("grafana_streams_structured_metadata.json");
    assert_eq!(grafana.iter().map(|s| s.entries.len()).sum::<usize>(), 6);
    assert!(grafana[0].entries[0].structured_metadata.is_empty());
}

fn streams_from(name: &str) -> Vec<loki::LogStream> {
    streams(name)
}

#[test]
fn plain_streams_and_stats_everywhere() {
    let response = parse_query_response(&fixture("encoder_query_range_streams.json")).unwrap();
    assert_eq!(response.len(), 3);
    assert!(!response.categorized_labels);
    assert_eq!(response.stats.unwrap(), loki::StatsSummary::default());
    assert_eq!(
        parse_stats(&fixture("stats_full_schema_zero.json")).unwrap(),
        loki::StatsSummary::default()
    );
}

#[test]
fn matrices_become_frames_with_warnings() {
    let response =
        parse_query_response(&fixture("encoder_query_range_matrix_with_warnings.json")).unwrap();
    assert_eq!(response.warnings, vec!["this is a warning".to_string()]);
    let QueryData::Matrix(frame) = response.data else {
        panic!("matrix")
    };
    assert_eq!(frame.notices, vec!["this is a warning".to_string()]);
    assert_eq!(frame.series[1].labels["filename"], "/var/hostlog/syslog");
    assert_eq!(
        frame.series[1].times_ms,
        vec![1_568_404_331_324.0, 1_568_404_331_339.0]
    );
    assert_eq!(frame.series[1].values, vec![3.45, 4.45]);

    let QueryData::Matrix(docs) = parse_query_response(&fixture("docs_query_range_matrix.json"))
        .unwrap()
        .data
    else {
        panic!("matrix")
    };
    assert_eq!(docs.series.len(), 2);
    assert_eq!(docs.series[0].values[2], 658.8516666666667);

    let QueryData::Matrix(inf) = parse_query_response(&fixture("grafana_matrix_inf.json"))
        .unwrap()
        .data
    else {
        panic!("matrix")
    };
    let signs: Vec<f64> = inf.series[0].values.iter().map(|v| v.signum()).collect();
    assert!(inf.series[0].values.iter().all(|v| v.is_infinite()));
    assert_eq!(signs, vec![1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]);
    assert_eq!(inf.series[0].times_ms[0], 1_643_021_611_100.0);

    let QueryData::Matrix(nan) = parse_query_response(&fixture("grafana_matrix_nan.json"))
        .unwrap()
        .data
    else {
        panic!("matrix")
    };
    assert!(nan.series[0].labels.is_empty());
    assert!(nan.series[0].values.iter().all(|v| v.is_nan()));
}

#[test]
fn vectors_and_volume() {
    let response =
        parse_query_response(&fixture("encoder_query_vector_with_warnings.json")).unwrap();
    let QueryData::Vector(frame) = response.data else {
        panic!("vector")
    };
    assert_eq!(frame.series.len(), 2);
    assert_eq!(frame.series[0].values, vec![0.013333333333333334]);
    assert_eq!(frame.notices.len(), 1);

    let QueryData::Vector(docs) = parse_query_response(&fixture("docs_query_vector.json"))
        .unwrap()
        .data
    else {
        panic!("vector")
    };
    assert_eq!(docs.series[0].times_ms, vec![1_588_889_221_000.0]);

    let volume = parse_volume(&fixture("index_volume_recorded.json")).unwrap();
    assert_eq!(volume.series.len(), 10);
    assert_eq!(volume.series[0].labels["service_name"], "tempo-distributor");
    assert_eq!(volume.series[0].values, vec![53_826_521.0]);
    assert_eq!(volume.series[0].times_ms, vec![1_722_536_046_066.0]);
    let stats = parse_query_response(&fixture("index_volume_recorded.json"))
        .unwrap()
        .stats
        .unwrap();
    assert_eq!((stats.total_entries_returned, stats.splits), (10, 1));
    assert_eq!(stats.exec_time_seconds, 0.375358251);
}

#[test]
fn labels_series_and_discovery_endpoints() {
    assert_eq!(
        parse_labels(&fixture("docs_labels.json")).unwrap(),
        ["foo", "bar", "baz"]
    );
    assert_eq!(
        parse_labels(&fixture("docs_label_values.json")).unwrap(),
        ["cat", "dog", "axolotl"]
    );
    assert_eq!(
        parse_labels(&fixture("encoder_labels.json")).unwrap(),
        ["label1", "test", "value"]
    );
    let series = parse_series(&fixture("docs_series.json")).unwrap();
    assert_eq!(series.len(), 3);
    assert_eq!(series[0]["container_name"], "loki");
    assert_eq!(
        parse_series(&fixture("encoder_series.json")).unwrap()[1]["d"],
        "4"
    );
    let fields = parse_detected_fields(&fixture("docs_detected_fields.json")).unwrap();
    assert_eq!(
        (
            fields[1].label.as_str(),
            fields[1].field_type.as_str(),
            fields[1].cardinality
        ),
        ("duration", "duration", 152)
    );
    assert_eq!(
        parse_detected_field_values(&fixture("docs_detected_field_values.json")).unwrap(),
        ["debug", "info", "warn", "error"]
    );
    let patterns = parse_patterns(&fixture("docs_patterns.json")).unwrap();
    assert_eq!(patterns[1].samples[1], (1_711_839_270, 222));
    assert_eq!(
        loki::level::level_from_line(&patterns[0].pattern),
        LogLevel::Error
    );
}

/// Recorded Loki 3.x discovery answers (Logs Drilldown's captures): JSON fields with their
/// `jsonPath`, structured metadata with `parsers: null`, patterns per level.
#[test]
fn recorded_discovery_answers() {
    let fields = parse_detected_fields(&fixture("drilldown_detected_fields.json")).unwrap();
    assert_eq!(fields.len(), 27);
    let method = fields.iter().find(|f| f.label == "method").unwrap();
    assert_eq!(method.parsers, ["json", "logfmt"]);
    let trace = fields.iter().find(|f| f.label == "traceID").unwrap();
    assert!(trace.parsers.is_empty());
    let patterns = parse_patterns(&fixture("drilldown_patterns.json")).unwrap();
    assert_eq!(patterns.len(), 3);
    assert_eq!(patterns[1].samples.len(), 3);
}

#[test]
fn tail_messages_with_dropped_entries() {
    let tail = parse_tail_message(&fixture("encoder_tail_message.json")).unwrap();
    assert_eq!(tail.streams[0].entries.len(), 2);
    assert_eq!(tail.dropped.len(), 1);
    assert_eq!(tail.dropped[0].ts, NsTime(123_456_789_022_345));
    let categorized =
        parse_tail_message(&fixture("encoder_tail_message_categorize_labels.json")).unwrap();
    let entry = &categorized.streams[0].entries[2];
    assert_eq!(entry.parsed["msg"], "text");
    assert_eq!(entry.structured_metadata["bar"], "b");

    // A live tail keeps a bounded window of the newest lines.
    let mut table = LogTable::new(Direction::Forward);
    table.merge(tail.streams);
    table.merge(categorized.streams);
    assert_eq!(table.len(), 3, "lines already shown are not repeated");
    table.retain_newest(2);
    assert_eq!(
        table.lines().last().map(String::as_str),
        Some("super line with labels msg=text")
    );
}
