//! The identity of a change, computed in one place: the deterministic event id, which is also
//! the dedupe ledger's key.
//!
//! A change is identified by instance, resource, objectId (empty when the record has none),
//! event type, updated instant (epoch ms, or none) and a digest of the record's content
//! (SHA-256 of its JSON text with object keys in sorted order, so whitespace and key order
//! do not matter). So:
//!
//! - the same record read again (an overlapping window, a re-listed page) has the same id
//!   and is suppressed;
//! - an `UPDATED` then a `DELETED` of one id in the same second, or a record whose content
//!   changed without its timestamp moving, are different changes with different ids, and
//!   both are delivered.
//!
//! Fields are length-prefixed so no two tuples collide by concatenation; the id is the first
//! 128 bits of SHA-256 in lower-case hex.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::classify::EventType;
use super::record::FieldTexts;

/// A deterministic event id: 32 lower-case hex digits, inline, and the same 16 bytes as a
/// number (not parsed back from the text per lookup).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventId {
    hex: [u8; 32],
    n: u128,
}

impl EventId {
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.hex).unwrap_or_default()
    }

    /// The id as a number (16 bytes: the compact form kept in memory for a cycle).
    pub fn compact(&self) -> u128 {
        self.n
    }
}

impl std::fmt::Debug for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The digest of a record's content (16 bytes of SHA-256 of its canonical JSON text: keys
/// sorted, no whitespace, serde_json's escapes, numbers as written).
pub fn content_digest(record: &Value) -> [u8; 16] {
    thread_local! {
        /// The canonical text, written whole then hashed in one call (a hasher update per
        /// token costs more than the copy); reused.
        static TEXT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TEXT.with_borrow_mut(|text| {
        text.clear();
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *text, record);
        let mut out = [0u8; 16];
        out.copy_from_slice(&Sha256::digest(&text[..])[..16]);
        // A huge record does not keep its buffer for the rest of the process.
        if text.capacity() > 1 << 20 {
            *text = Vec::new();
        }
        out
    })
}

/// Buffers reused while the records of one batch are read ([`read_record`]): the canonical
/// text, the entries of the objects being sorted (keys lent from the batch's text), and the
/// values of the object being written out.
#[derive(Default)]
pub struct Scratch<'de> {
    out: Vec<u8>,
    entries: Vec<(Cow<'de, str>, Range<usize>)>,
    vals: Vec<u8>,
    /// The entries of [`Plain`]'s objects: key (its text, quotes included) and where its
    /// `"key":value` is.
    plain: Vec<(&'de str, Range<usize>)>,
}

/// How [`read_record`] read a record.
#[derive(Debug)]
pub enum Read {
    /// From its text: its content digest; its wanted fields are in the [`FieldTexts`].
    Fields([u8; 16]),
    /// Whole (not an object, or holding serde_json's private marker keys): its digest and
    /// its tree.
    Whole([u8; 16], Value),
}

/// A record read from its own text in one pass, without building its tree: its
/// [`content_digest`] (the same bytes: the canonical text is written straight from the
/// parser) and the canonical text of its top-level fields named in `fields` (what the
/// classifier reads), appended to `fields` as its next record. serde_json parses and checks
/// the text, so exactly the texts it accepts are read. Nothing is allocated per record once
/// the buffers in `scratch` have grown. A record that is not an object, or that holds
/// serde_json's private marker keys, is read whole.
pub fn read_record<'de>(
    text: &'de [u8],
    scratch: &mut Scratch<'de>,
    fields: &mut FieldTexts,
) -> Result<Read, serde_json::Error> {
    use serde::de::DeserializeSeed;
    static MARKER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PRIVATE.as_bytes()));
    if text.first() != Some(&b'{') || MARKER.find(text).is_some() {
        let whole: Value = serde_json::from_slice(text)?;
        fields.begin();
        fields.mark_whole();
        return Ok(Read::Whole(content_digest(&whole), whole));
    }
    let Scratch {
        out,
        entries,
        vals,
        plain,
    } = scratch;
    // Most records are plain JSON (no escape in any string): read by hand, without serde's
    // visitor calls; anything else is read by serde_json below.
    if let Ok(text) = std::str::from_utf8(text) {
        out.clear();
        plain.clear();
        fields.begin();
        let mut p = Plain {
            t: text,
            i: 0,
            out: &mut *out,
            entries: &mut *plain,
            vals: &mut *vals,
        };
        if p.value(0, Some(&mut *fields)).is_some() && p.at_end() {
            let mut digest = [0u8; 16];
            digest.copy_from_slice(&Sha256::digest(&out[..])[..16]);
            return Ok(Read::Fields(digest));
        }
        fields.drop_last();
    }
    out.clear();
    entries.clear();
    fields.begin();
    let mut de = serde_json::Deserializer::from_slice(text);
    let read = Canon {
        out: &mut *out,
        entries: &mut *entries,
        vals: &mut *vals,
        top: Some(&mut *fields),
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    if read.is_err() {
        fields.drop_last();
        // What this reading refused is left to serde_json's tree (a private marker key
        // spelled with an escape): the record is then read exactly as that tree reads it, or
        // refused with its error.
        let whole: Value = serde_json::from_slice(text)?;
        fields.begin();
        fields.mark_whole();
        return Ok(Read::Whole(content_digest(&whole), whole));
    }
    let mut digest = [0u8; 16];
    digest.copy_from_slice(&Sha256::digest(&out[..])[..16]);
    Ok(Read::Fields(digest))
}

