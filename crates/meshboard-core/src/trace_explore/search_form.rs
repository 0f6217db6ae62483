//! The trace search form: its six fields as the `/explore/traces` URL carries them, what
//! pressing "Find traces" does with them, and the Jaeger query a URL asks for. The search runs
//! from the URL (so a search can be shared); the form only writes the URL.

use super::parse_duration_us;
use crate::jaeger::{parse_tags_logfmt, TraceQuery};

/// The URL parameters of the form, in the order of [`SearchForm::from_values`].
pub const PARAMS: [&str; 6] = [
    "service",
    "operation",
    "tags",
    "minDuration",
    "maxDuration",
    "limit",
];

/// Traces asked for when the limit box is empty or not a positive number.
pub const DEFAULT_LIMIT: u32 = 20;

/// The form's fields as typed (or as read from the URL).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchForm {
    pub service: String,
    pub operation: String,
    /// Logfmt tag filters: `error=true http.status_code=500`.
    pub tags: String,
    pub min_duration: String,
    pub max_duration: String,
    pub limit: String,
}

/// What "Find traces" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submit {
    /// A duration box holds no duration: say so, change nothing.
    Invalid(String),
    /// The URL already asks for this search: run it again (a refresh).
    Rerun,
    /// Write these parameters into the URL (`None` removes one); the search follows the URL.
    Navigate(Vec<(&'static str, Option<String>)>),
}

/// What a URL asks the search to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchPlan {
    /// No service chosen: nothing to search.
    Idle,
    /// The URL holds something the search cannot run with (a bad duration).
    Invalid(String),
    Run(TraceQuery),
}

impl SearchPlan {
    /// The query to run, if any.
    pub fn query(&self) -> Option<&TraceQuery> {
        match self {
            SearchPlan::Run(query) => Some(query),
            _ => None,
        }
    }

    /// Why the search cannot run, if it cannot.
    pub fn problem(&self) -> Option<&str> {
        match self {
            SearchPlan::Invalid(problem) => Some(problem),
            _ => None,
        }
    }
}

impl SearchForm {
    /// The fields in [`PARAMS`] order.
    pub fn from_values(values: [String; 6]) -> SearchForm {
        let [service, operation, tags, min_duration, max_duration, limit] = values;
        SearchForm {
            service,
            operation,
            tags,
            min_duration,
            max_duration,
            limit,
        }
    }

    /// Both duration boxes hold a duration or nothing; else the first one's complaint.
    pub fn check_durations(&self) -> Result<(Option<i64>, Option<i64>), String> {
        let min = parse_duration_us(&self.min_duration)?;
        let max = parse_duration_us(&self.max_duration)?;
        Ok((min, max))
    }

    /// "Find traces" pressed with this form while the URL holds `url`. Fields are compared as
    /// typed, and written trimmed, empty ones removed.
    pub fn submit(&self, url: &SearchForm) -> Submit {
        if let Err(problem) = self.check_durations() {
            return Submit::Invalid(problem);
        }
        if self == url {
            return Submit::Rerun;
        }
        let values = [
            &self.service,
            &self.operation,
            &self.tags,
            &self.min_duration,
            &self.max_duration,
            &self.limit,
        ];
        let params = PARAMS
            .into_iter()
            .zip(values)
            .map(|(key, value)| {
                (
                    key,
                    Some(value.trim().to_string()).filter(|v| !v.is_empty()),
                )
            })
            .collect();
        Submit::Navigate(params)
    }

    /// The search this (URL) form asks for over `[start_ms, end_ms]`.
    pub fn plan(&self, start_ms: i64, end_ms: i64) -> SearchPlan {
        if self.service.is_empty() {
            return SearchPlan::Idle;
        }
        let (min_duration_us, max_duration_us) = match self.check_durations() {
            Ok(pair) => pair,
            Err(problem) => return SearchPlan::Invalid(problem),
        };
        SearchPlan::Run(TraceQuery {
            service: self.service.clone(),
            operation: Some(self.operation.clone()).filter(|o| !o.is_empty()),
            tags: parse_tags_logfmt(&self.tags),
            min_duration_us,
            max_duration_us,
            start_us: start_ms.saturating_mul(1000),
            end_us: end_ms.saturating_mul(1000),
            limit: self
                .limit
                .trim()
                .parse()
                .ok()
                .filter(|l| *l > 0)
                .unwrap_or(DEFAULT_LIMIT),
        })
    }
}

