//! Workbench speed on a 1,000-element model: drawing one frame, and the
//! re-analysis (plus canvas rebuild) that follows one edit.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use threatmap::library::built_in;
use threatmap::model::{
    Boundary, BoundaryKind, DataStore, Element, ElementKind, External, Flow, Model, Process,
    Protocol,
};
use threatmap::tui::{Action, App, render, select_id, update};

mod spec;

/// 1,000 elements in 20 boundaries, each a chain of client → services → store.
fn big_model() -> Model {
    let mut m = Model {
        name: "big".into(),
        ..Model::default()
    };
    for b in 0..20 {
        m.boundaries.push(Boundary {
            id: format!("zone-{b}"),
            name: format!("Zone {b}"),
            kind: if b == 0 {
                BoundaryKind::Internet
            } else {
                BoundaryKind::CloudVpc
            },
            parent: None,
            trust: None,
            description: String::new(),
        });
    }
    for i in 0..1000 {
        let kind = match i % 10 {
            0 => ElementKind::External(External {
                human: true,
                internet_facing: true,
                third_party: false,
            }),
            9 => ElementKind::DataStore(DataStore::default()),
            _ => ElementKind::Process(Process::default()),
        };
        m.elements.push(Element {
            id: format!("e{i}"),
            name: format!("Element number {i}"),
            kind,
            boundary: Some(format!("zone-{}", i / 50)),
            owner: None,
            description: String::new(),
            tags: Vec::new(),
            in_scope: true,
            controls: Vec::new(),
        });
        if i % 10 != 0 {
            m.flows.push(flow(i - 1, i));
        }
        if i % 10 == 5 && i >= 20 {
            m.flows.push(flow(i - 15, i));
        }
    }
    m
}

fn flow(s: usize, t: usize) -> Flow {
    Flow::new(
        format!("f{s}-{t}"),
        format!("e{s}"),
        format!("e{t}"),
        Protocol::Https,
    )
}

fn benches(c: &mut Criterion) {
    let mut app = App::new(
        PathBuf::from("big.ron"),
        big_model(),
        built_in(),
        None,
        "2026-11-28",
    );
    update(&mut app, Action::Resize(200, 60));
    select_id(&mut app, "e505");
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    c.bench_function("render one frame, 1000 elements, 200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| render(black_box(&app), f)).expect("draw");
        })
    });
    c.bench_function("edit + re-analysis + canvas rebuild, 1000 elements", |b| {
        b.iter(|| {
            app.edit(|m| m.elements[3].name.push('x'));
        })
    });
    // The edit a canvas sees most: one box moved on a hand-arranged
    // 1,000-element layout (a step right, then back).
    let mut arranged = App::new(
        PathBuf::from("big.ron"),
        big_model(),
        built_in(),
        None,
        "2026-11-28",
    );
    let frozen = threatmap::layout::auto_positions(&arranged.model);
    arranged.edit(|m| m.layout = frozen);
    let mut step = 1;
    c.bench_function(
        "move one box + re-analysis + canvas rebuild, 1000 elements",
        |b| {
            b.iter(|| {
                step = -step;
                arranged.edit(|m| {
                    if let Some(p) = m.layout.get_mut("e505") {
                        p.x += step;
                    }
                });
            })
        },
    );
    // The canvas part alone, for the same move: drawn from scratch (every
    // line routed, as each edit did before) and rebuilt from the drawing
    // before the move (only the moved box's lines routed).
    let mut moved = arranged.model.clone();
    let before = threatmap::layout::Drawing::of(&moved);
    if let Some(p) = moved.layout.get_mut("e505") {
        p.x += 1;
    }
    let positions = threatmap::layout::auto_positions(&moved);
    c.bench_function(
        "canvas rebuild from scratch after moving one box, 1000 elements",
        |b| b.iter(|| threatmap::layout::Drawing::build(black_box(&moved), &positions)),
    );
    c.bench_function(
        "canvas rebuild keeping untouched lines after moving one box, 1000 elements",
        |b| b.iter(|| threatmap::layout::Drawing::rebuild(black_box(&moved), &positions, &before)),
    );
    let model = big_model();
    let library = built_in();
    c.bench_function("analysis only, 1000 elements", |b| {
        b.iter(|| threatmap::analysis::analyze(black_box(&model), &library))
    });
    // An imported API of 300 operations on one flow, its threats panel
    // open: the rules about operations give a finding per operation, which
    // the panel groups by rule.
    let text = spec::large_spec(60, 1).to_string();
    let imported = threatmap::import::import_openapi(&text, "generated").expect("imports");
    let api = imported.model;
    let operations: usize = api.flows.iter().map(|f| f.endpoints.len()).sum();
    let busiest = api
        .flows
        .iter()
        .max_by_key(|f| f.endpoints.len())
        .map(|f| f.id.clone())
        .expect("a flow");
    let findings = threatmap::analysis::analyze(&api, &library);
    eprintln!(
        "imported API: {operations} operations, {} findings, {} on `{busiest}`",
        findings.items.len(),
        findings.for_target(&busiest).count()
    );
    c.bench_function("analysis only, imported API of 300 operations", |b| {
        b.iter(|| threatmap::analysis::analyze(black_box(&api), &library))
    });
    let mut app = App::new(
        PathBuf::from("api.ron"),
        api,
        built_in(),
        None,
        "2026-11-28",
    );
    update(&mut app, Action::Resize(200, 60));
    select_id(&mut app, &busiest);
    update(&mut app, Action::FocusThreats);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    c.bench_function(
        "render one frame, grouped threats panel, imported API of 300 operations",
        |b| {
            b.iter(|| {
                terminal.draw(|f| render(black_box(&app), f)).expect("draw");
            })
        },
    );
    // The same with every group open (`:unfold`), and one step of the
    // cursor, which rebuilds the folded rows.
    threatmap::tui::fold::set_all(&mut app, true);
    c.bench_function(
        "render one frame, every group open, imported API of 300 operations",
        |b| {
            b.iter(|| {
                terminal.draw(|f| render(black_box(&app), f)).expect("draw");
            })
        },
    );
    c.bench_function("cursor down in the open threats panel, imported API", |b| {
        b.iter(|| {
            update(&mut app, Action::Down);
            update(&mut app, Action::Up);
        })
    });
    // One frame of each estate as the workbench first shows it, laid out
    // automatically: only what the viewport shows is drawn.
    let mut frames = c.benchmark_group("render one frame, 200x60");
    for n in [100, 1_000, 10_000, 20_000] {
        let estate = threatmap::synthetic::generate(n, 1);
        let mut app = App::new(
            PathBuf::from("estate.ron"),
            estate,
            built_in(),
            None,
            "2026-11-28",
        );
        update(&mut app, Action::Resize(200, 60));
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        frames.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                terminal.draw(|f| render(black_box(&app), f)).expect("draw");
            })
        });
    }
    frames.finish();
}

criterion_group! {
    name = tui;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(tui);