/// The canonical text of a plain JSON text, read by hand: the same bytes [`Canon`] writes
/// from serde_json's parse, for the texts serde_json accepts and that have no escape in any
/// string and nest at most [`Plain::DEPTH`] deep. It gives up (`None`) on anything else —
/// an escape, a control character in a string, any syntax serde_json would refuse — and
/// the text is then read by serde_json, which decides (a test compares the two).
struct Plain<'a, 't> {
    t: &'t str,
    i: usize,
    out: &'a mut Vec<u8>,
    entries: &'a mut Vec<(&'t str, Range<usize>)>,
    vals: &'a mut Vec<u8>,
}

impl Plain<'_, '_> {
    /// Well below serde_json's recursion limit (128).
    const DEPTH: u32 = 100;

    fn peek(&self) -> Option<u8> {
        self.t.as_bytes().get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Only whitespace is left.
    fn at_end(&mut self) -> bool {
        self.ws();
        self.i == self.t.len()
    }

    fn value(&mut self, depth: u32, top: Option<&mut FieldTexts>) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'{' => self.object(depth + 1, top),
            b'[' => self.array(depth + 1),
            b'"' => {
                let s = self.string()?;
                self.out.extend_from_slice(&self.t.as_bytes()[s]);
                Some(())
            }
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        if !self.t[self.i..].starts_with(word) {
            return None;
        }
        self.i += word.len();
        self.out.extend_from_slice(word.as_bytes());
        Some(())
    }

    /// A string without escapes or control characters: its text, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        let rest = &self.t.as_bytes()[start + 1..];
        let n = memchr::memchr2(b'"', b'\\', rest)?;
        if rest[n] != b'"' || rest[..n].iter().any(|&b| b < 0x20) {
            return None;
        }
        self.i = start + n + 2;
        Some(start..self.i)
    }

    /// A number, as serde_json keeps it with `arbitrary_precision`: as written, but for the
    /// exponent.
    fn number(&mut self) -> Option<()> {
        let b = self.t.as_bytes();
        let start = self.i;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        let mantissa = start..i;
        // serde_json writes an exponent as `e`, its sign always (`1E5` is `1e+5`).
        let mut sign = b'+';
        let mut exponent = None;
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(&s @ (b'+' | b'-')) = b.get(i) {
                sign = s;
                i += 1;
            }
            let from = i;
            if !digits(&mut i) {
                return None;
            }
            exponent = Some(from..i);
        }
        self.i = i;
        self.out.extend_from_slice(&b[mantissa]);
        if let Some(e) = exponent {
            self.out.push(b'e');
            self.out.push(sign);
            self.out.extend_from_slice(&b[e]);
        }
        Some(())
    }

    fn array(&mut self, depth: u32) -> Option<()> {
        if depth > Self::DEPTH {
            return None;
        }
        self.i += 1;
        self.out.push(b'[');
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.out.push(b']');
            return Some(());
        }
        loop {
            self.value(depth, None)?;
            self.ws();
            match self.peek()? {
                b',' => {
                    self.i += 1;
                    self.out.push(b',');
                }
                b']' => {
                    self.i += 1;
                    self.out.push(b']');
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: u32, mut top: Option<&mut FieldTexts>) -> Option<()> {
        if depth > Self::DEPTH {
            return None;
        }
        self.i += 1;
        let base = self.out.len();
        let mark = self.entries.len();
        self.out.push(b'{');
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.out.push(b'}');
            return Some(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return None;
            }
            self.i += 1;
            if self.entries.len() > mark {
                self.out.push(b',');
            }
            // `"key":value`, in the order read; put in key order at the end if it is not.
            let key = &self.t[key];
            let pair = self.out.len();
            self.out.extend_from_slice(key.as_bytes());
            self.out.push(b':');
            let from = self.out.len();
            self.value(depth, None)?;
            let at = from..self.out.len();
            if let Some(fields) = top.as_deref_mut() {
                fields.set(&key[1..key.len() - 1], &self.out[at]);
            }
            self.entries.push((key, pair..self.out.len()));
            self.ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    break;
                }
                _ => return None,
            }
        }
        self.out.push(b'}');
        in_key_order(
            self.out,
            self.vals,
            base,
            &mut self.entries[mark..],
            |k: &&str| &k[1..k.len() - 1],
        );
        self.entries.truncate(mark);
        Some(())
    }
}

