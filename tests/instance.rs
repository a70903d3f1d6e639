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
    validate_json_args(path, &[])
}

/// The seeds are the vendor's documentation templates (placeholders, empty values): they are
/// validated with `--template`, which makes unfilled required values warnings.
fn validate_template(path: &Path) -> (i32, Value) {
    validate_json_args(path, &["--template"])
}

fn validate_json_args(path: &Path, extra: &[&str]) -> (i32, Value) {
    let out = pollctl()
        .args(["instance", "validate", "--format", "json"])
        .args(extra)
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
    validate_bytes_args(bytes, &[])
}

fn validate_bytes_args(bytes: &[u8], extra: &[&str]) -> (i32, Value, String) {
    let out = pollctl()
        .args(["instance", "validate", "--format", "json"])
        .args(extra)
        .arg("-")
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
    let (code, v) = validate_template(&seed("sharefile-polling-curl.json"));
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
    let (code, v) = validate_template(&seed("sharefile-polling-body.json"));
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
        let (code, v) = validate_template(&seed(name));
        assert_eq!(code, 3, "{name}");
        expect_diag(
            &v,
            "error",
            "/configuration/oauth.callback.url",
            &["https;//"],
        );
        assert_eq!(count(&v, "error"), 1, "{name}: {v}");
    }
    let (_, v) = validate_template(&seed("sharefile-webhook-curl.json"));
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
        let (code, v) = validate_template(&seed(name));
        assert_eq!(code, 3, "{name}");
        let base = "/configuration/event.poller.configuration/events/datesConfiguration";
        // The pointer addresses the key as written (issue 12 item 4: it used to name
        // `createdDateFormat`, which is not in the file).
        let d = expect_diag(
            &v,
            "error",
            &format!("{base}/createdAtFormat"),
            &["unbalanced quote"],
        );
        let doc: Value = serde_json::from_slice(&std::fs::read(seed(name)).unwrap()).unwrap();
        for d in v["diagnostics"].as_array().unwrap() {
            let p = d["pointer"].as_str().unwrap();
            if p.starts_with(base) {
                assert!(doc.pointer(p).is_some(), "{name}: {p} is not in the file");
            }
        }
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
    let (_, v) = validate_template(&seed("egnyte-example.json"));
    assert_eq!(count(&v, "error"), 1);
    let (_, v) = validate_template(&seed("egnyte-body.json"));
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["empty"],
    );
}

#[test]
fn seed_google_empty_id_field_and_placeholders() {
    let (code, v) = validate_template(&seed("googlesuite-curl.json"));
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

    let (code, v) = validate_template(&seed("googlesuite-body.json"));
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
        let (code, v) = validate_template(&seed(name));
        assert_eq!(code, 0, "{name}: {v}");
        expect_diag(
            &v,
            "warning",
            "/configuration/event.poller.configuration",
            &["publishes no default"],
        );
    }
    let (_, v) = validate_template(&seed("docushareflex-ce-body.json"));
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
    let (_, v) = validate_template(&seed("docushareflex-body.json"));
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
    let (code, v, _) = validate_bytes_args(src.as_bytes(), &["--template"]);
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

/// A JSON Schema validator pollctl did not write: Ajv (draft 2020-12, strict mode) from
/// `tools/schema` (`npm ci --prefix tools/schema`), and the Python `jsonschema` package.
/// Under CI=true a missing tool fails the test; elsewhere the test says it skips.
#[derive(Clone, Copy, Debug)]
enum SchemaTool {
    Ajv,
    PythonJsonschema,
}

