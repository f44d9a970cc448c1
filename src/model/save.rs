//! Writing models: one canonical layout, written through [`super::write`].

use std::path::Path;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::types::{ElementKind, Model};

/// The first line of every saved model: the RON extensions it is written with.
const HEADER: &str = "#![enable(implicit_some, unwrap_variant_newtypes)]\n";

/// The model in canonical order: every list sorted by id, every set sorted and
/// without repeats. Saving sorts, so the same model always has the same bytes.
pub fn canonicalize(model: &mut Model) {
    model.owners.dedup();
    model.boundaries.sort_by(|a, b| a.id.cmp(&b.id));
    model.data.sort_by(|a, b| a.id.cmp(&b.id));
    model.elements.sort_by(|a, b| a.id.cmp(&b.id));
    model.flows.sort_by(|a, b| a.id.cmp(&b.id));
    model.triage.sort_by(|a, b| a.finding.cmp(&b.finding));
    model.threats.sort_by(|a, b| a.id.cmp(&b.id));
    for t in &mut model.threats {
        sort_set(&mut t.owasp);
        sort_set(&mut t.mitigations);
        sort_set(&mut t.tags);
    }
    sort_set(&mut model.disabled_rules);
    for e in &mut model.elements {
        sort_set(&mut e.tags);
        sort_set(&mut e.controls);
        match &mut e.kind {
            ElementKind::Process(p) => sort_set(&mut p.handles),
            ElementKind::DataStore(s) => sort_set(&mut s.stores),
            ElementKind::External(_) => {}
        }
    }
    for f in &mut model.flows {
        sort_set(&mut f.tags);
        sort_set(&mut f.controls);
        sort_set(&mut f.data);
        f.endpoints
            .sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
        for e in &mut f.endpoints {
            sort_set(&mut e.tags);
            sort_set(&mut e.authentication);
        }
    }
}

fn sort_set<T: Ord>(items: &mut Vec<T>) {
    items.sort();
    items.dedup();
}

/// The canonical text of a model. Comments in the original are not kept.
pub fn to_canonical_string(model: &Model) -> String {
    let mut model = model.clone();
    canonicalize(&mut model);
    let config = PrettyConfig::new()
        .indentor("    ")
        .struct_names(true)
        .separate_tuple_members(false)
        .escape_strings(true)
        .extensions(Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES);
    // Serialising these plain data types cannot fail: no maps with non-string
    // keys, no floats, no custom serialisers.
    let body = ron::Options::default()
        .to_string_pretty(&model, config)
        .unwrap_or_else(|e| unreachable!("a model always serialises: {e}"));
    let body = body
        .strip_prefix("#![enable(implicit_some)]\n")
        .or_else(|| body.strip_prefix("#![enable(unwrap_variant_newtypes)]\n"))
        .unwrap_or(&body);
    let body = plain_identifiers(&unescape_apostrophes(&strip_enable_lines(body)));
    format!("{HEADER}{body}\n")
}

/// RON's string escaping writes `'` as `\'`, which reads badly in a file
/// people edit; a plain `'` means the same inside a `"…"` string.
fn unescape_apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => out.push('\''),
            Some(next) => {
                out.push(c);
                out.push(next);
            }
            None => out.push(c),
        }
    }
    out
}

/// RON writes a variant named like `Option`'s, such as `Authentication::None`,
/// as the raw identifier `r#None`. The plain name reads back the same, so
/// `r#` is dropped outside string literals (the only other text that could
/// hold it; the canonical form has no comments or raw strings).
fn plain_identifiers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_string
            && rest.starts_with("r#")
            && !out.ends_with(|p: char| p.is_alphanumeric() || p == '_')
            && rest[2..].starts_with(|n: char| n.is_alphabetic() || n == '_')
        {
            rest = &rest[2..];
            continue;
        }
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn strip_enable_lines(body: &str) -> String {
    body.lines()
        .skip_while(|l| l.starts_with("#![enable("))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Saves a model in canonical form, atomically.
pub fn save(model: &Model, path: &Path) -> std::io::Result<()> {
    super::write::write_atomic(path, to_canonical_string(model).as_bytes())
}

/// What a user is told when a save rewrites `file`, whose comments the
/// canonical layout cannot keep (`fmt` refuses; other saves warn).
pub fn comments_dropped(file: &str) -> String {
    format!("{file} had comments, which the canonical layout does not keep: they were dropped")
}

/// Whether RON text holds a `//` or `/* */` comment outside strings.
pub fn has_comments(text: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let mut prev = '\0';
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if prev == '/' && (c == '/' || c == '*') {
            return true;
        }
        prev = if in_string { '\0' } else { c };
    }
    false
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_comments_outside_strings_only() {
        use super::has_comments;
        assert!(has_comments("Model(name: \"a\") // note"));
        assert!(has_comments("/* x */ Model()"));
        assert!(!has_comments("Model(name: \"http://x\")"));
        assert!(!has_comments("Model(name: \"a \\\" // b\")"));
    }

    use super::*;

    /// models/README.md and the saver say the same about default enum fields.
    #[test]
    fn enum_fields_at_their_default_are_left_out_as_the_format_reference_says() {
        let reference = include_str!("../../models/README.md");
        assert!(
            reference.contains("the enum fields at their default value too"),
            "models/README.md states the rule the saver follows"
        );
        let mut model = crate::model::starter::empty_model("m");
        model.flows.push(crate::model::Flow::new(
            "a-b",
            "a",
            "b",
            crate::model::Protocol::Https,
        ));
        let text = to_canonical_string(&model);
        for field in ["encryption:", "authentication:", "authorization:"] {
            assert!(
                !text.contains(field),
                "{field} at its default is not written"
            );
        }
        model.flows[0].encryption = crate::model::Encryption::Tls;
        assert!(to_canonical_string(&model).contains("encryption: Tls"));
    }
}
