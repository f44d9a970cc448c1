//! How long `import_openapi` takes on generated documents of 100, 1,000 and
//! 10,000 operations (five per resource, several MB at the top), in JSON and
//! in YAML; and on one of 300 operations and about 2 MB, the size of a large
//! real API description (issue #14: well under 0.5 s).
//!
//! Run with `cargo bench --bench import`; only the 300-operation case with
//! `cargo bench --bench import -- "/300 operations"`.

use criterion::{Criterion, criterion_group, criterion_main};

/// Resources per document (each has five operations), and how many times
/// the prose is repeated to reach a size.
const RESOURCES: [(usize, usize); 4] = [(20, 1), (60, 4), (200, 1), (2_000, 1)];

mod spec;
use spec::large_spec;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_openapi");
    group.sample_size(10);
    for (resources, repeats) in RESOURCES {
        let spec = large_spec(resources, repeats);
        let json = serde_json::to_string_pretty(&spec).expect("serialises");
        let yaml = serde_yaml_ng::to_string(&spec).expect("serialises");
        for (format, text) in [("json", &json), ("yaml", &yaml)] {
            let imported = threatmap::import::import_openapi(text, "generated").expect("imports");
            let operations = imported.summary.operations;
            eprintln!(
                "{format}: {:.1} MB, {operations} operations, {} endpoints in the model",
                text.len() as f64 / 1e6,
                imported
                    .model
                    .flows
                    .iter()
                    .map(|f| f.endpoints.len())
                    .sum::<usize>()
            );
            group.bench_function(format!("{format}/{operations} operations"), |b| {
                b.iter(|| {
                    threatmap::import::import_openapi(std::hint::black_box(text), "generated")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
