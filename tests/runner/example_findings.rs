//! The findings of the example models, one line each, for a reviewer to read:
//! a change to the rules or the engine shows here as a reviewable diff.

use threatmap::analysis::{analyze, status_str};
use threatmap::library::built_in;
use threatmap::model::load;

fn listing(path: &str) -> String {
    let loaded = load(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let findings = analyze(&loaded.model, &built_in());
    let mut out = String::new();
    for f in &findings.items {
        out.push_str(&format!(
            "{:<8} {:<14} {}\n         why: {}\n",
            f.severity.as_str(),
            status_str(f.status),
            f.id,
            f.explanation_text()
        ));
    }
    out
}

#[test]
fn ecommerce() {
    insta::assert_snapshot!(listing("models/ecommerce.ron"));
}

#[test]
fn partner_b2b() {
    insta::assert_snapshot!(listing("models/partner-b2b.ron"));
}

#[test]
fn internal_service() {
    insta::assert_snapshot!(listing("models/internal-service.ron"));
}
