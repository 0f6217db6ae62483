//! Host tests of the unit formats: Grafana's own test expectations, one or more units of every
//! category, and every unit the real dashboards in `tests/fixtures/grafana/` use.

use super::*;

/// (unit id, value, decimals, Grafana's text).
type Case = (&'static str, f64, Option<u32>, &'static str);

fn check(cases: &[Case]) {
    for (unit, value, decimals, expected) in cases {
        assert_eq!(
            format_value(*value, unit, *decimals),
            *expected,
            "{value} in {unit} with {decimals:?} decimals"
        );
    }
}

/// 2010-07-02 00:00:00 UTC, the date Grafana's valueFormats.test.ts formats.
const JULY_2ND_2010: f64 = 1_278_028_800_000.0;
/// 2017-09-17 07:56:37.920 UTC, the instant of Grafana's dateTimeFormatters.test.ts.
const GRAFANA_EPOCH: f64 = 1_505_634_997_920.0;

#[test]
fn grafana_value_formats_test_table() {
    // grafana packages/grafana-data/src/valueFormats/valueFormats.test.ts `formatTests`,
    // with the newer plural time units ("2.8 hours"), and the dates in UTC.
    check(&[
        ("currencyUSD", 1532.82, Some(2), "$1.53K"),
        ("currencyKRW", 1532.82, Some(2), "₩1.53K"),
        ("ms", 0.0024, Some(4), "0.0024 ms"),
        ("ms", 100.0, Some(0), "100 ms"),
        ("ms", 1250.0, Some(2), "1.25 s"),
        ("ms", 10_000_086.123, Some(1), "2.8 hours"),
        ("ms", 1200.0, Some(0), "1 s"),
        ("short", 9_876_543.0, Some(2), "9.88 Mil"),
        ("kbytes", 10_000_000.0, Some(3), "9.537 GiB"),
        ("deckbytes", 10_000_000.0, Some(3), "10.000 GB"),
        ("megwatt", 1000.0, Some(3), "1.000 GW"),
        ("kohm", 1000.0, Some(3), "1.000 MΩ"),
        ("Mohm", 1000.0, Some(3), "1.000 GΩ"),
        ("farad", 1000.0, Some(3), "1.000 kF"),
        ("µfarad", 1000.0, Some(3), "1.000 mF"),
        ("nfarad", 1000.0, Some(3), "1.000 µF"),
        ("pfarad", 1000.0, Some(3), "1.000 nF"),
        ("ffarad", 1000.0, Some(3), "1.000 pF"),
        ("henry", 1000.0, Some(3), "1.000 kH"),
        ("mhenry", 1000.0, Some(3), "1.000 H"),
        ("µhenry", 1000.0, Some(3), "1.000 mH"),
        // Unknown units append to the end.
        ("a", 1532.82, Some(0), "1533 a"),
        ("b", 1532.82, Some(0), "1533 b"),
        ("prefix:b", 1532.82, None, "b1533"),
        ("suffix:d", 1532.82, None, "1533 d"),
        ("si:µF", 1234.0, Some(2), "1.23 mF"),
        ("si:µF", 1_234_000_000.0, Some(2), "1.23 kF"),
        ("si:µF", 1_234_000_000_000_000.0, Some(2), "1.23 GF"),
        ("count:xpm", 1_234_567.0, Some(2), "1.23M xpm"),
        ("count:x/min", 1234.0, Some(2), "1.23K x/min"),
        ("currency:@", 1_234_567.0, Some(2), "@1.23M"),
        ("currency:@", 1234.0, Some(2), "@1.23K"),
        ("time:YYYY", 930_873_600_000.0, Some(0), "1999"),
        ("time:YYYY.MM", JULY_2ND_2010, Some(0), "2010.07"),
        (
            "dateTimeAsIso",
            JULY_2ND_2010,
            Some(0),
            "2010-07-02 00:00:00",
        ),
        (
            "dateTimeAsUS",
            JULY_2ND_2010,
            Some(0),
            "07/02/2010 12:00:00 am",
        ),
        (
            "dateTimeAsSystem",
            JULY_2ND_2010,
            Some(0),
            "2010-07-02 00:00:00",
        ),
        // `farenheit` is Grafana's alias for the old misspelt id.
        ("farenheit", 98.6, None, "98.6 °F"),
    ]);
}

