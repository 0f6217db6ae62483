//! The documented LogQL subset (see devstack/LOGQL.md): tokenizer, parser, log pipeline and
//! metric evaluation.

pub mod ast;
pub mod lexer;
pub mod metric;
pub mod parser;
pub mod pipeline;
pub mod select;

pub use ast::Query;
pub use parser::{parse, parse_selector};

use std::fmt;

/// A LogQL parse error, printed exactly as Loki's `logqlmodel.ParseError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub msg: String,
    /// 1-based; 0 when the error has no position (Loki then prints `parse error : msg`).
    pub line: usize,
    pub col: usize,
}

impl ParseError {
    pub fn at(msg: impl Into<String>, line: usize, col: usize) -> Self {
        ParseError {
            msg: msg.into(),
            line,
            col,
        }
    }

    pub fn plain(msg: impl Into<String>) -> Self {
        ParseError {
            msg: msg.into(),
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 && self.col == 0 {
            write!(f, "parse error : {}", self.msg)
        } else {
            write!(
                f,
                "parse error at line {}, col {}: {}",
                self.line, self.col, self.msg
            )
        }
    }
}

impl std::error::Error for ParseError {}
