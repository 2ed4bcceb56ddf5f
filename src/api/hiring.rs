//! Commands of the hiring pages: profiles, candidates and their board,
//! scorecards, the role-play, the debrief and the side-by-side comparison.
//!
//! Independent scoring is enforced here, not only hidden in the UI: an
//! interviewer asking for a candidate's scorecards gets the others' only
//! once their own is submitted, and anyone with a draft scorecard for a
//! candidate is refused that candidate's debrief, comparison row and packet
//! until they submit it. (A leader who did not interview has no scorecard
//! and sees everything submitted. SalesOS has no logins: the rule keeps an
//! honest team honest, it is not a lock against someone typing another name.)
use rusqlite::Connection;

use super::hiring_types::*;
use super::{ApiResult, ComparedCandidate, Debrief, Download, Empty, RoleComparison};
use crate::error::{Error, Result};
use crate::hiring::roleplay::GAIN_BONUS;
use crate::hiring::scorecard::{self, check_complete, interviewer_name};
use crate::hiring::scoring::SPREAD_FLAG;
use crate::hiring::{
    evaluate, Candidate, CandidateInput, Evaluation, Role, RolePlay, Scorecard, Source, Stage,
    Verdict, COACHING_POINTS, DEFAULT_SCENARIO,
};
use crate::store::{self, Workspace};

fn labeled<T>(value: T, label: &str) -> Labeled<T> {
    Labeled {
        value,
        label: label.to_string(),
    }
}

pub fn hiring_options(_: &Workspace, _: Empty) -> ApiResult<HiringOptions> {
    Ok(HiringOptions {
        roles: Role::ALL.map(|r| labeled(r, r.label())).to_vec(),
        sources: Source::ALL.map(|s| labeled(s, s.label())).to_vec(),
        stages: Stage::ALL.map(|s| labeled(s, s.label())).to_vec(),
        verdicts: Verdict::ALL.map(|v| labeled(v, v.label())).to_vec(),
        coaching_points: COACHING_POINTS.iter().map(|p| p.to_string()).collect(),
        default_scenario: DEFAULT_SCENARIO.to_string(),
        spread_flag: SPREAD_FLAG,
        gain_bonus: GAIN_BONUS,
    })
}

fn profile_view(conn: &Connection, role: Role) -> Result<ProfileView> {
    Ok(ProfileView {
        profile: store::hiring::profile(conn, role)?,
        customized: store::hiring::customized(conn, role)?,
    })
}

/// Every role's profile (the default until the team edits it).
pub fn list_profiles(ws: &Workspace, _: Empty) -> ApiResult<Vec<ProfileView>> {
    let conn = ws.conn();
    Ok(Role::ALL
        .into_iter()
        .map(|r| profile_view(&conn, r))
        .collect::<Result<Vec<_>>>()?)
}

pub fn save_profile(ws: &Workspace, req: SaveProfileRequest) -> ApiResult<ProfileView> {
    let profile = req.profile.validated()?;
    let conn = ws.conn();
    store::hiring::save_profile(&conn, &profile)?;
    Ok(profile_view(&conn, profile.role)?)
}

pub fn reset_profile(ws: &Workspace, req: RoleRequest) -> ApiResult<ProfileView> {
    let conn = ws.conn();
    store::hiring::reset_profile(&conn, req.role)?;
    Ok(profile_view(&conn, req.role)?)
}

pub fn list_candidates(ws: &Workspace, req: CandidatesRequest) -> ApiResult<Vec<Candidate>> {
    Ok(store::hiring::list(&ws.conn(), req.role)?)
}

pub fn get_candidate(ws: &Workspace, req: CandidateIdRequest) -> ApiResult<Candidate> {
    Ok(store::hiring::get(&ws.conn(), req.candidate_id)?)
}

pub fn create_candidate(ws: &Workspace, req: CandidateInput) -> ApiResult<Candidate> {
    let input = req.validated()?;
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let c = store::hiring::create(&tx, &input, ws.today())?;
    tx.commit().map_err(Error::from)?;
    Ok(c)
}

pub fn update_candidate(ws: &Workspace, req: UpdateCandidateRequest) -> ApiResult<Candidate> {
    let input = req.candidate.validated()?;
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let c = store::hiring::update(&tx, req.candidate_id, &input, ws.today())?;
    tx.commit().map_err(Error::from)?;
    Ok(c)
}

