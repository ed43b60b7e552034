//! Kubernetes name and label syntax (apimachinery's validation, restated).

/// DNS-1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn is_dns_label(s: &str) -> bool {
    s.len() <= 63 && has_dns_label_shape(s)
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` without the length limit: the schema's [`super::DNS_LABEL`].
pub(super) fn has_dns_label_shape(s: &str) -> bool {
    edges_alnum(s, |c| c == '-')
}

/// `[a-z0-9]([-a-z0-9.]*[a-z0-9])?`: the schema's [`super::DNS_SUBDOMAIN`].
pub(super) fn has_dns_subdomain_shape(s: &str) -> bool {
    edges_alnum(s, |c| c == '-' || c == '.')
}

/// Lowercase letters and digits, and inside also the characters `inner` admits.
fn edges_alnum(s: &str, inner: fn(char) -> bool) -> bool {
    let edge = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.starts_with(edge) && s.ends_with(edge) && s.chars().all(|c| edge(c) || inner(c))
}

/// DNS-1123 subdomain: dot-separated labels, at most 253 characters.
pub fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns_label)
}

/// Label or annotation key: an optional DNS subdomain prefix and `/`, then a name of at most 63
/// alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
pub fn is_qualified_name(s: &str) -> bool {
    let (prefix, name) = match s.rsplit_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, s),
    };
    prefix.is_none_or(is_dns_subdomain) && !name.is_empty() && is_label_value(name)
}

/// Label value: empty, or at most 63 alphanumerics, `-`, `_`, `.`, starting and ending
/// alphanumeric.
pub fn is_label_value(s: &str) -> bool {
    s.is_empty()
        || (s.len() <= 63
            && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.ends_with(|c: char| c.is_ascii_alphanumeric()))
}
