//! Java `SimpleDateFormat` patterns, evaluated the way the platform's poller does (SPEC §6).
//!
//! A pattern is compiled once ([`DateFormat::compile`]) and then used for many parses and
//! formats. Zones ([`Zone`]) are IANA names (chrono-tz), `GMT`/`UTC`, fixed offsets and the
//! common abbreviations Java accepts.
//!
//! STUB: the public API below is the contract; the engine lands with the date-engine work.

use chrono::{DateTime, Utc};

/// Failures of the date engine. Each names the pattern or text and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("date pattern {pattern:?}: {reason}")]
    Pattern { pattern: String, reason: String },
    #[error("unknown time zone {zone:?}{hint}")]
    Zone { zone: String, hint: String },
    #[error("{text:?} does not match {pattern:?}: {reason}")]
    Parse {
        text: String,
        pattern: String,
        reason: String,
    },
    #[error("{text:?} is not an instant: {reason}")]
    Instant { text: String, reason: String },
}

/// A time zone as the platform accepts it.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    Utc,
    Fixed(chrono::FixedOffset),
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `GMT`, `UTC`, `Z`, IANA names, `+05:30`/`-8:00`/`GMT+1`, and Java's abbreviations.
    pub fn parse(name: &str) -> Result<Zone, DateError> {
        match name {
            "GMT" | "UTC" | "Z" => Ok(Zone::Utc),
            other => other
                .parse::<chrono_tz::Tz>()
                .map(Zone::Named)
                .map_err(|_| DateError::Zone {
                    zone: other.to_string(),
                    hint: String::new(),
                }),
        }
    }
}

/// A compiled date format: a SimpleDateFormat pattern, or `milliseconds` (epoch ms).
#[derive(Debug, Clone)]
pub struct DateFormat {
    source: String,
}

impl DateFormat {
    /// Compile a pattern once; reuse it for every record.
    pub fn compile(pattern: &str) -> Result<DateFormat, DateError> {
        Ok(DateFormat {
            source: pattern.to_string(),
        })
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Parse `text`; `zone` applies when the text carries no zone of its own.
    pub fn parse(&self, text: &str, _zone: &Zone) -> Result<DateTime<Utc>, DateError> {
        Err(DateError::Parse {
            text: text.to_string(),
            pattern: self.source.clone(),
            reason: "date engine not implemented yet".into(),
        })
    }

    /// Render `instant` in `zone`.
    pub fn format(&self, instant: DateTime<Utc>, _zone: &Zone) -> String {
        instant.to_rfc3339()
    }
}
