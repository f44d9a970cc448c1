//! The attribute forms: which rows a form shows for each thing in the model,
//! and how a new value is written back. Every attribute of the model is
//! reachable from here.

use crate::model::{
    Authentication, Authorization, BoundaryKind, Classification, Control, DataAsset, ElementKind,
    ElementKindTag, Encryption, Endpoint, Method, Model, Privileges, ProcessRole, Protocol,
    StoreKind,
};

/// What a form edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    Model,
    Element(String),
    Flow(String),
    Boundary(String),
    Data(String),
    /// An endpoint of a flow, by its method and path (`GET /users/{id}`).
    Endpoint(String, String),
    /// A threat written by hand, by its id (see `threat_form`).
    Threat(String),
}

/// One attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Id,
    Name,
    Description,
    Version,
    Owners,
    Scope,
    DisabledRules,
    Kind,
    Boundary,
    Owner,
    Tags,
    InScope,
    Controls,
    Human,
    InternetFacing,
    ThirdParty,
    Role,
    Technology,
    Handles,
    Authentication,
    Authorization,
    Privileges,
    Store,
    Stores,
    EncryptedAtRest,
    Logs,
    Label,
    Source,
    Target,
    Protocol,
    Encryption,
    Data,
    Response,
    Bidirectional,
    Method,
    Path,
    OperationId,
    Summary,
    EndpointAuth,
    Admin,
    SensitiveFlow,
    TakesUrl,
    ReturnsList,
    Deprecated,
    Login,
    BindsProperties,
    BoundaryKind,
    Parent,
    Trust,
    Classification,
    Personal,
    Credentials,
    Title,
    Endpoint,
    Stride,
    Owasp,
    Severity,
    Likelihood,
    Impact,
    MitigationNote,
}

/// One option of a choice or a set: what it shows, and what it stands for
/// (an id, a control's name, a variant's name; empty for "none"), which is
/// what the setter reads back. Rows and setters agree by that, never by
/// where an option is in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub label: String,
    pub key: String,
}

impl Opt {
    pub fn new(label: impl Into<String>, key: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            key: key.into(),
        }
    }

    /// An option that is its own key (an id).
    pub fn id(id: &str) -> Self {
        Self::new(id, id)
    }
}

/// The key of an enum's option: its variant's name.
pub(super) fn variant<T: std::fmt::Debug>(t: T) -> String {
    format!("{t:?}")
}

/// How a row is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Text(Key, String),
    /// The options and which one is chosen now.
    Choice(Key, Vec<Opt>, usize),
    Toggle(Key, bool),
    /// A set of options, each on or off.
    Multi(Key, Vec<(Opt, bool)>),
    /// Opens a nested form.
    Open(FormTarget),
    AddBoundary,
    AddData,
    AddEndpoint,
    /// Deletes the form's subject, after a question.
    Delete,
    /// A heading or a fact that cannot be edited here.
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: String,
    pub edit: Edit,
}

/// A new value for a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// The chosen option of a choice, or the option to flip in a set, by
    /// its [`Opt::key`].
    Choice(String),
    Toggle,
}

pub(super) fn text(label: &str, key: Key, value: &str) -> Row {
    Row {
        label: label.into(),
        value: value.into(),
        edit: Edit::Text(key, value.into()),
    }
}

fn toggle(label: &str, key: Key, on: bool) -> Row {
    Row {
        label: label.into(),
        value: if on { "[x]" } else { "[ ]" }.into(),
        edit: Edit::Toggle(key, on),
    }
}

/// A choice among an enum's variants, each keyed by its name.
fn choice<T: PartialEq + Copy + std::fmt::Debug>(
    label: &str,
    key: Key,
    all: &[T],
    now: T,
    name: impl Fn(T) -> String,
) -> Row {
    let options = all.iter().map(|&t| Opt::new(name(t), variant(t))).collect();
    let at = all.iter().position(|&t| t == now).unwrap_or(0);
    choice_of(label, key, options, at)
}

/// A choice among `options`, the one at `at` chosen now.
pub(super) fn choice_of(label: &str, key: Key, options: Vec<Opt>, at: usize) -> Row {
    Row {
        label: label.into(),
        value: options.get(at).map(|o| o.label.clone()).unwrap_or_default(),
        edit: Edit::Choice(key, options, at),
    }
}

pub(super) fn multi(label: &str, key: Key, options: Vec<(Opt, bool)>) -> Row {
    let on: Vec<&str> = options
        .iter()
        .filter(|(_, b)| *b)
        .map(|(o, _)| o.label.as_str())
        .collect();
    Row {
        label: label.into(),
        value: if on.is_empty() {
            "—".into()
        } else {
            on.join(", ")
        },
        edit: Edit::Multi(key, options),
    }
}

