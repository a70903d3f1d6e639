//! `pollctl instance …`: one file per subcommand.

mod create;
mod schema;
mod validate;

use crate::Result;
use crate::cli::{GlobalArgs, InstanceCommand};
use crate::output::Ui;

pub fn run(cmd: InstanceCommand, global: &GlobalArgs, ui: &Ui) -> Result<()> {
    match cmd {
        InstanceCommand::Create(args) => create::run(args, global, ui),
        InstanceCommand::Validate(args) => validate::run(args, ui),
        InstanceCommand::Schema(args) => schema::run(args),
    }
}
