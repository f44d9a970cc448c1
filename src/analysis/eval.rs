//! Evaluates a rule's condition on one target and says, in words a reviewer
//! can check, which facts made it true.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use super::context::{Context, Subject};
use super::endpoint_facts::{endpoint_fact, fact_evidence, fact_words};
use crate::library::Condition;
use crate::model::{Authentication, Classification, ElementKind, Endpoint};

const NON_PRODUCTION_TAGS: [&str; 6] = [
    "non-production",
    "nonprod",
    "dev",
    "test",
    "staging",
    "sandbox",
];

/// One evaluation: the model's facts, and whether it composes the words that
/// explain a finding. The mode belongs to the evaluation, not to the shared
/// facts, so that threads can evaluate against one [`Context`].
struct Eval<'c, 'm> {
    ctx: &'c Context<'m>,
    explain: bool,
    /// The one operation a rule about operations is checked against: the
    /// flow's position and the endpoint's position on it.
    focus: Option<(usize, usize)>,
    /// Whether a relational condition (one that follows flows) holds on a
    /// subject, by the condition's address: nested `Inbound(Source(…))`
    /// would otherwise walk the same flows again for every path that
    /// reaches them, exponentially in the nesting.
    memo: &'c Memo,
}

type Memo = RefCell<HashMap<(usize, Subject), bool>>;

impl<'m> std::ops::Deref for Eval<'_, 'm> {
    type Target = Context<'m>;

    fn deref(&self) -> &Context<'m> {
        self.ctx
    }
}

impl<'m> Eval<'_, 'm> {
    fn explaining(&self) -> bool {
        self.explain
    }

    /// The operation in focus, when `subject` is its flow.
    fn focused(&self, subject: Subject) -> Option<&'m Endpoint> {
        match (self.focus, subject) {
            (Some((flow, endpoint)), Subject::Flow(f)) if f == flow => {
                self.ctx.flow(f).endpoints.get(endpoint)
            }
            _ => None,
        }
    }

    /// The same evaluation, checking without composing words.
    fn quiet(&self) -> Eval<'_, 'm> {
        Eval {
            ctx: self.ctx,
            explain: false,
            focus: self.focus,
            memo: self.memo,
        }
    }
}

/// True when `cond` holds for `subject`; the facts that made it hold are
/// appended to `why` (nothing is appended when it does not hold).
pub fn eval(ctx: &Context, cond: &Condition, subject: Subject, why: &mut Vec<String>) -> bool {
    eval_at(ctx, cond, subject, None, why)
}

/// True when `cond` holds for `subject`, without composing any explanation:
/// the fast path for the many (rule, target) pairs that do not fire.
pub fn holds(ctx: &Context, cond: &Condition, subject: Subject) -> bool {
    holds_at(ctx, cond, subject, None)
}

/// [`eval`] of a rule about operations on one endpoint of a flow (its
/// position in `flow.endpoints`): `Endpoint([...])` asks about that endpoint
/// alone, its own authentication and controls count, and the explanation
/// names it.
pub fn eval_at(
    ctx: &Context,
    cond: &Condition,
    subject: Subject,
    endpoint: Option<usize>,
    why: &mut Vec<String>,
) -> bool {
    let memo = Memo::default();
    let eval = Eval {
        ctx,
        explain: true,
        focus: focus(subject, endpoint),
        memo: &memo,
    };
    eval_in(&eval, cond, subject, why)
}

/// [`holds`] on one endpoint of a flow; see [`eval_at`].
pub fn holds_at(
    ctx: &Context,
    cond: &Condition,
    subject: Subject,
    endpoint: Option<usize>,
) -> bool {
    let memo = Memo::default();
    let eval = Eval {
        ctx,
        explain: false,
        focus: focus(subject, endpoint),
        memo: &memo,
    };
    eval_in(&eval, cond, subject, &mut Vec::new())
}

fn focus(subject: Subject, endpoint: Option<usize>) -> Option<(usize, usize)> {
    match subject {
        Subject::Flow(f) => endpoint.map(|e| (f, e)),
        Subject::Element(_) => None,
    }
}

/// True when the condition can only hold through a fact about an endpoint
/// (`Endpoint([...])` in every way it can hold): a flow rule with such a
/// condition is about operations and gives one finding per operation.
pub fn needs_endpoint(cond: &Condition) -> bool {
    use Condition as C;
    match cond {
        C::Endpoint(_) => true,
        C::All(cs) => cs.iter().any(needs_endpoint),
        C::Any(cs) => !cs.is_empty() && cs.iter().all(needs_endpoint),
        _ => false,
    }
}

