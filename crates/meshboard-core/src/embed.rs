//! The postMessage protocol between Meshboard in an iframe and the page around it: which
//! messages a host may send (only from `embed.allowedOrigins`), how each changes the view
//! state, and the events Meshboard posts back. Pure, so the rules are tested without a browser.

use crate::time_range::TimeExpr;
use crate::url_state::{refresh_interval_ms, Theme, ViewState};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Every message is a JSON object with a `type`; the protocol version is in `ready`.
pub const PROTOCOL_VERSION: u32 = 1;

/// What a host may ask for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum HostCommand {
    /// `{"type": "setTimeRange", "from": "now-1h", "to": "now"}` (any form the URL accepts).
    SetTimeRange { from: String, to: String },
    /// `{"type": "setVariables", "variables": {"job": ["fedzk"]}}`; a string is one value.
    SetVariables {
        variables: BTreeMap<String, VariableValues>,
    },
    /// `{"type": "setTheme", "theme": "light"}`.
    SetTheme { theme: String },
    /// `{"type": "setRefresh", "refresh": "30s"}` or `"off"`.
    SetRefresh { refresh: String },
    /// `{"type": "setTransparent", "transparent": true}`: drop the page and panel backgrounds
    /// so the portal's own colours show through (`transparent` in the URL).
    SetTransparent { transparent: bool },
    /// `{"type": "refresh"}`: re-run every query now.
    Refresh,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum VariableValues {
    One(String),
    Many(Vec<String>),
}

/// Why a message was not acted on (logged to the console, never shown to viewers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The sender's origin is not in `embed.allowedOrigins`: ignored silently.
    ForeignOrigin(String),
    Malformed(String),
}

/// Checks the sender and reads the message.
pub fn read_command(
    origin: &str,
    allowed_origins: &[String],
    data: &serde_json::Value,
) -> Result<HostCommand, Rejection> {
    if !allowed_origins.iter().any(|allowed| allowed == origin) {
        return Err(Rejection::ForeignOrigin(origin.to_string()));
    }
    let command: HostCommand =
        serde_json::from_value(data.clone()).map_err(|e| Rejection::Malformed(e.to_string()))?;
    validate(&command).map_err(Rejection::Malformed)?;
    Ok(command)
}

