//! Reading rule files: the built-in ones embedded at build time, and a team's
//! own from a folder. Only regular `.ron` files directly in that folder are
//! read: symbolic links are refused, never followed.

use std::collections::HashMap;
use std::path::Path;

use super::{Library, Rule};
use crate::diagnostic::Diagnostic;
use crate::model::load::{decode, read_bytes, ron_diagnostic};
use ron::error::{Error as RonError, SpannedError};

include!(concat!(env!("OUT_DIR"), "/built_in_rules.rs"));

/// Deepest nesting of conditions a rule may use.
pub const MAX_CONDITION_DEPTH: usize = 16;

#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in the rule files", .0.len())]
pub struct LibraryError(pub Vec<Diagnostic>);

/// The built-in library, embedded in the binary.
pub fn built_in() -> Library {
    let mut rules = Vec::new();
    for (name, text) in BUILT_IN_FILES {
        match parse_rule_file(text, &format!("threat-library/{name}")) {
            Ok(mut r) => rules.append(&mut r),
            // The test suite loads every built-in file; a broken one cannot ship.
            Err(e) => unreachable!("built-in rule file {name} is invalid: {:?}", e.0),
        }
    }
    Library::new(rules)
}

/// The names and texts of the built-in rule files.
pub fn built_in_files() -> &'static [(&'static str, &'static str)] {
    BUILT_IN_FILES
}

/// Reads every `.ron` file directly inside `dir` (sorted by name), reporting
/// every problem of every file; a rule id used twice across files is an error.
pub fn load_dir(dir: &Path) -> Result<Vec<Rule>, LibraryError> {
    let display = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        LibraryError(vec![
            Diagnostic::error(
                &display,
                (0, 0),
                format!("cannot read the rule folder: {e}"),
            )
            .with_hint("--library takes a folder of `.ron` rule files"),
        ])
    })?;
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        // The entry's own type: a symbolic link is not followed, so nothing
        // outside the folder (nor a FIFO that never ends) is ever read.
        match entry.file_type() {
            Ok(t) if t.is_file() => paths.push(path),
            Ok(t) if t.is_dir() => {}
            _ => problems.push(
                Diagnostic::error(
                    &path.display().to_string(),
                    (0, 0),
                    "is not a regular file (a symbolic link, a FIFO or a device); it was not read",
                )
                .with_hint("copy the rule file into the folder instead of linking it"),
            ),
        }
    }
    paths.sort();
    crate::diagnostic::sort(&mut problems);
    let mut rules = Vec::new();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    for path in paths {
        let file = path.display().to_string();
        let text = match read_bytes(&path)
            .map_err(Diagnostic::from)
            .and_then(|b| decode(&b, &file))
        {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        match parse_rule_file(&text, &file) {
            Ok(file_rules) => {
                for rule in file_rules {
                    if let Some(other) = first_seen.get(&rule.id) {
                        problems.push(
                            Diagnostic::error(
                                &file,
                                locate(&text, &rule.id),
                                format!("rule id `{}` is also defined in {other}", rule.id),
                            )
                            .with_hint("each rule id is defined once; rename one of them"),
                        );
                    } else {
                        first_seen.insert(rule.id.clone(), file.clone());
                        rules.push(rule);
                    }
                }
            }
            Err(LibraryError(mut d)) => problems.append(&mut d),
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(LibraryError(problems))
    }
}

/// Parses one rule file: a RON list of `Rule(...)`.
pub fn parse_rule_file(text: &str, file: &str) -> Result<Vec<Rule>, LibraryError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        return Err(LibraryError(vec![
            Diagnostic::error(file, (1, 1), "the rule file is empty")
                .with_hint("a rule file is a list: `[ Rule(id: …, …), ]`"),
        ]));
    }
    let rules: Vec<Rule> = crate::model::load::ron_options()
        .from_str(body)
        .map_err(|e| LibraryError(vec![rule_ron_diagnostic(&e, file)]))?;
    let mut problems = Vec::new();
    let mut seen = HashMap::new();
    for rule in &rules {
        let at = locate(text, &rule.id);
        // Problems inside the rule point at the text they name, searched
        // from the rule's id onwards; the id itself is the fallback.
        let within = |needle: &str| locate_from(text, needle, at).unwrap_or(at);
        let condition_at = within("when:");
        let mut error_at = |place: (usize, usize), message: String, hint: &str| {
            problems.push(Diagnostic::error(file, place, message).with_hint(hint));
        };
        if !crate::model::validate::is_valid_id(&rule.id) || rule.id.contains('@') {
            error_at(
                at,
                format!("invalid rule id {:?}", rule.id),
                "rule ids use letters, digits, `-`, `_` and `.`",
            );
        }
        if seen.insert(rule.id.as_str(), ()).is_some() {
            error_at(
                at,
                format!("rule id `{}` is defined twice", rule.id),
                "each rule id is defined once",
            );
        }
        if let Some(empty) = rule.when.find_empty() {
            let place = locate_from(text, empty, condition_at).unwrap_or(condition_at);
            error_at(
                place,
                format!("rule `{}` has an empty condition `{empty}`", rule.id),
                "an empty list can never describe a threat; list at least one fact",
            );
        }
        if rule.when.depth() > MAX_CONDITION_DEPTH {
            error_at(
                condition_at,
                format!(
                    "rule `{}` nests its condition {} deep; the limit is {MAX_CONDITION_DEPTH}",
                    rule.id,
                    rule.when.depth()
                ),
                "flatten the condition with All/Any lists",
            );
        }
        if rule.applies_to.is_empty() {
            error_at(
                at,
                format!("rule `{}` applies to nothing", rule.id),
                "set `applies_to: [Flow]` or another target",
            );
        }
        if rule.mitigations.controls().is_empty() {
            error_at(
                at,
                format!("rule `{}` names no mitigating control", rule.id),
                "list the controls that mitigate it in `mitigations: AnyOf([...])`",
            );
        }
        for owasp in &rule.owasp {
            if !is_owasp_api_id(owasp) {
                error_at(
                    within(&format!("{owasp:?}")),
                    format!(
                        "rule `{}`: `{owasp}` is not an OWASP API Top 10 2023 id",
                        rule.id
                    ),
                    "write `API1:2023` … `API10:2023`",
                );
            }
        }
        if rule.title.trim().is_empty()
            || rule.description.trim().is_empty()
            || rule.recommendation.trim().is_empty()
        {
            error_at(
                at,
                format!(
                    "rule `{}` needs a title, a description and a recommendation",
                    rule.id
                ),
                "reviewers read these texts; write them",
            );
        }
    }
    if problems.is_empty() {
        Ok(rules)
    } else {
        Err(LibraryError(problems))
    }
}

