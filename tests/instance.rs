//! Integration tests of `pollctl connectors …` and `pollctl instance validate|schema`: the
//! real binary, on the seeds' examples (defects included), the corrected examples, and bad
//! input of every kind.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn pollctl() -> Command {
    let mut c = Command::cargo_bin("pollctl").expect("binary built");
    c.env_remove("POLLCTL_CONFIG")
        .env_remove("NO_COLOR")
        .env("CI", "true");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> PathBuf {
    root().join("tests/fixtures/seeds").join(name)
}

/// `validate --format json` → (exit code, parsed output).
fn validate_json(path: &Path) -> (i32, Value) {
    let out = pollctl()
        .args(["instance", "validate", "--format", "json"])
        .arg(path)
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code().unwrap_or(-1), v)
}

fn validate_bytes(bytes: &[u8]) -> (i32, Value, String) {
    let out = pollctl()
        .args(["instance", "validate", "--format", "json", "-"])
        .write_stdin(bytes.to_vec())
        .output()
        .expect("runs");
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    (
        out.status.code().unwrap_or(-1),
        v,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A diagnostic with this severity and pointer whose message holds every word.
#[track_caller]
fn expect_diag(v: &Value, severity: &str, pointer: &str, words: &[&str]) -> Value {
    let diags = v["diagnostics"].as_array().expect("diagnostics array");
    diags
        .iter()
        .find(|d| {
            d["severity"] == severity
                && d["pointer"] == pointer
                && words
                    .iter()
                    .all(|w| d["message"].as_str().unwrap_or("").contains(w))
        })
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no {severity} at {pointer:?} containing {words:?} in {}",
                serde_json::to_string_pretty(diags).unwrap_or_default()
            )
        })
}

fn count(v: &Value, severity: &str) -> usize {
    v["diagnostics"].as_array().map_or(0, |d| {
        d.iter().filter(|d| d["severity"] == severity).count()
    })
}

// ---------------------------------------------------------------------------------------------
// seeds

#[test]
fn seed_sharefile_polling_curl_callback_typo_and_broken_url() {
    let (code, v) = validate_json(&seed("sharefile-polling-curl.json"));
    assert_eq!(code, 3);
    assert_eq!(v["valid"], false);
    let d = expect_diag(
        &v,
        "error",
        "/configuration/oauth.callback.url",
        &["not a valid URL", "https;//mycoolapp.com"],
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("did you mean https://mycoolapp.com")
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(9), Some(27))
    );
    let d = expect_diag(
        &v,
        "error",
        "/configuration/event.poller.configuration/documents/url",
        &["line break inside a string"],
    );
    assert!(d["hint"].as_str().unwrap().contains("join the two lines"));
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(20), Some(75))
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.api.key",
        &["placeholder"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.api.secret",
        &["placeholder"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.notification.callback.url",
        &["empty"],
    );
    assert_eq!(count(&v, "error"), 2);
}

