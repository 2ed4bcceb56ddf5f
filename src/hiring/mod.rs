//! Hiring: the candidate profile, scorecards, the coachability role-play and
//! the rules that turn them into a recommendation (docs/method.md §4).
//!
//! The point of the module is to keep a hiring team from talking itself into
//! a hire the scores do not support: must-pass traits have floors no other
//! score can buy back (`scoring`), interviewers score before they see each
//! other's scores (enforced in `api::hiring`), and coachability is observed
//! in a two-round role-play rather than asked about (`roleplay`).
//!
//! Everything here is plain data and pure functions; `store::hiring` keeps
//! it and `api::hiring` is the door the UI and the CLI use.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::process::normalize;

pub mod candidate;
pub mod profile;
pub mod roleplay;
pub mod scorecard;
pub mod scoring;
pub mod views;

pub use candidate::{Candidate, CandidateInput};
pub use profile::{default_profile, Profile, Trait, COACHABILITY};
pub use roleplay::{
    Coaching, RolePlay, RolePlayResult, Round1, Round2, COACHING_POINTS, DEFAULT_SCENARIO,
};
pub use scorecard::{Scorecard, TraitScore};
pub use scoring::{
    evaluate, CoachabilitySummary, Evaluation, InterviewerScore, InterviewerVerdict, MustPass,
    TraitResult,
};
pub use views::{ComparedCandidate, Debrief, RoleComparison};

/// The roles a team hires for; each has its own candidate profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub enum Role {
    #[serde(rename = "AE")]
    Ae,
    #[serde(rename = "SDR")]
    Sdr,
    #[serde(rename = "CSM")]
    Csm,
    #[serde(rename = "manager")]
    Manager,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Ae, Role::Sdr, Role::Csm, Role::Manager];

    /// The stored and JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Ae => "AE",
            Role::Sdr => "SDR",
            Role::Csm => "CSM",
            Role::Manager => "manager",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Ae => "Account executive (AE)",
            Role::Sdr => "Sales development rep (SDR)",
            Role::Csm => "Customer success manager (CSM)",
            Role::Manager => "Sales manager",
        }
    }

    /// Reads a role as people write it in a sheet or on the command line.
    pub fn parse(s: &str) -> Option<Role> {
        match normalize(s).as_str() {
            "ae" | "account executive" | "account exec" | "closer" => Some(Role::Ae),
            "sdr"
            | "bdr"
            | "sales development rep"
            | "sales development representative"
            | "business development rep" => Some(Role::Sdr),
            "csm" | "customer success" | "customer success manager" | "am" | "account manager" => {
                Some(Role::Csm)
            }
            "manager" | "sales manager" | "mgr" | "team lead" | "first line manager" => {
                Some(Role::Manager)
            }
            _ => None,
        }
    }

    pub fn parse_or_explain(s: &str) -> crate::Result<Role> {
        Role::parse(s).ok_or_else(|| {
            crate::Error::invalid(format!(
                "\"{}\" is not a role SalesOS hires for: use AE, SDR, CSM or manager.",
                s.trim()
            ))
        })
    }
}

/// Where a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Referral,
    /// Found by the team (the "bench" of people they keep in touch with).
    Sourced,
    Inbound,
    Agency,
}

impl Source {
    pub const ALL: [Source; 4] = [
        Source::Referral,
        Source::Sourced,
        Source::Inbound,
        Source::Agency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Referral => "referral",
            Source::Sourced => "sourced",
            Source::Inbound => "inbound",
            Source::Agency => "agency",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Referral => "Referral",
            Source::Sourced => "Sourced / bench",
            Source::Inbound => "Inbound",
            Source::Agency => "Agency",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        match normalize(s).as_str() {
            "referral" | "referred" => Some(Source::Referral),
            "sourced" | "bench" | "sourced bench" | "outbound" => Some(Source::Sourced),
            "inbound" | "applied" | "application" => Some(Source::Inbound),
            "agency" | "recruiter" => Some(Source::Agency),
            _ => None,
        }
    }
}