impl SchemaTool {
    fn available(self) -> Result<(), String> {
        match self {
            SchemaTool::Ajv => {
                let ok = root()
                    .join("tools/schema/node_modules/ajv/package.json")
                    .exists()
                    && std::process::Command::new("node")
                        .arg("--version")
                        .output()
                        .is_ok_and(|o| o.status.success());
                ok.then_some(()).ok_or_else(|| {
                    "Ajv is not installed: run `npm ci --prefix tools/schema` (needs node)".into()
                })
            }
            SchemaTool::PythonJsonschema => std::process::Command::new("python3")
                .args(["-c", "import jsonschema"])
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| ())
                .ok_or_else(|| {
                    "the Python jsonschema package is missing: pip install jsonschema".into()
                }),
        }
    }

    /// Validate `(schema name, document)` cases; each schema must compile (strictly for Ajv).
    fn run(self, schemas: &Value, cases: &[(String, Value)]) -> Vec<(bool, Vec<String>)> {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("input.json");
        let cases: Vec<Value> = cases
            .iter()
            .map(|(s, d)| serde_json::json!({"schema": s, "doc": d}))
            .collect();
        std::fs::write(
            &input,
            serde_json::to_vec(&serde_json::json!({"schemas": schemas, "cases": cases})).unwrap(),
        )
        .unwrap();
        let out = match self {
            SchemaTool::Ajv => std::process::Command::new("node")
                .arg(root().join("tools/schema/check.mjs"))
                .arg(&input)
                .output(),
            SchemaTool::PythonJsonschema => std::process::Command::new("python3")
                .arg(root().join("tools/schema/check.py"))
                .arg(&input)
                .output(),
        }
        .expect("the checker runs");
        assert!(
            out.status.success(),
            "{self:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Vec<Value> = serde_json::from_slice(&out.stdout).expect("checker output is JSON");
        v.iter()
            .map(|r| {
                (
                    r["valid"].as_bool().unwrap(),
                    r["errors"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| e.as_str().unwrap_or_default().to_string())
                        .collect(),
                )
            })
            .collect()
    }
}

/// The tools present; a missing one fails under CI=true and is skipped loudly elsewhere.
fn schema_tools() -> Vec<SchemaTool> {
    let mut tools = Vec::new();
    for t in [SchemaTool::Ajv, SchemaTool::PythonJsonschema] {
        match t.available() {
            Ok(()) => tools.push(t),
            Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!("CI=true and {t:?} is unavailable: {why} (.ci/run installs it)")
            }
            Err(why) => eprintln!("SKIPPING the {t:?} half of this test: {why}"),
        }
    }
    tools
}

/// Every schema pollctl prints: the generic one and one per catalog connector.
fn all_schemas() -> Value {
    let mut m = serde_json::Map::new();
    m.insert("any".into(), schema(None));
    for key in [
        "docushareflex",
        "egnyte",
        "sharefile",
        "googlesuite",
        "hubspotcrm",
    ] {
        m.insert(key.into(), schema(Some(key)));
    }
    Value::Object(m)
}

