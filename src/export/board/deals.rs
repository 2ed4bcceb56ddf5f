//! The Deals sheet: every deal of the quarter as an Excel table (filter
//! buttons, banded rows, a totals row), streamed from SQLite into a
//! constant-memory worksheet. The other sheets' formulas sum its columns.
use std::collections::HashMap;

use rusqlite::Connection;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, Table, TableColumn,
    TableFunction, TableStyle, Worksheet,
};

use super::{
    formula, page_setup, risk_label, Ctx, DealsScan, DEALS_SHEET, DEALS_TABLE, NOT_ASSESSED,
    RISK_STYLE,
};
use crate::calendar::FiscalCalendar;
use crate::error::Result;
use crate::model::{Deal, DealQuery};
use crate::process::{DealStatus, Risk};
use crate::store;

/// The table's columns: header and width. The formulas elsewhere name
/// `Owner`, `Manager`, `Amount`, `Status`, `Stage` and `Risk`.
const COLUMNS: [(&str, f64); 15] = [
    ("ID", 11.0),
    ("Deal", 30.0),
    ("Account", 22.0),
    ("Owner", 16.0),
    ("Manager", 16.0),
    ("Amount", 12.5),
    ("Close date", 12.0),
    ("Status", 8.0),
    ("Stage", 20.0),
    ("Risk", 11.0),
    ("Flags", 34.0),
    ("Next step", 36.0),
    // Not printed (see `PRINTED_COLUMNS`): for filtering in Excel.
    ("Created", 12.0),
    ("CRM stage", 18.0),
    ("Last activity", 12.0),
];
/// The columns a printout shows: the rest make the page too small to read.
const PRINTED_COLUMNS: u16 = 12;
const C_AMOUNT: u16 = 5;
const C_RISK: u16 = 9;
/// Columns whose text wraps inside the column: names, flags and next steps
/// print whole instead of being cut at the next filled cell (issue 14, item 15).
pub(super) const WRAPPED_COLUMNS: [u16; 4] = [1, 2, 10, 11];
/// The other text columns: top-aligned, to line up with the wrapped ones.
const TOP_COLUMNS: [u16; 7] = [0, 3, 4, 7, 8, 9, 13];

/// Height of one line of the sheet's 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// How many lines `text` takes wrapped at word breaks in a column `width`
/// characters wide (a character a little narrower than the width unit, so
/// this errs on the tall side). Spreadsheet apps do not grow a row to wrapped
/// text they did not lay out themselves, so the row height is set from this.
pub(super) fn wrapped_lines(text: &str, width: f64) -> u32 {
    let room = width.max(1.0) as usize;
    let mut lines = 0u32;
    for paragraph in text.split('\n') {
        lines = lines.saturating_add(1);
        let mut used = 0usize;
        for word in paragraph.split_whitespace() {
            let len = word.chars().count();
            let need = if used == 0 { len } else { used + 1 + len };
            if used > 0 && need > room {
                lines = lines.saturating_add(1);
                used = len;
            } else {
                used = need;
            }
            // A word longer than the column breaks inside it.
            while used > room {
                lines = lines.saturating_add(1);
                used -= room;
            }
        }
    }
    lines.max(1)
}

/// An optional text cell: absent or empty writes nothing.
fn text(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn status_label(s: DealStatus) -> &'static str {
    match s {
        DealStatus::Open => "Open",
        DealStatus::Won => "Won",
        DealStatus::Lost => "Lost",
    }
}

/// The Risk column: a level, "Not assessed" for an open deal without one,
/// blank for a closed deal without one.
pub(super) fn risk_text(d: &Deal) -> &'static str {
    match (d.risk, d.status) {
        (Some(r), _) => risk_label(r),
        (None, DealStatus::Open) => NOT_ASSESSED,
        (None, _) => "",
    }
}

/// Column of the matrix a deal counts in: `RISK_STYLE` order, then not assessed.
fn risk_column(risk: Option<Risk>) -> usize {
    risk.and_then(|r| RISK_STYLE.iter().position(|s| s.0 == r))
        .unwrap_or(RISK_STYLE.len())
}

