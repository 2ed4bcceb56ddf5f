//! The field dictionary: which column header names which field, per CRM and
//! per language. The spellings live in one reviewed table,
//! `dictionary.tsv`, rather than in lists scattered through the code, so
//! adding a CRM's export is a data change anyone can check line by line.
//!
//! Headers are compared by meaning, not by spelling: case, accents,
//! punctuation and camel case are folded ("Deal - Title", "deal_title" and
//! "DealTitle" are one header), a Salesforce custom `__c` suffix is dropped,
//! and a header not in the table as written is looked up again without the
//! words that only qualify it (a currency code, the record's own name,
//! "local", "converted"), so `amount_usd`, `Deal - Value` or
//! `Opportunity Owner` need no line of their own.
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::model::{Field, ImportKind};
use crate::process::fold_accent;

/// The table, compiled in: the dictionary is part of the program, not a
/// file a user could lose.
const TABLE: &str = include_str!("dictionary.tsv");

/// One line of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub kind: ImportKind,
    /// `None`: a header we know and deliberately leave unused.
    pub field: Option<Field>,
    pub header: &'static str,
    pub source: &'static str,
    pub rank: u8,
}

/// The sources a line may name, with how the mapping step shows them.
const SOURCES: &[(&str, &str)] = &[
    ("salesforce-api", "Salesforce (API name)"),
    ("salesforce-label", "Salesforce"),
    ("hubspot", "HubSpot"),
    ("pipedrive", "Pipedrive"),
    ("zoho", "Zoho CRM"),
    ("zoho-potentials", "Zoho CRM (Potentials)"),
    ("dynamics365", "Dynamics 365"),
    ("bitrix24", "Bitrix24"),
    ("odoo", "Odoo"),
    ("suitecrm", "SuiteCRM / SugarCRM"),
    ("freshsales", "Freshsales"),
    ("close", "Close"),
    ("copper", "Copper"),
    ("outreach", "Outreach"),
    ("salesloft", "Salesloft"),
    ("generic", "common CRM header"),
    ("es", "Spanish header"),
    ("pt", "Portuguese header"),
    ("fr", "French header"),
    ("de", "German header"),
    ("it", "Italian header"),
];

/// Reads one line of the table: `Ok(None)` for comments and blank lines.
pub fn parse_line(line: &'static str) -> Result<Option<Line>, String> {
    if line.trim().is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let cols: Vec<&'static str> = line.split('\t').map(str::trim).collect();
    let [kind, field, header, source, rank] = cols[..] else {
        return Err(format!(
            "expected 5 tab-separated columns, found {}",
            cols.len()
        ));
    };
    let kind = match kind {
        "deals" => ImportKind::Deals,
        "reps" => ImportKind::Reps,
        "activities" => ImportKind::Activities,
        other => return Err(format!("unknown import kind \"{other}\"")),
    };
    let field = match field {
        "-" => None,
        name => Some(
            serde_json::from_value::<Field>(serde_json::Value::String(name.to_string()))
                .map_err(|_| format!("unknown field \"{name}\""))?,
        ),
    };
    if !SOURCES.iter().any(|(s, _)| *s == source) {
        return Err(format!("unknown source \"{source}\""));
    }
    let rank = match rank.parse::<u8>() {
        Ok(r @ 1..=4) => r,
        _ => return Err(format!("rank \"{rank}\" is not 1 to 4")),
    };
    if words(header).is_empty() {
        return Err("the header has no letters or digits".into());
    }
    Ok(Some(Line {
        kind,
        field,
        header,
        source,
        rank,
    }))
}

/// Every line of the table with its line number (1-based), parsed.
pub fn lines() -> impl Iterator<Item = (usize, Result<Line, String>)> {
    TABLE
        .lines()
        .enumerate()
        .filter_map(|(i, l)| parse_line(l).transpose().map(|r| (i + 1, r)))
}

/// What the table says about one folded header.
#[derive(Debug, Clone)]
struct Known {
    field: Option<Field>,
    rank: u8,
    sources: Vec<&'static str>,
}