#[test]
fn schemas_compile_under_ajv_strict_mode_and_examples_pass() {
    let any = schema(None);
    assert_eq!(
        any["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let schemas = all_schemas();
    let mut cases = Vec::new();
    for p in examples() {
        let doc: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let key = doc["element"]["key"].as_str().unwrap().to_string();
        cases.push(("any".to_string(), doc.clone()));
        cases.push((key, doc));
    }
    for tool in schema_tools() {
        for ((name, doc), (valid, errors)) in cases.iter().zip(tool.run(&schemas, &cases)) {
            assert!(
                valid,
                "{tool:?}: {} vs the {name} schema: {errors:?}",
                doc["name"]
            );
        }
    }
}

/// Set/remove JSON Pointers in a document.
fn apply(doc: &mut Value, set: &serde_json::Map<String, Value>, remove: &[Value]) {
    for p in remove {
        let p = p.as_str().unwrap();
        let (parent, key) = p.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {parent}"))
            .remove(key);
    }
    for (p, v) in set {
        let (parent, key) = p.rsplit_once('/').unwrap();
        doc.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap_or_else(|| panic!("no object at {parent}"))
            .insert(key.to_string(), v.clone());
    }
}

/// One case table, three judges: `instance validate` (exit 0 ⇔ valid), Ajv in strict mode and
/// Python jsonschema, with the generic schema and the connector's own.
#[test]
fn schema_and_validator_agree_on_the_case_table() {
    let table: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/schema-cases.json")).unwrap(),
    )
    .unwrap();
    let base: Value = serde_json::from_slice(
        &std::fs::read(root().join(table["base"].as_str().unwrap())).unwrap(),
    )
    .unwrap();
    let schemas = all_schemas();
    let mut docs = Vec::new();
    let mut cases = Vec::new();
    for case in table["cases"].as_array().unwrap() {
        let mut doc = base.clone();
        apply(
            &mut doc,
            case["set"].as_object().unwrap(),
            case["remove"].as_array().unwrap(),
        );
        let name = case["name"].as_str().unwrap().to_string();
        let want = case["valid"].as_bool().unwrap();
        let report = pollctl::instance::validate::validate(&serde_json::to_vec(&doc).unwrap());
        assert_eq!(
            report.is_valid(),
            want,
            "validator on {name:?}: {:?}",
            report.diagnostics
        );
        let own = doc["element"]["key"]
            .as_str()
            .filter(|k| schemas.get(*k).is_some())
            .unwrap_or("any")
            .to_string();
        for s in ["any".to_string(), own] {
            docs.push((name.clone(), want));
            cases.push((s, doc.clone()));
        }
    }
    let tools = schema_tools();
    for tool in &tools {
        let results = tool.run(&schemas, &cases);
        let mut disagreements = Vec::new();
        for (((name, want), (schema, _)), (valid, errors)) in docs.iter().zip(&cases).zip(results) {
            if valid != *want {
                disagreements.push(format!(
                    "{name:?} with the {schema} schema: expected valid={want}, {tool:?} says {valid} {errors:?}"
                ));
            }
        }
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    }
    println!(
        "{} cases agree in the validator and {} schema checker(s)",
        docs.len() / 2,
        tools.len()
    );
}

#[test]
fn schema_for_an_unknown_connector_is_the_generic_one() {
    let s = schema(Some("hubspotcrm"));
    assert!(s["properties"]["configuration"].get("required").is_none());
    pollctl()
        .args(["instance", "schema", "--connector", "Not A Key"])
        .assert()
        .code(3)
        .stderr(predicates::str::contains("is not a connector key"));
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
    // A catalog key in the wrong case is an error (the platform's keys are exact); any other
    // well-formed key is a connector outside the catalog (see the devportal fixtures).
    let (code, v, _) = validate_bytes(br#"{"element": {"key": "Egnyte"}, "configuration": {}}"#);
    assert_eq!(code, 3);
    let d = expect_diag(
        &v,
        "error",
        "/element/key",
        &["not a connector key", "Egnyte"],
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
    let (code, v) = validate_template(&seed("egnyte-example.json"));
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
    // An offset zone with a colon is a valid zone: no error for it, but Java's TimeZone reads
    // "-8:00" as GMT (checked with OpenJDK 17), which pollctl says.
    assert!(!v["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["severity"] == "error"
            && d["pointer"]
                .as_str()
                .unwrap()
                .ends_with("createdDateTimezone")
    }));
    expect_diag(
        &v,
        "warning",
        &format!("{res}/datesConfiguration/createdDateTimezone"),
        &["reads GMT", "GMT-08:00"],
    );
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
    assert_eq!(lines.len(), 9, "{text}");
    assert!(
        text.contains("Any other Cloud Elements connector key"),
        "{text}"
    );
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
            "\"dropbox\" is not in pollctl's catalog (docushareflex, egnyte, sharefile, googlesuite); other connectors work generically",
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

// ---------------------------------------------------------------------------------------------
// every Cloud Elements poller configuration (issue 12): fixtures written from the vendor's
// public element pages (cloud-elements/devportal; tests/fixtures/devportal/README.md names the
// document of each)

fn devportal(name: &str) -> PathBuf {
    root().join("tests/fixtures/devportal").join(name)
}

/// (fixture, exit code, expected diagnostics: severity, pointer, words)
type Expectation = (
    &'static str,
    i32,
    &'static [(&'static str, &'static str, &'static [&'static str])],
);

const P: &str = "/configuration/event.poller.configuration";

#[test]
fn devportal_fixtures_get_sensible_answers() {
    let table: &[Expectation] = &[
        (
            "revel.events.md.json",
            0,
            &[
                (
                    "warning",
                    "/element/key",
                    &["not in pollctl's catalog", "checked generically"],
                ),
                (
                    "warning",
                    "/configuration/event.poller.configuration/employees/url",
                    &["${DateTimeZone:…}", "not documented"],
                ),
            ],
        ),
        (
            "plaid.events.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.configuration/transactions/xPath",
                &["ignored"],
            )],
        ),
        ("zendesk.events.md.json", 0, &[]),
        (
            "zohocrm.events.md.json",
            0,
            &[
                (
                    "warning",
                    "/configuration/event.poller.configuration/accounts/url",
                    &["{TimeZone}", "no value"],
                ),
                (
                    "warning",
                    "/configuration/event.poller.configuration/accounts/datesConfiguration/updatedDateTimezone",
                    &["{TimeZone}", "GMT"],
                ),
            ],
        ),
        (
            "stripe.events.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.configuration/events/pageSize",
                &["10000", "5000"],
            )],
        ),
        (
            "linkedin.events.md.json",
            3,
            &[
                (
                    "error",
                    "/configuration/event.poller.configuration/companies~1{id}~1updates~1comments/datesConfiguration/updatedDateFormat",
                    &["milliseconds'", "unbalanced quote"],
                ),
                (
                    "warning",
                    "/configuration/event.poller.configuration/companies~1{id}~1updates~1comments/idField",
                    &["empty"],
                ),
            ],
        ),
        (
            "docusign.create-instance.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.urls",
                &["legacy format", "\"id\""],
            )],
        ),
        (
            "hubspot.create-instance.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.urls",
                &["object names (contacts, accounts)", "does not poll them"],
            )],
        ),
        (
            "quickbooks.events.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.urls",
                &["bill-payments, bills"],
            )],
        ),
        (
            "sftp.create-instance.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.configuration",
                &["\"\"", "not set"],
            )],
        ),
        (
            "brandfolder.create-instance.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.configuration",
                &["ignored", "webhook"],
            )],
        ),
        (
            "activecampaignv2.element-builder-events.md.json",
            0,
            &[
                (
                    "warning",
                    "/configuration/event.poller.configuration/deals/url",
                    &["fixed date", "2017-02-28", "never moves"],
                ),
                (
                    "warning",
                    "/configuration/event.poller.configuration/deals/datesConfiguration/createdDateTimezone",
                    &["empty", "not set"],
                ),
            ],
        ),
        (
            "egnyte.element-builder-events.md.json",
            3,
            &[(
                "error",
                "/configuration/event.poller.configuration/events/datesConfiguration/createdAtFormat",
                &["unbalanced quote"],
            )],
        ),
        (
            "eloqua-activities.unix-time.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.configuration/activities/url",
                &["Unix time", "Java", "epoch seconds", "${epoch:s}"],
            )],
        ),
        ("slack.create-instance.md.json", 0, &[]),
        (
            "sfdc.polling-guide-legacy.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.urls",
                &["legacy format"],
            )],
        ),
        (
            "sharefile.create-instance.md.json",
            0,
            &[(
                "warning",
                "/configuration/event.poller.urls",
                &["legacy format"],
            )],
        ),
    ];
    let mut outside = std::collections::BTreeSet::new();
    for (name, code, expected) in table {
        let path = devportal(name);
        let (got, v) = validate_json(&path);
        assert_eq!(got, *code, "{name}: {v:#}");
        for (severity, pointer, words) in *expected {
            expect_diag(&v, severity, pointer, words);
        }
        // Every pointer addresses something in the file (or its poller JSON string).
        let doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for d in v["diagnostics"].as_array().unwrap() {
            let p = d["pointer"].as_str().unwrap();
            let inner = doc["configuration"]["event.poller.configuration"]
                .as_str()
                .and_then(|s| serde_json::from_str::<Value>(s).ok());
            let found = doc.pointer(p).is_some()
                || p.strip_prefix(P)
                    .is_some_and(|rest| inner.as_ref().is_some_and(|i| i.pointer(rest).is_some()));
            assert!(found, "{name}: pointer {p} is not in the file");
        }
        let key = doc["element"]["key"].as_str().unwrap().to_string();
        if !["docushareflex", "egnyte", "sharefile", "googlesuite"].contains(&key.as_str()) {
            outside.insert(key);
        }
    }
    assert!(
        outside.len() >= 12,
        "a dozen connectors outside the catalog: {outside:?}"
    );
}

