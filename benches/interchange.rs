//! How long `threatmap import tmt` takes on a 1.3 MB `.tm7` file: the small
//! sample model of the tests with a knowledge base as large as the Threat
//! Modeling Tool embeds (the real 480 KB file in `../shared` is measured too,
//! when it is there).
//!
//! Run with `cargo bench --bench interchange`.

use criterion::{Criterion, criterion_group, criterion_main};
use threatmap::import::{Tool, import};

/// The test sample with its knowledge base grown to about `bytes`.
fn large_tm7(bytes: usize) -> String {
    let sample = include_str!("../tests/fixtures/interchange/small.tm7");
    let entry = "<ThreatType><Id>T1</Id><ShortTitle>Spoofing the {source.Name} process</ShortTitle>\
        <Category>S</Category><Description>An attacker may pretend to be {source.Name} and \
        reach {target.Name}; consider a standard authentication mechanism.</Description>\
        <GenerationFilters><Include>target is [GE.P]</Include><Exclude/></GenerationFilters>\
        <PropertiesMetaData/></ThreatType>";
    let mut kb = String::from("<KnowledgeBase><ThreatCategories/><ThreatTypes>");
    while kb.len() + sample.len() < bytes {
        kb.push_str(entry);
    }
    kb.push_str("</ThreatTypes></KnowledgeBase>");
    sample.replace("<KnowledgeBase><Manifest/></KnowledgeBase>", &kb)
}

fn bench(c: &mut Criterion) {
    let big = large_tm7(1_300_000);
    assert!(big.len() >= 1_300_000);
    c.bench_function("import tmt 1.3 MB", |b| {
        b.iter(|| import(Tool::Tmt, &big, "big.tm7").expect("imports"))
    });
    if let Ok(real) = std::fs::read_to_string("../shared/interchange/tm7/MTMT_nested_tz.tm7") {
        c.bench_function("import tmt real 480 KB", |b| {
            b.iter(|| import(Tool::Tmt, &real, "real.tm7").expect("imports"))
        });
    } else {
        eprintln!("SKIP: ../shared is absent; the real .tm7 file is not measured");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
