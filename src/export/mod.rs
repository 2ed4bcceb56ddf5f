//! Spreadsheets SalesOS hands back, written with rust_xlsxwriter and set up
//! to print: frozen header, filters, widths that fit, landscape, one page wide.
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use crate::error::Result;
use crate::import::history::IssueRow;
use crate::import::ImportReport;

pub mod board;
pub mod corrections;
pub mod hiring;
pub mod ramp;
pub mod scale;
pub mod template;

/// Characters of the "What to fix" column before its text wraps.
const REASON_WIDTH: usize = 60;

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F3A5F))
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap()
}

/// A body cell of every SalesOS export: wrapped, top-aligned, in a light grid.
fn body_format() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
}

fn print_setup(sheet: &mut Worksheet, title: &str) {
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4; Letter users get it scaled by the printer dialog
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header(format!("&L&\"-,Bold\"{title}&RSalesOS"));
    sheet.set_footer("&LPrinted &D&RPage &P of &N");
    sheet.set_repeat_rows(0, 0).ok();
}

/// The rows an import rejected or flagged, with the reason beside each and
/// the original cells after it, so the user can fix them and import the
/// sheet again (the reason columns are not mapped to any field).
pub fn issues_workbook(report: &ImportReport, issues: &[IssueRow]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Rows to fix")?;
    let header = header_format();
    let rejected = Format::new()
        .set_background_color(Color::RGB(0xFDE2E1))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let flagged = Format::new()
        .set_background_color(Color::RGB(0xFFF4CE))
        .set_text_wrap()
        .set_align(FormatAlign::Top);

    let mut headers = vec![
        "Sheet row".to_string(),
        "Outcome".to_string(),
        "What to fix".to_string(),
    ];
    headers.extend(original_headers(report, issues));
    for (c, h) in headers.iter().enumerate() {
        sheet.write_with_format(0, c as u16, h, &header)?;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for (r, issue) in issues.iter().enumerate() {
        let row = r as u32 + 1;
        let fmt = if issue.rejected { &rejected } else { &flagged };
        let outcome = if issue.rejected {
            "Rejected"
        } else {
            "Imported, check"
        };
        let reasons = issue.reasons.join("\n");
        sheet.write_number_with_format(row, 0, issue.row as f64, fmt)?;
        sheet.write_with_format(row, 1, outcome, fmt)?;
        sheet.write_with_format(row, 2, &reasons, fmt)?;
        // Spreadsheet apps do not all grow wrapped rows on open: size them
        // here, counting the lines each reason wraps to in its column.
        let lines: usize = issue
            .reasons
            .iter()
            .map(|r| r.chars().count().div_ceil(REASON_WIDTH).max(1))
            .sum();
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64)?;
        }
        widths[1] = widths[1].max(outcome.len());
        widths[2] = widths[2].max(
            issue
                .reasons
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0),
        );
        for (c, cell) in issue.cells.iter().enumerate() {
            let col = c + 3;
            if col >= widths.len() {
                widths.resize(col + 1, 8);
            }
            sheet.write(row, col as u16, cell)?;
            widths[col] = widths[col].max(cell.chars().count());
        }
    }
    for (c, w) in widths.iter().enumerate() {
        let cap = if c == 2 { REASON_WIDTH } else { 40 };
        sheet.set_column_width(c as u16, (*w).clamp(8, cap) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 3)?;
    if !issues.is_empty() {
        sheet.autofilter(0, 0, issues.len() as u32, (widths.len().max(3) - 1) as u16)?;
    }
    print_setup(sheet, &format!("{} — rows to fix", report.file_name));
    Ok(wb.save_to_buffer()?)
}

/// Column names of the imported file, kept in the report's mapping order.
fn original_headers(report: &ImportReport, issues: &[IssueRow]) -> Vec<String> {
    let width = issues.iter().map(|i| i.cells.len()).max().unwrap_or(0);
    let mut names: Vec<String> = report.column_headers.clone();
    names.resize(width.max(names.len()), String::new());
    names
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            if h.is_empty() {
                crate::import::letter(i as u32)
            } else {
                h
            }
        })
        .collect()
}
