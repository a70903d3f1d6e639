//! The README's examples run as written.
//!
//! Every ```` ```console ```` block of README.md is executed, in order, in one `bash` session in
//! a scratch directory that holds a copy of `examples/` and `tests/fixtures/seeds/` (as a
//! clone's root would), with the built `pollctl` first on PATH (what `cargo install` gives)
//! and HOME, XDG and POLLCTL_* directories inside the scratch directory. In a block, `$ CMD`
//! is a command (`\` at the end continues it); it must exit 0, or N when it ends with
//! `# exit N`. The lines after it are its expected output: each must match a line of its
//! stdout+stderr, `…` standing for any text. See CONTRIBUTING.md, "The README test".

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug)]
struct Cmd {
    /// 1-based README line of the `$ `.
    line: usize,
    text: String,
    code: i32,
    expected: Vec<String>,
}

#[derive(Debug)]
struct Block {
    info: String,
    /// 1-based README line of the opening fence.
    line: usize,
    body: Vec<String>,
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// Every fenced block: its info string, opening line and body lines.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        match (&mut cur, line.trim_start().strip_prefix("```")) {
            (None, Some(info)) => {
                cur = Some(Block {
                    info: info.trim().to_string(),
                    line: i + 1,
                    body: Vec::new(),
                })
            }
            (Some(_), Some(rest)) if rest.trim().is_empty() => out.push(cur.take().unwrap()),
            (Some(b), _) => b.body.push(line.to_string()),
            (None, None) => {}
        }
    }
    assert!(cur.is_none(), "README.md: a code fence is not closed");
    out
}

fn commands(b: &Block) -> Vec<Cmd> {
    let exit = regex::Regex::new(r"#\s*exit\s+(\d+)\s*$").unwrap();
    let mut out: Vec<Cmd> = Vec::new();
    let mut continuing = false;
    for (i, line) in b.body.iter().enumerate() {
        let n = b.line + 1 + i;
        if continuing {
            let c = out.last_mut().unwrap();
            c.text.push('\n');
            c.text.push_str(line);
            continuing = line.ends_with('\\');
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            out.push(Cmd {
                line: n,
                text: cmd.to_string(),
                code: 0,
                expected: Vec::new(),
            });
            continuing = line.ends_with('\\');
        } else if !line.trim().is_empty() {
            out.last_mut()
                .unwrap_or_else(|| panic!("README.md:{n}: output before any `$ ` command"))
                .expected
                .push(line.to_string());
        }
    }
    for c in &mut out {
        if let Some(m) = exit.captures(c.text.lines().last().unwrap_or("")) {
            c.code = m[1].parse().unwrap();
        }
    }
    out
}

/// An expected output line as a regex: `…` is any text; surrounding blanks do not matter.
fn pattern(expected: &str) -> regex::Regex {
    let parts: Vec<String> = expected.trim().split('…').map(regex::escape).collect();
    regex::Regex::new(&format!("^{}$", parts.join(".*"))).unwrap()
}

fn missing_lines(expected: &[String], output: &str) -> Vec<String> {
    expected
        .iter()
        .filter(|e| e.trim() != "…")
        .filter(|e| {
            let re = pattern(e);
            !output.lines().any(|l| re.is_match(l.trim()))
        })
        .cloned()
        .collect()
}

/// `tool` is needed by the README's examples: missing under CI = failure, else a loud skip.
fn have(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let msg = format!("the README's examples need `{tool}` (.ci/run installs it)");
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("SKIPPED (not under CI): {msg}");
    }
    ok
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The scratch directory a user's clone would be, and the environment of a fresh account.
fn scratch() -> (tempfile::TempDir, Vec<(String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root.join("examples"), &dir.path().join("examples"));
    copy_dir(
        &root.join("tests/fixtures/seeds"),
        &dir.path().join("tests/fixtures/seeds"),
    );
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_pollctl"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_else(|_| "/usr/bin:/bin".into())
    );
    let home = dir.path().join(".home");
    std::fs::create_dir_all(&home).unwrap();
    let env = vec![
        ("PATH".into(), path),
        ("HOME".into(), home.display().to_string()),
        (
            "XDG_CONFIG_HOME".into(),
            home.join(".config").display().to_string(),
        ),
        (
            "XDG_STATE_HOME".into(),
            home.join(".local/state").display().to_string(),
        ),
        (
            "XDG_DATA_HOME".into(),
            home.join(".local/share").display().to_string(),
        ),
        ("CI".into(), "true".into()),
        ("NO_COLOR".into(), "1".into()),
    ];
    (dir, env)
}

