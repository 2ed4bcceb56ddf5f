//! Importing interviewer scores from a spreadsheet, in either of the two
//! shapes teams keep them in:
//!
//! - **long**: one row per candidate × interviewer × trait, with Trait and
//!   Score columns (and optionally Evidence);
//! - **wide**: one row per scorecard, with a column per trait named after the
//!   trait (its name or id in the candidate's profile), optional
//!   "<trait> evidence" columns and a Notes column.
//!
//! Both need Candidate and Interviewer columns; Role (to add candidates not
//! in SalesOS yet) and Recommendation are optional. The header row is found
//! in the first rows of the first sheet that has one.
//!
//! Every row below the header that holds something is accounted for by its
//! sheet row number: imported, unchanged (already in SalesOS as it is), or
//! rejected with a message saying what to fix; a rejected row changes
//! nothing. Imported scorecards are submitted (the sheet is a record of
//! interviews already done). A scorecard already submitted in SalesOS is
//! never changed by an import: rows that would change it are rejected.
use std::collections::HashMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::no_fields;
use super::model::RowIssue;
use crate::error::{Error, Result};
use crate::hiring::{CandidateInput, Profile, Role, Scorecard, TraitScore, Verdict};
use crate::process::normalize;
use crate::store::{self, Workspace};
use sheet::grid::{Cell, Grid, GridRow};
use sheet::sniff;

/// How far down a sheet its header row may be.
const HEADER_SEARCH_ROWS: usize = 10;

/// Which of the two layouts the sheet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ScoreShape {
    /// One row per candidate × interviewer × trait.
    Long,
    /// One row per scorecard, a column per trait.
    Wide,
}

/// The account of every row of a scorecard import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ScorecardImportReport {
    pub file_name: String,
    pub sheet: String,
    pub shape: ScoreShape,
    /// Sheet row number of the header row.
    pub header_row: u32,
    /// Rows below the header that hold something.
    pub rows_read: u32,
    pub imported: u32,
    pub unchanged: u32,
    pub rejected: u32,
    /// Rows rejected, with what to fix.
    pub errors: Vec<RowIssue>,
    /// Rows imported with something to check.
    pub warnings: Vec<RowIssue>,
    /// Scorecards written (new or completed).
    pub scorecards: u32,
    pub candidates_created: Vec<String>,
    /// Columns the import did not use.
    pub unused_columns: Vec<String>,
    pub dry_run: bool,
}

/// Imports a file of interviewer scores into the workspace (or only checks
/// it, with `dry_run`).
pub fn import(
    ws: &Workspace,
    file_name: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    dry_run: bool,
) -> Result<ScorecardImportReport> {
    let (sheet, grid, header_at, cols) = read(bytes, sheet)?;
    let mut conn = ws.conn();
    let tx = conn.transaction()?;
    let report = apply(
        &tx,
        ws.today(),
        file_name,
        &sheet,
        &grid,
        header_at,
        &cols,
        dry_run,
    )?;
    if dry_run {
        tx.rollback()?;
    } else {
        tx.commit()?;
    }
    Ok(report)
}

/// The columns the header names.
#[derive(Debug, Default, Clone)]
struct Cols {
    candidate: u32,
    interviewer: u32,
    role: Option<u32>,
    trait_col: Option<u32>,
    score: Option<u32>,
    evidence: Option<u32>,
    recommendation: Option<u32>,
    notes: Option<u32>,
    /// Every other column: (index, header), trait columns of the wide shape.
    rest: Vec<(u32, String)>,
}

impl Cols {
    fn shape(&self) -> ScoreShape {
        if self.trait_col.is_some() && self.score.is_some() {
            ScoreShape::Long
        } else {
            ScoreShape::Wide
        }
    }
}

