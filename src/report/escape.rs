//! Escaping model strings for each output medium.
//!
//! Every string in a report comes from a model file someone else may have
//! written, so each medium gets a function that makes any text inert there:
//! it can neither break the document's structure (a table, a label, a CSV
//! row) nor carry markup, formulas or terminal escape sequences.

use std::borrow::Cow;
use std::fmt::Write;

/// Unsafe characters made visible, newlines kept or not: the text
/// module's rule for reports (see [`crate::text::sanitize`]).
pub use crate::text::sanitize;

/// Text for Markdown, safe in a paragraph, a list item, a heading or a table
/// cell: pipes, backticks, emphasis and link brackets are backslash-escaped,
/// `<`, `>` and `&` become entities, newlines become `<br>`, and a leading
/// block marker (`#`, `-`, `+`, `=`, `1.`) is neutralised.
pub fn markdown(out: &mut String, text: &str) {
    let text = sanitize(text, true);
    let mut rest = markdown_block_start(out, text.trim_end_matches('\n'));
    // What follows a `<br>` stays in the same block, so only the start needs
    // block-marker escaping; the rest is copied in runs up to the next
    // character that needs an escape (all of them are ASCII).
    while let Some(at) = rest.bytes().position(|b| {
        matches!(
            b,
            b'\n' | b'<' | b'>' | b'&' | b'\\' | b'`' | b'|' | b'*' | b'_' | b'[' | b']' | b'~'
        )
    }) {
        out.push_str(&rest[..at]);
        match rest.as_bytes()[at] {
            b'\n' => out.push_str("<br>"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'&' => out.push_str("&amp;"),
            b => {
                out.push('\\');
                out.push(char::from(b));
            }
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Neutralises a block marker (`#`, `-`, `+`, `=`, `1.`, `1)`) at the start of
/// `text` and returns the part still to be escaped.
fn markdown_block_start<'t>(out: &mut String, text: &'t str) -> &'t str {
    match text.as_bytes().first() {
        Some(&b @ (b'#' | b'-' | b'+' | b'=')) => {
            out.push('\\');
            out.push(char::from(b));
            &text[1..]
        }
        Some(b'0'..=b'9') => {
            let digits = text.bytes().take_while(u8::is_ascii_digit).count();
            out.push_str(&text[..digits]);
            let rest = &text[digits..];
            // Only a marker followed by a space or the end opens a list.
            let mut ahead = rest.chars();
            if let Some(p @ ('.' | ')')) = ahead.next()
                && matches!(ahead.next(), None | Some(' ' | '\t' | '\n'))
            {
                out.push('\\');
                out.push(p);
                &rest[1..]
            } else {
                rest
            }
        }
        _ => text,
    }
}

/// An identifier for Markdown: a code span when it is plain, else escaped
/// text. Finding ids on an operation (`RULE@flow#GET /a/{id}?b=1`) are plain.
pub fn markdown_code(out: &mut String, text: &str) {
    let plain = !text.is_empty()
        && !text.starts_with(' ')
        && !text.ends_with(' ')
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '-' | '_' | '.' | ':' | '@' | '/' | '{' | '}' | '#' | ' ' | '?' | '=' | '&'
                )
        });
    if plain {
        out.push('`');
        out.push_str(text);
        out.push('`');
    } else {
        markdown(out, text);
    }
}

/// A reference for Markdown: a plain `https://` URL becomes an autolink
/// (`<https://…>`), anything else escaped text.
pub fn markdown_link(out: &mut String, text: &str) {
    if is_plain_https(text) {
        out.push('<');
        out.push_str(text);
        out.push('>');
    } else {
        markdown(out, text);
    }
}

/// An `https://` URL with no space, quote, angle bracket or control
/// character: safe to emit as a link target.
pub fn is_plain_https(s: &str) -> bool {
    s.starts_with("https://")
        && s.len() > "https://".len()
        && s.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
}

/// Text for HTML and SVG, safe both as element content and inside a quoted
/// attribute. Newlines are kept; CSS decides whether they show.
pub fn html(out: &mut String, text: &str) {
    let text = sanitize(text, true);
    // Names and ids rarely hold markup: copy them whole.
    if text
        .bytes()
        .any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | b'/'))
    {
        html_escape::encode_safe_to_string(text.as_ref(), out);
    } else {
        out.push_str(&text);
    }
}

/// The pieces of `text` between paired backticks, as (is code, piece);
/// `None` when it has no complete pair (then every backtick is literal).
fn code_pieces(text: &str) -> Option<impl Iterator<Item = (bool, &str)>> {
    let pairs = text.bytes().filter(|&b| b == b'`').count() / 2;
    if pairs == 0 {
        return None;
    }
    // An unpaired last backtick stays in the text after the last pair.
    let mut seen = 0;
    let mut pieces = Vec::with_capacity(2 * pairs + 1);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'`' && seen < 2 * pairs {
            pieces.push((seen % 2 == 1, &text[start..i]));
            seen += 1;
            start = i + 1;
        }
    }
    pieces.push((false, &text[start..]));
    Some(pieces.into_iter())
}

