//! Bootstrapping or refreshing a model from other tools' descriptions of an API.
//!
//! The API, for the command line and the workbench:
//!
//! ```text
//! pub fn import_openapi(text: &str, file: &str) -> Result<Imported, Vec<Diagnostic>>
//! pub fn merge_openapi(existing: &Model, imported: &Model) -> MergeOutcome
//! ```
//!
//! `import_openapi` reads an OpenAPI 3.0 or 3.1 document (YAML or JSON,
//! detected) and returns [`Imported`]: the new `Model` (canonical, valid),
//! `warnings`, and a [`Summary`] whose `Display` is a short report for people.
//! Errors are located diagnostics (bad syntax, Swagger 2.0, missing `paths`,
//! dangling `$ref`); nothing is fetched, nothing panics.
//!
//! `merge_openapi` refreshes a hand-edited model with a new import (`--merge`):
//! new operations are added, operations gone from the document are kept and
//! reported (tagged `not-in-openapi`), and everything the team changed or
//! added is left alone. [`MergeOutcome`] holds the model and what changed;
//! merging the same import again changes nothing.

pub mod interchange;
pub mod merge;
pub mod openapi;
pub mod otm;
pub mod threagile;
pub mod threat_dragon;
pub mod tmt;

pub use interchange::{Converted, Tool, import};
pub use merge::{MergeOutcome, NOT_IN_OPENAPI, merge_openapi};
pub use openapi::{Imported, Summary, import_openapi};
