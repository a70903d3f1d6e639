//! Keeping secrets out of what pollctl prints: URL userinfo (`https://user:password@host/`,
//! which works as Basic auth) and every secret pollctl holds, wherever a server echoes it
//! back (a 401 body quoting the `Authorization` header, a receiver's error page).

use base64::Engine;
use secrecy::{ExposeSecret, SecretString};

/// Shown instead of a secret.
pub const REDACTED: &str = "[redacted]";

/// Query parameters whose values are credentials (`?token=…`, `?api_key=…`): compared without
/// case, `-` and `_`.
fn secret_query_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    const EXACT: &[&str] = &["sig", "code", "auth", "key", "apikey", "accesskey"];
    EXACT.contains(&n.as_str())
        || [
            "token",
            "secret",
            "password",
            "passwd",
            "signature",
            "authorization",
        ]
        .iter()
        .any(|w| n.contains(w))
}

/// `url` with its userinfo (user name and password) and the values of credential query
/// parameters (`token`, `api_key`, `secret`, `signature`…) replaced, for messages. Text that
/// does not parse as a URL has any `scheme://userinfo@` part cut the same way.
pub fn url(url: &str) -> String {
    if let Ok(mut u) = url::Url::parse(url) {
        let mut changed = false;
        if u.password().is_some() || !u.username().is_empty() {
            let _ = u.set_username(REDACTED);
            let _ = u.set_password(None);
            changed = true;
        }
        if u.query_pairs().any(|(k, _)| secret_query_name(&k)) {
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if secret_query_name(&k) {
                        REDACTED.to_string()
                    } else {
                        v.into_owned()
                    };
                    (k.into_owned(), v)
                })
                .collect();
            u.query_pairs_mut().clear().extend_pairs(pairs);
            changed = true;
        }
        if changed {
            return u
                .to_string()
                .replace("%5Bredacted%5D", REDACTED)
                .replace("%5Bredacted%5d", REDACTED);
        }
        return url.to_string();
    }
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s + 3 && !url[s + 3..at].contains('/') => {
            format!("{}{REDACTED}{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Replaces every secret it knows in server text. Secrets shorter than 4 characters are not
/// searched (they would mangle ordinary words); pollctl's secrets are far longer.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<SecretString>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    pub fn add(&mut self, secret: &str) {
        let s = secret.trim();
        if s.chars().count() >= 4 && !self.secrets.iter().any(|x| x.expose_secret() == s) {
            self.secrets.push(SecretString::from(s.to_string()));
            // Longest first, so a secret containing another is replaced whole.
            self.secrets
                .sort_by_key(|x| std::cmp::Reverse(x.expose_secret().len()));
        }
    }

    /// The platform's `Authorization` value: the whole header and each part's secret.
    pub fn add_authorization(&mut self, value: &SecretString) {
        let v = value.expose_secret();
        self.add(v);
        let (u, o, e) = super::parse_authorization(v);
        for s in [u, o, e].into_iter().flatten() {
            self.add(s);
        }
    }

    /// A URL's credentials: the values of credential query parameters, the password, and
    /// `user:password` as Basic auth sends it (base64).
    pub fn add_url_userinfo(&mut self, url: &str) {
        if let Ok(u) = url::Url::parse(url) {
            for (k, v) in u.query_pairs() {
                if secret_query_name(&k) {
                    self.add(&v);
                    let raw =
                        url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
                    self.add(&raw);
                }
            }
        }
        if let Ok(u) = url::Url::parse(url)
            && let Some(p) = u.password()
        {
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            let (user, pass) = (decode(u.username()), decode(p));
            self.add(p);
            self.add(&pass);
            self.add(&base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}")));
        }
    }

    /// `text` with every known secret replaced by [`REDACTED`].
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            let s = s.expose_secret();
            if out.contains(s) {
                out = out.replace(s, REDACTED);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_userinfo_is_hidden() {
        assert_eq!(
            url("https://bob:hunter2pw@example.com/hook?x=1"),
            "https://[redacted]@example.com/hook?x=1"
        );
        assert_eq!(url("https://example.com/a"), "https://example.com/a");
        assert_eq!(
            url("https://example.com/hook?token=QSECRET123&page=2&API-Key=k9k9k9k9"),
            "https://example.com/hook?token=[redacted]&page=2&API-Key=[redacted]"
        );
        assert_eq!(
            url("https://example.com/hook?monkey=1&pageSize=5"),
            "https://example.com/hook?monkey=1&pageSize=5"
        );
        let mut r = Redactor::default();
        r.add_url_userinfo("https://example.com/hook?access_token=QSECRET123");
        assert_eq!(r.text("echo: QSECRET123"), "echo: [redacted]");
        assert_eq!(url("ht tp://bob:pw@x/"), "ht tp://[redacted]@x/");
    }

    #[test]
    fn echoed_secrets_are_replaced() {
        let mut r = Redactor::default();
        r.add_authorization(&SecretString::from(
            "User usersecret1, Organization orgsecret2, Element tok3n".to_string(),
        ));
        r.add_url_userinfo("https://bob:hunter2pw@example.com/");
        r.add("ab");
        let echoed = "401: you sent User usersecret1, Organization orgsecret2, Element tok3n; \
                      basic Ym9iOmh1bnRlcjJwdw== pw hunter2pw; ab stays";
        let out = r.text(echoed);
        for s in [
            "usersecret1",
            "orgsecret2",
            "tok3n",
            "hunter2pw",
            "Ym9iOmh1bnRlcjJwdw==",
        ] {
            assert!(!out.contains(s), "{s} in {out}");
        }
        assert!(out.contains("ab stays"));
        assert!(!format!("{r:?}").contains("usersecret1"));
    }
}