/// [`holds`] inside an evaluation, keeping its focus.
fn check(ctx: &Eval, cond: &Condition, subject: Subject) -> bool {
    eval_in(&ctx.quiet(), cond, subject, &mut Vec::new())
}

/// [`check`], remembered for conditions that follow flows from element to
/// element: each (condition, subject) pair is then worked out once per
/// evaluation, so the cost grows with the model, not with the nesting.
fn check_related(ctx: &Eval, cond: &Condition, subject: Subject) -> bool {
    if !follows_flows(cond) {
        return check(ctx, cond, subject);
    }
    let key = (std::ptr::from_ref(cond) as usize, subject);
    if let Some(&known) = ctx.memo.borrow().get(&key) {
        return known;
    }
    let holds = check(ctx, cond, subject);
    ctx.memo.borrow_mut().insert(key, holds);
    holds
}

/// True when the condition walks over an element's flows somewhere inside.
fn follows_flows(cond: &Condition) -> bool {
    use Condition as C;
    match cond {
        C::Inbound(_) | C::Outbound(_) => true,
        C::Source(c) | C::Target(c) | C::Not(c) => follows_flows(c),
        C::All(cs) | C::Any(cs) => cs.iter().any(follows_flows),
        _ => false,
    }
}

fn eval_in(ctx: &Eval, cond: &Condition, subject: Subject, why: &mut Vec<String>) -> bool {
    let mark = why.len();
    let holds = eval_inner(ctx, cond, subject, why);
    if !holds {
        why.truncate(mark);
    }
    holds
}

fn eval_inner(ctx: &Eval, cond: &Condition, subject: Subject, why: &mut Vec<String>) -> bool {
    use Condition as C;
    match cond {
        C::All(cs) => cs.iter().all(|c| eval_in(ctx, c, subject, why)),
        // Words are composed only for a branch known to hold: composing them
        // for branches that then fail would be thrown away.
        C::Any(cs) if ctx.explaining() => cs
            .iter()
            .find(|c| check(ctx, c, subject))
            .is_some_and(|c| eval_in(ctx, c, subject, why)),
        C::Any(cs) => cs.iter().any(|c| eval_in(ctx, c, subject, why)),
        C::Not(inner) => {
            let holds = !check(ctx, inner, subject);
            if holds && ctx.explaining() && !is_scoping(inner) {
                // "not a response", "not a log store": filters that scope a
                // rule, not reasons a reviewer needs to read.
                why.push(negated(ctx, inner, subject));
            }
            holds
        }
        C::Source(inner) | C::Target(inner) => {
            let Subject::Flow(f) = subject else {
                return false;
            };
            let (source, target) = ctx.ends(f);
            let (end, word) = if matches!(cond, C::Source(_)) {
                (source, "source")
            } else {
                (target, "target")
            };
            let Some(e) = end else { return false };
            if !ctx.explaining() {
                return check_related(ctx, inner, Subject::Element(e));
            }
            let mut inner_why = Vec::new();
            let holds = eval_in(ctx, inner, Subject::Element(e), &mut inner_why);
            if holds && ctx.explaining() {
                let id = &ctx.element(e).id;
                let mut text = String::with_capacity(64);
                text.push_str(word);
                text.push_str(" `");
                text.push_str(id);
                text.push('`');
                why.push(labelled(text, &inner_why));
            }
            holds
        }
        C::Inbound(inner) | C::Outbound(inner) => {
            let Subject::Element(e) = subject else {
                return false;
            };
            let (flows, word) = if matches!(cond, C::Inbound(_)) {
                (&ctx.inbound[e], "inbound")
            } else {
                (&ctx.outbound[e], "outbound")
            };
            if !ctx.explaining() {
                return flows
                    .iter()
                    .any(|&f| check_related(ctx, inner, Subject::Flow(f)));
            }
            // Only the first matching flow's reasons are shown; the others
            // are only named, so they are checked without composing words.
            let matched: Vec<usize> = flows
                .iter()
                .copied()
                .filter(|&f| check_related(ctx, inner, Subject::Flow(f)))
                .collect();
            let Some(&first) = matched.first() else {
                return false;
            };
            let mut first_why = Vec::new();
            eval_in(ctx, inner, Subject::Flow(first), &mut first_why);
            let mut text = String::with_capacity(64);
            text.push_str(word);
            text.push_str(" flow ");
            push_list(&mut text, &matched, |out, &f| {
                out.push('`');
                out.push_str(&ctx.flow(f).id);
                out.push('`');
            });
            why.push(labelled(text, &first_why));
            true
        }
        leaf => {
            let fact = leaf_fact(ctx, leaf, subject);
            match fact {
                Some(text) if ctx.explaining() => {
                    why.push(text);
                    true
                }
                Some(_) => true,
                None => false,
            }
        }
    }
}

