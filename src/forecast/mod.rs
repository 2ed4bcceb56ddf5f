//! The quarter forecast by risk (docs/method.md §2), for the team, each manager's
//! team and each rep:
//!
//! forecast = closed won + commit (green) + best case (yellow) + create-and-close
//!
//! Create-and-close is what deals not yet created will book this quarter. It
//! is estimated from the last completed quarters: the bookings that came from
//! deals created in the quarter they closed in, averaged, prorated by the
//! days left. The manager can override it.
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use chrono::NaiveDate;
use rusqlite::Connection;

pub mod gap_plan;
pub mod history;
mod report;

pub use gap_plan::{CarriedGap, GapPlan};
pub use history::trend;
pub use report::*;

use crate::calendar::{FiscalCalendar, Quarter};
use crate::error::Result;
use crate::model::{GoalBasis, Settings};

use crate::store::deals;

/// How many completed quarters the create-and-close estimate looks back on.
const HISTORY_QUARTERS: usize = 4;
/// The gap-closing list is for reading, not exporting the pipeline.
const MAX_GAP_CLOSERS: usize = 200;
/// The row of deals without an owner.
pub const NO_OWNER: &str = "No owner";
/// The manager-view row of reps without a manager (and deals without an owner).
pub const NO_MANAGER: &str = "No manager";

#[derive(Debug, Clone, Default)]
struct Sums {
    closed_won: i64,
    commit: i64,
    best_case: i64,
    open_pipeline: i64,
    at_risk: i64,
    unassessed: i64,
    won_count: u32,
    lost_count: u32,
    won_amount_all: i64,
    won_with_amount: u32,
    /// Bookings from deals created and closed in the same quarter, over the history quarters.
    same_quarter_bookings: i64,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.closed_won = self.closed_won.saturating_add(o.closed_won);
        self.commit = self.commit.saturating_add(o.commit);
        self.best_case = self.best_case.saturating_add(o.best_case);
        self.open_pipeline = self.open_pipeline.saturating_add(o.open_pipeline);
        self.at_risk = self.at_risk.saturating_add(o.at_risk);
        self.unassessed = self.unassessed.saturating_add(o.unassessed);
        self.won_count += o.won_count;
        self.lost_count += o.lost_count;
        self.won_amount_all = self.won_amount_all.saturating_add(o.won_amount_all);
        self.won_with_amount += o.won_with_amount;
        self.same_quarter_bookings = self
            .same_quarter_bookings
            .saturating_add(o.same_quarter_bookings);
    }
}

impl Sums {
    /// Anything in the quarter that a row would show.
    fn has_figures(&self) -> bool {
        [
            self.closed_won,
            self.commit,
            self.best_case,
            self.open_pipeline,
            self.at_risk,
            self.unassessed,
        ]
        .iter()
        .any(|v| *v != 0)
    }
}

/// The reps of one manager's team (or of none) summed into one line.
#[derive(Default)]
struct Group {
    sums: Sums,
    /// The sum of the quotas of its reps that have one.
    quotas: Option<i64>,
    create_and_close: i64,
    rows: u32,
}

impl Group {
    fn add(&mut self, sums: &Sums, quota: Option<i64>, cnc: i64) {
        self.sums.add(sums);
        if let Some(q) = quota {
            self.quotas = Some(self.quotas.unwrap_or(0).saturating_add(q));
        }
        self.create_and_close = self.create_and_close.saturating_add(cnc);
        self.rows += 1;
    }

    /// A manager's team is measured against the sum of its reps' quotas.
    fn line(&self, name: &str) -> ForecastLine {
        line(
            name,
            None,
            None,
            self.quotas.map(|q| (q, GoalBasis::RepQuotas)),
            &self.sums,
            self.create_and_close,
        )
    }
}

