//! Property: any valid model survives save → load unchanged (up to canonical
//! order), and saving is idempotent.

use std::collections::BTreeSet;

use proptest::prelude::*;
use threatmap::model::{
    Authentication, Authorization, Boundary, BoundaryKind, Classification, Control, DataAsset,
    DataStore, Element, ElementKind, Encryption, Endpoint, External, Flow, Method, Model, Position,
    Privileges, Process, ProcessRole, Protocol, StoreKind, Triage, TriageStatus, parse_str,
    save::canonicalize, to_canonical_string,
};

/// Random choices, consumed in turn while a model is built from them, so that
/// every reference can point at something generated earlier.
struct Picks<'a> {
    numbers: &'a [u32],
    texts: &'a [String],
    next: usize,
}

impl Picks<'_> {
    fn number(&mut self) -> u32 {
        self.next += 1;
        self.numbers[self.next % self.numbers.len()]
    }
    fn below(&mut self, n: usize) -> usize {
        self.number() as usize % n.max(1)
    }
    fn flag(&mut self) -> bool {
        self.number() % 2 == 0
    }
    fn one<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
    fn text(&mut self) -> String {
        let i = self.below(self.texts.len());
        self.texts[i].clone()
    }
    fn subset(&mut self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter(|_| self.number() % 3 == 0)
            .cloned()
            .collect()
    }
    fn maybe<T>(&mut self, make: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.flag() { Some(make(self)) } else { None }
    }
}

