//! One record as the classifier and the sinks see it, without building its tree when it was
//! read from its text (docs/design.md, "The poll cycle"): a record of a streamed page keeps
//! only the canonical JSON text of the top-level fields the classifier reads
//! ([`FieldTexts`], written by [`super::identity::read_record`]), and its original text for
//! `raw`. Nothing is allocated per record for either: the fields' texts of a whole batch sit
//! back to back in one buffer, and a field is read from its text only when asked for (a
//! string without escapes is lent as it is).

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use crate::instance::FieldPath;

/// The classifier's fields of the records of one batch: for each record, the canonical JSON
/// text of each wanted top-level field, or nothing when the record has no such key.
#[derive(Debug, Default)]
pub struct FieldTexts {
    /// The wanted top-level keys, sorted (see `cycle::wanted_fields`).
    names: Arc<[String]>,
    /// `names.len()` slots per record: where the field's text is in `text`.
    slots: Vec<Option<(u32, u32)>>,
    text: Vec<u8>,
    /// Records held whole instead (not an object, or holding serde_json's private keys): the
    /// batch's tree of that record is used.
    whole: Vec<bool>,
}

impl FieldTexts {
    pub fn new(names: Arc<[String]>) -> FieldTexts {
        // Sorted and without repeats, as `object` lists them.
        let names = if names.windows(2).all(|w| w[0] < w[1]) {
            names
        } else {
            let mut sorted = names.to_vec();
            sorted.sort();
            sorted.dedup();
            sorted.into()
        };
        FieldTexts {
            names,
            ..FieldTexts::default()
        }
    }

    /// The wanted keys.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Start the next record (no field yet).
    pub fn begin(&mut self) {
        self.slots
            .extend(std::iter::repeat_n(None, self.names.len()));
        self.whole.push(false);
    }

    /// The record begun last is held whole: its fields are read from its tree.
    pub fn mark_whole(&mut self) {
        if let Some(w) = self.whole.last_mut() {
            *w = true;
        }
    }

    /// Record `key: text` for the record begun last, when `key` is wanted (a later duplicate
    /// key replaces an earlier one, as in a parsed object).
    pub fn set(&mut self, key: &str, text: &[u8]) {
        let Some(k) = self.index(key) else {
            return;
        };
        let n = self.names.len();
        let Some(base) = self.slots.len().checked_sub(n) else {
            return;
        };
        // A batch is far below 4 GiB (its text is ~512 KiB); past that, the field is dropped
        // rather than wrapped (and then reads as missing: set aside, never invented).
        let (Ok(from), Ok(to)) = (
            u32::try_from(self.text.len()),
            u32::try_from(self.text.len() + text.len()),
        ) else {
            return;
        };
        self.text.extend_from_slice(text);
        self.slots[base + k] = Some((from, to));
    }

    /// Where `key` is among the wanted names: a handful, compared by length first (most keys
    /// of a record are not wanted, and most differ in length).
    fn index(&self, key: &str) -> Option<usize> {
        self.names
            .iter()
            .position(|n| n.len() == key.len() && n.as_bytes() == key.as_bytes())
    }

    /// Forget the record begun last (it could not be read).
    pub fn drop_last(&mut self) {
        let n = self.names.len();
        self.slots.truncate(self.slots.len().saturating_sub(n));
        self.whole.pop();
    }

    /// Record `i` is held whole (see [`FieldTexts::mark_whole`]).
    pub fn is_whole(&self, i: usize) -> bool {
        self.whole.get(i).copied().unwrap_or(true)
    }

    /// The canonical text of wanted field `key` of record `i`, when the record has it.
    pub fn get(&self, i: usize, key: &str) -> Option<&[u8]> {
        let k = self.index(key)?;
        let (from, to) = (*self.slots.get(i * self.names.len() + k)?)?;
        self.text.get(from as usize..to as usize)
    }

    /// Record `i`'s wanted fields as an object.
    #[cfg(test)]
    pub fn object(&self, i: usize) -> Value {
        let mut m = serde_json::Map::new();
        for name in self.names.iter() {
            if let Some(v) = self
                .get(i, name)
                .and_then(|t| serde_json::from_slice::<Value>(t).ok())
            {
                m.insert(name.clone(), v);
            }
        }
        Value::Object(m)
    }
}

