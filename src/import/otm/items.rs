//! OTM items to model items.

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ATTRIBUTE;
use crate::import::interchange::geometry::scale_to_cells;
use crate::import::interchange::vocabulary::boundary_kind;
use crate::import::interchange::vocabulary::{status, stride_letters};
use crate::import::interchange::{Ids, append, one_line, str_at, strings_at, text_of};
use crate::library::Rating;
use crate::model::{
    Boundary, Classification, DataAsset, DataStore, Element, ElementKind, External, Flow, Model,
    Process, Protocol, Threat, Triage, TriageStatus,
};

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The threatmap form of an item, when threatmap exported it.
fn own<T: DeserializeOwned>(item: &Value) -> Option<T> {
    let form = item.get("attributes")?.get(ATTRIBUTE)?;
    serde_json::from_value(form.clone()).ok()
}

/// An item's other attributes, as a line for its description.
fn other_attributes(item: &Value) -> String {
    let Some(attrs) = item.get("attributes").and_then(Value::as_object) else {
        return String::new();
    };
    let pairs: Vec<String> = attrs
        .iter()
        .filter(|(k, _)| k.as_str() != ATTRIBUTE)
        .map(|(k, v)| {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            format!("{k} = {}", one_line(&v))
        })
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("OTM attributes: {}", pairs.join("; "))
    }
}

/// A 0–100 score as a rating.
fn rating(score: Option<f64>) -> Option<Rating> {
    score.map(|s| {
        if s <= 33.0 {
            Rating::Low
        } else if s <= 66.0 {
            Rating::Medium
        } else {
            Rating::High
        }
    })
}

/// An element kind guessed from an OTM component type (IriusRisk library
/// ids such as `web-client`, `postgresql`, `CD-MSG-BROKER`) and its name.
fn kind_of(kind: &str, name: &str) -> ElementKind {
    let t = format!(
        "{} {}",
        kind.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    );
    let has = |w: &[&str]| w.iter().any(|x| t.contains(x));
    if has(&[
        "database", "sql", "-db", "db ", "storage", "bucket", "s3", "store", "cache", "redis",
        "mongo", "dynamo", "queue", "broker", "kafka", "file", "log", "vault", "blob",
    ]) {
        ElementKind::DataStore(DataStore::default())
    } else if has(&[
        "client",
        "browser",
        "user",
        "actor",
        "mobile",
        "external",
        "third",
        "partner",
        "internet",
        "generic-terminal",
        "human",
    ]) {
        ElementKind::External(External {
            human: has(&["user", "human", "actor"]),
            ..External::default()
        })
    } else {
        ElementKind::Process(Process::default())
    }
}

struct Build<'n> {
    model: Model,
    ids: Ids,
    threat_ids: Ids,
    notes: &'n mut Vec<String>,
    /// Source id → threatmap id, for zones, components, dataflows and assets.
    map: HashMap<String, String>,
}

pub fn build(root: &Value, notes: &mut Vec<String>) -> Model {
    let project = root.get("project").cloned().unwrap_or(Value::Null);
    let exported: Option<Model> = own(&project);
    let from_threatmap = exported.is_some();
    let mut model = exported.unwrap_or_default();
    if model.name.is_empty() {
        model.name = match str_at(&project, "name").trim() {
            "" => "Imported from OTM".to_string(),
            n => n.to_string(),
        };
        model.description = text_of(project.get("description"));
        let owner = text_of(project.get("owner"));
        if !owner.trim().is_empty() {
            model.owners.push(owner);
        }
        let contact = text_of(project.get("ownerContact"));
        if !contact.trim().is_empty() && !model.owners.contains(&contact) {
            model.owners.push(contact);
        }
        append(&mut model.description, &other_attributes(&project));
    }
    let mut b = Build {
        model,
        ids: Ids::default(),
        threat_ids: Ids::default(),
        notes,
        map: HashMap::new(),
    };
    b.assets(root);
    b.zones(root);
    b.components(root);
    b.dataflows(root);
    if !from_threatmap {
        b.layout(root);
    }
    crate::model::save::canonicalize(&mut b.model);
    b.model
}

