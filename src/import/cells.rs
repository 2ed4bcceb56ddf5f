//! Typed values out of single cells: text, percentages, statuses, yes/no
//! flags, currency codes, roles and money. The mapping checks a column's
//! sample values with them, the missing-field report finds candidates with
//! them, and `parse` reads each row with them: a leaf, so none of those
//! reads another.
use std::borrow::Cow;

use sheet::grid::Cell;

use crate::money;
use crate::process::{normalize, DealStatus};

/// The cell as trimmed text; `None` when it holds nothing.
pub fn text(cell: &Cell) -> Option<String> {
    text_ref(cell).map(Cow::into_owned)
}

/// [`text`] without a copy of a text cell (a million-row import reads
/// five of them a row).
pub fn text_ref(cell: &Cell) -> Option<Cow<'_, str>> {
    match cell {
        Cell::Empty => None,
        Cell::Text(s) => {
            let t = s.trim();
            (!t.is_empty()).then_some(Cow::Borrowed(t))
        }
        other => Some(other.display())
            .filter(|s| !s.is_empty())
            .map(Cow::Owned),
    }
}

/// "45%", "0.45" or "45" as a fraction from 0 to 1.
pub fn parse_percent(cell: &Cell) -> Option<f64> {
    let (v, explicit) = match cell {
        Cell::Number(n) => (*n, false),
        Cell::Text(t) => {
            let t = t.trim();
            let v: f64 = t
                .trim_end_matches('%')
                .trim()
                .replace(',', ".")
                .parse()
                .ok()?;
            (v, t.ends_with('%'))
        }
        _ => return None,
    };
    let fraction = if explicit || v > 1.0 { v / 100.0 } else { v };
    (0.0..=1.0).contains(&fraction).then_some(fraction)
}

/// A status cell: "Won", "Closed Lost", "Open" and their translations
/// (`DealStatus::from_label`), or Bitrix24's stage semantics: P (in
/// progress), S (success), F (failure).
pub fn parse_status(s: &str) -> Option<DealStatus> {
    DealStatus::from_label(s).or_else(|| match normalize(s).as_str() {
        "p" => Some(DealStatus::Open),
        "s" => Some(DealStatus::Won),
        "f" => Some(DealStatus::Lost),
        _ => None,
    })
}

/// A yes/no cell: TRUE/FALSE, 1/0, Y/N, yes/no and the same words in
/// Spanish, Portuguese, French, German, Italian and Russian. `None` for an
/// empty cell or anything else.
pub fn parse_flag(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(n) if *n == 1.0 => Some(true),
        Cell::Number(n) if *n == 0.0 => Some(false),
        Cell::Text(t) => {
            let t = t.trim();
            if let Ok(n) = t.parse::<f64>() {
                return match n {
                    1.0 => Some(true),
                    0.0 => Some(false),
                    _ => None,
                };
            }
            match normalize(t).as_str() {
                "true" | "t" | "yes" | "y" | "x" | "si" | "sí" | "sim" | "oui" | "ja" | "vero"
                | "да" => Some(true),
                "false" | "f" | "no" | "n" | "non" | "nein" | "nao" | "não" | "falso" | "faux"
                | "нет" => Some(false),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A currency cell as an ISO code: "EUR", "usd", or a symbol ("€").
pub fn currency_code(cell: &Cell) -> Option<String> {
    let code = text(cell)?.to_ascii_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(code)
    } else {
        money::detect_currency(&code).map(str::to_string)
    }
}

/// A money cell in major units, with a currency when the text names one.
pub fn parse_money(cell: &Cell) -> Result<Option<(f64, Option<&'static str>)>, String> {
    parse_money_as(cell, None)
}

/// A money cell in major units, with a currency when the text names one;
/// `decimal` is the column's decimal mark (see `money::DecimalTally`).
pub fn parse_money_as(
    cell: &Cell,
    decimal: Option<money::DecimalMark>,
) -> Result<Option<(f64, Option<&'static str>)>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some((*n, None))),
        Cell::Text(t) => {
            let t = t.trim();
            if t.contains('%') {
                return Err(format!("\"{t}\" is a percentage, not an amount"));
            }
            money::parse_amount_as(t, decimal)
                .map(|v| Some((v, money::detect_currency(t))))
                .ok_or_else(|| format!("\"{t}\" is not an amount"))
        }
        _ => Err(format!("\"{}\" is not an amount", cell.display())),
    }
}

/// A count cell: a whole number of zero or more ("12", 12.0, "1,200").
/// `None` for an empty cell or anything else.
pub fn parse_count(cell: &Cell) -> Option<i64> {
    let n = match cell {
        Cell::Number(n) => *n,
        Cell::Text(t) => {
            let t: String = t
                .trim()
                .chars()
                .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
                .collect();
            t.parse::<f64>().ok()?
        }
        _ => return None,
    };
    (n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= i64::MAX as f64 / 2.0)
        .then_some(n as i64)
}

/// A roster status: "active", "left" or "promoted", from the words HR and
/// CRM exports use ("Active", "Inactive", "Terminated", "Former", "Promoted").
pub fn rep_status(text: &str) -> Option<&'static str> {
    let t = normalize(text);
    match t.as_str() {
        "active" | "current" | "employed" | "yes" | "true" | "1" => Some("active"),
        "left" | "inactive" | "terminated" | "former" | "departed" | "resigned" | "no"
        | "false" | "0" => Some("left"),
        "promoted" => Some("promoted"),
        _ => None,
    }
}
