//! The board-ready forecast workbook (issue 4): one xlsx a CFO or a board
//! member can open and read without explanation.
//!
//! Sheets: Summary (the figures, the build-up chart and the weekly trend),
//! By rep, By manager, Stage x risk, Gap plan, Deals (an Excel table of every
//! deal of the quarter) and Assumptions.
//!
//! The figures are the core's forecast (`forecast::compute`, the same as
//! `salesos forecast --json`), but the Summary, the team lines and the totals
//! are written as live formulas over the Deals table (SUMIFS over its
//! columns) with the core's results stored beside them: finance can audit
//! the math in Excel, and readers that do not calculate (calamine, previews)
//! still see the numbers.
//!
//! The Deals sheet is streamed from SQLite into a constant-memory worksheet,
//! and the stage x risk matrix and the gap plan are gathered in that same
//! pass, so a 100,000-deal workspace never sits in memory twice.
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
};

use crate::calendar::Quarter;
use crate::error::Result;
use crate::forecast;
use crate::forecast::ForecastReport;
use crate::model::Deal;
use crate::model::Settings;
use crate::money;
use crate::process::template::ProcessTemplate;
use crate::process::Risk;
use crate::store;

mod assumptions;
mod deals;
mod gap;
mod lines;
mod matrix;
mod summary;

/// Sheet names, in workbook order.
pub const SUMMARY_SHEET: &str = "Summary";
pub const BY_REP_SHEET: &str = "By rep";
pub const BY_MANAGER_SHEET: &str = "By manager";
pub const MATRIX_SHEET: &str = "Stage x risk";
pub const GAP_SHEET: &str = "Gap plan";
pub const DEALS_SHEET: &str = "Deals";
pub const ASSUMPTIONS_SHEET: &str = "Assumptions";
/// The Excel table on the Deals sheet; the formulas refer to it by name.
pub const DEALS_TABLE: &str = "Deals";
/// What the Risk column says for an open deal nobody has assessed.
pub const NOT_ASSESSED: &str = "Not assessed";
/// What the Stage column says for an open deal whose CRM stage is not mapped.
pub const NOT_MAPPED: &str = "Not mapped";
/// At most this many weeks of trend fit a quarter (13 weeks and a spare).
pub const MAX_TREND_WEEKS: usize = 14;

/// What to export.
#[derive(Debug, Clone)]
pub struct BoardOptions {
    /// The current fiscal quarter when absent.
    pub quarter: Option<Quarter>,
    /// Overrides the stored team goal for this export (minor units).
    pub goal: Option<i64>,
    pub today: NaiveDate,
    /// When the pack was made, for the Assumptions sheet.
    pub generated_at: NaiveDateTime,
    /// The weeks the trend chart plots, oldest first. `None` (what the app
    /// passes) reads them from the forecast history with the settings the
    /// pack reads anyway; a caller with its own weeks (a test of 0 to 13
    /// weeks) passes them.
    pub trend: Option<Vec<crate::forecast::history::TrendPoint>>,
}

/// The workbook and what it holds.
#[derive(Debug, Clone)]
pub struct BoardPack {
    pub quarter: String,
    pub deals: u32,
    pub forecast: ForecastReport,
    pub bytes: Vec<u8>,
}

