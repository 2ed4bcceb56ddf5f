//! The flags of the ramp board (docs/method.md §5, "Flags"): each a
//! sentence a manager can read out in the 1:1. Every rule looks at complete
//! weeks only, oldest first.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::band::{Band, Verdict};
use super::metric::{Cadence, Metric};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "RampFlagKind")]
pub enum FlagKind {
    /// Short of the plan's goal two or more weeks running.
    BelowGoal,
    /// Slipping away from the peers or from their own level.
    Drift,
    /// Well above the peers or the goal: something to learn from.
    Positive,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "RampFlag")]
pub struct Flag {
    pub kind: FlagKind,
    pub metric: Metric,
    pub message: String,
}

/// One complete week of one metric for one rep.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WeekPoint {
    pub value: Option<f64>,
    /// The plan's goal for that week of tenure, when the plan has one.
    pub goal: Option<f64>,
    pub band: Option<Band>,
}

/// Weeks running a rule needs before it flags.
pub const RUN_WEEKS: usize = 2;
/// At or past this share of the goal, a run of weeks is a positive flag.
pub const AHEAD_OF_GOAL: f64 = 1.25;
/// A drop of this share or more, trailing weeks against the weeks before.
pub const DRIFT_DROP: f64 = 0.20;
pub const DRIFT_RECENT_WEEKS: usize = 4;
pub const DRIFT_PRIOR_WEEKS: usize = 8;

/// The newest weeks, counted back while `holds` is true of each.
fn trailing_run(weeks: &[WeekPoint], holds: impl Fn(&WeekPoint) -> bool) -> &[WeekPoint] {
    let n = weeks.iter().rev().take_while(|w| holds(w)).count();
    &weeks[weeks.len() - n..]
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / f64::from(n))
}

/// "8 customer meetings a week" or "win rate 15 %".
fn amount(metric: Metric, value: f64, currency: &str) -> String {
    let v = metric.show(value, currency);
    match metric.cadence() {
        Cadence::Week => format!("{v} {} a week", metric.label()),
        Cadence::Month => format!("{v} {} a month", metric.label()),
        Cadence::Window => format!("{} {v}", metric.label()),
    }
}

/// Short of the goal two or more weeks running.
pub fn below_goal(metric: Metric, weeks: &[WeekPoint], currency: &str) -> Option<Flag> {
    let run = trailing_run(weeks, |w| match (w.value, w.goal) {
        (Some(v), Some(g)) => g > 0.0 && metric.worse(v, g),
        _ => false,
    });
    if run.len() < RUN_WEEKS {
        return None;
    }
    let avg = mean(run.iter().filter_map(|w| w.value))?;
    let goal = run.last()?.goal?;
    Some(Flag {
        kind: FlagKind::BelowGoal,
        metric,
        message: format!(
            "{} for {} weeks, goal {}",
            amount(metric, avg, currency),
            run.len(),
            metric.show(goal, currency)
        ),
    })
}

/// Well ahead two or more weeks running: past the peers' band on the good
/// side, or, in weeks without a band, at 125 % of the goal or more.
pub fn positive(metric: Metric, weeks: &[WeekPoint], currency: &str) -> Option<Flag> {
    let past_band = |w: &WeekPoint| match (w.value, w.band) {
        (Some(v), Some(b)) => b.verdict(v).good_side(metric),
        _ => false,
    };
    // Where the peers make a band, doing what they did at the same tenure
    // is on track, however far past an early month's goal: the goal
    // decides only weeks without a band.
    let past_goal = |w: &WeekPoint| match (w.value, w.goal) {
        _ if w.band.is_some() => false,
        (Some(v), Some(g)) if g > 0.0 => {
            if metric.higher_is_better() {
                v >= g * AHEAD_OF_GOAL
            } else {
                v * AHEAD_OF_GOAL <= g
            }
        }
        _ => false,
    };
    let by_band = trailing_run(weeks, past_band);
    let by_goal = trailing_run(weeks, past_goal);
    let (run, against) = if by_band.len() >= RUN_WEEKS {
        let b = by_band.last()?.band?;
        let edge = if metric.higher_is_better() {
            b.p75
        } else {
            b.p25
        };
        (
            by_band,
            format!(
                "the ramped peers' band ends at {}",
                metric.show(edge, currency)
            ),
        )
    } else if by_goal.len() >= RUN_WEEKS {
        let g = by_goal.last()?.goal?;
        (by_goal, format!("goal {}", metric.show(g, currency)))
    } else {
        return None;
    };
    let avg = mean(run.iter().filter_map(|w| w.value))?;
    Some(Flag {
        kind: FlagKind::Positive,
        metric,
        message: format!(
            "{} for {} weeks, {against}: learn from this",
            amount(metric, avg, currency),
            run.len()
        ),
    })
}

