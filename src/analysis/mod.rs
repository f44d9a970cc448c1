//! Maps the threat library onto a model: every rule against every element and
//! flow it applies to, giving findings with severity, status and explanation.

mod context;
mod endpoint_facts;
#[cfg(test)]
mod endpoint_tests;
mod eval;
mod finding;
pub mod graph;
pub mod group;
mod incremental;
pub mod limits;
pub mod manual;
pub mod stale;
mod summary;
pub mod warnings;

pub use context::{Context, Subject};
pub use finding::{EndpointRef, Finding, Origin, Severity, StatusSource, TargetKind, status_str};
pub use incremental::{reanalyze, reanalyze_on};
pub use summary::Summary;

use std::sync::Arc;

use crate::library::{AppliesTo, Library, Mitigations, Rule, Stride};
use crate::model::{Classification, Control, ElementKindTag, Model, TriageStatus};

/// All findings of one analysis, in a deterministic order: worst severity
/// first, then by target id, then by rule id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Findings {
    pub items: Vec<Finding>,
}

impl Findings {
    pub fn open(&self) -> impl Iterator<Item = &Finding> {
        self.items.iter().filter(|f| f.is_open())
    }

    pub fn for_target<'a>(&'a self, target: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.items.iter().filter(move |f| f.target == target)
    }

    pub fn get(&self, id: &str) -> Option<&Finding> {
        self.items.iter().find(|f| f.id == id)
    }

    /// The worst severity among open findings on a target.
    pub fn worst_open(&self, target: &str) -> Option<Severity> {
        self.for_target(target)
            .filter(|f| f.is_open())
            .map(|f| f.severity)
            .max()
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.items)
    }
}

/// The finding id for a rule on a target.
pub fn finding_id(rule: &str, target: &str) -> String {
    // Built directly rather than through `format!`: it runs once per finding.
    let mut id = String::with_capacity(rule.len() + 1 + target.len());
    id.push_str(rule);
    id.push('@');
    id.push_str(target);
    id
}

/// The finding id for a rule on one API operation of a flow:
/// `RULE@flow#METHOD /path`, e.g. `API1-BOLA-path-id@orders-api#GET /orders/{id}`.
pub fn endpoint_finding_id(rule: &str, flow: &str, endpoint: &EndpointRef) -> String {
    let mut id = finding_id(rule, flow);
    id.push('#');
    id.push_str(endpoint.method.as_str());
    id.push(' ');
    id.push_str(&endpoint.path);
    id
}

/// True when the rule is about API operations: checked on flows, with a
/// condition that can only hold through an `Endpoint([...])` fact. Such a
/// rule gives one finding per matching operation of a flow.
pub fn is_per_endpoint(rule: &Rule) -> bool {
    rule.applies_to
        .iter()
        .any(|a| matches!(a, AppliesTo::Flow | AppliesTo::CrossingFlow))
        && eval::needs_endpoint(&rule.when)
}

/// Runs every enabled rule of `library` against the model. Decisions are
/// checked for staleness by fingerprint only; see [`analyze_on`] for expiry.
pub fn analyze(model: &Model, library: &Library) -> Findings {
    analyze_on(model, library, None)
}

/// [`analyze`], with triage decisions whose `until` date is before `today`
/// (`YYYY-MM-DD`) marked stale.
pub fn analyze_on(model: &Model, library: &Library, today: Option<&str>) -> Findings {
    let ctx = Context::new(model);
    let mut all: Vec<Subject> = (0..model.elements.len()).map(Subject::Element).collect();
    all.extend((0..model.flows.len()).map(Subject::Flow));
    // Visiting targets in id order (and rules in id order, below) yields
    // findings already sorted but for severity, which then takes one linear
    // pass instead of a comparison sort of large findings.
    all.sort_unstable_by(|a, b| ctx.id(*a).cmp(ctx.id(*b)));
    let items = analyze_in_parallel(&ctx, library, &all, today);
    Findings {
        items: order_by_severity(items),
    }
}

/// Below this many targets a thread costs more than it saves.
const PARALLEL_FROM: usize = 4_000;
/// More threads than this gain little: parsing and output stay serial.
const MAX_THREADS: usize = 8;

/// [`analyze_subjects`], on one thread per core for a large model.
fn analyze_in_parallel(
    ctx: &Context,
    library: &Library,
    subjects: &[Subject],
    today: Option<&str>,
) -> Vec<Finding> {
    let threads = if subjects.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(MAX_THREADS)
    };
    analyze_in_runs(ctx, library, subjects, today, threads)
}

