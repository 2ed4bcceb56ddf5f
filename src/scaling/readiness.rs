//! The readiness checks and the verdict (docs/method.md §6, "How SalesOS
//! computes it"): each check passes, warns or fails with a sentence; the
//! verdict says whether to hire, with the checks that decided it, and names
//! premature or lagged scaling when the team is doing one of them.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::capacity::CapacityMinor;
use super::text::{num, pct, plural, whole};
use crate::error::{Error, Result};

/// Won deals with a created date the cycle needs before it is judged
/// (the inputs measure no cycle from fewer; the check says why).
pub const MIN_CYCLES: usize = 5;

/// The rules' thresholds, editable; the defaults are the method's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Thresholds {
    /// Win rate below this: fix the motion first (0.15).
    pub win_rate_low: f64,
    /// Win rate above this: scale now, consider raising the price (0.30).
    pub win_rate_high: f64,
    /// Cost of sales up to this passes (0.25).
    pub cost_of_sales_target: f64,
    /// Cost of sales up to this warns, above it fails (0.30).
    pub cost_of_sales_max: f64,
    /// The cycle's spread (middle half ÷ median) up to this passes (0.5).
    pub cycle_spread_target: f64,
    /// Up to this warns, above it fails (1.0).
    pub cycle_spread_max: f64,
    /// A ramped AE books at least this many times their cost a year (5).
    pub bookings_multiple_target: f64,
    /// Below this fails (4).
    pub bookings_multiple_min: f64,
    /// Closed deals in the period to trust the rates (30, "a few dozen").
    pub closed_deals_target: u32,
    /// Below this fails (15).
    pub closed_deals_min: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            win_rate_low: 0.15,
            win_rate_high: 0.30,
            cost_of_sales_target: 0.25,
            cost_of_sales_max: 0.30,
            cycle_spread_target: 0.5,
            cycle_spread_max: 1.0,
            bookings_multiple_target: 5.0,
            bookings_multiple_min: 4.0,
            closed_deals_target: 30,
            closed_deals_min: 15,
        }
    }
}

