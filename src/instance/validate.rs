//! Validation of an instance body: every problem at once, each with its JSON Pointer,
//! line:column, severity and a hint (SPEC §2).
//!
//! STUB: the API is the contract; the checks land with the instance work.

use serde::Serialize;

use crate::instance::Instance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// RFC 6901 JSON Pointer of the offending value ("" for the document).
    pub pointer: String,
    /// 1-based line and column of the value in the input.
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// The result of validating one document.
#[derive(Debug)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// The typed instance, when there were no errors (warnings allowed).
    pub instance: Option<Instance>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }
}

/// Validate raw bytes (any size, any encoding: bad input is a diagnostic, never a panic).
pub fn validate(_bytes: &[u8]) -> Report {
    Report {
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            pointer: String::new(),
            line: 1,
            column: 1,
            message: "validation not implemented yet".into(),
            hint: None,
        }],
        instance: None,
    }
}
