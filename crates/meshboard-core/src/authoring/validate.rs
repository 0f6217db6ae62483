//! The JSON model editor's check: a text is read as JSON (a syntax error points at its line
//! and column, as serde_json reports them), then as a dashboard with the rules the editor
//! relies on, each problem pointing at the JSON pointer of the offending value and the line
//! and column where it starts in the text.
//!
//! The viewer stays lenient (one odd panel is drawn as "unsupported"); the editor is strict,
//! because what it saves is what every later load reads.

use std::collections::BTreeMap;

use serde_json::Value;

use super::links::unsafe_links;
use crate::dashboard::GRID_COLUMNS;

/// One thing wrong with a dashboard JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line and column in the text (of the value the problem is about).
    pub line: usize,
    pub column: usize,
    /// JSON pointer of that value (`/panels/3/gridPos`); empty for a syntax error or the root.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// Checks a dashboard JSON text; `Ok` is the parsed value when nothing is wrong.
pub fn validate_dashboard_json(text: &str) -> Result<Value, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            line: e.line().max(1),
            column: e.column().max(1),
            pointer: String::new(),
            message: format!("not valid JSON: {e}"),
        }]
    })?;
    let mut found: Vec<(String, String)> = Vec::new();
    check_model(&value, &mut found);
    if found.is_empty() {
        return Ok(value);
    }
    Err(found
        .into_iter()
        .map(|(pointer, message)| {
            let (line, column) = locate(text, &pointer).unwrap_or((1, 1));
            Problem {
                line,
                column,
                pointer,
                message,
            }
        })
        .collect())
}

fn check_model(root: &Value, found: &mut Vec<(String, String)>) {
    let mut problem = |pointer: String, message: String| found.push((pointer, message));
    let Some(object) = root.as_object() else {
        problem(String::new(), "a dashboard must be a JSON object".into());
        return;
    };
    if object.contains_key("dashboard") {
        problem(
            "/dashboard".into(),
            "the JSON model is the dashboard itself, not wrapped in {\"dashboard\": ...}".into(),
        );
        return;
    }
    for (key, kind) in [("title", "a string"), ("uid", "a string")] {
        if let Some(v) = object.get(key) {
            if !v.is_string() {
                problem(format!("/{key}"), format!("`{key}` must be {kind}"));
            }
        }
    }
    if object
        .get("title")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().is_empty())
    {
        problem("/title".into(), "the dashboard needs a title".into());
    }
    if let Some(tags) = object.get("tags") {
        match tags.as_array() {
            Some(items) => {
                for (i, tag) in items.iter().enumerate() {
                    if !tag.is_string() {
                        problem(format!("/tags/{i}"), "a tag must be a string".into());
                    }
                }
            }
            None => problem("/tags".into(), "`tags` must be a list of strings".into()),
        }
    }
    if let Some(time) = object.get("time") {
        let ok = time.get("from").is_some_and(Value::is_string)
            && time.get("to").is_some_and(Value::is_string);
        if !ok {
            problem(
                "/time".into(),
                "`time` must be {\"from\": \"now-6h\", \"to\": \"now\"}".into(),
            );
        }
    }
    if let Some(list) = object.get("templating").map(|t| t.get("list")) {
        match list.and_then(Value::as_array) {
            Some(vars) => {
                let mut names: BTreeMap<&str, usize> = BTreeMap::new();
                for (i, var) in vars.iter().enumerate() {
                    let pointer = format!("/templating/list/{i}");
                    match var
                        .get("name")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                    {
                        None => problem(pointer, "a variable needs a `name`".into()),
                        Some(name) => {
                            if let Some(first) = names.insert(name, i) {
                                problem(pointer, format!("variable `{name}` is defined twice (also at /templating/list/{first})"));
                            }
                        }
                    }
                }
            }
            None => problem(
                "/templating".into(),
                "`templating` must be {\"list\": [...]}".into(),
            ),
        }
    }
    match object.get("panels") {
        None => {}
        Some(Value::Array(panels)) => {
            let mut ids: BTreeMap<i64, String> = BTreeMap::new();
            for (i, panel) in panels.iter().enumerate() {
                check_panel(panel, &format!("/panels/{i}"), true, &mut ids, &mut problem);
            }
        }
        Some(_) => problem("/panels".into(), "`panels` must be a list".into()),
    }
    for link in unsafe_links(root) {
        problem(
            link.pointer,
            format!(
                "the link `{}` is not allowed: only http, https, mailto and relative links are",
                link.url
            ),
        );
    }
}

