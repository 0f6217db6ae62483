//! The JSON model view (Grafana's `editview=dashboard_json`): the dashboard as the text it
//! saves, checked before it is applied. A problem names its line and column and the view shows
//! that line with a caret under the column; the uid cannot change here (the save would still
//! go to the open dashboard's uid: "Save as" makes a copy). What is typed is kept under
//! [`json_model_draft_key`] until applied, so a reload never loses it.

use serde_json::Value;

use super::links::export_json;
use super::validate::{locate, validate_dashboard_json, Problem};
use crate::dashboard::Dashboard;

/// The storage key of the text typed into the JSON model of `uid` and not yet applied.
pub fn json_model_draft_key(uid: &str) -> String {
    format!("meshboard/drafts/v1/json-model/{uid}")
}

/// The text the view starts from: the dashboard as it would be exported.
pub fn json_model_text(dashboard: &Dashboard) -> String {
    export_json(dashboard).text
}

/// Checks `text` for the dashboard `uid`: the value to apply, or every problem found.
pub fn check_json_model(text: &str, uid: &str) -> Result<Value, Vec<Problem>> {
    let value = validate_dashboard_json(text)?;
    match value.get("uid") {
        None => Ok(value),
        Some(Value::String(given)) if given == uid => Ok(value),
        Some(_) => {
            let (line, column) = locate(text, "/uid").unwrap_or((1, 1));
            Err(vec![Problem {
                line,
                column,
                pointer: "/uid".into(),
                message: format!(
                    "the uid must stay `{uid}` here: use \"Save as\" to make a copy under another"
                ),
            }])
        }
    }
}

/// The line `line` (1-based) of `text` and a caret under `column` (1-based, counted in
/// characters), for showing where a problem is.
pub fn problem_excerpt(text: &str, line: usize, column: usize) -> (String, String) {
    let shown = text
        .lines()
        .nth(line.saturating_sub(1))
        .unwrap_or_default()
        .to_string();
    let width = column.saturating_sub(1).min(shown.chars().count());
    let caret = format!("{}^", " ".repeat(width));
    (shown, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_its_line_and_column() {
        let text = "{\n  \"uid\": \"u\",\n  \"title\": \"T\"\n  \"panels\": []\n}";
        let problems = check_json_model(text, "u").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (4, 3));
        assert!(problems[0]
            .to_string()
            .starts_with("line 4, column 3: not valid JSON"));
        let (line, caret) = problem_excerpt(text, problems[0].line, problems[0].column);
        assert_eq!(line, "  \"panels\": []");
        assert_eq!(caret, "  ^");
    }

    #[test]
    fn the_uid_stays_and_a_model_problem_points_at_its_value() {
        let moved = "{\n  \"uid\": \"other\",\n  \"title\": \"T\"\n}";
        let problems = check_json_model(moved, "u").unwrap_err();
        assert_eq!(problems[0].pointer, "/uid");
        assert_eq!(problems[0].line, 2);
        let panels = "{\"uid\": \"u\",\n \"panels\": 3}";
        let problems = check_json_model(panels, "u").unwrap_err();
        assert_eq!(problems[0].line, 2, "{:?}", problems);
        assert!(
            check_json_model("{\"uid\": \"u\", \"title\": \"T\", \"panels\": []}", "u").is_ok()
        );
        assert!(check_json_model("{\"title\": \"no uid\"}", "u").is_ok());
    }

    #[test]
    fn the_start_text_is_the_export_and_reads_back() {
        let d = Dashboard::parse(r#"{"uid": "u", "title": "T", "panels": []}"#).expect("d");
        let text = json_model_text(&d);
        assert!(text.contains("\n  \"title\": \"T\""));
        let back = check_json_model(&text, "u").expect("valid");
        assert_eq!(back["title"], "T");
        assert_eq!(
            json_model_draft_key("u"),
            "meshboard/drafts/v1/json-model/u"
        );
    }

    #[test]
    fn an_excerpt_past_the_end_is_empty_with_a_caret() {
        assert_eq!(
            problem_excerpt("{}", 5, 9),
            (String::new(), "^".to_string())
        );
    }
}
