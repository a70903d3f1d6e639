//! pollctl: configure and run the pollers of the SAP Open Connectors / Cloud Elements events
//! framework. The binary (`src/main.rs`) is a thin shell over this library.
//!
//! Layers (each imports only from layers below it; docs/design.md, "Layers"):
//! - `commands` — one thin module per command: flags in, library call, print out;
//! - `output` — how pollctl talks to people (stderr), decided from flags and the environment;
//! - `settings`, `runtime` — settings resolved once (the only reader of the environment);
//!   the one runtime builder and signal listener;
//! - `error` — the one map from an error's kind to its exit code;
//! - `sandbox` → `poll` → `oauth`, `platform` → `registry`, `instance` — the domains, each
//!   with its own error type;
//! - `datefmt`, `catalog`, `cli`, `store`, `config` — the ground floor.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod config;
pub mod datefmt;
pub mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod instance;
pub mod oauth;
pub mod output;
pub mod platform;
pub mod poll;
pub mod registry;
pub mod runtime;
pub mod sandbox;
pub mod settings;
pub mod store;

pub use error::{Error, ExitCode, Result};