struct Index {
    by_key: HashMap<(ImportKind, String), Known>,
    /// Per field, the words of its headers that no other field's headers
    /// use: what makes a column look like that field when nothing matched.
    vocabulary: HashMap<(ImportKind, Field), HashSet<String>>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| {
    let mut by_key: HashMap<(ImportKind, String), Known> = HashMap::new();
    let mut fields_of_word: HashMap<(ImportKind, String), HashSet<Field>> = HashMap::new();
    // A line that does not parse, or names a header a second time for
    // another field, is skipped: the unit tests keep the table free of both.
    for (_, line) in lines() {
        let Ok(line) = line else { continue };
        let header_words = words(line.header);
        let key = (line.kind, compact(&header_words));
        match by_key.get_mut(&key) {
            Some(known) if known.field == line.field => {
                known.rank = known.rank.min(line.rank);
                if !known.sources.contains(&line.source) {
                    known.sources.push(line.source);
                }
            }
            Some(_) => continue,
            None => {
                by_key.insert(
                    key,
                    Known {
                        field: line.field,
                        rank: line.rank,
                        sources: vec![line.source],
                    },
                );
            }
        }
        if let Some(field) = line.field {
            for w in header_words {
                fields_of_word
                    .entry((line.kind, w))
                    .or_default()
                    .insert(field);
            }
        }
    }
    let mut vocabulary: HashMap<(ImportKind, Field), HashSet<String>> = HashMap::new();
    for ((kind, word), fields) in fields_of_word {
        // Short words ("de", "l", "id") and qualifiers say nothing alone.
        let telling = word.chars().count() >= 3 && !qualifier(&word);
        if let (Some(&field), 1, true) = (fields.iter().next(), fields.len(), telling) {
            vocabulary.entry((kind, field)).or_default().insert(word);
        }
    }
    Index { by_key, vocabulary }
});

/// A header the dictionary knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub field: Field,
    /// Lower is preferred when several columns name the field.
    pub rank: u8,
    /// The exports that write this header, as the mapping step shows them.
    pub sources: Vec<&'static str>,
}

impl Match {
    /// "HubSpot, Salesforce": where this spelling comes from, for people.
    pub fn source_labels(&self) -> String {
        self.sources
            .iter()
            .filter_map(|s| SOURCES.iter().find(|(k, _)| k == s).map(|(_, l)| *l))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The field a header names, if the dictionary knows it.
pub fn lookup(kind: ImportKind, header: &str) -> Option<Match> {
    let w = words(header);
    if w.is_empty() {
        return None;
    }
    let found = |w: &[String]| INDEX.by_key.get(&(kind, compact(w)));
    let known = match found(&w) {
        Some(k) => k,
        None => {
            let core: Vec<String> = w.iter().filter(|x| !qualifier(x)).cloned().collect();
            if core.is_empty() || core.len() == w.len() {
                return None;
            }
            found(&core)?
        }
    };
    Some(Match {
        field: known.field?,
        rank: known.rank,
        sources: known.sources.clone(),
    })
}

/// The words of a field's headers that point at it alone (for finding the
/// closest columns when none matched).
pub fn vocabulary(kind: ImportKind, field: Field) -> Option<&'static HashSet<String>> {
    INDEX.vocabulary.get(&(kind, field))
}

/// The currency a header names ("amount_usd", "Importe (€)", "Value EUR"),
/// when it names exactly one.
pub fn header_currency(header: &str) -> Option<&'static str> {
    let mut found: Vec<&'static str> = words(header)
        .iter()
        .filter_map(|w| currency_word(w))
        .collect();
    let symbols = [
        ("R$", "BRL"),
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("₹", "INR"),
    ];
    for (symbol, code) in symbols {
        if header.contains(symbol) {
            found.push(code);
        }
    }
    if found.is_empty() && header.contains('$') {
        found.push("USD");
    }
    found.sort_unstable();
    found.dedup();
    match found[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// ISO codes (and a few spelled-out names) a header may carry as a qualifier.
const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("usd", "USD"),
    ("usdollar", "USD"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("gbp", "GBP"),
    ("jpy", "JPY"),
    ("cny", "CNY"),
    ("rmb", "CNY"),
    ("chf", "CHF"),
    ("cad", "CAD"),
    ("aud", "AUD"),
    ("nzd", "NZD"),
    ("inr", "INR"),
    ("brl", "BRL"),
    ("mxn", "MXN"),
    ("ars", "ARS"),
    ("clp", "CLP"),
    ("cop", "COP"),
    ("pen", "PEN"),
    ("uyu", "UYU"),
    ("rub", "RUB"),
    ("uah", "UAH"),
    ("pln", "PLN"),
    ("czk", "CZK"),
    ("huf", "HUF"),
    ("ron", "RON"),
    ("sek", "SEK"),
    ("nok", "NOK"),
    ("dkk", "DKK"),
    ("try", "TRY"),
    ("ils", "ILS"),
    ("aed", "AED"),
    ("sar", "SAR"),
    ("zar", "ZAR"),
    ("sgd", "SGD"),
    ("hkd", "HKD"),
    ("krw", "KRW"),
    ("twd", "TWD"),
    ("thb", "THB"),
    ("idr", "IDR"),
    ("myr", "MYR"),
    ("php", "PHP"),
    ("vnd", "VND"),
];

fn currency_word(word: &str) -> Option<&'static str> {
    CURRENCY_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, code)| *code)
}

