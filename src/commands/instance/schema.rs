//! `pollctl instance schema [--connector KEY]`: the JSON Schema of the instance body.
use crate::Result;
use crate::catalog;
use crate::cli::SchemaArgs;
use crate::commands::print_stdout;
use crate::instance::schema::schema;

pub fn run(args: SchemaArgs) -> Result<()> {
    let connector = match &args.connector {
        Some(key) => Some(catalog::resolve(key)?),
        None => None,
    };
    let value = schema(connector);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    print_stdout(&text)
}
