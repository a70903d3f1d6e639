//! Shell completion scripts: clap_complete's, plus what its fish generator leaves out
//! (positional arguments with known values: `completions <TAB>`, `connectors show <TAB>`).

use std::fmt::Write as _;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap_complete::Shell;

/// A free-form string whose completion offers known values as hints, without making them a
/// closed list: any connector key is accepted (the platform has far more connectors than the
/// catalog describes), the catalog's keys are what `<TAB>` offers.
#[derive(Clone, Copy, Debug)]
pub struct Hinted(fn() -> Vec<&'static str>);

impl TypedValueParser for Hinted {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

/// Completion hints for connector keys: the catalog's.
pub fn connector_keys() -> Hinted {
    Hinted(|| crate::catalog::ALL.iter().map(|c| c.key).collect())
}

/// Completion hints for `event.vendor.type`.
pub fn vendor_types() -> Hinted {
    Hinted(|| vec!["polling", "webhook"])
}

/// The completion script of `cmd` (`Cli::command()`) for `shell`, as `pollctl completions
/// SHELL` prints it. The command comes in as a value so the hint parsers above, which `cli.rs`
/// uses, do not import `cli.rs` back.
pub fn script(mut cmd: clap::Command, shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "pollctl", &mut out);
    if shell == Shell::Fish {
        cmd.build();
        out.extend_from_slice(fish_positional_values(&cmd).as_bytes());
    }
    out
}

/// `complete` lines for positional arguments that have possible values (hints or a closed
/// list), with the same subcommand conditions clap_complete's fish script uses.
fn fish_positional_values(root: &clap::Command) -> String {
    let mut out = String::new();
    let mut walk = |path: &[&str], cmd: &clap::Command| {
        let values: Vec<String> = cmd
            .get_positionals()
            .flat_map(|a| a.get_possible_values())
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if values.is_empty() {
            return;
        }
        let condition = match path {
            [c] => format!("__fish_pollctl_using_subcommand {c}"),
            [c, s] => {
                format!("__fish_pollctl_using_subcommand {c}; and __fish_seen_subcommand_from {s}")
            }
            _ => return,
        };
        if out.is_empty() {
            out.push_str(
                "# positional values (added by pollctl: clap_complete's fish generator has none)\n",
            );
        }
        let _ = writeln!(
            out,
            "complete -c pollctl -n \"{condition}\" -f -a \"{}\"",
            values.join(" ")
        );
    };
    for sub in root.get_subcommands() {
        walk(&[sub.get_name()], sub);
        for nested in sub.get_subcommands() {
            walk(&[sub.get_name(), nested.get_name()], nested);
        }
    }
    out
}
