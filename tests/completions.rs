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
use clap_complete::{Generator, Shell};

const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

fn generate(shell: Shell) -> Vec<u8> {
    use clap::CommandFactory;
    pollctl::completion::script(pollctl::cli::Cli::command(), shell)
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

// ---------------------------------------------------------------------------------------------
// Completions in the real shells: what `<TAB>` offers in bash, zsh and fish.

/// Whether `shell` is installed. Under CI a missing shell fails the test (`.ci/run` installs
/// them); elsewhere the test says loudly that it skipped.
fn have_shell(shell: &str) -> bool {
    let ok = std::process::Command::new(shell)
        .args(["-c", "exit 0"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = format!("{shell} is required for the completion tests (.ci/run installs it)");
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("SKIPPED (not under CI): {msg}");
    }
    ok
}

/// The matches the shell offers for `line` (ending in a space or a partial word), sorted.
/// `cwd` holds a file `egnyte.json` so file completion is visible.
fn offered(shell: Shell, line: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("egnyte.json"), "{}").unwrap();
    let script = dir.path().join("script");
    std::fs::create_dir(&script).unwrap();
    let file = script.join(shell.file_name("pollctl"));
    std::fs::write(&file, generate(shell)).unwrap();
    let out = match shell {
        Shell::Bash => {
            let words: Vec<&str> = line.split(' ').collect();
            let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
            let prog = format!(
                "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD=$((${{#COMP_WORDS[@]}}-1))\n\
                 COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; COMPREPLY=()\n\
                 _pollctl pollctl \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
                 printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                file.display(),
                quoted.join(" ")
            );
            std::process::Command::new("bash")
                .args(["--norc", "--noprofile", "-c", &prog])
                .current_dir(dir.path())
                .output()
        }
        Shell::Fish => std::process::Command::new("fish")
            .args(["--no-config", "-c"])
            .arg(format!(
                "source '{}'; complete -C '{line}'",
                file.display()
            ))
            .current_dir(dir.path())
            .output(),
        Shell::Zsh => std::process::Command::new("timeout")
            .args(["30", "zsh", "-f"])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/zsh-capture.zsh"))
            .arg(&script)
            .arg(line)
            .current_dir(dir.path())
            .env("HOME", dir.path())
            .output(),
        _ => unreachable!(),
    }
    .unwrap();
    assert!(
        out.status.success(),
        "{shell} failed on {line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        // fish prints "value<TAB>description"
        .map(|l| l.split('\t').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn assert_offers(shell: Shell, line: &str, expected: &[&str]) {
    let got = offered(shell, line);
    for e in expected {
        assert!(
            got.iter().any(|g| g == e),
            "{shell}: {line:?} does not offer {e:?}; offered: {got:?}"
        );
    }
}

const CONNECTORS: [&str; 4] = ["docushareflex", "egnyte", "googlesuite", "sharefile"];

fn check_shell(shell: Shell) {
    let name = shell.to_string();
    if !have_shell(&name) {
        return;
    }
    assert_offers(
        shell,
        "pollctl completions ",
        &["bash", "elvish", "fish", "powershell", "zsh"],
    );
    assert_offers(shell, "pollctl connectors show ", &CONNECTORS);
    assert_offers(shell, "pollctl instance create --connector ", &CONNECTORS);
    assert_offers(shell, "pollctl instance create --connector eg", &["egnyte"]);
    assert_offers(shell, "pollctl instance schema --connector ", &CONNECTORS);
    assert_offers(shell, "pollctl oauth login --connector ", &CONNECTORS);
    assert_offers(
        shell,
        "pollctl instance create --vendor-type ",
        &["polling", "webhook"],
    );
}

#[test]
fn bash_completes_connectors_vendor_types_and_shells() {
    check_shell(Shell::Bash);
}

#[test]
fn fish_completes_connectors_vendor_types_and_shells() {
    check_shell(Shell::Fish);
}

#[test]
fn zsh_completes_connectors_vendor_types_and_shells() {
    check_shell(Shell::Zsh);
}

/// `poll <TAB>` offers instance files, never command names (zsh offered system commands).
#[test]
fn poll_completes_files_not_commands() {
    for shell in [Shell::Zsh, Shell::Fish] {
        if !have_shell(&shell.to_string()) {
            continue;
        }
        let got = offered(shell, "pollctl poll ");
        assert!(got.iter().any(|g| g == "egnyte.json"), "{shell}: {got:?}");
        for command in ["ls", "zsh", "fish", "cat"] {
            assert!(!got.iter().any(|g| g == command), "{shell}: {got:?}");
        }
    }
}

/// Connector keys are hints, not a closed list: any key reaches pollctl (which answers for
/// the ones it does not know), never clap's "invalid value" (exit 2).
#[test]
fn connector_keys_are_hints_not_a_closed_list() {
    let out = Command::cargo_bin("pollctl")
        .unwrap()
        .args(["connectors", "show", "salesforce"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("invalid value"), "{err}");
    let help = Command::cargo_bin("pollctl")
        .unwrap()
        .args(["instance", "create", "--help"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("possible values: docushareflex"));
}
