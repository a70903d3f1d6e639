//! `instance create --post`: `POST /instances` and the registry entry.

use super::*;

/// `--post`: `POST /instances`, then the registry entry (id, token) and its summary on stdout.
pub(super) fn post(
    body: &builder::Body,
    b: &InstanceBuilder,
    args: &CreateArgs,
    settings: &Settings,
    ui: &Ui,
) -> Result<()> {
    let base = settings.base_url()?.value;
    let creds = settings.credentials(
        args.user_secret_file.as_deref(),
        args.org_secret_file.as_deref(),
        ElementToken::Skip,
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
        .map_err(|e| Error::internal("the built instance is not JSON", e))?;
    ui.note(&format!(
        "POST {}/instances ({connector})",
        client.shown_base_url()
    ));
    runtime::block_on(Flavor::CurrentThread, async {
        let database = crate::commands::registry_database(settings).await?;
        let created = client.create_instance(&value).await?;
        let name = b
            .instance_name()
            .filter(|n| Registry::check_name(n).is_ok())
            .map_or_else(|| format!("{connector}-{}", created.id), str::to_string);
        crate::commands::save_provisioned(
            settings,
            database.as_deref(),
            ui,
            &name,
            connector,
            &client,
            created,
            &value,
        )
        .await
    })?
}
