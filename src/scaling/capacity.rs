//! Capacity (docs/method.md §6): first meetings a week × weeks a month ×
//! win rate = deals a month; × deal size = bookings a month, × 12 a year;
//! cost of sales = the selling unit's cost a year ÷ its bookings a year.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::money;

/// What one selling unit (an AE, or an AE + SDR pair) produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Capacity {
    pub deals_per_month: f64,
    /// Currency units.
    pub bookings_per_month: f64,
    pub bookings_per_year: f64,
    /// The unit's cost a year ÷ its bookings a year; `null` when it books nothing.
    pub cost_of_sales: Option<f64>,
    /// The unit's cost a month, currency units.
    pub cost_per_month: f64,
    /// The bookings a month that would bring the cost of sales to the
    /// threshold (25 % by default): cost a month ÷ 0.25.
    pub bookings_needed_per_month: Option<f64>,
}

/// The same numbers in minor units, as the rules compare them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityMinor {
    pub deals_per_month: f64,
    pub bookings_per_month: i64,
    pub bookings_per_year: i64,
    pub cost_per_month: i64,
    pub cost_per_year: i64,
    pub cost_of_sales: Option<f64>,
    pub needed_per_month: Option<i64>,
}

fn to_i64(v: f64) -> Result<i64> {
    if v.is_finite() && v.abs() < 9.0e15 {
        Ok(v.round() as i64)
    } else {
        Err(Error::invalid(
            "These inputs give an amount too large to compute; check the deal size and the costs.",
        ))
    }
}

/// Capacity from the four inputs and the unit's cost a year (minor units).
/// `target` is the cost of sales the unit should reach (0.25).
pub fn capacity(
    first_meetings_per_week: f64,
    weeks_per_month: f64,
    win_rate: f64,
    deal_size_minor: i64,
    cost_per_year_minor: i64,
    target: f64,
) -> Result<CapacityMinor> {
    let deals_per_month = first_meetings_per_week * weeks_per_month * win_rate;
    let bookings_per_month = to_i64(deals_per_month * deal_size_minor as f64)?;
    let bookings_per_year = bookings_per_month
        .checked_mul(12)
        .ok_or_else(|| Error::invalid("The bookings a year are too large to compute."))?;
    let cost_of_sales =
        (bookings_per_year > 0).then(|| cost_per_year_minor as f64 / bookings_per_year as f64);
    let cost_per_month = to_i64(cost_per_year_minor as f64 / 12.0)?;
    let needed_per_month = if target > 0.0 {
        Some(to_i64(cost_per_month as f64 / target)?)
    } else {
        None
    };
    Ok(CapacityMinor {
        deals_per_month,
        bookings_per_month,
        bookings_per_year,
        cost_per_month,
        cost_per_year: cost_per_year_minor,
        cost_of_sales,
        needed_per_month,
    })
}

impl CapacityMinor {
    pub fn record(&self, currency: &str) -> Capacity {
        Capacity {
            deals_per_month: self.deals_per_month,
            bookings_per_month: money::to_major(self.bookings_per_month, currency),
            bookings_per_year: money::to_major(self.bookings_per_year, currency),
            cost_of_sales: self.cost_of_sales,
            cost_per_month: money::to_major(self.cost_per_month, currency),
            bookings_needed_per_month: self.needed_per_month.map(|n| money::to_major(n, currency)),
        }
    }
}