#[test]
fn seed_sharefile_polling_body_reports_everything_at_once() {
    let (code, v) = validate_json(&seed("sharefile-polling-body.json"));
    assert_eq!(code, 3);
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.configuration/documents/url",
        &["line break"],
    );
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["empty", "minutes"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.notification.callback.url",
        &["not https"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.notification.signature.key",
        &["6 characters"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/sharefile.subdomain",
        &["empty"],
    );
    expect_diag(&v, "warning", "/tags/0", &["empty tag"]);
    expect_diag(&v, "warning", "/name", &["empty"]);
}

#[test]
fn seed_sharefile_webhook_examples() {
    for name in ["sharefile-webhook-body.json", "sharefile-webhook-curl.json"] {
        let (code, v) = validate_json(&seed(name));
        assert_eq!(code, 3, "{name}");
        expect_diag(
            &v,
            "error",
            "/configuration/oauth.callback.url",
            &["https;//"],
        );
        assert_eq!(count(&v, "error"), 1, "{name}: {v}");
    }
    let (_, v) = validate_json(&seed("sharefile-webhook-curl.json"));
    expect_diag(
        &v,
        "warning",
        "/configuration/event.notification.signature.key",
        &["placeholder"],
    );
}

#[test]
fn seed_egnyte_stray_quote_and_at_aliases() {
    for name in ["egnyte-example.json", "egnyte-body.json"] {
        let (code, v) = validate_json(&seed(name));
        assert_eq!(code, 3, "{name}");
        let base = "/configuration/event.poller.configuration/events/datesConfiguration";
        let d = expect_diag(
            &v,
            "error",
            &format!("{base}/createdDateFormat"),
            &["unbalanced quote"],
        );
        assert!(
            d["hint"]
                .as_str()
                .unwrap()
                .contains("remove the stray trailing quote: \"yyyy-MM-dd'T'HH:mm:ss.SSSX\""),
            "{d}"
        );
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(25), Some(29))
        );
        for alias in [
            "updatedAtField",
            "updatedAtFormat",
            "updatedAtTimezone",
            "createdAtField",
            "createdAtFormat",
            "createdAtTimezone",
        ] {
            let canonical = alias.replace("At", "Date");
            expect_diag(
                &v,
                "warning",
                &format!("{base}/{alias}"),
                &["read as", &canonical],
            );
        }
        expect_diag(
            &v,
            "warning",
            "/configuration/event.notification.callback.url",
            &["not https"],
        );
    }
    let (_, v) = validate_json(&seed("egnyte-example.json"));
    assert_eq!(count(&v, "error"), 1);
    let (_, v) = validate_json(&seed("egnyte-body.json"));
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["empty"],
    );
}

