//! Assembling the model: callers, one process per trust class of server, one
//! flow per process carrying its operations, and the guessed data.

use std::collections::{BTreeMap, BTreeSet};

use super::operations::Operation;
use super::security::Accepted;
use super::servers::{Server, Zone};
use crate::model::ids::{IdAllocator, slug};
use crate::model::{
    Authorization, Boundary, BoundaryKind, DataAsset, Element, ElementKind, Encryption, External,
    Flow, Model, Privileges, Process, ProcessRole, Protocol,
};

pub const INTERNET: &str = "internet";
pub const API_HOSTING: &str = "api-hosting";
pub const INTERNAL_NETWORK: &str = "internal-network";
pub const API_CLIENTS: &str = "api-clients";
pub const INTERNAL_CLIENTS: &str = "internal-clients";
/// Tag on processes whose host looks like a development or test system.
pub const NON_PRODUCTION: &str = "non-production";

/// What the document says about the API as a whole.
pub struct Facts<'a> {
    pub title: &'a str,
    pub api_version: &'a str,
    pub description: &'a str,
    pub file: &'a str,
    pub openapi: &'a str,
    pub root_servers: Vec<Server>,
    pub global: &'a Accepted,
    pub data: Vec<DataAsset>,
}

/// One process to create, and the servers it stands for.
struct Host {
    id: String,
    name: String,
    zone: Zone,
    non_production: bool,
    servers: Vec<Server>,
}

/// What was built besides the model, for the summary and warnings.
pub struct Built {
    pub model: Model,
    pub non_production_hosts: Vec<String>,
    /// True when no server said how the API is reached and HTTPS was assumed.
    pub assumed_https: bool,
}

