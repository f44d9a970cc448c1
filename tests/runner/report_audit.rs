//! What an auditor checks in a report: every summary adds up to the total
//! with every status named, SARIF severities match their findings, decisions
//! carry who and until when, and the pull-request form always fits.

use crate::common::{case, each, git, threatmap};

use std::path::Path;

use threatmap::analysis::analyze;
use threatmap::library::built_in;
use threatmap::model::{TriageStatus, load};
use threatmap::report::{self, Format, ReportInput, ReportOptions};

const HOSTILE: &str = "tests/fixtures/hostile.ron";
const ECOMMERCE: &str = "models/ecommerce.ron";

fn models() -> Vec<String> {
    let mut paths = vec!["src/model/starter.ron".to_string(), HOSTILE.to_string()];
    let mut more: Vec<String> = std::fs::read_dir("models")
        .expect("the example models")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| p.display().to_string())
        .collect();
    more.sort();
    paths.extend(more);
    paths
}

/// The numbers in `text` between `start` and the next `end`, e.g. the
/// counts of `**176 findings**: 107 open, 1 in progress, …`.
fn numbers(text: &str) -> Vec<usize> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect()
}

/// Values of `attr="N"` in order.
fn attr_values(html: &str, attr: &str) -> Vec<usize> {
    let key = format!("{attr}=\"");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

#[test]
fn every_summary_adds_up_to_the_total_with_every_status_named() {
    for path in models() {
        let c = case(&path);
        let total = c.findings.items.len();
        // JSON: every status is a key, and they sum to the total.
        let json: serde_json::Value = serde_json::from_str(&c.render(Format::Json)).unwrap();
        let by_status = json["summary"]["by_status"].as_object().unwrap();
        assert_eq!(by_status.len(), TriageStatus::ALL.len(), "{path}");
        let sum: u64 = by_status.values().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(sum as usize, total, "{path}: JSON by_status");
        assert_eq!(json["summary"]["total"], total, "{path}");
        // Markdown: the status line names six statuses that sum to the total.
        let md = c.render(Format::Markdown);
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("**{total} finding")))
            .unwrap_or_else(|| panic!("{path}: no status line"));
        let (head, counts) = line.split_once("**:").unwrap();
        assert_eq!(numbers(head), vec![total]);
        for &status in TriageStatus::ALL {
            assert!(counts.contains(status.label()), "{path}: {line}");
        }
        assert_eq!(
            numbers(counts).iter().sum::<usize>(),
            total,
            "{path}: {line}"
        );
        // HTML: the status cards sum to the total card.
        let html = c.render(Format::Html);
        assert_eq!(attr_values(&html, "data-total"), vec![total], "{path}");
        let cards = attr_values(&html, "data-count");
        assert_eq!(cards.len(), TriageStatus::ALL.len(), "{path}");
        assert_eq!(cards.iter().sum::<usize>(), total, "{path}: HTML cards");
    }
}