/// Put the object written at `out[base..]` — `{"key":value,…}`, its entries in the order
/// read, `entries` their keys and where each `"key":value` is — in key order, the last of
/// equal keys kept (as serde_json's `Value` keeps them). Nothing moves when the keys are in
/// order already (the usual case for a nested object of one key: no copy per level).
fn in_key_order<K>(
    out: &mut Vec<u8>,
    vals: &mut Vec<u8>,
    base: usize,
    entries: &mut [(K, Range<usize>)],
    name: impl Fn(&K) -> &str,
) {
    if entries
        .windows(2)
        .all(|w| key_order(name(&w[0].0), name(&w[1].0)) == std::cmp::Ordering::Less)
    {
        return;
    }
    // A stable sort: of equal keys, the last one read stays last.
    entries.sort_by(|a, b| key_order(name(&a.0), name(&b.0)));
    vals.clear();
    vals.extend_from_slice(&out[base..]);
    out.truncate(base);
    out.push(b'{');
    let mut first = true;
    for (i, (key, pair)) in entries.iter().enumerate() {
        if entries
            .get(i + 1)
            .is_some_and(|next| name(&next.0) == name(key))
        {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(&vals[pair.start - base..pair.end - base]);
    }
    out.push(b'}');
}

/// Writes the canonical text of the value it is given (what `serde_json::to_writer` writes
/// for its `Value`: object keys sorted, the last of duplicate keys kept, serde_json's string
/// escapes, numbers as serde_json keeps them) into `out`; at the top, hands each field's text
/// to `top`.
struct Canon<'a, 'de> {
    out: &'a mut Vec<u8>,
    /// The entries of the objects being read, innermost last (each object sorts and removes
    /// its own).
    entries: &'a mut Vec<(Cow<'de, str>, Range<usize>)>,
    /// Where an object's value texts wait while it writes them out in key order.
    vals: &'a mut Vec<u8>,
    top: Option<&'a mut FieldTexts>,
}

