//! The process template as a workbook to print, share and edit: one sheet of
//! stages (question, exit criteria, people, tools), one of what each risk
//! level looks like per stage, and the CRM stage mapping for reference.
//!
//! `import::template` reads the first two sheets back. It finds them by
//! sheet name and header text, and rows by the `#` column, so the layout
//! here can change without breaking files people already edited.
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Note, Workbook, Worksheet};

use super::{body_format, header_format, print_setup};
use crate::error::Result;
use crate::import::StageMappingEntry;
use crate::process::template::workbook::*;
use crate::process::template::{ProcessTemplate, TemplateStage};
use crate::process::{DealStatus, Risk};

/// Column widths (in characters) of the Stages and Risk sheets.
const STAGES_WIDTHS: [f64; 6] = [4.0, 20.0, 30.0, 50.0, 22.0, 34.0];
const RISK_WIDTHS: [f64; 6] = [4.0, 20.0, 33.0, 33.0, 33.0, 33.0];
const MAPPING_WIDTHS: [f64; 4] = [34.0, 38.0, 12.0, 10.0];
/// Points per line of 11-point text, and a little air above and below.
const LINE_HEIGHT: f64 = 15.0;
const ROW_PADDING: f64 = 4.0;

/// Strong fills for the risk headers, light ones for their cells.
const RISK_COLORS: [(Risk, u32, Color, u32); 4] = [
    (Risk::Red, 0xC0392B, Color::White, 0xF8D7DA),
    (Risk::Orange, 0xE67E22, Color::White, 0xFDE5CC),
    (Risk::Yellow, 0xF1C40F, Color::Black, 0xFFF3CD),
    (Risk::Green, 0x2E8B57, Color::White, 0xD4EDDA),
];

/// The template as a print-ready workbook (see the module docs).
pub fn template_workbook(t: &ProcessTemplate, mapping: &[StageMappingEntry]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Sales process template")
            .set_author("SalesOS")
            .set_comment("Edit the Stages and Risk sheets and import this file back into SalesOS.")
            .set_custom_property(MARKER_PROPERTY, "1"),
    );
    stages_sheet(wb.add_worksheet(), t)?;
    risk_sheet(wb.add_worksheet(), t)?;
    mapping_sheet(wb.add_worksheet(), t, mapping)?;
    Ok(wb.save_to_buffer()?)
}

fn number_format() -> Format {
    body_format().set_align(FormatAlign::Center).set_bold()
}

fn name_format() -> Format {
    body_format().set_bold()
}

/// The note on a `#` header: what the column is for.
fn number_note() -> Note {
    Note::new(
        "The stage number. SalesOS matches each row to its stage by this number when the file is imported back: keep it.",
    )
    .set_author("SalesOS")
    .add_author_prefix(false)
}

fn write_headers(sheet: &mut Worksheet, headers: &[&str], widths: &[f64]) -> Result<()> {
    let header = header_format().set_align(FormatAlign::Top);
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        sheet.write_with_format(0, c as u16, *h, &header)?;
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn stages_sheet(sheet: &mut Worksheet, t: &ProcessTemplate) -> Result<()> {
    sheet.set_name(STAGES_SHEET)?;
    write_headers(sheet, &STAGES_HEADERS, &STAGES_WIDTHS)?;
    sheet.insert_note(0, 0, &number_note())?;
    let (body, number, name) = (body_format(), number_format(), name_format());
    for (i, s) in t.stages.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = [
            s.name.clone(),
            s.question.clone(),
            criteria_cell(s),
            s.people.clone(),
            s.tools.clone(),
        ];
        sheet.write_number_with_format(row, 0, s.number as f64, &number)?;
        for (c, text) in cells.iter().enumerate() {
            let fmt = if c == 0 { &name } else { &body };
            sheet.write_with_format(row, c as u16 + 1, text, fmt)?;
        }
        set_height(sheet, row, &cells, &STAGES_WIDTHS[1..])?;
    }
    print_setup(sheet, "Sales process template — stages");
    Ok(())
}

