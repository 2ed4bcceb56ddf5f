//! Ramp workbooks (docs/method.md §5): the board and the harness for the
//! Monday review, and one rep's one-pager for the 1:1. Set up like every
//! SalesOS export: landscape (the one-pager portrait), one page wide,
//! frozen header, title in the page header, page numbers in the footer.
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet};

use super::template::set_height;
use super::{body_format as body, header_format, print_setup};
use crate::error::Result;
use crate::ramp::board::{harness_metrics, RampBoard, RepRamp};
use crate::ramp::{Metric, MetricState, RampStatus, Unit, Verdict};

const BAD_FILL: u32 = 0xF8D7DA;
const GOOD_FILL: u32 = 0xD4EDDA;
const WARN_FILL: u32 = 0xFFF3CD;
const PATH_FILL: u32 = 0xFDE5CC;

fn with_fill(f: Format, rgb: Option<u32>) -> Format {
    match rgb {
        Some(c) => f.set_background_color(Color::RGB(c)),
        None => f,
    }
}

/// The number format of a metric's cells.
fn number(metric: Metric, f: Format) -> Format {
    f.set_num_format(match metric.unit() {
        Unit::Money => "#,##0",
        Unit::Rate => "0%",
        Unit::Days => "0",
        Unit::Count => "0.#",
    })
}

/// Red on the bad side of the band, green on the good side.
fn verdict_fill(s: &MetricState) -> Option<u32> {
    if s.verdict.bad_side(s.metric) {
        Some(BAD_FILL)
    } else if s.verdict.good_side(s.metric) {
        Some(GOOD_FILL)
    } else {
        None
    }
}

fn status_fill(s: RampStatus) -> Option<u32> {
    match s {
        RampStatus::Behind => Some(BAD_FILL),
        RampStatus::Ahead => Some(GOOD_FILL),
        RampStatus::TooEarly => Some(WARN_FILL),
        RampStatus::OnTrack => None,
    }
}

/// "Customer meetings" for a table's first column.
fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn status_label(s: RampStatus) -> &'static str {
    match s {
        RampStatus::OnTrack => "On track",
        RampStatus::Behind => "Behind",
        RampStatus::Ahead => "Ahead",
        RampStatus::TooEarly => "Too early",
    }
}

fn verdict_label(s: &MetricState) -> String {
    match s.verdict {
        Verdict::Below => "below the band".into(),
        Verdict::In => "in the band".into(),
        Verdict::Above => "above the band".into(),
        Verdict::NoBand => s.no_band.clone().unwrap_or_else(|| "no band".into()),
    }
}

fn headers(sheet: &mut Worksheet, row: u32, names: &[&str], widths: &[f64]) -> Result<()> {
    let h = header_format().set_align(FormatAlign::Top);
    for (c, (name, w)) in names.iter().zip(widths).enumerate() {
        let c = c as u16;
        sheet.write_with_format(row, c, *name, &h)?;
        sheet.set_column_width(c, *w)?;
    }
    let texts: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    set_height(sheet, row, &texts, widths)
}

fn opt_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    metric: Metric,
    v: Option<f64>,
    f: &Format,
) -> Result<()> {
    match v {
        Some(v) if v.is_finite() => {
            sheet.write_number_with_format(row, col, v, &number(metric, f.clone()))?
        }
        _ => sheet.write_with_format(row, col, "no data", f)?,
    };
    Ok(())
}

/// The metrics table: one row per metric against goal and band.
fn metric_rows(
    sheet: &mut Worksheet,
    mut row: u32,
    name: Option<&str>,
    metrics: &[MetricState],
) -> Result<u32> {
    for s in metrics {
        let f = with_fill(body(), verdict_fill(s));
        let mut c = 0u16;
        if let Some(n) = name {
            sheet.write_with_format(row, c, n, &body())?;
            c += 1;
        }
        sheet.write_with_format(row, c, capitalized(s.metric.label()), &f)?;
        opt_number(sheet, row, c + 1, s.metric, s.value, &f)?;
        match s.goal {
            Some(g) => sheet.write_number_with_format(row, c + 2, g, &number(s.metric, body()))?,
            None => sheet.write_with_format(row, c + 2, "–", &body())?,
        };
        let (p25, median, p75, n) = match &s.band {
            Some(b) => (Some(b.p25), Some(b.median), Some(b.p75), Some(b.n)),
            None => (None, None, None, None),
        };
        for (i, v) in [p25, median, p75].into_iter().enumerate() {
            match v {
                Some(v) => sheet.write_number_with_format(
                    row,
                    c + 3 + i as u16,
                    v,
                    &number(s.metric, body()),
                )?,
                None => sheet.write_with_format(row, c + 3 + i as u16, "–", &body())?,
            };
        }
        match n {
            Some(n) => sheet.write_number_with_format(row, c + 6, f64::from(n), &body())?,
            None => sheet.write_with_format(row, c + 6, "–", &body())?,
        };
        sheet.write_with_format(row, c + 7, verdict_label(s), &f)?;
        row += 1;
    }
    Ok(row)
}

