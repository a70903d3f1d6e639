//! The platform's HTTP API: credentials and the `Authorization` header.
//! (Clients for `/instances`, `/elements/{key}/oauth/url` and hub GETs live beside this file.)

pub mod hub;

use secrecy::{ExposeSecret, SecretString};

/// The secrets that make up the platform `Authorization` header (resolved by
/// `Settings::credentials` in `src/settings.rs`). `Debug` is redacted.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub user_secret: Option<SecretString>,
    pub org_secret: Option<SecretString>,
    pub element_token: Option<SecretString>,
}

impl Credentials {
    /// `User <user>, Organization <org>[, Element <token>]`, with the parts that are set.
    /// `None` when nothing is set. The value is a secret: never log it.
    pub fn authorization(&self, with_element: bool) -> Option<SecretString> {
        let mut parts = Vec::new();
        if let Some(u) = &self.user_secret {
            parts.push(format!("User {}", u.expose_secret()));
        }
        if let Some(o) = &self.org_secret {
            parts.push(format!("Organization {}", o.expose_secret()));
        }
        if with_element && let Some(t) = &self.element_token {
            parts.push(format!("Element {}", t.expose_secret()));
        }
        if parts.is_empty() {
            None
        } else {
            Some(SecretString::from(parts.join(", ")))
        }
    }
}

/// Parse an `Authorization` header of the platform's form into its parts (for the sandbox).
/// Returns `(user, organization, element)`; unknown parts are ignored.
pub fn parse_authorization(value: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let (mut user, mut org, mut element) = (None, None, None);
    for part in value.split(',') {
        let part = part.trim();
        if let Some((kind, v)) = part.split_once(char::is_whitespace) {
            let v = v.trim();
            match kind {
                "User" => user = Some(v),
                "Organization" => org = Some(v),
                "Element" => element = Some(v),
                _ => {}
            }
        }
    }
    (user, org, element)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip_and_redacted_debug() {
        let c = Credentials {
            user_secret: Some("u1".to_string().into()),
            org_secret: Some("o1".to_string().into()),
            element_token: Some("t1".to_string().into()),
        };
        let h = c.authorization(true).unwrap();
        assert_eq!(h.expose_secret(), "User u1, Organization o1, Element t1");
        assert_eq!(
            parse_authorization(h.expose_secret()),
            (Some("u1"), Some("o1"), Some("t1"))
        );
        assert_eq!(
            c.authorization(false).unwrap().expose_secret(),
            "User u1, Organization o1"
        );
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("u1") && !dbg.contains("o1") && !dbg.contains("t1"));
    }
}

pub mod client;
pub mod redact;

/// rustls needs one process-wide crypto provider; install ring's once (idempotent).
pub fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err means another provider was installed first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
