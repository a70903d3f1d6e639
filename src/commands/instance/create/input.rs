//! Reading `instance create`'s inputs: the connector, `--set`, files, stdin and the output path.

use super::*;

/// `--connector`, or a choice on a terminal.
pub(super) fn pick_connector(key: Option<&str>, ui: &Ui) -> Result<&'static catalog::Connector> {
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
pub(super) fn check_stdin_use(args: &CreateArgs) -> Result<()> {
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
pub(super) fn split_set(item: &str) -> Result<(&str, &str)> {
    match item.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim(), v)),
        _ => Err(Error::Usage(format!(
            "--set {item:?} is not KEY=VALUE (e.g. --set subdomain=acme)"
        ))),
    }
}

/// `-o FILE`: its directory must exist, and an existing file needs `--force`.
pub(super) fn check_output(path: &Path, force: bool) -> Result<()> {
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

pub(super) fn read_text(path: &Path) -> Result<String> {
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