/// A select's options: the names Jaeger listed, with the current choice first when Jaeger did
/// not list it (a shared URL naming a service that is quiet now still shows what it asks for).
pub fn options_with_current(listed: &[String], current: &str) -> Vec<String> {
    let mut options = listed.to_vec();
    if !current.is_empty() && !listed.iter().any(|name| name == current) {
        options.insert(0, current.to_string());
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(service: &str, min: &str, max: &str, limit: &str) -> SearchForm {
        SearchForm {
            service: service.into(),
            min_duration: min.into(),
            max_duration: max.into(),
            limit: limit.into(),
            ..SearchForm::default()
        }
    }

    #[test]
    fn reads_the_fields_in_url_order() {
        let values = PARAMS.map(|p| format!("{p}!"));
        let form = SearchForm::from_values(values);
        assert_eq!(form.service, "service!");
        assert_eq!(form.tags, "tags!");
        assert_eq!(form.max_duration, "maxDuration!");
        assert_eq!(form.limit, "limit!");
    }

    #[test]
    fn plans_the_query_from_the_url() {
        assert_eq!(form("", "", "", "").plan(0, 1), SearchPlan::Idle);
        let mut url = form("agent-mesh", "1.5ms", "2s", " 50 ");
        url.operation = "federated_round".into();
        url.tags = "error=true".into();
        let plan = url.plan(1_000, 2_000);
        let query = plan.query().expect("a query");
        assert_eq!(query.service, "agent-mesh");
        assert_eq!(query.operation.as_deref(), Some("federated_round"));
        assert_eq!(query.tags, vec![("error".to_string(), "true".to_string())]);
        assert_eq!(
            (query.min_duration_us, query.max_duration_us),
            (Some(1_500), Some(2_000_000))
        );
        assert_eq!((query.start_us, query.end_us), (1_000_000, 2_000_000));
        assert_eq!(query.limit, 50);
        assert!(plan.problem().is_none());
    }

    #[test]
    fn an_unusable_limit_is_the_default_and_no_operation_is_all() {
        for limit in ["", "0", "-3", "many"] {
            let plan = form("s", "", "", limit).plan(0, 1);
            assert_eq!(plan.query().map(|q| q.limit), Some(DEFAULT_LIMIT));
            assert_eq!(plan.query().and_then(|q| q.operation.clone()), None);
        }
    }

    #[test]
    fn a_bad_duration_in_the_url_is_a_problem_not_a_query() {
        let plan = form("s", "1ms", "later", "").plan(0, 1);
        assert!(plan.query().is_none());
        assert!(plan.problem().is_some_and(|p| p.contains("`later`")));
        // The minimum is read first.
        let plan = form("s", "soon", "later", "").plan(0, 1);
        assert!(plan.problem().is_some_and(|p| p.contains("`soon`")));
    }

    #[test]
    fn submitting_checks_durations_reruns_or_navigates() {
        let url = form("s", "", "", "");
        assert!(matches!(
            form("s", "x", "", "").submit(&url),
            Submit::Invalid(p) if p.contains("`x`")
        ));
        assert_eq!(url.submit(&url), Submit::Rerun);
        let Submit::Navigate(params) = form(" t ", "5ms", "", "").submit(&url) else {
            panic!("a new search navigates");
        };
        assert_eq!(params[0], ("service", Some("t".to_string())));
        assert_eq!(params[1], ("operation", None));
        assert_eq!(params[3], ("minDuration", Some("5ms".to_string())));
        assert_eq!(params[5], ("limit", None));
    }

    #[test]
    fn options_keep_the_current_choice() {
        let listed = vec!["a".to_string(), "b".to_string()];
        assert_eq!(options_with_current(&listed, "b"), listed);
        assert_eq!(options_with_current(&listed, ""), listed);
        assert_eq!(options_with_current(&listed, "z"), vec!["z", "a", "b"]);
        assert_eq!(options_with_current(&[], "z"), vec!["z"]);
    }
}
