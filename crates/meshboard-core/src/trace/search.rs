//! Span search and filter inside one trace: service, operation, tags, minimum duration and
//! free text (Jaeger's "find" box: words or `key=value` terms, all of which must match).

use super::model::{Span, Tag, Trace};

/// What to look for. Empty fields do not restrict.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpanFilter {
    /// Whitespace-separated terms: `key=value` matches a tag, process tag or log field;
    /// other words match (case-insensitively) in the service, operation, span id, tag keys or
    /// tag values.
    pub text: String,
    pub service: Option<String>,
    pub operation: Option<String>,
    /// Required tags: `(key, Some(value))` for an exact value, `(key, None)` for presence.
    pub tags: Vec<(String, Option<String>)>,
    pub min_duration_us: Option<i64>,
}

impl SpanFilter {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && self.service.is_none()
            && self.operation.is_none()
            && self.tags.is_empty()
            && self.min_duration_us.is_none()
    }
}

/// One flag per span: does it match the filter? (All true for an empty filter.)
pub fn matching_spans(trace: &Trace, filter: &SpanFilter) -> Vec<bool> {
    let terms: Vec<Term> = filter.text.split_whitespace().map(Term::parse).collect();
    trace
        .spans
        .iter()
        .map(|span| span_matches(trace, span, filter, &terms))
        .collect()
}

enum Term {
    KeyValue(String, String),
    Word(String),
}

impl Term {
    fn parse(text: &str) -> Term {
        match text.split_once('=') {
            Some((key, value)) if !key.is_empty() => {
                Term::KeyValue(key.to_string(), value.to_string())
            }
            _ => Term::Word(text.to_lowercase()),
        }
    }
}

fn span_matches(trace: &Trace, span: &Span, filter: &SpanFilter, terms: &[Term]) -> bool {
    let service = trace.service_of(span);
    if filter.service.as_deref().is_some_and(|s| s != service) {
        return false;
    }
    if filter
        .operation
        .as_deref()
        .is_some_and(|o| o != span.operation)
    {
        return false;
    }
    if filter
        .min_duration_us
        .is_some_and(|min| span.duration_us < min)
    {
        return false;
    }
    let process_tags = trace
        .process_of(span)
        .map_or(&[][..], |p| p.tags.as_slice());
    let all_tags = || {
        span.tags
            .iter()
            .chain(process_tags)
            .chain(span.logs.iter().flat_map(|l| l.fields.iter()))
    };
    let has_tag = |key: &str, value: Option<&str>| {
        all_tags().any(|t: &Tag| t.key == key && value.is_none_or(|v| t.value.to_string() == v))
    };
    if !filter.tags.iter().all(|(k, v)| has_tag(k, v.as_deref())) {
        return false;
    }
    terms.iter().all(|term| match term {
        Term::KeyValue(key, value) => has_tag(key, Some(value)),
        Term::Word(word) => {
            contains_lower(service, word)
                || contains_lower(&span.operation, word)
                || contains_lower(&span.span_id, word)
                || all_tags().any(|t| {
                    contains_lower(&t.key, word) || contains_lower(&t.value.to_string(), word)
                })
        }
    })
}

fn contains_lower(haystack: &str, lower_needle: &str) -> bool {
    haystack.to_lowercase().contains(lower_needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::model::{Process, TagValue};
    use crate::trace::tree::tests::{span, trace};

    fn sample() -> Trace {
        let mut t = trace(vec![
            span("root", "", 0, 1000),
            span("db", "root", 10, 300),
            span("cache", "root", 400, 5),
        ]);
        t.processes.push(Process {
            service: "mysql".into(),
            tags: vec![Tag::new("ip", TagValue::Str("10.0.0.1".into()))],
        });
        t.spans[1].process = 1;
        t.spans[1]
            .tags
            .push(Tag::new("error", TagValue::Bool(true)));
        t.spans[2]
            .tags
            .push(Tag::new("http.status_code", TagValue::Int(500)));
        t
    }

    #[test]
    fn filters_combine() {
        let t = sample();
        assert_eq!(
            matching_spans(&t, &SpanFilter::default()),
            vec![true, true, true]
        );
        let by_service = SpanFilter {
            service: Some("mysql".into()),
            ..SpanFilter::default()
        };
        assert_eq!(matching_spans(&t, &by_service), vec![false, true, false]);
        let slow = SpanFilter {
            min_duration_us: Some(100),
            ..SpanFilter::default()
        };
        assert_eq!(matching_spans(&t, &slow), vec![true, true, false]);
        let tagged = SpanFilter {
            tags: vec![("http.status_code".into(), Some("500".into()))],
            ..SpanFilter::default()
        };
        assert_eq!(matching_spans(&t, &tagged), vec![false, false, true]);
        let op = SpanFilter {
            operation: Some("op-root".into()),
            ..SpanFilter::default()
        };
        assert_eq!(matching_spans(&t, &op), vec![true, false, false]);
    }

    #[test]
    fn free_text_terms() {
        let t = sample();
        let find = |text: &str| {
            matching_spans(
                &t,
                &SpanFilter {
                    text: text.into(),
                    ..SpanFilter::default()
                },
            )
        };
        assert_eq!(find("error=true"), vec![false, true, false]);
        assert_eq!(find("ip=10.0.0.1"), vec![false, true, false]);
        assert_eq!(find("CACHE"), vec![false, false, true]);
        assert_eq!(find("op svc"), vec![true, false, true]);
        assert_eq!(find("nothing-like-this"), vec![false, false, false]);
    }
}
