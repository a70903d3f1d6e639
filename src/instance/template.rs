//! Resource URL templates: `{placeholders}` and date macros (`${gmtDate:FMT}`, `${epoch:ms}`…),
//! parsed once at validation and expanded by the poller with the window start.
//!
//! STUB: the API is the contract; parsing and expansion land with the instance work.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("URL {url:?}, column {column}: {reason}")]
    Syntax {
        url: String,
        column: usize,
        reason: String,
    },
    #[error("URL {url:?}: no value for {{{name}}} (pass --param {name}=VALUE)")]
    MissingPlaceholder { url: String, name: String },
}

/// A parsed resource URL.
#[derive(Debug, Clone)]
pub struct UrlTemplate {
    source: String,
}

impl UrlTemplate {
    pub fn parse(source: &str) -> Result<UrlTemplate, TemplateError> {
        Ok(UrlTemplate {
            source: source.to_string(),
        })
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Names of the `{placeholders}`, in order.
    pub fn placeholders(&self) -> Vec<&str> {
        Vec::new()
    }

    /// Expand with the window start; `lookup` resolves `{placeholders}`.
    /// Substituted values are percent-encoded for the part of the URL they land in.
    pub fn expand(
        &self,
        _start: DateTime<Utc>,
        _lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<String, TemplateError> {
        Ok(self.source.clone())
    }
}