/// Splits `total` over the keys in proportion to their weights, to the
/// unit: the parts add up to `total` exactly (largest remainders get the
/// units rounding left over). Without any positive weight the whole goes to
/// the `None` key: no one's history explains it.
fn allocate(
    total: i64,
    weights: impl Iterator<Item = (Option<i64>, i64)>,
) -> HashMap<Option<i64>, i64> {
    let weights: Vec<(Option<i64>, i128)> = weights
        .filter(|(_, w)| *w > 0)
        .map(|(k, w)| (k, w as i128))
        .collect();
    let sum: i128 = weights.iter().map(|(_, w)| w).sum();
    let mut out = HashMap::new();
    if total == 0 {
        return out;
    }
    if sum == 0 {
        out.insert(None, total);
        return out;
    }
    let total = total as i128;
    let mut parts: Vec<(Option<i64>, i128, i128)> = weights
        .iter()
        .map(|(k, w)| {
            let exact = total * w;
            (*k, exact.div_euclid(sum), exact.rem_euclid(sum))
        })
        .collect();
    let mut left = total - parts.iter().map(|p| p.1).sum::<i128>();
    // Largest remainder first; ties by key, so the split is deterministic.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        parts[b]
            .2
            .cmp(&parts[a].2)
            .then(parts[a].0.cmp(&parts[b].0))
    });
    for i in order {
        if left <= 0 {
            break;
        }
        parts[i].1 += 1;
        left -= 1;
    }
    for (k, v, _) in parts {
        out.insert(
            k,
            i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX }),
        );
    }
    out
}

pub struct Overrides {
    pub goal: Option<i64>,
    pub create_and_close: Option<i64>,
}

