//! Settings, resolved once: every value pollctl takes from a flag, the environment or the
//! config file goes through this module, with one precedence rule written once in [`pick`]:
//! flag > environment > config file > default.
//!
//! This is the only module that reads the process environment ([`Env::from_process`], called
//! once by `main.rs`). Everything else receives an [`Env`] snapshot or a [`Settings`], so the
//! precedence can be tested as a table without touching the real environment.
//!
//! The config file is read on first use, so commands that need none of its keys (`date`,
//! `connectors`, `instance validate`) still work when it is damaged.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;

use crate::cli::{GlobalArgs, LogFormat};
use crate::config::{self, ConfigFile, StateLocation, read_secret_file};
use crate::platform::Credentials;
use crate::registry::Registry;
use crate::store::StoreError;

/// A snapshot of the environment variables. Empty values count as unset everywhere.
#[derive(Debug, Clone, Default)]
pub struct Env(BTreeMap<String, OsString>);

impl Env {
    /// The process environment (the one place pollctl reads it).
    pub fn from_process() -> Env {
        Env(std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v)))
            .collect())
    }

    /// For tests and library callers: exactly these variables.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Env {
        Env(pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect())
    }

    /// The variable's value when set, non-empty and UTF-8.
    pub fn get(&self, var: &str) -> Option<&str> {
        self.0
            .get(var)
            .and_then(|v| v.to_str())
            .filter(|v| !v.is_empty())
    }

    /// The variable as a path when set and non-empty (any bytes).
    pub fn path(&self, var: &str) -> Option<PathBuf> {
        self.0.get(var).filter(|v| !v.is_empty()).map(PathBuf::from)
    }

    /// `CI` set to anything but empty, `false` or `0`.
    pub fn is_ci(&self) -> bool {
        self.get("CI").is_some_and(|v| v != "false" && v != "0")
    }
}

