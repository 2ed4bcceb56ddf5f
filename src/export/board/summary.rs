//! The Summary sheet: the team's figures as formulas over the Deals table,
//! a chart of how the forecast builds up to the goal, and the weekly trend.
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartLine, ChartLineDashType,
    ChartMarker, ChartMarkerType, ChartPoint, ChartSolidFill, ChartType, Color, Worksheet,
};

use super::{
    abs_cell, formula, literal, page_setup, sumifs, title_rows, Ctx, MAX_TREND_WEEKS, NOT_ASSESSED,
    SUMMARY_SHEET,
};
use crate::error::Result;
use crate::forecast::CreateAndCloseSource;
use crate::model::GoalBasis;
use crate::money;

/// Rows of the figures (0-based); the Amount column is B.
const R_HEADER: u32 = 3;
pub(super) const R_GOAL: u32 = 4;
pub(super) const R_CLOSED_WON: u32 = 5;
pub(super) const R_COMMIT: u32 = 6;
pub(super) const R_BEST_CASE: u32 = 7;
pub(super) const R_CREATE_AND_CLOSE: u32 = 8;
pub(super) const R_FORECAST: u32 = 9;
pub(super) const R_GAP: u32 = 10;
pub(super) const R_COVERAGE: u32 = 11;
pub(super) const R_OPEN: u32 = 12;
pub(super) const R_AT_RISK: u32 = 13;
pub(super) const R_UNASSESSED: u32 = 14;
/// The reps' quotas beside the board number (docs/method.md §2, "Goals and quotas").
const R_QUOTAS: u32 = 15;
const R_OVER_ASSIGNMENT: u32 = 16;
const R_QUOTA_GAP: u32 = 17;
/// Open deals in no quarter: said where the numbers are.
const R_NO_CLOSE_DATE: u32 = 18;
const R_BUILD: u32 = 20;
const R_TREND: u32 = 30;
const COL_AMOUNT: u16 = 1;
/// First column of the weekly table (E), right of the trend chart.
const TREND_COL: u16 = 4;

/// The labels of column A, in row order (the tests find figures by them).
pub const LABELS: [&str; 15] = [
    "Team goal",
    "Closed won",
    "Commit",
    "Best case",
    "Create & close",
    "Forecast",
    "Gap to team goal",
    "Coverage",
    "Open pipeline",
    "Orange & red",
    "Not assessed",
    "Reps' quotas",
    "Over-assignment",
    "Gap to reps' quotas",
    "No close date",
];

/// Light enough for the black data labels on them.
const BLUE: u32 = 0x7FAEDD;
const GREEN: u32 = 0x7CC49A;
const YELLOW: u32 = 0xF5D76E;
const PURPLE: u32 = 0xB9A6E0;
const NAVY: u32 = 0x9DB7D9;
const GREY: u32 = 0xBFBFBF;
const GREY_LIGHT: u32 = 0xDDDDDD;