/// Moves a card on the board (to hired: they become a rep with a start date).
pub fn move_candidate(ws: &Workspace, req: MoveCandidateRequest) -> ApiResult<Candidate> {
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let c = store::hiring::set_stage(&tx, req.candidate_id, req.stage, req.start_date, ws.today())?;
    tx.commit().map_err(Error::from)?;
    Ok(c)
}

pub fn delete_candidate(ws: &Workspace, req: CandidateIdRequest) -> ApiResult<Empty> {
    store::hiring::delete(&ws.conn(), req.candidate_id)?;
    Ok(Empty {})
}

/// The pipeline by stage. Cards carry progress, never scores.
pub fn hiring_board(ws: &Workspace, req: CandidatesRequest) -> ApiResult<HiringBoard> {
    let conn = ws.conn();
    let mut columns: Vec<BoardColumn> = Stage::ALL
        .into_iter()
        .map(|s| BoardColumn {
            stage: s,
            label: s.label().to_string(),
            candidates: Vec::new(),
        })
        .collect();
    for c in store::hiring::list(&conn, req.role)? {
        let cards = store::scorecards::list(&conn, c.id)?;
        let rp = store::scorecards::roleplay(&conn, c.id)?;
        let card = CandidateCard {
            scorecards_submitted: cards.iter().filter(|s| s.submitted).count() as u32,
            scorecards_draft: cards.iter().filter(|s| !s.submitted).count() as u32,
            interviewers: cards.iter().map(|s| s.interviewer.clone()).collect(),
            role_play_done: rp.is_some_and(|r| r.result.complete),
            candidate: c,
        };
        if let Some(col) = columns
            .iter_mut()
            .find(|col| col.stage == card.candidate.stage)
        {
            col.candidates.push(card);
        }
    }
    Ok(HiringBoard {
        role: req.role,
        columns,
    })
}

/// The asker's own scorecard (blank if not started), laid over the profile.
fn own_card(conn: &Connection, c: &Candidate, interviewer: &str) -> Result<Scorecard> {
    let profile = store::hiring::profile(conn, c.role)?;
    Ok(match store::scorecards::get(conn, c.id, interviewer)? {
        Some(card) => card.aligned(&profile),
        None => Scorecard::blank(c.id, interviewer, &profile),
    })
}

pub fn get_scorecard(ws: &Workspace, req: ScorecardRequest) -> ApiResult<Scorecard> {
    let who = interviewer_name(&req.interviewer)?;
    let conn = ws.conn();
    let c = store::hiring::get(&conn, req.candidate_id)?;
    Ok(own_card(&conn, &c, &who)?)
}

fn save_draft(conn: &Connection, req: &SaveScorecardRequest) -> Result<Scorecard> {
    let who = interviewer_name(&req.interviewer)?;
    let c = store::hiring::get(conn, req.candidate_id)?;
    let profile = store::hiring::profile(conn, c.role)?;
    let scores = scorecard::validate(&req.scores, req.notes.trim(), &profile)?;
    let card = Scorecard {
        candidate_id: c.id,
        interviewer: who.clone(),
        scores,
        recommendation: req.recommendation,
        notes: req.notes.trim().to_string(),
        submitted: false,
        submitted_at: None,
        updated_at: None,
    };
    store::scorecards::save(conn, &card)?;
    own_card(conn, &c, &who)
}

/// Saves a draft scorecard (as the interviewer types).
pub fn save_scorecard(ws: &Workspace, req: SaveScorecardRequest) -> ApiResult<Scorecard> {
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let card = save_draft(&tx, &req)?;
    tx.commit().map_err(Error::from)?;
    Ok(card)
}