/// Builds the board pack of one quarter (see the module docs).
pub fn board_pack(conn: &Connection, opts: &BoardOptions) -> Result<BoardPack> {
    let settings = store::settings::load(conn)?;
    let report = forecast::compute(
        conn,
        &settings,
        opts.quarter,
        opts.today,
        forecast::Overrides {
            goal: opts.goal,
            create_and_close: None,
        },
    )?;
    let cal = settings.calendar();
    // The trend chart plots the quarter's weekly forecast snapshots.
    let quarter = opts.quarter.unwrap_or_else(|| cal.quarter_of(opts.today));
    let trend = match &opts.trend {
        Some(weeks) => weeks.clone(),
        None => forecast::trend(conn, &settings, quarter, opts.today)?,
    };
    let template = store::template::load(conn)?;
    let reps = store::reps::list(conn)?;
    // A manager's team is the reps who report to them (as the forecast groups them).
    let managers: HashMap<i64, String> = reps
        .iter()
        .filter_map(|r| Some((r.id, r.manager.clone().filter(|_| r.manager_id.is_some())?)))
        .collect();
    let mut ctx = Ctx {
        report: &report,
        template: &template,
        st: Styles::new(&report.currency),
        title: format!("Board forecast {}", report.quarter),
        flags: crate::review::FlagIndex::load(conn, opts.today)?,
        settings: &settings,
        trend: &trend,
        rep_quota_total_cell: None,
    };
    // Where By rep totals the reps' quotas, for the Summary to refer to.
    ctx.rep_quota_total_cell = lines::rep_quota_total_cell(&ctx);

    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&ctx.title)
            .set_subject(format!(
                "Sales forecast by risk for {} ({} to {})",
                report.quarter, report.period_start, report.period_end
            ))
            .set_author("SalesOS")
            .set_company("SalesOS")
            .set_keywords(format!("forecast, board, {}", report.quarter))
            .set_comment(
                "Summary figures and totals are formulas over the Deals table; SalesOS stored their results.",
            )
            .set_creation_datetime(&opts.today),
    );

    // The Deals sheet first: the matrix and the gap plan come from the same pass.
    let mut deals_sheet = wb.new_worksheet_with_constant_memory()?;
    let scan = deals::write(&mut deals_sheet, conn, &cal, &ctx, &managers)?;
    let mut sheets = vec![
        summary::sheet(&ctx, ctx.trend)?,
        lines::rep_sheet(&ctx)?,
        lines::manager_sheet(&ctx)?,
        matrix::sheet(&ctx, &scan)?,
        gap::sheet(&ctx, &scan)?,
    ];
    sheets.push(deals_sheet);
    sheets.push(assumptions::sheet(conn, &ctx, opts, &scan)?);
    for s in sheets {
        wb.push_worksheet(s);
    }
    Ok(BoardPack {
        quarter: report.quarter.clone(),
        deals: scan.count,
        bytes: wb.save_to_buffer()?,
        forecast: report,
    })
}

/// What every sheet writer shares.
struct Ctx<'a> {
    report: &'a ForecastReport,
    template: &'a ProcessTemplate,
    st: Styles,
    title: String,
    /// The deal review's flags (docs/method.md §3), for the Deals sheet's Flags column.
    flags: crate::review::FlagIndex,
    /// The workspace's settings, read once for the whole pack.
    settings: &'a Settings,
    /// The quarter's weeks from the forecast history, oldest first.
    trend: &'a [crate::forecast::history::TrendPoint],
    /// The By rep sheet's cell holding the sum of the reps' quotas (when a
    /// rep has a quota), which the Summary's quota line refers to.
    rep_quota_total_cell: Option<String>,
}

impl Ctx<'_> {
    /// Minor units to the currency units a cell holds.
    fn major(&self, minor: i64) -> f64 {
        money::to_major(minor, &self.report.currency)
    }

    /// The stage an open deal sits in, as the Stage column and the matrix name it.
    fn stage_name(&self, d: &Deal) -> String {
        match d.stage {
            Some(n) => match self.template.stage(n) {
                Some(s) => s.name.trim().to_string(),
                None => format!("Stage {n}"),
            },
            None if d.status == crate::process::DealStatus::Open => NOT_MAPPED.to_string(),
            None => String::new(),
        }
    }

    /// "1 Oct 2026 – 31 Dec 2026 · 37 days left · amounts in USD"
    fn period_line(&self) -> String {
        let r = self.report;
        let left = if r.days_left == 0 {
            "quarter ended".to_string()
        } else {
            format!("{} days left", r.days_left)
        };
        format!(
            "{} – {} · {left} · amounts in {}",
            r.period_start.format("%-d %b %Y"),
            r.period_end.format("%-d %b %Y"),
            r.currency
        )
    }
}

/// The risk levels as the Risk column spells them, with the fills the
/// matrix and the Deals sheet use: (label, strong fill, text on it, light fill).
const RISK_STYLE: [(Risk, &str, u32, Color, u32); 4] = [
    (Risk::Red, "Red", 0xC0392B, Color::White, 0xF8D7DA),
    (Risk::Orange, "Orange", 0xE67E22, Color::White, 0xFDE5CC),
    (Risk::Yellow, "Yellow", 0xF1C40F, Color::Black, 0xFFF3CD),
    (Risk::Green, "Green", 0x2E8B57, Color::White, 0xD4EDDA),
];

