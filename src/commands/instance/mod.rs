//! `pollctl instance …`: one file per subcommand.

mod create;
mod migrate;
mod registry;
mod schema;
mod validate;

pub(crate) use validate::render_diagnostic;

use crate::Result;
use crate::cli::{GlobalArgs, InstanceCommand};
use crate::output::Ui;

pub fn run(cmd: InstanceCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    match cmd {
        InstanceCommand::Create(args) => create::run(args, global, ui),
        InstanceCommand::Validate(args) => validate::run(args, ui),
        InstanceCommand::Schema(args) => schema::run(args),
        InstanceCommand::Migrate(args) => migrate::run(args, ui),
        InstanceCommand::List { format } => registry::list(format, global),
        InstanceCommand::Show {
            name,
            reveal,
            format,
        } => registry::show(&name, reveal, format, global),
        InstanceCommand::Delete { name, remote } => registry::delete(&name, remote, global, ui),
    }
}