#[test]
fn each_sarif_result_carries_its_own_severity() {
    for path in models() {
        let c = case(&path);
        let options = ReportOptions {
            sarif_suppressed: true,
            ..ReportOptions::default()
        };
        let doc: serde_json::Value =
            serde_json::from_str(&c.render_with(Format::Sarif, options)).unwrap();
        let results = doc["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), c.findings.items.len(), "{path}");
        for r in results {
            let id = r["partialFingerprints"]["threatmapFindingId/v1"]
                .as_str()
                .unwrap();
            let f = c.findings.get(id).expect("the result's finding");
            assert_eq!(
                r["properties"]["security-severity"],
                f.severity.score(),
                "{path}: {id}"
            );
            assert_eq!(r["properties"]["severity"], f.severity.as_str());
            let level = match f.severity.as_str() {
                "critical" | "high" => "error",
                "medium" => "warning",
                _ => "note",
            };
            assert_eq!(r["level"], level, "{path}: {id}");
        }
        // A rule's own rating is its default, not its worst result.
        for rule in doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
        {
            let id = rule["id"].as_str().unwrap();
            if let Some(r) = c.library.get(id) {
                let own = threatmap::analysis::Severity::from_ratings(r.likelihood, r.impact);
                assert_eq!(rule["properties"]["security-severity"], own.score(), "{id}");
            }
        }
    }
}

#[test]
fn decisions_show_who_decided_and_until_when_in_every_format() {
    let c = case(ECOMMERCE);
    let decided: Vec<_> = c
        .loaded
        .model
        .triage
        .iter()
        .filter(|t| t.reviewer.is_some())
        .collect();
    assert!(!decided.is_empty(), "the example has reviewed decisions");
    let md = c.render(Format::Markdown);
    let html = c.render(Format::Html);
    let json: serde_json::Value = serde_json::from_str(&c.render(Format::Json)).unwrap();
    let csv = c.render(Format::Csv);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    for t in decided {
        let reviewer = t.reviewer.as_deref().unwrap();
        let approved = format!("by {reviewer}");
        let line = md
            .lines()
            .find(|l| l.contains(&format!("`{}`", t.finding)) && l.contains(&approved));
        assert!(
            line.is_some(),
            "Markdown names the reviewer of {}",
            t.finding
        );
        assert!(html.contains(&approved), "HTML names {reviewer}");
        let f = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == t.finding.as_str())
            .unwrap();
        assert_eq!(f["tracking"]["reviewer"], reviewer);
        let row = records
            .iter()
            .find(|r| &r[col("id")] == t.finding.as_str())
            .unwrap();
        assert_eq!(&row[col("reviewer")], reviewer);
        if let Some(until) = &t.until {
            assert_eq!(&row[col("due")], until.as_str());
            assert_eq!(f["tracking"]["due"], until.as_str());
        }
        if let Some(reference) = &t.reference {
            assert_eq!(&row[col("ticket")], reference.as_str());
        }
    }
    // An accepted risk without an expiry says so.
    let accepted_without_expiry = c.findings.items.iter().any(|f| {
        f.status == TriageStatus::Accepted
            && c.loaded
                .model
                .triage_for(&f.id)
                .is_some_and(|t| t.until.is_none())
    });
    if accepted_without_expiry {
        assert!(md.contains("no expiry") && html.contains("no expiry"));
    }
}

#[test]
fn element_owners_technology_data_and_trust_reach_the_appendix() {
    let c = case(ECOMMERCE);
    let md = c.render(Format::Markdown);
    let html = c.render(Format::Html);
    let m = &c.loaded.model;
    for e in m.elements.iter().filter(|e| e.owner.is_some()) {
        let owner = e.owner.as_deref().unwrap();
        assert!(md.contains(owner) && html.contains(owner), "{owner}");
    }
    for d in &m.data {
        let row = md
            .lines()
            .find(|l| l.contains(&format!("`{}`", d.id)) && l.contains(d.classification.label()));
        assert!(row.is_some(), "data asset {} with its classification", d.id);
    }
    for (n, f) in m.flows.iter().enumerate() {
        assert!(
            md.contains(&format!("| {} | `{}` |", n + 1, f.id)),
            "flow {} numbered {}",
            f.id,
            n + 1
        );
    }
    for b in &m.boundaries {
        let row = md.lines().find(|l| {
            l.contains(&format!("`{}`", b.id)) && l.contains(&format!(" {} |", b.trust_level()))
        });
        assert!(row.is_some(), "boundary {} with its trust", b.id);
    }
}

#[test]
fn json_notes_carry_no_raw_control_characters() {
    let c = case(HOSTILE);
    let json: serde_json::Value = serde_json::from_str(&c.render(Format::Json)).unwrap();
    let notes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["note"].as_str())
        .collect();
    assert!(!notes.is_empty());
    for n in notes {
        assert!(!n.chars().any(|c| c.is_control() && c != '\n'), "{n:?}");
        assert!(
            n.contains("\\x1b"),
            "the escape is shown, not dropped: {n:?}"
        );
    }
}