fn check_panel(
    panel: &Value,
    pointer: &str,
    top_level: bool,
    ids: &mut BTreeMap<i64, String>,
    problem: &mut impl FnMut(String, String),
) {
    let Some(object) = panel.as_object() else {
        problem(pointer.into(), "a panel must be a JSON object".into());
        return;
    };
    let type_name = object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if type_name.is_empty() {
        problem(
            pointer.into(),
            "a panel needs a `type` (timeseries, stat, row ...)".into(),
        );
    }
    match object.get("id") {
        Some(Value::Number(n)) if n.as_i64().is_some_and(|id| id > 0) => {
            let id = n.as_i64().unwrap_or_default();
            if let Some(first) = ids.insert(id, pointer.to_string()) {
                problem(
                    format!("{pointer}/id"),
                    format!("panel id {id} is used twice (also at {first})"),
                );
            }
        }
        Some(_) => problem(
            format!("{pointer}/id"),
            "a panel id must be a positive whole number".into(),
        ),
        None => problem(pointer.into(), "a panel needs an `id`".into()),
    }
    match object.get("gridPos") {
        None => problem(
            pointer.into(),
            "a panel needs a `gridPos` ({\"x\", \"y\", \"w\", \"h\"})".into(),
        ),
        Some(pos) => check_grid_pos(pos, &format!("{pointer}/gridPos"), problem),
    }
    if type_name == "row" {
        match object.get("panels") {
            None => {}
            Some(Value::Array(children)) => {
                if !top_level && !children.is_empty() {
                    problem(
                        format!("{pointer}/panels"),
                        "a row inside a row is not allowed".into(),
                    );
                }
                for (i, child) in children.iter().enumerate() {
                    check_panel(child, &format!("{pointer}/panels/{i}"), false, ids, problem);
                }
            }
            Some(_) => problem(
                format!("{pointer}/panels"),
                "a row's `panels` must be a list".into(),
            ),
        }
    } else if let Some(targets) = object.get("targets") {
        if !targets.is_array() {
            problem(
                format!("{pointer}/targets"),
                "`targets` must be a list of queries".into(),
            );
        }
    }
}

fn check_grid_pos(pos: &Value, pointer: &str, problem: &mut impl FnMut(String, String)) {
    let field = |key: &str| pos.get(key).and_then(Value::as_f64);
    let (Some(x), Some(y), Some(w), Some(h)) = (field("x"), field("y"), field("w"), field("h"))
    else {
        problem(
            pointer.into(),
            "`gridPos` needs numbers `x`, `y`, `w` and `h`".into(),
        );
        return;
    };
    let whole = |v: f64| v.fract() == 0.0 && v >= 0.0;
    let columns = f64::from(GRID_COLUMNS);
    if ![x, y, w, h].into_iter().all(whole) {
        problem(
            pointer.into(),
            "`gridPos` values must be whole numbers, not negative".into(),
        );
    } else if w < 1.0 || h < 1.0 {
        problem(
            pointer.into(),
            "`gridPos` `w` and `h` must be at least 1".into(),
        );
    } else if x + w > columns {
        problem(
            pointer.into(),
            format!(
                "`gridPos` is wider than the grid: x + w = {} > {GRID_COLUMNS}",
                x + w
            ),
        );
    }
}

/// The 1-based line and column where the value at `pointer` starts in `text` (valid JSON).
pub fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    for segment in &segments {
        match scanner.peek()? {
            b'{' => {
                scanner.pos += 1;
                loop {
                    scanner.skip_ws();
                    if scanner.peek()? == b'}' {
                        return None;
                    }
                    let key_start = scanner.pos;
                    scanner.skip_string()?;
                    let key: String = serde_json::from_str(&text[key_start..scanner.pos]).ok()?;
                    scanner.skip_ws();
                    scanner.expect(b':')?;
                    scanner.skip_ws();
                    if &key == segment {
                        break;
                    }
                    scanner.skip_value()?;
                    scanner.skip_ws();
                    if scanner.peek()? == b',' {
                        scanner.pos += 1;
                    }
                }
            }
            b'[' => {
                let index: usize = segment.parse().ok()?;
                scanner.pos += 1;
                for _ in 0..index {
                    scanner.skip_ws();
                    scanner.skip_value()?;
                    scanner.skip_ws();
                    scanner.expect(b',')?;
                }
                scanner.skip_ws();
                if scanner.peek()? == b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    let before = &text[..scanner.pos];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// Just enough of a JSON reader to skip values in a text already known to be valid.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }
}
