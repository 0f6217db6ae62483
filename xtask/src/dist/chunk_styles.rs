//! Stylesheets loaded with their chunk instead of with the first page: the release build takes
//! trunk's `<link rel="stylesheet">` of each out of `index.html` and leaves a
//! `<meta name="meshboard-chunk-style" data-chunk=.. content=<hashed file> data-sri=..>` in its
//! place, which the app's `ui::lazy::style` turns back into a `<link>` when the chunk that
//! needs it loads (a same-origin `<link>` with its integrity: the strict CSP's `style-src
//! 'self'` allows it, and nothing inline is injected). Trunk still hashes and copies the files.

/// The stylesheets (stems in `style/`) only a chunk uses: the table panel, the panel editor (and
/// its option groups' sheet) and the dashboard settings. A sheet a main-module view also uses
/// must not be listed.
pub const DEFERRED: [&str; 4] = [
    "table",
    "panel_editor",
    "panel_editor_options",
    "dashboard_settings",
];

/// `html` with each of `names`' stylesheet links replaced by its meta.
pub fn defer(html: &str, names: &[&str]) -> Result<String, String> {
    let mut html = html.to_string();
    for name in names {
        let (start, end) = link_of(&html, name)
            .ok_or_else(|| format!("index.html: no stylesheet link for style/{name}.css"))?;
        let tag = &html[start..end];
        let href = attribute(tag, "href").ok_or("stylesheet link without href")?;
        let sri = attribute(tag, "integrity").ok_or("stylesheet link without integrity")?;
        let meta = format!(
            "<meta name=\"meshboard-chunk-style\" data-chunk=\"{name}\" content=\"{href}\" data-sri=\"{sri}\">"
        );
        html.replace_range(start..end, &meta);
    }
    Ok(html)
}

/// Where the `<link rel="stylesheet">` of `./<name>-<hex hash>.css` is (byte range of the tag).
fn link_of(html: &str, name: &str) -> Option<(usize, usize)> {
    let opening = "<link rel=\"stylesheet\"";
    let mut from = 0;
    while let Some(found) = html[from..].find(opening) {
        let start = from + found;
        let end = start + html[start..].find('>')? + 1;
        let href = attribute(&html[start..end], "href").unwrap_or_default();
        let hash = href
            .strip_prefix(&format!("./{name}-"))
            .and_then(|rest| rest.strip_suffix(".css"));
        if hash.is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let length = tag[start..].find('"')?;
    Some(tag[start..start + length].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<head><link rel="stylesheet" href="./table_view-0123456789abcdef.css" integrity="sha384-A"/><link rel="stylesheet" href="./table-6a07607961c81720.css" integrity="sha384-B"/><link rel="stylesheet" href="./main-d64b4bf8b2bb74c.css" integrity="sha384-C"/></head>"#;

    #[test]
    fn replaces_only_the_named_sheet_with_its_meta() {
        let html = defer(PAGE, &["table"]).unwrap();
        assert!(html.contains(r#"<meta name="meshboard-chunk-style" data-chunk="table" content="./table-6a07607961c81720.css" data-sri="sha384-B">"#));
        assert!(!html.contains(r#"href="./table-6a07"#));
        assert!(html.contains(r#"href="./table_view-0123456789abcdef.css""#));
        assert!(html.contains(r#"href="./main-d64b4bf8b2bb74c.css""#));
    }

    #[test]
    fn a_missing_sheet_is_an_error_not_a_silent_skip() {
        assert!(defer(PAGE, &["alerts"]).is_err());
    }
}
