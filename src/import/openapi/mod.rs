//! Importing an OpenAPI 3.0 / 3.1 or Swagger 2.0 document (YAML or JSON) as
//! a threat model.

mod build;
mod data_assets;
pub(crate) mod document;
pub(crate) mod duplicates;
mod inventory;
mod locate;
mod operations;
mod refs;
mod schema;
mod security;
mod servers;
mod signals;
mod summary;
mod swagger2;
mod vocabulary;
mod words;

use std::collections::BTreeSet;

use serde_json::Value;

pub use build::NON_PRODUCTION;
pub use document::MAX_DOCUMENT_BYTES;
pub use summary::Summary;

use crate::diagnostic::{Diagnostic, sort};
use crate::model::Model;

/// A model built from an OpenAPI document.
#[derive(Debug, Clone)]
pub struct Imported {
    pub model: Model,
    /// Problems that did not stop the import: external references, unknown
    /// security schemes, assumptions made.
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
}

/// Builds a model from the text of an OpenAPI document; `file` names it in
/// diagnostics. Never panics on any input.
pub fn import_openapi(text: &str, file: &str) -> Result<Imported, Vec<Diagnostic>> {
    let (mut document, mut warnings) = document::parse(text, file)?;
    let at = locate::Locator::new(text.strip_prefix('\u{feff}').unwrap_or(text));
    let (mut errors, ref_warnings) = refs::check_refs(&document.root, &at, file);
    if !errors.is_empty() {
        sort(&mut errors);
        return Err(errors);
    }
    warnings.extend(ref_warnings);
    if document.swagger {
        document.root = swagger2::to_openapi3(&document.root);
    }
    let root = &document.root;

    let resolver = refs::Resolver::new(root);
    let schemes = security::Schemes::read(root, resolver, &at, file, &mut warnings);
    let mut reported = BTreeSet::new();
    let global = match root.get("security") {
        Some(requirements) => security::accepted(
            requirements,
            &schemes,
            &["security"],
            &at,
            file,
            &mut reported,
            &mut warnings,
        ),
        None => security::Accepted::default(),
    };
    let root_servers = servers::read_list(root.get("servers"));
    let reader = operations::Reader {
        resolver,
        schemes: &schemes,
        global: &global,
        at: &at,
        file,
        root_servers: &root_servers,
    };
    let empty = serde_json::Map::new();
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let operations = reader.read_all(paths, &mut warnings);
    let mut operations = inventory::per_server_version(operations, &root_servers);
    inventory::mark_superseded(&mut operations);
    let summary = Summary::of(&document.version, &operations);

    let info = |key: &str| {
        root.get("info")
            .and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .unwrap_or("")
    };
    if info("title").is_empty() {
        warnings.push(Diagnostic::warning(
            file,
            at.key_path(&["info"]),
            "the document has no `info.title`; the API is named \"API\"",
        ));
    }
    if root
        .get("webhooks")
        .is_some_and(|w| w.as_object().is_some_and(|m| !m.is_empty()))
    {
        warnings.push(
            Diagnostic::warning(file, at.key_path(&["webhooks"]), "`webhooks` are not imported")
                .with_hint("model the calls the API makes to subscribers as a flow from the API to an external entity"),
        );
    }
    if global.alternatives.is_empty() && !operations.is_empty() {
        warnings.push(
            Diagnostic::warning(file, (1, 1), "the document declares no global `security`: operations without their own are modelled as unauthenticated")
                .with_hint("confirm, or set the flow's `authentication`"),
        );
    }
    let facts = build::Facts {
        title: info("title"),
        api_version: info("version"),
        description: info("description"),
        file,
        openapi: &document.version,
        root_servers,
        global: &global,
        data: data_assets::guess(root),
    };
    let built = build::build(facts, operations);
    if built.assumed_https {
        warnings.push(
            Diagnostic::warning(
                file,
                at.key_path(&["servers"]),
                "no absolute server URL says how the API is reached: HTTPS with TLS is assumed",
            )
            .with_hint(
                "list the servers with their scheme (`https://…`), or correct the flow's protocol",
            ),
        );
    }
    let summary = summary.with_model(&built.model, built.non_production_hosts);

    // The importer's own output must be a valid model; a failure here is a
    // bug, reported rather than written.
    let (found, _) = crate::model::validate::validate(&built.model, "", file);
    let problems: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    sort(&mut warnings);
    Ok(Imported {
        model: built.model,
        warnings,
        summary,
    })
}