pub(super) fn sheet(
    ctx: &Ctx,
    trend: &[crate::forecast::history::TrendPoint],
) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(SUMMARY_SHEET)?;
    let r = ctx.report;
    let t = &r.team;
    let st = &ctx.st;
    title_rows(&mut sheet, ctx, &ctx.title, &ctx.period_line())?;
    sheet.set_column_width(0, 22.0)?;
    sheet.set_column_width(1, 16.0)?;
    sheet.set_column_width(2, 58.0)?;
    sheet.set_column_width(3, 3.0)?;
    // The trend table sits right of its chart, under the build-up chart.
    for c in 4..10 {
        sheet.set_column_width(c, 13.0)?;
    }
    for (c, h) in ["Figure", "Amount", "How it is computed"]
        .iter()
        .enumerate()
    {
        let fmt = if c == 1 { &st.header_num } else { &st.header };
        sheet.write_with_format(R_HEADER, c as u16, *h, fmt)?;
    }
    for (i, label) in LABELS.iter().enumerate() {
        sheet.write_with_format(R_GOAL + i as u32, 0, *label, &st.bold)?;
    }
    let b = |row: u32| abs_cell(row, COL_AMOUNT);
    let m = |v: i64| ctx.major(v);
    let open = literal("Open");

    // Goal: an input.
    match t.goal {
        Some(g) => sheet.write_number_with_format(R_GOAL, COL_AMOUNT, m(g), &st.money_input)?,
        None => sheet.write_blank(R_GOAL, COL_AMOUNT, &st.money_input)?,
    };
    let goal_note = match t.goal_basis {
        Some(GoalBasis::BoardNumber) => {
            "The board number: what the team committed to for the quarter"
        }
        Some(GoalBasis::Given) => "Given for this export (the stored board number is unchanged)",
        Some(GoalBasis::RepQuotas) => "No board number set: the sum of the reps' quotas stands in",
        _ => "No goal set: set one on the Forecast page to see the gap",
    };
    let figures: [(u32, String, i64, &str); 5] = [
        (
            R_CLOSED_WON,
            sumifs(&[("Status", &literal("Won"))]),
            t.closed_won,
            "Won deals closing in the quarter",
        ),
        (
            R_COMMIT,
            sumifs(&[("Status", &open), ("Risk", &literal("Green"))]),
            t.commit,
            "Open green deals: no risk",
        ),
        (
            R_BEST_CASE,
            sumifs(&[("Status", &open), ("Risk", &literal("Yellow"))]),
            t.best_case,
            "Open yellow deals: a real risk we can get over",
        ),
        (
            R_OPEN,
            sumifs(&[("Status", &open)]),
            t.open_pipeline,
            "Every open deal closing in the quarter",
        ),
        (
            R_UNASSESSED,
            sumifs(&[("Status", &open), ("Risk", &literal(NOT_ASSESSED))]),
            t.unassessed,
            "Open deals not rated yet: not in the forecast",
        ),
    ];
    for (row, f, value, note) in &figures {
        formula(&mut sheet, *row, COL_AMOUNT, f, m(*value), &st.money)?;
        sheet.write_with_format(*row, 2, *note, &st.note_line)?;
    }
    sheet.write_with_format(R_GOAL, 2, goal_note, &st.note_line)?;
    let at_risk = format!(
        "{}+{}",
        sumifs(&[("Status", &open), ("Risk", &literal("Orange"))]),
        sumifs(&[("Status", &open), ("Risk", &literal("Red"))])
    );
    formula(
        &mut sheet,
        R_AT_RISK,
        COL_AMOUNT,
        &at_risk,
        m(t.at_risk),
        &st.money,
    )?;
    sheet.write_with_format(
        R_AT_RISK,
        2,
        "Open orange and red deals: not in the forecast",
        &st.note,
    )?;

    // Create & close: an input (estimate or the manager's number).
    sheet.write_number_with_format(
        R_CREATE_AND_CLOSE,
        COL_AMOUNT,
        m(t.create_and_close),
        &st.money_input,
    )?;
    let cnc_note = match r.create_and_close_source {
        CreateAndCloseSource::History => "Deals not created yet: estimated from past quarters",
        CreateAndCloseSource::Override => "Deals not created yet: set by the manager",
        CreateAndCloseSource::NoHistory => "Deals not created yet: no history to estimate, so zero",
    };
    sheet.write_with_format(R_CREATE_AND_CLOSE, 2, cnc_note, &st.note_line)?;

    formula(
        &mut sheet,
        R_FORECAST,
        COL_AMOUNT,
        &format!("SUM({}:{})", b(R_CLOSED_WON), b(R_CREATE_AND_CLOSE)),
        m(t.forecast),
        &st.money_total,
    )?;
    sheet.write_with_format(
        R_FORECAST,
        2,
        "Closed won + commit + best case + create & close",
        &st.note,
    )?;
    sheet.write_with_format(R_FORECAST, 0, "Forecast", &st.label_total)?;
    match t.gap {
        Some(gap) => formula(
            &mut sheet,
            R_GAP,
            COL_AMOUNT,
            &format!("{}-{}", b(R_GOAL), b(R_FORECAST)),
            m(gap),
            &st.money,
        )?,
        None => {
            sheet.write_blank(R_GAP, COL_AMOUNT, &st.money)?;
        }
    }
    sheet.write_with_format(
        R_GAP,
        2,
        "Team goal − forecast: positive is short, negative is ahead",
        &st.note,
    )?;
    match t.coverage {
        Some(c) => formula(
            &mut sheet,
            R_COVERAGE,
            COL_AMOUNT,
            &format!(
                "IF({g}-{w}>0,{o}/({g}-{w}),\"\")",
                g = b(R_GOAL),
                w = b(R_CLOSED_WON),
                o = b(R_OPEN)
            ),
            c,
            &st.ratio,
        )?,
        None => {
            sheet.write_blank(R_COVERAGE, COL_AMOUNT, &st.ratio)?;
        }
    }
    sheet.write_with_format(
        R_COVERAGE,
        2,
        "Open pipeline ÷ (team goal − closed won)",
        &st.note,
    )?;
    quotas(&mut sheet, ctx)?;

    build_up(&mut sheet, ctx)?;
    trend_section(&mut sheet, ctx, trend)?;
    page_setup(&mut sheet, &format!("{} — summary", ctx.title), (0, 1))?;
    Ok(sheet)
}