/// Saves and submits a scorecard: it counts from now on, can no longer
/// change, and its author may now see the others'.
pub fn submit_scorecard(ws: &Workspace, req: SaveScorecardRequest) -> ApiResult<Scorecard> {
    let mut conn = ws.conn();
    let tx = conn.transaction().map_err(Error::from)?;
    let card = save_draft(&tx, &req)?;
    check_complete(&card)?;
    store::scorecards::submit(&tx, card.candidate_id, &card.interviewer)?;
    let c = store::hiring::get(&tx, card.candidate_id)?;
    let card = own_card(&tx, &c, &card.interviewer)?;
    tx.commit().map_err(Error::from)?;
    Ok(card)
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A candidate's scorecards as the named interviewer may see them.
pub fn candidate_scorecards(ws: &Workspace, req: ScorecardRequest) -> ApiResult<ScorecardsView> {
    let who = interviewer_name(&req.interviewer)?;
    let conn = ws.conn();
    let c = store::hiring::get(&conn, req.candidate_id)?;
    let profile = store::hiring::profile(&conn, c.role)?;
    let own = own_card(&conn, &c, &who)?;
    let unlocked = own.submitted;
    let mut others = Vec::new();
    let mut hidden = Vec::new();
    for card in store::scorecards::list(&conn, c.id)? {
        if same_person(&card.interviewer, &who) {
            continue;
        }
        if unlocked && card.submitted {
            others.push(card.aligned(&profile));
        } else {
            hidden.push(HiddenScorecard {
                interviewer: card.interviewer,
                submitted: card.submitted,
            });
        }
    }
    Ok(ScorecardsView {
        candidate: c,
        own,
        others,
        hidden,
        unlocked,
    })
}

/// Refuses a viewer who has a draft scorecard for the candidate.
fn may_see(conn: &Connection, c: &Candidate, viewer: &str) -> Result<()> {
    let viewer = viewer.trim();
    if viewer.is_empty() {
        return Err(Error::invalid(
            "Say who is looking: interviewers see the results only after submitting their own scorecard.",
        ));
    }
    if let Some(card) = store::scorecards::get(conn, c.id, viewer)? {
        if !card.submitted {
            return Err(Error::invalid(format!(
                "Submit your scorecard for {} first: interviewers see the others' scores only after submitting their own.",
                c.name
            )));
        }
    }
    Ok(())
}

/// Everything the rules need about one candidate, evaluated.
pub(crate) fn evaluation_of(conn: &Connection, c: &Candidate) -> Result<Evaluation> {
    let profile = store::hiring::profile(conn, c.role)?;
    let cards = store::scorecards::list(conn, c.id)?;
    let rp = store::scorecards::roleplay(conn, c.id)?;
    Ok(evaluate(&profile, &cards, rp.as_ref()))
}

pub(crate) fn debrief_of(conn: &Connection, c: Candidate) -> Result<Debrief> {
    let profile = store::hiring::profile(conn, c.role)?;
    let cards = store::scorecards::list(conn, c.id)?;
    let role_play = store::scorecards::roleplay(conn, c.id)?;
    let evaluation = evaluate(&profile, &cards, role_play.as_ref());
    Ok(Debrief {
        scorecards: cards
            .into_iter()
            .filter(|s| s.submitted)
            .map(|s| s.aligned(&profile))
            .collect(),
        candidate: c,
        profile,
        evaluation,
        role_play,
    })
}

/// The debrief view of one candidate.
pub fn debrief(ws: &Workspace, req: ViewerRequest) -> ApiResult<Debrief> {
    let conn = ws.conn();
    let c = store::hiring::get(&conn, req.candidate_id)?;
    may_see(&conn, &c, &req.viewer)?;
    Ok(debrief_of(&conn, c)?)
}

pub(crate) fn comparison_of(
    conn: &Connection,
    role: Role,
    viewer: Option<&str>,
    include_closed: bool,
) -> Result<RoleComparison> {
    let mut candidates = Vec::new();
    for c in store::hiring::list(conn, Some(role))? {
        if !include_closed && matches!(c.stage, Stage::Hired | Stage::Rejected) {
            continue;
        }
        let hidden = match viewer {
            Some(v) => may_see(conn, &c, v).is_err(),
            None => false,
        };
        let evaluation = if hidden {
            None
        } else {
            Some(evaluation_of(conn, &c)?)
        };
        candidates.push(ComparedCandidate {
            candidate: c,
            evaluation,
            hidden,
        });
    }
    candidates.sort_by(|a, b| {
        let key = |x: &ComparedCandidate| {
            x.evaluation.as_ref().map(|e| {
                (
                    rank(e.recommendation),
                    -(e.weighted_score.unwrap_or(0.0) * 100.0) as i64,
                )
            })
        };
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.candidate.name.cmp(&b.candidate.name))
    });
    Ok(RoleComparison {
        role,
        profile: store::hiring::profile(conn, role)?,
        candidates,
    })
}

