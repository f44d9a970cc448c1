//! The shared vocabulary of security controls: what elements and flows have
//! in place, and what the threat library's rules ask for as mitigations.

use serde::{Deserialize, Serialize};

macro_rules! controls {
    ($($variant:ident => $label:literal, $doc:literal;)*) => {
        /// A security control in place on an element or a flow.
        ///
        /// `Custom("name")` extends the vocabulary for a team's own rules.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Control {
            $(#[doc = $doc] $variant,)*
            Custom(String),
        }

        impl Control {
            /// Every built-in control, in declaration order.
            pub const BUILT_IN: &'static [Control] = &[$(Control::$variant,)*];

            /// A short name for people.
            pub fn label(&self) -> &str {
                match self {
                    $(Control::$variant => $label,)*
                    Control::Custom(name) => name,
                }
            }

            /// What the control means, for help texts and the format reference.
            pub fn meaning(&self) -> &'static str {
                match self {
                    $(Control::$variant => $doc,)*
                    Control::Custom(_) => "a team-defined control",
                }
            }

            /// The identifier as written in model and rule files.
            pub fn name(&self) -> std::borrow::Cow<'static, str> {
                match self {
                    $(Control::$variant => std::borrow::Cow::Borrowed(stringify!($variant)),)*
                    Control::Custom(name) => format!("Custom({name:?})").into(),
                }
            }
        }
    };
}

controls! {
    Tls => "TLS", "Traffic is encrypted with TLS (set by a flow's `encryption`).";
    MutualTls => "mutual TLS", "Both ends authenticate with certificates (set by `encryption: MutualTls`).";
    Authentication => "authentication", "Callers are authenticated (set by a flow's or process's `authentication`).";
    Mfa => "multi-factor authentication", "Users prove identity with a second factor.";
    BruteForceProtection => "brute-force protection", "Login, reset and one-time-code operations lock out, slow down or challenge repeated attempts.";
    TokenValidation => "token validation", "Token signature, algorithm, audience and expiry are checked on every request.";
    SecretsManagement => "secrets management", "Secrets live in a vault, are never hard-coded and are rotated.";
    SessionManagement => "session management", "Sessions use strong random ids, expire, and are invalidated on logout.";
    ObjectLevelAuthorization => "object-level authorization", "Every access to a record checks that the caller may use that record.";
    FunctionLevelAuthorization => "function-level authorization", "Role checks guard administrative and privileged functions, deny by default.";
    PropertyLevelAuthorization => "property-level authorization", "Allowlists of readable and writable fields; no automatic binding of request bodies.";
    InputValidation => "input validation", "Requests are validated against a strict schema (types, lengths, formats).";
    OutputEncoding => "output encoding", "Output is encoded for the context it is rendered in.";
    ParameterizedQueries => "parameterized queries", "Queries are built with bound parameters, never by concatenating input.";
    ResponseFiltering => "response filtering", "Responses follow a schema and return only the fields the caller needs.";
    RateLimiting => "rate limiting", "Requests per client and per operation are limited.";
    PayloadSizeLimits => "payload size limits", "Request bodies, uploads, strings and arrays have maximum sizes.";
    Timeouts => "timeouts", "Calls have connection and execution timeouts.";
    PaginationLimits => "pagination limits", "List operations cap the page size.";
    ResourceQuotas => "resource quotas", "Memory, CPU, processes and third-party spend are capped.";
    AntiAutomation => "anti-automation", "Bot detection, device fingerprinting or human verification on business flows.";
    UrlAllowlist => "URL allowlist", "Caller-supplied URLs are checked against allowed schemes, hosts and ports; redirects are not followed.";
    EgressFiltering => "egress filtering", "Outbound network access is limited to known destinations.";
    RequestSigning => "request signing", "Messages carry a signature (HMAC or asymmetric) that the receiver verifies.";
    ReplayProtection => "replay protection", "Nonces or timestamps make a captured request useless when sent again.";
    Logging => "audit logging", "Security-relevant events are logged with who, what and when.";
    Monitoring => "monitoring and alerting", "Logs and metrics are watched and anomalies raise alerts.";
    TamperEvidentLogs => "tamper-evident logs", "Log records are append-only, signed or shipped off-host.";
    EncryptionAtRest => "encryption at rest", "Stored data is encrypted (set by a data store's `encrypted_at_rest`).";
    Backups => "backups", "Data is backed up and restores are tested.";
    LeastPrivilege => "least privilege", "The component runs with only the permissions it needs.";
    Hardening => "hardening", "Configuration is hardened and reviewed: no defaults, no unneeded features.";
    PatchManagement => "patch management", "Dependencies and platforms are scanned for vulnerabilities and patched promptly.";
    SecurityHeaders => "security headers", "Responses carry security and cache headers, and a strict CORS policy.";
    ErrorHandling => "safe error handling", "Errors return generic messages, never stack traces or internals.";
    ApiInventory => "API inventory", "Hosts, versions and audiences are documented; old versions have a retirement plan.";
    ThirdPartyValidation => "third-party response validation", "Data from third-party APIs is validated and sanitised like user input.";
    SecurityTesting => "security testing", "The API is covered by security tests, scans and penetration tests.";
    SecurityTraining => "security training", "The team that builds and consumes the API is trained in secure API practices.";
    Waf => "web application firewall", "A WAF or API gateway filters malicious traffic before it reaches the service.";
    NetworkSegmentation => "network segmentation", "Only the components that need it can reach this one.";
    Csrf => "CSRF protection", "State-changing requests from browsers need an anti-CSRF token or same-site cookies.";
}