/// Exit criteria one per line, each after a bullet. A criterion is one line:
/// a line break inside one would split it in two on the way back.
fn criteria_cell(s: &TemplateStage) -> String {
    s.exit_criteria
        .iter()
        .map(|c| {
            format!(
                "{BULLET}{}",
                c.text.split_whitespace().collect::<Vec<_>>().join(" ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A risk cell: the definition, a blank line, then the example.
pub(crate) fn risk_cell(definition: &str, example: &str) -> String {
    match (definition.trim(), example.trim()) {
        (d, "") => d.to_string(),
        ("", e) => format!("{EXAMPLE_PREFIX}{e}"),
        (d, e) => format!("{d}\n\n{EXAMPLE_PREFIX}{e}"),
    }
}

fn risk_sheet(sheet: &mut Worksheet, t: &ProcessTemplate) -> Result<()> {
    sheet.set_name(RISK_SHEET)?;
    write_headers(sheet, &RISK_HEADERS, &RISK_WIDTHS)?;
    sheet.insert_note(0, 0, &number_note())?;
    let header = header_format().set_align(FormatAlign::Top);
    let mut fills = Vec::new();
    for (i, (_, strong, text, light)) in RISK_COLORS.iter().enumerate() {
        let col = i as u16 + 2;
        let fmt = header
            .clone()
            .set_background_color(Color::RGB(*strong))
            .set_font_color(*text);
        sheet.write_with_format(0, col, RISK_HEADERS[col as usize], &fmt)?;
        fills.push(body_format().set_background_color(Color::RGB(*light)));
    }
    let (number, name) = (number_format(), name_format());
    for (i, s) in t.stages.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number_with_format(row, 0, s.number as f64, &number)?;
        sheet.write_with_format(row, 1, &s.name, &name)?;
        let mut cells = vec![s.name.clone()];
        for ((risk, ..), fill) in RISK_COLORS.iter().zip(&fills) {
            let text = risk_cell(s.risk.get(*risk), s.risk_examples.get(*risk));
            sheet.write_with_format(row, cells.len() as u16 + 1, &text, fill)?;
            cells.push(text);
        }
        set_height(sheet, row, &cells, &RISK_WIDTHS[1..])?;
    }
    print_setup(
        sheet,
        "Sales process template — what each risk level looks like",
    );
    Ok(())
}

fn mapping_sheet(
    sheet: &mut Worksheet,
    t: &ProcessTemplate,
    mapping: &[StageMappingEntry],
) -> Result<()> {
    sheet.set_name(MAPPING_SHEET)?;
    write_headers(
        sheet,
        &["CRM stage", "Maps to", "Confirmed", "Deals"],
        &MAPPING_WIDTHS,
    )?;
    let body = body_format();
    let centered = body_format().set_align(FormatAlign::Center);
    for (i, m) in mapping.iter().enumerate() {
        let row = i as u32 + 1;
        let target = maps_to(t, m);
        sheet.write_with_format(row, 0, &m.label, &body)?;
        sheet.write_with_format(row, 1, &target, &body)?;
        sheet.write_with_format(row, 2, if m.confirmed { "yes" } else { "no" }, &centered)?;
        sheet.write_number_with_format(row, 3, m.deals as f64, &body)?;
        set_height(sheet, row, &[m.label.clone(), target], &MAPPING_WIDTHS)?;
    }
    let mut next = mapping.len() as u32 + 1;
    if mapping.is_empty() {
        sheet.merge_range(
            next,
            0,
            next,
            3,
            "No CRM stage labels yet: they appear after the first deals import.",
            &body,
        )?;
        next += 1;
    }
    let note = Format::new()
        .set_italic()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(Color::RGB(0x555555));
    let text = "For reading only: change the stage mapping in SalesOS itself. Importing this template back ignores this sheet.";
    sheet.merge_range(next + 1, 0, next + 1, 3, text, &note)?;
    sheet.set_row_height(next + 1, LINE_HEIGHT * 2.0 + ROW_PADDING)?;
    print_setup(
        sheet,
        "Sales process template — CRM stage mapping (read only)",
    );
    Ok(())
}

/// What a CRM label maps to, as a person reads it.
fn maps_to(t: &ProcessTemplate, m: &StageMappingEntry) -> String {
    match (m.outcome, m.stage) {
        (Some(DealStatus::Won), _) => "Won".into(),
        (Some(DealStatus::Lost), _) => "Lost".into(),
        (_, Some(n)) => match t.stage(n) {
            Some(s) => format!("Stage {n} – {}", s.name.trim()),
            None => format!("Stage {n}"),
        },
        _ => "Unmapped".into(),
    }
}

/// Spreadsheet apps do not all grow wrapped rows on open: size the row for
/// its tallest cell, counting the lines each cell wraps to in its column.
pub(super) fn set_height(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[String],
    widths: &[f64],
) -> Result<()> {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(text, w)| wrapped_lines(text, *w))
        .max()
        .unwrap_or(1);
    if lines > 1 {
        sheet.set_row_height(row, LINE_HEIGHT * lines as f64 + ROW_PADDING)?;
    }
    Ok(())
}

/// Lines `text` takes in a column `width` characters wide. Word wrap leaves
/// the end of most lines empty, so a line holds a little less than the width.
pub(super) fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width - 3.0).max(1.0) as usize;
    text.split('\n')
        .map(|line| {
            let mut lines = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let len = word.chars().count();
                let need = if used == 0 { len } else { used + 1 + len };
                if need <= per_line || used == 0 {
                    used = need;
                } else {
                    lines += 1;
                    used = len;
                }
                // A word longer than the column is broken across lines.
                while used > per_line {
                    lines += 1;
                    used -= per_line;
                }
            }
            lines
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_counts_words_and_breaks() {
        assert_eq!(wrapped_lines("", 20.0), 1);
        assert_eq!(wrapped_lines("short", 20.0), 1);
        assert_eq!(wrapped_lines("a\nb\n\nc", 20.0), 4);
        // 17 characters per line: "aaaa bbbb cccc" fits, "dddd" wraps.
        assert_eq!(wrapped_lines("aaaa bbbb cccc dddd", 20.0), 2);
        assert_eq!(wrapped_lines(&"x".repeat(40), 20.0), 3);
    }

    #[test]
    fn risk_cells_keep_definition_and_example_apart() {
        assert_eq!(risk_cell("Def", "Ex"), "Def\n\nExample: Ex");
        assert_eq!(risk_cell("Def", " "), "Def");
        assert_eq!(risk_cell("", "Ex"), "Example: Ex");
    }
}
