//! Threagile data assets, technical assets, links, boundaries and runtimes.

use std::collections::HashMap;

use serde_json::Value;

use super::{entries, strip_html};
use crate::import::interchange::vocabulary::{authentication, protocol};
use crate::import::interchange::{Ids, append, bool_at, one_line, str_at, strings_at, text_of};
use crate::model::{
    Authorization, Boundary, BoundaryKind, Classification, DataAsset, DataStore, Element,
    ElementKind, External, Flow, Model, Process, ProcessRole, Protocol, StoreKind,
};

#[derive(Default)]
pub struct Build {
    pub model: Model,
    pub ids: Ids,
    pub notes: Vec<String>,
    /// Threagile id → threatmap id, for assets, links and boundaries.
    pub map: HashMap<String, String>,
    /// Threagile link id (`source>title`) → flow id.
    pub links: HashMap<String, String>,
}

fn classification(text: &str) -> Classification {
    match text.trim() {
        "public" => Classification::Public,
        "restricted" | "confidential" => Classification::Confidential,
        "strictly-confidential" => Classification::Restricted,
        _ => Classification::Internal,
    }
}

/// Threagile's link id: the source id, `>`, and the title in lower case
/// with spaces as dashes.
fn link_id(source: &str, title: &str) -> String {
    format!("{source}>{}", title.trim().to_lowercase().replace(' ', "-"))
}

fn role(technology: &str) -> ProcessRole {
    let t = technology;
    let has = |w: &[&str]| w.iter().any(|x| t.contains(x));
    if has(&["load-balancer", "reverse-proxy", "gateway", "waf"]) {
        ProcessRole::Gateway
    } else if has(&["identity", "iam", "ldap", "sso"]) {
        ProcessRole::IdentityProvider
    } else if has(&["web-server", "web-application", "cms", "web-ui"]) {
        ProcessRole::WebApp
    } else if has(&["function", "serverless", "lambda"]) {
        ProcessRole::Function
    } else if has(&["batch", "scheduler", "build-pipeline", "worker", "task"]) {
        ProcessRole::Worker
    } else {
        ProcessRole::Service
    }
}

fn store(technology: &str) -> StoreKind {
    let t = technology;
    let has = |w: &[&str]| w.iter().any(|x| t.contains(x));
    if has(&["vault", "hsm", "secret"]) {
        StoreKind::SecretsVault
    } else if has(&["queue", "message", "stream", "kafka"]) {
        StoreKind::Queue
    } else if has(&["log", "siem"]) {
        StoreKind::Log
    } else if has(&["cache", "redis", "memcache"]) {
        StoreKind::Cache
    } else if has(&["block-storage", "object", "s3", "bucket"]) {
        StoreKind::ObjectStorage
    } else if has(&["file", "repository", "git"]) {
        StoreKind::File
    } else if has(&["nosql", "mongo", "document", "ldap"]) {
        StoreKind::NoSql
    } else {
        StoreKind::Sql
    }
}

impl Build {
    fn data_refs(&mut self, item: &Value, keys: &[&str], owner: &str) -> Vec<String> {
        let mut out = Vec::new();
        for key in keys {
            for id in strings_at(item, key) {
                match self.map.get(&format!("data:{id}")) {
                    Some(d) if !out.contains(d) => out.push(d.clone()),
                    Some(_) => {}
                    None => self.notes.push(format!(
                        "`{owner}` names data asset `{id}`, which the file does not declare: left out"
                    )),
                }
            }
        }
        out
    }

    pub fn data_assets(&mut self, root: &Value) {
        for (title, a) in entries(root, "data_assets") {
            let source = text_of(a.get("id"));
            let name = if title.trim().is_empty() {
                source.clone()
            } else {
                title.clone()
            };
            let id = self.ids.assign(&source, &name, "data");
            let lower = format!("{source} {name}").to_ascii_lowercase();
            let mut description = text_of(a.get("description"));
            let facts: Vec<String> = [
                "usage",
                "origin",
                "owner",
                "quantity",
                "integrity",
                "availability",
            ]
            .iter()
            .filter_map(|k| {
                let v = text_of(a.get(*k));
                (!v.trim().is_empty()).then(|| format!("{k} = {v}"))
            })
            .collect();
            if !facts.is_empty() {
                append(
                    &mut description,
                    &format!("Threagile: {}", facts.join("; ")),
                );
            }
            append(
                &mut description,
                &one_line(&text_of(a.get("justification_cia_rating"))),
            );
            self.map.insert(format!("data:{source}"), id.clone());
            self.model.data.push(DataAsset {
                id,
                name,
                classification: classification(str_at(&a, "confidentiality")),
                personal: ["personal", "pii", "customer", "user"]
                    .iter()
                    .any(|w| lower.contains(w)),
                credentials: ["credential", "password", "secret", "token", "key"]
                    .iter()
                    .any(|w| lower.contains(w)),
                description,
            });
        }
    }

