//! The dashboard settings form as plain data: what Grafana's settings view edits (title,
//! description, tags, timezone, refresh and its choices, time options, links, shared
//! tooltip), read from a dashboard and written back into both the model and the JSON it
//! exports, since [`crate::dashboard::export_dashboard`] starts from the JSON as read.

use serde_json::{json, Map, Value};

use crate::dashboard::{Dashboard, DashboardLink, GraphTooltip, TimeSettings};

/// Everything the settings view edits. Read it with [`DashboardSettings::of`], change fields,
/// apply it with [`super::Edit::SetDashboardSettings`].
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardSettings {
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    /// `browser`, `utc` or an IANA name.
    pub timezone: String,
    /// The default auto-refresh (`None`: off).
    pub refresh: Option<String>,
    /// The refresh picker's choices (`timepicker.refresh_intervals`); empty: Grafana's own.
    pub refresh_intervals: Vec<String>,
    pub time: TimeSettings,
    /// `timepicker.hidden`.
    pub hide_time_picker: bool,
    /// `timepicker.nowDelay` (e.g. `1m`); empty: none.
    pub now_delay: String,
    /// `weekStart` (`monday`, `saturday`, `sunday`; empty: the browser's).
    pub week_start: String,
    pub graph_tooltip: GraphTooltip,
    pub links: Vec<DashboardLink>,
}

fn text_at<'a>(root: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, key| v.get(key))
}

fn string_at(root: &Value, path: &[&str]) -> String {
    text_at(root, path)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl DashboardSettings {
    /// The settings of `dashboard` as the form shows them.
    pub fn of(dashboard: &Dashboard) -> DashboardSettings {
        let root = &dashboard.original;
        DashboardSettings {
            title: dashboard.title.clone(),
            description: dashboard.description.clone().unwrap_or_default(),
            tags: dashboard.tags.clone(),
            timezone: dashboard.timezone.clone(),
            refresh: dashboard.refresh.clone(),
            refresh_intervals: text_at(root, &["timepicker", "refresh_intervals"])
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            time: dashboard.time.clone(),
            hide_time_picker: text_at(root, &["timepicker", "hidden"])
                .and_then(Value::as_bool)
                .unwrap_or(false),
            now_delay: string_at(root, &["timepicker", "nowDelay"]),
            week_start: string_at(root, &["weekStart"]),
            graph_tooltip: dashboard.graph_tooltip,
            links: dashboard.links.clone(),
        }
    }

    /// The first link whose URL is not one the app would follow (`javascript:`, `data:` ...):
    /// its index and URL.
    pub fn unsafe_link(&self) -> Option<(usize, String)> {
        self.links.iter().enumerate().find_map(|(i, link)| {
            link.url
                .as_deref()
                .filter(|url| crate::markdown::safe_url(url).is_none())
                .map(|url| (i, url.to_string()))
        })
    }

    /// Writes the settings into `dashboard` (model fields and the JSON kept for export).
    pub(crate) fn apply_to(&self, dashboard: &mut Dashboard) {
        let title = self.title.trim();
        dashboard.title = if title.is_empty() {
            "Untitled dashboard".to_string()
        } else {
            title.to_string()
        };
        let description = self.description.trim();
        dashboard.description = (!description.is_empty()).then(|| description.to_string());
        let mut tags: Vec<String> = Vec::new();
        for tag in &self.tags {
            let tag = tag.trim();
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
        }
        dashboard.tags = tags;
        dashboard.timezone = match self.timezone.trim() {
            "" => "browser".to_string(),
            zone => zone.to_string(),
        };
        dashboard.refresh = self.refresh.clone().filter(|r| !r.trim().is_empty());
        dashboard.time = self.time.clone();
        dashboard.graph_tooltip = self.graph_tooltip;
        dashboard.links = self.links.clone();

        let mut root = match std::mem::take(&mut dashboard.original) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        root.insert("title".into(), json!(dashboard.title));
        match &dashboard.description {
            Some(d) => root.insert("description".into(), json!(d)),
            None => root.remove("description"),
        };
        root.insert("tags".into(), json!(dashboard.tags));
        root.insert("timezone".into(), json!(dashboard.timezone));
        root.insert(
            "graphTooltip".into(),
            json!(match self.graph_tooltip {
                GraphTooltip::Default => 0,
                GraphTooltip::SharedCrosshair => 1,
                GraphTooltip::SharedTooltip => 2,
            }),
        );
        if self.week_start.trim().is_empty() {
            root.remove("weekStart");
        } else {
            root.insert("weekStart".into(), json!(self.week_start.trim()));
        }
        // Each link carries the entry it was read from, so a moved link keeps its own
        // `asDropdown`, `icon` and the rest rather than those of the link that was there.
        root.insert(
            "links".into(),
            Value::Array(
                self.links
                    .iter()
                    .map(crate::dashboard::export::link_json)
                    .collect(),
            ),
        );
        let mut picker = root
            .get("timepicker")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if self.refresh_intervals.is_empty() {
            picker.remove("refresh_intervals");
        } else {
            picker.insert("refresh_intervals".into(), json!(self.refresh_intervals));
        }
        picker.insert("hidden".into(), json!(self.hide_time_picker));
        if self.now_delay.trim().is_empty() {
            picker.remove("nowDelay");
        } else {
            picker.insert("nowDelay".into(), json!(self.now_delay.trim()));
        }
        root.insert("timepicker".into(), Value::Object(picker));
        dashboard.original = Value::Object(root);
    }
}

/// The timezone choices the form offers (Grafana's picker lists every IANA zone; these are
/// the default, UTC and one zone per common offset region). A dashboard's own other zone is
/// added to the list by the form so it is never lost.
pub const TIMEZONE_CHOICES: &[(&str, &str)] = &[
    ("browser", "Browser Time"),
    ("utc", "Coordinated Universal Time (UTC)"),
    ("Europe/London", "Europe/London"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("America/New_York", "America/New_York"),
    ("America/Los_Angeles", "America/Los_Angeles"),
    ("Asia/Kolkata", "Asia/Kolkata"),
    ("Asia/Tokyo", "Asia/Tokyo"),
    ("Australia/Sydney", "Australia/Sydney"),
];

/// Grafana's week start choices (`weekStart`; empty: the browser's).
pub const WEEK_START_CHOICES: &[(&str, &str)] = &[
    ("", "Default"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
    ("monday", "Monday"),
];

/// The refresh picker's choices when the dashboard names none (Grafana's
/// `defaultIntervals` of the time picker).
pub const DEFAULT_REFRESH_INTERVALS: &[&str] = &[
    "5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d",
];

/// A comma-separated field (tags, refresh choices) as its items: trimmed, empty ones and
/// repeats dropped, in the order typed.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !items.iter().any(|i| i == item) {
            items.push(item.to_string());
        }
    }
    items
}

