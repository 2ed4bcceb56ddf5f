//! The By rep and By manager sheets: the Summary's columns per scope, each
//! sum a formula over the Deals table keyed by the name in column A, a
//! totals row, and the gap coloured by whether the scope is short.
use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Worksheet};

use super::{
    cell, formula, literal, opt_number, page_setup, sumifs, title_rows, Ctx, DealsScan, ScopeSums,
    BY_MANAGER_SHEET, BY_REP_SHEET, NOT_ASSESSED,
};
use crate::error::Result;
use crate::forecast::ForecastLine;

const R_HEADER: u32 = 3;

/// The figure columns after the name (and manager) columns.
const FIGURES: [(&str, f64); 14] = [
    ("Goal", 12.5),
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
const F_WON: u16 = 1;
const F_COMMIT: u16 = 2;
const F_BEST: u16 = 3;
const F_CNC: u16 = 4;
const F_FORECAST: u16 = 5;
const F_GAP: u16 = 6;
const F_COVERAGE: u16 = 7;
const F_OPEN: u16 = 8;
const F_AT_RISK: u16 = 9;
const F_UNASSESSED: u16 = 10;
const F_WIN_RATE: u16 = 11;
const F_PIPELINE: u16 = 12;
const F_MEETINGS: u16 = 13;

/// One row: its label, what its SUMIFS match in the Deals table, the sums.
struct Row<'a> {
    name: String,
    manager: Option<String>,
    /// The Deals column matched and the criterion (a cell or a literal).
    key: (&'a str, Option<String>),
    goal: Option<i64>,
    sums: ScopeSums,
    create_and_close: i64,
    line: Option<&'a ForecastLine>,
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

pub(super) fn rep_sheet(ctx: &Ctx, scan: &DealsScan) -> Result<Worksheet> {
    let mut rows: Vec<Row> = ctx
        .report
        .by_rep
        .iter()
        .map(|l| Row {
            name: l.name.clone(),
            manager: l.manager.clone(),
            key: ("Owner", None),
            goal: l.goal,
            sums: sums_of(l),
            create_and_close: l.create_and_close,
            line: Some(l),
        })
        .collect();
    // The team's figures include deals without an owner: show them, so the
    // total equals the Summary.
    if scan.has_unowned {
        rows.push(Row {
            name: "No owner".into(),
            manager: None,
            key: ("Owner", Some("\"\"".into())),
            goal: None,
            sums: scan.unowned.clone(),
            create_and_close: 0,
            line: None,
        });
    }
    write(
        ctx,
        BY_REP_SHEET,
        "By rep",
        "Each rep's forecast for the quarter; sums are formulas over the Deals sheet by owner.",
        true,
        &rows,
    )
}

pub(super) fn manager_sheet(ctx: &Ctx) -> Result<Worksheet> {
    let rows: Vec<Row> = ctx
        .report
        .by_manager
        .iter()
        .map(|l| Row {
            name: l.name.clone(),
            manager: None,
            key: ("Manager", None),
            goal: l.goal,
            sums: sums_of(l),
            create_and_close: l.create_and_close,
            line: Some(l),
        })
        .collect();
    write(
        ctx,
        BY_MANAGER_SHEET,
        "By manager team",
        "Each manager's team (the reps who report to them); sums are formulas over the Deals sheet by manager.",
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
        sheet.write_with_format(R_HEADER, c, *h, &st.header_num)?;
        sheet.set_column_width(c, *w)?;
    }
    sheet.set_row_height(R_HEADER, 30.0)?;
    sheet.set_freeze_panes(R_HEADER + 1, 1)?;

    if rows.is_empty() {
        sheet.merge_range(
            R_HEADER + 1,
            0,
            R_HEADER + 1,
            first_fig + 6,
            "No one has deals closing in this quarter or a goal for it yet.",
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
        let at = |f: u16| cell(row, col(f));
        sheet.write_with_format(row, 0, &r.name, &st.bold)?;
        if with_manager {
            sheet.write_with_format(row, 1, r.manager.as_deref().unwrap_or(""), &st.text)?;
        }
        let key_value = r.key.1.clone().unwrap_or_else(|| format!("$A{}", row + 1));
        let key = (r.key.0, key_value.as_str());
        opt_number(&mut sheet, row, col(F_GOAL), r.goal.map(m), &st.money_input)?;
        let s = &r.sums;
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
        sheet.write_number_with_format(row, col(F_CNC), m(r.create_and_close), &st.money_input)?;
        let forecast = s
            .closed_won
            .saturating_add(s.commit)
            .saturating_add(s.best_case)
            .saturating_add(r.create_and_close);
        formula(
            &mut sheet,
            row,
            col(F_FORECAST),
            &format!("SUM({}:{})", at(F_WON), at(F_CNC)),
            m(forecast),
            &st.money,
        )?;
        gap_and_coverage(&mut sheet, ctx, row, &col, r.goal, s, forecast, false)?;
        let line = r.line;
        opt_number(
            &mut sheet,
            row,
            col(F_WIN_RATE),
            line.and_then(|l| l.win_rate),
            &st.percent,
        )?;
        opt_number(
            &mut sheet,
            row,
            col(F_PIPELINE),
            line.and_then(|l| l.new_pipeline_needed).map(m),
            &st.money,
        )?;
        opt_number(
            &mut sheet,
            row,
            col(F_MEETINGS),
            line.and_then(|l| l.first_meetings_needed).map(f64::from),
            &st.count,
        )?;
    }

    // Totals: sums of the rows above, and the gap and coverage they give.
    let first = R_HEADER + 1;
    let last = R_HEADER + rows.len() as u32;
    let total_row = last + 1;
    let mut total = ScopeSums::default();
    let mut total_cnc = 0i64;
    for r in rows {
        let s = &r.sums;
        total.closed_won = total.closed_won.saturating_add(s.closed_won);
        total.commit = total.commit.saturating_add(s.commit);
        total.best_case = total.best_case.saturating_add(s.best_case);
        total.open_pipeline = total.open_pipeline.saturating_add(s.open_pipeline);
        total.at_risk = total.at_risk.saturating_add(s.at_risk);
        total.unassessed = total.unassessed.saturating_add(s.unassessed);
        total_cnc = total_cnc.saturating_add(r.create_and_close);
    }
    let goals: Vec<i64> = rows.iter().filter_map(|r| r.goal).collect();
    let total_goal = (!goals.is_empty()).then(|| goals.iter().sum::<i64>());
    let total_forecast = total
        .closed_won
        .saturating_add(total.commit)
        .saturating_add(total.best_case)
        .saturating_add(total_cnc);
    sheet.write_with_format(total_row, 0, "Total", &st.label_total)?;
    for c in 1..col(FIGURES.len() as u16) {
        sheet.write_blank(total_row, c, &st.blank_total)?;
    }
    let sum = |f: u16| format!("SUM({}:{})", cell(first, col(f)), cell(last, col(f)));
    let totals = [
        (F_WON, total.closed_won),
        (F_COMMIT, total.commit),
        (F_BEST, total.best_case),
        (F_CNC, total_cnc),
        (F_FORECAST, total_forecast),
        (F_OPEN, total.open_pipeline),
        (F_AT_RISK, total.at_risk),
        (F_UNASSESSED, total.unassessed),
    ];
    if let Some(g) = total_goal {
        formula(
            &mut sheet,
            total_row,
            col(F_GOAL),
            &sum(F_GOAL),
            m(g),
            &st.money_total,
        )?;
    }
    for (f, v) in totals {
        formula(
            &mut sheet,
            total_row,
            col(f),
            &sum(f),
            m(v),
            &st.money_total,
        )?;
    }
    gap_and_coverage(
        &mut sheet,
        ctx,
        total_row,
        &col,
        total_goal,
        &total,
        total_forecast,
        true,
    )?;

    // Short of goal in red, at or above it in green.
    let gap_col = col(F_GAP);
    let top = cell(first, gap_col);
    for (rule, fill) in [(">0", 0xF8D7DA), ("<=0", 0xD4EDDA)] {
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("=AND(ISNUMBER({top}),{top}{rule})").as_str())
            .set_format(Format::new().set_background_color(Color::RGB(fill)));
        sheet.add_conditional_format(first, gap_col, total_row, gap_col, &cf)?;
    }
    page_setup(
        &mut sheet,
        &format!("{} — {}", ctx.title, heading),
        (R_HEADER, R_HEADER),
    )?;
    Ok(sheet)
}

/// Gap (goal − forecast) and coverage (open ÷ (goal − closed won)) of a
/// row, as formulas of its own cells; blank without a goal.
#[allow(clippy::too_many_arguments)]
fn gap_and_coverage(
    sheet: &mut Worksheet,
    ctx: &Ctx,
    row: u32,
    col: &dyn Fn(u16) -> u16,
    goal: Option<i64>,
    s: &ScopeSums,
    forecast: i64,
    total: bool,
) -> Result<()> {
    let st = &ctx.st;
    let at = |f: u16| cell(row, col(f));
    let (money, ratio) = if total {
        (&st.money_total, &st.ratio_total)
    } else {
        (&st.money, &st.ratio)
    };
    let Some(goal) = goal else {
        return Ok(());
    };
    let gap = goal.saturating_sub(forecast);
    formula(
        sheet,
        row,
        col(F_GAP),
        &format!("{}-{}", at(F_GOAL), at(F_FORECAST)),
        ctx.major(gap),
        money,
    )?;
    let remaining = goal.saturating_sub(s.closed_won);
    if remaining > 0 {
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
            s.open_pipeline as f64 / remaining as f64,
            ratio,
        )?;
    }
    Ok(())
}