/// Writes the Deals sheet into `sheet` (a constant-memory worksheet: rows
/// strictly in order, so the table goes in first) and gathers the matrix
/// and the gap plan's deals on the way.
pub(super) fn write(
    sheet: &mut Worksheet,
    conn: &Connection,
    cal: &FiscalCalendar,
    ctx: &Ctx,
    managers: &HashMap<i64, String>,
) -> Result<DealsScan> {
    sheet.set_name(DEALS_SHEET)?;
    let query = DealQuery {
        quarter: Some(ctx.report.quarter.clone()),
        ..DealQuery::default()
    };
    let total = store::deals::query(conn, cal, &query)?.total;
    // A table needs one data row; an empty quarter gets a blank one.
    let data_rows = total.max(1);
    let last_col = COLUMNS.len() as u16 - 1;
    let columns: Vec<TableColumn> = COLUMNS
        .iter()
        .enumerate()
        .map(|(c, (h, _))| {
            // Explicit header formats: LibreOffice does not draw table styles.
            let col =
                TableColumn::new()
                    .set_header(*h)
                    .set_header_format(if c == C_AMOUNT as usize {
                        &ctx.st.header_num
                    } else {
                        &ctx.st.header
                    });
            match c {
                0 => col.set_total_label("Total"),
                c if c == C_AMOUNT as usize => col
                    .set_total_function(TableFunction::Sum)
                    .set_format(ctx.st.money.clone()),
                _ => col,
            }
        })
        .collect();
    let table = Table::new()
        .set_name(DEALS_TABLE)
        .set_style(TableStyle::Medium2)
        .set_total_row(true)
        .set_columns(&columns);
    for (c, (_, w)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    // Column formats: the cells below are written without one (no per-cell
    // lookup) and take their column's; rows grow to the wrapped text.
    for c in WRAPPED_COLUMNS {
        sheet.set_column_format(c, &ctx.st.wrap)?;
    }
    for c in TOP_COLUMNS {
        sheet.set_column_format(c, &ctx.st.text)?;
    }
    sheet.add_table(0, 0, data_rows + 1, last_col, &table)?;
    sheet.set_freeze_panes(1, 2)?;
    risk_colors(sheet, data_rows)?;

    let st = &ctx.st;
    let mut scan = DealsScan {
        count: 0,
        total_amount: 0,
        matrix: HashMap::new(),
        extra_stages: Vec::new(),
        at_risk: Vec::new(),
    };
    let known: Vec<String> = ctx
        .template
        .stages
        .iter()
        .map(|s| s.name.trim().to_string())
        .collect();
    let mut row = 0u32;
    store::deals::for_each(conn, cal, &query, |d| {
        row += 1;
        scan.count += 1;
        let amount = d.amount.unwrap_or(0);
        scan.total_amount = scan.total_amount.saturating_add(amount);
        let put = |sheet: &mut Worksheet, col: u16, v: Option<&str>| -> Result<()> {
            if let Some(v) = v {
                // No format: a format costs a lookup per cell, and text needs none.
                sheet.write_string(row, col, v)?;
            }
            Ok(())
        };
        let flags = crate::review::labels(&ctx.flags.flags(&d));
        // The row's height first: a constant-memory sheet writes a row once.
        let lines = WRAPPED_COLUMNS
            .iter()
            .map(|&c| {
                let value = match c {
                    1 => text(&d.name),
                    2 => text(&d.account),
                    10 => Some(flags.as_str()),
                    _ => text(&d.next_step),
                };
                value.map_or(1, |v| wrapped_lines(v, COLUMNS[c as usize].1))
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, LINE_HEIGHT * f64::from(lines.min(20)))?;
        }
        put(sheet, 0, text(&d.external_id))?;
        put(sheet, 1, text(&d.name))?;
        put(sheet, 2, text(&d.account))?;
        put(sheet, 3, text(&d.owner))?;
        put(
            sheet,
            4,
            d.owner_id
                .and_then(|id| managers.get(&id))
                .map(String::as_str),
        )?;
        if let Some(a) = d.amount {
            sheet.write_number_with_format(row, C_AMOUNT, ctx.major(a), &st.money)?;
        }
        for (col, date) in [
            (6, d.close_date),
            (12, d.created_date),
            (14, d.last_activity),
        ] {
            if let Some(date) = date {
                sheet.write_date_with_format(row, col, date, &st.date)?;
            }
        }
        put(sheet, 7, Some(status_label(d.status)))?;
        let stage = ctx.stage_name(&d);
        put(
            sheet,
            8,
            Some(&stage).filter(|s| !s.is_empty()).map(|s| s.as_str()),
        )?;
        put(sheet, C_RISK, Some(risk_text(&d)).filter(|s| !s.is_empty()))?;
        put(sheet, 10, Some(flags.as_str()).filter(|s| !s.is_empty()))?;
        put(sheet, 11, text(&d.next_step))?;
        put(sheet, 13, text(&d.crm_stage))?;

        if d.status == DealStatus::Open {
            if !known.contains(&stage) && !scan.extra_stages.contains(&stage) {
                scan.extra_stages.push(stage.clone());
            }
            let cell = scan.matrix.entry((stage, risk_column(d.risk))).or_default();
            cell.0 = cell.0.saturating_add(amount);
            cell.1 += 1;
            if matches!(d.risk, Some(Risk::Orange | Risk::Red)) {
                scan.at_risk.push(d);
            }
        }
        Ok(())
    })?;
    scan.extra_stages.sort();
    scan.at_risk
        .sort_by_key(|d| (std::cmp::Reverse(d.amount.unwrap_or(0)), d.id));

    // The table's total row: its SUBTOTAL ignores rows hidden by a filter.
    let total_row = data_rows + 1;
    formula(
        sheet,
        total_row,
        C_AMOUNT,
        &format!("SUBTOTAL(109,{DEALS_TABLE}[Amount])"),
        ctx.major(scan.total_amount),
        &st.money_total,
    )?;
    page_setup(
        sheet,
        &format!("{} — every deal closing in the quarter", ctx.title),
        (0, 0),
    )?;
    sheet.set_print_area(0, 0, total_row, PRINTED_COLUMNS - 1)?;
    Ok(scan)
}

/// Colours the Risk column by level (a conditional format: no per-cell cost).
fn risk_colors(sheet: &mut Worksheet, data_rows: u32) -> Result<()> {
    for (_, label, _, _, light) in RISK_STYLE {
        let fmt = Format::new().set_background_color(Color::RGB(light));
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(label.to_string()))
            .set_format(fmt);
        sheet.add_conditional_format(1, C_RISK, data_rows, C_RISK, &rule)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrapped_lines;

    #[test]
    fn lines_of_wrapped_text() {
        assert_eq!(wrapped_lines("", 30.0), 1);
        assert_eq!(wrapped_lines("Demo", 30.0), 1);
        // 41 characters in a 30-wide column: two lines, broken between words.
        assert_eq!(
            wrapped_lines("Northwind Traders global platform renewal", 30.0),
            2
        );
        // A word longer than the column breaks inside it.
        assert_eq!(wrapped_lines(&"x".repeat(65), 30.0), 3);
        assert_eq!(wrapped_lines("one\ntwo", 30.0), 2);
    }
}
