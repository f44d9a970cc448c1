//! Rendering every report format (Markdown, HTML, JSON, SARIF, CSV) and the
//! Mermaid and DOT exports on synthetic API estates of about 100 to 20,000
//! boundaries + elements + flows. Analysis is done once, outside the timing:
//! these figures are the cost of the renderer alone.
//!
//! `cargo bench --bench reports`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatmap::analysis::{Findings, analyze};
use threatmap::library::{Library, built_in};
use threatmap::model::{Loaded, parse_str, to_canonical_string};
use threatmap::report::{Format, ReportInput, dot, mermaid, render};
use threatmap::synthetic::generate;

const SIZES: [usize; 4] = [100, 1_000, 10_000, 20_000];

/// A loaded estate with its findings: what `threatmap report` has in hand
/// just before it renders.
struct Estate {
    loaded: Loaded,
    findings: Findings,
}

impl Estate {
    fn new(n: usize, library: &Library) -> Self {
        let text = to_canonical_string(&generate(n, 1));
        let loaded = match parse_str(&text, "estate.ron") {
            Ok(loaded) => loaded,
            Err(e) => panic!("the synthetic estate of size {n} does not load: {e:?}"),
        };
        let findings = analyze(&loaded.model, library);
        Self { loaded, findings }
    }

    fn input<'a>(&'a self, library: &'a Library) -> ReportInput<'a> {
        let mut input = ReportInput::new(&self.loaded.model, &self.findings, library);
        input.source = Some(self.loaded.index());
        input.model_path = "estate.ron";
        input
    }
}

/// Fewer samples for the big estates keep the whole bench to a few minutes.
fn sample_size(n: usize) -> usize {
    if n >= 10_000 { 10 } else { 20 }
}

/// A diagram export: a model and its findings in, a document out.
type Export = fn(&ReportInput) -> String;

const FORMATS: [(&str, Format); 5] = [
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("json", Format::Json),
    ("sarif", Format::Sarif),
    ("csv", Format::Csv),
];

fn reports(c: &mut Criterion) {
    let library = built_in();
    let estates: Vec<(usize, Estate)> = SIZES
        .iter()
        .map(|&n| (n, Estate::new(n, &library)))
        .collect();
    for (name, format) in FORMATS {
        let mut group = c.benchmark_group(format!("report {name}"));
        for (n, estate) in &estates {
            group.sample_size(sample_size(*n));
            let input = estate.input(&library);
            group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
                b.iter(|| render(format, black_box(input)).map(|text| text.len()))
            });
        }
        group.finish();
    }
    let exports: [(&str, Export); 2] = [("mermaid", mermaid::render), ("dot", dot::render)];
    for (name, export) in exports {
        let mut group = c.benchmark_group(format!("export {name}"));
        for (n, estate) in &estates {
            group.sample_size(sample_size(*n));
            let input = estate.input(&library);
            group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
                b.iter(|| export(black_box(input)).len())
            });
        }
        group.finish();
    }
}

criterion_group!(benches, reports);
criterion_main!(benches);
