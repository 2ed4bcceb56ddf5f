//! How the calculator writes numbers in its sentences.
use crate::money;

/// A rate as people say it: "22 %", "20.8 %" (one decimal only when it matters).
pub fn pct(rate: f64) -> String {
    let p = rate * 100.0;
    if (p - p.round()).abs() < 0.05 {
        format!("{:.0} %", p)
    } else {
        format!("{:.1} %", p)
    }
}

/// An amount in whole currency units: "$19,167".
pub fn whole(minor: i64, currency: &str) -> String {
    let unit = 10i64.pow(money::minor_digits(currency));
    let rounded = if minor >= 0 {
        (minor + unit / 2) / unit * unit
    } else {
        (minor - unit / 2) / unit * unit
    };
    money::format(rounded, currency)
}

/// A count that may have a fraction: "4", "4.2", "6,711".
pub fn num(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        if v.abs() >= 1000.0 && v.abs() < 1e15 {
            let n = v.round() as i64;
            let grouped = money::format_count(n.unsigned_abs());
            return if n < 0 {
                format!("-{grouped}")
            } else {
                grouped
            };
        }
        format!("{:.0}", v)
    } else {
        format!("{:.1}", v)
    }
}

/// "1 deal", "3 deals".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", money::format_count(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(pct(0.22), "22 %");
        assert_eq!(pct(100_000.0 / 480_000.0), "20.8 %");
        assert_eq!(whole(1_916_667, "USD"), "$19,167");
        assert_eq!(num(4.0), "4");
        assert_eq!(num(4.25), "4.2");
        assert_eq!(num(6711.0), "6,711");
        assert_eq!(plural(1, "deal", "deals"), "1 deal");
    }
}
