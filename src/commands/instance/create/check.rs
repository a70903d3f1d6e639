//! Validating the built body, with every secret value redacted from the diagnostics.

use super::*;

/// Validate the body: warnings on stderr, errors fail with exit 3. Secret values never
/// reach the terminal, even if a diagnostic quotes one.
pub(super) fn check_body(body: &builder::Body, b: &InstanceBuilder, ui: &Ui) -> Result<()> {
    let report = validate::validate(body.expose().as_bytes());
    let secrets = b.secret_values();
    for d in &report.diagnostics {
        let text = redact(render(d), &secrets);
        match d.severity {
            Severity::Warning => ui.warn(&text),
            Severity::Error => ui.error_line(&text),
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
pub(super) fn render(d: &Diagnostic) -> String {
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

/// `text` without the given secrets (the poller's [`Redactor`](crate::platform::redact::Redactor):
/// values shorter than 4 characters are left alone).
pub(super) fn redact(text: String, secrets: &[&str]) -> String {
    let mut r = crate::platform::redact::Redactor::default();
    secrets.iter().for_each(|s| r.add(s));
    r.text(&text)
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
        assert_eq!(t, "value [redacted] at 1:2");
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
