//! What the hiring screens and exports show of a candidate once the rules
//! have run: the debrief and the side-by-side comparison of a role.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Candidate, Evaluation, Profile, Role, RolePlay, Scorecard};

/// The debrief of one candidate: per-trait scores by interviewer, spreads,
/// weighted score, must-pass checks and the recommendation with reasons.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Debrief {
    pub candidate: Candidate,
    pub profile: Profile,
    pub evaluation: Evaluation,
    /// Submitted scorecards, laid over the profile.
    pub scorecards: Vec<Scorecard>,
    pub role_play: Option<RolePlay>,
}

/// One candidate in the side-by-side comparison.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ComparedCandidate {
    pub candidate: Candidate,
    /// None when hidden: the viewer has a draft scorecard for this candidate.
    pub evaluation: Option<Evaluation>,
    pub hidden: bool,
}

/// Candidates for one role side by side, best first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoleComparison {
    pub role: Role,
    pub profile: Profile,
    pub candidates: Vec<ComparedCandidate>,
}
