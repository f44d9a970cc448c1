//! Other tools' words for protocols, statuses, STRIDE categories,
//! severities and boundary kinds, mapped onto threatmap's.

use crate::model::{
    Authentication, BoundaryKind, Encryption, Protocol, ThreatSeverity, TriageStatus,
};

/// A free-text protocol ("HTTP/S", "https", "jdbc", "Bluetooth", "") as a
/// threatmap protocol, with the encryption the name implies; `None` for the
/// protocol when the text names nothing threatmap knows (the caller keeps
/// the text).
pub fn protocol(text: &str) -> (Option<Protocol>, Encryption) {
    let t = text.trim().to_ascii_lowercase();
    let tls = t.contains("https")
        || t.contains("http/s")
        || t.contains("tls")
        || t.contains("ssl")
        || t.ends_with("-encrypted")
        || t.ends_with('s') && ["ldaps", "wss", "smtps", "ftps", "imaps"].contains(&t.as_str());
    let mutual = t.contains("mtls") || t.contains("mutual");
    let encryption = if mutual {
        Encryption::MutualTls
    } else if tls {
        Encryption::Tls
    } else {
        Encryption::None
    };
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let protocol = if t.is_empty() {
        None
    } else if has(&["grpc"]) {
        Some(Protocol::Grpc)
    } else if has(&["graphql"]) {
        Some(Protocol::GraphQl)
    } else if has(&["websocket", "ws://", "wss"]) || t == "ws" {
        Some(Protocol::WebSocket)
    } else if has(&["sftp"]) {
        Some(Protocol::Sftp)
    } else if has(&["ssh"]) {
        Some(Protocol::Ssh)
    } else if has(&["ldap"]) {
        Some(Protocol::Ldap)
    } else if has(&["smtp", "mail"]) {
        Some(Protocol::Smtp)
    } else if has(&[
        "jdbc", "odbc", "sql", "postgres", "mysql", "oracle", "mariadb",
    ]) {
        Some(Protocol::Sql)
    } else if has(&["mongo", "nosql", "redis", "cassandra", "dynamo"]) {
        Some(Protocol::NoSql)
    } else if has(&["amqp", "mqtt", "kafka", "jms", "queue", "mq", "message"]) {
        Some(Protocol::MessageQueue)
    } else if has(&["https", "http/s"]) {
        Some(Protocol::Https)
    } else if has(&["http", "rest", "soap"]) {
        Some(Protocol::Http)
    } else if has(&["tcp", "udp", "binary", "ip"]) {
        Some(Protocol::Tcp)
    } else {
        None
    };
    (protocol, encryption)
}

/// A status word from Threat Dragon, OTM, Threagile or TMT as a triage status.
pub fn status(text: &str) -> Option<TriageStatus> {
    let t: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match t.as_str() {
        "open" | "exposed" | "unchecked" | "new" | "notstarted" | "needsinvestigation"
        | "required" | "recommended" => TriageStatus::Open,
        "inprogress" | "indiscussion" | "partiallymitigated" => TriageStatus::InProgress,
        "mitigated"
        | "implemented"
        | "mitigationimplemented"
        | "closed"
        | "avoided"
        | "eliminated" => TriageStatus::Mitigated,
        "accepted" | "riskaccepted" => TriageStatus::Accepted,
        "transferred" => TriageStatus::Transferred,
        "notapplicable" | "falsepositive" | "na" | "rejected" => TriageStatus::FalsePositive,
        _ => return None,
    })
}

/// STRIDE letters named in free text ("Information disclosure", "Spoofing",
/// "elevation-of-privilege", "Tampering, Repudiation").
pub fn stride_letters(text: &str) -> String {
    let t = text.to_ascii_lowercase();
    let mut letters = String::new();
    for (words, letter) in [
        (&["spoof"][..], 'S'),
        (&["tamper"][..], 'T'),
        (&["repudiat"][..], 'R'),
        (&["disclosure", "information"][..], 'I'),
        (&["denial", "dos"][..], 'D'),
        (&["elevation", "privilege"][..], 'E'),
    ] {
        if words.iter().any(|w| t.contains(w)) {
            letters.push(letter);
        }
    }
    letters
}

