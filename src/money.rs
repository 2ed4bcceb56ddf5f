//! Money: integer minor units everywhere, converted at the edges.
//!
//! Parsing accepts what CRM exports and hand-kept sheets contain:
//! "$12,500.00", "12.500,00 €", "EUR 12,500", "(1,200)", "1.2k".

pub mod currencies;

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

/// Major units (as a sheet cell holds them) to minor units, rounding the
/// number as it was written half away from zero: 796.425 is 79,643 cents,
/// though 796.425 × 100 is 79,642.4999… in binary floating point.
pub fn to_minor(major: f64, currency: &str) -> Option<i64> {
    let scaled = major * scale(currency);
    // A hundred billion in major units is beyond any deal; refusing larger
    // keeps every sum of a pipeline far inside i64.
    if !scaled.is_finite() || scaled.abs() >= 1.0e13 {
        return None;
    }
    let fraction = (scaled - scaled.trunc()).abs();
    if (fraction - 0.5).abs() > 1e-6 {
        // Far from a half: binary noise cannot change the rounding.
        return Some(scaled.round() as i64);
    }
    Some(round_written(major, minor_digits(currency)).unwrap_or(scaled.round() as i64))
}

/// `major` rounded to `digits` decimals from its shortest decimal form (the
/// digits a person wrote, which Rust prints back exactly), half away from zero.
fn round_written(major: f64, digits: u32) -> Option<i64> {
    let written = format!("{}", major.abs());
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    let kept: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(digits as usize)
        .collect();
    let next = fraction.chars().nth(digits as usize).unwrap_or('0');
    let mut v: i64 = format!("{whole}{kept}").parse().ok()?;
    if next >= '5' {
        v = v.checked_add(1)?;
    }
    Some(if major < 0.0 { -v } else { v })
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

/// ISO 4217 codes a money cell may carry ("EUR 79,800", "1,064,375 JPY").
/// A code outside this list is not taken for one, so "TBD" or "N/A" stay
/// what they are: not amounts.
const CODES: [&str; 60] = [
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "INR", "NZD", "CNY",
    "RMB", "HKD", "SGD", "KRW", "TWD", "THB", "MYR", "IDR", "PHP", "VND", "PKR", "BDT", "LKR",
    "RUB", "UAH", "KZT", "BYN", "PLN", "CZK", "HUF", "RON", "BGN", "ISK", "TRY", "ILS", "AED",
    "SAR", "QAR", "KWD", "BHD", "OMR", "JOD", "EGP", "MAD", "TND", "NGN", "KES", "ZAR", "BRL",
    "MXN", "ARS", "CLP", "COP", "PEN", "UYU", "PYG", "BOB",
];

/// Symbols, longest first so "R$" is not read as "$". "kr" and "zł" are
/// words as much as symbols: only their currency uses them on an amount.
const SYMBOLS: [(&str, &str); 24] = [
    ("US$", "USD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("NZ$", "NZD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("MX$", "MXN"),
    ("R$", "BRL"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₽", "RUB"),
    ("₩", "KRW"),
    ("₺", "TRY"),
    ("₪", "ILS"),
    ("₴", "UAH"),
    ("₫", "VND"),
    ("₱", "PHP"),
    ("฿", "THB"),
    ("zł", "PLN"),
    ("$", "USD"),
];

/// A currency found in a money cell, by ISO code (a word of its own,
/// before or after the number) or symbol.
pub fn detect_currency(text: &str) -> Option<&'static str> {
    // Most amounts are digits and separators only: no currency to look for.
    if text
        .bytes()
        .all(|b| b.is_ascii_digit() || b" .,'()+-".contains(&b))
    {
        return None;
    }
    let words = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() == 3);
    for word in words {
        if let Some(code) = CODES.iter().find(|c| c.eq_ignore_ascii_case(word)) {
            // "RMB" is the renminbi's common name; its code is CNY.
            return Some(if *code == "RMB" { "CNY" } else { code });
        }
    }
    SYMBOLS
        .iter()
        .find(|(symbol, _)| text.contains(symbol))
        .map(|(_, code)| *code)
}

/// Which mark separates the decimals of an amount written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalMark {
    /// 1,234.56 (English-speaking countries, Asia)
    Point,
    /// 1.234,56 or 1 234,56 (continental Europe, Latin America)
    Comma,
}

