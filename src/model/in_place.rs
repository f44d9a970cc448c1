//! Whether a control is in place on an element or a flow: the one decision
//! the analysis, the reports and the workbench's controls picker share.
//!
//! A control is in place when the target's `controls` list holds it or one
//! of its attributes implies it (`encryption: Tls` is TLS,
//! `authorization: ObjectLevel` is object-level authorization).

use super::control::Control;
use super::types::{
    Authentication, Authorization, Element, ElementKind, Encryption, Flow, Model, Privileges,
};

impl Flow {
    /// The control is listed on the flow or implied by its attributes.
    pub fn has_control(&self, control: &Control) -> bool {
        self.implies(control) || self.controls.contains(control)
    }

    /// The control is in place through an attribute, not the list.
    pub fn implies(&self, control: &Control) -> bool {
        match control {
            Control::Tls => self.encryption != Encryption::None,
            Control::MutualTls => self.encryption == Encryption::MutualTls,
            Control::Authentication => self.authentication != Authentication::None,
            Control::ObjectLevelAuthorization => matches!(
                self.authorization,
                Authorization::ObjectLevel | Authorization::AttributeBased
            ),
            Control::FunctionLevelAuthorization => matches!(
                self.authorization,
                Authorization::RoleBased | Authorization::AttributeBased
            ),
            _ => false,
        }
    }
}

impl Element {
    /// The control is listed on the element or implied by its attributes.
    pub fn has_control(&self, control: &Control) -> bool {
        self.implies(control) || self.controls.contains(control)
    }

    /// The control is in place through an attribute, not the list.
    pub fn implies(&self, control: &Control) -> bool {
        match (&self.kind, control) {
            (ElementKind::Process(p), Control::Authentication) => {
                p.authentication != Authentication::None
            }
            (ElementKind::Process(p), Control::ObjectLevelAuthorization) => matches!(
                p.authorization,
                Authorization::ObjectLevel | Authorization::AttributeBased
            ),
            (ElementKind::Process(p), Control::FunctionLevelAuthorization) => matches!(
                p.authorization,
                Authorization::RoleBased | Authorization::AttributeBased
            ),
            (ElementKind::Process(p), Control::LeastPrivilege) => p.privileges == Privileges::Least,
            (ElementKind::DataStore(s), Control::EncryptionAtRest) => s.encrypted_at_rest,
            _ => false,
        }
    }
}

/// Takes `control` out of place on the element or flow `target`: off its
/// list, and for the three controls that are an attribute (TLS, mutual TLS,
/// encryption at rest) off that attribute. A control still implied by
/// another attribute (authentication, authorization, privileges) stays in
/// place: the error names the field to change.
pub fn remove_control(model: &mut Model, target: &str, control: &Control) -> Result<(), String> {
    if let Some(flow) = model.flow_mut(target) {
        flow.controls.retain(|c| c != control);
        match control {
            Control::Tls => flow.encryption = Encryption::None,
            Control::MutualTls if flow.encryption == Encryption::MutualTls => {
                flow.encryption = Encryption::Tls;
            }
            _ => {}
        }
        return match flow.implies(control) {
            true => Err(implied_by(control)),
            false => Ok(()),
        };
    }
    if let Some(element) = model.element_mut(target) {
        element.controls.retain(|c| c != control);
        if let (ElementKind::DataStore(s), Control::EncryptionAtRest) = (&mut element.kind, control)
        {
            s.encrypted_at_rest = false;
        }
        return match element.implies(control) {
            true => Err(implied_by(control)),
            false => Ok(()),
        };
    }
    Err(format!("there is no `{target}`"))
}

fn implied_by(control: &Control) -> String {
    let field = match control {
        Control::Authentication => "authentication",
        Control::LeastPrivilege => "privileges",
        _ => "authorization",
    };
    format!(
        "{} is in place through `{field}`: change that field",
        control.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Protocol, edit};

    fn model_with_flow(encryption: Encryption) -> Model {
        let mut m = Model::default();
        let mut f = Flow::new("f", "a", "b", Protocol::Http);
        f.encryption = encryption;
        m.flows.push(f);
        m
    }

    #[test]
    fn tls_is_in_place_on_a_flow_encrypted_with_tls_and_nowhere_else() {
        let m = model_with_flow(Encryption::Tls);
        assert!(m.flows[0].has_control(&Control::Tls));
        assert!(!m.flows[0].has_control(&Control::MutualTls));
        assert!(!model_with_flow(Encryption::None).flows[0].has_control(&Control::Tls));
    }

    #[test]
    fn removing_tls_clears_the_encryption_and_applying_it_sets_it_back() {
        let mut m = model_with_flow(Encryption::Tls);
        remove_control(&mut m, "f", &Control::Tls).unwrap();
        assert_eq!(m.flows[0].encryption, Encryption::None);
        assert!(edit::apply_control(&mut m, "f", &Control::Tls));
        assert_eq!(m.flows[0].encryption, Encryption::Tls);
    }

    #[test]
    fn a_control_implied_by_an_attribute_names_the_field_to_change() {
        let mut m = model_with_flow(Encryption::None);
        m.flows[0].authentication = Authentication::Jwt;
        let err = remove_control(&mut m, "f", &Control::Authentication).unwrap_err();
        assert!(err.contains("`authentication`"), "{err}");
    }
}
