//! The data-flow model: types, loading with diagnostics, validation, and the
//! canonical, atomic save.

pub mod control;
pub mod edit;
pub mod endpoint;
pub mod ids;
pub mod in_place;
pub mod load;
pub mod lookup;
pub mod save;
pub mod source_index;
pub mod starter;
pub mod structure;
pub mod threat;
mod threat_check;
pub mod threat_edit;
mod types;
pub mod validate;
pub mod write;

pub use control::Control;
pub use load::{LoadError, Loaded, load, parse_str};
pub use lookup::ModelIndex;
pub use save::{save, to_canonical_string};
pub use source_index::SourceIndex;
pub use threat::{Threat, ThreatSeverity};
pub use threat_check::parse_endpoint;
pub use types::*;
pub use write::{write_atomic, write_atomic_with};
