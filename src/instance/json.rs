//! A small JSON parser that keeps the position (line:column) of every key and value, so that
//! validation can point at the exact spot. `serde_json` gives no positions.
//!
//! Tolerant where pasted documentation needs it: a raw line break inside a string (a URL
//! broken across lines when copied from a PDF) and a trailing comma are reported and parsing
//! goes on, so the rest of the document is still checked. Duplicate keys are a warning.
//! Hard limits (size, nesting depth) and invalid UTF-8 stop with a clear message.
//! Never panics, on any input.

use serde_json::Value;

/// Inputs larger than this are refused before parsing. An instance body is a few kilobytes
/// (a resource is ~400 bytes); the tree costs ~50 bytes per input byte in the worst case
/// (`[0,0,0,…]`), so 1 MiB bounds memory at ~50 MB.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Arrays and objects nested deeper than this are refused.
pub const MAX_DEPTH: usize = 64;

/// A position in the input: 1-based line and column (in characters), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// A parsed value with its position (the first character of the value).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    /// Byte offset just past the value.
    pub end: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number syntax).
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueLevel {
    Warning,
    Error,
}

/// A problem found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub level: IssueLevel,
    pub pos: Pos,
    /// JSON Pointer of the value being parsed when the problem was found.
    pub pointer: String,
    pub message: String,
    pub hint: Option<String>,
}

/// The parse result: the tree (when the syntax allowed building one) and every issue.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub root: Option<Node>,
    pub issues: Vec<Issue>,
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "an array",
            Kind::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The last member named `key` (JSON parsers keep the last duplicate).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    /// The value as serde_json sees it.
    pub fn to_value(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => serde_json::from_str::<serde_json::Number>(n)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Kind::String(s) => Value::String(s.clone()),
            Kind::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            Kind::Object(m) => {
                let mut map = serde_json::Map::new();
                for member in m {
                    map.insert(member.key.clone(), member.value.to_value());
                }
                Value::Object(map)
            }
        }
    }
}

/// Escape one JSON Pointer segment (RFC 6901).
pub fn pointer_segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Line and column of a byte offset in `text` (1-based; columns count characters).
pub fn position_of(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    Pos {
        line,
        column,
        offset,
    }
}

/// Parse raw bytes: size cap, UTF-8 check, then the JSON itself.
pub fn parse_bytes(bytes: &[u8]) -> Parsed {
    let fatal = |pos: Pos, message: String, hint: Option<String>| Parsed {
        root: None,
        issues: vec![Issue {
            level: IssueLevel::Error,
            pos,
            pointer: String::new(),
            message,
            hint,
        }],
    };
    let start = Pos {
        line: 1,
        column: 1,
        offset: 0,
    };
    if bytes.len() > MAX_BYTES {
        return fatal(
            start,
            format!(
                "file is {} bytes; instance JSON is limited to {} bytes ({} MiB)",
                bytes.len(),
                MAX_BYTES,
                MAX_BYTES / (1024 * 1024)
            ),
            Some("is this the right file? An instance body is a few kilobytes".into()),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.valid_up_to();
            // The prefix up to valid_up_to is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(bytes.get(..good).unwrap_or_default()).unwrap_or("");
            let pos = position_of(prefix, prefix.len());
            let bad = bytes.get(good).copied().unwrap_or(0);
            return fatal(
                pos,
                format!("invalid UTF-8 (byte 0x{bad:02x} at offset {good})"),
                Some("save the file as UTF-8".into()),
            );
        }
    };
    parse_str(text)
}

/// Parse a document held in a string.
pub fn parse_str(text: &str) -> Parsed {
    let mut p = Parser {
        src: text,
        bytes: text.as_bytes(),
        i: 0,
        line: 1,
        line_start: 0,
        col_offset: 0,
        col_chars: 0,
        issues: Vec::new(),
        path: Vec::new(),
    };
    if p.bytes.starts_with(b"\xEF\xBB\xBF") {
        p.i = 3;
        p.line_start = 3;
    }
    p.skip_ws();
    if p.i >= p.bytes.len() {
        let pos = p.pos();
        p.error(
            pos,
            "empty input: expected a JSON object".into(),
            Some("an instance body starts with `{`; see `pollctl instance schema`".into()),
        );
        return Parsed {
            root: None,
            issues: p.issues,
        };
    }
    let root = match p.value(0) {
        Ok(node) => {
            p.skip_ws();
            if p.i < p.bytes.len() {
                let pos = p.pos();
                p.error(
                    pos,
                    format!(
                        "unexpected {} after the end of the JSON document",
                        p.describe_here()
                    ),
                    Some(
                        "remove what follows the closing bracket, or merge it into the document"
                            .into(),
                    ),
                );
            }
            Some(node)
        }
        Err(Fatal) => None,
    };
    Parsed {
        root,
        issues: p.issues,
    }
}

