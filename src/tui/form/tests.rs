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

/// Every option of every choice, and every option of every set, is written
/// back by what it stands for: the row then shows it chosen (or flipped),
/// whatever its place in the list.
#[test]
fn rows_and_setters_agree_on_every_option_by_its_key() {
    let mut base = starter_model();
    let threat =
        crate::model::threat_edit::add_threat(&mut base, "Coupon stacking", "browser-gateway")
            .expect("added");
    let targets = [
        FormTarget::Model,
        FormTarget::Element("gateway".into()),
        FormTarget::Element("orders-db".into()),
        FormTarget::Element("browser".into()),
        FormTarget::Flow("browser-gateway".into()),
        FormTarget::Endpoint("browser-gateway".into(), "POST /login".into()),
        FormTarget::Boundary("cloud".into()),
        FormTarget::Data("customer".into()),
        FormTarget::Threat(threat),
    ];
    let mut checked = 0;
    for t in &targets {
        for row in rows(&base, t) {
            match row.edit {
                Edit::Choice(key, options, _) => {
                    for o in options {
                        let mut m = base.clone();
                        set(&mut m, t, key, &Value::Choice(o.key.clone()))
                            .unwrap_or_else(|e| panic!("{t:?} {key:?} = {}: {e}", o.key));
                        // An endpoint is named by its method and path.
                        let t = match t {
                            FormTarget::Endpoint(flow, _) if key == Key::Method => {
                                FormTarget::Endpoint(flow.clone(), format!("{} /login", o.label))
                            }
                            t => t.clone(),
                        };
                        let now = rows(&m, &t).into_iter().find_map(|r| match r.edit {
                            Edit::Choice(k, options, at) if k == key => Some(options[at].clone()),
                            _ => None,
                        });
                        assert_eq!(now.as_ref(), Some(&o), "{t:?} {key:?}");
                        checked += 1;
                    }
                }
                Edit::Multi(key, options) => {
                    for (o, on) in options {
                        if key == Key::Controls && on {
                            // It may be in place through an attribute,
                            // which the form says to change instead.
                            continue;
                        }
                        let mut m = base.clone();
                        set(&mut m, t, key, &Value::Choice(o.key.clone()))
                            .unwrap_or_else(|e| panic!("{t:?} {key:?} ^ {}: {e}", o.key));
                        let now = rows(&m, t).into_iter().find_map(|r| match r.edit {
                            Edit::Multi(k, options) if k == key => {
                                options.into_iter().find(|(x, _)| x.key == o.key)
                            }
                            _ => None,
                        });
                        assert_eq!(now.map(|(_, b)| b), Some(!on), "{t:?} {key:?} {o:?}");
                        checked += 1;
                    }
                }
                _ => {}
            }
        }
    }
    assert!(checked > 100, "only {checked} options checked");
}

#[test]
fn a_flow_end_is_chosen_by_element_id_and_an_unknown_one_is_refused() {
    let mut m = starter_model();
    let flow = FormTarget::Flow("browser-gateway".into());
    // A new element first in the list moves every other one down a place.
    let mut first = m.elements[0].clone();
    first.id = "aaa-first".into();
    m.elements.insert(0, first);
    set(
        &mut m,
        &flow,
        Key::Target,
        &Value::Choice("orders-svc".into()),
    )
    .expect("set");
    assert_eq!(
        m.flow("browser-gateway").map(|f| f.target.as_str()),
        Some("orders-svc")
    );
    let refused = set(&mut m, &flow, Key::Source, &Value::Choice("nowhere".into()));
    assert!(refused.is_err_and(|e| e.contains("nowhere")));
    assert!(set(&mut m, &flow, Key::Source, &Value::Toggle).is_err());
}