/// Keys in byte order (`str`'s order), decided by their first 8 bytes as one number when
/// those differ (as most keys of a record do) instead of by a `memcmp` call.
fn key_order(a: &str, b: &str) -> std::cmp::Ordering {
    fn head(s: &[u8]) -> u64 {
        let mut b = [0u8; 8];
        let n = s.len().min(8);
        b[..n].copy_from_slice(&s[..n]);
        u64::from_be_bytes(b)
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match head(a).cmp(&head(b)) {
        std::cmp::Ordering::Equal => a.cmp(b),
        other => other,
    }
}

/// `"text"`, for a string serde_json lent from the record (no escapes in it).
fn quoted(out: &mut Vec<u8>, text: &str) {
    out.reserve(text.len() + 2);
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// The start of serde_json's private marker keys (a number kept as text, an embedded JSON
/// text): its tree reads an object with such a first key as something else.
const PRIVATE: &str = "$serde_json::private::";

/// serde_json's key for a number kept as text.
const NUMBER_KEY: &str = "$serde_json::private::Number";

/// An object key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> serde::de::DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Canon<'_, 'de> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Canon<'_, 'de> {
    fn json<T: serde::Serialize + ?Sized>(self, v: &T) {
        // Writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, v);
    }

    /// A value inside this one (no field hand-off below the top).
    fn inner(&mut self) -> Canon<'_, 'de> {
        Canon {
            out: &mut *self.out,
            entries: &mut *self.entries,
            vals: &mut *self.vals,
            top: None,
        }
    }
}

impl<'de> serde::de::Visitor<'de> for Canon<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<(), E> {
        self.json(&v);
        Ok(())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<(), E> {
        self.json(&v);
        Ok(())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<(), E> {
        self.json(&v);
        Ok(())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<(), E> {
        // As `Value` keeps it: a finite number, else null.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.json(&n),
            None => self.out.extend_from_slice(b"null"),
        }
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.json(v);
        Ok(())
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<(), E> {
        // serde_json lends a string only when its text has no escape (and it refuses control
        // characters): then that text is what serde_json writes, no escape to look for.
        quoted(self.out, v);
        Ok(())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.out.push(b'[');
        let mut first = true;
        loop {
            // The separator goes before every element but the first; taken back at the end.
            if !first {
                self.out.push(b',');
            }
            if seq.next_element_seed(self.inner())?.is_none() {
                if !first {
                    self.out.pop();
                }
                break;
            }
            first = false;
        }
        self.out.push(b']');
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let base = self.out.len();
        // This object's entries follow its parents' in `entries`; its `"key":value`s are
        // written after `base`, then put in key order.
        let mark = self.entries.len();
        while let Some(key) = map.next_key_seed(Key)? {
            // The private marker spelled with an escape in the record's text (unescaped, it
            // was found before reading): serde_json's tree reads it as a number or an
            // embedded JSON text, or refuses it; the record is left to that reading.
            if matches!(key, Cow::Owned(_)) && key.starts_with(PRIVATE) {
                return Err(serde::de::Error::custom(
                    "serde_json's private marker in a key",
                ));
            }
            // A number serde_json keeps as text (arbitrary precision) comes as a one-entry
            // map under its private key (a record's own key of that name is read whole,
            // see [`read_record`]).
            if self.entries.len() == mark && key == NUMBER_KEY {
                let text: String = map.next_value()?;
                self.out.extend_from_slice(text.as_bytes());
                return Ok(());
            }
            if self.entries.len() > mark {
                self.out.push(b',');
            } else {
                self.out.push(b'{');
            }
            // `"key":value`, in the order read; put in key order at the end if it is not.
            let pair = self.out.len();
            match &key {
                Cow::Borrowed(k) => quoted(self.out, k),
                Cow::Owned(k) => {
                    let _ = serde_json::to_writer(&mut *self.out, k);
                }
            }
            self.out.push(b':');
            let from = self.out.len();
            map.next_value_seed(self.inner())?;
            let at = from..self.out.len();
            if let Some(fields) = &mut self.top {
                fields.set(&key, &self.out[at]);
            }
            self.entries.push((key, pair..self.out.len()));
        }
        if self.entries.len() == mark {
            self.out.extend_from_slice(b"{}");
            return Ok(());
        }
        self.out.push(b'}');
        let Canon {
            out, entries, vals, ..
        } = self;
        in_key_order(
            out,
            vals,
            base,
            &mut entries[mark..],
            |k: &Cow<'de, str>| k.as_ref(),
        );
        entries.truncate(mark);
        Ok(())
    }
}

/// The event id of one change (see the module documentation).
pub fn event_id(
    instance: &str,
    resource: &str,
    object_id: Option<&str>,
    event_type: EventType,
    updated: Option<i64>,
    digest: &[u8; 16],
) -> EventId {
    let mut h = Sha256::new();
    for part in [
        instance,
        resource,
        object_id.unwrap_or(""),
        event_type.as_str(),
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.update([u8::from(object_id.is_some())]);
    match updated {
        Some(ms) => {
            h.update([1]);
            h.update(ms.to_be_bytes());
        }
        None => h.update([0]),
    }
    h.update(digest);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&h.finalize()[..16]);
    let mut hex = [b'0'; 32];
    // 16 bytes always fit 32 hex digits.
    let _ = hex::encode_to_slice(bytes, &mut hex);
    EventId {
        hex,
        n: u128::from_be_bytes(bytes),
    }
}

/// The id of `record` as the change it is.
pub fn of_record(
    instance: &str,
    resource: &str,
    object_id: Option<&str>,
    event_type: EventType,
    updated: Option<i64>,
    record: &Value,
) -> EventId {
    event_id(
        instance,
        resource,
        object_id,
        event_type,
        updated,
        &content_digest(record),
    )
}

/// The identity of a record set aside (its dates could not be read): instance, resource,
/// objectId and content, so the same record returned again is set aside once.
pub fn set_aside_id(
    instance: &str,
    resource: &str,
    object_id: Option<&str>,
    digest: &[u8; 16],
) -> EventId {
    event_id(
        instance,
        resource,
        object_id,
        EventType::Unknown,
        None,
        digest,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use serde_json::json;

    #[test]
    fn event_id_is_deterministic_and_sensitive() {
        let r = json!({"id": "o", "n": 1});
        let id = |o: Option<&str>, t, u, r: &Value| of_record("i", "r", o, t, u, r);
        let a = id(Some("o"), EventType::Updated, Some(5), &r);
        assert_eq!(a, id(Some("o"), EventType::Updated, Some(5), &r));
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, id(Some("o"), EventType::Created, Some(5), &r));
        assert_ne!(a, id(Some("o"), EventType::Updated, Some(6), &r));
        assert_ne!(a, id(Some("o"), EventType::Updated, None, &r));
        assert_ne!(a, id(None, EventType::Updated, Some(5), &r));
        // same id, type and second, different content: a different change
        assert_ne!(
            a,
            id(
                Some("o"),
                EventType::Updated,
                Some(5),
                &json!({"id": "o", "n": 2})
            )
        );
        // key order and whitespace do not matter
        let same: Value = serde_json::from_str(r#"{ "n" : 1, "id":"o" }"#).unwrap();
        assert_eq!(a, id(Some("o"), EventType::Updated, Some(5), &same));
        let d = content_digest(&r);
        assert_ne!(
            event_id("ab", "c", None, EventType::Updated, None, &d),
            event_id("a", "bc", None, EventType::Updated, None, &d)
        );
        assert_eq!(a.compact().to_be_bytes().len(), 16);
        assert_eq!(format!("{:032x}", a.compact()), a.as_str());
    }

    /// The digest as the ledgers on disk were written: serde_json's text of the record
    /// streamed into the hasher token by token.
    fn streamed_digest(record: &Value) -> [u8; 16] {
        struct HashWriter<'a>(&'a mut Sha256);
        impl std::io::Write for HashWriter<'_> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut h = Sha256::new();
        serde_json::to_writer(HashWriter(&mut h), record).unwrap();
        h.finalize()[..16].try_into().unwrap()
    }

    #[test]
    fn content_digest_is_the_one_ledgers_hold() {
        // SHA-256 of `{"id":"o","n":1}`, whatever the key order and spacing of the source.
        let r: Value = serde_json::from_str(r#"{ "n" : 1, "id":"o" }"#).unwrap();
        assert_eq!(
            hex::encode(content_digest(&r)),
            "bf1f240d571f25baf12f1ecd35fa8cfb"
        );
        let big = vec!["x"; 300_000];
        assert_eq!(content_digest(&json!(big)), streamed_digest(&json!(big)));
        // Read from the text: duplicate keys (the last wins), nesting, exponents, big
        // integers, escapes; serde_json's private keys and non-objects are read whole.
        for text in [
            r#"{"b": {"z": 1E5, "a": [1.50, -0, 12345678901234567890123]}, "a": "\u00e9\n", "b": 2}"#,
            r#"{"$serde_json::private::Number": "12"}"#,
            r#"[{"b":1,"a":2}]"#,
            r#"{}"#,
            r#"{"e":-1e-400,"d":{"y":{},"x":[]}}"#,
            r#"{"e":[1, {"b":2, "a" :[null,true,"x"]}], "b": [[], [1], {}]}"#,
        ] {
            let v: Value = serde_json::from_str(text).unwrap();
            let wanted = vec!["b".to_string(), "e".to_string()];
            let (digest, fields) = read(text.as_bytes(), &wanted).unwrap();
            assert_eq!(digest, streamed_digest(&v), "{text}");
            if v.is_object() {
                for k in &wanted {
                    assert_eq!(fields.get(k), v.get(k), "{text}");
                }
            }
        }
        assert!(read(br#"{"a":}"#, &[]).is_err());
        assert!(read(br#"{"a":1} x"#, &[]).is_err());
    }

    /// Texts the property tests do not generate, read from their text exactly as serde_json's
    /// tree reads them: accepted or refused alike, the same digest, the same wanted fields (a
    /// record read whole: the same tree). Numbers at the edges of every integer type and
    /// beyond `f64`, spellings of zero, nesting around the hand reader's limit (100) and
    /// serde_json's (128), keys sharing 8-byte heads, whitespace JSON does not allow (form
    /// feed, NBSP, a BOM), DEL and U+2028 in strings, trailing commas, two texts in one; and
    /// serde_json's private marker keys spelled with an escape, which its tree reads as a
    /// number or an embedded JSON text (or refuses) — read from the text they were a plain
    /// object (another digest, no fields) or accepted where serde_json refuses.
    #[test]
    fn edge_texts_are_read_as_serde_json_reads_them() {
        let deep = |n: usize, open: &str, close: &str| {
            format!("{{\"a\":{}1{}}}", open.repeat(n), close.repeat(n))
        };
        let mut texts: Vec<Vec<u8>> = [
            r#"{"a":-0}"#, r#"{"a":1E400}"#, r#"{"a":0.0e0}"#, r#"{"a":-0.0E-0}"#,
            r#"{"a":123456789012345678901234567890}"#, r#"{"a":18446744073709551615}"#,
            r#"{"a":18446744073709551616}"#, r#"{"a":-9223372036854775808}"#,
            r#"{"a":-9223372036854775809}"#, r#"{"a":1e5,"b":1E+05,"id":-1.50e-007}"#,
            r#"{"a":1e}"#, r#"{"a":1.}"#, r#"{"a":.5}"#, r#"{"a":01}"#, r#"{"a":+1}"#,
            r#"{"a":-}"#, r#"{"a":NaN}"#, r#"{"a":Infinity}"#, r#"{"a":True}"#,
            r#"{"a":tru}"#, r#"{"a":truee}"#, r#"{"a":1,}"#, r#"{,"a":1}"#,
            r#"{"a":1 "b":2}"#, r#"{"a"1}"#, r#"{"a":[1,]}"#, r#"{"a":[,1]}"#,
            r#"{"a":1}{"b":2}"#, r#"{"a":1}   "#, r#"{ }"#, r#"{"":1}"#,
            r#"{"a":"\ud800"}"#, r#"{"a":"\u00"}"#, r#"{"a\u0000":1}"#,
            r#"{"a":1,"a":{"b":2},"a":3}"#,
            r#"{"ab":1,"a":2,"abcdefgh":3,"abcdefghi":4,"abcdefgg":5,"abcdefgh\u0000":6,"abcdefgh":7}"#,
            "{\"é\":1,\"e\":2,\"\u{10ffff}\":3,\"\u{7f}\":4,\"id\":\"x\u{7f}\u{2028}\u{2029}\"}",
            "{\"a\":1}\u{a0}", "{\u{a0}\"a\":1}", "\u{feff}{\"a\":1}",
            r#"{"\u0024serde_json::private::Number":"12"}"#,
            r#"{"\u0024serde_json::private::Number":"abc"}"#,
            r#"{"\u0024serde_json::private::RawValue":"{\"id\":\"inner\"}"}"#,
            r#"{"a":{"\u0024serde_json::private::Number":"abc"}}"#,
            r#"{"a":{"\u0024serde_json::private::Number":"1"}}"#,
            r#"{"a":{"b":2,"\u0024serde_json::private::Number":"1"}}"#,
            r#"{"a":{"\u0024serde_json::private::RawValue":"[1, {\"z\":1}]"}}"#,
        ]
        .iter()
        .map(|t| t.as_bytes().to_vec())
        .collect();
        texts.extend([
            b"{\"a\":1}\x0c".to_vec(),
            b"{\"a\":1,\x0c\"b\":2}".to_vec(),
            b"{\"a\":\"\x1f\"}".to_vec(),
            b"{\"a\":\"\t\"}".to_vec(),
            b"{\"a\":\"\xff\"}".to_vec(),
        ]);
        for n in [99, 100, 101, 126, 127, 128] {
            texts.push(deep(n, "[", "]").into_bytes());
            texts.push(deep(n, "{\"a\":", "}").into_bytes());
        }
        let wanted: Vec<String> = ["a", "ab", "abcdefgh", "abcdefghi", "b", "id", "é"]
            .map(String::from)
            .to_vec();
        for text in &texts {
            let shown = String::from_utf8_lossy(text);
            match (serde_json::from_slice::<Value>(text), read(text, &wanted)) {
                (Err(_), Err(_)) => {}
                (Ok(tree), Ok((digest, fields))) => {
                    assert_eq!(digest, content_digest(&tree), "{shown}");
                    match &tree {
                        Value::Object(_) => {
                            for k in &wanted {
                                assert_eq!(fields.get(k), tree.get(k), "{k} of {shown}");
                            }
                        }
                        other => assert_eq!(&fields, other, "{shown}"),
                    }
                }
                (tree, text) => panic!("{shown}: serde_json {tree:?}, from the text {text:?}"),
            }
        }
    }

    /// [`read_record`] of one record: its digest and its `wanted` fields as an object (its
    /// whole tree when it is read whole).
    fn read(text: &[u8], wanted: &[String]) -> Result<([u8; 16], Value), serde_json::Error> {
        let mut fields = FieldTexts::new(wanted.to_vec().into());
        let mut scratch = Scratch::default();
        // Twice, through the same buffers: the second read is the one checked.
        read_record(text, &mut scratch, &mut fields)?;
        Ok(match read_record(text, &mut scratch, &mut fields)? {
            Read::Fields(d) => (d, fields.object(1)),
            Read::Whole(d, v) => (d, v),
        })
    }

    /// `s` as a JSON string; with `ascii`, every other character as `\uXXXX` escapes.
    fn quote(s: &str, ascii: bool) -> String {
        let q = serde_json::to_string(s).unwrap();
        if !ascii {
            return q;
        }
        let mut out = String::new();
        for c in q.chars() {
            if c.is_ascii() {
                out.push(c);
            } else {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
        out
    }

    /// A JSON value to render (numbers spelled as generated).
    #[derive(Debug, Clone)]
    enum Gen {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Gen>),
        Obj(Vec<(String, Gen)>),
    }

    fn render(g: &Gen, ws: &str, out: &mut String) {
        match g {
            Gen::Null => out.push_str("null"),
            Gen::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Gen::Num(n) => out.push_str(n),
            Gen::Str(s) => out.push_str(&serde_json::to_string(s).unwrap()),
            Gen::Arr(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    render(v, ws, out);
                }
                out.push(']');
            }
            Gen::Obj(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(ws);
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(ws);
                    out.push(':');
                    render(v, ws, out);
                }
                out.push_str(ws);
                out.push('}');
            }
        }
    }

    fn gen_value() -> impl proptest::strategy::Strategy<Value = Gen> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Gen::Null),
            any::<bool>().prop_map(Gen::Bool),
            "-?(0|[1-9][0-9]{0,25})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,3})?".prop_map(Gen::Num),
            "[a-z é\"\\\\\u{1}\u{7f}\u{2028}]{0,6}".prop_map(Gen::Str),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Gen::Arr),
                proptest::collection::vec(("[a-cé]{0,2}", inner), 0..5).prop_map(Gen::Obj),
            ]
        })
    }

    /// The canonical text serde_json's parse gives ([`Canon`]).
    fn canon_by_serde(text: &[u8]) -> Result<Vec<u8>, String> {
        use serde::de::DeserializeSeed;
        let (mut out, mut entries, mut vals) = (Vec::new(), Vec::new(), Vec::new());
        let mut de = serde_json::Deserializer::from_slice(text);
        Canon {
            out: &mut out,
            entries: &mut entries,
            vals: &mut vals,
            top: None,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| e.to_string())?;
        Ok(out)
    }

    /// The canonical text [`Plain`] gives, when it reads the text.
    fn canon_by_hand(text: &str) -> Option<Vec<u8>> {
        let (mut out, mut entries, mut vals) = (Vec::new(), Vec::new(), Vec::new());
        let mut p = Plain {
            t: text,
            i: 0,
            out: &mut out,
            entries: &mut entries,
            vals: &mut vals,
        };
        (p.value(0, None).is_some() && p.at_end()).then_some(out)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Read by hand, a record gives serde_json's canonical text exactly, and only texts
        /// serde_json accepts are read by hand: every kind of value, number spellings,
        /// duplicate keys, whitespace, escapes, and texts broken at a random place.
        #[test]
        fn plain_texts_are_read_as_serde_json_reads_them(
            g in gen_value(),
            spaced: bool,
            broken in proptest::option::of((0usize..400, proptest::sample::select(
                vec!['"', '\\', '{', '}', '[', ']', ',', ':', 'e', 'E', '-', '+', '0', '.', ' ',
                     '\u{1}', 'é', 'n', 't']))),
            cut: bool,
        ) {
            let mut text = String::new();
            render(&g, if spaced { " \n" } else { "" }, &mut text);
            if let Some((at, c)) = broken {
                let mut chars: Vec<char> = text.chars().collect();
                let at = at % (chars.len() + 1);
                if cut && at < chars.len() {
                    chars.remove(at);
                } else {
                    chars.insert(at, c);
                }
                text = chars.into_iter().collect();
            }
            let by_serde = canon_by_serde(text.as_bytes());
            let by_hand = canon_by_hand(&text);
            if let Some(hand) = &by_hand {
                proptest::prop_assert_eq!(Ok(hand.clone()), by_serde, "{}", text);
            }
            if broken.is_none() && !text.contains('\\') {
                proptest::prop_assert!(by_hand.is_some(), "not read by hand: {}", text);
            }
        }
    }

    proptest::proptest! {
        /// The key order is `str`'s, whatever the keys share (prefixes, NUL bytes, lengths
        /// around 8).
        #[test]
        fn key_order_is_str_order(a in "[a\\x00é_]{0,12}", b in "[a\\x00é_]{0,12}") {
            proptest::prop_assert_eq!(key_order(&a, &b), a.cmp(&b));
            let (a8, b8) = (format!("event_ty{a}"), format!("event_ty{b}"));
            proptest::prop_assert_eq!(key_order(&a8, &b8), a8.cmp(&b8));
        }
    }

    proptest::proptest! {
        /// Unchanged ids after an upgrade: key orders, escapes, unicode, big numbers.
        #[test]
        fn content_digest_matches_the_streamed_one(
            fields in proptest::collection::vec(("\\PC{0,6}", proptest::prop_oneof![
                "-?(0|[1-9][0-9]{0,30})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,3})?",
                "\\PC{0,6}".prop_map(|s| format!("\u{1}{s}")),
                proptest::strategy::Just("[1, {\"b\":2, \"a\" :[null,true]}]".to_string()),
            ]), 0..8),
            ascii: bool,
            space: bool,
        ) {
            let sep = if space { " " } else { "" };
            let mut text = String::from("{");
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(sep);
                text.push_str(&quote(k, ascii));
                text.push(':');
                text.push_str(sep);
                match v.strip_prefix('\u{1}') {
                    Some(s) => text.push_str(&quote(s, ascii)),
                    None => text.push_str(v),
                }
            }
            text.push('}');
            let v: Value = serde_json::from_str(&text).unwrap();
            proptest::prop_assert_eq!(content_digest(&v), streamed_digest(&v));
            // Read from the text in one pass: the same digest, the same wanted fields.
            let wanted: Vec<String> = fields.iter().take(2).map(|(k, _)| k.clone()).collect();
            let (digest, got) = read(text.as_bytes(), &wanted).unwrap();
            proptest::prop_assert_eq!(digest, streamed_digest(&v));
            for k in &wanted {
                proptest::prop_assert_eq!(got.get(k), v.get(k));
            }
        }
    }
}