/// For each byte of the decoded content of the string token starting at `token_start` in
/// `src` (the opening quote), the position of the source character it came from; one extra
/// entry for the end. Lets a JSON document held in a string report outer positions.
///
/// `token` is the string node's position (its opening quote), so no rescan of the document is
/// needed: the cost is the length of the string.
pub fn string_source_map(src: &str, token: Pos) -> Vec<Pos> {
    let mut map = Vec::new();
    let token_start = token.offset;
    let Some(rest) = src.get(token_start..) else {
        return map;
    };
    let base = token;
    let (mut line, mut column) = (base.line, base.column);
    let mut chars = rest.char_indices().peekable();
    // Skip the opening quote.
    if chars.next().is_none() {
        return map;
    }
    column += 1;
    while let Some((off, c)) = chars.next() {
        let here = Pos {
            line,
            column,
            offset: token_start + off,
        };
        match c {
            '"' => {
                map.push(here);
                return map;
            }
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                column += 2;
                let decoded_len = if e == 'u' {
                    let mut hex = String::new();
                    for _ in 0..4 {
                        if let Some((_, h)) = chars.next() {
                            hex.push(h);
                            column += 1;
                        }
                    }
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .map_or(3, char::len_utf8)
                } else {
                    1
                };
                for _ in 0..decoded_len {
                    map.push(here);
                }
            }
            '\n' => {
                // A raw line break is dropped by the parser (reported separately).
                line += 1;
                column = 1;
            }
            // A lone \r is a character of the line (as in `position_of`); \r\n ends it.
            '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => {}
            '\r' => column += 1,
            c => {
                for _ in 0..c.len_utf8() {
                    map.push(here);
                }
                column += 1;
            }
        }
    }
    map.push(Pos {
        line,
        column,
        offset: src.len(),
    });
    map
}

struct Fatal;

enum Seg {
    Key(String),
    Index(usize),
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    i: usize,
    line: usize,
    line_start: usize,
    /// Column cache: `col_chars` characters lie between `line_start` and `col_offset`.
    col_offset: usize,
    col_chars: usize,
    issues: Vec<Issue>,
    /// Where the parser is, for the pointers of its issues.
    path: Vec<Seg>,
}