fn header_cols(row: &GridRow) -> Option<Cols> {
    let mut cols = Cols::default();
    let (mut candidate, mut interviewer) = (None, None);
    for (i, cell) in row.cells.iter().enumerate() {
        let i = i as u32;
        let h = normalize(&cell.display());
        let slot = match h.as_str() {
            "candidate" | "candidate name" | "applicant" | "name" => &mut candidate,
            "interviewer" | "interviewer name" | "scored by" | "panelist" | "panellist"
            | "reviewer" => &mut interviewer,
            "role" | "position" | "job" => &mut cols.role,
            "trait" | "competency" | "criterion" | "attribute" => &mut cols.trait_col,
            "score" | "rating" | "1 4" | "score 1 4" => &mut cols.score,
            "evidence" | "evidence notes" | "comment" | "comments" => &mut cols.evidence,
            "recommendation" | "overall" | "overall recommendation" | "verdict" | "decision" => {
                &mut cols.recommendation
            }
            "notes" | "summary" | "scorecard notes" => &mut cols.notes,
            "" => continue,
            _ => {
                cols.rest.push((i, cell.display()));
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(i);
        }
    }
    cols.candidate = candidate?;
    cols.interviewer = interviewer?;
    // In the long shape a Notes column is the evidence of the row's score.
    if cols.shape() == ScoreShape::Long && cols.evidence.is_none() {
        cols.evidence = cols.notes.take();
    }
    Some(cols)
}

fn find_header(g: &Grid) -> Option<(usize, Cols)> {
    g.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, r)| header_cols(r).map(|c| (i, c)))
}

fn no_header() -> Error {
    Error::invalid(
        "No sheet in this file has a header row with Candidate and Interviewer columns. Scores import in one of two shapes: one row per score (Candidate, Interviewer, Trait, Score, Evidence) or one row per scorecard (Candidate, Interviewer, then a column per trait).",
    )
}

/// Finds the sheet with a header and reads it.
fn read(bytes: &[u8], wanted: Option<&str>) -> Result<(String, Grid, usize, Cols)> {
    let format = sniff::sniff(bytes)?;
    let sheets = match wanted.filter(|s| !s.trim().is_empty()) {
        Some(s) => vec![s.to_string()],
        None => sheet::sheet_names(format, bytes)?,
    };
    for name in &sheets {
        let (_, sheet, g) = sheet::load(format, bytes, Some(name), &no_fields)?;
        if let Some((at, cols)) = find_header(&g) {
            return Ok((sheet, g, at, cols));
        }
    }
    Err(no_header())
}

/// One row's scores, read and checked, before they are written.
struct RowScores {
    row: u32,
    candidate: String,
    interviewer: String,
    role: Option<Role>,
    scores: Vec<(String, u8, String)>,
    recommendation: Option<Verdict>,
    notes: String,
}

fn text(cell: &Cell) -> String {
    cell.display().trim().to_string()
}

/// A 1-4 score as people write it: 3, "3", "yes", "strong no".
fn score(cell: &Cell) -> Option<u8> {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=4.0).contains(n) => Some(*n as u8),
        Cell::Text(t) => Verdict::parse(t).map(Verdict::score),
        _ => None,
    }
}

fn bad_score(row: u32, column: &str, cell: &Cell) -> RowIssue {
    RowIssue {
        row,
        column: Some(column.to_string()),
        value: Some(text(cell)),
        message: format!(
            "\"{}\" is not a score: write 1 to 4 (1 strong no, 2 no, 3 yes, 4 strong yes).",
            text(cell)
        ),
    }
}

fn issue(row: u32, column: Option<&str>, value: Option<String>, message: String) -> RowIssue {
    RowIssue {
        row,
        column: column.map(str::to_string),
        value,
        message,
    }
}

/// Per-role profiles, loaded once.
struct Profiles(HashMap<Role, Profile>);

impl Profiles {
    fn get(&mut self, conn: &Connection, role: Role) -> Result<&Profile> {
        Ok(match self.0.entry(role) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(store::hiring::profile(conn, role)?)
            }
        })
    }
}

