//! Broken versions of valid files never crash the loaders: the same property
//! the fuzz targets in `fuzz/` check for hours, run briefly on every test run.

use proptest::prelude::*;

fn seeds() -> Vec<String> {
    let mut texts = Vec::new();
    for dir in ["models", "tests/fixtures/valid"] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(text) = std::fs::read_to_string(&p) {
                texts.push(text);
            }
        }
    }
    assert!(texts.len() >= 3, "seed files are present");
    texts
}

fn rule_seeds() -> Vec<String> {
    threatmap::library::built_in_files()
        .iter()
        .map(|(_, text)| text.to_string())
        .collect()
}

/// One edit of a text: cut a range, repeat a range, insert a token, or truncate.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize, usize),
    Repeat(usize, usize),
    Insert(usize, &'static str),
    Truncate(usize),
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "None",
    "Some(",
    "r#\"",
    "99999999999999999999",
    "-1",
    "\u{feff}",
    "\r\n",
    "\u{1b}[2J",
    "/*",
    "//",
    "#![enable(implicit_some)]",
    "Element(",
    "Flow(",
    "All([",
    "Not(",
    "\u{0}",
    "é",
    "id: \"x\",",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Mutation::Cut(a, n)),
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Mutation::Repeat(a, n)),
        (any::<usize>(), proptest::sample::select(TOKENS))
            .prop_map(|(a, t)| Mutation::Insert(a, t)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match *m {
            Mutation::Cut(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Mutation::Repeat(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                if at < end {
                    let slice: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, slice);
                }
            }
            Mutation::Insert(at, token) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, token.chars());
            }
            Mutation::Truncate(at) => chars.truncate(at % len),
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_models_load_or_fail_cleanly(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(mutation(), 1..4)) {
        let seeds = seeds();
        let text = apply(seeds[seed.index(seeds.len())].as_str(), &edits);
        match threatmap::model::parse_str(&text, "mutated.ron") {
            Ok(loaded) => {
                let saved = threatmap::model::to_canonical_string(&loaded.model);
                let again = threatmap::model::parse_str(&saved, "saved.ron");
                prop_assert!(again.is_ok(), "a saved model loads again: {:?}", again.err());
                let library = threatmap::library::built_in();
                let _ = threatmap::analysis::analyze(&loaded.model, &library);
            }
            Err(e) => {
                for d in e.diagnostics() {
                    prop_assert!(d.line >= 1 && d.column >= 1, "located: {d}");
                    prop_assert!(!d.to_string().contains('\u{1b}'), "no raw escape in: {d}");
                }
            }
        }
    }

    #[test]
    fn mutated_rule_files_parse_or_fail_cleanly(seed in any::<prop::sample::Index>(), edits in prop::collection::vec(mutation(), 1..4)) {
        let seeds = rule_seeds();
        let text = apply(seeds[seed.index(seeds.len())].as_str(), &edits);
        match threatmap::library::parse_rule_file(&text, "mutated.ron") {
            Ok(rules) => {
                let library = threatmap::library::Library::new(rules);
                let model = threatmap::model::starter::starter_model();
                let _ = threatmap::analysis::analyze(&model, &library);
            }
            Err(e) => {
                for d in e.0 {
                    prop_assert!(d.line >= 1 && d.column >= 1, "located: {d}");
                }
            }
        }
    }
}