impl Thresholds {
    pub fn validate(&self) -> Result<()> {
        let ordered = |lo: f64, hi: f64, what: &str| -> Result<()> {
            if lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "The {what} thresholds must be zero or more, the lower one first."
                )))
            }
        };
        ordered(self.win_rate_low, self.win_rate_high, "win rate")?;
        if self.win_rate_high > 1.0 {
            return Err(Error::invalid(
                "The win rate thresholds must be at most 100 %.",
            ));
        }
        ordered(
            self.cost_of_sales_target,
            self.cost_of_sales_max,
            "cost of sales",
        )?;
        ordered(
            self.cycle_spread_target,
            self.cycle_spread_max,
            "cycle spread",
        )?;
        ordered(
            self.bookings_multiple_min,
            self.bookings_multiple_target,
            "bookings multiple",
        )?;
        if self.closed_deals_min > self.closed_deals_target {
            return Err(Error::invalid(
                "The closed deals thresholds must have the lower one first.",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    WinRate,
    CostOfSales,
    CycleConsistency,
    BookingsMultiple,
    ClosedDeals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Warn,
    Fail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Check {
    pub name: CheckName,
    pub status: CheckStatus,
    /// What was judged: a rate as a fraction, a multiple, a count.
    pub value: Option<f64>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ScaleVerdict")]
pub enum Verdict {
    /// The motion is proven and wins more than the band: hire now.
    ScaleNow,
    /// Every check holds: add reps.
    Ready,
    /// The motion wins but does not pay yet (cost of sales, bookings per rep, cycle).
    NotYet,
    /// The motion is not proven: win rate below the band or too few deals.
    FixFirst,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::ScaleNow => "Scale now",
            Verdict::Ready => "Ready",
            Verdict::NotYet => "Not yet",
            Verdict::FixFirst => "Fix first",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FailureModeKind {
    /// Hiring before the motion is proven.
    Premature,
    /// A proven motion that is not being multiplied.
    Lagged,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FailureMode {
    pub kind: FailureModeKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Readiness {
    /// `null` while inputs the capacity needs are missing.
    pub verdict: Option<Verdict>,
    /// One line: "Not yet: cost of sales 31 % is above 25 %. ..."
    pub headline: String,
    /// The checks that decided the verdict, as sentences.
    pub reasons: Vec<String>,
    pub checks: Vec<Check>,
    pub failure_modes: Vec<FailureMode>,
}

/// What the checks judge.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged<'a> {
    pub currency: &'a str,
    pub period: &'a str,
    /// "an AE + SDR pair".
    pub unit: &'a str,
    pub win_rate: Option<f64>,
    pub capacity: Option<CapacityMinor>,
    pub cycle_spread: Option<f64>,
    pub cycle_days: Option<f64>,
    /// What a ramped AE books a month, minor units.
    pub bookings_per_rep: Option<i64>,
    /// An AE's cost a year, minor units.
    pub ae_cost: Option<i64>,
    pub closed_deals: Option<u32>,
    /// The win rate was entered by hand (not measured on the closed deals).
    pub win_rate_entered: bool,
    /// Sellers hired within their role's ramp curve.
    pub sellers_in_ramp: u32,
    /// Sellers on the roster.
    pub sellers: u32,
    /// Months since the last seller started; `None` when no start is known.
    pub months_since_last_start: Option<u32>,
    /// Some input the capacity needs is missing.
    pub missing: bool,
}

/// Months without a new seller after which a proven motion counts as lagging.
pub const LAGGED_MONTHS: u32 = 6;

pub fn win_rate_check(rate: f64, t: &Thresholds) -> Check {
    let (status, message) = if rate < t.win_rate_low {
        (
            CheckStatus::Fail,
            format!(
                "Win rate {} is below {}: fix the messaging, the product or the price before adding reps.",
                pct(rate),
                pct(t.win_rate_low)
            ),
        )
    } else if rate > t.win_rate_high {
        (
            CheckStatus::Pass,
            format!(
                "Win rate {} is above {}: scale now, and consider raising the price.",
                pct(rate),
                pct(t.win_rate_high)
            ),
        )
    } else {
        (
            CheckStatus::Pass,
            format!(
                "Win rate {} is inside the {}–{} band: ready to add reps.",
                pct(rate),
                pct(t.win_rate_low).trim_end_matches(" %"),
                pct(t.win_rate_high)
            ),
        )
    };
    Check {
        name: CheckName::WinRate,
        status,
        value: Some(rate),
        message,
    }
}

pub fn cost_of_sales_check(
    cap: &CapacityMinor,
    unit: &str,
    currency: &str,
    t: &Thresholds,
) -> Check {
    let unit_cap = capitalized(unit);
    let Some(cos) = cap.cost_of_sales else {
        return Check {
            name: CheckName::CostOfSales,
            status: CheckStatus::Fail,
            value: None,
            message: format!(
                "{unit_cap} books nothing at these inputs, so nothing pays for its {} a month.",
                whole(cap.cost_per_month, currency)
            ),
        };
    };
    let costs = format!(
        "{{}} costs {} a month and books {}",
        whole(cap.cost_per_month, currency),
        whole(cap.bookings_per_month, currency)
    );
    let needs = cap
        .needed_per_month
        .map(|n| format!("; it needs {}", whole(n, currency)))
        .unwrap_or_default();
    let (status, message) = if cos <= t.cost_of_sales_target {
        (
            CheckStatus::Pass,
            format!(
                "Cost of sales {} is at most {}: {}.",
                pct(cos),
                pct(t.cost_of_sales_target),
                costs.replacen("{}", unit, 1)
            ),
        )
    } else if cos <= t.cost_of_sales_max {
        (
            CheckStatus::Warn,
            format!(
                "Cost of sales {} is above {} (within {} at the very most). {}{needs}.",
                pct(cos),
                pct(t.cost_of_sales_target),
                pct(t.cost_of_sales_max),
                costs.replacen("{}", &unit_cap, 1)
            ),
        )
    } else {
        (
            CheckStatus::Fail,
            format!(
                "Cost of sales {} is above {}. {}{needs}.",
                pct(cos),
                pct(t.cost_of_sales_target),
                costs.replacen("{}", &unit_cap, 1)
            ),
        )
    };
    Check {
        name: CheckName::CostOfSales,
        status,
        value: Some(cos),
        message,
    }
}

pub fn cycle_check(spread: Option<f64>, median: Option<f64>, t: &Thresholds) -> Check {
    let Some(s) = spread else {
        return Check {
            name: CheckName::CycleConsistency,
            status: CheckStatus::Warn,
            value: None,
            message: format!(
                "Too few won deals with a created date to judge the deal cycle ({} are needed).",
                MIN_CYCLES
            ),
        };
    };
    let around = median
        .map(|m| format!(" around a median of {} days", num(m)))
        .unwrap_or_default();
    let (status, message) = if s <= t.cycle_spread_target {
        (
            CheckStatus::Pass,
            format!(
                "The deal cycle is consistent: its middle half spans {} of the median{around}.",
                pct(s)
            ),
        )
    } else if s <= t.cycle_spread_max {
        (
            CheckStatus::Warn,
            format!(
                "The deal cycle varies: its middle half spans {} of the median{around} (consistent is within {}).",
                pct(s),
                pct(t.cycle_spread_target)
            ),
        )
    } else {
        (
            CheckStatus::Fail,
            format!(
                "The deal cycle is unpredictable: its middle half spans {} of the median{around} (more than {}).",
                pct(s),
                pct(t.cycle_spread_max)
            ),
        )
    };
    Check {
        name: CheckName::CycleConsistency,
        status,
        value: Some(s),
        message,
    }
}

/// A ramped AE's bookings a year against their cost a year.
pub fn bookings_multiple_check(
    bookings_per_month: i64,
    ae_cost_per_year: i64,
    currency: &str,
    t: &Thresholds,
) -> Option<Check> {
    if ae_cost_per_year <= 0 {
        return None;
    }
    let year = bookings_per_month.checked_mul(12)?;
    let multiple = year as f64 / ae_cost_per_year as f64;
    let said = format!(
        "A ramped AE books {} a year, {}× their {} cost",
        whole(year, currency),
        num(multiple),
        whole(ae_cost_per_year, currency)
    );
    let (status, message) = if multiple >= t.bookings_multiple_target {
        (
            CheckStatus::Pass,
            format!(
                "{said}: at least the {}× that pays for the rest.",
                num(t.bookings_multiple_target)
            ),
        )
    } else if multiple >= t.bookings_multiple_min {
        (
            CheckStatus::Warn,
            format!("{said}: short of {}×.", num(t.bookings_multiple_target)),
        )
    } else {
        (
            CheckStatus::Fail,
            format!(
                "{said}: under {}×, far short of {}×.",
                num(t.bookings_multiple_min),
                num(t.bookings_multiple_target)
            ),
        )
    };
    Some(Check {
        name: CheckName::BookingsMultiple,
        status,
        value: Some(multiple),
        message,
    })
}

pub fn closed_deals_check(n: u32, period: &str, t: &Thresholds) -> Check {
    let deals = plural(u64::from(n), "deal", "deals");
    let (status, message) = if n >= t.closed_deals_target {
        (
            CheckStatus::Pass,
            format!(
                "{} closed in {period}: enough to trust the rates ({} needed).",
                capitalized(&deals),
                t.closed_deals_target
            ),
        )
    } else if n >= t.closed_deals_min {
        (
            CheckStatus::Warn,
            format!(
                "Only {deals} closed in {period}: the rates are rough until {}.",
                t.closed_deals_target
            ),
        )
    } else {
        (
            CheckStatus::Fail,
            format!(
                "Only {deals} closed in {period}: sell a few dozen ({}) before trusting the win rate.",
                t.closed_deals_target
            ),
        )
    };
    Check {
        name: CheckName::ClosedDeals,
        status,
        value: Some(f64::from(n)),
        message,
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Every check, the verdict and the failure modes.
pub fn judge(j: &Judged, t: &Thresholds) -> Readiness {
    let mut checks = Vec::new();
    if let Some(r) = j.win_rate {
        checks.push(win_rate_check(r, t));
    }
    if let Some(c) = &j.capacity {
        checks.push(cost_of_sales_check(c, j.unit, j.currency, t));
    }
    checks.push(cycle_check(j.cycle_spread, j.cycle_days, t));
    if let (Some(b), Some(c)) = (j.bookings_per_rep, j.ae_cost) {
        checks.extend(bookings_multiple_check(b, c, j.currency, t));
    }
    if let Some(n) = j.closed_deals {
        let mut c = closed_deals_check(n, j.period, t);
        if j.win_rate_entered && c.status == CheckStatus::Fail {
            // The user vouches for a rate they entered: the workspace's few
            // deals only warn that they cannot confirm it.
            c.status = CheckStatus::Warn;
            c.message = format!(
                "The win rate was entered by hand; the workspace has only {} closed in {} to confirm it.",
                plural(u64::from(n), "deal", "deals"),
                j.period
            );
        }
        checks.push(c);
    }
    let verdict = if j.missing || j.win_rate.is_none() {
        None
    } else {
        Some(verdict_of(&checks, j.win_rate, t))
    };
    let reasons: Vec<String> = match verdict {
        None => Vec::new(),
        Some(v) => deciding(&checks, v)
            .into_iter()
            .map(|c| c.message.clone())
            .collect(),
    };
    let headline = match (verdict, reasons.first()) {
        (Some(v), Some(first)) => format!("{}: {}", v.label(), lower_first(first)),
        (Some(v), None) => format!("{}.", v.label()),
        (None, _) => "Some inputs are missing: give them to get a verdict.".into(),
    };
    let mut failure_modes = Vec::new();
    match verdict {
        Some(Verdict::FixFirst | Verdict::NotYet) if j.sellers_in_ramp > 0 => {
            failure_modes.push(FailureMode {
                kind: FailureModeKind::Premature,
                message: format!(
                    "Premature scaling: {} ramping while the motion is not proven yet; hiring more now burns cash and ends in layoffs.",
                    plural(u64::from(j.sellers_in_ramp), "new seller is", "new sellers are")
                ),
            })
        }
        Some(Verdict::Ready | Verdict::ScaleNow) => {
            let lagging = match j.months_since_last_start {
                Some(m) => m >= LAGGED_MONTHS,
                None => j.sellers <= 1,
            };
            if lagging && j.sellers_in_ramp == 0 {
                let since = j
                    .months_since_last_start
                    .map(|m| format!("nobody has joined the sellers for {m} months"))
                    .unwrap_or_else(|| "the motion rests on one seller".into());
                failure_modes.push(FailureMode {
                    kind: FailureModeKind::Lagged,
                    message: format!(
                        "Lagged scaling: the motion is proven but {since}; each month a proven seller only sells is growth left on the table."
                    ),
                });
            }
        }
        _ => {}
    }
    Readiness {
        verdict,
        headline,
        reasons,
        checks,
        failure_modes,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Fix first when the motion is not proven (win rate below the band, too
/// few closed deals); not yet when any other check fails; scale now above
/// the band; ready otherwise.
pub fn verdict_of(checks: &[Check], win_rate: Option<f64>, t: &Thresholds) -> Verdict {
    let fails = |n: CheckName| {
        checks
            .iter()
            .any(|c| c.name == n && c.status == CheckStatus::Fail)
    };
    if fails(CheckName::WinRate) || fails(CheckName::ClosedDeals) {
        Verdict::FixFirst
    } else if checks.iter().any(|c| c.status == CheckStatus::Fail) {
        Verdict::NotYet
    } else if win_rate.is_some_and(|r| r > t.win_rate_high) {
        Verdict::ScaleNow
    } else {
        Verdict::Ready
    }
}

/// The checks that decided `verdict`, most decisive first.
fn deciding(checks: &[Check], verdict: Verdict) -> Vec<&Check> {
    let is = |c: &&Check, s: CheckStatus| c.status == s;
    match verdict {
        Verdict::FixFirst => checks
            .iter()
            .filter(|c| {
                c.status == CheckStatus::Fail
                    && matches!(c.name, CheckName::WinRate | CheckName::ClosedDeals)
            })
            .collect(),
        Verdict::NotYet => checks.iter().filter(|c| is(c, CheckStatus::Fail)).collect(),
        Verdict::ScaleNow | Verdict::Ready => {
            let mut out: Vec<&Check> = checks
                .iter()
                .filter(|c| c.name == CheckName::WinRate)
                .collect();
            out.extend(checks.iter().filter(|c| is(c, CheckStatus::Warn)));
            out
        }
    }
}