/// Reads one data row into scores, or says why it cannot be imported.
#[allow(clippy::too_many_arguments)]
fn read_row(
    conn: &Connection,
    profiles: &mut Profiles,
    cols: &Cols,
    header: &GridRow,
    row: &GridRow,
    roles: &HashMap<String, Role>,
    used: &mut Vec<u32>,
) -> Result<std::result::Result<RowScores, RowIssue>> {
    let n = row.number;
    let candidate = text(row.get(cols.candidate))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let interviewer = text(row.get(cols.interviewer));
    if candidate.is_empty() {
        return Ok(Err(issue(
            n,
            Some("Candidate"),
            None,
            "The candidate's name is empty.".into(),
        )));
    }
    if interviewer.is_empty() {
        return Ok(Err(issue(
            n,
            Some("Interviewer"),
            None,
            "The interviewer's name is empty: whose scores are these?".into(),
        )));
    }
    if let Err(e) = crate::hiring::scorecard::interviewer_name(&interviewer) {
        return Ok(Err(issue(
            n,
            Some("Interviewer"),
            Some(interviewer),
            e.to_string(),
        )));
    }
    let sheet_role = match cols
        .role
        .map(|c| text(row.get(c)))
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(t) => match Role::parse(&t) {
            Some(r) => Some(r),
            None => {
                return Ok(Err(issue(
                    n,
                    Some("Role"),
                    Some(t.clone()),
                    format!("\"{t}\" is not a role: write AE, SDR, CSM or manager."),
                )))
            }
        },
    };
    let existing = store::hiring::find(conn, &candidate)?;
    let role = match (&existing, sheet_role, roles.get(&candidate.to_lowercase())) {
        (Some(c), _, _) => c.role,
        (None, Some(r), _) => r,
        (None, None, Some(r)) => *r,
        (None, None, None) => {
            return Ok(Err(issue(n, Some("Candidate"), Some(candidate.clone()), format!(
                "There is no candidate named {candidate} in SalesOS: add them first, or add a Role column (AE, SDR, CSM, manager) so the import can."
            ))))
        }
    };
    let profile = profiles.get(conn, role)?;
    let mut scores: Vec<(String, u8, String)> = Vec::new();
    match cols.shape() {
        ScoreShape::Long => {
            let (tc, sc) = (cols.trait_col.unwrap_or(0), cols.score.unwrap_or(0));
            let name = text(row.get(tc));
            let Some(t) = profile.find(&name) else {
                let known: Vec<&str> = profile.traits.iter().map(|t| t.name.as_str()).collect();
                let msg = if name.is_empty() {
                    "The trait is empty: which trait is this score for?".to_string()
                } else {
                    format!(
                        "The {} profile has no trait \"{name}\". Its traits: {}.",
                        role.as_str(),
                        known.join(", ")
                    )
                };
                return Ok(Err(issue(n, Some("Trait"), Some(name), msg)));
            };
            let cell = row.get(sc);
            let Some(s) = score(cell) else {
                if cell.is_empty() {
                    return Ok(Err(issue(
                        n,
                        Some("Score"),
                        None,
                        format!("The score for {} is empty.", t.name),
                    )));
                }
                return Ok(Err(bad_score(n, "Score", cell)));
            };
            let evidence = cols.evidence.map(|c| text(row.get(c))).unwrap_or_default();
            scores.push((t.id.clone(), s, evidence));
        }
        ScoreShape::Wide => {
            for (c, h) in &cols.rest {
                let Some(t) = profile.find(h) else { continue };
                if !used.contains(c) {
                    used.push(*c);
                }
                let cell = row.get(*c);
                if cell.is_empty() {
                    continue;
                }
                let Some(s) = score(cell) else {
                    return Ok(Err(bad_score(n, h, cell)));
                };
                let evidence = cols
                    .rest
                    .iter()
                    .find(|(_, eh)| {
                        let e = normalize(eh);
                        [" evidence", " notes", " comments"].iter().any(|suffix| {
                            e.strip_suffix(suffix.trim_start())
                                .map(|p| p.trim_end())
                                .and_then(|p| profile.find(p))
                                .is_some_and(|et| et.id == t.id)
                        })
                    })
                    .map(|(ec, _)| {
                        if !used.contains(ec) {
                            used.push(*ec);
                        }
                        text(row.get(*ec))
                    })
                    .unwrap_or_default();
                scores.push((t.id.clone(), s, evidence));
            }
            if scores.is_empty() {
                let known: Vec<&str> = profile.traits.iter().map(|t| t.name.as_str()).collect();
                return Ok(Err(issue(n, None, None, format!(
                    "No score on this row for {candidate}: the {} profile's traits are {}; name the columns after them.",
                    role.as_str(),
                    known.join(", ")
                ))));
            }
        }
    }
    let recommendation = match cols
        .recommendation
        .map(|c| row.get(c))
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(cell) => match Verdict::parse(&text(cell)) {
            Some(v) => Some(v),
            None => {
                let header_text = cols
                    .recommendation
                    .map(|c| text(header.get(c)))
                    .unwrap_or_default();
                return Ok(Err(issue(n, Some(&header_text), Some(text(cell)), format!(
                    "\"{}\" is not a recommendation: write strong no, no, yes or strong yes (or 1 to 4).",
                    text(cell)
                ))));
            }
        },
    };
    let notes = cols.notes.map(|c| text(row.get(c))).unwrap_or_default();
    Ok(Ok(RowScores {
        row: n,
        candidate: existing.map(|c| c.name).unwrap_or(candidate),
        interviewer,
        role: Some(role),
        scores,
        recommendation,
        notes,
    }))
}

