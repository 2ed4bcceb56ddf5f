//! Hiring workbooks to print for the debrief: a candidate's packet (scores
//! by interviewer, the rules' verdict, the evidence and the role-play) and a
//! role's candidates side by side. Set up like every SalesOS export:
//! landscape, one page wide, frozen header, title in the page header, page
//! numbers in the footer.
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet};

use super::template::set_height;
use super::{body_format as body, header_format, print_setup};
use crate::error::Result;
use crate::hiring::{
    fmt_plain, fmt_score, CoachabilitySummary, Evaluation, Recommendation, Verdict,
};
use crate::hiring::{ComparedCandidate, Debrief, RoleComparison};

/// Fills: a failed floor, a flagged disagreement, and the three verdicts.
const FAIL_FILL: u32 = 0xF8D7DA;
const FLAG_FILL: u32 = 0xFDE5CC;
const HIRE_FILL: u32 = 0xD4EDDA;
const UNDECIDED_FILL: u32 = 0xFFF3CD;

fn centered() -> Format {
    body().set_align(FormatAlign::Center)
}

fn bold() -> Format {
    body().set_bold()
}

fn fill(f: Format, rgb: u32) -> Format {
    f.set_background_color(Color::RGB(rgb))
}

fn verdict_fill(r: Recommendation) -> u32 {
    match r {
        Recommendation::Hire => HIRE_FILL,
        Recommendation::NoHire => FAIL_FILL,
        Recommendation::Undecided => UNDECIDED_FILL,
    }
}

fn headers(sheet: &mut Worksheet, names: &[String], widths: &[f64]) -> Result<()> {
    let h = header_format().set_align(FormatAlign::Top);
    for (c, (name, w)) in names.iter().zip(widths).enumerate() {
        sheet.write_with_format(0, c as u16, name, &h)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn opt(v: Option<f64>) -> String {
    v.map(fmt_score).unwrap_or_else(|| "–".into())
}

fn signed(v: Option<f64>) -> String {
    match v {
        Some(g) if g > 0.0 => format!("+{}", fmt_score(g)),
        Some(g) => fmt_score(g),
        None => "–".into(),
    }
}

/// A candidate's packet: Debrief, Evidence and Role-play sheets.
pub fn packet_workbook(d: &Debrief) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let c = &d.candidate;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Candidate packet: {}", c.name))
            .set_author("SalesOS"),
    );
    let title = format!(
        "Candidate packet — {} ({}, {})",
        c.name,
        c.role.as_str(),
        c.stage.label()
    );
    debrief_sheet(wb.add_worksheet(), d, &title)?;
    evidence_sheet(wb.add_worksheet(), d, &title)?;
    roleplay_sheet(wb.add_worksheet(), d, &title)?;
    Ok(wb.save_to_buffer()?)
}

