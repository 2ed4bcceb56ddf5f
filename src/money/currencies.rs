//! The currencies a workspace can keep its amounts in: ISO 4217, from the
//! `iso_currency` crate (the ISO list as data, kept up to date upstream, no
//! runtime dependencies) rather than a list of our own to maintain. Funds,
//! precious metals, testing codes and superseded currencies are left out: no
//! pipeline is kept in them.
use iso_currency::Currency;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

/// One currency as the Settings picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CurrencyInfo {
    /// ISO 4217 code, "EUR".
    pub code: String,
    /// "Euro".
    pub name: String,
    /// Digits after the decimal point SalesOS keeps amounts with (see [`super::minor_digits`]).
    pub minor_digits: u32,
}

fn usable(c: Currency) -> bool {
    !c.is_fund() && !c.is_special() && c.is_superseded().is_none()
}

/// Every usable ISO 4217 currency, by code. The crate has no list without
/// its `iterator` feature (and the extra dependencies it brings); every
/// currency has a numeric code below 1000, so walking those finds them all.
pub fn all() -> Vec<CurrencyInfo> {
    let mut out: Vec<CurrencyInfo> = (1..1000u16)
        .filter_map(Currency::from_numeric)
        .filter(|c| usable(*c))
        .map(|c| CurrencyInfo {
            code: c.code().to_string(),
            name: c.name().to_string(),
            minor_digits: super::minor_digits(c.code()),
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out.dedup_by(|a, b| a.code == b.code);
    out
}

/// The ISO code for what the user typed or picked ("eur" → "EUR"), or a
/// message saying what is expected.
pub fn check(input: &str) -> Result<String> {
    let code = input.trim().to_ascii_uppercase();
    match Currency::from_code(&code) {
        Some(c) if usable(c) => Ok(code),
        _ => Err(Error::invalid(format!(
            "\"{}\" is not a currency code SalesOS knows (ISO 4217). Pick one from the list, for example USD (US dollar), EUR (Euro) or GBP (Pound sterling).",
            input.trim()
        ))),
    }
}