pub fn compute(
    conn: &Connection,
    settings: &Settings,
    quarter: Option<Quarter>,
    today: NaiveDate,
    overrides: Overrides,
) -> Result<ForecastReport> {
    let cal = settings.calendar();
    let currency = settings.currency.clone();
    let quarter = quarter.unwrap_or_else(|| cal.quarter_of(today));
    let (start, end) = cal.bounds(quarter);
    let days_total = (end - start).num_days() + 1;
    let days_left = if today < start {
        days_total
    } else {
        ((end - today).num_days() + 1).clamp(0, days_total)
    };
    let q_label = quarter.to_string();

    // Completed quarters before this one that had bookings, newest first.
    let t = std::time::Instant::now();
    let Aggregate {
        history,
        won_cycle,
        by_owner,
        has_created_dates,
        gap_ids,
    } = aggregate(conn, &cal, start, end, today)?;
    tracing::debug!(elapsed = ?t.elapsed(), "forecast: deals summed");

    let reps = crate::store::reps::list_uncounted(conn)?;
    tracing::debug!(elapsed = ?t.elapsed(), "forecast: reps listed");
    let manager_of: HashMap<i64, (Option<i64>, Option<String>)> = reps
        .iter()
        .map(|r| (r.id, (r.manager_id, r.manager.clone())))
        .collect();
    let names: HashMap<i64, String> = reps.iter().map(|r| (r.id, r.name.clone())).collect();

    let stored_cnc = settings.create_and_close(&q_label);
    let cnc_override = overrides.create_and_close.or(stored_cnc);
    let source = if cnc_override.is_some() {
        CreateAndCloseSource::Override
    } else if history.is_empty() || !has_created_dates {
        CreateAndCloseSource::NoHistory
    } else {
        CreateAndCloseSource::History
    };
    // Average same-quarter bookings per history quarter, prorated by days left.
    let estimate = |s: &Sums| -> i64 {
        if source != CreateAndCloseSource::History {
            return 0;
        }
        let per_quarter = s.same_quarter_bookings as f64 / history.len() as f64;
        (per_quarter * days_left as f64 / days_total as f64).round() as i64
    };

    let mut team = Sums::default();
    for s in by_owner.values() {
        team.add(s);
    }
    let team_cnc = cnc_override.unwrap_or_else(|| estimate(&team));
    // Each owner's share of create-and-close follows their share of the
    // history, split to the cent so the rep rows add up to the team's.
    let cnc_of = allocate(
        team_cnc,
        by_owner
            .iter()
            .map(|(owner, s)| (*owner, s.same_quarter_bookings)),
    );
    let cnc_for = |owner: Option<i64>| cnc_of.get(&owner).copied().unwrap_or(0);

    // Every rep with deals, and every rep with a quota for the quarter even
    // without a deal: their quota counts in the sum of the reps' quotas.
    let rep_by_id: HashMap<i64, &crate::model::Rep> = reps.iter().map(|r| (r.id, r)).collect();
    let mut ids: Vec<i64> = by_owner.keys().flatten().copied().collect();
    ids.extend(
        reps.iter()
            .filter(|r| settings.rep_quota(&q_label, r).is_some())
            .map(|r| r.id),
    );
    ids.sort_unstable();
    ids.dedup();

    let mut by_rep = Vec::new();
    let mut managers: BTreeMap<String, Group> = BTreeMap::new();
    let mut unmanaged = Group::default();
    let no_sums = Sums::default();
    for id in ids {
        let sums = by_owner.get(&Some(id)).unwrap_or(&no_sums);
        let quota = rep_by_id
            .get(&id)
            .and_then(|r| settings.rep_quota(&q_label, r));
        let cnc = cnc_for(Some(id));
        let in_quarter = sums.closed_won + sums.open_pipeline > 0;
        if !in_quarter && quota.is_none() && cnc == 0 {
            continue;
        }
        let (manager_id, manager) = manager_of.get(&id).cloned().unwrap_or((None, None));
        let name = names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("Rep {id}"));
        let l = line(&name, Some(id), manager.clone(), quota, sums, cnc);
        let group = match (manager_id, manager) {
            (Some(_), Some(m)) => managers.entry(m).or_default(),
            _ => &mut unmanaged,
        };
        group.add(sums, quota.map(|q| q.0), cnc);
        by_rep.push(l);
    }
    by_rep.sort_by_key(|a| a.name.to_lowercase());

    // Deals without an owner, and create-and-close no rep's history explains.
    let unowned = by_owner.get(&None).unwrap_or(&no_sums);
    let no_owner = (unowned.has_figures() || cnc_for(None) != 0)
        .then(|| line(NO_OWNER, None, None, None, unowned, cnc_for(None)));
    if no_owner.is_some() {
        unmanaged.add(unowned, None, cnc_for(None));
        unmanaged.rows += 1;
    }

    // One quota per rep per quarter; the team's goal is the board number,
    // and only without one the sum of the quotas (docs/method.md §2).
    let rep_quotas = by_rep
        .iter()
        .filter_map(|l| l.goal)
        .fold(None, |sum: Option<i64>, g| {
            Some(sum.unwrap_or(0).saturating_add(g))
        });
    let team_goal = match (overrides.goal, settings.goal(&q_label, None), rep_quotas) {
        (Some(g), _, _) => Some((g, GoalBasis::Given)),
        (None, Some(g), _) => Some((g, GoalBasis::BoardNumber)),
        (None, None, Some(q)) => Some((q, GoalBasis::RepQuotas)),
        (None, None, None) => None,
    };
    let board = team_goal.filter(|g| g.1 != GoalBasis::RepQuotas);
    let over_assignment = match (board, rep_quotas) {
        (Some((b, _)), Some(q)) if b > 0 => Some(q as f64 / b as f64),
        _ => None,
    };
    let team_line = line("Team", None, None, team_goal, &team, team_cnc);
    let team_vs_quotas = board.and(rep_quotas).map(|q| {
        line(
            "Team",
            None,
            None,
            Some((q, GoalBasis::RepQuotas)),
            &team,
            team_cnc,
        )
    });
    let by_manager = managers
        .into_iter()
        .map(|(name, g)| g.line(&name))
        .collect();
    let no_manager = (unmanaged.rows > 0).then(|| unmanaged.line(NO_MANAGER));
    let (deals, amount, without_amount) = deals::open_without_close_date(conn)?;

    tracing::debug!(elapsed = ?t.elapsed(), "forecast: lines built");
    let gap_closers = gap_closers(conn, &cal, &gap_ids)?;
    tracing::debug!(elapsed = ?t.elapsed(), "forecast: gap closers listed");
    let gap_plan = gap_plan::plan(
        &team_line,
        days_left as u32,
        won_cycle,
        gap_plan::next_quarter(&cal, quarter),
        &currency,
    );
    Ok(ForecastReport {
        quarter: q_label,
        period_start: start,
        period_end: end,
        today,
        days_left: days_left as u32,
        currency,
        create_and_close_source: source,
        team: team_line,
        team_vs_quotas,
        rep_quotas_total: rep_quotas,
        over_assignment,
        by_manager,
        no_manager,
        by_rep,
        no_owner,
        gap_closers,
        gap_plan,
        open_without_close_date: OpenWithoutCloseDate {
            deals,
            amount,
            without_amount,
        },
    })
}

