//! The coachability role-play, run live in the final interview.
//!
//! The interviewer plays a buyer raising the objection the team hears most.
//! Round 1 is the baseline: does the candidate step into the role-play
//! willingly (their body language says as much as their words), and how do
//! they handle the objection? Then the interviewer gives one or two specific
//! pieces of coaching. Round 2 reruns the same scene: how much of the coaching
//! did they apply, in real time, and how did they take it (listening and
//! trying, or explaining why round 1 was fine)?
//!
//! ## How the score is computed
//!
//! Every rubric item is scored 1-4 (strong no, no, yes, strong yes).
//!
//! - `round1` = the mean of willingness and objection handling;
//! - `round2` = the mean of coaching applied and feedback taken;
//! - `gain`   = `round2 - round1`;
//! - `score`  = `round2 + GAIN_BONUS × max(gain, 0)`, at most 4.
//!
//! Round 2 is the measurement: its two items are coachability observed. The
//! gain earns a bonus (a quarter point per point gained) because improving
//! under coaching is what the team is hiring for; round 1 on its own never
//! raises the score, so a polished first attempt cannot hide a candidate who
//! then ignores the coaching. A round with an item left blank has no value;
//! the role-play counts (`complete`) once round 2 is fully scored.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::round2 as two_decimals;
use crate::error::{Error, Result};

/// The objection role-plays start from until the interviewer edits it.
pub const DEFAULT_SCENARIO: &str =
    "\"Honestly, this is not a priority for us right now. Call me in six months.\"";

/// Points of score per point gained from round 1 to round 2.
pub const GAIN_BONUS: f64 = 0.25;

/// One-click coaching the interviewer can give between the rounds.
pub const COACHING_POINTS: [&str; 6] = [
    "Acknowledge the objection before you answer it.",
    "Ask what would have to change for this to become a priority, instead of agreeing to call back.",
    "Tie the conversation to a problem the buyer already named.",
    "Ask for a small next step now rather than a call in six months.",
    "Ask a question instead of pitching features.",
    "Slow down: pause and let the buyer fill the silence.",
];

/// Limits on what the screen saves.
const MAX_SCENARIO: usize = 1_000;
const MAX_NOTES: usize = 4_000;
const MAX_POINTS: usize = 12;
const MAX_POINT: usize = 300;
const MAX_SECONDS: u32 = 4 * 60 * 60;

/// Round 1: the baseline.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Round1 {
    /// 1-4: stepped into the role-play readily (tone, posture, no stalling).
    pub willingness: Option<u8>,
    /// 1-4: how well they handled the objection.
    pub handling: Option<u8>,
    pub notes: String,
}

/// The coaching given between the rounds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Coaching {
    /// What the interviewer said, in their words.
    pub text: String,
    /// Common coaching points picked with one click (their texts).
    pub points: Vec<String>,
}

/// Round 2: the same scene after coaching.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Round2 {
    /// 1-4: how much of the coaching they applied in real time.
    pub applied: Option<u8>,
    /// 1-4: how they took the feedback (listened and tried vs. defended).
    pub reception: Option<u8>,
    pub notes: String,
}

/// What the rounds add up to (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RolePlayResult {
    pub round1: Option<f64>,
    pub round2: Option<f64>,
    pub gain: Option<f64>,
    /// The coachability score the role-play gives, 1-4.
    pub score: Option<f64>,
    /// Round 2 is fully scored: the score counts as the candidate's coachability.
    pub complete: bool,
}

/// A candidate's role-play as the guided screen edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RolePlay {
    pub candidate_id: i64,
    /// Who ran it.
    pub interviewer: String,
    /// The objection the interviewer plays.
    pub scenario: String,
    pub round1: Round1,
    pub coaching: Coaching,
    pub round2: Round2,
    /// Time on the clock when last saved.
    pub seconds: u32,
    pub result: RolePlayResult,
    /// Local time of the last save; none until the first.
    pub updated_at: Option<String>,
}

impl RolePlay {
    /// A role-play not started yet, on the default scenario.
    pub fn blank(candidate_id: i64) -> RolePlay {
        RolePlay {
            candidate_id,
            interviewer: String::new(),
            scenario: DEFAULT_SCENARIO.into(),
            round1: Round1::default(),
            coaching: Coaching::default(),
            round2: Round2::default(),
            seconds: 0,
            result: RolePlayResult::default(),
            updated_at: None,
        }
    }

