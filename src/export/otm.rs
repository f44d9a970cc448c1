//! A model as an Open Threat Model (0.2.0) document. Every item carries its
//! threatmap form under `attributes.threatmap`, and the project carries the
//! rest of the model (scope, decisions, disabled rules, positions), so that
//! `threatmap import otm` gives back the same model.

use serde_json::{Value, json};

use super::{Positions, decision};
use crate::analysis::Severity;
use crate::analysis::manual::severity_of;
use crate::import::otm::ATTRIBUTE;
use crate::library::{Rating, Stride};
use crate::model::{Classification, Control, ElementKind, Model, Threat, TriageStatus};

const CANVAS: &str = "threatmap-canvas";
/// The trust zone for elements outside every boundary (OTM requires a parent).
const OUTSIDE: &str = "threatmap-outside";
/// Marks [`OUTSIDE`], which the importer leaves out.
pub const OUTSIDE_MARK: &str = "threatmap-outside";

fn form<T: serde::Serialize>(item: &T) -> Value {
    let mut attributes = serde_json::Map::new();
    attributes.insert(
        ATTRIBUTE.into(),
        serde_json::to_value(item).unwrap_or(Value::Null),
    );
    Value::Object(attributes)
}

fn score(r: Rating) -> u8 {
    match r {
        Rating::Low => 25,
        Rating::Medium => 50,
        Rating::High => 90,
    }
}

fn state(s: Option<TriageStatus>) -> &'static str {
    match s {
        None | Some(TriageStatus::Open) => "exposed",
        Some(TriageStatus::InProgress) => "in-progress",
        Some(TriageStatus::Mitigated) => "mitigated",
        Some(TriageStatus::Accepted) => "accepted",
        Some(TriageStatus::Transferred) => "transferred",
        Some(TriageStatus::FalsePositive) => "not-applicable",
    }
}

fn control_id(c: &Control) -> String {
    crate::model::ids::slug(c.label(), "control")
}

