//! Resource URL templates: `{placeholders}` and date macros (`${gmtDate:FMT}`, `${epoch:ms}`…),
//! parsed once at validation and expanded by the poller with the window start.
//!
//! Macros (docs/design.md, "The poll cycle", step 2):
//! - `${gmtDate:FMT}` and `${date:FMT}`: the instant in GMT, in the Java pattern FMT;
//! - `${dateTimeZone:ZONE:FMT}` (also `${DateTimeZone:…}`): in ZONE — an IANA name, an
//!   abbreviation (`PST`), an offset (`-8:00`, `+05:30`, `GMT-08:00`) or a `{placeholder}`;
//! - `${epoch}` / `${epoch:ms}` epoch milliseconds, `${epoch:s}` seconds, `${epoch:us}`
//!   microseconds, `${milliseconds}` epoch milliseconds;
//! - legacy `${date}` with no format: ISO 8601 UTC to the second, `2024-01-02T03:04:05Z`
//!   ([`LEGACY_DATE_PATTERN`]); `${date:10 digit integer Unix time}` (a documentation
//!   artifact) is read as epoch seconds.
//!
//! Where pollctl reads a macro Java or the platform would not (the `Unix time` artifact, which
//! `SimpleDateFormat` refuses as a pattern; `${DateTimeZone:…}`, a spelling only one shipped
//! configuration uses), [`UrlTemplate::notes`] says so and validation warns.
//!
//! The macro body ends at the matching `}` (Java patterns contain `'` and `:`). Date patterns
//! and zones are compiled here, once; expansion only formats.
//!
//! Encoding: the template's own characters are kept as written, except those that cannot
//! appear in a URL at all (space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `|`, `{`, `}`, control
//! and non-ASCII characters), which are percent-encoded, so CEQL like
//! `where=name = 'a b'` becomes a valid URL. Substituted values are percent-encoded for the
//! part they land in: a path segment (`/`, `?`, `#`, `%` encoded…) or a query value
//! (`&`, `=`, `+`, `#`, `%` encoded…), so an offset `+05:00` never turns into a space.

use chrono::{DateTime, Utc};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::datefmt::{DateFormat, Zone};

/// The pattern of the legacy `${date}` macro (no format given).
pub const LEGACY_DATE_PATTERN: &str = "yyyy-MM-dd'T'HH:mm:ss'Z'";

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
    /// A `{placeholder}` used as a macro's time zone resolved to a value that is no zone.
    #[error("URL {url:?}: {{{name}}} = {value:?} is not a time zone: {reason}")]
    BadZone {
        url: String,
        name: String,
        value: String,
        reason: String,
    },
}

/// Characters that cannot stand in a URL as written: encoded in template literals.
const LITERAL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'|')
    .add(b'{')
    .add(b'}');
/// A substituted value inside a path segment.
const PATH_VALUE: &AsciiSet = &LITERAL
    .add(b'/')
    .add(b'?')
    .add(b'#')
    .add(b'%')
    .add(b'[')
    .add(b']')
    .add(b';');
/// A substituted value inside a query (key or value).
const QUERY_VALUE: &AsciiSet = &LITERAL
    .add(b'&')
    .add(b'=')
    .add(b'+')
    .add(b'#')
    .add(b'%')
    .add(b'[')
    .add(b']')
    .add(b';');

/// Where in the URL a piece lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Path,
    Query,
    Fragment,
}

#[derive(Debug, Clone)]
enum EpochUnit {
    Seconds,
    Millis,
    Micros,
}

#[derive(Debug, Clone)]
enum MacroZone {
    Fixed(Zone),
    Placeholder(String),
}

#[derive(Debug, Clone)]
enum Segment {
    /// Literal text, already encoded for the URL.
    Literal(String),
    Placeholder {
        name: String,
        part: Part,
    },
    Date {
        format: DateFormat,
        zone: MacroZone,
        part: Part,
    },
    Epoch {
        unit: EpochUnit,
        part: Part,
    },
}