fn validate(command: &HostCommand) -> Result<(), String> {
    match command {
        HostCommand::SetTimeRange { from, to } => {
            TimeExpr::parse(from).map_err(|e| e.to_string())?;
            TimeExpr::parse(to).map_err(|e| e.to_string())?;
        }
        HostCommand::SetTheme { theme } if theme != "dark" && theme != "light" => {
            return Err(format!("theme must be dark or light, not {theme}"))
        }
        HostCommand::SetRefresh { refresh }
            if refresh != "off" && refresh_interval_ms(refresh).is_none() =>
        {
            return Err(format!(
                "refresh must be off or an interval like 30s, not {refresh}"
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Applies a state-changing command to the view state; `Refresh` changes nothing here
/// (the caller bumps the refresh tick) and returns false.
pub fn apply(command: &HostCommand, state: &mut ViewState) -> bool {
    match command {
        HostCommand::SetTimeRange { from, to } => {
            state.from = Some(from.clone());
            state.to = Some(to.clone());
        }
        HostCommand::SetVariables { variables } => {
            for (name, values) in variables {
                let values = match values {
                    VariableValues::One(value) => vec![value.clone()],
                    VariableValues::Many(values) => values.clone(),
                };
                state.set_var(name, values);
            }
        }
        HostCommand::SetTheme { theme } => {
            state.theme = Some(if theme == "light" {
                Theme::Light
            } else {
                Theme::Dark
            })
        }
        HostCommand::SetRefresh { refresh } => {
            state.refresh = (refresh != "off").then(|| refresh.clone())
        }
        HostCommand::SetTransparent { transparent } => state.transparent = *transparent,
        HostCommand::Refresh => return false,
    }
    true
}

/// `{"type": "ready", "version": 1, "path": "/d/uid"}`: posted once the app is up.
pub fn ready_event(path: &str) -> String {
    json!({"source": "meshboard", "type": "ready", "version": PROTOCOL_VERSION, "path": path})
        .to_string()
}

/// `{"type": "timeRangeChanged", "from": "…", "to": "…"}`: posted when the viewer changed the
/// range inside Meshboard (drag-zoom, picker), not when the host set it.
pub fn time_range_changed_event(from: &str, to: &str) -> String {
    json!({"source": "meshboard", "type": "timeRangeChanged", "from": from, "to": to}).to_string()
}

/// `{"type": "panelError", "panel": "<title>", "error": "<message>"}`.
pub fn panel_error_event(panel_title: &str, error: &str) -> String {
    json!({"source": "meshboard", "type": "panelError", "panel": panel_title, "error": error})
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn allowed() -> Vec<String> {
        vec!["https://portal.example".to_string()]
    }

    #[test]
    fn reads_every_command_from_an_allowed_origin() {
        let cases = [
            (
                json!({"type": "setTimeRange", "from": "now-1h", "to": "now"}),
                HostCommand::SetTimeRange {
                    from: "now-1h".into(),
                    to: "now".into(),
                },
            ),
            (
                json!({"type": "setTheme", "theme": "light"}),
                HostCommand::SetTheme {
                    theme: "light".into(),
                },
            ),
            (
                json!({"type": "setRefresh", "refresh": "30s"}),
                HostCommand::SetRefresh {
                    refresh: "30s".into(),
                },
            ),
            (
                json!({"type": "setTransparent", "transparent": true}),
                HostCommand::SetTransparent { transparent: true },
            ),
            (json!({"type": "refresh"}), HostCommand::Refresh),
        ];
        for (message, expected) in cases {
            assert_eq!(
                read_command("https://portal.example", &allowed(), &message).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn ignores_foreign_origins_whatever_they_send() {
        let message = json!({"type": "setTheme", "theme": "light"});
        assert_eq!(
            read_command("https://evil.example", &allowed(), &message),
            Err(Rejection::ForeignOrigin("https://evil.example".into()))
        );
        assert!(matches!(
            read_command("null", &[], &message),
            Err(Rejection::ForeignOrigin(_))
        ));
    }

    #[test]
    fn rejects_malformed_messages() {
        for message in [
            json!("setTheme"),
            json!({"type": "format disk"}),
            json!({"type": "setTheme", "theme": "sepia"}),
            json!({"type": "setTimeRange", "from": "yesterday", "to": "now"}),
            json!({"type": "setRefresh", "refresh": "often"}),
            json!({"type": "setTheme", "theme": "dark", "extra": 1}),
            json!({"type": "setTransparent", "transparent": "yes"}),
        ] {
            assert!(
                matches!(
                    read_command("https://portal.example", &allowed(), &message),
                    Err(Rejection::Malformed(_))
                ),
                "{message}"
            );
        }
    }

    #[test]
    fn commands_edit_the_view_state() {
        let mut state = ViewState::default();
        let set_vars =
            json!({"type": "setVariables", "variables": {"job": "fedzk", "instance": ["a", "b"]}});
        let command = read_command("https://portal.example", &allowed(), &set_vars).unwrap();
        assert!(apply(&command, &mut state));
        assert_eq!(state.var("job"), Some(&["fedzk".to_string()][..]));
        assert_eq!(state.var("instance").map(<[String]>::len), Some(2));
        assert!(apply(
            &HostCommand::SetRefresh {
                refresh: "off".into()
            },
            &mut state
        ));
        assert_eq!(state.refresh, None);
        assert!(apply(
            &HostCommand::SetTransparent { transparent: true },
            &mut state
        ));
        assert!(state.transparent);
        assert!(!apply(&HostCommand::Refresh, &mut state));
    }

    #[test]
    fn events_are_tagged_json() {
        let ready: serde_json::Value = serde_json::from_str(&ready_event("/d/x")).unwrap();
        assert_eq!(
            (
                ready["type"].as_str(),
                ready["source"].as_str(),
                ready["version"].as_u64()
            ),
            (Some("ready"), Some("meshboard"), Some(1))
        );
        let changed: serde_json::Value =
            serde_json::from_str(&time_range_changed_event("1", "2")).unwrap();
        assert_eq!(changed["from"], "1");
        let error: serde_json::Value =
            serde_json::from_str(&panel_error_event("<b>CPU</b>", "HTTP 502")).unwrap();
        assert_eq!(error["panel"], "<b>CPU</b>");
    }
}
