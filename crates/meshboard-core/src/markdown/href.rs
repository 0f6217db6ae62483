//! Which URLs a text panel may link to or load: http(s) and relative ones, never
//! `javascript:`, `data:`, `vbscript:` or any other scheme.

/// `url` trimmed when a link may point there: `http:`/`https:`/`mailto:` or relative (a path,
/// `#fragment` or `?query`); `None` for every other scheme. Browsers ignore ASCII tabs and
/// newlines inside a URL and leading control characters, so `java\tscript:` is still
/// `javascript:`: the scheme is read after removing them, as the URL parser would.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control());
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match scheme(&cleaned) {
        None => Some(cleaned),
        Some(scheme) if ["http", "https", "mailto"].contains(&scheme.as_str()) => Some(cleaned),
        Some(_) => None,
    }
}

/// The scheme of `url` in lower case, when it has one (letters, digits, `+-.` before a `:`
/// that comes before any `/`, `?` or `#`).
fn scheme(url: &str) -> Option<String> {
    let end = url.find([':', '/', '?', '#'])?;
    if !url[end..].starts_with(':') {
        return None;
    }
    let candidate = &url[..end];
    let valid = candidate
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Anything else before a colon (`a b:c`) still makes the browser see no valid scheme:
    // refuse it rather than guess.
    Some(if valid {
        candidate.to_ascii_lowercase()
    } else {
        String::from("invalid")
    })
}

#[cfg(test)]
mod tests {
    use super::safe_url;

    #[test]
    fn web_links_and_relative_paths_are_kept() {
        for url in [
            "https://grafana.com/docs/",
            "http://localhost:9090/graph?g0.expr=up",
            "mailto:oncall@example.com",
            "/d/meshboard-operations?var-job=api",
            "d/other",
            "#section",
            "?from=now-1h",
            "../up",
        ] {
            assert_eq!(safe_url(url).as_deref(), Some(url), "{url}");
        }
        assert_eq!(
            safe_url("  HTTPS://example.com  ").as_deref(),
            Some("HTTPS://example.com")
        );
    }

    #[test]
    fn script_and_data_urls_are_refused_however_they_are_spelt() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "a b:c",
        ] {
            assert_eq!(safe_url(url), None, "{url:?}");
        }
    }
}
