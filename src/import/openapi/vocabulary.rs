//! Every word list the OpenAPI importer reads intent from, in one place.
//!
//! Names are split into lowercase words first (`resetPassword` → `reset`,
//! `password`; see [`super::words`]), and an entry matches a word, two
//! adjacent words written together (`sign in` → `signin`) or a plural. So an
//! entry is written lowercase, without separators: `isadmin` matches
//! `isAdmin`, `is_admin` and `is-admin`.
//!
//! Changing a list changes which operations get a signal; each list has a
//! test with a spec that triggers it and one that does not
//! (`tests/runner/import_openapi.rs`, `tests/runner/openapi_signals.rs`).

/// Path segments of administrative operations (API5).
pub const ADMIN_PATH: &[&str] = &[
    "admin",
    "administrator",
    "internal",
    "manage",
    "management",
    "backoffice",
    "superuser",
    "moderator",
    "moderation",
];

/// Words of an operation id, tag or OAuth scope that mark it administrative.
pub const ADMIN_NAME: &[&str] = &["admin", "administrator", "superuser", "moderator"];

/// Phrases in a summary or description that say only privileged callers may
/// use an operation. Matched case-insensitively as plain text.
pub const ADMIN_PROSE: &[&str] = &[
    "admin only",
    "admins only",
    "only admins",
    "only administrators",
    "administrators only",
    "only for admin",
    "requires admin",
    "admin role",
    "internal use",
    "internal only",
    "for moderators",
    "only moderators",
    "manage all users",
];

/// Operations that check a password, token or one-time code (API2).
pub const LOGIN: &[&str] = &[
    "login",
    "logon",
    "signin",
    "authenticate",
    "token",
    "otp",
    "totp",
    "mfa",
    "2fa",
    "password",
    "passwd",
    "verifycode",
    "magiclink",
    "oauth",
];

/// Business flows that hurt when automated (API6).
pub const SENSITIVE_FLOW: &[&str] = &[
    "checkout",
    "order",
    "payment",
    "pay",
    "coupon",
    "voucher",
    "transfer",
    "purchase",
    "booking",
    "reserve",
    "reservation",
    "signup",
    "register",
    "registration",
    "vote",
    "review",
    "redeem",
    "comment",
    "ticket",
];

/// Of [`SENSITIVE_FLOW`], the words that only count when no technical object
/// is registered: `registerWebhook` is set-up, not a sign-up.
pub const REGISTER: &[&str] = &["register", "registration"];

/// Objects whose registration is configuration, not a sign-up.
pub const TECHNICAL_OBJECTS: &[&str] = &[
    "webhook",
    "hook",
    "callback",
    "device",
    "client",
    "application",
    "app",
    "key",
    "url",
];

/// Names of parameters and properties that carry a URL or host the server
/// may call (API7).
pub const URL_NAMES: &[&str] = &[
    "url",
    "uri",
    "callback",
    "webhook",
    "redirect",
    "redirectto",
    "link",
    "href",
    "imageurl",
    "returnto",
    "endpoint",
    "host",
    "hostname",
    "api",
];

/// Schema formats of a URL.
pub const URL_FORMATS: &[&str] = &[
    "uri",
    "url",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "hostname",
];

/// Parameters that choose a page or its size; they bound a list when they
/// declare a `maximum` (or an `enum`).
pub const PAGINATION: &[&str] = &[
    "limit",
    "page",
    "pagesize",
    "perpage",
    "cursor",
    "size",
    "top",
    "first",
    "last",
    "maxresult",
    "take",
    "pagetoken",
];

/// Numeric inputs that size the work of one request (API4): they need a
/// `maximum`.
pub const SIZE_PARAMETERS: &[&str] = &[
    "limit",
    "size",
    "pagesize",
    "perpage",
    "count",
    "top",
    "take",
    "first",
    "last",
    "maxresult",
    "max",
    "depth",
    "amount",
    "quantity",
    "width",
    "height",
    "length",
];

