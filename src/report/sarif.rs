//! SARIF 2.1.0 for code-scanning tools: one run, a rule per rule that has a
//! result, and a result per open finding located at the declaration of its
//! element or flow in the model file. With `sarif_suppressed`, non-open
//! findings are listed too, each carrying a `suppressions` entry, so tools
//! show them as dismissed rather than forgetting them.
//!
//! The document is typed and streamed: each result is composed only while it
//! is written, so a run of tens of thousands of results needs no more memory
//! than one. Fields are declared in alphabetical order, the order SARIF
//! output has always had here, so that reports stay byte-identical.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Serialize, Serializer};

use super::escape::sanitize;
use super::{Context, ReportError, ReportInput, TOOL_NAME, TOOL_VERSION};
use crate::analysis::{Finding, Severity, StatusSource, status_str};
use crate::hash::fnv1a;
use crate::library::Rule;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key under which each result carries its stable finding id.
pub const FINGERPRINT_KEY: &str = "threatmapFindingId/v1";

pub fn render(input: &ReportInput) -> Result<String, ReportError> {
    let mut bytes = Vec::new();
    write(input, &mut bytes)?;
    String::from_utf8(bytes).map_err(|e| ReportError::Io(std::io::Error::other(e)))
}

/// Writes the SARIF log into `out` as it is serialized.
pub fn write(input: &ReportInput, out: &mut dyn std::io::Write) -> Result<(), ReportError> {
    let ctx = Context::new(input);
    let findings: Vec<&Finding> = input
        .selected()
        .into_iter()
        .filter(|f| f.is_open() || input.options.sarif_suppressed)
        .collect();
    // Rules in id order; a rule missing from the library takes the worst
    // severity among its results as its default.
    let mut used: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in &findings {
        let worst = used.entry(&*f.rule).or_insert(f.severity);
        *worst = (*worst).max(f.severity);
    }
    let rule_index: BTreeMap<&str, usize> = used.keys().enumerate().map(|(i, r)| (*r, i)).collect();
    let rules: Vec<RuleDoc> = used
        .iter()
        .map(|(id, worst)| {
            let rule = input.library.get(id);
            // The rule's own rating is its default; each result carries its own.
            let default = rule.map_or(*worst, |r| Severity::from_ratings(r.likelihood, r.impact));
            rule_descriptor(id, default, rule, &findings)
        })
        .collect();
    let uri = artifact_uri(input.model_path);
    let homepage = env!("CARGO_PKG_REPOSITORY");
    let run = Run {
        artifacts: [Artifact {
            location: Uri { uri: &uri },
        }],
        column_kind: "unicodeCodePoints",
        invocations: input.options.generated_at.as_deref().map(|at| {
            [Invocation {
                end_time_utc: at,
                execution_successful: true,
            }]
        }),
        results: Results {
            findings: &findings,
            ctx: &ctx,
            input,
            uri: &uri,
            rule_index: &rule_index,
        },
        tool: ToolDoc {
            driver: Driver {
                information_uri: (!homepage.is_empty()).then_some(homepage),
                name: TOOL_NAME,
                rules,
                semantic_version: TOOL_VERSION,
                version: TOOL_VERSION,
            },
        },
    };
    let log = Log {
        schema: SCHEMA_URI,
        runs: [run],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")?;
    Ok(())
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    artifacts: [Artifact<'a>; 1],
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    invocations: Option<[Invocation<'a>; 1]>,
    results: Results<'a>,
    tool: ToolDoc<'a>,
}

#[derive(Serialize)]
struct Artifact<'a> {
    location: Uri<'a>,
}

#[derive(Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation<'a> {
    end_time_utc: &'a str,
    execution_successful: bool,
}

#[derive(Serialize)]
struct ToolDoc<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    name: &'static str,
    rules: Vec<RuleDoc<'a>>,
    semantic_version: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDoc<'a> {
    default_configuration: Level,
    full_description: Text,
    help: Help,
    id: &'a str,
    name: String,
    properties: RuleProperties,
    short_description: Text,
}

#[derive(Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    markdown: String,
    text: String,
}

#[derive(Serialize)]
struct RuleProperties {
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: Vec<String>,
}

/// The results, each composed only when the serializer reaches it.
struct Results<'a> {
    findings: &'a [&'a Finding],
    ctx: &'a Context<'a>,
    input: &'a ReportInput<'a>,
    uri: &'a str,
    rule_index: &'a BTreeMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.findings.iter().map(|f| {
            result(
                f,
                self.ctx,
                self.input,
                self.uri,
                self.rule_index.get(&*f.rule).copied(),
            )
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultDoc<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text,
    partial_fingerprints: Fingerprints<'a>,
    properties: ResultProperties<'a>,
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    logical_locations: [LogicalLocation; 1],
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
struct LogicalLocation {
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    index: usize,
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: usize,
    end_line: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "primaryLocationLineHash")]
    line_hash: String,
    #[serde(rename = "threatmapFindingId/v1")]
    finding_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    /// The API operation, for a finding on one operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint: Option<&'a crate::analysis::EndpointRef>,
    owasp: &'a [String],
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    severity: &'static str,
    status: &'static str,
    stride: Vec<&'static str>,
    target: &'a str,
    target_kind: &'static str,
}