/// A parsed resource URL.
#[derive(Debug, Clone)]
pub struct UrlTemplate {
    source: String,
    segments: Vec<Segment>,
    /// Placeholder names in first-seen order, unique.
    names: Vec<String>,
    /// What pollctl reads leniently (validation shows these as warnings).
    notes: Vec<String>,
}

impl UrlTemplate {
    pub fn parse(source: &str) -> Result<UrlTemplate, TemplateError> {
        let syntax = |column: usize, reason: String| TemplateError::Syntax {
            url: source.to_string(),
            column,
            reason,
        };
        let chars: Vec<char> = source.chars().collect();
        let mut segments = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let mut literal = String::new();
        let mut part = Part::Path;
        let mut i = 0;
        let flush = |literal: &mut String, segments: &mut Vec<Segment>| {
            if !literal.is_empty() {
                let enc = encode_literal(literal);
                segments.push(Segment::Literal(enc));
                literal.clear();
            }
        };
        while i < chars.len() {
            let c = chars[i];
            let column = i + 1;
            if c == '$' && chars.get(i + 1) == Some(&'{') {
                let close = matching_brace(&chars, i + 1)
                    .ok_or_else(|| syntax(column, "`${` is never closed by `}`".to_string()))?;
                let body: String = chars[i + 2..close].iter().collect();
                flush(&mut literal, &mut segments);
                let seg = parse_macro(&body, part, &mut names, &mut notes).map_err(
                    |(offset, reason)| syntax(offset.map_or(column, |o| column + 2 + o), reason),
                )?;
                segments.push(seg);
                i = close + 1;
                continue;
            }
            if c == '{' {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '}')
                    .map(|p| p + i + 1)
                    .ok_or_else(|| syntax(column, "`{` is never closed by `}`".to_string()))?;
                let name: String = chars[i + 1..close].iter().collect();
                check_placeholder_name(&name).map_err(|reason| syntax(column, reason))?;
                flush(&mut literal, &mut segments);
                if !names.contains(&name) {
                    names.push(name.clone());
                }
                segments.push(Segment::Placeholder { name, part });
                i = close + 1;
                continue;
            }
            if c == '}' {
                return Err(syntax(
                    column,
                    "`}` without an opening `{` or `${`".to_string(),
                ));
            }
            match c {
                '?' if part == Part::Path => part = Part::Query,
                '#' if part != Part::Fragment => part = Part::Fragment,
                _ => {}
            }
            literal.push(c);
            i += 1;
        }
        flush(&mut literal, &mut segments);
        Ok(UrlTemplate {
            source: source.to_string(),
            segments,
            names,
            notes,
        })
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Names of the `{placeholders}`, in order (each once), including one used as a zone.
    pub fn placeholders(&self) -> Vec<&str> {
        self.names.iter().map(String::as_str).collect()
    }