pub(super) fn fact(label: &str, value: &str) -> Row {
    Row {
        label: label.into(),
        value: value.into(),
        edit: Edit::None,
    }
}

pub(super) fn action(label: &str, edit: Edit) -> Row {
    Row {
        label: label.into(),
        value: String::new(),
        edit,
    }
}

fn debug<T: std::fmt::Debug>(t: T) -> String {
    format!("{t:?}")
}

/// The controls row of an element or flow: the listed controls first, then
/// those its attributes imply, so a narrow panel shows the list.
fn controls_row(list: &[Control], in_place: impl Fn(&Control) -> bool) -> Row {
    let mut row = multi("controls", Key::Controls, controls(list, &in_place));
    let implied = Control::BUILT_IN
        .iter()
        .filter(|c| !list.contains(c) && in_place(c));
    let on: Vec<&str> = list.iter().chain(implied).map(|c| c.label()).collect();
    if !on.is_empty() {
        row.value = on.join(", ");
    }
    row
}

/// The controls picker's rows: every built-in control, then the team's own
/// listed ones, each checked when `in_place` says so; each keyed by the
/// control's name.
pub(super) fn controls(list: &[Control], in_place: impl Fn(&Control) -> bool) -> Vec<(Opt, bool)> {
    let mut options: Vec<(Opt, bool)> = Control::BUILT_IN
        .iter()
        .map(|c| (Opt::new(c.label(), c.name()), in_place(c)))
        .collect();
    for c in list {
        if let Control::Custom(name) = c {
            options.push((Opt::id(name), true));
        }
    }
    options
}

fn data_options(model: &Model, held: &[String]) -> Vec<(Opt, bool)> {
    model
        .data
        .iter()
        .map(|d| (Opt::id(&d.id), held.contains(&d.id)))
        .collect()
}

/// The rows of a form; empty when the target no longer exists.
pub fn rows(model: &Model, target: &FormTarget) -> Vec<Row> {
    match target {
        FormTarget::Model => model_rows(model),
        FormTarget::Element(id) => element_rows(model, id),
        FormTarget::Flow(id) => flow_rows(model, id),
        FormTarget::Boundary(id) => boundary_rows(model, id),
        FormTarget::Data(id) => data_rows(model, id),
        FormTarget::Endpoint(flow, key) => endpoint_rows(model, flow, key),
        FormTarget::Threat(id) => super::threat_form::rows(model, id),
    }
}

/// The form's title.
pub fn title(model: &Model, target: &FormTarget) -> String {
    match target {
        FormTarget::Model => format!("Model {}", model.name),
        FormTarget::Element(id) => format!("Element {id}"),
        FormTarget::Flow(id) => format!("Flow {id}"),
        FormTarget::Boundary(id) => format!("Trust boundary {id}"),
        FormTarget::Data(id) => format!("Data asset {id}"),
        FormTarget::Endpoint(_, key) => format!("Endpoint {key}"),
        FormTarget::Threat(id) => format!("Threat {id}"),
    }
}

fn model_rows(m: &Model) -> Vec<Row> {
    let mut r = vec![
        text("name", Key::Name, &m.name),
        text("description", Key::Description, &m.description),
        text("version", Key::Version, &m.version),
        text("owners", Key::Owners, &m.owners.join(", ")),
        text("scope", Key::Scope, &m.scope),
        text(
            "disabled rules",
            Key::DisabledRules,
            &m.disabled_rules.join(", "),
        ),
        fact("trust boundaries", ""),
    ];
    for b in &m.boundaries {
        r.push(Row {
            label: format!("  {}", b.id),
            value: format!("{} ({}, trust {})", b.name, b.kind.label(), b.trust_level()),
            edit: Edit::Open(FormTarget::Boundary(b.id.clone())),
        });
    }
    r.push(action("  + add trust boundary", Edit::AddBoundary));
    r.push(fact("data assets", ""));
    for d in &m.data {
        r.push(Row {
            label: format!("  {}", d.id),
            value: format!("{} ({})", d.name, d.classification.label()),
            edit: Edit::Open(FormTarget::Data(d.id.clone())),
        });
    }
    r.push(action("  + add data asset", Edit::AddData));
    r
}

/// The choice of no trust boundary (never an id: ids have no parentheses).
const NO_BOUNDARY: &str = "(none)";

/// A boundary field (an element's boundary, a boundary's parent): `(none)`,
/// then every boundary but `except`, each keyed by its id.
fn boundary_row(label: &str, key: Key, m: &Model, now: Option<&str>, except: Option<&str>) -> Row {
    let mut options = vec![Opt::new(NO_BOUNDARY, "")];
    options.extend(
        m.boundaries
            .iter()
            .filter(|b| Some(b.id.as_str()) != except)
            .map(|b| Opt::id(&b.id)),
    );
    let at = now
        .and_then(|n| options.iter().position(|o| o.key == n))
        .unwrap_or(0);
    choice_of(label, key, options, at)
}

