//! SARIF 2.1.0 for code-scanning tools: one run, a rule per rule that has a
//! result, and a result per open finding located at the declaration of its
//! element or flow in the model file. With `sarif_suppressed`, non-open
//! findings are listed too, each carrying a `suppressions` entry, so tools
//! show them as dismissed rather than forgetting them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::escape::sanitize;
use super::{Context, ReportError, ReportInput, TOOL_NAME, TOOL_VERSION};
use crate::analysis::{Finding, Severity, StatusSource, status_str};
use crate::library::Rule;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which each result carries its stable finding id.
pub const FINGERPRINT_KEY: &str = "threatmapFindingId/v1";

pub fn render(input: &ReportInput) -> Result<String, ReportError> {
    let ctx = Context::new(input);
    let findings: Vec<&Finding> = input
        .selected()
        .into_iter()
        .filter(|f| f.is_open() || input.options.sarif_suppressed)
        .collect();
    // Rules in id order, each with the worst severity among its results.
    let mut used: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in &findings {
        let worst = used.entry(&*f.rule).or_insert(f.severity);
        *worst = (*worst).max(f.severity);
    }
    let rule_index: BTreeMap<&str, usize> = used.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    let rules: Vec<Value> = used
        .iter()
        .map(|(id, sev)| rule_descriptor(id, *sev, input.library.get(id), &findings))
        .collect();
    let uri = artifact_uri(input.model_path);
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, &ctx, input, &uri, rule_index.get(&*f.rule).copied()))
        .collect();
    let mut driver = json!({
        "name": TOOL_NAME,
        "version": TOOL_VERSION,
        "semanticVersion": TOOL_VERSION,
        "rules": rules,
    });
    let homepage = env!("CARGO_PKG_REPOSITORY");
    if !homepage.is_empty() {
        driver["informationUri"] = json!(homepage);
    }
    let mut run = json!({
        "tool": { "driver": driver },
        "artifacts": [{ "location": { "uri": uri } }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(at) = &input.options.generated_at {
        run["invocations"] = json!([{ "executionSuccessful": true, "endTimeUtc": at }]);
    }
    let doc = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn rule_descriptor(id: &str, worst: Severity, rule: Option<&Rule>, findings: &[&Finding]) -> Value {
    // A rule missing from the library (a report made with another library)
    // is described from one of its findings.
    let sample = findings.iter().find(|f| &*f.rule == id);
    let title = rule
        .map(|r| r.title.as_str())
        .or(sample.map(|f| &*f.title))
        .unwrap_or(id);
    let description = rule.map_or(title, |r| r.description.as_str());
    let mut tags = vec!["security".to_string()];
    let (stride, owasp, cwe): (&[_], &[_], &[_]) = match (rule, sample) {
        (Some(r), _) => (&r.stride, &r.owasp, &r.cwe),
        (None, Some(f)) => (&f.stride, &f.owasp, &f.cwe),
        (None, None) => (&[], &[], &[]),
    };
    tags.extend(owasp.iter().cloned());
    tags.extend(stride.iter().map(|s| format!("STRIDE:{}", s.name())));
    tags.extend(cwe.iter().map(|c| format!("external/cwe/cwe-{c}")));
    let mut text = sanitize(description, true).into_owned();
    let mut markdown = String::new();
    super::escape::markdown(&mut markdown, description);
    if let Some(r) = rule {
        if !r.recommendation.is_empty() {
            text.push_str("\n\nRecommendation: ");
            text.push_str(&sanitize(&r.recommendation, true));
            markdown.push_str("\n\n**Recommendation:** ");
            super::escape::markdown(&mut markdown, &r.recommendation);
        }
        if !r.references.is_empty() {
            text.push_str("\n\nReferences:");
            markdown.push_str("\n\n**References:**\n");
            for reference in &r.references {
                text.push_str("\n- ");
                text.push_str(&sanitize(reference, false));
                markdown.push_str("\n- ");
                super::escape::markdown_link(&mut markdown, reference);
            }
        }
    }
    json!({
        "id": id,
        "name": pascal_name(title),
        "shortDescription": { "text": sanitize(title, false) },
        "fullDescription": { "text": sanitize(description, false) },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(worst) },
        "properties": {
            "security-severity": worst.score(),
            "tags": tags,
            "precision": "medium",
            "problem.severity": match worst {
                Severity::Critical | Severity::High => "error",
                Severity::Medium => "warning",
                Severity::Low => "recommendation",
            },
        },
    })
}

fn result(
    f: &Finding,
    ctx: &Context,
    input: &ReportInput,
    uri: &str,
    rule_index: Option<usize>,
) -> Value {
    let (line, column) = input
        .source
        .and_then(|s| declared_at(s, ctx, &f.target, f.target_kind))
        .unwrap_or((1, 1));
    let name = ctx.target_name(&f.target, f.target_kind);
    let message = format!(
        "{} on {} `{}` ({}): {}",
        f.title,
        f.target_kind.as_str(),
        f.target,
        name,
        f.explanation_text()
    );
    let mut value = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": sanitize(&message, false) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri, "index": 0 },
                "region": {
                    "startLine": line,
                    "startColumn": column,
                    "endLine": line,
                    "endColumn": column + 2,
                },
            },
            "logicalLocations": [{
                "name": sanitize(&f.target, false),
                "kind": if f.target_kind == crate::analysis::TargetKind::Flow { "flow" } else { "element" },
            }],
        }],
        "partialFingerprints": {
            FINGERPRINT_KEY: f.id,
            "primaryLocationLineHash": format!("{:016x}", fnv1a(f.id.as_bytes())),
        },
        "properties": {
            "severity": f.severity.as_str(),
            "status": status_str(f.status),
            "target": f.target,
            "targetKind": f.target_kind.as_str(),
            "stride": f.stride.iter().map(|s| s.name()).collect::<Vec<_>>(),
            "owasp": f.owasp,
        },
    });
    if let Some(i) = rule_index {
        value["ruleIndex"] = json!(i);
    }
    if !f.is_open() {
        let reason = match (&f.note, f.status_source) {
            (Some(note), _) => format!("{}: {}", status_str(f.status), note),
            (None, StatusSource::Controls) => {
                let by: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
                format!("mitigated by {}", by.join(", "))
            }
            (None, _) => status_str(f.status).to_string(),
        };
        value["suppressions"] = json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": sanitize(&reason, false),
        }]);
    }
    value
}