#[test]
fn grafana_to_fixed_rules() {
    // valueFormats.test.ts "toFixed should handle number correctly".
    check(&[
        ("none", 100.0, None, "100"),
        ("none", 100.4, None, "100"),
        ("none", 100.5, None, "101"),
        ("none", 100.0, Some(1), "100.0"),
        ("none", 100.37, Some(1), "100.4"),
        ("none", 100.63, Some(1), "100.6"),
        ("none", 100.4, Some(2), "100.40"),
        ("none", 100.5, Some(2), "100.50"),
        // Automatic decimals: about three significant digits, zero-padded like Grafana.
        ("none", 1.5, None, "1.50"),
        ("none", 0.012345, None, "0.0123"),
        ("none", 1234.5678, None, "1235"),
        ("none", 0.0, None, "0"),
        ("none", 0.0, Some(2), "0.00"),
        ("none", -0.0001, Some(2), "0.00"),
        ("none", -2.5, Some(0), "-2"),
        // JavaScript's exponent form for huge and tiny numbers.
        ("none", 1.5e21, None, "1.5e+21"),
        ("", 1e-7, Some(10), "1e-7"),
        ("", 42.0, None, "42"),
    ]);
}

#[test]
fn grafana_date_time_formatters_test() {
    // dateTimeFormatters.test.ts: the UTC variants of its date formats.
    check(&[
        ("dateTimeAsIso", GRAFANA_EPOCH, None, "2017-09-17 07:56:37"),
        ("dateTimeAsUS", GRAFANA_EPOCH, None, "09/17/2017 7:56:37 am"),
        (
            "dateTimeAsLocal",
            GRAFANA_EPOCH,
            None,
            "09/17/2017, 07:56:37 AM",
        ),
        (
            "time:YYYY-MM-DD[T]HH:mm:ss.SSSZ",
            GRAFANA_EPOCH,
            None,
            "2017-09-17T07:56:37.920+00:00",
        ),
        (
            "time:ddd, MMM Do YYYY",
            GRAFANA_EPOCH,
            None,
            "Sun, Sep 17th 2017",
        ),
        // Without "now", "no date if today" keeps the date.
        (
            "dateTimeAsIsoNoDateIfToday",
            GRAFANA_EPOCH,
            None,
            "2017-09-17 07:56:37",
        ),
    ]);
    let today = GRAFANA_EPOCH as i64 + 3_600_000;
    assert_eq!(
        format_value_at(GRAFANA_EPOCH, "dateTimeAsIsoNoDateIfToday", None, today),
        "07:56:37"
    );
    assert_eq!(
        format_value_at(GRAFANA_EPOCH, "dateTimeAsUSNoDateIfToday", None, today),
        "7:56:37 am"
    );
    let tomorrow = GRAFANA_EPOCH as i64 + 86_400_000;
    assert_eq!(
        format_value_at(GRAFANA_EPOCH, "dateTimeAsIsoNoDateIfToday", None, tomorrow),
        "2017-09-17 07:56:37"
    );
    // "should format as from now with days / minutes".
    let now = GRAFANA_EPOCH as i64;
    let from_now =
        |ago_ms: i64| format_value_at((now - ago_ms) as f64, "dateTimeFromNow", None, now);
    assert_eq!(from_now(7 * 86_400_000), "7 days ago");
    assert_eq!(from_now(2 * 60_000), "2 minutes ago");
    assert_eq!(from_now(10_000), "a few seconds ago");
    assert_eq!(from_now(60_000), "a minute ago");
    assert_eq!(from_now(5 * 3_600_000), "5 hours ago");
    assert_eq!(from_now(400 * 86_400_000), "a year ago");
    assert_eq!(from_now(-3 * 3_600_000), "in 3 hours");
    // Without "now" the instant is written in Grafana's default date format.
    assert_eq!(
        format_value(GRAFANA_EPOCH, "dateTimeFromNow", None),
        "2017-09-17 07:56:37"
    );
}

