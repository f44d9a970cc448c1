//! Helpers shared by every integration test: the built binary, git in a
//! scratch repository, and the real files in `../shared`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use threatmap::report::{Format, ReportInput, ReportOptions};

/// The built `threatmap` binary, with colour left to its own judgement (the
/// caller's NO_COLOR and CLICOLOR_FORCE do not leak into the test).
pub fn threatmap() -> Command {
    let mut cmd = Command::cargo_bin("threatmap").expect("binary builds");
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The binary run in `dir`, without colour.
pub fn threatmap_in(dir: &Path) -> Command {
    let mut cmd = threatmap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Runs git in `dir`, isolated from the caller's repository and system
/// configuration; fails the test when git fails. Returns its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A file under `../shared` (or where `THREATMAP_SHARED` says: a checkout
/// elsewhere), or `None` after a loud SKIP line when it is absent.
pub fn shared(path: &str) -> Option<PathBuf> {
    let root = std::env::var("THREATMAP_SHARED").unwrap_or_else(|_| "../shared".to_string());
    let p = Path::new(&root).join(path);
    if p.exists() {
        Some(p)
    } else {
        skip(&format!(
            "{} is absent; this check of real files did not run",
            p.display()
        ));
        None
    }
}

/// Says on the terminal that a check did not run. Written to the process's
/// standard error directly: the test harness captures `eprintln!` of a test
/// that passes, which would hide the skip.
pub fn skip(why: &str) {
    use std::io::Write;
    // One write, so that the line is not cut by the harness's own output.
    let _ = std::io::stderr().write_all(format!("SKIP: {why}\n").as_bytes());
}

/// The repository's `tests/fixtures` directory.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `check` on every item and fails once at the end, naming each item
/// that failed (each one's own message is printed above): one broken fixture
/// does not hide the next.
pub fn each<T>(
    items: impl IntoIterator<Item = T>,
    name: impl Fn(&T) -> String,
    check: impl Fn(&T),
) {
    let mut total = 0;
    let mut failed = Vec::new();
    for item in items {
        total += 1;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&item)));
        if outcome.is_err() {
            failed.push(name(&item));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {total} failed (messages above):\n  {}",
        failed.len(),
        failed.join("\n  ")
    );
}

/// A model loaded and analysed with the built-in library, ready to render
/// in any report format.
pub struct Case {
    pub loaded: threatmap::model::Loaded,
    pub findings: threatmap::analysis::Findings,
    pub library: threatmap::library::Library,
    pub path: String,
}

pub fn case(path: &str) -> Case {
    let loaded = threatmap::model::load(Path::new(path))
        .unwrap_or_else(|e| panic!("{path}: {:?}", e.diagnostics()));
    let library = threatmap::library::built_in();
    let findings = threatmap::analysis::analyze(&loaded.model, &library);
    Case {
        loaded,
        findings,
        library,
        path: path.to_string(),
    }
}

impl Case {
    pub fn input(&self, options: ReportOptions) -> ReportInput<'_> {
        ReportInput {
            model: &self.loaded.model,
            findings: &self.findings,
            library: &self.library,
            source: Some(self.loaded.index()),
            model_path: &self.path,
            options,
        }
    }

    pub fn render(&self, format: Format) -> String {
        self.render_with(format, ReportOptions::default())
    }

    pub fn render_with(&self, format: Format, options: ReportOptions) -> String {
        threatmap::report::render(format, &self.input(options)).expect("renders")
    }
}
