//! Reports and diagram exports: golden snapshots of every format, hostile
//! strings kept inert in each medium, SARIF checked against the official
//! 2.1.0 schema, determinism, and the `report` / `export` commands.

use crate::common::{Case, case, each, threatmap};

use std::path::Path;

use threatmap::analysis::{Severity, analyze};
use threatmap::library::built_in;
use threatmap::model::load;
use threatmap::report::{self, Format, ReportInput, ReportOptions};

const STARTER: &str = "src/model/starter.ron";
const HOSTILE: &str = "tests/fixtures/hostile.ron";

impl Case {
    /// Every format and diagram, named.
    fn all_outputs(&self) -> Vec<(&'static str, String)> {
        let input = self.input(ReportOptions::default());
        vec![
            ("markdown", self.render(Format::Markdown)),
            ("html", self.render(Format::Html)),
            ("json", self.render(Format::Json)),
            ("sarif", self.render(Format::Sarif)),
            ("csv", self.render(Format::Csv)),
            ("mermaid", report::mermaid::render(&input)),
            ("dot", report::dot::render(&input)),
        ]
    }
}

/// The models every format is snapshotted and validated on.
fn example_models() -> Vec<String> {
    let mut paths = vec![STARTER.to_string(), HOSTILE.to_string()];
    if let Ok(dir) = std::fs::read_dir("models") {
        let mut more: Vec<String> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .map(|p| p.display().to_string())
            .collect();
        more.sort();
        paths.extend(more);
    }
    paths
}

fn snapshot_name(path: &str, format: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map_or("model".into(), |s| s.to_string_lossy().into_owned());
    format!("{stem}__{format}")
}

#[test]
fn golden_snapshots_of_every_format() {
    let outputs = example_models().into_iter().flat_map(|path| {
        let c = case(&path);
        c.all_outputs()
            .into_iter()
            .map(move |(format, text)| (snapshot_name(&path, format), text))
    });
    each(
        outputs,
        |(name, _)| name.clone(),
        |(name, text)| insta::assert_snapshot!(name.as_str(), text),
    );
}

#[test]
fn output_is_deterministic() {
    for path in example_models() {
        let first = case(&path).all_outputs();
        let second = case(&path).all_outputs();
        assert_eq!(first, second, "{path}");
    }
}

// ---- SARIF ----

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid_sarif(validator: &jsonschema::Validator, text: &str, what: &str) {
    let doc: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let validator = sarif_validator();
    for path in example_models() {
        let c = case(&path);
        assert_valid_sarif(&validator, &c.render(Format::Sarif), &path);
        let suppressed = ReportOptions {
            sarif_suppressed: true,
            generated_at: Some("2024-01-02T03:04:05Z".into()),
            ..ReportOptions::default()
        };
        assert_valid_sarif(
            &validator,
            &c.render_with(Format::Sarif, suppressed),
            &format!("{path} with suppressions"),
        );
    }
}