/// The reps' quotas beside the team goal, the over-assignment between them
/// and the gap to the quotas (docs/method.md §2, "Goals and quotas"); then
/// the open deals no quarter counts.
fn quotas(sheet: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let st = &ctx.st;
    let r = ctx.report;
    let m = |v: i64| ctx.major(v);
    let b = |row: u32| abs_cell(row, COL_AMOUNT);
    let board = matches!(
        r.team.goal_basis,
        Some(GoalBasis::BoardNumber | GoalBasis::Given)
    );
    match (r.rep_quotas_total, ctx.rep_quota_total_cell.clone()) {
        (Some(q), Some(total_cell)) => {
            formula(sheet, R_QUOTAS, COL_AMOUNT, &total_cell, m(q), &st.money)?;
            sheet.write_with_format(
                R_QUOTAS,
                2,
                "Each rep's quota for the quarter, added up (By rep sheet)",
                &st.note_line,
            )?;
        }
        _ => {
            sheet.write_blank(R_QUOTAS, COL_AMOUNT, &st.money)?;
            sheet.write_with_format(
                R_QUOTAS,
                2,
                "No rep has a quota for the quarter",
                &st.note_line,
            )?;
        }
    }
    match (r.over_assignment, board) {
        (Some(over), true) => {
            formula(
                sheet,
                R_OVER_ASSIGNMENT,
                COL_AMOUNT,
                &format!("IF({g}>0,{q}/{g},\"\")", g = b(R_GOAL), q = b(R_QUOTAS)),
                over,
                &st.percent,
            )?;
            sheet.write_with_format(
                R_OVER_ASSIGNMENT,
                2,
                "Reps' quotas ÷ team goal: quotas set above the board number on purpose",
                &st.note_line,
            )?;
        }
        _ => {
            sheet.write_blank(R_OVER_ASSIGNMENT, COL_AMOUNT, &st.percent)?;
            let why = if board {
                "Needs both a team goal and reps' quotas"
            } else {
                "Needs a board number set apart from the reps' quotas"
            };
            sheet.write_with_format(R_OVER_ASSIGNMENT, 2, why, &st.note_line)?;
        }
    }
    match r.team_vs_quotas.as_ref().and_then(|l| l.gap) {
        Some(gap) => {
            formula(
                sheet,
                R_QUOTA_GAP,
                COL_AMOUNT,
                &format!("{}-{}", b(R_QUOTAS), b(R_FORECAST)),
                m(gap),
                &st.money,
            )?;
            sheet.write_with_format(
                R_QUOTA_GAP,
                2,
                "Reps' quotas − forecast: what the reps still need to reach their quotas",
                &st.note_line,
            )?;
        }
        None => {
            sheet.write_blank(R_QUOTA_GAP, COL_AMOUNT, &st.money)?;
            let why = if board {
                "No rep has a quota for the quarter"
            } else {
                "Same as the gap to team goal (no board number set)"
            };
            sheet.write_with_format(R_QUOTA_GAP, 2, why, &st.note_line)?;
        }
    }
    let none = r.open_without_close_date;
    sheet.write_number_with_format(R_NO_CLOSE_DATE, COL_AMOUNT, m(none.amount), &st.money)?;
    let note = if none.deals == 0 {
        "Every open deal has a close date".to_string()
    } else {
        format!(
            "{} open deal{} with no close date{}: in no quarter's forecast or pipeline (not on the Deals sheet)",
            money::format_count(none.deals.into()),
            if none.deals == 1 { "" } else { "s" },
            match none.without_amount {
                0 => String::new(),
                n if n == none.deals => ", none with an amount".to_string(),
                n => format!(", {} without an amount", money::format_count(n.into())),
            }
        )
    };
    sheet.write_with_format(R_NO_CLOSE_DATE, 2, note.as_str(), &st.note_line)?;
    Ok(())
}