#[test]
fn seed_google_empty_id_field_and_placeholders() {
    let (code, v) = validate_json(&seed("googlesuite-curl.json"));
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["valid"], true);
    let cal = "/configuration/event.poller.configuration/calendars~1{calendarId}~1changed-events";
    expect_diag(
        &v,
        "warning",
        &format!("{cal}/idField"),
        &["empty", "objectId"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.poller.configuration/calendars~1primary~1changed-events/idField",
        &["empty"],
    );
    let d = expect_diag(
        &v,
        "warning",
        &format!("{cal}/url"),
        &["{calendarId}", "no value"],
    );
    assert!(d["hint"].as_str().unwrap().contains("--param calendarId="));

    let (code, v) = validate_json(&seed("googlesuite-body.json"));
    assert_eq!(code, 3);
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["<minutes>"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.api.key",
        &["<Google app Client ID>"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.callback.url",
        &["placeholder"],
    );
    expect_diag(&v, "warning", "/tags/0", &["placeholder"]);
    expect_diag(&v, "warning", "/name", &["<INSTANCE_NAME>"]);
    // A one-line document: columns go far to the right.
    let d = expect_diag(&v, "warning", "/providerData/code", &["placeholder"]);
    assert_eq!(d["line"], 1);
    assert!(d["column"].as_u64().unwrap() > 50);
}

#[test]
fn seed_docushareflex_examples_are_valid_with_warnings() {
    for name in [
        "docushareflex-body.json",
        "docushareflex-curl.json",
        "docushareflex-ce-body.json",
        "docushareflex-ce-curl.json",
    ] {
        let (code, v) = validate_json(&seed(name));
        assert_eq!(code, 0, "{name}: {v}");
        expect_diag(
            &v,
            "warning",
            "/configuration/event.poller.configuration",
            &["publishes no default"],
        );
    }
    let (_, v) = validate_json(&seed("docushareflex-ce-body.json"));
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.api.key",
        &["<INSERT_API_KEY>"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/docushare.domain",
        &["<INSERT_DOCUSHARE_DOMAIN>"],
    );
    let (_, v) = validate_json(&seed("docushareflex-body.json"));
    expect_diag(&v, "warning", "/configuration/docushare.domain", &["empty"]);
}

#[test]
fn secrets_never_appear_in_diagnostics() {
    let src = std::fs::read_to_string(seed("sharefile-webhook-curl.json")).unwrap();
    let src = src.replace(
        "\"xxxxxxxxxxxxxxxxxxxxxxxxx\"",
        "\"short-signing-secret-1\"",
    );
    let src = src.replace("https;//", "https://");
    let (code, v, _) = validate_bytes(src.as_bytes());
    assert_eq!(code, 0, "{v}");
    let text = v.to_string();
    assert!(!text.contains("short-signing-secret-1"));
    assert!(!text.contains("xxxxxxxxxxxxxxxxxxxxxxxx\""), "{text}");
}

// ---------------------------------------------------------------------------------------------
// examples and schema

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn examples_are_valid_without_warnings() {
    let all = examples();
    assert_eq!(all.len(), 5);
    for p in all {
        let (code, v) = validate_json(&p);
        assert_eq!(code, 0, "{}: {v}", p.display());
        assert_eq!(v["diagnostics"], Value::Array(vec![]), "{}", p.display());
        pollctl()
            .args(["instance", "validate"])
            .arg(&p)
            .assert()
            .success()
            .stdout(predicates::str::contains("valid (0 warnings)"));
    }
}

fn schema(connector: Option<&str>) -> Value {
    let mut c = pollctl();
    c.args(["instance", "schema"]);
    if let Some(k) = connector {
        c.args(["--connector", k]);
    }
    let out = c.output().expect("runs");
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("schema is JSON")
}

#[test]
fn examples_validate_against_the_schema() {
    let any = schema(None);
    assert_eq!(
        any["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for p in examples() {
        let doc: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let key = doc["element"]["key"].as_str().unwrap().to_string();
        let own = schema(Some(&key));
        for (label, s) in [("any", &any), ("own", &own)] {
            let errs = mini_schema::check(s, s, &doc, "");
            assert!(
                errs.is_empty(),
                "{} vs {label} schema: {errs:?}",
                p.display()
            );
        }
    }
}

#[test]
fn schema_rejects_what_validation_rejects() {
    let own = schema(Some("egnyte"));
    let any = schema(None);
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/egnyte-polling.json")).unwrap(),
    )
    .unwrap();
    doc["configuration"]
        .as_object_mut()
        .unwrap()
        .remove("subdomain");
    assert!(!mini_schema::check(&own, &own, &doc, "").is_empty());
    assert!(
        !mini_schema::check(&any, &any, &doc, "").is_empty(),
        "allOf/if/then"
    );
    doc["configuration"]["subdomain"] = "acme".into();
    doc["configuration"]["event.poller.refresh_interval"] = "0".into();
    assert!(!mini_schema::check(&own, &own, &doc, "").is_empty());
    doc["configuration"]["event.poller.refresh_interval"] = 5.into();
    doc["configuration"]["event.poller.configuration"]["events"]
        .as_object_mut()
        .unwrap()
        .remove("idField");
    let errs = mini_schema::check(&own, &own, &doc, "");
    assert!(
        errs.iter()
            .any(|e| e.contains("event.poller.configuration")),
        "{errs:?}"
    );

    pollctl()
        .args(["instance", "schema", "--connector", "nope"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("known connectors: docushareflex"));
}

/// A minimal JSON Schema checker for the subset `pollctl instance schema` emits: type,
/// enum, const, required, properties, additionalProperties, items, anyOf, allOf, if/then,
/// $ref (local), minimum, minLength, pattern. (The `jsonschema` crate is not used: it is not
/// in the offline registry and would pull a large dependency tree.)
mod mini_schema {
    use serde_json::Value;

    pub fn check(root: &Value, s: &Value, v: &Value, at: &str) -> Vec<String> {
        let mut errs = Vec::new();
        let Some(obj) = s.as_object() else {
            return errs;
        };
        if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
            let target = r
                .trim_start_matches("#/")
                .split('/')
                .fold(root, |cur, seg| &cur[seg]);
            errs.extend(check(root, target, v, at));
        }
        if let Some(t) = obj.get("type").and_then(Value::as_str) {
            let ok = match t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "boolean" => v.is_boolean(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                "null" => v.is_null(),
                _ => true,
            };
            if !ok {
                errs.push(format!("{at}: not {t}"));
                return errs;
            }
        }
        if let Some(e) = obj.get("enum").and_then(Value::as_array)
            && !e.contains(v)
        {
            errs.push(format!("{at}: {v} not in {e:?}"));
        }
        if let Some(c) = obj.get("const")
            && c != v
        {
            errs.push(format!("{at}: {v} != {c}"));
        }
        if let (Some(min), Some(n)) = (obj.get("minimum").and_then(Value::as_f64), v.as_f64())
            && n < min
        {
            errs.push(format!("{at}: {n} < {min}"));
        }
        if let Some(s) = v.as_str() {
            if let Some(min) = obj.get("minLength").and_then(Value::as_u64)
                && (s.chars().count() as u64) < min
            {
                errs.push(format!("{at}: shorter than {min}"));
            }
            if let Some(p) = obj.get("pattern").and_then(Value::as_str)
                && !regex::Regex::new(p).expect("valid pattern").is_match(s)
            {
                errs.push(format!("{at}: {s:?} does not match {p}"));
            }
        }
        if let Some(m) = v.as_object() {
            if let Some(req) = obj.get("required").and_then(Value::as_array) {
                for r in req {
                    if let Some(r) = r.as_str()
                        && !m.contains_key(r)
                    {
                        errs.push(format!("{at}: missing {r}"));
                    }
                }
            }
            let props = obj.get("properties").and_then(Value::as_object);
            for (k, val) in m {
                let sub = format!("{at}/{k}");
                match props.and_then(|p| p.get(k)) {
                    Some(ps) => errs.extend(check(root, ps, val, &sub)),
                    None => match obj.get("additionalProperties") {
                        Some(Value::Bool(false)) => errs.push(format!("{sub}: not allowed")),
                        Some(ap @ Value::Object(_)) => errs.extend(check(root, ap, val, &sub)),
                        _ => {}
                    },
                }
            }
        }
        if let (Some(items), Some(a)) = (obj.get("items"), v.as_array()) {
            for (i, item) in a.iter().enumerate() {
                errs.extend(check(root, items, item, &format!("{at}/{i}")));
            }
        }
        if let Some(any) = obj.get("anyOf").and_then(Value::as_array)
            && !any.iter().any(|s| check(root, s, v, at).is_empty())
        {
            errs.push(format!("{at}: matches none of anyOf"));
        }
        if let Some(all) = obj.get("allOf").and_then(Value::as_array) {
            for s in all {
                errs.extend(check(root, s, v, at));
            }
        }
        if let Some(cond) = obj.get("if")
            && check(root, cond, v, at).is_empty()
            && let Some(then) = obj.get("then")
        {
            errs.extend(check(root, then, v, at));
        }
        errs
    }
}

// ---------------------------------------------------------------------------------------------
// bad input

#[test]
fn malformed_json_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    std::fs::write(
        &p,
        "{\n  \"element\": {\"key\": \"egnyte\"}\n  \"name\": \"x\"\n}\n",
    )
    .unwrap();
    let out = pollctl()
        .args(["instance", "validate"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{}:3:3: error: missing `,` between members",
            p.display()
        )),
        "{stdout}"
    );
    assert!(stdout.contains("  hint: add a comma"), "{stdout}");
    // Parsing goes on after the missing comma, so the missing configuration is reported too.
    assert!(
        stdout.contains("error: missing \"configuration\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("invalid (2 errors, 0 warnings)"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error(s) in the instance JSON"), "{stderr}");

    let (code, v, _) = validate_bytes(b"{\"element\": {\"key\": 'egnyte'}}");
    assert_eq!(code, 3);
    let d = &v["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(21))
    );
    assert!(d["hint"].as_str().unwrap().contains("double quotes"));
}

