//! API inventory across versions: the same operation served under `/v1/…`
//! and `/v2/…` leaves the older one live and superseded (API9).

use std::collections::BTreeMap;

use super::operations::Operation;
use crate::model::Method;

/// An operation with its version taken out of the path, and the version.
type Versioned = ((Method, String), (u32, u32));

/// The version a path segment names: `v2` → (2, 0), `v1.1` → (1, 1).
fn version_of(segment: &str) -> Option<(u32, u32)> {
    let digits = segment
        .strip_prefix('v')
        .or_else(|| segment.strip_prefix('V'))?;
    let (major, minor) = digits.split_once('.').unwrap_or((digits, "0"));
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The operation's path with its version segment taken out and parameter
/// names blurred, so `/v1/users/{id}` and `/v2/users/{userId}` meet; and
/// the version.
fn unversioned(path: &str) -> Option<(String, (u32, u32))> {
    let path = path.split('?').next().unwrap_or(path);
    let mut version = None;
    let mut rest = Vec::new();
    for segment in path.split('/') {
        match version_of(segment) {
            Some(v) if version.is_none() => version = Some(v),
            _ if segment.starts_with('{') => rest.push("{}"),
            _ => rest.push(segment),
        }
    }
    Some((rest.join("/"), version?))
}

/// Sets `superseded_by` on every operation whose newer version is also in
/// the document.
pub fn mark_superseded(operations: &mut [Operation]) {
    let mut newest: BTreeMap<(Method, String), ((u32, u32), usize)> = BTreeMap::new();
    let keyed: Vec<Option<Versioned>> = operations
        .iter()
        .map(|o| unversioned(&o.endpoint.path).map(|(rest, v)| ((o.endpoint.method, rest), v)))
        .collect();
    for (i, entry) in keyed.iter().enumerate() {
        let Some((key, version)) = entry else {
            continue;
        };
        let best = newest.entry(key.clone()).or_insert((*version, i));
        if *version > best.0 {
            *best = (*version, i);
        }
    }
    for (i, entry) in keyed.iter().enumerate() {
        let Some((key, version)) = entry else {
            continue;
        };
        let Some(&(best, at)) = newest.get(key) else {
            continue;
        };
        if *version < best {
            let newer = &operations[at].endpoint;
            let name = format!("{} {}", newer.method.as_str(), newer.path);
            operations[i].endpoint.superseded_by = Some(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_versions() {
        assert_eq!(version_of("v2"), Some((2, 0)));
        assert_eq!(version_of("V1.1"), Some((1, 1)));
        assert_eq!(version_of("video"), None);
        assert_eq!(version_of("v"), None);
        assert_eq!(
            unversioned("/api/v1/users/{id}"),
            Some(("/api/users/{}".to_string(), (1, 0)))
        );
        assert_eq!(unversioned("/users/{id}"), None);
    }
}
