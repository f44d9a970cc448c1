//! Reading an earlier version of a model file through git itself.
//!
//! git is run directly with an argument list, never through a shell, so paths
//! with spaces or quotes are passed as they are.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::diagnostic::Diagnostic;
use crate::model::load::MAX_FILE_BYTES;

/// A file's text at a revision; `None` when the file did not exist there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRevision {
    pub text: Option<String>,
    /// `file@REV`, for diagnostics.
    pub label: String,
}

/// Reads `file` as it was at `rev` in the repository that holds it.
pub fn read_at_revision(file: &Path, rev: &str) -> Result<AtRevision, Diagnostic> {
    let display = file.display().to_string();
    let label = format!("{display}@{rev}");
    let fail = |msg: String, hint: &str| Diagnostic::error(&label, (0, 0), msg).with_hint(hint);
    if rev.is_empty() || rev.starts_with('-') || rev.chars().any(char::is_control) {
        return Err(fail(
            format!("`{rev}` is not a revision"),
            "name a commit, branch or tag, e.g. HEAD~1 or origin/main",
        ));
    }
    let absolute = std::fs::canonicalize(file).map_err(|e| {
        Diagnostic::error(&display, (0, 0), format!("cannot read: {e}"))
            .with_hint("--rev compares the file in the working tree with an earlier version")
    })?;
    let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root = repository_root(&dir).map_err(|msg| {
        fail(
            msg,
            "--rev reads the old version from git; run it inside a repository, or compare two files: threatmap diff OLD NEW",
        )
    })?;
    let relative = relative_path(&absolute, &root).ok_or_else(|| {
        fail(
            format!("{display} is outside the repository at {}", root.display()),
            "name a file inside the repository",
        )
    })?;
    let verify = git(
        &root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|msg| fail(msg, "check that git is installed"))?;
    if !verify.status.success() {
        return Err(fail(
            format!("unknown revision `{rev}`"),
            "list revisions with `git log --oneline`; in CI, fetch the base branch first",
        ));
    }
    let spec = format!("{rev}:{relative}");
    let exists = git(&root, &["cat-file", "-e", &spec])
        .map_err(|msg| fail(msg, "check that git is installed"))?;
    if !exists.status.success() {
        return Ok(AtRevision { text: None, label });
    }
    // `--no-textconv`: a `diff=threatmap` attribute must not turn the blob
    // into its summary before we parse it.
    let shown = git(&root, &["show", "--no-textconv", &spec])
        .map_err(|msg| fail(msg, "check that git is installed"))?;
    if !shown.status.success() {
        return Err(fail(
            format!("git could not show {spec}: {}", stderr_line(&shown)),
            "check the revision and the path",
        ));
    }
    if shown.stdout.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(
            format!("the file is larger than {MAX_FILE_BYTES} bytes at this revision"),
            "check that this is the file you meant",
        ));
    }
    let text = crate::model::load::decode(&shown.stdout, &label)?;
    Ok(AtRevision {
        text: Some(text),
        label,
    })
}

/// The top folder of the repository that holds `dir`.
fn repository_root(dir: &Path) -> Result<PathBuf, String> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !out.status.success() {
        return Err(format!("{} is not inside a git repository", dir.display()));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|_| "git printed a repository path that is not UTF-8".to_string())?;
    let root = PathBuf::from(text.trim_end_matches(['\n', '\r']));
    // Compare like with like: both paths with symbolic links resolved.
    Ok(std::fs::canonicalize(&root).unwrap_or(root))
}

/// `file` relative to `root`, with `/` separators as git writes them.
fn relative_path(file: &Path, root: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}

fn git(dir: &Path, args: &[&str]) -> Result<Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

fn stderr_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}
