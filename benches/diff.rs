//! Semantic diff of two large models: an estate against the same estate with
//! about 1% of its flows changed (TLS removed from half of them, an endpoint
//! added to the other half), as a pull request to a big model would look.
//! The timing includes analysing both versions, as `compare` does.
//!
//! `cargo bench --bench diff`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatmap::diff::compare;
use threatmap::library::built_in;
use threatmap::model::{Encryption, Model};
use threatmap::synthetic::generate;

const SIZES: [usize; 4] = [100, 1_000, 10_000, 20_000];

/// The estate with every 100th flow edited: even ones lose TLS, odd ones
/// gain a copy of an endpoint of theirs under a new path.
fn edited(model: &Model) -> Model {
    let mut new = model.clone();
    for (i, flow) in new.flows.iter_mut().step_by(100).enumerate() {
        if i % 2 == 0 {
            flow.encryption = Encryption::None;
        } else if let Some(first) = flow.endpoints.first() {
            let mut added = first.clone();
            added.path = format!("{}/export", added.path);
            flow.endpoints.push(added);
        } else {
            flow.encryption = Encryption::None;
        }
    }
    new
}

fn diff(c: &mut Criterion) {
    let library = built_in();
    let mut group = c.benchmark_group("diff (1% of flows changed)");
    group.sample_size(10);
    for n in SIZES {
        let old = generate(n, 1);
        let new = edited(&old);
        group.bench_with_input(
            BenchmarkId::from_parameter(n),
            &(old, new),
            |b, (old, new)| {
                b.iter(|| {
                    let c = compare(black_box(old), black_box(new), &library);
                    c.threats.introduced.len() + c.threats.resolved.len()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
