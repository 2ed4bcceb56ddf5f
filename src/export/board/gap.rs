//! The gap plan (docs/method.md §2, closing the gap): what new pipeline and how
//! many first meetings each scope needs, and the orange and red deals with
//! what would have to change for each.
use rust_xlsxwriter::{Color, Worksheet};

use super::deals::risk_text;
use super::{
    formula, literal, opt_number, page_setup, sumifs, title_rows, Ctx, DealsScan, GAP_SHEET,
    RISK_STYLE,
};
use crate::error::Result;
use crate::export::template::wrapped_lines;
use crate::forecast::ForecastLine;

const WIDTHS: [f64; 9] = [30.0, 20.0, 16.0, 18.0, 20.0, 10.0, 14.0, 48.0, 40.0];
const DEAL_HEADERS: [&str; 9] = [
    "Deal",
    "Account",
    "Owner",
    "Close date",
    "Stage",
    "Risk",
    "Amount",
    "What has to change",
    "Next step",
];
const C_AMOUNT: u16 = 6;
/// The largest orange and red deals listed; the rest are one filter away on
/// the Deals sheet (a board reads the top of the list, not 20,000 rows).
pub const MAX_GAP_DEALS: usize = 500;

pub(super) fn sheet(ctx: &Ctx, scan: &DealsScan) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(GAP_SHEET)?;
    let st = &ctx.st;
    title_rows(
        &mut sheet,
        ctx,
        &format!("{} — closing the gap", ctx.title),
        &format!(
            "{} · New pipeline needed = gap ÷ win rate; first meetings = new pipeline ÷ average deal size, rounded up.",
            ctx.period_line()
        ),
    )?;
    for (c, w) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }

    // Section 1: pipeline and meetings needed, team first.
    let mut row = 3;
    section(
        &mut sheet,
        ctx,
        row,
        "New pipeline and first meetings needed",
    )?;
    row += 1;
    let headers = [
        "Scope",
        "Gap to goal",
        "Win rate",
        "Average deal size",
        "New pipeline needed",
        "First meetings",
    ];
    for (c, h) in headers.iter().enumerate() {
        let fmt = if c == 0 { &st.header } else { &st.header_num };
        sheet.write_with_format(row, c as u16, *h, fmt)?;
    }
    sheet.set_row_height(row, 30.0)?;
    let r = ctx.report;
    let mut scopes: Vec<(String, &ForecastLine)> = vec![("Team".into(), &r.team)];
    scopes.extend(
        r.by_manager
            .iter()
            .map(|l| (format!("{} (team)", l.name), l)),
    );
    scopes.extend(r.by_rep.iter().map(|l| (l.name.clone(), l)));
    let m = |v: i64| ctx.major(v);
    for (name, l) in &scopes {
        row += 1;
        let fmt = if row == 5 { &st.bold } else { &st.text };
        sheet.write_with_format(row, 0, name.as_str(), fmt)?;
        opt_number(&mut sheet, row, 1, l.gap.map(m), &st.money)?;
        opt_number(&mut sheet, row, 2, l.win_rate, &st.percent)?;
        opt_number(&mut sheet, row, 3, l.average_deal_size.map(m), &st.money)?;
        opt_number(&mut sheet, row, 4, l.new_pipeline_needed.map(m), &st.money)?;
        opt_number(
            &mut sheet,
            row,
            5,
            l.first_meetings_needed.map(f64::from),
            &st.count,
        )?;
    }

    // When new pipeline can close: this quarter, or next quarter's plan
    // (docs/method.md §2, "Closing the gap").
    row += 2;
    sheet.merge_range(row, 0, row, 5, &r.gap_plan.summary, &st.note)?;
    sheet.set_row_height(row, 30.0)?;

    // Section 2: the orange and red deals.
    row += 3;
    section(
        &mut sheet,
        ctx,
        row,
        "Orange and red deals: what has to change",
    )?;
    row += 1;
    let header_row = row;
    for (c, h) in DEAL_HEADERS.iter().enumerate() {
        let fmt = if c as u16 == C_AMOUNT {
            &st.header_num
        } else {
            &st.header
        };
        sheet.write_with_format(row, c as u16, *h, fmt)?;
    }
    if scan.at_risk.is_empty() {
        sheet.merge_range(
            row + 1,
            0,
            row + 1,
            4,
            "No open orange or red deals close in this quarter.",
            &st.note,
        )?;
    }
    let risk_fills: Vec<_> = RISK_STYLE
        .iter()
        .map(|(_, label, _, _, light)| {
            (
                *label,
                st.text.clone().set_background_color(Color::RGB(*light)),
            )
        })
        .collect();
    // Set off from the amount before it.
    let indented = st.wrap.clone().set_indent(1);
    let listed = &scan.at_risk[..scan.at_risk.len().min(MAX_GAP_DEALS)];
    for d in listed {
        row += 1;
        let action = d.risk.map(|r| r.gap_action()).unwrap_or("");
        let next = d.next_step.as_deref().unwrap_or("");
        let cells = [
            d.name.clone().unwrap_or_default(),
            d.account.clone().unwrap_or_default(),
            d.owner.clone().unwrap_or_default(),
        ];
        for (c, text) in cells.iter().enumerate() {
            sheet.write_with_format(row, c as u16, text.as_str(), &st.wrap)?;
        }
        if let Some(date) = d.close_date {
            sheet.write_date_with_format(row, 3, date, &st.date)?;
        }
        sheet.write_with_format(row, 4, ctx.stage_name(d).as_str(), &st.wrap)?;
        let risk = risk_text(d);
        let risk_fmt = risk_fills
            .iter()
            .find(|(l, _)| *l == risk)
            .map(|(_, f)| f)
            .unwrap_or(&st.text);
        sheet.write_with_format(row, 5, risk, risk_fmt)?;
        opt_number(&mut sheet, row, C_AMOUNT, d.amount.map(m), &st.money)?;
        sheet.write_with_format(row, 7, action, &indented)?;
        sheet.write_with_format(row, 8, next, &st.wrap)?;
        // Spreadsheet apps do not all grow wrapped rows on open: size them.
        let lines = [
            (cells[0].as_str(), WIDTHS[0]),
            (cells[1].as_str(), WIDTHS[1]),
            (action, WIDTHS[7]),
            (next, WIDTHS[8]),
        ]
        .iter()
        .map(|(t, w)| wrapped_lines(t, *w))
        .max()
        .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64 + 2.0)?;
        }
    }
    if !scan.at_risk.is_empty() {
        let total_row = row + 1;
        let rest = scan.at_risk.len() - listed.len();
        let label = if rest > 0 {
            format!(
                "Total orange and red ({} more not listed: filter Risk on the Deals sheet)",
                rest
            )
        } else {
            "Total orange and red".to_string()
        };
        sheet.write_with_format(total_row, 0, label.as_str(), &st.label_total)?;
        for c in 1..DEAL_HEADERS.len() as u16 {
            sheet.write_blank(total_row, c, &st.blank_total)?;
        }
        let total: i64 = scan
            .at_risk
            .iter()
            .map(|d| d.amount.unwrap_or(0))
            .fold(0, i64::saturating_add);
        // Over the Deals table, so it covers the deals not listed too.
        let open = literal("Open");
        let f = format!(
            "{}+{}",
            sumifs(&[("Status", &open), ("Risk", &literal("Orange"))]),
            sumifs(&[("Status", &open), ("Risk", &literal("Red"))])
        );
        formula(
            &mut sheet,
            total_row,
            C_AMOUNT,
            &f,
            m(total),
            &st.money_total,
        )?;
    }
    page_setup(
        &mut sheet,
        &format!("{} — gap plan", ctx.title),
        (header_row, header_row),
    )?;
    Ok(sheet)
}

fn section(sheet: &mut Worksheet, ctx: &Ctx, row: u32, text: &str) -> Result<()> {
    for c in 0..DEAL_HEADERS.len() as u16 {
        sheet.write_with_format(row, c, if c == 0 { text } else { "" }, &ctx.st.section)?;
    }
    Ok(())
}
