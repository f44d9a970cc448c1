//! Load + validate, analysis, and re-analysis after one edit, on synthetic
//! API estates of about 100 to 20,000 boundaries + elements + flows.
//!
//! `cargo bench --bench analysis`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatmap::analysis::{analyze, reanalyze};
use threatmap::library::{Library, built_in, parse_rule_file};
use threatmap::model::{Encryption, parse_str, to_canonical_string};
use threatmap::synthetic::{DEEPEST_RELATIONAL_RULE, generate, hub};

const SIZES: [usize; 4] = [100, 1_000, 10_000, 20_000];

fn load_and_validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("load+validate");
    group.sample_size(10);
    for n in SIZES {
        let text = to_canonical_string(&generate(n, 1));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| parse_str(black_box(text), "estate.ron").map(|l| l.model.flows.len()))
        });
    }
    group.finish();
}

fn analysis(c: &mut Criterion) {
    let library = built_in();
    let mut group = c.benchmark_group("analysis");
    group.sample_size(10);
    for n in SIZES {
        let model = generate(n, 1);
        group.bench_with_input(BenchmarkId::from_parameter(n), &model, |b, model| {
            b.iter(|| analyze(black_box(model), &library).items.len())
        });
    }
    group.finish();
}

/// What the workbench does after each keystroke that edits: change one flow,
/// then re-analyze (only the neighbourhood of the edit is checked again).
fn reanalysis_after_edit(c: &mut Criterion) {
    let library = built_in();
    let mut group = c.benchmark_group("re-analysis after one edit");
    group.sample_size(20);
    for n in SIZES {
        let before = generate(n, 1);
        let findings = analyze(&before, &library);
        let mut after = before.clone();
        let i = after.flows.len() / 2;
        let flow = &mut after.flows[i];
        flow.encryption = if flow.encryption == Encryption::None {
            Encryption::Tls
        } else {
            Encryption::None
        };
        group.bench_function(BenchmarkId::from_parameter(n), |b| {
            b.iter(|| {
                reanalyze(black_box(&before), &findings, black_box(&after), &library)
                    .items
                    .len()
            })
        });
    }
    group.finish();
}

/// The worst rule a user can write: relational facts nested 16 deep
/// (`Inbound(Source(Outbound(Target(…))))`), never true, on one process
/// called by 1,000 callers. Each (fact, element or flow) pair is worked out
/// once, so this stays linear in the model.
fn deepest_relational_rule(c: &mut Criterion) {
    let rules = parse_rule_file(DEEPEST_RELATIONAL_RULE, "deep.ron").expect("the rule loads");
    let library = Library::new(rules);
    let mut group = c.benchmark_group("deepest relational rule");
    group.sample_size(10);
    for n in [1_000, 10_000] {
        let model = hub(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &model, |b, model| {
            b.iter(|| analyze(black_box(model), &library).items.len())
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    load_and_validate,
    analysis,
    reanalysis_after_edit,
    deepest_relational_rule
);
criterion_main!(benches);
