//! `pollctl instance create`: flags, environment, config file and (on a terminal) prompts in;
//! [`InstanceBuilder`] makes the body; validation checks it; stdout or a `0600` file out.
//!
//! The body holds the OAuth client secret (the platform takes it there), so it is written
//! only to stdout or to a private file, and never logged.

use std::io::{ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use secrecy::zeroize::Zeroize;

use crate::cli::{CreateArgs, GlobalArgs};
use crate::commands::oauth::{RegistryCtx, save_registry};
use crate::config::{self, ConfigFile};
use crate::instance::InstanceError;
use crate::instance::builder::{
    self, CALLBACK_URL, CLIENT_SECRET, InstanceBuilder, Missing, OAUTH_CALLBACK_URL,
    POLLER_CONFIGURATION, REFRESH_INTERVAL, SIGNATURE_KEY, Slot, VENDOR_TYPE,
};
use crate::instance::validate::{self, Diagnostic, Severity};
use crate::output::Ui;
use crate::platform::Credentials;
use crate::platform::client::PlatformClient;
use crate::registry::Registry;
use crate::store::{self, Dirs};
use crate::{Error, Result, catalog};

/// Not a configuration key: the slot of `providerData.code` when --post needs it.
const CODE: &str = "providerData.code";
const CLIENT_SECRET_ENV: &str = "POLLCTL_CLIENT_SECRET";
const SIGNATURE_KEY_ENV: &str = "POLLCTL_SIGNATURE_KEY";

pub fn run(args: CreateArgs, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    check_stdin_use(&args)?;
    let connector = pick_connector(args.connector.as_deref(), ui)?;
    // `-o -` is stdout.
    let output = args.output.clone().filter(|p| p != Path::new("-"));
    // Fail before any prompt when the output cannot be written.
    if let Some(out) = &output {
        check_output(out, args.force)?;
    }
    let mut config = LazyConfig::new(global);
    let mut b = InstanceBuilder::new(connector);

    if let Some(name) = &args.name {
        b.name(name)?;
    }
    for tag in &args.tags {
        b.tag(tag);
    }
    if let Some(code) = &args.code {
        b.code(SecretString::from(code.clone()));
    } else if let Some(path) = &args.code_file {
        b.code(config::read_secret_file(path)?);
    }
    if args.no_events {
        b.disable_events("--no-events");
    }
    if args.local_polling {
        b.local_polling();
    }
    let flags = [
        (&args.api_key, "oauth.api.key", "--api-key"),
        (
            &args.oauth_callback_url,
            OAUTH_CALLBACK_URL,
            "--oauth-callback-url",
        ),
        (&args.callback_url, CALLBACK_URL, "--callback-url"),
        (
            &args.refresh_interval,
            REFRESH_INTERVAL,
            "--refresh-interval",
        ),
        (&args.vendor_type, VENDOR_TYPE, "--vendor-type"),
    ];
    for (value, key, flag) in flags {
        if let Some(v) = value {
            b.set(key, v, flag)?;
        }
    }
    for item in &args.set {
        let (key, value) = split_set(item)?;
        if b.is_secret_key(key) {
            return Err(Error::Usage(format!(
                "--set {key}=… refused: secrets never go on the command line (they show in \
                 `ps` and shell history); use {}",
                how_to_supply_secret(key)
            )));
        }
        b.set(key, value, &format!("--set {key}"))?;
    }
    for item in &args.set_file {
        let (key, file) = split_set(item)?;
        let secret = config::read_secret_file(std::path::Path::new(file))?;
        b.set_secret(key, secret, &format!("--set-file {key}"))?;
    }
    if let Some(path) = &args.poller_config {
        let text = read_text(path)?;
        b.poller_config(&text, &path.display().to_string())?;
    }

    // Secrets: --*-file (`-` = stdin) > environment > config file > prompt.
    if let Some((secret, origin)) = find_secret(
        args.api_secret_file.as_deref(),
        "--api-secret-file",
        CLIENT_SECRET_ENV,
        &mut config,
        |c| c.client_secret.clone(),
        "client-secret",
    )? {
        tracing::debug!(source = %origin, "client secret found");
        b.set_secret(CLIENT_SECRET, secret, &origin)?;
    }
    if b.events_enabled()
        && let Some((secret, origin)) = find_secret(
            args.signature_key_file.as_deref(),
            "--signature-key-file",
            SIGNATURE_KEY_ENV,
            &mut config,
            |c| c.signature_key.clone(),
            "signature-key",
        )?
    {
        tracing::debug!(source = %origin, "signature key found");
        b.set_secret(SIGNATURE_KEY, secret, &origin)?;
    }
    let mut missing = b.missing();
    if args.post && !b.has_code() {
        missing.push(Missing {
            slot: Slot::Key(CODE.into()),
            description: "The OAuth authorization code the provider returned (POST /instances \
                          redeems it; `pollctl oauth login --print-code` gets one)."
                .into(),
            secret: false,
            example: String::new(),
        });
    }
    if !missing.is_empty() {
        if can_prompt(ui) {
            prompt_missing(&mut b, missing)?;
        } else {
            return Err(Error::Invalid(missing_message(
                connector.key,
                &missing,
                &why_no_prompt(global),
            )));
        }
    }

    let body = b.build()?;
    tracing::debug!(
        connector = connector.key,
        bytes = body.expose().len(),
        "instance body built"
    );
    check_body(&body, &b, ui)?;

    match &output {
        Some(path) => {
            check_output(path, args.force)?;
            let mut bytes = Vec::with_capacity(body.expose().len() + 1);
            bytes.extend_from_slice(body.expose().as_bytes());
            bytes.push(b'\n');
            let res = store::write_atomic(path, &bytes);
            bytes.zeroize();
            res?;
            ui.note(&format!(
                "wrote {} (mode 0600; it holds the client secret)",
                path.display()
            ));
        }
        // With --post, stdout gets what was provisioned instead.
        None if args.post => {}
        None => {
            if std::io::stdout().is_terminal() {
                ui.note("the JSON below holds the client secret; prefer -o FILE (written 0600)");
            }
            super::super::print_stdout(body.expose())?;
            super::super::print_stdout("\n")?;
        }
    }
    if args.post {
        return post(&body, &b, &args, global, ui, &mut config);
    }
    if !b.has_code() {
        ui.note(
            "no --code/--code-file: add providerData.code (the OAuth authorization code) \
             before POST /instances",
        );
    }
    Ok(())
}

/// `--connector`, or a choice on a terminal.
fn pick_connector(key: Option<&str>, ui: &Ui) -> Result<&'static catalog::Connector> {
    if let Some(key) = key {
        let c = catalog::resolve(&key.trim().to_ascii_lowercase())?;
        if !c.is_builtin() {
            ui.note(&format!(
                "{} is not in pollctl's catalog: only the generic keys are asked for; add its own keys with --set KEY=VALUE and its poller configuration with --poller-config",
                c.key
            ));
        }
        return Ok(c);
    }
    let known: Vec<&str> = catalog::ALL.iter().map(|c| c.key).collect();
    if !can_prompt(ui) {
        return Err(Error::Usage(format!(
            "--connector KEY is required (one of: {})",
            known.join(", ")
        )));
    }
    let items: Vec<String> = catalog::ALL
        .iter()
        .map(|c| format!("{} ({})", c.key, c.name))
        .collect();
    let i = dialoguer::Select::with_theme(&dialoguer::theme::SimpleTheme)
        .with_prompt("Connector")
        .items(&items)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok(catalog::ALL[i.min(catalog::ALL.len() - 1)])
}