pub fn build(facts: Facts, operations: Vec<Operation>) -> Built {
    let default_server = Server {
        url: "/".into(),
        scheme: String::new(),
        host: String::new(),
        zone: Zone::Public,
        non_production: false,
    };
    let servers_of = |op: &Operation| -> Vec<Server> {
        match &op.servers {
            Some(list) => list.clone(),
            None if facts.root_servers.is_empty() => vec![default_server.clone()],
            None => facts.root_servers.clone(),
        }
    };
    let mut all: BTreeSet<Server> = facts.root_servers.iter().cloned().collect();
    for op in &operations {
        all.extend(servers_of(op));
    }
    if all.is_empty() {
        all.insert(default_server.clone());
    }

    let mut ids = IdAllocator::with_taken(
        [
            INTERNET,
            API_HOSTING,
            INTERNAL_NETWORK,
            API_CLIENTS,
            INTERNAL_CLIENTS,
        ]
        .into_iter()
        .chain(facts.data.iter().map(|d| d.id.as_str())),
    );
    let hosts = plan_hosts(facts.title, &all, &mut ids);
    let host_of = |server: &Server| -> usize {
        hosts
            .iter()
            .position(|h| h.servers.contains(server))
            .unwrap_or(0)
    };

    let mut endpoints: Vec<Vec<crate::model::Endpoint>> = vec![Vec::new(); hosts.len()];
    for op in &operations {
        let targets: BTreeSet<usize> = servers_of(op).iter().map(host_of).collect();
        for t in targets {
            endpoints[t].push(op.endpoint.clone());
        }
    }

    let data_ids: Vec<String> = facts.data.iter().map(|d| d.id.clone()).collect();
    let authentication = facts.global.weakest();
    let mut model = Model {
        name: if facts.title.is_empty() {
            "Imported API".into()
        } else {
            facts.title.to_string()
        },
        description: describe_model(&facts),
        version: facts.api_version.to_string(),
        scope: format!(
            "The operations of {} as its OpenAPI document describes them. The importer guessed signals, data and trust boundaries: review them.",
            if facts.title.is_empty() {
                "the API"
            } else {
                facts.title
            }
        ),
        data: facts.data,
        ..Model::default()
    };
    let mut assumed_https = false;
    let mut zones = BTreeSet::new();
    for (host, endpoints) in hosts.iter().zip(endpoints) {
        zones.insert(host.zone);
        let (protocol, mut encryption) = transport(&host.servers, &mut assumed_https);
        if encryption == Encryption::Tls && facts.global.mutual_tls() {
            encryption = Encryption::MutualTls;
        }
        let (caller, boundary) = match host.zone {
            Zone::Public => (API_CLIENTS, API_HOSTING),
            Zone::Internal => (INTERNAL_CLIENTS, INTERNAL_NETWORK),
        };
        model.elements.push(Element {
            boundary: Some(boundary.into()),
            description: format!(
                "Servers: {}.",
                host.servers
                    .iter()
                    .map(|s| s.url.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            tags: if host.non_production {
                vec![NON_PRODUCTION.into()]
            } else {
                Vec::new()
            },
            ..Element::new(
                host.id.clone(),
                host.name.clone(),
                ElementKind::Process(Process {
                    role: ProcessRole::Service,
                    technology: String::new(),
                    internet_facing: host.zone == Zone::Public,
                    handles: data_ids.clone(),
                    authentication,
                    authorization: Authorization::None,
                    privileges: Privileges::Standard,
                }),
            )
        });
        // A rate limit every operation declares is the flow's control.
        let rate_limited = !endpoints.is_empty() && endpoints.iter().all(|e| e.rate_limited);
        model.flows.push(Flow {
            label: "API requests".into(),
            controls: if rate_limited {
                vec![crate::model::Control::RateLimiting]
            } else {
                Vec::new()
            },
            encryption,
            authentication,
            authorization: Authorization::None,
            data: data_ids.clone(),
            endpoints,
            ..Flow::new(
                ids.allocate(&format!("{caller}-{}", host.id)),
                caller,
                host.id.clone(),
                protocol,
            )
        });
    }
    add_callers(&mut model, &zones);
    crate::model::save::canonicalize(&mut model);
    let non_production_hosts = hosts
        .iter()
        .filter(|h| h.non_production)
        .flat_map(|h| h.servers.iter().map(|s| s.url.clone()))
        .collect();
    Built {
        model,
        non_production_hosts,
        assumed_https,
    }
}

fn describe_model(facts: &Facts) -> String {
    let file = std::path::Path::new(facts.file)
        .file_name()
        .map_or(facts.file.into(), |f| f.to_string_lossy());
    // The first paragraph, on one line; the document keeps the rest.
    let paragraph = facts.description.trim().split("\n\n").next().unwrap_or("");
    let words: Vec<&str> = paragraph.split_whitespace().collect();
    let mut first_line: String = words.join(" ").chars().take(300).collect();
    if first_line.chars().count() < words.join(" ").chars().count() {
        first_line.push('…');
    }
    let origin = format!(
        "Imported from the {} document {file}.",
        super::document::label(facts.openapi)
    );
    if first_line.is_empty() {
        origin
    } else {
        format!("{first_line} ({origin})")
    }
}

/// One process for all servers when they share one trust class; otherwise one
/// per host, so a public and an internal (or a staging) host are told apart.
fn plan_hosts(title: &str, all: &BTreeSet<Server>, ids: &mut IdAllocator) -> Vec<Host> {
    let base = slug(title, "api");
    let name = if title.is_empty() { "API" } else { title };
    let classes: BTreeSet<_> = all.iter().map(Server::trust).collect();
    if classes.len() <= 1 {
        let (zone, non_production) = classes.into_iter().next().unwrap_or((Zone::Public, false));
        return vec![Host {
            id: ids.allocate(&base),
            name: name.to_string(),
            zone,
            non_production,
            servers: all.iter().cloned().collect(),
        }];
    }
    let mut by_host: BTreeMap<&str, Vec<Server>> = BTreeMap::new();
    for server in all {
        by_host
            .entry(server.host.as_str())
            .or_default()
            .push(server.clone());
    }
    let shared = shared_domain(by_host.keys().copied().filter(|h| !h.is_empty()));
    by_host
        .into_iter()
        .map(|(host, servers)| {
            // A host named both ways (an odd document) counts as its least trusted use.
            let zone = servers.iter().map(|s| s.zone).min().unwrap_or(Zone::Public);
            let non_production = servers.iter().any(|s| s.non_production);
            let label = if host.is_empty() {
                "relative URL"
            } else {
                host
            };
            let short = host
                .strip_suffix(shared.as_str())
                .filter(|s| !s.is_empty())
                .unwrap_or(label);
            Host {
                id: ids.allocate(&format!("{base}-{}", slug(short, "server"))),
                name: format!("{name} ({label})"),
                zone,
                non_production,
                servers,
            }
        })
        .collect()
}

/// The domain all hosts share (`.bookstore.example.com` for `api.` and
/// `sandbox.`), so process ids keep only the part that tells them apart.
fn shared_domain<'h>(hosts: impl Iterator<Item = &'h str>) -> String {
    let mut shared: Option<Vec<&str>> = None;
    for host in hosts {
        let labels: Vec<&str> = host.rsplit('.').collect();
        shared = Some(match shared {
            None => labels,
            Some(s) => s
                .iter()
                .zip(&labels)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    let labels = shared.unwrap_or_default();
    if labels.is_empty() {
        return String::new();
    }
    let mut domain: Vec<&str> = labels;
    domain.reverse();
    format!(".{}", domain.join("."))
}

/// The weakest transport among a process's servers: a caller may use any of them.
fn transport(servers: &[Server], assumed: &mut bool) -> (Protocol, Encryption) {
    let known: Vec<_> = servers.iter().filter_map(Server::transport).collect();
    if known.len() < servers.len() {
        *assumed = true;
    }
    known
        .into_iter()
        .min_by_key(|(_, encryption)| *encryption)
        .unwrap_or((Protocol::Https, Encryption::Tls))
}

fn add_callers(model: &mut Model, zones: &BTreeSet<Zone>) {
    let caller =
        |id: &str, name: &str, boundary: &str, internet_facing: bool, description: &str| Element {
            boundary: Some(boundary.into()),
            description: description.into(),
            ..Element::new(
                id,
                name,
                ElementKind::External(External {
                    human: false,
                    internet_facing,
                    third_party: false,
                }),
            )
        };
    if zones.contains(&Zone::Public) {
        model.elements.push(caller(
            API_CLIENTS,
            "API clients",
            INTERNET,
            true,
            "Anyone on the internet who calls the API: apps, partners, scripts.",
        ));
        model
            .boundaries
            .push(boundary(INTERNET, "Internet", BoundaryKind::Internet));
        model
            .boundaries
            .push(boundary(API_HOSTING, "API hosting", BoundaryKind::Dmz));
    }
    if zones.contains(&Zone::Internal) {
        model.elements.push(caller(
            INTERNAL_CLIENTS,
            "Internal clients",
            INTERNAL_NETWORK,
            false,
            "Services and staff on the internal network that call the API.",
        ));
        model.boundaries.push(boundary(
            INTERNAL_NETWORK,
            "Internal network",
            BoundaryKind::InternalNetwork,
        ));
    }
}

fn boundary(id: &str, name: &str, kind: BoundaryKind) -> Boundary {
    Boundary {
        id: id.into(),
        name: name.into(),
        kind,
        parent: None,
        trust: None,
        description: String::new(),
    }
}