    /// What pollctl reads here that Java or the platform might not: one sentence each.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Literal text that looks like a fixed date or epoch time (`2024-01-01`, `1704067200`):
    /// without a date macro the window never moves.
    pub fn hard_coded_date(&self) -> Option<String> {
        if self.has_date_macro() {
            return None;
        }
        let text: String = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Literal(l) => Some(l.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(" ");
        // Only the query filters (`/accounts/1234567890` is an id, not a time).
        let text = text.split_once('?').map_or("", |(_, q)| q);
        let b = text.as_bytes();
        let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
        for i in 0..b.len() {
            if i > 0 && digit(i - 1) {
                continue;
            }
            // yyyy-MM-dd (or yyyy/MM/dd, yyyyMMdd is too ambiguous)
            if (0..4).all(|k| digit(i + k))
                && matches!(b.get(i + 4), Some(b'-' | b'/'))
                && digit(i + 5)
                && digit(i + 6)
                && b.get(i + 7) == b.get(i + 4)
                && digit(i + 8)
                && digit(i + 9)
            {
                return Some(text[i..i + 10].to_string());
            }
            // 10 to 13 digits starting with 1: epoch seconds or milliseconds (2001–2286)
            let run = (i..b.len()).take_while(|&k| digit(k)).count();
            if (10..=13).contains(&run) && b[i] == b'1' && !digit(i + run) {
                return Some(text[i..i + run].to_string());
            }
        }
        None
    }

    /// Whether the URL carries a date macro (so the vendor filters by the window start).
    pub fn has_date_macro(&self) -> bool {
        self.segments
            .iter()
            .any(|s| matches!(s, Segment::Date { .. } | Segment::Epoch { .. }))
    }

    /// Expand with the window start; `lookup` resolves `{placeholders}`.
    /// Substituted values are percent-encoded for the part of the URL they land in.
    pub fn expand(
        &self,
        start: DateTime<Utc>,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(self.source.len() + 32);
        for seg in &self.segments {
            match seg {
                Segment::Literal(s) => out.push_str(s),
                Segment::Placeholder { name, part } => {
                    let value = lookup(name).ok_or_else(|| TemplateError::MissingPlaceholder {
                        url: self.source.clone(),
                        name: name.clone(),
                    })?;
                    push_encoded(&mut out, &value, *part);
                }
                Segment::Date { format, zone, part } => {
                    let text = match zone {
                        MacroZone::Fixed(z) => format_not_after(format, start, z),
                        MacroZone::Placeholder(name) => {
                            let value =
                                lookup(name).ok_or_else(|| TemplateError::MissingPlaceholder {
                                    url: self.source.clone(),
                                    name: name.clone(),
                                })?;
                            let z =
                                Zone::parse(value.trim()).map_err(|e| TemplateError::BadZone {
                                    url: self.source.clone(),
                                    name: name.clone(),
                                    value: value.clone(),
                                    reason: e.to_string(),
                                })?;
                            format_not_after(format, start, &z)
                        }
                    };
                    push_encoded(&mut out, &text, *part);
                }
                Segment::Epoch { unit, part } => {
                    let n = match unit {
                        EpochUnit::Seconds => start.timestamp(),
                        EpochUnit::Millis => start.timestamp_millis(),
                        EpochUnit::Micros => start.timestamp_micros(),
                    };
                    push_encoded(&mut out, &n.to_string(), *part);
                }
            }
        }
        Ok(out)
    }
}

/// `start` in `format` and `zone`, as text that never stands for a later instant. In a
/// daylight-saving overlap a wall-clock time without an offset (`01:30` on the night New York
/// falls back) is read back as the later instant, by Java and so by the hub: a filter
/// "changed since 01:30" would skip the hour of changes after `start`. Then the text of an
/// instant that much earlier is used (the overlap is re-read; the ledger drops repeats).
fn format_not_after(format: &DateFormat, start: DateTime<Utc>, zone: &Zone) -> String {
    let text = format.format(start, zone);
    match format.parse(&text, zone) {
        Ok(back) if back > start && back - start <= chrono::Duration::days(1) => {
            format.format(start - (back - start), zone)
        }
        _ => text,
    }
}

/// Encode the template's own text: characters that cannot stand in a URL are
/// percent-encoded, existing `%XX` escapes are kept, and a `%` that starts no escape
/// (CEQL `LIKE 'a%'`) becomes `%25`.
fn encode_literal(literal: &str) -> String {
    let bytes = literal.as_bytes();
    let mut out = String::with_capacity(literal.len());
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            out.extend(utf8_percent_encode(&literal[start..i], LITERAL));
            out.push_str("%25");
            start = i + 1;
        }
    }
    out.extend(utf8_percent_encode(&literal[start..], LITERAL));
    out
}

fn push_encoded(out: &mut String, value: &str, part: Part) {
    let set = match part {
        Part::Path => PATH_VALUE,
        Part::Query | Part::Fragment => QUERY_VALUE,
    };
    out.extend(utf8_percent_encode(value, set));
}

