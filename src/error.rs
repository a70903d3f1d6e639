//! The error kinds of pollctl and the one map from errors to exit codes.
//!
//! Every domain has its own `thiserror` enum; [`Error`] gathers them and [`Error::exit_code`]
//! is the only place that decides which documented exit code a failure gets.

use crate::{catalog, config, datefmt, instance, oauth, platform, poll, sandbox, store};

/// The documented exit codes (README, `pollctl --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    Success = 0,
    /// Runtime failure: network, server, I/O.
    Failure = 1,
    /// Usage error (clap's own code).
    Usage = 2,
    /// Invalid input: instance JSON, poller config, date pattern, unparseable value.
    Invalid = 3,
    /// Authentication failed or expired.
    Auth = 4,
    /// Delivery failed after retries.
    Delivery = 5,
    /// The run finished, but records were set aside (dead-lettered): `pollctl set-aside list`.
    /// Any worse failure's code wins.
    SetAside = 6,
    /// Interrupted by SIGINT/SIGTERM.
    Interrupted = 130,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// Any failure a command can report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Date(#[from] datefmt::DateError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error(transparent)]
    Instance(#[from] instance::InstanceError),
    #[error(transparent)]
    Build(#[from] instance::builder::BuildError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Poll(#[from] poll::PollError),
    #[error(transparent)]
    Platform(#[from] platform::client::PlatformError),
    #[error(transparent)]
    OAuth(#[from] oauth::OAuthError),
    #[error(transparent)]
    Sandbox(#[from] sandbox::SandboxError),
    /// A flag or argument that clap accepted but whose value is wrong (`--set` without `=`…).
    #[error("{0}")]
    Usage(String),
    /// Input that is well-formed for clap but not valid for pollctl.
    #[error("{0}")]
    Invalid(String),
    /// Writing to stdout/stderr or another I/O failure with its context.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A failure of pollctl itself, not of the input (serializing its own output…).
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("interrupted")]
    Interrupted,
    /// A `poll --once` that completed but set records aside (exit 6).
    #[error("{0}")]
    SetAside(String),
}

impl Error {
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub fn internal(
        context: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Internal {
            context: context.into(),
            source: Box::new(source),
        }
    }

    /// The documented exit code for this failure. The only such map in pollctl.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Date(_) => ExitCode::Invalid,
            Error::Catalog(_) => ExitCode::Invalid,
            Error::Instance(e) => match e {
                instance::InstanceError::Read { .. } => ExitCode::Failure,
                _ => ExitCode::Invalid,
            },
            Error::Build(e) => match e {
                // Misused flags: a secret as a value, one key given two ways.
                instance::builder::BuildError::SecretAsValue { .. }
                | instance::builder::BuildError::Conflict { .. }
                | instance::builder::BuildError::EventsDisabled { .. } => ExitCode::Usage,
                _ => ExitCode::Invalid,
            },
            Error::Store(_) => ExitCode::Failure,
            Error::Config(config::ConfigError::Read { .. }) => ExitCode::Failure,
            Error::Config(_) => ExitCode::Invalid,
            Error::Poll(e) => e.exit_code(),
            Error::Platform(e) if e.is_auth() => ExitCode::Auth,
            Error::Platform(platform::client::PlatformError::BaseUrl { .. }) => ExitCode::Invalid,
            Error::Platform(_) => ExitCode::Failure,
            Error::OAuth(e) if e.is_auth() => ExitCode::Auth,
            Error::OAuth(oauth::OAuthError::Invalid { .. }) => ExitCode::Invalid,
            Error::OAuth(_) => ExitCode::Failure,
            Error::Sandbox(e) => match e {
                sandbox::SandboxError::NotLoopback { .. } | sandbox::SandboxError::Address(_) => {
                    ExitCode::Usage
                }
                sandbox::SandboxError::FaultSpec(_) => ExitCode::Invalid,
                sandbox::SandboxError::Bind { .. } | sandbox::SandboxError::Demo(_) => {
                    ExitCode::Failure
                }
            },
            Error::Usage(_) => ExitCode::Usage,
            Error::Invalid(_) => ExitCode::Invalid,
            Error::Io { .. } | Error::Internal { .. } => ExitCode::Failure,
            Error::Interrupted => ExitCode::Interrupted,
            Error::SetAside(_) => ExitCode::SetAside,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl poll::PollError {
    /// The exit code of a poll failure (kept here, with the rest of the map). A `--once` run
    /// with several failures exits with the highest of their codes.
    pub fn exit_code(&self) -> ExitCode {
        use poll::PollError as P;
        match self {
            P::Config(_) | P::Unparseable { .. } | P::Date { .. } => ExitCode::Invalid,
            P::Auth { .. } => ExitCode::Auth,
            P::Delivery { .. } => ExitCode::Delivery,
            P::Instance(e) => match e {
                instance::InstanceError::Read { .. } => ExitCode::Failure,
                _ => ExitCode::Invalid,
            },
            P::MissingCredentials { .. } => ExitCode::Auth,
            P::Fetch { .. }
            | P::Locked { .. }
            | P::LeaseLost { .. }
            | P::State { .. }
            | P::Output(_)
            | P::Registry(_)
            | P::HttpClient { .. }
            | P::Listen { .. } => ExitCode::Failure,
            P::Interrupted => ExitCode::Interrupted,
            P::Failures { worst, .. } => worst.exit_code(),
        }
    }
}