#[test]
fn grafana_durations_and_clocks() {
    // dateTimeFormatters.test.ts "duration" and "clock".
    check(&[
        ("dtdurationms", 0.0, Some(0), "0 milliseconds"),
        ("dtdurationms", 1.0, Some(0), "1 millisecond"),
        ("dtdurationms", -1.0, Some(0), "1 millisecond ago"),
        ("dtdurations", 1.0, Some(0), "1 second"),
        ("dtdurationms", 38_898_367_008.0, Some(0), "1 year"),
        (
            "dtdurationms",
            38_898_367_008.0,
            Some(1),
            "1 year, 2 months",
        ),
        (
            "dtdurationms",
            38_898_367_008.0,
            Some(20),
            "1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds",
        ),
        (
            "dtdurationms",
            36_993_906_007.0,
            Some(8),
            "1 year, 2 months, 0 weeks, 3 days, 4 hours, 5 minutes, 6 seconds, 7 milliseconds",
        ),
        (
            "dtdurations",
            129_600.0,
            Some(2),
            "1 day, 12 hours, 0 minutes",
        ),
        ("dthms", 1.0, None, "00:00:01"),
        ("dthms", -1.0, None, "00:00:01 ago"),
        ("dthms", 0.0, None, "00:00:00"),
        ("dtdhms", 86_399.0, None, "23:59:59"),
        ("dtdhms", 86_400.0, None, "1 d 00:00:00"),
        ("dtdhms", 360_000.0, None, "4 d 04:00:00"),
        ("dtdhms", 1_179_811.0, None, "13 d 15:43:31"),
        ("dtdhms", -1_179_811.0, None, "13 d 15:43:31 ago"),
        ("dtdhms", 116_876_364.0, None, "1352 d 17:39:24"),
        ("clockms", 999.0, Some(0), "999ms"),
        ("clockms", 59_999.0, None, "59s:999ms"),
        ("clockms", 59_999.0, Some(0), "59s"),
        ("clockms", 3_599_999.0, None, "59m:59s:999ms"),
        ("clockms", 3_599_999.0, Some(0), "59m"),
        ("clockms", 3_599_999.0, Some(1), "59m:59s"),
        ("clockms", 7_199_999.0, None, "01h:59m:59s:999ms"),
        ("clockms", 7_199_999.0, Some(0), "01h"),
        ("clockms", 7_199_999.0, Some(1), "01h:59m"),
        ("clockms", 7_199_999.0, Some(2), "01h:59m:59s"),
        ("clockms", 89_999_999.0, None, "24h:59m:59s:999ms"),
        ("clockms", 89_999_999.0, Some(2), "24h:59m:59s"),
        ("clocks", 59.0, Some(0), "59s"),
        ("timeticks", 6000.0, None, "1 min"),
    ]);
}

#[test]
fn time_units_scale_up_and_down() {
    // dateTimeFormatters.test.ts "to nanoseconds" and "seconds", plus the plural `s` that
    // newer Grafana's toFixedScaled adds to min/hour/day/week/year above one.
    check(&[
        ("ns", 10.0, None, "10 ns"),
        ("ns", 3000.0, None, "3 µs"),
        ("ns", 4e6, None, "4 ms"),
        ("ns", 5e9, None, "5 s"),
        ("ns", 480e9, None, "8 mins"),
        ("ns", 32_400e9, None, "9 hours"),
        ("ns", 864e12, None, "10 days"),
        ("s", 0.0, None, "0 s"),
        ("s", 0.0042, None, "4.20 ms"),
        ("s", 90.0, None, "1.50 mins"),
        ("s", 60.0, None, "1 min"),
        ("s", 7200.0, None, "2 hours"),
        ("s", 2e7, None, "33.1 weeks"),
        ("ms", 250.0, None, "250 ms"),
        ("ms", 1500.0, None, "1.50 s"),
        ("µs", 12.0, None, "12 µs"),
        ("µs", 1200.0, None, "1.20 ms"),
        // Grafana has no `us` id: it is an unknown unit, written as a suffix.
        ("us", 1200.0, None, "1200 us"),
        ("m", 0.0, None, "0 min"),
        ("m", 30.0, None, "30 min"),
        ("h", 36.0, None, "1.50 days"),
        ("d", 3.0, None, "3 day"),
        ("d", 14.0, None, "2 weeks"),
        ("hertz", 2.4e9, None, "2.40 GHz"),
    ]);
}