/// Only one input can come from stdin.
fn check_stdin_use(args: &CreateArgs) -> Result<()> {
    let dash = |p: &Option<PathBuf>| p.as_deref() == Some(Path::new("-"));
    let set_file_dash = args
        .set_file
        .iter()
        .any(|i| i.split_once('=').is_some_and(|(_, f)| f.trim() == "-"));
    let users: Vec<&str> = [
        (set_file_dash, "--set-file"),
        (dash(&args.api_secret_file), "--api-secret-file"),
        (dash(&args.code_file), "--code-file"),
        (dash(&args.signature_key_file), "--signature-key-file"),
        (dash(&args.poller_config), "--poller-config"),
        (dash(&args.user_secret_file), "--user-secret-file"),
        (dash(&args.org_secret_file), "--org-secret-file"),
    ]
    .into_iter()
    .filter_map(|(is, flag)| is.then_some(flag))
    .collect();
    if users.len() > 1 {
        return Err(Error::Usage(format!(
            "only one input can read stdin (`-`), but {} all ask for it",
            users.join(" and ")
        )));
    }
    Ok(())
}

/// `KEY=VALUE` (the value may contain `=`).
fn split_set(item: &str) -> Result<(&str, &str)> {
    match item.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim(), v)),
        _ => Err(Error::Usage(format!(
            "--set {item:?} is not KEY=VALUE (e.g. --set subdomain=acme)"
        ))),
    }
}