/// A severity word ("High", "elevated", "very-high", "critical").
pub fn severity(text: &str) -> Option<ThreatSeverity> {
    let t = text.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "low" | "info" | "informational" | "note" => ThreatSeverity::Low,
        "medium" | "moderate" | "tbd" => ThreatSeverity::Medium,
        "high" | "elevated" => ThreatSeverity::High,
        "critical" | "very-high" | "very high" => ThreatSeverity::Critical,
        _ => return None,
    })
}

/// An authentication word (Threagile's `session-id`, `token`, …; free text).
pub fn authentication(text: &str) -> Option<Authentication> {
    let t = text.trim().to_ascii_lowercase();
    Some(match t.as_str() {
        "" | "none" => Authentication::None,
        "credentials" | "basic" | "password" | "username-password" => Authentication::Basic,
        "session-id" | "session" | "cookie" => Authentication::SessionCookie,
        "token" | "jwt" | "bearer" => Authentication::Jwt,
        "oauth" | "oauth2" => Authentication::OAuth2,
        "oidc" | "openid" | "openid-connect" => Authentication::Oidc,
        "client-certificate" | "certificate" | "mtls" => Authentication::ClientCertificate,
        "api-key" | "apikey" => Authentication::ApiKey,
        // Threagile's two-factor says how people log in, not the protocol.
        "two-factor" => Authentication::SessionCookie,
        _ => return None,
    })
}

/// A boundary kind guessed from its name.
pub fn boundary_kind(name: &str) -> BoundaryKind {
    let n = name.to_ascii_lowercase();
    let has = |w: &[&str]| w.iter().any(|x| n.contains(x));
    if has(&["internet", "public", "untrusted", "customer", "user"]) {
        BoundaryKind::Internet
    } else if has(&["third", "partner", "vendor", "external", "saas"]) {
        BoundaryKind::ThirdParty
    } else if has(&["dmz", "perimeter", "edge"]) {
        BoundaryKind::Dmz
    } else if has(&["vpc", "vnet", "subnet"]) {
        BoundaryKind::CloudVpc
    } else if has(&["cloud", "aws", "azure", "gcp", "account"]) {
        BoundaryKind::CloudAccount
    } else if has(&["cluster", "k8s", "kubernetes"]) {
        BoundaryKind::Cluster
    } else if has(&["host", "server", "machine", "vm", "container", "device"]) {
        BoundaryKind::Host
    } else {
        BoundaryKind::InternalNetwork
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_protocols_map_or_say_they_do_not() {
        assert_eq!(protocol("HTTP/S"), (Some(Protocol::Https), Encryption::Tls));
        assert_eq!(protocol("https"), (Some(Protocol::Https), Encryption::Tls));
        assert_eq!(protocol("HTTP/2"), (Some(Protocol::Http), Encryption::None));
        assert_eq!(
            protocol("jdbc-encrypted"),
            (Some(Protocol::Sql), Encryption::Tls)
        );
        assert_eq!(protocol("ldaps"), (Some(Protocol::Ldap), Encryption::Tls));
        assert_eq!(protocol("Bluetooth"), (None, Encryption::None));
        assert_eq!(protocol(""), (None, Encryption::None));
    }

    #[test]
    fn statuses_of_every_tool_map() {
        assert_eq!(status("NotApplicable"), Some(TriageStatus::FalsePositive));
        assert_eq!(status("in-discussion"), Some(TriageStatus::InProgress));
        assert_eq!(status("Mitigated"), Some(TriageStatus::Mitigated));
        assert_eq!(status("exposed"), Some(TriageStatus::Open));
        assert_eq!(status("whatever"), None);
    }

    #[test]
    fn stride_words_become_letters() {
        assert_eq!(stride_letters("Information disclosure"), "I");
        assert_eq!(stride_letters("elevation-of-privilege"), "E");
        assert_eq!(stride_letters("Spoofing, Tampering"), "ST");
    }
}