#[test]
fn every_category() {
    check(&[
        // Misc
        ("short", 1234.0, None, "1.23 K"),
        ("short", 2.5e9, None, "2.50 Bil"),
        ("short", 3e12, None, "3 Tri"),
        ("short", 0.5, None, "0.500"),
        ("short", 98_765.0, Some(0), "99 K"),
        ("sishort", 1500.0, None, "1.50 k"),
        ("percent", 45.0, None, "45%"),
        ("percentunit", 0.4567, None, "45.7%"),
        ("percentunit", 0.5, Some(1), "50.0%"),
        ("humidity", 40.0, None, "40 %H"),
        ("dB", -3.0, None, "-3 dB"),
        ("hex", 255.0, None, "FF"),
        ("hex", 10.5, Some(1), "A.8"),
        ("hex0x", 255.0, None, "0xFF"),
        ("hex0x", -255.0, None, "-0xFF"),
        ("sci", 1234.0, Some(2), "1.23e+3"),
        ("sci", 0.00012, None, "1.2e-4"),
        ("locale", 1_234_567.891, None, "1,234,567.891"),
        ("locale", 1_234_567.891, Some(1), "1,234,567.9"),
        ("string", 1.5, None, "1.5"),
        ("pixel", 12.0, None, "12 px"),
        ("candela", 0.5, None, "500 mcd"),
        // Acceleration, angle, area
        ("accMS2", 9.81, None, "9.81 m/sec²"),
        ("degree", 90.0, None, "90 °"),
        ("areaM2", 12.0, None, "12 m²"),
        ("hectares", 3.0, None, "3 ha"),
        // Computation, concentration
        ("gflops", 1.5, None, "1.50 GFLOPS"),
        ("flops", 2e12, None, "2 TFLOPS"),
        ("ppm", 415.0, None, "415 ppm"),
        ("conμgm3", 12.0, None, "12 μg/m³"),
        // Currency: scaled, negative, symbol after the number, financial
        ("currencyEUR", 12.0, None, "€12"),
        ("currencyUSD", -1532.82, Some(2), "-$1.53K"),
        ("currencyDKK", 1532.82, Some(2), "1.53Kkr"),
        ("currencySEK", 12.0, None, "12kr"),
        ("currency:financial:$", 1_234_567.0, None, "$1,234,567"),
        ("currency:financial:€:suffix", 42.5, Some(2), "42.50€"),
        // Data: IEC and SI, legacy ids with their starting step
        ("bytes", 1536.0, None, "1.50 KiB"),
        ("bytes", 512.0, None, "512 B"),
        ("bytes", -2048.0, None, "-2 KiB"),
        ("bytes", 0.0, None, "0 B"),
        ("bytes", 3.0 * 1024f64.powi(3), Some(2), "3.00 GiB"),
        ("decbytes", 1536.0, None, "1.54 kB"),
        ("kbytes", 2048.0, None, "2 MiB"),
        ("mbytes", 0.5, None, "512 KiB"),
        ("gbytes", 1.0, None, "1 GiB"),
        ("decgbytes", 1500.0, None, "1.50 TB"),
        ("bits", 1024.0, None, "1 Kib"),
        ("decbits", 1e9, None, "1 Gb"),
        // Data rate
        ("pps", 5.62, None, "5.62 p/s"),
        ("pps", 12_345.0, None, "12.3 kp/s"),
        ("Bps", 1e6, None, "1 MB/s"),
        ("binBps", 1536.0, None, "1.50 KiB/s"),
        ("bps", 1e3, None, "1 kb/s"),
        ("Mbits", 1500.0, None, "1.50 Gb/s"),
        ("KiBs", 1024.0, None, "1 MiB/s"),
        // Energy
        ("watt", 0.005, None, "5 mW"),
        ("kwatth", 1500.0, None, "1.50 MWh"),
        ("volt", 230.0, None, "230 V"),
        ("mamp", 1500.0, None, "1.50 A"),
        // Flow, force, hash rate
        ("flowlpm", 3.0, None, "3 L/min"),
        ("forceN", 1500.0, None, "1.50 kN"),
        ("MHs", 1500.0, None, "1.50 GH/s"),
        // Mass, length
        ("masskg", 1500.0, None, "1.50 Mg"),
        ("massmg", 0.5, None, "500 µg"),
        ("lengthkm", 0.5, None, "500 m"),
        ("lengthft", 6.0, None, "6 ft"),
        // Pressure (PSI has its own ladder, glued to the number), radiation
        ("pressurepsi", 1500.0, None, "1.50ksi"),
        ("pressurehpa", 1013.0, None, "1013 hPa"),
        ("pressurembar", 1013.0, None, "1.01 bar"),
        ("radusvh", 1500.0, None, "1.50 mSv/h"),
        // Rotation, temperature
        ("rotrpm", 3000.0, None, "3000 rpm"),
        ("rotkhz", 1500.0, None, "1.50 MHz"),
        ("celsius", 21.5, None, "21.5 °C"),
        ("kelvin", 300.0, None, "300 K"),
        // Throughput: K/M/B/T glued to the number
        ("ops", 12_500.0, None, "12.5K ops/s"),
        ("reqps", 3.0, None, "3 req/s"),
        ("iops", 2e6, None, "2M io/s"),
        ("eps", 0.25, None, "0.250 evt/s"),
        ("epm", 42.0, None, "42 evts/m"),
        ("mpm", 1500.0, None, "1.50K msgs/m"),
        // Velocity, volume
        ("velocitykmh", 88.0, None, "88 km/h"),
        ("mlitre", 1500.0, None, "1.50 L"),
        ("m3", 2.0, None, "2 m³"),
        // Boolean, and the bool: custom form
        ("bool", 1.0, None, "True"),
        ("bool", 0.0, None, "False"),
        ("bool_yes_no", 1.0, None, "Yes"),
        ("bool_on_off", 0.0, None, "Off"),
        ("bool:Up/Down", 1.0, None, "Up"),
        ("bool:Up", 0.0, None, "-"),
        // Plain numbers
        ("none", 1.0, Some(3), "1.000"),
        ("", 0.012345, None, "0.0123"),
    ]);
}

