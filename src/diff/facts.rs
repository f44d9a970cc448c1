//! The facts of each model item as named attributes, in a fixed order.
//!
//! Both the diff and the textconv listing read items through these lists, so
//! what a diff compares and what `git diff` shows are the same facts.

use super::value::{Attr, Part, Val};
use crate::model::{
    Boundary, Control, DataAsset, Element, ElementKind, Endpoint, Flow, Model, Triage,
};

/// What kind of item a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    Boundary,
    DataAsset,
    Element,
    Flow,
    Triage,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Boundary => "boundary",
            Self::DataAsset => "data asset",
            Self::Element => "element",
            Self::Flow => "flow",
            Self::Triage => "triage record",
        }
    }
}

/// One identified item and its attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub attrs: Vec<(&'static str, Attr)>,
    /// A few words that describe the item when it is added.
    pub summary: Vec<Val>,
}

type Attrs = Vec<(&'static str, Attr)>;

fn one(v: Val) -> Attr {
    Attr::One(v)
}

fn texts(items: &[String]) -> Attr {
    Attr::Set(items.iter().cloned().map(Val::Text).collect())
}

fn controls(items: &[Control]) -> Attr {
    Attr::Set(
        items
            .iter()
            .map(|c| match c {
                Control::Custom(name) => Val::text(name),
                built_in => Val::word(built_in.label()),
            })
            .collect(),
    )
}

fn debug_word(v: impl std::fmt::Debug) -> Val {
    Val::word(format!("{v:?}"))
}

/// The model's own attributes: name, description, owners…
pub fn model_attrs(m: &Model) -> Attrs {
    vec![
        ("name", one(Val::text(&m.name))),
        ("description", one(Val::text(&m.description))),
        ("version", one(Val::text(&m.version))),
        ("owners", texts(&m.owners)),
        ("scope", one(Val::text(&m.scope))),
        ("disabled rules", texts(&m.disabled_rules)),
    ]
}

pub fn boundary(b: &Boundary) -> Item {
    let trust = b.trust.map_or(Val::Unset, |t| Val::word(t.to_string()));
    Item {
        id: b.id.clone(),
        attrs: vec![
            ("name", one(Val::text(&b.name))),
            ("kind", one(Val::word(b.kind.label()))),
            ("parent", one(Val::opt(b.parent.as_ref()))),
            ("trust", one(trust)),
            ("description", one(Val::text(&b.description))),
        ],
        summary: vec![Val::word(b.kind.label())],
    }
}

pub fn data_asset(d: &DataAsset) -> Item {
    let mut summary = vec![Val::word(d.classification.label())];
    if d.personal {
        summary.push(Val::word("personal"));
    }
    if d.credentials {
        summary.push(Val::word("credentials"));
    }
    Item {
        id: d.id.clone(),
        attrs: vec![
            ("name", one(Val::text(&d.name))),
            ("classification", one(Val::word(d.classification.label()))),
            ("personal", one(Val::Flag(d.personal))),
            ("credentials", one(Val::Flag(d.credentials))),
            ("description", one(Val::text(&d.description))),
        ],
        summary,
    }
}

pub fn element(e: &Element) -> Item {
    let mut attrs: Attrs = vec![
        ("name", one(Val::text(&e.name))),
        ("kind", one(Val::word(e.kind.tag().label()))),
    ];
    match &e.kind {
        ElementKind::External(x) => attrs.extend([
            ("human", one(Val::Flag(x.human))),
            ("internet facing", one(Val::Flag(x.internet_facing))),
            ("third party", one(Val::Flag(x.third_party))),
        ]),
        ElementKind::Process(p) => attrs.extend([
            ("role", one(debug_word(p.role))),
            ("technology", one(Val::text(&p.technology))),
            ("internet facing", one(Val::Flag(p.internet_facing))),
            ("handles", texts(&p.handles)),
            ("authentication", one(Val::word(p.authentication.label()))),
            ("authorization", one(Val::word(p.authorization.label()))),
            ("privileges", one(debug_word(p.privileges))),
        ]),
        ElementKind::DataStore(s) => attrs.extend([
            ("store", one(debug_word(s.store))),
            ("stores", texts(&s.stores)),
            ("encrypted at rest", one(Val::Flag(s.encrypted_at_rest))),
            ("logs", one(Val::Flag(s.logs))),
        ]),
    }
    attrs.extend([
        ("boundary", one(Val::opt(e.boundary.as_ref()))),
        ("owner", one(Val::opt(e.owner.as_ref()))),
        ("description", one(Val::text(&e.description))),
        ("tags", texts(&e.tags)),
        ("in scope", one(Val::Flag(e.in_scope))),
        ("controls", controls(&e.controls)),
    ]);
    let mut summary = vec![Val::word(e.kind.tag().label())];
    if let Some(b) = &e.boundary {
        summary.extend([Val::word("in"), Val::text(b)]);
    }
    Item {
        id: e.id.clone(),
        attrs,
        summary,
    }
}

pub fn flow(f: &Flow) -> Item {
    let attrs = vec![
        ("source", one(Val::text(&f.source))),
        ("target", one(Val::text(&f.target))),
        ("label", one(Val::text(&f.label))),
        ("protocol", one(Val::word(f.protocol.label()))),
        ("encryption", one(Val::word(f.encryption.label()))),
        ("authentication", one(Val::word(f.authentication.label()))),
        ("authorization", one(Val::word(f.authorization.label()))),
        ("data", texts(&f.data)),
        (
            "endpoint",
            Attr::Parts(f.endpoints.iter().map(endpoint).collect()),
        ),
        ("controls", controls(&f.controls)),
        ("response", one(Val::Flag(f.response))),
        ("bidirectional", one(Val::Flag(f.bidirectional))),
        ("tags", texts(&f.tags)),
        ("description", one(Val::text(&f.description))),
    ];
    let mut summary = vec![
        Val::text(&f.source),
        Val::word("→"),
        Val::text(&f.target),
        Val::word(format!(
            "over {}, encryption {}, authentication {}",
            f.protocol.label(),
            f.encryption.label(),
            f.authentication.label()
        )),
    ];
    match f.endpoints.len() {
        0 => {}
        1 => summary.push(Val::word("with 1 endpoint")),
        n => summary.push(Val::word(format!("with {n} endpoints"))),
    }
    Item {
        id: f.id.clone(),
        attrs,
        summary,
    }
}

pub fn endpoint(e: &Endpoint) -> Part {
    let auth = e
        .authentication
        .iter()
        .map(|a| Val::word(a.label()))
        .collect();
    Part {
        key: vec![Val::word(e.method.as_str()), Val::text(&e.path)],
        attrs: vec![
            ("operation id", one(Val::opt(e.operation_id.as_ref()))),
            ("summary", one(Val::text(&e.summary))),
            ("tags", texts(&e.tags)),
            ("authentication", Attr::Set(auth)),
            ("admin", one(Val::Flag(e.admin))),
            ("sensitive flow", one(Val::Flag(e.sensitive_flow))),
            ("takes URL", one(Val::Flag(e.takes_url))),
            ("returns list", one(Val::Flag(e.returns_list))),
            ("deprecated", one(Val::Flag(e.deprecated))),
            ("login", one(Val::Flag(e.login))),
            ("binds properties", one(Val::Flag(e.binds_properties))),
            ("privileged fields", texts(&e.privileged_fields)),
            ("sensitive fields", texts(&e.sensitive_fields)),
            ("unbounded inputs", texts(&e.unbounded)),
            ("described", one(Val::Flag(e.described))),
            ("rate limited", one(Val::Flag(e.rate_limited))),
            ("weak authentication", texts(&e.weak_authentication)),
            ("URL inputs", texts(&e.url_inputs)),
            ("superseded by", one(Val::opt(e.superseded_by.as_ref()))),
            ("hidden", one(Val::Flag(e.hidden))),
            ("takes XML", one(Val::Flag(e.takes_xml))),
            // Derived from the path, but the rules key on it, so say it.
            ("object id in path", one(Val::Flag(e.has_object_id()))),
        ],
    }
}

/// The flags and settings of an endpoint worth naming when it is added.
pub fn endpoint_summary(part: &Part) -> Vec<Val> {
    let mut out = Vec::new();
    for (name, attr) in &part.attrs {
        match attr {
            Attr::One(Val::Flag(true)) => out.push(Val::word(*name)),
            Attr::Set(v) if *name == "authentication" && !v.is_empty() => {
                let labels: Vec<String> = v.iter().map(Val::plain).collect();
                out.push(Val::word(format!("authentication {}", labels.join(" or "))));
            }
            _ => {}
        }
    }
    // Fragments are joined by spaces; separate them with commas instead.
    let n = out.len();
    out.into_iter()
        .enumerate()
        .map(|(i, v)| match v {
            Val::Word(w) if i + 1 < n => Val::Word(format!("{w},")),
            other => other,
        })
        .collect()
}

pub fn triage(t: &Triage) -> Item {
    let mut summary = vec![Val::word(t.status.label())];
    if !t.note.is_empty() {
        summary.extend([Val::word("—"), Val::text(&t.note)]);
    }
    Item {
        id: t.finding.clone(),
        attrs: vec![
            ("status", one(Val::word(t.status.label()))),
            ("note", one(Val::text(&t.note))),
            ("owner", one(Val::opt(t.owner.as_ref()))),
            ("reference", one(Val::opt(t.reference.as_ref()))),
            ("date", one(Val::opt(t.date.as_ref()))),
            ("reviewer", one(Val::opt(t.reviewer.as_ref()))),
            ("until", one(Val::opt(t.until.as_ref()))),
            ("fingerprint", one(Val::opt(t.fingerprint.as_ref()))),
        ],
        summary,
    }
}

/// Every identified item of a model, collection by collection.
pub fn items(m: &Model) -> Vec<(ItemKind, Vec<Item>)> {
    vec![
        (
            ItemKind::Boundary,
            m.boundaries.iter().map(boundary).collect(),
        ),
        (ItemKind::DataAsset, m.data.iter().map(data_asset).collect()),
        (ItemKind::Element, m.elements.iter().map(element).collect()),
        (ItemKind::Flow, m.flows.iter().map(flow).collect()),
        (ItemKind::Triage, m.triage.iter().map(triage).collect()),
    ]
}