/// [`analyze_subjects`] with the targets split into `threads` consecutive
/// runs analysed side by side; the runs' findings are joined in order, so
/// the result is the same as on one thread.
fn analyze_in_runs(
    ctx: &Context,
    library: &Library,
    subjects: &[Subject],
    today: Option<&str>,
    threads: usize,
) -> Vec<Finding> {
    if threads < 2 || subjects.is_empty() {
        return analyze_subjects(ctx, library, subjects, today);
    }
    let run = subjects.len().div_ceil(threads);
    std::thread::scope(|scope| {
        // A run whose thread cannot be started (a process limit) is analysed
        // here instead, in its place, so the order stays the same.
        let workers: Vec<_> = subjects
            .chunks(run)
            .map(|part| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || analyze_subjects(ctx, library, part, today))
                    .map_err(|_| part)
            })
            .collect();
        let mut items = Vec::new();
        for worker in workers {
            match worker {
                Ok(thread) => match thread.join() {
                    Ok(found) => items.extend(found),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(part) => items.extend(analyze_subjects(ctx, library, part, today)),
            }
        }
        items
    })
}

/// The findings of every enabled rule on the given subjects: subject by
/// subject in the order given, and for each subject by rule id.
pub(crate) fn analyze_subjects(
    ctx: &Context,
    library: &Library,
    subjects: &[Subject],
    today: Option<&str>,
) -> Vec<Finding> {
    let model = ctx.model;
    let disabled: std::collections::HashSet<&str> =
        model.disabled_rules.iter().map(String::as_str).collect();
    let decisions = Decisions {
        records: model
            .triage
            .iter()
            .map(|t| (t.finding.as_str(), t))
            .collect(),
        today,
    };
    let mut rules: Vec<(&Rule, SharedRule)> = library
        .rules()
        .iter()
        .filter(|r| !disabled.contains(r.id.as_str()))
        .map(|r| (r, SharedRule::of(r)))
        .collect();
    rules.sort_unstable_by(|a, b| a.0.id.cmp(&b.0.id));
    let manual = manual::by_target(ctx);
    let mut items = Vec::new();
    for &subject in subjects {
        let first = items.len();
        let endpoints = match subject {
            Subject::Flow(f) => endpoint_order(ctx.flow(f)),
            Subject::Element(_) => Vec::new(),
        };
        for (rule, shared) in &rules {
            if !applies(ctx, rule, subject) {
                continue;
            }
            if shared.per_endpoint {
                for &e in &endpoints {
                    if !eval::holds_at(ctx, &rule.when, subject, Some(e)) {
                        continue;
                    }
                    let mut why = Vec::new();
                    if eval::eval_at(ctx, &rule.when, subject, Some(e), &mut why) {
                        let on = Some(e);
                        items.push(make_finding(
                            ctx,
                            (rule, shared),
                            subject,
                            on,
                            why,
                            &decisions,
                        ));
                    }
                }
                continue;
            }
            if !eval::holds(ctx, &rule.when, subject) {
                continue;
            }
            let mut why = Vec::new();
            if eval::eval(ctx, &rule.when, subject, &mut why) {
                items.push(make_finding(
                    ctx,
                    (rule, shared),
                    subject,
                    None,
                    why,
                    &decisions,
                ));
            }
        }
        let written = manual.get(ctx.id(subject)).map_or(&[][..], Vec::as_slice);
        let written = written.iter().filter(|t| !disabled.contains(t.id.as_str()));
        let before = items.len();
        for threat in written {
            items.push(manual::finding(
                ctx,
                threat,
                subject,
                &decisions.records,
                today,
            ));
        }
        if items.len() > before {
            // Keep the subject's findings in rule id order, as documented.
            items[first..].sort_by(|a, b| a.rule.cmp(&b.rule));
        }
    }
    items
}

/// A flow's endpoints as positions, by path and then method; an operation
/// listed twice (validation warns) is checked once, as first listed.
fn endpoint_order(flow: &crate::model::Flow) -> Vec<usize> {
    let mut order: Vec<usize> = (0..flow.endpoints.len()).collect();
    let key = |i: &usize| {
        let e = &flow.endpoints[*i];
        (e.path.as_str(), e.method, *i)
    };
    order.sort_unstable_by_key(key);
    order.dedup_by(|b, a| {
        let (ea, eb) = (&flow.endpoints[*a], &flow.endpoints[*b]);
        ea.method == eb.method && ea.path == eb.path
    });
    order
}

