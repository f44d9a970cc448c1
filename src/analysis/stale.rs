//! Decisions that go stale: a triage record remembers a fingerprint of the
//! facts it was made on; when the design changes those facts, or the
//! decision's `until` date has passed, the decision needs to be made again.

use serde::Serialize;

use crate::hash::fnv1a;
use crate::model::endpoint::split_target;
use crate::model::{ElementKind, Model, Triage};

/// A short, stable fingerprint of the facts of `target` that threats depend
/// on: for a flow its protocol, encryption, authentication, authorization,
/// controls, endpoints, data and ends; for an element its kind and
/// attributes, controls and boundary. Names, descriptions and positions do
/// not count. `None` when the target does not exist.
///
/// `target` is what follows `@` in a finding id; for one operation of a
/// flow (`flow#METHOD /path`) the flow's facts count with that operation
/// alone, so that adding or changing another operation leaves the decision
/// current.
pub fn fingerprint(model: &Model, target: &str) -> Option<String> {
    let (target, operation) = split_target(target);
    let facts = if let Some(f) = model.flow(target) {
        let mut controls: Vec<String> = f.controls.iter().map(|c| c.name().into_owned()).collect();
        controls.sort();
        let mut endpoints: Vec<String> = f
            .endpoints
            .iter()
            .filter(|e| operation.is_none_or(|key| e.key() == key))
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect();
        if operation.is_some() {
            // The operation as first listed, as analysis takes it.
            endpoints.truncate(1);
            if endpoints.is_empty() {
                return None;
            }
        }
        endpoints.sort();
        let mut data = f.data.clone();
        data.sort();
        serde_json::to_string(&FlowFacts {
            source: &f.source,
            target: &f.target,
            protocol: f.protocol.label(),
            encryption: f.encryption.label(),
            authentication: f.authentication.label(),
            authorization: f.authorization.label(),
            controls,
            endpoints,
            data,
        })
    } else {
        if operation.is_some() {
            return None;
        }
        let e = model.element(target)?;
        let mut controls: Vec<String> = e.controls.iter().map(|c| c.name().into_owned()).collect();
        controls.sort();
        let mut kind = e.kind.clone();
        match &mut kind {
            ElementKind::Process(p) => p.handles.sort(),
            ElementKind::DataStore(s) => s.stores.sort(),
            ElementKind::External(_) => {}
        }
        serde_json::to_string(&ElementFacts {
            kind: &kind,
            boundary: e.boundary.as_deref(),
            controls,
        })
    }
    .ok()?;
    Some(format!("{:016x}", fnv1a(facts.as_bytes())))
}

#[derive(Serialize)]
struct FlowFacts<'a> {
    source: &'a str,
    target: &'a str,
    protocol: &'a str,
    encryption: &'a str,
    authentication: &'a str,
    authorization: &'a str,
    controls: Vec<String>,
    endpoints: Vec<String>,
    data: Vec<String>,
}

#[derive(Serialize)]
struct ElementFacts<'a> {
    kind: &'a ElementKind,
    boundary: Option<&'a str>,
    controls: Vec<String>,
}

/// Why a decision no longer holds, if it does not.
pub fn stale_reason(model: &Model, record: &Triage, today: Option<&str>) -> Option<String> {
    if let (Some(until), Some(today)) = (record.until.as_deref(), today) {
        // ISO dates compare correctly as text.
        if until < today {
            return Some(format!("the decision expired on {until}"));
        }
    }
    let recorded = record.fingerprint.as_deref()?;
    let target = record.finding.split_once('@').map(|(_, t)| t)?;
    match fingerprint(model, target) {
        Some(now) if now == recorded => None,
        Some(_) => Some("the design changed since the decision".to_string()),
        None => None,
    }
}

