//! What the calculator knows about the team, read from the workspace once:
//! the roster with roles and costs, the closed deals, the first meetings
//! of the activity exports, and each role's ramp plan (the curves are the
//! ramp board's, docs/method.md §5).
use chrono::NaiveDate;
use rusqlite::Connection;

use super::roles::StaffRole;
use crate::error::Result;
use crate::ramp::RampPlan;
use crate::store::activities::ActivityCategory;
pub use crate::store::scaling::ClosedDeal;

/// One person of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    /// What the job title names; `None` for titles that name no sales role.
    /// A roster without titles (Maven's, most CRM user lists) still has a
    /// team: someone the others report to is a manager, someone who owns
    /// won or lost deals an AE (see `inferred`).
    pub role: Option<StaffRole>,
    /// The role was told from the roster's shape, not from a title.
    pub inferred: bool,
    pub manager: Option<String>,
    pub active: bool,
    /// When the current role began (the role start, else the start date).
    pub role_start: Option<NaiveDate>,
    /// Fully loaded cost a year, minor units, when the roster gave one.
    pub annual_cost_minor: Option<i64>,
}

/// First meetings counted on a day (or in the week or month starting then).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FirstMeetings {
    pub rep_id: i64,
    pub day: NaiveDate,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    pub currency: String,
    pub people: Vec<Person>,
    pub closed: Vec<ClosedDeal>,
    pub first_meetings: Vec<FirstMeetings>,
    /// The ramp plan of each role (AE, SDR, CSM), saved or default.
    pub plans: Vec<RampPlan>,
}

impl Facts {
    /// The facts of a workspace with nothing in it: every input from data
    /// is missing, the defaults stand.
    pub fn empty(currency: &str) -> Facts {
        Facts {
            currency: currency.to_string(),
            plans: crate::ramp::Role::ALL
                .into_iter()
                .map(RampPlan::default_for)
                .collect(),
            ..Facts::default()
        }
    }

    pub fn plan(&self, role: crate::ramp::Role) -> RampPlan {
        self.plans
            .iter()
            .find(|p| p.role == role)
            .cloned()
            .unwrap_or_else(|| RampPlan::default_for(role))
    }

    /// The active people of a role.
    pub fn active(&self, role: StaffRole) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(move |p| p.active && p.role == Some(role))
    }
}

pub fn read(conn: &Connection) -> Result<Facts> {
    let costs = crate::store::scaling::annual_costs(conn)?;
    let closed = crate::store::scaling::closed_deals(conn)?;
    let roster = crate::store::ramp::roster(conn)?;
    let managers: std::collections::HashSet<String> = roster
        .iter()
        .filter_map(|r| r.manager.as_ref().map(|m| m.to_lowercase()))
        .collect();
    let owners: std::collections::HashSet<i64> = closed.iter().filter_map(|d| d.owner_id).collect();
    let people = roster
        .into_iter()
        .map(|r| {
            let titled = r.title.as_deref().and_then(StaffRole::from_title);
            let untitled = r.title.as_deref().is_none_or(|t| t.trim().is_empty());
            let inferred = if untitled && managers.contains(&r.name.to_lowercase()) {
                Some(StaffRole::Manager)
            } else if untitled && owners.contains(&r.id) {
                Some(StaffRole::Ae)
            } else {
                None
            };
            Person {
                id: r.id,
                role: titled.or(inferred),
                inferred: titled.is_none() && inferred.is_some(),
                active: r.active(),
                manager: r.manager,
                role_start: r.role_start,
                annual_cost_minor: costs.get(&r.id).copied(),
                name: r.name,
            }
        })
        .collect();
    let first_meetings = crate::store::activities::counts(conn)?
        .into_iter()
        .filter(|c| c.category == ActivityCategory::FirstMeeting && c.count > 0)
        .map(|c| FirstMeetings {
            rep_id: c.rep_id,
            day: c.day,
            count: c.count,
        })
        .collect();
    Ok(Facts {
        currency: crate::store::settings::currency(conn)?,
        people,
        closed,
        first_meetings,
        plans: crate::ramp::board::plans(conn)?,
    })
}
