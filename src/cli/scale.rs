//! `scale`, `scale plan` and `export scale`: the scaling calculator on the
//! command line (docs/method.md §6). Flags override what the workspace says;
//! `--json` prints the command layer's records as they are.
use std::collections::BTreeMap;

use clap::Args;

use crate::scaling::text::{num, pct};
use crate::scaling::{
    CheckStatus, Hire, Input, Period, ScalePlan, ScalePlanRequest, ScaleReport, ScaleRequest,
    StaffRole,
};

/// The inputs `scale` and `scale plan` take over the workspace's.
#[derive(Args, Clone, Default)]
pub struct InputFlags {
    /// Win rate, e.g. 0.22 or 22%.
    #[arg(long, value_name = "X", value_parser = parse_rate)]
    win_rate: Option<f64>,
    /// Average deal size, e.g. 18000 or 18k.
    #[arg(long, value_name = "X", value_parser = parse_money)]
    deal_size: Option<f64>,
    /// First meetings a week per AE.
    #[arg(long, value_name = "X", value_parser = parse_number)]
    first_meetings_per_week: Option<f64>,
    /// Weeks of selling in a month (default 4).
    #[arg(long, value_name = "X", value_parser = parse_number)]
    weeks_per_month: Option<f64>,
    /// The selling unit's fully loaded cost a year (an AE, or an AE + SDR pair).
    #[arg(long, value_name = "X", value_parser = parse_money)]
    rep_cost: Option<f64>,
    /// The window the rates come from: last-quarter, last-two-quarters,
    /// last-four-quarters (default), last-eight-quarters.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    period: Option<Period>,
}

impl InputFlags {
    pub fn request(&self) -> ScaleRequest {
        ScaleRequest {
            period: self.period,
            win_rate: self.win_rate,
            deal_size: self.deal_size,
            first_meetings_per_week: self.first_meetings_per_week,
            weeks_per_month: self.weeks_per_month,
            rep_cost: self.rep_cost,
            ..ScaleRequest::default()
        }
    }

    /// These flags over `outer`'s (`scale --win-rate X plan ...`).
    pub fn or(&self, outer: &InputFlags) -> InputFlags {
        InputFlags {
            win_rate: self.win_rate.or(outer.win_rate),
            deal_size: self.deal_size.or(outer.deal_size),
            first_meetings_per_week: self
                .first_meetings_per_week
                .or(outer.first_meetings_per_week),
            weeks_per_month: self.weeks_per_month.or(outer.weeks_per_month),
            rep_cost: self.rep_cost.or(outer.rep_cost),
            period: self.period.or(outer.period),
        }
    }
}

/// What `scale plan` and `export scale` plan.
#[derive(Args, Clone, Default)]
pub struct PlanFlags {
    #[command(flatten)]
    inputs: InputFlags,
    /// Months to plan, 12 to 36 (default 12).
    #[arg(long, value_name = "N")]
    months: Option<u32>,
    /// Hires: ROLE:COUNT:MONTH[:ANNUAL_COST], e.g. AE:3:1:150000 (roles AE,
    /// SDR, CSM, manager, VP, ops).
    #[arg(long = "hire", value_name = "ROLE:COUNT:MONTH:ANNUAL_COST", value_parser = parse_hire)]
    hires: Vec<Hire>,
    /// Clone a pod (two AEs, an SDR, a CSM) every N months from month 1.
    #[arg(long, value_name = "N")]
    pod_every: Option<u32>,
    /// At most this many pods (with --pod-every).
    #[arg(long, value_name = "N", requires = "pod_every")]
    pods: Option<u32>,
    /// Bookings a month at full ramp: ROLE:AMOUNT (default: an AE's capacity).
    #[arg(long = "productivity", value_name = "ROLE:MONTHLY_BOOKINGS", value_parser = parse_productivity)]
    productivity: Vec<(StaffRole, f64)>,
    /// A ramp curve: ROLE:P1,P2,... in percent or fractions, ending at 100 %.
    #[arg(long = "ramp", value_name = "ROLE:P1,P2,...", value_parser = parse_ramp)]
    ramp: Vec<(StaffRole, Vec<f64>)>,
    /// Gross margin on bookings (default 0.8).
    #[arg(long, value_name = "X", value_parser = parse_rate)]
    gross_margin: Option<f64>,
    /// Revenue multiple for the value added (default 10).
    #[arg(long, value_name = "X", value_parser = parse_number)]
    multiple: Option<f64>,
    /// Share of people leaving a year (default 0); each is replaced and ramps again.
    #[arg(long, value_name = "X", value_parser = parse_rate)]
    attrition: Option<f64>,
}

