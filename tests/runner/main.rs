//! The one integration-test binary (`cargo test --test runner`): one link of
//! the crate instead of one per file, and shared helpers in `common`.
//!
//! A new test file goes in this directory with a `mod` line below;
//! `every_test_file_is_named_here` fails for a file that has none.

mod common;

mod cli;
mod diff;
mod example_findings;
mod fixtures;
mod import_openapi;
mod interchange;
mod model_roundtrip;
mod mutated_input;
mod openapi_endpoints;
mod openapi_signals;
mod report_audit;
mod reports;
mod review;
mod rule_cases;
mod rule_files;
mod saving;
mod tui_tmux;

use std::collections::BTreeSet;
use std::path::Path;

/// The `.rs` files directly in `dir`, by name without the extension.
fn rust_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect()
}

#[test]
fn every_test_file_is_named_here() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let named: BTreeSet<String> = include_str!("main.rs")
        .lines()
        .filter_map(|l| l.strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect();
    let mut here = rust_files(&tests.join("runner"));
    here.remove("main");
    let forgotten: Vec<&String> = here.difference(&named).collect();
    assert!(
        forgotten.is_empty(),
        "tests/runner/{{{}}}.rs: no `mod` line in tests/runner/main.rs names them, \
         so they never run; add one each",
        forgotten
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    let apart = rust_files(&tests);
    assert!(
        apart.is_empty(),
        "tests/{{{}}}.rs: each builds a test binary of its own; move it to tests/runner/ \
         and name it with a `mod` line in tests/runner/main.rs",
        apart.into_iter().collect::<Vec<_>>().join(",")
    );
}