/// A choice among the model's elements, keyed by id.
fn element_row(label: &str, key: Key, m: &Model, now: &str) -> Row {
    let options: Vec<Opt> = m.elements.iter().map(|e| Opt::id(&e.id)).collect();
    let at = options.iter().position(|o| o.key == now).unwrap_or(0);
    let mut row = choice_of(label, key, options, at);
    // An end that is gone still shows what the file says.
    row.value = now.to_string();
    row
}

fn element_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(e) = m.element(id) else {
        return Vec::new();
    };
    let mut r = vec![
        text("id", Key::Id, &e.id),
        text("name", Key::Name, &e.name),
        choice("kind", Key::Kind, ElementKindTag::ALL, e.kind.tag(), |k| {
            k.label().into()
        }),
        boundary_row("boundary", Key::Boundary, m, e.boundary.as_deref(), None),
        text("owner", Key::Owner, e.owner.as_deref().unwrap_or("")),
        text("description", Key::Description, &e.description),
        text("tags", Key::Tags, &e.tags.join(", ")),
        toggle("in scope", Key::InScope, e.in_scope),
    ];
    match &e.kind {
        ElementKind::External(x) => {
            r.push(toggle("human", Key::Human, x.human));
            r.push(toggle(
                "internet facing",
                Key::InternetFacing,
                x.internet_facing,
            ));
            r.push(toggle("third party", Key::ThirdParty, x.third_party));
        }
        ElementKind::Process(p) => {
            r.push(choice("role", Key::Role, ProcessRole::ALL, p.role, debug));
            r.push(text("technology", Key::Technology, &p.technology));
            r.push(toggle(
                "internet facing",
                Key::InternetFacing,
                p.internet_facing,
            ));
            r.push(multi("handles", Key::Handles, data_options(m, &p.handles)));
            r.push(choice(
                "authentication",
                Key::Authentication,
                Authentication::ALL,
                p.authentication,
                |a| a.label().into(),
            ));
            r.push(choice(
                "authorization",
                Key::Authorization,
                Authorization::ALL,
                p.authorization,
                |a| a.label().into(),
            ));
            r.push(choice(
                "privileges",
                Key::Privileges,
                Privileges::ALL,
                p.privileges,
                debug,
            ));
        }
        ElementKind::DataStore(s) => {
            r.push(choice("store", Key::Store, StoreKind::ALL, s.store, debug));
            r.push(multi("stores", Key::Stores, data_options(m, &s.stores)));
            r.push(toggle(
                "encrypted at rest",
                Key::EncryptedAtRest,
                s.encrypted_at_rest,
            ));
            r.push(toggle("holds logs", Key::Logs, s.logs));
        }
    }
    r.push(controls_row(&e.controls, |c| e.has_control(c)));
    r
}

fn flow_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(f) = m.flow(id) else {
        return Vec::new();
    };
    let mut r = vec![
        text("id", Key::Id, &f.id),
        text("label", Key::Label, &f.label),
        element_row("source", Key::Source, m, &f.source),
        element_row("target", Key::Target, m, &f.target),
        choice("protocol", Key::Protocol, Protocol::ALL, f.protocol, |p| {
            p.label().into()
        }),
        choice(
            "encryption",
            Key::Encryption,
            Encryption::ALL,
            f.encryption,
            |e| e.label().into(),
        ),
        choice(
            "authentication",
            Key::Authentication,
            Authentication::ALL,
            f.authentication,
            |a| a.label().into(),
        ),
        choice(
            "authorization",
            Key::Authorization,
            Authorization::ALL,
            f.authorization,
            |a| a.label().into(),
        ),
        multi("data", Key::Data, data_options(m, &f.data)),
        controls_row(&f.controls, |c| f.has_control(c)),
        toggle("response", Key::Response, f.response),
        toggle("bidirectional", Key::Bidirectional, f.bidirectional),
        text("tags", Key::Tags, &f.tags.join(", ")),
        text("description", Key::Description, &f.description),
        fact("endpoints", ""),
    ];
    for e in &f.endpoints {
        r.push(Row {
            label: format!("  {}", e.key()),
            value: endpoint_flags(e),
            edit: Edit::Open(FormTarget::Endpoint(f.id.clone(), e.key())),
        });
    }
    r.push(action("  + add endpoint", Edit::AddEndpoint));
    r
}

mod parts;
mod set;

pub use parts::endpoint_flags;
use parts::{boundary_rows, data_rows, endpoint_rows};
pub(super) use set::{as_text, chosen, flip_control, list, non_empty, pick};
pub use set::{remove, set};

#[cfg(test)]
mod tests;