fn risk_label(risk: Risk) -> &'static str {
    RISK_STYLE
        .iter()
        .find(|s| s.0 == risk)
        .map(|s| s.1)
        .unwrap_or("")
}

/// The formats of the pack, made once.
struct Styles {
    title: Format,
    subtitle: Format,
    section: Format,
    header: Format,
    header_num: Format,
    text: Format,
    /// A short text beside an amount (the "Goal is" column), set off from it.
    text_indent: Format,
    text_indent_total: Format,
    header_indent: Format,
    wrap: Format,
    bold: Format,
    note: Format,
    /// A one-line note (no wrap: it may run into empty cells beside it).
    note_line: Format,
    money: Format,
    money_input: Format,
    money_total: Format,
    label_total: Format,
    blank_total: Format,
    ratio: Format,
    ratio_total: Format,
    percent: Format,
    percent_total: Format,
    count: Format,
    count_total: Format,
    date: Format,
}

/// Excel number format of amounts: whole units with the currency symbol (or
/// code), a dash for zero.
pub(super) fn money_format(currency: &str) -> String {
    let code = currency.to_ascii_uppercase();
    let symbol = match code.as_str() {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("¥"),
        "INR" => Some("₹"),
        _ => None,
    };
    match symbol {
        Some(s) => format!("\"{s}\"#,##0;-\"{s}\"#,##0;\"–\""),
        None => {
            let code: String = code.chars().filter(|c| c.is_ascii_alphabetic()).collect();
            format!("#,##0 \"{code}\";-#,##0 \"{code}\";\"–\"")
        }
    }
}

impl Styles {
    fn new(currency: &str) -> Styles {
        let money = money_format(currency);
        let total = |f: Format| {
            f.set_bold()
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Double)
        };
        let header = super::header_format().set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F3A5F)),
            subtitle: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x555555)),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_color(Color::RGB(0x1F3A5F))
                .set_border_bottom(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x1F3A5F)),
            header_num: header.clone().set_align(FormatAlign::Right),
            header_indent: header.clone().set_indent(1),
            header,
            text: Format::new().set_align(FormatAlign::Top),
            text_indent: Format::new()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top)
                .set_indent(1),
            text_indent_total: total(Format::new().set_indent(1)),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold().set_align(FormatAlign::Top),
            note: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x555555)),
            note_line: Format::new()
                .set_italic()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x555555)),
            money: Format::new()
                .set_num_format(&money)
                .set_align(FormatAlign::Top),
            money_input: Format::new()
                .set_num_format(&money)
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xEEF3FA)),
            money_total: total(Format::new().set_num_format(&money)),
            label_total: total(Format::new()),
            blank_total: total(Format::new()),
            ratio: Format::new()
                .set_num_format("0.00\"x\"")
                .set_align(FormatAlign::Top),
            ratio_total: total(Format::new().set_num_format("0.00\"x\"")),
            percent: Format::new()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Top),
            percent_total: total(Format::new().set_num_format("0.0%")),
            count: Format::new()
                .set_num_format("#,##0;-#,##0;\"–\"")
                .set_align(FormatAlign::Top),
            count_total: total(Format::new().set_num_format("#,##0;-#,##0;\"–\"")),
            date: Format::new()
                .set_num_format("d mmm yyyy")
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
        }
    }
}

/// A sheet that prints well: landscape, one page wide, the title in the
/// header, page numbers in the footer, `repeat` rows on every page.
fn page_setup(sheet: &mut Worksheet, title: &str, repeat: (u32, u32)) -> Result<()> {
    super::print_setup(sheet, &title.replace('&', "&&"));
    sheet.set_repeat_rows(repeat.0, repeat.1)?;
    sheet.set_print_center_horizontally(true);
    Ok(())
}

