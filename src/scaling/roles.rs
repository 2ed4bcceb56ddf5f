//! The roles a sales team hires and what each costs by default
//! (docs/method.md §6, "How SalesOS computes it"): a roster's fully loaded
//! cost wins; these stand in where it has none.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ramp::Role;

/// A role on the roster or in a hiring plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
pub enum StaffRole {
    #[serde(rename = "AE")]
    Ae,
    #[serde(rename = "SDR")]
    Sdr,
    #[serde(rename = "CSM")]
    Csm,
    #[serde(rename = "manager")]
    Manager,
    #[serde(rename = "VP")]
    Vp,
    #[serde(rename = "ops")]
    SalesOps,
}

impl StaffRole {
    pub const ALL: [StaffRole; 6] = [
        StaffRole::Ae,
        StaffRole::Sdr,
        StaffRole::Csm,
        StaffRole::Manager,
        StaffRole::Vp,
        StaffRole::SalesOps,
    ];

    /// The code the command line and the JSON use.
    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Ae => "AE",
            StaffRole::Sdr => "SDR",
            StaffRole::Csm => "CSM",
            StaffRole::Manager => "manager",
            StaffRole::Vp => "VP",
            StaffRole::SalesOps => "ops",
        }
    }

    /// How a sentence names one of them.
    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Ae => "AE",
            StaffRole::Sdr => "SDR",
            StaffRole::Csm => "CSM",
            StaffRole::Manager => "sales manager",
            StaffRole::Vp => "VP of sales",
            StaffRole::SalesOps => "sales operations hire",
        }
    }

    /// A role by its code or a common name ("ae", "bdr", "vp", "sales ops").
    pub fn parse(text: &str) -> Option<StaffRole> {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "ae" | "account executive" => Some(StaffRole::Ae),
            "sdr" | "bdr" => Some(StaffRole::Sdr),
            "csm" | "cs" => Some(StaffRole::Csm),
            "manager" | "mgr" | "sales manager" => Some(StaffRole::Manager),
            "vp" | "vp sales" | "vp of sales" => Some(StaffRole::Vp),
            "ops" | "sales ops" | "salesops" | "sales operations" => Some(StaffRole::SalesOps),
            _ => None,
        }
    }

    /// The role a roster's job title names, as the roster reads titles
    /// (`model::role_of_title`), with sales operations and VPs told apart
    /// from sellers and managers; `None` for titles that name no sales role.
    pub fn from_title(title: &str) -> Option<StaffRole> {
        let t = title.trim().to_lowercase();
        let words: Vec<&str> = t
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.contains(&"ops") || t.contains("operations") || words.contains(&"revops") {
            return Some(StaffRole::SalesOps);
        }
        if words.contains(&"vp") || t.contains("vice president") || words.contains(&"cro") {
            return Some(StaffRole::Vp);
        }
        match crate::model::role_of_title(title)? {
            "AE" => Some(StaffRole::Ae),
            "SDR" => Some(StaffRole::Sdr),
            "CSM" => Some(StaffRole::Csm),
            "manager" => Some(StaffRole::Manager),
            _ => None,
        }
    }

    pub fn from_ramp(r: Role) -> StaffRole {
        match r {
            Role::Ae => StaffRole::Ae,
            Role::Sdr => StaffRole::Sdr,
            Role::Csm => StaffRole::Csm,
        }
    }

    /// The ramp plan a role follows; managers and the rest sell nothing
    /// themselves and have none.
    pub fn ramp_role(self) -> Option<Role> {
        match self {
            StaffRole::Ae => Some(Role::Ae),
            StaffRole::Sdr => Some(Role::Sdr),
            StaffRole::Csm => Some(Role::Csm),
            _ => None,
        }
    }

    /// Sellers: the reps a manager's span counts.
    pub fn is_rep(self) -> bool {
        self.ramp_role().is_some()
    }

    /// The fully loaded cost a year used when the roster gives none, in
    /// currency units (docs/method.md §6): an AE on ~$150K total pay, an SDR
    /// ~$80K, a CSM ~$90K, a first-line manager ~$200K, a VP ~$250K, a sales
    /// operations hire ~$80K.
    pub fn default_annual_cost(self) -> f64 {
        match self {
            StaffRole::Ae => 150_000.0,
            StaffRole::Sdr => 80_000.0,
            StaffRole::Csm => 90_000.0,
            StaffRole::Manager => 200_000.0,
            StaffRole::Vp => 250_000.0,
            StaffRole::SalesOps => 80_000.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_codes_name_roles() {
        assert_eq!(
            StaffRole::from_title("Account Executive"),
            Some(StaffRole::Ae)
        );
        assert_eq!(StaffRole::from_title("BDR"), Some(StaffRole::Sdr));
        assert_eq!(StaffRole::from_title("manager"), Some(StaffRole::Manager));
        assert_eq!(StaffRole::from_title("VP Sales"), Some(StaffRole::Vp));
        assert_eq!(
            StaffRole::from_title("Sales Ops Analyst"),
            Some(StaffRole::SalesOps)
        );
        assert_eq!(StaffRole::from_title("Engineer"), None);
        assert_eq!(StaffRole::parse("vp"), Some(StaffRole::Vp));
        assert_eq!(StaffRole::parse("Ops"), Some(StaffRole::SalesOps));
        assert_eq!(StaffRole::parse("x"), None);
    }
}
