//! `salesos hiring` and `salesos import --kind scorecards`: what they print.
//! The `--json` shapes are a contract scripts rely on; keep them stable.
use serde_json::{json, Value};

use crate::hiring::{fmt_score, Candidate, Evaluation};
use crate::import::scorecards::ScorecardImportReport;

/// `hiring --json`: `{candidates: [{name, role, stage, weighted_score,
/// coachability: {round1, round2, gain, score}, must_pass: [{trait, score,
/// floor, passed}], spread_flags: [trait], recommendation, reasons}]}`.
pub fn hiring_json(list: &[(Candidate, Evaluation)]) -> Value {
    json!({
        "candidates": list.iter().map(|(c, e)| json!({
            "name": c.name,
            "role": c.role,
            "stage": c.stage,
            "weighted_score": e.weighted_score,
            "coachability": {
                "round1": e.coachability.round1,
                "round2": e.coachability.round2,
                "gain": e.coachability.gain,
                "score": e.coachability.score,
            },
            "must_pass": e.must_pass.iter().map(|m| json!({
                "trait": m.trait_name,
                "score": m.score,
                "floor": m.floor,
                "passed": m.passed,
            })).collect::<Vec<_>>(),
            "spread_flags": e.spread_flags,
            "recommendation": e.recommendation,
            "reasons": e.reasons,
        })).collect::<Vec<_>>(),
    })
}

fn opt(v: Option<f64>) -> String {
    v.map(fmt_score).unwrap_or_else(|| "-".into())
}

pub fn print_hiring(list: &[(Candidate, Evaluation)]) {
    if list.is_empty() {
        println!("No candidates yet.");
        return;
    }
    println!(
        "{:<26} {:<8} {:<10} {:>8} {:>7} {:>6}  {:<10}",
        "Candidate", "Role", "Stage", "Weighted", "Coach.", "Gain", "Rules say"
    );
    for (c, e) in list {
        let gain = match e.coachability.gain {
            Some(g) if g > 0.0 => format!("+{}", fmt_score(g)),
            g => opt(g),
        };
        println!(
            "{:<26} {:<8} {:<10} {:>8} {:>7} {:>6}  {:<10}",
            super::output::cut(&c.name, 26),
            c.role.as_str(),
            c.stage.label(),
            opt(e.weighted_score),
            opt(e.coachability.score),
            gain,
            e.recommendation.label(),
        );
        for r in &e.reasons {
            println!("    {r}");
        }
    }
    println!("{} candidate(s)", list.len());
}

pub fn print_import(r: &ScorecardImportReport) {
    let verb = if r.dry_run { "Checked" } else { "Imported" };
    let shape = match r.shape {
        crate::import::scorecards::ScoreShape::Long => "one row per score",
        crate::import::scorecards::ScoreShape::Wide => "one row per scorecard",
    };
    println!(
        "{verb} scores from {} ({}, {shape}): {} rows read",
        r.file_name, r.sheet, r.rows_read
    );
    println!(
        "  imported {}, unchanged {}, rejected {}; {} scorecard(s) written",
        r.imported, r.unchanged, r.rejected, r.scorecards
    );
    if !r.candidates_created.is_empty() {
        println!("  new candidates: {}", r.candidates_created.join(", "));
    }
    for e in &r.errors {
        println!("  row {:>6}  REJECTED  {}", e.row, e.message);
    }
    for w in &r.warnings {
        println!("  row {:>6}  warning   {}", w.row, w.message);
    }
    if !r.unused_columns.is_empty() {
        println!("  columns not used: {}", r.unused_columns.join(", "));
    }
}
