//! The words of an explanation: negated facts, short descriptions of any
//! condition, and lists that stay short.

use std::fmt::Write as _;

use super::Eval;
use super::leaf::authentication;
use crate::analysis::context::{Context, Subject};
use crate::analysis::endpoint_facts::{fact_evidence, fact_words};
use crate::library::Condition;
use crate::model::Endpoint;

pub(super) fn crossing_text(ctx: &Context, f: usize) -> String {
    match ctx.ends(f) {
        (Some(s), Some(t)) => format!(
            "crosses {} → {}",
            zone_name(&ctx.zone(s).boundary),
            zone_name(&ctx.zone(t).boundary)
        ),
        _ => "crosses a trust boundary".into(),
    }
}

pub(super) fn zone_name(boundary: &Option<String>) -> String {
    boundary
        .as_deref()
        .map_or_else(|| "outside any boundary".to_string(), str::to_string)
}

/// Words for a condition that does not hold, for `Not(...)`.
pub(super) fn negated(ctx: &Eval, cond: &Condition, subject: Subject) -> String {
    use Condition as C;
    match cond {
        C::HasControl(c) => format!("no {}", c.label()),
        C::Missing(c) => format!("has {}", c.label()),
        C::Authentication(_) | C::AuthenticationBelow(_) => match authentication(ctx, subject) {
            Some(a) => format!("authentication: {}", a.label()),
            None => "not authenticated".into(),
        },
        C::Encryption(_) => match subject {
            Subject::Flow(f) => format!("encryption: {}", ctx.flow(f).encryption.label()),
            Subject::Element(_) => "not encrypted".into(),
        },
        C::Authorization(_) => match subject {
            Subject::Flow(f) => format!("authorization: {}", ctx.flow(f).authorization.label()),
            Subject::Element(e) => ctx.process(e).map_or("no authorization".into(), |p| {
                format!("authorization: {}", p.authorization.label())
            }),
        },
        C::InternetFacing => "not internet-facing".into(),
        C::ThirdParty => "not a third party".into(),
        C::CrossesBoundary => "stays inside one boundary".into(),
        C::EncryptedAtRest => "not encrypted at rest".into(),
        C::IsResponse => "a request flow".into(),
        C::Tag(t) => format!("not tagged `{t}`"),
        other => format!("not {}", describe(other)),
    }
}

/// A short description of any condition, for negations.
fn describe(cond: &Condition) -> String {
    use Condition as C;
    match cond {
        C::All(cs) => cs.iter().map(describe).collect::<Vec<_>>().join(" and "),
        C::Any(cs) => cs.iter().map(describe).collect::<Vec<_>>().join(" or "),
        C::Not(c) => format!("not {}", describe(c)),
        C::Protocol(ps) => format!(
            "over {}",
            ps.iter().map(|p| p.label()).collect::<Vec<_>>().join("/")
        ),
        C::Source(c) => format!("from a source that is {}", describe(c)),
        C::Target(c) => format!("to a target that is {}", describe(c)),
        C::Inbound(c) => format!("reached by a flow {}", describe(c)),
        C::Outbound(c) => format!("calling out on a flow {}", describe(c)),
        C::Endpoint(fs) => format!(
            "an endpoint that is {}",
            fs.iter().map(fact_words).collect::<Vec<_>>().join(", ")
        ),
        C::Kind(ks) => join(ks, |k| with_article(k.label()), " or "),
        C::Data(c) => format!("touching {} data", c.label()),
        C::Payload(c) => format!("touching {} data other than credentials", c.label()),
        C::PersonalData => "touching personal data".into(),
        C::Credentials => "touching credentials".into(),
        C::Human => "a person".into(),
        C::HoldsLogs => "a log store".into(),
        C::NonProduction => "non-production".into(),
        C::EntersMoreTrusted => "entering a more trusted zone".into(),
        C::HasEndpoints => "carrying endpoints".into(),
        C::ThirdParty => "operated by a third party".into(),
        C::InternetFacing => "internet-facing".into(),
        C::CrossesBoundary => "crossing a trust boundary".into(),
        C::IsResponse => "a response flow".into(),
        C::EncryptedAtRest => "encrypted at rest".into(),
        C::Role(rs) => format!("a {} process", join(rs, |r| format!("{r:?}"), " or ")),
        C::Store(ks) => format!("a {} store", join(ks, |k| format!("{k:?}"), " or ")),
        C::Privileges(ps) => format!(
            "running with {} privileges",
            join(ps, |p| format!("{p:?}").to_lowercase(), " or ")
        ),
        C::InBoundary(ks) => format!(
            "in a {} boundary",
            join(ks, |k| k.label().to_string(), " or ")
        ),
        C::Encryption(es) => format!(
            "with encryption {}",
            join(es, |e| e.label().to_string(), " or ")
        ),
        C::Authentication(xs) => format!(
            "with authentication {}",
            join(xs, |a| a.label().to_string(), " or ")
        ),
        C::AuthenticationBelow(a) => format!("authenticated more weakly than {}", a.label()),
        C::Authorization(xs) => format!(
            "with {} authorization",
            join(xs, |a| a.label().to_string(), " or ")
        ),
        C::HasControl(c) => format!("protected by {}", c.label()),
        C::Missing(c) => format!("missing {}", c.label()),
        C::Tag(t) => format!("tagged `{t}`"),
    }
}

/// `label: reason, reason`, or the label alone when filters left no reason.
pub(super) fn labelled(mut label: String, reasons: &[String]) -> String {
    for (i, reason) in reasons.iter().enumerate() {
        label.push_str(if i == 0 { ": " } else { ", " });
        label.push_str(reason);
    }
    label
}

/// `a process`, `an external entity`.
pub(super) fn with_article(noun: &str) -> String {
    format!("{} {noun}", crate::text::article(noun))
}

fn join<T>(items: &[T], word: impl Fn(&T) -> String, sep: &str) -> String {
    items.iter().map(word).collect::<Vec<_>>().join(sep)
}

/// `a`, `a and b`, `a, b and c`; long lists end with a count.
pub(super) fn list(items: &[String]) -> String {
    let mut out = String::new();
    push_list(&mut out, items, |out, item| out.push_str(item));
    out
}

/// Appends [`list`] of `items`, each written by `write`; only the items
/// shown are written.
pub(super) fn push_list<T>(out: &mut String, items: &[T], write: impl Fn(&mut String, &T)) {
    const SHOWN: usize = 4;
    let shown = items.len().min(SHOWN);
    for (i, item) in items[..shown].iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == shown && items.len() <= SHOWN {
                " and "
            } else {
                ", "
            });
        }
        write(out, item);
    }
    if items.len() > SHOWN {
        let _ = write!(out, " and {} more", items.len() - SHOWN);
    }
}

/// An operation, and what about it made its facts hold (the writable
/// fields, the URL inputs, the newer version), for the explanation.
pub(super) fn operation_evidence(e: &Endpoint, facts: &[crate::library::EndpointFact]) -> String {
    let mut text = format!("`{} {}`", e.method.as_str(), e.path);
    let evidence: Vec<String> = facts
        .iter()
        .filter_map(|fact| fact_evidence(e, fact))
        .collect();
    if !evidence.is_empty() {
        text.push_str(" (");
        text.push_str(&evidence.join("; "));
        text.push(')');
    }
    text
}
