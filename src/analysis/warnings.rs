//! Problems that only show once the model has been analyzed.

use std::collections::HashSet;

use super::Findings;
use crate::diagnostic::{Diagnostic, closest};
use crate::library::Library;
use crate::model::Loaded;

/// Triage records whose finding no longer exists, and disabled rules that
/// name no rule: both usually mean a typo or a design change.
pub fn after_analysis(
    loaded: &Loaded,
    file: &str,
    findings: &Findings,
    library: &Library,
) -> Vec<Diagnostic> {
    let model = &loaded.model;
    let mut out = Vec::new();
    let ids: HashSet<&str> = findings.items.iter().map(|f| f.id.as_str()).collect();
    // A record on `RULE@flow` decides every operation of the flow the rule found.
    let groups: HashSet<String> = findings
        .items
        .iter()
        .filter(|f| f.endpoint.is_some())
        .map(|f| f.group_id().into_owned())
        .collect();
    for (i, t) in model.triage.iter().enumerate() {
        if ids.contains(t.finding.as_str()) || groups.contains(&t.finding) {
            continue;
        }
        let at = loaded.index().key_pos("triage", i, "finding");
        let hint = match closest(&t.finding, ids.iter().copied()) {
            Some(c) => {
                format!("did you mean `{c}`? Otherwise the design changed and the record can go")
            }
            None => {
                "the design changed so that this threat no longer applies; the record can go".into()
            }
        };
        out.push(
            Diagnostic::warning(
                file,
                at,
                format!("triage record for `{}`, which is not a finding", t.finding),
            )
            .with_hint(hint),
        );
    }
    for rule in &model.disabled_rules {
        if library.get(rule).is_none() {
            let at = loaded.index().top_key("disabled_rules");
            let hint = closest(rule, library.rules().iter().map(|r| r.id.as_str())).map_or(
                "`threatmap library list` shows every rule id".to_string(),
                |c| format!("did you mean `{c}`?"),
            );
            out.push(
                Diagnostic::warning(file, at, format!("disabled rule `{rule}` does not exist"))
                    .with_hint(hint),
            );
        }
    }
    out
}
