//! threatmap: threat modeling for APIs on a data-flow graph.
//!
//! The domain (model, rules, analysis, reports, diff, import) lives here, free
//! of any UI code, and is shared by the command line and the workbench TUI.
//!
//! Cargo features: `cli` (the command line, clap) and `tui` (the workbench,
//! ratatui; implies `cli`) are on by default. `cargo build
//! --no-default-features --lib` builds the domain alone, for embedding the
//! analysis in a bot or a server. `synthetic` adds generated estates for the
//! benchmarks and examples.

pub mod analysis;
#[cfg(feature = "cli")]
pub mod cli;
pub mod clock;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod hash;
pub mod import;
pub mod layout;
pub mod library;
pub mod model;
pub mod report;
pub mod review;
#[cfg(any(test, feature = "synthetic"))]
#[doc(hidden)]
pub mod synthetic;
pub mod text;
#[cfg(feature = "tui")]
pub mod tui;
