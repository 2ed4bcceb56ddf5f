//! Scorecards (one per interviewer per candidate) and role-plays (one per
//! candidate). Only storage: who may see what is decided in `api::hiring`.
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::hiring::roleplay::{compute, Coaching, Round1, Round2};
use crate::hiring::{RolePlay, Scorecard, TraitScore, Verdict};
use crate::store::now_text;

fn verdict(s: Option<String>) -> Option<Verdict> {
    s.as_deref().and_then(Verdict::parse)
}

/// Every scorecard of a candidate (drafts included), in the order they were
/// started, with their stored scores (not yet laid over the profile).
pub fn list(conn: &Connection, candidate_id: i64) -> Result<Vec<Scorecard>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, interviewer, recommendation, notes, submitted_at, updated_at
         FROM scorecards WHERE candidate_id = ?1 ORDER BY id",
    )?;
    let heads = stmt
        .query_map([candidate_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Scorecard {
                    candidate_id,
                    interviewer: r.get(1)?,
                    scores: Vec::new(),
                    recommendation: verdict(r.get(2)?),
                    notes: r.get(3)?,
                    submitted: r.get::<_, Option<String>>(4)?.is_some(),
                    submitted_at: r.get(4)?,
                    updated_at: r.get(5)?,
                },
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut scores = conn.prepare_cached(
        "SELECT trait_id, score, evidence FROM scorecard_scores WHERE scorecard_id = ?1",
    )?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, mut card) in heads {
        card.scores = scores
            .query_map([id], |r| {
                Ok(TraitScore {
                    trait_id: r.get(0)?,
                    name: String::new(),
                    score: r.get(1)?,
                    evidence: r.get(2)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        out.push(card);
    }
    Ok(out)
}

/// One interviewer's scorecard for a candidate (any case of the name).
pub fn get(conn: &Connection, candidate_id: i64, interviewer: &str) -> Result<Option<Scorecard>> {
    Ok(list(conn, candidate_id)?
        .into_iter()
        .find(|c| c.interviewer.to_lowercase() == interviewer.trim().to_lowercase()))
}

/// Writes a draft (validated by the caller): the head, then every score
/// given replaces the stored one for its trait. Refuses a submitted card.
pub fn save(conn: &Connection, card: &Scorecard) -> Result<()> {
    if let Some(existing) = get(conn, card.candidate_id, &card.interviewer)? {
        if existing.submitted {
            return Err(Error::invalid(format!(
                "{}'s scorecard was submitted on {} and can no longer be changed: scores stay as they were given, before anyone saw the others'.",
                existing.interviewer,
                existing.submitted_at.as_deref().unwrap_or("an earlier day")
            )));
        }
    }
    let now = now_text();
    conn.execute(
        "INSERT INTO scorecards (candidate_id, interviewer, recommendation, notes, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (candidate_id, interviewer) DO UPDATE SET
             recommendation = excluded.recommendation, notes = excluded.notes, updated_at = excluded.updated_at",
        params![
            card.candidate_id,
            card.interviewer,
            card.recommendation.map(Verdict::as_str),
            card.notes,
            now
        ],
    )?;
    let id: i64 = conn.query_row(
        "SELECT id FROM scorecards WHERE candidate_id = ?1 AND interviewer = ?2",
        params![card.candidate_id, card.interviewer],
        |r| r.get(0),
    )?;
    let mut put = conn.prepare_cached(
        "INSERT INTO scorecard_scores (scorecard_id, trait_id, score, evidence) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (scorecard_id, trait_id) DO UPDATE SET score = excluded.score, evidence = excluded.evidence",
    )?;
    for s in &card.scores {
        put.execute(params![id, s.trait_id, s.score, s.evidence])?;
    }
    Ok(())
}

/// Marks a scorecard submitted (the caller has checked it is complete).
pub fn submit(conn: &Connection, candidate_id: i64, interviewer: &str) -> Result<()> {
    conn.execute(
        "UPDATE scorecards SET submitted_at = ?1, updated_at = ?1
         WHERE candidate_id = ?2 AND interviewer = ?3 AND submitted_at IS NULL",
        params![now_text(), candidate_id, interviewer.trim()],
    )?;
    Ok(())
}

/// A candidate's role-play, if one was saved.
pub fn roleplay(conn: &Connection, candidate_id: i64) -> Result<Option<RolePlay>> {
    let row = conn
        .prepare_cached(
            "SELECT interviewer, scenario, r1_willingness, r1_handling, r1_notes, coaching, coaching_points,
                    r2_applied, r2_reception, r2_notes, seconds, updated_at
             FROM roleplays WHERE candidate_id = ?1",
        )?
        .query_row([candidate_id], |r| {
            let points: String = r.get(6)?;
            let round1 = Round1 {
                willingness: r.get(2)?,
                handling: r.get(3)?,
                notes: r.get(4)?,
            };
            let round2 = Round2 {
                applied: r.get(7)?,
                reception: r.get(8)?,
                notes: r.get(9)?,
            };
            Ok(RolePlay {
                candidate_id,
                interviewer: r.get(0)?,
                scenario: r.get(1)?,
                result: compute(&round1, &round2),
                round1,
                coaching: Coaching {
                    text: r.get(5)?,
                    points: serde_json::from_str(&points).unwrap_or_default(),
                },
                round2,
                seconds: r.get(10)?,
                updated_at: r.get(11)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// Saves a validated role-play.
pub fn save_roleplay(conn: &Connection, rp: &RolePlay) -> Result<()> {
    let points = serde_json::to_string(&rp.coaching.points).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO roleplays (candidate_id, interviewer, scenario, r1_willingness, r1_handling, r1_notes,
                                coaching, coaching_points, r2_applied, r2_reception, r2_notes, seconds, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (candidate_id) DO UPDATE SET
             interviewer = excluded.interviewer, scenario = excluded.scenario,
             r1_willingness = excluded.r1_willingness, r1_handling = excluded.r1_handling, r1_notes = excluded.r1_notes,
             coaching = excluded.coaching, coaching_points = excluded.coaching_points,
             r2_applied = excluded.r2_applied, r2_reception = excluded.r2_reception, r2_notes = excluded.r2_notes,
             seconds = excluded.seconds, updated_at = excluded.updated_at",
        params![
            rp.candidate_id,
            rp.interviewer,
            rp.scenario,
            rp.round1.willingness,
            rp.round1.handling,
            rp.round1.notes,
            rp.coaching.text,
            points,
            rp.round2.applied,
            rp.round2.reception,
            rp.round2.notes,
            rp.seconds,
            now_text()
        ],
    )?;
    Ok(())
}