fn debrief_sheet(sheet: &mut Worksheet, d: &Debrief, title: &str) -> Result<()> {
    sheet.set_name("Debrief")?;
    let e = &d.evaluation;
    let people: Vec<String> = d.scorecards.iter().map(|s| s.interviewer.clone()).collect();
    let mut names: Vec<String> = vec!["Trait".into(), "Weight".into(), "Floor".into()];
    names.extend(people.iter().cloned());
    names.extend(["Role-play".into(), "Score".into(), "Spread".into()]);
    let mut widths = vec![32.0, 9.0, 8.0];
    widths.extend(
        people
            .iter()
            .map(|p| (p.chars().count() as f64 + 3.0).clamp(11.0, 18.0)),
    );
    widths.extend([11.0, 9.0, 9.0]);
    headers(sheet, &names, &widths)?;
    let last_col = names.len() as u16 - 1;
    let (b, ctr) = (body(), centered());
    let mut row = 1u32;
    for t in &e.traits {
        let name = if t.must_pass {
            format!("{} (must pass)", t.name)
        } else {
            t.name.clone()
        };
        sheet.write_with_format(row, 0, &name, &bold())?;
        sheet.write_with_format(row, 1, fmt_plain(t.weight), &ctr)?;
        sheet.write_with_format(row, 2, t.floor.map(fmt_plain).unwrap_or_default(), &ctr)?;
        for (i, p) in people.iter().enumerate() {
            let s = t
                .scores
                .iter()
                .find(|s| &s.interviewer == p)
                .map(|s| s.score.to_string());
            sheet.write_with_format(row, 3 + i as u16, s.unwrap_or_else(|| "–".into()), &ctr)?;
        }
        let col = 3 + people.len() as u16;
        sheet.write_with_format(row, col, opt(t.role_play), &ctr)?;
        let score_fmt = if t.passed == Some(false) {
            fill(centered().set_bold(), FAIL_FILL)
        } else {
            centered().set_bold()
        };
        sheet.write_with_format(row, col + 1, opt(t.score), &score_fmt)?;
        let spread_fmt = if t.spread_flag {
            fill(centered(), FLAG_FILL)
        } else {
            centered()
        };
        sheet.write_with_format(
            row,
            col + 2,
            t.spread
                .map(|s| s.to_string())
                .unwrap_or_else(|| "–".into()),
            &spread_fmt,
        )?;
        set_height(sheet, row, &[name], &widths[..1])?;
        row += 1;
    }
    // The interviewers' overall calls under their columns.
    sheet.write_with_format(row, 0, "Overall call", &bold())?;
    sheet.write_with_format(row, 1, "", &b)?;
    sheet.write_with_format(row, 2, "", &b)?;
    for (i, p) in people.iter().enumerate() {
        let v = e
            .verdicts
            .iter()
            .find(|v| &v.interviewer == p)
            .and_then(|v| v.verdict);
        sheet.write_with_format(
            row,
            3 + i as u16,
            v.map(Verdict::label).unwrap_or("–"),
            &ctr,
        )?;
    }
    for c in 3 + people.len() as u16..=last_col {
        sheet.write_with_format(row, c, "", &b)?;
    }
    row += 2;
    summary(sheet, row, last_col, e)?;
    print_setup(sheet, title);
    Ok(())
}

/// The weighted score, the recommendation and its reasons, under the table.
/// Where the coachability score comes from, in words: the role-play's rounds
/// when it was run, else the interviewers (a packet should not list three
/// dashes for a role-play nobody ran).
fn coachability_line(c: &CoachabilitySummary) -> String {
    if c.round1.is_none() && c.round2.is_none() {
        return format!(
            "{} from the interviewers' scorecards (no role-play scored yet)",
            opt(c.score)
        );
    }
    format!(
        "{}{} — role-play round 1 {}, round 2 {}, gain {}",
        opt(c.score),
        if c.from_role_play {
            " from the role-play"
        } else {
            ""
        },
        opt(c.round1),
        opt(c.round2),
        signed(c.gain)
    )
}

fn summary(sheet: &mut Worksheet, mut row: u32, last_col: u16, e: &Evaluation) -> Result<()> {
    let label = bold();
    let wide = body();
    let lines = [
        (
            "Weighted score",
            format!(
                "{} (hire bar {})",
                opt(e.weighted_score),
                fmt_plain(e.hire_bar)
            ),
        ),
        ("Coachability", coachability_line(&e.coachability)),
    ];
    for (l, v) in lines {
        sheet.write_with_format(row, 0, l, &label)?;
        sheet.merge_range(row, 1, row, last_col, &v, &wide)?;
        row += 1;
    }
    let rec = fill(bold(), verdict_fill(e.recommendation));
    sheet.write_with_format(row, 0, "Recommendation", &label)?;
    sheet.merge_range(row, 1, row, last_col, e.recommendation.label(), &rec)?;
    row += 1;
    for (i, r) in e.reasons.iter().enumerate() {
        sheet.write_with_format(row, 0, if i == 0 { "Why" } else { "" }, &label)?;
        sheet.merge_range(row, 1, row, last_col, r, &wide)?;
        if r.chars().count() > 90 {
            sheet.set_row_height(row, 34.0)?;
        }
        row += 1;
    }
    Ok(())
}

