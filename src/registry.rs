//! The local registry of provisioned instances: `<state dir>/instances/NAME.json`, `0600`.
//!
//! An entry keeps what `pollctl poll NAME` needs: the platform's `id` and `token`, the
//! connector, the base URL, and the instance body without the OAuth client secret
//! (`oauth.api.secret`) and the spent one-time code (`providerData`), which polling never
//! needs. The body still holds the signature key (`event.notification.signature.key`), which
//! `pollctl poll --forward` signs with; the file is `0600`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::store::{self, StoreError};

/// One provisioned instance. `Debug` redacts the token.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub id: String,
    pub token: SecretString,
    pub connector: String,
    pub base_url: String,
    pub created_at: DateTime<Utc>,
    /// The instance body as provisioned, without the spent one-time code.
    pub body: Value,
}

/// An entry as stored (a registry file, a database row's document); the token in clear.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryFile {
    name: String,
    id: String,
    token: String,
    connector: String,
    base_url: String,
    created_at: DateTime<Utc>,
    body: Value,
}

impl From<EntryFile> for Entry {
    fn from(f: EntryFile) -> Entry {
        Entry {
            name: f.name,
            id: f.id,
            token: SecretString::from(f.token),
            connector: f.connector,
            base_url: f.base_url,
            created_at: f.created_at,
            body: f.body,
        }
    }
}

/// What the registry stores of a body: without the spent one-time code (`providerData`) and
/// without the OAuth client secret (`oauth.api.secret`): polling needs neither.
pub fn stored_body(body: &Value) -> Value {
    let mut b = body.clone();
    if let Some(obj) = b.as_object_mut() {
        obj.remove("providerData");
        if let Some(cfg) = obj.get_mut("configuration").and_then(Value::as_object_mut) {
            cfg.remove(CLIENT_SECRET);
        }
    }
    b
}

const CLIENT_SECRET: &str = "oauth.api.secret";

/// Stands in for the client secret the registry does not keep, so the stored body still
/// passes validation when polled (the poller never sends it anywhere).
pub const CLIENT_SECRET_NOT_STORED: &str = "not-stored-by-pollctl";

impl Entry {
    /// The instance JSON `pollctl poll NAME` polls: the stored body with the platform's `id`
    /// and `token`, and a stand-in for the client secret that was not stored.
    pub fn pollable_body(&self) -> Value {
        let mut body = self.body.clone();
        if let Some(obj) = body.as_object_mut() {
            obj.insert("id".into(), Value::String(self.id.clone()));
            obj.insert(
                "token".into(),
                Value::String(self.token.expose_secret().to_string()),
            );
            if let Some(cfg) = obj.get_mut("configuration").and_then(Value::as_object_mut) {
                cfg.entry(CLIENT_SECRET)
                    .or_insert_with(|| Value::String(CLIENT_SECRET_NOT_STORED.into()));
            }
        }
        body
    }
}

impl Entry {
    /// The entry as stored: the JSON of a registry file (the body without the client secret
    /// and the one-time code; the token in clear).
    pub fn to_stored(&self) -> Value {
        serde_json::to_value(EntryFile {
            name: self.name.clone(),
            id: self.id.clone(),
            token: self.token.expose_secret().to_string(),
            connector: self.connector.clone(),
            base_url: self.base_url.clone(),
            created_at: self.created_at,
            body: stored_body(&self.body),
        })
        .unwrap_or(Value::Null)
    }

    /// An entry from [`Entry::to_stored`]'s JSON.
    pub fn from_stored(v: Value) -> Result<Entry, String> {
        let f: EntryFile = serde_json::from_value(v).map_err(|e| e.to_string())?;
        Ok(Entry::from(f))
    }
}

/// The registry folder.
#[derive(Debug, Clone)]
pub struct Registry {
    dir: PathBuf,
    /// The entries of a registry kept in a database (read once), and where it is (for
    /// messages); `None`: the folder.
    database: Option<(Vec<Entry>, String)>,
}

impl Registry {
    pub fn new(state_dir: &Path) -> Registry {
        Registry {
            dir: state_dir.join("instances"),
            database: None,
        }
    }

    /// The registry kept in a database (`where_` names it, secrets redacted), from its
    /// entries: looked up by name like the folder, read-only.
    pub fn from_database(mut entries: Vec<Entry>, where_: String) -> Registry {
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Registry {
            dir: PathBuf::from(&where_),
            database: Some((entries, where_)),
        }
    }

