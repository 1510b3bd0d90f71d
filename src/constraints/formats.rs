//! The well-known string formats of buf.validate: email, hostname, IP addresses, URIs and
//! UUIDs. URIs are judged by an RFC 3986 parser, IP addresses by the standard library.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A well-known string format of buf.validate's `StringRules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Email,
    Hostname,
    Ip,
    Ipv4,
    Ipv6,
    Uri,
    UriRef,
    Address,
    Uuid,
    Tuuid,
}

impl Format {
    /// The rule's name, after `string.` in its id.
    pub fn name(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ip => "ip",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::UriRef => "uri_ref",
            Format::Address => "address",
            Format::Uuid => "uuid",
            Format::Tuuid => "tuuid",
        }
    }

    /// What a value must be, as a noun phrase.
    pub fn noun(self) -> &'static str {
        match self {
            Format::Email => "an email address",
            Format::Hostname => "a hostname",
            Format::Ip => "an IP address",
            Format::Ipv4 => "an IPv4 address",
            Format::Ipv6 => "an IPv6 address",
            Format::Uri => "an absolute URI",
            Format::UriRef => "a URI reference",
            Format::Address => "a hostname or IP address",
            Format::Uuid => "a UUID",
            Format::Tuuid => "a UUID without hyphens",
        }
    }

    /// Whether protovalidate reports an empty string under a rule of its own
    /// (`string.email_empty`); a URI reference may be empty.
    pub fn has_empty_rule(self) -> bool {
        self != Format::UriRef
    }

    pub fn admits(self, text: &str) -> bool {
        match self {
            Format::Email => is_email(text),
            Format::Hostname => is_hostname(text),
            Format::Ip => is_ip(text),
            Format::Ipv4 => is_ipv4(text),
            Format::Ipv6 => is_ipv6(text),
            Format::Uri => is_uri(text),
            Format::UriRef => is_uri_ref(text),
            Format::Address => is_hostname(text) || is_ip(text),
            Format::Uuid => is_uuid(text),
            Format::Tuuid => is_tuuid(text),
        }
    }
}

/// A hostname per RFC 1123: dot-separated labels of letters, digits and hyphens, each 1–63
/// characters and not starting or ending with a hyphen; at most 253 characters; the last
/// label not all digits. One trailing dot is allowed.
pub fn is_hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    if text.is_empty() || text.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = text.split('.').collect();
    labels.iter().all(|label| is_label(label))
        && labels
            .last()
            .is_some_and(|last| !last.bytes().all(|b| b.is_ascii_digit()))
}

/// A DNS label: 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// An email address as HTML forms accept it (the WHATWG "valid email address" grammar, which
/// protovalidate uses): a local part of letters, digits and ``.!#$%&'*+/=?^_`{|}~-``, then `@`
/// and dot-separated labels of 1–63 letters, digits and inner hyphens.
pub fn is_email(text: &str) -> bool {
    const LOCAL_EXTRA: &str = ".!#$%&'*+/=?^_`{|}~-";
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL_EXTRA.contains(c))
        && domain.split('.').all(is_label)
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

/// An IP address of `version` 4 or 6, or of either for 0 (protovalidate's `isIp(version)`).
pub fn is_ip_version(text: &str, version: i64) -> bool {
    match version {
        0 => is_ip(text),
        4 => is_ipv4(text),
        6 => is_ipv6(text),
        _ => false,
    }
}

/// An address and a prefix length (`10.0.0.0/8`, `fd00::/8`) of `version` (0 for either);
/// when `strict`, the address must be the network's, its host bits all zero. The length
/// is decimal without leading zeros, at most 32 or 128.
pub fn is_ip_prefix(text: &str, version: i64, strict: bool) -> bool {
    let Some((address, length)) = text.split_once('/') else {
        return false;
    };
    let length = match length.as_bytes() {
        [b'0'] => 0,
        [b'1'..=b'9', rest @ ..] if rest.len() < 3 && rest.iter().all(u8::is_ascii_digit) => {
            length.parse::<u32>().unwrap_or(u32::MAX)
        }
        _ => return false,
    };
    let v4 = || {
        address.parse::<Ipv4Addr>().is_ok_and(|ip| {
            length <= 32 && (!strict || u32::from(ip).checked_shl(length).unwrap_or(0) == 0)
        })
    };
    let v6 = || {
        address.parse::<Ipv6Addr>().is_ok_and(|ip| {
            length <= 128 && (!strict || u128::from(ip).checked_shl(length).unwrap_or(0) == 0)
        })
    };
    match version {
        0 => v4() || v6(),
        4 => v4(),
        6 => v6(),
        _ => false,
    }
}