/// Worst severity first, then by target id, then by rule id. Finding ids are
/// unique, so the order is total and the output deterministic.
pub(crate) fn sort_findings(items: &mut [Finding]) {
    items.sort_unstable_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.target.cmp(&b.target))
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.endpoint.cmp(&b.endpoint))
    });
}

/// Findings already in target and rule order, grouped worst severity first
/// with that order kept inside each group: the order of [`sort_findings`].
fn order_by_severity(mut items: Vec<Finding>) -> Vec<Finding> {
    // A stable sort on one small key keeps the target and rule order.
    items.sort_by_key(|f| std::cmp::Reverse(f.severity));
    items
}

/// Whether a rule is checked against an in-scope subject.
fn applies(ctx: &Context, rule: &Rule, subject: Subject) -> bool {
    let wants = |t: AppliesTo| rule.applies_to.contains(&t);
    match subject {
        Subject::Element(i) => {
            let e = ctx.element(i);
            let kind = match e.kind.tag() {
                ElementKindTag::External => AppliesTo::External,
                ElementKindTag::Process => AppliesTo::Process,
                ElementKindTag::DataStore => AppliesTo::DataStore,
            };
            e.in_scope && wants(kind)
        }
        Subject::Flow(i) => {
            flow_in_scope(ctx, i)
                && (wants(AppliesTo::Flow) || (wants(AppliesTo::CrossingFlow) && ctx.crosses(i)))
        }
    }
}

/// A flow is out of scope when both its ends are.
fn flow_in_scope(ctx: &Context, flow: usize) -> bool {
    let (s, t) = ctx.ends(flow);
    let in_scope = |e: Option<usize>| e.is_none_or(|e| ctx.element(e).in_scope);
    in_scope(s) || in_scope(t)
}

/// A rule's parts that every one of its findings carries, allocated once.
struct SharedRule {
    id: Arc<str>,
    title: Arc<str>,
    stride: Arc<[Stride]>,
    owasp: Arc<[String]>,
    cwe: Arc<[u32]>,
    mitigations: Arc<[Control]>,
    /// Whether the rule's condition asks about credentials.
    about_credentials: bool,
    /// Whether the rule gives one finding per API operation.
    per_endpoint: bool,
}

impl SharedRule {
    fn of(rule: &Rule) -> Self {
        Self {
            about_credentials: mentions_credentials(&rule.when),
            per_endpoint: is_per_endpoint(rule),
            id: rule.id.as_str().into(),
            title: rule.title.as_str().into(),
            stride: rule.stride.as_slice().into(),
            owasp: rule.owasp.as_slice().into(),
            cwe: rule.cwe.as_slice().into(),
            mitigations: rule.mitigations.controls().into(),
        }
    }
}

fn mentions_credentials(cond: &crate::library::Condition) -> bool {
    use crate::library::Condition as C;
    match cond {
        C::Credentials => true,
        C::All(cs) | C::Any(cs) => cs.iter().any(mentions_credentials),
        C::Not(c) | C::Source(c) | C::Target(c) | C::Inbound(c) | C::Outbound(c) => {
            mentions_credentials(c)
        }
        _ => false,
    }
}

/// The model's triage records by finding id, and the day decisions expire against.
struct Decisions<'m> {
    records: std::collections::HashMap<&'m str, &'m crate::model::Triage>,
    today: Option<&'m str>,
}