fn evidence_sheet(sheet: &mut Worksheet, d: &Debrief, title: &str) -> Result<()> {
    sheet.set_name("Evidence")?;
    let widths = [28.0, 20.0, 15.0, 80.0];
    let names: Vec<String> = ["Trait", "Interviewer", "Score", "Evidence"]
        .map(String::from)
        .to_vec();
    headers(sheet, &names, &widths)?;
    let (b, ctr) = (body(), centered());
    let mut row = 1u32;
    for t in &d.evaluation.traits {
        for s in &t.scores {
            let score = format!(
                "{} {}",
                s.score,
                Verdict::from_score(s.score)
                    .map(Verdict::label)
                    .unwrap_or("")
            );
            sheet.write_with_format(row, 0, &t.name, &bold())?;
            sheet.write_with_format(row, 1, &s.interviewer, &b)?;
            sheet.write_with_format(row, 2, &score, &ctr)?;
            sheet.write_with_format(row, 3, &s.evidence, &b)?;
            set_height(
                sheet,
                row,
                &[
                    t.name.clone(),
                    s.interviewer.clone(),
                    score,
                    s.evidence.clone(),
                ],
                &widths,
            )?;
            row += 1;
        }
    }
    for card in d.scorecards.iter().filter(|c| !c.notes.is_empty()) {
        sheet.write_with_format(row, 0, "Scorecard notes", &bold())?;
        sheet.write_with_format(row, 1, &card.interviewer, &b)?;
        sheet.write_with_format(row, 2, "", &b)?;
        sheet.write_with_format(row, 3, &card.notes, &b)?;
        set_height(
            sheet,
            row,
            &[
                String::new(),
                card.interviewer.clone(),
                String::new(),
                card.notes.clone(),
            ],
            &widths,
        )?;
        row += 1;
    }
    if row == 1 {
        sheet.merge_range(1, 0, 1, 3, "No scorecard has been submitted yet.", &b)?;
    }
    print_setup(sheet, &format!("{title} — evidence"));
    Ok(())
}

fn roleplay_sheet(sheet: &mut Worksheet, d: &Debrief, title: &str) -> Result<()> {
    sheet.set_name("Role-play")?;
    let widths = [36.0, 100.0];
    headers(
        sheet,
        &["Role-play".to_string(), "What happened".to_string()],
        &widths,
    )?;
    let b = body();
    let score = |v: Option<u8>| {
        v.map(|v| {
            format!(
                "{v} – {}",
                Verdict::from_score(v).map(Verdict::label).unwrap_or("")
            )
        })
        .unwrap_or_else(|| "not scored".into())
    };
    let rows: Vec<(&str, String)> = match &d.role_play {
        None => vec![(
            "Not run yet",
            "The coachability role-play has not been saved for this candidate.".into(),
        )],
        Some(rp) => {
            let mut coaching: Vec<String> = rp
                .coaching
                .points
                .iter()
                .map(|p| format!("• {p}"))
                .collect();
            if !rp.coaching.text.is_empty() {
                coaching.push(rp.coaching.text.clone());
            }
            vec![
                ("Interviewer", rp.interviewer.clone()),
                ("Scenario (the objection)", rp.scenario.clone()),
                (
                    "Round 1: willingness to enter",
                    score(rp.round1.willingness),
                ),
                ("Round 1: handling the objection", score(rp.round1.handling)),
                ("Round 1 notes", rp.round1.notes.clone()),
                ("Coaching given", coaching.join("\n")),
                ("Round 2: coaching applied", score(rp.round2.applied)),
                (
                    "Round 2: how feedback was taken",
                    score(rp.round2.reception),
                ),
                ("Round 2 notes", rp.round2.notes.clone()),
                (
                    "Time",
                    format!("{}:{:02}", rp.seconds / 60, rp.seconds % 60),
                ),
                (
                    "Round 1 → round 2",
                    format!(
                        "{} → {} (gain {})",
                        opt(rp.result.round1),
                        opt(rp.result.round2),
                        signed(rp.result.gain)
                    ),
                ),
                ("Coachability score", opt(rp.result.score)),
            ]
        }
    };
    for (i, (label, value)) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_with_format(row, 0, *label, &bold())?;
        sheet.write_with_format(row, 1, value, &b)?;
        set_height(sheet, row, &[label.to_string(), value.clone()], &widths)?;
    }
    print_setup(sheet, &format!("{title} — coachability role-play"));
    Ok(())
}

