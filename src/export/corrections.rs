//! The corrections made in SalesOS, listed for whoever updates the CRM: one
//! row per deal and field, the CRM's value beside the corrected one. Once the
//! CRM holds the corrected value, the next import drops the correction.
use rust_xlsxwriter::{Format, Workbook};

use super::{header_format, print_setup};
use crate::error::Result;
use crate::money;
use crate::process::template::ProcessTemplate;
use crate::store::corrections::{CorrectionField, ForCrm};

/// A stored value as the sheet shows it: an amount in currency units, a
/// stage by number and name, a date as written.
fn shown(
    field: CorrectionField,
    value: Option<&str>,
    currency: &str,
    t: &ProcessTemplate,
) -> String {
    let Some(v) = value else {
        return "(empty)".into();
    };
    match field {
        CorrectionField::CloseDate => v.to_string(),
        CorrectionField::Amount => v
            .parse::<i64>()
            .map(|m| money::format(m, currency))
            .unwrap_or_else(|_| v.to_string()),
        CorrectionField::Stage => match v.parse::<u8>().ok().and_then(|n| t.stage(n)) {
            Some(s) => format!("{} {}", s.number, s.name.trim()),
            None => v.to_string(),
        },
    }
}

pub fn workbook(rows: &[ForCrm], template: &ProcessTemplate) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Corrections")?;
    print_setup(sheet, "Corrections to make in the CRM");
    let header = header_format();
    let headers = [
        "Deal ID",
        "Deal",
        "Account",
        "Field",
        "CRM value",
        "Corrected value",
        "Corrected on",
        "By",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_with_format(0, c as u16, *h, &header)?;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.len()).collect();
    let plain = Format::new();
    for (r, row) in rows.iter().enumerate() {
        let c = &row.correction;
        let cells = [
            row.external_id.clone().unwrap_or_default(),
            row.name.clone().unwrap_or_default(),
            row.account.clone().unwrap_or_default(),
            c.field.label().to_string(),
            shown(c.field, c.crm_value.as_deref(), &row.currency, template),
            shown(c.field, c.value.as_deref(), &row.currency, template),
            c.corrected_at
                .get(..10)
                .unwrap_or(&c.corrected_at)
                .to_string(),
            c.corrected_by.clone().unwrap_or_default(),
        ];
        for (col, cell) in cells.iter().enumerate() {
            // Written as strings: a name that looks like a formula stays text.
            sheet.write_string_with_format(r as u32 + 1, col as u16, cell, &plain)?;
            widths[col] = widths[col].max(cell.chars().count());
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).clamp(8, 50) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !rows.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    }
    Ok(wb.save_to_buffer()?)
}
