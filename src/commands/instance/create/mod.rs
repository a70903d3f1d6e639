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

use crate::cli::CreateArgs;
use crate::config;
use crate::instance::InstanceError;
use crate::instance::builder::{
    self, CALLBACK_URL, CLIENT_SECRET, InstanceBuilder, Missing, OAUTH_CALLBACK_URL,
    POLLER_CONFIGURATION, REFRESH_INTERVAL, SIGNATURE_KEY, Slot, VENDOR_TYPE,
};
use crate::instance::validate::{self, Diagnostic, Severity};
use crate::output::Ui;
use crate::platform::client::PlatformClient;
use crate::registry::Registry;
use crate::runtime::{self, Flavor};
use crate::settings::{ElementToken, Key, Settings};
use crate::store;
use crate::{Error, Result, catalog};

/// Not a configuration key: the slot of `providerData.code` when --post needs it.
mod check;
mod input;
mod post;
mod prompt;

use check::*;
use input::*;
use post::*;
use prompt::*;

const CODE: &str = "providerData.code";

pub fn run(args: CreateArgs, settings: &Settings, ui: &Ui) -> Result<()> {
    check_stdin_use(&args)?;
    let connector = pick_connector(args.connector.as_deref(), ui)?;
    // `-o -` is stdout.
    let output = args.output.clone().filter(|p| p != Path::new("-"));
    // Fail before any prompt when the output cannot be written.
    if let Some(out) = &output {
        check_output(out, args.force)?;
    }
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
    if let Some(r) = settings.secret(
        Key::ClientSecret,
        args.api_secret_file
            .as_deref()
            .map(|p| (p, "--api-secret-file")),
    )? {
        let (secret, origin) = (r.value, r.origin.to_string());
        tracing::debug!(source = %origin, "client secret found");
        b.set_secret(CLIENT_SECRET, secret, &origin)?;
    }
    if b.events_enabled()
        && let Some(r) = settings.secret(
            Key::SignatureKey,
            args.signature_key_file
                .as_deref()
                .map(|p| (p, "--signature-key-file")),
        )?
    {
        let (secret, origin) = (r.value, r.origin.to_string());
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
                &why_no_prompt(settings),
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
        return post(&body, &b, &args, settings, ui);
    }
    if !b.has_code() {
        ui.note(
            "no --code/--code-file: add providerData.code (the OAuth authorization code) \
             before POST /instances",
        );
    }
    Ok(())
}
