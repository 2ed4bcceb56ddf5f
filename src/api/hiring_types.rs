//! Request and response types of the hiring commands (`api::hiring`).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::hiring::{
    Candidate, Profile, Recommendation, Role, Scorecard, Source, Stage, TraitScore, Verdict,
};

/// A value with the label the UI shows for it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Labeled<T> {
    pub value: T,
    pub label: String,
}

/// The fixed lists and defaults the hiring screens offer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HiringOptions {
    pub roles: Vec<Labeled<Role>>,
    pub sources: Vec<Labeled<Source>>,
    /// Board columns, in order.
    pub stages: Vec<Labeled<Stage>>,
    /// The 1-4 scale, 1 first.
    pub verdicts: Vec<Labeled<Verdict>>,
    /// One-click coaching points of the role-play.
    pub coaching_points: Vec<String>,
    pub default_scenario: String,
    /// Interviewer scores this far apart or more are flagged.
    pub spread_flag: u8,
    /// Coachability points per point gained from round 1 to round 2.
    pub gain_bonus: f64,
}

/// A role's profile and whether the team has edited it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProfileView {
    pub profile: Profile,
    /// False while the role still uses SalesOS's default profile.
    pub customized: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveProfileRequest {
    pub profile: Profile,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RoleRequest {
    pub role: Role,
}

/// Candidates of one role, or of all roles.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CandidatesRequest {
    pub role: Option<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CandidateIdRequest {
    pub candidate_id: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UpdateCandidateRequest {
    pub candidate_id: i64,
    pub candidate: crate::hiring::CandidateInput,
}

/// Moves a card on the board; `start_date` is used when moving to hired.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MoveCandidateRequest {
    pub candidate_id: i64,
    pub stage: Stage,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
}

/// A candidate on the board: progress only, never scores (the board is seen
/// by interviewers who have not submitted yet).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CandidateCard {
    pub candidate: Candidate,
    pub scorecards_submitted: u32,
    /// Scorecards started and not submitted.
    pub scorecards_draft: u32,
    pub interviewers: Vec<String>,
    /// The role-play's round 2 is scored.
    pub role_play_done: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BoardColumn {
    pub stage: Stage,
    pub label: String,
    pub candidates: Vec<CandidateCard>,
}

/// The hiring pipeline, one column per stage.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HiringBoard {
    pub role: Option<Role>,
    pub columns: Vec<BoardColumn>,
}

/// Names the interviewer asking: scorecards are shown by who asks.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ScorecardRequest {
    pub candidate_id: i64,
    pub interviewer: String,
}

/// A scorecard to save as a draft (or to submit, with `submit_scorecard`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SaveScorecardRequest {
    pub candidate_id: i64,
    pub interviewer: String,
    /// Scores to set; traits left out keep what was saved before.
    #[serde(default)]
    pub scores: Vec<TraitScore>,
    #[serde(default)]
    pub recommendation: Option<Verdict>,
    #[serde(default)]
    pub notes: String,
}

/// Another interviewer's scorecard the asker may not see yet.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HiddenScorecard {
    pub interviewer: String,
    pub submitted: bool,
}

/// A candidate's scorecards as one interviewer may see them: their own,
/// and the others' only once their own is submitted.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ScorecardsView {
    pub candidate: Candidate,
    pub own: Scorecard,
    /// Others' submitted scorecards; empty until `own` is submitted.
    pub others: Vec<Scorecard>,
    /// Others' scorecards not shown: all of them before `own` is submitted,
    /// drafts after.
    pub hidden: Vec<HiddenScorecard>,
    /// The asker has submitted and sees the others.
    pub unlocked: bool,
}

/// Names who is looking at a candidate's results.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ViewerRequest {
    pub candidate_id: i64,
    /// The person looking. An interviewer with a draft scorecard for this
    /// candidate is refused until they submit it.
    pub viewer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CompareRequest {
    pub role: Role,
    /// The person looking (see `ViewerRequest`).
    pub viewer: String,
    /// Include hired and rejected candidates.
    #[serde(default)]
    pub include_closed: bool,
}

/// A staged file of interviewer scores to import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportScorecardsRequest {
    pub file_id: String,
    #[serde(default)]
    pub sheet: Option<String>,
    /// Read and check everything, change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// How candidates sort in comparisons: hire, undecided, no hire; then by
/// weighted score.
pub(crate) fn rank(r: Recommendation) -> u8 {
    match r {
        Recommendation::Hire => 0,
        Recommendation::Undecided => 1,
        Recommendation::NoHire => 2,
    }
}
