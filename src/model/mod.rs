//! The data-flow model: types, loading with diagnostics, validation, and the
//! canonical, atomic save.

/// A closed choice of the model, an enum of unit variants: the traits every
/// choice needs and `ALL`, its values in declaration order (pickers, schemas,
/// completion). Declared here, before the modules, so that each can use it.
macro_rules! choice {
    ($(#[$attr:meta])* pub enum $name:ident { $($variants:tt)* }) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            ::serde::Serialize,
            ::serde::Deserialize,
            ::strum::VariantArray,
            ::strum::IntoStaticStr,
        )]
        $(#[$attr])*
        pub enum $name { $($variants)* }

        impl $name {
            pub const ALL: &'static [Self] = <Self as ::strum::VariantArray>::VARIANTS;
        }
    };
}

/// A [`choice!`] people read: `label()` is each variant's
/// `#[strum(serialize = "…")]` words.
macro_rules! labelled_choice {
    ($(#[$attr:meta])* pub enum $name:ident { $($variants:tt)* }) => {
        choice! { $(#[$attr])* pub enum $name { $($variants)* } }

        impl $name {
            pub fn label(self) -> &'static str {
                self.into()
            }
        }
    };
}

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
