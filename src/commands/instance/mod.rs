//! `pollctl instance …`: one file per subcommand.

mod create;
mod migrate;
mod registry;
mod schema;
mod validate;

pub(crate) use validate::render_diagnostic;

use crate::Result;
use crate::cli::InstanceCommand;
use crate::output::Ui;
use crate::settings::Settings;

pub fn run(cmd: InstanceCommand, settings: &Settings, ui: &Ui) -> Result<()> {
    match cmd {
        InstanceCommand::Create(args) => create::run(args, settings, ui),
        InstanceCommand::Validate(args) => validate::run(args, ui),
        InstanceCommand::Schema(args) => schema::run(args),
        InstanceCommand::Migrate(args) => migrate::run(args, ui),
        InstanceCommand::List { format } => registry::list(format, settings),
        InstanceCommand::Show {
            name,
            reveal,
            format,
        } => registry::show(&name, reveal, format, settings),
        InstanceCommand::Delete { name, remote } => registry::delete(&name, remote, settings, ui),
    }
}
