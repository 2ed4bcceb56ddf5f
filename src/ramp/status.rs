//! A new hire's status (docs/method.md §5, "Status"): each metric against
//! the ramped peers' band at the same tenure, else against the plan's goal
//! for this month of tenure, and one overall call with its reason.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::band::{Band, Verdict};
use super::flags::AHEAD_OF_GOAL;
use super::metric::Metric;
use super::tenure::Tenure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RampStatus {
    OnTrack,
    Behind,
    Ahead,
    /// Less than two complete weeks in the role, or nothing expected yet.
    TooEarly,
}

/// One metric of one rep, as the ramp board shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MetricState {
    pub metric: Metric,
    /// `None` when the inputs are absent: shown as "no data", never as 0.
    pub value: Option<f64>,
    /// The plan's goal for this tenure month, when the plan has one.
    pub goal: Option<f64>,
    pub band: Option<Band>,
    pub verdict: Verdict,
    /// Why there is no band verdict ("too few ramped peers (2)").
    pub no_band: Option<String>,
}

/// How one metric reads: short of where it should be, ahead, or fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Short,
    Fine,
    Ahead,
}

/// The band decides when there is one (ramping into band is being on
/// track); the goal decides otherwise.
fn reading(s: &MetricState) -> Option<Reading> {
    let value = s.value?;
    if s.band.is_some() {
        return Some(if s.verdict.bad_side(s.metric) {
            Reading::Short
        } else if s.verdict.good_side(s.metric) {
            Reading::Ahead
        } else {
            Reading::Fine
        });
    }
    let goal = s.goal.filter(|g| *g > 0.0)?;
    Some(if s.metric.worse(value, goal) {
        Reading::Short
    } else if (s.metric.higher_is_better() && value >= goal * AHEAD_OF_GOAL)
        || (!s.metric.higher_is_better() && value * AHEAD_OF_GOAL <= goal)
    {
        Reading::Ahead
    } else {
        Reading::Fine
    })
}

/// "customer meetings 8 against the band 12–16" or "… against a goal of 15".
fn against(s: &MetricState, currency: &str) -> String {
    let show = |v: f64| s.metric.show(v, currency);
    let value = s.value.map(show).unwrap_or_default();
    match (&s.band, s.goal) {
        (Some(b), _) => format!(
            "{} {value} against the peers' {}–{}",
            s.metric.label(),
            show(b.p25),
            show(b.p75)
        ),
        (None, Some(g)) => format!("{} {value} against a goal of {}", s.metric.label(), show(g)),
        (None, None) => format!("{} {value}", s.metric.label()),
    }
}

/// The overall call and its reason.
pub fn overall(states: &[MetricState], tenure: Tenure, currency: &str) -> (RampStatus, String) {
    if tenure.full_weeks() < 2 {
        return (
            RampStatus::TooEarly,
            "Less than two full weeks in the role.".to_string(),
        );
    }
    let read: Vec<(&MetricState, Reading)> = states
        .iter()
        .filter_map(|s| reading(s).map(|r| (s, r)))
        .collect();
    if read.is_empty() {
        return (
            RampStatus::TooEarly,
            "Nothing to judge yet: no goal this month and no peers to compare with.".to_string(),
        );
    }
    let list = |which: Reading| -> Vec<String> {
        read.iter()
            .filter(|(_, r)| *r == which)
            .map(|(s, _)| against(s, currency))
            .collect()
    };
    let short = list(Reading::Short);
    if !short.is_empty() {
        return (RampStatus::Behind, format!("Behind: {}.", short.join("; ")));
    }
    let ahead = list(Reading::Ahead);
    if !ahead.is_empty() {
        return (RampStatus::Ahead, format!("Ahead: {}.", ahead.join("; ")));
    }
    let n = read.len();
    (
        RampStatus::OnTrack,
        format!(
            "On track: {n} metric{} in the peers' band or at goal.",
            if n == 1 { "" } else { "s" }
        ),
    )
}

/// One metric's state from its value, goal and peers' band (or their count
/// when too few).
pub fn state(
    metric: Metric,
    value: Option<f64>,
    goal: Option<f64>,
    band: Result<Band, u32>,
) -> MetricState {
    let (band, no_band) = match band {
        Ok(b) => (Some(b), None),
        Err(n) => (None, Some(super::band::too_few(n))),
    };
    MetricState {
        metric,
        value,
        goal,
        verdict: super::band::verdict(value, band.as_ref()),
        band,
        no_band,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ramp::band::{band, BandBasis};

    fn weeks(n: u32) -> Tenure {
        Tenure {
            month: 1 + n / 4,
            week: n + 1,
            days: n * 7,
        }
    }

    #[test]
    fn short_of_the_band_is_behind_even_at_goal() {
        let peers = band(&[12.0, 14.0, 16.0, 18.0], BandBasis::Tenure);
        let s = state(Metric::CustomerMeetings, Some(8.0), Some(7.5), peers);
        assert_eq!(s.verdict, Verdict::Below);
        let (status, why) = overall(&[s], weeks(6), "USD");
        assert_eq!(status, RampStatus::Behind);
        assert_eq!(
            why,
            "Behind: customer meetings 8 against the peers' 13.5–16.5."
        );
    }

    #[test]
    fn without_peers_the_goal_decides() {
        let s = state(Metric::CustomerMeetings, Some(8.0), Some(15.0), Err(2));
        assert_eq!(s.no_band.as_deref(), Some("too few ramped peers (2)"));
        assert_eq!(s.verdict, Verdict::NoBand);
        let (status, why) = overall(&[s], weeks(6), "USD");
        assert_eq!(status, RampStatus::Behind);
        assert_eq!(why, "Behind: customer meetings 8 against a goal of 15.");
        let fine = state(Metric::CustomerMeetings, Some(15.0), Some(15.0), Err(0));
        assert_eq!(overall(&[fine], weeks(6), "USD").0, RampStatus::OnTrack);
    }

    #[test]
    fn far_above_the_band_is_ahead() {
        let peers = band(&[0.20, 0.25, 0.30], BandBasis::Calendar);
        let win = state(Metric::WinRate, Some(0.5), None, peers);
        let meetings = state(Metric::CustomerMeetings, Some(15.0), Some(15.0), Err(1));
        let (status, why) = overall(&[win, meetings], weeks(10), "USD");
        assert_eq!(status, RampStatus::Ahead);
        assert_eq!(
            why,
            "Ahead: win rate 50 % against the peers' 22.5 %–27.5 %."
        );
    }

    #[test]
    fn too_early_to_call() {
        let s = state(Metric::CustomerMeetings, Some(1.0), Some(15.0), Err(0));
        assert_eq!(
            overall(std::slice::from_ref(&s), weeks(1), "USD").0,
            RampStatus::TooEarly
        );
        // Month 1 of an AE expects nothing (0 %) and no peers: nothing to judge.
        let none = state(Metric::Bookings, Some(0.0), Some(0.0), Err(0));
        assert_eq!(overall(&[none], weeks(3), "USD").0, RampStatus::TooEarly);
        // Absent data is never judged as 0.
        let absent = state(Metric::Calls, None, Some(50.0), Err(0));
        assert_eq!(overall(&[absent], weeks(3), "USD").0, RampStatus::TooEarly);
    }
}