/// Items as the comma-separated field shows them.
pub fn join_list(items: &[String]) -> String {
    items.join(", ")
}

/// Why a list of refresh choices (or a now delay) is not one Grafana accepts: each must be a
/// duration such as `10s`, `1m` or `2h`.
pub fn check_intervals(items: &[String]) -> Result<(), String> {
    match items
        .iter()
        .find(|i| crate::variables::parse_interval_ms(i).is_none_or(|ms| ms <= 0))
    {
        Some(bad) => Err(format!(
            "`{bad}` is not a duration: write it like 10s, 1m or 2h"
        )),
        None => Ok(()),
    }
}

/// The message a link URL gets in the form, or `None` when the app would follow it.
pub fn link_url_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || crate::markdown::safe_url(url).is_some() {
        return None;
    }
    Some(format!(
        "The link `{url}` is not allowed: only http, https, mailto and relative links are"
    ))
}

/// A new link as Grafana's "New link" starts it.
pub fn new_link() -> DashboardLink {
    DashboardLink {
        title: String::new(),
        link_type: "link".into(),
        url: None,
        tags: Vec::new(),
        include_vars: false,
        keep_time: false,
        target_blank: false,
        as_dropdown: false,
        tooltip: String::new(),
        raw: serde_json::Value::Null,
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    #[test]
    fn lists_split_trim_and_drop_repeats() {
        assert_eq!(split_list(" a, b ,,a, c "), vec!["a", "b", "c"]);
        assert!(split_list(" , ").is_empty());
        assert_eq!(join_list(&split_list("x,y")), "x, y");
    }

    #[test]
    fn interval_lists_name_the_bad_item() {
        assert!(check_intervals(&split_list("5s, 1m, 2h, 1d")).is_ok());
        let err = check_intervals(&split_list("5s, soon, 1m")).unwrap_err();
        assert!(err.contains("`soon`"), "{err}");
        assert!(check_intervals(&split_list("0s")).is_err());
    }

    #[test]
    fn only_followable_link_urls_pass() {
        assert_eq!(link_url_problem("https://example.com/a"), None);
        assert_eq!(link_url_problem("/d/home"), None);
        assert_eq!(link_url_problem(""), None);
        let refused = link_url_problem(" javascript:alert(1)").expect("refused");
        assert!(refused.contains("javascript:alert(1)") && refused.contains("not allowed"));
        assert!(link_url_problem("data:text/html,x").is_some());
    }
}
