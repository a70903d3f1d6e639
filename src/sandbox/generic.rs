//! The generic hub: any resource URL of any connector, served from the seeded record
//! generator ([`super::records`], `RecordKind::Generic` records carrying the configured id and
//! dates). What makes it generic is reading the window start from whichever query parameter
//! carries the URL's date macro — `where=LastModifiedDate>='${gmtDate:…}'` (CEQL, the hubs'
//! normal form), but also `modified_since=${epoch:s}` or `since=${date}` as vendors' own
//! parameters — so a connector pollctl has never seen is filtered like the four it knows.

use crate::datefmt::{DateFormat, Zone};

/// How the URL's date macro renders the window start, so the sandbox can read it back.
#[derive(Debug, Clone)]
pub enum SinceFilter {
    /// `${gmtDate:FMT}`, `${date:FMT}`, `${dateTimeZone:ZONE:FMT}`.
    Pattern { format: DateFormat, zone: Zone },
    /// `${epoch}`, `${epoch:s|ms|us}`, `${milliseconds}`: the divisor to get seconds × 1000.
    Epoch { unit: EpochUnit },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochUnit {
    Seconds,
    Millis,
    Micros,
}

/// The query parameter whose value holds the URL's first date macro (`where`, `since`…).
pub fn since_param(query_template: &str) -> Option<String> {
    for pair in split_params(query_template) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if value.contains("${") && !name.is_empty() {
            return Some(name.to_string());
        }
    }
    None
}

/// `a=1&where=x>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'`: split at `&` outside `${…}`.
fn split_params(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in query.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '&' if depth == 0 => {
                out.push(&query[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&query[start..]);
    out
}

/// The exclusive lower bound (epoch ms) from a vendor parameter's value: the whole value (in
/// quotes or not) is the rendered macro.
pub fn since_from_value(value: &str, filter: &SinceFilter) -> Result<i64, String> {
    let literal = value.trim();
    let literal = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or(literal);
    let ms = match filter {
        SinceFilter::Pattern { format, zone } => format
            .parse(literal, zone)
            .map_err(|e| format!("{value:?}: {e}"))?
            .timestamp_millis(),
        SinceFilter::Epoch { unit } => {
            let n: i64 = literal
                .parse()
                .map_err(|_| format!("{value:?} is not an epoch number"))?;
            match unit {
                EpochUnit::Seconds => n.saturating_mul(1000),
                EpochUnit::Millis => n,
                EpochUnit::Micros => n / 1000,
            }
        }
    };
    // A vendor's "since" parameter is inclusive.
    Ok(ms.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datefmt::{DateFormat, Zone};

    #[test]
    fn finds_the_macro_parameter() {
        assert_eq!(
            since_param("pageSize=5&where=LastModifiedDate>='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'")
                .as_deref(),
            Some("where")
        );
        assert_eq!(
            since_param("modified_since=${epoch:s}&a=b").as_deref(),
            Some("modified_since")
        );
        assert_eq!(since_param("a=b"), None);
    }

    #[test]
    fn reads_vendor_values() {
        let f = SinceFilter::Epoch {
            unit: EpochUnit::Seconds,
        };
        assert_eq!(
            since_from_value("1700000000", &f).unwrap(),
            1_699_999_999_999
        );
        let p = SinceFilter::Pattern {
            format: DateFormat::compile("yyyy-MM-dd'T'HH:mm:ss'Z'").unwrap(),
            zone: Zone::Utc,
        };
        assert_eq!(
            since_from_value("'2023-11-14T22:13:20Z'", &p).unwrap(),
            1_699_999_999_999
        );
        assert!(since_from_value("x", &f).is_err());
    }
}