impl PlanFlags {
    pub fn request(&self, outer: &InputFlags) -> ScalePlanRequest {
        ScalePlanRequest {
            inputs: self.inputs.or(outer).request(),
            months: self.months,
            hires: self.hires.clone(),
            pod_every: self.pod_every,
            pods: self.pods,
            productivity: self
                .productivity
                .iter()
                .copied()
                .collect::<BTreeMap<_, _>>(),
            ramp: self.ramp.iter().cloned().collect::<BTreeMap<_, _>>(),
            gross_margin: self.gross_margin,
            multiple: self.multiple,
            attrition: self.attrition,
        }
    }
}

fn parse_number(text: &str) -> std::result::Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("\"{text}\" is not a number of zero or more"))
}

/// 0.22 or 22%.
fn parse_rate(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim();
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b.trim(), true),
        None => (t, false),
    };
    let v: f64 = body
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("\"{text}\" is not a rate (write 0.22 or 22%)"))?;
    let v = if percent { v / 100.0 } else { v };
    if !(0.0..=1.0).contains(&v) {
        return Err(format!(
            "\"{text}\" is not a rate between 0 and 1 (write 0.22 or 22%)"
        ));
    }
    Ok(v)
}

fn parse_money(text: &str) -> std::result::Result<f64, String> {
    crate::money::parse_amount(text)
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("\"{text}\" is not an amount (write e.g. 18000 or 18k)"))
}

fn parse_role(text: &str) -> std::result::Result<StaffRole, String> {
    StaffRole::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a role: use AE, SDR, CSM, manager, VP or ops"))
}

fn parse_period(text: &str) -> std::result::Result<Period, String> {
    let t = text.trim().to_lowercase().replace('-', "_");
    Period::ALL
        .into_iter()
        .find(|p| serde_json::to_value(p).ok().and_then(|v| v.as_str().map(String::from)) == Some(t.clone()))
        .ok_or_else(|| {
            format!("\"{text}\" is not a period: last-quarter, last-two-quarters, last-four-quarters or last-eight-quarters")
        })
}

fn parse_hire(text: &str) -> std::result::Result<Hire, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let usage = || {
        format!("\"{text}\" is not a hire: write ROLE:COUNT:MONTH or ROLE:COUNT:MONTH:ANNUAL_COST, e.g. AE:3:1:150000")
    };
    if !(3..=4).contains(&parts.len()) {
        return Err(usage());
    }
    let role = parse_role(parts[0])?;
    let count = parts[1].trim().parse::<u32>().map_err(|_| usage())?;
    let month = parts[2].trim().parse::<u32>().map_err(|_| usage())?;
    let annual_cost = match parts.get(3) {
        Some(c) => Some(parse_money(c)?),
        None => None,
    };
    Ok(Hire {
        role,
        count,
        month,
        annual_cost,
    })
}

fn parse_productivity(text: &str) -> std::result::Result<(StaffRole, f64), String> {
    let (role, amount) = text
        .split_once(':')
        .ok_or_else(|| format!("\"{text}\" is not ROLE:MONTHLY_BOOKINGS, e.g. AE:80000"))?;
    Ok((parse_role(role)?, parse_money(amount)?))
}

fn parse_ramp(text: &str) -> std::result::Result<(StaffRole, Vec<f64>), String> {
    let (role, list) = text
        .split_once(':')
        .ok_or_else(|| format!("\"{text}\" is not ROLE:P1,P2,..., e.g. AE:0,25,50,75,100"))?;
    let values: Vec<f64> = list
        .split(',')
        .map(|p| p.trim().trim_end_matches('%').parse::<f64>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| format!("\"{list}\" is not a list of shares, e.g. 0,25,50,75,100"))?;
    // Percent when any share is above 1 (0,25,50,75,100), else fractions.
    let percent = values.iter().any(|v| *v > 1.0);
    let curve = values
        .into_iter()
        .map(|v| if percent { v / 100.0 } else { v })
        .collect();
    Ok((parse_role(role)?, curve))
}

/// One line naming what is missing, for exit status 1.
pub fn missing_line(r: &ScaleReport) -> Option<String> {
    if r.missing.is_empty() {
        return None;
    }
    let names: Vec<String> = r
        .missing
        .iter()
        .map(|m| format!("{}, give --{}", m.message, m.name.replace('_', "-")))
        .collect();
    Some(format!("missing inputs: {}", names.join("; ")))
}

