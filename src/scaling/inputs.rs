//! The calculator's inputs (docs/method.md §6, "How SalesOS computes it"):
//! each taken from the workspace with the sentence that says where it came
//! from, each overridable, and the ones that cannot be had named instead of
//! being taken as zero.
use std::collections::{BTreeMap, HashSet};

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::Facts;
use super::readiness::{Thresholds, MIN_CYCLES};
use super::roles::StaffRole;
use super::text::{num, pct, plural, whole};
use crate::money;
use crate::ramp::{Metric, Role};

/// The window the rates are measured over, ending today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    LastQuarter,
    LastTwoQuarters,
    #[default]
    LastFourQuarters,
    LastEightQuarters,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::LastQuarter,
        Period::LastTwoQuarters,
        Period::LastFourQuarters,
        Period::LastEightQuarters,
    ];

    pub fn months(self) -> u32 {
        match self {
            Period::LastQuarter => 3,
            Period::LastTwoQuarters => 6,
            Period::LastFourQuarters => 12,
            Period::LastEightQuarters => 24,
        }
    }

    /// "the last four quarters", as the source sentences say it.
    pub fn label(self) -> &'static str {
        match self {
            Period::LastQuarter => "the last quarter",
            Period::LastTwoQuarters => "the last two quarters",
            Period::LastFourQuarters => "the last four quarters",
            Period::LastEightQuarters => "the last eight quarters",
        }
    }

    /// The first day after the window's start: a deal closed on
    /// `start` or before is outside, one closed today inside.
    pub fn start(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_sub_months(Months::new(self.months()))
            .unwrap_or(NaiveDate::MIN)
    }

    pub fn contains(self, today: NaiveDate, day: NaiveDate) -> bool {
        day > self.start(today) && day <= today
    }
}

/// What the user sets over the workspace's values. Money in currency
/// units, rates as fractions. Every field is optional: absent means "from
/// the workspace".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ScaleRequest {
    /// The window the rates are measured over; the last four quarters when absent.
    pub period: Option<Period>,
    /// Won ÷ first meetings (or ÷ closed deals), e.g. 0.22.
    pub win_rate: Option<f64>,
    /// Average deal won, currency units.
    pub deal_size: Option<f64>,
    /// First meetings a week per AE.
    pub first_meetings_per_week: Option<f64>,
    /// Weeks of selling in a month (4 by default).
    pub weeks_per_month: Option<f64>,
    /// The selling unit's fully loaded cost a year (an AE, or an AE + SDR pair).
    pub rep_cost: Option<f64>,
    /// What a ramped AE books a month, currency units.
    pub bookings_per_rep: Option<f64>,
    /// The deal cycle's median, days.
    pub cycle_days: Option<f64>,
    /// The deal cycle's spread: the middle half's width ÷ the median.
    pub cycle_spread: Option<f64>,
    /// Deals closed in the period (what the numbers are trusted on).
    pub closed_deals: Option<u32>,
    /// Fully loaded cost a year per role, currency units.
    #[ts(type = "Partial<Record<StaffRole, number>>")]
    pub role_costs: BTreeMap<StaffRole, f64>,
    /// Headcount by role (AE, SDR, CSM, manager) over the roster's.
    #[ts(type = "Partial<Record<StaffRole, number>>")]
    pub headcount: BTreeMap<StaffRole, u32>,
    /// What a sales operations hire adds to each pod's bookings a year.
    pub ops_lift_per_pod: Option<f64>,
    /// The rules' thresholds; the method's when absent.
    pub thresholds: Option<Thresholds>,
}

/// One input: its value and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Input {
    /// Rates as fractions, money in currency units; `null` when missing.
    pub value: Option<f64>,
    /// Where it came from: "22 % from 140 deals closed in the last four quarters".
    pub source: String,
    /// The user set it (the request overrode the workspace).
    pub edited: bool,
}

impl Input {
    fn from(value: f64, source: String) -> Input {
        Input {
            value: Some(value),
            source,
            edited: false,
        }
    }

    fn missing(source: String) -> Input {
        Input {
            value: None,
            source,
            edited: false,
        }
    }

