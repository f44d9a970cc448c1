//! Threagile's individual (or custom) risk categories and risk tracking.

use serde_json::Value;

use super::assets::Build;
use super::{entries, strip_html};
use crate::import::interchange::vocabulary::{severity, status, stride_letters};
use crate::import::interchange::{Ids, append, one_line, str_at, text_of};
use crate::model::{Threat, Triage};

/// One imported risk with the Threagile risk id it answers to.
struct Imported {
    risk_id: String,
    threat: usize,
}

pub fn import(b: &mut Build, root: &Value) {
    let mut threat_ids = Ids::default();
    let mut imported = Vec::new();
    let mut categories = entries(root, "individual_risk_categories");
    categories.extend(entries(root, "custom_risk_categories"));
    for (title, cat) in categories {
        let cat_id = text_of(cat.get("id"));
        let cat_title = if title.trim().is_empty() {
            cat_id.clone()
        } else {
            strip_html(&title)
        };
        let mut description = text_of(cat.get("description"));
        let impact = text_of(cat.get("impact"));
        if !impact.trim().is_empty() {
            append(&mut description, &format!("Impact: {}", impact.trim()));
        }
        for key in ["risk_assessment", "detection_logic", "check", "action"] {
            let v = text_of(cat.get(key));
            if !v.trim().is_empty() {
                append(
                    &mut description,
                    &format!("{}: {}", key.replace('_', " "), v.trim()),
                );
            }
        }
        let mut tags = Vec::new();
        let cwe = text_of(cat.get("cwe"));
        if !cwe.trim().is_empty() && cwe != "0" {
            tags.push(format!("CWE-{cwe}"));
        }
        let asvs = text_of(cat.get("asvs"));
        if !asvs.trim().is_empty() {
            tags.push(format!("ASVS {asvs}"));
        }
        let risks = entries(&cat, "risks_identified");
        if risks.is_empty() {
            b.notes.push(format!(
                "risk category `{cat_id}` identifies no risk: nothing to attach it to, kept out"
            ));
        }
        for (risk_title, risk) in risks {
            let asset = str_at(&risk, "most_relevant_technical_asset");
            let link = str_at(&risk, "most_relevant_communication_link");
            let target = if !link.is_empty() {
                b.links.get(link).cloned()
            } else {
                b.map.get(&format!("asset:{asset}")).cloned()
            };
            let Some(target) = target else {
                b.notes.push(format!(
                    "risk {:?} names no technical asset or link of the model: left out",
                    one_line(&strip_html(&risk_title))
                ));
                continue;
            };
            let id = threat_ids.assign(&cat_id, &cat_title, "risk");
            let mut threat = Threat::new(
                id,
                one_line(&strip_html(if risk_title.is_empty() {
                    &cat_title
                } else {
                    &risk_title
                })),
                target.clone(),
            );
            threat.stride = stride_letters(str_at(&cat, "stride"));
            let level = str_at(&risk, "severity");
            threat.severity = severity(level);
            if level == "elevated" {
                b.notes.push(format!(
                    "risk `{}` is \"elevated\" in Threagile, which sits between medium and high: read as high",
                    threat.id
                ));
            }
            threat.description = description.clone();
            let facts: Vec<String> = [
                "exploitation_likelihood",
                "exploitation_impact",
                "data_breach_probability",
            ]
            .iter()
            .filter_map(|k| {
                let v = str_at(&risk, k);
                (!v.is_empty()).then(|| format!("{} = {v}", k.replace('_', " ")))
            })
            .collect();
            if !facts.is_empty() {
                append(
                    &mut threat.description,
                    &format!("Threagile: {}", facts.join("; ")),
                );
            }
            threat.mitigation_note = text_of(cat.get("mitigation"));
            threat.tags = tags.clone();
            let parts: Vec<&str> = [asset, link]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let risk_id = format!("{cat_id}@{}", parts.join("@"));
            imported.push(Imported {
                risk_id,
                threat: b.model.threats.len(),
            });
            b.model.threats.push(threat);
        }
    }
    tracking(b, root, &imported);
}

/// `a@*@c` matches `a@b@c`: `*` stands for any one part.
fn matches(pattern: &str, id: &str) -> bool {
    let p: Vec<&str> = pattern.split('@').collect();
    let i: Vec<&str> = id.split('@').collect();
    p.len() == i.len() && p.iter().zip(&i).all(|(p, i)| *p == "*" || p == i)
        || p.len() < i.len()
            && p.last() == Some(&"*")
            && p[..p.len() - 1]
                .iter()
                .zip(&i)
                .all(|(p, i)| *p == "*" || p == i)
}

fn tracking(b: &mut Build, root: &Value, imported: &[Imported]) {
    let Some(map) = root.get("risk_tracking").and_then(Value::as_object) else {
        return;
    };
    let mut elsewhere = Vec::new();
    for (pattern, t) in map {
        let word = str_at(t, "status");
        let Some(decision) = status(word) else {
            b.notes.push(format!(
                "risk tracking `{pattern}` has status {word:?}, which is unknown: ignored"
            ));
            continue;
        };
        let hits: Vec<&Imported> = imported
            .iter()
            .filter(|i| matches(pattern, &i.risk_id))
            .collect();
        if hits.is_empty() {
            elsewhere.push(format!("- {pattern}: {word}{}", {
                let j = one_line(&text_of(t.get("justification")));
                if j.is_empty() {
                    String::new()
                } else {
                    format!(" ({j})")
                }
            }));
            continue;
        }
        for hit in hits {
            let Some(threat) = b.model.threats.get(hit.threat) else {
                continue;
            };
            let finding = threat.finding_id();
            if b.model.triage.iter().any(|r| r.finding == finding) {
                continue;
            }
            let mut record = Triage::new(finding, decision);
            record.note = one_line(&text_of(t.get("justification")));
            let ticket = text_of(t.get("ticket"));
            record.reference = (!ticket.trim().is_empty()).then_some(ticket);
            let date = text_of(t.get("date"));
            record.date = crate::model::validate::is_date(&date).then_some(date);
            let by = text_of(t.get("checked_by"));
            record.reviewer = (!by.trim().is_empty()).then_some(by);
            b.model.triage.push(record);
        }
    }
    if !elsewhere.is_empty() {
        b.notes.push(format!(
            "{} risk tracking entries concern Threagile's built-in rules, which threatmap does not run: kept in the model's description",
            elsewhere.len()
        ));
        append(
            &mut b.model.description,
            &format!(
                "Threagile risk tracking (for Threagile's own rules):\n{}",
                elsewhere.join("\n")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards_stand_for_one_part() {
        assert!(matches(
            "something-strange@sql-database",
            "something-strange@sql-database"
        ));
        assert!(matches(
            "something-strange@*",
            "something-strange@sql-database"
        ));
        assert!(!matches("other@*", "something-strange@sql-database"));
        assert!(matches("x@*@*", "x@a@b"));
    }
}