#[test]
fn the_raw_ids_the_issue_saw_are_formatted() {
    // Issue 14 saw panels print "1 bool_yes_no", "2000000000000 dateTimeAsIso", "5.62 pps".
    assert_eq!(format_value(1.0, "bool_yes_no", None), "Yes");
    assert_eq!(
        format_value(2e12, "dateTimeAsIso", None),
        "2033-05-18 03:33:20"
    );
    assert_eq!(format_value(5.62, "pps", None), "5.62 p/s");
}

#[test]
fn formatted_value_parts_and_unit_facts() {
    let parts = value_format("currencyUSD").format(1532.82, Some(2));
    assert_eq!(
        (
            parts.prefix.as_str(),
            parts.text.as_str(),
            parts.suffix.as_str()
        ),
        ("$", "1.53", "K")
    );
    let parts = value_format("percentunit").format(0.5, None);
    assert_eq!((parts.text.as_str(), parts.suffix.as_str()), ("50", "%"));
    assert!(value_format("bool_on_off").is_boolean());
    assert!(value_format("bool:a/b").is_boolean());
    assert!(is_boolean_unit("bool_yes_no"));
    assert!(value_format("dateTimeAsUS").is_date_time());
    assert!(value_format("time:HH:mm").is_date_time());
    assert!(!value_format("s").is_date_time());
}