/// Where a target's `id` is written. The model's lists are in file order, so
/// the item at the target's position is tried first (constant time); a
/// search by id is the fallback for models not read from this text.
fn declared_at(
    source: &crate::model::SourceIndex,
    ctx: &Context,
    id: &str,
    kind: crate::analysis::TargetKind,
) -> Option<(usize, usize)> {
    let (section, position) = match kind {
        crate::analysis::TargetKind::Flow => ("flows", ctx.index.flow_index(id)),
        crate::analysis::TargetKind::Element(_) => ("elements", ctx.index.element_index(id)),
    };
    position
        .and_then(|i| source.item(section, i))
        .filter(|item| item.id.as_deref() == Some(id))
        .map(|item| item.key("id").unwrap_or(item.start))
        .or_else(|| source.find_id(id))
}

/// A rule name in PascalCase from its title, as SARIF viewers expect.
fn pascal_name(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The model path as a relative URI reference: forward slashes, and every
/// byte outside the unreserved and path characters percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    if path.is_empty() || path == "-" {
        return "stdin".to_string();
    }
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// 64-bit FNV-1a: a small, stable hash for fingerprints (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(artifact_uri("models/shop api.ron"), "models/shop%20api.ron");
        assert_eq!(artifact_uri("a\\b:c#d.ron"), "a/b%3Ac%23d.ron");
        assert_eq!(artifact_uri("-"), "stdin");
    }

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal_name("Broken object-level auth"),
            "BrokenObjectLevelAuth"
        );
    }
}