#[test]
fn array_instead_of_object() {
    let src = std::fs::read_to_string(root().join("examples/egnyte-polling.json")).unwrap();
    let (code, v, _) = validate_bytes(format!("[{src}]").as_bytes());
    assert_eq!(code, 3);
    let d = expect_diag(&v, "error", "", &["must be a JSON object", "an array"]);
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("remove the surrounding")
    );
}

#[test]
fn unknown_connector_lists_known_ones() {
    let (code, v, _) = validate_bytes(br#"{"element": {"key": "Egnyte"}, "configuration": {}}"#);
    assert_eq!(code, 3);
    let d = expect_diag(
        &v,
        "error",
        "/element/key",
        &["unknown connector", "Egnyte"],
    );
    let hint = d["hint"].as_str().unwrap();
    assert!(hint.contains("did you mean \"egnyte\""), "{hint}");
    assert!(hint.contains("docushareflex, egnyte, sharefile, googlesuite"));
}

#[test]
fn ten_megabyte_file_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.json");
    std::fs::write(&p, vec![b' '; 10 * 1024 * 1024]).unwrap();
    let (code, v) = validate_json(&p);
    assert_eq!(code, 3);
    expect_diag(
        &v,
        "error",
        "",
        &["file is 10485760 bytes", "limited to 1048576 bytes (1 MiB)"],
    );
    // Through stdin the size is not known up front.
    let (code, v, _) = validate_bytes(&vec![b' '; 2 * 1024 * 1024]);
    assert_eq!(code, 3);
    expect_diag(&v, "error", "", &["larger than the limit"]);
}

