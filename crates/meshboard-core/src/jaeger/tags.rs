//! The tag search box: logfmt (`error=true http.status_code=500`), as in Jaeger's UI.

use crate::loki::logfmt::{format_logfmt, LogfmtPairs};

/// Parses the tags box. A bare key means `key=true` (as Jaeger's UI reads logfmt); quoted
/// values may contain spaces. Later duplicates replace earlier ones.
pub fn parse_tags_logfmt(text: &str) -> Vec<(String, String)> {
    let mut tags: Vec<(String, String)> = Vec::new();
    for (key, value) in LogfmtPairs::new(text) {
        let value = if value.is_empty() && !text.contains(&format!("{key}=")) {
            "true".to_string()
        } else {
            value
        };
        match tags.iter_mut().find(|(k, _)| *k == key) {
            Some(existing) => existing.1 = value,
            None => tags.push((key, value)),
        }
    }
    tags
}

/// Writes tags back as logfmt (for the URL and the input box).
pub fn format_tags_logfmt(tags: &[(String, String)]) -> String {
    format_logfmt(tags.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_the_search_box() {
        assert_eq!(
            parse_tags_logfmt("error=true http.status_code=500"),
            kv(&[("error", "true"), ("http.status_code", "500")])
        );
        assert_eq!(
            parse_tags_logfmt(r#"error msg="slow round" empty="#),
            kv(&[("error", "true"), ("msg", "slow round"), ("empty", "")])
        );
        assert_eq!(parse_tags_logfmt("a=1 a=2"), kv(&[("a", "2")]));
        assert!(parse_tags_logfmt("  ").is_empty());
    }

    #[test]
    fn round_trips() {
        let tags = kv(&[("error", "true"), ("msg", "slow round")]);
        assert_eq!(format_tags_logfmt(&tags), r#"error=true msg="slow round""#);
        assert_eq!(parse_tags_logfmt(&format_tags_logfmt(&tags)), tags);
    }
}
