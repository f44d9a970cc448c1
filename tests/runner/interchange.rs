//! Import from Threat Dragon, Threagile, OTM and Microsoft TMT, and export to
//! Threat Dragon and OTM: real files from those tools (in `../shared`, skipped
//! loudly when absent), samples of our own, schema validity and round trips.

use crate::common::shared;

use std::path::{Path, PathBuf};

use serde_json::Value;
use threatmap::export::{otm, threat_dragon};
use threatmap::import::{Converted, Tool, import};
use threatmap::model::{Model, TriageStatus, parse_str, to_canonical_string};

fn convert(tool: Tool, path: &Path) -> Converted {
    let text = std::fs::read_to_string(path).expect("readable");
    let file = path.display().to_string();
    let converted = import(tool, &text, &file).unwrap_or_else(|e| panic!("{file} imports: {e:?}"));
    // The model loads and checks like a file written by hand.
    let canonical = to_canonical_string(&converted.model);
    parse_str(&canonical, &file).unwrap_or_else(|e| panic!("{file}: {:?}", e.diagnostics()));
    converted
}

/// (elements, flows, boundaries, data assets, threats) as counted in the source.
type Counts = (usize, usize, usize, usize, usize);

fn counts(m: &Model) -> Counts {
    (
        m.elements.len(),
        m.flows.len(),
        m.boundaries.len(),
        m.data.len(),
        m.threats.len(),
    )
}

fn element<'a>(m: &'a Model, name: &str) -> &'a threatmap::model::Element {
    m.elements
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no element named {name:?}"))
}

fn boundary_name(m: &Model, id: Option<&str>) -> Option<String> {
    let id = id?;
    m.boundaries
        .iter()
        .find(|b| b.id == id)
        .map(|b| b.name.clone())
}

/// Threat Dragon cells by shape, and threats on cells, counted in the file.
fn td_source_counts(path: &Path) -> (usize, usize, usize, usize) {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
    let (mut nodes, mut flows, mut boundaries, mut threats) = (0, 0, 0, 0);
    for d in v["detail"]["diagrams"].as_array().expect("diagrams") {
        for c in d["cells"].as_array().expect("cells") {
            match c["shape"].as_str().unwrap_or("") {
                "actor" | "process" | "store" => nodes += 1,
                "flow" => flows += 1,
                "trust-boundary-box" | "trust-boundary-curve" => boundaries += 1,
                _ => {}
            }
            threats += c["data"]["threats"].as_array().map_or(0, Vec::len);
        }
    }
    (nodes, flows, boundaries, threats)
}

#[test]
fn real_threat_dragon_files_import_with_the_sources_counts() {
    for name in ["v2-threat-model.json", "three-tier-web-app.json"] {
        let Some(path) = shared(&format!("interchange/threat-dragon-v2/{name}")) else {
            return;
        };
        let c = convert(Tool::ThreatDragon, &path);
        let (nodes, flows, boundaries, threats) = td_source_counts(&path);
        let m = &c.model;
        assert_eq!(m.elements.len(), nodes, "{name}: elements");
        assert_eq!(m.flows.len(), flows, "{name}: flows");
        assert_eq!(m.boundaries.len(), boundaries, "{name}: boundaries");
        assert_eq!(m.threats.len(), threats, "{name}: threats");
        assert_eq!(
            m.layout.len(),
            m.elements.len(),
            "{name}: every element is placed"
        );
    }
    let Some(path) = shared("interchange/threat-dragon-v2/three-tier-web-app.json") else {
        return;
    };
    let m = convert(Tool::ThreatDragon, &path).model;
    assert_eq!(
        boundary_name(&m, element(&m, "Web UI").boundary.as_deref()).as_deref(),
        Some("Internet")
    );
    assert_eq!(
        boundary_name(&m, element(&m, "Web Service").boundary.as_deref()).as_deref(),
        Some("Public Cloud")
    );
    assert_eq!(
        boundary_name(&m, element(&m, "PostgresSQL").boundary.as_deref()).as_deref(),
        Some("Public Cloud")
    );
    let Some(path) = shared("interchange/threat-dragon-v2/v2-threat-model.json") else {
        return;
    };
    let c = convert(Tool::ThreatDragon, &path);
    let m = &c.model;
    // The dangling "Web Request" is attached to the browser it was drawn at.
    let request = m
        .flows
        .iter()
        .find(|f| f.label == "Web Request")
        .expect("flow");
    assert_eq!(request.source, element(m, "Browser").id);
    assert!(
        c.approximations
            .iter()
            .any(|a| a.contains("loose source end"))
    );
    // Statuses become decisions: four threats are Mitigated in the file.
    let mitigated = m
        .triage
        .iter()
        .filter(|t| t.status == TriageStatus::Mitigated)
        .count();
    assert_eq!(mitigated, 4);
    assert!(m.description.contains("Diagram note: A Demo Threat Model"));
}

