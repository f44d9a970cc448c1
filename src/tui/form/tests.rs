//! The forms: every row readable, edits written back.

use super::*;
use crate::model::starter::starter_model;

#[test]
fn every_row_of_every_form_can_be_read() {
    let m = starter_model();
    for t in [
        FormTarget::Model,
        FormTarget::Element("gateway".into()),
        FormTarget::Element("orders-db".into()),
        FormTarget::Element("browser".into()),
        FormTarget::Flow("browser-gateway".into()),
        FormTarget::Endpoint("browser-gateway".into(), "POST /login".into()),
        FormTarget::Boundary("cloud".into()),
        FormTarget::Data("customer".into()),
    ] {
        assert!(!rows(&m, &t).is_empty(), "{t:?}");
    }
}

#[test]
fn removing_a_data_asset_removes_its_references() {
    let mut m = starter_model();
    assert!(remove(&mut m, &FormTarget::Data("orders".into())));
    assert!(m.flows.iter().all(|f| !f.data.contains(&"orders".into())));
}

#[test]
fn trust_must_be_a_level() {
    let mut m = starter_model();
    let t = FormTarget::Boundary("cloud".into());
    assert!(set(&mut m, &t, Key::Trust, &Value::Text("11".into())).is_err());
    assert!(set(&mut m, &t, Key::Trust, &Value::Text("3".into())).is_ok());
    assert_eq!(m.boundary("cloud").and_then(|b| b.trust), Some(3));
}
