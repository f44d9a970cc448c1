//! What an import found, for the person who runs it.

use std::fmt;

use super::operations::Operation;
use crate::model::{Authentication, Model};

/// Counts of operations and the signals found on them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The document's `openapi` version.
    pub openapi: String,
    pub operations: usize,
    pub processes: usize,
    pub flows: usize,
    /// Ids of the guessed data assets.
    pub data_assets: Vec<String>,
    pub object_ids: usize,
    pub admin: usize,
    pub takes_url: usize,
    pub returns_list: usize,
    pub binds_properties: usize,
    pub login: usize,
    pub deprecated: usize,
    /// Operations marked public with `security: []`.
    pub public: usize,
    /// `METHOD /path` of operations guessed to be sensitive business flows
    /// (API6): candidates to confirm, since names alone decide.
    pub sensitive_flow_candidates: Vec<String>,
    /// Server URLs that look like development or test systems (API9).
    pub non_production_servers: Vec<String>,
}

impl Summary {
    pub(super) fn of(openapi: &str, operations: &[Operation]) -> Self {
        let count = |f: fn(&crate::model::Endpoint) -> bool| {
            operations.iter().filter(|o| f(&o.endpoint)).count()
        };
        let mut sensitive: Vec<String> = operations
            .iter()
            .filter(|o| o.endpoint.sensitive_flow)
            .map(|o| format!("{} {}", o.endpoint.method.as_str(), o.endpoint.path))
            .collect();
        sensitive.sort();
        Self {
            openapi: openapi.to_string(),
            operations: operations.len(),
            object_ids: count(|e| e.has_object_id()),
            admin: count(|e| e.admin),
            takes_url: count(|e| e.takes_url),
            returns_list: count(|e| e.returns_list),
            binds_properties: count(|e| e.binds_properties),
            login: count(|e| e.login),
            deprecated: count(|e| e.deprecated),
            public: count(|e| e.authentication == [Authentication::None]),
            sensitive_flow_candidates: sensitive,
            ..Self::default()
        }
    }

    pub(super) fn with_model(mut self, model: &Model, non_production: Vec<String>) -> Self {
        self.processes = model
            .elements
            .iter()
            .filter(|e| e.kind.tag() == crate::model::ElementKindTag::Process)
            .count();
        self.flows = model.flows.len();
        self.data_assets = model.data.iter().map(|d| d.id.clone()).collect();
        self.non_production_servers = non_production;
        self
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} operations on {} flow(s) to {} process(es)",
            super::document::label(&self.openapi),
            self.operations,
            self.flows,
            self.processes
        )?;
        let signals = [
            ("object ids (API1)", self.object_ids),
            ("login/token/reset (API2)", self.login),
            ("binds properties (API3)", self.binds_properties),
            ("unbounded lists (API4)", self.returns_list),
            ("admin (API5)", self.admin),
            (
                "sensitive business flows (API6)",
                self.sensitive_flow_candidates.len(),
            ),
            ("take URLs (API7)", self.takes_url),
            ("deprecated (API9)", self.deprecated),
            ("explicitly public", self.public),
        ];
        for (label, n) in signals {
            writeln!(f, "  {label}: {n}")?;
        }
        if !self.data_assets.is_empty() {
            writeln!(
                f,
                "  guessed data (confirm): {}",
                self.data_assets.join(", ")
            )?;
        }
        if !self.sensitive_flow_candidates.is_empty() {
            writeln!(
                f,
                "  sensitive-flow candidates (confirm): {}",
                self.sensitive_flow_candidates.join(", ")
            )?;
        }
        if !self.non_production_servers.is_empty() {
            writeln!(
                f,
                "  non-production servers: {}",
                self.non_production_servers.join(", ")
            )?;
        }
        Ok(())
    }
}