#[test]
fn real_threagile_files_import_with_the_sources_counts() {
    let cases: [(&str, Counts); 2] = [
        ("demo-example-threagile.yaml", (14, 20, 5, 12, 2)),
        ("demo-stub-threagile.yaml", (2, 1, 1, 1, 1)),
    ];
    for (name, expected) in cases {
        let Some(path) = shared(&format!("interchange/threagile/{name}")) else {
            return;
        };
        let m = convert(Tool::Threagile, &path).model;
        assert_eq!(counts(&m), expected, "{name}");
        assert!(
            m.layout.is_empty(),
            "Threagile has no positions: the workbench lays it out"
        );
    }
    let Some(path) = shared("interchange/threagile/demo-example-threagile.yaml") else {
        return;
    };
    let m = convert(Tool::Threagile, &path).model;
    // `<<: *customer-contracts` merge keys: the inherited confidentiality is kept.
    let summaries = m
        .data
        .iter()
        .find(|d| d.id == "contract-summaries")
        .expect("merged asset");
    assert!(
        summaries.description.contains("owner = Company XYZ"),
        "{}",
        summaries.description
    );
    // Nested boundaries: the web DMZ sits in the application network.
    let dmz = m
        .boundaries
        .iter()
        .find(|b| b.id == "web-dmz")
        .expect("boundary");
    assert_eq!(dmz.parent.as_deref(), Some("application-network"));
    assert!(
        m.description.contains("unencrypted-asset@*"),
        "tracking of Threagile's own rules kept"
    );
}

#[test]
fn real_otm_files_import_with_the_sources_counts() {
    let cases: [(&str, Counts); 2] = [
        ("otm-spec-EXAMPLE.json", (4, 2, 2, 2, 2)),
        ("startleft-nested_tz.otm", (4, 2, 3, 0, 0)),
    ];
    for (name, expected) in cases {
        let Some(path) = shared(&format!("interchange/otm/{name}")) else {
            return;
        };
        let m = convert(Tool::Otm, &path).model;
        assert_eq!(counts(&m), expected, "{name}");
    }
}

#[test]
fn the_real_tm7_file_imports_with_the_sources_counts_and_nesting() {
    let Some(path) = shared("interchange/tm7/MTMT_nested_tz.tm7") else {
        return;
    };
    let c = convert(Tool::Tmt, &path);
    let m = &c.model;
    assert_eq!(counts(m), (4, 3, 3, 0, 16));
    let sandbox = element(m, "Sandbox Mongo");
    assert_eq!(
        boundary_name(m, sandbox.boundary.as_deref()).as_deref(),
        Some("Sandbox environment")
    );
    let inner = m
        .boundaries
        .iter()
        .find(|b| b.name == "Sandbox environment")
        .expect("boundary");
    assert_eq!(
        boundary_name(m, inner.parent.as_deref()).as_deref(),
        Some("Generic Trust Border Boundary")
    );
    assert_eq!(element(m, "Customer web client").boundary, None);
    let https = m.flows.iter().find(|f| f.label == "HTTPS").expect("flow");
    assert_eq!(https.protocol, threatmap::model::Protocol::Https);
}

#[test]
fn own_threat_dragon_sample_nests_boxes_and_keeps_what_has_no_field() {
    let c = convert(
        Tool::ThreatDragon,
        Path::new("tests/fixtures/interchange/nested-boxes.td.json"),
    );
    let m = &c.model;
    assert_eq!(
        boundary_name(m, element(m, "Card vault").boundary.as_deref()).as_deref(),
        Some("Payments host")
    );
    assert_eq!(
        boundary_name(m, element(m, "Shop API").boundary.as_deref()).as_deref(),
        Some("Corporate network")
    );
    assert_eq!(element(m, "Customer").boundary, None);
    let host = m
        .boundaries
        .iter()
        .find(|b| b.name == "Payments host")
        .expect("boundary");
    assert_eq!(host.parent.as_deref(), Some("corporate-network"));
    // The id `a>b` is no threatmap id: the element is named from its label.
    assert_eq!(element(m, "Customer").id, "customer");
    let charge = m.flows.iter().find(|f| f.label == "Charge").expect("flow");
    assert!(charge.tags.contains(&"protocol:Bluetooth".to_string()));
    let order = m.flows.iter().find(|f| f.label == "Order").expect("flow");
    assert_eq!(order.protocol, threatmap::model::Protocol::Http);
    assert_eq!(order.encryption, threatmap::model::Encryption::Tls);
    // The flow to nowhere gets a stand-in, and the summary says so.
    assert!(
        m.elements
            .iter()
            .any(|e| e.tags.contains(&"placeholder".to_string()))
    );
    assert!(c.to_string().contains("one element more than the source"));
    let decided: Vec<_> = m
        .triage
        .iter()
        .map(|t| (t.finding.as_str(), t.status))
        .collect();
    assert!(decided.contains(&("key-theft@card-vault", TriageStatus::FalsePositive)));
    assert!(decided.contains(&("replay@charge", TriageStatus::Mitigated)));
}