/// The chart data of the build-up (a waterfall drawn as stacked columns on
/// an invisible base) and the chart beside the figures.
fn build_up(sheet: &mut Worksheet, ctx: &Ctx) -> Result<()> {
    let st = &ctx.st;
    let t = &ctx.report.team;
    let m = |v: i64| ctx.major(v);
    let b = |row: u32| abs_cell(row, COL_AMOUNT);
    sheet.write_with_format(R_BUILD, 0, "Chart data: the build-up", &st.section)?;
    sheet.write_with_format(R_BUILD, 1, "", &st.section)?;
    sheet.write_with_format(R_BUILD, 2, "", &st.section)?;
    for (c, h) in ["Step", "Starts at", "Adds"].iter().enumerate() {
        let fmt = if c == 0 { &st.header } else { &st.header_num };
        sheet.write_with_format(R_BUILD + 1, c as u16, *h, fmt)?;
    }
    let cw = t.closed_won;
    let cm = cw.saturating_add(t.commit);
    let bc = cm.saturating_add(t.best_case);
    let mut steps: Vec<(&str, String, i64, String, i64, u32)> = vec![
        ("Closed won", "0".into(), 0, b(R_CLOSED_WON), cw, BLUE),
        ("Commit", b(R_CLOSED_WON), cw, b(R_COMMIT), t.commit, GREEN),
        (
            "Best case",
            format!("{}+{}", b(R_CLOSED_WON), b(R_COMMIT)),
            cm,
            b(R_BEST_CASE),
            t.best_case,
            YELLOW,
        ),
        (
            "Create & close",
            format!("SUM({}:{})", b(R_CLOSED_WON), b(R_BEST_CASE)),
            bc,
            b(R_CREATE_AND_CLOSE),
            t.create_and_close,
            PURPLE,
        ),
        ("Forecast", "0".into(), 0, b(R_FORECAST), t.forecast, NAVY),
    ];
    if let Some(g) = t.goal {
        steps.push(("Team goal", "0".into(), 0, b(R_GOAL), g, GREY));
    }
    // Beside the board number, what the reps carry (over-assigned on purpose).
    if let (Some(q), Some(_)) = (ctx.report.rep_quotas_total, &ctx.report.team_vs_quotas) {
        steps.push(("Reps' quotas", "0".into(), 0, b(R_QUOTAS), q, GREY_LIGHT));
    }
    let first = R_BUILD + 2;
    for (i, (label, start_f, start, add_f, add, _)) in steps.iter().enumerate() {
        let row = first + i as u32;
        sheet.write_with_format(row, 0, *label, &st.text)?;
        formula(sheet, row, 1, &format!("={start_f}"), m(*start), &st.money)?;
        formula(sheet, row, 2, &format!("={add_f}"), m(*add), &st.money)?;
    }
    let last = first + steps.len() as u32 - 1;

    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart
        .add_series()
        .set_name("Starts at")
        .set_categories((SUMMARY_SHEET, first, 0, last, 0))
        .set_values((SUMMARY_SHEET, first, 1, last, 1))
        .set_format(ChartFormat::new().set_no_fill().set_no_border());
    let points: Vec<ChartPoint> = steps
        .iter()
        .map(|s| {
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(s.5))),
            )
        })
        .collect();
    chart
        .add_series()
        .set_name("Amount")
        .set_categories((SUMMARY_SHEET, first, 0, last, 0))
        .set_values((SUMMARY_SHEET, first, 2, last, 2))
        .set_points(&points)
        .set_gap(60)
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format(super::money_format(&ctx.report.currency)),
        );
    chart
        .title()
        .set_name("How the forecast builds up to the goal");
    chart.legend().set_hidden();
    chart
        .y_axis()
        .set_num_format(super::money_format(&ctx.report.currency));
    chart.set_width(640).set_height(400);
    sheet.insert_chart_with_offset(R_HEADER, 4, &chart, 0, 0)?;
    Ok(())
}

