//! Management span and the sales-operations case (docs/method.md §6): a
//! manager follows 6–9 reps; past 8, a team lead, then a manager. From 10
//! reps, what a sales operations hire costs against what it adds across the
//! pods. And what a manager costs per rep at 8 reps against 5.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::{num, pct, whole};
use crate::money;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Span {
    pub reps: u32,
    pub managers: u32,
    pub reps_per_manager: Option<f64>,
    pub advice: String,
    /// A manager's cost a year, currency units.
    pub manager_cost: f64,
    /// A manager's cost per rep a year at 8 reps, and at 5.
    pub cost_per_rep_at_8: f64,
    pub cost_per_rep_at_5: f64,
    /// How much less per rep at 8 than at 5 (0.375).
    pub saving_at_8: f64,
    /// "A $200,000 manager costs $25,000 a rep at 8 reps, $40,000 at 5: 37.5 % less."
    pub cost_message: String,
}

/// A manager's reps past which a team lead is due.
pub const SPAN_LEAD: f64 = 8.0;
/// Past this a manager cannot follow their reps: add a manager.
pub const SPAN_MAX: f64 = 9.0;
/// The low end of the band.
pub const SPAN_MIN: f64 = 6.0;

pub fn advice(reps: u32, managers: u32) -> (Option<f64>, String) {
    if managers == 0 {
        let text = if reps == 0 {
            "Nobody to manage yet.".to_string()
        } else {
            format!(
                "No manager on the roster: the {reps} rep(s) report to you. Past {} reps add a team lead, then a manager.",
                num(SPAN_LEAD)
            )
        };
        return (None, text);
    }
    let r = f64::from(reps) / f64::from(managers);
    let text = if r > SPAN_MAX {
        format!(
            "{} reps per manager is past the 6–9 a manager can follow: add a manager (a team lead in the meantime).",
            num(r)
        )
    } else if r > SPAN_LEAD {
        format!(
            "{} reps per manager is past {}: add a team lead now, then a manager.",
            num(r),
            num(SPAN_LEAD)
        )
    } else if r >= SPAN_MIN {
        format!("{} reps per manager: inside the 6–9 band.", num(r))
    } else {
        format!(
            "{} reps per manager: room for more reps before another manager (6–9 is the band).",
            num(r)
        )
    };
    (Some(r), text)
}

/// `manager_cost_minor` is a manager's cost a year.
pub fn span(reps: u32, managers: u32, manager_cost_minor: i64, currency: &str) -> Span {
    let (reps_per_manager, advice) = advice(reps, managers);
    let at_8 = (manager_cost_minor as f64 / 8.0).round() as i64;
    let at_5 = (manager_cost_minor as f64 / 5.0).round() as i64;
    let saving = 1.0 - 5.0 / 8.0;
    Span {
        reps,
        managers,
        reps_per_manager,
        advice,
        manager_cost: money::to_major(manager_cost_minor, currency),
        cost_per_rep_at_8: money::to_major(at_8, currency),
        cost_per_rep_at_5: money::to_major(at_5, currency),
        saving_at_8: saving,
        cost_message: format!(
            "A {} manager costs {} a rep at 8 reps and {} at 5: {} less per rep.",
            whole(manager_cost_minor, currency),
            whole(at_8, currency),
            whole(at_5, currency),
            pct(saving)
        ),
    }
}

/// The sales-operations case, from 10 reps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SalesOps {
    pub reps: u32,
    /// Pods counted as two AEs each.
    pub pods: u32,
    /// An ops hire's cost a year, currency units.
    pub ops_cost: f64,
    /// What it adds to each pod's bookings a year.
    pub lift_per_pod: f64,
    /// pods × lift.
    pub extra_bookings: f64,
    pub pays: bool,
    pub message: String,
}

/// Reps from which the sales-operations case is made.
pub const SALES_OPS_REPS: u32 = 10;

/// `None` below 10 reps. Pods are counted as two AEs each (a pod's AEs
/// carry its bookings), at least one.
pub fn sales_ops(
    reps: u32,
    aes: u32,
    ops_cost_minor: i64,
    lift_minor: i64,
    currency: &str,
) -> Option<SalesOps> {
    if reps < SALES_OPS_REPS {
        return None;
    }
    let pods = (aes / 2).max(1);
    let extra = lift_minor.checked_mul(i64::from(pods))?;
    let pays = extra >= ops_cost_minor;
    let message = format!(
        "At {reps} reps, a {} sales operations hire lifting {pods} pod(s) by {} each adds {}: {}.",
        whole(ops_cost_minor, currency),
        whole(lift_minor, currency),
        whole(extra, currency),
        if pays {
            "it pays for itself"
        } else {
            "it does not pay for itself yet"
        }
    );
    Some(SalesOps {
        reps,
        pods,
        ops_cost: money::to_major(ops_cost_minor, currency),
        lift_per_pod: money::to_major(lift_minor, currency),
        extra_bookings: money::to_major(extra, currency),
        pays,
        message,
    })
}
