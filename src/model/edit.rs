//! Edits shared by the workbench, the review and the tests.

use super::control::Control;
use super::types::{ElementKind, Encryption, Flow, Model, Protocol, StoreKind};

/// Puts `control` in place on the element or flow `target`, or on one API
/// operation of a flow, `flow#METHOD /path`, whose own `controls` get it.
/// Returns false when `target` does not exist.
///
/// A control and an attribute are kept apart: applying a control never
/// rewrites another attribute. Three controls *are* an attribute and have no
/// other home: TLS and mutual TLS are a flow's `encryption` (set only when it
/// is weaker), encryption at rest is a store's `encrypted_at_rest`. Every
/// other control, including object- and function-level authorization and
/// authentication, is added to the target's `controls`; the analysis counts
/// a control in place when the list holds it or an attribute implies it
/// (`authorization: ObjectLevel` implies object-level authorization).
pub fn apply_control(model: &mut Model, target: &str, control: &Control) -> bool {
    if let (flow, Some(operation)) = super::endpoint::split_target(target) {
        // `flow#METHOD /path`: the control goes on that operation alone.
        let Some(endpoint) = model
            .flow_mut(flow)
            .and_then(|f| f.endpoints.iter_mut().find(|e| e.key() == operation))
        else {
            return false;
        };
        if !endpoint.controls.contains(control) {
            endpoint.controls.push(control.clone());
            endpoint.controls.sort();
        }
        return true;
    }
    if let Some(flow) = model.flow_mut(target) {
        match control {
            Control::Tls if flow.encryption == Encryption::None => {
                flow.encryption = Encryption::Tls;
            }
            Control::MutualTls => flow.encryption = Encryption::MutualTls,
            Control::Tls => {}
            c => add(&mut flow.controls, c),
        }
        return true;
    }
    if let Some(element) = model.element_mut(target) {
        match (&mut element.kind, control) {
            (ElementKind::DataStore(s), Control::EncryptionAtRest) => s.encrypted_at_rest = true,
            (_, c) => add(&mut element.controls, c),
        }
        return true;
    }
    false
}

fn add(controls: &mut Vec<Control>, control: &Control) {
    if !controls.contains(control) {
        controls.push(control.clone());
        controls.sort();
    }
}

/// The protocol a new flow into `target` most likely speaks: SQL to a SQL
/// store, a queue protocol to a queue, HTTPS to services and outside parties.
pub fn default_protocol(target: &ElementKind) -> Protocol {
    match target {
        ElementKind::DataStore(s) => match s.store {
            StoreKind::Sql => Protocol::Sql,
            StoreKind::NoSql | StoreKind::Cache => Protocol::NoSql,
            StoreKind::Queue => Protocol::MessageQueue,
            StoreKind::File => Protocol::Sftp,
            StoreKind::Log | StoreKind::ObjectStorage | StoreKind::SecretsVault => Protocol::Https,
        },
        ElementKind::Process(_) | ElementKind::External(_) => Protocol::Https,
    }
}

/// Sets a flow's protocol; a protocol that is encrypted by definition
/// (HTTPS, SSH, SFTP) also sets TLS when the flow had no encryption, the
/// same whether the protocol is chosen when the flow is made or later.
pub fn set_protocol(flow: &mut Flow, protocol: Protocol) {
    flow.protocol = protocol;
    let encrypted = matches!(protocol, Protocol::Https | Protocol::Ssh | Protocol::Sftp);
    if encrypted && flow.encryption == Encryption::None {
        flow.encryption = Encryption::Tls;
    }
}

