//! threatmap: threat modeling for APIs on a data-flow graph.
//!
//! The domain (model, rules, analysis, reports, diff, import) lives here, free
//! of any UI code, and is shared by the command line and the workbench TUI.

pub mod analysis;
pub mod cli;
pub mod clock;
pub mod diagnostic;
pub mod diff;
pub mod import;
pub mod library;
pub mod model;
pub mod report;
pub mod review;
pub mod synthetic;
pub mod text;
pub mod tui;
