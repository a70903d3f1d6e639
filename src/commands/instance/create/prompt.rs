//! What is missing, how to supply it without a prompt, and the prompts on a terminal.

use super::*;

pub(super) fn how_to_supply_secret(key: &str) -> String {
    match key {
        CLIENT_SECRET => "--api-secret-file FILE (`-` reads stdin), POLLCTL_CLIENT_SECRET, or \
                          client-secret in the config file"
            .into(),
        SIGNATURE_KEY => "--signature-key-file FILE (`-` reads stdin), POLLCTL_SIGNATURE_KEY, or \
                          signature-key in the config file"
            .into(),
        _ => format!("--set-file {key}=FILE, or the prompt (run on a terminal without --no-input)"),
    }
}

/// How to pass a missing value without a prompt.
pub(super) fn how_to_supply(m: &Missing) -> String {
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
pub(super) fn can_prompt(ui: &Ui) -> bool {
    ui.interactive && std::io::stderr().is_terminal()
}

pub(super) fn why_no_prompt(settings: &Settings) -> String {
    if settings.no_input {
        "--no-input".into()
    } else if settings.is_ci() {
        "CI is set".into()
    } else if !std::io::stdin().is_terminal() {
        "stdin is not a terminal".into()
    } else {
        "stderr is not a terminal".into()
    }
}

/// Every missing value with the flag that sets it, in one message.
pub(super) fn missing_message(connector: &str, missing: &[Missing], why: &str) -> String {
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

pub(super) fn prompt_error(e: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(e) = e;
    if e.kind() == ErrorKind::Interrupted {
        Error::Interrupted
    } else {
        Error::io("prompt failed", e)
    }
}

/// Ask for each missing value on the terminal (stderr), re-asking until it is valid.
pub(super) fn prompt_missing(b: &mut InstanceBuilder, missing: Vec<Missing>) -> Result<()> {
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
                runtime::restore_echo_on_interrupt();
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