/// Request fields that ask the server to repeat or multiply work (API4).
pub const MULTIPLIERS: &[&str] = &[
    "repeat",
    "repeats",
    "retry",
    "retries",
    "times",
    "iterations",
    "copies",
    "numberofrepeats",
    "repeatcount",
    "batchsize",
    "concurrency",
];

/// Request fields a caller should not set: they are the server's to decide
/// (API3 mass assignment).
pub const PRIVILEGED_FIELDS: &[&str] = &[
    "role",
    "roles",
    "isadmin",
    "admin",
    "balance",
    "credit",
    "price",
    "discount",
    "status",
    "permission",
    "verified",
    "isverified",
    "emailverified",
    "owner",
    "ownerid",
    "userid",
    "accountbalance",
    "privilege",
    "scope",
    "tier",
    "plan",
    "approved",
    "isactive",
    "ispremium",
    "available",
    "credits",
    "points",
];

/// Response fields that should rarely leave the server (API3 excessive data
/// exposure): secrets, credentials, card and national ids, internal flags.
pub const SENSITIVE_FIELDS: &[&str] = &[
    "password",
    "passwd",
    "passwordhash",
    "salt",
    "secret",
    "clientsecret",
    "token",
    "accesstoken",
    "refreshtoken",
    "resettoken",
    "apikey",
    "privatekey",
    "otp",
    "pin",
    "cardnumber",
    "creditcard",
    "cvv",
    "cvc",
    "ssn",
    "nationalid",
    "passport",
    "iban",
    "internal",
    "isadmin",
    "mfasecret",
];

/// Tokens that are no secret: they page through results.
pub const PAGE_TOKENS: &[&str] = &[
    "pagetoken",
    "nexttoken",
    "continuationtoken",
    "synctoken",
    "cursor",
];

/// Of [`SENSITIVE_FIELDS`], what a login operation is expected to return.
pub const ISSUED_AT_LOGIN: &[&str] = &["token", "accesstoken", "refreshtoken", "idtoken"];

/// Words of paths and operation ids of debug, test or hidden operations (API9).
pub const HIDDEN: &[&str] = &[
    "debug", "test", "hidden", "dev", "dump", "phpinfo", "actuator", "heapdump", "graphiql",
    "console",
];

/// Host name labels of development or test systems (API9).
pub const NON_PRODUCTION_HOSTS: &[&str] = &[
    "localhost",
    "dev",
    "develop",
    "development",
    "staging",
    "stage",
    "stg",
    "test",
    "testing",
    "qa",
    "uat",
    "sandbox",
    "sbx",
    "preprod",
    "beta",
    "local",
];

/// Response headers that declare a rate limit (besides a 429 response).
pub const RATE_LIMIT_HEADERS: &[&str] = &["ratelimit", "retryafter"];

/// Media types of XML bodies (parsed by an XML parser: XXE, entity expansion).
pub const XML_MEDIA: &[&str] = &["application/xml", "text/xml", "+xml"];

/// Media types of file uploads.
pub const FILE_MEDIA: &[&str] = &[
    "multipart/form-data",
    "application/octet-stream",
    "image/",
    "video/",
    "audio/",
    "application/pdf",
    "application/zip",
];

/// Data kinds guessed from schema property names.
pub const CREDENTIAL_DATA: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "pin",
    "otp",
    "privatekey",
    "credential",
];
pub const PERSONAL_DATA: &[&str] = &[
    "email",
    "phone",
    "mobile",
    "address",
    "firstname",
    "lastname",
    "fullname",
    "givenname",
    "familyname",
    "surname",
    "birth",
    "birthdate",
    "birthday",
    "dob",
    "ssn",
    "passport",
    "nationalid",
];
pub const PAYMENT_DATA: &[&str] = &[
    "card",
    "cardnumber",
    "iban",
    "cvv",
    "cvc",
    "pan",
    "accountnumber",
    "routingnumber",
];