/// What an amount's own separators say of its decimal mark: `Some(mark)`
/// when they tell ("1,234.56", "12,5", "1.234.567"), `None` when either
/// reading is possible ("1,500" and "1.500": one separator, three digits
/// after it), and no answer at all for whole numbers.
fn own_mark(body: &str) -> Option<Option<DecimalMark>> {
    let (dots, commas) = (body.matches('.').count(), body.matches(',').count());
    let digits_after = |at: usize| body.len().saturating_sub(at + 1);
    match (body.rfind('.'), body.rfind(',')) {
        (Some(d), Some(c)) => Some(Some(if c > d {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        })),
        (None, Some(_)) if commas > 1 => Some(Some(DecimalMark::Point)),
        (Some(_), None) if dots > 1 => Some(Some(DecimalMark::Comma)),
        (None, Some(c)) => Some((digits_after(c) != 3).then_some(DecimalMark::Comma)),
        (Some(d), None) => Some((digits_after(d) != 3).then_some(DecimalMark::Point)),
        (None, None) => None,
    }
}

/// A short text kept inline, for a note's example.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Example {
    len: u8,
    bytes: [u8; 24],
}

impl Example {
    fn offer(&mut self, text: &str) {
        if self.len == 0 && !text.is_empty() && text.len() <= self.bytes.len() {
            self.bytes[..text.len()].copy_from_slice(text.as_bytes());
            self.len = text.len() as u8;
        }
    }

    fn get(&self) -> Option<&str> {
        std::str::from_utf8(self.bytes.get(..usize::from(self.len))?)
            .ok()
            .filter(|s| !s.is_empty())
    }
}

/// What a column's amounts written as text say about their decimal mark,
/// so "1.500" is read the way the rest of the column writes amounts: one
/// and a half beside "2,75", fifteen hundred beside "1.234,56". Counts (and
/// one example each), `Copy`: tallying a row allocates nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecimalTally {
    point: u32,
    comma: u32,
    /// Amounts either mark reads (one separator, three digits after it).
    either: u32,
    comma_example: Example,
    either_example: Example,
}

impl DecimalTally {
    pub fn add(&mut self, text: &str) {
        let body = amount_body(text);
        match own_mark(&body) {
            Some(Some(DecimalMark::Point)) => self.point += 1,
            Some(Some(DecimalMark::Comma)) => {
                self.comma += 1;
                self.comma_example.offer(text.trim());
            }
            Some(None) => {
                self.either += 1;
                self.either_example.offer(text.trim());
            }
            None => {}
        }
    }

    /// The column's decimal mark: the one most of its amounts show; when
    /// none shows one but some could be read either way, a decimal comma in
    /// a semicolon-separated file (spreadsheets save ";" where the comma is
    /// the decimal mark), else none (each amount read on its own).
    pub fn decide(&self, semicolons: bool) -> Option<DecimalMark> {
        if self.comma > self.point {
            Some(DecimalMark::Comma)
        } else if self.point > 0 {
            Some(DecimalMark::Point)
        } else if self.either > 0 && semicolons {
            Some(DecimalMark::Comma)
        } else {
            None
        }
    }

    /// Amounts showing a decimal comma: how many, and the first.
    pub fn comma(&self) -> (u32, Option<&str>) {
        (self.comma, self.comma_example.get())
    }

    /// Amounts either mark reads: how many, and the first.
    pub fn either(&self) -> (u32, Option<&str>) {
        (self.either, self.either_example.get())
    }
}