#[test]
fn sarif_lists_open_findings_located_in_the_model() {
    let c = case(HOSTILE);
    let doc: serde_json::Value = serde_json::from_str(&c.render(Format::Sarif)).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let open: Vec<_> = c.findings.open().collect();
    assert_eq!(results.len(), open.len());
    assert!(!open.is_empty());
    let f1 = results
        .iter()
        .find(|r| {
            r["partialFingerprints"]["threatmapFindingId/v1"]
                == "API1-BOLA-path-id@f1#GET /items/{id}"
        })
        .expect("the open BOLA finding on f1's operation");
    // Located at the line where the operation is declared, which is not
    // the line of the flow's id.
    let region = &f1["locations"][0]["physicalLocation"]["region"];
    let (flow_line, _) = c.loaded.index().find_id("f1").unwrap();
    let text = std::fs::read_to_string(HOSTILE).unwrap();
    let endpoint_line = 1 + text
        .lines()
        .position(|l| l.contains(r#"path: "/items/{id}""#))
        .unwrap();
    assert_ne!(endpoint_line, flow_line);
    assert_eq!(region["startLine"], endpoint_line);
    assert_eq!(
        f1["properties"]["endpoint"],
        serde_json::json!({"method": "GET", "path": "/items/{id}"})
    );
    assert_eq!(
        f1["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        HOSTILE
    );
    assert_eq!(f1["level"], "error");
    // The accepted finding is left out, or listed as suppressed on request.
    assert!(
        results
            .iter()
            .all(|r| r["ruleId"].is_string() && r.get("suppressions").is_none())
    );
    let with = c.render_with(
        Format::Sarif,
        ReportOptions {
            sarif_suppressed: true,
            ..ReportOptions::default()
        },
    );
    let doc: serde_json::Value = serde_json::from_str(&with).unwrap();
    let suppressed: Vec<_> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), c.findings.items.len() - open.len());
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let tags = rules[0]["properties"]["tags"].as_array().unwrap();
    assert!(tags.iter().any(|t| t == "external/cwe/cwe-639"), "{tags:?}");
    assert!(rules[0]["properties"]["security-severity"].is_string());
}

// ---- Hostile strings stay inert ----

#[test]
fn no_output_carries_terminal_escapes() {
    let c = case(HOSTILE);
    for (format, text) in c.all_outputs() {
        assert!(!text.contains('\u{1b}'), "{format} has a raw ESC");
        assert!(!text.contains('\u{7}'), "{format} has a raw BEL");
        assert!(!text.contains('\u{202e}'), "{format} has a bidi override");
    }
}

#[test]
fn invisible_characters_in_text_fields_are_shown_in_every_report() {
    // Before: a zero-width space and a soft hyphen in a triage note reached
    // every report raw, so two different notes could read the same.
    let mut c = case(HOSTILE);
    c.loaded.model.triage[0].note = "looks\u{200b}same\u{ad}".to_string();
    c.findings = analyze(&c.loaded.model, &c.library);
    for (format, text) in c.all_outputs() {
        assert!(
            !text.contains('\u{200b}'),
            "{format} has a raw zero-width space"
        );
        assert!(!text.contains('\u{ad}'), "{format} has a raw soft hyphen");
    }
    // The JSON report's note follows the rule of the other reports: the
    // decoded value shows the characters as escapes.
    let doc: serde_json::Value = serde_json::from_str(&c.render(Format::Json)).unwrap();
    let notes: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["note"].as_str())
        .collect();
    assert!(notes.contains(&"looks\\u{200b}same\\xad"), "{notes:?}");
}

#[test]
fn html_shows_markup_as_text() {
    let html = case(HOSTILE).render(Format::Html);
    // The only script element is the report's own sorting script.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;"));
    assert!(!html.contains("<img"));
    assert!(!html.contains("<b>owner"));
    // Attributes cannot be closed from inside a string.
    assert!(!html.contains("\"><img") && !html.contains("\"><script"));
    assert!(html.contains("Content-Security-Policy"));
}

/// Pipes that split a Markdown table cell: those not escaped by an odd number
/// of backslashes.
fn cell_separators(line: &str) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

#[test]
fn markdown_tables_keep_their_columns() {
    let md = case(HOSTILE).render(Format::Markdown);
    let mut columns: Option<usize> = None;
    let mut tables = 0;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cell_separators(line);
            match columns {
                None => {
                    columns = Some(n);
                    tables += 1;
                }
                Some(expected) => assert_eq!(n, expected, "row {line:?}"),
            }
        } else {
            columns = None;
        }
    }
    assert!(tables >= 5, "{tables} tables");
    assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("<b>"));
    // One fenced block (the diagram), opened and closed once.
    let fences = md.lines().filter(|l| l.starts_with("```")).count();
    assert_eq!(fences, 2);
    // Strings never open a heading or list of their own.
    assert!(
        !md.lines()
            .any(|l| l.starts_with("# heading") || l.starts_with("- list"))
    );
}

