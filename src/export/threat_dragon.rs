//! A model as a Threat Dragon v2 file: elements as actor, process and store
//! cells, flows as flow cells, trust boundaries as boxes drawn around their
//! members (and nested boundaries), boundaries without members as boundary
//! lines, and the model's threats on their cells with their decisions.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Value, json};

use super::{PX_PER_COLUMN, PX_PER_ROW, Positions, decision, stable_uuid};
use crate::analysis::Severity;
use crate::analysis::manual::severity_of;
use crate::library::Stride;
use crate::model::{ElementKind, Encryption, Model, Threat, TriageStatus};

/// The Threat Dragon version the file claims.
const VERSION: &str = "2.3.0";
/// Padding around a boundary's members, in pixels.
const PAD: f64 = 30.0;

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box2 {
    fn union(self, o: Box2) -> Box2 {
        Box2 {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

fn size_of(kind: &ElementKind) -> (f64, f64) {
    match kind {
        ElementKind::Process(_) => (100.0, 100.0),
        _ => (160.0, 80.0),
    }
}

/// The Threat Dragon v2 JSON of `model`, drawn at `positions`.
pub fn render(model: &Model, positions: &Positions) -> String {
    let mut cells = Vec::new();
    let mut rects: BTreeMap<&str, Box2> = BTreeMap::new();
    for e in &model.elements {
        let p = positions.get(&e.id).copied().unwrap_or_default();
        let (w, h) = size_of(&e.kind);
        let x = f64::from(p.x) * PX_PER_COLUMN;
        let y = f64::from(p.y) * PX_PER_ROW;
        rects.insert(
            &e.id,
            Box2 {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + h,
            },
        );
    }
    let right = rects.values().map(|r| r.x1).fold(0.0, f64::max);
    // Boundary boxes: around their members and nested boxes, innermost first.
    let mut boxes: BTreeMap<&str, Box2> = BTreeMap::new();
    let depth = |id: &str| {
        let mut d = 0;
        let mut current = model.boundaries.iter().find(|b| b.id == id);
        while let Some(b) = current {
            d += 1;
            if d > model.boundaries.len() {
                break;
            }
            current = b
                .parent
                .as_deref()
                .and_then(|p| model.boundaries.iter().find(|x| x.id == p));
        }
        d
    };
    let mut order: Vec<&crate::model::Boundary> = model.boundaries.iter().collect();
    order.sort_by(|a, b| {
        depth(&b.id)
            .cmp(&depth(&a.id))
            .then_with(|| a.id.cmp(&b.id))
    });
    for b in &order {
        let members = model
            .elements
            .iter()
            .filter(|e| e.boundary.as_deref() == Some(b.id.as_str()))
            .filter_map(|e| rects.get(e.id.as_str()).copied());
        let children = model
            .boundaries
            .iter()
            .filter(|c| c.parent.as_deref() == Some(b.id.as_str()))
            .filter_map(|c| boxes.get(c.id.as_str()).copied());
        if let Some(inside) = members.chain(children).reduce(Box2::union) {
            boxes.insert(
                &b.id,
                Box2 {
                    x0: inside.x0 - PAD,
                    y0: inside.y0 - PAD,
                    x1: inside.x1 + PAD,
                    y1: inside.y1 + PAD,
                },
            );
        }
    }
    let mut z = 0;
    let mut lines = 0;
    for b in &order {
        z += 1;
        let id = stable_uuid("boundary", &b.id);
        let data = json!({
            "type": "tm.BoundaryBox",
            "name": b.name,
            "description": b.description,
            "isTrustBoundary": true,
            "hasOpenThreats": false,
        });
        match boxes.get(b.id.as_str()) {
            Some(r) => cells.push(json!({
                "position": {"x": r.x0, "y": r.y0},
                "size": {"width": (r.x1 - r.x0).max(10.0), "height": (r.y1 - r.y0).max(10.0)},
                "attrs": {"label": {"text": b.name}},
                "visible": true,
                "shape": "trust-boundary-box",
                "id": id,
                "zIndex": -(depth(&b.id) as i64),
                "data": data,
            })),
            None => {
                // No member to draw a box around: a boundary line at the right.
                let x = (right + 80.0 + 60.0 * f64::from(lines)).round() as i64;
                lines += 1;
                let mut data = data;
                data["type"] = json!("tm.Boundary");
                cells.push(json!({
                    "shape": "trust-boundary-curve",
                    "attrs": {"line": {"targetMarker": "", "sourceMarker": ""}},
                    "labels": [label(&b.name)],
                    "connector": "smooth",
                    "id": id,
                    "zIndex": 10,
                    "source": {"x": x, "y": 0},
                    "target": {"x": x, "y": 400},
                    "data": data,
                }));
            }
        }
    }
    let mut number = 0u64;
    for e in &model.elements {
        z += 1;
        let r = rects[e.id.as_str()];
        let threats = threats_on(model, &e.id, &mut number);
        let open = has_open(&threats);
        let (shape, mut data) = match &e.kind {
            ElementKind::External(x) => (
                "actor",
                json!({"type": "tm.Actor", "providesAuthentication": e.tags.iter().any(|t| t == "provides-authentication"), "isHuman": x.human}),
            ),
            ElementKind::Process(p) => (
                "process",
                json!({
                    "type": "tm.Process",
                    "handlesCardPayment": e.tags.iter().any(|t| t == "handles-card-payment"),
                    "handlesGoodsOrServices": e.tags.iter().any(|t| t == "handles-goods-or-services"),
                    "isWebApplication": p.role == crate::model::ProcessRole::WebApp,
                    "privilegeLevel": match p.privileges {
                        crate::model::Privileges::Least => "least",
                        crate::model::Privileges::Standard => "",
                        crate::model::Privileges::Elevated => "elevated",
                    },
                }),
            ),
            ElementKind::DataStore(s) => (
                "store",
                json!({
                    "type": "tm.Store",
                    "isALog": s.logs,
                    "isEncrypted": s.encrypted_at_rest,
                    "isSigned": e.tags.iter().any(|t| t == "signed"),
                    "storesCredentials": s.stores.iter().any(|d| model.data.iter().any(|x| &x.id == d && x.credentials)),
                }),
            ),
        };
        data["name"] = json!(e.name);
        data["description"] = json!(e.description);
        data["outOfScope"] = json!(!e.in_scope);
        data["reasonOutOfScope"] = json!("");
        data["isTrustBoundary"] = json!(false);
        data["hasOpenThreats"] = json!(open);
        data["threats"] = Value::Array(threats);
        cells.push(json!({
            "position": {"x": r.x0, "y": r.y0},
            "size": {"width": r.x1 - r.x0, "height": r.y1 - r.y0},
            "attrs": {
                "text": {"text": e.name},
                "body": {"stroke": if open { "red" } else { "#333333" }, "strokeWidth": 1.5, "strokeDasharray": null},
            },
            "visible": true,
            "shape": shape,
            "id": stable_uuid("element", &e.id),
            "zIndex": z,
            "data": data,
        }));
    }
    let elements: HashSet<&str> = model.elements.iter().map(|e| e.id.as_str()).collect();
    for f in &model.flows {
        if !elements.contains(f.source.as_str()) || !elements.contains(f.target.as_str()) {
            continue;
        }
        let threats = threats_on(model, &f.id, &mut number);
        let open = has_open(&threats);
        let name = f.label.clone();
        cells.push(json!({
            "shape": "flow",
            "attrs": {"line": {
                "stroke": if open { "red" } else { "#333333" },
                "strokeWidth": 1.5,
                "targetMarker": {"name": "block"},
                "sourceMarker": {"name": if f.bidirectional { "block" } else { "" }},
                "strokeDasharray": null,
            }},
            "width": 200,
            "height": 100,
            "zIndex": 10,
            "connector": "smooth",
            "labels": [label(&name)],
            "id": stable_uuid("flow", &f.id),
            "source": {"cell": stable_uuid("element", &f.source)},
            "target": {"cell": stable_uuid("element", &f.target)},
            "data": {
                "type": "tm.Flow",
                "name": name,
                "description": f.description,
                "outOfScope": f.tags.iter().any(|t| t == "out-of-scope"),
                "reasonOutOfScope": "",
                "hasOpenThreats": open,
                "isBidirectional": f.bidirectional,
                "isEncrypted": f.encryption != Encryption::None,
                "isPublicNetwork": f.tags.iter().any(|t| t == "public-network"),
                "protocol": f.tags.iter().find_map(|t| t.strip_prefix("protocol:")).unwrap_or(f.protocol.label()),
                "isTrustBoundary": false,
                "threats": threats,
            },
        }));
    }
    let owner = model.owners.first().cloned().unwrap_or_default();
    let contributors: Vec<Value> = model
        .owners
        .iter()
        .skip(1)
        .map(|o| json!({"name": o}))
        .collect();
    let doc = json!({
        "version": VERSION,
        "summary": {
            "title": model.name,
            "owner": owner,
            "description": model.description,
            "id": 0,
        },
        "detail": {
            "contributors": contributors,
            "diagrams": [{
                "id": 0,
                "title": model.name,
                "diagramType": "STRIDE",
                "placeholder": "",
                "thumbnail": "./public/content/images/thumbnail.stride.jpg",
                "version": VERSION,
                "cells": cells,
            }],
            "diagramTop": 1,
            "reviewer": "",
            "threatTop": number,
        },
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

fn label(text: &str) -> Value {
    json!({
        "markup": [{"tagName": "ellipse", "selector": "labelBody"}, {"tagName": "text", "selector": "labelText"}],
        "attrs": {
            "labelText": {"text": text, "textAnchor": "middle", "textVerticalAnchor": "middle"},
            "labelBody": {"ref": "labelText", "refRx": "50%", "refRy": "60%", "fill": "#fff", "strokeWidth": 0},
        },
        "position": 0.5,
    })
}

fn has_open(threats: &[Value]) -> bool {
    threats.iter().any(|t| t["status"] == "Open")
}

/// The model's threats on one target, as Threat Dragon threats.
fn threats_on(model: &Model, target: &str, number: &mut u64) -> Vec<Value> {
    model
        .threats
        .iter()
        .filter(|t| t.target == target)
        .map(|t| {
            *number += 1;
            threat(model, t, *number)
        })
        .collect()
}

fn threat(model: &Model, t: &Threat, number: u64) -> Value {
    let status = match decision(model, &t.finding_id()) {
        None | Some(TriageStatus::Open | TriageStatus::InProgress) => "Open",
        Some(TriageStatus::Mitigated) => "Mitigated",
        Some(TriageStatus::Accepted) => "Accepted",
        Some(TriageStatus::Transferred) => "Transferred",
        Some(TriageStatus::FalsePositive) => "NotApplicable",
    };
    let kind = Stride::ALL
        .into_iter()
        .find(|s| t.stride.contains(s.letter()))
        .map_or("", |s| match s {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        });
    let severity = match severity_of(t) {
        Severity::Low => "Low",
        Severity::Medium => "Medium",
        Severity::High => "High",
        Severity::Critical => "Critical",
    };
    let mut description = t.description.clone();
    if let Some(e) = &t.endpoint {
        description = format!("On {e}. {description}").trim().to_string();
    }
    let id = stable_uuid("threat", &t.id);
    json!({
        "id": id,
        "threatId": id,
        "number": number,
        "title": t.title,
        "type": kind,
        "modelType": "STRIDE",
        "status": status,
        "severity": severity,
        "description": description,
        "mitigation": t.mitigation_note,
        "score": "",
    })
}