/// Run `cmds` in one bash session in `dir`; returns (exit code, output) per command run.
/// Stops at the first command whose exit code is not the expected one.
fn run_session(dir: &Path, env: &[(String, String)], cmds: &[&Cmd]) -> Vec<(i32, String)> {
    let out_dir = dir.join(".readme-test");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut script = String::from("trap 'kill $(jobs -p) 2>/dev/null' EXIT\n");
    for (i, c) in cmds.iter().enumerate() {
        script.push_str(&format!(
            "{{ {}\n}} > .readme-test/out.{i} 2>&1 < /dev/null\n\
             __rc=$?; echo $__rc > .readme-test/rc.{i}\n\
             [ $__rc = {} ] || exit 0\n",
            c.text, c.code
        ));
    }
    use std::os::unix::process::CommandExt as _;
    // Its own process group, so a run that hangs is killed with everything it started.
    let mut child = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut results = Vec::new();
    for i in 0..cmds.len() {
        let Ok(rc) = std::fs::read_to_string(out_dir.join(format!("rc.{i}"))) else {
            let out = std::fs::read_to_string(out_dir.join(format!("out.{i}"))).unwrap_or_default();
            if !out.is_empty() || i == results.len() {
                results.push((-1, out));
            }
            break;
        };
        let out = std::fs::read_to_string(out_dir.join(format!("out.{i}"))).unwrap_or_default();
        results.push((rc.trim().parse().unwrap_or(-1), out));
    }
    results
}

fn check(cmds: &[&Cmd], results: &[(i32, String)]) {
    for (c, (code, out)) in cmds.iter().zip(results) {
        assert_eq!(
            *code, c.code,
            "README.md:{}: `{}` exited {code} (expected {}; -1 = did not finish in time); output:\n{out}",
            c.line, c.text, c.code
        );
        let missing = missing_lines(&c.expected, out);
        assert!(
            missing.is_empty(),
            "README.md:{}: `{}` did not print\n  {}\nit printed:\n{out}",
            c.line,
            c.text,
            missing.join("\n  ")
        );
    }
    assert_eq!(
        results.len(),
        cmds.len(),
        "not every README command ran; the last one that did: README.md:{}",
        cmds[results.len().saturating_sub(1)].line
    );
}

/// The tour and every other console block, in order, against the sandbox.
#[test]
fn readme_console_blocks_run_as_written() {
    if !have("curl") {
        return;
    }
    let text = readme();
    let all: Vec<Cmd> = blocks(&text)
        .iter()
        .filter(|b| b.info == "console")
        .flat_map(commands)
        .collect();
    assert!(
        all.len() >= 15,
        "the README's tour has shrunk to {} commands",
        all.len()
    );
    let cmds: Vec<&Cmd> = all.iter().collect();
    let (dir, env) = scratch();
    let results = run_session(dir.path(), &env, &cmds);
    check(&cmds, &results);
}

/// A newcomer reads top to bottom: no example uses `pollctl` before the Install section says
/// how to get it, and Install uses the locked dependency set the tests ran with.
#[test]
fn readme_installs_before_it_uses_pollctl() {
    let text = readme();
    let install = text
        .lines()
        .position(|l| l.trim() == "## Install")
        .expect("README.md has an `## Install` section")
        + 1;
    for b in blocks(&text) {
        if b.line < install && matches!(b.info.as_str(), "console" | "sh" | "bash" | "") {
            for (i, l) in b.body.iter().enumerate() {
                let code = l.split('#').next().unwrap_or("");
                assert!(
                    !code.split_whitespace().any(|w| w == "pollctl"),
                    "README.md:{}: `pollctl` used before the Install section: {l}",
                    b.line + 1 + i
                );
            }
        }
    }
    assert!(
        text.contains("cargo install --locked --path ."),
        "install with the committed Cargo.lock"
    );
    assert!(
        text.len() <= 25 * 1024,
        "README.md is {} bytes; keep it a ten-minute read (≤ 25 KB)",
        text.len()
    );
}

/// The demo's sample output in the README (its counts elided with `…`) matches the demo.
#[test]
fn readme_demo_sample_matches_the_demo() {
    let text = readme();
    let two = text.find("## The two commands").unwrap();
    let sample = blocks(&text[two..])
        .into_iter()
        .find(|b| b.info == "text")
        .expect("a ```text block with the demo's output after `## The two commands`");
    let out = Command::new(env!("CARGO_BIN_EXE_pollctl"))
        .arg("demo")
        .env_remove("POLLCTL_BASE_URL")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = missing_lines(&sample.body, &all);
    assert!(
        missing.is_empty(),
        "README.md:{}: the demo's sample output does not match; missing\n  {}\nthe demo printed:\n{all}",
        sample.line,
        missing.join("\n  ")
    );
}

#[test]
fn expected_output_patterns() {
    assert!(pattern("a … b").is_match("a 12 x b"));
    assert!(!pattern("a … b").is_match("a 12 x c"));
    assert!(pattern("  hint: x [y]").is_match("hint: x [y]"));
    assert!(!pattern("valid (0 warnings)").is_match("invalid (0 warnings)"));
    let b = Block {
        info: "console".into(),
        line: 1,
        body: vec![
            "$ a \\".into(),
            "  b   # exit 3".into(),
            "out".into(),
            "$ c".into(),
        ],
    };
    let c = commands(&b);
    assert_eq!(c.len(), 2);
    assert_eq!(c[0].code, 3);
    assert_eq!(c[0].expected, ["out"]);
    assert_eq!(c[1].code, 0);
}
