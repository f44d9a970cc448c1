//! The one integration-test binary (`cargo test --test runner`): one link of
//! the crate instead of one per file, and shared helpers in `common`.
//!
//! A new test file goes in this directory with a `mod` line below;
//! `every_test_file_is_named_here` fails for a file that has none.

mod common;

mod canvas_geometry;
mod cli;
mod diagram_geometry;
mod diff;
mod example_findings;
mod exit_codes;
mod fixtures;
mod import_openapi;
mod interchange;
mod interchange_layout;
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

/// The modules a file declares in files of their own (`mod name;`).
fn declared(file: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// The files under `dir` that no `mod` line in `parent` (or, below, in their
/// own parent module) names: they are never compiled.
fn forgotten(dir: &Path, parent: &Path, skip: &str, out: &mut Vec<String>) {
    let named = declared(parent);
    for name in rust_files(dir) {
        if name == skip {
            continue;
        }
        let file = dir.join(format!("{name}.rs"));
        if !named.contains(&name) {
            out.push(file.display().to_string());
        } else if dir.join(&name).is_dir() {
            forgotten(&dir.join(&name), &file, "", out);
        }
    }
}

#[test]
fn every_test_file_is_named_here() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let runner = tests.join("runner");
    let mut lost = Vec::new();
    forgotten(&runner, &runner.join("main.rs"), "main", &mut lost);
    assert!(
        lost.is_empty(),
        "no `mod` line names these files, so they never run; add one each \
         (tests/runner/main.rs, or the file of their parent module):\n  {}",
        lost.join("\n  ")
    );
    let apart = rust_files(&tests);
    assert!(
        apart.is_empty(),
        "tests/{{{}}}.rs: each builds a test binary of its own; move it to tests/runner/ \
         and name it with a `mod` line in tests/runner/main.rs",
        apart.into_iter().collect::<Vec<_>>().join(",")
    );
}