#[test]
fn own_threagile_sample_reads_the_newer_dialect_and_merge_keys() {
    let c = convert(
        Tool::Threagile,
        Path::new("tests/fixtures/interchange/dialect2-anchors.threagile.yaml"),
    );
    let m = &c.model;
    let tokens = m
        .data
        .iter()
        .find(|d| d.id == "session-tokens")
        .expect("asset");
    assert!(tokens.description.contains("Bearer tokens"));
    assert!(
        tokens.description.contains("integrity = important"),
        "inherited through <<: *base"
    );
    assert!(tokens.credentials);
    let threat = &m.threats[0];
    assert_eq!(
        (
            threat.id.as_str(),
            threat.target.as_str(),
            threat.stride.as_str()
        ),
        ("coupon-stacking", "web-shop", "T")
    );
    let record = &m.triage[0];
    assert_eq!(record.status, TriageStatus::InProgress);
    assert_eq!(record.reference.as_deref(), Some("SHOP-7"));
    assert!(c.approximations.iter().any(|a| a.contains("not-an-asset")));
    let db = m
        .elements
        .iter()
        .find(|e| e.id == "orders-db")
        .expect("store");
    assert_eq!(db.boundary.as_deref(), Some("db-net"));
    assert_eq!(
        m.boundaries
            .iter()
            .find(|b| b.id == "db-net")
            .and_then(|b| b.parent.as_deref()),
        Some("cloud")
    );
}

#[test]
fn own_otm_yaml_0_1_sample_imports() {
    let c = convert(
        Tool::Otm,
        Path::new("tests/fixtures/interchange/v01.otm.yaml"),
    );
    let m = &c.model;
    assert_eq!(counts(m), (4, 2, 3, 0, 1));
    assert_eq!(element(m, "API worker").boundary.as_deref(), Some("app"));
    assert_eq!(m.triage[0].status, TriageStatus::Mitigated);
    assert!(m.threats[0].mitigation_note.contains("Prepared statements"));
    assert!(c.approximations.iter().any(|a| a.contains("ghost")));
}

#[test]
fn own_tm7_sample_imports() {
    let m = convert(Tool::Tmt, Path::new("tests/fixtures/interchange/small.tm7")).model;
    assert_eq!(counts(&m), (2, 1, 1, 0, 1));
    assert_eq!(
        element(&m, "Orders API").boundary.as_deref(),
        Some("azure-subscription")
    );
    assert!(
        element(&m, "Orders API")
            .description
            .contains("Code Type = Managed")
    );
    assert_eq!(m.triage[0].status, TriageStatus::Mitigated);
}

#[test]
fn bad_input_is_refused_with_a_located_error() {
    let e =
        import(Tool::ThreatDragon, "{\n  \"summary\": [,]\n}", "bad.json").expect_err("refused");
    assert_eq!((e[0].line, e[0].column), (2, 15), "{e:?}");
    let e = import(Tool::Threagile, "title: x\n  bad: [", "bad.yaml").expect_err("refused");
    assert!(e[0].message.contains("invalid YAML"), "{e:?}");
    let e = import(Tool::Tmt, "<ThreatModel><a></ThreatModel>", "bad.tm7").expect_err("refused");
    assert!(e[0].message.contains("invalid XML"), "{e:?}");
    let e = import(Tool::Otm, "{}", "empty.otm").expect_err("refused");
    assert!(e[0].message.contains("otmVersion"), "{e:?}");
}

#[test]
fn repeated_keys_are_refused_not_last_wins() {
    // A second `components` would silently replace the first in JSON.
    let otm = "{\"otmVersion\": \"0.2.0\", \"project\": {\"name\": \"p\", \"id\": \"p\"},\n \"components\": [],\n \"components\": []}";
    let e = import(Tool::Otm, otm, "dup.otm").expect_err("refused");
    assert_eq!((e[0].line, e[0].column), (3, 2), "{e:?}");
    assert!(
        e[0].message
            .contains("`components` is written again at the top level (first at line 2, column 2)"),
        "{e:?}"
    );
    // YAML refuses a repeated key too (its parser's own check).
    let e = import(Tool::Threagile, "title: a\ntitle: b\n", "dup.yaml").expect_err("refused");
    assert!(e[0].message.contains("duplicate entry"), "{e:?}");
}

