//! The view state that lives in the URL, with Grafana's parameter names, so any view can be
//! shared, bookmarked and embedded: `from`, `to`, `refresh`, `var-<name>` (repeatable),
//! `theme`, `kiosk`, and `transparent` (no page or panel background, for portals with their own
//! colours). Parameters it does not own (`query`, `panelId`, ...) pass through untouched.

use std::fmt::Write as _;

/// Dashboard auto-refresh choices offered by the picker.
pub const REFRESH_CHOICES: [&str; 6] = ["off", "5s", "10s", "30s", "1m", "5m"];

/// The refresh picker's choices for a dashboard whose `timepicker.refresh_intervals` is
/// `intervals`: "off" first, then its durations in order (once each, the invalid left out, as
/// Grafana filters them); none given (or none valid): the default choices.
pub fn refresh_choices(intervals: &[String]) -> Vec<String> {
    let mut choices = vec!["off".to_string()];
    for interval in intervals.iter().map(|i| i.trim()) {
        if refresh_interval_ms(interval).is_some() && !choices.iter().any(|c| c == interval) {
            choices.push(interval.to_string());
        }
    }
    if choices.len() == 1 {
        return REFRESH_CHOICES.iter().map(|c| c.to_string()).collect();
    }
    choices
}

/// The period of a refresh value such as `30s`, `1m`, `2h` (at least 1 s; `None` if invalid).
pub fn refresh_interval_ms(text: &str) -> Option<u64> {
    let unit_at = text.find(|c: char| !c.is_ascii_digit())?;
    let amount: u64 = text[..unit_at].parse().ok()?;
    let unit_ms = match &text[unit_at..] {
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    Some(amount.checked_mul(unit_ms)?).filter(|ms| *ms >= 1_000)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }

    pub fn toggled(self) -> Theme {
        match self {
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::Dark,
        }
    }
}

/// Everything about a view that a link must carry. `None`/empty means "not in the URL",
/// so defaults (the dashboard's own time, the system theme) still apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Refresh interval as written (`30s`, `1m`); `None` is off.
    pub refresh: Option<String>,
    /// `var-<name>` values in URL order; a multi-value variable appears once per value.
    pub vars: Vec<(String, Vec<String>)>,
    pub theme: Option<Theme>,
    pub kiosk: bool,
    /// `transparent`: the host page shows through an embedded Meshboard.
    pub transparent: bool,
    /// Every other parameter, in order, so a round trip never loses anything.
    pub passthrough: Vec<(String, String)>,
}

impl ViewState {
    /// Reads a query string, with or without the leading `?`.
    pub fn from_query(query: &str) -> ViewState {
        let mut state = ViewState::default();
        for (key, value) in parse_query_pairs(query) {
            match key.as_str() {
                "from" => state.from = non_empty(value),
                "to" => state.to = non_empty(value),
                "refresh" => state.refresh = non_empty(value).filter(|v| v != "off"),
                "theme" => match value.as_str() {
                    "dark" => state.theme = Some(Theme::Dark),
                    "light" => state.theme = Some(Theme::Light),
                    _ => state.passthrough.push((key, value)),
                },
                // Grafana accepts `kiosk`, `kiosk=1`, `kiosk=true` (and the older `kiosk=tv`).
                "kiosk" => state.kiosk = flag_is_on(&value),
                "transparent" => state.transparent = flag_is_on(&value),
                _ => match key.strip_prefix("var-") {
                    Some(name) if !name.is_empty() => state.add_var_value(name, value),
                    _ => state.passthrough.push((key, value)),
                },
            }
        }
        state
    }

    fn add_var_value(&mut self, name: &str, value: String) {
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(value),
            None => self.vars.push((name.to_string(), vec![value])),
        }
    }

    /// Writes the canonical query string (without `?`): owned keys first, in a fixed order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, &str)> = Vec::new();
        if let Some(from) = &self.from {
            pairs.push(("from".into(), from));
        }
        if let Some(to) = &self.to {
            pairs.push(("to".into(), to));
        }
        if let Some(refresh) = &self.refresh {
            pairs.push(("refresh".into(), refresh));
        }
        for (name, values) in &self.vars {
            for value in values {
                pairs.push((format!("var-{name}"), value));
            }
        }
        if let Some(theme) = self.theme {
            pairs.push(("theme".into(), theme.as_str()));
        }
        for (key, value) in &self.passthrough {
            pairs.push((key.clone(), value));
        }
        let mut out = String::new();
        for (key, value) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&percent_encode(&key));
            out.push('=');
            out.push_str(&percent_encode(value));
        }
        for (on, flag) in [(self.kiosk, "kiosk"), (self.transparent, "transparent")] {
            if on {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(flag);
            }
        }
        out
    }

    pub fn var(&self, name: &str) -> Option<&[String]> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    pub fn set_var(&mut self, name: &str, values: Vec<String>) {
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some((_, old)) => *old = values,
            None => self.vars.push((name.to_string(), values)),
        }
    }

    pub fn passthrough_value(&self, key: &str) -> Option<&str> {
        self.passthrough
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn set_passthrough(&mut self, key: &str, value: Option<String>) {
        self.passthrough.retain(|(k, _)| k != key);
        if let Some(value) = value {
            self.passthrough.push((key.to_string(), value));
        }
    }
}

