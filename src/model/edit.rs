//! Edits shared by the workbench, the review and the tests.

use super::control::Control;
use super::types::{Authentication, Authorization, ElementKind, Encryption, Model, Privileges};

/// Puts `control` in place on the element or flow `target`, setting the
/// attribute that stands for it where there is one (TLS is the flow's
/// encryption, encryption at rest a store's flag…), else adding it to the
/// target's controls. Returns false when `target` does not exist.
pub fn apply_control(model: &mut Model, target: &str, control: &Control) -> bool {
    if let Some(flow) = model.flow_mut(target) {
        match control {
            Control::Tls if flow.encryption == Encryption::None => {
                flow.encryption = Encryption::Tls
            }
            Control::Tls => {}
            Control::MutualTls => flow.encryption = Encryption::MutualTls,
            Control::ObjectLevelAuthorization => flow.authorization = Authorization::ObjectLevel,
            Control::FunctionLevelAuthorization if flow.authorization == Authorization::None => {
                flow.authorization = Authorization::RoleBased;
            }
            Control::Authentication if flow.authentication == Authentication::None => {
                flow.authentication = Authentication::OAuth2;
            }
            c if !flow.controls.contains(c) => {
                flow.controls.push(c.clone());
                flow.controls.sort();
            }
            _ => {}
        }
        return true;
    }
    if let Some(element) = model.element_mut(target) {
        match (&mut element.kind, control) {
            (ElementKind::DataStore(s), Control::EncryptionAtRest) => s.encrypted_at_rest = true,
            (ElementKind::Process(p), Control::ObjectLevelAuthorization) => {
                p.authorization = Authorization::ObjectLevel;
            }
            (ElementKind::Process(p), Control::FunctionLevelAuthorization)
                if p.authorization == Authorization::None =>
            {
                p.authorization = Authorization::RoleBased;
            }
            (ElementKind::Process(p), Control::Authentication)
                if p.authentication == Authentication::None =>
            {
                p.authentication = Authentication::OAuth2;
            }
            (ElementKind::Process(p), Control::LeastPrivilege) => p.privileges = Privileges::Least,
            (_, c) if !element.controls.contains(c) => {
                element.controls.push(c.clone());
                element.controls.sort();
            }
            _ => {}
        }
        return true;
    }
    false
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
}