    pub fn technical_assets(&mut self, root: &Value) {
        let assets = entries(root, "technical_assets");
        // Ids first, so links can point forward.
        let mut ids = Vec::new();
        for (title, a) in &assets {
            let source = text_of(a.get("id"));
            let name = if title.trim().is_empty() {
                source.clone()
            } else {
                title.clone()
            };
            let id = self.ids.assign(&source, &name, "asset");
            self.map.insert(format!("asset:{source}"), id.clone());
            ids.push((id, name, source));
        }
        let mut described_extras = false;
        for ((title, a), (id, name, source)) in assets.iter().zip(ids) {
            let _ = title;
            let technology = str_at(a, "technology").to_ascii_lowercase();
            let processed = self.data_refs(a, &["data_assets_processed"], &id);
            let stored = self.data_refs(a, &["data_assets_stored"], &id);
            let internet = bool_at(a, "internet");
            let kind = match str_at(a, "type") {
                "external-entity" => ElementKind::External(External {
                    human: bool_at(a, "used_as_client_by_human"),
                    internet_facing: internet,
                    third_party: false,
                }),
                "datastore" => ElementKind::DataStore(DataStore {
                    store: store(&technology),
                    stores: stored.clone(),
                    encrypted_at_rest: !matches!(str_at(a, "encryption"), "" | "none"),
                    logs: technology.contains("log") || technology.contains("siem"),
                }),
                other => {
                    if other != "process" {
                        self.notes.push(format!(
                            "technical asset `{id}` has type {other:?}: read as a process"
                        ));
                    }
                    let mut handles = processed.clone();
                    handles.extend(stored.iter().filter(|d| !processed.contains(d)).cloned());
                    ElementKind::Process(Process {
                        role: role(&technology),
                        technology: str_at(a, "technology").to_string(),
                        internet_facing: internet,
                        handles,
                        ..Process::default()
                    })
                }
            };
            let mut description = text_of(a.get("description"));
            let justification = text_of(a.get("justification_out_of_scope"));
            if bool_at(a, "out_of_scope") && !justification.trim().is_empty() {
                append(
                    &mut description,
                    &format!("Out of scope: {}", one_line(&justification)),
                );
            }
            let mut facts: Vec<String> = [
                "usage",
                "size",
                "machine",
                "encryption",
                "confidentiality",
                "integrity",
                "availability",
            ]
            .iter()
            .filter_map(|k| {
                let v = text_of(a.get(*k));
                (!v.trim().is_empty()).then(|| format!("{k} = {v}"))
            })
            .collect();
            if matches!(
                a.get("type").and_then(Value::as_str),
                Some("datastore" | "external-entity")
            ) && !technology.is_empty()
            {
                facts.push(format!("technology = {technology}"));
            }
            for flag in ["multi_tenant", "redundant", "custom_developed_parts"] {
                if bool_at(a, flag) {
                    facts.push(flag.replace('_', "-"));
                }
            }
            let formats = strings_at(a, "data_formats_accepted");
            if !formats.is_empty() {
                facts.push(format!("accepts {}", formats.join(", ")));
            }
            if matches!(
                a.get("type").and_then(Value::as_str),
                Some("external-entity")
            ) && !processed.is_empty()
            {
                facts.push(format!("processes data {}", processed.join(", ")));
            }
            if !facts.is_empty() {
                append(
                    &mut description,
                    &format!("Threagile: {}", facts.join("; ")),
                );
                described_extras = true;
            }
            let owner = str_at(a, "owner").trim();
            self.model.elements.push(Element {
                owner: (!owner.is_empty()).then(|| owner.to_string()),
                description,
                tags: strings_at(a, "tags"),
                in_scope: !bool_at(a, "out_of_scope"),
                ..Element::new(id.clone(), name, kind)
            });
            self.communication_links(a, &id, &source);
        }
        if described_extras {
            self.notes.push(
                "asset size, machine, CIA ratings, data formats and similar Threagile facts have no fields: kept in each element's description".into(),
            );
        }
    }

