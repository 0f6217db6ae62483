//! Silences: their state at a given time, the draft a user writes (checked field by field
//! before Alertmanager sees it, then written as its `PostableSilence`), and the preview of the
//! current alerts a draft would silence.

use std::collections::BTreeMap;

use serde::Serialize;

use super::api::{ApiMatcher, GettableAlert, GettableSilence, SilenceState};
use super::matcher::{
    all_match, matchers_text, parse_matcher_parts, regex_error, MatchType, MatcherParts,
};
use crate::panel_calc::iso_utc;
use crate::prometheus::parse_rfc3339_ms;
use crate::step::{format_prom_duration, parse_prom_duration_units};

/// Alertmanager's rule (`silence.go`): expired once the end is reached, pending before the
/// start, active between.
pub fn silence_state(starts_ms: f64, ends_ms: f64, now_ms: f64) -> SilenceState {
    if ends_ms <= now_ms {
        SilenceState::Expired
    } else if starts_ms > now_ms {
        SilenceState::Pending
    } else {
        SilenceState::Active
    }
}

/// A listed silence's state now, from its times (the listed one was true when it was fetched).
pub fn listed_state(silence: &GettableSilence, now_ms: f64) -> SilenceState {
    match (
        parse_rfc3339_ms(&silence.starts_at),
        parse_rfc3339_ms(&silence.ends_at),
    ) {
        (Some(start), Some(end)) => silence_state(start, end, now_ms),
        _ => silence.status.state,
    }
}

/// The silence form as typed: every field is text, so nothing typed is lost on an error (the
/// UI keeps it in `sessionStorage` as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SilenceDraft {
    /// The silence being edited: Alertmanager replaces it.
    pub id: Option<String>,
    /// In Alertmanager's syntax: `{alertname="X", severity=~"critical|warning"}`.
    pub matchers: String,
    /// RFC 3339; empty for now.
    pub starts_at: String,
    /// `2h`, `1d12h`; when empty, `ends_at` is the end.
    pub duration: String,
    pub ends_at: String,
    pub created_by: String,
    pub comment: String,
}

/// Which field a problem is about, so the form shows it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    Matchers,
    StartsAt,
    Duration,
    EndsAt,
    CreatedBy,
    Comment,
}

impl DraftField {
    pub fn as_str(self) -> &'static str {
        match self {
            DraftField::Matchers => "matchers",
            DraftField::StartsAt => "startsAt",
            DraftField::Duration => "duration",
            DraftField::EndsAt => "endsAt",
            DraftField::CreatedBy => "createdBy",
            DraftField::Comment => "comment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    pub field: DraftField,
    pub message: String,
}

fn problem(field: DraftField, message: impl Into<String>) -> DraftError {
    DraftError {
        field,
        message: message.into(),
    }
}

/// `PostableSilence` as Alertmanager's API reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostableSilence {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub matchers: Vec<ApiMatcher>,
    pub starts_at: String,
    pub ends_at: String,
    pub created_by: String,
    pub comment: String,
}

impl PostableSilence {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl SilenceDraft {
    /// A new draft silencing exactly this alert: one `=` matcher per label, as Alertmanager's
    /// own UI prefills it, for two hours from now.
    pub fn from_labels(labels: &BTreeMap<String, String>) -> SilenceDraft {
        let parts: Vec<MatcherParts> = labels
            .iter()
            .map(|(name, value)| MatcherParts {
                kind: MatchType::Equal,
                name: name.clone(),
                value: value.clone(),
            })
            .collect();
        SilenceDraft {
            matchers: matchers_text(&parts),
            duration: "2h".into(),
            ..SilenceDraft::default()
        }
    }

    /// The draft that edits `silence` (same id, matchers, times and words).
    pub fn from_silence(silence: &GettableSilence) -> SilenceDraft {
        let parts: Vec<MatcherParts> = silence
            .matchers
            .iter()
            .map(MatcherParts::from_api)
            .collect();
        SilenceDraft {
            id: Some(silence.id.clone()),
            matchers: matchers_text(&parts),
            starts_at: silence.starts_at.clone(),
            duration: String::new(),
            ends_at: silence.ends_at.clone(),
            created_by: silence.created_by.clone(),
            comment: silence.comment.clone(),
        }
    }

    /// The draft's matchers, syntax checked (regexes are Alertmanager's to judge).
    pub fn matcher_parts(&self) -> Result<Vec<MatcherParts>, DraftError> {
        let parts =
            parse_matcher_parts(&self.matchers).map_err(|e| problem(DraftField::Matchers, e))?;
        if parts.is_empty() {
            return Err(problem(
                DraftField::Matchers,
                "at least one matcher required, e.g. alertname=\"MeshNodeDown\"",
            ));
        }
        Ok(parts)
    }

