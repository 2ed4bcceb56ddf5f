//! The calculator's answer (`scale --json`): inputs with their sources,
//! capacity, readiness, stage, span and the sales-operations case, all from
//! one reading of the workspace and "today".
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::capacity::{self, Capacity, CapacityMinor};
use super::facts::Facts;
use super::inputs::{self, Derived, MissingInput, Period, ScaleInputs, ScaleRequest};
use super::readiness::{self, CheckName, CheckStatus, Judged, Readiness, Thresholds};
use super::roles::StaffRole;
use super::span::{self, SalesOps, Span};
use super::stage::{self, StageEvidence, StageReport};
use super::text::plural;
use crate::error::Result;
use crate::money;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScaleReport {
    pub as_of: NaiveDate,
    pub currency: String,
    pub period: Period,
    /// "the last four quarters".
    pub period_label: String,
    pub inputs: ScaleInputs,
    /// Inputs the capacity needs that nobody gave; empty when it was computed.
    pub missing: Vec<MissingInput>,
    /// What `rep_cost` and the capacity are of: "an AE" or "an AE + SDR pair".
    pub unit: String,
    pub capacity: Option<Capacity>,
    pub readiness: Readiness,
    pub stage: StageReport,
    pub span: Span,
    /// The sales-operations case; `null` below 10 reps.
    pub sales_ops: Option<SalesOps>,
    pub thresholds: Thresholds,
}

/// The report and what the plan and the workbook build on.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    pub report: ScaleReport,
    pub derived: Derived,
    pub capacity: Option<CapacityMinor>,
}

fn minor(v: Option<f64>, currency: &str) -> Option<i64> {
    v.and_then(|v| money::to_minor(v, currency))
}

pub fn compute(f: &Facts, req: &ScaleRequest, today: NaiveDate) -> Result<Computed> {
    inputs::validate(req)?;
    let cur = f.currency.as_str();
    let d = inputs::derive(f, req, today);
    let t = &d.thresholds;
    let i = &d.inputs;
    let cap = match (
        i.first_meetings_per_week.value,
        i.weeks_per_month.value,
        i.win_rate.value,
        minor(i.deal_size.value, cur),
        minor(i.rep_cost.value, cur),
    ) {
        (Some(fm), Some(w), Some(r), Some(size), Some(cost)) if d.missing.is_empty() => Some(
            capacity::capacity(fm, w, r, size, cost, t.cost_of_sales_target)?,
        ),
        _ => None,
    };
    let count = |x: &inputs::Input| x.value.unwrap_or(0.0).max(0.0) as u32;
    let (aes, sdrs, csms, managers) = (
        count(&i.aes),
        count(&i.sdrs),
        count(&i.csms),
        count(&i.managers),
    );
    let reps = aes.saturating_add(sdrs).saturating_add(csms);

    // Who is ramping, and when the last seller started.
    let in_ramp = f
        .people
        .iter()
        .filter(|p| p.active)
        .filter_map(|p| Some((p, p.role?.ramp_role()?)))
        .filter(|(p, r)| {
            p.role_start.is_some_and(|s| {
                s.checked_add_months(Months::new(f.plan(*r).curve.len() as u32))
                    .is_some_and(|end| end > today)
            })
        })
        .count() as u32;
    let last_start = f
        .people
        .iter()
        .filter(|p| p.active && p.role.is_some_and(StaffRole::is_rep))
        .filter_map(|p| p.role_start)
        .filter(|s| *s <= today)
        .max();
    let months_since = last_start.map(|s| {
        let mut m = 0u32;
        while s
            .checked_add_months(Months::new(m + 1))
            .is_some_and(|d| d <= today)
        {
            m += 1;
        }
        m
    });

    let judged = Judged {
        currency: cur,
        period: d.period.label(),
        unit: &d.unit,
        win_rate: i.win_rate.value,
        capacity: cap,
        cycle_spread: i.cycle_spread.value,
        cycle_days: i.cycle_days.value,
        bookings_per_rep: minor(i.bookings_per_rep.value, cur).filter(|_| d.bookings_measured),
        ae_cost: minor(i.ae_cost.value, cur),
        closed_deals: i.closed_deals.value.map(|v| v.max(0.0) as u32),
        win_rate_entered: i.win_rate.edited && !i.closed_deals.edited,
        sellers_in_ramp: in_ramp,
        sellers: reps,
        months_since_last_start: months_since,
        missing: !d.missing.is_empty(),
    };
    let readiness = readiness::judge(&judged, t);

    // The stage and its exit criteria.
    let mut evidence = evidence(f, &d, today, &readiness, reps);
    evidence.has_sdr_and_csm = sdrs >= 1 && csms >= 1;
    let current = stage::detect(aes, sdrs, csms, managers);
    let stage = StageReport {
        current,
        current_label: stage::label_for(current, aes, sdrs, csms),
        next: current.next(),
        next_label: current.next().map(|s| s.label().to_string()),
        roster: format!(
            "{}, {}, {}, {}",
            plural(u64::from(aes), "AE", "AEs"),
            plural(u64::from(sdrs), "SDR", "SDRs"),
            plural(u64::from(csms), "CSM", "CSMs"),
            plural(u64::from(managers), "manager", "managers")
        ),
        exit_criteria: stage::criteria(current, &evidence, t.win_rate_low, t.win_rate_high),
    };
    let manager_cost = minor(i.manager_cost.value, cur).unwrap_or(0);
    let span = span::span(reps, managers, manager_cost, cur);
    let sales_ops = span::sales_ops(
        reps,
        aes,
        minor(i.ops_cost.value, cur).unwrap_or(0),
        minor(i.ops_lift_per_pod.value, cur).unwrap_or(0),
        cur,
    );
    let report = ScaleReport {
        as_of: today,
        currency: cur.to_string(),
        period: d.period,
        period_label: d.period.label().into(),
        inputs: d.inputs.clone(),
        missing: d.missing.clone(),
        unit: d.unit.clone(),
        capacity: cap.map(|c| c.record(cur)),
        readiness,
        stage,
        span,
        sales_ops,
        thresholds: t.clone(),
    };
    Ok(Computed {
        report,
        derived: d,
        capacity: cap,
    })
}