/// Text for HTML with `` `code` `` spans shown as `<code>`; everything else
/// as [`html`].
pub fn html_with_code(out: &mut String, text: &str) {
    let Some(pieces) = code_pieces(text) else {
        return html(out, text);
    };
    for (is_code, piece) in pieces {
        if is_code {
            out.push_str("<code>");
            html(out, piece);
            out.push_str("</code>");
        } else {
            html(out, piece);
        }
    }
}

/// Text for Markdown with `` `code` `` spans kept as code spans; the code is
/// made one line with controls visible, and a span holding a pipe (which
/// would split a table cell) is written as escaped text instead.
pub fn markdown_with_code(out: &mut String, text: &str) {
    let Some(pieces) = code_pieces(text) else {
        return markdown(out, text);
    };
    for (is_code, piece) in pieces {
        if !is_code {
            markdown(out, piece);
            continue;
        }
        let code = sanitize(piece, false);
        if code.trim().is_empty() || code.contains('|') {
            out.push_str("\\`");
            markdown(out, piece);
            out.push_str("\\`");
        } else {
            out.push('`');
            out.push_str(&code);
            out.push('`');
        }
    }
}

/// An HTML id for a finding or model id: letters, digits, `-`, `.`, `:` and
/// `@` kept, every other byte written as `_xx`, so distinct ids give
/// distinct anchors and no anchor holds markup.
pub fn anchor(out: &mut String, prefix: &str, id: &str) {
    out.push_str(prefix);
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b':' | b'@') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "_{b:02x}");
        }
    }
}

/// A label for Mermaid, to be written between double quotes: characters that
/// Mermaid reads as syntax become its `#name;` / `#code;` entities.
pub fn mermaid(out: &mut String, text: &str) {
    let text = sanitize(text, false);
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '(' => out.push_str("#40;"),
            ')' => out.push_str("#41;"),
            ';' => out.push_str("#59;"),
            c => out.push(c),
        }
    }
}

/// An identifier Mermaid accepts as a node or subgraph id, made from the
/// model id alone (so adding an element renames no other node): a prefix
/// that keeps keywords such as `end` away, then the id with ASCII letters
/// and digits kept, `_` doubled, and any other character as `_hex_`, so two
/// different ids never give the same name.
pub fn mermaid_id(out: &mut String, prefix: char, id: &str) {
    out.push(prefix);
    out.push('_');
    for c in id.chars() {
        match c {
            c if c.is_ascii_alphanumeric() => out.push(c),
            '_' => out.push_str("__"),
            c => {
                let _ = write!(out, "_{:x}_", u32::from(c));
            }
        }
    }
}

