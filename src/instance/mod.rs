//! The instance body of `POST /instances`: its typed model, validation with diagnostics,
//! and the URL templates of poller resources.

pub mod builder;
pub mod json;
pub mod keys;
pub mod legacy;
pub mod model;
pub mod schema;
pub mod template;
pub mod validate;

pub use model::{DateField, DatesConfig, FieldPath, Instance, Resource, VendorType};
pub use template::UrlTemplate;

use std::path::PathBuf;

/// Failures of reading or checking an instance.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Validation found errors; the diagnostics were already reported.
    #[error("{source_name}: {errors} error(s) in the instance JSON")]
    Invalid { source_name: String, errors: usize },
    #[error("{0}")]
    Template(#[from] template::TemplateError),
    /// `instance migrate`: the document has nothing to convert, or both formats.
    #[error("{source_name}: {reason}")]
    Migrate { source_name: String, reason: String },
}
