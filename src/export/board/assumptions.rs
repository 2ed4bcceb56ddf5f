//! The Assumptions sheet: what a reader needs to trust the numbers — the
//! fiscal calendar, how create-and-close was estimated, the win rate and deal
//! size used, the goal's source, and when and from which import the pack
//! was made.
use chrono::{Month, NaiveDate};
use rusqlite::Connection;
use rust_xlsxwriter::Worksheet;

use super::{page_setup, title_rows, BoardOptions, Ctx, DealsScan, ASSUMPTIONS_SHEET};
use crate::error::Result;
use crate::export::template::wrapped_lines;
use crate::forecast::CreateAndCloseSource;
use crate::import::ImportKind;
use crate::model::GoalBasis;
use crate::money;

const WIDTHS: [f64; 2] = [26.0, 100.0];

pub(super) fn sheet(
    conn: &Connection,
    ctx: &Ctx,
    opts: &BoardOptions,
    scan: &DealsScan,
) -> Result<Worksheet> {
    let mut sheet = Worksheet::new();
    sheet.set_name(ASSUMPTIONS_SHEET)?;
    let st = &ctx.st;
    let r = ctx.report;
    let t = &r.team;
    let cur = r.currency.as_str();
    let fmt_money = |v: i64| money::format(v, cur);
    title_rows(
        &mut sheet,
        ctx,
        &format!("{} — assumptions", ctx.title),
        "What the figures rest on.",
    )?;
    sheet.set_column_width(0, WIDTHS[0])?;
    sheet.set_column_width(1, WIDTHS[1])?;
    sheet.write_with_format(3, 0, "Assumption", &st.header)?;
    sheet.write_with_format(3, 1, "Value", &st.header)?;

    let cal = ctx.settings.calendar();
    let start_month = Month::try_from(cal.start_month() as u8)
        .map(|m| m.name().to_string())
        .unwrap_or_else(|_| format!("month {}", cal.start_month()));
    let goal = match (t.goal, t.goal_basis) {
        (Some(g), Some(GoalBasis::Given)) => format!(
            "{}, given for this export (the stored board number is unchanged). The Team rows and the Summary are measured against it.",
            fmt_money(g)
        ),
        (Some(g), Some(GoalBasis::BoardNumber)) => format!(
            "{}: the board number, the team's goal set in SalesOS. The Team rows and the Summary are measured against it.",
            fmt_money(g)
        ),
        (Some(g), _) => format!(
            "{}: no board number is set, so the sum of the reps' quotas stands in as the team's goal.",
            fmt_money(g)
        ),
        (None, _) => {
            "No goal set for the quarter: gap and coverage are left blank.".to_string()
        }
    };
    let quotas = match (r.rep_quotas_total, r.over_assignment) {
        (Some(q), Some(over)) => format!(
            "{} in all, {:.0}% of the board number (quota over-assignment). Each rep has one quota per quarter: the quota set for the quarter, else the roster's quota. Rep rows are measured against their quota, a manager's team against the sum of its reps' quotas, the By rep and By manager totals against the reps' quotas.",
            fmt_money(q),
            over * 100.0
        ),
        (Some(q), None) => format!(
            "{} in all. Each rep has one quota per quarter: the quota set for the quarter, else the roster's quota. Rep rows are measured against their quota, a manager's team against the sum of its reps' quotas.",
            fmt_money(q)
        ),
        (None, _) => "No rep has a quota for the quarter: rep and manager rows show no gap.".to_string(),
    };
    let none = r.open_without_close_date;
    let no_close = if none.deals == 0 {
        "None: every open deal has a close date.".to_string()
    } else {
        format!(
            "{} open deal{} ({}{}) ha{} no close date: {} in no quarter's forecast, pipeline or coverage, and not on the Deals sheet. Set the close dates in the CRM and import again.",
            money::format_count(none.deals.into()),
            if none.deals == 1 { "" } else { "s" },
            fmt_money(none.amount),
            match none.without_amount {
                0 => String::new(),
                n if n == none.deals => ", none with an amount".to_string(),
                n => format!(", {} without an amount", money::format_count(n.into())),
            },
            if none.deals == 1 { "s" } else { "ve" },
            if none.deals == 1 { "it is" } else { "they are" },
        )
    };
    let days_total = (r.period_end - r.period_start).num_days() + 1;
    let cnc = match r.create_and_close_source {
        CreateAndCloseSource::History => format!(
            "{}: estimated from history. The bookings of the last completed quarters (up to four) that came from deals created in the same quarter they closed, averaged per quarter and prorated by the days left ({} of {}).",
            fmt_money(t.create_and_close),
            r.days_left,
            days_total
        ),
        CreateAndCloseSource::Override => format!(
            "{}: set by the manager for this quarter (overrides the estimate from history).",
            fmt_money(t.create_and_close)
        ),
        CreateAndCloseSource::NoHistory => {
            "Zero: no completed quarter with bookings (or no created dates) to estimate from.".to_string()
        }
    };
    let win_rate = match t.win_rate {
        Some(w) => format!(
            "{:.1}%: won ÷ (won + lost), over every closed deal in the workspace.",
            w * 100.0
        ),
        None => "No closed deals yet: pipeline needed cannot be computed.".to_string(),
    };
    let deal_size = match t.average_deal_size {
        Some(a) => format!("{}: the average amount of won deals.", fmt_money(a)),
        None => "No won deals with an amount yet.".to_string(),
    };
    let imports = crate::import::history::list(conn)?;
    let source = imports
        .iter()
        .find(|i| i.reverted_at.is_none() && i.kind == ImportKind::Deals)
        .map(|i| {
            format!(
                "Import #{} of {}{} on {} ({} rows read). Later changes made in SalesOS (risk levels, goals) are included.",
                i.id,
                i.file_name,
                i.sheet
                    .as_deref()
                    .map(|s| format!(", sheet {s}"))
                    .unwrap_or_default(),
                i.imported_at,
                i.rows_read
            )
        })
        .unwrap_or_else(|| {
            "No deals import: the deals were entered in SalesOS or are the sample team.".to_string()
        });
    let stages: Vec<String> = ctx
        .template
        .stages
        .iter()
        .map(|s| format!("{} {}", s.number, s.name.trim()))
        .collect();
    let weeks = if ctx.trend.is_empty() {
        "None recorded yet.".to_string()
    } else {
        format!("{} week(s) of forecast snapshots.", ctx.trend.len())
    };
    let rows: Vec<(&str, String)> = vec![
        (
            "Quarter",
            format!(
                "{}: {} to {}.",
                r.quarter,
                long_date(r.period_start),
                long_date(r.period_end)
            ),
        ),
        (
            "Fiscal calendar",
            format!(
                "The fiscal year starts in {start_month}; a fiscal year is named by the calendar year it ends in."
            ),
        ),
        (
            "As of",
            format!(
                "{} ({}).",
                long_date(r.today),
                if r.days_left == 0 {
                    "the quarter has ended".to_string()
                } else {
                    format!("{} days left in the quarter", r.days_left)
                }
            ),
        ),
        ("Currency", format!("{cur}; amounts in whole units, not rounded in the cells.")),
        ("Team goal", goal),
        ("Reps' quotas", quotas),
        (
            "Forecast method",
            "Forecast = closed won + commit (open green deals) + best case (open yellow deals) + create & close. Orange and red deals and deals not yet assessed are not in the forecast. Each deal's risk level follows its stage's definitions in the process template.".to_string(),
        ),
        ("Create & close", cnc),
        ("Win rate used", win_rate),
        ("Average deal size used", deal_size),
        (
            "Process template",
            format!("{}: {}.", ctx.template.preset.label(), stages.join(", ")),
        ),
        (
            "Deals in the quarter",
            format!(
                "{} deals with a close date in the quarter (the Deals sheet).",
                scan.count
            ),
        ),
        ("Open, no close date", no_close),
        ("Weekly snapshots", weeks),
        ("Data", source),
        (
            "Generated",
            format!(
                "{} by SalesOS {}.",
                opts.generated_at.format("%Y-%m-%d %H:%M"),
                env!("CARGO_PKG_VERSION")
            ),
        ),
        (
            "Formulas",
            "The Summary, the By rep and By manager sums and every total are formulas over the Deals table (SUMIFS on Status, Risk, Owner, Manager and Stage); the Team rows refer to the Summary. Goals, quotas and create & close are inputs (shaded). Edit a deal in the Deals sheet and the figures follow.".to_string(),
        ),
    ];
    for (i, (label, text)) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        sheet.write_with_format(row, 0, *label, &st.bold)?;
        sheet.write_with_format(row, 1, text.as_str(), &st.wrap)?;
        let lines = wrapped_lines(text, WIDTHS[1]);
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64 + 3.0)?;
        }
    }
    page_setup(&mut sheet, &format!("{} — assumptions", ctx.title), (3, 3))?;
    Ok(sheet)
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