    fn communication_links(&mut self, asset: &Value, from: &str, source: &str) {
        for (title, link) in entries(asset, "communication_links") {
            let target = str_at(&link, "target");
            let Some(to) = self.map.get(&format!("asset:{target}")).cloned() else {
                self.notes.push(format!(
                    "link {title:?} of `{from}` goes to `{target}`, which is not a technical asset: left out (one flow fewer than the source)"
                ));
                continue;
            };
            let id = self.ids.assign("", &format!("{from} {title}"), "link");
            self.links.insert(link_id(source, &title), id.clone());
            let text = str_at(&link, "protocol");
            let (mapped, encryption) = protocol(text);
            let mut tags = strings_at(&link, "tags");
            let proto = mapped.unwrap_or_else(|| {
                if !text.is_empty() {
                    tags.push(format!("protocol:{text}"));
                    self.notes.push(format!(
                        "flow `{id}`'s protocol {text:?} has no counterpart: set to Other, kept as a tag"
                    ));
                }
                Protocol::Other
            });
            let mut flow = Flow::new(id.clone(), from, to, proto);
            flow.label = title.clone();
            flow.encryption = encryption;
            let auth = str_at(&link, "authentication");
            flow.authentication = authentication(auth).unwrap_or_else(|| {
                self.notes.push(format!(
                    "flow `{id}`'s authentication {auth:?} is unknown: set to None"
                ));
                Default::default()
            });
            if auth == "two-factor" {
                tags.push("two-factor".into());
            }
            flow.authorization = match str_at(&link, "authorization") {
                "technical-user" => Authorization::RoleBased,
                "end-user-identity-propagation" => Authorization::ObjectLevel,
                _ => Authorization::None,
            };
            for flag in ["vpn", "ip_filtered", "readonly"] {
                if bool_at(&link, flag) {
                    tags.push(flag.replace('_', "-"));
                }
            }
            if str_at(&link, "usage") == "devops" {
                tags.push("devops".into());
            }
            flow.tags = tags;
            flow.data = self.data_refs(&link, &["data_assets_sent", "data_assets_received"], &id);
            flow.description = strip_html(&text_of(link.get("description")));
            self.model.flows.push(flow);
        }
    }

    pub fn trust_boundaries(&mut self, root: &Value) {
        let boundaries = entries(root, "trust_boundaries");
        for (title, b) in &boundaries {
            let source = text_of(b.get("id"));
            let name = if title.trim().is_empty() {
                source.clone()
            } else {
                title.clone()
            };
            let id = self.ids.assign(&source, &name, "boundary");
            self.map.insert(format!("boundary:{source}"), id.clone());
            let kind_text = str_at(b, "type");
            let kind = match kind_text {
                "network-on-prem" | "network-virtual-lan" => BoundaryKind::InternalNetwork,
                "network-dedicated-hoster" => BoundaryKind::ThirdParty,
                "network-cloud-provider" => BoundaryKind::CloudAccount,
                "network-cloud-security-group" => BoundaryKind::CloudVpc,
                "network-policy-namespace-isolation" => BoundaryKind::Cluster,
                "execution-environment" => BoundaryKind::Host,
                _ => BoundaryKind::InternalNetwork,
            };
            let mut description = text_of(b.get("description"));
            if !kind_text.is_empty() {
                append(&mut description, &format!("Threagile type: {kind_text}"));
            }
            let tags = strings_at(b, "tags");
            if !tags.is_empty() {
                append(&mut description, &format!("Tags: {}", tags.join(", ")));
            }
            self.model.boundaries.push(Boundary {
                id,
                name,
                kind,
                parent: None,
                trust: None,
                description,
            });
        }
        for (_, b) in &boundaries {
            let Some(me) = self
                .map
                .get(&format!("boundary:{}", text_of(b.get("id"))))
                .cloned()
            else {
                continue;
            };
            for nested in strings_at(b, "trust_boundaries_nested") {
                match self.map.get(&format!("boundary:{nested}")).cloned() {
                    Some(child) if child != me => {
                        if let Some(c) = self.model.boundaries.iter_mut().find(|x| x.id == child) {
                            c.parent = Some(me.clone());
                        }
                    }
                    _ => self.notes.push(format!(
                        "boundary `{me}` nests `{nested}`, which is not a trust boundary: ignored"
                    )),
                }
            }
            for asset in strings_at(b, "technical_assets_inside") {
                match self.map.get(&format!("asset:{asset}")).cloned() {
                    Some(e) => {
                        if let Some(el) = self.model.elements.iter_mut().find(|x| x.id == e) {
                            if el.boundary.is_some() {
                                self.notes.push(format!(
                                    "`{e}` is inside more than one boundary: kept in `{}`",
                                    el.boundary.clone().unwrap_or_default()
                                ));
                            } else {
                                el.boundary = Some(me.clone());
                            }
                        }
                    }
                    None => self.notes.push(format!(
                        "boundary `{me}` holds `{asset}`, which is not a technical asset: ignored"
                    )),
                }
            }
        }
    }

    pub fn shared_runtimes(&mut self, root: &Value) {
        for (title, r) in entries(root, "shared_runtimes") {
            let source = text_of(r.get("id"));
            let tag = format!(
                "runtime:{}",
                if source.is_empty() { &title } else { &source }
            );
            let mut count = 0;
            for asset in strings_at(&r, "technical_assets_running") {
                if let Some(e) = self.map.get(&format!("asset:{asset}")).cloned() {
                    if let Some(el) = self.model.elements.iter_mut().find(|x| x.id == e) {
                        el.tags.push(tag.clone());
                        count += 1;
                    }
                }
            }
            self.notes.push(format!(
                "shared runtime {title:?} has no counterpart: its {count} assets are tagged `{tag}`"
            ));
        }
    }
}
