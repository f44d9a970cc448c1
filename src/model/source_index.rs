//! Where things are declared in a model file's text.
//!
//! RON's parser gives positions only for syntax errors. Validation and SARIF
//! need the line of each element, flow or record and of its fields, so this
//! scans the text once, following brackets, strings and comments, and records
//! for every item of every top-level list where it starts and where each of its
//! keys stands.

use std::collections::HashMap;

/// A 1-based line and column.
pub type Pos = (usize, usize);

#[derive(Debug, Default, Clone)]
pub struct SourceIndex {
    /// Top-level field name → where the key stands.
    top_keys: HashMap<String, Pos>,
    /// Top-level field name → its items in file order.
    sections: HashMap<String, Vec<ItemSpan>>,
}

#[derive(Debug, Default, Clone)]
pub struct ItemSpan {
    pub start: Pos,
    /// The item's `id:` (or map key) string, when it has one.
    pub id: Option<String>,
    /// The first position of each key inside the item, at any depth.
    pub keys: Vec<(String, Pos)>,
    /// Every string literal inside the item, in file order, so that a problem
    /// with one entry of a list (a data id, an endpoint path) can point at it.
    pub strings: Vec<(String, Pos)>,
}

impl ItemSpan {
    pub fn key(&self, name: &str) -> Option<Pos> {
        self.keys.iter().find(|(k, _)| k == name).map(|(_, p)| *p)
    }

    /// Where the string `value` is first written after `key` in this item.
    pub fn string_after(&self, key: &str, value: &str) -> Option<Pos> {
        self.nth_string_after(key, value, 0)
    }

    /// Where the string `value` is written for the `n`-th time (from 0)
    /// after `key` in this item: the second endpoint with the same path.
    pub fn nth_string_after(&self, key: &str, value: &str, n: usize) -> Option<Pos> {
        let from = self.key(key)?;
        self.strings
            .iter()
            .filter(|(s, p)| *p > from && s == value)
            .nth(n)
            .map(|(_, p)| *p)
    }
}

impl SourceIndex {
    pub fn build(text: &str) -> Self {
        Scanner::new(text).run()
    }

    /// Where the top-level field `name` is written, else the start of the file.
    pub fn top_key(&self, name: &str) -> Pos {
        self.top_keys.get(name).copied().unwrap_or((1, 1))
    }

    pub fn item(&self, section: &str, index: usize) -> Option<&ItemSpan> {
        self.sections.get(section)?.get(index)
    }

    /// Where item `index` of `section` starts, falling back to the section key.
    pub fn item_pos(&self, section: &str, index: usize) -> Pos {
        self.item(section, index)
            .map(|i| i.start)
            .unwrap_or_else(|| self.top_key(section))
    }

    /// Where `key` stands inside item `index` of `section`, falling back to the item.
    pub fn key_pos(&self, section: &str, index: usize, key: &str) -> Pos {
        self.item(section, index)
            .and_then(|i| i.key(key))
            .unwrap_or_else(|| self.item_pos(section, index))
    }

    /// Where the string `value` is written after `key` inside item `index` of
    /// `section`, falling back to the key.
    pub fn value_pos(&self, section: &str, index: usize, key: &str, value: &str) -> Pos {
        self.item(section, index)
            .and_then(|i| i.string_after(key, value))
            .unwrap_or_else(|| self.key_pos(section, index, key))
    }

    /// Where the item with this id is declared, searching every section.
    pub fn find_id(&self, id: &str) -> Option<Pos> {
        let mut names: Vec<&String> = self.sections.keys().collect();
        names.sort();
        names.into_iter().find_map(|section| {
            self.sections[section]
                .iter()
                .find(|item| item.id.as_deref() == Some(id))
                .map(|item| item.key("id").unwrap_or(item.start))
        })
    }

    /// Where the item with this id is declared in one section.
    pub fn find_in(&self, section: &str, id: &str) -> Option<Pos> {
        self.sections
            .get(section)?
            .iter()
            .find(|item| item.id.as_deref() == Some(id))
            .map(|item| item.key("id").unwrap_or(item.start))
    }
}

struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
    line: usize,
    col: usize,
    depth: usize,
    section: Option<String>,
    index: SourceIndex,
    /// The last identifier or string read, with its position, waiting to see
    /// whether a `:` makes it a key.
    pending: Option<(String, Pos, bool)>,
}