impl Parser<'_> {
    fn pos(&mut self) -> Pos {
        self.pos_at(self.i)
    }

    /// Position of `offset` on the current line. Columns are counted incrementally from the
    /// last position asked for, so a long single-line (minified) document stays linear.
    fn pos_at(&mut self, offset: usize) -> Pos {
        if offset < self.col_offset || self.col_offset < self.line_start {
            self.col_offset = self.line_start;
            self.col_chars = 0;
        }
        self.col_chars += self
            .src
            .get(self.col_offset..offset)
            .map_or(offset.saturating_sub(self.col_offset), |s| {
                s.chars().count()
            });
        self.col_offset = offset;
        Pos {
            line: self.line,
            column: self.col_chars + 1,
            offset,
        }
    }

    fn pointer(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            s.push('/');
            match seg {
                Seg::Key(k) => s.push_str(&pointer_segment(k)),
                Seg::Index(i) => s.push_str(&i.to_string()),
            }
        }
        s
    }

    fn error(&mut self, pos: Pos, message: String, hint: Option<String>) {
        let pointer = self.pointer();
        self.issues.push(Issue {
            level: IssueLevel::Error,
            pos,
            pointer,
            message,
            hint,
        });
    }

    fn warning(&mut self, pos: Pos, pointer: String, message: String, hint: Option<String>) {
        self.issues.push(Issue {
            level: IssueLevel::Warning,
            pos,
            pointer,
            message,
            hint,
        });
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.i).copied()
    }

    fn describe_here(&self) -> String {
        match self.src.get(self.i..).and_then(|s| s.chars().next()) {
            None => "end of input".into(),
            Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
            Some(c) => format!("`{c}`"),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                _ => break,
            }
        }
    }

    fn unexpected(&mut self, expected: &str) -> Fatal {
        let pos = self.pos();
        let found = self.describe_here();
        let hint = match self.peek() {
            Some(b'\'') => Some("JSON strings use double quotes `\"`".to_string()),
            Some(b'/') => Some("JSON has no comments; remove them".to_string()),
            Some(b'}') | Some(b']') if expected.contains("value") => {
                Some("remove the trailing comma".to_string())
            }
            None => Some("the document ends early: a closing `}` or `]` is missing".to_string()),
            Some(b) if b.is_ascii_alphabetic() => {
                Some("strings need double quotes; literals are true, false and null".to_string())
            }
            _ => None,
        };
        self.error(pos, format!("expected {expected}, found {found}"), hint);
        Fatal
    }

    fn value(&mut self, depth: usize) -> Result<Node, Fatal> {
        self.skip_ws();
        let pos = self.pos();
        match self.peek() {
            Some(b'{' | b'[') if depth >= MAX_DEPTH => {
                self.error(
                    pos,
                    format!("nesting deeper than {MAX_DEPTH} levels"),
                    Some("an instance body is only a few levels deep".into()),
                );
                Err(Fatal)
            }
            Some(b'{') => self.object(depth, pos),
            Some(b'[') => self.array(depth, pos),
            Some(b'"') => {
                let s = self.string()?;
                Ok(Node {
                    pos,
                    end: self.i,
                    kind: Kind::String(s),
                })
            }
            Some(b'-' | b'0'..=b'9') => self.number(pos),
            Some(b't') => self.literal("true", Kind::Bool(true), pos),
            Some(b'f') => self.literal("false", Kind::Bool(false), pos),
            Some(b'n') => self.literal("null", Kind::Null, pos),
            _ => Err(self.unexpected("a value")),
        }
    }

    fn literal(&mut self, word: &str, kind: Kind, pos: Pos) -> Result<Node, Fatal> {
        if self.bytes.get(self.i..self.i + word.len()) == Some(word.as_bytes()) {
            self.i += word.len();
            Ok(Node {
                pos,
                end: self.i,
                kind,
            })
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn number(&mut self, pos: Pos) -> Result<Node, Fatal> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        let int_len = self.i - int_start;
        let bad = |p: &mut Self| {
            let at = p.pos();
            p.error(
                at,
                format!("malformed number, at {}", p.describe_here()),
                None,
            );
            Fatal
        };
        if int_len == 0 {
            return Err(bad(self));
        }
        if int_len > 1 && self.bytes.get(int_start) == Some(&b'0') {
            self.error(pos, "numbers cannot have leading zeros".into(), None);
            return Err(Fatal);
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            let f = self.i;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
            if self.i == f {
                return Err(bad(self));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            let e = self.i;
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
            if self.i == e {
                return Err(bad(self));
            }
        }
        let raw = self.src.get(start..self.i).unwrap_or("0").to_string();
        Ok(Node {
            pos,
            end: self.i,
            kind: Kind::Number(raw),
        })
    }

    /// A string token; the cursor is on the opening quote.
    fn string(&mut self) -> Result<String, Fatal> {
        let open = self.pos();
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(b) = self.peek() else {
                self.error(
                    open,
                    "unterminated string".into(),
                    Some("a closing `\"` is missing".into()),
                );
                return Err(Fatal);
            };
            match b {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    let at = self.pos();
                    self.i += 1;
                    match self.peek() {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape(at);
                            out.push(c);
                            continue;
                        }
                        _ => {
                            let found = self.describe_here();
                            self.error(
                                at,
                                format!("invalid escape `\\` followed by {found}"),
                                Some("write a backslash as `\\\\`".into()),
                            );
                            if self.peek().is_none() {
                                return Err(Fatal);
                            }
                            // Keep the character and go on.
                            continue;
                        }
                    }
                    self.i += 1;
                }
                b'\n' | b'\r' => {
                    let at = self.pos();
                    self.error(
                        at,
                        "a line break inside a string".into(),
                        Some(
                            "the URL was probably broken across lines when copied; join the two lines"
                                .into(),
                        ),
                    );
                    // Drop the line break (and a following \n of \r\n) and continue the string.
                    // Lines end at \n only, as everywhere else (a lone \r is not a new line:
                    // counting it put later diagnostics on lines past the end of the file).
                    self.i += 1;
                    let newline = b == b'\n' || self.peek() == Some(b'\n');
                    if b == b'\r' && self.peek() == Some(b'\n') {
                        self.i += 1;
                    }
                    if newline {
                        self.line += 1;
                        self.line_start = self.i;
                    }
                }
                b if b < 0x20 => {
                    let at = self.pos();
                    self.error(
                        at,
                        format!("control character U+{b:04X} inside a string"),
                        Some("escape it (e.g. `\\t`) or remove it".into()),
                    );
                    self.i += 1;
                }
                _ => {
                    // Copy a run of ordinary characters at once.
                    let start = self.i;
                    while let Some(c) = self.peek() {
                        if c == b'"' || c == b'\\' || c < 0x20 {
                            break;
                        }
                        self.i += 1;
                    }
                    out.push_str(self.src.get(start..self.i).unwrap_or(""));
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.src.get(self.i..self.i + 4)?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = u32::from_str_radix(h, 16).ok()?;
        self.i += 4;
        Some(v)
    }

    fn unicode_escape(&mut self, at: Pos) -> char {
        let Some(hi) = self.hex4() else {
            self.error(at, "invalid \\u escape: expected 4 hex digits".into(), None);
            return '\u{FFFD}';
        };
        if (0xD800..0xDC00).contains(&hi) {
            if self.bytes.get(self.i..self.i + 2) == Some(b"\\u") {
                self.i += 2;
                if let Some(lo) = self.hex4()
                    && (0xDC00..0xE000).contains(&lo)
                {
                    let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    return char::from_u32(c).unwrap_or('\u{FFFD}');
                }
            }
            self.error(at, "unpaired UTF-16 surrogate in \\u escape".into(), None);
            return '\u{FFFD}';
        }
        char::from_u32(hi).unwrap_or_else(|| {
            self.error(at, "unpaired UTF-16 surrogate in \\u escape".into(), None);
            '\u{FFFD}'
        })
    }

    fn array(&mut self, depth: usize, pos: Pos) -> Result<Node, Fatal> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(Node {
                pos,
                end: self.i,
                kind: Kind::Array(items),
            });
        }
        loop {
            self.path.push(Seg::Index(items.len()));
            let v = self.value(depth + 1);
            self.path.pop();
            items.push(v?);
            if self.after_item(b']')? {
                break;
            }
        }
        Ok(Node {
            pos,
            end: self.i,
            kind: Kind::Array(items),
        })
    }

    /// After an array item or object member: `,` (more follow), or `close` (the container
    /// ends: `true`). A trailing comma before `close`, and (in objects) a missing comma before
    /// the next key, are reported and parsing goes on.
    fn after_item(&mut self, close: u8) -> Result<bool, Fatal> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos();
                self.i += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    self.error(
                        comma,
                        format!("trailing comma before `{}`", close as char),
                        Some("remove the comma".into()),
                    );
                    self.i += 1;
                    return Ok(true);
                }
                Ok(false)
            }
            Some(c) if c == close => {
                self.i += 1;
                Ok(true)
            }
            Some(b'"') if close == b'}' => {
                let at = self.pos();
                self.error(
                    at,
                    "missing `,` between members".into(),
                    Some("add a comma at the end of the previous line".into()),
                );
                Ok(false)
            }
            _ => Err(self.unexpected(if close == b']' {
                "`,` or `]`"
            } else {
                "`,` or `}`"
            })),
        }
    }

    fn object(&mut self, depth: usize, pos: Pos) -> Result<Node, Fatal> {
        self.i += 1;
        let mut members: Vec<Member> = Vec::new();
        let mut seen: std::collections::HashMap<String, Pos> = std::collections::HashMap::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(Node {
                pos,
                end: self.i,
                kind: Kind::Object(members),
            });
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_pos = self.pos();
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the key"));
            }
            self.i += 1;
            self.path.push(Seg::Key(key.clone()));
            let v = self.value(depth + 1);
            if let Some(&first) = seen.get(key.as_str()) {
                let ptr = self.pointer();
                self.warning(
                    key_pos,
                    ptr,
                    format!(
                        "duplicate key {key:?} (first at {}:{}); the last one wins",
                        first.line, first.column
                    ),
                    Some("remove one of them".into()),
                );
            }
            self.path.pop();
            seen.entry(key.clone()).or_insert(key_pos);
            members.push(Member {
                key,
                key_pos,
                value: v?,
            });
            if self.after_item(b'}')? {
                break;
            }
        }
        Ok(Node {
            pos,
            end: self.i,
            kind: Kind::Object(members),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(p: &Parsed) -> Vec<(usize, usize, String)> {
        p.issues
            .iter()
            .map(|i| (i.pos.line, i.pos.column, i.message.clone()))
            .collect()
    }

    #[test]
    fn positions_of_keys_and_values() {
        let p = parse_str("{\n  \"a\": [1, true],\n  \"b\": {\"c\": \"x\"}\n}");
        assert!(p.issues.is_empty(), "{:?}", p.issues);
        let root = p.root.unwrap();
        let m = root.members().unwrap();
        assert_eq!((m[0].key_pos.line, m[0].key_pos.column), (2, 3));
        assert_eq!((m[0].value.pos.line, m[0].value.pos.column), (2, 8));
        let c = root.get("b").unwrap().get("c").unwrap();
        assert_eq!((c.pos.line, c.pos.column), (3, 14));
        assert_eq!(
            root.to_value(),
            serde_json::json!({"a":[1,true],"b":{"c":"x"}})
        );
    }

    #[test]
    fn raw_newline_in_string_is_reported_and_joined() {
        let p = parse_str("{\"url\": \"/a?where=lastmodifi\neddate='x'\", \"n\": 1}");
        let e = errors(&p);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].0, e[0].1), (1, 29));
        assert!(e[0].2.contains("line break inside a string"));
        assert_eq!(p.issues[0].pointer, "/url");
        let root = p.root.unwrap();
        assert_eq!(
            root.get("url").unwrap().as_str(),
            Some("/a?where=lastmodifieddate='x'")
        );
        let n = &root.members().unwrap()[1];
        assert_eq!((n.key_pos.line, n.key_pos.column), (2, 14));
    }

    #[test]
    fn only_newlines_end_lines_inside_strings() {
        // Found by fuzzing: a lone \r inside a string counted as a line break, so later
        // diagnostics named lines past the end of the file.
        let p = parse_str("{\"u\": \"a\rb\", \"n\": \"\u{1}\"}");
        let e = errors(&p);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].0, e[0].1), (1, 9));
        assert_eq!((e[1].0, e[1].1), (1, 20), "{e:?}");
        let p = parse_str("{\"u\": \"a\r\nb\", \"n\": \"\u{1}\"}");
        let e = errors(&p);
        assert_eq!((e[1].0, e[1].1), (2, 11), "{e:?}");
    }

    #[test]
    fn duplicate_key_warns_and_last_wins() {
        let p = parse_str(r#"{"a": 1, "a": 2}"#);
        assert_eq!(p.issues.len(), 1);
        assert_eq!(p.issues[0].level, IssueLevel::Warning);
        assert_eq!(p.root.unwrap().get("a").unwrap().to_value(), 2);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let p = parse_str("{\n  \"a\": 1\n  \"b\": 2,\n}");
        let e = errors(&p);
        assert_eq!(e[0].0, 3);
        assert!(e[0].2.contains("missing `,`"));
        assert!(e[1].2.contains("trailing comma"));
        let p = parse_str("{'a': 1}");
        assert_eq!(
            errors(&p)[0],
            (1, 2, "expected a key in double quotes, found `'`".into())
        );
        let p = parse_str("  ");
        assert!(errors(&p)[0].2.contains("empty input"));
        let p = parse_str("{\"a\": [1, 2}");
        assert_eq!(errors(&p)[0].1, 12);
        let p = parse_str("{} x");
        assert!(errors(&p)[0].2.contains("after the end"));
    }

    #[test]
    fn limits() {
        let big = vec![b' '; MAX_BYTES + 1];
        let p = parse_bytes(&big);
        assert!(p.issues[0].message.contains("limited to"));
        let p = parse_bytes(b"{\"a\": \"\xff\"}");
        assert!(p.issues[0].message.contains("invalid UTF-8"));
        assert_eq!((p.issues[0].pos.line, p.issues[0].pos.column), (1, 8));
        let deep = "[".repeat(1000);
        let p = parse_str(&deep);
        assert!(p.issues[0].message.contains("nesting deeper"));
    }

    #[test]
    fn unicode_escapes_and_columns() {
        let p = parse_str(r#"{"é": "\u00e9\ud83d\ude00", "x": 1}"#);
        assert!(p.issues.is_empty());
        let root = p.root.unwrap();
        assert_eq!(root.get("é").unwrap().as_str(), Some("é😀"));
        assert_eq!(root.members().unwrap()[1].key_pos.column, 29);
    }

    #[test]
    fn string_map_points_into_the_outer_document() {
        let src = r#"{"c": "{\"a\":\"b\"}"}"#;
        let map = string_source_map(src, position_of(src, 6));
        // decoded: {"a":"b"}  — byte 1 is the quote that came from `\"` at column 9.
        assert_eq!(map[0].column, 8);
        assert_eq!(map[1].column, 9);
        assert_eq!(map[2].column, 11);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let p = parse_bytes(&bytes);
            if let Some(root) = &p.root { let _ = root.to_value(); }
        }

        #[test]
        fn never_panics_on_jsonish(s in "[\\[\\]{}\":,a-c0-9\\\\ \n.eE+-]{0,64}") {
            let _ = parse_str(&s);
            let _ = string_source_map(&s, position_of(&s, 0));
        }
    }
}
