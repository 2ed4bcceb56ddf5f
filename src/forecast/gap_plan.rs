//! The gap plan's timing (docs/method.md §2, "Closing the gap"): new
//! pipeline only closes the gap this quarter if a deal started today can be
//! won before the quarter ends. With fewer days left than the average won
//! cycle, new first meetings cannot close this quarter: the plan says so,
//! asks for none this quarter, and carries the shortfall into next
//! quarter's plan, where those meetings belong.
use chrono::Days;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ForecastLine;
use crate::calendar::{FiscalCalendar, Quarter};

/// What new pipeline can still do for the team's gap, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GapPlan {
    /// Average days from creation to win over won deals with both dates;
    /// null without such history (then new deals are assumed to close in time).
    pub average_cycle_days: Option<i64>,
    pub days_left: u32,
    /// A deal created today can be won before the quarter ends.
    pub new_deals_close_in_time: bool,
    /// New pipeline this quarter's plan asks for (0 when it cannot close in time).
    pub new_pipeline_this_quarter: Option<i64>,
    /// First meetings this quarter's plan asks for (0 when they cannot close in time).
    pub first_meetings_this_quarter: Option<u32>,
    /// The quarter after this one, `YYYY-Qn`.
    pub next_quarter: String,
    /// The shortfall new pipeline cannot close this quarter, moved into next
    /// quarter's plan; null when there is none or it can close in time.
    pub carried_to_next_quarter: Option<CarriedGap>,
    /// The plan in one or two sentences.
    pub summary: String,
}

/// The part of this quarter's gap that moves into next quarter's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarriedGap {
    /// Minor units short of goal after this quarter's forecast.
    pub gap: i64,
    /// New pipeline to build for it (gap ÷ win rate).
    pub new_pipeline: Option<i64>,
    /// First meetings to book for it (new pipeline ÷ average deal size).
    pub first_meetings: Option<u32>,
}

/// The quarter after `quarter`.
pub fn next_quarter(cal: &FiscalCalendar, quarter: Quarter) -> Quarter {
    let (_, end) = cal.bounds(quarter);
    cal.quarter_of(end.checked_add_days(Days::new(1)).unwrap_or(end))
}

/// The plan for the team's line, `days_left` days before the quarter ends.
pub fn plan(
    team: &ForecastLine,
    days_left: u32,
    average_cycle_days: Option<i64>,
    next_quarter: Quarter,
    currency: &str,
) -> GapPlan {
    let in_time = average_cycle_days.is_none_or(|c| i64::from(days_left) >= c);
    let short = team.gap.filter(|g| *g > 0);
    // Whole units in a sentence: "$184,174", not "$184,173.91".
    let unit = 10i64.pow(crate::money::minor_digits(currency));
    let money = |v: i64| {
        let whole = v
            .checked_add(unit / 2)
            .map_or(v, |r| r - r.rem_euclid(unit));
        crate::money::format(whole, currency)
    };
    let next = next_quarter.to_string();
    let cycle_words = |c: i64| format!("A deal takes {c} days on average from creation to win");
    let (this_pipeline, this_meetings, carried, summary) = match (short, in_time) {
        (None, _) => (
            team.new_pipeline_needed,
            team.first_meetings_needed,
            None,
            "No gap to close: the forecast reaches the goal.".to_string(),
        ),
        (Some(gap), true) => {
            let ask = match (team.new_pipeline_needed, team.first_meetings_needed) {
                (Some(p), Some(n)) => format!(
                    "{} of new pipeline, {} first meetings",
                    money(p),
                    crate::money::format_count(u64::from(n))
                ),
                _ => "new pipeline (no win rate or deal size yet to size it)".to_string(),
            };
            let timing = match average_cycle_days {
                Some(c) => format!(
                    "{} and {days_left} days are left: new deals can still close this quarter. ",
                    cycle_words(c)
                ),
                None => String::new(),
            };
            (
                team.new_pipeline_needed,
                team.first_meetings_needed,
                None,
                format!("{timing}To close the {} gap: {ask}.", money(gap)),
            )
        }
        (Some(gap), false) => {
            let carried = CarriedGap {
                gap,
                new_pipeline: team.new_pipeline_needed,
                first_meetings: team.first_meetings_needed,
            };
            let ask = match (carried.new_pipeline, carried.first_meetings) {
                (Some(p), Some(n)) => format!(
                    ": {} of new pipeline, {} first meetings to book now",
                    money(p),
                    crate::money::format_count(u64::from(n))
                ),
                _ => String::new(),
            };
            let summary = format!(
                "{} and {days_left} days are left: new first meetings cannot close this quarter. \
                 Close what you can of the {} gap with deals already open; the shortfall moves \
                 to {next}'s plan{ask}.",
                cycle_words(average_cycle_days.unwrap_or_default()),
                money(gap)
            );
            (Some(0), Some(0), Some(carried), summary)
        }
    };
    GapPlan {
        average_cycle_days,
        days_left,
        new_deals_close_in_time: in_time,
        new_pipeline_this_quarter: this_pipeline,
        first_meetings_this_quarter: this_meetings,
        next_quarter: next,
        carried_to_next_quarter: carried,
        summary,
    }
}