/// Candidates for one role side by side, best first.
pub fn compare_candidates(ws: &Workspace, req: CompareRequest) -> ApiResult<RoleComparison> {
    if req.viewer.trim().is_empty() {
        return Err(Error::invalid("Say who is looking at the comparison.").into());
    }
    Ok(comparison_of(
        &ws.conn(),
        req.role,
        Some(&req.viewer),
        req.include_closed,
    )?)
}

/// A candidate's role-play; a blank one on the default scenario if none yet.
///
/// The role-play's rounds are scores too: an interviewer with a draft
/// scorecard for the candidate sees a role-play someone else ran only after
/// submitting, like the other scorecards. The one who runs it always sees it.
pub fn get_roleplay(ws: &Workspace, req: ViewerRequest) -> ApiResult<RolePlay> {
    let conn = ws.conn();
    let c = store::hiring::get(&conn, req.candidate_id)?;
    match store::scorecards::roleplay(&conn, c.id)? {
        Some(rp) => {
            if !same_person(&rp.interviewer, &req.viewer) {
                may_see(&conn, &c, &req.viewer)?;
            }
            Ok(rp)
        }
        None => Ok(RolePlay::blank(c.id)),
    }
}

/// Saves the role-play screen (as the interviewer goes); the result is
/// recomputed here, whatever the screen sent.
pub fn save_roleplay(ws: &Workspace, req: RolePlay) -> ApiResult<RolePlay> {
    let rp = req.validated()?;
    let conn = ws.conn();
    let c = store::hiring::get(&conn, rp.candidate_id)?;
    store::scorecards::save_roleplay(&conn, &rp)?;
    Ok(store::scorecards::roleplay(&conn, c.id)?.unwrap_or(rp))
}

/// Imports interviewer scores from a staged spreadsheet.
pub fn import_scorecards(
    ws: &Workspace,
    req: ImportScorecardsRequest,
) -> ApiResult<crate::import::scorecards::ScorecardImportReport> {
    let (file_name, bytes) = crate::import::read_staged(ws, &req.file_id)?;
    let report = crate::import::scorecards::import(
        ws,
        &file_name,
        &bytes,
        req.sheet.as_deref(),
        req.dry_run,
    )?;
    if !req.dry_run {
        crate::import::discard(ws, &req.file_id);
    }
    Ok(report)
}

/// A candidate's packet as a print-ready workbook.
pub fn hiring_packet_xlsx(ws: &Workspace, req: ViewerRequest) -> ApiResult<Download> {
    let conn = ws.conn();
    let c = store::hiring::get(&conn, req.candidate_id)?;
    may_see(&conn, &c, &req.viewer)?;
    Ok(packet_download(&conn, c)?)
}

pub(crate) fn packet_download(conn: &Connection, c: Candidate) -> Result<Download> {
    let file_name = format!("{} - candidate packet.xlsx", c.name);
    let d = debrief_of(conn, c)?;
    Ok(Download {
        file_name,
        bytes: crate::export::hiring::packet_workbook(&d)?,
    })
}

/// The comparison of a role's candidates as a print-ready workbook.
pub fn role_comparison_xlsx(ws: &Workspace, req: CompareRequest) -> ApiResult<Download> {
    if req.viewer.trim().is_empty() {
        return Err(Error::invalid("Say who is looking at the comparison.").into());
    }
    let conn = ws.conn();
    let cmp = comparison_of(&conn, req.role, Some(&req.viewer), req.include_closed)?;
    Ok(comparison_download(&cmp)?)
}

pub(crate) fn comparison_download(cmp: &RoleComparison) -> Result<Download> {
    Ok(Download {
        file_name: format!("{} candidates - comparison.xlsx", cmp.role.as_str()),
        bytes: crate::export::hiring::comparison_workbook(cmp)?,
    })
}

/// The candidates as `salesos hiring` lists them: each with its evaluation.
pub fn hiring_summary(
    ws: &Workspace,
    role: Option<Role>,
) -> ApiResult<Vec<(Candidate, Evaluation)>> {
    let conn = ws.conn();
    let mut out = Vec::new();
    for c in store::hiring::list(&conn, role)? {
        let e = evaluation_of(&conn, &c)?;
        out.push((c, e));
    }
    Ok(out)
}