#[test]
fn unfilled_required_values_are_errors_unless_template() {
    // The vendor's own Eloqua page: placeholders everywhere.
    let eloqua = devportal("eloqua.events.md.json");
    let (code, v) = validate_json(&eloqua);
    assert_eq!(code, 3, "{v:#}");
    expect_diag(&v, "error", "/providerData/code", &["placeholder"]);
    expect_diag(
        &v,
        "error",
        "/configuration/oauth.api.key",
        &["<INSERT_ELOQUA_CLIENT_ID>"],
    );
    expect_diag(
        &v,
        "error",
        "/configuration/oauth.api.secret",
        &["placeholder"],
    );
    expect_diag(
        &v,
        "error",
        "/configuration/event.notification.callback.url",
        &["placeholder"],
    );
    expect_diag(
        &v,
        "warning",
        "/configuration/event.poller.configuration",
        &["nothing to poll"],
    );
    let (code, v) = validate_template(&eloqua);
    assert_eq!(code, 0, "{v:#}");
    expect_diag(
        &v,
        "warning",
        "/configuration/oauth.api.key",
        &["allowed in a template"],
    );
    // The classic CI failure: an unset variable substituted as "".
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/egnyte-polling.json")).unwrap(),
    )
    .unwrap();
    doc["configuration"]["oauth.api.secret"] = "".into();
    let (code, v, _) = validate_bytes(&serde_json::to_vec(&doc).unwrap());
    assert_eq!(code, 3);
    expect_diag(&v, "error", "/configuration/oauth.api.secret", &["empty"]);
}