/// `host:port`, the host a hostname, an IPv4 address or a bracketed IPv6 address, the port
/// decimal 0–65535 without leading zeros; without `port_required` the port may be left out.
pub fn is_host_and_port(text: &str, port_required: bool) -> bool {
    let is_port = |port: &str| match port.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] if rest.len() < 5 && rest.iter().all(u8::is_ascii_digit) => {
            port.parse::<u32>().is_ok_and(|p| p <= 65_535)
        }
        _ => false,
    };
    if let Some(bracketed) = text.strip_prefix('[') {
        let Some(close) = bracketed.rfind(']') else {
            return false;
        };
        let (address, rest) = (&bracketed[..close], &bracketed[close + 1..]);
        return is_ipv6(address)
            && match rest.strip_prefix(':') {
                Some(port) => is_port(port),
                None => rest.is_empty() && !port_required,
            };
    }
    let is_host = |host: &str| is_hostname(host) || is_ipv4(host);
    match text.rsplit_once(':') {
        Some((host, port)) => is_host(host) && is_port(port),
        None => !port_required && is_host(text),
    }
}

/// An absolute URI (with a scheme) per RFC 3986, allowing an IPv6 zone id (RFC 6874).
pub fn is_uri(text: &str) -> bool {
    without_zone_id(text).is_some_and(|uri| fluent_uri::Uri::parse(uri.as_str()).is_ok())
}

/// A URI or a relative reference per RFC 3986, allowing an IPv6 zone id (RFC 6874).
pub fn is_uri_ref(text: &str) -> bool {
    without_zone_id(text).is_some_and(|uri| fluent_uri::UriRef::parse(uri.as_str()).is_ok())
}

/// The URI with the zone id of an IP literal (`[fe80::1%25en0]`) removed, after checking
/// the zone is `1*(unreserved / pct-encoded)`; `None` when the zone is malformed. RFC 3986
/// parsers know no zone ids.
fn without_zone_id(text: &str) -> Option<String> {
    let Some(open) = text.find('[') else {
        return Some(text.to_owned());
    };
    let Some(close) = text[open..].find(']').map(|i| open + i) else {
        return Some(text.to_owned());
    };
    let literal = &text[open + 1..close];
    let Some(percent) = literal.find('%') else {
        return Some(text.to_owned());
    };
    let zone = literal[percent..].strip_prefix("%25")?;
    if zone.is_empty() || !is_unreserved_or_pct_encoded(zone) {
        return None;
    }
    Some(format!("{}{}", &text[..open + 1 + percent], &text[close..]))
}

fn is_unreserved_or_pct_encoded(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            i += 1;
        } else {
            return false;
        }
    }
    true
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
        // The WHATWG grammar: numeric labels and long local parts are fine.
        assert!(is_email("ops@127.0.0.1"));
        assert!(is_email(&format!("{}@x.com", "a".repeat(65))));
        assert!(!is_email("ops@example.com."));
    }

    #[test]
    fn uris_and_addresses() {
        assert!(is_uri("https://example.com/a?b=c#d"));
        assert!(!is_uri("/relative/path"));
        assert!(is_uri_ref("/relative/path"));
        assert!(!is_uri("https://exa mple.com"));
        assert!(is_uri("http://[fe80::1%25en0]/"));
        assert!(!is_uri("http://[::1%eth0]/"));
        assert!(!is_uri("http://[::1%25]/"));
        assert!(is_ip("::1") && is_ipv4("10.0.0.1") && !is_ipv4("::1"));
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(is_tuuid("123e4567e89b12d3a456426614174000"));
    }
}