/// `-o FILE`: its directory must exist, and an existing file needs `--force`.
fn check_output(path: &Path, force: bool) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::io(
            context(),
            std::io::Error::new(
                ErrorKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            ),
        ));
    }
    if path.is_dir() {
        return Err(Error::io(
            context(),
            std::io::Error::new(ErrorKind::IsADirectory, "it is a directory"),
        ));
    }
    if path.exists() && !force {
        return Err(Error::io(
            context(),
            std::io::Error::new(
                ErrorKind::AlreadyExists,
                "the file exists; pass --force to overwrite it",
            ),
        ));
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| Error::io("cannot read stdin", e))?;
        buf
    } else {
        store::read(path)?
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::Invalid(format!("{}: not UTF-8 text", path.display())))
}

/// The config file, loaded the first time a secret is looked up there.
struct LazyConfig<'g> {
    global: &'g GlobalArgs,
    file: Option<ConfigFile>,
}

impl<'g> LazyConfig<'g> {
    fn new(global: &'g GlobalArgs) -> Self {
        LazyConfig { global, file: None }
    }

    fn get(&mut self) -> Result<&ConfigFile> {
        if self.file.is_none() {
            let dirs = Dirs::resolve(self.global.state_dir.as_deref())?;
            self.file = Some(ConfigFile::load(self.global.config.as_deref(), &dirs)?);
        }
        // Set just above.
        Ok(self.file.get_or_insert_with(ConfigFile::default))
    }
}

/// A secret and where it came from (never the value): file flag > environment > config file.
fn find_secret(
    file: Option<&Path>,
    flag: &str,
    env: &str,
    config: &mut LazyConfig<'_>,
    from_config: impl Fn(&ConfigFile) -> Option<SecretString>,
    config_key: &str,
) -> Result<Option<(SecretString, String)>> {
    if let Some(path) = file {
        let origin = if path == Path::new("-") {
            format!("{flag} - (stdin)")
        } else {
            format!("{flag} {}", path.display())
        };
        return Ok(Some((config::read_secret_file(path)?, origin)));
    }
    if let Ok(v) = std::env::var(env)
        && !v.is_empty()
    {
        return Ok(Some((SecretString::from(v), env.to_string())));
    }
    Ok(from_config(config.get()?).map(|s| (s, format!("{config_key} in the config file"))))
}

