//! The hiring plan (docs/method.md §6, "The hiring plan"): hires by role
//! and month (or a pod cloned every N months), each seller ramping on their
//! role's curve (the ramp board's, §5), their cost from the hire month on,
//! attrition replacing people who then ramp again, and per month the
//! headcount, ramped-rep equivalents, bookings, cost, burn, the cumulative
//! lines and the payback month.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::capacity::CapacityMinor;
use super::facts::Facts;
use super::inputs::{Derived, ScaleRequest};
use super::roles::StaffRole;
use super::text::{num, whole};
use crate::error::{Error, Result};
use crate::money;
use crate::ramp::Metric;

/// People of one role joining in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Hire {
    pub role: StaffRole,
    pub count: u32,
    /// 1 = the plan's first month.
    pub month: u32,
    /// Fully loaded cost a year per person, currency units; the role's when absent.
    pub annual_cost: Option<f64>,
}

/// What to plan. Money in currency units, rates as fractions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ScalePlanRequest {
    /// The calculator's inputs and overrides (win rate, deal size, costs...).
    pub inputs: ScaleRequest,
    /// 12 to 36; 12 when absent.
    pub months: Option<u32>,
    pub hires: Vec<Hire>,
    /// Clone a pod (two AEs, an SDR, a CSM) every N months from month 1.
    pub pod_every: Option<u32>,
    /// How many pods at most; as many as the months allow when absent.
    pub pods: Option<u32>,
    /// Bookings a month at full ramp per role; an AE's capacity, and
    /// nothing for the other roles, when absent.
    #[ts(type = "Partial<Record<StaffRole, number>>")]
    pub productivity: BTreeMap<StaffRole, f64>,
    /// The ramp curve per role (share of productivity in month 1, 2, ...,
    /// ending at 1); the role's ramp plan when absent.
    #[ts(type = "Partial<Record<StaffRole, number[]>>")]
    pub ramp: BTreeMap<StaffRole, Vec<f64>>,
    /// Gross margin on bookings (0.8 when absent).
    pub gross_margin: Option<f64>,
    /// Revenue multiple for the value added (10 when absent).
    pub multiple: Option<f64>,
    /// Share of people leaving a year, each replaced at once by a new
    /// hire who ramps from month 1 (0 when absent).
    pub attrition: Option<f64>,
}

/// One line of hires as planned, with its cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HireLine {
    pub role: StaffRole,
    pub count: u32,
    pub month: u32,
    /// Per person a year, currency units.
    pub annual_cost: f64,
    /// The cost was given on the line (else it is the role's).
    pub cost_given: bool,
}

/// What the plan assumes for one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RoleAssumption {
    pub role: StaffRole,
    /// Fully loaded cost a year, currency units.
    pub annual_cost: f64,
    pub cost_source: String,
    /// Bookings a month at full ramp, currency units.
    pub productivity: f64,
    pub productivity_source: String,
    /// The productivity was given (else the capacity's or nothing).
    pub productivity_given: bool,
    /// Share of productivity by month of tenure; empty for roles that do not sell.
    pub curve: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PlanMonth {
    pub month: u32,
    /// Hires joining this month, by role code.
    #[ts(type = "Partial<Record<StaffRole, number>>")]
    pub hires: BTreeMap<StaffRole, u32>,
    /// Everyone hired so far (leavers are replaced).
    pub headcount: u32,
    /// The sum of each seller's ramp share.
    pub ramped_equivalents: f64,
    /// The same by role (AE, SDR, CSM).
    #[ts(type = "Partial<Record<StaffRole, number>>")]
    pub equivalents: BTreeMap<StaffRole, f64>,
    /// Currency units from here on.
    pub bookings: f64,
    pub cost: f64,
    pub gross_margin: f64,
    /// Cost − gross margin: what the month takes from the bank.
    pub burn: f64,
    pub cumulative_bookings: f64,
    pub cumulative_cost: f64,
    pub cumulative_margin: f64,
    /// First meetings the ramped AEs need, and what the SDRs set.
    pub meetings_needed: f64,
    pub meetings_supplied: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScalePlan {
    pub currency: String,
    pub months: Vec<PlanMonth>,
    /// The first month whose cumulative gross margin covers the cumulative cost.
    pub payback_month: Option<u32>,
    /// The bookings the plan adds over its months, taken as new ARR.
    pub new_arr: f64,
    /// new ARR × the multiple.
    pub value_added: f64,
    pub gross_margin: f64,
    pub multiple: f64,
    pub attrition: f64,
    pub roles: Vec<RoleAssumption>,
    pub hire_lines: Vec<HireLine>,
    /// One line: "Payback in month 9; $1.2M of new ARR, $12M of value added."
    pub summary: String,
    /// What the numbers rest on that a reader should know.
    pub notes: Vec<String>,
}

/// The plan's numbers, minor units, before they become the record.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthMinor {
    pub month: u32,
    pub hires: BTreeMap<StaffRole, u32>,
    pub headcount: u32,
    pub ramped_equivalents: f64,
    pub equivalents: BTreeMap<StaffRole, f64>,
    pub bookings: i64,
    pub cost: i64,
    pub margin: i64,
    pub burn: i64,
    pub cum_bookings: i64,
    pub cum_cost: i64,
    pub cum_margin: i64,
    pub meetings_needed: f64,
    pub meetings_supplied: f64,
}

