//! Text as pieces that each medium escapes and marks up in its own way, and
//! what the HTML and Markdown reports say about a finding (its status line,
//! the rule's advice), decided here once.

use std::borrow::Cow;

use super::{Context, ReportInput};
use crate::analysis::Finding;

pub(super) enum Piece<'a> {
    Text(Cow<'a, str>),
    /// A model id, shown as code.
    Id(&'a str),
    /// A line break.
    Break,
    /// Text someone wrote whose `` `code` `` spans are shown as code.
    Prose(&'a str),
    /// [`Piece::Prose`] set apart as a note.
    Note(&'a str),
    /// A word of the report's own, emphasised.
    Strong(&'static str),
    /// A reference: a link when it is a plain https URL, else text.
    Link(&'a str),
    Number(usize),
}

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Piece<'a> {
    Piece::Text(s.into())
}

/// A finding's status with the decision behind it, its note and staleness.
pub(super) fn status<'a>(ctx: &Context, f: &'a Finding) -> Vec<Piece<'a>> {
    let mut pieces = vec![text(ReportInput::status_text(f))];
    let tracking = ctx.tracking(f);
    if let Some(decision) = super::audit::decision_text(f, &tracking) {
        pieces.extend([text("; "), text(decision)]);
    } else if let Some(owner) = tracking.owner {
        pieces.extend([text("; owner "), text(owner.to_string())]);
    }
    if let Some(note) = &f.note {
        pieces.extend([text(" — "), Piece::Note(note)]);
    }
    if let Some(stale) = &f.stale {
        pieces.extend([text(" "), Piece::Strong("Stale:"), text(" "), text(stale)]);
    }
    pieces
}

/// One entry of a finding's advice.
pub(super) struct Advice<'a> {
    pub label: &'static str,
    /// Shown on screen only: on paper the rules appendix says it once.
    pub screen_only: bool,
    /// Prose that wraps.
    pub prose: bool,
    pub body: Vec<Piece<'a>>,
}

/// What the rule advises: the controls that would mitigate it (when
/// `with_controls`), the recommendation and the references.
pub(super) fn advice<'a>(
    input: &'a ReportInput,
    f: &Finding,
    with_controls: bool,
) -> Vec<Advice<'a>> {
    let mut entries = Vec::new();
    if with_controls && !f.mitigations.is_empty() {
        entries.push(Advice {
            label: "Mitigate with",
            screen_only: false,
            prose: false,
            body: vec![text(super::mitigate_with(input, f))],
        });
    }
    let Some(rule) = input.library.get(&f.rule) else {
        return entries;
    };
    if !rule.recommendation.trim().is_empty() {
        entries.push(Advice {
            label: "Recommendation",
            screen_only: true,
            prose: true,
            body: vec![Piece::Prose(&rule.recommendation)],
        });
    }
    if !rule.references.is_empty() {
        let mut body = Vec::new();
        for (i, r) in rule.references.iter().enumerate() {
            if i > 0 {
                body.push(text(", "));
            }
            body.push(Piece::Link(r));
        }
        entries.push(Advice {
            label: "References",
            screen_only: true,
            prose: false,
            body,
        });
    }
    entries
}