/// Where a resolved value came from (never the value itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A command-line flag (`--state-dir`, or `--x-file PATH` for a secret).
    Flag(String),
    /// An environment variable.
    Env(&'static str),
    /// A key of the config file.
    File(&'static str),
    /// pollctl's default.
    Default,
}

/// A base URL is a prefix that resource paths are appended to: it must parse, be http(s), and
/// carry no query or fragment (a path appended after `?…` would silently become part of the
/// query). The message names where the value came from and never shows a password.
fn check_base_url(r: &Resolved<String>) -> Result<(), crate::Error> {
    let shown = || crate::platform::redact::url(&r.value);
    let bad = |why: String| {
        crate::Error::Invalid(format!("base URL {:?} (from {}) {why}", shown(), r.origin))
    };
    let url = url::Url::parse(&r.value).map_err(|e| bad(format!("is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must use http or https".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad(
            "must not have a query or fragment: resource paths are appended to it".into(),
        ));
    }
    Ok(())
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Flag(flag) => f.write_str(flag),
            Origin::Env(var) => f.write_str(var),
            Origin::File(key) => write!(f, "{key} in the config file"),
            Origin::Default => f.write_str("the default"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Resolved<T> {
    pub value: T,
    pub origin: Origin,
}

/// The keys that follow the precedence rule, with their flag, variable and config-file key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    BaseUrl,
    StateDir,
    State,
    UserSecret,
    OrgSecret,
    ElementToken,
    ClientSecret,
    SignatureKey,
    ReceiverKey,
    MetricsListen,
    LogFormat,
}

impl Key {
    pub const ALL: [Key; 11] = [
        Key::BaseUrl,
        Key::StateDir,
        Key::State,
        Key::UserSecret,
        Key::OrgSecret,
        Key::ElementToken,
        Key::ClientSecret,
        Key::SignatureKey,
        Key::ReceiverKey,
        Key::MetricsListen,
        Key::LogFormat,
    ];

    /// The environment variable.
    pub fn env(self) -> &'static str {
        match self {
            Key::BaseUrl => "POLLCTL_BASE_URL",
            Key::StateDir => "POLLCTL_STATE_DIR",
            Key::State => "POLLCTL_STATE",
            Key::UserSecret => "POLLCTL_USER_SECRET",
            Key::OrgSecret => "POLLCTL_ORG_SECRET",
            Key::ElementToken => "POLLCTL_ELEMENT_TOKEN",
            Key::ClientSecret => "POLLCTL_CLIENT_SECRET",
            Key::SignatureKey => "POLLCTL_SIGNATURE_KEY",
            Key::ReceiverKey => "POLLCTL_SIGNATURE_KEY",
            Key::MetricsListen => "POLLCTL_METRICS_LISTEN",
            Key::LogFormat => "POLLCTL_LOG_FORMAT",
        }
    }

    /// The config-file key (`None`: not settable in the file).
    pub fn file_key(self) -> Option<&'static str> {
        match self {
            Key::BaseUrl => Some("base-url"),
            Key::StateDir => Some("state-dir"),
            Key::State => Some("state"),
            Key::UserSecret => Some("user-secret"),
            Key::OrgSecret => Some("org-secret"),
            Key::ElementToken => Some("element-token"),
            Key::ClientSecret => Some("client-secret"),
            Key::SignatureKey => Some("signature-key"),
            Key::ReceiverKey => None,
            Key::MetricsListen => Some("metrics-listen"),
            Key::LogFormat => Some("log-format"),
        }
    }

    fn file_string(self, file: &ConfigFile) -> Option<String> {
        match self {
            Key::BaseUrl => file.base_url.clone(),
            Key::StateDir => file
                .state_dir
                .as_ref()
                .map(|p| p.to_string_lossy().into_owned()),
            Key::MetricsListen => file.metrics_listen.clone(),
            Key::LogFormat => file.log_format.clone(),
            _ => None,
        }
    }

    fn file_secret(self, file: &ConfigFile) -> Option<SecretString> {
        match self {
            Key::UserSecret => file.user_secret.clone(),
            Key::OrgSecret => file.org_secret.clone(),
            Key::ElementToken => file.element_token.clone(),
            Key::ClientSecret => file.client_secret.clone(),
            Key::SignatureKey => file.signature_key.clone(),
            Key::State => file.state.clone(),
            _ => None,
        }
    }
}

/// The precedence rule, the only copy: flag > environment > config file; `None` means "use
/// the default".
pub fn pick<T>(
    key: Key,
    flag: Option<(T, String)>,
    env: Option<T>,
    file: Option<T>,
) -> Option<Resolved<T>> {
    if let Some((value, flag)) = flag {
        return Some(Resolved {
            value,
            origin: Origin::Flag(flag),
        });
    }
    if let Some(value) = env {
        return Some(Resolved {
            value,
            origin: Origin::Env(key.env()),
        });
    }
    let file_key = key.file_key()?;
    file.map(|value| Resolved {
        value,
        origin: Origin::File(file_key),
    })
}

/// Which element token a command wants.
#[derive(Debug, Clone, Copy)]
pub enum ElementToken<'a> {
    /// None: the command authenticates as user + organization only.
    Skip,
    /// From `--element-token-file` when given, else the environment or the config file.
    Load(Option<&'a Path>),
}

/// The resolved settings of one run: global flags, the environment snapshot and the config
/// file (read on first use).
#[derive(Debug)]
pub struct Settings {
    base_url_flag: Option<String>,
    config_flag: Option<PathBuf>,
    state_dir_flag: Option<PathBuf>,
    state_flag: Option<String>,
    log_format_flag: Option<LogFormat>,
    pub no_input: bool,
    env: Env,
    file: OnceCell<ConfigFile>,
}

impl Settings {
    pub fn new(global: &GlobalArgs, env: Env) -> Settings {
        Settings {
            base_url_flag: global.base_url.clone(),
            config_flag: global.config.clone(),
            state_dir_flag: global.state_dir.clone(),
            state_flag: global.state.clone(),
            log_format_flag: global.log_format,
            no_input: global.no_input,
            env,
            file: OnceCell::new(),
        }
    }

    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The proxy variables, as the HTTP client reads them: `ALL_PROXY`, `HTTP_PROXY`,
    /// `HTTPS_PROXY` and `NO_PROXY`, the upper-case name first, then the lower-case one; the
    /// first one set counts, even empty (`NO_PROXY=` hides `no_proxy`).
    pub fn proxy_env(&self) -> crate::poll::setup::ProxyEnv {
        let get = |k: &str| {
            [k.to_string(), k.to_ascii_lowercase()]
                .iter()
                .find_map(|k| self.env.get(k))
                .map(str::to_string)
        };
        crate::poll::setup::ProxyEnv {
            all: get("ALL_PROXY"),
            http: get("HTTP_PROXY"),
            https: get("HTTPS_PROXY"),
            no: get("NO_PROXY"),
        }
    }

    /// `CI` is set (prompts are off, messages say so).
    pub fn is_ci(&self) -> bool {
        self.env.is_ci()
    }

    /// The directory of the config file: `POLLCTL_CONFIG_DIR`, else `$XDG_CONFIG_HOME/pollctl`.
    pub fn config_dir(&self) -> Result<PathBuf, StoreError> {
        match self.env.path("POLLCTL_CONFIG_DIR") {
            Some(p) => Ok(p),
            None => Ok(xdg_dir(&self.env, "XDG_CONFIG_HOME", ".config")?.join("pollctl")),
        }
    }

    /// The config file: `--config` > `POLLCTL_CONFIG` (both must exist) > the default file in
    /// [`Settings::config_dir`] (a missing default file is an empty config).
    pub fn config_file(&self) -> Result<&ConfigFile, crate::Error> {
        if let Some(f) = self.file.get() {
            return Ok(f);
        }
        let explicit = self
            .config_flag
            .clone()
            .or_else(|| self.env.path("POLLCTL_CONFIG"));
        let loaded = match explicit {
            Some(p) => ConfigFile::load(&p, true)?,
            None => ConfigFile::load(&self.config_dir()?.join("config.toml"), false)?,
        };
        Ok(self.file.get_or_init(|| loaded))
    }

    /// The platform's base URL and where it came from.
    pub fn base_url(&self) -> Result<Resolved<String>, crate::Error> {
        let flag = self
            .base_url_flag
            .clone()
            .map(|v| (v, "--base-url".to_string()));
        let env = self.env.get(Key::BaseUrl.env()).map(str::to_string);
        // The file is read only when neither flag nor variable decides.
        let file = if flag.is_none() && env.is_none() {
            Key::BaseUrl.file_string(self.config_file()?)
        } else {
            None
        };
        let resolved = pick(Key::BaseUrl, flag, env, file).unwrap_or(Resolved {
            value: config::DEFAULT_BASE_URL.to_string(),
            origin: Origin::Default,
        });
        check_base_url(&resolved)?;
        Ok(resolved)
    }

    /// The base URL was chosen by flag or environment (then it wins over a registry entry's).
    pub fn base_url_explicit(&self) -> bool {
        self.base_url_flag.is_some() || self.env.get(Key::BaseUrl.env()).is_some()
    }

    /// The directory of poll state and the instance registry (both follow this one setting):
    /// `--state-dir` > `POLLCTL_STATE_DIR` > `state-dir` in the config file >
    /// `$XDG_STATE_HOME/pollctl`.
    pub fn state_dir(&self) -> Result<Resolved<PathBuf>, crate::Error> {
        let flag = self
            .state_dir_flag
            .clone()
            .map(|v| (v, "--state-dir".to_string()));
        let env = self.env.path(Key::StateDir.env());
        let file = if flag.is_none() && env.is_none() {
            match self.config_file()?.state_dir.clone() {
                Some(p) => Some(expand_home(&p, &self.env)?),
                None => None,
            }
        } else {
            None
        };
        match pick(Key::StateDir, flag, env, file) {
            Some(r) => Ok(r),
            None => Ok(Resolved {
                value: xdg_dir(&self.env, "XDG_STATE_HOME", ".local/state")?.join("pollctl"),
                origin: Origin::Default,
            }),
        }
    }

    /// Where poll state lives: `--state` > `POLLCTL_STATE` > `state` in the config file;
    /// `None`: the file backend in [`Settings::state_dir`]. The value may hold a password.
    pub fn state(&self) -> Result<Option<Resolved<StateLocation>>, crate::Error> {
        use secrecy::ExposeSecret;
        let flag = self
            .state_flag
            .clone()
            .filter(|v| !v.is_empty())
            .map(|v| (v, "--state".to_string()));
        let env = self.env.get(Key::State.env()).map(str::to_string);
        let file = if flag.is_none() && env.is_none() {
            self.config_file()?
                .state
                .as_ref()
                .map(|s| s.expose_secret().to_string())
        } else {
            None
        };
        match pick(Key::State, flag, env, file) {
            None => Ok(None),
            Some(r) => {
                let value = StateLocation::parse(&r.value).map_err(crate::Error::Invalid)?;
                let value = match value {
                    StateLocation::Dir(d) => StateLocation::Dir(expand_home(&d, &self.env)?),
                    pg => pg,
                };
                Ok(Some(Resolved {
                    value,
                    origin: r.origin,
                }))
            }
        }
    }

    /// The directory of the file backend's poll state: a directory given as `--state` (or
    /// its variable or key), else [`Settings::state_dir`].
    pub fn poll_state_dir(&self) -> Result<PathBuf, crate::Error> {
        match self.state()? {
            Some(Resolved {
                value: StateLocation::Dir(d),
                ..
            }) => Ok(d),
            _ => Ok(self.state_dir()?.value),
        }
    }

    /// The PostgreSQL state URL, parsed, when poll state lives in PostgreSQL; `None` for the
    /// file backend ([`Settings::poll_state_dir`]).
    pub fn state_url(&self) -> Result<Option<crate::poll::pg::StateUrl>, crate::Error> {
        match self.state()?.map(|r| r.value) {
            Some(StateLocation::Postgres(u)) => Ok(Some(
                crate::poll::pg::StateUrl::parse(&u).map_err(crate::Error::Invalid)?,
            )),
            _ => Ok(None),
        }
    }

    /// `poll --metrics-listen ADDR` > `POLLCTL_METRICS_LISTEN` > `metrics-listen` in the
    /// config file; `None`: no endpoint. A value that is not an address is a usage error
    /// naming where it came from.
    pub fn metrics_listen(
        &self,
        flag: Option<&str>,
    ) -> Result<Option<Resolved<std::net::SocketAddr>>, crate::Error> {
        let flag = flag
            .filter(|v| !v.is_empty())
            .map(|v| (v.to_string(), "--metrics-listen".to_string()));
        let env = self.env.get(Key::MetricsListen.env()).map(str::to_string);
        let file = if flag.is_none() && env.is_none() {
            Key::MetricsListen.file_string(self.config_file()?)
        } else {
            None
        };
        match pick(Key::MetricsListen, flag, env, file) {
            None => Ok(None),
            Some(r) => match crate::poll::ops::parse_listen(&r.value) {
                Ok(value) => Ok(Some(Resolved {
                    value,
                    origin: r.origin,
                })),
                Err(e) => Err(crate::Error::Usage(format!("{}: {e}", r.origin))),
            },
        }
    }

    /// The log format: `--log-format` > `POLLCTL_LOG_FORMAT` > `log-format` in the config
    /// file > text. Logging starts before any command, so a config file that cannot be read
    /// counts as not setting it here (the command that needs the file reports it).
    pub fn log_format(&self) -> Result<Resolved<LogFormat>, crate::Error> {
        let flag = self
            .log_format_flag
            .map(|f| (f.as_str().to_string(), "--log-format".to_string()));
        let env = self.env.get(Key::LogFormat.env()).map(str::to_string);
        let file = if flag.is_none() && env.is_none() {
            self.config_file()
                .ok()
                .and_then(|f| Key::LogFormat.file_string(f))
        } else {
            None
        };
        match pick(Key::LogFormat, flag, env, file) {
            None => Ok(Resolved {
                value: LogFormat::Text,
                origin: Origin::Default,
            }),
            Some(r) => {
                let value = match r.value.trim().to_ascii_lowercase().as_str() {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    _ => {
                        return Err(crate::Error::Usage(format!(
                            "{}: unknown log format {:?}; use text or json",
                            r.origin, r.value
                        )));
                    }
                };
                Ok(Resolved {
                    value,
                    origin: r.origin,
                })
            }
        }
    }

    /// The local registry of provisioned instances, in [`Settings::state_dir`].
    pub fn registry(&self) -> Result<Registry, crate::Error> {
        Ok(Registry::new(&self.state_dir()?.value))
    }

    /// A secret: `--x-file PATH` (`-` = stdin) > environment variable > config file.
    pub fn secret(
        &self,
        key: Key,
        file_flag: Option<(&Path, &str)>,
    ) -> Result<Option<Resolved<SecretString>>, crate::Error> {
        let flag = match file_flag {
            Some((path, flag)) => {
                let origin = if path == Path::new("-") {
                    format!("{flag} - (stdin)")
                } else {
                    format!("{flag} {}", path.display())
                };
                Some((read_secret_file(path)?, origin))
            }
            None => None,
        };
        let env = self
            .env
            .get(key.env())
            .map(|v| SecretString::from(v.to_string()));
        let file = if flag.is_none() && env.is_none() && key.file_key().is_some() {
            key.file_secret(self.config_file()?)
        } else {
            None
        };
        Ok(pick(key, flag, env, file))
    }

    /// The platform secrets (`--user-secret-file`, `--org-secret-file`, and the element token
    /// when asked for).
    pub fn credentials(
        &self,
        user: Option<&Path>,
        org: Option<&Path>,
        element: ElementToken<'_>,
    ) -> Result<Credentials, crate::Error> {
        let value = |r: Option<Resolved<SecretString>>| r.map(|r| r.value);
        Ok(Credentials {
            user_secret: value(
                self.secret(Key::UserSecret, user.map(|p| (p, "--user-secret-file")))?,
            ),
            org_secret: value(self.secret(Key::OrgSecret, org.map(|p| (p, "--org-secret-file")))?),
            element_token: match element {
                ElementToken::Skip => None,
                ElementToken::Load(p) => {
                    value(self.secret(Key::ElementToken, p.map(|p| (p, "--element-token-file")))?)
                }
            },
        })
    }

    /// The retry policy with `POLLCTL_RETRY_BASE_MS` / `POLLCTL_RETRY_CAP_MS` applied
    /// (documented as for testing: they make backoff tiny so fault tests stay fast).
    pub fn retry_policy(&self, max_retries: u32) -> crate::poll::retry::RetryPolicy {
        let ms = |var: &str| {
            self.env
                .get(var)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_millis)
        };
        let mut p = crate::poll::retry::RetryPolicy {
            max_retries,
            ..Default::default()
        };
        if let Some(b) = ms("POLLCTL_RETRY_BASE_MS") {
            p.base = b;
        }
        if let Some(c) = ms("POLLCTL_RETRY_CAP_MS") {
            p.cap = c;
            p.retry_after_cap = c;
        }
        p
    }
}

