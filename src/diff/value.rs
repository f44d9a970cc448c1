//! The vocabulary of a semantic diff: values, attributes and their changes.
//!
//! A value remembers whether it is the user's text (an id, a name, a tag) or
//! one of our own words (a label such as `TLS`), so that each renderer can
//! quote and escape the user's text for its medium without touching ours.

use serde::{Serialize, Serializer};

/// One value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Val {
    /// Our own word: a label, a kind, a method.
    Word(String),
    /// Text from the model: ids, names, tags, notes.
    Text(String),
    Flag(bool),
    /// An optional attribute that is not set.
    Unset,
}

impl Val {
    pub fn word(s: impl Into<String>) -> Val {
        Val::Word(s.into())
    }

    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(s.into())
    }

    pub fn opt(s: Option<&String>) -> Val {
        s.map_or(Val::Unset, |s| Val::Text(s.clone()))
    }

    /// Renders the value; `quote` renders the user's text for the medium.
    pub fn render(&self, quote: &dyn Fn(&str) -> String) -> String {
        match self {
            Val::Word(w) => w.clone(),
            Val::Text(t) => quote(t),
            Val::Flag(true) => "yes".into(),
            Val::Flag(false) => "no".into(),
            Val::Unset => "(none)".into(),
        }
    }

    /// False, empty or unset: left out of summaries and textconv output.
    pub fn is_empty(&self) -> bool {
        match self {
            Val::Text(t) => t.is_empty(),
            Val::Flag(b) => !b,
            Val::Unset => true,
            Val::Word(_) => false,
        }
    }

    /// The bare string, for machine-readable output.
    pub fn plain(&self) -> String {
        self.render(&|s| s.to_string())
    }
}

impl Serialize for Val {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Val::Word(w) | Val::Text(w) => s.serialize_str(w),
            Val::Flag(b) => s.serialize_bool(*b),
            Val::Unset => s.serialize_none(),
        }
    }
}

/// The facts of an attribute, as compared by the diff.
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    One(Val),
    /// An unordered set (controls, tags, data ids).
    Set(Vec<Val>),
    /// Keyed sub-items with attributes of their own (a flow's endpoints).
    Parts(Vec<Part>),
}

/// A keyed sub-item, such as the endpoint `GET /users/{id}` of a flow.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Our words and the user's path, e.g. `[Word("GET"), Text("/users/{id}")]`.
    pub key: Vec<Val>,
    pub attrs: Vec<(&'static str, Attr)>,
}

impl Part {
    pub fn key_string(&self) -> String {
        join(&self.key, &|s| s.to_string())
    }
}

/// Renders fragments separated by spaces.
pub fn join(vals: &[Val], quote: &dyn Fn(&str) -> String) -> String {
    vals.iter()
        .map(|v| v.render(quote))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fragments serialised as one plain string.
pub(crate) fn plain_fragments<S: Serializer>(vals: &[Val], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&join(vals, &|t| t.to_string()))
}

/// How one attribute changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttrChange {
    pub attribute: &'static str,
    #[serde(flatten)]
    pub delta: Delta,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Delta {
    /// A single value replaced by another.
    Value { old: Val, new: Val },
    /// Members of a set added and removed.
    Set { added: Vec<Val>, removed: Vec<Val> },
    /// A sub-item added (an endpoint).
    PartAdded {
        #[serde(serialize_with = "plain_fragments")]
        key: Vec<Val>,
        #[serde(serialize_with = "plain_fragments")]
        summary: Vec<Val>,
    },
    PartRemoved {
        #[serde(serialize_with = "plain_fragments")]
        key: Vec<Val>,
    },
    PartChanged {
        #[serde(serialize_with = "plain_fragments")]
        key: Vec<Val>,
        changes: Vec<AttrChange>,
    },
}

impl AttrChange {
    /// The change in words, e.g. "encryption TLS → none" or
    /// "endpoint `POST /refunds` added".
    pub fn words(&self, quote: &dyn Fn(&str) -> String) -> String {
        let name = self.attribute;
        match &self.delta {
            Delta::Value { old, new } => {
                format!("{name} {} → {}", old.render(quote), new.render(quote))
            }
            Delta::Set { added, removed } => {
                let list = |v: &[Val]| {
                    v.iter()
                        .map(|x| x.render(quote))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("added {}", list(added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed {}", list(removed)));
                }
                format!("{name}: {}", parts.join("; "))
            }
            Delta::PartAdded { key, summary } => {
                let mut s = format!("{name} {} added", part_key(key, quote));
                if !summary.is_empty() {
                    s.push_str(&format!(" ({})", join(summary, quote)));
                }
                s
            }
            Delta::PartRemoved { key } => format!("{name} {} removed", part_key(key, quote)),
            Delta::PartChanged { key, changes } => {
                let inner: Vec<String> = changes.iter().map(|c| c.words(quote)).collect();
                format!("{name} {}: {}", part_key(key, quote), inner.join(", "))
            }
        }
    }
}

/// A part's key quoted as one unit: "`GET /users/{id}`".
fn part_key(key: &[Val], quote: &dyn Fn(&str) -> String) -> String {
    quote(&join(key, &|s| s.to_string()))
}
