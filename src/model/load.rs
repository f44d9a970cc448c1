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
    index: std::sync::OnceLock<SourceIndex>,
    /// Problems that do not stop the model from being used.
    pub warnings: Vec<Diagnostic>,
}

impl Loaded {
    /// Where things are declared in the file, scanned on first use.
    pub fn index(&self) -> &SourceIndex {
        self.index
            .get_or_init(|| SourceIndex::build(strip_bom(&self.source)))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("{}", .0)]
    Unreadable(Diagnostic),
    /// The file is there, but the system would not give its bytes
    /// (permissions, a failing disk): not a problem with the model itself.
    #[error("{}", .0)]
    System(Diagnostic),
    /// The file was read; these problems were found in it.
    #[error("{} problem(s) in the model", .0.len())]
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Unreadable(d) | LoadError::System(d) => vec![d.clone()],
            LoadError::Invalid(ds) => ds.clone(),
        }
    }
}

/// Reads, parses and validates a model file (`-` reads standard input).
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let display = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = read_bytes(path).map_err(|e| match e.system {
        true => LoadError::System(e.diagnostic),
        false => LoadError::Unreadable(e.diagnostic),
    })?;
    // Valid text is kept without a copy; invalid text gets a positioned error.
    let source = String::from_utf8(bytes).map_err(|e| {
        LoadError::Unreadable(not_utf8(
            e.as_bytes(),
            e.utf8_error().valid_up_to(),
            &display,
        ))
    })?;
    let mut loaded = parse_string(source, &display)?;
    loaded.path = path.to_path_buf();
    Ok(loaded)
}

/// Parses and validates model text; `file` names it in diagnostics.
pub fn parse_str(source: &str, file: &str) -> Result<Loaded, LoadError> {
    parse_string(source.to_string(), file)
}

/// [`parse_str`] of text the caller hands over, kept without a copy.
fn parse_string(source: String, file: &str) -> Result<Loaded, LoadError> {
    let model = parse_only(&source, file).map_err(|d| LoadError::Invalid(vec![d]))?;
    // Index the text RON parsed (without a byte-order mark), so that columns
    // on the first line agree with RON's and with editors'.
    let (diagnostics, built) = validate(&model, strip_bom(&source), file);
    let index = std::sync::OnceLock::new();
    if let Some(built) = built {
        let _ = index.set(built);
    }
    let (errors, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(LoadError::Invalid(errors));
    }
    Ok(Loaded {
        model,
        path: PathBuf::from(file),
        source,
        index,
        warnings,
    })
}

/// RON parsing alone, without validation.
pub fn parse_only(source: &str, file: &str) -> Result<Model, Diagnostic> {
    let text = strip_bom(source);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(file, (1, 1), "the file is empty")
            .with_hint("run `threatmap new FILE` to start from a valid model"));
    }
    if holds_only_comments(text) {
        return Err(
            Diagnostic::error(file, (1, 1), "the file holds comments but no model")
                .with_hint("a model file holds one `Model(name: \"…\", …)`; run `threatmap new FILE` for a starter"),
        );
    }
    ron_options().from_str::<Model>(text).map_err(|e| {
        let d = ron_diagnostic(&e, file);
        if e.code == RonError::ExpectedIdentifier && char_at(text, e.span.start) == Some('"') {
            // `protocol: "Https"`: the commonest cause is a quoted enum value.
            d.with_hint("values such as `Https` or `Process` are written without quotes")
        } else {
            d
        }
    })
}

