//! pollctl: configure and run the pollers of the SAP Open Connectors / Cloud Elements events
//! framework. The binary (`src/main.rs`) is a thin shell over this library.
//!
//! Floors (each imports only from floors below it):
//! - `commands` — one thin module per command: flags in, library call, print out;
//! - `poll` — the poll engine;
//! - `instance`, `platform` — the instance model and validation, the platform API;
//! - `datefmt`, `catalog`, `cli`, `error`, `store`, `config` — the ground floor.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod config;
pub mod datefmt;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod instance;
pub mod oauth;
pub mod output;
pub mod platform;
pub mod poll;
pub mod registry;
pub mod sandbox;
pub mod store;

pub use error::{Error, ExitCode, Result};
