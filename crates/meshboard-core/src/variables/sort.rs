//! Option sorting with Grafana's `sort` codes 0-8 (disabled, alphabetical, numerical,
//! case-insensitive alphabetical, natural; each ascending then descending).

use std::cmp::Ordering;

use super::model::VariableOption;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableSort {
    Disabled,
    AlphabeticalAsc,
    AlphabeticalDesc,
    NumericalAsc,
    NumericalDesc,
    CaseInsensitiveAsc,
    CaseInsensitiveDesc,
    NaturalAsc,
    NaturalDesc,
}

impl VariableSort {
    pub fn from_code(code: i64) -> Self {
        match code {
            1 => Self::AlphabeticalAsc,
            2 => Self::AlphabeticalDesc,
            3 => Self::NumericalAsc,
            4 => Self::NumericalDesc,
            5 => Self::CaseInsensitiveAsc,
            6 => Self::CaseInsensitiveDesc,
            7 => Self::NaturalAsc,
            8 => Self::NaturalDesc,
            _ => Self::Disabled,
        }
    }
}

/// Grafana's numerical key: the first run of digits in the text, -1 when there is none.
fn first_number(text: &str) -> i128 {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .take(30)
        .collect();
    digits.parse().unwrap_or(-1)
}

/// Natural order (like `Intl.Collator` with `numeric: true`): digit runs compare as numbers,
/// the rest case-insensitively.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let take_run = |it: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut run = String::new();
                    while let Some(c) = it.peek().copied().filter(char::is_ascii_digit) {
                        run.push(c);
                        it.next();
                    }
                    run
                };
                let (ra, rb) = (take_run(&mut a), take_run(&mut b));
                let (ta, tb) = (ra.trim_start_matches('0'), rb.trim_start_matches('0'));
                let order = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// Sorts options in place (stable, then reversed for descending orders, as Grafana does).
pub fn sort_options(options: &mut [VariableOption], sort: VariableSort) {
    use VariableSort::*;
    match sort {
        Disabled => return,
        AlphabeticalAsc | AlphabeticalDesc => {
            crate::sort::sort_by(options, |a, b| a.text.cmp(&b.text))
        }
        NumericalAsc | NumericalDesc => {
            crate::sort::sort_by_key(options, |o| first_number(&o.text))
        }
        CaseInsensitiveAsc | CaseInsensitiveDesc => {
            crate::sort::sort_by_key(options, |o| o.text.to_lowercase())
        }
        NaturalAsc | NaturalDesc => crate::sort::sort_by(options, |a, b| {
            // Grafana puts empty texts first before the collator compares.
            match (a.text.is_empty(), b.text.is_empty()) {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => natural_cmp(&a.text, &b.text),
            }
        }),
    }
    if matches!(
        sort,
        AlphabeticalDesc | NumericalDesc | CaseInsensitiveDesc | NaturalDesc
    ) {
        options.reverse();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(texts: &[&str], code: i64) -> Vec<String> {
        let mut options: Vec<VariableOption> =
            texts.iter().map(|t| VariableOption::same(*t)).collect();
        sort_options(&mut options, VariableSort::from_code(code));
        options.into_iter().map(|o| o.text).collect()
    }

    #[test]
    fn grafana_sort_codes() {
        let texts = ["node10", "Node2", "node1", "x"];
        assert_eq!(sorted(&texts, 0), texts);
        assert_eq!(sorted(&texts, 1), ["Node2", "node1", "node10", "x"]);
        assert_eq!(sorted(&texts, 2), ["x", "node10", "node1", "Node2"]);
        assert_eq!(sorted(&texts, 3), ["x", "node1", "Node2", "node10"]);
        assert_eq!(sorted(&texts, 4), ["node10", "Node2", "node1", "x"]);
        assert_eq!(sorted(&texts, 5), ["node1", "node10", "Node2", "x"]);
        assert_eq!(sorted(&texts, 7), ["node1", "Node2", "node10", "x"]);
        assert_eq!(sorted(&texts, 8), ["x", "node10", "Node2", "node1"]);
    }
}