#[test]
fn csv_cells_are_neutralised_and_parse_back() {
    let c = case(HOSTILE);
    let text = c.render(Format::Csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.len(), report::csv::HEADER.len());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row parses")).collect();
    assert_eq!(rows.len(), c.findings.items.len());
    for row in &rows {
        assert_eq!(row.len(), header.len());
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
    }
    let note = header.iter().position(|h| h == "note").unwrap();
    assert!(rows.iter().any(|r| r[note].starts_with("'=HYPERLINK")));
}

#[test]
fn json_parses_and_keeps_strings_exact() {
    let c = case(HOSTILE);
    let doc: serde_json::Value = serde_json::from_str(&c.render(Format::Json)).unwrap();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["tool"]["name"], "threatmap");
    assert_eq!(doc["model"]["name"], c.loaded.model.name.as_str());
    assert_eq!(
        doc["findings"].as_array().unwrap().len(),
        c.findings.items.len()
    );
    assert!(doc["attack_paths"].is_array());
    assert_eq!(doc["summary"]["total"], c.findings.items.len());
}

#[test]
fn mermaid_and_dot_strings_stay_quoted() {
    let c = case(HOSTILE);
    let input = c.input(ReportOptions::default());
    let mermaid = report::mermaid::render(&input);
    for line in mermaid.lines() {
        assert_eq!(
            line.matches('"').count() % 2,
            0,
            "unbalanced quotes: {line:?}"
        );
        assert!(!line.contains('<'), "raw markup: {line:?}");
    }
    // The element with id `end` is named by its id and does not close a subgraph.
    assert!(mermaid.contains("e_end[\""));
    let subgraphs = mermaid
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    let ends = mermaid.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(subgraphs, ends);
    let dot = report::dot::render(&input);
    for line in dot.lines() {
        let mut quotes = 0;
        let mut escaped = false;
        for ch in line.chars() {
            match ch {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => quotes += 1,
                _ => escaped = false,
            }
            if ch != '\\' {
                escaped = false;
            }
        }
        assert_eq!(quotes % 2, 0, "unbalanced quotes: {line:?}");
    }
}

// ---- Options ----

#[test]
fn filters_select_findings() {
    let c = case(HOSTILE);
    let only_open = ReportOptions {
        only_open: true,
        ..ReportOptions::default()
    };
    let input = c.input(only_open);
    assert_eq!(input.selected().len(), c.findings.open().count());
    let high = ReportOptions {
        min_severity: Some(Severity::Critical),
        ..ReportOptions::default()
    };
    let input = c.input(high);
    assert!(
        input
            .selected()
            .iter()
            .all(|f| f.severity == Severity::Critical)
    );
}

#[test]
fn timestamp_only_when_asked() {
    let c = case(STARTER);
    let at = "2030-05-06T07:08:09Z";
    for format in [Format::Markdown, Format::Html, Format::Json] {
        assert!(!c.render(format).contains("Generated at"));
        let with = c.render_with(
            format,
            ReportOptions {
                generated_at: Some(at.into()),
                ..ReportOptions::default()
            },
        );
        assert!(with.contains(at), "{format:?}");
    }
}

// ---- Command line ----

#[test]
fn report_defaults_to_markdown_on_stdout() {
    let out = threatmap().args(["report", STARTER]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("# Threat model: Shop API"));
}

#[test]
fn report_writes_each_format_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["markdown", "html", "json", "sarif", "csv"] {
        let path = dir.path().join(format!("out.{format}"));
        threatmap()
            .args(["report", STARTER, "--format", format, "-o"])
            .arg(&path)
            .assert()
            .success()
            .stdout("");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.is_empty(), "{format}");
    }
    let sarif = std::fs::read_to_string(dir.path().join("out.sarif")).unwrap();
    assert_valid_sarif(&sarif_validator(), &sarif, "CLI SARIF");
}