fn strip_bom(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

/// The character at a RON position (1-based line and column, in characters).
fn char_at(text: &str, at: ron::error::Position) -> Option<char> {
    let line = text.split('\n').nth(at.line.checked_sub(1)?)?;
    line.chars().nth(at.col.checked_sub(1)?)
}

/// True when the text is nothing but whitespace, comments and `#![…]`
/// attribute lines: a file someone started and never filled in.
fn holds_only_comments(text: &str) -> bool {
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if rest.starts_with("/*") {
            match skip_block_comment(rest) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if rest.starts_with("#![") {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        } else {
            return false;
        }
        rest = rest.trim_start();
    }
    true
}

/// The text after a (possibly nested) block comment at the start of `text`,
/// or `None` when the comment is not closed.
fn skip_block_comment(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i + 1 < bytes.len() {
        match &bytes[i..i + 2] {
            b"/*" => {
                depth += 1;
                i += 2;
            }
            b"*/" => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return text.get(i..);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Why a file's bytes could not be had.
#[derive(Debug, Clone)]
pub struct ReadError {
    pub diagnostic: Diagnostic,
    /// The file is there but the system refused or failed to give it
    /// (permissions, a failing disk), as opposed to a wrong path or a folder.
    pub system: bool,
}

impl From<Diagnostic> for ReadError {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostic,
            system: false,
        }
    }
}

impl From<ReadError> for Diagnostic {
    fn from(e: ReadError) -> Self {
        e.diagnostic
    }
}

pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    let display = path.display().to_string();
    if path.as_os_str() == "-" {
        return read_limited(std::io::stdin().lock(), "<stdin>");
    }
    let meta = std::fs::metadata(path).map_err(|e| io_diagnostic(&display, &e))?;
    if meta.is_dir() {
        return Err(
            Diagnostic::error(&display, (0, 0), "is a directory, not a file")
                .with_hint("name a file inside it")
                .into(),
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
        .with_hint("split the model, or check that this is the file you meant")
        .into());
    }
    // A FIFO, a device or a file in /proc says nothing true about its size:
    // the limit is applied while reading.
    let file = std::fs::File::open(path).map_err(|e| io_diagnostic(&display, &e))?;
    read_limited(file, &display)
}

/// Refuses model text the loader would refuse to read back: a model written
/// by an import or a merge must open again. `file` is where it would go.
pub fn check_loadable_size(text: &str, file: &str) -> Result<(), Diagnostic> {
    if text.len() as u64 <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(Diagnostic::error(
        file,
        (0, 0),
        format!(
            "the model would be {} bytes, more than the {MAX_FILE_BYTES} bytes threatmap reads; nothing was written",
            text.len()
        ),
    )
    .with_hint("import a smaller part of the description (fewer paths), or split the model"))
}

/// Everything `reader` gives, refused once it passes [`MAX_FILE_BYTES`].
fn read_limited(reader: impl std::io::Read, display: &str) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let mut buf = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| io_diagnostic(display, &e))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            (0, 0),
            format!("the input is larger than the limit of {MAX_FILE_BYTES} bytes"),
        )
        .with_hint("split the model, or check that this is the input you meant")
        .into());
    }
    Ok(buf)
}

pub(crate) fn io_diagnostic(file: &str, e: &std::io::Error) -> ReadError {
    let d = Diagnostic::error(file, (0, 0), format!("cannot read: {e}"));
    match e.kind() {
        std::io::ErrorKind::NotFound => d
            .with_hint("check the path, or create it with `threatmap new`")
            .into(),
        std::io::ErrorKind::PermissionDenied => ReadError {
            diagnostic: d.with_hint("check the file's permissions"),
            system: true,
        },
        std::io::ErrorKind::IsADirectory | std::io::ErrorKind::InvalidInput => d.into(),
        _ => ReadError {
            diagnostic: d,
            system: true,
        },
    }
}

/// Text from bytes, pointing at the first byte that is not UTF-8.
pub(crate) fn decode(bytes: &[u8], file: &str) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(not_utf8(bytes, e.valid_up_to(), file)),
    }
}

