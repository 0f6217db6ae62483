//! Names the JSON field at an error position (`data.result[2].values[17]`), so that a
//! wrong-type error says WHICH field was wrong. Runs only on the error path.

enum Container {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the innermost value that contains byte `column` (1-based, as serde_json
/// reports it) of line `line` (1-based) in `body`. Empty for the document root.
pub(crate) fn path_at(body: &str, line: usize, column: usize) -> String {
    let end = byte_offset(body, line, column);
    let bytes = &body.as_bytes()[..end];
    let mut stack: Vec<Container> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let (content_end, next) = string_end(bytes, i + 1);
                if let Some(Container::Object {
                    key,
                    expecting_key: true,
                }) = stack.last_mut()
                {
                    *key = Some(String::from_utf8_lossy(&bytes[i + 1..content_end]).into_owned());
                }
                i = next;
                continue;
            }
            b'{' => stack.push(Container::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Container::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Container::Array { index }) => *index += 1,
                Some(Container::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b':' => {
                if let Some(Container::Object { expecting_key, .. }) = stack.last_mut() {
                    *expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    render(&stack)
}

/// Byte offset just past column `column` of line `line`, clamped to the body.
fn byte_offset(body: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line.max(1) {
        match body[offset..].find('\n') {
            Some(n) => offset += n + 1,
            None => return body.len(),
        }
    }
    (offset + column).min(body.len())
}

/// For a string whose content starts at `start`: (end of content, index after the closing
/// quote), both clamped to the slice when the string is cut off.
fn string_end(bytes: &[u8], start: usize) -> (usize, usize) {
    let mut j = start;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return (j, j + 1),
            _ => j += 1,
        }
    }
    (bytes.len(), bytes.len())
}

fn render(stack: &[Container]) -> String {
    let mut path = String::new();
    for container in stack {
        match container {
            Container::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Container::Object { key: None, .. } => {}
            Container::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::path_at;

    #[test]
    fn names_nested_fields_and_indices() {
        let body = r#"{"status":"success","data":{"result":[{"values":[[1,"1"],[2,3]]}]}}"#;
        let col = body.find(",3]").unwrap() + 2;
        assert_eq!(path_at(body, 1, col), "data.result[0].values[1][1]");
    }

    #[test]
    fn handles_lines_escapes_and_out_of_range_positions() {
        let body = "{\n\"a\\\"b\": {\"c\": [1,\n 2]}}";
        assert_eq!(path_at(body, 3, 2), "a\\\"b.c[1]");
        assert_eq!(path_at(body, 99, 99), "");
        assert_eq!(path_at("", 1, 5), "");
    }
}
