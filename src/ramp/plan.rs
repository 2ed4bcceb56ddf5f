//! The ramp plan per role (docs/method.md §5, "The ramp plan"): the goal
//! of each metric once ramped, and the share of it expected in each month
//! of tenure. Stored in the workspace and editable; these are the defaults.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::metric::Metric;
use crate::error::{Error, Result};

/// The roles a ramp plan exists for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(rename = "RampRole")]
pub enum Role {
    #[serde(rename = "AE")]
    Ae,
    #[serde(rename = "SDR")]
    Sdr,
    #[serde(rename = "CSM")]
    Csm,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Ae, Role::Sdr, Role::Csm];

    pub fn code(self) -> &'static str {
        match self {
            Role::Ae => "AE",
            Role::Sdr => "SDR",
            Role::Csm => "CSM",
        }
    }

    /// The role a roster's job title names: "AE", "Account Executive",
    /// "Senior AE", "SDR", "BDR", "Sales Development Rep", "CSM",
    /// "Customer Success Manager". Managers and titles that name none of
    /// them have no ramp plan.
    pub fn from_title(title: &str) -> Option<Role> {
        match crate::model::role_of_title(title)? {
            "AE" => Some(Role::Ae),
            "SDR" => Some(Role::Sdr),
            "CSM" => Some(Role::Csm),
            _ => None,
        }
    }
}

/// One role's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RampPlan {
    pub role: Role,
    /// The share of each goal expected in tenure month 1, 2, ...; past the
    /// last month the rep is ramped and the whole goal applies.
    pub curve: Vec<f64>,
    /// The goal at full ramp, per the metric's cadence (bookings a month,
    /// meetings a week). Money in currency units.
    #[ts(type = "Partial<Record<Metric, number>>")]
    pub goals: BTreeMap<Metric, f64>,
}

/// The longest ramp a plan may state: two years.
pub const MAX_CURVE_MONTHS: usize = 24;

impl RampPlan {
    /// The plan a workspace starts with for `role`.
    pub fn default_for(role: Role) -> RampPlan {
        let (curve, goals): (&[f64], &[(Metric, f64)]) = match role {
            Role::Ae => (
                &[0.0, 0.25, 0.5, 0.75, 1.0],
                &[
                    (Metric::Bookings, 80_000.0),
                    (Metric::CustomerMeetings, 15.0),
                    (Metric::FirstMeetings, 5.0),
                ],
            ),
            Role::Sdr => (&[0.25, 0.5, 0.75, 1.0], &[(Metric::MeetingsBooked, 10.0)]),
            Role::Csm => (&[0.5, 0.75, 1.0], &[(Metric::CustomerMeetings, 10.0)]),
        };
        RampPlan {
            role,
            curve: curve.to_vec(),
            goals: goals.iter().copied().collect(),
        }
    }

    /// The share of the goal expected in tenure month `month` (1-based).
    pub fn share(&self, month: u32) -> f64 {
        let i = (month.max(1) - 1) as usize;
        self.curve.get(i).copied().unwrap_or(1.0)
    }

    /// Whether a rep in tenure month `month` is past the end of the curve.
    pub fn ramped(&self, month: u32) -> bool {
        month as usize > self.curve.len()
    }

    /// The goal for `metric` in tenure month `month`, when the plan has one.
    pub fn goal(&self, metric: Metric, month: u32) -> Option<f64> {
        self.goals.get(&metric).map(|g| g * self.share(month))
    }

    /// Checks a plan a user edited, with a message they can act on.
    pub fn validate(&self) -> Result<()> {
        let role = self.role.code();
        if self.curve.is_empty() || self.curve.len() > MAX_CURVE_MONTHS {
            return Err(Error::Invalid(format!(
                "The {role} ramp needs between 1 and {MAX_CURVE_MONTHS} months."
            )));
        }
        for (i, s) in self.curve.iter().enumerate() {
            if !s.is_finite() || !(0.0..=1.0).contains(s) {
                return Err(Error::Invalid(format!(
                    "Month {} of the {role} ramp must be between 0 % and 100 %.",
                    i + 1
                )));
            }
        }
        if self.curve.last().is_some_and(|s| *s < 1.0) {
            return Err(Error::Invalid(format!(
                "The {role} ramp must reach 100 % in its last month: that is when a rep counts as ramped."
            )));
        }
        for (m, g) in &self.goals {
            if !g.is_finite() || *g < 0.0 {
                return Err(Error::Invalid(format!(
                    "The {role} goal for {} must be zero or more.",
                    m.label()
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_methods() {
        let ae = RampPlan::default_for(Role::Ae);
        assert_eq!(ae.curve, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(ae.goal(Metric::Bookings, 3), Some(40_000.0));
        assert_eq!(ae.goal(Metric::CustomerMeetings, 2), Some(3.75));
        assert_eq!(ae.goal(Metric::FirstMeetings, 9), Some(5.0));
        assert!(!ae.ramped(5));
        assert!(ae.ramped(6));
        let sdr = RampPlan::default_for(Role::Sdr);
        assert_eq!(sdr.goal(Metric::MeetingsBooked, 1), Some(2.5));
        assert_eq!(sdr.goal(Metric::Bookings, 1), None);
        for r in Role::ALL {
            RampPlan::default_for(r).validate().unwrap();
        }
    }

    #[test]
    fn titles_name_roles() {
        assert_eq!(Role::from_title("Account Executive"), Some(Role::Ae));
        assert_eq!(Role::from_title("Sr. AE"), Some(Role::Ae));
        assert_eq!(Role::from_title("BDR"), Some(Role::Sdr));
        assert_eq!(
            Role::from_title("Sales Development Representative"),
            Some(Role::Sdr)
        );
        assert_eq!(
            Role::from_title("Customer Success Manager"),
            Some(Role::Csm)
        );
        assert_eq!(Role::from_title("Sales Manager"), None);
        assert_eq!(Role::from_title("VP Sales"), None);
        // An account manager keeps customers won: the roster's CSM.
        assert_eq!(Role::from_title("Account Manager"), Some(Role::Csm));
        assert_eq!(Role::from_title("Sales Rep"), Some(Role::Ae));
    }

    #[test]
    fn edits_that_make_no_sense_are_refused() {
        let mut p = RampPlan::default_for(Role::Ae);
        p.curve = vec![0.5, 0.8];
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("must reach 100 %"), "{e}");
        p.curve = vec![1.5];
        assert!(p.validate().is_err());
        p.curve = vec![];
        assert!(p.validate().is_err());
        p.curve = vec![1.0];
        p.goals.insert(Metric::Calls, -1.0);
        assert!(p.validate().unwrap_err().to_string().contains("calls"));
    }
}