#[test]
fn numbers_are_bounded_with_the_key_and_the_bound() {
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/egnyte-polling.json")).unwrap(),
    )
    .unwrap();
    doc["configuration"]["event.poller.configuration"]["events"]["pollDelay"] =
        serde_json::json!(9_999_999_999_999u64);
    doc["configuration"]["event.poller.refresh_interval"] = "99999999999999999999999".into();
    let (code, v, _) = validate_bytes(&serde_json::to_vec(&doc).unwrap());
    assert_eq!(code, 3);
    expect_diag(
        &v,
        "error",
        &format!("{P}/events/pollDelay"),
        &["\"pollDelay\"", "at most 2592000 seconds", "9999999999999"],
    );
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.refresh_interval",
        &["at most 525600 minutes"],
    );
}

#[test]
fn migrate_prints_the_json_form_in_the_order_written() {
    let out = pollctl()
        .args(["instance", "migrate"])
        .arg(devportal("sfdc.polling-guide-legacy.json"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert!(v["configuration"].get("event.poller.urls").is_none());
    let pc = &v["configuration"]["event.poller.configuration"];
    assert_eq!(pc["accounts"]["idField"], "id");
    assert_eq!(
        pc["accounts"]["datesConfiguration"]["updatedDateTimezone"],
        "GMT"
    );
    assert!(
        pc["contacts"]["datesConfiguration"]
            .get("updatedDateTimezone")
            .is_none()
    );
    assert!(text.find("\"accounts\"").unwrap() < text.find("\"contacts\"").unwrap());
    // The output is itself a valid instance, and polls the same resources.
    let (code, v2, _) = validate_bytes(text.as_bytes());
    assert_eq!(code, 0, "{v2:#}");
    assert!(!v2.to_string().contains("legacy format"));

    // Names only, nothing to convert, or both formats: exit 3 with the reason.
    for (fixture, words) in [
        ("hubspot.create-instance.md.json", "lists object names"),
        ("zendesk.events.md.json", "nothing to migrate"),
    ] {
        pollctl()
            .args(["instance", "migrate"])
            .arg(devportal(fixture))
            .assert()
            .code(3)
            .stderr(predicates::str::contains(words));
    }
}

#[test]
fn both_formats_the_json_one_wins_with_a_warning() {
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/egnyte-polling.json")).unwrap(),
    )
    .unwrap();
    doc["configuration"]["event.poller.urls"] = "other|/hubs/documents/other".into();
    let (code, v, _) = validate_bytes(&serde_json::to_vec(&doc).unwrap());
    assert_eq!(code, 0);
    expect_diag(
        &v,
        "warning",
        "/configuration/event.poller.urls",
        &["JSON configuration wins", "ignored"],
    );
}

#[test]
fn legacy_errors_name_the_line_and_field_at_their_position() {
    let src = "{\"element\":{\"key\":\"sfdc\"},\"configuration\":{\n\"event.poller.urls\":\"a|/hubs/crm/a||Updated|yyyy-MM-dd'T'HH:mm:ss.SSSX'\\nb|/hubs/crm/b||U|yyyy|Mars/Base\"}}";
    let (code, v, _) = validate_bytes(src.as_bytes());
    assert_eq!(code, 3, "{v:#}");
    let d = expect_diag(
        &v,
        "error",
        "/configuration/event.poller.urls",
        &["line 1, field 5 (updatedDateFormat)", "unbalanced quote"],
    );
    // Line 2 of the file, at the pattern's first character inside the string.
    let col = src
        .lines()
        .nth(1)
        .unwrap()
        .find("yyyy-MM-dd'T'HH:mm:ss.SSSX'")
        .unwrap()
        + 1;
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(col as u64))
    );
    expect_diag(
        &v,
        "error",
        "/configuration/event.poller.urls",
        &["line 2, field 6 (updatedDateTimezone)", "Mars/Base"],
    );
}