#[test]
fn streamed_reports_equal_the_rendered_text_byte_for_byte() {
    // Large enough that every format is handed on in many pieces.
    let estate = threatmap::synthetic::generate(1_500, 5);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("estate.ron");
    std::fs::write(&file, threatmap::model::to_canonical_string(&estate)).unwrap();
    let model = load(&file).expect("the estate loads").model;
    let library = built_in();
    let findings = analyze(&model, &library);
    for (name, format) in [
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("json", Format::Json),
        ("csv", Format::Csv),
    ] {
        let mut input = ReportInput::new(&model, &findings, &library);
        // The CLI shows an absolute path outside the working directory and
        // any repository by its file name alone (never a home directory).
        let shown = report::shown_path(&file);
        input.model_path = &shown;
        let rendered = report::render(format, &input).expect("renders");
        assert!(rendered.len() > 256 * 1024, "{name} spans many pieces");
        let out = dir.path().join(format!("out.{name}"));
        threatmap()
            .args(["report", "--format", name, "-o"])
            .arg(&out)
            .arg(&file)
            .assert()
            .success();
        assert!(
            std::fs::read_to_string(&out).unwrap() == rendered,
            "{name} file"
        );
        let piped = threatmap()
            .args(["report", "--format", name])
            .arg(&file)
            .assert()
            .success();
        assert!(
            piped.get_output().stdout == rendered.as_bytes(),
            "{name} stdout"
        );
    }
}

#[test]
fn report_rejects_bad_input_with_exit_2() {
    threatmap()
        .args(["report", STARTER, "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value 'pdf' for '--format <FORMAT>'",
        ))
        .stderr(predicates::str::contains("possible values: markdown, html"));
    threatmap()
        .args(["report", "no/such/model.ron"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no/such/model.ron: error: cannot read",
        ))
        .stderr(predicates::str::contains("hint: check the path"));
    threatmap()
        .args(["export", STARTER, "--format", "png"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "invalid value 'png' for '--format <FORMAT>'",
        ))
        .stderr(predicates::str::contains("possible values: mermaid, dot"));
}

#[test]
fn export_writes_mermaid_and_dot() {
    threatmap()
        .args(["export", STARTER])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("flowchart LR\n"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dfd.dot");
    threatmap()
        .args(["export", STARTER, "--format", "dot", "-o"])
        .arg(&path)
        .assert()
        .success();
    let dot = std::fs::read_to_string(&path).unwrap();
    assert!(dot.starts_with("digraph threatmap {"));
    assert!(dot.contains("subgraph \"cluster_"));
}

#[test]
fn help_shows_examples() {
    for cmd in ["report", "export"] {
        threatmap()
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicates::str::contains("Examples:"));
    }
}

/// The findings tables name a flow by the number its line carries in the
/// diagram: the HTML's SVG label, the Markdown's Mermaid label and the
/// appendix all say the same number for the same flow.
#[test]
fn findings_tables_show_the_flow_number_the_diagram_shows() {
    let c = case("models/ecommerce.ron");
    let model = &c.loaded.model;
    let numbers = threatmap::layout::flow_numbers(model);
    let flow_finding = c
        .findings
        .items
        .iter()
        .find(|f| numbers.contains_key(&f.target))
        .expect("the e-commerce model has findings on flows");
    let n = numbers[&flow_finding.target];
    let flow = model
        .flows
        .iter()
        .find(|f| f.id == flow_finding.target)
        .expect("the flow");
    let name = |id: &str| {
        model
            .elements
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.name.clone())
            .expect("element")
    };
    let target = format!("#{n} {} → {}", name(&flow.source), name(&flow.target));

    let html = c.render(Format::Html);
    // The diagram's line for this flow carries the number in its label.
    let line = html
        .split("<g class=\"flow\"")
        .find(|g| g.contains(&format!("data-flow=\"{}\"", flow.id)))
        .expect("the flow is drawn");
    assert!(line.contains(&format!("<title>{n}. ")), "{line}");
    let target_html = target.replace('&', "&amp;");
    assert!(
        html.contains(&target_html),
        "the HTML findings table names {target_html}"
    );

    let markdown = c.render(Format::Markdown);
    assert!(
        markdown.contains(&format!("### {target}")) || markdown.contains(&target),
        "the Markdown findings name {target}"
    );
    let mermaid_label = format!("|\"{n} ");
    assert!(
        markdown.contains(&mermaid_label),
        "the Mermaid diagram numbers its lines"
    );
}
