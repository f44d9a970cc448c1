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

/// How a row is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Text(Key, String),
    Choice(Key, Vec<String>, usize),
    Toggle(Key, bool),
    /// A set of options, each on or off.
    Multi(Key, Vec<(String, bool)>),
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
    /// The chosen option of a choice, or the option to flip in a set.
    Index(usize),
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

fn choice<T: PartialEq + Copy>(
    label: &str,
    key: Key,
    all: &[T],
    now: T,
    name: impl Fn(T) -> String,
) -> Row {
    let options: Vec<String> = all.iter().map(|&t| name(t)).collect();
    let at = all.iter().position(|&t| t == now).unwrap_or(0);
    Row {
        label: label.into(),
        value: options.get(at).cloned().unwrap_or_default(),
        edit: Edit::Choice(key, options, at),
    }
}

pub(super) fn multi(label: &str, key: Key, options: Vec<(String, bool)>) -> Row {
    let on: Vec<&str> = options
        .iter()
        .filter(|(_, b)| *b)
        .map(|(s, _)| s.as_str())
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
/// listed ones, each checked when `in_place` says so.
pub(super) fn controls(
    list: &[Control],
    in_place: impl Fn(&Control) -> bool,
) -> Vec<(String, bool)> {
    let mut options: Vec<(String, bool)> = Control::BUILT_IN
        .iter()
        .map(|c| (c.label().to_string(), in_place(c)))
        .collect();
    for c in list {
        if let Control::Custom(name) = c {
            options.push((name.clone(), true));
        }
    }
    options
}

fn data_options(model: &Model, held: &[String]) -> Vec<(String, bool)> {
    model
        .data
        .iter()
        .map(|d| (d.id.clone(), held.contains(&d.id)))
        .collect()
}

fn element_ids(model: &Model) -> Vec<String> {
    model.elements.iter().map(|e| e.id.clone()).collect()
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

/// The choices of a boundary field (an element's boundary, a boundary's
/// parent): `(none)`, then every boundary but `except`. The row lists them
/// and the setter reads the choice back with the same function.
fn boundary_choice(m: &Model, now: Option<&str>, except: Option<&str>) -> (Vec<String>, usize) {
    let mut options = vec![NO_BOUNDARY.to_string()];
    options.extend(
        m.boundaries
            .iter()
            .filter(|b| Some(b.id.as_str()) != except)
            .map(|b| b.id.clone()),
    );
    let at = now
        .and_then(|n| options.iter().position(|o| o == n))
        .unwrap_or(0);
    (options, at)
}

fn element_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(e) = m.element(id) else {
        return Vec::new();
    };
    let (boundaries, b_at) = boundary_choice(m, e.boundary.as_deref(), None);
    let mut r = vec![
        text("id", Key::Id, &e.id),
        text("name", Key::Name, &e.name),
        choice("kind", Key::Kind, ElementKindTag::ALL, e.kind.tag(), |k| {
            k.label().into()
        }),
        Row {
            label: "boundary".into(),
            value: boundaries[b_at].clone(),
            edit: Edit::Choice(Key::Boundary, boundaries, b_at),
        },
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
    let ids = element_ids(m);
    let at = |x: &str| ids.iter().position(|i| i == x).unwrap_or(0);
    let mut r = vec![
        text("id", Key::Id, &f.id),
        text("label", Key::Label, &f.label),
        Row {
            label: "source".into(),
            value: f.source.clone(),
            edit: Edit::Choice(Key::Source, ids.clone(), at(&f.source)),
        },
        Row {
            label: "target".into(),
            value: f.target.clone(),
            edit: Edit::Choice(Key::Target, ids.clone(), at(&f.target)),
        },
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

/// The flags set on an endpoint, in a few words.
pub fn endpoint_flags(e: &Endpoint) -> String {
    let flags = [
        (e.admin, "admin"),
        (e.sensitive_flow, "sensitive"),
        (e.takes_url, "takes URL"),
        (e.returns_list, "list"),
        (e.deprecated, "deprecated"),
        (e.login, "login"),
        (e.binds_properties, "binds properties"),
    ];
    flags
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, s)| *s)
        .collect::<Vec<_>>()
        .join(", ")
}

fn endpoint_rows(m: &Model, flow: &str, key: &str) -> Vec<Row> {
    let Some(e) = crate::model::structure::endpoint(m, flow, key) else {
        return Vec::new();
    };
    let auth: Vec<(String, bool)> = Authentication::ALL
        .iter()
        .map(|a| (a.label().to_string(), e.authentication.contains(a)))
        .collect();
    vec![
        choice("method", Key::Method, Method::ALL, e.method, |m| {
            m.as_str().into()
        }),
        text("path", Key::Path, &e.path),
        text(
            "operation id",
            Key::OperationId,
            e.operation_id.as_deref().unwrap_or(""),
        ),
        text("summary", Key::Summary, &e.summary),
        text("tags", Key::Tags, &e.tags.join(", ")),
        multi(
            "authentication (empty: the flow's)",
            Key::EndpointAuth,
            auth,
        ),
        toggle("admin", Key::Admin, e.admin),
        toggle(
            "sensitive business flow",
            Key::SensitiveFlow,
            e.sensitive_flow,
        ),
        toggle("takes a URL", Key::TakesUrl, e.takes_url),
        toggle("returns a list", Key::ReturnsList, e.returns_list),
        toggle("deprecated", Key::Deprecated, e.deprecated),
        toggle("login / reset / OTP", Key::Login, e.login),
        toggle("binds properties", Key::BindsProperties, e.binds_properties),
    ]
}

fn boundary_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(b) = m.boundary(id) else {
        return Vec::new();
    };
    let (parents, p_at) = boundary_choice(m, b.parent.as_deref(), Some(id));
    vec![
        text("id", Key::Id, &b.id),
        text("name", Key::Name, &b.name),
        choice("kind", Key::BoundaryKind, BoundaryKind::ALL, b.kind, |k| {
            k.label().into()
        }),
        Row {
            label: "inside".into(),
            value: parents[p_at].clone(),
            edit: Edit::Choice(Key::Parent, parents, p_at),
        },
        text(
            "trust (0-10, empty: kind's)",
            Key::Trust,
            &b.trust.map(|t| t.to_string()).unwrap_or_default(),
        ),
        text("description", Key::Description, &b.description),
    ]
}

fn data_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(d) = m.data_asset(id) else {
        return Vec::new();
    };
    vec![
        text("id", Key::Id, &d.id),
        text("name", Key::Name, &d.name),
        choice(
            "classification",
            Key::Classification,
            Classification::ALL,
            d.classification,
            |c| c.label().into(),
        ),
        toggle("personal data", Key::Personal, d.personal),
        toggle("credentials", Key::Credentials, d.credentials),
        text("description", Key::Description, &d.description),
    ]
}

mod set;

pub(super) use set::{as_text, flip_control, list, non_empty, pick};
pub use set::{remove, set};

#[cfg(test)]
mod tests;