/// The sandbox's generic hub serves connectors outside the catalog, and the legacy format
/// polls end to end: provision each fixture there, then `pollctl poll --once` it.
mod sandbox_end_to_end {
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};

    use serde_json::{Value, json};

    const AUTH: &str = "User sandbox-user, Organization sandbox-org";
    const CLOCK: &str = "2026-03-01T12:00:00Z";

    struct Sandbox {
        child: Child,
        base: String,
    }

    impl Drop for Sandbox {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn spawn() -> Sandbox {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
            .args(["sandbox", "--seed", "12", "--clock", CLOCK])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn pollctl sandbox");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        Sandbox {
            child,
            base: first.trim().to_string(),
        }
    }

    async fn provision(http: &reqwest::Client, base: &str, fixture: &str) -> Value {
        let mut body: Value =
            serde_json::from_slice(&std::fs::read(super::devportal(fixture)).unwrap()).unwrap();
        let key = body["element"]["key"].as_str().unwrap().to_string();
        let api_key = body["configuration"]["oauth.api.key"]
            .as_str()
            .unwrap()
            .to_string();
        let v: Value = http
            .get(format!("{base}/elements/{key}/oauth/url"))
            .query(&[
                ("apiKey", api_key.as_str()),
                ("apiSecret", "s3cret"),
                ("callbackUrl", "https://app.example/cb"),
            ])
            .header("Authorization", AUTH)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let consent = v["oauthUrl"].as_str().unwrap_or_else(|| panic!("{v}"));
        let r = http.get(consent).send().await.unwrap();
        let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
        let code = loc
            .query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        body["providerData"] = json!({"code": code});
        let r = http
            .post(format!("{base}/instances"))
            .header("Authorization", AUTH)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert_eq!(status, 200, "{fixture}: {v}");
        body["id"] = v["id"].clone();
        body["token"] = v["token"].clone();
        body
    }

    async fn code_for(http: &reqwest::Client, base: &str, key: &str, api_key: &str) -> String {
        let v: Value = http
            .get(format!("{base}/elements/{key}/oauth/url"))
            .query(&[
                ("apiKey", api_key),
                ("apiSecret", "s3cret"),
                ("callbackUrl", "https://app.example/cb"),
            ])
            .header("Authorization", AUTH)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let r = http
            .get(v["oauthUrl"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        let loc = url::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
        loc.query_pairs()
            .find(|(k, _)| k == "code")
            .map(|(_, v)| v.into_owned())
            .unwrap()
    }

    /// `instance create --connector zendesk --post` provisions a connector outside the
    /// catalog; `poll NAME` then polls it by its registry name.
    #[tokio::test]
    async fn create_post_and_poll_a_connector_outside_the_catalog() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let sb = spawn();
        let code = code_for(&http, &sb.base, "zendesk", "client-zd").await;
        let dir = tempfile::tempdir().unwrap();
        let poller = dir.path().join("poller.json");
        let zendesk: Value = serde_json::from_slice(
            &std::fs::read(super::devportal("zendesk.events.md.json")).unwrap(),
        )
        .unwrap();
        std::fs::write(
            &poller,
            serde_json::to_vec(&zendesk["configuration"]["event.poller.configuration"]).unwrap(),
        )
        .unwrap();
        let (state, base) = (dir.path().join("state"), sb.base.clone());
        let run = move |args: Vec<String>| {
            assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
                .args(&args)
                .env("POLLCTL_STATE_DIR", &state)
                .env("POLLCTL_BASE_URL", &base)
                .env("POLLCTL_USER_SECRET", "sandbox-user")
                .env("POLLCTL_ORG_SECRET", "sandbox-org")
                .env("POLLCTL_CLIENT_SECRET", "s3cret")
                .env_remove("POLLCTL_ELEMENT_TOKEN")
                .env_remove("POLLCTL_CONFIG")
                .timeout(std::time::Duration::from_secs(60))
                .output()
                .unwrap()
        };
        let create: Vec<String> = [
            "instance",
            "create",
            "--connector",
            "zendesk",
            "--post",
            "--name",
            "sbx-zendesk",
            "--api-key",
            "client-zd",
            "--set",
            "zendesk.subdomain=acme",
            "--oauth-callback-url",
            "https://app.example/cb",
            "--callback-url",
            "https://hooks.example/in",
            "--code",
            &code,
            "--poller-config",
            poller.to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let out = tokio::task::spawn_blocking({
            let run = run.clone();
            move || run(create)
        })
        .await
        .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let poll: Vec<String> = [
            "poll",
            "sbx-zendesk",
            "--once",
            "--since",
            "2026-03-01T11:00:00Z",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let out = tokio::task::spawn_blocking(move || run(poll))
            .await
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let events = super::lines_of(&out.stdout);
        assert!(!events.is_empty());
        for e in &events {
            assert_eq!(e["elementKey"], "zendesk", "{e}");
            assert_eq!(e["hubKey"], "helpdesk", "{e}");
            assert_eq!(e["objectType"], "users", "{e}");
        }
    }

    fn poll_once(base: &str, body: &Value) -> Vec<Value> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("instance.json");
        std::fs::write(&file, serde_json::to_vec(body).unwrap()).unwrap();
        let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("pollctl"))
            .args(["--base-url", base, "--state-dir"])
            .arg(dir.path().join("state"))
            .arg("poll")
            .arg(&file)
            .args(["--once", "--since", "2026-03-01T11:00:00Z"])
            .env("POLLCTL_USER_SECRET", "sandbox-user")
            .env("POLLCTL_ORG_SECRET", "sandbox-org")
            .env_remove("POLLCTL_ELEMENT_TOKEN")
            .env_remove("POLLCTL_CONFIG")
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        super::lines_of(&out.stdout)
    }

    #[tokio::test]
    async fn connectors_outside_the_catalog_and_the_legacy_format_poll_against_the_sandbox() {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let sb = spawn();
        for (fixture, element, hub, resources) in [
            (
                "sfdc.polling-guide-legacy.json",
                "sfdc",
                "crm",
                &["accounts", "contacts"][..],
            ),
            (
                "zendesk.events.md.json",
                "zendesk",
                "helpdesk",
                &["users"][..],
            ),
            (
                "revel.events.md.json",
                "revel",
                "employee",
                &["employees"][..],
            ),
            (
                "sharefile.create-instance.md.json",
                "sharefile",
                "documents",
                &["documents"][..],
            ),
        ] {
            let body = provision(&http, &sb.base, fixture).await;
            let events = poll_once(&sb.base, &body);
            assert!(!events.is_empty(), "{fixture}: no events");
            let mut seen = std::collections::BTreeSet::new();
            for e in &events {
                let ev = e;
                assert_eq!(ev["elementKey"], element, "{fixture}: {e}");
                assert_eq!(ev["hubKey"], hub, "{fixture}: {e}");
                seen.insert(ev["objectType"].as_str().unwrap().to_string());
            }
            let want: std::collections::BTreeSet<String> =
                resources.iter().map(|s| s.to_string()).collect();
            assert_eq!(seen, want, "{fixture}");
        }
    }
}

