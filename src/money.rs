//! Money: integer minor units everywhere, converted at the edges.
//!
//! Parsing accepts what CRM exports and hand-kept sheets contain:
//! "$12,500.00", "12.500,00 €", "EUR 12,500", "(1,200)", "1.2k".

/// Digits after the decimal point for an ISO currency code.
pub fn minor_digits(currency: &str) -> u32 {
    match currency.to_ascii_uppercase().as_str() {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "HUF" | "TWD" | "UGX" | "XOF" | "XAF" | "PYG" => 0,
        "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
        _ => 2,
    }
}

fn scale(currency: &str) -> f64 {
    10f64.powi(minor_digits(currency) as i32)
}

/// Major units (as a sheet cell holds them) to minor units.
pub fn to_minor(major: f64, currency: &str) -> Option<i64> {
    let v = (major * scale(currency)).round();
    // A hundred billion in major units is beyond any deal; refusing larger
    // keeps every sum of a pipeline far inside i64.
    (v.is_finite() && v.abs() < 1.0e13).then_some(v as i64)
}

/// Minor units to major units, for JSON output and spreadsheets.
pub fn to_major(minor: i64, currency: &str) -> f64 {
    minor as f64 / scale(currency)
}

/// Formats minor units for people: "$12,500" (no cents when whole).
pub fn format(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency) as usize;
    let major = to_major(minor, currency);
    let whole = minor % 10i64.pow(digits as u32) == 0;
    let body = group(major.abs(), if whole { 0 } else { digits });
    let sign = if minor < 0 { "-" } else { "" };
    match symbol(currency) {
        Some(s) => format!("{sign}{s}{body}"),
        None => format!("{sign}{body} {}", currency.to_ascii_uppercase()),
    }
}

/// A count for people, grouped like amounts: "2,089".
pub fn format_count(n: u64) -> String {
    group(n as f64, 0)
}

fn symbol(currency: &str) -> Option<&'static str> {
    match currency.to_ascii_uppercase().as_str() {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    }
}

fn group(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// A currency found in a money cell, by symbol or ISO code.
pub fn detect_currency(text: &str) -> Option<&'static str> {
    const CODES: [&str; 12] = [
        "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "INR", "NZD",
    ];
    let upper = text.to_ascii_uppercase();
    if let Some(code) = CODES.iter().find(|c| upper.contains(*c)) {
        return Some(code);
    }
    if text.contains('€') {
        Some("EUR")
    } else if text.contains('£') {
        Some("GBP")
    } else if text.contains('¥') {
        Some("JPY")
    } else if text.contains('₹') {
        Some("INR")
    } else if text.contains('$') {
        Some("USD")
    } else {
        None
    }
}

/// Parses a money cell's text to major units. Decides between "1,234.56" and
/// "1.234,56" by which separator comes last and how many digits follow it.
pub fn parse_amount(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let negative =
        t.starts_with('-') || t.ends_with('-') || (t.starts_with('(') && t.ends_with(')'));
    let lower = t.to_ascii_lowercase();
    let multiplier = if lower.ends_with('k') {
        1e3
    } else if lower.ends_with('m') || lower.ends_with("mm") {
        1e6
    } else {
        1.0
    };
    let body: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '\'')
        .collect();
    if body.chars().filter(|c| c.is_ascii_digit()).count() == 0 {
        return None;
    }
    // Letters other than a currency code or k/m suffix mean it isn't an amount ("TBD", "N/A").
    let letters: String = t.chars().filter(|c| c.is_alphabetic()).collect();
    let letters_ok = letters.is_empty()
        || detect_currency(&letters).is_some() && letters.len() == 3
        || matches!(letters.to_ascii_lowercase().as_str(), "k" | "m" | "mm");
    if !letters_ok {
        return None;
    }
    let body = body.replace('\'', "");
    let last_dot = body.rfind('.');
    let last_comma = body.rfind(',');
    let normalized = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => body.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => body.replace(',', ""),
        (None, Some(c)) => {
            let after = body.len() - c - 1;
            let commas = body.matches(',').count();
            if commas == 1 && after != 3 {
                body.replace(',', ".")
            } else {
                body.replace(',', "")
            }
        }
        // "1.234.567" groups thousands; a single dot is a decimal point.
        (Some(_), None) if body.matches('.').count() > 1 => body.replace('.', ""),
        (Some(_), None) => body,
        (None, None) => body,
    };
    let v: f64 = normalized.parse().ok()?;
    let v = v * multiplier;
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_money_forms() {
        assert_eq!(parse_amount("$12,500.00"), Some(12500.0));
        assert_eq!(parse_amount("12.500,00 €"), Some(12500.0));
        assert_eq!(parse_amount("EUR 12,500"), Some(12500.0));
        assert_eq!(parse_amount("1.234.567"), Some(1234567.0));
        assert_eq!(parse_amount("12,5"), Some(12.5));
        assert_eq!(parse_amount("(1,200)"), Some(-1200.0));
        assert_eq!(parse_amount("-300"), Some(-300.0));
        assert_eq!(parse_amount("45k"), Some(45000.0));
        assert_eq!(parse_amount("N/A"), None);
        assert_eq!(parse_amount("TBD"), None);
        assert_eq!(parse_amount(""), None);
        assert_eq!(parse_amount("1'250.50 CHF"), Some(1250.5));
    }

    #[test]
    fn formats_and_converts() {
        assert_eq!(to_minor(12500.5, "USD"), Some(1250050));
        assert_eq!(to_minor(1000.0, "JPY"), Some(1000));
        assert_eq!(format(1250000, "USD"), "$12,500");
        assert_eq!(format(1250050, "USD"), "$12,500.50");
        assert_eq!(format(-99, "SEK"), "-0.99 SEK");
        assert_eq!(detect_currency("12.500,00 €"), Some("EUR"));
    }
}
