//! The HTML a text panel may carry (its `html` mode, or raw HTML inside markdown) read as a
//! small allow-list: the tags of [`Tag`] with `href` on links, `src`/`alt` on images and
//! `start` on ordered lists. Everything else is dropped: unknown tags (their text stays, as
//! DOMPurify keeps it), every other attribute (`onclick`, `style`, ...), comments, and the whole
//! content of `script`, `style` and the other raw-text elements.

use super::tree::{Builder, Element, Node, Tag};

/// Elements whose content is code or raw text, dropped with them.
const DROPPED_WITH_CONTENT: [&str; 10] = [
    "script", "style", "textarea", "title", "xmp", "noscript", "iframe", "noembed", "noframes",
    "template",
];

/// The `html` mode: the whole content through the allow-list.
pub fn render_html(text: &str) -> Vec<Node> {
    let mut builder = Builder::default();
    feed(&mut builder, text);
    builder.finish()
}

/// Feeds one piece of HTML (markdown hands raw HTML over a tag or a line at a time). A dropped
/// element's content is skipped across pieces until its end tag.
pub fn feed(builder: &mut Builder, html: &str) {
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(name) = builder.skipping.clone() {
            match find_end_tag(rest, &name) {
                Some((_, after)) => {
                    builder.skipping = None;
                    rest = after;
                }
                None => return,
            }
            continue;
        }
        let Some(lt) = rest.find('<') else {
            builder.text(&decode_entities(rest));
            return;
        };
        builder.text(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        rest = read_markup(builder, rest);
    }
}

/// Reads the markup at the start of `text` (which starts with `<`) and returns what follows.
fn read_markup<'a>(builder: &mut Builder, text: &'a str) -> &'a str {
    let after_lt = &text[1..];
    if let Some(comment) = after_lt.strip_prefix("!--") {
        return comment.find("-->").map_or("", |end| &comment[end + 3..]);
    }
    if after_lt.starts_with(['!', '?']) {
        return after_lt.find('>').map_or("", |end| &after_lt[end + 1..]);
    }
    let (closing, body) = match after_lt.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, after_lt),
    };
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // A lone `<` (`a < b`) is text.
        builder.text("<");
        return after_lt;
    }
    let Some(end) = tag_end(body) else {
        // An unterminated tag: nothing after it can be trusted as text.
        return "";
    };
    let (inside, rest) = (&body[..end], &body[end + 1..]);
    let name_end = inside
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(inside.len());
    let name = inside[..name_end].to_ascii_lowercase();
    if closing {
        if let Some(tag) = Tag::from_html_name(&name) {
            builder.close(tag);
        }
        return rest;
    }
    if DROPPED_WITH_CONTENT.contains(&name.as_str()) {
        builder.skipping = Some(name);
        return rest;
    }
    let Some(tag) = Tag::from_html_name(&name) else {
        return rest;
    };
    let attrs = attributes(&inside[name_end..]);
    let attr = |key: &str| {
        attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut element = Element::new(tag);
    match tag {
        Tag::A => element = element.with_url(attr("href").unwrap_or_default()),
        Tag::Img => {
            element = element
                .with_url(attr("src").unwrap_or_default())
                .with_children(attr("alt").map(Node::text).into_iter().collect());
        }
        Tag::Ol => {
            if let Some(start) = attr("start").and_then(|s| s.trim().parse().ok()) {
                element = element.with_start(start);
            }
        }
        _ => {}
    }
    if tag.is_void() || inside.trim_end().ends_with('/') {
        builder.void(element);
    } else {
        builder.open(element);
    }
    rest
}

/// Where the `>` that ends a tag is, skipping `>` inside quoted attribute values.
fn tag_end(body: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `</name>` (any case, any spacing before `>`) in `text`: where it starts and what follows.
fn find_end_tag<'a>(text: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let lower = text.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(found) = lower[from..].find(&needle) {
        let start = from + found;
        let after = start + needle.len();
        let next = lower[after..].chars().next();
        if next.is_none_or(|c| c == '>' || c.is_ascii_whitespace() || c == '/') {
            let close = lower[after..]
                .find('>')
                .map_or(text.len(), |i| after + i + 1);
            return Some((start, &text[close..]));
        }
        from = after;
    }
    None
}

/// The attributes of a start tag, names in lower case, values decoded.
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return attrs;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let value = if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            let (value, after) = match after_eq.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after_eq[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_eq
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after_eq.len());
                    (&after_eq[..end], &after_eq[end..])
                }
            };
            rest = after;
            decode_entities(value)
        } else {
            String::new()
        };
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

/// Decodes the character references text panels use: the five XML ones, `&nbsp;` and numeric
/// ones. Anything else stays as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let code = match name.strip_prefix('#') {
                        Some(hex) if hex.starts_with(['x', 'X']) => {
                            u32::from_str_radix(&hex[1..], 16).ok()
                        }
                        Some(dec) => dec.parse().ok(),
                        None => None,
                    };
                    code.and_then(char::from_u32)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