/// A record: its whole tree, or its fields read from its text.
#[derive(Debug, Clone, Copy)]
pub enum RecordRef<'a> {
    Tree(&'a Value),
    /// Record `.1` of these field texts.
    Fields(&'a FieldTexts, usize),
}

impl<'a> From<&'a Value> for RecordRef<'a> {
    fn from(v: &'a Value) -> RecordRef<'a> {
        RecordRef::Tree(v)
    }
}

/// One field's value, lent from the record where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    Null,
    Bool(bool),
    /// A number, as written.
    Num(Cow<'a, str>),
    Str(Cow<'a, str>),
    /// An array or an object.
    Other(Cow<'a, Value>),
}

impl<'a> Field<'a> {
    fn of_value(v: &'a Value) -> Field<'a> {
        match v {
            Value::Null => Field::Null,
            Value::Bool(b) => Field::Bool(*b),
            Value::Number(n) => Field::Num(Cow::Owned(n.to_string())),
            Value::String(s) => Field::Str(Cow::Borrowed(s)),
            other => Field::Other(Cow::Borrowed(other)),
        }
    }

    fn of_owned(v: Value) -> Field<'a> {
        match v {
            Value::Null => Field::Null,
            Value::Bool(b) => Field::Bool(b),
            Value::Number(n) => Field::Num(Cow::Owned(n.to_string())),
            Value::String(s) => Field::Str(Cow::Owned(s)),
            other => Field::Other(Cow::Owned(other)),
        }
    }

    /// From canonical JSON text (serde_json's own output: a string without a backslash has
    /// no escape, a number is as written).
    fn of_text(t: &'a [u8]) -> Field<'a> {
        match t.first() {
            Some(b'"') if t.len() >= 2 && memchr::memchr(b'\\', t).is_none() => {
                match std::str::from_utf8(&t[1..t.len() - 1]) {
                    Ok(s) => Field::Str(Cow::Borrowed(s)),
                    Err(_) => Field::Null,
                }
            }
            Some(b'n') => Field::Null,
            Some(b't') => Field::Bool(true),
            Some(b'f') => Field::Bool(false),
            Some(b'-' | b'0'..=b'9') => match std::str::from_utf8(t) {
                Ok(s) => Field::Num(Cow::Borrowed(s)),
                Err(_) => Field::Null,
            },
            // Escaped strings, arrays and objects: parsed (rare: never an id or a date).
            _ => serde_json::from_slice::<Value>(t).map_or(Field::Null, Field::of_owned),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }

    /// How its type reads in a message ("a string", "an array"…).
    pub fn kind(&self) -> &'static str {
        match self {
            Field::Null => "null",
            Field::Bool(_) => "a boolean",
            Field::Num(_) => "a number",
            Field::Str(_) => "a string",
            Field::Other(v) => crate::instance::model::json_kind(v),
        }
    }
}

impl<'a> RecordRef<'a> {
    /// The value under top-level `key`.
    pub fn key(self, key: &str) -> Option<Field<'a>> {
        match self {
            RecordRef::Tree(v) => v.get(key).map(Field::of_value),
            RecordRef::Fields(f, i) if f.is_whole(i) => None,
            RecordRef::Fields(f, i) => f.get(i, key).map(Field::of_text),
        }
    }

    /// The value at `path` ([`FieldPath::get`]).
    pub fn get(self, path: &FieldPath) -> Option<Field<'a>> {
        match self {
            RecordRef::Tree(v) => path.get(v).map(Field::of_value),
            RecordRef::Fields(f, i) => {
                // As `FieldPath::get`: a key with a literal dot first (a plain key is that
                // too), else the first segment's field, parsed alone, and the rest below it.
                if let Some(t) = f.get(i, path.as_str().trim()) {
                    return Some(Field::of_text(t));
                }
                let top: Value = serde_json::from_slice(f.get(i, path.first_segment()?)?).ok()?;
                path.below(&top).cloned().map(Field::of_owned)
            }
        }
    }
}

/// A record's JSON for an event's `raw`: its original text when known, else its tree.
#[derive(Debug, Clone, Copy)]
pub enum Raw<'a> {
    Text(&'a [u8]),
    Value(&'a Value),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Fields read from text answer what the tree answers, for every kind of value.
    #[test]
    fn fields_read_from_text_answer_as_the_tree() {
        let names: Arc<[String]> = ["a", "b", "c", "d", "e", "f", "g", "h"]
            .map(String::from)
            .into();
        let rec = json!({"a": "plain", "b": "esc\"aped\n", "c": 12345678901234567890123u128,
                         "d": null, "e": true, "f": [1, {"x": 2}], "g": {"y": "z"}, "h": -1.5e3});
        let mut f = FieldTexts::new(names.clone());
        f.begin();
        for n in names.iter() {
            f.set(
                n,
                serde_json::to_string(&rec[n.as_str()]).unwrap().as_bytes(),
            );
        }
        f.set("not-wanted", b"1");
        let text = RecordRef::Fields(&f, 0);
        let tree = RecordRef::Tree(&rec);
        for n in names.iter().map(String::as_str).chain(["missing"]) {
            assert_eq!(text.key(n), tree.key(n), "{n}");
            assert_eq!(
                text.get(&FieldPath::new(n)),
                tree.get(&FieldPath::new(n)),
                "{n}"
            );
        }
        assert!(matches!(
            text.key("a"),
            Some(Field::Str(Cow::Borrowed("plain")))
        ));
        // Below the top level: through the fields' object.
        assert_eq!(
            text.get(&FieldPath::new("g.y")),
            Some(Field::Str(Cow::Owned("z".into())))
        );
        assert_eq!(
            text.get(&FieldPath::new("f[1].x")).map(|f| f.kind()),
            Some("a number")
        );
        // A record held whole has no fields of its own.
        f.begin();
        f.mark_whole();
        assert_eq!(RecordRef::Fields(&f, 1).key("a"), None);
        assert!(f.is_whole(1) && !f.is_whole(0));
    }
}
