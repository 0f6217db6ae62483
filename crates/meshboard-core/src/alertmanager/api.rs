//! Alertmanager API v2 answers as serde types (`/api/v2/alerts/groups`, `/api/v2/alerts`,
//! `/api/v2/silences`, the silence POST answer) and the text of its error answers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::prometheus::parse_rfc3339_ms;

/// One group as Alertmanager's route grouped it (`alertGroup`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AlertGroup {
    /// The `group_by` labels and their values.
    pub labels: BTreeMap<String, String>,
    pub receiver: Receiver,
    pub alerts: Vec<GettableAlert>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Receiver {
    pub name: String,
}

/// One alert (`gettableAlert`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GettableAlert {
    pub labels: BTreeMap<String, String>,
    #[serde(default)]
    pub annotations: BTreeMap<String, String>,
    #[serde(default)]
    pub receivers: Vec<Receiver>,
    pub fingerprint: String,
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub updated_at: String,
    /// Absent when the sender gave none (a `Watchdog` posted by hand).
    #[serde(rename = "generatorURL", default)]
    pub generator_url: String,
    pub status: AlertStatus,
}

impl GettableAlert {
    /// When it started firing, epoch ms.
    pub fn starts_at_ms(&self) -> Option<f64> {
        parse_rfc3339_ms(&self.starts_at)
    }
}

/// `alertStatus`: the state and what suppresses it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertStatus {
    pub state: AlertState,
    /// Ids of the silences that match it.
    #[serde(default)]
    pub silenced_by: Vec<String>,
    /// Fingerprints of the alerts that inhibit it.
    #[serde(default)]
    pub inhibited_by: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertState {
    Unprocessed,
    Active,
    Suppressed,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Unprocessed => "unprocessed",
            AlertState::Active => "active",
            AlertState::Suppressed => "suppressed",
        }
    }
}

/// A matcher as the API writes it (`matcher`: `isEqual` defaults to true).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiMatcher {
    pub name: String,
    pub value: String,
    pub is_regex: bool,
    #[serde(default = "yes")]
    pub is_equal: bool,
}

fn yes() -> bool {
    true
}

/// A silence as Alertmanager lists it (`gettableSilence`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GettableSilence {
    pub id: String,
    pub status: SilenceStatus,
    #[serde(default)]
    pub updated_at: String,
    pub matchers: Vec<ApiMatcher>,
    pub starts_at: String,
    pub ends_at: String,
    pub created_by: String,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SilenceStatus {
    pub state: SilenceState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SilenceState {
    Active,
    Pending,
    Expired,
}

impl SilenceState {
    pub fn as_str(self) -> &'static str {
        match self {
            SilenceState::Active => "active",
            SilenceState::Pending => "pending",
            SilenceState::Expired => "expired",
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostSilenceAnswer {
    #[serde(rename = "silenceID")]
    silence_id: String,
}

/// Reads a 2xx body as `T`, or says which answer it could not read.
fn parse_json<T: for<'de> Deserialize<'de>>(what: &str, body: &str) -> Result<T, String> {
    serde_json::from_str(body)
        .map_err(|e| format!("Alertmanager's {what} answer could not be read: {e}"))
}

/// `/api/v2/alerts/groups`.
pub fn parse_groups(body: &str) -> Result<Vec<AlertGroup>, String> {
    parse_json("alert groups", body)
}

/// `/api/v2/alerts`.
pub fn parse_alerts(body: &str) -> Result<Vec<GettableAlert>, String> {
    parse_json("alerts", body)
}

/// `/api/v2/silences`.
pub fn parse_silences(body: &str) -> Result<Vec<GettableSilence>, String> {
    parse_json("silences", body)
}

/// The id in the answer to `POST /api/v2/silences`.
pub fn parse_silence_id(body: &str) -> Result<String, String> {
    parse_json::<PostSilenceAnswer>("silence", body).map(|a| a.silence_id)
}

/// The message of a non-2xx answer, as close to Alertmanager's own words as the body allows:
/// its handlers answer a JSON string (`"bad matcher format: foo"`), go-swagger's validation a
/// `{"code", "message"}` object, and a proxy (401/403) whatever it likes, named by status.
pub fn parse_error_body(status: u16, body: &str) -> String {
    if let Ok(text) = serde_json::from_str::<String>(body) {
        return text;
    }
    #[derive(Deserialize)]
    struct Validation {
        message: String,
    }
    if let Ok(v) = serde_json::from_str::<Validation>(body) {
        return v.message;
    }
    let reason = match status {
        401 => "not authorized (401): the proxy in front of Alertmanager refused the credentials",
        403 => "forbidden (403): the proxy in front of Alertmanager does not allow this",
        404 => "not found (404): is datasources.alertmanager.url Alertmanager's address?",
        _ => "",
    };
    let text = body.trim();
    // An HTML error page says nothing a user can act on beyond its status.
    let text = if text.starts_with('<') { "" } else { text };
    let text: String = text.chars().take(300).collect();
    match (reason.is_empty(), text.is_empty()) {
        (false, true) => format!("Alertmanager {reason}"),
        (false, false) => format!("Alertmanager {reason}: {text}"),
        (true, true) => format!("Alertmanager answered HTTP {status}"),
        (true, false) => format!("Alertmanager answered HTTP {status}: {text}"),
    }
}