/// The title and subtitle rows every sheet starts with.
fn title_rows(sheet: &mut Worksheet, ctx: &Ctx, title: &str, subtitle: &str) -> Result<()> {
    sheet.write_with_format(0, 0, title, &ctx.st.title)?;
    sheet.set_row_height(0, 24.0)?;
    sheet.write_with_format(1, 0, subtitle, &ctx.st.subtitle)?;
    Ok(())
}

/// A formula with the core's result stored, so readers that do not
/// calculate see the same number Excel will.
fn formula(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    result: f64,
    fmt: &Format,
) -> Result<()> {
    let result = if result.is_finite() {
        format!("{result}")
    } else {
        "0".into()
    };
    sheet.write_formula_with_format(row, col, Formula::new(text).set_result(result), fmt)?;
    Ok(())
}

/// An optional number: blank when absent.
fn opt_number(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    fmt: &Format,
) -> Result<()> {
    match value {
        Some(v) => sheet.write_number_with_format(row, col, v, fmt)?,
        None => sheet.write_blank(row, col, fmt)?,
    };
    Ok(())
}

/// `A1`-style reference of a cell (0-based row and column).
fn cell(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col)
}

/// `$A$1`-style reference.
fn abs_cell(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell_absolute(row, col)
}

/// A text as an Excel string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A SUMIFS/COUNTIFS criterion matching `text` exactly: wildcards escaped,
/// and a leading `=` so a name starting with `<` or `>` is not a comparison.
fn exact(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '~' | '*' | '?' => vec!['~', c],
            c => vec![c],
        })
        .collect();
    literal(&format!("={escaped}"))
}

/// `SUMIFS(Deals[Amount], Deals[col], crit, ...)` over the Deals table.
fn sumifs(criteria: &[(&str, &str)]) -> String {
    ifs("SUMIFS", Some("Amount"), criteria)
}

/// `COUNTIFS(Deals[col], crit, ...)` over the Deals table.
fn countifs(criteria: &[(&str, &str)]) -> String {
    ifs("COUNTIFS", None, criteria)
}

fn ifs(function: &str, sum: Option<&str>, criteria: &[(&str, &str)]) -> String {
    let mut args: Vec<String> = sum
        .map(|c| format!("{DEALS_TABLE}[{c}]"))
        .into_iter()
        .collect();
    for (column, criterion) in criteria {
        args.push(format!("{DEALS_TABLE}[{column}]"));
        args.push(criterion.to_string());
    }
    format!("{function}({})", args.join(","))
}

/// Row sums of a scope (a rep, a manager's team, the deals without an
/// owner), as the forecast lines hold them. Minor units.
#[derive(Debug, Clone, Default, PartialEq)]
struct ScopeSums {
    closed_won: i64,
    commit: i64,
    best_case: i64,
    open_pipeline: i64,
    at_risk: i64,
    unassessed: i64,
}

/// What the pass over the quarter's deals gathered for the other sheets.
struct DealsScan {
    count: u32,
    /// Sum of every amount in the quarter (won, lost and open).
    total_amount: i64,
    /// (stage name, risk column) → (amount, count) of open deals; risk
    /// column 0..=3 follows `RISK_STYLE`, 4 is not assessed.
    matrix: HashMap<(String, usize), (i64, u32)>,
    /// Stage names seen on open deals that the template does not list.
    extra_stages: Vec<String>,
    /// Orange and red open deals, largest first.
    at_risk: Vec<Deal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_match_names_exactly() {
        assert_eq!(exact("Ann"), "\"=Ann\"");
        assert_eq!(exact("a*b?~\"c\""), "\"=a~*b~?~~\"\"c\"\"\"");
        assert_eq!(
            sumifs(&[("Status", "\"Won\"")]),
            "SUMIFS(Deals[Amount],Deals[Status],\"Won\")"
        );
        assert_eq!(
            countifs(&[("Risk", "\"Red\"")]),
            "COUNTIFS(Deals[Risk],\"Red\")"
        );
    }

    #[test]
    fn money_formats_show_the_currency() {
        assert_eq!(money_format("usd"), "\"$\"#,##0;-\"$\"#,##0;\"–\"");
        assert_eq!(money_format("CHF"), "#,##0 \"CHF\";-#,##0 \"CHF\";\"–\"");
    }
}