/// Everything the monthly model needs, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub months: u32,
    /// (role, count, month, cost a year per person in minor units).
    pub lines: Vec<(StaffRole, u32, u32, i64)>,
    /// Bookings a month at full ramp, minor units.
    pub productivity: BTreeMap<StaffRole, i64>,
    pub curves: BTreeMap<StaffRole, Vec<f64>>,
    pub gross_margin: f64,
    /// A year's share of leavers.
    pub attrition: f64,
    pub first_meetings_per_week: f64,
    pub weeks_per_month: f64,
    pub sdr_meetings_per_week: f64,
}

pub const MIN_MONTHS: u32 = 12;
pub const MAX_MONTHS: u32 = 36;
pub const DEFAULT_GROSS_MARGIN: f64 = 0.8;
pub const DEFAULT_MULTIPLE: f64 = 10.0;
/// Lines of hires a plan takes (the workbook's Hires sheet has room for 200).
pub const MAX_HIRE_LINES: usize = 150;

fn overflow() -> Error {
    Error::invalid("The plan's amounts are too large to compute; check the hires and costs.")
}

/// A share of the curve in tenure month `t` (1-based): past its end, 1.
pub fn share(curve: &[f64], t: u32) -> f64 {
    curve.get((t.max(1) - 1) as usize).copied().unwrap_or(1.0)
}

/// The expected ramp share of one seat `s` months after it was filled
/// (s = 1 in the hire month) when each month a share `a` of people leave
/// and are replaced at tenure 1: the occupant is the first one with
/// probability (1 − a)^(s−1), else a replacement of tenure k < s with
/// probability a (1 − a)^(k−1). Written so a spreadsheet can follow it
/// row by row: G(1) = 0, G(s+1) = G(s) + a (1 − a)^(s−1) share(s), and
/// seat(s) = G(s) + (1 − a)^(s−1) share(s).
pub fn seat_shares(curve: &[f64], monthly_attrition: f64, months: u32) -> Vec<f64> {
    let a = monthly_attrition;
    let mut g = 0.0;
    let mut out = Vec::with_capacity(months as usize);
    for s in 1..=months {
        let stay = (1.0 - a).powi(s as i32 - 1);
        let sh = share(curve, s);
        out.push(g + stay * sh);
        g += a * stay * sh;
    }
    out
}

/// Rounds a non-negative amount a year, summed, to a month's minor units
/// (half away from zero, as a spreadsheet's ROUND).
fn twelfth(annual: i64) -> i64 {
    if annual >= 0 {
        (annual + 6) / 12
    } else {
        (annual - 6) / 12
    }
}

fn round_minor(v: f64) -> Result<i64> {
    if v.is_finite() && v.abs() < 9.0e15 {
        Ok(v.round() as i64)
    } else {
        Err(overflow())
    }
}

