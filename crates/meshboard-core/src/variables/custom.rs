//! Options of `custom` variables: Grafana's comma-separated list with `\,` escapes and
//! `text : value` pairs.

use super::model::VariableOption;

/// Splits `a,b\,c,Label : value` into options the way Grafana does.
pub fn parse_custom_options(query: &str) -> Vec<VariableOption> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .map(|item| match split_text_value(&item) {
            Some((text, value)) => VariableOption { text, value },
            None => VariableOption::same(item),
        })
        .collect()
}

/// `text : value` (spaces around the colon required, as in Grafana's `/^\s*(.+)\s:\s(.+)$/`).
fn split_text_value(item: &str) -> Option<(String, String)> {
    // The greedy `(.+)` makes the last " : " the separator.
    let at = item.rfind(" : ")?;
    let (text, value) = (item[..at].trim(), item[at + 3..].trim());
    if text.is_empty() || value.is_empty() {
        return None;
    }
    Some((text.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_escapes_and_pairs() {
        let options = parse_custom_options("a, b\\,c ,Prod : prod-eu,, ");
        let pairs: Vec<(&str, &str)> = options
            .iter()
            .map(|o| (o.text.as_str(), o.value.as_str()))
            .collect();
        assert_eq!(pairs, vec![("a", "a"), ("b,c", "b,c"), ("Prod", "prod-eu")]);
    }

    #[test]
    fn url_like_values_keep_their_colons() {
        let options = parse_custom_options("http://a:80");
        assert_eq!(options[0].value, "http://a:80");
    }
}