    fn edited(value: f64) -> Input {
        Input {
            value: Some(value),
            source: "entered here".into(),
            edited: true,
        }
    }
}

/// Every input, by name (the `inputs` object of `scale --json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ScaleInputs {
    pub win_rate: Input,
    pub deal_size: Input,
    pub cycle_days: Input,
    pub cycle_spread: Input,
    pub first_meetings_per_week: Input,
    pub weeks_per_month: Input,
    pub bookings_per_rep: Input,
    /// The selling unit's cost a year: an AE, or an AE + SDR pair.
    pub rep_cost: Input,
    pub ae_cost: Input,
    pub sdr_cost: Input,
    pub csm_cost: Input,
    pub manager_cost: Input,
    pub ops_cost: Input,
    pub ops_lift_per_pod: Input,
    pub closed_deals: Input,
    pub aes: Input,
    pub sdrs: Input,
    pub csms: Input,
    pub managers: Input,
    pub reps_per_manager: Input,
}

/// An input the capacity needs that neither the workspace nor the user gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MissingInput {
    /// The input's name in `inputs` (and its flag: `win_rate` is `--win-rate`).
    pub name: String,
    /// What is missing and why: "win rate (no deal won or lost in the last four quarters)".
    pub message: String,
}

/// The inputs and what else the rules need from the same reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub period: Period,
    pub inputs: ScaleInputs,
    pub missing: Vec<MissingInput>,
    /// "an AE + SDR pair" or "an AE": what `rep_cost` is the cost of.
    pub unit: String,
    pub thresholds: Thresholds,
    /// Fully loaded cost a year per role, currency units.
    pub role_costs: BTreeMap<StaffRole, f64>,
    /// `bookings_per_rep` was measured or entered, not the plan's goal:
    /// only then is it judged against the cost.
    pub bookings_measured: bool,
}

fn money_major(minor: i64, currency: &str) -> f64 {
    money::to_major(minor, currency)
}

/// The mean of some amounts in minor units, rounded to the minor unit.
fn mean_minor(values: &[i64]) -> Option<i64> {
    let n = i64::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum = values.iter().try_fold(0i64, |a, v| a.checked_add(*v))?;
    Some((sum as f64 / n as f64).round() as i64)
}

/// Whole months between two days, with a fraction (a month is 30.44 days,
/// as the ramp board counts, docs/method.md §5).
fn months_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days().max(0) as f64 / 30.44
}