/// The month-by-month model.
pub fn model(spec: &Spec) -> Result<Vec<MonthMinor>> {
    let a = spec.attrition / 12.0;
    let seats: BTreeMap<StaffRole, Vec<f64>> = spec
        .curves
        .iter()
        .map(|(r, c)| (*r, seat_shares(c, a, spec.months)))
        .collect();
    // hires[role][month-1]
    let mut hires: BTreeMap<StaffRole, Vec<u32>> = BTreeMap::new();
    for (role, count, month, _) in &spec.lines {
        let v = hires
            .entry(*role)
            .or_insert_with(|| vec![0; spec.months as usize]);
        if let Some(slot) = v.get_mut((*month as usize).saturating_sub(1)) {
            *slot = slot.checked_add(*count).ok_or_else(overflow)?;
        }
    }
    let mut out = Vec::with_capacity(spec.months as usize);
    let (mut cum_b, mut cum_c, mut cum_m) = (0i64, 0i64, 0i64);
    let mut annual = 0i64;
    let mut headcount = 0u32;
    for m in 1..=spec.months {
        let mut joined = BTreeMap::new();
        for (role, v) in &hires {
            let n = v[(m - 1) as usize];
            if n > 0 {
                joined.insert(*role, n);
                headcount = headcount.checked_add(n).ok_or_else(overflow)?;
            }
        }
        for (_, count, month, cost) in &spec.lines {
            if *month == m {
                let line = cost.checked_mul(i64::from(*count)).ok_or_else(overflow)?;
                annual = annual.checked_add(line).ok_or_else(overflow)?;
            }
        }
        let mut equivalents = BTreeMap::new();
        for (role, v) in &hires {
            let Some(seat) = seats.get(role) else {
                continue;
            };
            let eq: f64 = (1..=m)
                .map(|h| f64::from(v[(h - 1) as usize]) * seat[(m - h) as usize])
                .sum();
            equivalents.insert(*role, eq);
        }
        let ramped: f64 = equivalents.values().sum();
        let bookings = round_minor(
            equivalents
                .iter()
                .map(|(r, eq)| eq * spec.productivity.get(r).copied().unwrap_or(0) as f64)
                .sum(),
        )?;
        let cost = twelfth(annual);
        let margin = round_minor(bookings as f64 * spec.gross_margin)?;
        let burn = cost.checked_sub(margin).ok_or_else(overflow)?;
        cum_b = cum_b.checked_add(bookings).ok_or_else(overflow)?;
        cum_c = cum_c.checked_add(cost).ok_or_else(overflow)?;
        cum_m = cum_m.checked_add(margin).ok_or_else(overflow)?;
        let eq = |r: StaffRole| equivalents.get(&r).copied().unwrap_or(0.0);
        out.push(MonthMinor {
            month: m,
            hires: joined,
            headcount,
            ramped_equivalents: ramped,
            equivalents: equivalents.clone(),
            bookings,
            cost,
            margin,
            burn,
            cum_bookings: cum_b,
            cum_cost: cum_c,
            cum_margin: cum_m,
            meetings_needed: eq(StaffRole::Ae)
                * spec.first_meetings_per_week
                * spec.weeks_per_month,
            meetings_supplied: eq(StaffRole::Sdr)
                * spec.sdr_meetings_per_week
                * spec.weeks_per_month,
        });
    }
    Ok(out)
}

/// The first month whose cumulative gross margin covers the cumulative cost.
pub fn payback(months: &[MonthMinor]) -> Option<u32> {
    months
        .iter()
        .find(|m| m.cum_cost > 0 && m.cum_margin >= m.cum_cost)
        .map(|m| m.month)
}

/// A pod: two AEs, an SDR and a CSM (docs/method.md §6).
pub const POD: [(StaffRole, u32); 3] =
    [(StaffRole::Ae, 2), (StaffRole::Sdr, 1), (StaffRole::Csm, 1)];

/// The hires of "a pod every `every` months from month 1", at most `pods`.
pub fn pod_hires(every: u32, pods: Option<u32>, months: u32) -> Vec<Hire> {
    let mut out = Vec::new();
    let mut month = 1;
    let mut n = 0;
    while month <= months && pods.is_none_or(|p| n < p) {
        for (role, count) in POD {
            out.push(Hire {
                role,
                count,
                month,
                annual_cost: None,
            });
        }
        n += 1;
        month = match month.checked_add(every.max(1)) {
            Some(m) => m,
            None => break,
        };
    }
    out
}