#[test]
fn catalogue_names_categories_and_unique_ids() {
    assert_eq!(
        unit_info("pps"),
        Some(UnitInfo {
            id: "pps",
            name: "packets/sec",
            category: "Data rate"
        })
    );
    assert_eq!(unit_info("farenheit").map(|u| u.id), Some("fahrenheit"));
    assert_eq!(
        unit_info("dateTimeAsIso").map(|u| u.category),
        Some("Date & time")
    );
    assert_eq!(unit_info("suffix:x"), None);
    assert_eq!(unit_info("tokens"), None);
    let all: Vec<UnitInfo> = unit_catalogue().collect();
    let mut ids: Vec<&str> = all.iter().map(|u| u.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "catalogue ids are unique");
    assert!(all.len() > 250, "{} units", all.len());
    let categories: std::collections::BTreeSet<&str> = all.iter().map(|u| u.category).collect();
    assert_eq!(categories.len(), 25);
    // Every catalogue unit formats any value without panicking. (Empty text is possible and
    // Grafana's too: a duration below one millisecond has no whole unit to show.)
    for unit in &all {
        for value in [0.0, -1.5, 0.001, 1234.5678, 1e15, -1e-9] {
            let _ = format_value(value, unit.id, None);
            let _ = format_tick(value, 0.5, unit.id, None);
        }
    }
}

#[test]
fn specials_and_custom_units() {
    assert_eq!(format_value(f64::NAN, "bytes", None), "NaN");
    assert_eq!(format_value(f64::INFINITY, "s", None), "+Inf");
    assert_eq!(format_value(f64::NEG_INFINITY, "percent", Some(2)), "-Inf");
    assert_eq!(format_value(3.0, "suffix:req", None), "3 req");
    assert_eq!(format_value(3.0, "prefix:$", None), "$3");
    assert_eq!(format_value(3.0, "tokens", None), "3 tokens");
    // An unknown key before the colon is still an unknown id: the whole id is the suffix.
    assert_eq!(format_value(3.0, "foo:bar", None), "3 foo:bar");
    assert_eq!(format_value(2048.0, "si:kB", None), "2.05 MB");
    assert!(format_value(f64::MAX, "short", None).len() < 400);
    assert!(format_value(f64::MAX, "hex", None).len() < 400);
    assert!(format_value(1e300, "locale", Some(2)).starts_with("1,000,000,"));
    assert!(!format_value(f64::MAX, "dateTimeAsIso", None).is_empty());
    assert!(!format_value(-1e18, "clockms", None).is_empty());
}

