//! The whole command surface of pollctl, as clap derive types and nothing else.
//!
//! Commands in `src/commands/` read these structs; the library never sees them.

// Parsed once per process; boxing variants would only add noise to every match.
#![allow(clippy::large_enum_variant)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::completion::{connector_keys, vendor_types};

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    runtime failure (network, server, I/O)
  2    usage error
  3    invalid input (instance JSON, poller config, date pattern, unparseable value)
  4    authentication failed or expired (401/403, invalid_grant), or platform secrets missing
  5    delivery failed after retries (forwarding)
  6    finished, but records were set aside (`pollctl set-aside list`)
  130  interrupted";

/// Configure and run the pollers of the SAP Open Connectors / Cloud Elements events framework.
#[derive(Debug, Parser)]
#[command(name = "pollctl", version, about, after_long_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print only data and errors (no progress, no summaries).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More log output on stderr (-v info, -vv debug, -vvv trace). POLLCTL_LOG / RUST_LOG also work.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Never use colour (NO_COLOR is honoured too).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Never prompt; fail and name the flag to pass instead (also implied by CI or a non-terminal stdin).
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Platform API base URL [env: POLLCTL_BASE_URL] [default: SAP Open Connectors US].
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,

    /// Configuration file [env: POLLCTL_CONFIG] [default: $XDG_CONFIG_HOME/pollctl/config.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Directory for poll state and the instance registry [env: POLLCTL_STATE_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Where poll state lives: a directory, file://DIR, or postgres://USER@HOST/DB (shared by
    /// many machines; see docs/state.md) [env: POLLCTL_STATE].
    #[arg(long, global = true, value_name = "URL")]
    pub state: Option<String>,

    /// Log lines on stderr: text, or json (one object per line, for log shippers)
    /// [env: POLLCTL_LOG_FORMAT] [default: text].
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "FORMAT",
        hide_possible_values = true
    )]
    pub log_format: Option<LogFormat>,
}

/// How log lines, notes, warnings and errors are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object per line: `timestamp`, `level`, `fields.message`, `target`.
    Json,
}

impl LogFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "text",
            LogFormat::Json => "json",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The built-in connector catalog.
    #[command(subcommand)]
    Connectors(ConnectorsCommand),
    /// Build, validate and describe instance JSON; the local registry of provisioned instances.
    #[command(subcommand)]
    Instance(InstanceCommand),
    /// The OAuth 2.0 authorization-code flow, through the platform or directly with the provider.
    #[command(subcommand)]
    Oauth(OauthCommand),
    /// Run the poller: fetch changed records and emit or forward normalized events.
    Poll(PollArgs),
    /// Evaluate a Java SimpleDateFormat pattern the way the poller does.
    #[command(subcommand)]
    Date(DateCommand),
    /// Serve a local stand-in for the platform and the four connectors (loopback only).
    Sandbox(SandboxArgs),
    /// The whole mission end to end on the sandbox, on loopback, in one command.
    Demo(DemoArgs),
    /// Records the poller could not classify (unparseable dates): list them, re-offer them.
    #[command(subcommand, name = "set-aside")]
    SetAside(SetAsideCommand),
    /// Poll state: migrate the PostgreSQL schema; export and import (JSON Lines) between backends.
    #[command(subcommand)]
    State(StateCommand),
    /// Print shell completions.
    Completions(CompletionsArgs),
}

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// Create or upgrade the PostgreSQL state schema (--state / POLLCTL_STATE) to the version
    /// this pollctl writes; refuses a schema from a newer pollctl.
    Migrate,
    /// Write every watermark, ledger and set-aside record as JSON Lines (files or PostgreSQL,
    /// per --state), for `state import` into another backend.
    Export {
        /// Write here (0600) instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Read a `state export` (FILE, or - for stdin) into the state chosen by --state.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Overwrite state that already exists for a resource (refused otherwise).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON for scripts.
    Json,
}

// ---------------------------------------------------------------------------------------------
// set-aside