fn how_to_supply_secret(key: &str) -> String {
    match key {
        CLIENT_SECRET => format!(
            "--api-secret-file FILE (`-` reads stdin), {CLIENT_SECRET_ENV}, or client-secret in \
             the config file"
        ),
        SIGNATURE_KEY => format!(
            "--signature-key-file FILE (`-` reads stdin), {SIGNATURE_KEY_ENV}, or signature-key \
             in the config file"
        ),
        _ => format!("--set-file {key}=FILE, or the prompt (run on a terminal without --no-input)"),
    }
}

/// How to pass a missing value without a prompt.
fn how_to_supply(m: &Missing) -> String {
    let key = match &m.slot {
        Slot::Name => return "--name NAME".into(),
        Slot::Key(k) => k.as_str(),
    };
    if m.secret {
        return how_to_supply_secret(key);
    }
    let example = if m.example.is_empty() {
        String::new()
    } else {
        format!("  (e.g. {})", m.example)
    };
    match key {
        "oauth.api.key" => format!("--api-key ID{example}"),
        OAUTH_CALLBACK_URL => format!("--oauth-callback-url URL{example}"),
        CALLBACK_URL => format!("--callback-url URL, or --no-events{example}"),
        POLLER_CONFIGURATION => "--poller-config FILE (a JSON object of resources)".into(),
        CODE => "--code CODE or --code-file FILE (needed by --post)".into(),
        _ => format!("--set {key}=VALUE{example}"),
    }
}

/// Prompts need the terminal on stdin (`Ui::interactive`) and on stderr, where they are drawn.
fn can_prompt(ui: &Ui) -> bool {
    ui.interactive && std::io::stderr().is_terminal()
}

fn why_no_prompt(global: &GlobalArgs) -> String {
    if global.no_input {
        "--no-input".into()
    } else if std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0") {
        "CI is set".into()
    } else if !std::io::stdin().is_terminal() {
        "stdin is not a terminal".into()
    } else {
        "stderr is not a terminal".into()
    }
}

/// Every missing value with the flag that sets it, in one message.
fn missing_message(connector: &str, missing: &[Missing], why: &str) -> String {
    let width = missing.iter().map(|m| m.label().len()).max().unwrap_or(0);
    let mut msg = format!(
        "cannot build the {connector} instance: {} required value{} missing (no prompts: {why})",
        missing.len(),
        if missing.len() == 1 { " is" } else { "s are" },
    );
    for m in missing {
        msg.push_str(&format!("\n  {:<width$}  {}", m.label(), how_to_supply(m)));
    }
    msg
}

fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    if e.kind() == ErrorKind::Interrupted {
        Error::Interrupted
    } else {
        Error::io("prompt failed", e)
    }
}

/// Ask for each missing value on the terminal (stderr), re-asking until it is valid.
fn prompt_missing(b: &mut InstanceBuilder, missing: Vec<Missing>) -> Result<()> {
    let theme = dialoguer::theme::SimpleTheme;
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "The {} instance needs {} more value{} (Ctrl-C to stop):",
        b.connector().key,
        missing.len(),
        if missing.len() == 1 { "" } else { "s" }
    );
    for m in missing {
        let example = if m.example.is_empty() || m.secret {
            String::new()
        } else {
            format!(" (e.g. {})", m.example)
        };
        let _ = writeln!(err, "  {}{example}", m.description);
        match &m.slot {
            Slot::Name => {
                let v: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("name")
                    .validate_with(|v: &String| {
                        if v.trim().is_empty() {
                            Err("the name must not be empty")
                        } else {
                            Ok(())
                        }
                    })
                    .interact_text()
                    .map_err(prompt_error)?;
                b.name(&v)?;
            }
            Slot::Key(key) if m.secret => {
                restore_echo_on_interrupt();
                let v = dialoguer::Password::with_theme(&theme)
                    .with_prompt(key.as_str())
                    .interact()
                    .map_err(prompt_error)?;
                b.set_secret(key, SecretString::from(v), "prompt")?;
            }
            Slot::Key(key) if key == CODE => {
                let v: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("code")
                    .interact_text()
                    .map_err(prompt_error)?;
                b.code(SecretString::from(v.trim().to_string()));
            }
            Slot::Key(key) if key == POLLER_CONFIGURATION => {
                let path: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt("poller configuration file")
                    .validate_with(|p: &String| -> std::result::Result<(), String> {
                        let text = read_text(Path::new(p.trim())).map_err(|e| e.to_string())?;
                        let mut probe = InstanceBuilder::new(b.connector());
                        probe
                            .poller_config(&text, p.trim())
                            .map_err(|e| e.to_string())
                    })
                    .interact_text()
                    .map_err(prompt_error)?;
                let path = path.trim();
                let text = read_text(Path::new(path))?;
                b.poller_config(&text, path)?;
            }
            Slot::Key(key) => {
                let v: String = dialoguer::Input::with_theme(&theme)
                    .with_prompt(key.as_str())
                    .validate_with(|v: &String| b.check(key, v).map_err(|e| e.to_string()))
                    .interact_text()
                    .map_err(prompt_error)?;
                b.set(key, &v, "prompt")?;
            }
        }
    }
    Ok(())
}