pub fn validate(req: &ScalePlanRequest) -> Result<u32> {
    let months = req.months.unwrap_or(MIN_MONTHS);
    if !(MIN_MONTHS..=MAX_MONTHS).contains(&months) {
        return Err(Error::invalid(format!(
            "A hiring plan runs {MIN_MONTHS} to {MAX_MONTHS} months; {months} is outside that."
        )));
    }
    if req.hires.len() > MAX_HIRE_LINES {
        return Err(Error::invalid(format!(
            "A plan holds at most {MAX_HIRE_LINES} lines of hires; put people of one role and month on one line."
        )));
    }
    for h in &req.hires {
        if h.month == 0 || h.month > months {
            return Err(Error::invalid(format!(
                "The {} hire in month {} is outside the plan's {months} months.",
                h.role.label(),
                h.month
            )));
        }
        if h.count == 0 || h.count > 10_000 {
            return Err(Error::invalid(format!(
                "A hire of {} {}s makes no sense: between 1 and 10,000.",
                h.count,
                h.role.label()
            )));
        }
        if let Some(c) = h.annual_cost {
            if !c.is_finite() || !(0.0..1.0e9).contains(&c) {
                return Err(Error::invalid(format!(
                    "The {} hire's cost a year must be an amount of zero or more.",
                    h.role.label()
                )));
            }
        }
    }
    if let Some(e) = req.pod_every {
        if e == 0 || e > MAX_MONTHS {
            return Err(Error::invalid("Clone a pod every 1 to 36 months."));
        }
    }
    for (what, v, max) in [
        ("gross margin", req.gross_margin, 1.0),
        ("attrition", req.attrition, 1.0),
        ("revenue multiple", req.multiple, 100.0),
    ] {
        if let Some(x) = v {
            if !x.is_finite() || !(0.0..=max).contains(&x) {
                return Err(Error::invalid(if max == 1.0 {
                    format!("The {what} must be between 0 % and 100 % (write 0.8 for 80 %).")
                } else {
                    format!("The {what} must be between 0 and {max}.")
                }));
            }
        }
    }
    for (role, p) in &req.productivity {
        if !p.is_finite() || !(0.0..1.0e10).contains(p) {
            return Err(Error::invalid(format!(
                "The {} productivity must be an amount a month of zero or more.",
                role.label()
            )));
        }
        if !role.is_rep() {
            return Err(Error::invalid(format!(
                "Only AEs, SDRs and CSMs book in the plan; a {} has no productivity.",
                role.label()
            )));
        }
    }
    for (role, curve) in &req.ramp {
        let Some(r) = role.ramp_role() else {
            return Err(Error::invalid(format!(
                "Only AEs, SDRs and CSMs ramp; a {} has no ramp curve.",
                role.label()
            )));
        };
        crate::ramp::RampPlan {
            role: r,
            curve: curve.clone(),
            goals: BTreeMap::new(),
        }
        .validate()?;
    }
    super::inputs::validate(&req.inputs)?;
    Ok(months)
}