fn lines_of(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn create_builds_an_instance_for_a_connector_outside_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret");
    std::fs::write(&secret, "s3cret-value\n").unwrap();
    let poller = dir.path().join("poller.json");
    let zendesk: Value =
        serde_json::from_slice(&std::fs::read(devportal("zendesk.events.md.json")).unwrap())
            .unwrap();
    std::fs::write(
        &poller,
        serde_json::to_vec(&zendesk["configuration"]["event.poller.configuration"]).unwrap(),
    )
    .unwrap();
    let out_file = dir.path().join("zendesk.json");
    let out = pollctl()
        .args([
            "instance",
            "create",
            "--connector",
            "zendesk",
            "--name",
            "zd",
        ])
        .args(["--api-key", "client-zd", "--api-secret-file"])
        .arg(&secret)
        .args(["--oauth-callback-url", "https://app.example.com/oauth"])
        .args(["--callback-url", "https://app.example.com/events"])
        .args([
            "--set",
            "zendesk.subdomain=acme",
            "--code",
            "code-1",
            "--poller-config",
        ])
        .arg(&poller)
        .arg("-o")
        .arg(&out_file)
        .env_remove("POLLCTL_CLIENT_SECRET")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, v) = validate_json(&out_file);
    assert_eq!(code, 0, "{v:#}");
    let doc: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(doc["configuration"]["zendesk.subdomain"], "acme");
    assert_eq!(
        doc["configuration"]["event.poller.configuration"]["users"]["pageSize"],
        100
    );
}

