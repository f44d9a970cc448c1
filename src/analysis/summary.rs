//! Counts of findings by severity, STRIDE category, OWASP category and status.

use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::{Finding, Severity, status_str};
use crate::library::Stride;
use crate::model::TriageStatus;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub total: usize,
    pub open: usize,
    pub mitigated: usize,
    /// Open findings by severity, worst first.
    pub open_by_severity: BTreeMap<&'static str, usize>,
    pub by_severity: BTreeMap<&'static str, usize>,
    pub by_stride: BTreeMap<&'static str, usize>,
    pub by_owasp: BTreeMap<String, usize>,
    pub by_status: BTreeMap<&'static str, usize>,
}

/// Adds one to `key`'s count; the list stays short (a dozen keys at most).
fn tally<K: PartialEq>(counts: &mut Vec<(K, usize)>, key: K) {
    match counts.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => counts.push((key, 1)),
    }
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        // Tallied in arrays first: maps keyed by text, updated once per
        // finding, cost more than the rest of the summary together.
        let mut severity = [0usize; Severity::ALL.len()];
        let mut open_severity = [0usize; Severity::ALL.len()];
        let mut stride = [0usize; Stride::ALL.len()];
        let mut status: Vec<(TriageStatus, usize)> = Vec::new();
        let mut owasp: Vec<(&str, usize)> = Vec::new();
        let mut s = Summary {
            total: findings.len(),
            ..Summary::default()
        };
        for f in findings {
            severity[f.severity as usize] += 1;
            if f.is_open() {
                s.open += 1;
                open_severity[f.severity as usize] += 1;
            }
            if f.status == TriageStatus::Mitigated {
                s.mitigated += 1;
            }
            for st in f.stride.iter() {
                stride[*st as usize] += 1;
            }
            for o in f.owasp.iter() {
                tally(&mut owasp, o.as_str());
            }
            tally(&mut status, f.status);
        }
        for &sev in Severity::ALL {
            s.by_severity.insert(sev.as_str(), severity[sev as usize]);
            s.open_by_severity
                .insert(sev.as_str(), open_severity[sev as usize]);
        }
        for st in Stride::ALL {
            if stride[st as usize] > 0 {
                s.by_stride.insert(st.name(), stride[st as usize]);
            }
        }
        s.by_owasp = owasp.into_iter().map(|(o, n)| (o.to_string(), n)).collect();
        // Every status is named, zeros too, so the counts visibly add up to
        // the total.
        s.by_status = TriageStatus::ALL
            .iter()
            .copied()
            .map(|st| {
                let n = status.iter().find(|(k, _)| *k == st).map_or(0, |(_, n)| *n);
                (status_str(st), n)
            })
            .collect();
        s
    }

    /// OWASP ids in their natural order (API2 before API10).
    pub fn owasp_sorted(&self) -> Vec<(&str, usize)> {
        let mut v: Vec<(&str, usize)> = self
            .by_owasp
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        v.sort_by_key(|(k, _)| owasp_number(k));
        v
    }

    /// STRIDE counts in S-T-R-I-D-E order.
    pub fn stride_sorted(&self) -> Vec<(Stride, usize)> {
        Stride::ALL
            .into_iter()
            .map(|s| (s, self.by_stride.get(s.name()).copied().unwrap_or(0)))
            .collect()
    }

    /// Share of findings mitigated, in percent.
    pub fn mitigated_percent(&self) -> u32 {
        if self.total == 0 {
            return 100;
        }
        ((self.mitigated * 100) / self.total) as u32
    }
}

/// The number of an OWASP API id, `API4:2023` → 4, for sorting.
pub fn owasp_number(id: &str) -> u32 {
    id.trim_start_matches("API")
        .split(':')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}
