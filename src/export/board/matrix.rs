//! The stage x risk matrix: open deals of the quarter by the stage they sit
//! in (the current template's stages, whatever the preset) and their risk
//! level, as amounts and as counts, each cell a formula over the Deals table.
use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet};

use super::{
    cell, countifs, exact, formula, literal, page_setup, sumifs, title_rows, Ctx, DealsScan,
    MATRIX_SHEET, NOT_ASSESSED, RISK_STYLE,
};
use crate::error::Result;

pub(super) fn sheet(ctx: &Ctx, scan: &DealsScan) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(MATRIX_SHEET)?;
    title_rows(
        &mut sheet,
        ctx,
        &format!("{} — open deals by stage and risk", ctx.title),
        &format!(
            "{} · Open deals closing in the quarter; the stages are the current process template's.",
            ctx.period_line()
        ),
    )?;
    sheet.set_column_width(0, 30.0)?;
    for c in 1..=6 {
        sheet.set_column_width(c, 15.0)?;
    }
    // The template's stages in order, then any stage a deal sits in that the
    // template does not list (e.g. not mapped).
    let mut stages: Vec<(String, String)> = ctx
        .template
        .stages
        .iter()
        .map(|s| {
            (
                format!("{} · {}", s.number, s.name.trim()),
                s.name.trim().to_string(),
            )
        })
        .collect();
    stages.extend(scan.extra_stages.iter().map(|s| (s.clone(), s.clone())));

    let amounts_top = 3;
    block(&mut sheet, ctx, scan, &stages, amounts_top, "Amount", true)?;
    let counts_top = amounts_top + stages.len() as u32 + 4;
    block(
        &mut sheet,
        ctx,
        scan,
        &stages,
        counts_top,
        "Number of deals",
        false,
    )?;
    page_setup(&mut sheet, &format!("{} — stage x risk", ctx.title), (0, 1))?;
    Ok(sheet)
}

/// One matrix (amounts or counts) with its header at `top`.
fn block(
    sheet: &mut Worksheet,
    ctx: &Ctx,
    scan: &DealsScan,
    stages: &[(String, String)],
    top: u32,
    what: &str,
    amounts: bool,
) -> Result<()> {
    let st = &ctx.st;
    for c in 0..=6u16 {
        sheet.write_with_format(top, c, if c == 0 { what } else { "" }, &st.section)?;
    }
    let header_row = top + 1;
    sheet.write_with_format(header_row, 0, "Stage", &st.header)?;
    let mut fills = Vec::new();
    let mut labels = Vec::new();
    for (i, (_, label, strong, ink, light)) in RISK_STYLE.iter().enumerate() {
        let fmt = st
            .header_num
            .clone()
            .set_background_color(Color::RGB(*strong))
            .set_font_color(*ink)
            .set_align(FormatAlign::Center);
        sheet.write_with_format(header_row, i as u16 + 1, *label, &fmt)?;
        fills.push(*light);
        labels.push(*label);
    }
    let na = RISK_STYLE.len() as u16 + 1;
    sheet.write_with_format(header_row, na, NOT_ASSESSED, &st.header_num)?;
    fills.push(0xEDEDED);
    labels.push(NOT_ASSESSED);
    sheet.write_with_format(header_row, na + 1, "Total", &st.header_num)?;

    let base = if amounts { &st.money } else { &st.count };
    let formats: Vec<Format> = fills
        .iter()
        .map(|f| base.clone().set_background_color(Color::RGB(*f)))
        .collect();
    let totals_fmt = if amounts {
        &st.money_total
    } else {
        &st.count_total
    };
    let value = |v: (i64, u32)| {
        if amounts {
            ctx.major(v.0)
        } else {
            f64::from(v.1)
        }
    };
    let mut col_totals = vec![(0i64, 0u32); labels.len()];
    let first = header_row + 1;
    for (i, (row_label, stage)) in stages.iter().enumerate() {
        let row = first + i as u32;
        sheet.write_with_format(row, 0, row_label.as_str(), &st.bold)?;
        let mut row_total = (0i64, 0u32);
        for (c, label) in labels.iter().enumerate() {
            let v = scan
                .matrix
                .get(&(stage.clone(), c))
                .copied()
                .unwrap_or_default();
            row_total = (row_total.0.saturating_add(v.0), row_total.1 + v.1);
            col_totals[c] = (col_totals[c].0.saturating_add(v.0), col_totals[c].1 + v.1);
            let criteria = [
                ("Status", literal("Open")),
                ("Stage", exact(stage)),
                ("Risk", literal(label)),
            ];
            let criteria: Vec<(&str, &str)> =
                criteria.iter().map(|(a, b)| (*a, b.as_str())).collect();
            let f = if amounts {
                sumifs(&criteria)
            } else {
                countifs(&criteria)
            };
            formula(sheet, row, c as u16 + 1, &f, value(v), &formats[c])?;
        }
        formula(
            sheet,
            row,
            na + 1,
            &format!("SUM({}:{})", cell(row, 1), cell(row, na)),
            value(row_total),
            &st.bold.clone().set_num_format(if amounts {
                super::money_format(&ctx.report.currency)
            } else {
                "#,##0;-#,##0;\"–\"".to_string()
            }),
        )?;
    }
    let last = first + stages.len() as u32 - 1;
    let total_row = last + 1;
    sheet.write_with_format(total_row, 0, "Total", &st.label_total)?;
    let mut grand = (0i64, 0u32);
    for (c, t) in col_totals.iter().enumerate() {
        grand = (grand.0.saturating_add(t.0), grand.1 + t.1);
        let col = c as u16 + 1;
        formula(
            sheet,
            total_row,
            col,
            &format!("SUM({}:{})", cell(first, col), cell(last, col)),
            value(*t),
            totals_fmt,
        )?;
    }
    formula(
        sheet,
        total_row,
        na + 1,
        &format!("SUM({}:{})", cell(first, na + 1), cell(last, na + 1)),
        value(grand),
        totals_fmt,
    )?;
    Ok(())
}
