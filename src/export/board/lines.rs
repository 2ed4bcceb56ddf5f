//! The By rep and By manager sheets: the Summary's columns per scope, each
//! sum a formula over the Deals table keyed by the name in column A, a
//! totals row, and the gap coloured by whether the scope is short.
//!
//! Every goal says what it is (docs/method.md §2, "Goals and quotas"): a
//! rep row is measured against the rep's quota, a manager's team against
//! the sum of its reps' quotas, the totals row against the sum of the
//! reps' quotas, and the Team row (the Summary's figures) against the board
//! number. The rows add up to the Summary to the cent: deals without an
//! owner and reps without a manager get rows of their own.
use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Worksheet};

use super::summary::{
    R_AT_RISK, R_BEST_CASE, R_CLOSED_WON, R_COMMIT, R_CREATE_AND_CLOSE, R_FORECAST, R_GOAL, R_OPEN,
    R_UNASSESSED,
};
use super::{
    abs_cell, cell, formula, literal, opt_number, page_setup, sumifs, title_rows, Ctx, ScopeSums,
    BY_MANAGER_SHEET, BY_REP_SHEET, NOT_ASSESSED, SUMMARY_SHEET,
};
use crate::error::Result;
use crate::forecast::ForecastLine;
use crate::model::GoalBasis;

const R_HEADER: u32 = 3;

/// The figure columns after the name (and manager) columns.
const FIGURES: [(&str, f64); 15] = [
    ("Goal", 12.5),
    ("Goal is", 13.5),
    ("Closed won", 12.5),
    ("Commit", 12.5),
    ("Best case", 12.5),
    ("Create & close", 12.5),
    ("Forecast", 12.5),
    ("Gap to goal", 12.5),
    ("Coverage", 9.0),
    ("Open pipeline", 12.5),
    ("Orange & red", 12.5),
    ("Not assessed", 12.5),
    ("Win rate", 8.0),
    ("Pipeline needed", 12.5),
    ("Meetings needed", 9.0),
];
const F_GOAL: u16 = 0;
const F_GOAL_IS: u16 = 1;
const F_WON: u16 = 2;
const F_COMMIT: u16 = 3;
const F_BEST: u16 = 4;
const F_CNC: u16 = 5;
const F_FORECAST: u16 = 6;
const F_GAP: u16 = 7;
const F_COVERAGE: u16 = 8;
const F_OPEN: u16 = 9;
const F_AT_RISK: u16 = 10;
const F_UNASSESSED: u16 = 11;
const F_WIN_RATE: u16 = 12;
const F_PIPELINE: u16 = 13;
const F_MEETINGS: u16 = 14;

/// What the "Goal is" column says.
pub fn goal_is(basis: Option<GoalBasis>) -> &'static str {
    match basis {
        Some(GoalBasis::BoardNumber) => "Board number",
        Some(GoalBasis::Given) => "Goal given",
        Some(GoalBasis::Quota) => "Quota",
        Some(GoalBasis::RosterQuota) => "Roster quota",
        Some(GoalBasis::RepQuotas) => "Reps' quotas",
        None => "",
    }
}

/// One row: its label, what its SUMIFS match in the Deals table, its line.
struct Row<'a> {
    manager: Option<String>,
    /// The Deals column matched and the criterion (a cell or a literal).
    key: (&'a str, Option<String>),
    line: &'a ForecastLine,
}

fn sums_of(l: &ForecastLine) -> ScopeSums {
    ScopeSums {
        closed_won: l.closed_won,
        commit: l.commit,
        best_case: l.best_case,
        open_pipeline: l.open_pipeline,
        at_risk: l.at_risk,
        unassessed: l.unassessed,
    }
}

fn rep_rows<'a>(ctx: &Ctx<'a>) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = ctx
        .report
        .by_rep
        .iter()
        .map(|l| Row {
            manager: l.manager.clone(),
            key: ("Owner", None),
            line: l,
        })
        .collect();
    // The team's figures include deals without an owner: show them, so the
    // total equals the Summary.
    if let Some(l) = &ctx.report.no_owner {
        rows.push(Row {
            manager: None,
            key: ("Owner", Some("\"\"".into())),
            line: l,
        });
    }
    rows
}

/// Whether the Team row (against the board number) follows the totals
/// row: only when the team has a board number of its own.
fn has_board_number(ctx: &Ctx) -> bool {
    matches!(
        ctx.report.team.goal_basis,
        Some(GoalBasis::BoardNumber | GoalBasis::Given)
    )
}