/// After a change that leaves the facts decisions were made on as good as
/// they were (an id renamed, a control put in place), decisions that were
/// current stay current: a record whose fingerprint matched its target
/// before the change gets the target's fingerprint after it. `renamed` is
/// the id that changed, if one did. Records that were already stale stay
/// stale.
pub fn carry_over(before: &Model, after: &mut Model, renamed: Option<(&str, &str)>) {
    let mut fresh = Vec::new();
    for (i, record) in after.triage.iter().enumerate() {
        let (Some(recorded), Some((_, target))) = (
            record.fingerprint.as_deref(),
            record.finding.split_once('@'),
        ) else {
            continue;
        };
        let target_before = match (renamed, split_target(target)) {
            (Some((old, new)), (id, operation)) if id == new => match operation {
                Some(operation) => format!("{old}#{operation}"),
                None => old.to_string(),
            },
            _ => target.to_string(),
        };
        if fingerprint(before, &target_before).as_deref() == Some(recorded) {
            fresh.push((i, fingerprint(after, target)));
        }
    }
    for (i, fingerprint) in fresh {
        after.triage[i].fingerprint = fingerprint;
    }
}

pub use crate::clock::today;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Encryption, TriageStatus, starter::starter_model};

    #[test]
    fn fingerprint_follows_facts_not_names() {
        let mut m = starter_model();
        let before = fingerprint(&m, "orders-psp");
        if let Some(f) = m.flow_mut("orders-psp") {
            f.label = "renamed".into();
        }
        assert_eq!(fingerprint(&m, "orders-psp"), before);
        if let Some(f) = m.flow_mut("orders-psp") {
            f.encryption = Encryption::None;
        }
        assert_ne!(fingerprint(&m, "orders-psp"), before);
        assert_eq!(fingerprint(&m, "nope"), None);
    }

    /// An accepted decision on `finding`, made on the model as it is.
    fn accepted(m: &Model, finding: &str, until: Option<&str>) -> Triage {
        Triage {
            finding: finding.into(),
            status: TriageStatus::Accepted,
            note: "ok".into(),
            owner: None,
            reference: None,
            date: None,
            reviewer: None,
            until: until.map(str::to_string),
            fingerprint: fingerprint(m, finding.split_once('@').map_or("", |(_, t)| t)),
        }
    }

    #[test]
    fn renaming_keeps_decisions_current_and_their_targets_found() {
        let mut before = starter_model();
        // A decision on a flow whose fingerprint names the renamed element,
        // and one on the element itself.
        let on_flow = accepted(&before, "X@orders-psp", None);
        let on_element = accepted(&before, "Y@orders-svc", None);
        before.triage = vec![on_flow, on_element];
        let mut after = before.clone();
        crate::model::edit::rename_id(&mut after, "orders-svc", "orders").expect("renames");
        carry_over(&before, &mut after, Some(("orders-svc", "orders")));
        assert_eq!(after.triage[1].finding, "Y@orders");
        assert_eq!(
            after.flow("orders-psp").map(|f| f.source.as_str()),
            Some("orders")
        );
        for t in &after.triage {
            assert_eq!(
                stale_reason(&after, t, None),
                None,
                "{} stays current",
                t.finding
            );
        }
        // Without carrying over, the flow's decision would read as stale.
        let mut plain = before.clone();
        crate::model::edit::rename_id(&mut plain, "orders-svc", "orders").expect("renames");
        assert!(stale_reason(&plain, &plain.triage[0], None).is_some());
    }

    #[test]
    fn decisions_go_stale_on_change_or_expiry() {
        let mut m = starter_model();
        let record = accepted(&m, "X@orders-psp", Some("2027-06-30"));
        assert_eq!(stale_reason(&m, &record, Some("2027-01-01")), None);
        assert!(
            stale_reason(&m, &record, Some("2027-07-01")).is_some_and(|r| r.contains("expired"))
        );
        if let Some(f) = m.flow_mut("orders-psp") {
            f.encryption = Encryption::None;
        }
        assert!(
            stale_reason(&m, &record, Some("2027-01-01"))
                .is_some_and(|r| r.contains("design changed"))
        );
    }
}
