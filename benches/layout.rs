//! The layout engine on generated estates (targets: 1,000 elements < 50 ms
//! and 20,000 < 2 s): positions alone (what an import or export without
//! positions needs), and the whole drawing with every flow routed through
//! its reserved slots and labelled (what the canvas and the report's SVG
//! need).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatmap::layout::{Drawing, layered};

fn benches(c: &mut Criterion) {
    let mut positions = c.benchmark_group("layered positions");
    for n in [1_000, 20_000] {
        let estate = threatmap::synthetic::generate(n, 1);
        positions.bench_with_input(BenchmarkId::from_parameter(n), &estate, |b, m| {
            b.iter(|| layered(black_box(m)))
        });
    }
    positions.finish();
    let mut drawing = c.benchmark_group("drawing with routes and labels");
    for n in [100, 1_000, 20_000] {
        let estate = threatmap::synthetic::generate(n, 1);
        drawing.bench_with_input(BenchmarkId::from_parameter(n), &estate, |b, m| {
            b.iter(|| Drawing::of(black_box(m)))
        });
    }
    drawing.finish();
}

criterion_group! {
    name = layout;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(layout);
