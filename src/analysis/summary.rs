//! Counts of findings by severity, STRIDE category, OWASP category and status.

use std::collections::BTreeMap;

use serde::Serialize;

use super::finding::{Finding, Severity, status_str};
use crate::library::Stride;

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

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary {
            total: findings.len(),
            ..Summary::default()
        };
        for sev in Severity::ALL {
            s.by_severity.insert(sev.as_str(), 0);
            s.open_by_severity.insert(sev.as_str(), 0);
        }
        for f in findings {
            *s.by_severity.entry(f.severity.as_str()).or_default() += 1;
            if f.is_open() {
                s.open += 1;
                *s.open_by_severity.entry(f.severity.as_str()).or_default() += 1;
            }
            if f.status == crate::model::TriageStatus::Mitigated {
                s.mitigated += 1;
            }
            for st in f.stride.iter() {
                *s.by_stride.entry(st.name()).or_default() += 1;
            }
            for o in f.owasp.iter() {
                // Look up before inserting: the key is copied only once per category.
                match s.by_owasp.get_mut(o.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        s.by_owasp.insert(o.clone(), 1);
                    }
                }
            }
            *s.by_status.entry(status_str(f.status)).or_default() += 1;
        }
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