/// Index of the `}` matching the `{` at `open`, counting nested braces.
fn matching_brace(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

fn check_placeholder_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("empty placeholder `{}`".into());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(format!(
            "placeholder {{{name}}} contains {bad:?}; names are letters, digits, `_`, `-` and `.`"
        ));
    }
    Ok(())
}

/// Parse a macro body (between `${` and `}`); errors carry the char offset in the body.
fn parse_macro(
    body: &str,
    part: Part,
    names: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<Segment, (Option<usize>, String)> {
    let (name, rest) = match body.find(':') {
        Some(k) => (&body[..k], Some(&body[k + 1..])),
        None => (body, None),
    };
    let rest_offset = name.chars().count() + 1;
    let compile = |pattern: &str, offset: usize| {
        DateFormat::compile(pattern).map_err(|e| (Some(offset), e.to_string()))
    };
    match name.to_ascii_lowercase().as_str() {
        "gmtdate" | "date" => match rest {
            None if name == "date" => Ok(Segment::Date {
                format: compile(LEGACY_DATE_PATTERN, 0)?,
                zone: MacroZone::Fixed(Zone::Utc),
                part,
            }),
            None | Some("") => Err((
                Some(name.chars().count()),
                format!("${{{name}:FORMAT}} needs a date pattern after `:`"),
            )),
            Some(p) if p.contains("Unix time") => {
                notes.push(format!(
                    "${{{body}}} is not a date pattern Java accepts (the platform's SimpleDateFormat would refuse it); pollctl reads it as epoch seconds. Write ${{epoch:s}}"
                ));
                Ok(Segment::Epoch {
                    unit: EpochUnit::Seconds,
                    part,
                })
            }
            Some(p) => Ok(Segment::Date {
                format: compile(p, rest_offset)?,
                zone: MacroZone::Fixed(Zone::Utc),
                part,
            }),
        },
        "datetimezone" => {
            if name != "dateTimeZone" {
                notes.push(format!(
                    "${{{name}:…}} is not the documented spelling ${{dateTimeZone:…}}; pollctl reads it alike, but whether the platform matches macro names without regard to case is not documented (one shipped configuration, Revel's, uses ${{DateTimeZone:…}}). Write ${{dateTimeZone:…}}"
                ));
            }
            let rest = rest.unwrap_or("");
            let (zone_text, fmt) = split_zone(rest).ok_or_else(|| {
                (
                    Some(rest_offset),
                    format!("${{{name}:ZONE:FORMAT}} needs a time zone and a date pattern"),
                )
            })?;
            let fmt_offset = rest_offset + zone_text.chars().count() + 1;
            if fmt.is_empty() {
                return Err((
                    Some(fmt_offset),
                    "missing date pattern after the zone".into(),
                ));
            }
            let zone = if let Some(inner) = zone_text
                .strip_prefix('{')
                .and_then(|z| z.strip_suffix('}'))
            {
                check_placeholder_name(inner).map_err(|r| (Some(rest_offset), r))?;
                if !names.iter().any(|n| n == inner) {
                    names.push(inner.to_string());
                }
                MacroZone::Placeholder(inner.to_string())
            } else {
                MacroZone::Fixed(
                    Zone::parse(zone_text).map_err(|e| (Some(rest_offset), e.to_string()))?,
                )
            };
            Ok(Segment::Date {
                format: compile(fmt, fmt_offset)?,
                zone,
                part,
            })
        }
        "epoch" => {
            let unit = match rest {
                None | Some("ms") => EpochUnit::Millis,
                Some("s") => EpochUnit::Seconds,
                Some("us") => EpochUnit::Micros,
                Some(other) => {
                    return Err((
                        Some(rest_offset),
                        format!("unknown epoch unit {other:?}; use s, ms or us"),
                    ));
                }
            };
            Ok(Segment::Epoch { unit, part })
        }
        "milliseconds" if rest.is_none() => Ok(Segment::Epoch {
            unit: EpochUnit::Millis,
            part,
        }),
        _ => Err((
            None,
            format!(
                "unknown macro ${{{body}}}; known: ${{gmtDate:FORMAT}}, ${{date:FORMAT}}, \
                 ${{dateTimeZone:ZONE:FORMAT}}, ${{epoch}}, ${{epoch:s|ms|us}}, ${{milliseconds}}, ${{date}}"
            ),
        )),
    }
}

/// Split `ZONE:FORMAT`, where ZONE may itself hold a colon (`-8:00`, `GMT+05:30`) or be a
/// `{placeholder}`.
fn split_zone(rest: &str) -> Option<(&str, &str)> {
    if rest.starts_with('{') {
        let close = rest.find('}')?;
        let fmt = rest.get(close + 1..)?.strip_prefix(':')?;
        return Some((&rest[..=close], fmt));
    }
    let first = rest.find(':')?;
    let head = &rest[..first];
    let tail = &rest[first + 1..];
    // An offset's hour part: `-8`, `+05`, `GMT-08`, `UTC+1`.
    let digits = head
        .trim_start_matches("GMT")
        .trim_start_matches("UTC")
        .trim_start_matches(['+', '-']);
    let is_offset_hour = head.len() > digits.len()
        && (head.starts_with(['+', '-']) || head.starts_with("GMT") || head.starts_with("UTC"))
        && !digits.is_empty()
        && digits.len() <= 2
        && digits.bytes().all(|b| b.is_ascii_digit());
    if is_offset_hour {
        let mins: String = tail.chars().take(2).collect();
        if mins.len() == 2
            && mins.bytes().all(|b| b.is_ascii_digit())
            && tail.get(2..3) == Some(":")
        {
            let end = first + 1 + 2;
            return Some((&rest[..end], &rest[end + 1..]));
        }
    }
    Some((head, tail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::milliseconds(678)
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn epoch_forms() {
        let u = UrlTemplate::parse(
            "/x?a=${epoch}&b=${epoch:s}&c=${epoch:ms}&d=${epoch:us}&e=${milliseconds}",
        )
        .unwrap();
        assert_eq!(
            u.expand(t(), &none).unwrap(),
            "/x?a=1704164645678&b=1704164645&c=1704164645678&d=1704164645678000&e=1704164645678"
        );
        assert!(u.has_date_macro());
    }

    #[test]
    fn placeholders_in_path_and_query() {
        let u = UrlTemplate::parse("/hubs/general/calendars/{calendarId}/changed-events?q={q}")
            .unwrap();
        assert_eq!(u.placeholders(), vec!["calendarId", "q"]);
        let look = |n: &str| match n {
            "calendarId" => Some("en.usa#holiday@group/x".to_string()),
            "q" => Some("a&b=c d+e".to_string()),
            _ => None,
        };
        assert_eq!(
            u.expand(t(), &look).unwrap(),
            "/hubs/general/calendars/en.usa%23holiday@group%2Fx/changed-events?q=a%26b%3Dc%20d%2Be"
        );
        let err = u.expand(t(), &none).unwrap_err();
        assert!(
            matches!(err, TemplateError::MissingPlaceholder { ref name, .. } if name == "calendarId")
        );
        assert!(err.to_string().contains("--param calendarId=VALUE"));
    }

    #[test]
    fn literal_characters_kept_unsafe_ones_encoded() {
        let u = UrlTemplate::parse("/hubs/crm/contacts?where=name = 'a b' and x>=1").unwrap();
        assert_eq!(
            u.expand(t(), &none).unwrap(),
            "/hubs/crm/contacts?where=name%20=%20'a%20b'%20and%20x%3E=1"
        );
        assert!(!u.has_date_macro());
        assert!(u.placeholders().is_empty());
        let u = UrlTemplate::parse("/c?where=name LIKE 'a%' and x='%C3%A9' and y='é'").unwrap();
        assert_eq!(
            u.expand(t(), &none).unwrap(),
            "/c?where=name%20LIKE%20'a%25'%20and%20x='%C3%A9'%20and%20y='%C3%A9'"
        );
    }

    #[test]
    fn fixed_dates_in_the_query_are_found() {
        let t = |s: &str| UrlTemplate::parse(s).unwrap().hard_coded_date();
        assert_eq!(
            t("/hubs/marketing/deals?where=mdate>=2017-02-28T16:11:29-06:00").as_deref(),
            Some("2017-02-28")
        );
        assert_eq!(t("/x?since=1704067200").as_deref(), Some("1704067200"));
        assert_eq!(
            t("/x?since=1704067200000&y=1").as_deref(),
            Some("1704067200000")
        );
        // Ids in the path, short numbers, and URLs with a macro are not fixed dates.
        assert_eq!(t("/hubs/crm/accounts/1234567890/contacts"), None);
        assert_eq!(t("/x?pageSize=5000&id=12345"), None);
        assert_eq!(t("/x?since=2017-02-28&until=${gmtDate:yyyy-MM-dd}"), None);
    }

    #[test]
    fn syntax_errors_give_the_column() {
        let e = UrlTemplate::parse("/a?x=${gmtDate:yyyy").unwrap_err();
        assert!(matches!(e, TemplateError::Syntax { column: 6, .. }), "{e}");
        let e = UrlTemplate::parse("/a/${bogus:1}").unwrap_err();
        assert!(matches!(e, TemplateError::Syntax { column: 4, .. }), "{e}");
        assert!(e.to_string().contains("unknown macro"));
        let e = UrlTemplate::parse("/a/{calendar").unwrap_err();
        assert!(matches!(e, TemplateError::Syntax { column: 4, .. }));
        let e = UrlTemplate::parse("/a/{}").unwrap_err();
        assert!(e.to_string().contains("empty placeholder"));
        let e = UrlTemplate::parse("/a}").unwrap_err();
        assert!(matches!(e, TemplateError::Syntax { column: 3, .. }));
        let e = UrlTemplate::parse("/a?x=${epoch:ns}").unwrap_err();
        assert!(e.to_string().contains("unknown epoch unit"));
        let e = UrlTemplate::parse("/a?x=${gmtDate}").unwrap_err();
        assert!(e.to_string().contains("needs a date pattern"));
    }

    #[test]
    fn zone_splitting() {
        assert_eq!(
            split_zone("-8:00:yyyy-MM-dd HH:mm"),
            Some(("-8:00", "yyyy-MM-dd HH:mm"))
        );
        assert_eq!(split_zone("GMT+05:30:HH:mm"), Some(("GMT+05:30", "HH:mm")));
        assert_eq!(split_zone("PST:yyyy"), Some(("PST", "yyyy")));
        assert_eq!(
            split_zone("America/Denver:yyyy-MM-dd'T'HH:mm:ss"),
            Some(("America/Denver", "yyyy-MM-dd'T'HH:mm:ss"))
        );
        assert_eq!(split_zone("{TimeZone}:yyyy"), Some(("{TimeZone}", "yyyy")));
        assert_eq!(split_zone("yyyy"), None);
    }

    #[test]
    fn date_macro_parses_with_zone_placeholder() {
        let u = UrlTemplate::parse("/x?w=${dateTimeZone:{TimeZone}:yyyy-MM-dd}").unwrap();
        assert_eq!(u.placeholders(), vec!["TimeZone"]);
        assert!(u.expand(t(), &none).is_err());
    }

    /// Exact date expansions (needs the real date engine, `crate::datefmt`).
    #[test]
    fn date_macros_expand_exactly() {
        let look = |n: &str| (n == "TimeZone").then(|| "America/Denver".to_string());
        let cases = [
            (
                "/d?where=lastmodifieddate='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
                "/d?where=lastmodifieddate='2024-01-02T03:04:05Z'",
            ),
            (
                "/d?x=${date:yyyy-MM-dd HH:mm:ss.SSS}",
                "/d?x=2024-01-02%2003:04:05.678",
            ),
            ("/d?x=${date}", "/d?x=2024-01-02T03:04:05Z"),
            (
                "/d?x=${dateTimeZone:-8:00:yyyy-MM-dd'T'HH:mm:ssXXX}",
                "/d?x=2024-01-01T19:04:05-08:00",
            ),
            (
                "/d?x=${DateTimeZone:America/New_York:yyyy-MM-dd'T'HH:mm:ssXXX}",
                "/d?x=2024-01-01T22:04:05-05:00",
            ),
            (
                "/d?x=${dateTimeZone:Asia/Kolkata:yyyy-MM-dd'T'HH:mm:ssXXX}",
                "/d?x=2024-01-02T08:34:05%2B05:30",
            ),
            ("/d?x=${dateTimeZone:{TimeZone}:HH:mm}", "/d?x=20:04"),
            ("/d/${gmtDate:yyyy/MM/dd}/x", "/d/2024%2F01%2F02/x"),
            ("/d?x=${date:10 digit integer Unix time}", "/d?x=1704164645"),
        ];
        for (template, want) in cases {
            let u = UrlTemplate::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"));
            assert_eq!(u.expand(t(), &look).unwrap(), want, "{template}");
        }
    }

    proptest::proptest! {
        /// Any text parses or fails with a column inside it; what parses expands.
        #[test]
        fn parse_and_expand_never_panic(src in "[a-z/?=&'{}$:%+# TZyMdHms0-9.-]{0,40}") {
            match UrlTemplate::parse(&src) {
                Ok(u) => {
                    let all = |_: &str| Some("v a/l+ue".to_string());
                    let _ = u.expand(t(), &all);
                    let _ = u.expand(t(), &none);
                }
                Err(TemplateError::Syntax { column, .. }) => {
                    proptest::prop_assert!(column >= 1 && column <= src.chars().count() + 1);
                }
                Err(e) => proptest::prop_assert!(false, "unexpected {e}"),
            }
        }
    }

    #[test]
    fn sharefile_seed_url_parses() {
        let u = UrlTemplate::parse(
            "/hubs/documents/events/poll/documents?where=lastmodifieddate='${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'",
        )
        .unwrap();
        assert!(u.has_date_macro());
        assert!(u.placeholders().is_empty());
        let out = u.expand(t(), &none).unwrap();
        assert!(out.starts_with("/hubs/documents/events/poll/documents?where=lastmodifieddate='"));
        assert!(out.ends_with('\''));
    }

    #[test]
    fn a_start_in_a_dst_overlap_is_never_read_back_later() {
        // 05:30Z is 01:30 EDT, the first of New York's two 01:30s on 2024-11-03; "01:30" alone
        // reads back (Java: the later instant) as 06:30Z, skipping an hour of changes.
        let tz = crate::datefmt::Zone::parse("America/New_York").unwrap();
        let f = DateFormat::compile("yyyy-MM-dd HH:mm:ss").unwrap();
        let t = UrlTemplate::parse("/x?since=${dateTimeZone:America/New_York:yyyy-MM-dd HH:mm:ss}")
            .unwrap();
        for start in ["2024-11-03T05:30:00Z", "2024-11-03T05:00:00.500Z"] {
            let start: DateTime<Utc> = start.parse().unwrap();
            let url = t.expand(start, &|_| None).unwrap();
            let text = url.strip_prefix("/x?since=").unwrap().replace("%20", " ");
            let back = f.parse(&text, &tz).unwrap();
            assert!(back <= start, "{url}: reads back as {back}, after {start}");
            assert!(start - back <= chrono::Duration::hours(1), "{url}");
        }
        // outside an overlap nothing changes (EST, the second 01:30)
        let start: DateTime<Utc> = "2024-11-03T06:30:00Z".parse().unwrap();
        assert_eq!(
            t.expand(start, &|_| None).unwrap(),
            "/x?since=2024-11-03%2001:30:00"
        );
    }
}