/// Renames the element, flow, trust boundary or data asset `old` to `new`,
/// and every reference to it: flow ends, boundary membership and nesting,
/// data lists, layout positions and the targets of triage decisions.
/// Elements and flows share one namespace (a finding names either), and
/// boundaries and data assets each have their own.
pub fn rename_id(model: &mut Model, old: &str, new: &str) -> Result<(), String> {
    if old == new {
        return Ok(());
    }
    if !super::validate::is_valid_id(new) {
        return Err(format!(
            "`{new}` is not a valid id: letters, digits, `-`, `_`, `.` and `:`, starting with a letter or digit"
        ));
    }
    if model.element(old).is_some() || model.flow(old).is_some() {
        if model.element(new).is_some() || model.flow(new).is_some() {
            return Err(format!("`{new}` is already an element or flow"));
        }
        rename_target(model, old, new);
        return Ok(());
    }
    if model.boundaries.iter().any(|b| b.id == old) {
        if model.boundaries.iter().any(|b| b.id == new) {
            return Err(format!("`{new}` is already a trust boundary"));
        }
        for b in &mut model.boundaries {
            rename_in(&mut b.id, old, new);
            if let Some(parent) = &mut b.parent {
                rename_in(parent, old, new);
            }
        }
        for e in &mut model.elements {
            if let Some(boundary) = &mut e.boundary {
                rename_in(boundary, old, new);
            }
        }
        return Ok(());
    }
    if model.data.iter().any(|d| d.id == old) {
        if model.data.iter().any(|d| d.id == new) {
            return Err(format!("`{new}` is already a data asset"));
        }
        for d in &mut model.data {
            rename_in(&mut d.id, old, new);
        }
        for f in &mut model.flows {
            f.data.iter_mut().for_each(|id| rename_in(id, old, new));
        }
        for e in &mut model.elements {
            match &mut e.kind {
                ElementKind::Process(p) => {
                    p.handles.iter_mut().for_each(|id| rename_in(id, old, new))
                }
                ElementKind::DataStore(s) => {
                    s.stores.iter_mut().for_each(|id| rename_in(id, old, new))
                }
                ElementKind::External(_) => {}
            }
        }
        return Ok(());
    }
    Err(format!("there is no `{old}` to rename"))
}

/// An element or flow renamed, with what points at it.
fn rename_target(model: &mut Model, old: &str, new: &str) {
    for e in &mut model.elements {
        rename_in(&mut e.id, old, new);
    }
    for f in &mut model.flows {
        rename_in(&mut f.id, old, new);
        rename_in(&mut f.source, old, new);
        rename_in(&mut f.target, old, new);
    }
    if let Some(position) = model.layout.remove(old) {
        model.layout.insert(new.to_string(), position);
    }
    for t in &mut model.threats {
        rename_in(&mut t.target, old, new);
    }
    for t in &mut model.triage {
        if let Some((rule, target)) = t.finding.split_once('@') {
            match super::endpoint::split_target(target) {
                (id, None) if id == old => t.finding = format!("{rule}@{new}"),
                (id, Some(operation)) if id == old => {
                    t.finding = format!("{rule}@{new}#{operation}");
                }
                _ => {}
            }
        }
    }
}