/// A condition that only says what kind of thing a rule is about (its kind,
/// role, store type, zone, tags, whether it is a response); its negation
/// narrows the rule and explains nothing about the threat.
fn is_scoping(cond: &Condition) -> bool {
    use Condition as C;
    match cond {
        C::IsResponse
        | C::Kind(_)
        | C::Role(_)
        | C::Store(_)
        | C::HoldsLogs
        | C::ThirdParty
        | C::Human
        | C::InBoundary(_)
        | C::Tag(_)
        | C::Privileges(_) => true,
        C::Source(c) | C::Target(c) | C::Not(c) => is_scoping(c),
        C::All(cs) | C::Any(cs) => cs.iter().all(is_scoping),
        _ => false,
    }
}

/// The text of a fact, only when explanations are being composed.
fn say(ctx: &Eval, text: impl FnOnce() -> String) -> String {
    if ctx.explaining() {
        text()
    } else {
        String::new()
    }
}

trait ThenSay {
    fn then_say(self, ctx: &Eval, text: impl FnOnce() -> String) -> Option<String>;
}

impl ThenSay for bool {
    fn then_say(self, ctx: &Eval, text: impl FnOnce() -> String) -> Option<String> {
        self.then(|| say(ctx, text))
    }
}

/// Evaluates a leaf condition; `Some(description)` when it holds.
fn leaf_fact(ctx: &Eval, cond: &Condition, subject: Subject) -> Option<String> {
    use Condition as C;
    let flow = match subject {
        Subject::Flow(f) => Some(ctx.flow(f)),
        Subject::Element(_) => None,
    };
    let element = match subject {
        Subject::Element(e) => Some(e),
        Subject::Flow(_) => None,
    };
    match cond {
        C::Protocol(set) => {
            let f = flow?;
            set.contains(&f.protocol)
                .then_say(ctx, || format!("protocol {}", f.protocol.label()))
        }
        C::Encryption(set) => {
            let f = flow?;
            set.contains(&f.encryption)
                .then_say(ctx, || format!("encryption: {}", f.encryption.label()))
        }
        C::Authentication(set) => {
            let auth = authentication(ctx, subject)?;
            set.contains(&auth)
                .then_say(ctx, || format!("authentication: {}", auth.label()))
        }
        C::AuthenticationBelow(floor) => {
            let auth = authentication(ctx, subject)?;
            (auth < *floor).then_say(ctx, || {
                format!(
                    "authentication {} is weaker than {}",
                    auth.label(),
                    floor.label()
                )
            })
        }
        C::Authorization(set) => {
            let authz = match subject {
                Subject::Flow(f) => ctx.flow(f).authorization,
                Subject::Element(e) => ctx.process(e)?.authorization,
            };
            set.contains(&authz)
                .then_say(ctx, || format!("authorization: {}", authz.label()))
        }
        C::CrossesBoundary => {
            let Subject::Flow(f) = subject else {
                return None;
            };
            ctx.crosses(f).then_say(ctx, || crossing_text(ctx, f))
        }
        C::EntersMoreTrusted => {
            let Subject::Flow(f) = subject else {
                return None;
            };
            let (Some(s), Some(t)) = ctx.ends(f) else {
                return None;
            };
            let (from, to) = (ctx.zone(s), ctx.zone(t));
            (ctx.crosses(f) && from.trust < to.trust).then_say(ctx, || {
                format!(
                    "enters a more trusted zone ({} → {}, trust {} → {})",
                    zone_name(&from.boundary),
                    zone_name(&to.boundary),
                    from.trust,
                    to.trust
                )
            })
        }
        C::IsResponse => flow?
            .response
            .then_say(ctx, || "is a response flow".to_string()),
        C::Endpoint(facts) => {
            let f = flow?;
            let holds_on = |e: &Endpoint| facts.iter().all(|fact| endpoint_fact(f, e, fact));
            let what = || {
                facts
                    .iter()
                    .map(fact_words)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if let Some(e) = ctx.focused(subject) {
                return holds_on(e).then_say(ctx, || {
                    format!("{}: {}", what(), operation_evidence(e, facts))
                });
            }
            let mut matches = f.endpoints.iter().filter(|e| holds_on(e));
            if !ctx.explaining() {
                return matches.next().map(|_| String::new());
            }
            let matching: Vec<String> = matches.map(|e| operation_evidence(e, facts)).collect();
            (!matching.is_empty()).then_say(ctx, || format!("{}: {}", what(), list(&matching)))
        }
        C::HasEndpoints => {
            let f = flow?;
            (!f.endpoints.is_empty())
                .then_say(ctx, || format!("carries {} endpoint(s)", f.endpoints.len()))
        }
        C::Kind(kinds) => {
            let e = ctx.element(element?);
            let tag = e.kind.tag();
            kinds
                .contains(&tag)
                .then_say(ctx, || format!("is {}", with_article(tag.label())))
        }
        C::Role(roles) => {
            let p = ctx.process(element?)?;
            roles
                .contains(&p.role)
                .then_say(ctx, || format!("role {:?}", p.role))
        }
        C::Store(kinds) => {
            let ElementKind::DataStore(s) = &ctx.element(element?).kind else {
                return None;
            };
            kinds
                .contains(&s.store)
                .then_say(ctx, || format!("a {:?} store", s.store))
        }
        C::Privileges(levels) => {
            let p = ctx.process(element?)?;
            levels.contains(&p.privileges).then_say(ctx, || {
                format!("runs with {:?} privileges", p.privileges).to_lowercase()
            })
        }
        C::InBoundary(kinds) => {
            let (first, second) = match subject {
                Subject::Element(e) => (Some(e), None),
                Subject::Flow(f) => ctx.ends(f),
            };
            first.into_iter().chain(second).find_map(|e| {
                let zone = ctx.zone(e);
                let kind = zone.kinds.iter().find(|k| kinds.contains(k))?;
                Some(say(ctx, || {
                    format!("`{}` is in a {} boundary", ctx.element(e).id, kind.label())
                }))
            })
        }
        C::InternetFacing => ctx
            .internet_facing(element?)
            .then_say(ctx, || "internet-facing".to_string()),
        C::ThirdParty => ctx
            .third_party(element?)
            .then_say(ctx, || "operated by a third party".to_string()),
        C::Human => matches!(&ctx.element(element?).kind, ElementKind::External(x) if x.human)
            .then_say(ctx, || "a person".to_string()),
        C::HoldsLogs => {
            let ElementKind::DataStore(s) = &ctx.element(element?).kind else {
                return None;
            };
            (s.logs || s.store == crate::model::StoreKind::Log)
                .then_say(ctx, || "holds logs or audit data".to_string())
        }
        C::EncryptedAtRest => {
            let ElementKind::DataStore(s) = &ctx.element(element?).kind else {
                return None;
            };
            s.encrypted_at_rest
                .then_say(ctx, || "encrypted at rest".to_string())
        }
        C::Data(floor) => classified_data(ctx, subject, *floor, true),
        C::Payload(floor) => classified_data(ctx, subject, *floor, false),
        C::PersonalData => data_flag(ctx, subject, |d| d.personal, "personal data"),
        C::Credentials => data_flag(ctx, subject, |d| d.credentials, "credentials"),
        C::HasControl(control) => ctx
            .has_control_at(subject, ctx.focused(subject), control)
            .then_say(ctx, || format!("has {}", control.label())),
        C::Missing(control) => (!ctx.has_control_at(subject, ctx.focused(subject), control))
            .then_say(ctx, || format!("no {}", control.label())),
        C::Tag(tag) => tags(ctx, subject)
            .iter()
            .any(|t| t == tag)
            .then_say(ctx, || format!("tagged `{tag}`")),
        C::NonProduction => {
            let target_tags = match subject {
                Subject::Flow(f) => ctx.ends(f).1.map_or(&[][..], |t| &ctx.element(t).tags),
                Subject::Element(_) => &[],
            };
            tags(ctx, subject)
                .iter()
                .chain(target_tags)
                .find(|t| {
                    NON_PRODUCTION_TAGS
                        .iter()
                        .any(|word| t.eq_ignore_ascii_case(word))
                })
                .map(|t| say(ctx, || format!("non-production (tagged `{t}`)")))
        }
        C::All(_)
        | C::Any(_)
        | C::Not(_)
        | C::Source(_)
        | C::Target(_)
        | C::Inbound(_)
        | C::Outbound(_) => None,
    }
}

fn authentication(ctx: &Eval, subject: Subject) -> Option<Authentication> {
    if let Some(own) = ctx
        .focused(subject)
        .and_then(|e| e.authentication.iter().min())
    {
        // An operation that declares its own authentication is as strong as
        // the weakest scheme it accepts.
        return Some(*own);
    }
    match subject {
        Subject::Flow(f) => Some(ctx.flow(f).authentication),
        Subject::Element(e) => Some(ctx.process(e)?.authentication),
    }
}

fn tags<'a>(ctx: &'a Context, subject: Subject) -> &'a [String] {
    match subject {
        Subject::Flow(f) => &ctx.flow(f).tags,
        Subject::Element(e) => &ctx.element(e).tags,
    }
}

