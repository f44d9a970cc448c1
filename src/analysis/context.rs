//! Facts about a model computed once per analysis, so that every rule checks
//! every target in constant time: adjacency, trust levels, data sensitivity.

use std::collections::HashMap;

use crate::model::{
    BoundaryKind, Classification, Control, Element, ElementKind, Endpoint, Flow, Model, ModelIndex,
    Process,
};

/// What a target is: an element or a flow, by its position in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Element(usize),
    Flow(usize),
}

/// The data a target touches, summarised.
#[derive(Debug, Clone, Default)]
pub struct DataFacts {
    /// Positions in the model's data assets, ordered by id.
    pub assets: Vec<usize>,
    /// The highest classification among all the data, credentials included.
    pub max: Option<Classification>,
    /// The highest classification that raises a threat's severity: for a
    /// data store everything it stores; for a flow or process the data but
    /// not the credentials it passes along, since a caller's bearer token
    /// does not make every threat to the call critical.
    pub max_for_severity: Option<Classification>,
    /// The highest classification among the data that is not credentials.
    pub payload: Option<Classification>,
    pub personal: bool,
    pub credentials: bool,
}

pub struct Context<'m> {
    pub model: &'m Model,
    pub index: ModelIndex,
    pub inbound: Vec<Vec<usize>>,
    pub outbound: Vec<Vec<usize>>,
    element_zone: Vec<Zone>,
    element_data: Vec<DataFacts>,
    flow_data: Vec<DataFacts>,
    flow_ends: Vec<(Option<usize>, Option<usize>)>,
}

/// Where an element sits: its boundary, that boundary's trust, and the kinds
/// of it and all its ancestors.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    pub boundary: Option<String>,
    pub trust: u8,
    pub kinds: Vec<BoundaryKind>,
}

