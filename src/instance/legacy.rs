//! The legacy poller configuration `event.poller.urls`: one resource per line,
//!
//! ```text
//! resource|url|xPath|updatedDateField|updatedDateFormat|updatedDateTimezone|createdDateField|createdDateFormat|createdDateTimezone
//! ```
//!
//! The platform's own instance dumps and element pages also use a second shape: a list of
//! object names (`contacts|accounts`, `contacts\naccounts`, `leads`) that the connector polls
//! with its built-in configuration. A line is a resource line when its second field is empty
//! or looks like a URL (`/…`, `http…`, `${…}`, `{…}`), else a list of names ([`Shape`]).
//!
//! Trailing fields may be left out (`accounts|/hubs/crm/accounts?where=…||LastModifiedDate|yyyy-MM-dd'T'HH:mm:ssZ||CreatedDate|yyyy-MM-dd'T'HH:mm:ssZ`
//! has eight). The format has no id field: pollctl reads the record's `id` (see
//! `docs/connectors.md`). Validation turns each line into the same resource model as the JSON
//! format (see `validate`); [`to_json`] converts the whole string for `pollctl instance migrate`.

use serde_json::{Map, Value, json};

use crate::instance::json::{Kind, Member, Node};

/// The fields of a line, in order.
pub const FIELDS: [&str; 9] = [
    "resource",
    "url",
    "xPath",
    "updatedDateField",
    "updatedDateFormat",
    "updatedDateTimezone",
    "createdDateField",
    "createdDateFormat",
    "createdDateTimezone",
];

/// The id field the legacy format implies (it has none).
pub const IMPLIED_ID_FIELD: &str = "id";

/// One non-blank line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number within the string.
    pub number: usize,
    /// Byte offset of the line in the string.
    pub offset: usize,
    /// Each field with its byte offset in the string (white space around it trimmed).
    pub fields: Vec<(usize, &'a str)>,
}

impl<'a> Line<'a> {
    /// The field at `index` ([`FIELDS`]), empty when absent.
    pub fn field(&self, index: usize) -> &'a str {
        self.fields.get(index).map_or("", |(_, f)| f)
    }
}

/// Split the string into lines (`\n`, `\r\n`) and fields (`|`); blank lines are skipped.
pub fn split(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if !line.trim().is_empty() {
            let mut fields = Vec::new();
            let mut at = offset;
            for f in line.split('|') {
                let lead = f.len() - f.trim_start().len();
                fields.push((at + lead, f.trim()));
                at += f.len() + 1;
            }
            out.push(Line {
                number: i + 1,
                offset,
                fields,
            });
        }
        offset += raw.len() + 1;
    }
    out
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape<'a> {
    /// `resource|url|…`.
    Resource,
    /// `contacts|accounts`: object names the connector polls with its built-in configuration.
    Names(Vec<&'a str>),
}

/// Whether a line is a resource line or a list of object names.
pub fn shape<'a>(line: &Line<'a>) -> Shape<'a> {
    let url = line.field(1);
    let lower = url.to_ascii_lowercase();
    let url_like = url.starts_with('/')
        || url.starts_with('{')
        || url.starts_with("${")
        || lower.starts_with("http");
    // `a||b…`: an empty URL field with more fields after it is a (broken) resource line.
    if url_like || (url.is_empty() && line.fields.len() > 2) {
        Shape::Resource
    } else {
        Shape::Names(
            line.fields
                .iter()
                .map(|(_, f)| *f)
                .filter(|f| !f.is_empty())
                .collect(),
        )
    }
}

/// A problem converting the legacy string (the validator reports these with positions).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegacyError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("\"event.poller.urls\" has no resources")]
    Empty,
    #[error(
        "line {line} lists object names ({names}), not resource lines: the platform polls them with the connector's built-in configuration, which is not in the file; copy that configuration from the connector's documentation instead"
    )]
    Names { line: usize, names: String },
}

/// The shape problems of one line (field count, names), independent of what the fields hold.
pub fn line_problem(line: &Line) -> Option<String> {
    let n = line.fields.len();
    if n > FIELDS.len() {
        return Some(format!(
            "{n} fields separated by `|`; the format has at most {} ({})",
            FIELDS.len(),
            FIELDS.join("|")
        ));
    }
    if line.field(0).is_empty() {
        return Some("the resource name (field 1) is empty".into());
    }
    if n < 2 || line.field(1).is_empty() {
        return Some(format!(
            "resource {:?} has no URL (field 2): write resource|url|…",
            line.field(0)
        ));
    }
    None
}