// ---- export ----

fn models() -> Vec<(String, Model)> {
    let mut out = Vec::new();
    for dir in ["models", "tests/fixtures/valid"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        paths.sort();
        for p in paths {
            let loaded = threatmap::model::load(&p).expect("loads");
            out.push((p.display().to_string(), loaded.model));
        }
    }
    assert!(out.len() >= 8);
    out
}

fn positions(m: &Model) -> threatmap::export::Positions {
    threatmap::layout::auto_positions(m)
}

/// The schema with OpenAPI's `nullable: true` spelled as JSON Schema's `null` type.
fn nullable_to_null(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type").cloned() {
                    map.insert("type".into(), serde_json::json!([t, "null"]));
                }
            }
            map.values_mut().for_each(nullable_to_null);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_null),
        _ => {}
    }
}

fn validator(name: &str) -> Option<jsonschema::Validator> {
    let path = shared(&format!("reference/{name}"))?;
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
    nullable_to_null(&mut schema);
    Some(jsonschema::validator_for(&schema).expect("schema compiles"))
}

fn assert_valid(v: &jsonschema::Validator, text: &str, what: &str) {
    let doc: Value = serde_json::from_str(text).expect("JSON");
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn exports_of_every_example_validate_against_the_schemas() {
    let (Some(td), Some(otm_schema)) = (
        validator("threat-dragon-v2-schema.json"),
        validator("otm-schema.json"),
    ) else {
        return;
    };
    for (name, m) in models() {
        let p = positions(&m);
        let a = threat_dragon::render(&m, &p);
        assert_valid(&td, &a, &name);
        assert_eq!(a, threat_dragon::render(&m, &p), "{name}: deterministic");
        let b = otm::render(&m, &p);
        assert_valid(&otm_schema, &b, &name);
        assert_eq!(b, otm::render(&m, &p), "{name}: deterministic");
    }
}

#[test]
fn threatmap_to_otm_to_threatmap_loses_nothing() {
    for (name, m) in models() {
        let text = otm::render(&m, &positions(&m));
        let back = import(Tool::Otm, &text, "export.otm")
            .expect("re-imports")
            .model;
        let mut expected = m.clone();
        threatmap::model::save::canonicalize(&mut expected);
        assert_eq!(back, expected, "{name}");
    }
}

/// A threat's title and target with its decision.
type Decided = (String, String, Option<TriageStatus>);
/// Element, flow and boundary names, and the threats with their decisions.
type Essence = (Vec<String>, Vec<String>, Vec<String>, Vec<Decided>);

/// Names, and threat titles with their status, for comparing across a trip.
fn essence(m: &Model) -> Essence {
    let mut e: Vec<String> = m.elements.iter().map(|x| x.name.clone()).collect();
    let mut f: Vec<String> = m.flows.iter().map(|x| x.label.clone()).collect();
    let mut b: Vec<String> = m.boundaries.iter().map(|x| x.name.clone()).collect();
    let mut t: Vec<_> = m
        .threats
        .iter()
        .map(|x| {
            let status = m
                .triage
                .iter()
                .find(|r| r.finding == x.finding_id())
                .map(|r| r.status);
            (x.title.clone(), x.target.clone(), status)
        })
        .collect();
    e.sort();
    f.sort();
    b.sort();
    t.sort();
    (e, f, b, t)
}

#[test]
fn threat_dragon_to_threatmap_to_threat_dragon_keeps_everything() {
    let mut files = vec![PathBuf::from(
        "tests/fixtures/interchange/nested-boxes.td.json",
    )];
    for name in ["v2-threat-model.json", "three-tier-web-app.json"] {
        if let Some(p) = shared(&format!("interchange/threat-dragon-v2/{name}")) {
            files.push(p);
        }
    }
    let td = validator("threat-dragon-v2-schema.json");
    for path in files {
        let first = convert(Tool::ThreatDragon, &path).model;
        let text = threat_dragon::render(&first, &positions(&first));
        if let Some(v) = &td {
            assert_valid(v, &text, &path.display().to_string());
        }
        let second = import(Tool::ThreatDragon, &text, "again.json")
            .expect("re-imports")
            .model;
        assert_eq!(essence(&second), essence(&first), "{}", path.display());
        assert_eq!(second.data.len(), first.data.len(), "{}", path.display());
        let members = |m: &Model| {
            let mut v: Vec<(String, Option<String>)> = m
                .elements
                .iter()
                .map(|e| (e.name.clone(), boundary_name(m, e.boundary.as_deref())))
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            members(&second),
            members(&first),
            "{}: boxes drawn around members",
            path.display()
        );
    }
}
