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

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::classify::EventType;

/// A deterministic event id: 32 lower-case hex digits, inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventId([u8; 32]);

impl EventId {
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The id as a number (16 bytes: the compact form kept in memory for a cycle).
    pub fn compact(&self) -> u128 {
        u128::from_str_radix(self.as_str(), 16).unwrap_or_default()
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

/// The digest of a record's content (16 bytes of SHA-256 of its canonical JSON text).
pub fn content_digest(record: &Value) -> [u8; 16] {
    let mut h = Sha256::new();
    // Writing into the hasher cannot fail.
    let _ = serde_json::to_writer(HashWriter(&mut h), record);
    let mut out = [0u8; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

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
    let mut out = [b'0'; 32];
    // 16 bytes always fit 32 hex digits.
    let _ = hex::encode_to_slice(&h.finalize()[..16], &mut out);
    EventId(out)
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
    record: &Value,
) -> EventId {
    of_record(
        instance,
        resource,
        object_id,
        EventType::Unknown,
        None,
        record,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