/// The quarter's board number, each rep's one quota and the over-assignment
/// (docs/method.md §2, "Goals and quotas"), by the rule the forecast uses.
pub fn quotas(conn: &Connection, settings: &Settings, quarter: Quarter) -> Result<QuarterQuotas> {
    let q = quarter.to_string();
    let reps: Vec<RepQuota> = crate::store::reps::list_uncounted(conn)?
        .into_iter()
        .map(|r| {
            let quota = settings.rep_quota(&q, &r);
            RepQuota {
                rep_id: r.id,
                quota: quota.map(|x| x.0),
                basis: quota.map(|x| x.1),
                quarter_quota: settings.goal(&q, Some(r.id)),
                roster_quota: r.quota,
                name: r.name,
                role: r.role,
                manager: r.manager,
            }
        })
        .collect();
    let total = reps
        .iter()
        .filter_map(|r| r.quota)
        .fold(None, |sum: Option<i64>, g| {
            Some(sum.unwrap_or(0).saturating_add(g))
        });
    let board = settings.goal(&q, None);
    Ok(QuarterQuotas {
        over_assignment: match (board, total) {
            (Some(b), Some(t)) if b > 0 => Some(t as f64 / b as f64),
            _ => None,
        },
        quarter: q,
        currency: settings.currency.clone(),
        board_number: board,
        rep_quotas_total: total,
        reps,
    })
}

type ByOwner = BTreeMap<Option<i64>, Sums>;

/// A won deal kept from the scan for the create-and-close estimate.
struct Won {
    owner: Option<i64>,
    amount: i64,
    close: [u8; 10],
    created: Option<[u8; 10]>,
}

/// An ISO date column read without allocating: dates are stored as
/// `YYYY-MM-DD` text, which compares correctly as bytes.
/// An ISO date's ten bytes as days from the common era (`None` when they
/// are no date, as SQLite's `julianday` says of them).
fn iso_day(d: &[u8; 10]) -> Option<i32> {
    let date = crate::store::iso_date(std::str::from_utf8(d).ok()?)?;
    Some(chrono::Datelike::num_days_from_ce(&date))
}

fn iso(v: rusqlite::types::ValueRef<'_>) -> Option<[u8; 10]> {
    match v {
        rusqlite::types::ValueRef::Text(t) if t.len() == 10 => t.try_into().ok(),
        _ => None,
    }
}

/// What one pass over the deals yields.
struct Aggregate {
    /// Completed quarters used for create-and-close, newest first.
    history: Vec<Quarter>,
    /// Average days from creation to win over the won deals with both
    /// dates (whole days; `None` without any, or when not over 0).
    won_cycle: Option<i64>,
    by_owner: ByOwner,
    has_created_dates: bool,
    /// The open deals of the quarter to work on first, in gap-list order.
    gap_ids: Vec<i64>,
}

/// Where an open deal of the quarter stands in the gap list: orange and red
/// first (largest first), then unassessed, then yellow and green.
type GapKey = (u8, std::cmp::Reverse<i64>, i64);

fn gap_rank(risk: Option<&str>) -> u8 {
    match risk {
        Some("orange" | "red") => 0,
        Some("yellow") => 2,
        Some("green") => 3,
        _ => 1,
    }
}