/// Where a candidate is in the hiring process: the columns of the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Screen,
    RolePlay,
    Panel,
    Offer,
    Hired,
    Rejected,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Screen,
        Stage::RolePlay,
        Stage::Panel,
        Stage::Offer,
        Stage::Hired,
        Stage::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Screen => "screen",
            Stage::RolePlay => "role_play",
            Stage::Panel => "panel",
            Stage::Offer => "offer",
            Stage::Hired => "hired",
            Stage::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Screen => "Screen",
            Stage::RolePlay => "Role-play",
            Stage::Panel => "Panel",
            Stage::Offer => "Offer",
            Stage::Hired => "Hired",
            Stage::Rejected => "Rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        match normalize(s).as_str() {
            "screen" | "screening" | "phone screen" => Some(Stage::Screen),
            "role play" | "roleplay" => Some(Stage::RolePlay),
            "panel" | "interview" | "interviews" | "onsite" => Some(Stage::Panel),
            "offer" => Some(Stage::Offer),
            "hired" | "hire" => Some(Stage::Hired),
            "rejected" | "declined" | "no hire" => Some(Stage::Rejected),
            _ => None,
        }
    }
}

/// The 1-4 rating scale of every trait and of an interviewer's overall call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    StrongNo,
    No,
    Yes,
    StrongYes,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::StrongNo,
        Verdict::No,
        Verdict::Yes,
        Verdict::StrongYes,
    ];

    /// 1 (strong no) to 4 (strong yes).
    pub fn score(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_score(score: u8) -> Option<Verdict> {
        Verdict::ALL.get((score as usize).checked_sub(1)?).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::StrongNo => "strong_no",
            Verdict::No => "no",
            Verdict::Yes => "yes",
            Verdict::StrongYes => "strong_yes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::StrongNo => "Strong no",
            Verdict::No => "No",
            Verdict::Yes => "Yes",
            Verdict::StrongYes => "Strong yes",
        }
    }

    /// "strong yes", "Strong_No", "3", "yes"...
    pub fn parse(s: &str) -> Option<Verdict> {
        let n = normalize(s);
        match n.as_str() {
            "strong no" | "strongno" | "definitely not" => Some(Verdict::StrongNo),
            "no" | "lean no" => Some(Verdict::No),
            "yes" | "lean yes" => Some(Verdict::Yes),
            "strong yes" | "strongyes" => Some(Verdict::StrongYes),
            _ => n.parse::<u8>().ok().and_then(Verdict::from_score),
        }
    }
}

/// What the rules say about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Hire,
    NoHire,
    Undecided,
}

impl Recommendation {
    pub fn as_str(self) -> &'static str {
        match self {
            Recommendation::Hire => "hire",
            Recommendation::NoHire => "no_hire",
            Recommendation::Undecided => "undecided",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Recommendation::Hire => "Hire",
            Recommendation::NoHire => "No hire",
            Recommendation::Undecided => "Undecided",
        }
    }
}

/// A score for people: one decimal ("2.0", "3.3"), halves rounded away from
/// zero as spreadsheets and the UI round them (Rust's `{:.1}` would print
/// 3.25 as "3.2" where the exported cell and the screen show 3.3).
pub fn fmt_score(v: f64) -> String {
    format!("{:.1}", (v * 10.0).round() / 10.0)
}

/// A score held against a bar or floor it missed: two decimals when one
/// would round it up to the bar ("2.96 is under the floor 3", not "3.0").
pub fn fmt_below(v: f64, bar: f64) -> String {
    let one = (v * 10.0).round() / 10.0;
    if v < bar && one >= bar {
        format!("{:.2}", (v * 100.0).floor() / 100.0)
    } else {
        fmt_score(v)
    }
}

/// A floor or weight for people: no trailing ".0" ("3", "2.5").
pub fn fmt_plain(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// Rounds what the UI shows to two decimals, so 2.6666… travels as 2.67.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}