fn make_finding(
    ctx: &Context,
    (rule, shared): (&Rule, &SharedRule),
    subject: Subject,
    endpoint: Option<usize>,
    explanation: Vec<String>,
    decisions: &Decisions,
) -> Finding {
    let triage = &decisions.records;
    let (target, target_kind) = match subject {
        Subject::Element(i) => {
            let e = ctx.element(i);
            (e.id.clone(), TargetKind::Element(e.kind.tag()))
        }
        Subject::Flow(i) => (ctx.flow(i).id.clone(), TargetKind::Flow),
    };
    let operation = match (subject, endpoint) {
        (Subject::Flow(f), Some(e)) => ctx.flow(f).endpoints.get(e),
        _ => None,
    };
    let endpoint = operation.map(|e| EndpointRef {
        method: e.method,
        path: e.path.clone(),
    });
    let mut severity = Severity::from_ratings(rule.likelihood, rule.impact);
    let data = ctx.data(subject);
    // Restricted credentials raise only a threat to credentials: a bearer
    // token on a request does not make its object-level access critical.
    let sensitivity = if shared.about_credentials {
        data.max
    } else {
        data.max_for_severity
    };
    if rule.data_raises_severity && sensitivity >= Some(Classification::Restricted) {
        severity = severity.raised();
    }
    let in_place: Vec<_> = rule
        .mitigations
        .controls()
        .iter()
        .filter(|c| ctx.has_control_at(subject, operation, c))
        .cloned()
        .collect();
    let mitigated = match &rule.mitigations {
        Mitigations::AnyOf(_) => !in_place.is_empty(),
        Mitigations::AllOf(all) => in_place.len() == all.len(),
    };
    let id = match &endpoint {
        Some(e) => endpoint_finding_id(&rule.id, &target, e),
        None => finding_id(&rule.id, &target),
    };
    // An operation's own decision wins over the decision on its flow.
    let group = endpoint.as_ref().map(|_| finding_id(&rule.id, &target));
    let record = finding::deciding_record(&id, group.as_deref(), |id| triage.get(id).copied());
    let (status, status_source) = match record {
        Some(t) => (t.status, StatusSource::Triage),
        None if mitigated => (TriageStatus::Mitigated, StatusSource::Controls),
        None => (TriageStatus::Open, StatusSource::Default),
    };
    // Controls in place outrank an "open" record: the design has changed since.
    let (status, status_source) = if mitigated && status == TriageStatus::Open {
        (TriageStatus::Mitigated, StatusSource::Controls)
    } else {
        (status, status_source)
    };
    Finding {
        id,
        rule: Arc::clone(&shared.id),
        title: Arc::clone(&shared.title),
        target,
        target_kind,
        endpoint,
        stride: Arc::clone(&shared.stride),
        owasp: Arc::clone(&shared.owasp),
        cwe: Arc::clone(&shared.cwe),
        severity,
        status,
        status_source,
        mitigations: Arc::clone(&shared.mitigations),
        mitigated_by: in_place,
        explanation,
        note: record.map(|t| t.note.clone()).filter(|n| !n.is_empty()),
        stale: record.and_then(|t| stale::stale_reason(ctx.model, t, decisions.today)),
        origin: Origin::Rule,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::built_in;

    #[test]
    fn analysis_yields_findings_in_the_documented_order() {
        // The synthetic estate has every severity and many targets per rule,
        // so an ordering slip anywhere shows.
        let model = crate::synthetic::generate(600, 7);
        let findings = analyze(&model, &built_in()).items;
        let severities: std::collections::HashSet<_> =
            findings.iter().map(|f| f.severity).collect();
        assert_eq!(
            severities.len(),
            Severity::ALL.len(),
            "every severity occurs"
        );
        let mut sorted = findings.clone();
        sort_findings(&mut sorted);
        let ids = |v: &[Finding]| v.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&findings), ids(&sorted));
    }

    #[test]
    fn analysis_in_runs_side_by_side_equals_one_run() {
        let model = crate::synthetic::generate(1_000, 3);
        let library = built_in();
        let ctx = Context::new(&model);
        let mut all: Vec<Subject> = (0..model.elements.len()).map(Subject::Element).collect();
        all.extend((0..model.flows.len()).map(Subject::Flow));
        let one = analyze_in_runs(&ctx, &library, &all, None, 1);
        assert!(one.len() > 100);
        for threads in [2, 3, 7] {
            assert_eq!(analyze_in_runs(&ctx, &library, &all, None, threads), one);
        }
    }

    #[test]
    fn a_bearer_token_does_not_raise_severity_but_stored_credentials_do() {
        let loaded =
            crate::model::parse_str(include_str!("../../models/ecommerce.ron"), "ecommerce.ron")
                .expect("the example loads");
        let findings = analyze(&loaded.model, &built_in());
        let severity = |id: &str| findings.get(id).map(|f| f.severity);
        // The flow carries restricted access tokens, but the objects it
        // lists are confidential: high, not raised to critical.
        assert_eq!(
            severity("API1-BOLA-unscoped-list@web-gateway#GET /v2/orders"),
            Some(Severity::High)
        );
        // The store holds restricted credentials: its data, so raised.
        assert_eq!(
            severity("DS-T-unrestricted-writers@identity-db"),
            Some(Severity::Critical)
        );
        // A rule about credentials counts them wherever they are.
        assert_eq!(
            severity("DS-I-credentials-outside-vault@redis"),
            Some(Severity::Critical)
        );
    }

    #[test]
    fn findings_of_one_rule_share_its_text() {
        let model = crate::synthetic::generate(200, 1);
        let findings = analyze(&model, &built_in()).items;
        let first = &findings[0];
        let sibling = findings
            .iter()
            .skip(1)
            .find(|f| f.rule == first.rule)
            .expect("a rule fires on more than one target of the estate");
        assert!(Arc::ptr_eq(&first.title, &sibling.title));
    }
}