#[test]
fn secret_keys_of_connectors_outside_the_catalog_come_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let base = |c: &mut Command| {
        c.args(["instance", "create", "--connector", "plaid", "--name", "p"])
            .args([
                "--api-key",
                "id",
                "--oauth-callback-url",
                "https://a.example/cb",
            ])
            .args(["--no-events", "--set", "client_id=cid-1"])
            .env("POLLCTL_CLIENT_SECRET", "client-secret-1");
    };
    // `--set password=…` would put the password in `ps` and shell history: refused (exit 2).
    let mut c = pollctl();
    base(&mut c);
    c.args(["--set", "password=hunter2-plain"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--set-file password=FILE"));
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "hunter2-from-file\n").unwrap();
    let out_file = dir.path().join("plaid.json");
    let mut c = pollctl();
    base(&mut c);
    let out = c
        .arg("--set-file")
        .arg(format!("password={}", pw.display()))
        .arg("-o")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("hunter2"));
    let doc: Value = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    assert_eq!(doc["configuration"]["password"], "hunter2-from-file");
    assert_eq!(doc["configuration"]["client_id"], "cid-1");
}

/// Issue 9 item 5: `"pollDelay": 9999999999999` passed validation and then panicked in the
/// cycle (exit 101). Now `poll` refuses it before any request, naming the key and the bound.
#[test]
fn poll_refuses_an_unbounded_poll_delay_before_polling() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc: Value = serde_json::from_slice(
        &std::fs::read(root().join("examples/egnyte-polling.json")).unwrap(),
    )
    .unwrap();
    doc["configuration"]["event.poller.configuration"]["events"]["pollDelay"] =
        serde_json::json!(9_999_999_999_999u64);
    let file = dir.path().join("egnyte.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    pollctl()
        .args([
            "--base-url",
            "http://127.0.0.1:9/elements/api-v2",
            "--state-dir",
        ])
        .arg(dir.path().join("state"))
        .arg("poll")
        .arg(&file)
        .args(["--once"])
        .env("POLLCTL_USER_SECRET", "u")
        .env("POLLCTL_ORG_SECRET", "o")
        .env("POLLCTL_ELEMENT_TOKEN", "t")
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "\"pollDelay\" must be at most 2592000 seconds",
        ));
}
