//! Adding and removing the parts of a model that others refer to: trust
//! boundaries, data assets and a flow's endpoints (addressed by method and
//! path). Each removal also removes or repairs every reference, so the model
//! stays valid. The workbench's forms call these.

use super::types::{
    Boundary, BoundaryKind, Classification, DataAsset, ElementKind, Endpoint, Model,
};

/// A new trust boundary named `name`, with an id derived from it.
pub fn add_boundary(model: &mut Model, name: &str) -> String {
    let id = super::ids::unique_id(model, name);
    model.boundaries.push(Boundary {
        id: id.clone(),
        name: name.to_string(),
        kind: BoundaryKind::InternalNetwork,
        parent: None,
        trust: None,
        description: String::new(),
    });
    id
}

/// A new data asset named `name`, with an id derived from it.
pub fn add_data(model: &mut Model, name: &str) -> String {
    let id = super::ids::unique_id(model, name);
    model.data.push(DataAsset {
        id: id.clone(),
        name: name.to_string(),
        classification: Classification::Internal,
        personal: false,
        credentials: false,
        description: String::new(),
    });
    id
}

/// Adds the endpoint `METHOD /path` (`text`) to `flow`; returns its key.
pub fn add_endpoint(model: &mut Model, flow: &str, text: &str) -> Result<String, String> {
    let (method, path) = super::endpoint::parse_endpoint(text)
        .ok_or("write an endpoint as METHOD /path, e.g. GET /users/{id}")?;
    let f = model.flow_mut(flow).ok_or("the flow is gone")?;
    let endpoint = Endpoint::new(method, path);
    let key = endpoint.key();
    if f.endpoints.iter().any(|e| e.key() == key) {
        return Err(format!("{flow} already has {key}"));
    }
    f.endpoints.push(endpoint);
    Ok(key)
}

/// The endpoint `key` (`METHOD /path`) of `flow`.
pub fn endpoint<'m>(model: &'m Model, flow: &str, key: &str) -> Option<&'m Endpoint> {
    model.flow(flow)?.endpoints.iter().find(|e| e.key() == key)
}

/// [`endpoint`], to change it.
pub fn endpoint_mut<'m>(model: &'m mut Model, flow: &str, key: &str) -> Option<&'m mut Endpoint> {
    model
        .flow_mut(flow)?
        .endpoints
        .iter_mut()
        .find(|e| e.key() == key)
}

/// Removes the endpoint `key` of `flow`; false when there is none.
pub fn remove_endpoint(model: &mut Model, flow: &str, key: &str) -> bool {
    let Some(f) = model.flow_mut(flow) else {
        return false;
    };
    let before = f.endpoints.len();
    f.endpoints.retain(|e| e.key() != key);
    before != f.endpoints.len()
}

/// Removes a trust boundary; what was inside it (elements, boundaries)
/// moves to its parent.
pub fn remove_boundary(model: &mut Model, id: &str) -> bool {
    let parent = model.boundary(id).and_then(|b| b.parent.clone());
    let before = model.boundaries.len();
    model.boundaries.retain(|b| b.id != id);
    for b in &mut model.boundaries {
        if b.parent.as_deref() == Some(id) {
            b.parent = parent.clone();
        }
    }
    for e in &mut model.elements {
        if e.boundary.as_deref() == Some(id) {
            e.boundary = parent.clone();
        }
    }
    before != model.boundaries.len()
}

/// Removes a data asset and every flow's and element's reference to it.
pub fn remove_data(model: &mut Model, id: &str) -> bool {
    let before = model.data.len();
    model.data.retain(|d| d.id != id);
    for f in &mut model.flows {
        f.data.retain(|d| d != id);
    }
    for e in &mut model.elements {
        match &mut e.kind {
            ElementKind::Process(p) => p.handles.retain(|d| d != id),
            ElementKind::DataStore(s) => s.stores.retain(|d| d != id),
            ElementKind::External(_) => {}
        }
    }
    before != model.data.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter::starter_model;

    #[test]
    fn removing_a_data_asset_removes_its_references() {
        let mut m = starter_model();
        assert!(remove_data(&mut m, "orders"));
        assert!(m.flows.iter().all(|f| !f.data.contains(&"orders".into())));
        assert!(!remove_data(&mut m, "orders"), "gone already");
    }

    #[test]
    fn removing_a_boundary_moves_its_contents_to_the_parent() {
        let mut m = starter_model();
        assert!(remove_boundary(&mut m, "data-tier"));
        assert_eq!(
            m.element("orders-db").and_then(|e| e.boundary.as_deref()),
            Some("cloud")
        );
    }

    #[test]
    fn endpoints_are_added_found_and_removed_by_method_and_path() {
        let mut m = starter_model();
        let key = add_endpoint(&mut m, "gateway-orders", "delete /orders/{id}").expect("added");
        assert_eq!(key, "DELETE /orders/{id}");
        assert!(endpoint(&m, "gateway-orders", &key).is_some());
        let again = add_endpoint(&mut m, "gateway-orders", "DELETE /orders/{id}");
        assert_eq!(
            again,
            Err("gateway-orders already has DELETE /orders/{id}".into())
        );
        assert!(add_endpoint(&mut m, "gateway-orders", "/orders").is_err());
        assert!(remove_endpoint(&mut m, "gateway-orders", &key));
        assert!(endpoint(&m, "gateway-orders", &key).is_none());
        assert!(!remove_endpoint(&mut m, "gateway-orders", &key));
    }

    #[test]
    fn new_boundaries_and_data_get_ids_from_their_names() {
        let mut m = starter_model();
        assert_eq!(add_boundary(&mut m, "Partner VPN"), "partner-vpn");
        assert_eq!(add_data(&mut m, "Invoices"), "invoices");
        assert!(m.boundary("partner-vpn").is_some() && m.data_asset("invoices").is_some());
    }
}
