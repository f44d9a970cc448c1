//! From `securitySchemes` and security requirements to the model's
//! `Authentication` values.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::locate::Locator;
use super::refs::Resolver;
use crate::diagnostic::Diagnostic;
use crate::model::Authentication;

/// The document's security schemes by name.
#[derive(Debug, Default)]
pub struct Schemes {
    by_name: BTreeMap<String, Authentication>,
    /// API key schemes sent in the query string (logged by every proxy),
    /// with the query parameter that carries the key.
    in_query: BTreeMap<String, String>,
}

impl Schemes {
    pub fn read(
        root: &Value,
        resolver: Resolver,
        at: &Locator,
        file: &str,
        warnings: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut by_name = BTreeMap::new();
        let mut in_query = BTreeMap::new();
        let declared = root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object);
        for (name, scheme) in declared.into_iter().flatten() {
            let Some(scheme) = resolver.resolve(scheme) else {
                continue;
            };
            let auth = authentication_of(scheme).unwrap_or_else(|what| {
                let at = at.key_path(&["components", "securitySchemes", name]);
                warnings.push(
                    Diagnostic::warning(
                        file,
                        at,
                        format!("security scheme `{name}`: {what}; treated as an API key"),
                    )
                    .with_hint("set the authentication of the affected flow or endpoints by hand"),
                );
                Authentication::ApiKey
            });
            if auth == Authentication::ApiKey
                && scheme.get("in").and_then(Value::as_str) == Some("query")
            {
                let parameter = scheme.get("name").and_then(Value::as_str).unwrap_or(name);
                in_query.insert(name.clone(), parameter.to_string());
            }
            by_name.insert(name.clone(), auth);
        }
        Self { by_name, in_query }
    }
}

fn authentication_of(scheme: &Value) -> Result<Authentication, String> {
    let field = |k: &str| scheme.get(k).and_then(Value::as_str).unwrap_or("");
    match field("type") {
        "apiKey" => Ok(Authentication::ApiKey),
        "http" => match field("scheme").to_ascii_lowercase().as_str() {
            "basic" | "digest" => Ok(Authentication::Basic),
            "bearer" if field("bearerFormat").eq_ignore_ascii_case("jwt") => {
                Ok(Authentication::Jwt)
            }
            "bearer" => Ok(Authentication::OAuth2),
            other => Err(format!("unknown HTTP authentication scheme `{other}`")),
        },
        "oauth2" => Ok(Authentication::OAuth2),
        "openIdConnect" => Ok(Authentication::Oidc),
        "mutualTLS" => Ok(Authentication::ClientCertificate),
        "" => Err("no `type`".into()),
        other => Err(format!("unknown type `{other}`")),
    }
}

/// What one list of security requirements accepts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accepted {
    /// One entry per alternative, the strongest scheme of each (all of an
    /// alternative's schemes are needed, so the strongest one counts);
    /// `None` for the empty alternative `{}` that makes security optional.
    pub alternatives: BTreeSet<Authentication>,
    /// Every OAuth2/OIDC scope asked for.
    pub scopes: BTreeSet<String>,
    /// Query parameters that carry an accepted API key.
    pub query_keys: BTreeSet<String>,
}

impl Accepted {
    /// The weakest accepted alternative: a caller can always pick it.
    pub fn weakest(&self) -> Authentication {
        self.alternatives
            .first()
            .copied()
            .unwrap_or(Authentication::None)
    }

    pub fn mutual_tls(&self) -> bool {
        self.alternatives
            .contains(&Authentication::ClientCertificate)
    }
}

/// Reads a `security` array. Scheme names the document does not declare are
/// reported once each (the `reported` set is shared across the document).
pub fn accepted(
    requirements: &Value,
    schemes: &Schemes,
    path: &[&str],
    at: &Locator,
    file: &str,
    reported: &mut BTreeSet<String>,
    warnings: &mut Vec<Diagnostic>,
) -> Accepted {
    let mut out = Accepted::default();
    for requirement in requirements.as_array().into_iter().flatten() {
        let Some(requirement) = requirement.as_object() else {
            continue;
        };
        if requirement.is_empty() {
            out.alternatives.insert(Authentication::None);
            continue;
        }
        let mut strongest = None;
        for (name, scopes) in requirement {
            out.scopes.extend(
                scopes
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string),
            );
            if let Some(parameter) = schemes.in_query.get(name) {
                out.query_keys.insert(parameter.clone());
            }
            match schemes.by_name.get(name) {
                Some(&auth) => strongest = strongest.max(Some(auth)),
                None => {
                    if reported.insert(name.clone()) {
                        warnings.push(
                            Diagnostic::warning(file, at.value_after(path, name), format!("security requirement names `{name}`, which `components.securitySchemes` does not declare"))
                                .with_hint("declare the scheme, or fix the name; the requirement is ignored"),
                        );
                    }
                }
            }
        }
        out.alternatives.extend(strongest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_every_scheme_type() {
        let cases = [
            (
                json!({"type": "apiKey", "in": "cookie", "name": "sid"}),
                Authentication::ApiKey,
            ),
            (
                json!({"type": "http", "scheme": "basic"}),
                Authentication::Basic,
            ),
            (
                json!({"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"}),
                Authentication::Jwt,
            ),
            (
                json!({"type": "http", "scheme": "bearer"}),
                Authentication::OAuth2,
            ),
            (
                json!({"type": "oauth2", "flows": {}}),
                Authentication::OAuth2,
            ),
            (json!({"type": "openIdConnect"}), Authentication::Oidc),
            (
                json!({"type": "mutualTLS"}),
                Authentication::ClientCertificate,
            ),
        ];
        for (scheme, expected) in cases {
            assert_eq!(authentication_of(&scheme), Ok(expected), "{scheme}");
        }
        assert!(authentication_of(&json!({"type": "magic"})).is_err());
    }
}