/// `--post`: `POST /instances`, then the registry entry (id, token) and its summary on stdout.
fn post(
    body: &builder::Body,
    b: &InstanceBuilder,
    args: &CreateArgs,
    global: &GlobalArgs,
    ui: &Ui,
    config: &mut LazyConfig<'_>,
) -> Result<()> {
    let cfg = config.get()?;
    let base = config::resolve(
        global.base_url.clone(),
        "POLLCTL_BASE_URL",
        cfg.base_url.clone(),
        config::DEFAULT_BASE_URL,
    );
    let creds = Credentials::load(
        cfg,
        args.user_secret_file.as_deref(),
        args.org_secret_file.as_deref(),
        None,
    )?;
    let mut lacking = Vec::new();
    if creds.user_secret.is_none() {
        lacking.push(
            "  user secret          --user-secret-file FILE, POLLCTL_USER_SECRET, or user-secret \
             in the config file",
        );
    }
    if creds.org_secret.is_none() {
        lacking.push(
            "  organization secret  --org-secret-file FILE, POLLCTL_ORG_SECRET, or org-secret in \
             the config file",
        );
    }
    if !lacking.is_empty() {
        return Err(Error::Invalid(format!(
            "--post needs the platform's credentials:\n{}",
            lacking.join("\n")
        )));
    }
    let connector = b.connector().key;
    let client = PlatformClient::new(&base, creds, Duration::from_secs(30))?;
    let value: serde_json::Value = serde_json::from_str(body.expose())
        .map_err(|e| Error::Invalid(format!("the built instance is not JSON: {e}")))?;
    ui.note(&format!(
        "POST {}/instances ({connector})",
        client.base_url()
    ));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("starting the async runtime", e))?;
    let created = rt.block_on(client.create_instance(&value))?;
    let name = b
        .instance_name()
        .filter(|n| Registry::check_name(n).is_ok())
        .map_or_else(|| format!("{connector}-{}", created.id), str::to_string);
    let ctx = PostCtx {
        dirs: Dirs::resolve(global.state_dir.as_deref())?,
        ui,
    };
    save_registry(&ctx, &name, connector, &client, created, &value)
}

struct PostCtx<'a> {
    dirs: Dirs,
    ui: &'a Ui,
}

impl RegistryCtx for PostCtx<'_> {
    fn dirs(&self) -> &Dirs {
        &self.dirs
    }
    fn ui(&self) -> &Ui {
        self.ui
    }
}