/// Depth of the items inside a top-level list: `Model(` is 1, `elements: [` 2.
const ITEM_DEPTH: usize = 3;

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            chars: text.char_indices().peekable(),
            text,
            line: 1,
            col: 1,
            depth: 0,
            section: None,
            index: SourceIndex::default(),
            pending: None,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn run(mut self) -> SourceIndex {
        while let Some(&(offset, c)) = self.chars.peek() {
            let pos = (self.line, self.col);
            match c {
                '"' => {
                    self.bump();
                    let s = self.string();
                    self.after_value(&s);
                    if let Some(item) = self.current_item() {
                        item.strings.push((s.clone(), pos));
                    }
                    self.pending = Some((s, pos, true));
                }
                '/' if self.text[offset..].starts_with("//") => {
                    while self.chars.peek().is_some_and(|&(_, c)| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.text[offset..].starts_with("/*") => self.block_comment(),
                '#' if self.text[offset..].starts_with("#![") => {
                    while self.chars.peek().is_some_and(|&(_, c)| c != '\n') {
                        self.bump();
                    }
                }
                '(' | '[' | '{' => {
                    self.bump();
                    self.depth += 1;
                    if self.depth == ITEM_DEPTH && c != '{' {
                        self.start_item(pos);
                    }
                    self.pending = None;
                }
                ')' | ']' | '}' => {
                    self.bump();
                    self.depth = self.depth.saturating_sub(1);
                    self.pending = None;
                }
                ':' => {
                    self.bump();
                    if let Some((key, key_pos, quoted)) = self.pending.take() {
                        self.key(key, key_pos, quoted);
                    }
                }
                c if c.is_alphanumeric() || c == '_' => {
                    let word = self.word();
                    // `Element(` inside a list starts the item at the name.
                    if self.depth == ITEM_DEPTH - 1
                        && self.chars.peek().is_some_and(|&(_, c)| c == '(')
                    {
                        self.pending = None;
                        self.bump();
                        self.depth += 1;
                        self.start_item(pos);
                        continue;
                    }
                    self.pending = Some((word, pos, false));
                }
                _ => {
                    self.bump();
                }
            }
        }
        self.index
    }

    fn start_item(&mut self, pos: Pos) {
        if let Some(section) = &self.section {
            self.index
                .sections
                .entry(section.clone())
                .or_default()
                .push(ItemSpan {
                    start: pos,
                    ..ItemSpan::default()
                });
        }
    }

    fn key(&mut self, key: String, pos: Pos, quoted: bool) {
        match self.depth {
            1 if !quoted => {
                self.index.top_keys.entry(key.clone()).or_insert(pos);
                self.section = Some(key);
            }
            // A map section such as `layout: { "api": (x: 1, y: 2) }`.
            2 if quoted => {
                if let Some(section) = &self.section {
                    self.index
                        .sections
                        .entry(section.clone())
                        .or_default()
                        .push(ItemSpan {
                            start: pos,
                            id: Some(key),
                            ..ItemSpan::default()
                        });
                }
            }
            d if d >= ITEM_DEPTH && !quoted => {
                if let Some(item) = self.current_item() {
                    if !item.keys.iter().any(|(k, _)| *k == key) {
                        item.keys.push((key, pos));
                    }
                }
            }
            _ => {}
        }
    }

    /// A string just read: if it follows `id:` or `finding:` at item level, it
    /// names the item.
    fn after_value(&mut self, value: &str) {
        let naming_key = matches!(
            self.last_key_at_item_level(),
            Some(k) if k == "id" || k == "finding"
        );
        if naming_key && self.depth == ITEM_DEPTH {
            if let Some(item) = self.current_item() {
                if item.id.is_none() {
                    item.id = Some(value.to_string());
                }
            }
        }
    }

    fn last_key_at_item_level(&mut self) -> Option<String> {
        let line = self.line;
        let item = self.current_item()?;
        let (key, pos) = item.keys.last()?;
        (pos.0 == line).then(|| key.clone())
    }

    fn current_item(&mut self) -> Option<&mut ItemSpan> {
        let section = self.section.as_ref()?;
        if self.depth < ITEM_DEPTH {
            return None;
        }
        self.index.sections.get_mut(section)?.last_mut()
    }

    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some(&(_, c)) = self.chars.peek() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
                self.bump();
            } else {
                break;
            }
        }
        word
    }

    fn string(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    if let Some(escaped) = self.bump() {
                        s.push(escaped);
                    }
                }
                '"' => break,
                c => s.push(c),
            }
        }
        s
    }

    fn block_comment(&mut self) {
        self.bump();
        self.bump();
        let mut nesting = 1;
        while nesting > 0 {
            match self.bump() {
                None => break,
                Some('*') if self.chars.peek().is_some_and(|&(_, c)| c == '/') => {
                    self.bump();
                    nesting -= 1;
                }
                Some('/') if self.chars.peek().is_some_and(|&(_, c)| c == '*') => {
                    self.bump();
                    nesting += 1;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"#![enable(implicit_some)]
Model(
    name: "x", // a comment with id: "nope"
    elements: [
        Element(
            id: "web",
            kind: External(human: true),
        ),
        Element(id: "api", name: "(tricky] \" name", kind: Process()),
    ],
    flows: [
        (
            id: "f1",
            source: "web",
        ),
    ],
    layout: {
        "web": (x: 1, y: 2),
    },
)
"#;

    #[test]
    fn finds_items_and_keys() {
        let index = SourceIndex::build(TEXT);
        assert_eq!(index.top_key("elements"), (4, 5));
        assert_eq!(index.item_pos("elements", 0), (5, 9));
        assert_eq!(index.key_pos("elements", 0, "kind"), (7, 13));
        assert_eq!(index.find_id("api"), Some((9, 17)));
        assert_eq!(index.key_pos("flows", 0, "source"), (14, 13));
        assert_eq!(index.find_in("flows", "f1"), Some((13, 13)));
        assert_eq!(index.find_in("layout", "web"), Some((18, 9)));
        assert_eq!(index.find_id("nope"), None);
    }

    #[test]
    fn finds_strings_after_a_key() {
        let text = "Model(\n    flows: [\n        Flow(id: \"f\", label: \"x\", data: [\"a\",\n            \"x\"]),\n    ],\n)\n";
        let index = SourceIndex::build(text);
        // `x` is also the label; the one after `data:` is on line 4.
        assert_eq!(index.value_pos("flows", 0, "data", "x"), (4, 13));
        assert_eq!(index.value_pos("flows", 0, "data", "a"), (3, 42));
        assert_eq!(index.value_pos("flows", 0, "data", "missing"), (3, 35));
    }
}