    /// Checks what the screen sent, tidies the texts and computes the result.
    pub fn validated(mut self) -> Result<RolePlay> {
        self.interviewer = self.interviewer.trim().to_string();
        if self.interviewer.is_empty() {
            return Err(Error::invalid(
                "Say who is running the role-play: enter the interviewer's name.",
            ));
        }
        if self.interviewer.chars().count() > super::scorecard::MAX_PERSON {
            return Err(Error::invalid("The interviewer's name is too long."));
        }
        self.scenario = self.scenario.trim().to_string();
        if self.scenario.is_empty() {
            self.scenario = DEFAULT_SCENARIO.into();
        }
        if self.scenario.chars().count() > MAX_SCENARIO {
            return Err(Error::invalid(format!(
                "The scenario is longer than {MAX_SCENARIO} characters: keep it to the objection the buyer raises."
            )));
        }
        for (what, v) in [
            ("Round 1 willingness", self.round1.willingness),
            ("Round 1 objection handling", self.round1.handling),
            ("Round 2 coaching applied", self.round2.applied),
            ("Round 2 feedback taken", self.round2.reception),
        ] {
            if v.is_some_and(|v| !(1..=4).contains(&v)) {
                return Err(Error::invalid(format!(
                    "{what} is scored 1 to 4 (1 strong no, 2 no, 3 yes, 4 strong yes)."
                )));
            }
        }
        for (what, text) in [
            ("round 1 notes", &mut self.round1.notes),
            ("round 2 notes", &mut self.round2.notes),
            ("coaching notes", &mut self.coaching.text),
        ] {
            *text = text.trim().to_string();
            if text.chars().count() > MAX_NOTES {
                return Err(Error::invalid(format!(
                    "The {what} are longer than {MAX_NOTES} characters."
                )));
            }
        }
        let mut points: Vec<String> = Vec::new();
        for p in &self.coaching.points {
            let p = p.trim();
            if p.is_empty() || points.iter().any(|q| q == p) {
                continue;
            }
            if p.chars().count() > MAX_POINT {
                return Err(Error::invalid(format!(
                    "A coaching point is longer than {MAX_POINT} characters: put the detail in the coaching notes."
                )));
            }
            points.push(p.to_string());
        }
        if points.len() > MAX_POINTS {
            return Err(Error::invalid(format!(
                "Pick at most {MAX_POINTS} coaching points; one or two specific ones work best."
            )));
        }
        self.coaching.points = points;
        if self.seconds > MAX_SECONDS {
            return Err(Error::invalid(
                "The timer says more than four hours: reset it and save again.",
            ));
        }
        self.result = compute(&self.round1, &self.round2);
        Ok(self)
    }
}

fn mean(a: Option<u8>, b: Option<u8>) -> Option<f64> {
    Some((a? as f64 + b? as f64) / 2.0)
}

/// The result of two rounds (see the module docs for the rule).
pub fn compute(r1: &Round1, r2: &Round2) -> RolePlayResult {
    let round1 = mean(r1.willingness, r1.handling);
    let round2 = mean(r2.applied, r2.reception);
    let gain = round1.zip(round2).map(|(a, b)| b - a);
    let score = round2.map(|b| (b + GAIN_BONUS * gain.unwrap_or(0.0).max(0.0)).min(4.0));
    RolePlayResult {
        round1,
        round2,
        gain,
        score: score.map(two_decimals),
        complete: round2.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounds(w: u8, h: u8, a: u8, r: u8) -> RolePlayResult {
        compute(
            &Round1 {
                willingness: Some(w),
                handling: Some(h),
                notes: String::new(),
            },
            &Round2 {
                applied: Some(a),
                reception: Some(r),
                notes: String::new(),
            },
        )
    }

    #[test]
    fn gain_earns_a_bonus_and_round_one_alone_earns_nothing() {
        // Weak start, coaching applied: 3 + 0.25 × 2 = 3.5.
        let r = rounds(1, 1, 3, 3);
        assert_eq!(
            (r.round1, r.round2, r.gain),
            (Some(1.0), Some(3.0), Some(2.0))
        );
        assert_eq!(r.score, Some(3.5));
        // Polished start, coaching ignored: round 2 decides.
        let r = rounds(4, 4, 2, 2);
        assert_eq!(r.gain, Some(-2.0));
        assert_eq!(r.score, Some(2.0));
        // Capped at 4.
        assert_eq!(rounds(1, 2, 4, 4).score, Some(4.0));
    }

    #[test]
    fn an_unfinished_round_two_gives_no_score() {
        let r = compute(
            &Round1 {
                willingness: Some(3),
                handling: Some(2),
                notes: String::new(),
            },
            &Round2 {
                applied: Some(3),
                ..Round2::default()
            },
        );
        assert_eq!(r.round1, Some(2.5));
        assert_eq!(
            (r.round2, r.gain, r.score, r.complete),
            (None, None, None, false)
        );
    }
}
