//! Pipeline movement between two snapshots, by deal, seen from the later
//! snapshot's quarter. Each deal that moved gets one category, and carries
//! its change to the quarter's open pipeline and to its forecast, so the
//! categories add up twice: open pipeline before + every change = open
//! pipeline after, and forecast before + every change = forecast after
//! (docs/method.md §2, "History and accuracy"). A risk change is movement:
//! yellow to red takes a deal out of the forecast, red to green puts it in.
//! The create-and-close estimate, which no deal carries, is a category of
//! its own.
use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::snapshots;
use super::{DealState, Movement, MovementCategory, MovementRow, MovementTotal};
use crate::calendar::Quarter;
use crate::error::{Error, Result};
use crate::process::{DealStatus, Risk};
use crate::store::settings;

/// Rows listed per category: the largest; the totals still count every deal.
pub const MAX_ROWS_PER_CATEGORY: usize = 250;

struct Bounds {
    start: NaiveDate,
    end: NaiveDate,
}

impl Bounds {
    fn in_quarter(&self, s: &DealState) -> bool {
        s.close_date
            .is_some_and(|d| d >= self.start && d <= self.end)
    }

    /// Counts toward the quarter's forecast: open pipeline or closed won.
    fn counts(&self, s: &DealState) -> bool {
        self.in_quarter(s) && s.status != DealStatus::Lost
    }

    /// Counts in the quarter's forecast (docs/method.md §2): won, or open
    /// green (commit) or yellow (best case), closing in the quarter.
    fn in_forecast(&self, s: &DealState) -> bool {
        self.in_quarter(s)
            && match s.status {
                DealStatus::Won => true,
                DealStatus::Open => matches!(s.risk, Some(Risk::Green | Risk::Yellow)),
                DealStatus::Lost => false,
            }
    }

    fn forecast_amount(&self, s: Option<&DealState>) -> i64 {
        match s {
            Some(s) if self.in_forecast(s) => s.amount.unwrap_or(0),
            _ => 0,
        }
    }

    fn open_amount(&self, s: Option<&DealState>) -> i64 {
        match s {
            Some(s) if s.status == DealStatus::Open && self.in_quarter(s) => s.amount.unwrap_or(0),
            _ => 0,
        }
    }
}

fn amount(s: &DealState) -> i64 {
    s.amount.unwrap_or(0)
}

fn amount_change(a: &DealState, b: &DealState) -> Option<MovementCategory> {
    match amount(b).cmp(&amount(a)) {
        std::cmp::Ordering::Greater => Some(MovementCategory::AmountUp),
        std::cmp::Ordering::Less => Some(MovementCategory::AmountDown),
        std::cmp::Ordering::Equal => None,
    }
}

/// What happened to one deal between snapshot `a` and snapshot `b`, for the
/// quarter `start..=end`; `None` when nothing that matters to it changed.
pub fn classify(
    a: Option<&DealState>,
    b: Option<&DealState>,
    start: NaiveDate,
    end: NaiveDate,
) -> Option<MovementCategory> {
    use MovementCategory::*;
    let q = Bounds { start, end };
    match (a, b) {
        (Some(a), b) if q.counts(a) => {
            let Some(b) = b else { return Some(Removed) };
            match (a.status, b.status) {
                (_, DealStatus::Lost) => Some(Lost),
                (DealStatus::Open, DealStatus::Won) => Some(Won),
                _ if !q.in_quarter(b) => Some(PushedOut),
                // Won before, open again: back in the pipeline.
                (DealStatus::Won, DealStatus::Open) => Some(New),
                // A risk change in or out of the forecast says more than a
                // date moved inside the quarter or a new amount.
                (DealStatus::Open, DealStatus::Open) if q.in_forecast(a) != q.in_forecast(b) => {
                    Some(if q.in_forecast(b) {
                        IntoForecast
                    } else {
                        OutOfForecast
                    })
                }
                (DealStatus::Open, DealStatus::Open) if b.close_date > a.close_date => {
                    Some(PushedOut)
                }
                (DealStatus::Open, DealStatus::Open) if b.close_date < a.close_date => {
                    Some(PulledIn)
                }
                _ => amount_change(a, b).or_else(|| {
                    let open = a.status == DealStatus::Open && b.status == DealStatus::Open;
                    (open && a.risk != b.risk).then_some(RiskChanged)
                }),
            }
        }
        (a, Some(b)) if q.counts(b) => Some(match (a, b.status) {
            (_, DealStatus::Won) => Won,
            (None, _) => New,
            (Some(a), _) if a.status != DealStatus::Open => New,
            (Some(_), _) => PulledIn,
        }),
        _ => None,
    }
}