/// The By rep totals row's goal cell (the sum of the reps' quotas) as the
/// Summary refers to it, when a rep has a quota.
pub(super) fn rep_quota_total_cell(ctx: &Ctx) -> Option<String> {
    let rows = rep_rows(ctx);
    if rows.is_empty() || ctx.report.rep_quotas_total.is_none() {
        return None;
    }
    let total_row = R_HEADER + 1 + rows.len() as u32;
    Some(format!(
        "'{BY_REP_SHEET}'!{}",
        abs_cell(total_row, 2 + F_GOAL)
    ))
}

pub(super) fn rep_sheet(ctx: &Ctx) -> Result<Worksheet> {
    let rows = rep_rows(ctx);
    write(
        ctx,
        BY_REP_SHEET,
        "By rep",
        "Each rep against their quota; the total against the reps' quotas, the Team against the board number. Sums are formulas over the Deals sheet by owner.",
        true,
        &rows,
    )
}

pub(super) fn manager_sheet(ctx: &Ctx) -> Result<Worksheet> {
    let mut rows: Vec<Row> = ctx
        .report
        .by_manager
        .iter()
        .map(|l| Row {
            manager: None,
            key: ("Manager", None),
            line: l,
        })
        .collect();
    if let Some(l) = &ctx.report.no_manager {
        rows.push(Row {
            manager: None,
            key: ("Manager", Some("\"\"".into())),
            line: l,
        });
    }
    write(
        ctx,
        BY_MANAGER_SHEET,
        "By manager team",
        "Each manager's team (the reps who report to them) against the sum of its reps' quotas; the Team against the board number. Sums are formulas over the Deals sheet by manager.",
        false,
        &rows,
    )
}

