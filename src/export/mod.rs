//! Models sent out to other tools: Threat Dragon v2 and Open Threat Model.
//!
//! Both take the model and the canvas positions to draw it at
//! ([`crate::layout::auto_positions`]: the model's `layout`, completed by the
//! automatic layout for elements without one), so that the output is the same
//! bytes for the same model and the same picture as the workbench draws.

pub mod otm;
pub mod threat_dragon;

use std::collections::BTreeMap;

use crate::model::{Position, TriageStatus};

/// Pixels per canvas column and row, the inverse of the importers' scale.
pub const PX_PER_COLUMN: f64 = crate::import::interchange::geometry::PX_PER_COLUMN;
pub const PX_PER_ROW: f64 = crate::import::interchange::geometry::PX_PER_ROW;

/// Canvas positions by element id.
pub type Positions = BTreeMap<String, Position>;

/// A UUID derived from `kind` and `id` alone: the same model gives the same
/// UUIDs on every export. RFC 9562 version 8 (custom), from two 64-bit
/// FNV-1a hashes ([`crate::hash::fnv1a`]).
pub fn stable_uuid(kind: &str, id: &str) -> String {
    let hi = crate::hash::fnv1a(format!("{kind}\0{id}").as_bytes());
    let lo = crate::hash::fnv1a(format!("{id}\0{kind}").as_bytes());
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

/// The decision on a finding, when the model has one.
pub fn decision(model: &crate::model::Model, finding: &str) -> Option<TriageStatus> {
    model
        .triage
        .iter()
        .find(|t| t.finding == finding)
        .map(|t| t.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uuids_are_deterministic_distinct_and_well_formed() {
        let a = stable_uuid("element", "api");
        assert_eq!(a, stable_uuid("element", "api"));
        assert_ne!(a, stable_uuid("flow", "api"));
        assert_ne!(a, stable_uuid("element", "apj"));
        assert!(crate::import::interchange::looks_like_uuid(&a), "{a}");
        assert_eq!(&a[14..15], "8");
    }
}
