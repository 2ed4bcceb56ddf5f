//! One interviewer's scorecard for one candidate: a 1-4 score per trait with
//! the evidence behind it, and an overall call.
//!
//! A scorecard is a draft until it is submitted; only submitted scorecards
//! count in the rules, and once submitted it no longer changes (scores
//! revised after seeing the others' would defeat scoring independently).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Profile, Verdict};
use crate::error::{Error, Result};

/// Longest interviewer name accepted.
pub const MAX_PERSON: usize = 80;
const MAX_EVIDENCE: usize = 2_000;
const MAX_NOTES: usize = 4_000;

/// The score one interviewer gave one trait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraitScore {
    pub trait_id: String,
    /// The trait's name in the profile (filled in by SalesOS; ignored on save).
    #[serde(default)]
    pub name: String,
    /// 1 strong no, 2 no, 3 yes, 4 strong yes; none when not assessed.
    pub score: Option<u8>,
    /// What the candidate said or did that justifies the score.
    #[serde(default)]
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Scorecard {
    pub candidate_id: i64,
    pub interviewer: String,
    /// One entry per trait of the candidate's profile, in profile order.
    pub scores: Vec<TraitScore>,
    /// The interviewer's overall call.
    pub recommendation: Option<Verdict>,
    pub notes: String,
    pub submitted: bool,
    /// Local time of submission, `YYYY-MM-DD HH:MM:SS`.
    pub submitted_at: Option<String>,
    /// Local time of the last save; none for a scorecard not started.
    pub updated_at: Option<String>,
}

impl Scorecard {
    /// An empty scorecard listing every trait of the profile.
    pub fn blank(candidate_id: i64, interviewer: &str, profile: &Profile) -> Scorecard {
        Scorecard {
            candidate_id,
            interviewer: interviewer.to_string(),
            scores: profile
                .traits
                .iter()
                .map(|t| TraitScore {
                    trait_id: t.id.clone(),
                    name: t.name.clone(),
                    score: None,
                    evidence: String::new(),
                })
                .collect(),
            recommendation: None,
            notes: String::new(),
            submitted: false,
            submitted_at: None,
            updated_at: None,
        }
    }

    /// The score given to one trait, if any.
    pub fn score(&self, trait_id: &str) -> Option<u8> {
        self.scores
            .iter()
            .find(|s| s.trait_id == trait_id)
            .and_then(|s| s.score)
    }

    /// Lays the stored scores over the profile: every current trait in
    /// profile order, with its name; scores of traits since removed from the
    /// profile are left out (they stay stored, and count again if the trait
    /// comes back).
    pub fn aligned(mut self, profile: &Profile) -> Scorecard {
        let stored = std::mem::take(&mut self.scores);
        self.scores = profile
            .traits
            .iter()
            .map(|t| {
                let s = stored.iter().find(|s| s.trait_id == t.id);
                TraitScore {
                    trait_id: t.id.clone(),
                    name: t.name.clone(),
                    score: s.and_then(|s| s.score),
                    evidence: s.map(|s| s.evidence.clone()).unwrap_or_default(),
                }
            })
            .collect();
        self
    }
}

/// Checks an interviewer's name: required, not too long.
pub fn interviewer_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "Say who is scoring: enter the interviewer's name.",
        ));
    }
    if name.chars().count() > MAX_PERSON {
        return Err(Error::invalid(format!(
            "The interviewer's name is longer than {MAX_PERSON} characters."
        )));
    }
    Ok(name.to_string())
}

/// Checks scores and texts against the candidate's profile.
pub fn validate(scores: &[TraitScore], notes: &str, profile: &Profile) -> Result<Vec<TraitScore>> {
    if notes.chars().count() > MAX_NOTES {
        return Err(Error::invalid(format!(
            "The scorecard's notes are longer than {MAX_NOTES} characters."
        )));
    }
    let mut out: Vec<TraitScore> = Vec::new();
    for s in scores {
        let Some(t) = profile.get(&s.trait_id) else {
            return Err(Error::invalid(format!(
                "\"{}\" is not a trait of the {} profile: reload the scorecard, the profile may have changed.",
                s.trait_id,
                profile.role.as_str()
            )));
        };
        if let Some(v) = s.score {
            if !(1..=4).contains(&v) {
                return Err(Error::invalid(format!(
                    "{} is scored {v}: scores run from 1 to 4 (1 strong no, 2 no, 3 yes, 4 strong yes).",
                    t.name
                )));
            }
        }
        let evidence = s.evidence.trim().to_string();
        if evidence.chars().count() > MAX_EVIDENCE {
            return Err(Error::invalid(format!(
                "The evidence for {} is longer than {MAX_EVIDENCE} characters.",
                t.name
            )));
        }
        if out.iter().any(|o| o.trait_id == t.id) {
            return Err(Error::invalid(format!(
                "{} is scored twice on one scorecard.",
                t.name
            )));
        }
        out.push(TraitScore {
            trait_id: t.id.clone(),
            name: t.name.clone(),
            score: s.score,
            evidence,
        });
    }
    Ok(out)
}

/// What a scorecard needs before it can be submitted.
pub fn check_complete(card: &Scorecard) -> Result<()> {
    if card.scores.iter().all(|s| s.score.is_none()) {
        return Err(Error::invalid(
            "Score at least one trait before submitting the scorecard.",
        ));
    }
    if card.recommendation.is_none() {
        return Err(Error::invalid(
            "Give your overall recommendation (strong no, no, yes or strong yes) before submitting.",
        ));
    }
    Ok(())
}
