//! `pollctl completions SHELL` and the generated files committed in `completions/`.
//!
//! The committed files must match what the current CLI generates. When a flag changes, refresh
//! them with:
//!
//! ```sh
//! UPDATE_COMPLETIONS=1 cargo test --test completions
//! ```

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::CommandFactory;
use clap_complete::{Generator, Shell};
use pollctl::cli::Cli;

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

fn generate(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pollctl", &mut out);
    out
}

fn committed(shell: Shell) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(shell.file_name("pollctl"))
}

#[test]
fn committed_completions_are_current() {
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some_and(|v| v != "0");
    let mut stale = Vec::new();
    for shell in SHELLS {
        let path = committed(shell);
        let fresh = generate(shell);
        if update {
            std::fs::write(&path, &fresh).unwrap();
            continue;
        }
        if std::fs::read(&path).ok().as_deref() != Some(fresh.as_slice()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale or missing completion files:\n  {}\nrefresh them with:\n  \
         UPDATE_COMPLETIONS=1 cargo test --test completions",
        stale.join("\n  ")
    );
}

#[test]
fn completions_command_prints_each_shell() {
    for shell in SHELLS {
        let out = Command::cargo_bin("pollctl")
            .unwrap()
            .args(["completions", &shell.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {:?}", out.status);
        assert!(out.stderr.is_empty(), "{shell}: {:?}", out.stderr);
        assert_eq!(out.stdout, generate(shell), "{shell}");
    }
}

#[test]
fn completions_cover_subcommands_and_create_flags() {
    let bash = String::from_utf8(generate(Shell::Bash)).unwrap();
    for word in [
        "instance",
        "create",
        "--connector",
        "--api-secret-file",
        "--poller-config",
        "--no-input",
        "completions",
    ] {
        assert!(bash.contains(word), "bash completions lack {word}");
    }
    // Shell names complete as the argument of `completions`.
    assert!(bash.contains("bash elvish fish powershell zsh"));
    let zsh = String::from_utf8(generate(Shell::Zsh)).unwrap();
    assert!(zsh.contains("(bash elvish fish powershell zsh)"));
}

#[test]
fn bash_completion_script_parses() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("pollctl.bash");
    std::fs::write(&script, generate(Shell::Bash)).unwrap();
    if !common::require_tool("bash", "bash_completion_script_parses") {
        return;
    }
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(status.success(), "bash -n failed on the generated script");
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("pollctl")
        .unwrap()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tcsh") && err.contains("bash"), "{err}");
    assert!(out.stdout.is_empty());
}
