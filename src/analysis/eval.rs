//! Evaluates a rule's condition on one target and says, in words a reviewer
//! can check, which facts made it true.
//!
//! Deciding and explaining are apart: this module combines conditions (`All`,
//! `Any`, `Not`, and the relational ones that follow flows), [`leaf`] decides
//! each fact of the model, and [`words`] writes what a reviewer reads.

mod leaf;
mod words;

use std::cell::RefCell;
use std::collections::HashMap;

use super::context::{Context, Subject};
use crate::library::Condition;
use crate::model::Endpoint;
use leaf::leaf_fact;
use words::{labelled, negated, push_list};

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