/// The OTM JSON of `model`, its components placed at `positions`.
pub fn render(model: &Model, positions: &Positions) -> String {
    let rest = Model {
        boundaries: Vec::new(),
        data: Vec::new(),
        elements: Vec::new(),
        flows: Vec::new(),
        threats: Vec::new(),
        ..model.clone()
    };
    let mut project_attributes = form(&rest);
    if let Value::Object(map) = &mut project_attributes {
        map.insert("threatmapVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    }
    let assets: Vec<Value> = model
        .data
        .iter()
        .map(|d| {
            let c = match d.classification {
                Classification::Public => 0,
                Classification::Internal => 30,
                Classification::Confidential => 70,
                Classification::Restricted => 100,
            };
            json!({
                "id": d.id, "name": d.name, "description": d.description,
                "risk": {"confidentiality": c, "integrity": 50, "availability": 50, "comment": d.classification.label()},
                "attributes": form(d),
            })
        })
        .collect();
    let mut zones: Vec<Value> = model
        .boundaries
        .iter()
        .map(|b| {
            let mut z = json!({
                "id": b.id, "name": b.name, "type": b.kind.label(), "description": b.description,
                "risk": {"trustRating": u32::from(b.trust_level()) * 10},
                "attributes": form(b),
            });
            if let Some(p) = &b.parent {
                z["parent"] = json!({"trustZone": p});
            }
            z
        })
        .collect();
    if model.elements.iter().any(|e| e.boundary.is_none()) {
        zones.push(json!({
            "id": OUTSIDE, "name": "Outside every trust boundary", "type": "none",
            "description": "Added by threatmap: OTM requires every component to have a parent.",
            "risk": {"trustRating": 0},
            "attributes": {OUTSIDE_MARK: true},
        }));
    }
    let components: Vec<Value> = model
        .elements
        .iter()
        .map(|e| {
            let (kind, processed, stored) = match &e.kind {
                ElementKind::External(_) => ("threatmap-external-entity", Vec::new(), Vec::new()),
                ElementKind::Process(p) => ("threatmap-process", p.handles.clone(), Vec::new()),
                ElementKind::DataStore(s) => ("threatmap-data-store", Vec::new(), s.stores.clone()),
            };
            let mut c = json!({
                "id": e.id, "name": e.name, "type": kind, "description": e.description,
                "parent": {"trustZone": e.boundary.as_deref().unwrap_or(OUTSIDE)},
                "tags": e.tags,
                "assets": {"processed": processed, "stored": stored},
                "threats": instances(model, &e.id),
                "attributes": form(e),
            });
            if let Some(p) = positions.get(&e.id) {
                c["representations"] = json!([{
                    "representation": CANVAS, "id": format!("{}-shape", e.id),
                    "position": {"x": f64::from(p.x) * super::PX_PER_COLUMN, "y": f64::from(p.y) * super::PX_PER_ROW},
                    "size": {"width": 160, "height": 80},
                }]);
            }
            c
        })
        .collect();
    let dataflows: Vec<Value> = model
        .flows
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "name": if f.label.is_empty() { &f.id } else { &f.label },
                "description": f.description, "bidirectional": f.bidirectional,
                "source": f.source, "destination": f.target,
                "assets": f.data, "tags": f.tags,
                "threats": instances(model, &f.id),
                "attributes": form(f),
            })
        })
        .collect();
    let threats: Vec<Value> = model.threats.iter().map(definition).collect();
    let mut controls: Vec<&Control> = model.threats.iter().flat_map(|t| &t.mitigations).collect();
    controls.sort();
    controls.dedup();
    let mitigations: Vec<Value> = controls
        .iter()
        .map(|c| json!({"id": control_id(c), "name": c.label(), "description": c.meaning(), "riskReduction": 50}))
        .collect();
    let doc = json!({
        "otmVersion": "0.2.0",
        "project": {
            "name": model.name,
            "id": crate::model::ids::slug(&model.name, "threatmap-model"),
            "description": model.description,
            "owner": model.owners.first().cloned().unwrap_or_default(),
            "attributes": project_attributes,
        },
        "representations": [{"name": "threatmap canvas", "id": CANVAS, "type": "diagram", "size": {"width": 2000, "height": 2000}}],
        "assets": assets,
        "trustZones": zones,
        "components": components,
        "dataflows": dataflows,
        "threats": threats,
        "mitigations": mitigations,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn instances(model: &Model, target: &str) -> Vec<Value> {
    model
        .threats
        .iter()
        .filter(|t| t.target == target)
        .map(|t| {
            let mitigations: Vec<Value> = t
                .mitigations
                .iter()
                .map(|c| json!({"mitigation": control_id(c), "state": "required"}))
                .collect();
            json!({
                "threat": t.id,
                "state": state(decision(model, &t.finding_id())),
                "mitigations": mitigations,
            })
        })
        .collect()
}

fn definition(t: &Threat) -> Value {
    let (likelihood, impact) = match (t.likelihood, t.impact) {
        (None, None) => match severity_of(t) {
            Severity::Low => (Rating::Low, Rating::Low),
            Severity::Medium => (Rating::Medium, Rating::Medium),
            Severity::High => (Rating::High, Rating::Medium),
            Severity::Critical => (Rating::High, Rating::High),
        },
        (l, i) => (l.unwrap_or(Rating::Medium), i.unwrap_or(Rating::Medium)),
    };
    let categories: Vec<&str> = Stride::ALL
        .into_iter()
        .filter(|s| t.stride.contains(s.letter()))
        .map(Stride::name)
        .collect();
    json!({
        "id": t.id, "name": t.title, "description": t.description,
        "categories": categories,
        "cwes": [],
        "risk": {"likelihood": score(likelihood), "impact": score(impact)},
        "tags": t.tags,
        "attributes": form(t),
    })
}