/// The plan from the calculator's inputs (`derived`, `capacity`) and the request.
pub fn make(
    facts: &Facts,
    derived: &Derived,
    capacity: Option<&CapacityMinor>,
    req: &ScalePlanRequest,
) -> Result<ScalePlan> {
    let months = validate(req)?;
    let cur = facts.currency.as_str();
    let mut hires = req.hires.clone();
    if let Some(every) = req.pod_every {
        hires.extend(pod_hires(every, req.pods, months));
    }
    hires.sort_by_key(|h| (h.month, h.role));
    let role_cost = |r: StaffRole| -> f64 {
        derived
            .role_costs
            .get(&r)
            .copied()
            .unwrap_or(r.default_annual_cost())
    };
    let to_minor = |v: f64| money::to_minor(v, cur).ok_or_else(overflow);
    let mut lines = Vec::new();
    let mut hire_lines = Vec::new();
    for h in &hires {
        let cost = h.annual_cost.unwrap_or_else(|| role_cost(h.role));
        lines.push((h.role, h.count, h.month, to_minor(cost)?));
        hire_lines.push(HireLine {
            role: h.role,
            count: h.count,
            month: h.month,
            annual_cost: cost,
            cost_given: h.annual_cost.is_some(),
        });
    }
    let inputs = &derived.inputs;
    let mut productivity = BTreeMap::new();
    let mut curves = BTreeMap::new();
    let mut roles = Vec::new();
    // The three sellers always (the workbook's Ramp sheet and a CFO's own
    // hires need their curves), and whoever else is hired.
    let mut used: Vec<StaffRole> = hires.iter().map(|h| h.role).collect();
    used.extend([StaffRole::Ae, StaffRole::Sdr, StaffRole::Csm]);
    used.sort();
    used.dedup();
    let cost_source = |r: StaffRole| -> String {
        let input = match r {
            StaffRole::Ae => Some(&inputs.ae_cost),
            StaffRole::Sdr => Some(&inputs.sdr_cost),
            StaffRole::Csm => Some(&inputs.csm_cost),
            StaffRole::Manager => Some(&inputs.manager_cost),
            StaffRole::SalesOps => Some(&inputs.ops_cost),
            StaffRole::Vp => None,
        };
        input.map(|i| i.source.clone()).unwrap_or_else(|| {
            format!(
                "{} a year: SalesOS's default for a fully loaded {}",
                whole(to_minor(role_cost(r)).unwrap_or(0), cur),
                r.label()
            )
        })
    };
    for r in &used {
        let r = *r;
        let (prod, source) = match (req.productivity.get(&r), r) {
            (Some(p), _) => (*p, "entered here".to_string()),
            (None, StaffRole::Ae) => match capacity {
                Some(c) => (
                    money::to_major(c.bookings_per_month, cur),
                    format!(
                        "{} a month: first meetings a week × weeks a month × win rate × deal size",
                        whole(c.bookings_per_month, cur)
                    ),
                ),
                None => {
                    let names: Vec<&str> =
                        derived.missing.iter().map(|m| m.message.as_str()).collect();
                    return Err(Error::invalid(format!(
                        "An AE's bookings come from the capacity, whose inputs are missing: {}. Give them, or an AE's bookings a month (productivity).",
                        names.join(", ")
                    )));
                }
            },
            (None, StaffRole::Sdr) => (
                0.0,
                "books nothing itself: its meetings feed the AEs (see meetings set against needed)"
                    .to_string(),
            ),
            (None, _) => (0.0, "books nothing itself".to_string()),
        };
        productivity.insert(r, to_minor(prod)?);
        let curve = match (req.ramp.get(&r), r.ramp_role()) {
            (Some(c), _) => c.clone(),
            (None, Some(rr)) => facts.plan(rr).curve,
            (None, None) => Vec::new(),
        };
        if r.is_rep() {
            curves.insert(r, curve.clone());
        }
        roles.push(RoleAssumption {
            role: r,
            annual_cost: role_cost(r),
            cost_source: cost_source(r),
            productivity: prod,
            productivity_source: source,
            productivity_given: req.productivity.contains_key(&r),
            curve,
        });
    }
    let sdr_meetings_per_week = facts
        .plan(crate::ramp::Role::Sdr)
        .goals
        .get(&Metric::MeetingsBooked)
        .copied()
        .unwrap_or(0.0);
    let gross_margin = req.gross_margin.unwrap_or(DEFAULT_GROSS_MARGIN);
    let multiple = req.multiple.unwrap_or(DEFAULT_MULTIPLE);
    let attrition = req.attrition.unwrap_or(0.0);
    let spec = Spec {
        months,
        lines,
        productivity,
        curves,
        gross_margin,
        attrition,
        first_meetings_per_week: inputs.first_meetings_per_week.value.unwrap_or(0.0),
        weeks_per_month: inputs.weeks_per_month.value.unwrap_or(0.0),
        sdr_meetings_per_week,
    };
    let rows = model(&spec)?;
    let payback_month = payback(&rows);
    let new_arr = rows.last().map(|m| m.cum_bookings).unwrap_or(0);
    let value = round_minor(new_arr as f64 * multiple)?;
    let major = |v: i64| money::to_major(v, cur);
    let summary = if hires.is_empty() {
        "No hires planned: add hires or clone a pod.".to_string()
    } else {
        format!(
            "{}; {} of new ARR over {months} months, {} of value added at {}×.",
            match payback_month {
                Some(m) => format!("Pays back in month {m}"),
                None => format!("Does not pay back within {months} months"),
            },
            whole(new_arr, cur),
            whole(value, cur),
            num(multiple)
        )
    };
    let mut notes = vec![
        "Costs count a twelfth of each hire's cost a year from the hire month on, ramped or not; bookings count each seller's productivity times their ramp share."
            .to_string(),
    ];
    if used.contains(&StaffRole::Sdr) {
        notes.push(format!(
            "SDRs book nothing themselves: each sets {} first meetings a week at full ramp for the AEs, who need {} a week each to book their productivity.",
            num(sdr_meetings_per_week),
            num(spec.first_meetings_per_week)
        ));
    }
    if attrition > 0.0 {
        notes.push(format!(
            "{} of people leave a year; each is replaced at once and the replacement ramps from month 1.",
            super::text::pct(attrition)
        ));
    }
    Ok(ScalePlan {
        currency: cur.to_string(),
        months: rows
            .iter()
            .map(|m| PlanMonth {
                month: m.month,
                hires: m.hires.clone(),
                headcount: m.headcount,
                ramped_equivalents: m.ramped_equivalents,
                equivalents: m.equivalents.clone(),
                bookings: major(m.bookings),
                cost: major(m.cost),
                gross_margin: major(m.margin),
                burn: major(m.burn),
                cumulative_bookings: major(m.cum_bookings),
                cumulative_cost: major(m.cum_cost),
                cumulative_margin: major(m.cum_margin),
                meetings_needed: m.meetings_needed,
                meetings_supplied: m.meetings_supplied,
            })
            .collect(),
        payback_month,
        new_arr: major(new_arr),
        value_added: major(value),
        gross_margin,
        multiple,
        attrition,
        roles,
        hire_lines,
        summary,
        notes,
    })
}