fn data_verb(ctx: &Context, subject: Subject) -> &'static str {
    match subject {
        Subject::Flow(_) => "carries",
        Subject::Element(e) => match ctx.element(e).kind {
            ElementKind::DataStore(_) => "stores",
            _ => "handles",
        },
    }
}

/// `Data` and `Payload`: the data at or above `floor`, with or without
/// credentials, named in the explanation.
fn classified_data(
    ctx: &Eval,
    subject: Subject,
    floor: Classification,
    with_credentials: bool,
) -> Option<String> {
    let facts = ctx.data(subject);
    let max = if with_credentials {
        facts.max
    } else {
        facts.payload
    };
    if max? < floor {
        return None;
    }
    if !ctx.explaining() {
        return Some(String::new());
    }
    let assets: Vec<&crate::model::DataAsset> = facts
        .assets
        .iter()
        .map(|&i| &ctx.model.data[i])
        .filter(|d| with_credentials || !d.credentials)
        .filter(|d| d.classification >= floor)
        .collect();
    let mut text = String::with_capacity(64);
    text.push_str(data_verb(ctx, subject));
    text.push(' ');
    push_list(&mut text, &assets, |out, d| {
        out.push('`');
        out.push_str(&d.id);
        out.push_str("` (");
        out.push_str(d.classification.label());
        out.push(')');
    });
    Some(text)
}