/// Drifting: a rep inside the band last week who is past its bad edge
/// this week, or whose last four weeks fell 20 % or more against their
/// own eight weeks before while the team's did not. `team(n)` gives the
/// team's value for the last `n` of the same weeks: asked only when the
/// rep's own weeks dropped (working it out is most of a board's work).
pub fn drift(
    metric: Metric,
    weeks: &[WeekPoint],
    team: &dyn Fn(usize) -> Vec<Option<f64>>,
    currency: &str,
) -> Option<Flag> {
    let show = |v: f64| metric.show(v, currency);
    let window = DRIFT_RECENT_WEEKS + DRIFT_PRIOR_WEEKS;
    if weeks.len() >= window {
        let own = &weeks[weeks.len() - window..];
        let (own_prior, own_recent) = own.split_at(DRIFT_PRIOR_WEEKS);
        let before = mean(own_prior.iter().filter_map(|w| w.value));
        let now = mean(own_recent.iter().filter_map(|w| w.value));
        let team = match (before, now) {
            (Some(before), Some(now)) if dropped(metric, before, now) => team(window),
            _ => Vec::new(),
        };
        let (team_before, team_now) = match team.len().checked_sub(window) {
            Some(extra) => {
                let (prior, recent) = team[extra..].split_at(DRIFT_PRIOR_WEEKS);
                (
                    mean(prior.iter().flatten().copied()),
                    mean(recent.iter().flatten().copied()),
                )
            }
            None => (None, None),
        };
        if let (Some(before), Some(now), Some(team_before), Some(team_now)) =
            (before, now, team_before, team_now)
        {
            if !dropped(metric, team_before, team_now) {
                return Some(Flag {
                    kind: FlagKind::Drift,
                    metric,
                    message: format!(
                        "{} {} → {}, team {}",
                        metric.label(),
                        show(before),
                        show(now),
                        show(team_now)
                    ),
                });
            }
        }
    }
    let [.., last_week, this_week] = weeks else {
        return None;
    };
    let (Some(was), Some(is), Some(b_was), Some(b)) = (
        last_week.value,
        this_week.value,
        last_week.band,
        this_week.band,
    ) else {
        return None;
    };
    if b_was.verdict(was) == Verdict::In && b.verdict(is).bad_side(metric) {
        let edge = if metric.higher_is_better() {
            b.p25
        } else {
            b.p75
        };
        return Some(Flag {
            kind: FlagKind::Drift,
            metric,
            message: format!(
                "{} {} → {}, out of the ramped peers' band (edge {})",
                metric.label(),
                show(was),
                show(is),
                show(edge)
            ),
        });
    }
    None
}

/// A fall of [`DRIFT_DROP`] or more in the metric's bad direction.
fn dropped(metric: Metric, before: f64, now: f64) -> bool {
    if before <= 0.0 {
        return false;
    }
    let change = (now - before) / before;
    if metric.higher_is_better() {
        change <= -DRIFT_DROP
    } else {
        change >= DRIFT_DROP
    }
}