fn write(
    ctx: &Ctx,
    name: &str,
    heading: &str,
    subtitle: &str,
    with_manager: bool,
    rows: &[Row],
) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    let st = &ctx.st;
    title_rows(
        &mut sheet,
        ctx,
        &format!("{} — {}", ctx.title, heading.to_lowercase()),
        &format!("{} · {subtitle}", ctx.period_line()),
    )?;
    let first_fig: u16 = if with_manager { 2 } else { 1 };
    let name_header = if with_manager { "Rep" } else { "Manager" };
    sheet.write_with_format(R_HEADER, 0, name_header, &st.header)?;
    sheet.set_column_width(0, 22.0)?;
    if with_manager {
        sheet.write_with_format(R_HEADER, 1, "Manager", &st.header)?;
        sheet.set_column_width(1, 18.0)?;
    }
    for (i, (h, w)) in FIGURES.iter().enumerate() {
        let c = first_fig + i as u16;
        let fmt = if i as u16 == F_GOAL_IS {
            &st.header_indent
        } else {
            &st.header_num
        };
        sheet.write_with_format(R_HEADER, c, *h, fmt)?;
        sheet.set_column_width(c, *w)?;
    }
    sheet.set_row_height(R_HEADER, 30.0)?;
    sheet.set_freeze_panes(R_HEADER + 1, 1)?;

    if rows.is_empty() {
        sheet.merge_range(
            R_HEADER + 1,
            0,
            R_HEADER + 1,
            first_fig + 7,
            "No one has deals closing in this quarter or a quota for it yet.",
            &st.note,
        )?;
        page_setup(
            &mut sheet,
            &format!("{} — {}", ctx.title, heading),
            (R_HEADER, R_HEADER),
        )?;
        return Ok(sheet);
    }

    let col = |f: u16| first_fig + f;
    let m = |v: i64| ctx.major(v);
    let open = literal("Open");
    for (i, r) in rows.iter().enumerate() {
        let row = R_HEADER + 1 + i as u32;
        let l = r.line;
        let at = |f: u16| cell(row, col(f));
        sheet.write_with_format(row, 0, &l.name, &st.bold)?;
        if with_manager {
            sheet.write_with_format(row, 1, r.manager.as_deref().unwrap_or(""), &st.text)?;
        }
        let key_value = r.key.1.clone().unwrap_or_else(|| format!("$A{}", row + 1));
        let key = (r.key.0, key_value.as_str());
        opt_number(&mut sheet, row, col(F_GOAL), l.goal.map(m), &st.money_input)?;
        sheet.write_with_format(row, col(F_GOAL_IS), goal_is(l.goal_basis), &st.text_indent)?;
        let s = sums_of(l);
        let sums = [
            (F_WON, sumifs(&[key, ("Status", "\"Won\"")]), s.closed_won),
            (
                F_COMMIT,
                sumifs(&[key, ("Status", &open), ("Risk", "\"Green\"")]),
                s.commit,
            ),
            (
                F_BEST,
                sumifs(&[key, ("Status", &open), ("Risk", "\"Yellow\"")]),
                s.best_case,
            ),
            (F_OPEN, sumifs(&[key, ("Status", &open)]), s.open_pipeline),
            (
                F_AT_RISK,
                format!(
                    "{}+{}",
                    sumifs(&[key, ("Status", &open), ("Risk", "\"Orange\"")]),
                    sumifs(&[key, ("Status", &open), ("Risk", "\"Red\"")])
                ),
                s.at_risk,
            ),
            (
                F_UNASSESSED,
                sumifs(&[key, ("Status", &open), ("Risk", &literal(NOT_ASSESSED))]),
                s.unassessed,
            ),
        ];
        for (f, text, value) in &sums {
            formula(&mut sheet, row, col(*f), text, m(*value), &st.money)?;
        }
        sheet.write_number_with_format(row, col(F_CNC), m(l.create_and_close), &st.money_input)?;
        formula(
            &mut sheet,
            row,
            col(F_FORECAST),
            &format!("SUM({}:{})", at(F_WON), at(F_CNC)),
            m(l.forecast),
            &st.money,
        )?;
        gap_and_coverage(&mut sheet, ctx, row, &col, l, false)?;
        line_needs(&mut sheet, ctx, row, &col, l, false)?;
    }

    // Totals: sums of the rows above against the sum of their goals (the
    // reps' quotas), and the gap and coverage they give.
    let first = R_HEADER + 1;
    let last = R_HEADER + rows.len() as u32;
    let total_row = last + 1;
    let board = has_board_number(ctx);
    let total_line = total_line(ctx);
    let label = if board { "Total" } else { "Team" };
    sheet.write_with_format(total_row, 0, label, &st.label_total)?;
    for c in 1..col(FIGURES.len() as u16) {
        sheet.write_blank(total_row, c, &st.blank_total)?;
    }
    let sum = |f: u16| format!("SUM({}:{})", cell(first, col(f)), cell(last, col(f)));
    if let Some(g) = total_line.goal {
        formula(
            &mut sheet,
            total_row,
            col(F_GOAL),
            &sum(F_GOAL),
            m(g),
            &st.money_total,
        )?;
        sheet.write_with_format(
            total_row,
            col(F_GOAL_IS),
            goal_is(total_line.goal_basis),
            &st.text_indent_total,
        )?;
    }
    let t = &total_line;
    for (f, v) in [
        (F_WON, t.closed_won),
        (F_COMMIT, t.commit),
        (F_BEST, t.best_case),
        (F_CNC, t.create_and_close),
        (F_FORECAST, t.forecast),
        (F_OPEN, t.open_pipeline),
        (F_AT_RISK, t.at_risk),
        (F_UNASSESSED, t.unassessed),
    ] {
        formula(
            &mut sheet,
            total_row,
            col(f),
            &sum(f),
            m(v),
            &st.money_total,
        )?;
    }
    gap_and_coverage(&mut sheet, ctx, total_row, &col, t, true)?;
    if !board {
        // The totals row is the team: its own needs are the team's.
        line_needs(&mut sheet, ctx, total_row, &col, &ctx.report.team, true)?;
    }

    // The team against the board number: the Summary's own cells.
    let mut last_row = total_row;
    if board {
        let team = &ctx.report.team;
        let row = total_row + 1;
        last_row = row;
        sheet.write_with_format(row, 0, "Team", &st.label_total)?;
        for c in 1..col(FIGURES.len() as u16) {
            sheet.write_blank(row, c, &st.blank_total)?;
        }
        let summary = |r: u32| format!("{SUMMARY_SHEET}!{}", abs_cell(r, 1));
        for (f, r, v) in [
            (F_GOAL, R_GOAL, team.goal.unwrap_or(0)),
            (F_WON, R_CLOSED_WON, team.closed_won),
            (F_COMMIT, R_COMMIT, team.commit),
            (F_BEST, R_BEST_CASE, team.best_case),
            (F_CNC, R_CREATE_AND_CLOSE, team.create_and_close),
            (F_FORECAST, R_FORECAST, team.forecast),
            (F_OPEN, R_OPEN, team.open_pipeline),
            (F_AT_RISK, R_AT_RISK, team.at_risk),
            (F_UNASSESSED, R_UNASSESSED, team.unassessed),
        ] {
            formula(&mut sheet, row, col(f), &summary(r), m(v), &st.money_total)?;
        }
        sheet.write_with_format(
            row,
            col(F_GOAL_IS),
            goal_is(team.goal_basis),
            &st.text_indent_total,
        )?;
        gap_and_coverage(&mut sheet, ctx, row, &col, team, true)?;
        line_needs(&mut sheet, ctx, row, &col, team, true)?;
    }

    // Short of goal in red, at or above it in green.
    let gap_col = col(F_GAP);
    let top = cell(first, gap_col);
    for (rule, fill) in [(">0", 0xF8D7DA), ("<=0", 0xD4EDDA)] {
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("=AND(ISNUMBER({top}),{top}{rule})").as_str())
            .set_format(Format::new().set_background_color(Color::RGB(fill)));
        sheet.add_conditional_format(first, gap_col, last_row, gap_col, &cf)?;
    }
    page_setup(
        &mut sheet,
        &format!("{} — {}", ctx.title, heading),
        (R_HEADER, R_HEADER),
    )?;
    Ok(sheet)
}