fn data_flag(
    ctx: &Eval,
    subject: Subject,
    flag: impl Fn(&crate::model::DataAsset) -> bool,
    what: &str,
) -> Option<String> {
    let assets: Vec<&crate::model::DataAsset> = ctx
        .data(subject)
        .assets
        .iter()
        .map(|&i| &ctx.model.data[i])
        .filter(|d| flag(d))
        .collect();
    (!assets.is_empty()).then_say(ctx, || {
        let mut text = format!("{} {what} ", data_verb(ctx, subject));
        push_list(&mut text, &assets, |out, d| {
            out.push('`');
            out.push_str(&d.id);
            out.push('`');
        });
        text
    })
}

fn crossing_text(ctx: &Context, f: usize) -> String {
    match ctx.ends(f) {
        (Some(s), Some(t)) => format!(
            "crosses {} → {}",
            zone_name(&ctx.zone(s).boundary),
            zone_name(&ctx.zone(t).boundary)
        ),
        _ => "crosses a trust boundary".into(),
    }
}

fn zone_name(boundary: &Option<String>) -> String {
    boundary
        .as_deref()
        .map_or_else(|| "outside any boundary".to_string(), str::to_string)
}

/// Words for a condition that does not hold, for `Not(...)`.
fn negated(ctx: &Eval, cond: &Condition, subject: Subject) -> String {
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
fn labelled(mut label: String, reasons: &[String]) -> String {
    for (i, reason) in reasons.iter().enumerate() {
        label.push_str(if i == 0 { ": " } else { ", " });
        label.push_str(reason);
    }
    label
}

/// `a process`, `an external entity`.
fn with_article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn join<T>(items: &[T], word: impl Fn(&T) -> String, sep: &str) -> String {
    items.iter().map(word).collect::<Vec<_>>().join(sep)
}

/// `a`, `a and b`, `a, b and c`; long lists end with a count.
fn list(items: &[String]) -> String {
    let mut out = String::new();
    push_list(&mut out, items, |out, item| out.push_str(item));
    out
}

/// Appends [`list`] of `items`, each written by `write`; only the items
/// shown are written.
fn push_list<T>(out: &mut String, items: &[T], write: impl Fn(&mut String, &T)) {
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
fn operation_evidence(e: &Endpoint, facts: &[crate::library::EndpointFact]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    fn explain(cond: &Condition, flow: &str) -> Vec<String> {
        let model = starter_model();
        let ctx = Context::new(&model);
        let index = ctx.index.flow_index(flow).expect("flow exists");
        let mut why = Vec::new();
        assert!(
            eval(&ctx, cond, Subject::Flow(index), &mut why),
            "{cond:?} holds on {flow}"
        );
        why
    }

    #[test]
    fn negated_facts_read_as_words_and_negated_filters_say_nothing() {
        use Condition as C;
        let why = explain(&C::Not(Box::new(C::CrossesBoundary)), "gateway-orders");
        assert_eq!(why, ["stays inside one boundary"]);
        let why = explain(
            &C::Not(Box::new(C::HasControl(crate::model::Control::RateLimiting))),
            "gateway-orders",
        );
        assert_eq!(why, ["no rate limiting"]);
        let why = explain(
            &C::Not(Box::new(C::Source(Box::new(C::ThirdParty)))),
            "gateway-orders",
        );
        assert!(why.is_empty(), "{why:?}");
        let why = explain(
            &C::Not(Box::new(C::Target(Box::new(C::Role(vec![
                crate::model::ProcessRole::Gateway,
            ]))))),
            "gateway-orders",
        );
        assert!(why.is_empty(), "{why:?}");
    }

    #[test]
    fn nested_relational_facts_cost_grows_with_the_model_not_the_nesting() {
        // Before: each `Inbound` at the hub walked its 1,000 flows again for
        // every path that reached it: 1,000^4 steps for this rule.
        use crate::synthetic::{DEEPEST_RELATIONAL_RULE, hub};
        let rules = crate::library::parse_rule_file(DEEPEST_RELATIONAL_RULE, "deep.ron")
            .expect("the rule loads");
        let model = hub(1_000);
        let ctx = Context::new(&model);
        let hub_at = ctx.index.element_index("hub").expect("hub");
        assert!(!holds(&ctx, &rules[0].when, Subject::Element(hub_at)));
        // The same nesting ending in a fact that holds: explained.
        let text = DEEPEST_RELATIONAL_RULE.replace("Encryption([None])", "Encryption([Tls])");
        let rules = crate::library::parse_rule_file(&text, "deep.ron").expect("the rule loads");
        let mut why = Vec::new();
        assert!(eval(
            &ctx,
            &rules[0].when,
            Subject::Element(hub_at),
            &mut why
        ));
        assert!(
            why[0].starts_with(
                "inbound flow `f0`, `f1`, `f2`, `f3` and 996 more: source `c0`: outbound flow `f0`: target `hub`: inbound flow"
            ),
            "{why:?}"
        );
        let findings = crate::analysis::analyze(&model, &crate::library::Library::new(rules));
        assert_eq!(findings.items.len(), 1, "only the hub has inbound flows");
    }

    #[test]
    fn a_filter_alone_leaves_no_dangling_colon() {
        let model = starter_model();
        let ctx = Context::new(&model);
        let gateway = ctx.index.element_index("gateway").expect("gateway exists");
        let mut why = Vec::new();
        let cond = Condition::Inbound(Box::new(Condition::Not(Box::new(Condition::IsResponse))));
        assert!(eval(&ctx, &cond, Subject::Element(gateway), &mut why));
        assert_eq!(why, ["inbound flow `browser-gateway`"]);
    }

    #[test]
    fn payload_leaves_credentials_aside_and_data_does_not() {
        use crate::model::Classification::{Confidential, Restricted};
        let why = explain(&Condition::Data(Restricted), "browser-gateway");
        assert_eq!(why, ["carries `credentials` (restricted)"]);
        let why = explain(&Condition::Payload(Confidential), "browser-gateway");
        assert_eq!(
            why,
            ["carries `customer` (confidential) and `orders` (confidential)"]
        );
        let model = starter_model();
        let ctx = Context::new(&model);
        let flow = ctx
            .index
            .flow_index("browser-gateway")
            .expect("flow exists");
        assert!(!holds(
            &ctx,
            &Condition::Payload(Restricted),
            Subject::Flow(flow)
        ));
    }

    #[test]
    fn element_kinds_take_the_right_article() {
        use Condition as C;
        let why = explain(
            &C::Source(Box::new(C::Kind(vec![
                crate::model::ElementKindTag::External,
            ]))),
            "browser-gateway",
        );
        assert_eq!(why, ["source `browser`: is an external entity"]);
    }
}
