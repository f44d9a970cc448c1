//! Making strings from a model safe to show on a terminal.

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
            c if is_unsafe(c) => {
                let code = c as u32;
                if code <= 0xff {
                    out.push_str(&format!("\\x{code:02x}"));
                } else {
                    out.push_str(&format!("\\u{{{code:x}}}"));
                }
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Control characters, line and bidi controls, and the invisible format
/// characters that make two strings look alike: zero-width space, joiners
/// and marks, word joiner and invisible operators, BOM, Arabic letter mark,
/// soft hyphen, Mongolian vowel separator and tag characters.
fn is_unsafe(c: char) -> bool {
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
    fn escapes_terminal_controls() {
        assert_eq!(escape_control("plain"), "plain");
        assert_eq!(escape_control("a\x1b]52;c;x\x07b"), "a\\x1b]52;c;x\\x07b");
        assert_eq!(escape_control("l1\nl2\r"), "l1\\nl2\\r");
        assert_eq!(escape_control("\u{202e}rtl"), "\\u{202e}rtl");
    }
}