/// A role's candidates side by side, one row each, best first.
pub fn comparison_workbook(cmp: &RoleComparison) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} candidates compared", cmp.role.as_str()))
            .set_author("SalesOS"),
    );
    let sheet = wb.add_worksheet();
    sheet.set_name("Comparison")?;
    let traits = &cmp.profile.traits;
    let mut names: Vec<String> = [
        "Candidate",
        "Stage",
        "Rules say",
        "Weighted",
        "Coachability",
        "Gain",
    ]
    .map(String::from)
    .to_vec();
    names.extend(traits.iter().map(|t| {
        if t.must_pass {
            format!(
                "{} (floor {})",
                t.name,
                t.floor.map(fmt_plain).unwrap_or_default()
            )
        } else {
            t.name.clone()
        }
    }));
    names.push("Why".into());
    let mut widths = vec![22.0, 11.0, 13.0, 10.0, 14.0, 8.0];
    // Each trait column wide enough for the longest word of its header.
    widths.extend(names[6..names.len() - 1].iter().map(|n| {
        let longest = n
            .split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        (longest as f64 + 3.0).max(12.0)
    }));
    widths.push(50.0);
    headers(sheet, &names, &widths)?;
    set_height(sheet, 0, &names, &widths)?;
    sheet.set_freeze_panes(1, 1)?;
    let (b, ctr) = (body(), centered());
    for (i, cc) in cmp.candidates.iter().enumerate() {
        let row = i as u32 + 1;
        let ComparedCandidate {
            candidate: c,
            evaluation,
            ..
        } = cc;
        sheet.write_with_format(row, 0, &c.name, &bold())?;
        sheet.write_with_format(row, 1, c.stage.label(), &b)?;
        let Some(e) = evaluation else {
            sheet.merge_range(
                row,
                2,
                row,
                names.len() as u16 - 1,
                "Hidden until you submit your own scorecard for this candidate.",
                &b,
            )?;
            continue;
        };
        sheet.write_with_format(
            row,
            2,
            e.recommendation.label(),
            &fill(centered().set_bold(), verdict_fill(e.recommendation)),
        )?;
        sheet.write_with_format(row, 3, opt(e.weighted_score), &ctr)?;
        sheet.write_with_format(row, 4, opt(e.coachability.score), &ctr)?;
        sheet.write_with_format(row, 5, signed(e.coachability.gain), &ctr)?;
        for (j, t) in traits.iter().enumerate() {
            let r = e.traits.iter().find(|r| r.trait_id == t.id);
            let text = opt(r.and_then(|r| r.score));
            let f = match r {
                Some(r) if r.passed == Some(false) => fill(centered(), FAIL_FILL),
                Some(r) if r.spread_flag => fill(centered(), FLAG_FILL),
                _ => centered(),
            };
            sheet.write_with_format(row, 6 + j as u16, &text, &f)?;
        }
        let why = e.reasons.join("\n");
        let col = 6 + traits.len() as u16;
        sheet.write_with_format(row, col, &why, &b)?;
        set_height(
            sheet,
            row,
            &[c.name.clone(), why],
            &[widths[0], widths[col as usize]],
        )?;
    }
    if cmp.candidates.is_empty() {
        sheet.merge_range(
            1,
            0,
            1,
            names.len() as u16 - 1,
            "No open candidates for this role.",
            &b,
        )?;
    }
    let legend_row = cmp.candidates.len().max(1) as u32 + 2;
    let note = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_font_color(Color::RGB(0x555555));
    sheet.merge_range(
        legend_row,
        0,
        legend_row,
        names.len() as u16 - 1,
        "Scores are 1 (strong no) to 4 (strong yes), averaged over submitted scorecards; coachability comes from the role-play when it was run. Red: under a must-pass floor. Orange: interviewers 2 or more points apart.",
        &note,
    )?;
    sheet.set_row_height(legend_row, 32.0)?;
    print_setup(sheet, &format!("{} candidates compared", cmp.role.label()));
    Ok(wb.save_to_buffer()?)
}