/// The amount a category's total counts for one deal (see `MovementRow::amount`).
fn row_amount(category: MovementCategory, a: Option<&DealState>, b: Option<&DealState>) -> i64 {
    use MovementCategory::*;
    let (a, b) = (a.map(amount).unwrap_or(0), b.map(amount).unwrap_or(0));
    match category {
        New | PulledIn | Won | IntoForecast | RiskChanged => b,
        PushedOut | Lost | Removed | OutOfForecast => a,
        AmountUp | AmountDown => b.saturating_sub(a),
        CreateAndClose => 0,
    }
}

/// The movement between two snapshots, in time order whichever way they are given.
pub fn movement(conn: &Connection, from: i64, to: i64) -> Result<Movement> {
    if from == to {
        return Err(Error::invalid(
            "Pick two different snapshots to see what moved between them.",
        ));
    }
    let mut a = snapshots::get(conn, from)?;
    let mut b = snapshots::get(conn, to)?;
    if (b.taken_on, b.id) < (a.taken_on, a.id) {
        std::mem::swap(&mut a, &mut b);
    }
    let cal = settings::calendar(conn)?;
    let quarter: Quarter = b.quarter.parse()?;
    let (start, end) = cal.bounds(quarter);
    let q = Bounds { start, end };
    let before = snapshots::deal_states(conn, a.id)?;
    let after = snapshots::deal_states(conn, b.id)?;

    let ids: HashSet<i64> = before.keys().chain(after.keys()).copied().collect();
    let mut by_category: BTreeMap<MovementCategory, Vec<Moved>> = BTreeMap::new();
    let (mut open_from, mut open_to) = (0i64, 0i64);
    // The deals' part of each forecast (closed won + commit + best case).
    let (mut deals_from, mut deals_to) = (0i64, 0i64);
    for id in ids {
        let (ka, kb) = (before.get(&id), after.get(&id));
        // The same id on a deal created by another import is another deal
        // (an id freed by a reverted import): compare each with nothing.
        let pairs = match (ka, kb) {
            (Some(x), Some(y)) if x.origin != y.origin => vec![(Some(x), None), (None, Some(y))],
            pair => vec![pair],
        };
        for (ka, kb) in pairs {
            let (sa, sb) = (ka.map(|k| &k.state), kb.map(|k| &k.state));
            let (oa, ob) = (q.open_amount(sa), q.open_amount(sb));
            open_from = open_from.saturating_add(oa);
            open_to = open_to.saturating_add(ob);
            let (fa, fb) = (q.forecast_amount(sa), q.forecast_amount(sb));
            deals_from = deals_from.saturating_add(fa);
            deals_to = deals_to.saturating_add(fb);
            let Some(category) = classify(sa, sb, start, end) else {
                continue;
            };
            by_category.entry(category).or_default().push(Moved {
                origin: kb.or(ka).and_then(|k| k.origin),
                row: MovementRow {
                    deal_id: id,
                    name: None,
                    account: None,
                    owner: None,
                    category,
                    before: sa.cloned(),
                    after: sb.cloned(),
                    amount: row_amount(category, sa, sb),
                    pipeline_change: ob.saturating_sub(oa),
                    forecast_change: fb.saturating_sub(fa),
                },
            });
        }
    }

    let mut totals = Vec::new();
    let mut rows = Vec::new();
    for (category, mut list) in by_category {
        let total_amount = list
            .iter()
            .fold(0i64, |s, m| s.saturating_add(m.row.amount));
        let change = list
            .iter()
            .fold(0i64, |s, m| s.saturating_add(m.row.pipeline_change));
        let forecast_change = list
            .iter()
            .fold(0i64, |s, m| s.saturating_add(m.row.forecast_change));
        list.sort_by_key(|m| {
            (
                std::cmp::Reverse(m.row.amount.saturating_abs()),
                m.row.deal_id,
            )
        });
        let deals = list.len() as u32;
        list.truncate(MAX_ROWS_PER_CATEGORY);
        totals.push(MovementTotal {
            category,
            deals,
            amount: total_amount,
            pipeline_change: change,
            forecast_change,
            shown: list.len() as u32,
        });
        rows.extend(list);
    }
    // Create and close: no deal carries it, so it is a line of its own.
    // Between snapshots of different quarters the earlier forecast is its
    // deals seen from the later quarter, with the later estimate.
    let cnc_to = snapshots::team_create_and_close(conn, b.id)?;
    let forecast_from = if a.quarter == b.quarter {
        let cnc_from = snapshots::team_create_and_close(conn, a.id)?;
        let change = cnc_to.saturating_sub(cnc_from);
        if change != 0 {
            totals.push(MovementTotal {
                category: MovementCategory::CreateAndClose,
                deals: 0,
                amount: change,
                pipeline_change: 0,
                forecast_change: change,
                shown: 0,
            });
        }
        a.forecast
    } else {
        deals_from.saturating_add(cnc_to)
    };
    // A snapshot keeps its forecast and its deals together: when they do
    // not add up (a write between the two), say so in the log.
    if deals_to.saturating_add(cnc_to) != b.forecast {
        tracing::warn!(
            snapshot = b.id,
            deals = deals_to,
            create_and_close = cnc_to,
            forecast = b.forecast,
            "movement: a snapshot's deals do not add up to its forecast"
        );
    }
    let forecast_to = b.forecast;
    name_rows(conn, &mut rows)?;
    let rows = rows.into_iter().map(|m| m.row).collect();
    Ok(Movement {
        quarter: quarter.to_string(),
        currency: settings::currency(conn)?,
        from: a,
        to: b,
        open_pipeline_from: open_from,
        open_pipeline_to: open_to,
        forecast_from,
        forecast_to,
        totals,
        rows,
    })
}