/// Words that only qualify a header: a currency, the record's own name
/// ("Deal - Owner" is the owner), or how the value was converted.
fn qualifier(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "deal",
        "deals",
        "opportunity",
        "opportunities",
        "opp",
        "oppty",
        "potential",
        "potentials",
        "local",
        "converted",
        "in",
        "total",
        "est",
        "estimated",
    ];
    WORDS.contains(&word) || currency_word(word).is_some()
}

/// A header folded to its words: lower case, accents off, camel case and
/// punctuation as word breaks, a Salesforce `__c` suffix dropped.
pub fn words(header: &str) -> Vec<String> {
    let h = header.trim();
    let h = match h.len().checked_sub(3) {
        Some(cut) if h.is_char_boundary(cut) && h[cut..].eq_ignore_ascii_case("__c") => &h[..cut],
        _ => h,
    };
    // Camel case splits only a header written in both cases ("StageName"),
    // not one in capitals ("STAGENAME", which the compact key matches).
    let mixed = h.chars().any(char::is_lowercase) && h.chars().any(char::is_uppercase);
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in h.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if mixed && prev_lower && c.is_uppercase() && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        for l in c.to_lowercase() {
            fold_accent(l, &mut word);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The words run together: "Stage Name", "StageName" and "STAGENAME" are one key.
fn compact(words: &[String]) -> String {
    words.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses() {
        let bad: Vec<String> = lines()
            .filter_map(|(n, l)| l.err().map(|e| format!("dictionary.tsv line {n}: {e}")))
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(lines().count() > 400, "the table is read");
    }

    #[test]
    fn no_header_names_two_fields() {
        let mut seen: HashMap<(ImportKind, String), (Option<Field>, u8, usize)> = HashMap::new();
        let mut clashes = Vec::new();
        for (n, line) in lines() {
            let line = line.unwrap();
            let key = (line.kind, compact(&words(line.header)));
            match seen.get(&key) {
                Some((field, rank, first)) if (*field, *rank) != (line.field, line.rank) => {
                    clashes.push(format!(
                        "line {n} \"{}\" says {:?} rank {}, line {first} said {field:?} rank {rank}",
                        line.header, line.field, line.rank
                    ))
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (line.field, line.rank, n));
                }
            }
        }
        assert!(clashes.is_empty(), "{clashes:#?}");
    }

    #[test]
    fn every_line_finds_its_own_field() {
        // A line whose header a qualifier rule would send elsewhere, or that
        // the kind cannot use, would be dead data.
        for (n, line) in lines() {
            let line = line.unwrap();
            let got = lookup(line.kind, line.header).map(|m| m.field);
            assert_eq!(got, line.field, "line {n}: \"{}\"", line.header);
            if let Some(f) = line.field {
                assert!(
                    super::super::columns::fields(line.kind).contains(&f),
                    "line {n}: {f:?} is not a field of a {} import",
                    line.kind.as_str()
                );
            }
        }
    }

    #[test]
    fn folding() {
        assert_eq!(words("Deal - Title"), ["deal", "title"]);
        assert_eq!(words("StageName"), ["stage", "name"]);
        assert_eq!(words("STAGENAME"), ["stagename"]);
        assert_eq!(words("Owner.External_Id__c"), ["owner", "external", "id"]);
        assert_eq!(words("Próximo paso"), ["proximo", "paso"]);
        assert_eq!(words("Nächster Schritt"), ["nachster", "schritt"]);
        assert_eq!(
            words("Nom de l'opportunité"),
            ["nom", "de", "l", "opportunite"]
        );
        assert_eq!(
            words(" invoice_amount_local "),
            ["invoice", "amount", "local"]
        );
        assert_eq!(words("Стадия сделки"), ["стадия", "сделки"]);
        assert!(words("__c").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn currencies_named_in_headers() {
        assert_eq!(header_currency("amount_usd"), Some("USD"));
        assert_eq!(header_currency("importe_eur"), Some("EUR"));
        assert_eq!(header_currency("Amount (EUR)"), Some("EUR"));
        assert_eq!(header_currency("Importe (€)"), Some("EUR"));
        assert_eq!(header_currency("Valor (R$)"), Some("BRL"));
        assert_eq!(header_currency("Deal value ($)"), Some("USD"));
        assert_eq!(header_currency("amount_usdollar"), Some("USD"));
        assert_eq!(header_currency("Amount"), None);
        assert_eq!(
            header_currency("EUR to USD"),
            None,
            "two currencies: neither"
        );
        assert_eq!(header_currency("Europe region"), None);
    }
}