/// `~` and `~/…` in a path from the config file (no shell expands them there; taken
/// literally, `state-dir = "~/pollctl"` was a directory named `~` under whatever directory
/// pollctl ran in). `~user` is not expanded.
fn expand_home(path: &Path, env: &Env) -> Result<PathBuf, StoreError> {
    let mut parts = path.components();
    if parts.next() != Some(std::path::Component::Normal("~".as_ref())) {
        return Ok(path.to_path_buf());
    }
    let home = match env.path("HOME").filter(|p| p.is_absolute()) {
        Some(h) => h,
        None => directories::BaseDirs::new()
            .map(|b| b.home_dir().to_path_buf())
            .ok_or(StoreError::NoHome { var: "HOME" })?,
    };
    Ok(home.join(parts.as_path()))
}

/// An XDG base directory: the variable when it is set to an absolute path (the XDG spec says
/// relative values are invalid and must be ignored), else `$HOME/<fallback>`.
fn xdg_dir(env: &Env, var: &'static str, fallback: &str) -> Result<PathBuf, StoreError> {
    if let Some(p) = env.path(var).filter(|p| p.is_absolute()) {
        return Ok(p);
    }
    if let Some(home) = env.path("HOME").filter(|p| p.is_absolute()) {
        return Ok(home.join(fallback));
    }
    directories::BaseDirs::new()
        .map(|b| b.home_dir().join(fallback))
        .ok_or(StoreError::NoHome { var })
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    /// One row per key × source: the flag wins over the variable, the variable over the file,
    /// the file over the default.
    #[test]
    fn precedence_table_over_every_key() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("config.toml");
        std::fs::write(
            &cfg,
            "base-url = \"http://file\"\nstate-dir = \"/file/state\"\nuser-secret = \"file-user\"\n\
             state = \"postgres://file/db\"\n\
             org-secret = \"file-org\"\nelement-token = \"file-token\"\n\
             client-secret = \"file-client\"\nsignature-key = \"file-sig\"\n\
             metrics-listen = \"127.0.0.3:3\"\nlog-format = \"json\"\n",
        )
        .unwrap();
        let flag_file = dir.path().join("flag-secret");
        std::fs::write(&flag_file, "flag-value\n").unwrap();
        let empty_cfg = dir.path().join("empty.toml");
        std::fs::write(&empty_cfg, "").unwrap();

        #[derive(Debug, Clone, Copy, PartialEq)]
        enum Src {
            Flag,
            Env,
            File,
            Default,
        }
        for key in Key::ALL {
            for src in [Src::Flag, Src::Env, Src::File, Src::Default] {
                if src == Src::File && key.file_key().is_none() {
                    continue;
                }
                // Sources at and below `src` are all set; the winner must be `src`.
                let set_flag = src == Src::Flag;
                let set_env = matches!(src, Src::Flag | Src::Env);
                let use_file = matches!(src, Src::Flag | Src::Env | Src::File);
                let mut global = GlobalArgs {
                    quiet: false,
                    verbose: 0,
                    no_color: false,
                    no_input: true,
                    base_url: None,
                    config: Some(if use_file {
                        cfg.clone()
                    } else {
                        empty_cfg.clone()
                    }),
                    state_dir: None,
                    state: None,
                    log_format: None,
                };
                let env_value = match key {
                    Key::StateDir => "/env/state".to_string(),
                    Key::State => "postgres://env/db".to_string(),
                    Key::BaseUrl => "http://env".to_string(),
                    Key::MetricsListen => "127.0.0.2:2".to_string(),
                    Key::LogFormat => "text".to_string(),
                    _ => "env-value".to_string(),
                };
                let mut vars = vec![("HOME", "/home/u")];
                if set_env {
                    vars.push((key.env(), env_value.as_str()));
                }
                if set_flag {
                    match key {
                        Key::BaseUrl => global.base_url = Some("http://flag".into()),
                        Key::StateDir => global.state_dir = Some("/flag/state".into()),
                        Key::State => global.state = Some("postgres://flag/db".into()),
                        Key::LogFormat => global.log_format = Some(LogFormat::Json),
                        _ => {}
                    }
                }
                let s = Settings::new(&global, Env::from_pairs(vars));
                let (value, origin) = match key {
                    Key::BaseUrl => {
                        let r = s.base_url().unwrap();
                        (r.value, r.origin)
                    }
                    Key::StateDir => {
                        let r = s.state_dir().unwrap();
                        (r.value.display().to_string(), r.origin)
                    }
                    Key::State => match s.state().unwrap() {
                        Some(Resolved {
                            value: StateLocation::Postgres(u),
                            origin,
                        }) => (u, origin),
                        Some(other) => panic!("{other:?}"),
                        None => (String::new(), Origin::Default),
                    },
                    Key::MetricsListen => {
                        let flag = set_flag.then_some("127.0.0.1:1");
                        match s.metrics_listen(flag).unwrap() {
                            Some(r) => (r.value.to_string(), r.origin),
                            None => (String::new(), Origin::Default),
                        }
                    }
                    Key::LogFormat => {
                        let r = s.log_format().unwrap();
                        (r.value.as_str().to_string(), r.origin)
                    }
                    _ => {
                        let flag = set_flag.then_some((flag_file.as_path(), "--x-file"));
                        match s.secret(key, flag).unwrap() {
                            Some(r) => (r.value.expose_secret().to_string(), r.origin),
                            None => (String::new(), Origin::Default),
                        }
                    }
                };
                let file_value = |k: Key| match k {
                    Key::BaseUrl => "http://file".to_string(),
                    Key::StateDir => "/file/state".to_string(),
                    Key::State => "postgres://file/db".to_string(),
                    Key::UserSecret => "file-user".into(),
                    Key::OrgSecret => "file-org".into(),
                    Key::ElementToken => "file-token".into(),
                    Key::ClientSecret => "file-client".into(),
                    Key::SignatureKey => "file-sig".into(),
                    Key::MetricsListen => "127.0.0.3:3".into(),
                    Key::LogFormat => "json".into(),
                    Key::ReceiverKey => unreachable!(),
                };
                let (want_value, want_origin) = match src {
                    Src::Flag => match key {
                        Key::BaseUrl => {
                            ("http://flag".to_string(), Origin::Flag("--base-url".into()))
                        }
                        Key::StateDir => ("/flag/state".into(), Origin::Flag("--state-dir".into())),
                        Key::State => ("postgres://flag/db".into(), Origin::Flag("--state".into())),
                        Key::MetricsListen => (
                            "127.0.0.1:1".into(),
                            Origin::Flag("--metrics-listen".into()),
                        ),
                        Key::LogFormat => ("json".into(), Origin::Flag("--log-format".into())),
                        _ => (
                            "flag-value".into(),
                            Origin::Flag(format!("--x-file {}", flag_file.display())),
                        ),
                    },
                    Src::Env => (env_value.clone(), Origin::Env(key.env())),
                    Src::File => (file_value(key), Origin::File(key.file_key().unwrap())),
                    Src::Default => match key {
                        Key::BaseUrl => (config::DEFAULT_BASE_URL.to_string(), Origin::Default),
                        Key::StateDir => ("/home/u/.local/state/pollctl".into(), Origin::Default),
                        Key::LogFormat => ("text".into(), Origin::Default),
                        _ => (String::new(), Origin::Default),
                    },
                };
                assert_eq!(
                    (value, origin),
                    (want_value, want_origin),
                    "key {key:?}, winning source {src:?}"
                );
            }
        }
    }

    #[test]
    fn a_base_url_with_a_query_or_fragment_or_another_scheme_is_refused_naming_its_source() {
        let global = GlobalArgs {
            quiet: false,
            verbose: 0,
            no_color: false,
            no_input: true,
            base_url: None,
            config: Some("/nonexistent/pollctl-config.toml".into()),
            state_dir: None,
            state: None,
            log_format: None,
        };
        for (value, why) in [
            ("https://h.example/api?x=1", "query or fragment"),
            ("https://h.example/api#top", "query or fragment"),
            ("ftp://h.example/api", "http or https"),
            ("https://user:hunter2pw@h.example/a?b", "query or fragment"),
        ] {
            let s = Settings::new(&global, Env::from_pairs([("POLLCTL_BASE_URL", value)]));
            let err = s.base_url().unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, crate::Error::Invalid(_)), "{value}: {err:?}");
            assert!(
                text.contains(why) && text.contains("POLLCTL_BASE_URL"),
                "{value}: {text}"
            );
            assert!(!text.contains("hunter2pw"), "{text}");
        }
        let s = Settings::new(
            &global,
            Env::from_pairs([("POLLCTL_BASE_URL", "https://h.example/api/")]),
        );
        assert_eq!(s.base_url().unwrap().value, "https://h.example/api/");
    }

    #[test]
    fn empty_variables_count_as_unset_and_ci_false_is_not_ci() {
        let env = Env::from_pairs([("POLLCTL_BASE_URL", ""), ("CI", "false")]);
        assert_eq!(env.get("POLLCTL_BASE_URL"), None);
        assert!(!env.is_ci());
        assert!(Env::from_pairs([("CI", "true")]).is_ci());
    }

    #[test]
    fn tilde_in_the_config_state_dir_is_the_home_directory() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("config.toml");
        let global = |cfg: &Path| GlobalArgs {
            quiet: false,
            verbose: 0,
            no_color: false,
            no_input: true,
            base_url: None,
            config: Some(cfg.to_path_buf()),
            state_dir: None,
            state: None,
            log_format: None,
        };
        for (written, want) in [
            ("~/pollctl-state", "/home/u/pollctl-state"),
            ("~", "/home/u"),
            ("/abs/~/x", "/abs/~/x"),
            ("~other/x", "~other/x"),
        ] {
            std::fs::write(&cfg, format!("state-dir = {written:?}\n")).unwrap();
            let s = Settings::new(&global(&cfg), Env::from_pairs([("HOME", "/home/u")]));
            assert_eq!(
                s.state_dir().unwrap().value,
                PathBuf::from(want),
                "{written}"
            );
        }
    }

    #[test]
    fn relative_xdg_values_are_ignored() {
        let env = Env::from_pairs([("XDG_STATE_HOME", "rel/state"), ("HOME", "/h")]);
        assert_eq!(
            xdg_dir(&env, "XDG_STATE_HOME", ".local/state").unwrap(),
            PathBuf::from("/h/.local/state")
        );
    }
}