#[derive(Debug, Subcommand)]
pub enum SetAsideCommand {
    /// List the set-aside records (all instances, or one instance id), with the reason; those
    /// queued by `replay` and not yet classified again are marked as queued.
    List {
        /// Instance id (the instance JSON's `id`, else its `name`).
        #[arg(value_name = "INSTANCE_ID")]
        instance: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Queue the set-aside records of an instance for its next poll cycle, which classifies
    /// them again (fix the date pattern first); records that still fail are set aside again.
    Replay {
        /// Instance id (the instance JSON's `id`, else its `name`).
        #[arg(value_name = "INSTANCE_ID")]
        instance: String,
        /// Only this resource.
        #[arg(long = "resource", value_name = "NAME")]
        resource: Option<String>,
    },
}

// ---------------------------------------------------------------------------------------------
// connectors

#[derive(Debug, Subcommand)]
pub enum ConnectorsCommand {
    /// List the known connectors.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Show one connector: configuration keys, events, default poller configuration, OAuth endpoints.
    Show {
        /// Connector key, e.g. egnyte.
        #[arg(value_parser = connector_keys(), hide_possible_values = true)]
        key: String,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

// ---------------------------------------------------------------------------------------------
// instance

#[derive(Debug, Subcommand)]
pub enum InstanceCommand {
    /// Build an instance JSON from flags (prompting on a terminal for what is missing).
    Create(CreateArgs),
    /// Check an instance JSON and report every problem with its JSON Pointer and line:column.
    Validate(ValidateArgs),
    /// Print the JSON Schema (draft 2020-12) of the instance body.
    Schema(SchemaArgs),
    /// Print the instance with its legacy `event.poller.urls` converted to the JSON
    /// `event.poller.configuration` (the file is not changed).
    Migrate(MigrateArgs),
    /// List the provisioned instances in the local registry.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Show one provisioned instance (the token is redacted unless --reveal).
    Show {
        /// Registry name.
        name: String,
        /// Print the instance token too.
        #[arg(long)]
        reveal: bool,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Remove a provisioned instance from the local registry (and the platform with --remote).
    Delete {
        /// Registry name.
        name: String,
        /// Also `DELETE /instances/{id}` on the platform.
        #[arg(long)]
        remote: bool,
    },
}

const CREATE_EXAMPLES: &str = "\
Examples:
  # On a terminal: asks for whatever is missing (secrets without echo)
  pollctl instance create --connector egnyte -o egnyte.json

  # In CI: no prompts; every missing value is listed with its flag (exit 3)
  POLLCTL_CLIENT_SECRET=... pollctl instance create --connector sharefile --name sf \\
    --api-key ID --oauth-callback-url https://app.example.com/oauth \\
    --callback-url https://app.example.com/events \\
    --set sharefile.subdomain=acme --set document.root.folder.name=/top -o sharefile.json

Secrets are never flag values: --api-secret-file FILE (- = stdin), POLLCTL_CLIENT_SECRET,
client-secret in the config file, or the prompt. The output holds the client secret: it goes
to stdout or to the -o file, written 0600.";

#[derive(Debug, Args)]
#[command(after_long_help = CREATE_EXAMPLES)]
pub struct CreateArgs {
    /// Connector key (see `pollctl connectors list`): docushareflex, egnyte, sharefile,
    /// googlesuite. Asked on a terminal when absent.
    #[arg(long, value_name = "KEY", value_parser = connector_keys(), hide_possible_values = true)]
    pub connector: Option<String>,

    /// Instance name.
    #[arg(long)]
    pub name: Option<String>,

    /// Tag (repeatable).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Configuration value, e.g. `--set subdomain=acme` (repeatable; booleans and numbers typed
    /// where the platform expects them). Secrets are refused here: use the *-file flags.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// A secret configuration value read from FILE, e.g. `--set-file password=pw.txt`
    /// (repeatable; `-` reads stdin): for connectors outside the catalog, whose secret keys
    /// (`password`, `api-token`…) `--set` refuses.
    #[arg(long = "set-file", value_name = "KEY=FILE")]
    pub set_file: Vec<String>,

    /// OAuth client id (`oauth.api.key`).
    #[arg(long, value_name = "ID")]
    pub api_key: Option<String>,

    /// File holding the OAuth client secret (`oauth.api.secret`); `-` reads stdin
    /// [env: POLLCTL_CLIENT_SECRET] [config: client-secret].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub api_secret_file: Option<PathBuf>,

    /// OAuth redirect URI registered with the provider (`oauth.callback.url`).
    #[arg(long, value_name = "URL")]
    pub oauth_callback_url: Option<String>,

    /// Where events are sent (`event.notification.callback.url`).
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,

    /// Poll interval in minutes (`event.poller.refresh_interval`, at least 1).
    #[arg(long, value_name = "MINUTES")]
    pub refresh_interval: Option<String>,

    /// `polling` or `webhook` (`event.vendor.type`).
    #[arg(long, value_name = "TYPE", value_parser = vendor_types(), hide_possible_values = true)]
    pub vendor_type: Option<String>,

    /// Poller configuration JSON file (`event.poller.configuration`); `-` reads stdin;
    /// default: the connector's.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub poller_config: Option<PathBuf>,

    /// Disable events (`event.notification.enabled: false`) and omit the poller configuration.
    #[arg(long, conflicts_with_all = ["callback_url", "refresh_interval", "vendor_type", "poller_config", "signature_key_file"])]
    pub no_events: bool,

    /// For polling with `pollctl poll` only: write the poller configuration, callback URL and
    /// signature key but turn the platform's events off (`event.notification.enabled: false`),
    /// so the platform's hosted poller does not deliver the same changes a second time.
    #[arg(long, conflicts_with = "no_events")]
    pub local_polling: bool,

    /// OAuth authorization code (`providerData.code`).
    #[arg(long, value_name = "CODE", conflicts_with = "code_file")]
    pub code: Option<String>,

    /// File holding the OAuth authorization code; `-` reads stdin.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub code_file: Option<PathBuf>,

    /// File holding the notification signature key (`event.notification.signature.key`)
    /// [env: POLLCTL_SIGNATURE_KEY] [config: signature-key].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub signature_key_file: Option<PathBuf>,

    /// Write the JSON to FILE (0600, atomically) instead of stdout (`-` = stdout).
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// Overwrite FILE given with -o if it exists.
    #[arg(long)]
    pub force: bool,

    /// Also provision it: `POST /instances` on the platform (--base-url), then save the
    /// instance's id and token in the local registry so that `pollctl poll NAME` needs no
    /// more flags. Needs the authorization code (--code/--code-file) and the platform secrets.
    #[arg(long)]
    pub post: bool,

    /// With --post: file holding the platform user secret; `-` reads stdin
    /// [env: POLLCTL_USER_SECRET] [config: user-secret].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "post")]
    pub user_secret_file: Option<PathBuf>,

    /// With --post: file holding the platform organization secret; `-` reads stdin
    /// [env: POLLCTL_ORG_SECRET] [config: org-secret].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath, requires = "post")]
    pub org_secret_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Instance JSON file, or `-` for stdin.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,

    /// A documentation template: required values that are empty or placeholders
    /// (`<Client ID>`, `xxxxxxxx`) are warnings instead of errors.
    #[arg(long)]
    pub template: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Instance JSON file, or `-` for stdin.
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Schema for one connector (required keys, defaults); default: any connector. A key
    /// outside the catalog gets the generic schema.
    #[arg(long, value_name = "KEY", value_parser = connector_keys(), hide_possible_values = true)]
    pub connector: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// oauth

#[derive(Debug, Subcommand)]
pub enum OauthCommand {
    /// Print the provider's consent URL (through the platform, or built by pollctl with --direct).
    Url(OauthUrlArgs),
    /// Run the whole flow: consent in the browser, receive the redirect, then provision the
    /// instance on the platform (default), store provider tokens (--direct), or print the code.
    Login(OauthLoginArgs),
    /// Exchange an authorization code for tokens at the provider's token endpoint.
    Exchange(OauthExchangeArgs),
    /// Refresh stored provider tokens.
    Refresh(OauthRefreshArgs),
    /// Print a valid access token of stored provider tokens on stdout, refreshing it first when
    /// it expires within 5 minutes (for scripts: `curl -H "Authorization: Bearer $(pollctl oauth token me)"`).
    Token(OauthTokenArgs),
}

/// Where the OAuth app and the connector come from.
#[derive(Debug, Args)]
pub struct OauthAppArgs {
    /// Connector key; optional when --instance names it.
    #[arg(long, value_name = "KEY", value_parser = connector_keys(), hide_possible_values = true)]
    pub connector: Option<String>,

    /// Instance JSON (from `pollctl instance create`) supplying the client id, secret,
    /// callback URL and subdomain.
    #[arg(long, value_name = "FILE")]
    pub instance: Option<PathBuf>,

    /// OAuth client id (default: the instance's `oauth.api.key`).
    #[arg(long, value_name = "ID")]
    pub api_key: Option<String>,

    /// File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET].
    #[arg(long, value_name = "FILE")]
    pub api_secret_file: Option<PathBuf>,

    /// The tenant subdomain (Egnyte `subdomain`, ShareFile `sharefile.subdomain`, DocuShare
    /// Flex `docushare.domain`); default: from the instance.
    #[arg(long, value_name = "NAME")]
    pub subdomain: Option<String>,

    /// Go to the provider directly instead of through the platform.
    #[arg(long)]
    pub direct: bool,

    /// Override the provider's authorization endpoint (with --direct).
    #[arg(long, value_name = "URL")]
    pub auth_url: Option<String>,

    /// Override the provider's token endpoint (with --direct).
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,

    /// Scope to request (repeatable; default: the connector's).
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,
}

#[derive(Debug, Args)]
pub struct OauthUrlArgs {
    #[command(flatten)]
    pub app: OauthAppArgs,

    /// Redirect URI to put in the URL (default: the instance's `oauth.callback.url`).
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,

    /// The `state` value to send (default: 256 random bits, printed on stderr).
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,
}

#[derive(Debug, Args)]
pub struct OauthLoginArgs {
    #[command(flatten)]
    pub app: OauthAppArgs,

    /// Port of the loopback listener on 127.0.0.1 (0 = any free port).
    #[arg(
        long,
        value_name = "PORT",
        default_value_t = 0,
        conflicts_with = "redirect_uri"
    )]
    pub redirect_port: u16,

    /// Exact redirect URI registered with the provider. A loopback http URI is listened on;
    /// any other (https) URI switches to paste mode.
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,

    /// Do not open a browser: print the URL on stderr and read the redirected URL (or the
    /// code) from stdin.
    #[arg(long)]
    pub no_browser: bool,

    /// How long to wait for the redirect.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub timeout: String,

    /// Print the authorization code on stdout and stop.
    #[arg(long)]
    pub print_code: bool,

    /// Registry name for the provisioned instance / the stored tokens (default: the
    /// instance's name or the connector key).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Files holding the platform secrets [env: POLLCTL_USER_SECRET / POLLCTL_ORG_SECRET].
    #[arg(long, value_name = "FILE")]
    pub user_secret_file: Option<PathBuf>,
    #[arg(long, value_name = "FILE")]
    pub org_secret_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct OauthExchangeArgs {
    #[command(flatten)]
    pub app: OauthAppArgs,

    /// File holding the authorization code; `-` reads stdin.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub code_file: PathBuf,

    /// The redirect URI used in the authorization request (some providers require it).
    #[arg(long, value_name = "URI")]
    pub redirect_uri: Option<String>,

    /// File holding the PKCE code verifier, if one was used.
    #[arg(long, value_name = "FILE")]
    pub code_verifier_file: Option<PathBuf>,

    /// Name under which the tokens are stored (default: the connector key).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct OauthRefreshArgs {
    /// Name of the stored tokens.
    #[arg(value_name = "NAME")]
    pub name: String,

    /// File holding the OAuth client secret; `-` reads stdin [env: POLLCTL_CLIENT_SECRET].
    #[arg(long, value_name = "FILE")]
    pub api_secret_file: Option<PathBuf>,

    /// Refresh even when the access token is not about to expire.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct OauthTokenArgs {
    /// Name of the stored tokens (`oauth login --direct --name NAME`).
    #[arg(value_name = "NAME")]
    pub name: String,

    /// File holding the OAuth client secret, needed when a refresh is due; `-` reads stdin
    /// [env: POLLCTL_CLIENT_SECRET].
    #[arg(long, value_name = "FILE")]
    pub api_secret_file: Option<PathBuf>,
}

// ---------------------------------------------------------------------------------------------
// poll

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum EventFormat {
    /// One JSON object per line (JSON Lines).
    #[default]
    Jsonl,
    /// Readable lines for people.
    Pretty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SignatureSchemeArg {
    /// `Elements-Webhook-Signature: sha256=<base64 HMAC-SHA256 of the body>` (the platform's).
    #[default]
    Elements,
    /// Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`.
    StandardWebhooks,
}

#[derive(Debug, Args)]
pub struct PollArgs {
    /// Instance JSON file(s) to poll ("-" = stdin), or the NAME of an instance provisioned
    /// with "instance create --post".
    /// With none, the error lists the provisioned instances.
    // An empty value (`pollctl poll "$NAME"` with NAME unset, the classic CI slip) is a usage
    // error; it was "cannot read : No such file or directory", exit 1.
    #[arg(value_name = "INSTANCE", value_hint = clap::ValueHint::FilePath,
          value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub instances: Vec<String>,

    /// Also poll every provisioned instance of the registry (with PostgreSQL state, the
    /// registry in that database; else the state directory's).
    #[arg(long)]
    pub registry: bool,

    /// Run one cycle of every resource, then exit (0, or the code of the worst failure).
    #[arg(long)]
    pub once: bool,

    /// Poll only this resource (repeatable).
    #[arg(long = "resource", value_name = "NAME")]
    pub resources: Vec<String>,

    /// Value for a `{placeholder}` in resource URLs, e.g. `--param calendarId=primary` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Start the first window at TIME (RFC 3339, or a duration ago such as `2h`) instead of
    /// now minus the refresh interval; with saved state, moves the watermark to TIME.
    #[arg(long, value_name = "TIME", conflicts_with = "from_start")]
    pub since: Option<String>,

    /// No lower bound for the first window (fetch everything).
    #[arg(long)]
    pub from_start: bool,

    /// Forget saved state (watermark and ledger) before polling.
    #[arg(long)]
    pub reset: bool,

    /// Print what would be fetched and emitted; never write state or forward.
    #[arg(long)]
    pub dry_run: bool,

    /// Time between cycles, overriding `event.poller.refresh_interval` (e.g. `30s`, `5m`).
    #[arg(long, value_name = "DURATION")]
    pub interval: Option<String>,

    /// How many resources are polled at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,

    /// With PostgreSQL state: how long a resource's lease lasts without renewal (renewed every
    /// third of it while held); a dead worker's resources move to another after this.
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub lease: String,

    /// Output format of events on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: EventFormat,

    /// Serve Prometheus metrics on /metrics, liveness on /healthz and readiness on /readyz
    /// at ADDR (IP:PORT, e.g. 127.0.0.1:9464) [env: POLLCTL_METRICS_LISTEN].
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<String>,

    /// With --metrics-listen: /healthz answers 503 once the loop made no progress for this
    /// long [default: twice the longest interval plus 5 minutes].
    #[arg(long, value_name = "DURATION")]
    pub health_stall: Option<String>,

    /// Forward events to the instance's `event.notification.callback.url` instead of printing.
    #[arg(long)]
    pub forward: bool,

    /// Forward events to URL instead of printing them.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// Signature headers sent when forwarding with a signature key.
    #[arg(long, value_enum, default_value_t)]
    pub signature_scheme: SignatureSchemeArg,

    /// File holding the signature key [env: POLLCTL_SIGNATURE_KEY]; default: the instance's
    /// `event.notification.signature.key`.
    #[arg(long, value_name = "FILE")]
    pub signature_key_file: Option<PathBuf>,

    /// File holding the platform user secret [env: POLLCTL_USER_SECRET].
    #[arg(long, value_name = "FILE")]
    pub user_secret_file: Option<PathBuf>,

    /// File holding the platform organization secret [env: POLLCTL_ORG_SECRET].
    #[arg(long, value_name = "FILE")]
    pub org_secret_file: Option<PathBuf>,

    /// File holding the instance token [env: POLLCTL_ELEMENT_TOKEN].
    #[arg(long, value_name = "FILE")]
    pub element_token_file: Option<PathBuf>,

    /// Per-request timeout (fetch and forward).
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,

    /// Forwarding: notifications of one resource written on one HTTP/1.1 connection before
    /// the first is answered (answers come in order; after a failure, the ones behind it are
    /// sent again). 1, the default: each waits for the previous answer.
    #[arg(long, value_name = "N", default_value_t = crate::poll::sink::DEFAULT_IN_FLIGHT,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub in_flight: usize,

    /// Retries per request after the first attempt (connection errors, 408, 429, 5xx).
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_retries: u32,

    /// Fail the resource (exit 3, nothing committed) on a record whose date cannot be parsed,
    /// instead of reporting, counting and skipping it.
    #[arg(long)]
    pub strict_dates: bool,

    /// Pages one cycle of one resource follows at most; a longer chain (or a page token the
    /// server already returned in the cycle) is an error (exit 1) and nothing is committed.
    #[arg(long, value_name = "N", default_value_t = crate::poll::cycle::DEFAULT_MAX_PAGES,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_pages: u64,

    /// The largest page a hub may send, in MiB; a larger page is an error (exit 1) and
    /// nothing is committed (a guard against endless bodies: pages are read record by
    /// record, so memory does not follow the page size).
    #[arg(long, value_name = "MIB", default_value_t = crate::poll::cycle::DEFAULT_MAX_PAGE_MIB,
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_page_size: u64,
}

// ---------------------------------------------------------------------------------------------
// date

#[derive(Debug, Subcommand)]
pub enum DateCommand {
    /// Parse TEXT with a pattern; print the instant as RFC 3339 UTC with milliseconds.
    Parse {
        /// Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds.
        #[arg(long = "format", short = 'f', value_name = "PATTERN")]
        pattern: String,
        /// Zone used when the text carries none (IANA name, GMT/UTC, offset, abbreviation).
        #[arg(long, value_name = "ZONE", default_value = "GMT")]
        tz: String,
        /// Date text(s) to parse.
        #[arg(value_name = "TEXT", required = true)]
        text: Vec<String>,
    },
    /// Format INSTANT (RFC 3339, or epoch milliseconds) with a pattern.
    Format {
        /// Java SimpleDateFormat pattern, or `milliseconds` for epoch milliseconds.
        #[arg(long = "format", short = 'f', value_name = "PATTERN")]
        pattern: String,
        /// Zone to render the instant in.
        #[arg(long, value_name = "ZONE", default_value = "GMT")]
        tz: String,
        /// Instant(s): RFC 3339 or epoch milliseconds.
        #[arg(value_name = "INSTANT", required = true, allow_hyphen_values = true)]
        instant: Vec<String>,
    },
}

// ---------------------------------------------------------------------------------------------
// sandbox and demo

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 = any free port). The base URL is the first line on stdout.
    #[arg(long, default_value_t = 0)]
    pub port: u16,

    /// Seed of the generated records (same seed, same data).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Faults to inject, e.g. `429:0.1,500:0.05,slow:0.02,garbage:0.01` (kind:probability).
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,

    /// Listen on this address instead of 127.0.0.1 (not loopback: a warning is printed).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,

    /// File holding the key the receiver (`POST {base}/receiver`) verifies signatures with
    /// [env: POLLCTL_SIGNATURE_KEY]; default: the key of the instance named in the notification.
    #[arg(long, value_name = "FILE")]
    pub receiver_key_file: Option<PathBuf>,

    /// Delay of a `slow` fault.
    #[arg(long, value_name = "DURATION", default_value = "2s")]
    pub slow_delay: String,

    /// How far back generated records exist (before the sandbox started).
    #[arg(long, value_name = "DURATION", default_value = "6h")]
    pub history: String,

    /// What a resource without a date macro in its URL returns: the changes of this long ago
    /// (Egnyte's events, Google's changed-* resources).
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    pub recent: String,

    /// Run on a manual clock starting at TIME (RFC 3339) instead of the system clock; move it
    /// with `POST {base}/sandbox/clock {"advance": "5m"}` (deterministic tests).
    #[arg(long, value_name = "TIME")]
    pub clock: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,

    /// Seed of the sandbox's generated records.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

// ---------------------------------------------------------------------------------------------
// completions

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
