//! Suggested names for files SalesOS hands to the user (browser download or
//! desktop save dialog). Names carry people's names ("Zoë Müller - candidate
//! packet.xlsx"), so Unicode letters stay; only characters a file system or a
//! path would misread are replaced.

/// The name as the user should see it: path separators, characters Windows
/// and macOS refuse (`: * ? " < > |`) and control characters become `_`,
/// leading and trailing dots and spaces go (Windows drops them), and the
/// name is capped at 200 characters. Never empty.
pub fn safe_file_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(200)
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "download".to_string()
    } else {
        trimmed.to_string()
    }
}

/// An HTTP `Content-Disposition` value for a download: `filename*` carries
/// the real name (RFC 5987, UTF-8, percent-encoded) and `filename` an ASCII
/// stand-in for clients that do not read `filename*`.
pub fn content_disposition(name: &str) -> String {
    let name = safe_file_name(name);
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        // RFC 5987 attr-char: letters, digits and !#$&+-.^_`|~ go as they are.
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