/// The forecast by week: a table and a line chart, or a note when no
/// weekly snapshot exists yet.
fn trend_section(
    sheet: &mut Worksheet,
    ctx: &Ctx,
    trend: &[crate::forecast::history::TrendPoint],
) -> Result<()> {
    let st = &ctx.st;
    for c in 0..3 {
        sheet.write_with_format(
            R_TREND,
            c,
            if c == 0 { "Forecast by week" } else { "" },
            &st.section,
        )?;
    }
    // Older weeks than a quarter holds are dropped, keeping the newest.
    let weeks = &trend[trend.len().saturating_sub(MAX_TREND_WEEKS)..];
    if weeks.is_empty() {
        sheet.merge_range(
            R_TREND + 1,
            0,
            R_TREND + 2,
            2,
            "No weekly snapshots yet. SalesOS keeps the forecast of every week; the trend of forecast, commit, best case, closed won and goal appears here once weeks have been recorded.",
            &st.note,
        )?;
        sheet.set_row_height(R_TREND + 1, 18.0)?;
        return Ok(());
    }
    let headers = [
        "Week of",
        "Forecast",
        "Commit",
        "Best case",
        "Closed won",
        "Goal",
    ];
    let header_row = R_TREND + 1;
    let c0 = TREND_COL;
    for (c, h) in headers.iter().enumerate() {
        let fmt = if c == 0 { &st.header } else { &st.header_num };
        sheet.write_with_format(header_row, c0 + c as u16, *h, fmt)?;
    }
    let m = |v: i64| ctx.major(v);
    for (i, w) in weeks.iter().enumerate() {
        let row = header_row + 1 + i as u32;
        // Text, not a date serial: the chart's axis shows these labels as
        // written in Excel and LibreOffice alike (see below).
        let week = w.week_start.format("%-d %b %Y").to_string();
        sheet.write_string_with_format(row, c0, &week, &st.text)?;
        for (c, v) in [w.forecast, w.commit, w.best_case, w.closed_won]
            .iter()
            .enumerate()
        {
            sheet.write_number_with_format(row, c0 + c as u16 + 1, m(*v), &st.money)?;
        }
        super::opt_number(sheet, row, c0 + 5, w.goal.map(m), &st.money)?;
    }
    let first = header_row + 1;
    let last = header_row + weeks.len() as u32;
    let mut chart = Chart::new(ChartType::Line);
    // Lines need stronger colours than the columns.
    let series = [
        (1u16, 0x1F3A5F, ChartLineDashType::Solid, 2.75),
        (2, 0x2E8B57, ChartLineDashType::Solid, 2.0),
        (3, 0xD4A000, ChartLineDashType::Solid, 2.0),
        (4, 0x2F6DB5, ChartLineDashType::Solid, 2.0),
        (5, 0x7F7F7F, ChartLineDashType::Dash, 2.0),
    ];
    for (col, color, dash, width) in series {
        chart
            .add_series()
            .set_name((SUMMARY_SHEET, header_row, c0 + col))
            .set_categories((SUMMARY_SHEET, first, c0, last, c0))
            .set_values((SUMMARY_SHEET, first, c0 + col, last, c0 + col))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(color))
                        .set_width(width)
                        .set_dash_type(dash),
                ),
            )
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(5)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color)))
                            .set_no_border(),
                    ),
            );
    }
    chart
        .title()
        .set_name("Forecast, commit, best case, closed won and goal by week");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart
        .y_axis()
        .set_num_format(super::money_format(&ctx.report.currency));
    // The categories are the "Week of" labels, as text. Pointed at date
    // serials, LibreOffice labelled the axis by position or by its own date
    // range ("1 Jan" beside a table saying 16 Nov 2026).
    chart.set_width(640).set_height(320);
    sheet.insert_chart_with_offset(R_TREND + 1, 0, &chart, 0, 0)?;
    Ok(())
}
