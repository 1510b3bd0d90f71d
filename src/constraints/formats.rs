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
    IpWithPrefixlen,
    Ipv4WithPrefixlen,
    Ipv6WithPrefixlen,
    IpPrefix,
    Ipv4Prefix,
    Ipv6Prefix,
    HostAndPort,
    Ulid,
    ProtobufFqn,
    ProtobufDotFqn,
    /// `well_known_regex: KNOWN_REGEX_HTTP_HEADER_NAME`, RFC 7230's token when `strict`.
    HeaderName {
        strict: bool,
    },
    /// `well_known_regex: KNOWN_REGEX_HTTP_HEADER_VALUE`, RFC 7230's field value when
    /// `strict`.
    HeaderValue {
        strict: bool,
    },
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
            Format::IpWithPrefixlen => "ip_with_prefixlen",
            Format::Ipv4WithPrefixlen => "ipv4_with_prefixlen",
            Format::Ipv6WithPrefixlen => "ipv6_with_prefixlen",
            Format::IpPrefix => "ip_prefix",
            Format::Ipv4Prefix => "ipv4_prefix",
            Format::Ipv6Prefix => "ipv6_prefix",
            Format::HostAndPort => "host_and_port",
            Format::Ulid => "ulid",
            Format::ProtobufFqn => "protobuf_fqn",
            Format::ProtobufDotFqn => "protobuf_dot_fqn",
            Format::HeaderName { .. } => "well_known_regex.header_name",
            Format::HeaderValue { .. } => "well_known_regex.header_value",
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
            Format::IpWithPrefixlen => "an IP address with a prefix length",
            Format::Ipv4WithPrefixlen => "an IPv4 address with a prefix length",
            Format::Ipv6WithPrefixlen => "an IPv6 address with a prefix length",
            Format::IpPrefix => "an IP prefix (a network address and its length)",
            Format::Ipv4Prefix => "an IPv4 prefix (a network address and its length)",
            Format::Ipv6Prefix => "an IPv6 prefix (a network address and its length)",
            Format::HostAndPort => "a host and port",
            Format::Ulid => "a ULID",
            Format::ProtobufFqn => "a fully-qualified Protobuf name",
            Format::ProtobufDotFqn => "a fully-qualified Protobuf name with a leading dot",
            Format::HeaderName { .. } => "an HTTP header name",
            Format::HeaderValue { .. } => "an HTTP header value",
        }
    }

    /// Whether protovalidate reports an empty string under a rule of its own
    /// (`string.email_empty`); a URI reference and a header value may be empty.
    pub fn has_empty_rule(self) -> bool {
        !matches!(self, Format::UriRef | Format::HeaderValue { .. })
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
            Format::IpWithPrefixlen => is_ip_prefix(text, 0, false),
            Format::Ipv4WithPrefixlen => is_ip_prefix(text, 4, false),
            Format::Ipv6WithPrefixlen => is_ip_prefix(text, 6, false),
            Format::IpPrefix => is_ip_prefix(text, 0, true),
            Format::Ipv4Prefix => is_ip_prefix(text, 4, true),
            Format::Ipv6Prefix => is_ip_prefix(text, 6, true),
            Format::HostAndPort => is_host_and_port(text, true),
            Format::Ulid => is_ulid(text),
            Format::ProtobufFqn => is_protobuf_fqn(text),
            Format::ProtobufDotFqn => text.strip_prefix('.').is_some_and(is_protobuf_fqn),
            Format::HeaderName { strict } => is_header_name(text, strict),
            Format::HeaderValue { strict } => is_header_value(text, strict),
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

/// An IPv6 address, optionally with a zone id (`fe80::1%eth0`), as protovalidate's `ipv6`
/// and `isIp(6)` accept it; prefixes take no zone (see [`is_ip_prefix`]).
pub fn is_ipv6(text: &str) -> bool {
    let address = match text.split_once('%') {
        Some((address, zone)) if !zone.is_empty() => address,
        Some(_) => return false,
        None => text,
    };
    address.parse::<Ipv6Addr>().is_ok()
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

/// A ULID: 26 characters of Crockford's base 32 (no I, L, O or U), any case, the first
/// at most 7 so the value fits 128 bits.
pub fn is_ulid(text: &str) -> bool {
    let crockford =
        |c: &u8| c.is_ascii_digit() || (c.is_ascii_alphabetic() && !b"IiLlOoUu".contains(c));
    let bytes = text.as_bytes();
    bytes.len() == 26 && (b'0'..=b'7').contains(&bytes[0]) && bytes.iter().all(crockford)
}

/// A fully-qualified Protobuf name: dot-separated identifiers (`foo.bar.Baz`).
pub fn is_protobuf_fqn(text: &str) -> bool {
    text.split('.').all(|part| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// An HTTP header name: strictly, RFC 7230's token characters (with an optional leading `:`
/// for HTTP/2 pseudo-headers) plus the comma protovalidate's character class lets through;
/// loosely, any non-empty text without NUL, CR or LF.
pub fn is_header_name(text: &str, strict: bool) -> bool {
    if !strict {
        return !text.is_empty() && !text.contains(['\0', '\r', '\n']);
    }
    let token = text.strip_prefix(':').unwrap_or(text);
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+,-.^_`|~".contains(&b))
}

/// An HTTP header value: strictly, no control characters but tab; loosely, no NUL, CR or
/// LF. It may be empty.
pub fn is_header_value(text: &str, strict: bool) -> bool {
    if strict {
        !text
            .chars()
            .any(|c| (c < ' ' && c != '\t') || c == '\u{7f}')
    } else {
        !text.contains(['\0', '\r', '\n'])
    }
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

    #[test]
    fn prefixes_hosts_and_ports() {
        assert!(is_ip_prefix("10.0.0.0/8", 4, true));
        assert!(!is_ip_prefix("10.0.0.1/8", 4, true) && is_ip_prefix("10.0.0.1/8", 4, false));
        assert!(
            !is_ip_prefix("10.0.0.0/08", 0, false),
            "a leading zero in the length"
        );
        assert!(!is_ip_prefix("10.0.0.0/33", 0, false) && is_ip_prefix("fd00::/8", 6, true));
        assert!(!is_ip_prefix("fd00::/129", 0, false) && !is_ip_prefix("fd00::", 0, false));
        assert!(
            !is_ip_prefix("fe80::%eth0/64", 6, false),
            "no zone in a prefix"
        );
        assert!(is_ipv6("fe80::1%eth0") && !is_ipv6("fe80::1%"));
        assert!(is_host_and_port("example.com:443", true) && is_host_and_port("host:0", true));
        assert!(!is_host_and_port("example.com:65536", true));
        assert!(!is_host_and_port("example.com:080", true));
        assert!(is_host_and_port("[::1]:8080", true) && !is_host_and_port("[::1]", true));
        assert!(is_host_and_port("[::1]", false) && !is_host_and_port("::1", false));
        assert!(is_host_and_port("[fe80::1%25en0]:443", true));
    }

    #[test]
    fn ulids_names_and_headers() {
        assert!(is_ulid("01ARZ3NDEKTSV4RRFFQ69G5FAV") && is_ulid("01arz3ndektsv4rrffq69g5fav"));
        assert!(!is_ulid("81ARZ3NDEKTSV4RRFFQ69G5FAV"), "above 128 bits");
        assert!(!is_ulid("0IARZ3NDEKTSV4RRFFQ69G5FAV"), "I is not Crockford");
        assert!(is_protobuf_fqn("foo.bar.Baz") && is_protobuf_fqn("_x"));
        assert!(!is_protobuf_fqn(".foo") && !is_protobuf_fqn("foo..bar") && !is_protobuf_fqn("1a"));
        assert!(is_header_name(":authority", true) && is_header_name("X-A,b", true));
        assert!(!is_header_name("bad header", true) && is_header_name("bad header", false));
        assert!(!is_header_name("", false) && !is_header_name("a\nb", false));
        assert!(is_header_value("", true) && is_header_value("tab\tvalue", true));
        assert!(!is_header_value("bad\u{7f}", true) && is_header_value("bad\u{7f}", false));
        assert!(!is_header_value("line\nbreak", false));
    }
}
