//! PKCE (RFC 7636, S256) and the `state` value, from the OS random number generator.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS RNG failing is not recoverable and not caused by user input.
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    URL_SAFE_NO_PAD.encode(&buf)
}

/// A PKCE verifier (64 random bytes → 86 characters of `[A-Za-z0-9-_]`) and its S256 challenge.
#[derive(Debug)]
pub struct Pkce {
    pub verifier: SecretString,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Pkce {
        let verifier = random_token(64);
        let challenge = challenge_s256(&verifier);
        Pkce {
            verifier: SecretString::from(verifier),
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// `BASE64URL-NOPAD(SHA256(verifier))`.
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The anti-CSRF `state`: 256 bits from the OS RNG.
#[derive(Debug, Clone)]
pub struct CsrfState(SecretString);

impl CsrfState {
    pub fn new() -> CsrfState {
        CsrfState(SecretString::from(random_token(32)))
    }

    /// A state chosen by the user (`oauth url --state`).
    pub fn from_string(s: String) -> CsrfState {
        CsrfState(SecretString::from(s))
    }

    pub fn as_str(&self) -> &str {
        self.0.expose_secret()
    }

    /// Constant-time comparison with a received value.
    pub fn matches(&self, received: &str) -> bool {
        let a = self.0.expose_secret().as_bytes();
        let b = received.as_bytes();
        a.len() == b.len() && bool::from(a.ct_eq(b))
    }
}

impl Default for CsrfState {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 appendix B.
    #[test]
    fn rfc7636_vector() {
        assert_eq!(
            challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifier_is_valid_and_random() {
        let a = Pkce::new();
        let b = Pkce::new();
        let v = a.verifier.expose_secret();
        assert!((43..=128).contains(&v.len()));
        assert!(
            v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
        );
        assert_ne!(v, b.verifier.expose_secret());
        assert_eq!(a.challenge, challenge_s256(v));
    }

    #[test]
    fn state_has_256_bits_and_compares_exactly() {
        let s = CsrfState::new();
        assert_eq!(s.as_str().len(), 43); // 32 bytes base64url
        assert!(s.matches(s.as_str()));
        assert!(!s.matches("forged"));
        assert!(!s.matches(&format!("{}x", s.as_str())));
        assert_ne!(CsrfState::new().as_str(), s.as_str());
    }
}
