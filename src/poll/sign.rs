//! Notification signatures: the platform's `Elements-Webhook-Signature` and Standard Webhooks.
//! The one place that knows how a body is signed; the sandbox receiver verifies with it too.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length; new_from_slice cannot fail for it.
    <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length")
}

/// `sha256=<base64(HMAC-SHA256(key, body))>`: the value of `Elements-Webhook-Signature`.
pub fn elements_signature(key: &[u8], body: &[u8]) -> String {
    let mut m = mac(key);
    m.update(body);
    format!("sha256={}", STANDARD.encode(m.finalize().into_bytes()))
}

/// Check an `Elements-Webhook-Signature` header value in constant time.
pub fn verify_elements(key: &[u8], body: &[u8], header: &str) -> bool {
    let Some(b64) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(sig) = STANDARD.decode(b64) else {
        return false;
    };
    let mut m = mac(key);
    m.update(body);
    m.verify_slice(&sig).is_ok()
}

/// base64 with or without `=` padding: Standard Webhooks libraries accept both for `whsec_` keys.
/// Non-zero bits after the last byte are ignored, as Python's `b64decode` (the official
/// library's decoder) ignores them.
const BASE64_ANY_PADDING: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Why base64 text does not decode, in words that never quote it: the `base64` crate's
/// messages name the offending character (`Invalid symbol 42`, `Invalid last symbol 0x62
/// ('b')`), which is a piece of the secret.
fn base64_reason(e: &base64::DecodeError) -> String {
    match e {
        base64::DecodeError::InvalidByte(offset, _) => {
            format!("a character that is not base64 at position {}", offset + 1)
        }
        base64::DecodeError::InvalidLength(_) => "its length is not that of base64".into(),
        base64::DecodeError::InvalidLastSymbol { offset, .. } => {
            format!("an invalid last character at position {}", offset + 1)
        }
        base64::DecodeError::InvalidPadding => "misplaced \"=\" padding".into(),
    }
}

/// Why a `whsec_` key cannot be used. Never carries the key itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the signature key starts with \"whsec_\" but the rest is not base64 ({reason}); a Standard Webhooks key is \"whsec_\" followed by the base64 of the secret bytes"
)]
pub struct WhsecKeyError {
    reason: String,
}

/// The Standard Webhooks signing key: a `whsec_<base64>` key is decoded (padding optional,
/// as the official libraries accept); any other key is used as its bytes. A `whsec_` key
/// whose rest is not base64 is an error, never silently used as raw bytes.
pub fn standard_webhooks_key(secret: &str) -> Result<Vec<u8>, WhsecKeyError> {
    match secret.strip_prefix("whsec_") {
        Some(b64) => match BASE64_ANY_PADDING.decode(b64.trim()) {
            // The official libraries refuse an empty secret; an empty HMAC key signs nothing.
            Ok(key) if key.is_empty() => Err(WhsecKeyError {
                reason: "nothing follows the prefix".into(),
            }),
            Ok(key) => Ok(key),
            Err(e) => Err(WhsecKeyError {
                reason: base64_reason(&e),
            }),
        },
        None => Ok(secret.as_bytes().to_vec()),
    }
}