#[test]
fn the_pull_request_form_always_fits_a_comment() {
    let limit = report::markdown::COMMENT_LIMIT;
    let summary = ReportOptions {
        summary_only: true,
        ..ReportOptions::default()
    };
    each(models(), String::clone, |path| {
        let c = case(path);
        let text = c.render_with(Format::Markdown, summary.clone());
        assert!(text.chars().count() < limit, "{path}: {}", text.len());
        insta::assert_snapshot!(
            format!(
                "{}__summary",
                Path::new(path).file_stem().unwrap().to_string_lossy()
            ),
            text
        );
    });
    // A large estate: far more open findings than fit, and the note says so.
    let estate = threatmap::synthetic::generate(1_500, 5);
    let library = built_in();
    let findings = analyze(&estate, &library);
    let mut input = ReportInput::new(&estate, &findings, &library);
    input.options = summary;
    let text = report::render(Format::Markdown, &input).unwrap();
    assert!(text.chars().count() < limit, "{}", text.len());
    assert!(text.contains("more open findings did not fit"), "{text}");
}

#[test]
fn summary_flag_prints_the_short_form_and_refuses_other_formats() {
    let out = threatmap()
        .args(["report", ECOMMERCE, "--summary", "--min-severity", "high"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.len() < report::markdown::COMMENT_LIMIT);
    assert!(text.contains("### Open findings, high and above"));
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("| MEDIUM |") && l.contains("<br>")),
        "only high and above are listed"
    );
    threatmap()
        .args(["report", ECOMMERCE, "--summary", "--format", "html"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: --summary is a form of the Markdown report",
        ))
        .stderr(predicates::str::contains("hint: drop --format"));
}

#[test]
fn model_file_is_shown_relative_never_from_the_home_directory() {
    let cwd = std::env::current_dir().unwrap();
    let inside = cwd.join("models").join("ecommerce.ron");
    assert_eq!(report::shown_path(&inside), "models/ecommerce.ron");
    assert_eq!(
        report::shown_path(Path::new("models/ecommerce.ron")),
        "models/ecommerce.ron"
    );
    let elsewhere = Path::new("/home/someone/private/shop.ron");
    assert_eq!(report::shown_path(elsewhere), "shop.ron");
}

#[test]
fn since_shows_the_trend_from_an_earlier_revision() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "t@example.com"]);
    git(root, &["config", "user.name", "T"]);
    let file = root.join("shop.ron");
    let starter = std::fs::read_to_string("src/model/starter.ron").unwrap();
    std::fs::write(&file, &starter).unwrap();
    git(root, &["add", "shop.ron"]);
    git(root, &["commit", "-q", "-m", "first"]);
    // The new version drops every flow: their findings are resolved.
    let mut model = load(&file).unwrap().model;
    let before = analyze(&model, &built_in());
    model.flows.clear();
    let after = analyze(&model, &built_in());
    std::fs::write(&file, threatmap::model::to_canonical_string(&model)).unwrap();
    let out = threatmap()
        .current_dir(root)
        .args(["report", "shop.ron", "--format", "json", "--since", "HEAD"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let trend = &json["trend"];
    assert_eq!(trend["since"], "HEAD");
    assert_eq!(trend["total_before"], before.items.len());
    assert_eq!(trend["open_before"], before.open().count());
    assert!(trend["resolved"].as_u64().unwrap() > 0, "{trend}");
    assert_eq!(json["summary"]["total"], after.items.len());
    let md = threatmap()
        .current_dir(root)
        .args(["report", "shop.ron", "--summary", "--since", "HEAD"])
        .assert()
        .success();
    let text = String::from_utf8(md.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(&format!(
            "Since HEAD: {} new, {} resolved",
            trend["introduced"], trend["resolved"]
        )),
        "{text}"
    );
    // An unknown revision is a clear error, exit 2.
    threatmap()
        .current_dir(root)
        .args(["report", "shop.ron", "--since", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "shop.ron@no-such-rev: error: unknown revision `no-such-rev`",
        ))
        .stderr(predicates::str::contains("hint: list revisions"));
}
