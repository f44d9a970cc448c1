//! Making strings from a model safe on a terminal or in a document, and the
//! small words every message shares (counts, articles, cutting to a width).

/// Replaces control characters (escape sequences, bell, carriage return…) with
/// visible escapes, so text from a model can never drive the terminal.
/// Newlines and tabs are escaped too: one model string stays on one line.
pub fn escape_control(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`escape_control`] for a document rather than a terminal line: unsafe
/// characters become visible escapes (`\x1b`, `\u{202e}`); a newline stays
/// when `keep_newlines` is set, otherwise it becomes a space; a tab becomes a
/// space and a carriage return disappears. Every report medium starts here.
pub fn sanitize(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    // Most text is printable ASCII: settle that a byte at a time before
    // decoding characters.
    let printable_ascii = text.bytes().all(|b| (0x20..0x7f).contains(&b));
    if printable_ascii || !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            '\r' => {}
            c if is_unsafe(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Appends the visible escape of a character: `\x1b`, `\u{202e}`. The one
/// spelling for the terminal and for every report medium.
pub(crate) fn push_visible(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let code = c as u32;
    if code <= 0xff {
        let _ = write!(out, "\\x{code:02x}");
    } else {
        let _ = write!(out, "\\u{{{code:x}}}");
    }
}

/// Control characters, line and bidi controls, and the invisible format
/// characters that make two strings look alike: zero-width space, joiners
/// and marks, word joiner and invisible operators, BOM, Arabic letter mark,
/// soft hyphen, Mongolian vowel separator and tag characters.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
                | '\u{061c}'
                | '\u{00ad}'
                | '\u{180e}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

/// When `text` mixes letters of more than one script (a Latin id with a
/// Cyrillic `а` looks exactly like the Latin one), words saying which: e.g.
/// ``mixes Latin and Cyrillic letters (`а` is U+0430, Cyrillic)``.
pub fn mixed_scripts(text: &str) -> Option<String> {
    let mut scripts: Vec<&'static str> = Vec::new();
    let mut odd = None;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let script = script(c);
        if !scripts.contains(&script) {
            if !scripts.is_empty() && odd.is_none() {
                odd = Some((c, script));
            }
            scripts.push(script);
        }
    }
    let (c, script) = odd?;
    let names = match scripts.as_slice() {
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    Some(format!(
        "mixes {names} letters (`{c}` is U+{:04X}, {script})",
        c as u32
    ))
}

/// The script of a letter, for the scripts that hold look-alikes of Latin
/// letters; anything else is "another script".
fn script(c: char) -> &'static str {
    match c {
        'a'..='z'
        | 'A'..='Z'
        | '\u{aa}'
        | '\u{ba}'
        | '\u{c0}'..='\u{24f}'
        | '\u{1e00}'..='\u{1eff}' => "Latin",
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => "Greek",
        '\u{400}'..='\u{52f}' | '\u{2de0}'..='\u{2dff}' | '\u{a640}'..='\u{a69f}' => "Cyrillic",
        '\u{530}'..='\u{58f}' => "Armenian",
        '\u{13a0}'..='\u{13ff}' => "Cherokee",
        '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => "fullwidth Latin",
        _ => "another script's",
    }
}

/// `1 flow`, `3 flows`: a count with its noun in the right number. The one
/// pluraliser for every message and report.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a` or `an` before `word` (by its first letter: `an element`, `a flow`).
/// The one article for messages and explanations.
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Cuts text to `max` terminal cells (display width: CJK and emoji count two),
/// ending with `…` when cut. The one truncation for the canvas and the SVG.
pub fn fit(text: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let width = |c: char| c.width().unwrap_or(0);
    if text.chars().map(width).sum::<usize>() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = width(ch);
        if used + w + 1 > max {
            break;
        }
        out.push(ch);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn invisible_characters_are_shown_as_escapes() {
        for (raw, shown) in [
            ("a\u{200b}b", "a\\u{200b}b"),
            ("a\u{200d}b", "a\\u{200d}b"),
            ("a\u{2060}b", "a\\u{2060}b"),
            ("\u{feff}a", "\\u{feff}a"),
            ("a\u{200e}\u{200f}", "a\\u{200e}\\u{200f}"),
            ("a\u{061c}", "a\\u{61c}"),
            ("soft\u{00ad}hyphen", "soft\\xadhyphen"),
            ("tag\u{e0041}", "tag\\u{e0041}"),
        ] {
            assert_eq!(super::escape_control(raw), shown, "{raw:?}");
        }
        assert_eq!(super::escape_control("café ü 日本"), "café ü 日本");
    }

    use super::*;

    #[test]
    fn fit_counts_cells_not_chars() {
        assert_eq!(fit("orders", 6), "orders");
        assert_eq!(fit("orders-db", 6), "order…");
        // Two cells each: three fit beside the ellipsis in seven.
        assert_eq!(fit("注文データベース", 7), "注文デ…");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn mixed_scripts_are_named() {
        assert_eq!(mixed_scripts("payments-api"), None);
        assert_eq!(mixed_scripts("заказы"), None);
        assert_eq!(
            mixed_scripts("p\u{430}yments").as_deref(),
            Some("mixes Latin and Cyrillic letters (`\u{430}` is U+0430, Cyrillic)")
        );
        assert_eq!(
            mixed_scripts("\u{3bf}rders-\u{441}").as_deref(),
            Some("mixes Greek, Latin and Cyrillic letters (`r` is U+0072, Latin)")
        );
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape_control("plain"), "plain");
        assert_eq!(escape_control("a\x1b]52;c;x\x07b"), "a\\x1b]52;c;x\\x07b");
        assert_eq!(escape_control("l1\nl2\r"), "l1\\nl2\\r");
        assert_eq!(escape_control("\u{202e}rtl"), "\\u{202e}rtl");
    }
}
