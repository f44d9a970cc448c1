//! Reading intent from names: `resetPassword`, `/sign-in`, `image_url` are
//! split into lowercase words so that one vocabulary matches every style.

/// Lowercase words of an identifier or path: camelCase, snake_case, kebab-case
/// and `/`-separated parts are all split. Path parameters (`{id}`) are dropped.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_param = false;
    let mut prev: Option<char> = None;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '{' => in_param = true,
            '}' => in_param = false,
            _ if in_param => {}
            c if c.is_alphanumeric() => {
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                let boundary = c.is_uppercase()
                    && prev.is_some_and(|p| {
                        p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next_lower)
                    });
                if boundary && !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.extend(c.to_lowercase());
            }
            _ => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
        prev = Some(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The first entry of `vocabulary` named by `words`: as a word, as two
/// adjacent words written together (`sign in` → `signin`), or as a plural.
pub fn find<'v>(words: &[String], vocabulary: &[&'v str]) -> Option<&'v str> {
    let singles = words
        .iter()
        .map(String::as_str)
        .map(std::borrow::Cow::Borrowed);
    let pairs = words
        .windows(2)
        .map(|w| std::borrow::Cow::Owned(format!("{}{}", w[0], w[1])));
    for candidate in singles.chain(pairs) {
        let singular = candidate
            .strip_suffix('s')
            .filter(|s| s.len() >= 3)
            .unwrap_or(&candidate);
        if let Some(hit) = vocabulary
            .iter()
            .find(|v| **v == candidate || **v == singular)
        {
            return Some(hit);
        }
    }
    None
}

/// True when `words` name any entry of `vocabulary`.
pub fn names_any(words: &[String], vocabulary: &[&str]) -> bool {
    find(words, vocabulary).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_every_naming_style() {
        assert_eq!(words("resetPassword"), ["reset", "password"]);
        assert_eq!(words("/users/{userId}/sign-in"), ["users", "sign", "in"]);
        assert_eq!(words("image_url"), ["image", "url"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("getHTTPStatus2FA"), ["get", "http", "status2", "fa"]);
    }

    #[test]
    fn finds_words_pairs_and_plurals() {
        let vocab = ["signin", "order", "apikey"];
        assert_eq!(find(&words("/sign-in"), &vocab), Some("signin"));
        assert_eq!(find(&words("/orders/{id}"), &vocab), Some("order"));
        assert_eq!(find(&words("x-api-key"), &vocab), Some("apikey"));
        assert_eq!(find(&words("/bookstore"), &vocab), None);
    }
}