/// The totals row as the core computed it: against the reps' quotas when
/// the team has a board number apart from them, else the team's own line.
/// The rows above add up to the team (no owner and no manager rows
/// included), so the sums of the cells are these figures.
fn total_line<'a>(ctx: &'a Ctx) -> std::borrow::Cow<'a, ForecastLine> {
    let r = ctx.report;
    if !has_board_number(ctx) {
        return std::borrow::Cow::Borrowed(&r.team);
    }
    match &r.team_vs_quotas {
        Some(l) => std::borrow::Cow::Borrowed(l),
        // A board number but no quotas: the totals carry no goal.
        None => {
            let mut l = r.team.clone();
            l.goal = None;
            l.goal_basis = None;
            l.gap = None;
            l.coverage = None;
            std::borrow::Cow::Owned(l)
        }
    }
}

/// Win rate, new pipeline and first meetings needed of a line.
fn line_needs(
    sheet: &mut Worksheet,
    ctx: &Ctx,
    row: u32,
    col: &dyn Fn(u16) -> u16,
    l: &ForecastLine,
    total: bool,
) -> Result<()> {
    let st = &ctx.st;
    let (money, count) = if total {
        (&st.money_total, &st.count_total)
    } else {
        (&st.money, &st.count)
    };
    let percent = if total {
        &st.percent_total
    } else {
        &st.percent
    };
    opt_number(sheet, row, col(F_WIN_RATE), l.win_rate, percent)?;
    opt_number(
        sheet,
        row,
        col(F_PIPELINE),
        l.new_pipeline_needed.map(|v| ctx.major(v)),
        money,
    )?;
    opt_number(
        sheet,
        row,
        col(F_MEETINGS),
        l.first_meetings_needed.map(f64::from),
        count,
    )?;
    Ok(())
}

/// Gap (goal − forecast) and coverage (open ÷ (goal − closed won)) of a
/// row, as formulas of its own cells with the line's results stored; blank
/// without a goal.
fn gap_and_coverage(
    sheet: &mut Worksheet,
    ctx: &Ctx,
    row: u32,
    col: &dyn Fn(u16) -> u16,
    l: &ForecastLine,
    total: bool,
) -> Result<()> {
    let st = &ctx.st;
    let at = |f: u16| cell(row, col(f));
    let (money, ratio) = if total {
        (&st.money_total, &st.ratio_total)
    } else {
        (&st.money, &st.ratio)
    };
    if let Some(gap) = l.gap {
        formula(
            sheet,
            row,
            col(F_GAP),
            &format!("{}-{}", at(F_GOAL), at(F_FORECAST)),
            ctx.major(gap),
            money,
        )?;
    }
    if let Some(coverage) = l.coverage {
        formula(
            sheet,
            row,
            col(F_COVERAGE),
            &format!(
                "IF({g}-{w}>0,{o}/({g}-{w}),\"\")",
                g = at(F_GOAL),
                w = at(F_WON),
                o = at(F_OPEN)
            ),
            coverage,
            ratio,
        )?;
    }
    Ok(())
}