/// The digits and separators of an amount: spaces (plain, no-break,
/// narrow) and apostrophes group thousands and are dropped.
fn amount_body(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect()
}

/// Parses a money cell's text to major units, each amount on its own: see
/// [`parse_amount_as`].
pub fn parse_amount(text: &str) -> Option<f64> {
    parse_amount_as(text, None)
}

/// Parses a money cell's text to major units: "$22,700.00", "EUR 79,800",
/// "1.234,56 €", "1 234,56", "(1,200.00)", "-300", "45k", "1'250.50 CHF",
/// a currency code or symbol before or after. The decimal mark is the
/// one the amount shows ("1,234.56", "12,5"); when either reading is
/// possible ("1,500"), the column's (`column`, see [`DecimalTally`]), else
/// a comma groups thousands and a point is a decimal point.
pub fn parse_amount_as(text: &str, column: Option<DecimalMark>) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let negative =
        t.starts_with('-') || t.ends_with('-') || (t.starts_with('(') && t.ends_with(')'));
    let lower = t.to_ascii_lowercase();
    let multiplier = if lower.ends_with("mm") || lower.ends_with('m') {
        1e6
    } else if lower.ends_with('k') {
        1e3
    } else {
        1.0
    };
    let body = amount_body(t);
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    // Letters other than a currency code or a k/m suffix mean it isn't an
    // amount ("TBD", "N/A", "call me").
    let letters: String = t.chars().filter(|c| c.is_alphabetic()).collect();
    let letters_ok = letters.is_empty()
        || matches!(letters.to_ascii_lowercase().as_str(), "k" | "m" | "mm")
        || letters.len() == 3 && CODES.iter().any(|c| c.eq_ignore_ascii_case(&letters))
        || SYMBOLS
            .iter()
            .any(|(s, _)| s.chars().filter(|c| c.is_alphabetic()).eq(letters.chars()));
    if !letters_ok {
        return None;
    }
    let mark = match own_mark(&body) {
        Some(Some(mark)) => Some(mark),
        Some(None) => column,
        None => None,
    };
    let normalized = match mark {
        Some(DecimalMark::Point) => body.replace(',', ""),
        Some(DecimalMark::Comma) => body.replace('.', "").replace(',', "."),
        // One separator and three digits after it, nothing else to go by:
        // "1,500" groups thousands, "1.500" has a decimal point.
        None => body.replace(',', ""),
    };
    let v: f64 = normalized.parse().ok()?;
    let v = v * multiplier;
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_minor_rounds_the_number_as_written() {
        assert_eq!(to_minor(796.425, "USD"), Some(79_643));
        assert_eq!(to_minor(-796.425, "USD"), Some(-79_643));
        assert_eq!(to_minor(1.005, "USD"), Some(101));
        assert_eq!(to_minor(122.352, "USD"), Some(12_235));
        assert_eq!(to_minor(0.1 + 0.2, "USD"), Some(30));
        assert_eq!(to_minor(2.5, "JPY"), Some(3));
        assert_eq!(to_minor(1_064_375.0, "JPY"), Some(1_064_375));
        assert_eq!(to_minor(1.0005, "KWD"), Some(1_001));
        assert_eq!(to_minor(1e13, "USD"), None);
        assert_eq!(to_minor(f64::NAN, "USD"), None);
    }

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

    /// Amounts as the exports in ../shared/data/crm-exports write them.
    #[test]
    fn parses_amounts_as_exports_write_them() {
        // Zoho, a scraped Salesforce table, Excel in Europe, a Bitrix24 negative.
        assert_eq!(parse_amount("$22,700.00"), Some(22700.0));
        assert_eq!(parse_amount("EUR 79,800"), Some(79800.0));
        assert_eq!(parse_amount("JPY 1,064,375"), Some(1_064_375.0));
        assert_eq!(parse_amount("USD 750,000"), Some(750_000.0));
        assert_eq!(parse_amount("1.234,56 €"), Some(1234.56));
        assert_eq!(parse_amount("1 234,56"), Some(1234.56));
        assert_eq!(parse_amount("1\u{a0}234,56 ₽"), Some(1234.56));
        assert_eq!(parse_amount("1\u{202f}234 567,8"), Some(1_234_567.8));
        assert_eq!(parse_amount("(1,200.00)"), Some(-1200.0));
        assert_eq!(parse_amount("-12000.00"), Some(-12000.0));
        assert_eq!(parse_amount("9350,09"), Some(9350.09));
        assert_eq!(parse_amount("RUB 100000.00"), Some(100_000.0));
        assert_eq!(parse_amount("100 000 руб"), None);
        assert_eq!(parse_amount("R$ 1.500,00"), Some(1500.0));
        assert_eq!(parse_amount("1,5 Mio"), None);
        assert_eq!(parse_amount("2.5m"), Some(2_500_000.0));
        // Whole numbers with one separator: the column decides.
        assert_eq!(parse_amount("1,500"), Some(1500.0));
        assert_eq!(parse_amount("1.500"), Some(1.5));
        assert_eq!(
            parse_amount_as("1.500", Some(DecimalMark::Comma)),
            Some(1500.0)
        );
        assert_eq!(
            parse_amount_as("1,500", Some(DecimalMark::Comma)),
            Some(1.5)
        );
        assert_eq!(
            parse_amount_as("1.500", Some(DecimalMark::Point)),
            Some(1.5)
        );
        // An amount that shows its mark is read by it, whatever the column.
        assert_eq!(
            parse_amount_as("1,234.56", Some(DecimalMark::Comma)),
            Some(1234.56)
        );
        assert_eq!(
            parse_amount_as("1.234,56", Some(DecimalMark::Point)),
            Some(1234.56)
        );
    }

    #[test]
    fn currencies_before_or_after_by_code_or_symbol() {
        assert_eq!(detect_currency("EUR 79,800"), Some("EUR"));
        assert_eq!(detect_currency("1,064,375 JPY"), Some("JPY"));
        assert_eq!(detect_currency("$22,700.00"), Some("USD"));
        assert_eq!(detect_currency("R$ 1.500,00"), Some("BRL"));
        assert_eq!(detect_currency("C$ 12"), Some("CAD"));
        assert_eq!(detect_currency("1 234,56 ₽"), Some("RUB"));
        assert_eq!(detect_currency("rub 10"), Some("RUB"));
        assert_eq!(detect_currency("1.234,56 €"), Some("EUR"));
        assert_eq!(detect_currency("12 zł"), Some("PLN"));
        assert_eq!(detect_currency("12500"), None);
        // A code inside a word is not one.
        assert_eq!(detect_currency("EURO"), None);
    }

    /// A column decides how "1.500" reads from the amounts that show their mark.
    #[test]
    fn decimal_mark_per_column() {
        let tally = |values: &[&str]| {
            let mut t = DecimalTally::default();
            values.iter().for_each(|v| t.add(v));
            t
        };
        let european = tally(&["1.500", "2.750,50", "12,5", "300"]);
        assert_eq!(european.decide(false), Some(DecimalMark::Comma));
        assert_eq!(european.comma(), (2, Some("2.750,50")));
        assert_eq!(european.either(), (1, Some("1.500")));
        let english = tally(&["1,500", "2,750.50", "300"]);
        assert_eq!(english.decide(true), Some(DecimalMark::Point));
        // Only "1.500"s: a semicolon-separated file writes decimal commas.
        let unsure = tally(&["1.500", "3.000", "250"]);
        assert_eq!(unsure.decide(true), Some(DecimalMark::Comma));
        assert_eq!(unsure.decide(false), None);
        assert_eq!(tally(&["300", "$12"]).decide(true), None);
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