fn rename_in(id: &mut String, old: &str, new: &str) {
    if id == old {
        *id = new.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn tls_sets_the_flow_encryption() {
        let mut m = starter_model();
        assert!(apply_control(&mut m, "gateway-orders", &Control::Tls));
        assert_eq!(
            m.flow("gateway-orders").map(|f| f.encryption),
            Some(Encryption::Tls)
        );
    }

    #[test]
    fn other_controls_are_listed_once() {
        let mut m = starter_model();
        apply_control(&mut m, "orders-svc", &Control::Logging);
        apply_control(&mut m, "orders-svc", &Control::Logging);
        let controls = &m
            .element("orders-svc")
            .map(|e| e.controls.clone())
            .unwrap_or_default();
        assert_eq!(
            controls.iter().filter(|c| **c == Control::Logging).count(),
            1
        );
        assert!(!apply_control(&mut m, "nope", &Control::Logging));
    }

    #[test]
    fn a_control_never_rewrites_an_attribute() {
        use crate::model::{Authentication, Authorization};
        let mut m = starter_model();
        let Some(f) = m.flow_mut("gateway-orders") else {
            panic!("starter flow");
        };
        f.authorization = Authorization::RoleBased;
        f.authentication = Authentication::None;
        for c in [
            Control::ObjectLevelAuthorization,
            Control::FunctionLevelAuthorization,
            Control::Authentication,
        ] {
            assert!(apply_control(&mut m, "gateway-orders", &c));
        }
        let f = m.flow("gateway-orders").cloned().expect("flow");
        assert_eq!(f.authorization, Authorization::RoleBased);
        assert_eq!(f.authentication, Authentication::None);
        for c in [
            Control::ObjectLevelAuthorization,
            Control::FunctionLevelAuthorization,
            Control::Authentication,
        ] {
            assert!(f.controls.contains(&c), "{c:?} is listed");
        }
        let before = m.element("orders-svc").cloned().expect("process");
        apply_control(&mut m, "orders-svc", &Control::LeastPrivilege);
        let after = m.element("orders-svc").cloned().expect("process");
        assert_eq!(before.kind, after.kind, "the process attributes stay");
        assert!(after.controls.contains(&Control::LeastPrivilege));
    }

    #[test]
    fn https_sets_tls_whenever_it_is_chosen_and_stores_get_their_protocol() {
        let mut f = Flow::new("a-b", "a", "b", Protocol::Http);
        set_protocol(&mut f, Protocol::Https);
        assert_eq!(f.encryption, Encryption::Tls);
        f.encryption = Encryption::MutualTls;
        set_protocol(&mut f, Protocol::Https);
        assert_eq!(f.encryption, Encryption::MutualTls, "never weakened");
        let m = starter_model();
        let db = m
            .elements
            .iter()
            .find(|e| matches!(&e.kind, ElementKind::DataStore(s) if s.store == StoreKind::Sql))
            .expect("a SQL store in the starter");
        assert_eq!(default_protocol(&db.kind), Protocol::Sql);
        let svc = m.element("orders-svc").expect("process");
        assert_eq!(default_protocol(&svc.kind), Protocol::Https);
    }

    #[test]
    fn renaming_an_element_follows_every_reference() {
        let mut m = starter_model();
        m.layout
            .insert("gateway".into(), crate::model::Position { x: 3, y: 4 });
        rename_id(&mut m, "gateway", "edge").expect("renames");
        assert!(m.element("gateway").is_none());
        assert!(m.element("edge").is_some());
        assert!(
            m.flows
                .iter()
                .all(|f| f.source != "gateway" && f.target != "gateway")
        );
        assert_eq!(
            m.flow("browser-gateway").map(|f| f.target.as_str()),
            Some("edge")
        );
        assert_eq!(m.layout.get("edge").map(|p| (p.x, p.y)), Some((3, 4)));
        let errors: Vec<_> = crate::model::validate::validate(&m, "", "m.ron")
            .0
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn boundaries_and_data_rename_in_their_own_namespace() {
        let mut m = starter_model();
        rename_id(&mut m, "data-tier", "db-zone").expect("renames a boundary");
        assert!(m.boundaries.iter().any(|b| b.id == "db-zone"));
        assert!(
            m.elements
                .iter()
                .all(|e| e.boundary.as_deref() != Some("data-tier"))
        );
        rename_id(&mut m, "orders", "order-records").expect("renames a data asset");
        assert!(
            m.flows
                .iter()
                .all(|f| !f.data.iter().any(|d| d == "orders"))
        );
        assert!(
            m.flows
                .iter()
                .any(|f| f.data.iter().any(|d| d == "order-records"))
        );
    }

    #[test]
    fn a_rename_refuses_taken_and_malformed_ids() {
        let mut m = starter_model();
        let before = m.clone();
        assert_eq!(
            rename_id(&mut m, "gateway", "orders-svc"),
            Err("`orders-svc` is already an element or flow".into())
        );
        assert_eq!(
            rename_id(&mut m, "gateway", "browser-gateway"),
            Err("`browser-gateway` is already an element or flow".into()),
            "flows share the namespace"
        );
        let malformed = rename_id(&mut m, "gateway", "has space").unwrap_err();
        assert!(
            malformed.starts_with("`has space` is not a valid id: letters, digits"),
            "{malformed}"
        );
        assert_eq!(
            rename_id(&mut m, "nope", "fine"),
            Err("there is no `nope` to rename".into())
        );
        assert_eq!(m, before, "a refused rename changes nothing");
    }
}