/// Sums the deals with as little per-row work as the answer allows (100,000
/// deals in milliseconds): one scan hands over only the closed deals and the
/// open deals closing in the quarter (SQLite skips the rest without a call
/// per row), read in place without allocating; won and lost are counted
/// there too (a second pass over the owner index for them cost a third of
/// the forecast). The gap list is picked in the same scan, keeping only its
/// best entries.
fn aggregate(
    conn: &Connection,
    cal: &FiscalCalendar,
    start: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> Result<Aggregate> {
    let (s, e, t) = (start.to_string(), end.to_string(), today.to_string());
    // Every rep with a deal has a line when they have a goal, even with no
    // deal in the quarter: their ids, one index seek each.
    let mut by_owner: ByOwner = conn
        .prepare_cached(
            "WITH RECURSIVE owner(id) AS (
                 SELECT min(owner_id) FROM deals
                 UNION ALL
                 SELECT (SELECT min(owner_id) FROM deals WHERE owner_id > owner.id)
                 FROM owner WHERE owner.id IS NOT NULL)
             SELECT id FROM owner WHERE id IS NOT NULL",
        )?
        .query_map([], |r| r.get(0))?
        .map(|id| id.map(|id| (Some(id), Sums::default())))
        .collect::<rusqlite::Result<_>>()?;
    // Dates are ISO text: any created date is ten bytes of text.
    let has_created: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM deals
             WHERE typeof(created_date) = 'text' AND octet_length(created_date) = 10)",
        )?
        .query_row([], |r| r.get(0))?;
    let mut won = Vec::new();
    let mut gap: BinaryHeap<GapKey> = BinaryHeap::new();
    let (mut cycle_days, mut cycles) = (0i64, 0i64);
    // The WHERE clause only narrows: every row it lets through is checked
    // below exactly as before (a close date must be ten bytes of ISO text).
    let mut stmt = conn.prepare_cached(
        "SELECT owner_id, amount_minor, status, risk, close_date, created_date, id FROM deals NOT INDEXED
         WHERE status <> 'open' OR close_date BETWEEN ?1 AND ?2",
    )?;
    let mut rows = stmt.query([&s, &e])?;
    let (s, e, t) = (s.as_bytes(), e.as_bytes(), t.as_bytes());
    while let Some(r) = rows.next()? {
        let owner: Option<i64> = r.get(0)?;
        let status = r.get_ref(2)?.as_str().unwrap_or("");
        if status == "lost" {
            // A lost deal only counts (an eighth of the rows in a typical pipeline).
            by_owner.entry(owner).or_default().lost_count += 1;
            continue;
        }
        let amount: Option<i64> = r.get(1)?;
        let close = iso(r.get_ref(4)?);
        let in_period = close.is_some_and(|c| c.as_slice() >= s && c.as_slice() <= e);
        let sums = by_owner.entry(owner).or_default();
        let value = amount.unwrap_or(0);
        match status {
            "won" => {
                sums.won_count += 1;
                let created = iso(r.get_ref(5)?);
                // Days from creation to win, for the average cycle.
                if let (Some(c), Some(o)) = (
                    close.as_ref().and_then(iso_day),
                    created.as_ref().and_then(iso_day),
                ) {
                    if c >= o {
                        cycle_days = cycle_days.saturating_add(i64::from(c - o));
                        cycles += 1;
                    }
                }
                if in_period {
                    sums.closed_won = sums.closed_won.saturating_add(value);
                }
                if let Some(a) = amount {
                    sums.won_amount_all = sums.won_amount_all.saturating_add(a);
                    sums.won_with_amount += 1;
                    if let Some(c) = close.filter(|c| c.as_slice() < s && c.as_slice() <= t) {
                        won.push(Won {
                            owner,
                            amount: a,
                            close: c,
                            created,
                        });
                    }
                }
            }
            _ if in_period => {
                sums.open_pipeline = sums.open_pipeline.saturating_add(value);
                let risk = r.get_ref(3)?.as_str().ok();
                match risk {
                    Some("green") => sums.commit = sums.commit.saturating_add(value),
                    Some("yellow") => sums.best_case = sums.best_case.saturating_add(value),
                    Some("orange" | "red") => sums.at_risk = sums.at_risk.saturating_add(value),
                    _ => sums.unassessed = sums.unassessed.saturating_add(value),
                }
                let key = (gap_rank(risk), std::cmp::Reverse(value), r.get(6)?);
                if gap.len() < MAX_GAP_CLOSERS {
                    gap.push(key);
                } else if gap.peek().is_some_and(|worst| key < *worst) {
                    gap.pop();
                    gap.push(key);
                }
            }
            _ => {}
        }
    }
    // The last completed quarters that had bookings, newest first.
    let quarter = |d: &[u8; 10]| {
        std::str::from_utf8(d)
            .ok()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| cal.quarter_of(d))
    };
    // Each close date once: thousands of won deals close on a few hundred days.
    let mut closes: Vec<[u8; 10]> = won.iter().map(|w| w.close).collect();
    closes.sort_unstable();
    closes.dedup();
    let mut history: Vec<Quarter> = closes.iter().filter_map(quarter).collect();
    history.sort();
    history.dedup();
    history.reverse();
    history.truncate(HISTORY_QUARTERS);
    // Bookings from deals created in the quarter they closed in.
    let bounds: Vec<(String, String)> = history
        .iter()
        .map(|q| {
            let (a, b) = cal.bounds(*q);
            (a.to_string(), b.to_string())
        })
        .collect();
    for w in &won {
        let Some(created) = w.created else { continue };
        let same = bounds.iter().any(|(a, b)| {
            let inside = |d: &[u8]| d >= a.as_bytes() && d <= b.as_bytes();
            inside(&w.close) && inside(&created)
        });
        if same {
            let sums = by_owner.entry(w.owner).or_default();
            sums.same_quarter_bookings = sums.same_quarter_bookings.saturating_add(w.amount);
        }
    }
    // As SQLite's avg() of the day differences, rounded to whole days.
    let won_cycle = (cycles > 0)
        .then(|| (cycle_days as f64 / cycles as f64).round() as i64)
        .filter(|d| *d > 0);
    Ok(Aggregate {
        history,
        won_cycle,
        by_owner,
        has_created_dates: has_created,
        gap_ids: gap.into_sorted_vec().into_iter().map(|k| k.2).collect(),
    })
}