/// A double-quoted DOT string: quotes and backslashes escaped, newlines as
/// DOT's centred line break `\n`.
pub fn dot(out: &mut String, text: &str) {
    let text = sanitize(text, true);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            // Graphviz reads `&name;` as an HTML entity even in plain labels.
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A CSV cell that a spreadsheet shows as text: a leading `=`, `+`, `-`, `@`,
/// tab or carriage return would start a formula, so it gets a `'` in front.
/// Quoting is left to the `csv` writer.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let formula = matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    );
    if formula {
        let rest = sanitize(text, true);
        return Cow::Owned(format!("'{rest}"));
    }
    sanitize(text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        let mut out = String::new();
        markdown(&mut out, s);
        out
    }

    #[test]
    fn sanitize_makes_controls_visible() {
        assert_eq!(sanitize("plain", true), "plain");
        assert_eq!(sanitize("a\u{1b}[2Jb", true), "a\\x1b[2Jb");
        assert_eq!(sanitize("a\u{7}\r\nb", true), "a\\x07\nb");
        assert_eq!(sanitize("a\nb\tc", false), "a b c");
        assert_eq!(sanitize("\u{202e}x", false), "\\u{202e}x");
        // Invisible characters, as on the terminal.
        assert_eq!(sanitize("a\u{200b}b\u{ad}", false), "a\\u{200b}b\\xad");
    }

    #[test]
    fn markdown_keeps_tables_and_blocks_intact() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("`x`"), "\\`x\\`");
        assert_eq!(md("l1\nl2"), "l1<br>l2");
        assert_eq!(md("<script>"), "&lt;script&gt;");
        assert_eq!(md("# title"), "\\# title");
        assert_eq!(md("- item"), "\\- item");
        assert_eq!(md("=SUM(A1)"), "\\=SUM(A1)");
        assert_eq!(md("12. x"), "12\\. x");
        assert_eq!(md("0.1"), "0.1");
        assert_eq!(md("a - b"), "a - b");
        assert_eq!(md("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md("a\\|b"), "a\\\\\\|b");
    }

    /// The escaping rules written one character at a time, as plainly as
    /// possible: the run-copying `markdown` must agree with it everywhere.
    fn markdown_by_char(s: &str) -> String {
        let text = sanitize(s, true);
        let mut out = String::new();
        let mut chars = text.trim_end_matches('\n').chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let starts = std::mem::replace(&mut first, false);
            match c {
                '\n' => out.push_str("<br>"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '|' | '*' | '_' | '[' | ']' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '#' | '-' | '+' | '=' if starts => {
                    out.push('\\');
                    out.push(c);
                }
                '0'..='9' if starts => {
                    out.push(c);
                    while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                        out.push(d);
                        chars.next();
                    }
                    let mut ahead = chars.clone();
                    if let Some(p @ ('.' | ')')) = ahead.next()
                        && matches!(ahead.next(), None | Some(' ' | '\t' | '\n'))
                    {
                        out.push('\\');
                        out.push(p);
                        chars.next();
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn markdown_agrees_with_the_per_character_rules(
            s in "[-#+=0-9.) a-z\n\t\r<>&|*_`~\\[\\]\u{1b}\u{202e}é]{0,24}"
        ) {
            proptest::prop_assert_eq!(md(&s), markdown_by_char(&s));
        }
    }

    #[test]
    fn markdown_code_falls_back_for_odd_ids() {
        let mut out = String::new();
        markdown_code(&mut out, "API1-BOLA@orders-svc");
        assert_eq!(out, "`API1-BOLA@orders-svc`");
        out.clear();
        markdown_code(&mut out, "a`b|c");
        assert_eq!(out, "a\\`b\\|c");
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        let mut out = String::new();
        html(&mut out, "<script>alert(1)</script>\"'&\u{1b}");
        assert!(!out.contains('<') && !out.contains('"') && !out.contains('\u{1b}'));
        assert!(out.starts_with("&lt;script&gt;"));
    }

    #[test]
    fn mermaid_labels_and_ids() {
        let mut out = String::new();
        mermaid(&mut out, "a \"b\" [c] #d <e> |f| `g`\nh");
        assert_eq!(
            out,
            "a #quot;b#quot; #91;c#93; #35;d #lt;e#gt; #124;f#124; #96;g#96; h"
        );
        out.clear();
        mermaid_id(&mut out, 'e', "end");
        assert_eq!(out, "e_end");
        out.clear();
        mermaid_id(&mut out, 'e', "a b\"c");
        assert_eq!(out, "e_a_20_b_22_c");
        // Ids that differ only in punctuation stay apart.
        out.clear();
        mermaid_id(&mut out, 'e', "a_b");
        mermaid_id(&mut out, 'e', "a-b");
        assert_eq!(out, "e_a__be_a_2d_b");
    }

    #[test]
    fn backtick_spans_become_code_and_stay_escaped() {
        let mut out = String::new();
        html_with_code(&mut out, "flow `a<b>` is `plain` `odd");
        assert_eq!(
            out,
            "flow <code>a&lt;b&gt;</code> is <code>plain</code> `odd"
        );
        out.clear();
        markdown_with_code(&mut out, "flow `x*y` and `a|b` and `odd");
        assert_eq!(out, "flow `x*y` and \\`a\\|b\\` and \\`odd");
        out.clear();
        markdown_with_code(&mut out, "no code <here>");
        assert_eq!(out, "no code &lt;here&gt;");
    }

    #[test]
    fn anchors_are_distinct_and_inert() {
        let mut a = String::new();
        anchor(&mut a, "f-", "API1@svc a");
        assert_eq!(a, "f-API1@svc_20a");
        let mut b = String::new();
        anchor(&mut b, "f-", "API1@svc_20a");
        assert_ne!(a, b);
        let mut c = String::new();
        anchor(&mut c, "f-", "x\"><script>");
        assert!(!c.contains('<') && !c.contains('"'));
    }

    #[test]
    fn dot_strings() {
        let mut out = String::new();
        dot(&mut out, "say \"hi\"\\\nbye");
        assert_eq!(out, "\"say \\\"hi\\\"\\\\\\nbye\"");
        out.clear();
        dot(&mut out, "R&D &lt;");
        assert_eq!(out, "\"R&amp;D &amp;lt;\"");
    }

    #[test]
    fn csv_cells_cannot_start_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "' x");
        assert_eq!(csv_cell("a-b"), "a-b");
        assert_eq!(csv_cell("x\u{1b}"), "x\\x1b");
    }
}
