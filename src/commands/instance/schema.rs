//! `pollctl instance schema`. STUB until the schema lands.
use crate::Result;
use crate::cli::SchemaArgs;

pub fn run(_args: SchemaArgs) -> Result<()> {
    Err(crate::Error::Invalid("not implemented yet".into()))
}
