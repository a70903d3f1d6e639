//! The configuration file and the precedence rule: flag > environment > config file > default.
//!
//! Secrets are read here too, from a `*-file` flag (`-` = stdin), an environment variable or
//! the config file — never from a plain flag value — and are kept as [`SecretString`].

use std::io::Read;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;

use crate::store::Dirs;

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

    /// flag > `POLLCTL_STATE` > config file; `None` when none is set (the state directory
    /// rules apply).
    pub fn resolve(flag: Option<&str>, cfg: &ConfigFile) -> Result<Option<StateLocation>, String> {
        let env = std::env::var("POLLCTL_STATE")
            .ok()
            .filter(|v| !v.is_empty());
        flag.map(str::to_string)
            .filter(|v| !v.is_empty())
            .or(env)
            .or_else(|| {
                use secrecy::ExposeSecret;
                cfg.state.as_ref().map(|s| s.expose_secret().to_string())
            })
            .map(|v| StateLocation::parse(&v))
            .transpose()
    }
}

impl ConfigFile {
    /// Load `path` (from `--config` / `POLLCTL_CONFIG`) or the default file; a missing
    /// default file is an empty config, a missing explicit one is an error.
    pub fn load(explicit: Option<&Path>, dirs: &Dirs) -> Result<ConfigFile, ConfigError> {
        let from_env = std::env::var_os("POLLCTL_CONFIG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let (path, must_exist) = match explicit.map(Path::to_path_buf).or(from_env) {
            Some(p) => (p, true),
            None => (dirs.config_file(), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(ConfigFile::default());
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path,
            message: e.to_string(),
        })
    }
}

/// flag > environment > config file > default.
pub fn resolve(flag: Option<String>, env_var: &str, file: Option<String>, default: &str) -> String {
    flag.or_else(|| std::env::var(env_var).ok().filter(|v| !v.is_empty()))
        .or(file)
        .unwrap_or_else(|| default.to_string())
}

/// Read a secret: `--x-file PATH` (`-` = stdin) > environment variable > config file.
/// Trailing newlines are trimmed (files written by `echo`); an empty file is an error.
pub fn secret(
    file_flag: Option<&Path>,
    env_var: &str,
    from_config: Option<&SecretString>,
) -> Result<Option<SecretString>, ConfigError> {
    if let Some(path) = file_flag {
        return read_secret_file(path).map(Some);
    }
    if let Ok(v) = std::env::var(env_var)
        && !v.is_empty()
    {
        return Ok(Some(SecretString::from(v)));
    }
    Ok(from_config.cloned())
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
        let s = secret(Some(&p), "POLLCTL_TEST_UNSET_VAR", None)
            .unwrap()
            .unwrap();
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

    #[test]
    fn config_file_rejects_unknown_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        std::fs::write(&p, "base-url = \"http://x\"\nbase_urll = 1\n").unwrap();
        let dirs = Dirs {
            config: dir.path().into(),
            state: dir.path().into(),
        };
        assert!(matches!(
            ConfigFile::load(Some(&p), &dirs),
            Err(ConfigError::Parse { .. })
        ));
    }
}