/// A scorecard being assembled from the rows that name it.
struct Pending {
    candidate: String,
    role: Role,
    interviewer: String,
    rows: Vec<u32>,
    /// trait id → (score, evidence, row)
    scores: Vec<(String, u8, String, u32)>,
    recommendation: Option<(Verdict, u32)>,
    notes: String,
}

#[allow(clippy::too_many_arguments)]
fn apply(
    conn: &Connection,
    today: chrono::NaiveDate,
    file_name: &str,
    sheet: &str,
    g: &Grid,
    header_at: usize,
    cols: &Cols,
    dry_run: bool,
) -> Result<ScorecardImportReport> {
    let header = &g.rows[header_at];
    let mut profiles = Profiles(HashMap::new());
    let mut errors: Vec<RowIssue> = Vec::new();
    let mut warnings: Vec<RowIssue> = Vec::new();
    let mut used: Vec<u32> = Vec::new();
    let mut roles: HashMap<String, Role> = HashMap::new();
    let mut cards: Vec<Pending> = Vec::new();
    let mut rows_read = 0u32;

    for row in g.rows.iter().skip(header_at + 1) {
        if row.is_blank() {
            continue;
        }
        rows_read += 1;
        let r = match read_row(conn, &mut profiles, cols, header, row, &roles, &mut used)? {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let role = r.role.unwrap_or(Role::Ae);
        roles.entry(r.candidate.to_lowercase()).or_insert(role);
        let idx = match cards.iter().position(|c| {
            c.candidate.eq_ignore_ascii_case(&r.candidate)
                && c.interviewer.eq_ignore_ascii_case(&r.interviewer)
        }) {
            Some(i) => i,
            None => {
                cards.push(Pending {
                    candidate: r.candidate.clone(),
                    role,
                    interviewer: r.interviewer.clone(),
                    rows: Vec::new(),
                    scores: Vec::new(),
                    recommendation: None,
                    notes: String::new(),
                });
                cards.len() - 1
            }
        };
        let card = &mut cards[idx];
        // A row contradicting an earlier row of the same scorecard is refused whole.
        let profile = profiles.get(conn, role)?;
        let clash = r.scores.iter().find_map(|(id, s, _)| {
            card.scores.iter().find(|(cid, cs, _, _)| cid == id && cs != s).map(|(_, cs, _, at)| {
                let name = profile.get(id).map(|t| t.name.clone()).unwrap_or_else(|| id.clone());
                format!("{} already gave {name} a {cs} for {} on row {at}; this row says {s}. Keep one.", r.interviewer, r.candidate)
            })
        });
        let rec_clash = match (r.recommendation, card.recommendation) {
            (Some(v), Some((w, at))) if v != w => Some(format!(
                "The recommendation \"{}\" differs from row {at} (\"{}\") for the same scorecard.",
                v.label(),
                w.label()
            )),
            _ => None,
        };
        if let Some(msg) = clash.or(rec_clash) {
            errors.push(issue(r.row, None, None, msg));
            continue;
        }
        for (id, s, ev) in r.scores {
            if !card.scores.iter().any(|(cid, ..)| *cid == id) {
                card.scores.push((id, s, ev, r.row));
            }
        }
        if let (Some(v), None) = (r.recommendation, card.recommendation) {
            card.recommendation = Some((v, r.row));
        }
        if !r.notes.is_empty() {
            if !card.notes.is_empty() {
                card.notes.push('\n');
            }
            card.notes.push_str(&r.notes);
        }
        card.rows.push(r.row);
    }

    let mut imported = 0u32;
    let mut unchanged = 0u32;
    let mut written = 0u32;
    let mut created: Vec<String> = Vec::new();
    for card in &cards {
        let candidate = match store::hiring::find(conn, &card.candidate)? {
            Some(c) => c,
            None => {
                let input = CandidateInput {
                    name: card.candidate.clone(),
                    role: card.role,
                    source: None,
                    stage: None,
                    notes: String::new(),
                    resume_url: None,
                    start_date: None,
                }
                .validated();
                match input.and_then(|i| store::hiring::create(conn, &i, today)) {
                    Ok(c) => {
                        created.push(c.name.clone());
                        c
                    }
                    Err(e) => {
                        for row in &card.rows {
                            errors.push(issue(
                                *row,
                                Some("Candidate"),
                                Some(card.candidate.clone()),
                                e.to_string(),
                            ));
                        }
                        continue;
                    }
                }
            }
        };
        let profile = profiles.get(conn, candidate.role)?.clone();
        let existing = store::scorecards::get(conn, candidate.id, &card.interviewer)?;
        if let Some(ex) = existing.as_ref().filter(|e| e.submitted) {
            let same = card
                .scores
                .iter()
                .all(|(id, s, _, _)| ex.score(id) == Some(*s))
                && card
                    .recommendation
                    .is_none_or(|(v, _)| ex.recommendation == Some(v));
            if same {
                unchanged += card.rows.len() as u32;
            } else {
                for row in &card.rows {
                    errors.push(issue(*row, None, None, format!(
                        "{}'s scorecard for {} was already submitted in SalesOS and is not changed by an import.",
                        ex.interviewer, candidate.name
                    )));
                }
            }
            continue;
        }
        let mut sc = existing
            .map(|e| e.aligned(&profile))
            .unwrap_or_else(|| Scorecard::blank(candidate.id, &card.interviewer, &profile));
        for (id, s, ev, _) in &card.scores {
            if let Some(slot) = sc.scores.iter_mut().find(|t| t.trait_id == *id) {
                slot.score = Some(*s);
                if !ev.is_empty() {
                    slot.evidence = ev.clone();
                }
            }
        }
        if let Some((v, _)) = card.recommendation {
            sc.recommendation = Some(v);
        }
        if !card.notes.is_empty() {
            sc.notes = card.notes.clone();
        }
        let checked: Vec<TraitScore> =
            match crate::hiring::scorecard::validate(&sc.scores, &sc.notes, &profile) {
                Ok(s) => s,
                Err(e) => {
                    for row in &card.rows {
                        errors.push(issue(*row, None, None, e.to_string()));
                    }
                    continue;
                }
            };
        sc.scores = checked;
        store::scorecards::save(conn, &sc)?;
        store::scorecards::submit(conn, candidate.id, &sc.interviewer)?;
        if sc.recommendation.is_none() {
            if let Some(first) = card.rows.first() {
                warnings.push(issue(*first, None, None, format!(
                    "{}'s scorecard for {} has no overall recommendation; its scores count all the same.",
                    sc.interviewer, candidate.name
                )));
            }
        }
        written += 1;
        imported += card.rows.len() as u32;
    }
    errors.sort_by_key(|e| e.row);
    warnings.sort_by_key(|e| e.row);

    let mut unused_columns: Vec<String> = Vec::new();
    if cols.shape() == ScoreShape::Wide {
        for (c, h) in &cols.rest {
            if !used.contains(c) {
                unused_columns.push(h.clone());
            }
        }
    } else {
        unused_columns = cols.rest.iter().map(|(_, h)| h.clone()).collect();
    }
    Ok(ScorecardImportReport {
        file_name: file_name.to_string(),
        sheet: sheet.to_string(),
        shape: cols.shape(),
        header_row: header.number,
        rows_read,
        imported,
        unchanged,
        rejected: errors.len() as u32,
        errors,
        warnings,
        scorecards: written,
        candidates_created: created,
        unused_columns,
        dry_run,
    })
}

/// Whether a sheet has a scorecard header (Candidate and Interviewer
/// columns), so an import without a chosen kind can route the file to the
/// scorecard import instead of reading it as deals.
pub fn has_header(grid: &Grid) -> bool {
    find_header(grid).is_some()
}
