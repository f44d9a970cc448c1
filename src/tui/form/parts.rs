//! The forms of a model's parts: an endpoint of a flow, a trust boundary,
//! a data asset.

use super::*;

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

pub(super) fn endpoint_rows(m: &Model, flow: &str, key: &str) -> Vec<Row> {
    let Some(e) = crate::model::structure::endpoint(m, flow, key) else {
        return Vec::new();
    };
    let auth: Vec<(Opt, bool)> = Authentication::ALL
        .iter()
        .map(|&a| {
            (
                Opt::new(a.label(), variant(a)),
                e.authentication.contains(&a),
            )
        })
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

pub(super) fn boundary_rows(m: &Model, id: &str) -> Vec<Row> {
    let Some(b) = m.boundary(id) else {
        return Vec::new();
    };
    vec![
        text("id", Key::Id, &b.id),
        text("name", Key::Name, &b.name),
        choice("kind", Key::BoundaryKind, BoundaryKind::ALL, b.kind, |k| {
            k.label().into()
        }),
        boundary_row("inside", Key::Parent, m, b.parent.as_deref(), Some(id)),
        text(
            "trust (0-10, empty: kind's)",
            Key::Trust,
            &b.trust.map(|t| t.to_string()).unwrap_or_default(),
        ),
        text("description", Key::Description, &b.description),
    ]
}

pub(super) fn data_rows(m: &Model, id: &str) -> Vec<Row> {
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