/// A bare flag (`kiosk`) or one with a value: anything but `false` and `0` turns it on.
fn flag_is_on(value: &str) -> bool {
    value != "false" && value != "0"
}

fn non_empty(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// Splits and decodes `a=1&b=x%20y&flag` (`+` is a space, as in forms).
pub fn parse_query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` and `+`; malformed escapes are kept literally rather than rejected.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(high), Some(low)) => {
                        out.push(high << 4 | low);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_grafana_parameters() {
        let state = ViewState::from_query(
            "?from=now-6h&to=now&refresh=30s&var-job=agent-mesh&var-instance=a&var-instance=b&theme=light&kiosk&query=up",
        );
        assert_eq!(state.from.as_deref(), Some("now-6h"));
        assert_eq!(state.to.as_deref(), Some("now"));
        assert_eq!(state.refresh.as_deref(), Some("30s"));
        assert_eq!(state.var("job"), Some(&["agent-mesh".to_string()][..]));
        assert_eq!(state.var("instance").map(<[String]>::len), Some(2));
        assert_eq!(state.theme, Some(Theme::Light));
        assert!(state.kiosk);
        assert_eq!(state.passthrough_value("query"), Some("up"));
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let mut state = ViewState {
            from: Some("1795793445500".into()),
            to: Some("2026-11-21T16:00:00Z".into()),
            refresh: Some("1m".into()),
            theme: Some(Theme::Dark),
            kiosk: true,
            ..ViewState::default()
        };
        state.set_var("job", vec!["fedzk".into(), "registry_a".into()]);
        state.set_passthrough(
            "query",
            Some("sum by (job) (rate(x{a=~\"b|c\"}[5m]))".into()),
        );
        let query = state.to_query();
        assert_eq!(ViewState::from_query(&query), state);
        assert!(query.ends_with("&kiosk"), "{query}");
    }

    #[test]
    fn refresh_off_and_empty_values_mean_unset() {
        let state = ViewState::from_query("refresh=off&from=&kiosk=false&transparent=0");
        assert_eq!(state, ViewState::default());
    }

    #[test]
    fn decoding_is_forgiving() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%E2%9C%93"), "\u{2713}");
        assert_eq!(percent_encode("a b/{}\u{2713}"), "a%20b%2F%7B%7D%E2%9C%93");
    }

    #[test]
    fn refresh_choices_follow_the_dashboard() {
        let own = |items: &[&str]| items.iter().map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(
            refresh_choices(&own(&["10s", " 1m", "soon", "10s", "0s"])),
            own(&["off", "10s", "1m"])
        );
        assert_eq!(refresh_choices(&[]), own(&REFRESH_CHOICES));
        assert_eq!(refresh_choices(&own(&["never"])), own(&REFRESH_CHOICES));
    }

    #[test]
    fn refresh_intervals() {
        assert_eq!(refresh_interval_ms("5s"), Some(5_000));
        assert_eq!(refresh_interval_ms("1m"), Some(60_000));
        assert_eq!(refresh_interval_ms("2h"), Some(7_200_000));
        for bad in ["", "off", "0s", "5", "5x", "s", "-1s"] {
            assert_eq!(refresh_interval_ms(bad), None, "{bad}");
        }
        for choice in REFRESH_CHOICES.iter().skip(1) {
            assert!(refresh_interval_ms(choice).is_some(), "{choice}");
        }
    }

    #[test]
    fn transparent_is_a_flag_like_kiosk() {
        for query in [
            "transparent",
            "transparent=1",
            "transparent=true",
            "theme=light&transparent",
        ] {
            assert!(ViewState::from_query(query).transparent, "{query}");
        }
        let state = ViewState::from_query("d=x&transparent&kiosk");
        assert!(state.kiosk && state.transparent);
        assert_eq!(state.to_query(), "d=x&kiosk&transparent");
        assert_eq!(ViewState::from_query(&state.to_query()), state);
    }

    #[test]
    fn unknown_theme_is_kept_not_dropped() {
        let state = ViewState::from_query("theme=sepia");
        assert_eq!(state.theme, None);
        assert_eq!(state.to_query(), "theme=sepia");
    }
}