fn line(
    name: &str,
    rep_id: Option<i64>,
    manager: Option<String>,
    goal: Option<(i64, GoalBasis)>,
    s: &Sums,
    cnc: i64,
) -> ForecastLine {
    let (goal, goal_basis) = (goal.map(|g| g.0), goal.map(|g| g.1));
    // Saturating: a crafted file of absurd amounts must not overflow the sums.
    let forecast = s
        .closed_won
        .saturating_add(s.commit)
        .saturating_add(s.best_case)
        .saturating_add(cnc);
    let gap = goal.map(|g| g.saturating_sub(forecast));
    let remaining = goal.map(|g| g.saturating_sub(s.closed_won));
    let coverage = remaining
        .filter(|r| *r > 0)
        .map(|r| s.open_pipeline as f64 / r as f64);
    let closed = s.won_count + s.lost_count;
    let win_rate = (closed > 0).then(|| s.won_count as f64 / closed as f64);
    let average_deal_size =
        (s.won_with_amount > 0).then(|| s.won_amount_all / s.won_with_amount as i64);
    let new_pipeline_needed = match (gap, win_rate) {
        (Some(g), Some(w)) if g > 0 && w > 0.0 => Some((g as f64 / w).round() as i64),
        (Some(g), _) if g <= 0 => Some(0),
        _ => None,
    };
    let first_meetings_needed = match (new_pipeline_needed, average_deal_size) {
        (Some(0), _) => Some(0),
        (Some(p), Some(a)) if a > 0 => Some(((p as f64) / a as f64).ceil() as u32),
        _ => None,
    };
    ForecastLine {
        name: name.to_string(),
        rep_id,
        manager,
        goal,
        goal_basis,
        closed_won: s.closed_won,
        commit: s.commit,
        best_case: s.best_case,
        create_and_close: cnc,
        forecast,
        gap,
        coverage,
        open_pipeline: s.open_pipeline,
        at_risk: s.at_risk,
        unassessed: s.unassessed,
        win_rate,
        average_deal_size,
        new_pipeline_needed,
        first_meetings_needed,
    }
}

/// Orange and red deals first (largest first), then unassessed, then yellow
/// and green: what to work on to close the gap, with what must change.
fn gap_closers(conn: &Connection, cal: &FiscalCalendar, ids: &[i64]) -> Result<Vec<GapCloser>> {
    ids.iter()
        .map(|&id| {
            let deal = deals::get(conn, cal, id)?;
            let action = match deal.risk {
                Some(r) => r.gap_action().to_string(),
                None => "Not assessed yet: rate its risk in the next deal review.".to_string(),
            };
            Ok(GapCloser { deal, action })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::iso_day;
    use chrono::{Datelike, NaiveDate};

    #[test]
    fn iso_days_are_what_julianday_reads_and_nothing_else() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce();
        assert_eq!(iso_day(b"2026-03-15"), Some(day(2026, 3, 15)));
        assert_eq!(iso_day(b"2024-02-29"), Some(day(2024, 2, 29)));
        assert_eq!(iso_day(b"2026-02-30"), None, "no such day");
        assert_eq!(iso_day(b"2026/03/15"), None);
        assert_eq!(iso_day(b"15-03-2026"), None);
        assert_eq!(iso_day(b"2026-0a-15"), None);
    }
}