/// The board and the harness, for the Monday ramp review.
pub fn board_workbook(b: &RampBoard) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Ramp board")
            .set_author("SalesOS"),
    );
    let title = format!("Ramp board · {}", b.as_of.format("%-d %b %Y"));
    {
        let sheet = wb.add_worksheet().set_name("Ramp board")?;
        print_setup(sheet, &title);
        headers(
            sheet,
            0,
            &[
                "Rep", "Role", "Manager", "Started", "Month", "Ramp %", "Status", "Why", "Flags",
            ],
            &[20.0, 7.0, 16.0, 12.0, 7.0, 8.0, 11.0, 48.0, 56.0],
        )?;
        sheet.set_freeze_panes(1, 1)?;
        let date = body().set_num_format("d mmm yyyy");
        for (i, r) in b.reps.iter().enumerate() {
            let row = i as u32 + 1;
            sheet.write_with_format(row, 0, &r.name, &body().set_bold())?;
            sheet.write_with_format(row, 1, r.role.code(), &body())?;
            sheet.write_with_format(row, 2, r.manager.as_deref().unwrap_or(""), &body())?;
            sheet.write_with_format(row, 3, &r.start_date, &date)?;
            sheet.write_number_with_format(row, 4, f64::from(r.tenure.month), &body())?;
            sheet.write_number_with_format(row, 5, r.ramp_pct, &body().set_num_format("0%"))?;
            sheet.write_with_format(
                row,
                6,
                status_label(r.status),
                &with_fill(body(), status_fill(r.status)),
            )?;
            sheet.write_with_format(row, 7, &r.reason, &body())?;
            let flags: Vec<String> = r.flags.iter().map(|f| f.message.clone()).collect();
            let flags = flags.join("\n");
            sheet.write_with_format(row, 8, &flags, &body())?;
            set_height(sheet, row, &[r.reason.clone(), flags], &[48.0, 56.0])?;
        }
        if b.reps.is_empty() {
            let why = if b.harness.is_empty() {
                "Nobody is in ramp: no rep on the roster has an AE, SDR or CSM role and a start date."
            } else {
                "Nobody is in ramp: every active rep with a start date is past their role's ramp curve."
            };
            sheet.write(1, 0, why)?;
        }
    }
    {
        let sheet = wb.add_worksheet().set_name("Metrics")?;
        print_setup(sheet, &format!("{title} · metrics against goal and peers"));
        headers(
            sheet,
            0,
            &[
                "Rep",
                "Metric",
                "Value",
                "Goal",
                "Peers 25th",
                "Median",
                "75th",
                "Peers",
                "Against the band",
            ],
            &[20.0, 26.0, 11.0, 11.0, 11.0, 11.0, 11.0, 7.0, 28.0],
        )?;
        sheet.set_freeze_panes(1, 1)?;
        let mut row = 1;
        for r in &b.reps {
            row = metric_rows(sheet, row, Some(&r.name), &r.metrics)?;
        }
    }
    {
        let sheet = wb.add_worksheet().set_name("Harness")?;
        print_setup(sheet, &format!("{title} · the whole team, last four weeks"));
        let mut row = 0u32;
        for role in crate::ramp::Role::ALL {
            let rows: Vec<_> = b.harness.iter().filter(|h| h.role == role).collect();
            if rows.is_empty() {
                continue;
            }
            let metrics = harness_metrics(role);
            let mut names: Vec<String> = vec![
                format!("{} rep", role.code()),
                "Month".into(),
                "Ramped".into(),
            ];
            names.extend(metrics.iter().map(|m| capitalized(m.label())));
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut widths = vec![20.0, 7.0, 8.0];
            widths.extend(metrics.iter().map(|_| 13.0));
            headers(sheet, row, &refs, &widths)?;
            row += 1;
            for h in rows {
                sheet.write_with_format(row, 0, &h.name, &body().set_bold())?;
                match h.tenure_month {
                    Some(m) => sheet.write_number_with_format(row, 1, f64::from(m), &body())?,
                    None => sheet.write_with_format(row, 1, "–", &body())?,
                };
                sheet.write_with_format(row, 2, if h.ramped { "yes" } else { "no" }, &body())?;
                for (i, s) in h.metrics.iter().enumerate() {
                    opt_number(
                        sheet,
                        row,
                        3 + i as u16,
                        s.metric,
                        s.value,
                        &with_fill(body(), verdict_fill(s)),
                    )?;
                }
                row += 1;
            }
            row += 1;
        }
    }
    {
        let sheet = wb.add_worksheet().set_name("Ramp plans")?;
        print_setup(sheet, &format!("{title} · ramp plans"));
        headers(
            sheet,
            0,
            &["Role", "Curve by month of tenure", "Goals once ramped"],
            &[8.0, 40.0, 60.0],
        )?;
        for (i, p) in b.plans.iter().enumerate() {
            let row = i as u32 + 1;
            let curve: Vec<String> = p
                .curve
                .iter()
                .map(|s| format!("{:.0} %", s * 100.0))
                .collect();
            let goals: Vec<String> = p
                .goals
                .iter()
                .map(|(m, g)| {
                    let per = match m.cadence() {
                        crate::ramp::Cadence::Week => " a week",
                        crate::ramp::Cadence::Month => " a month",
                        crate::ramp::Cadence::Window => "",
                    };
                    format!("{} {}{per}", m.show(*g, &b.currency), m.label())
                })
                .collect();
            sheet.write_with_format(row, 0, p.role.code(), &body().set_bold())?;
            sheet.write_with_format(row, 1, curve.join(", "), &body())?;
            sheet.write_with_format(row, 2, goals.join("; "), &body())?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// One rep's page for the 1:1: status, flags, metrics against goal and
/// band, and the metric tree as an indented table with the path to the
/// root cause marked.
pub fn one_pager(r: &RepRamp) -> Result<Vec<u8>> {
    let rep = &r.rep;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{} · ramp 1:1", rep.name))
            .set_author("SalesOS"),
    );
    let sheet = wb.add_worksheet().set_name("1-1")?;
    print_setup(
        sheet,
        &format!("{} · ramp 1:1 · {}", rep.name, r.as_of.format("%-d %b %Y")),
    );
    sheet.set_portrait();
    let widths = [36.0, 11.0, 11.0, 11.0, 11.0, 11.0, 7.0, 24.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let title = Format::new().set_bold().set_font_size(14);
    let section = Format::new()
        .set_bold()
        .set_font_size(11)
        .set_font_color(Color::RGB(0x1F3A5F));
    sheet.write_with_format(0, 0, &rep.name, &title)?;
    sheet.write(
        1,
        0,
        format!(
            "{} · started {} · month {} of tenure, {:.0} % of the goals expected · counts over {}",
            rep.role.code(),
            rep.start_date.format("%-d %b %Y"),
            rep.tenure.month,
            rep.ramp_pct * 100.0,
            rep.window
        ),
    )?;
    sheet.merge_range(
        2,
        0,
        2,
        7,
        &rep.reason,
        &with_fill(
            Format::new().set_text_wrap().set_bold(),
            status_fill(rep.status),
        ),
    )?;
    set_height(
        sheet,
        2,
        std::slice::from_ref(&rep.reason),
        &[widths.iter().sum()],
    )?;
    let mut row = 4u32;
    sheet.write_with_format(row, 0, "Flags", &section)?;
    row += 1;
    if rep.flags.is_empty() {
        sheet.write(row, 0, "No flags.")?;
        row += 1;
    }
    for f in &rep.flags {
        let fill = match f.kind {
            crate::ramp::FlagKind::Positive => GOOD_FILL,
            crate::ramp::FlagKind::BelowGoal => BAD_FILL,
            crate::ramp::FlagKind::Drift => WARN_FILL,
        };
        sheet.merge_range(
            row,
            0,
            row,
            7,
            &f.message,
            &with_fill(Format::new().set_text_wrap(), Some(fill)),
        )?;
        row += 1;
    }
    row += 1;
    sheet.write_with_format(
        row,
        0,
        "Metrics against the goal and the ramped peers",
        &section,
    )?;
    row += 1;
    headers(
        sheet,
        row,
        &[
            "Metric",
            "Value",
            "Goal",
            "Peers 25th",
            "Median",
            "75th",
            "Peers",
            "Against the band",
        ],
        &widths,
    )?;
    row += 1;
    row = metric_rows(sheet, row, None, &rep.metrics)?;
    if !rep.tree.is_empty() {
        row += 1;
        sheet.write_with_format(
            row,
            0,
            "Metric tree (the path to the root cause is shaded)",
            &section,
        )?;
        row += 1;
        headers(
            sheet,
            row,
            &["Node", "Value", "Reference", "Ratio"],
            &widths[..4],
        )?;
        row += 1;
        for n in &rep.tree {
            let fill = if n.on_path { Some(PATH_FILL) } else { None };
            let f = with_fill(body(), fill);
            // Spaces, not a cell indent: every spreadsheet app shows them.
            let indent = "    ".repeat(n.depth as usize);
            let label = format!("{indent}{}", capitalized(n.metric.label()));
            sheet.write_with_format(row, 0, label, &f)?;
            opt_number(sheet, row, 1, n.metric, n.value, &f)?;
            opt_number(sheet, row, 2, n.metric, n.reference, &f)?;
            match n.ratio {
                Some(x) => {
                    sheet.write_number_with_format(row, 3, x, &f.clone().set_num_format("0%"))?
                }
                None => sheet.write_with_format(row, 3, "–", &f)?,
            };
            row += 1;
        }
        if let Some(rc) = &rep.root_cause {
            sheet.merge_range(
                row,
                0,
                row,
                7,
                &format!("Root cause: {}. {}", rc.cause.label(), rc.message),
                &Format::new().set_text_wrap().set_bold(),
            )?;
            set_height(
                sheet,
                row,
                &[format!("Root cause: {}. {}", rc.cause.label(), rc.message)],
                &[widths.iter().sum()],
            )?;
        }
    }
    Ok(wb.save_to_buffer()?)
}