/// HMAC-SHA256 over Standard Webhooks' signed content, `"{id}.{timestamp}.{body}"`.
fn standard_webhooks_mac(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> HmacSha256 {
    let mut m = mac(key);
    m.update(id.as_bytes());
    m.update(b".");
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// `v1,<base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))>`: the `webhook-signature` value.
pub fn standard_webhooks_signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let m = standard_webhooks_mac(key, id, timestamp, body);
    format!("v1,{}", STANDARD.encode(m.finalize().into_bytes()))
}

/// Check a `webhook-signature` header (space-separated `v1,<sig>` list) in constant time.
pub fn verify_standard_webhooks(
    key: &[u8],
    id: &str,
    timestamp: i64,
    body: &[u8],
    header: &str,
) -> bool {
    header.split_whitespace().any(|candidate| {
        let Some(b64) = candidate.strip_prefix("v1,") else {
            return false;
        };
        let Ok(sig) = STANDARD.decode(b64) else {
            return false;
        };
        standard_webhooks_mac(key, id, timestamp, body)
            .verify_slice(&sig)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test vector published in the platform's "Hash Verification" page.
    #[test]
    fn published_test_vector() {
        assert_eq!(
            elements_signature(
                b"MySecretEventSignatureKey",
                b"<INSERT_EVENT_NOTIFICATION_RESPONSE_BODY>"
            ),
            "sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ="
        );
        assert!(verify_elements(
            b"MySecretEventSignatureKey",
            b"<INSERT_EVENT_NOTIFICATION_RESPONSE_BODY>",
            "sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ="
        ));
    }

    #[test]
    fn tampered_body_or_wrong_key_fails() {
        let sig = elements_signature(b"k", b"body");
        assert!(verify_elements(b"k", b"body", &sig));
        assert!(!verify_elements(b"k", b"body ", &sig));
        assert!(!verify_elements(b"K", b"body", &sig));
        assert!(!verify_elements(b"k", b"body", "sha1=abc"));
        assert!(!verify_elements(b"k", b"body", "sha256=not base64!"));
    }

    /// Standard Webhooks reference vector (spec README example).
    #[test]
    fn standard_webhooks_vector() {
        let key = standard_webhooks_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let sig =
            standard_webhooks_signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(verify_standard_webhooks(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            body,
            &format!("v1,bogus {sig}")
        ));
        assert!(!verify_standard_webhooks(
            &key,
            "msg_other",
            1614265330,
            body,
            &sig
        ));
    }

    /// Unpadded base64 (accepted by the official libraries) decodes to the same bytes as
    /// padded; before, it was silently used as raw text and no signature verified.
    #[test]
    fn whsec_key_padding_is_optional() {
        // 31 bytes: the padded form ends in "=".
        let raw: Vec<u8> = (1u8..=31).collect();
        let padded = STANDARD.encode(&raw);
        assert!(padded.ends_with('='));
        let unpadded = padded.trim_end_matches('=');
        assert_eq!(
            standard_webhooks_key(&format!("whsec_{padded}")).unwrap(),
            raw
        );
        assert_eq!(
            standard_webhooks_key(&format!("whsec_{unpadded}")).unwrap(),
            raw
        );
        // A key without the prefix is its bytes.
        assert_eq!(standard_webhooks_key("plain-key").unwrap(), b"plain-key");
    }

    /// `whsec_` alone was an empty HMAC key (the official library refuses it); the decoder's
    /// messages quoted characters of the key; non-canonical last bits, which the official
    /// Python library accepts, were refused.
    #[test]
    fn whsec_edge_keys_match_the_official_library_and_never_leak() {
        let e = standard_webhooks_key("whsec_").unwrap_err().to_string();
        assert!(e.contains("nothing follows"), "{e}");
        assert!(standard_webhooks_key("whsec_  ").is_err());
        // Python: base64.b64decode("ab" + "==") == b"i"
        assert_eq!(standard_webhooks_key("whsec_ab").unwrap(), b"i");
        for (key, piece) in [
            ("whsec_Zm9v*YmFy", "42"),
            ("whsec_Zm9v*YmFy", "*"),
            ("whsec_Zm9vYmFy\u{e9}", "195"),
            ("whsec_=====", "61"),
        ] {
            let msg = standard_webhooks_key(key).unwrap_err().to_string();
            assert!(msg.contains("not base64"), "{msg}");
            let reason = msg.split('(').nth(1).unwrap_or_default();
            assert!(!reason.contains(piece), "{piece:?} of the key in {msg}");
        }
    }

    #[test]
    fn undecodable_whsec_key_is_an_error_without_the_key() {
        let e = standard_webhooks_key("whsec_not*base64!secretish").unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("not base64"), "{msg}");
        assert!(!msg.contains("secretish"), "the key leaked: {msg}");
    }
}
