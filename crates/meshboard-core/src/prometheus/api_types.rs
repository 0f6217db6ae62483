//! Typed `data` of the metadata endpoints: metadata, targets, rules, alerts, exemplars and
//! build info. Fields Meshboard does not read are ignored and absent ones default, so the
//! same types accept Prometheus 2.x/3.x and VictoriaMetrics.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::sample::{seconds_to_ms, SampleValue};
use crate::frame::Labels;

/// `GET /api/v1/metadata`: metric name -> its metadata (one entry per target that differs).
pub type MetadataMap = BTreeMap<String, Vec<MetricMetadata>>;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MetricMetadata {
    /// `counter`, `gauge`, `histogram`, `gaugehistogram`, `summary`, `info`, `stateset`, `unknown`.
    #[serde(rename = "type")]
    pub kind: String,
    pub help: String,
    pub unit: String,
}

/// `GET /api/v1/targets`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TargetsData {
    pub active_targets: Vec<ActiveTarget>,
    pub dropped_targets: Vec<DroppedTarget>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActiveTarget {
    pub discovered_labels: Labels,
    pub labels: Labels,
    pub scrape_pool: String,
    pub scrape_url: String,
    pub global_url: String,
    pub last_error: String,
    /// RFC 3339; see [`parse_rfc3339_ms`].
    pub last_scrape: String,
    /// Seconds.
    pub last_scrape_duration: f64,
    /// `up`, `down` or `unknown`.
    pub health: String,
    pub scrape_interval: String,
    pub scrape_timeout: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DroppedTarget {
    pub discovered_labels: Labels,
}

/// `GET /api/v1/rules`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RulesData {
    pub groups: Vec<RuleGroup>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RuleGroup {
    pub name: String,
    pub file: String,
    pub rules: Vec<Rule>,
    /// Seconds.
    pub interval: f64,
    pub evaluation_time: f64,
    pub last_evaluation: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    Alerting,
    #[default]
    Recording,
}

/// A recording or alerting rule, flattened into one struct (the alerting-only fields stay
/// empty for recording rules) so that no intermediate buffering is needed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Rule {
    #[serde(rename = "type")]
    pub kind: RuleKind,
    pub name: String,
    pub query: String,
    pub labels: Labels,
    pub annotations: Labels,
    /// `firing`, `pending` or `inactive` (alerting rules).
    pub state: String,
    /// The `for` duration, seconds.
    pub duration: f64,
    pub alerts: Vec<Alert>,
    /// `ok`, `err` or `unknown`.
    pub health: String,
    pub last_error: String,
    pub evaluation_time: f64,
    pub last_evaluation: String,
}

/// `GET /api/v1/alerts`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct AlertsData {
    pub alerts: Vec<Alert>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Alert {
    pub labels: Labels,
    pub annotations: Labels,
    /// `firing` or `pending`.
    pub state: String,
    /// RFC 3339; absent for some engines.
    pub active_at: Option<String>,
    #[serde(deserialize_with = "sample_value")]
    pub value: f64,
}

/// `GET /api/v1/query_exemplars`: one entry per series.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExemplarSeries {
    pub series_labels: Labels,
    pub exemplars: Vec<Exemplar>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Exemplar {
    /// Usually `trace_id` (and `span_id`): the link to the trace view.
    pub labels: Labels,
    #[serde(deserialize_with = "sample_value")]
    pub value: f64,
    #[serde(rename = "timestamp", deserialize_with = "seconds_as_ms")]
    pub time_ms: f64,
}

/// `GET /api/v1/status/buildinfo`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BuildInfo {
    pub version: String,
    pub revision: String,
    pub branch: String,
    pub build_user: String,
    pub build_date: String,
    pub go_version: String,
}

fn sample_value<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(SampleValue)
}

fn seconds_as_ms<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    f64::deserialize(d).map(seconds_to_ms)
}

/// Parses the RFC 3339 times Prometheus writes (`2026-11-21T16:03:32.277491412Z`,
/// `...+02:00`) to epoch ms; `None` for anything else, including Go's zero time.
pub fn parse_rfc3339_ms(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let (hour, minute, second) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || year < 1 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0.0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        let mut scale = 100.0;
        while let Some(d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            millis += f64::from(d - b'0') * scale;
            scale /= 10.0;
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_minutes = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let minutes = digits(b, i + 1, 2)? * 60 + digits(b, i + 4, 2)?;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let days = crate::time_ticks::days_from_civil(year, month as u32, day as u32);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds as f64 * 1000.0 + millis.floor())
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<i64> {
    b.get(start..start + len)?.iter().try_fold(0i64, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_to_epoch_ms() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_rfc3339_ms("2026-11-21T16:03:32.277491412Z"),
            Some(1_795_277_012_277.0)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T01:00:00+01:00"),
            Some(1_709_164_800_000.0)
        );
        assert_eq!(
            parse_rfc3339_ms("0001-01-01T00:00:00Z"),
            Some(-62_135_596_800_000.0)
        );
        for bad in [
            "",
            "2024-02-29",
            "2024-13-01T00:00:00Z",
            "2024-01-01T00:00:00.Z",
            "nonsense!!!!!!!!!!!!!",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn rules_and_alerts_decode_with_defaults() {
        let rules: RulesData = serde_json::from_str(
            r#"{"groups":[{"name":"g","rules":[
               {"type":"alerting","name":"A","query":"up==0","duration":60,
                "alerts":[{"labels":{"x":"1"},"state":"firing","value":"1e+00"}]},
               {"type":"recording","name":"r","query":"sum(up)","health":"ok"}]}]}"#,
        )
        .unwrap();
        let rule = &rules.groups[0].rules[0];
        assert_eq!(rule.kind, RuleKind::Alerting);
        assert_eq!(rule.alerts[0].value, 1.0);
        assert_eq!(rules.groups[0].rules[1].kind, RuleKind::Recording);
        let e: Exemplar = serde_json::from_str(
            r#"{"labels":{"trace_id":"ab"},"value":"6","timestamp":1600096945.479}"#,
        )
        .unwrap();
        assert_eq!((e.value, e.time_ms), (6.0, 1600096945479.0));
    }
}