/// Every `"unit"` of a panel and every unit-like `"format"` (legacy yaxes, singlestat) in the
/// real dashboards: all of them are catalogue units and none formats as a raw id.
#[test]
fn every_unit_of_the_real_dashboards_is_known() {
    fn collect(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                let is_query = map.contains_key("refId") || map.contains_key("expr");
                for (key, child) in map {
                    match (key.as_str(), child) {
                        ("unit", serde_json::Value::String(id)) => found.push(id.clone()),
                        ("format", serde_json::Value::String(id)) if !is_query => {
                            found.push(id.clone())
                        }
                        _ => collect(child, found),
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
            _ => {}
        }
    }
    let dashboards = [
        include_str!("../../../../tests/fixtures/grafana/node-exporter-full.json"),
        include_str!("../../../../tests/fixtures/grafana/rfmoz-alertmanager.json"),
        include_str!("../../../../tests/fixtures/grafana/loki-deletion.json"),
    ];
    let mut units = Vec::new();
    for text in dashboards {
        let json: serde_json::Value = serde_json::from_str(text).expect("fixture is JSON");
        collect(&json, &mut units);
    }
    units.sort();
    units.dedup();
    // The fixtures' units, so that a fixture change that drops them is noticed.
    for expected in [
        "bool_yes_no",
        "bytes",
        "dtdurations",
        "hertz",
        "pps",
        "rotrpm",
        "short",
    ] {
        assert!(
            units.iter().any(|u| u == expected),
            "{expected} in {units:?}"
        );
    }
    for id in &units {
        assert!(unit_info(id).is_some(), "{id} is a Grafana catalogue unit");
        // Not the unknown-id fallback, which would print "<number> <id>".
        assert_ne!(value_format(id).kind, Kind::Suffix(id), "{id}");
        let text = format_value(1234.5, id, None);
        assert!(
            !text.ends_with(&format!(" {id}")) || id == "s",
            "{id} -> {text}"
        );
    }
    // The node exporter dashboard's own cases, as Grafana draws them.
    check(&[
        ("dtdurations", 1_179_811.0, None, "1 week"),
        ("dtdurations", 1_179_811.0, Some(1), "1 week, 6 days"),
        ("bool_yes_no", 0.0, None, "No"),
        ("hertz", 3.6e9, None, "3.60 GHz"),
        ("rotrpm", 1200.0, None, "1200 rpm"),
        ("eps", 12.0, None, "12 evt/s"),
        ("celsius", 45.0, None, "45 °C"),
        ("decbits", 1e6, None, "1 Mb"),
        ("iops", 150.0, None, "150 io/s"),
    ]);
}

#[test]
fn ticks_are_nice_and_unit_aware() {
    assert_eq!(tick_step(10.0, 5, "none"), 2.0);
    assert_eq!(tick_step(0.7, 7, "none"), 0.1);
    assert_eq!(
        tick_step(10.0 * 1024f64.powi(3), 5, "bytes"),
        2.0 * 1024f64.powi(3)
    );
    assert_eq!(tick_step(3000.0, 4, "bytes"), 1024.0);
    assert_eq!(tick_step(3000.0, 4, "binBps"), 1024.0);
    assert_eq!(tick_step(3600.0, 4, "s"), 900.0);
    assert_eq!(tick_step(7_200_000.0, 5, "ms"), 1_800_000.0);
    assert_eq!(tick_step(0.0, 5, "s"), 1.0);
    let labels = |ticks: Vec<(f64, String)>| ticks.into_iter().map(|t| t.1).collect::<Vec<_>>();
    assert_eq!(
        labels(value_ticks(0.0, 1.0, 5, "percentunit", None)),
        ["0%", "20%", "40%", "60%", "80%", "100%"]
    );
    assert_eq!(
        labels(value_ticks(0.0, 3.0 * 1024.0 * 1024.0, 3, "bytes", None)),
        ["0 MiB", "1 MiB", "2 MiB", "3 MiB"]
    );
    assert_eq!(
        labels(value_ticks(0.0, 1.6, 4, "s", None)),
        ["0 ms", "500 ms", "1.0 s", "1.5 s"]
    );
    assert_eq!(
        labels(value_ticks(0.0, 3000.0, 3, "short", None)),
        ["0 K", "1 K", "2 K", "3 K"]
    );
    assert_eq!(
        labels(value_ticks(0.0, 1.0, 1, "bool_yes_no", None)),
        ["No", "Yes"]
    );
    // Prometheus 2.0 Stats' Memory Profile: a 1500 MiB top tick among 500 MiB steps.
    assert_eq!(
        format_tick(
            1500.0 * 1024.0 * 1024.0,
            500.0 * 1024.0 * 1024.0,
            "bytes",
            None
        ),
        "1.46 GiB"
    );
    assert_eq!(
        format_tick(
            1000.0 * 1024.0 * 1024.0,
            500.0 * 1024.0 * 1024.0,
            "bytes",
            None
        ),
        "1000 MiB"
    );
    assert!(value_ticks(f64::NAN, 1.0, 4, "", None).is_empty());
    assert!(value_ticks(0.0, 1e300, 0, "", None).len() <= 1000);
}
