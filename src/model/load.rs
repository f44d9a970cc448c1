//! Reading model files: RON parsing with precise, hinted errors, then validation.

use std::path::{Path, PathBuf};

use ron::error::{Error as RonError, SpannedError};

use super::source_index::SourceIndex;
use super::types::Model;
use super::validate::validate;
use crate::diagnostic::{Diagnostic, closest};

/// Files larger than this are refused before parsing, so a mistaken path to a
/// huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The RON extensions every model file is read with, so that optional values
/// are written plainly (`boundary: "dmz"`) and kinds unwrap (`Process(role: Gateway)`).
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(64)
}

/// A model read from a file, with what is needed to point back into its text.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub model: Model,
    pub path: PathBuf,
    pub source: String,
    pub index: SourceIndex,
    /// Problems that do not stop the model from being used.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{}", .0)]
    Unreadable(Diagnostic),
    /// The file was read; these problems were found in it.
    #[error("{} problem(s) in the model", .0.len())]
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Unreadable(d) => vec![d.clone()],
            LoadError::Invalid(ds) => ds.clone(),
        }
    }
}

/// Reads, parses and validates a model file (`-` reads standard input).
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let display = path.display().to_string();
    let bytes = read_bytes(path).map_err(LoadError::Unreadable)?;
    let source = decode(&bytes, &display).map_err(LoadError::Unreadable)?;
    let mut loaded = parse_str(&source, &display)?;
    loaded.path = path.to_path_buf();
    Ok(loaded)
}

/// Parses and validates model text; `file` names it in diagnostics.
pub fn parse_str(source: &str, file: &str) -> Result<Loaded, LoadError> {
    let model = parse_only(source, file).map_err(|d| LoadError::Invalid(vec![d]))?;
    let index = SourceIndex::build(source);
    let diagnostics = validate(&model, &index, file);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    Ok(Loaded {
        model,
        path: PathBuf::from(file),
        source: source.to_string(),
        index,
        warnings,
    })
}

/// RON parsing alone, without validation.
pub fn parse_only(source: &str, file: &str) -> Result<Model, Diagnostic> {
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, (1, 1), "the file is empty")
            .with_hint("run `threatmap new FILE` to start from a valid model"));
    }
    ron_options()
        .from_str::<Model>(text)
        .map_err(|e| ron_diagnostic(&e, file))
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let display = path.display().to_string();
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map_err(|e| Diagnostic::error("<stdin>", (0, 0), format!("cannot read: {e}")))?;
        return Ok(buf);
    }
    let meta = std::fs::metadata(path).map_err(|e| io_diagnostic(&display, &e))?;
    if meta.is_dir() {
        return Err(
            Diagnostic::error(&display, (0, 0), "is a directory, not a model file")
                .with_hint("name a `.ron` file inside it"),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &display,
            (0, 0),
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
        )
        .with_hint("split the model, or check that this is the file you meant"));
    }
    std::fs::read(path).map_err(|e| io_diagnostic(&display, &e))
}

pub(crate) fn io_diagnostic(file: &str, e: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::error(file, (0, 0), format!("cannot read: {e}"));
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            d.with_hint("check the path, or create it with `threatmap new`")
        }
        _ => d,
    }
}

/// Text from bytes, pointing at the first byte that is not UTF-8.
pub(crate) fn decode(bytes: &[u8], file: &str) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(
                Diagnostic::error(file, (line, column), "the file is not valid UTF-8")
                    .with_hint("save the file as UTF-8"),
            )
        }
    }
}

/// Turns a RON error into a diagnostic with a hint, suggesting the closest
/// valid name for a misspelt field or variant.
pub fn ron_diagnostic(e: &SpannedError, file: &str) -> Diagnostic {
    let at = (e.span.start.line.max(1), e.span.start.col.max(1));
    let (message, hint) = describe(&e.code);
    let d = Diagnostic::error(file, at, message);
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

fn describe(code: &RonError) -> (String, Option<String>) {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let what = outer.as_deref().unwrap_or("this item");
            let hint = match closest(found, expected.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("valid fields: {}", expected.join(", ")),
            };
            (format!("unknown field `{found}` in {what}"), Some(hint))
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = outer
                .as_deref()
                .map_or(String::new(), |o| format!(" for {o}"));
            let hint = match closest(found, expected.iter().copied()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("valid values: {}", expected.join(", ")),
            };
            (format!("unknown value `{found}`{what}"), Some(hint))
        }
        RonError::MissingStructField { field, outer } => {
            let what = outer.as_deref().unwrap_or("this item");
            (
                format!("missing field `{field}` in {what}"),
                Some(format!("add `{field}: …`; see models/README.md")),
            )
        }
        RonError::DuplicateStructField { field, outer } => {
            let what = outer.as_deref().unwrap_or("this item");
            (
                format!("field `{field}` is given twice in {what}"),
                Some("keep one of them".into()),
            )
        }
        RonError::Eof => (
            "the file ends too early".into(),
            Some("a closing `)`, `]` or `}` is probably missing".into()),
        ),
        RonError::ExceededRecursionLimit => (
            "the file nests too deeply".into(),
            Some("models nest a few levels at most; check for runaway brackets".into()),
        ),
        RonError::ExpectedStructLikeEnd | RonError::ExpectedArrayEnd | RonError::ExpectedMapEnd => {
            (
                code.to_string(),
                Some("a `,` may be missing between two fields or items".into()),
            )
        }
        RonError::TrailingCharacters => (
            "unexpected text after the end of the model".into(),
            Some("the model is one `Model(…)`; remove what follows it".into()),
        ),
        RonError::InvalidValueForType { expected, found } => (
            format!("expected {expected} but found {found}"),
            Some("see the field's type in models/README.md".into()),
        ),
        other => (other.to_string(), None),
    }
}