/// The JSON form of one line: `{"url", "idField", "xPath"?, "datesConfiguration"?}`.
pub fn resource_json(line: &Line) -> Value {
    let mut r = Map::new();
    r.insert("url".into(), json!(line.field(1)));
    r.insert("idField".into(), json!(IMPLIED_ID_FIELD));
    if !line.field(2).is_empty() {
        r.insert("xPath".into(), json!(line.field(2)));
    }
    let mut dates = Map::new();
    for (i, name) in FIELDS.iter().enumerate().skip(3) {
        if !line.field(i).is_empty() {
            dates.insert((*name).into(), json!(line.field(i)));
        }
    }
    if !dates.is_empty() {
        r.insert("datesConfiguration".into(), Value::Object(dates));
    }
    Value::Object(r)
}

/// The JSON poller configuration equivalent to a legacy string, resources in line order.
pub fn to_json(text: &str) -> Result<Map<String, Value>, LegacyError> {
    let mut out = Map::new();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for line in split(text) {
        if let Shape::Names(names) = shape(&line) {
            return Err(LegacyError::Names {
                line: line.number,
                names: names.join(", "),
            });
        }
        if let Some(message) = line_problem(&line) {
            return Err(LegacyError::Line {
                line: line.number,
                message,
            });
        }
        let name = line.field(0);
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
            return Err(LegacyError::Line {
                line: line.number,
                message: format!("resource {name:?} is already defined on line {first}"),
            });
        }
        seen.push((name, line.number));
        out.insert(name.to_string(), resource_json(&line));
    }
    if out.is_empty() {
        return Err(LegacyError::Empty);
    }
    Ok(out)
}

/// Why `pollctl instance migrate` cannot convert a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    #[error("the instance has no \"configuration\" object")]
    NoConfiguration,
    #[error("the instance has no \"event.poller.urls\": nothing to migrate")]
    NothingToMigrate,
    #[error(
        "the instance has both \"event.poller.configuration\" and \"event.poller.urls\": the JSON configuration already wins; remove \"event.poller.urls\""
    )]
    Both,
    #[error("\"event.poller.urls\" must be a string")]
    NotAString,
    #[error("\"event.poller.urls\" {0}")]
    Legacy(#[from] LegacyError),
}

