//! The demo: see `commands::demo`.
