//! Threat Dragon cells to model items.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::import::interchange::geometry::{Rect, innermost, parent_box};
use crate::import::interchange::vocabulary::{protocol, severity, status, stride_letters};
use crate::import::interchange::{
    Converted, Ids, append, bool_at, drawn_boundary, loose_end, one_line, str_at, text_of,
};
use crate::model::{
    DataAsset, DataStore, Element, ElementKind, Encryption, External, Flow, Model, Privileges,
    Process, ProcessRole, Protocol, StoreKind, Threat, Triage,
};

/// A loose flow end farther than this (in pixels) from every element is not
/// attached to any.
const SNAP_PX: f64 = 60.0;

pub struct Builder<'f> {
    #[allow(dead_code)]
    file: &'f str,
    pub model: Model,
    ids: Ids,
    threat_ids: Ids,
    notes: Vec<String>,
    pixels: BTreeMap<String, (f64, f64)>,
    y_offset: f64,
}

enum Shape {
    Actor,
    Process,
    Store,
    Flow,
    Box,
    Curve,
    Text,
    Other(String),
}

fn shape_of(cell: &Value) -> Shape {
    let shape = str_at(cell, "shape");
    let kind = cell.get("data").map_or("", |d| str_at(d, "type"));
    match (shape, kind) {
        ("actor", _) | (_, "tm.Actor") => Shape::Actor,
        ("process", _) | (_, "tm.Process") => Shape::Process,
        ("store", _) | (_, "tm.Store") => Shape::Store,
        ("flow", _) | (_, "tm.Flow") => Shape::Flow,
        ("trust-boundary-box", _) | (_, "tm.BoundaryBox") => Shape::Box,
        ("trust-boundary-curve" | "trust-broundary-curve", _) | (_, "tm.Boundary") => Shape::Curve,
        ("td-text-block", _) | (_, "tm.Text") => Shape::Text,
        (s, k) => Shape::Other(if s.is_empty() {
            k.to_string()
        } else {
            s.to_string()
        }),
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    v.and_then(Value::as_f64).filter(|n| n.is_finite())
}

fn rect_of(cell: &Value) -> Option<Rect> {
    let p = cell.get("position")?;
    let s = cell.get("size");
    Some(Rect {
        x: number(p.get("x"))?,
        y: number(p.get("y"))?,
        width: number(s.and_then(|s| s.get("width"))).unwrap_or(100.0),
        height: number(s.and_then(|s| s.get("height"))).unwrap_or(100.0),
    })
}

/// The name shown on a cell: `data.name`, else the label text.
fn name_of(cell: &Value) -> String {
    let data = cell.get("data").cloned().unwrap_or(Value::Null);
    let attrs = cell.get("attrs").cloned().unwrap_or(Value::Null);
    let candidates = [
        text_of(data.get("name")),
        text_of(attrs.get("text").and_then(|t| t.get("text"))),
        text_of(attrs.get("label").and_then(|t| t.get("text"))),
        cell.get("labels")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .map(|l| text_of(l.pointer("/attrs/labelText/text")))
            .unwrap_or_default(),
    ];
    candidates
        .into_iter()
        .map(|c| one_line(&c))
        .find(|c| !c.is_empty())
        .unwrap_or_default()
}

impl<'f> Builder<'f> {
    pub fn new(file: &'f str) -> Self {
        Self {
            file,
            model: Model::default(),
            ids: Ids::default(),
            threat_ids: Ids::default(),
            notes: Vec::new(),
            pixels: BTreeMap::new(),
            y_offset: 0.0,
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    pub fn diagram(&mut self, index: usize, diagram: &Value) {
        let Some(cells) = diagram.get("cells").and_then(Value::as_array) else {
            self.note(format!(
                "diagram {index} has no cells; nothing was taken from it"
            ));
            return;
        };
        let mut boxes: Vec<(String, Rect)> = Vec::new();
        let mut nodes: Vec<(String, Rect)> = Vec::new();
        let mut by_cell: HashMap<String, String> = HashMap::new();
        let mut bottom = self.y_offset;
        // Boundaries first, so elements can be placed in them.
        for cell in cells {
            if let Shape::Box = shape_of(cell) {
                let Some(mut rect) = rect_of(cell) else {
                    self.note(format!(
                        "boundary box `{}` has no position: kept without members",
                        name_of(cell)
                    ));
                    self.boundary(cell, None);
                    continue;
                };
                rect.y += self.y_offset;
                let id = self.boundary(cell, None);
                boxes.push((id, rect));
            }
        }
        let rects: Vec<Rect> = boxes.iter().map(|(_, r)| *r).collect();
        for (i, (id, _)) in boxes.iter().enumerate() {
            if let Some(p) = parent_box(i, &rects) {
                let parent = boxes[p].0.clone();
                if let Some(b) = self.model.boundaries.iter_mut().find(|b| &b.id == id) {
                    b.parent = Some(parent);
                }
            }
        }
        for cell in cells {
            let shape = shape_of(cell);
            if !matches!(shape, Shape::Actor | Shape::Process | Shape::Store) {
                continue;
            }
            let rect = rect_of(cell).map(|mut r| {
                r.y += self.y_offset;
                r
            });
            let boundary = rect
                .as_ref()
                .and_then(|r| innermost(r, &rects))
                .map(|i| boxes[i].0.clone());
            let id = self.element(cell, &shape, boundary);
            if let Some(r) = rect {
                self.pixels.insert(id.clone(), (r.x, r.y));
                bottom = bottom.max(r.y + r.height);
                nodes.push((id.clone(), r));
            }
            by_cell.insert(text_of(cell.get("id")), id);
        }
        for cell in cells {
            match shape_of(cell) {
                Shape::Flow => self.flow(cell, &by_cell, &nodes),
                Shape::Curve => self.curve(cell),
                Shape::Text => {
                    let text = text_of(cell.get("data").and_then(|d| d.get("name")));
                    let text = if text.trim().is_empty() {
                        name_of(cell)
                    } else {
                        text
                    };
                    if !text.trim().is_empty() {
                        append(
                            &mut self.model.description,
                            &format!("Diagram note: {}", one_line(&text)),
                        );
                        self.note(format!(
                            "text block {:?} has no counterpart: kept in the model's description",
                            one_line(&text)
                        ));
                    }
                }
                Shape::Other(s) if !s.is_empty() => self.note(format!(
                    "a cell of shape `{s}` was not understood and was skipped"
                )),
                _ => {}
            }
        }
        self.y_offset = bottom + 200.0;
    }

    fn boundary(&mut self, cell: &Value, line: Option<String>) -> String {
        let mut description = text_of(cell.get("data").and_then(|d| d.get("description")));
        if let Some(line) = line {
            append(&mut description, &line);
        }
        let boundary = drawn_boundary(&mut self.ids, &self.model, &name_of(cell), description);
        let id = boundary.id.clone();
        self.model.boundaries.push(boundary);
        id
    }

    fn curve(&mut self, cell: &Value) {
        let point = |end: &str| {
            let p = cell.get(end)?;
            Some(format!(
                "({}, {})",
                number(p.get("x"))?,
                number(p.get("y"))?
            ))
        };
        let line = match (point("source"), point("target")) {
            (Some(a), Some(b)) => format!(
                "Drawn in Threat Dragon as a boundary line from {a} to {b}; a line has no inside, so no element is placed in this boundary."
            ),
            _ => "Drawn in Threat Dragon as a boundary line; a line has no inside, so no element is placed in this boundary.".to_string(),
        };
        let id = self.boundary(cell, Some(line));
        self.note(format!(
            "boundary line `{id}` became a boundary without members (a line has no inside)"
        ));
    }

    fn element(&mut self, cell: &Value, shape: &Shape, boundary: Option<String>) -> String {
        let data = cell.get("data").cloned().unwrap_or(Value::Null);
        let label = match shape {
            Shape::Actor => "actor",
            Shape::Store => "store",
            _ => "process",
        };
        let mut name = name_of(cell);
        if name.is_empty() {
            name = format!("Unnamed {label}");
            self.note(format!("a {label} without a name was called {name:?}"));
        }
        let id = self.ids.assign("", &name, label);
        let mut description = str_at(&data, "description").to_string();
        let mut tags = Vec::new();
        let kind = match shape {
            Shape::Actor => {
                if bool_at(&data, "providesAuthentication") {
                    tags.push("provides-authentication".to_string());
                }
                ElementKind::External(External::default())
            }
            Shape::Store => {
                let logs = bool_at(&data, "isALog");
                let mut store = DataStore {
                    store: if logs {
                        StoreKind::Log
                    } else {
                        StoreKind::default()
                    },
                    logs,
                    encrypted_at_rest: bool_at(&data, "isEncrypted"),
                    ..DataStore::default()
                };
                if bool_at(&data, "storesCredentials") {
                    store.stores.push(self.credentials());
                }
                for (flag, tag) in [
                    ("isSigned", "signed"),
                    ("storesInventory", "stores-inventory"),
                ] {
                    if bool_at(&data, flag) {
                        tags.push(tag.to_string());
                    }
                }
                ElementKind::DataStore(store)
            }
            _ => {
                let level = str_at(&data, "privilegeLevel").trim().to_string();
                let l = level.to_ascii_lowercase();
                let privileges = if ["root", "admin", "system", "elevated", "high"]
                    .iter()
                    .any(|w| l.contains(w))
                {
                    Privileges::Elevated
                } else if ["least", "low", "restricted", "user"]
                    .iter()
                    .any(|w| l.contains(w))
                {
                    Privileges::Least
                } else {
                    Privileges::Standard
                };
                if !level.is_empty() {
                    append(&mut description, &format!("Privilege level: {level}"));
                }
                for (flag, tag) in [
                    ("handlesCardPayment", "handles-card-payment"),
                    ("handlesGoodsOrServices", "handles-goods-or-services"),
                ] {
                    if bool_at(&data, flag) {
                        tags.push(tag.to_string());
                    }
                }
                ElementKind::Process(Process {
                    role: if bool_at(&data, "isWebApplication") {
                        ProcessRole::WebApp
                    } else {
                        ProcessRole::Service
                    },
                    privileges,
                    ..Process::default()
                })
            }
        };
        let in_scope = !bool_at(&data, "outOfScope");
        let reason = str_at(&data, "reasonOutOfScope").trim();
        if !reason.is_empty() {
            append(&mut description, &format!("Out of scope: {reason}"));
        }
        self.model.elements.push(Element {
            boundary,
            description,
            tags,
            in_scope,
            ..Element::new(id.clone(), name, kind)
        });
        self.threats(&data, &id);
        id
    }

    /// The data asset Threat Dragon's "stores credentials" stands for.
    fn credentials(&mut self) -> String {
        const ID: &str = "credentials";
        if !self.model.data.iter().any(|d| d.id == ID) {
            let id = self.ids.take(ID);
            self.model.data.push(DataAsset {
                id,
                name: "Credentials".into(),
                classification: crate::model::Classification::Restricted,
                personal: false,
                credentials: true,
                description: "Threat Dragon marks stores that hold credentials.".into(),
            });
            self.note(
                "stores marked \"stores credentials\" hold a data asset `credentials`".to_string(),
            );
        }
        self.model
            .data
            .iter()
            .find(|d| d.credentials)
            .map_or_else(|| ID.to_string(), |d| d.id.clone())
    }

    fn flow(&mut self, cell: &Value, by_cell: &HashMap<String, String>, nodes: &[(String, Rect)]) {
        let data = cell.get("data").cloned().unwrap_or(Value::Null);
        let name = name_of(cell);
        let label = if name.is_empty() {
            "flow".to_string()
        } else {
            name.clone()
        };
        let id = self.ids.assign("", &label, "flow");
        let mut ends = Vec::new();
        for end in ["source", "target"] {
            let spec = cell.get(end).cloned().unwrap_or(Value::Null);
            let by_ref = spec
                .get("cell")
                .map(|c| text_of(Some(c)))
                .and_then(|c| by_cell.get(&c).cloned());
            let point = number(spec.get("x")).zip(number(spec.get("y")).map(|y| y + self.y_offset));
            let found = by_ref.or_else(|| {
                let (x, y) = point?;
                let (near, distance) = nodes
                    .iter()
                    .map(|(id, r)| (id, r.distance((x, y))))
                    .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)))?;
                (distance <= SNAP_PX).then(|| {
                    self.notes.push(format!(
                        "flow `{id}` had a loose {end} end at ({x}, {y}); it was attached to the nearest element `{near}`"
                    ));
                    near.clone()
                })
            });
            let end_id = found.unwrap_or_else(|| self.placeholder(&id, end, point));
            ends.push(end_id);
        }
        let text = str_at(&data, "protocol").trim().to_string();
        let (mapped, mut encryption) = protocol(&text);
        let mut tags = Vec::new();
        let mut description = str_at(&data, "description").to_string();
        let proto = mapped.unwrap_or_else(|| {
            if text.is_empty() {
                self.notes.push(format!(
                    "flow `{id}` names no protocol: set to Other"
                ));
            } else {
                self.notes.push(format!(
                    "flow `{id}`'s protocol {text:?} has no counterpart: set to Other, kept as a tag"
                ));
                tags.push(format!("protocol:{text}"));
            }
            Protocol::Other
        });
        if bool_at(&data, "isEncrypted") && encryption == Encryption::None {
            encryption = Encryption::Tls;
        }
        if bool_at(&data, "isPublicNetwork") {
            tags.push("public-network".to_string());
        }
        if bool_at(&data, "outOfScope") {
            tags.push("out-of-scope".to_string());
            let reason = str_at(&data, "reasonOutOfScope").trim();
            append(
                &mut description,
                &format!(
                    "Out of scope in Threat Dragon{}",
                    if reason.is_empty() {
                        String::new()
                    } else {
                        format!(": {reason}")
                    }
                ),
            );
            self.notes.push(format!(
                "flow `{id}` is out of scope in Threat Dragon; threatmap flows have no scope flag, so it is tagged `out-of-scope`"
            ));
        }
        let [source, target]: [String; 2] = match ends.try_into() {
            Ok(pair) => pair,
            Err(_) => return,
        };
        let mut flow = Flow::new(id.clone(), source, target, proto);
        flow.label = name;
        flow.encryption = encryption;
        flow.bidirectional = bool_at(&data, "isBidirectional");
        flow.tags = tags;
        flow.description = description;
        self.model.flows.push(flow);
        self.threats(&data, &id);
    }

    /// An external entity standing in for a flow end that is attached to nothing.
    fn placeholder(&mut self, flow: &str, end: &str, at: Option<(f64, f64)>) -> String {
        let (element, note) = loose_end(&mut self.ids, "Threat Dragon", flow, end);
        let id = element.id.clone();
        if let Some(at) = at {
            self.pixels.insert(id.clone(), at);
        }
        self.model.elements.push(element);
        self.notes.push(note);
        id
    }

    fn threats(&mut self, data: &Value, target: &str) {
        let Some(list) = data.get("threats").and_then(Value::as_array) else {
            return;
        };
        for t in list {
            let title = match one_line(&text_of(t.get("title"))) {
                s if s.is_empty() => "Untitled threat".to_string(),
                s => s,
            };
            let id = self.threat_ids.assign("", &title, "threat");
            let mut threat = Threat::new(id, title, target);
            let model_type = str_at(t, "modelType");
            let category = str_at(t, "type");
            if model_type.is_empty() || model_type.eq_ignore_ascii_case("STRIDE") {
                threat.stride = stride_letters(category);
            }
            if !category.is_empty() && threat.stride.is_empty() {
                threat.tags.push(format!(
                    "{}:{category}",
                    if model_type.is_empty() {
                        "type"
                    } else {
                        model_type
                    }
                ));
            }
            let sev = text_of(t.get("severity"));
            threat.severity = severity(&sev);
            if threat.severity.is_none() && !sev.trim().is_empty() {
                self.notes.push(format!(
                    "threat `{}`'s severity {sev:?} is not low/medium/high/critical: left to the default",
                    threat.id
                ));
            }
            threat.description = text_of(t.get("description"));
            let score = text_of(t.get("score"));
            if !score.trim().is_empty() {
                append(&mut threat.description, &format!("Score: {score}"));
            }
            threat.mitigation_note = text_of(t.get("mitigation"));
            let word = text_of(t.get("status"));
            match status(&word) {
                Some(crate::model::TriageStatus::Open) => {}
                Some(s) => self.model.triage.push(Triage::new(threat.finding_id(), s)),
                None if word.trim().is_empty() => {}
                None => self.notes.push(format!(
                    "threat `{}`'s status {word:?} is unknown: left open",
                    threat.id
                )),
            }
            self.model.threats.push(threat);
        }
    }

    pub fn finish(mut self) -> Converted {
        self.model.layout = crate::import::interchange::geometry::scale_to_cells(&self.pixels);
        crate::model::save::canonicalize(&mut self.model);
        Converted {
            model: self.model,
            tool: "Threat Dragon",
            approximations: self.notes,
        }
    }
}
