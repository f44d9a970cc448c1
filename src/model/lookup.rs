//! Finding things in a model by id in constant time.

use std::collections::HashMap;

use super::types::{Boundary, DataAsset, Element, Flow, Model};

/// Maps from id to position in the model's lists, built once per analysis.
#[derive(Debug, Default, Clone)]
pub struct ModelIndex {
    elements: HashMap<String, usize>,
    flows: HashMap<String, usize>,
    boundaries: HashMap<String, usize>,
    data: HashMap<String, usize>,
}

impl ModelIndex {
    pub fn new(model: &Model) -> Self {
        fn map<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
            items
                .iter()
                .enumerate()
                .map(|(i, t)| (id(t).to_string(), i))
                .collect()
        }
        Self {
            elements: map(&model.elements, |e| &e.id),
            flows: map(&model.flows, |f| &f.id),
            boundaries: map(&model.boundaries, |b| &b.id),
            data: map(&model.data, |d| &d.id),
        }
    }

    pub fn element<'m>(&self, model: &'m Model, id: &str) -> Option<&'m Element> {
        self.elements.get(id).map(|&i| &model.elements[i])
    }

    pub fn flow<'m>(&self, model: &'m Model, id: &str) -> Option<&'m Flow> {
        self.flows.get(id).map(|&i| &model.flows[i])
    }

    pub fn boundary<'m>(&self, model: &'m Model, id: &str) -> Option<&'m Boundary> {
        self.boundaries.get(id).map(|&i| &model.boundaries[i])
    }

    pub fn data<'m>(&self, model: &'m Model, id: &str) -> Option<&'m DataAsset> {
        self.data.get(id).map(|&i| &model.data[i])
    }

    pub fn element_index(&self, id: &str) -> Option<usize> {
        self.elements.get(id).copied()
    }

    pub fn flow_index(&self, id: &str) -> Option<usize> {
        self.flows.get(id).copied()
    }
}

impl Model {
    /// The element with this id, by a linear scan (use [`ModelIndex`] in loops).
    pub fn element(&self, id: &str) -> Option<&Element> {
        self.elements.iter().find(|e| e.id == id)
    }

    pub fn element_mut(&mut self, id: &str) -> Option<&mut Element> {
        self.elements.iter_mut().find(|e| e.id == id)
    }

    pub fn flow(&self, id: &str) -> Option<&Flow> {
        self.flows.iter().find(|f| f.id == id)
    }

    pub fn flow_mut(&mut self, id: &str) -> Option<&mut Flow> {
        self.flows.iter_mut().find(|f| f.id == id)
    }

    pub fn boundary(&self, id: &str) -> Option<&Boundary> {
        self.boundaries.iter().find(|b| b.id == id)
    }

    pub fn data_asset(&self, id: &str) -> Option<&DataAsset> {
        self.data.iter().find(|d| d.id == id)
    }

    pub fn triage_for(&self, finding: &str) -> Option<&super::types::Triage> {
        self.triage.iter().find(|t| t.finding == finding)
    }
}