pub fn derive(f: &Facts, req: &ScaleRequest, today: NaiveDate) -> Derived {
    let cur = f.currency.as_str();
    let period = req.period.unwrap_or_default();
    let when = period.label();
    let closed: Vec<_> = f
        .closed
        .iter()
        .filter(|d| period.contains(today, d.closed))
        .collect();
    let won: Vec<_> = closed.iter().filter(|d| d.won).collect();
    let mut missing = Vec::new();

    // Win rate: against first meetings when the activities hold them
    // (docs/method.md §6), else won ÷ (won + lost).
    let fm_total: i64 = f
        .first_meetings
        .iter()
        .filter(|m| period.contains(today, m.day))
        .map(|m| m.count)
        .fold(0i64, |a, c| a.saturating_add(c));
    let won_n = won.len() as u64;
    let closed_n = closed.len() as u64;
    // Against first meetings, the deals won count over the same days and
    // reps as the meetings: an export of the last six months is not set
    // against a year of wins.
    let fm_reps: HashSet<i64> = f
        .first_meetings
        .iter()
        .filter(|m| period.contains(today, m.day))
        .map(|m| m.rep_id)
        .collect();
    let fm_since = f
        .first_meetings
        .iter()
        .filter(|m| period.contains(today, m.day))
        .map(|m| m.day)
        .min();
    let won_fm = won
        .iter()
        .filter(|d| fm_since.is_some_and(|s| d.closed >= s))
        .filter(|d| d.owner_id.is_some_and(|o| fm_reps.contains(&o)))
        .count() as u64;
    let win_rate = if let Some(v) = req.win_rate {
        Input::edited(v)
    } else if fm_total > 0 && won_fm > 0 && (won_fm as i64) <= fm_total {
        let r = won_fm as f64 / fm_total as f64;
        Input::from(
            r,
            format!(
                "{} from {} won of {} since {}",
                pct(r),
                plural(won_fm, "deal", "deals"),
                plural(fm_total as u64, "first meeting", "first meetings"),
                fm_since.map(|d| d.to_string()).unwrap_or_default()
            ),
        )
    } else if closed_n > 0 {
        let r = won_n as f64 / closed_n as f64;
        Input::from(
            r,
            format!(
                "{} from {} closed in {when}",
                pct(r),
                plural(closed_n, "deal", "deals")
            ),
        )
    } else {
        missing.push(MissingInput {
            name: "win_rate".into(),
            message: format!("win rate (no deal won or lost in {when})"),
        });
        Input::missing(format!("no deal won or lost in {when}"))
    };

    let amounts: Vec<i64> = won.iter().filter_map(|d| d.amount_minor).collect();
    let deal_size = if let Some(v) = req.deal_size {
        Input::edited(v)
    } else if let Some(m) = mean_minor(&amounts) {
        Input::from(
            money_major(m, cur),
            format!(
                "{} average of {} won in {when}",
                whole(m, cur),
                plural(amounts.len() as u64, "deal", "deals")
            ),
        )
    } else {
        missing.push(MissingInput {
            name: "deal_size".into(),
            message: format!("deal size (no won deal with an amount in {when})"),
        });
        Input::missing(format!("no won deal with an amount in {when}"))
    };

    // The cycle of the won deals: median days from created to closed and
    // the middle half's width relative to it.
    let mut cycles: Vec<f64> = won
        .iter()
        .filter_map(|d| Some((d.closed - d.created?).num_days()))
        .filter(|d| *d >= 0)
        .map(|d| d as f64)
        .collect();
    cycles.sort_by(f64::total_cmp);
    let median = crate::ramp::percentile::percentile_inc(&cycles, 0.5);
    let (cycle_days, cycle_spread) = match median {
        Some(m) if cycles.len() >= MIN_CYCLES && m > 0.0 => {
            let p25 = crate::ramp::percentile::percentile_inc(&cycles, 0.25).unwrap_or(m);
            let p75 = crate::ramp::percentile::percentile_inc(&cycles, 0.75).unwrap_or(m);
            let spread = (p75 - p25) / m;
            let n = plural(cycles.len() as u64, "won deal", "won deals");
            (
                Input::from(m, format!("median of {n} in {when}")),
                Input::from(
                    spread,
                    format!(
                        "the middle half of {n} took {}–{} days around a median of {} days",
                        num(p25),
                        num(p75),
                        num(m)
                    ),
                ),
            )
        }
        _ => {
            let why = format!(
                "{} with a created date in {when}; {MIN_CYCLES} are needed",
                plural(cycles.len() as u64, "won deal", "won deals")
            );
            (Input::missing(why.clone()), Input::missing(why))
        }
    };
    let cycle_spread = match req.cycle_spread {
        Some(v) => Input::edited(v),
        None => cycle_spread,
    };
    let cycle_days = match req.cycle_days {
        Some(v) => Input::edited(v),
        None => cycle_days,
    };

    // Headcount, from the active roster.
    let count = |role: StaffRole| f.active(role).count() as u32;
    let head = |role: StaffRole, what: &str, many: &str| -> Input {
        match req.headcount.get(&role) {
            Some(n) => Input::edited(f64::from(*n)),
            None => {
                let n = count(role);
                let told = f.active(role).filter(|p| p.inferred).count() as u64;
                let how = match (told, role) {
                    (0, _) => String::new(),
                    (t, StaffRole::Manager) => {
                        format!(" ({t} without a title: others report to them)")
                    }
                    (t, _) => format!(" ({t} without a title: they own won or lost deals)"),
                };
                Input::from(
                    f64::from(n),
                    format!(
                        "the roster: {} active{how}",
                        plural(u64::from(n), what, many)
                    ),
                )
            }
        }
    };
    let aes = head(StaffRole::Ae, "AE", "AEs");
    let sdrs = head(StaffRole::Sdr, "SDR", "SDRs");
    let csms = head(StaffRole::Csm, "CSM", "CSMs");
    let sellers: HashSet<i64> = f
        .people
        .iter()
        .filter(|p| p.active && p.role.is_some_and(StaffRole::is_rep))
        .map(|p| p.id)
        .collect();
    let manager_names: HashSet<String> = f
        .people
        .iter()
        .filter(|p| sellers.contains(&p.id))
        .filter_map(|p| p.manager.as_ref().map(|m| m.to_lowercase()))
        .collect();
    let managers = match req.headcount.get(&StaffRole::Manager) {
        Some(n) => Input::edited(f64::from(*n)),
        None => Input::from(
            manager_names.len() as f64,
            format!(
                "the roster: {} the active reps report to",
                plural(manager_names.len() as u64, "manager", "managers")
            ),
        ),
    };
    let reps = aes.value.unwrap_or(0.0) + sdrs.value.unwrap_or(0.0) + csms.value.unwrap_or(0.0);
    let reps_per_manager = match managers.value {
        Some(m) if m > 0.0 => Input::from(
            reps / m,
            format!("{} reps ÷ {} managers", num(reps), num(m)),
        ),
        _ => Input::missing("no manager on the roster".into()),
    };

    // Fully loaded cost per role: the roster's average where it has one.
    let mut role_costs = BTreeMap::new();
    let mut cost_input = |role: StaffRole| -> Input {
        let input = if let Some(v) = req.role_costs.get(&role) {
            Input::edited(*v)
        } else {
            let of_role: Vec<i64> = f.active(role).filter_map(|p| p.annual_cost_minor).collect();
            let all = f.active(role).count();
            match mean_minor(&of_role) {
                Some(m) => Input::from(
                    money_major(m, cur),
                    if of_role.len() == all {
                        format!(
                            "{} a year: the roster's fully loaded cost, average of {}",
                            whole(m, cur),
                            plural(all as u64, role.label(), &format!("{}s", role.label()))
                        )
                    } else {
                        format!(
                            "{} a year: the roster's fully loaded cost, average of the {} of {} {}s that have one",
                            whole(m, cur),
                            of_role.len(),
                            all,
                            role.label()
                        )
                    },
                ),
                None => {
                    let v = role.default_annual_cost();
                    let m = money::to_minor(v, cur).unwrap_or(0);
                    Input::from(
                        v,
                        format!(
                            "{} a year: SalesOS's default for a fully loaded {} (the roster has no cost)",
                            whole(m, cur),
                            role.label()
                        ),
                    )
                }
            }
        };
        role_costs.insert(role, input.value.unwrap_or(role.default_annual_cost()));
        input
    };
    let ae_cost = cost_input(StaffRole::Ae);
    let sdr_cost = cost_input(StaffRole::Sdr);
    let csm_cost = cost_input(StaffRole::Csm);
    let manager_cost = cost_input(StaffRole::Manager);
    let ops_cost = cost_input(StaffRole::SalesOps);
    cost_input(StaffRole::Vp);

    // The selling unit: an AE, paired with an SDR when the team has SDRs
    // (docs/method.md §6: "an AE and SDR pair").
    let paired = sdrs.value.unwrap_or(0.0) > 0.0;
    let unit = if paired { "an AE + SDR pair" } else { "an AE" }.to_string();
    let rep_cost = match req.rep_cost {
        Some(v) => Input::edited(v),
        None => {
            let ae = ae_cost.value.unwrap_or(0.0);
            if paired {
                let sdr = sdr_cost.value.unwrap_or(0.0);
                let m = money::to_minor(ae + sdr, cur).unwrap_or(0);
                Input::from(
                    ae + sdr,
                    format!(
                        "{} a year: an AE ({}) and an SDR ({})",
                        whole(m, cur),
                        whole(money::to_minor(ae, cur).unwrap_or(0), cur),
                        whole(money::to_minor(sdr, cur).unwrap_or(0), cur)
                    ),
                )
            } else {
                Input::from(ae, ae_cost.source.clone())
            }
        }
    };

    // First meetings a week per AE: from the activities when they hold
    // them, over the weeks since the first one in the period; else the AE
    // ramp plan's goal.
    let ae_plan = f.plan(Role::Ae);
    let first_meetings_per_week = if let Some(v) = req.first_meetings_per_week {
        Input::edited(v)
    } else {
        let in_period: Vec<_> = f
            .first_meetings
            .iter()
            .filter(|m| period.contains(today, m.day))
            .collect();
        let who: HashSet<i64> = in_period.iter().map(|m| m.rep_id).collect();
        let first_day = in_period.iter().map(|m| m.day).min();
        let weeks = first_day.map(|d| ((today - d).num_days() + 1) as f64 / 7.0);
        match weeks {
            Some(w) if fm_total > 0 && w >= 1.0 && !who.is_empty() => {
                let v = fm_total as f64 / w / who.len() as f64;
                Input::from(
                    v,
                    format!(
                        "{} a week per AE: {} by {} over {} weeks",
                        num(v),
                        plural(fm_total as u64, "first meeting", "first meetings"),
                        plural(who.len() as u64, "rep", "reps"),
                        num(w)
                    ),
                )
            }
            _ => match ae_plan.goals.get(&Metric::FirstMeetings) {
                Some(g) => Input::from(
                    *g,
                    format!(
                        "{} a week: the AE ramp plan's goal (no first meetings in the activities of {when})",
                        num(*g)
                    ),
                ),
                None => {
                    missing.push(MissingInput {
                        name: "first_meetings_per_week".into(),
                        message: "first meetings a week (no activities and no AE goal)".into(),
                    });
                    Input::missing("no first meetings in the activities and no AE goal".into())
                }
            },
        }
    };
    let weeks_per_month = match req.weeks_per_month {
        Some(v) => Input::edited(v),
        None => Input::from(
            DEFAULT_WEEKS_PER_MONTH,
            "4 weeks of selling a month: the method's default".into(),
        ),
    };

    // What a ramped AE books a month: the won bookings of the AEs past
    // their ramp over the period, per AE and month; else the plan's goal.
    let mut bookings_measured = true;
    let bookings_per_rep = if let Some(v) = req.bookings_per_rep {
        Input::edited(v)
    } else {
        // Each AE counts from the later of the period's start and the end
        // of their ramp: their bookings since then over their months since then.
        let start = period.start(today);
        let mut total = Some(0i64);
        let mut months = 0.0;
        let mut who = 0u64;
        for p in f.active(StaffRole::Ae) {
            let ramped_from = match p.role_start {
                None => start,
                Some(s) => match s.checked_add_months(Months::new(ae_plan.curve.len() as u32)) {
                    Some(end) => end.max(start),
                    None => continue,
                },
            };
            if ramped_from >= today {
                continue;
            }
            who += 1;
            months += months_between(ramped_from, today);
            total = won
                .iter()
                .filter(|d| d.owner_id == Some(p.id) && d.closed > ramped_from)
                .filter_map(|d| d.amount_minor)
                .try_fold(total.unwrap_or(0), |a, v| a.checked_add(v))
                .filter(|_| total.is_some());
        }
        match total {
            Some(t) if t > 0 && who > 0 && months > 0.0 => {
                let per_minor = (t as f64 / months).round() as i64;
                Input::from(
                    money_major(per_minor, cur),
                    format!(
                        "{} a month per ramped AE: {} won by {} over {} ramped months in {when}",
                        whole(per_minor, cur),
                        whole(t, cur),
                        plural(who, "ramped AE", "ramped AEs"),
                        num(months)
                    ),
                )
            }
            _ => match ae_plan.goals.get(&Metric::Bookings) {
                Some(g) => {
                    bookings_measured = false;
                    Input::from(
                        *g,
                        format!(
                        "{} a month: the AE ramp plan's goal (no bookings of ramped AEs in {when})",
                        whole(money::to_minor(*g, cur).unwrap_or(0), cur)
                    ),
                    )
                }
                None => Input::missing(format!("no bookings of ramped AEs in {when}")),
            },
        }
    };

    let closed_deals = match req.closed_deals {
        Some(n) => Input::edited(f64::from(n)),
        None => Input::from(
            closed_n as f64,
            format!(
                "{} won or lost in {when}",
                plural(closed_n, "deal", "deals")
            ),
        ),
    };
    let ops_lift_per_pod = match req.ops_lift_per_pod {
        Some(v) => Input::edited(v),
        None => Input::from(
            DEFAULT_OPS_LIFT_PER_POD,
            "50,000 a year per pod: the method's example of what sales operations adds".into(),
        ),
    };

    for (name, input) in [
        ("weeks_per_month", &weeks_per_month),
        ("rep_cost", &rep_cost),
    ] {
        if input.value.is_none() {
            missing.push(MissingInput {
                name: name.into(),
                message: format!("{} ({})", name.replace('_', " "), input.source),
            });
        }
    }

    Derived {
        period,
        inputs: ScaleInputs {
            win_rate,
            deal_size,
            cycle_days,
            cycle_spread,
            first_meetings_per_week,
            weeks_per_month,
            bookings_per_rep,
            rep_cost,
            ae_cost,
            sdr_cost,
            csm_cost,
            manager_cost,
            ops_cost,
            ops_lift_per_pod,
            closed_deals,
            aes,
            sdrs,
            csms,
            managers,
            reps_per_manager,
        },
        missing,
        unit,
        thresholds: req.thresholds.clone().unwrap_or_default(),
        role_costs,
        bookings_measured,
    }
}