impl<'m> Context<'m> {
    pub fn new(model: &'m Model) -> Self {
        let index = ModelIndex::new(model);
        let n = model.elements.len();
        let mut inbound = vec![Vec::new(); n];
        let mut outbound = vec![Vec::new(); n];
        let flow_ends: Vec<_> = model
            .flows
            .iter()
            .map(|f| {
                (
                    index.element_index(&f.source),
                    index.element_index(&f.target),
                )
            })
            .collect();
        for (fi, (s, t)) in flow_ends.iter().enumerate() {
            if let Some(s) = s {
                outbound[*s].push(fi);
            }
            if let Some(t) = t {
                inbound[*t].push(fi);
            }
        }
        // Data assets by position, ordered by id so explanations list them
        // in a stable order; ids that name no asset are left out.
        let position: HashMap<&str, usize> = model
            .data
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let summarise = |ids: &mut dyn Iterator<Item = &String>, at_rest: bool| {
            let mut assets: Vec<usize> = ids
                .filter_map(|id| position.get(id.as_str()).copied())
                .collect();
            assets.sort_unstable_by(|a, b| model.data[*a].id.cmp(&model.data[*b].id));
            assets.dedup();
            let mut facts = DataFacts::default();
            for &i in &assets {
                let d = &model.data[i];
                facts.max = facts.max.max(Some(d.classification));
                if !d.credentials {
                    facts.payload = facts.payload.max(Some(d.classification));
                }
                if at_rest || !d.credentials {
                    facts.max_for_severity = facts.max_for_severity.max(Some(d.classification));
                }
                facts.personal |= d.personal;
                facts.credentials |= d.credentials;
            }
            facts.assets = assets;
            facts
        };
        let flow_data: Vec<DataFacts> = model
            .flows
            .iter()
            .map(|f| summarise(&mut f.data.iter(), false))
            .collect();
        let element_data = model
            .elements
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let own: &[String] = match &e.kind {
                    ElementKind::Process(p) => &p.handles,
                    ElementKind::DataStore(s) => &s.stores,
                    ElementKind::External(_) => &[],
                };
                let mut ids = own.iter().chain(
                    inbound[i]
                        .iter()
                        .chain(&outbound[i])
                        .flat_map(|&fi| model.flows[fi].data.iter()),
                );
                let at_rest = matches!(e.kind, ElementKind::DataStore(_));
                summarise(&mut ids, at_rest)
            })
            .collect();
        let element_zone = model
            .elements
            .iter()
            .map(|e| zone_of(model, &index, e))
            .collect();
        Self {
            model,
            index,
            inbound,
            outbound,
            element_zone,
            element_data,
            flow_data,
            flow_ends,
        }
    }

    pub fn element(&self, i: usize) -> &'m Element {
        &self.model.elements[i]
    }

    pub fn flow(&self, i: usize) -> &'m Flow {
        &self.model.flows[i]
    }

    /// The id of the element or flow.
    pub fn id(&self, subject: Subject) -> &'m str {
        match subject {
            Subject::Element(i) => &self.element(i).id,
            Subject::Flow(i) => &self.flow(i).id,
        }
    }

    pub fn zone(&self, element: usize) -> &Zone {
        &self.element_zone[element]
    }

    pub fn data(&self, subject: Subject) -> &DataFacts {
        match subject {
            Subject::Element(i) => &self.element_data[i],
            Subject::Flow(i) => &self.flow_data[i],
        }
    }

    pub fn ends(&self, flow: usize) -> (Option<usize>, Option<usize>) {
        self.flow_ends[flow]
    }

    pub fn process(&self, element: usize) -> Option<&'m Process> {
        match &self.element(element).kind {
            ElementKind::Process(p) => Some(p),
            _ => None,
        }
    }

    pub fn internet_facing(&self, element: usize) -> bool {
        let own = match &self.element(element).kind {
            ElementKind::External(x) => x.internet_facing,
            ElementKind::Process(p) => p.internet_facing,
            ElementKind::DataStore(_) => false,
        };
        own || self.zone(element).kinds.contains(&BoundaryKind::Internet)
    }

    pub fn third_party(&self, element: usize) -> bool {
        let own = matches!(&self.element(element).kind, ElementKind::External(x) if x.third_party);
        own || self.zone(element).kinds.contains(&BoundaryKind::ThirdParty)
    }

    pub fn crosses(&self, flow: usize) -> bool {
        match self.ends(flow) {
            (Some(s), Some(t)) => self.zone(s).boundary != self.zone(t).boundary,
            _ => false,
        }
    }

    /// [`Context::has_control`], or on the one API operation `endpoint` of the
    /// flow: the flow's controls cover all its operations, and an operation
    /// can carry controls of its own.
    pub fn has_control_at(
        &self,
        subject: Subject,
        endpoint: Option<&Endpoint>,
        control: &Control,
    ) -> bool {
        endpoint.is_some_and(|e| e.controls.contains(control)) || self.has_control(subject, control)
    }

    /// The controls in place on a subject: those listed, those its attributes
    /// imply, and for a flow those of the element that receives it.
    pub fn has_control(&self, subject: Subject, control: &Control) -> bool {
        match subject {
            Subject::Element(i) => self.element(i).has_control(control),
            Subject::Flow(i) => {
                let flow = self.flow(i);
                flow.has_control(control)
                    || self.ends(i).1.is_some_and(|t| {
                        !is_transport(control) && self.element(t).has_control(control)
                    })
            }
        }
    }
}

/// Transport controls belong to the wire, never to the receiving element.
fn is_transport(control: &Control) -> bool {
    matches!(control, Control::Tls | Control::MutualTls)
}

fn zone_of(model: &Model, index: &ModelIndex, element: &Element) -> Zone {
    let Some(boundary) = element.boundary.as_ref() else {
        return Zone {
            boundary: None,
            trust: 0,
            kinds: Vec::new(),
        };
    };
    let mut kinds = Vec::new();
    let mut trust = 0;
    let mut current = index.boundary(model, boundary);
    if let Some(b) = current {
        trust = b.trust_level();
    }
    // Bounded walk: validation rejects cycles, but analysis must not hang on
    // a model that skipped validation.
    for _ in 0..=model.boundaries.len() {
        let Some(b) = current else { break };
        kinds.push(b.kind);
        current = b.parent.as_deref().and_then(|p| index.boundary(model, p));
    }
    Zone {
        boundary: Some(boundary.clone()),
        trust,
        kinds,
    }
}
