//! Decisions that go stale: a triage record remembers a fingerprint of the
//! facts it was made on; when the design changes those facts, or the
//! decision's `until` date has passed, the decision needs to be made again.

use serde::Serialize;

use crate::model::{ElementKind, Model, Triage};

/// A short, stable fingerprint of the facts of `target` that threats depend
/// on: for a flow its protocol, encryption, authentication, authorization,
/// controls, endpoints, data and ends; for an element its kind and
/// attributes, controls and boundary. Names, descriptions and positions do
/// not count. `None` when the target does not exist.
pub fn fingerprint(model: &Model, target: &str) -> Option<String> {
    let facts = if let Some(f) = model.flow(target) {
        let mut controls: Vec<String> = f.controls.iter().map(|c| c.name().into_owned()).collect();
        controls.sort();
        let mut endpoints: Vec<String> = f
            .endpoints
            .iter()
            .map(|e| serde_json::to_string(e).unwrap_or_default())
            .collect();
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

/// FNV-1a: tiny, stable across platforms and releases, enough to notice change.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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

    #[test]
    fn decisions_go_stale_on_change_or_expiry() {
        let mut m = starter_model();
        let record = Triage {
            finding: "X@orders-psp".into(),
            status: TriageStatus::Accepted,
            note: "ok".into(),
            owner: None,
            reference: None,
            date: None,
            reviewer: None,
            until: Some("2027-06-30".into()),
            fingerprint: fingerprint(&m, "orders-psp"),
        };
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