/// The instance document with `configuration["event.poller.urls"]` replaced, in place, by the
/// equivalent `"event.poller.configuration"` object. Every other member keeps its order and
/// its text (numbers as written). `root` is a parsed, valid document.
pub fn migrate(root: &Node) -> Result<String, MigrateError> {
    let config = root
        .get("configuration")
        .ok_or(MigrateError::NoConfiguration)?;
    let members = config.members().ok_or(MigrateError::NoConfiguration)?;
    let legacy = config
        .get("event.poller.urls")
        .ok_or(MigrateError::NothingToMigrate)?;
    if config
        .get("event.poller.configuration")
        .is_some_and(|v| !matches!(&v.kind, Kind::Null) && v.as_str() != Some(""))
    {
        return Err(MigrateError::Both);
    }
    let text = legacy.as_str().ok_or(MigrateError::NotAString)?;
    let converted = to_json_ordered(text)?;
    let mut out = String::new();
    write_node(root, 0, &mut out, &mut |path, key, node, indent, out| {
        if path == 1 && std::ptr::eq(node, config) {
            // Rewrite configuration's members.
            let _ = key;
            out.push_str("{\n");
            let kept: Vec<&Member> = members
                .iter()
                .filter(|m| m.key != "event.poller.configuration")
                .collect();
            for (i, m) in kept.iter().enumerate() {
                push_indent(out, indent + 1);
                if m.key == "event.poller.urls" {
                    push_str(out, "event.poller.configuration");
                    out.push_str(": ");
                    write_value(&converted, indent + 1, out);
                } else {
                    push_str(out, &m.key);
                    out.push_str(": ");
                    write_node(&m.value, indent + 1, out, &mut |_, _, _, _, _| false);
                }
                out.push_str(if i + 1 < kept.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push('}');
            return true;
        }
        false
    });
    out.push('\n');
    Ok(out)
}

/// [`to_json`], keeping the lines' order (the poller polls resources in the order written).
fn to_json_ordered(text: &str) -> Result<Vec<(String, Value)>, LegacyError> {
    to_json(text)?;
    Ok(split(text)
        .iter()
        .map(|l| (l.field(0).to_string(), resource_json(l)))
        .collect())
}

type Hook<'h> = dyn FnMut(usize, &str, &Node, usize, &mut String) -> bool + 'h;

/// Pretty-print a node in the order written; `hook(depth, key, node, indent, out)` may write a
/// member's value itself (returns true).
fn write_node(node: &Node, indent: usize, out: &mut String, hook: &mut Hook) {
    write_node_at(node, 0, indent, out, hook);
}

fn write_node_at(node: &Node, depth: usize, indent: usize, out: &mut String, hook: &mut Hook) {
    match &node.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(n),
        Kind::String(s) => push_str(out, s),
        Kind::Array(items) if items.is_empty() => out.push_str("[]"),
        Kind::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                push_indent(out, indent + 1);
                write_node_at(item, depth + 1, indent + 1, out, hook);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push(']');
        }
        Kind::Object(members) if members.is_empty() => out.push_str("{}"),
        Kind::Object(members) => {
            out.push_str("{\n");
            for (i, m) in members.iter().enumerate() {
                push_indent(out, indent + 1);
                push_str(out, &m.key);
                out.push_str(": ");
                if !hook(depth + 1, &m.key, &m.value, indent + 1, out) {
                    write_node_at(&m.value, depth + 1, indent + 1, out, hook);
                }
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            push_indent(out, indent);
            out.push('}');
        }
    }
}

/// Pretty-print an ordered resource list (`resource → object`).
fn write_value(resources: &[(String, Value)], indent: usize, out: &mut String) {
    out.push_str("{\n");
    for (i, (name, v)) in resources.iter().enumerate() {
        push_indent(out, indent + 1);
        push_str(out, name);
        out.push_str(": ");
        write_resource(v, indent + 1, out);
        out.push_str(if i + 1 < resources.len() { ",\n" } else { "\n" });
    }
    push_indent(out, indent);
    out.push('}');
}

/// One resource, keys in the documented order (url, idField, xPath, datesConfiguration).
fn write_resource(v: &Value, indent: usize, out: &mut String) {
    let Value::Object(m) = v else {
        out.push_str(&v.to_string());
        return;
    };
    let order = ["url", "idField", "xPath", "datesConfiguration"];
    let keys: Vec<&str> = order
        .iter()
        .copied()
        .filter(|k| m.contains_key(*k))
        .collect();
    out.push_str("{\n");
    for (i, k) in keys.iter().enumerate() {
        push_indent(out, indent + 1);
        push_str(out, k);
        out.push_str(": ");
        match &m[*k] {
            Value::Object(d) => {
                out.push_str("{\n");
                let dk: Vec<&str> = FIELDS[3..]
                    .iter()
                    .copied()
                    .filter(|f| d.contains_key(*f))
                    .collect();
                for (j, f) in dk.iter().enumerate() {
                    push_indent(out, indent + 2);
                    push_str(out, f);
                    out.push_str(": ");
                    out.push_str(&d[*f].to_string());
                    out.push_str(if j + 1 < dk.len() { ",\n" } else { "\n" });
                }
                push_indent(out, indent + 1);
                out.push('}');
            }
            other => out.push_str(&other.to_string()),
        }
        out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
    }
    push_indent(out, indent);
    out.push('}');
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

fn push_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the 2017 "Polling Configuration" guide (cloud-elements/devportal,
    /// `_archive/events/polling.md`): eight fields, no created zone.
    const GUIDE: &str = "accounts|/hubs/crm/accounts?where=LastModifiedDate>=${date}||LastModifiedDate|yyyy-MM-dd'T'HH:mm:ssZ||CreatedDate|yyyy-MM-dd'T'HH:mm:ssZ";

    #[test]
    fn splits_lines_and_fields_with_offsets() {
        let text = format!("{GUIDE}\r\n\n  contacts | /hubs/crm/contacts ");
        let lines = split(&text);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].number, 1);
        assert_eq!(lines[0].fields.len(), 8);
        assert_eq!(lines[0].field(3), "LastModifiedDate");
        assert_eq!(lines[0].field(5), "");
        assert_eq!(lines[1].number, 3);
        let (off, url) = lines[1].fields[1];
        assert_eq!(url, "/hubs/crm/contacts");
        assert_eq!(&text[off..off + url.len()], url);
    }

    #[test]
    fn converts_to_the_json_form() {
        let j = to_json(GUIDE).unwrap();
        assert_eq!(
            Value::Object(j),
            json!({"accounts": {
                "url": "/hubs/crm/accounts?where=LastModifiedDate>=${date}",
                "idField": "id",
                "datesConfiguration": {
                    "updatedDateField": "LastModifiedDate",
                    "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ssZ",
                    "createdDateField": "CreatedDate",
                    "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ssZ"
                }
            }})
        );
        assert!(matches!(
            to_json("a|/x\na|/y"),
            Err(LegacyError::Line { line: 2, .. })
        ));
        assert!(matches!(
            to_json("a"),
            Err(LegacyError::Names { line: 1, .. })
        ));
        assert!(matches!(
            to_json("a|/b|c|d|e|f|g|h|i|j"),
            Err(LegacyError::Line { line: 1, .. })
        ));
        assert!(matches!(
            to_json("a||"),
            Err(LegacyError::Line { line: 1, .. })
        ));
        assert_eq!(
            shape(&split("contacts|accounts")[0]),
            Shape::Names(vec!["contacts", "accounts"])
        );
        assert_eq!(shape(&split("leads")[0]), Shape::Names(vec!["leads"]));
        assert_eq!(shape(&split("a|/x")[0]), Shape::Resource);
        assert_eq!(shape(&split("a||b")[0]), Shape::Resource);
        assert_eq!(to_json(" \n"), Err(LegacyError::Empty));
    }
}
