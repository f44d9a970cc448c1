//! API inventory across versions: the same operation served under `/v1/…`
//! and `/v2/…`, in its path or through versioned servers, leaves the older
//! one live and superseded (API9).

use std::collections::BTreeMap;

use super::operations::Operation;
use super::servers::Server;
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

/// The path of a server's URL when it names a version: `/v1` of
/// `https://api.example.com/v1/`, `/api/v2` of `/api/v2`.
fn versioned_base(server: &Server) -> Option<String> {
    let after_host = match server.url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => server.url.as_str(),
    };
    let path = after_host.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_end_matches('/');
    path.split('/')
        .any(|segment| version_of(segment).is_some())
        .then(|| path.to_string())
}

/// When the document's servers serve more than one version of the API
/// (`https://api.example.com/v1` and `…/v2`), each operation that runs on
/// the document's servers becomes one operation per version, with the
/// server's path in front of its own, so that older versions show as live
/// and superseded. Otherwise the operations are returned as they are.
pub fn per_server_version(operations: Vec<Operation>, servers: &[Server]) -> Vec<Operation> {
    let mut bases: BTreeMap<String, Vec<Server>> = BTreeMap::new();
    for server in servers {
        if let Some(base) = versioned_base(server) {
            bases.entry(base).or_default().push(server.clone());
        }
    }
    if bases.len() < 2 {
        return operations;
    }
    let mut out = Vec::with_capacity(operations.len() * bases.len());
    for op in operations {
        if op.servers.is_some() {
            out.push(op);
            continue;
        }
        for (base, on) in &bases {
            let mut copy = op.clone();
            copy.endpoint.path = format!("{base}{}", op.endpoint.path);
            copy.servers = Some(on.clone());
            out.push(copy);
        }
    }
    out
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

    #[test]
    fn versioned_servers_serve_each_operation_once_per_version() {
        let servers = super::super::servers::read_list(Some(&serde_json::json!([
            {"url": "https://api.example.com/v1/"},
            {"url": "https://api.example.com/v2"},
        ])));
        assert_eq!(versioned_base(&servers[0]).as_deref(), Some("/v1"));
        let op = Operation {
            endpoint: crate::model::Endpoint::new(Method::Get, "/users/{id}"),
            servers: None,
        };
        let mut ops = per_server_version(vec![op.clone()], &servers);
        mark_superseded(&mut ops);
        let paths: Vec<(&str, Option<&str>)> = ops
            .iter()
            .map(|o| {
                (
                    o.endpoint.path.as_str(),
                    o.endpoint.superseded_by.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            paths,
            [
                ("/v1/users/{id}", Some("GET /v2/users/{id}")),
                ("/v2/users/{id}", None)
            ]
        );
        // One server, or servers without versions: nothing changes.
        let plain = super::super::servers::read_list(Some(&serde_json::json!([
            {"url": "https://api.example.com"},
            {"url": "https://staging.example.com/v1"},
        ])));
        assert_eq!(per_server_version(vec![op], &plain).len(), 1);
    }
}