/// Every flag of one metric's weeks.
pub fn flags(
    metric: Metric,
    weeks: &[WeekPoint],
    team: &dyn Fn(usize) -> Vec<Option<f64>>,
    currency: &str,
) -> Vec<Flag> {
    [
        below_goal(metric, weeks, currency),
        drift(metric, weeks, team, currency),
        positive(metric, weeks, currency),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ramp::band::BandBasis;

    fn w(value: f64, goal: Option<f64>) -> WeekPoint {
        WeekPoint {
            value: Some(value),
            goal,
            band: None,
        }
    }

    fn band(p25: f64, p75: f64) -> Band {
        Band {
            p25,
            median: (p25 + p75) / 2.0,
            p75,
            n: 5,
            basis: BandBasis::Tenure,
        }
    }

    #[test]
    fn two_weeks_short_of_the_goal() {
        let weeks = [w(16.0, Some(15.0)), w(8.0, Some(15.0)), w(8.0, Some(15.0))];
        let f = below_goal(Metric::CustomerMeetings, &weeks, "USD").unwrap();
        assert_eq!(f.kind, FlagKind::BelowGoal);
        assert_eq!(f.message, "8 customer meetings a week for 2 weeks, goal 15");
        // One week short is not yet a flag.
        assert!(below_goal(Metric::CustomerMeetings, &weeks[..2], "USD").is_none());
        // A week without a goal breaks the run (the plan expects nothing yet).
        let early = [w(0.0, None), w(1.0, Some(3.75))];
        assert!(below_goal(Metric::CustomerMeetings, &early, "USD").is_none());
        // Lower is better for the cycle: longer than the goal is short of it.
        let cycle = [w(70.0, Some(50.0)), w(80.0, Some(50.0))];
        let f = below_goal(Metric::MedianCycleDays, &cycle, "USD").unwrap();
        assert_eq!(f.message, "median cycle 75 days for 2 weeks, goal 50 days");
    }

    #[test]
    fn a_rep_inside_the_band_who_falls_below_it() {
        let b = band(0.22, 0.30);
        let weeks = [
            WeekPoint {
                value: Some(0.25),
                goal: None,
                band: Some(b),
            },
            WeekPoint {
                value: Some(0.15),
                goal: None,
                band: Some(b),
            },
        ];
        let f = drift(Metric::WinRate, &weeks, &no_team, "USD").unwrap();
        assert_eq!(f.kind, FlagKind::Drift);
        assert_eq!(
            f.message,
            "win rate 25 % → 15 %, out of the ramped peers' band (edge 22 %)"
        );
        // Already below last week: that is no drift, it is where they were.
        let weeks = [
            WeekPoint {
                value: Some(0.18),
                goal: None,
                band: Some(b),
            },
            WeekPoint {
                value: Some(0.15),
                goal: None,
                band: Some(b),
            },
        ];
        assert!(drift(Metric::WinRate, &weeks, &no_team, "USD").is_none());
    }

    /// No team weeks at all.
    fn no_team(_: usize) -> Vec<Option<f64>> {
        Vec::new()
    }

    /// The last `n` of `weeks`, counting how often it was asked.
    fn team_of(
        weeks: Vec<Option<f64>>,
        asked: &std::cell::Cell<u32>,
    ) -> impl Fn(usize) -> Vec<Option<f64>> + '_ {
        move |n| {
            asked.set(asked.get() + 1);
            weeks[weeks.len().saturating_sub(n)..].to_vec()
        }
    }

    #[test]
    fn four_weeks_twenty_percent_below_the_eight_before_while_the_team_held() {
        // Eight weeks at 20 %, four at 15 %: a 25 % drop; the team held at 25 %.
        let mut weeks: Vec<WeekPoint> = (0..8).map(|_| w(0.20, None)).collect();
        weeks.extend((0..4).map(|_| w(0.15, None)));
        let asked = std::cell::Cell::new(0);
        let team = team_of(vec![Some(0.25); 14], &asked);
        let f = drift(Metric::WinRate, &weeks, &team, "USD").unwrap();
        assert_eq!(f.message, "win rate 20 % → 15 %, team 25 %");
        // The whole team fell as much: not this rep's drift.
        let mut fell = vec![Some(0.25); 8];
        fell.extend(vec![Some(0.19); 4]);
        let team_fell = team_of(fell, &asked);
        assert!(drift(Metric::WinRate, &weeks, &team_fell, "USD").is_none());
        assert_eq!(asked.get(), 2);
        // A 10 % drop is within normal weekly noise; the team is not asked.
        let mut mild: Vec<WeekPoint> = (0..8).map(|_| w(0.20, None)).collect();
        mild.extend((0..4).map(|_| w(0.18, None)));
        assert!(drift(Metric::WinRate, &mild, &team, "USD").is_none());
        assert_eq!(asked.get(), 2);
    }

    #[test]
    fn positive_anomalies_two_weeks_running() {
        let b = band(0.22, 0.30);
        let weeks = [
            WeekPoint {
                value: Some(0.45),
                goal: None,
                band: Some(b),
            },
            WeekPoint {
                value: Some(0.55),
                goal: None,
                band: Some(b),
            },
        ];
        let f = positive(Metric::WinRate, &weeks, "USD").unwrap();
        assert_eq!(f.kind, FlagKind::Positive);
        assert_eq!(
            f.message,
            "win rate 50 % for 2 weeks, the ramped peers' band ends at 30 %: learn from this"
        );
        let goal = [w(19.0, Some(15.0)), w(20.0, Some(15.0))];
        let f = positive(Metric::CustomerMeetings, &goal, "USD").unwrap();
        assert_eq!(
            f.message,
            "19.5 customer meetings a week for 2 weeks, goal 15: learn from this"
        );
        // 18 is 120 % of 15: good, not exceptional.
        let fine = [w(18.0, Some(15.0)), w(18.0, Some(15.0))];
        assert!(positive(Metric::CustomerMeetings, &fine, "USD").is_none());
    }
}