#[test]
fn invalid_utf8_and_empty_input() {
    let (code, v, _) = validate_bytes(b"{\n  \"name\": \"caf\xe9\"\n}");
    assert_eq!(code, 3);
    let d = expect_diag(&v, "error", "", &["invalid UTF-8", "0xe9"]);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(15))
    );

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.json");
    std::fs::write(&p, "").unwrap();
    let (code, v) = validate_json(&p);
    assert_eq!(code, 3);
    expect_diag(&v, "error", "", &["empty input"]);
}

#[test]
fn stdin_dash_text_output() {
    let src = std::fs::read(root().join("examples/sharefile-webhook.json")).unwrap();
    pollctl()
        .args(["instance", "validate", "-"])
        .write_stdin(src)
        .assert()
        .success()
        .stdout("<stdin>: valid (0 warnings)\n");
}

#[test]
fn missing_file_exits_1_naming_the_path() {
    pollctl()
        .args(["instance", "validate", "/nonexistent/dir/instance.json"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "cannot read /nonexistent/dir/instance.json",
        ));
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let (code, v) = validate_json(&seed("egnyte-example.json"));
    assert_eq!(code, 3);
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["diagnostics", "valid"]);
    for d in v["diagnostics"].as_array().unwrap() {
        let mut k: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort();
        assert_eq!(
            k,
            ["column", "hint", "line", "message", "pointer", "severity"]
        );
        assert!(d["line"].as_u64().unwrap() >= 1);
        assert!(d["column"].as_u64().unwrap() >= 1);
        assert!(d["hint"].is_string() || d["hint"].is_null());
    }
}

#[test]
fn wrong_types_and_typos() {
    let src = std::fs::read_to_string(root().join("examples/egnyte-polling.json")).unwrap();
    let bad = src
        .replace("\"event.notification.enabled\": true", "\"event.notification.enabled\": \"yes\"")
        .replace("\"15\"", "1.5")
        .replace("\"idField\"", "\"idFeild\"")
        .replace("\"url\": \"/hubs/documents/events\"", "\"url\": \"/hubs/documents/events?since=${gmtDate:yyyy\", \"filterByUpdateDate\": false")
        .replace("\"updatedDateTimezone\": \"GMT\"", "\"updatedDateTimezone\": \"Mars/Olympus\"")
        .replace("https://mycoolapp.com/events", "http://mycoolapp.com/events")
        .replace(
            "\"createdDateFormat\": \"yyyy-MM-dd'T'HH:mm:ss.SSSX\"",
            "\"createdDateFormat\": \"yyyy-MM-ddTHH:mm\"",
        )
        .replace("\"createdDateTimezone\": \"GMT\"", "\"createdDateTimezone\": \"-8:00\"");
    let (code, v, _) = validate_bytes(bad.as_bytes());
    assert_eq!(code, 3);
    let res = "/configuration/event.poller.configuration/events";
    expect_diag(
        &v,
        "error",
        "/configuration/event.notification.enabled",
        &["true or false", "\"yes\""],
    );
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["whole number", "1.5"],
    );
    let d = expect_diag(&v, "warning", &format!("{res}/idFeild"), &["typo"]);
    assert_eq!(d["hint"], "did you mean \"idField\"?");
    expect_diag(&v, "error", &format!("{res}/idField"), &["no \"idField\""]);
    expect_diag(
        &v,
        "error",
        &format!("{res}/url"),
        &["URL macro", "never closed"],
    );
    expect_diag(
        &v,
        "warning",
        &format!("{res}/filterByUpdateDate"),
        &["read as", "filterByUpdatedDate"],
    );
    expect_diag(
        &v,
        "error",
        &format!("{res}/datesConfiguration/updatedDateTimezone"),
        &["Mars/Olympus"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.notification.callback.url",
        &["not https"],
    );
    let d = expect_diag(
        &v,
        "error",
        &format!("{res}/datesConfiguration/createdDateFormat"),
        &["yyyy-MM-ddTHH:mm", "'T'"],
    );
    assert_eq!(d["line"], 25);
    // An offset zone with a colon is a valid zone: no diagnostic for it.
    assert!(!v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["pointer"]
            .as_str()
            .unwrap()
            .ends_with("createdDateTimezone")
    }));
    assert_eq!(count(&v, "error"), 6, "{v}");
}

