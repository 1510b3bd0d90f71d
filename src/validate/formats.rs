//! The well-known string formats of buf.validate: email, hostname, IP addresses, URIs and
//! UUIDs. URIs are judged by an RFC 3986 parser, IP addresses by the standard library.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A hostname per RFC 1123: dot-separated labels of letters, digits and hyphens, each 1–63
/// characters and not starting or ending with a hyphen; at most 253 characters; the last
/// label not all digits. One trailing dot is allowed.
pub fn is_hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    if text.is_empty() || text.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = text.split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|last| !last.bytes().all(|b| b.is_ascii_digit()))
}

/// An email address as HTML forms accept it: a local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, then `@` and a hostname.
pub fn is_email(text: &str) -> bool {
    let Some((local, host)) = text.split_once('@') else {
        return false;
    };
    const LOCAL_EXTRA: &str = ".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL_EXTRA.contains(c))
        && !host.ends_with('.')
        && is_hostname(host)
}

pub fn is_ipv4(text: &str) -> bool {
    text.parse::<Ipv4Addr>().is_ok()
}

pub fn is_ipv6(text: &str) -> bool {
    text.parse::<Ipv6Addr>().is_ok()
}

pub fn is_ip(text: &str) -> bool {
    is_ipv4(text) || is_ipv6(text)
}

/// An absolute URI (with a scheme) per RFC 3986.
pub fn is_uri(text: &str) -> bool {
    fluent_uri::Uri::parse(text).is_ok()
}

/// A URI or a relative reference per RFC 3986.
pub fn is_uri_ref(text: &str) -> bool {
    fluent_uri::UriRef::parse(text).is_ok()
}

/// A UUID in its 36-character hyphenated form, any case.
pub fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A UUID without hyphens: 32 hexadecimal digits.
pub fn is_tuuid(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostnames() {
        assert!(is_hostname("example.com"));
        assert!(is_hostname("a-b.example.com."));
        assert!(!is_hostname("-a.example.com"));
        assert!(!is_hostname("a..b"));
        assert!(!is_hostname("127.0.0.1"));
        assert!(!is_hostname(&"a".repeat(64)));
    }

    #[test]
    fn emails() {
        assert!(is_email("ops+kv@example.com"));
        assert!(!is_email("ops@"));
        assert!(!is_email("@example.com"));
        assert!(!is_email("a b@example.com"));
        assert!(!is_email("a@b@example.com"));
    }

    #[test]
    fn uris_and_addresses() {
        assert!(is_uri("https://example.com/a?b=c#d"));
        assert!(!is_uri("/relative/path"));
        assert!(is_uri_ref("/relative/path"));
        assert!(!is_uri("https://exa mple.com"));
        assert!(is_ip("::1") && is_ipv4("10.0.0.1") && !is_ipv4("::1"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_tuuid("123e4567e89b12d3a456426614174000"));
    }
}
