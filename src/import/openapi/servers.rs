//! Servers: where the API runs, how it is reached, and how far it is trusted.

use serde_json::Value;

use crate::model::{Encryption, Protocol};

/// Where a host sits, as far as its name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Zone {
    Public,
    Internal,
}

/// One entry of a `servers` list, with its variables filled in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Server {
    pub url: String,
    /// Lowercase scheme; empty for a relative URL such as `/v1`.
    pub scheme: String,
    /// Lowercase host without port; empty for a relative URL.
    pub host: String,
    pub zone: Zone,
    pub non_production: bool,
}

impl Server {
    /// The trust class that decides whether servers get separate processes.
    pub fn trust(&self) -> (Zone, bool) {
        (self.zone, self.non_production)
    }

    pub fn transport(&self) -> Option<(Protocol, Encryption)> {
        match self.scheme.as_str() {
            "https" => Some((Protocol::Https, Encryption::Tls)),
            "http" => Some((Protocol::Http, Encryption::None)),
            "wss" => Some((Protocol::WebSocket, Encryption::Tls)),
            "ws" => Some((Protocol::WebSocket, Encryption::None)),
            _ => None,
        }
    }
}

/// The servers of a `servers` array (root, path item or operation level).
pub fn read_list(list: Option<&Value>) -> Vec<Server> {
    let mut out: Vec<Server> = list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(read_one)
        .collect();
    out.dedup();
    out
}

fn read_one(server: &Value) -> Option<Server> {
    let template = server.get("url")?.as_str()?.trim();
    let url = fill_variables(template, server.get("variables"));
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None if url.starts_with("//") => (String::new(), &url[2..]),
        None => (String::new(), ""),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("").to_string()
    } else {
        authority.split(':').next().unwrap_or("").to_string()
    }
    .to_ascii_lowercase();
    Some(Server {
        zone: zone_of(&host),
        non_production: is_non_production(&host),
        url,
        scheme,
        host,
    })
}

/// Replaces `{name}` with the variable's `default`.
fn fill_variables(template: &str, variables: Option<&Value>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let default = variables
            .and_then(|v| v.get(name))
            .and_then(|v| v.get("default"))
            .and_then(Value::as_str);
        out.push_str(default.unwrap_or(name));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn labels(host: &str) -> impl Iterator<Item = &str> {
    host.split(['.', '-', '_']).filter(|l| !l.is_empty())
}

fn zone_of(host: &str) -> Zone {
    const INTERNAL_SUFFIXES: [&str; 6] =
        [".internal", ".local", ".lan", ".corp", ".intranet", ".svc"];
    const INTERNAL_LABELS: [&str; 5] = ["internal", "intranet", "corp", "private", "int"];
    let private_ip = match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_private() || ip.is_loopback() || ip.is_link_local(),
        Ok(std::net::IpAddr::V6(ip)) => ip.is_loopback() || (ip.segments()[0] & 0xfe00) == 0xfc00,
        Err(_) => false,
    };
    let internal = private_ip
        || host == "localhost"
        || INTERNAL_SUFFIXES.iter().any(|s| host.ends_with(s))
        || labels(host).any(|l| INTERNAL_LABELS.contains(&l));
    if internal {
        Zone::Internal
    } else {
        Zone::Public
    }
}

/// Hosts whose names say they are not production: `localhost`, `dev.`,
/// `staging-api.`, `sandbox.`… An API9 inventory signal.
fn is_non_production(host: &str) -> bool {
    let loopback = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    loopback || labels(host).any(|l| super::vocabulary::NON_PRODUCTION_HOSTS.contains(&l))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_hosts_and_fills_variables() {
        let list = json!([
            {"url": "https://{env}.example.com:8443/v1", "variables": {"env": {"default": "staging"}}},
            {"url": "http://localhost:3000"},
            {"url": "/v1"},
            {"url": "https://API.example.com"},
            {"url": "https://orders.internal/v2"},
            {"url": "http://10.1.2.3"},
        ]);
        let servers = read_list(Some(&list));
        let summary: Vec<_> = servers
            .iter()
            .map(|s| (s.host.as_str(), s.zone, s.non_production))
            .collect();
        assert_eq!(
            summary,
            [
                ("staging.example.com", Zone::Public, true),
                ("localhost", Zone::Internal, true),
                ("", Zone::Public, false),
                ("api.example.com", Zone::Public, false),
                ("orders.internal", Zone::Internal, false),
                ("10.1.2.3", Zone::Internal, false),
            ]
        );
        assert_eq!(servers[0].url, "https://staging.example.com:8443/v1");
        assert_eq!(
            servers[1].transport(),
            Some((Protocol::Http, Encryption::None))
        );
        assert_eq!(servers[2].transport(), None);
    }

    #[test]
    fn production_names_are_not_flagged() {
        assert!(!is_non_production("api.devices.com"));
        assert!(!is_non_production("contest.example.org"));
        assert!(is_non_production("api-dev.example.org"));
    }
}