fn is_owasp_api_id(id: &str) -> bool {
    id.strip_prefix("API")
        .and_then(|rest| rest.strip_suffix(":2023"))
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=10).contains(&n))
}

/// Where a rule's id is written, for messages about the rule as a whole.
fn locate(text: &str, id: &str) -> (usize, usize) {
    locate_from(text, &format!("{id:?}"), (1, 1)).unwrap_or((1, 1))
}

/// The first place of `needle` at or after the line and column `from`.
fn locate_from(text: &str, needle: &str, (line, column): (usize, usize)) -> Option<(usize, usize)> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let start = text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    let offset = start + text.get(start..)?.find(needle)?;
    let before = &text[..offset];
    let found_line = before.matches('\n').count() + 1;
    let found_column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((found_line, found_column))
}

/// A RON error in a rule file, with hints that speak of rules rather than models.
fn rule_ron_diagnostic(e: &SpannedError, file: &str) -> Diagnostic {
    let at = (e.span.start.line.max(1), e.span.start.col.max(1));
    let (message, hint) = match &e.code {
        RonError::ExpectedComma => (
            "expected a `,` before this".to_string(),
            "a `,` is probably missing at the end of the previous field or item".to_string(),
        ),
        RonError::MissingStructField { field, .. } => (
            format!("missing field `{field}` in this rule"),
            format!("add `{field}: …`; threat-library/README.md lists every field"),
        ),
        RonError::ExceededRecursionLimit => (
            "the rule file nests too deeply".to_string(),
            format!(
                "conditions may nest at most {MAX_CONDITION_DEPTH} levels; flatten them with All/Any lists"
            ),
        ),
        RonError::TrailingCharacters => (
            "unexpected text after the end of the rule list".to_string(),
            "a rule file is one list: `[ Rule(…), Rule(…), ]`".to_string(),
        ),
        _ => return ron_diagnostic(e, file),
    };
    Diagnostic::error(file, at, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_owasp_ids() {
        assert!(is_owasp_api_id("API1:2023"));
        assert!(is_owasp_api_id("API10:2023"));
        assert!(!is_owasp_api_id("API11:2023"));
        assert!(!is_owasp_api_id("API1:2019"));
    }

    #[test]
    fn every_built_in_file_parses() {
        for (name, text) in BUILT_IN_FILES {
            if let Err(e) = parse_rule_file(text, name) {
                panic!("{name}: {:#?}", e.0);
            }
        }
    }
}