impl Build<'_> {
    fn assets(&mut self, root: &Value) {
        for a in list(root, "assets") {
            let source = text_of(a.get("id"));
            let asset = own::<DataAsset>(a).unwrap_or_else(|| {
                let name = text_of(a.get("name"));
                let risk = a.get("risk").cloned().unwrap_or(Value::Null);
                let c = risk
                    .get("confidentiality")
                    .and_then(Value::as_f64)
                    .unwrap_or(50.0);
                let lower = name.to_ascii_lowercase();
                let mut description = text_of(a.get("description"));
                append(&mut description, &text_of(risk.get("comment")));
                append(&mut description, &other_attributes(a));
                DataAsset {
                    id: String::new(),
                    name,
                    classification: if c >= 90.0 {
                        Classification::Restricted
                    } else if c >= 60.0 {
                        Classification::Confidential
                    } else if c >= 20.0 {
                        Classification::Internal
                    } else {
                        Classification::Public
                    },
                    personal: ["personal", "pii", "customer"]
                        .iter()
                        .any(|w| lower.contains(w)),
                    credentials: ["credential", "password", "token", "secret", "key"]
                        .iter()
                        .any(|w| lower.contains(w)),
                    description,
                }
            });
            let id = if asset.id.is_empty() {
                self.ids.assign(&source, &asset.name, "data")
            } else {
                self.ids.take(&asset.id)
            };
            self.map.insert(source, id.clone());
            self.model.data.push(DataAsset { id, ..asset });
        }
    }

    fn zones(&mut self, root: &Value) {
        let zones: Vec<&Value> = list(root, "trustZones")
            .iter()
            .filter(|z| {
                z.pointer(&format!("/attributes/{}", crate::export::otm::OUTSIDE_MARK))
                    .is_none()
            })
            .collect();
        for z in &zones {
            let source = text_of(z.get("id"));
            let name = match one_line(&text_of(z.get("name"))) {
                n if n.is_empty() => format!("Trust zone {}", self.model.boundaries.len() + 1),
                n => n,
            };
            let boundary = own::<Boundary>(z).unwrap_or_else(|| {
                let kind_text = text_of(z.get("type"));
                let rating = z.pointer("/risk/trustRating").and_then(Value::as_f64);
                let mut description = text_of(z.get("description"));
                append(&mut description, &other_attributes(z));
                Boundary {
                    id: String::new(),
                    kind: boundary_kind(&format!("{kind_text} {name}")),
                    name: name.clone(),
                    parent: None,
                    trust: rating.map(|r| (r / 10.0).round().clamp(0.0, 10.0) as u8),
                    description,
                }
            });
            let id = if boundary.id.is_empty() {
                self.ids.assign(&source, &name, "zone")
            } else {
                self.ids.take(&boundary.id)
            };
            self.map.insert(source, id.clone());
            self.model.boundaries.push(Boundary { id, ..boundary });
        }
        // Parents once every zone has its id.
        for z in &zones {
            let me = self.map.get(&text_of(z.get("id"))).cloned();
            let parent = z
                .pointer("/parent/trustZone")
                .map(|p| text_of(Some(p)))
                .and_then(|p| self.map.get(&p).cloned());
            let b = self
                .model
                .boundaries
                .iter_mut()
                .find(|b| Some(&b.id) == me.as_ref());
            if let (Some(p), Some(b)) = (parent, b) {
                if p != b.id && b.parent.is_none() {
                    b.parent = Some(p);
                }
            }
        }
        let known: Vec<String> = self.model.boundaries.iter().map(|b| b.id.clone()).collect();
        for b in &mut self.model.boundaries {
            if b.parent.as_ref().is_some_and(|p| !known.contains(p)) {
                b.parent = None;
            }
        }
    }

    fn components(&mut self, root: &Value) {
        let components = list(root, "components");
        let mut parents: Vec<(usize, String)> = Vec::new();
        for c in components {
            let source = text_of(c.get("id"));
            let name = match one_line(&text_of(c.get("name"))) {
                n if n.is_empty() => "Unnamed component".to_string(),
                n => n,
            };
            let element = own::<Element>(c).unwrap_or_else(|| {
                let kind_text = text_of(c.get("type"));
                let mut kind = kind_of(&kind_text, &name);
                let processed = self.asset_ids(c.pointer("/assets/processed"));
                let stored = self.asset_ids(c.pointer("/assets/stored"));
                match &mut kind {
                    ElementKind::Process(p) => {
                        p.handles = processed;
                        p.handles.extend(stored);
                    }
                    ElementKind::DataStore(s) => {
                        s.stores = stored;
                        s.stores.extend(processed);
                    }
                    ElementKind::External(_) => {}
                }
                let mut description = text_of(c.get("description"));
                append(&mut description, &other_attributes(c));
                let mut tags: Vec<String> = strings_at(c, "tags");
                if !kind_text.is_empty() {
                    tags.push(format!("otm-type:{kind_text}"));
                }
                let out = c
                    .pointer("/attributes/Out Of Scope")
                    .is_some_and(|v| text_of(Some(v)).eq_ignore_ascii_case("true"));
                Element {
                    description,
                    tags,
                    in_scope: !out,
                    ..Element::new(String::new(), name.clone(), kind)
                }
            });
            let from_threatmap = !element.id.is_empty();
            let id = if from_threatmap {
                self.ids.take(&element.id)
            } else {
                self.ids.assign(&source, &name, "component")
            };
            self.map.insert(source, id.clone());
            let index = self.model.elements.len();
            if !from_threatmap {
                if let Some(z) = c.pointer("/parent/trustZone") {
                    let zone = text_of(Some(z));
                    match self.map.get(&zone) {
                        Some(b) if self.model.boundaries.iter().any(|x| &x.id == b) => {
                            parents.push((index, format!("zone:{b}")))
                        }
                        _ => self.notes.push(format!(
                            "component `{id}`'s trust zone `{zone}` is not in the file: left outside every boundary"
                        )),
                    }
                } else if let Some(p) = c.pointer("/parent/component") {
                    parents.push((index, format!("component:{}", text_of(Some(p)))));
                }
            }
            self.model.elements.push(Element {
                id: id.clone(),
                ..element
            });
            self.threats(root, c, &id);
        }
        self.place(parents);
    }

    /// Boundary membership: a zone as it is; a component inside another
    /// component joins that component's zone.
    fn place(&mut self, parents: Vec<(usize, String)>) {
        let mut of_element: HashMap<String, Option<String>> = HashMap::new();
        for (i, p) in &parents {
            if let Some(zone) = p.strip_prefix("zone:") {
                self.model.elements[*i].boundary = Some(zone.to_string());
                of_element.insert(self.model.elements[*i].id.clone(), Some(zone.to_string()));
            }
        }
        for _ in 0..8 {
            for (i, p) in &parents {
                let Some(parent) = p.strip_prefix("component:") else {
                    continue;
                };
                let parent = self.map.get(parent).cloned().unwrap_or_default();
                if let Some(zone) = of_element.get(&parent).cloned() {
                    let id = self.model.elements[*i].id.clone();
                    self.model.elements[*i].boundary = zone.clone();
                    of_element.insert(id, zone);
                }
            }
        }
        for (i, p) in &parents {
            if let Some(parent) = p.strip_prefix("component:") {
                let id = self.model.elements[*i].id.clone();
                let parent_id = self
                    .map
                    .get(parent)
                    .cloned()
                    .unwrap_or_else(|| parent.to_string());
                append(
                    &mut self.model.elements[*i].description,
                    &format!("Inside component `{parent_id}` in the OTM file."),
                );
                self.notes.push(format!(
                    "component `{id}` sits inside component `{parent_id}`: placed in that component's boundary, the nesting kept in its description"
                ));
            }
        }
    }

    fn asset_ids(&mut self, value: Option<&Value>) -> Vec<String> {
        let Some(Value::Array(items)) = value else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|v| v.as_str())
            .filter_map(|s| {
                let found = self.map.get(s).cloned();
                if found.is_none() {
                    self.notes.push(format!(
                        "asset `{s}` is referenced but not declared: left out"
                    ));
                }
                found
            })
            .collect()
    }

    fn dataflows(&mut self, root: &Value) {
        for d in list(root, "dataflows") {
            let source_id = text_of(d.get("id"));
            let name = one_line(&text_of(d.get("name")));
            let ends = [text_of(d.get("source")), text_of(d.get("destination"))];
            let mapped: Vec<Option<String>> =
                ends.iter().map(|e| self.map.get(e).cloned()).collect();
            let (Some(Some(from)), Some(Some(to))) = (mapped.first(), mapped.get(1)) else {
                self.notes.push(format!(
                    "dataflow `{source_id}` ({name:?}) joins `{}` and `{}`, which are not both components: left out",
                    ends[0], ends[1]
                ));
                continue;
            };
            let flow = own::<Flow>(d).unwrap_or_else(|| {
                let mut flow = Flow::new("", from.clone(), to.clone(), Protocol::Other);
                flow.label = name.clone();
                flow.bidirectional = d
                    .get("bidirectional")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                flow.data = self.asset_ids(d.get("assets"));
                flow.tags = strings_at(d, "tags");
                flow.description = text_of(d.get("description"));
                append(&mut flow.description, &other_attributes(d));
                let text = d
                    .pointer("/attributes/protocol")
                    .map(|p| text_of(Some(p)))
                    .unwrap_or_default();
                let (p, e) = crate::import::interchange::vocabulary::protocol(&text);
                flow.encryption = e;
                match p {
                    Some(p) => flow.protocol = p,
                    None => self.notes.push(format!(
                        "dataflow `{source_id}` has no protocol (OTM has none): set to Other"
                    )),
                }
                flow
            });
            let from_threatmap = !flow.id.is_empty();
            let id = if from_threatmap {
                self.ids.take(&flow.id)
            } else {
                self.ids.assign(
                    &source_id,
                    if name.is_empty() { "flow" } else { &name },
                    "flow",
                )
            };
            self.map.insert(source_id, id.clone());
            self.model.flows.push(Flow {
                id: id.clone(),
                source: from.clone(),
                target: to.clone(),
                ..flow
            });
            self.threats(root, d, &id);
        }
    }

    fn threats(&mut self, root: &Value, item: &Value, target: &str) {
        let definitions = list(root, "threats");
        let mitigations = list(root, "mitigations");
        for instance in list(item, "threats") {
            let reference = text_of(instance.get("threat"));
            let Some(def) = definitions
                .iter()
                .find(|t| text_of(t.get("id")) == reference)
            else {
                self.notes.push(format!(
                    "`{target}` names threat `{reference}`, which the file does not define: left out"
                ));
                continue;
            };
            let exported = own::<Threat>(def);
            let from_threatmap = exported.is_some();
            let mut threat = exported.unwrap_or_else(|| {
                let mut t = Threat::new("", one_line(&text_of(def.get("name"))), target);
                if t.title.is_empty() {
                    t.title = "Untitled threat".into();
                }
                let categories = strings_at(def, "categories");
                t.stride = stride_letters(&categories.join(" "));
                for c in categories.iter().filter(|c| stride_letters(c).is_empty()) {
                    t.tags.push(format!("category:{c}"));
                }
                for cwe in strings_at(def, "cwes") {
                    t.tags.push(cwe);
                }
                t.tags.extend(strings_at(def, "tags"));
                t.likelihood = rating(def.pointer("/risk/likelihood").and_then(Value::as_f64));
                t.impact = rating(def.pointer("/risk/impact").and_then(Value::as_f64));
                t.description = text_of(def.get("description"));
                for key in ["likelihoodComment", "impactComment"] {
                    let c = text_of(def.pointer(&format!("/risk/{key}")));
                    append(&mut t.description, &c);
                }
                append(&mut t.description, &other_attributes(def));
                t
            });
            threat.target = target.to_string();
            threat.id = if threat.id.is_empty() {
                self.threat_ids.assign(&reference, &threat.title, "threat")
            } else {
                self.threat_ids.take(&threat.id)
            };
            let instance_mitigations = if from_threatmap {
                &[][..]
            } else {
                list(instance, "mitigations")
            };
            for m in instance_mitigations {
                let mid = text_of(m.get("mitigation"));
                let state = text_of(m.get("state"));
                let name = mitigations
                    .iter()
                    .find(|x| text_of(x.get("id")) == mid)
                    .map(|x| {
                        let mut s = text_of(x.get("name"));
                        append(&mut s, &text_of(x.get("description")));
                        one_line(&s)
                    })
                    .unwrap_or(mid);
                let line = format!(
                    "{name} ({})",
                    if state.is_empty() { "no state" } else { &state }
                );
                if !threat.mitigation_note.contains(&line) {
                    append(&mut threat.mitigation_note, &line);
                }
            }
            let state = text_of(instance.get("state"));
            let decided = self
                .model
                .triage
                .iter()
                .any(|t| t.finding == threat.finding_id());
            match status(&state) {
                _ if decided => {}
                Some(TriageStatus::Open) => {}
                Some(s) => self.model.triage.push(Triage::new(threat.finding_id(), s)),
                None if state.is_empty() => {}
                None => self.notes.push(format!(
                    "threat `{}`'s state {state:?} is unknown: left open",
                    threat.id
                )),
            }
            self.model.threats.push(threat);
        }
    }

    /// Positions from the first diagram representation, relative to parents.
    fn layout(&mut self, root: &Value) {
        if !self.model.layout.is_empty() {
            return;
        }
        let mut own_pos: HashMap<String, ((f64, f64), Option<String>)> = HashMap::new();
        let items = list(root, "trustZones")
            .iter()
            .chain(list(root, "components"));
        for item in items {
            let id = text_of(item.get("id"));
            let pos = list(item, "representations").iter().find_map(|r| {
                let p = r.get("position")?;
                Some((p.get("x")?.as_f64()?, p.get("y")?.as_f64()?))
            });
            let parent = item
                .pointer("/parent/trustZone")
                .or_else(|| item.pointer("/parent/component"))
                .map(|p| text_of(Some(p)));
            if let Some(pos) = pos {
                own_pos.insert(id, (pos, parent));
            }
        }
        let absolute = |id: &str| {
            let mut at = (0.0, 0.0);
            let mut current = Some(id.to_string());
            for _ in 0..32 {
                let Some(c) = current.take() else { break };
                let Some(((x, y), parent)) = own_pos.get(&c) else {
                    break;
                };
                at = (at.0 + x, at.1 + y);
                current = parent.clone().filter(|p| p != &c);
            }
            at
        };
        let mut pixels = BTreeMap::new();
        for c in list(root, "components") {
            let source = text_of(c.get("id"));
            if own_pos.contains_key(&source) {
                if let Some(id) = self.map.get(&source) {
                    pixels.insert(id.clone(), absolute(&source));
                }
            }
        }
        if !pixels.is_empty() {
            self.model.layout = scale_to_cells(&pixels);
        }
    }
}
