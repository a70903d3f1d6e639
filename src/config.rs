//! The configuration file (`config.toml`) and reading secret files. The precedence rule
//! (flag > environment > config file > default) lives in [`crate::settings`].
//!
//! Secrets come from a `*-file` flag (`-` = stdin), an environment variable or the config
//! file — never from a plain flag value — and are kept as [`SecretString`].

use std::io::Read;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

/// The default platform: SAP Open Connectors, US.
pub const DEFAULT_BASE_URL: &str =
    "https://api.openconnectors.us2.ext.hana.ondemand.com/elements/api-v2";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{what} in {path} is empty")]
    EmptySecret { what: String, path: PathBuf },
}

/// `config.toml`. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub base_url: Option<String>,
    pub state_dir: Option<PathBuf>,
    /// Where poll state lives: a directory, `file://DIR` or `postgres://…` (secret: the URL
    /// may hold a password).
    pub state: Option<SecretString>,
    pub user_secret: Option<SecretString>,
    pub org_secret: Option<SecretString>,
    pub element_token: Option<SecretString>,
    pub client_secret: Option<SecretString>,
    pub signature_key: Option<SecretString>,
    /// `poll --metrics-listen`'s address.
    pub metrics_listen: Option<String>,
    /// `text` or `json`.
    pub log_format: Option<String>,
}

/// Where poll state lives, from `--state` / `POLLCTL_STATE` / the `state` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateLocation {
    /// The file backend in this directory.
    Dir(PathBuf),
    /// The PostgreSQL backend (the URL may hold a password: never print it unredacted).
    Postgres(String),
}

impl StateLocation {
    /// `postgres://…` / `postgresql://…` is PostgreSQL; `file://DIR` or a plain path is the
    /// file backend.
    /// Any other `scheme://` is refused (the message names the scheme only: the rest may
    /// hold a password).
    pub fn parse(text: &str) -> Result<StateLocation, String> {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Ok(StateLocation::Postgres(text.to_string()))
        } else if let Some(rest) = text.strip_prefix("file://") {
            Ok(StateLocation::Dir(PathBuf::from(rest)))
        } else if let Some((scheme, _)) = text.split_once("://")
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            Err(format!(
                "--state: unsupported scheme {scheme:?}; use a directory, file://DIR or \
                 postgres://USER@HOST/DB"
            ))
        } else {
            Ok(StateLocation::Dir(PathBuf::from(text)))
        }
    }
}

impl ConfigFile {
    /// Load `path`; when `must_exist` is false (the default file) a missing file is an empty
    /// config, else it is an error.
    pub fn load(path: &Path, must_exist: bool) -> Result<ConfigFile, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile::default());
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: describe_toml_error(&text, &e),
        })
    }
}

/// The config file's keys (also what `deny_unknown_fields` lists).
const KEYS: [&str; 9] = [
    "base-url",
    "state-dir",
    "user-secret",
    "org-secret",
    "element-token",
    "client-secret",
    "signature-key",
    "metrics-listen",
    "log-format",
];

/// A TOML error as `line L, column C: reason`, without the file's text: the `toml` crate
/// quotes the offending line and value (`user-secret = hunter2` unquoted, `user-secret = 123`),
/// and the file holds secrets. Quoted fragments of the reason stay only when they are key
/// names or single characters (`expected \`b\`, \`n\`…`).
fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let mut reason = String::new();
    let message = e.message().trim();
    // `unknown field `x`, expected one of …`: the typo is a key name, not a value.
    let unknown_field = message.starts_with("unknown field");
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            let keep =
                part.chars().count() <= 1 || KEYS.contains(&part) || (unknown_field && i == 1);
            reason.push('`');
            reason.push_str(if keep { part } else { "…" });
            reason.push('`');
        } else {
            reason.push_str(part);
        }
    }
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!(
                "line {line}, column {column}: {reason} (values are not shown: the file holds secrets)"
            )
        }
        None => reason,
    }
}

/// Read one secret from a file, or stdin for `-`.
pub fn read_secret_file(path: &Path) -> Result<SecretString, ConfigError> {
    let mut text = String::new();
    let res = if path == Path::new("-") {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text))
    };
    res.map_err(|source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let trimmed = text.trim_end_matches(['\n', '\r']);
    if trimmed.is_empty() {
        return Err(ConfigError::EmptySecret {
            what: "the secret".into(),
            path: path.to_path_buf(),
        });
    }
    Ok(SecretString::from(trimmed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn state_locations() {
        assert_eq!(
            StateLocation::parse("postgres://u:p@h/db"),
            Ok(StateLocation::Postgres("postgres://u:p@h/db".into()))
        );
        assert!(matches!(
            StateLocation::parse("PostgreSQL://h/db"),
            Ok(StateLocation::Postgres(_))
        ));
        assert_eq!(
            StateLocation::parse("file:///var/lib/p"),
            Ok(StateLocation::Dir("/var/lib/p".into()))
        );
        assert_eq!(
            StateLocation::parse("rel/dir"),
            Ok(StateLocation::Dir("rel/dir".into()))
        );
        let e = StateLocation::parse("mysql://u:pw7@h/db").unwrap_err();
        assert!(e.contains("\"mysql\"") && !e.contains("pw7"), "{e}");
        let cfg: ConfigFile = toml::from_str("state = \"postgres://u:pw8@h/db\"").unwrap();
        assert!(!format!("{cfg:?}").contains("pw8"));
    }

    #[test]
    fn secret_file_trims_newline_and_debug_is_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s");
        std::fs::write(&p, "hunter2\n").unwrap();
        let s = read_secret_file(&p).unwrap();
        assert_eq!(s.expose_secret(), "hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn empty_secret_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s");
        std::fs::write(&p, "\n").unwrap();
        assert!(matches!(
            read_secret_file(&p),
            Err(ConfigError::EmptySecret { .. })
        ));
    }

    /// A malformed value is located but never quoted: before, the `toml` crate's message
    /// showed the whole line, secret included.
    #[test]
    fn parse_errors_never_quote_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        for (text, line) in [
            ("user-secret = hunter2secret\n", 1),
            ("base-url = \"http://x\"\norg-secret = 123456789\n", 2),
            ("user-secret = [\"s3cr3tarr\"]\n", 1),
            ("user-secret = \"abc\"\nuser-secret = \"dupsecret\"\n", 2),
            ("element-token = \"tok\\qsecret\"\n", 1),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = ConfigFile::load(&p, true).unwrap_err().to_string();
            assert!(e.contains(&format!("line {line}, column ")), "{e}");
            for secret in [
                "hunter2secret",
                "123456789",
                "s3cr3tarr",
                "dupsecret",
                "qsecret",
            ] {
                assert!(!e.contains(secret), "{secret} in {e}");
            }
        }
        // Key names stay, so a typo is still explained.
        std::fs::write(&p, "base_urll = 1\n").unwrap();
        let e = ConfigFile::load(&p, true).unwrap_err().to_string();
        assert!(
            e.contains("`base_urll`") && e.contains("`base-url`") && e.contains("line 1"),
            "{e}"
        );
    }

    #[test]
    fn config_file_rejects_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "base-url = \"http://x\"\nbase_urll = 1\n").unwrap();
        assert!(matches!(
            ConfigFile::load(&p, true),
            Err(ConfigError::Parse { .. })
        ));
    }
}
