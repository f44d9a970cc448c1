//! `threatmap import tmt`: a Microsoft Threat Modeling Tool `.tm7` file as a
//! model.
//!
//! A `.tm7` file is the XML of a .NET data-contract serialisation. Stencils
//! `GE.EI` (external interactors), `GE.P` (processes) and `GE.DS` (data
//! stores) become elements, connectors `GE.DF` flows, boundary boxes
//! `GE.TB.B` boundaries (membership by geometry: the innermost box around an
//! element's centre), boundary lines `GE.TB.L` boundaries without members,
//! and threat instances threats on their flows, their state a triage
//! decision. The embedded knowledge base is skipped.

mod xml;

use std::collections::{BTreeMap, HashMap};

use roxmltree::Node;

use super::interchange::geometry::{Rect, innermost, parent_box, scale_to_cells};
use super::interchange::vocabulary::{protocol, severity, status, stride_letters};
use super::interchange::{Converted, Ids, append, drawn_boundary, loose_end, one_line, refuse};
use crate::diagnostic::Diagnostic;
use crate::model::{
    DataStore, Element, ElementKind, Encryption, External, Flow, Model, Process, Protocol, Threat,
    Triage, TriageStatus,
};
use xml::{child, child_text, local, properties};

/// A loose connector end farther than this (in pixels) from every element
/// is not attached to any.
const SNAP_PX: f64 = 60.0;
const NIL_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// Reads a `.tm7` file; `file` names it in diagnostics.
pub fn import_tmt(text: &str, file: &str) -> Result<Converted, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        refuse(
            file,
            (pos.row as usize, pos.col as usize),
            format!("invalid XML: {e}"),
            "a .tm7 file is the XML the Threat Modeling Tool saves; check that the file is complete",
        )
    })?;
    let root = doc.root_element();
    if local(root) != "ThreatModel" {
        return Err(refuse(
            file,
            (1, 1),
            format!(
                "this is not a Threat Modeling Tool model: its root is <{}>",
                local(root)
            ),
            "open the model in the Threat Modeling Tool and save it as .tm7",
        ));
    }
    let mut b = Build::default();
    b.model.name = child(root, "MetaInformation")
        .map(|m| child_text(m, "ThreatModelName"))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Imported from the Threat Modeling Tool".to_string());
    if let Some(meta) = child(root, "MetaInformation") {
        for (key, label) in [
            ("HighLevelSystemDescription", ""),
            ("Assumptions", "Assumptions: "),
            ("ExternalDependencies", "External dependencies: "),
        ] {
            let text = child_text(meta, key);
            if !text.trim().is_empty() {
                append(&mut b.model.description, &format!("{label}{}", text.trim()));
            }
        }
        for key in ["Owner", "Contributors", "Reviewer"] {
            let who = child_text(meta, key);
            if !who.trim().is_empty() && !b.model.owners.contains(&who) {
                b.model.owners.push(who);
            }
        }
    }
    let surfaces: Vec<Node> = child(root, "DrawingSurfaceList")
        .map(|l| {
            l.children()
                .filter(|n| local(*n) == "DrawingSurfaceModel")
                .collect()
        })
        .unwrap_or_default();
    if surfaces.len() > 1 {
        b.notes.push(format!(
            "{} diagrams were joined into one model, placed one below the other",
            surfaces.len()
        ));
    }
    for surface in surfaces {
        b.surface(surface);
    }
    if let Some(threats) = child(root, "ThreatInstances") {
        for instance in threats.children().filter(|n| n.is_element()) {
            if let Some(value) = child(instance, "Value") {
                b.threat(value);
            }
        }
    }
    b.model.layout = scale_to_cells(&b.pixels);
    crate::model::save::canonicalize(&mut b.model);
    Ok(Converted {
        model: b.model,
        tool: "Microsoft Threat Modeling Tool",
        approximations: b.notes,
    })
}

#[derive(Default)]
struct Build {
    model: Model,
    ids: Ids,
    threat_ids: Ids,
    notes: Vec<String>,
    /// Stencil and connector guids → threatmap ids.
    map: HashMap<String, String>,
    pixels: BTreeMap<String, (f64, f64)>,
    y_offset: f64,
}

