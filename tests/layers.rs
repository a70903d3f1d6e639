//! The layering rules of docs/design.md ("Layers, and what each may import"), checked on the
//! source text so a change that breaks one fails here with the file and line:
//! - the domains never import the wiring above them (`crate::Error`, settings, runtime…);
//! - only `src/settings.rs` reads the environment;
//! - only `src/main.rs` calls `process::exit`;
//! - only `src/runtime.rs` builds a tokio runtime or listens for signals.
//!
//! Test modules (`#[cfg(test)]` to the end of a file) are not held to these rules.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every non-test, non-comment line of the crate's sources, with its file and line number.
fn code_lines() -> Vec<(String, usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            let t = line.trim_start();
            if t.starts_with("#[cfg(test)]") {
                break;
            }
            if t.starts_with("//") {
                continue;
            }
            out.push((rel.clone(), i + 1, line.to_string()));
        }
    }
    out
}

fn violations(applies: impl Fn(&str) -> bool, forbidden: &[&str]) -> Vec<String> {
    code_lines()
        .into_iter()
        .filter(|(file, _, _)| applies(file))
        .filter(|(_, _, line)| forbidden.iter().any(|f| line.contains(f)))
        .map(|(file, n, line)| format!("{file}:{n}: {}", line.trim()))
        .collect()
}

#[test]
fn domains_do_not_import_the_wiring_above_them() {
    let domain = |f: &str| {
        [
            "src/poll/",
            "src/instance/",
            "src/platform/",
            "src/oauth/",
            "src/sandbox/",
            "src/datefmt/",
            "src/catalog/",
            "src/registry.rs",
            "src/store.rs",
            "src/config.rs",
        ]
        .iter()
        .any(|d| f.starts_with(d))
    };
    let v = violations(
        domain,
        &[
            "crate::commands",
            "crate::settings",
            "crate::runtime",
            "crate::output",
            "crate::error",
            "crate::Error",
            "crate::Result",
            "crate::ExitCode",
        ],
    );
    assert!(
        v.is_empty(),
        "domain modules importing upwards:\n{}",
        v.join("\n")
    );
}

#[test]
fn only_settings_reads_the_environment() {
    let v = violations(
        |f| f != "src/settings.rs",
        &["env::var", "env::vars", "env::var_os"],
    );
    assert!(
        v.is_empty(),
        "environment read outside src/settings.rs:\n{}",
        v.join("\n")
    );
}

#[test]
fn only_main_exits_and_only_runtime_builds_runtimes_and_hears_signals() {
    let v = violations(|f| f != "src/main.rs", &["process::exit("]);
    assert!(
        v.is_empty(),
        "process::exit outside src/main.rs:\n{}",
        v.join("\n")
    );
    let v = violations(
        |f| f != "src/runtime.rs",
        &["runtime::Builder", "tokio::signal", "ctrl_c()"],
    );
    assert!(
        v.is_empty(),
        "runtimes or signal handlers outside src/runtime.rs:\n{}",
        v.join("\n")
    );
}