/// A listed row with the import that created its deal.
struct Moved {
    origin: Option<i64>,
    row: MovementRow,
}

type Names = (Option<String>, Option<String>, Option<String>, Option<i64>);

/// Names the listed deals as they are called today, when the deal with
/// that id today is still the one the snapshot kept.
fn name_rows(conn: &Connection, rows: &mut [Moved]) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.name, d.account, r.name, d.created_import FROM deals d
         LEFT JOIN reps r ON r.id = d.owner_id WHERE d.id = ?1",
    )?;
    for m in rows {
        let found: Option<Names> = stmt
            .query_row([m.row.deal_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        if let Some((name, account, owner, _)) = found.filter(|f| f.3 == m.origin) {
            m.row.name = name;
            m.row.account = account;
            m.row.owner = owner;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use MovementCategory::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn s(amount: i64, close: NaiveDate, status: DealStatus) -> DealState {
        DealState {
            amount: Some(amount),
            close_date: Some(close),
            stage: Some(2),
            status,
            risk: Some(Risk::Yellow),
        }
    }

    fn c(a: Option<DealState>, b: Option<DealState>) -> Option<MovementCategory> {
        classify(a.as_ref(), b.as_ref(), d(10, 1), d(12, 31))
    }

    #[test]
    fn each_change_gets_its_category() {
        use DealStatus::Open;
        let open = |amount, m, day| s(amount, d(m, day), Open);
        assert_eq!(c(None, Some(open(10, 11, 1))), Some(New));
        assert_eq!(
            c(None, Some(open(10, 1, 5))),
            None,
            "new but outside the quarter"
        );
        assert_eq!(
            c(Some(open(10, 1, 5)), Some(open(10, 11, 1))),
            Some(PulledIn)
        );
        assert_eq!(
            c(Some(open(10, 12, 1)), Some(open(10, 11, 1))),
            Some(PulledIn)
        );
        assert_eq!(
            c(Some(open(10, 11, 1)), Some(s(10, d(12, 1), Open))),
            Some(PushedOut)
        );
        let next_year = DealState {
            close_date: NaiveDate::from_ymd_opt(2027, 1, 15),
            ..open(10, 11, 1)
        };
        assert_eq!(c(Some(open(10, 11, 1)), Some(next_year)), Some(PushedOut));
        assert_eq!(
            c(
                Some(open(10, 11, 1)),
                Some(s(10, d(11, 2), DealStatus::Won))
            ),
            Some(Won)
        );
        assert_eq!(
            c(
                Some(open(10, 11, 1)),
                Some(s(10, d(11, 2), DealStatus::Lost))
            ),
            Some(Lost)
        );
        assert_eq!(
            c(Some(open(10, 11, 1)), Some(open(12, 11, 1))),
            Some(AmountUp)
        );
        assert_eq!(
            c(Some(open(10, 11, 1)), Some(open(8, 11, 1))),
            Some(AmountDown)
        );
        assert_eq!(c(Some(open(10, 11, 1)), None), Some(Removed));
        assert_eq!(c(Some(open(10, 11, 1)), Some(open(10, 11, 1))), None);
        assert_eq!(
            c(None, Some(s(10, d(11, 2), DealStatus::Won))),
            Some(Won),
            "created and won between"
        );
        assert_eq!(
            c(Some(open(10, 1, 5)), Some(s(10, d(1, 6), DealStatus::Lost))),
            None,
            "never in the quarter"
        );
    }

    #[test]
    fn risk_changes_in_and_out_of_the_forecast_are_movement() {
        let with = |risk: Option<Risk>, amount: i64, day: u32| DealState {
            risk,
            ..s(amount, d(11, day), DealStatus::Open)
        };
        let (green, yellow, orange, red) = (
            Some(Risk::Green),
            Some(Risk::Yellow),
            Some(Risk::Orange),
            Some(Risk::Red),
        );
        assert_eq!(
            c(Some(with(yellow, 10, 1)), Some(with(red, 10, 1))),
            Some(OutOfForecast)
        );
        assert_eq!(
            c(Some(with(red, 10, 1)), Some(with(green, 10, 1))),
            Some(IntoForecast)
        );
        assert_eq!(
            c(Some(with(None, 10, 1)), Some(with(yellow, 10, 1))),
            Some(IntoForecast)
        );
        assert_eq!(
            c(Some(with(green, 10, 1)), Some(with(None, 10, 1))),
            Some(OutOfForecast)
        );
        assert_eq!(
            c(Some(with(green, 10, 1)), Some(with(yellow, 10, 1))),
            Some(RiskChanged)
        );
        assert_eq!(
            c(Some(with(orange, 10, 1)), Some(with(red, 10, 1))),
            Some(RiskChanged)
        );
        // Leaving the forecast says more than a new amount or a later date.
        assert_eq!(
            c(Some(with(green, 10, 1)), Some(with(red, 12, 9))),
            Some(OutOfForecast)
        );
        // Out of the quarter is pushed out, whatever the risk did.
        let january = DealState {
            close_date: NaiveDate::from_ymd_opt(2027, 1, 15),
            ..with(red, 10, 1)
        };
        assert_eq!(c(Some(with(green, 10, 1)), Some(january)), Some(PushedOut));
    }
}