/// The error for text that stops being UTF-8 after `valid_up_to` bytes.
fn not_utf8(bytes: &[u8], valid_up_to: usize, file: &str) -> Diagnostic {
    let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Diagnostic::error(file, (line, column), "the file is not valid UTF-8")
        .with_hint("save the file as UTF-8")
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
        RonError::ExpectedComma => (
            "expected a `,` here".into(),
            Some("add a `,` after the previous field or item".into()),
        ),
        RonError::ExpectedIdentifier => (
            "expected a field name or a value name here".into(),
            Some("a closing `)` may be missing before this".into()),
        ),
        RonError::ExpectedStringEnd => (
            "this string is not closed".into(),
            Some("add the closing `\"`".into()),
        ),
        RonError::IntegerOutOfBounds => (
            "this number is out of range".into(),
            Some(
                "trust goes from 0 to 10; layout positions are whole numbers that fit in 32 bits"
                    .into(),
            ),
        ),
        RonError::ExpectedString => (
            "expected a string in double quotes".into(),
            Some("write text as `\"…\"`".into()),
        ),
        RonError::ExpectedBoolean => ("expected `true` or `false`".into(), None),
        RonError::ExpectedInteger => ("expected a whole number".into(), None),
        RonError::ExpectedArray => ("expected a list `[…]`".into(), None),
        RonError::ExpectedMap => (
            "expected a map `{…}`".into(),
            Some("`layout` is written `{ \"element-id\": (x: 1, y: 2), … }`".into()),
        ),
        RonError::ExpectedNamedStructLike(name) => (
            format!("expected `{name}(…)`"),
            (*name == "Model").then(|| {
                "a model file holds one `Model(name: \"…\", …)`; see models/README.md".to_string()
            }),
        ),
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(…)` but found `{found}(…)`"),
            (*expected == "Model").then(|| {
                "a model file holds one `Model(name: \"…\", …)`; see models/README.md".to_string()
            }),
        ),
        other => (lowercase_first(&other.to_string()), None),
    }
}

/// RON's own messages start with a capital; ours, like compilers', do not.
fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(text: &str) -> Diagnostic {
        match parse_str(text, "t.ron") {
            Err(e) => e.diagnostics().remove(0),
            Ok(_) => panic!("expected an error for {text:?}"),
        }
    }

    #[test]
    fn a_model_too_large_to_load_back_is_refused_before_writing() {
        let limit = usize::try_from(MAX_FILE_BYTES).expect("fits");
        assert!(check_loadable_size(&" ".repeat(limit), "m.ron").is_ok());
        let e = check_loadable_size(&" ".repeat(limit + 1), "m.ron").expect_err("refused");
        assert_eq!(
            e.to_string().lines().next(),
            Some(
                "m.ron: error: the model would be 67108865 bytes, more than the 67108864 bytes threatmap reads; nothing was written"
            )
        );
    }

    #[test]
    fn a_file_of_comments_is_reported_as_holding_no_model() {
        assert!(holds_only_comments(
            "// x\n#![enable(implicit_some)]\n/* a /* b */ c */\n"
        ));
        assert!(!holds_only_comments("// x\nModel(name: \"m\")"));
        assert!(!holds_only_comments("/* never closed"));
        let d = first_error("// nothing yet\n");
        assert_eq!(
            d.to_string().lines().next(),
            Some("t.ron:1:1: error: the file holds comments but no model")
        );
    }

    #[test]
    fn a_quoted_enum_value_gets_a_hint_about_quotes() {
        let d = first_error(
            "Model(name: \"m\", boundaries: [Boundary(id: \"b\", name: \"B\", kind: \"Host\")])",
        );
        assert_eq!((d.line, d.column), (1, 66));
        assert_eq!(
            d.hint.as_deref(),
            Some("values such as `Https` or `Process` are written without quotes")
        );
        let d = first_error(
            "Model(name: \"m\", boundaries: [Boundary(id: \"b\", name: \"B\", kind: Host,\n]",
        );
        assert_eq!(
            d.hint.as_deref(),
            Some("a closing `)` may be missing before this")
        );
    }

    #[test]
    fn ron_messages_read_like_ours() {
        assert_eq!(
            first_error("Model(name: 1)").message,
            "expected a string in double quotes"
        );
        assert_eq!(
            first_error("Model(name: \"a\" scope: \"b\")").message,
            "expected a `,` here"
        );
        assert_eq!(
            first_error("Flow(id: \"f\")").message,
            "expected `Model(…)` but found `Flow(…)`"
        );
        assert_eq!(
            lowercase_first("Unclosed block comment"),
            "unclosed block comment"
        );
    }

    #[test]
    fn columns_on_the_first_line_ignore_a_byte_order_mark() {
        let d =
            first_error("\u{feff}Model(name: \"m\", data: [DataAsset(id: \"a b\", name: \"A\")])");
        assert_eq!((d.line, d.column), (1, 35));
    }
}
