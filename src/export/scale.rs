//! The scaling plan as a workbook (docs/method.md §6).
use rust_xlsxwriter::Workbook;

use crate::error::Result;
use crate::scaling::{ScalePlan, ScaleReport};

pub fn workbook(_report: &ScaleReport, plan: &ScalePlan) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("Plan")?;
    for (r, m) in plan.months.iter().enumerate() {
        sheet.write_number(r as u32, 0, f64::from(m.month))?;
        sheet.write_number(r as u32, 1, m.bookings)?;
        sheet.write_number(r as u32, 2, m.cost)?;
    }
    Ok(wb.save_to_buffer()?)
}
