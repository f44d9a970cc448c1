//! Threats written by hand, turned into findings so that triage, reports,
//! SARIF, diff and review treat them exactly like a rule's findings.

use std::collections::HashMap;
use std::sync::Arc;

use super::finding::{Finding, Origin, Severity, StatusSource, TargetKind};
use super::{Context, Subject, stale};
use crate::library::{Rating, Stride};
use crate::model::{Threat, ThreatSeverity, Triage, TriageStatus};

/// The threats of the model by target id.
pub(crate) fn by_target<'m>(ctx: &Context<'m>) -> HashMap<&'m str, Vec<&'m Threat>> {
    let mut map: HashMap<&str, Vec<&Threat>> = HashMap::new();
    for t in &ctx.model.threats {
        map.entry(t.target.as_str()).or_default().push(t);
    }
    map
}

/// The severity of a hand-written threat: as given, else likelihood ×
/// impact (a missing one counts as medium), else medium.
pub fn severity_of(threat: &Threat) -> Severity {
    if let Some(s) = threat.severity {
        return match s {
            ThreatSeverity::Low => Severity::Low,
            ThreatSeverity::Medium => Severity::Medium,
            ThreatSeverity::High => Severity::High,
            ThreatSeverity::Critical => Severity::Critical,
        };
    }
    Severity::from_ratings(
        threat.likelihood.unwrap_or(Rating::Medium),
        threat.impact.unwrap_or(Rating::Medium),
    )
}

/// The finding of one hand-written threat on `subject`, its target.
pub(crate) fn finding(
    ctx: &Context,
    threat: &Threat,
    subject: Subject,
    triage: &HashMap<&str, &Triage>,
    today: Option<&str>,
) -> Finding {
    let target_kind = match subject {
        Subject::Element(i) => TargetKind::Element(ctx.element(i).kind.tag()),
        Subject::Flow(_) => TargetKind::Flow,
    };
    let in_place: Vec<_> = threat
        .mitigations
        .iter()
        .filter(|c| ctx.has_control(subject, c))
        .cloned()
        .collect();
    let id = threat.finding_id();
    let record = triage.get(id.as_str()).copied();
    let (status, status_source) = match record {
        Some(t) if t.status != TriageStatus::Open || in_place.is_empty() => {
            (t.status, StatusSource::Triage)
        }
        _ if !in_place.is_empty() => (TriageStatus::Mitigated, StatusSource::Controls),
        _ => (TriageStatus::Open, StatusSource::Default),
    };
    let stride: Vec<Stride> = Stride::ALL
        .into_iter()
        .filter(|s| threat.stride.contains(s.letter()))
        .collect();
    let mut explanation = vec!["written by hand in the model's threats".to_string()];
    if let Some(endpoint) = &threat.endpoint {
        explanation.push(format!("on the operation {endpoint}"));
    }
    if !threat.description.is_empty() {
        explanation.push(threat.description.clone());
    }
    if !threat.mitigation_note.is_empty() {
        explanation.push(format!("mitigation: {}", threat.mitigation_note));
    }
    Finding {
        id,
        rule: threat.id.as_str().into(),
        title: threat.title.as_str().into(),
        target: threat.target.clone(),
        target_kind,
        endpoint: threat
            .endpoint
            .as_deref()
            .and_then(crate::model::endpoint::parse_endpoint)
            .map(|(method, path)| super::EndpointRef { method, path }),
        stride: stride.into(),
        owasp: threat.owasp.as_slice().into(),
        cwe: Arc::from(Vec::<u32>::new()),
        severity: severity_of(threat),
        status,
        status_source,
        mitigations: threat.mitigations.as_slice().into(),
        mitigated_by: in_place,
        explanation,
        note: record.map(|t| t.note.clone()).filter(|n| !n.is_empty()),
        stale: record.and_then(|r| stale::stale_reason(ctx.model, r, today)),
        origin: Origin::Manual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze, reanalyze};
    use crate::library::built_in;

    fn fixture() -> crate::model::Model {
        crate::model::parse_str(
            include_str!("../../tests/fixtures/valid/threats.ron"),
            "threats.ron",
        )
        .expect("the fixture loads")
        .model
    }

    #[test]
    fn hand_written_threats_are_findings_with_triage_and_controls() {
        let model = fixture();
        let findings = analyze(&model, &built_in());
        let coupon = findings.get("coupon-stacking@buy").expect("a finding");
        assert_eq!(coupon.origin, Origin::Manual);
        assert_eq!(
            coupon.severity,
            Severity::High,
            "likelihood high × impact medium"
        );
        assert_eq!(coupon.stride_letters(), "TE");
        assert_eq!(&*coupon.owasp, ["API6:2023".to_string()]);
        assert_eq!(coupon.status, TriageStatus::Open);
        let bots = findings.get("bot-checkout@checkout").expect("a finding");
        assert_eq!(bots.severity, Severity::Critical);
        assert_eq!(
            bots.status,
            TriageStatus::Mitigated,
            "rate limiting is in place"
        );
        assert_eq!(bots.status_source, StatusSource::Controls);
        let cards = findings
            .get("gift-card-brute-force@checkout")
            .expect("a finding");
        assert_eq!(cards.severity, Severity::Medium, "the default");
        assert_eq!(cards.status, TriageStatus::Accepted);
        assert_eq!(cards.note.as_deref(), Some("Cards are 16 random digits."));
        let rule_findings = findings.items.iter().filter(|f| f.origin == Origin::Rule);
        assert!(rule_findings.count() > 5, "rules still run");
    }

    #[test]
    fn a_disabled_threat_id_is_left_out_and_reanalysis_agrees() {
        let model = fixture();
        let library = built_in();
        let before = analyze(&model, &library);
        let mut changed = model.clone();
        changed.threats[2].severity = Some(ThreatSeverity::Low);
        changed.threats.remove(0);
        let after = reanalyze(&model, &before, &changed, &library);
        assert_eq!(after, analyze(&changed, &library));
        assert!(after.get("coupon-stacking@buy").is_none());
        changed.disabled_rules.push("bot-checkout".into());
        assert!(
            analyze(&changed, &library)
                .get("bot-checkout@checkout")
                .is_none()
        );
    }

    #[test]
    fn findings_stay_in_the_documented_order_with_threats_among_them() {
        let model = fixture();
        let items = analyze(&model, &built_in()).items;
        let mut sorted = items.clone();
        crate::analysis::sort_findings(&mut sorted);
        assert_eq!(items, sorted);
    }

    #[test]
    fn renaming_the_target_moves_the_threat_and_its_decision() {
        let mut model = fixture();
        crate::model::edit::rename_id(&mut model, "checkout", "till").expect("renamed");
        let findings = analyze(&model, &built_in());
        let cards = findings.get("gift-card-brute-force@till").expect("moved");
        assert_eq!(cards.status, TriageStatus::Accepted);
    }
}