    /// Save an instance the platform just provisioned (`POST /instances` answered `id` and
    /// `token`) under `name`; returns the file written.
    pub fn save_provisioned(
        &self,
        name: &str,
        id: &str,
        token: SecretString,
        connector: &str,
        base_url: &str,
        body: &Value,
    ) -> Result<PathBuf, StoreError> {
        self.save(&Entry {
            name: name.to_string(),
            id: id.to_string(),
            token,
            connector: connector.to_string(),
            base_url: base_url.to_string(),
            created_at: Utc::now(),
            body: body.clone(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Names are used as file names: letters, digits, `-`, `_`, `.`; not starting with `.`.
    pub fn check_name(name: &str) -> Result<(), String> {
        if name.is_empty() || name.len() > 100 {
            return Err("an instance name must be 1 to 100 characters".into());
        }
        if name.starts_with('.')
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(format!(
                "instance name {name:?} may hold only letters, digits, '-', '_' and '.', and not start with '.'"
            ));
        }
        Ok(())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// Refuse to write a registry read from a database (it is written there, not here).
    fn writable(&self) -> Result<(), StoreError> {
        match &self.database {
            None => Ok(()),
            Some((_, at)) => Err(StoreError::Write {
                path: PathBuf::from(at),
                source: std::io::Error::other("the registry in the database is read-only here"),
            }),
        }
    }

    pub fn save(&self, e: &Entry) -> Result<PathBuf, StoreError> {
        self.writable()?;
        store::ensure_private_dir(&self.dir)?;
        let f = EntryFile {
            name: e.name.clone(),
            id: e.id.clone(),
            token: e.token.expose_secret().to_string(),
            connector: e.connector.clone(),
            base_url: e.base_url.clone(),
            created_at: e.created_at,
            body: stored_body(&e.body),
        };
        let mut bytes = serde_json::to_vec_pretty(&f).unwrap_or_default();
        bytes.push(b'\n');
        let path = self.path(&e.name);
        store::write_atomic(&path, &bytes)?;
        Ok(path)
    }

    pub fn load(&self, name: &str) -> Result<Option<Entry>, StoreError> {
        if Self::check_name(name).is_err() {
            return Ok(None);
        }
        if let Some((entries, _)) = &self.database {
            return Ok(entries.iter().find(|e| e.name == name).cloned());
        }
        let path = self.path(name);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        let f: EntryFile = serde_json::from_slice(&bytes).map_err(|e| StoreError::Read {
            path: path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        Ok(Some(Entry::from(f)))
    }

    /// Every entry, sorted by name; unreadable files are reported as errors, not skipped.
    /// The names of the readable entries, sorted; empty when the registry cannot be read
    /// (for messages that suggest a name).
    pub fn names(&self) -> Vec<String> {
        self.list()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.name)
            .collect()
    }

    pub fn list(&self) -> Result<Vec<Entry>, StoreError> {
        if let Some((entries, _)) = &self.database {
            return Ok(entries.clone());
        }
        let rd = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Read {
                    path: self.dir.clone(),
                    source,
                });
            }
        };
        let mut names: Vec<String> = rd
            .filter_map(Result::ok)
            .filter_map(|d| {
                let n = d.file_name().to_string_lossy().into_owned();
                n.strip_suffix(".json").map(str::to_string)
            })
            .filter(|n| Self::check_name(n).is_ok())
            .collect();
        names.sort();
        let mut out = Vec::with_capacity(names.len());
        for n in names {
            if let Some(e) = self.load(&n)? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Remove an entry; false when there was none.
    pub fn delete(&self, name: &str) -> Result<bool, StoreError> {
        self.writable()?;
        if Self::check_name(name).is_err() {
            return Ok(false);
        }
        let path = self.path(name);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(StoreError::Write { path, source }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn save_load_list_delete() {
        let dir = tempfile::tempdir().unwrap();
        let reg = Registry::new(dir.path());
        let e = Entry {
            name: "acme-egnyte".into(),
            id: "123".into(),
            token: SecretString::from("tok".to_string()),
            connector: "egnyte".into(),
            base_url: "http://127.0.0.1:1/elements/api-v2".into(),
            created_at: Utc::now(),
            body: json!({"element":{"key":"egnyte"},"providerData":{"code":"c0de"},
                          "configuration":{"oauth.api.secret":"s3cret","subdomain":"acme"}}),
        };
        let path = reg.save(&e).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("c0de"), "the spent code is dropped");
        assert!(!text.contains("s3cret"), "the client secret is not stored");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let back = reg.load("acme-egnyte").unwrap().unwrap();
        assert_eq!(back.id, "123");
        assert_eq!(back.token.expose_secret(), "tok");
        assert_eq!(back.body["configuration"]["subdomain"], "acme");
        assert!(!format!("{back:?}").contains("\"tok\""));
        let polled = back.pollable_body();
        assert_eq!(polled["id"], "123");
        assert_eq!(polled["token"], "tok");
        assert_eq!(
            polled["configuration"]["oauth.api.secret"],
            CLIENT_SECRET_NOT_STORED
        );
        assert_eq!(reg.list().unwrap().len(), 1);
        assert!(reg.delete("acme-egnyte").unwrap());
        assert!(!reg.delete("acme-egnyte").unwrap());
        assert!(reg.load("../etc/passwd").unwrap().is_none());
    }

    #[test]
    fn names_are_checked() {
        assert!(Registry::check_name("ok-name_1.x").is_ok());
        for bad in ["", ".hidden", "a/b", "a b", "ü"] {
            assert!(Registry::check_name(bad).is_err(), "{bad}");
        }
    }
}