#[derive(Serialize)]
struct Suppression {
    justification: String,
    kind: &'static str,
    status: &'static str,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

fn rule_descriptor<'a>(
    id: &'a str,
    worst: Severity,
    rule: Option<&Rule>,
    findings: &[&Finding],
) -> RuleDoc<'a> {
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
    RuleDoc {
        default_configuration: Level {
            level: level(worst),
        },
        full_description: Text {
            text: sanitize(description, false).into_owned(),
        },
        help: Help { markdown, text },
        id,
        name: pascal_name(title),
        properties: RuleProperties {
            precision: "medium",
            problem_severity: match worst {
                Severity::Critical | Severity::High => "error",
                Severity::Medium => "warning",
                Severity::Low => "recommendation",
            },
            security_severity: worst.score(),
            tags,
        },
        short_description: Text {
            text: sanitize(title, false).into_owned(),
        },
    }
}

fn result<'a>(
    f: &'a Finding,
    ctx: &Context,
    input: &ReportInput,
    uri: &'a str,
    rule_index: Option<usize>,
) -> ResultDoc<'a> {
    let (line, column) = input
        .source
        .and_then(|s| {
            f.endpoint
                .as_ref()
                .and_then(|e| endpoint_declared_at(s, ctx, &f.target, e))
                .or_else(|| declared_at(s, ctx, &f.target, f.target_kind))
        })
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
    let suppressions = (!f.is_open()).then(|| {
        let reason = match (&f.note, f.status_source) {
            (Some(note), _) => format!("{}: {}", status_str(f.status), note),
            (None, StatusSource::Controls) => {
                let by: Vec<&str> = f.mitigated_by.iter().map(|c| c.label()).collect();
                format!("mitigated by {}", by.join(", "))
            }
            (None, _) => status_str(f.status).to_string(),
        };
        [Suppression {
            justification: sanitize(&reason, false).into_owned(),
            kind: "inSource",
            status: "accepted",
        }]
    });
    ResultDoc {
        level: level(f.severity),
        locations: [Location {
            logical_locations: [LogicalLocation {
                kind: if f.target_kind == crate::analysis::TargetKind::Flow {
                    "flow"
                } else {
                    "element"
                },
                name: sanitize(&f.target, false).into_owned(),
            }],
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { index: 0, uri },
                region: Region {
                    end_column: column + 2,
                    end_line: line,
                    start_column: column,
                    start_line: line,
                },
            },
        }],
        message: Text {
            text: sanitize(&message, false).into_owned(),
        },
        partial_fingerprints: Fingerprints {
            line_hash: format!("{:016x}", fnv1a(f.id.as_bytes())),
            finding_id: &f.id,
        },
        properties: ResultProperties {
            endpoint: f.endpoint.as_ref(),
            owasp: &f.owasp,
            security_severity: f.severity.score(),
            severity: f.severity.as_str(),
            status: status_str(f.status),
            stride: f.stride.iter().map(|s| s.name()).collect(),
            target: &f.target,
            target_kind: f.target_kind.as_str(),
        },
        rule_id: &f.rule,
        rule_index,
        suppressions,
    }
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

/// Where the path of one endpoint of a flow is written: the n-th string
/// equal to its path after the flow's `endpoints` key, n being how many
/// endpoints listed before it share the path.
fn endpoint_declared_at(
    source: &crate::model::SourceIndex,
    ctx: &Context,
    flow: &str,
    endpoint: &crate::analysis::EndpointRef,
) -> Option<(usize, usize)> {
    let i = ctx.index.flow_index(flow)?;
    let endpoints = &ctx.model.flows.get(i)?.endpoints;
    let at = endpoints
        .iter()
        .position(|e| e.method == endpoint.method && e.path == endpoint.path)?;
    let before = endpoints[..at]
        .iter()
        .filter(|e| e.path == endpoint.path)
        .count();
    source
        .item("flows", i)
        .filter(|item| item.id.as_deref() == Some(flow))?
        .nth_string_after("endpoints", &endpoint.path, before)
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
    utf8_percent_encode(&path.replace('\\', "/"), URI_PATH).to_string()
}

/// What stays as it is in a URI path: the unreserved characters, the
/// sub-delimiters, `/` and `@`; everything else is percent-encoded.
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(artifact_uri("models/shop api.ron"), "models/shop%20api.ron");
        assert_eq!(artifact_uri("a\\b:c#d.ron"), "a/b%3Ac%23d.ron");
        assert_eq!(artifact_uri("-"), "stdin");
        assert_eq!(artifact_uri("ü/x%y.ron"), "%C3%BC/x%25y.ron");
    }

    #[test]
    fn results_carry_the_finding_id_under_the_documented_key() {
        let model = crate::model::starter::starter_model();
        let library = crate::library::built_in();
        let findings = crate::analysis::analyze(&model, &library);
        let input = ReportInput::new(&model, &findings, &library);
        let log: serde_json::Value =
            serde_json::from_str(&render(&input).expect("renders")).expect("valid JSON");
        let first = &log["runs"][0]["results"][0];
        let id = first["partialFingerprints"][FINGERPRINT_KEY]
            .as_str()
            .expect("the key is present");
        assert!(findings.get(id).is_some(), "{id} is a finding");
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal_name("Broken object-level auth"),
            "BrokenObjectLevelAuth"
        );
    }
}