// ---------------------------------------------------------------------------------------------
// connectors

#[test]
fn connectors_list_text_and_json() {
    let out = pollctl().args(["connectors", "list"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("KEY"));
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("docushareflex") && lines[1].contains("pollctl's own"));
    assert!(lines[3].contains("polling, webhook"));

    let out = pollctl()
        .args(["connectors", "list", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["docushareflex", "egnyte", "sharefile", "googlesuite"]
    );
    assert_eq!(v[3]["hub"], "general");
    assert_eq!(v[0]["defaultPollerOrigin"], "pollctl");
    assert_eq!(v[1]["requiredKeys"][3], "subdomain");
}

#[test]
fn connectors_show_text_and_json() {
    pollctl()
        .args(["connectors", "show", "egnyte"])
        .assert()
        .success()
        .stdout(predicates::str::contains("subdomain (required)"))
        .stdout(predicates::str::contains(
            "oauth.api.secret (required, secret)",
        ))
        .stdout(predicates::str::contains(
            "\"url\": \"/hubs/documents/events\"",
        ))
        .stdout(predicates::str::contains("overridable"))
        .stdout(predicates::str::contains(
            "https://{subdomain}.egnyte.com/puboauth/token",
        ));
    pollctl()
        .args(["connectors", "show", "docushareflex"])
        .assert()
        .success()
        .stdout(predicates::str::contains("pollctl's own"));

    let out = pollctl()
        .args(["connectors", "show", "sharefile", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["eventTypes"], serde_json::json!(["polling", "webhook"]));
    assert_eq!(v["defaultPollerOrigin"], "published");
    assert_eq!(v["oauth"]["overridable"], true);
    assert_eq!(
        v["defaultPollerConfiguration"]["documents"]["idField"],
        "id"
    );
    let secret = v["configuration"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "oauth.api.secret")
        .unwrap();
    assert_eq!(secret["secret"], true);

    pollctl()
        .args(["connectors", "show", "dropbox"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "unknown connector \"dropbox\"; known connectors: docushareflex, egnyte, sharefile, googlesuite",
        ));
}

/// A provisioned instance saved from the `POST /instances` response keeps `id`, `token` and
/// the other response fields: they are known keys, not typos, and the token is never echoed.
#[test]
fn provisioned_instance_response_fields_are_accepted() {
    let body = br#"{"id": 4242, "token": "SECRET-TOKEN-VALUE", "createdDate": "2024-01-01T00:00:00Z",
        "valid": true, "element": {"key": "googlesuite"}, "name": "x",
        "configuration": {"oauth.api.key": "cid", "oauth.api.secret": "s3", "oauth.callback.url": "https://a.example/cb",
          "event.notification.enabled": true, "event.notification.callback.url": "https://a.example/ev",
          "event.poller.refresh_interval": "5"}}"#;
    let (code, v, stderr) = validate_bytes(body);
    assert_eq!(code, 0, "{v}");
    assert_eq!(count(&v, "warning"), 0, "{v}");
    assert!(
        !v.to_string().contains("SECRET-TOKEN-VALUE") && !stderr.contains("SECRET-TOKEN-VALUE")
    );
}
