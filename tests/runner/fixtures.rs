//! The fixture corpus: every valid fixture and example model loads cleanly and
//! round-trips through the canonical form; every invalid fixture fails with
//! exactly the diagnostics written in its `.expected` file.

use std::path::{Path, PathBuf};

use crate::common::each;
use threatmap::model::{self, Model, load, parse_str, to_canonical_string};

fn files_in(dir: &str, extension: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn sorted(model: &Model) -> Model {
    let mut model = model.clone();
    model::save::canonicalize(&mut model);
    model
}

/// Loads a file that must be valid and checks that its canonical text parses
/// back to the same model and is a fixed point.
fn assert_valid_and_round_trips(path: &Path) -> String {
    let loaded = load(path).unwrap_or_else(|e| {
        let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
        panic!("{} should load:\n{}", path.display(), shown.join("\n"))
    });
    let canonical = to_canonical_string(&loaded.model);
    let reparsed = parse_str(&canonical, "canonical.ron")
        .unwrap_or_else(|e| panic!("canonical text of {} fails to load: {e:?}", path.display()));
    assert_eq!(reparsed.model, sorted(&loaded.model), "{}", path.display());
    assert_eq!(
        to_canonical_string(&reparsed.model),
        canonical,
        "{}",
        path.display()
    );
    canonical
}

/// Runs `check` on every file; fails once, naming each file that failed.
fn each_file(files: &[PathBuf], check: impl Fn(&Path)) {
    each(files, |path| path.display().to_string(), |path| check(path));
}

#[test]
fn valid_fixtures_load_and_round_trip() {
    let files = files_in("tests/fixtures/valid", "ron");
    assert!(files.len() >= 5, "expected at least 5 valid fixtures");
    each_file(&files, |path| {
        assert_valid_and_round_trips(path);
    });
}

#[test]
fn example_models_load_cleanly_and_are_canonical() {
    let files = files_in("models", "ron");
    assert_eq!(files.len(), 3, "models/ holds the three example models");
    each_file(&files, |path| {
        let loaded = load(path).expect("example model loads");
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        let canonical = assert_valid_and_round_trips(path);
        let on_disk = std::fs::read_to_string(path).expect("readable");
        assert!(
            on_disk == canonical,
            "{} is not in canonical form; rewrite it with `threatmap fmt`",
            path.display()
        );
    });
}

#[test]
fn invalid_fixtures_fail_with_the_expected_diagnostics() {
    let files = files_in("tests/fixtures/invalid", "ron");
    assert!(files.len() >= 40, "expected at least 40 invalid fixtures");
    let mut failures = Vec::new();
    for path in &files {
        let expected_path = path.with_extension("expected");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!("{}: no .expected file", path.display()));
            continue;
        };
        let expected: Vec<&str> = expected.lines().collect();
        let diagnostics = match load(path) {
            Ok(_) => {
                failures.push(format!("{}: loaded without errors", path.display()));
                continue;
            }
            Err(e) => e.diagnostics(),
        };
        let prefix = format!("{}:", path.display());
        let actual: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                let shown = d.to_string();
                let first = shown.lines().next().unwrap_or_default().to_string();
                first
                    .strip_prefix(&prefix)
                    .map_or(first.clone(), str::to_string)
            })
            .collect();
        if actual != expected {
            failures.push(format!(
                "{}:\n  expected: {expected:#?}\n  actual:   {actual:#?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_fixture() {
    for expected in files_in("tests/fixtures/invalid", "expected") {
        assert!(
            expected.with_extension("ron").exists(),
            "{} has no fixture",
            expected.display()
        );
    }
}

#[test]
fn example_models_cover_the_format() {
    use std::collections::BTreeSet;
    use threatmap::model::{Classification, ElementKind, ProcessRole, StoreKind};
    let models: Vec<Model> = files_in("models", "ron")
        .iter()
        .map(|p| load(p).expect("loads").model)
        .collect();
    let classifications: BTreeSet<Classification> = models
        .iter()
        .flat_map(|m| m.data.iter().map(|d| d.classification))
        .collect();
    assert_eq!(classifications.len(), Classification::ALL.len());
    let roles: BTreeSet<ProcessRole> = models
        .iter()
        .flat_map(|m| m.elements.iter())
        .filter_map(|e| match &e.kind {
            ElementKind::Process(p) => Some(p.role),
            _ => None,
        })
        .collect();
    assert_eq!(roles.len(), ProcessRole::ALL.len());
    let stores: BTreeSet<StoreKind> = models
        .iter()
        .flat_map(|m| m.elements.iter())
        .filter_map(|e| match &e.kind {
            ElementKind::DataStore(s) => Some(s.store),
            _ => None,
        })
        .collect();
    assert_eq!(stores.len(), StoreKind::ALL.len());
    for m in &models {
        assert!(
            (10..=40).contains(&m.elements.len()),
            "{}: {} elements",
            m.name,
            m.elements.len()
        );
        assert!(
            m.boundaries.iter().any(|b| b.parent.is_some()),
            "{} nests boundaries",
            m.name
        );
        assert!(
            m.flows.iter().any(|f| !f.endpoints.is_empty()),
            "{} has endpoints",
            m.name
        );
    }
}

/// The annotated example in the format reference is a real, valid model.
#[test]
fn the_format_reference_example_loads() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/README.md"))
            .expect("models/README.md");
    let start = readme
        .find("## An annotated example")
        .expect("the example section");
    let block = readme[start..]
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a ron block");
    let loaded = parse_str(block, "README example").unwrap_or_else(|e| {
        let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
        panic!("{}", shown.join("\n"))
    });
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(loaded.model.elements.len(), 4);
}

/// Items in lists may leave out their struct name, as the reference says.
#[test]
fn struct_names_in_lists_are_optional() {
    let text = r#"Model(name: "m", elements: [(id: "a", name: "A", kind: External()), (id: "b", name: "B", kind: DataStore())], flows: [(id: "f", source: "a", target: "b", protocol: Sql)])"#;
    let loaded = parse_str(text, "t.ron").expect("loads");
    assert_eq!(loaded.model.flows[0].id, "f");
}