/// Weeks of selling in a month (the method's worked example).
pub const DEFAULT_WEEKS_PER_MONTH: f64 = 4.0;
/// What sales operations adds to a pod's bookings a year (the method's example).
pub const DEFAULT_OPS_LIFT_PER_POD: f64 = 50_000.0;

/// Checks the values a user set: a clear sentence for each that makes no sense.
pub fn validate(req: &ScaleRequest) -> crate::error::Result<()> {
    use crate::error::Error;
    let rate = |v: Option<f64>, what: &str| -> crate::error::Result<()> {
        match v {
            Some(x) if !x.is_finite() || !(0.0..=1.0).contains(&x) => Err(Error::invalid(format!(
                "The {what} must be between 0 % and 100 % (write 0.22 for 22 %)."
            ))),
            _ => Ok(()),
        }
    };
    let amount = |v: Option<f64>, what: &str| -> crate::error::Result<()> {
        match v {
            Some(x) if !x.is_finite() || !(0.0..1.0e11).contains(&x) => Err(Error::invalid(
                format!("The {what} must be an amount of zero or more."),
            )),
            _ => Ok(()),
        }
    };
    rate(req.win_rate, "win rate")?;
    amount(req.deal_size, "deal size")?;
    amount(req.rep_cost, "rep cost")?;
    amount(req.bookings_per_rep, "bookings per rep")?;
    amount(req.ops_lift_per_pod, "sales operations lift per pod")?;
    for (role, v) in &req.role_costs {
        amount(Some(*v), &format!("{} cost", role.label()))?;
    }
    match req.first_meetings_per_week {
        Some(x) if !x.is_finite() || !(0.0..=1000.0).contains(&x) => {
            return Err(Error::invalid(
                "First meetings a week must be between 0 and 1,000.",
            ))
        }
        _ => {}
    }
    match req.weeks_per_month {
        Some(x) if !x.is_finite() || !(0.0..=5.0).contains(&x) => {
            return Err(Error::invalid(
                "Weeks of selling a month must be between 0 and 5.",
            ))
        }
        _ => {}
    }
    match req.cycle_spread {
        Some(x) if !x.is_finite() || x < 0.0 => {
            return Err(Error::invalid("The cycle's spread must be zero or more."))
        }
        _ => {}
    }
    match req.cycle_days {
        Some(x) if !x.is_finite() || !(0.0..=3650.0).contains(&x) => {
            return Err(Error::invalid(
                "The deal cycle must be between 0 and 3,650 days.",
            ))
        }
        _ => {}
    }
    if let Some(t) = &req.thresholds {
        t.validate()?;
    }
    Ok(())
}