/// How an input reads: a rate, an amount or a plain number.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Rate,
    Money,
    Number,
}

fn show(i: &Input, kind: Kind, currency: &str) -> String {
    match (i.value, kind) {
        (None, _) => "missing".into(),
        (Some(v), Kind::Rate) => pct(v),
        (Some(v), Kind::Money) => match crate::money::to_minor(v, currency) {
            Some(m) => crate::scaling::text::whole(m, currency),
            None => num(v),
        },
        (Some(v), Kind::Number) => num(v),
    }
}

pub fn print_report(r: &ScaleReport) {
    println!("{}", r.readiness.headline);
    for reason in r.readiness.reasons.iter().skip(1) {
        println!("  {reason}");
    }
    for f in &r.readiness.failure_modes {
        println!("{}", f.message);
    }
    println!();
    println!("Inputs ({}):", r.period_label);
    let i = &r.inputs;
    let cur = r.currency.as_str();
    for (name, input, kind) in [
        ("win rate", &i.win_rate, Kind::Rate),
        ("deal size", &i.deal_size, Kind::Money),
        (
            "first meetings a week",
            &i.first_meetings_per_week,
            Kind::Number,
        ),
        ("weeks a month", &i.weeks_per_month, Kind::Number),
        ("rep cost a year", &i.rep_cost, Kind::Money),
        ("ramped AE books a month", &i.bookings_per_rep, Kind::Money),
        ("cycle (median days)", &i.cycle_days, Kind::Number),
        ("cycle spread", &i.cycle_spread, Kind::Rate),
        ("closed deals", &i.closed_deals, Kind::Number),
    ] {
        println!(
            "  {name:<24} {:>12}  {}{}",
            show(input, kind, cur),
            input.source,
            if input.edited { " (flag)" } else { "" }
        );
    }
    if let Some(c) = &r.capacity {
        println!();
        println!(
            "Capacity of {}: {} deals a month, {} a month, {} a year; cost of sales {}.",
            r.unit,
            num(c.deals_per_month),
            show(&value(c.bookings_per_month), Kind::Money, cur),
            show(&value(c.bookings_per_year), Kind::Money, cur),
            c.cost_of_sales.map(pct).unwrap_or_else(|| "–".into())
        );
    }
    println!();
    println!("Checks:");
    for c in &r.readiness.checks {
        let s = match c.status {
            CheckStatus::Pass => "pass",
            CheckStatus::Warn => "warn",
            CheckStatus::Fail => "FAIL",
        };
        println!("  [{s}] {}", c.message);
    }
    println!();
    println!(
        "Stage: {} ({}){}",
        r.stage.current_label,
        r.stage.roster,
        r.stage
            .next_label
            .as_ref()
            .map(|n| format!("; next: {n}, once:"))
            .unwrap_or_default()
    );
    for c in &r.stage.exit_criteria {
        let mark = match c.met {
            Some(true) => "x",
            Some(false) => " ",
            None => "?",
        };
        println!("  [{mark}] {}", c.text);
    }
    println!();
    println!("Span: {}", r.span.advice);
    println!("  {}", r.span.cost_message);
    if let Some(o) = &r.sales_ops {
        println!("Sales operations: {}", o.message);
    }
}

fn value(v: f64) -> Input {
    Input {
        value: Some(v),
        source: String::new(),
        edited: false,
    }
}

pub fn print_plan(p: &ScalePlan) {
    let cur = p.currency.as_str();
    let money = |v: f64| {
        crate::money::to_minor(v, cur)
            .map(|m| crate::scaling::text::whole(m, cur))
            .unwrap_or_default()
    };
    println!(
        "{:>5} {:<22} {:>5} {:>7} {:>12} {:>12} {:>12} {:>14} {:>14}",
        "month",
        "hires",
        "heads",
        "ramped",
        "bookings",
        "cost",
        "burn",
        "cum. bookings",
        "cum. cost"
    );
    for m in &p.months {
        let hires: Vec<String> = m
            .hires
            .iter()
            .map(|(r, n)| format!("{n} {}", r.code()))
            .collect();
        println!(
            "{:>5} {:<22} {:>5} {:>7} {:>12} {:>12} {:>12} {:>14} {:>14}",
            m.month,
            hires.join(", "),
            m.headcount,
            format!("{:.2}", m.ramped_equivalents),
            money(m.bookings),
            money(m.cost),
            money(m.burn),
            money(m.cumulative_bookings),
            money(m.cumulative_cost)
        );
    }
    println!();
    println!("{}", p.summary);
    for n in &p.notes {
        println!("  {n}");
    }
}