fn number(node: Node, name: &str) -> Option<f64> {
    child_text(node, name)
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

impl Build {
    fn surface(&mut self, surface: Node) {
        let items = |section: &str| -> Vec<Node> {
            child(surface, section)
                .map(|s| s.children().filter_map(|kv| child(kv, "Value")).collect())
                .unwrap_or_default()
        };
        let borders = items("Borders");
        let lines = items("Lines");
        let mut boxes: Vec<(String, Rect)> = Vec::new();
        let mut nodes: Vec<(String, Rect)> = Vec::new();
        let mut bottom = self.y_offset;
        let rect = |n: Node, dy: f64| -> Option<Rect> {
            Some(Rect {
                x: number(n, "Left")?,
                y: number(n, "Top")? + dy,
                width: number(n, "Width").unwrap_or(100.0),
                height: number(n, "Height").unwrap_or(100.0),
            })
        };
        for n in &borders {
            if child_text(*n, "GenericTypeId") != "GE.TB.B" {
                continue;
            }
            let props = properties(*n);
            let name = one_line(props.get("Name").map_or("", String::as_str));
            let id = self.boundary(&name, &props, None);
            self.map.insert(child_text(*n, "Guid"), id.clone());
            if let Some(r) = rect(*n, self.y_offset) {
                boxes.push((id, r));
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
        for n in &borders {
            let generic = child_text(*n, "GenericTypeId");
            let type_id = child_text(*n, "TypeId");
            let kind = match generic.as_str() {
                "GE.EI" => ElementKind::External(External::default()),
                "GE.P" => ElementKind::Process(Process::default()),
                "GE.DS" => ElementKind::DataStore(DataStore::default()),
                "GE.TB.B" => continue,
                other => {
                    self.notes.push(format!(
                        "a stencil of type `{other}` was not understood and was skipped"
                    ));
                    continue;
                }
            };
            let props = properties(*n);
            let name = match one_line(props.get("Name").map_or("", String::as_str)) {
                s if s.is_empty() => "Unnamed element".to_string(),
                s => s,
            };
            let r = rect(*n, self.y_offset);
            let boundary = r
                .as_ref()
                .and_then(|r| innermost(r, &rects))
                .map(|i| boxes[i].0.clone());
            let id = self.ids.assign("", &name, "element");
            self.map.insert(child_text(*n, "Guid"), id.clone());
            if let Some(r) = r {
                self.pixels.insert(id.clone(), (r.x, r.y));
                bottom = bottom.max(r.y + r.height);
                nodes.push((id.clone(), r));
            }
            let mut description =
                describe(&props, &["Name", "Out Of Scope", "Reason For Out Of Scope"]);
            if type_id != generic && !type_id.is_empty() {
                append(&mut description, &format!("TMT stencil: {type_id}"));
            }
            let out = props
                .get("Out Of Scope")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            if let Some(reason) = props
                .get("Reason For Out Of Scope")
                .filter(|r| !r.trim().is_empty())
            {
                append(&mut description, &format!("Out of scope: {reason}"));
            }
            self.model.elements.push(Element {
                boundary,
                description,
                in_scope: !out,
                ..Element::new(id, name, kind)
            });
        }
        for n in &lines {
            let props = properties(*n);
            let name = one_line(props.get("Name").map_or("", String::as_str));
            match child_text(*n, "GenericTypeId").as_str() {
                "GE.DF" => self.connector(*n, &name, &props, &nodes),
                "GE.TB.L" => {
                    let line = format!(
                        "Drawn in the Threat Modeling Tool as a boundary line from ({}, {}) to ({}, {}); a line has no inside, so no element is placed in this boundary.",
                        child_text(*n, "SourceX"),
                        child_text(*n, "SourceY"),
                        child_text(*n, "TargetX"),
                        child_text(*n, "TargetY")
                    );
                    let id = self.boundary(&name, &props, Some(line));
                    self.map.insert(child_text(*n, "Guid"), id.clone());
                    self.notes.push(format!(
                        "boundary line `{id}` became a boundary without members (a line has no inside)"
                    ));
                }
                other => self.notes.push(format!(
                    "a line of type `{other}` was not understood and was skipped"
                )),
            }
        }
        self.y_offset = bottom + 200.0;
    }

    fn boundary(
        &mut self,
        name: &str,
        props: &BTreeMap<String, String>,
        line: Option<String>,
    ) -> String {
        let mut description = describe(props, &["Name", "Dataflow Order"]);
        if let Some(line) = line {
            append(&mut description, &line);
        }
        let boundary = drawn_boundary(&mut self.ids, &self.model, name, description);
        let id = boundary.id.clone();
        self.model.boundaries.push(boundary);
        id
    }

    fn connector(
        &mut self,
        n: Node,
        name: &str,
        props: &BTreeMap<String, String>,
        nodes: &[(String, Rect)],
    ) {
        let label = if name.is_empty() { "flow" } else { name };
        let id = self.ids.assign("", label, "flow");
        self.map.insert(child_text(n, "Guid"), id.clone());
        let mut ends = Vec::new();
        for end in ["Source", "Target"] {
            let guid = child_text(n, &format!("{end}Guid"));
            let known = (guid != NIL_GUID)
                .then(|| self.map.get(&guid).cloned())
                .flatten();
            let point = number(n, &format!("{end}X"))
                .zip(number(n, &format!("{end}Y")).map(|y| y + self.y_offset));
            let found = known.or_else(|| {
                let (x, y) = point?;
                let (near, distance) = nodes
                    .iter()
                    .map(|(id, r)| (id, r.distance((x, y))))
                    .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(b.0)))?;
                (distance <= SNAP_PX).then(|| {
                    self.notes.push(format!(
                        "flow `{id}` had a loose {} end at ({x}, {y}); it was attached to the nearest element `{near}`",
                        end.to_lowercase()
                    ));
                    near.clone()
                })
            });
            let end_id = found.unwrap_or_else(|| self.placeholder(&id, &end.to_lowercase(), point));
            ends.push(end_id);
        }
        let [source, target]: [String; 2] = match ends.try_into() {
            Ok(pair) => pair,
            Err(_) => return,
        };
        let (mapped, encryption) = protocol(name);
        let mut flow = Flow::new(
            id.clone(),
            source,
            target,
            mapped.unwrap_or(Protocol::Other),
        );
        if mapped.is_none() {
            self.notes.push(format!(
                "flow `{id}` names no protocol threatmap knows ({name:?}): set to Other"
            ));
        }
        flow.label = name.to_string();
        flow.encryption = encryption;
        if props
            .get("Physical Network")
            .is_some_and(|v| v.contains("Internet"))
        {
            flow.tags.push("public-network".into());
        }
        if props
            .values()
            .any(|v| v.contains("HTTPS") || v.contains("TLS"))
            && flow.encryption == Encryption::None
        {
            flow.encryption = Encryption::Tls;
        }
        flow.description = describe(props, &["Name", "Dataflow Order"]);
        self.model.flows.push(flow);
    }

    fn placeholder(&mut self, flow: &str, end: &str, at: Option<(f64, f64)>) -> String {
        let (element, note) = loose_end(&mut self.ids, "The Threat Modeling Tool", flow, end);
        let id = element.id.clone();
        if let Some(at) = at {
            self.pixels.insert(id.clone(), at);
        }
        self.model.elements.push(element);
        self.notes.push(note);
        id
    }

    fn threat(&mut self, value: Node) {
        let props = properties(value);
        let flow_guid = child_text(value, "FlowGuid");
        let target = self
            .map
            .get(&flow_guid)
            .or_else(|| self.map.get(&child_text(value, "TargetGuid")))
            .cloned();
        let title = props
            .get("Title")
            .cloned()
            .unwrap_or_else(|| child_text(value, "Title"));
        let Some(target) = target else {
            self.notes.push(format!(
                "threat {:?} is on an item not in any diagram: left out",
                one_line(&title)
            ));
            return;
        };
        let type_id = child_text(value, "TypeId");
        let number = child_text(value, "Id");
        let id = self
            .threat_ids
            .assign("", &format!("tmt {type_id} {number}"), "threat");
        let mut threat = Threat::new(id, one_line(&title), target);
        if threat.title.is_empty() {
            threat.title = "Untitled threat".into();
        }
        let category = props.get("UserThreatCategory").cloned().unwrap_or_default();
        threat.stride = stride_letters(&category);
        if threat.stride.is_empty() && !category.is_empty() {
            threat.tags.push(format!("category:{category}"));
        }
        threat.severity = severity(&child_text(value, "Priority"));
        threat.description = props
            .get("UserThreatDescription")
            .cloned()
            .unwrap_or_default();
        if let Some(m) = props.get("PossibleMitigations") {
            threat.mitigation_note = m.clone();
        }
        if !type_id.is_empty() {
            threat.tags.push(format!("tmt:{type_id}"));
        }
        let justification = props
            .get("StateInformation")
            .cloned()
            .unwrap_or_else(|| child_text(value, "StateInformation"));
        let state = child_text(value, "State");
        let decision = match state.as_str() {
            "AutoGenerated" | "NotStarted" | "" => None,
            "NeedsInvestigation" => Some(TriageStatus::InProgress),
            other => status(other),
        };
        if let Some(s) = decision {
            let mut record = Triage::new(threat.finding_id(), s);
            record.note = one_line(&justification);
            self.model.triage.push(record);
        } else if !matches!(state.as_str(), "AutoGenerated" | "NotStarted" | "") {
            self.notes.push(format!(
                "threat `{}`'s state {state:?} is unknown: left open",
                threat.id
            ));
        }
        self.model.threats.push(threat);
    }
}

/// An item's TMT properties other than `skip`, as a line for its description.
fn describe(props: &BTreeMap<String, String>, skip: &[&str]) -> String {
    let pairs: Vec<String> = props
        .iter()
        .filter(|(k, v)| {
            !skip.contains(&k.as_str()) && !v.trim().is_empty() && v.as_str() != "Not Selected"
        })
        .map(|(k, v)| format!("{k} = {}", one_line(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("TMT properties: {}", pairs.join("; "))
    }
}
