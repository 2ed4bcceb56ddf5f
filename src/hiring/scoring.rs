//! The decision rules: from the submitted scorecards and the role-play to a
//! weighted score, must-pass checks, disagreements and a recommendation with
//! its reasons written out.
//!
//! ## The rules
//!
//! - A trait's interviewer score is the mean of the submitted scorecards'
//!   scores for it (drafts never count). Coachability is scored by
//!   observation: once the role-play's round 2 is scored, its result *is* the
//!   candidate's coachability; the interviewers' coachability scores are
//!   shown beside it and used only while there is no role-play result.
//! - Weighted score = Σ(weight × trait score) / Σ(weight), over the traits
//!   that have a score. On the 1-4 scale.
//! - Spread: the highest minus the lowest interviewer score of a trait; two
//!   points or more is flagged for the debrief.
//! - The recommendation, first rule that applies:
//!   1. nothing scored yet → undecided;
//!   2. a must-pass trait under its floor → no hire, whatever the other
//!      scores (no score can buy a floor back);
//!   3. a must-pass trait without a score → undecided;
//!   4. an interviewer's scorecard still a draft → undecided (waiting);
//!   5. weighted score under the profile's hire bar → no hire;
//!   6. a trait nobody scored, or a flagged disagreement → undecided (settle
//!      it at the debrief rather than average it away);
//!   7. otherwise → hire.
//!
//!   The decisive reason comes first; the others follow as notes.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::scorecard::Scorecard;
use super::{
    fmt_below, fmt_plain, fmt_score, round2, Profile, Recommendation, RolePlay, Verdict,
    COACHABILITY,
};

/// Interviewer scores this far apart (or more) are flagged.
pub const SPREAD_FLAG: u8 = 2;

/// One interviewer's score of one trait.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InterviewerScore {
    pub interviewer: String,
    pub score: u8,
    pub evidence: String,
}

/// One trait of the profile, as the debrief shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TraitResult {
    pub trait_id: String,
    pub name: String,
    pub weight: f64,
    pub must_pass: bool,
    pub floor: Option<f64>,
    /// Submitted scores, in scorecard order.
    pub scores: Vec<InterviewerScore>,
    /// Mean of the interviewers' scores.
    pub interviewer_mean: Option<f64>,
    /// The role-play's score (coachability only, once round 2 is scored).
    pub role_play: Option<f64>,
    /// The score that counts: the role-play's, else the interviewers' mean.
    pub score: Option<f64>,
    /// Highest minus lowest interviewer score (two scores or more).
    pub spread: Option<u8>,
    pub spread_flag: bool,
    /// Must-pass traits: at or above the floor (none until scored).
    pub passed: Option<bool>,
}

/// A must-pass trait checked against its floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MustPass {
    pub trait_id: String,
    /// The trait's name.
    #[serde(rename = "trait")]
    pub trait_name: String,
    pub score: Option<f64>,
    pub floor: f64,
    pub passed: bool,
}

/// The role-play's numbers beside the coachability score that counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CoachabilitySummary {
    pub round1: Option<f64>,
    pub round2: Option<f64>,
    pub gain: Option<f64>,
    /// The candidate's coachability score (role-play, else interviewers).
    pub score: Option<f64>,
    /// The score comes from the role-play.
    pub from_role_play: bool,
}

/// An interviewer's overall call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InterviewerVerdict {
    pub interviewer: String,
    pub verdict: Option<Verdict>,
}

/// Everything the rules say about one candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Evaluation {
    pub weighted_score: Option<f64>,
    pub hire_bar: f64,
    pub traits: Vec<TraitResult>,
    pub coachability: CoachabilitySummary,
    pub must_pass: Vec<MustPass>,
    /// Names of the traits with a flagged disagreement.
    pub spread_flags: Vec<String>,
    pub recommendation: Recommendation,
    /// The decisive reason first ("no hire: coachability 2.0 is under the floor 3").
    pub reasons: Vec<String>,
    /// Submitted scorecards' overall calls.
    pub verdicts: Vec<InterviewerVerdict>,
    /// Interviewers whose scorecard is still a draft.
    pub pending: Vec<String>,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// A trait's name inside a sentence: "Coachability" → "coachability", but
/// "MEDDPICC fluency" stays as written.
fn in_sentence(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(name.chars().skip(1)).collect()
        }
        _ => name.to_string(),
    }
}