    /// The silence to POST at `now_ms`, or the first problem (in form order) with its field.
    pub fn validate(&self, now_ms: f64) -> Result<PostableSilence, DraftError> {
        let parts = self.matcher_parts()?;
        if parts.iter().all(matches_empty) {
            return Err(problem(
                DraftField::Matchers,
                "at least one matcher must not match the empty string",
            ));
        }
        let start = match self.starts_at.trim() {
            "" => now_ms,
            text => parse_rfc3339_ms(text).ok_or_else(|| {
                problem(DraftField::StartsAt, format!("start {text:?} is not an RFC 3339 time such as 2026-12-07T15:00:00Z (leave it empty for now)"))
            })?,
        };
        let end = match (self.duration.trim(), self.ends_at.trim()) {
            ("", "") => {
                return Err(problem(
                    DraftField::Duration,
                    "give a duration (2h, 1d12h) or an end time",
                ));
            }
            ("", text) => parse_rfc3339_ms(text).ok_or_else(|| {
                problem(
                    DraftField::EndsAt,
                    format!("end {text:?} is not an RFC 3339 time such as 2026-12-07T17:00:00Z"),
                )
            })?,
            (text, _) => match parse_prom_duration_units(text) {
                Some(ms) if ms > 0.0 => start + ms,
                _ => {
                    return Err(problem(
                        DraftField::Duration,
                        format!("duration {text:?} is not a positive duration such as 2h or 1d12h"),
                    ));
                }
            },
        };
        let end_field = if self.duration.trim().is_empty() {
            DraftField::EndsAt
        } else {
            DraftField::Duration
        };
        if end <= start {
            return Err(problem(end_field, "start time must be before end time"));
        }
        if end <= now_ms {
            return Err(problem(end_field, "end time can't be in the past"));
        }
        if self.created_by.trim().is_empty() {
            return Err(problem(
                DraftField::CreatedBy,
                "say who creates the silence (creator)",
            ));
        }
        if self.comment.trim().is_empty() {
            return Err(problem(
                DraftField::Comment,
                "say why in a comment (a ticket, the planned work)",
            ));
        }
        Ok(PostableSilence {
            id: self.id.clone().filter(|id| !id.is_empty()),
            matchers: parts.iter().map(MatcherParts::to_api).collect(),
            starts_at: iso_utc(start as i64),
            ends_at: iso_utc(end as i64),
            created_by: self.created_by.trim().to_string(),
            comment: self.comment.clone(),
        })
    }

    /// `1h30m` between the draft's start and end when both are readable, for the form's hint.
    pub fn span_text(&self, now_ms: f64) -> Option<String> {
        let silence = self.validate(now_ms).ok()?;
        let (start, end) = (
            parse_rfc3339_ms(&silence.starts_at)?,
            parse_rfc3339_ms(&silence.ends_at)?,
        );
        Some(format_prom_duration(end - start))
    }
}

/// Alertmanager's `matchesEmpty`: an `=""`, or a regex (unanchored, as it checks) that matches
/// the empty string. A regex this crate cannot compile is left to Alertmanager.
fn matches_empty(m: &MatcherParts) -> bool {
    match m.kind {
        MatchType::Equal => m.value.is_empty(),
        MatchType::Regexp => {
            regex_error(&m.value).is_none()
                && regex_lite::Regex::new(&m.value).is_ok_and(|re| re.is_match(""))
        }
        MatchType::NotEqual | MatchType::NotRegexp => false,
    }
}

/// The current alerts the draft's matchers select (each alert once), or why it cannot tell
/// (a syntax error, or a regex with its error).
pub fn preview(
    draft: &SilenceDraft,
    alerts: &[GettableAlert],
) -> Result<Vec<GettableAlert>, String> {
    let parts = draft.matcher_parts().map_err(|e| e.message)?;
    let matchers = parts
        .iter()
        .map(MatcherParts::compile)
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = std::collections::BTreeSet::new();
    Ok(alerts
        .iter()
        .filter(|a| all_match(&matchers, &a.labels) && seen.insert(a.fingerprint.clone()))
        .cloned()
        .collect())
}

/// A listed silence's matchers as one line of Alertmanager's syntax.
pub fn silence_matchers_text(silence: &GettableSilence) -> String {
    let parts: Vec<MatcherParts> = silence
        .matchers
        .iter()
        .map(MatcherParts::from_api)
        .collect();
    matchers_text(&parts)
}