fn build(ids: &BTreeSet<String>, numbers: &[u32], texts: &[String]) -> Model {
    let mut p = Picks {
        numbers,
        texts,
        next: 0,
    };
    let mut boundaries: Vec<Boundary> = Vec::new();
    let mut data = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    let mut flow_ids = Vec::new();
    for id in ids {
        match p.below(4) {
            0 => {
                // Parents are earlier boundaries only, so nesting never cycles.
                let parent = if boundaries.is_empty() || p.flag() {
                    None
                } else {
                    Some(boundaries[p.below(boundaries.len())].id.clone())
                };
                boundaries.push(Boundary {
                    id: id.clone(),
                    name: p.text(),
                    kind: p.one(BoundaryKind::ALL),
                    parent,
                    trust: p.maybe(|p| (p.number() % 11) as u8),
                    description: p.text(),
                });
            }
            1 => data.push(DataAsset {
                id: id.clone(),
                name: p.text(),
                classification: p.one(Classification::ALL),
                personal: p.flag(),
                credentials: p.flag(),
                description: p.text(),
            }),
            2 => elements.push(Element {
                id: id.clone(),
                name: format!("E{}", p.text()),
                kind: ElementKind::External(External::default()),
                boundary: None,
                owner: None,
                description: String::new(),
                tags: Vec::new(),
                in_scope: true,
                controls: Vec::new(),
            }),
            _ => flow_ids.push(id.clone()),
        }
    }
    let boundary_ids: Vec<String> = boundaries.iter().map(|b| b.id.clone()).collect();
    let data_ids: Vec<String> = data.iter().map(|d| d.id.clone()).collect();
    let mut controls: Vec<Control> = Control::BUILT_IN.to_vec();
    controls.push(Control::Custom("team-policy \"v2\"".into()));
    for e in &mut elements {
        e.kind = match p.below(3) {
            0 => ElementKind::External(External {
                human: p.flag(),
                internet_facing: p.flag(),
                third_party: p.flag(),
            }),
            1 => ElementKind::Process(Process {
                role: p.one(ProcessRole::ALL),
                technology: p.text(),
                internet_facing: p.flag(),
                handles: p.subset(&data_ids),
                authentication: p.one(Authentication::ALL),
                authorization: p.one(Authorization::ALL),
                privileges: p.one(Privileges::ALL),
            }),
            _ => ElementKind::DataStore(DataStore {
                store: p.one(StoreKind::ALL),
                stores: p.subset(&data_ids),
                encrypted_at_rest: p.flag(),
                logs: p.flag(),
            }),
        };
        if !boundary_ids.is_empty() && p.flag() {
            e.boundary = Some(p.one(&boundary_ids));
        }
        e.owner = p.maybe(|p| p.text());
        e.description = p.text();
        e.tags = p.subset(&["a".into(), "b".into(), "pii".into()]);
        e.in_scope = p.flag();
        e.controls = (0..p.below(4)).map(|_| p.one(&controls)).collect();
    }
    let element_ids: Vec<String> = elements.iter().map(|e| e.id.clone()).collect();
    let mut flows = Vec::new();
    if !element_ids.is_empty() {
        for id in flow_ids {
            let endpoints = (0..p.below(4))
                .map(|i| Endpoint {
                    method: p.one(Method::ALL),
                    path: format!("/r{i}/{{id{}}}", p.number() % 7),
                    operation_id: p.maybe(|p| format!("op{}", p.number())),
                    summary: p.text(),
                    tags: Vec::new(),
                    authentication: (0..p.below(3))
                        .map(|_| p.one(Authentication::ALL))
                        .collect(),
                    admin: p.flag(),
                    sensitive_flow: p.flag(),
                    takes_url: p.flag(),
                    returns_list: p.flag(),
                    deprecated: p.flag(),
                    login: p.flag(),
                    binds_properties: p.flag(),
                    rate_limited: p.flag(),
                    hidden: p.flag(),
                    unbounded: (0..p.below(2)).map(|_| p.text()).collect(),
                    superseded_by: p.maybe(|p| format!("GET /v{}/r", p.number() % 9)),
                    controls: (0..p.below(2)).map(|_| p.one(&controls)).collect(),
                    ..Endpoint::new(Method::Get, "/")
                })
                .collect();
            flows.push(Flow {
                id,
                source: p.one(&element_ids),
                target: p.one(&element_ids),
                label: p.text(),
                protocol: p.one(Protocol::ALL),
                encryption: p.one(Encryption::ALL),
                authentication: p.one(Authentication::ALL),
                authorization: p.one(Authorization::ALL),
                data: p.subset(&data_ids),
                endpoints,
                controls: (0..p.below(3)).map(|_| p.one(&controls)).collect(),
                response: p.flag(),
                bidirectional: p.flag(),
                tags: Vec::new(),
                description: p.text(),
            });
        }
    }
    let all_ids: Vec<String> = ids.iter().cloned().collect();
    let triage = p
        .subset(&all_ids)
        .into_iter()
        .map(|target| Triage {
            finding: format!("RULE-{}@{target}", p.number() % 5),
            status: p.one(TriageStatus::ALL),
            note: p.text(),
            owner: p.maybe(|p| p.text()),
            reference: None,
            date: p.maybe(|_| "2025-02-28".to_string()),
            reviewer: p.maybe(|p| p.text()),
            until: p.maybe(|_| "2026-12-31".to_string()),
            fingerprint: p.maybe(|p| format!("{:x}", p.number())),
        })
        .collect::<Vec<_>>();
    // One record per finding: keep the first of any repeats.
    let mut seen = BTreeSet::new();
    let triage = triage
        .into_iter()
        .filter(|t| seen.insert(t.finding.clone()))
        .collect();
    let layout = p
        .subset(&element_ids)
        .into_iter()
        .map(|id| {
            (
                id,
                Position {
                    x: p.number() as i32,
                    y: -(p.number() as i32 % 1000),
                },
            )
        })
        .collect();
    Model {
        name: p.text(),
        description: p.text(),
        version: p.text(),
        owners: p.subset(&["x@example.com".into(), "y@example.com".into()]),
        scope: p.text(),
        boundaries,
        data,
        elements,
        flows,
        disabled_rules: p.subset(&["R-1".into(), "R-2".into()]),
        threats: Vec::new(),
        triage,
        layout,
    }
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    let text = prop_oneof![
        Just(String::new()),
        "[a-zA-Z ]{1,12}",
        ".{0,10}",
        Just("quote \" backslash \\ tab \t newline \n".to_string()),
        Just("\u{1b}[2J \u{202e} é ✓ 🔒 r#None".to_string()),
    ];
    prop::collection::vec(text, 1..8)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_the_same_model(
        ids in prop::collection::btree_set("[a-d][a-d0-9._:-]{0,3}", 0..24),
        numbers in prop::collection::vec(any::<u32>(), 1..64),
        texts in texts(),
    ) {
        let model = build(&ids, &numbers, &texts);
        let saved = to_canonical_string(&model);
        let loaded = parse_str(&saved, "generated.ron")
            .map_err(|e| TestCaseError::fail(format!("{:?}\n{saved}", e.diagnostics())))?;
        let mut expected = model.clone();
        canonicalize(&mut expected);
        prop_assert_eq!(&loaded.model, &expected);
        prop_assert_eq!(to_canonical_string(&loaded.model), saved);
    }
}

#[test]
fn variants_named_none_are_written_plainly_and_strings_keep_their_text() {
    let source = r#"Model(
    name: "r#None stays in a string",
    elements: [
        Element(id: "a", name: "A", kind: External()),
        Element(id: "b", name: "B", kind: Process()),
    ],
    flows: [
        Flow(id: "f", source: "a", target: "b", protocol: Https, encryption: Tls, endpoints: [
            Endpoint(method: Get, path: "/public", authentication: [None]),
        ]),
    ],
)"#;
    let model = parse_str(source, "none.ron").expect("valid").model;
    let saved = to_canonical_string(&model);
    assert!(saved.contains("                        None,\n"), "{saved}");
    assert_eq!(
        saved.matches("r#None").count(),
        1,
        "only the name keeps it:\n{saved}"
    );
    let again = parse_str(&saved, "none.ron").expect("reads back").model;
    assert_eq!(again, model);
}