/// The hidden prompt turns terminal echo off while it reads; Ctrl-C there would kill the
/// process and leave the user's terminal without echo. From the first hidden prompt on, SIGINT
/// turns echo back on and exits 130. Registration is synchronous, so no Ctrl-C slips past it.
#[cfg(unix)]
fn restore_echo_on_interrupt() {
    use tokio::signal::unix::{SignalKind, signal};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        let sig = {
            let _enter = rt.enter();
            signal(SignalKind::interrupt())
        };
        let Ok(mut sig) = sig else {
            return;
        };
        std::thread::spawn(move || {
            rt.block_on(async {
                if sig.recv().await.is_some() {
                    if let Ok(tty) = std::fs::File::open("/dev/tty") {
                        let _ = std::process::Command::new("stty")
                            .arg("echo")
                            .stdin(tty)
                            .status();
                    }
                    let _ = writeln!(std::io::stderr());
                    std::process::exit(crate::ExitCode::Interrupted.code());
                }
            });
        });
    });
}

#[cfg(not(unix))]
fn restore_echo_on_interrupt() {}

/// Validate the body: warnings on stderr, errors fail with exit 3. Secret values never
/// reach the terminal, even if a diagnostic quotes one.
fn check_body(body: &builder::Body, b: &InstanceBuilder, ui: &Ui) -> Result<()> {
    let report = validate::validate(body.expose().as_bytes());
    let secrets = b.secret_values();
    for d in &report.diagnostics {
        let text = redact(render(d), &secrets);
        match d.severity {
            Severity::Warning => ui.warn(&text),
            Severity::Error => {
                let label = if ui.color {
                    "\x1b[1;31merror\x1b[0m"
                } else {
                    "error"
                };
                let _ = writeln!(std::io::stderr().lock(), "{label}: {text}");
            }
        }
    }
    let errors = report.errors();
    if errors > 0 {
        return Err(InstanceError::Invalid {
            source_name: "the built instance".into(),
            errors,
        }
        .into());
    }
    Ok(())
}

/// A diagnostic of the built body: the JSON Pointer says where (line:column of a document
/// pollctl wrote itself would tell the user nothing).
fn render(d: &Diagnostic) -> String {
    let at = if d.pointer.is_empty() {
        "(document)"
    } else {
        d.pointer.as_str()
    };
    let mut s = format!("{at}: {}", d.message);
    if let Some(h) = &d.hint {
        s.push_str("\n  hint: ");
        s.push_str(h);
    }
    s
}

fn redact(mut text: String, secrets: &[&str]) -> String {
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        if text.contains(*s) {
            text = text.replace(*s, "[REDACTED]");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_needs_an_equals_sign() {
        assert_eq!(split_set("a=b=c").unwrap(), ("a", "b=c"));
        assert_eq!(split_set(" a =").unwrap(), ("a", ""));
        for bad in ["subdomain", "=x", ""] {
            let e = split_set(bad).unwrap_err();
            assert_eq!(e.exit_code(), crate::ExitCode::Usage);
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn redaction_hides_secrets_but_not_short_noise() {
        let t = redact("value hunter22 at 1:2".into(), &["hunter22", "1"]);
        assert_eq!(t, "value [REDACTED] at 1:2");
    }

    #[test]
    fn missing_message_names_every_flag() {
        let m = |slot: Slot, secret: bool, example: &str| Missing {
            slot,
            description: String::new(),
            secret,
            example: example.into(),
        };
        let msg = missing_message(
            "egnyte",
            &[
                m(Slot::Key("oauth.api.key".into()), false, ""),
                m(Slot::Key(CLIENT_SECRET.into()), true, ""),
                m(Slot::Key("subdomain".into()), false, "acme"),
                m(Slot::Name, false, ""),
            ],
            "CI is set",
        );
        assert!(msg.contains("4 required values are missing (no prompts: CI is set)"));
        assert!(msg.contains("--api-key ID"));
        assert!(msg.contains("--api-secret-file FILE"));
        assert!(msg.contains("POLLCTL_CLIENT_SECRET"));
        assert!(msg.contains("--set subdomain=VALUE  (e.g. acme)"));
        assert!(msg.contains("--name NAME"));
    }
}
