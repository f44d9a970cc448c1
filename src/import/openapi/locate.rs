//! Finding where a place in the document tree is written in the text, so that
//! problems found on the parsed tree still point at a line and column.
//!
//! The parsers give no positions for values, so this searches the text for
//! the keys of the path one after another: best effort, never wrong by more
//! than pointing at an earlier key of the same path.

/// Line starts of one document, for turning byte offsets into positions.
pub struct Locator<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, column + 1)
    }

    /// The position of the last key of `path` that could be found, in order.
    pub fn key_path(&self, path: &[&str]) -> (usize, usize) {
        self.position(self.key_path_offset(path).unwrap_or(0))
    }

    /// The position of `needle` written after the keys of `path`; the path's
    /// position when the needle is not found.
    pub fn value_after(&self, path: &[&str], needle: &str) -> (usize, usize) {
        let from = self.key_path_offset(path).unwrap_or(0);
        match self.text.get(from..).and_then(|rest| rest.find(needle)) {
            Some(i) => self.position(from + i),
            None => self.position(from),
        }
    }

    /// Where `key` is first written after the keys of `parent`, and where
    /// it is written for the `repeat`-th time after that (the first place
    /// when it cannot be found).
    pub fn repeated_key(
        &self,
        parent: &[&str],
        key: &str,
        repeat: usize,
    ) -> ((usize, usize), (usize, usize)) {
        let from = self.key_path_offset(parent).unwrap_or(0);
        let Some(first) = self.find_key(key, from) else {
            let at = self.position(from);
            return (at, at);
        };
        let mut here = first;
        for _ in 0..repeat {
            match self.find_key(key, here + key.len()) {
                Some(next) => here = next,
                None => break,
            }
        }
        (self.position(first), self.position(here))
    }

    fn key_path_offset(&self, path: &[&str]) -> Option<usize> {
        let mut found = None;
        let mut from = 0;
        for key in path {
            // Array indices are not written in the text; skip them unless
            // they also appear as a key (response codes such as `200`).
            if let Some(at) = self.find_key(key, from) {
                found = Some(at);
                from = at + key.len();
            }
        }
        found
    }

    /// The next place at or after `from` where `key` is written as a mapping key:
    /// `key:`, `"key":` or `'key':`.
    fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let mut start = from;
        while let Some(i) = self.text.get(start..).and_then(|rest| rest.find(key)) {
            let at = start + i;
            let end = at + key.len();
            let before = at.checked_sub(1).map(|b| bytes[b]);
            let quoted = matches!(before, Some(b'"' | b'\''));
            let starts_ok = quoted
                || matches!(
                    before,
                    None | Some(b' ' | b'\t' | b'\n' | b'{' | b',' | b'-')
                );
            let mut after = end;
            if quoted && matches!(bytes.get(after), Some(b'"' | b'\'')) {
                after += 1;
            }
            while matches!(bytes.get(after), Some(b' ' | b'\t')) {
                after += 1;
            }
            if starts_ok && bytes.get(after) == Some(&b':') {
                return Some(if quoted { at - 1 } else { at });
            }
            start = end;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_yaml_and_json_keys_in_order() {
        let yaml = "info:\n  title: x\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          x: 1\n";
        let at = Locator::new(yaml);
        assert_eq!(at.key_path(&["paths", "/a", "get"]), (5, 5));
        assert_eq!(
            at.key_path(&["paths", "/a", "get", "responses", "200"]),
            (7, 9)
        );
        assert_eq!(at.key_path(&["paths", "/missing"]), (3, 1));
        let json = "{\n  \"paths\": {\"/a\": {\"get\": {}}}\n}";
        assert_eq!(
            Locator::new(json).key_path(&["paths", "/a", "get"]),
            (2, 20)
        );
    }

    #[test]
    fn finds_a_value_after_its_path() {
        let yaml = "a:\n  $ref: '#/x'\nb:\n  $ref: '#/y'\n";
        assert_eq!(Locator::new(yaml).value_after(&["b"], "#/y"), (4, 10));
    }

    #[test]
    fn positions_count_characters() {
        let at = Locator::new("é: 1\nb");
        assert_eq!(at.position(2), (1, 2));
        assert_eq!(at.position(6), (2, 1));
        assert_eq!(at.position(999), (2, 2));
    }
}