/// What the stage's exit criteria are ticked from.
fn evidence(f: &Facts, d: &Derived, today: NaiveDate, r: &Readiness, reps: u32) -> StageEvidence {
    let t = &d.thresholds;
    let back = |m: u32| {
        today
            .checked_sub_months(Months::new(m))
            .unwrap_or(NaiveDate::MIN)
    };
    let (q1, q2) = ((back(3), today), (back(6), back(3)));
    let inside = |day: NaiveDate, (from, to): (NaiveDate, NaiveDate)| day > from && day <= to;
    let quarter = |q| {
        let closed: Vec<_> = f.closed.iter().filter(|c| inside(c.closed, q)).collect();
        let won = closed.iter().filter(|c| c.won).count();
        let booked: i64 = closed
            .iter()
            .filter(|c| c.won)
            .filter_map(|c| c.amount_minor)
            .fold(0i64, |a, v| a.saturating_add(v));
        let rate = (closed.len() >= 5).then(|| won as f64 / closed.len() as f64);
        (rate, booked)
    };
    let (r1, b1) = quarter(q1);
    let (r2, b2) = quarter(q2);
    let ae_plan = f.plan(crate::ramp::Role::Ae);
    let ramped_aes: Vec<i64> = f
        .active(StaffRole::Ae)
        .filter(|p| {
            p.role_start.is_none_or(|s| {
                s.checked_add_months(Months::new(ae_plan.curve.len() as u32))
                    .is_some_and(|e| e <= today)
            })
        })
        .map(|p| p.id)
        .collect();
    let mut judged = 0;
    let mut in_band = true;
    for id in ramped_aes {
        let theirs: Vec<_> = f
            .closed
            .iter()
            .filter(|c| c.owner_id == Some(id) && d.period.contains(today, c.closed))
            .collect();
        if theirs.len() >= 5 {
            judged += 1;
            let rate = theirs.iter().filter(|c| c.won).count() as f64 / theirs.len() as f64;
            in_band &= rate >= t.win_rate_low;
        }
    }
    let check_ok = |n: CheckName| {
        r.checks
            .iter()
            .find(|c| c.name == n)
            .map(|c| c.status == CheckStatus::Pass)
    };
    StageEvidence {
        won_ever: f.closed.iter().filter(|c| c.won).count() as u32,
        win_rates: r1.zip(r2),
        bookings: Some((b1, b2)),
        aes_in_band: (judged > 0).then_some(in_band),
        cost_of_sales_ok: check_ok(CheckName::CostOfSales),
        bookings_multiple_ok: check_ok(CheckName::BookingsMultiple),
        reps_per_manager: d.inputs.reps_per_manager.value,
        reps,
        has_sdr_and_csm: false,
    }
}
