//! The leaf facts of a condition: whether each holds on a flow or an
//! element, with its words composed only when a finding is being explained.

use super::Eval;
use super::words::{crossing_text, list, operation_evidence, push_list, with_article, zone_name};
use crate::analysis::context::{Context, Subject};
use crate::analysis::endpoint_facts::{endpoint_fact, fact_words};
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
pub(super) fn leaf_fact(ctx: &Eval, cond: &Condition, subject: Subject) -> Option<String> {
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

pub(super) fn authentication(ctx: &Eval, subject: Subject) -> Option<Authentication> {
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