fn names(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Applies the rules (see the module docs) to one candidate's scorecards
/// (drafts included: they are reported as pending) and role-play.
pub fn evaluate(
    profile: &Profile,
    scorecards: &[Scorecard],
    roleplay: Option<&RolePlay>,
) -> Evaluation {
    let submitted: Vec<&Scorecard> = scorecards.iter().filter(|c| c.submitted).collect();
    let pending: Vec<String> = scorecards
        .iter()
        .filter(|c| !c.submitted)
        .map(|c| c.interviewer.clone())
        .collect();
    let rp = roleplay.map(|r| r.result).unwrap_or_default();
    let rp_score = rp.score.filter(|_| rp.complete);

    let traits: Vec<TraitResult> = profile
        .traits
        .iter()
        .map(|t| {
            let scores: Vec<InterviewerScore> = submitted
                .iter()
                .filter_map(|c| {
                    let s = c.scores.iter().find(|s| s.trait_id == t.id)?;
                    Some(InterviewerScore {
                        interviewer: c.interviewer.clone(),
                        score: s.score?,
                        evidence: s.evidence.clone(),
                    })
                })
                .collect();
            let interviewer_mean = mean(scores.iter().map(|s| s.score as f64)).map(round2);
            let role_play = rp_score.filter(|_| t.id == COACHABILITY);
            let score = role_play.or(interviewer_mean);
            let spread = (scores.len() >= 2).then(|| {
                let hi = scores.iter().map(|s| s.score).max().unwrap_or(0);
                let lo = scores.iter().map(|s| s.score).min().unwrap_or(0);
                hi - lo
            });
            TraitResult {
                trait_id: t.id.clone(),
                name: t.name.clone(),
                weight: t.weight,
                must_pass: t.must_pass,
                floor: t.floor.filter(|_| t.must_pass),
                scores,
                interviewer_mean,
                role_play,
                score,
                spread,
                spread_flag: spread.is_some_and(|s| s >= SPREAD_FLAG),
                passed: match (t.must_pass, t.floor, score) {
                    (true, Some(f), Some(s)) => Some(s >= f),
                    _ => None,
                },
            }
        })
        .collect();

    let (num, den) = traits
        .iter()
        .filter_map(|t| Some((t.weight * t.score?, t.weight)))
        .fold((0.0, 0.0), |(n, d), (a, b)| (n + a, d + b));
    let weighted_score = (den > 0.0).then(|| round2(num / den));

    let must_pass: Vec<MustPass> = traits
        .iter()
        .filter_map(|t| {
            let floor = t.floor?;
            Some(MustPass {
                trait_id: t.trait_id.clone(),
                trait_name: t.name.clone(),
                score: t.score,
                floor,
                passed: t.score.is_some_and(|s| s >= floor),
            })
        })
        .collect();
    let flagged: Vec<&TraitResult> = traits.iter().filter(|t| t.spread_flag).collect();
    let unscored: Vec<String> = traits
        .iter()
        .filter(|t| t.score.is_none())
        .map(|t| in_sentence(&t.name))
        .collect();

    let failed: Vec<String> = must_pass
        .iter()
        .filter_map(|m| {
            let s = m.score?;
            (s < m.floor).then(|| {
                format!(
                    "no hire: {} {} is under the floor {}",
                    in_sentence(&m.trait_name),
                    fmt_below(s, m.floor),
                    fmt_plain(m.floor)
                )
            })
        })
        .collect();
    let missing_must: Vec<String> = must_pass
        .iter()
        .filter(|m| m.score.is_none())
        .map(|m| in_sentence(&m.trait_name))
        .collect();
    let disagreements: Vec<String> = flagged
        .iter()
        .map(|t| {
            let who: Vec<String> = t
                .scores
                .iter()
                .map(|s| format!("{} {}", s.interviewer, s.score))
                .collect();
            format!(
                "interviewers disagree by {} points on {} ({})",
                t.spread.unwrap_or(0),
                in_sentence(&t.name),
                who.join(", ")
            )
        })
        .collect();
    let weighted_text = |w: f64| fmt_score(w);

    let mut reasons: Vec<String> = Vec::new();
    let recommendation = if submitted.is_empty() && rp_score.is_none() {
        reasons.push(
            "undecided: no scorecard has been submitted and the role-play has not been scored"
                .into(),
        );
        Recommendation::Undecided
    } else if !failed.is_empty() {
        reasons.extend(failed);
        Recommendation::NoHire
    } else if !missing_must.is_empty() {
        reasons.push(format!(
            "undecided: {} must pass and {} no score yet",
            names(&missing_must),
            if missing_must.len() == 1 {
                "has"
            } else {
                "have"
            }
        ));
        Recommendation::Undecided
    } else if !pending.is_empty() {
        reasons.push(format!(
            "undecided: waiting for the scorecard of {}",
            names(&pending)
        ));
        Recommendation::Undecided
    } else if let Some(w) = weighted_score.filter(|w| *w < profile.hire_bar) {
        reasons.push(format!(
            "no hire: weighted score {} is under the hire bar {}",
            fmt_below(w, profile.hire_bar),
            fmt_plain(profile.hire_bar)
        ));
        Recommendation::NoHire
    } else if !unscored.is_empty() {
        reasons.push(format!(
            "undecided: nobody has scored {} yet",
            names(&unscored)
        ));
        Recommendation::Undecided
    } else if !disagreements.is_empty() {
        reasons.extend(
            disagreements
                .iter()
                .map(|d| format!("undecided: {d}; settle it at the debrief")),
        );
        Recommendation::Undecided
    } else {
        reasons.push(format!(
            "hire: weighted score {} meets the hire bar {} and every must-pass trait is at or above its floor",
            weighted_score.map(weighted_text).unwrap_or_default(),
            fmt_plain(profile.hire_bar)
        ));
        Recommendation::Hire
    };

    // The notes after the decisive reason: what else the debrief should hear.
    let decisive = reasons.first().cloned().unwrap_or_default();
    let mut note = |text: String| {
        if !reasons.iter().any(|r| r.contains(&text)) {
            reasons.push(text);
        }
    };
    if recommendation != Recommendation::Hire {
        if let Some(w) = weighted_score {
            if !decisive.contains("weighted score") {
                note(format!(
                    "weighted score {} (hire bar {})",
                    weighted_text(w),
                    fmt_plain(profile.hire_bar)
                ));
            }
        }
    }
    for d in &disagreements {
        note(d.clone());
    }
    if !pending.is_empty() {
        note(format!("waiting for the scorecard of {}", names(&pending)));
    }
    if !unscored.is_empty() {
        note(format!("nobody has scored {} yet", names(&unscored)));
    }
    if rp.round2.is_none() && profile.get(COACHABILITY).is_some() {
        note("the coachability role-play has not been scored".into());
    }

    Evaluation {
        weighted_score,
        hire_bar: profile.hire_bar,
        coachability: CoachabilitySummary {
            round1: rp.round1,
            round2: rp.round2,
            gain: rp.gain,
            score: traits
                .iter()
                .find(|t| t.trait_id == COACHABILITY)
                .and_then(|t| t.score)
                .or(rp_score),
            from_role_play: rp_score.is_some(),
        },
        spread_flags: flagged.iter().map(|t| t.name.clone()).collect(),
        traits,
        must_pass,
        recommendation,
        reasons,
        verdicts: submitted
            .iter()
            .map(|c| InterviewerVerdict {
                interviewer: c.interviewer.clone(),
                verdict: c.recommendation,
            })
            .collect(),
        pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hiring::{default_profile, Role};

    fn card(who: &str, scores: &[(&str, u8)], submitted: bool) -> Scorecard {
        let p = default_profile(Role::Ae);
        let mut c = Scorecard::blank(1, who, &p);
        for (id, s) in scores {
            let slot = c.scores.iter_mut().find(|t| t.trait_id == *id).unwrap();
            slot.score = Some(*s);
        }
        c.recommendation = Some(Verdict::Yes);
        c.submitted = submitted;
        c
    }

    const ALL4: [(&str, u8); 5] = [
        ("coachability", 4),
        ("discovery", 4),
        ("deal_control", 4),
        ("drive", 4),
        ("communication", 4),
    ];

    #[test]
    fn top_scores_with_coachability_under_the_floor_is_no_hire() {
        let p = default_profile(Role::Ae);
        let mut scores = ALL4;
        scores[0].1 = 2;
        let e = evaluate(&p, &[card("Ana", &scores, true)], None);
        assert_eq!(e.recommendation, Recommendation::NoHire);
        assert_eq!(
            e.reasons[0],
            "no hire: coachability 2.0 is under the floor 3"
        );
        assert!(e.weighted_score.unwrap() > 3.0);
    }

    #[test]
    fn all_yes_everywhere_is_a_hire() {
        let p = default_profile(Role::Ae);
        let e = evaluate(
            &p,
            &[card("Ana", &ALL4, true), card("Ben", &ALL4, true)],
            None,
        );
        assert_eq!(e.recommendation, Recommendation::Hire, "{:?}", e.reasons);
        assert_eq!(e.weighted_score, Some(4.0));
    }

    #[test]
    fn drafts_do_not_count_and_hold_the_decision() {
        let p = default_profile(Role::Ae);
        let e = evaluate(
            &p,
            &[
                card("Ana", &ALL4, true),
                card("Ben", &[("drive", 1)], false),
            ],
            None,
        );
        assert_eq!(e.recommendation, Recommendation::Undecided);
        assert_eq!(e.pending, vec!["Ben".to_string()]);
        assert_eq!(e.traits[3].scores.len(), 1);
    }

    #[test]
    fn sentence_names() {
        assert_eq!(in_sentence("Coachability"), "coachability");
        assert_eq!(in_sentence("MEDDPICC fluency"), "MEDDPICC fluency");
        assert_eq!(names(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn scores_read_the_same_in_reasons_as_on_screen() {
        // Halves round up, as the screen and the exported cells round them.
        assert_eq!(fmt_score(3.25), "3.3");
        assert_eq!(fmt_score(2.0), "2.0");
        // A miss never reads as meeting the bar.
        assert_eq!(fmt_below(2.96, 3.0), "2.96");
        assert_eq!(fmt_below(2.999, 3.0), "2.99");
        assert_eq!(fmt_below(2.5, 3.0), "2.5");
        assert_eq!(fmt_below(3.25, 3.0), "3.3");
    }
}
