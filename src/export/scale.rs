//! The hiring plan as a workbook for the CFO (docs/method.md §6): every
//! assumption a named cell on the Assumptions sheet, the hires one line
//! each on the Hires sheet, the ramp curves and their attrition-adjusted
//! seat shares on the Ramp sheet, and a Plan sheet whose every figure is a
//! formula over them, written with its result so any viewer shows numbers.
//! Change the win rate and the capacity, the AEs' productivity and the
//! whole plan recalculate. Set up to print like every SalesOS export.
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLegendPosition, ChartLine, ChartSolidFill, ChartType, Color,
    ConditionalFormatFormula, DocProperties, Format, Formula, Workbook, Worksheet,
};

use super::{body_format, header_format, print_setup};
use crate::error::Result;
use crate::scaling::plan::{seat_shares, share};
use crate::scaling::{Input, ScalePlan, ScaleReport, StaffRole};

pub const ASSUMPTIONS: &str = "Assumptions";
pub const PLAN: &str = "Plan";
pub const HIRES: &str = "Hires";
pub const RAMP: &str = "Ramp";
/// Rows of the Hires sheet the plan's formulas read at least: a CFO adds
/// hires there (and 50 more than the plan's lines when it has many).
pub const HIRE_ROWS: u32 = 200;

fn hire_rows(plan: &ScalePlan) -> u32 {
    (plan.hire_lines.len() as u32 + 50).max(HIRE_ROWS)
}

/// The Plan sheet's columns.
pub mod col {
    pub const MONTH: u16 = 0;
    pub const AE_HIRES: u16 = 1;
    pub const SDR_HIRES: u16 = 2;
    pub const CSM_HIRES: u16 = 3;
    pub const OTHER_HIRES: u16 = 4;
    pub const HEADCOUNT: u16 = 5;
    pub const AE_EQ: u16 = 6;
    pub const SDR_EQ: u16 = 7;
    pub const CSM_EQ: u16 = 8;
    pub const RAMPED: u16 = 9;
    pub const BOOKINGS: u16 = 10;
    pub const COST: u16 = 11;
    pub const MARGIN: u16 = 12;
    pub const BURN: u16 = 13;
    pub const CUM_BOOKINGS: u16 = 14;
    pub const CUM_COST: u16 = 15;
    pub const CUM_MARGIN: u16 = 16;
    pub const PAID_BACK: u16 = 17;
}

const PLAN_HEADERS: [&str; 18] = [
    "Month",
    "AE hires",
    "SDR hires",
    "CSM hires",
    "Other hires",
    "Headcount",
    "AE ramped",
    "SDR ramped",
    "CSM ramped",
    "Ramped reps",
    "Bookings",
    "Cost",
    "Gross margin",
    "Burn",
    "Cumulative bookings",
    "Cumulative cost",
    "Cumulative margin",
    "Paid back",
];

/// "A" for 0, "R" for 17.
fn letter(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push((b'A' + r) as char);
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// A cached result as the workbook stores it.
fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "0".into()
    }
}

struct Styles {
    text: Format,
    money: Format,
    rate: Format,
    number: Format,
    input_money: Format,
    input_rate: Format,
    input_number: Format,
    bold_money: Format,
    bold_text: Format,
}

fn styles(currency: &str) -> Styles {
    let body = body_format();
    let money = super::board::money_format(currency);
    // Inputs in blue on pale yellow, as a financial model marks what to change.
    let input = |f: Format| {
        f.set_font_color(Color::RGB(0x1F4E9E))
            .set_background_color(Color::RGB(0xFFF8DC))
    };
    Styles {
        text: body.clone(),
        money: body.clone().set_num_format(&money),
        rate: body.clone().set_num_format("0.0%"),
        number: body.clone().set_num_format("0.##"),
        input_money: input(body.clone().set_num_format(&money)),
        input_rate: input(body.clone().set_num_format("0.0%")),
        input_number: input(body.clone().set_num_format("0.##")),
        bold_money: body.clone().set_bold().set_num_format(&money),
        bold_text: body.set_bold(),
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Money,
    Rate,
    Number,
}

/// One row of the Assumptions sheet.
struct Row {
    name: &'static str,
    label: &'static str,
    kind: Kind,
    value: f64,
    /// A formula over other names instead of a value a person types.
    formula: Option<String>,
    source: String,
}

fn input_row(name: &'static str, label: &'static str, kind: Kind, i: &Input) -> Row {
    Row {
        name,
        label,
        kind,
        value: i.value.unwrap_or(0.0),
        formula: None,
        source: if i.value.is_none() {
            format!("missing: {}", i.source)
        } else {
            i.source.clone()
        },
    }
}

fn rows(report: &ScaleReport, plan: &ScalePlan) -> Vec<Row> {
    let i = &report.inputs;
    let cap = report.capacity.as_ref();
    let role = |r: StaffRole| plan.roles.iter().find(|a| a.role == r);
    let cost = |name, label, r: StaffRole| {
        let a = role(r);
        Row {
            name,
            label,
            kind: Kind::Money,
            value: a.map(|a| a.annual_cost).unwrap_or(r.default_annual_cost()),
            formula: None,
            source: a
                .map(|a| a.cost_source.clone())
                .unwrap_or_else(|| "SalesOS's default".into()),
        }
    };
    let productivity = |name, label, r: StaffRole| {
        let a = role(r);
        let given = a.is_some_and(|a| a.productivity_given);
        Row {
            name,
            label,
            kind: Kind::Money,
            value: a.map(|a| a.productivity).unwrap_or(0.0),
            formula: (r == StaffRole::Ae && !given).then(|| "=BookingsPerMonth".to_string()),
            source: a.map(|a| a.productivity_source.clone()).unwrap_or_default(),
        }
    };
    vec![
        input_row("WinRate", "Win rate", Kind::Rate, &i.win_rate),
        input_row("DealSize", "Average deal size", Kind::Money, &i.deal_size),
        input_row(
            "FirstMeetingsPerWeek",
            "First meetings a week per AE",
            Kind::Number,
            &i.first_meetings_per_week,
        ),
        input_row(
            "WeeksPerMonth",
            "Weeks of selling a month",
            Kind::Number,
            &i.weeks_per_month,
        ),
        input_row(
            "RepCost",
            "Selling unit's cost a year",
            Kind::Money,
            &i.rep_cost,
        ),
        Row {
            name: "DealsPerMonth",
            label: "Deals a month",
            kind: Kind::Number,
            value: cap.map(|c| c.deals_per_month).unwrap_or(0.0),
            formula: Some("=FirstMeetingsPerWeek*WeeksPerMonth*WinRate".into()),
            source: "first meetings a week × weeks a month × win rate".into(),
        },
        Row {
            name: "BookingsPerMonth",
            label: "Bookings a month",
            kind: Kind::Money,
            value: cap.map(|c| c.bookings_per_month).unwrap_or(0.0),
            formula: Some("=ROUND(DealsPerMonth*DealSize,2)".into()),
            source: "deals a month × average deal size".into(),
        },
        Row {
            name: "BookingsPerYear",
            label: "Bookings a year",
            kind: Kind::Money,
            value: cap.map(|c| c.bookings_per_year).unwrap_or(0.0),
            formula: Some("=BookingsPerMonth*12".into()),
            source: "bookings a month × 12".into(),
        },
        Row {
            name: "CostOfSales",
            label: "Cost of sales",
            kind: Kind::Rate,
            value: cap.and_then(|c| c.cost_of_sales).unwrap_or(0.0),
            formula: Some("=IF(BookingsPerYear>0,RepCost/BookingsPerYear,0)".into()),
            source: format!(
                "the unit's cost a year ÷ its bookings a year ({})",
                report.unit
            ),
        },
        cost("CostAE", "AE cost a year", StaffRole::Ae),
        cost("CostSDR", "SDR cost a year", StaffRole::Sdr),
        cost("CostCSM", "CSM cost a year", StaffRole::Csm),
        cost(
            "CostManager",
            "Sales manager cost a year",
            StaffRole::Manager,
        ),
        cost("CostVP", "VP of sales cost a year", StaffRole::Vp),
        cost(
            "CostOps",
            "Sales operations cost a year",
            StaffRole::SalesOps,
        ),
        productivity(
            "ProductivityAE",
            "AE bookings a month, ramped",
            StaffRole::Ae,
        ),
        productivity(
            "ProductivitySDR",
            "SDR bookings a month, ramped",
            StaffRole::Sdr,
        ),
        productivity(
            "ProductivityCSM",
            "CSM bookings a month, ramped",
            StaffRole::Csm,
        ),
        Row {
            name: "GrossMargin",
            label: "Gross margin on bookings",
            kind: Kind::Rate,
            value: plan.gross_margin,
            formula: None,
            source: "of each booking, what is left after the cost of delivering it".into(),
        },
        Row {
            name: "Multiple",
            label: "Revenue multiple",
            kind: Kind::Number,
            value: plan.multiple,
            formula: None,
            source: "enterprise value added = new ARR × this".into(),
        },
        Row {
            name: "Attrition",
            label: "Attrition a year",
            kind: Kind::Rate,
            value: plan.attrition,
            formula: None,
            source: "leavers are replaced at once; the replacement ramps from month 1".into(),
        },
    ]
}

/// The cell of a Plan column in `month`'s row.
fn cell(c: u16, month: u32) -> String {
    format!("{}{}", letter(c), month + 1)
}

fn write_formula(
    sheet: &mut Worksheet,
    row: u32,
    c: u16,
    text: &str,
    result: String,
    fmt: &Format,
) -> Result<()> {
    sheet.write_formula_with_format(row, c, Formula::new(text).set_result(result), fmt)?;
    Ok(())
}

pub fn workbook(report: &ScaleReport, plan: &ScalePlan) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("Scaling plan")
            .set_author("SalesOS"),
    );
    let st = styles(&report.currency);
    let header = header_format();

    // ---- Assumptions: every input a defined name.
    let rows = rows(report, plan);
    {
        let sheet = wb.add_worksheet();
        sheet.set_name(ASSUMPTIONS)?;
        for (c, h) in ["Assumption", "Value", "Where it came from", "Name"]
            .iter()
            .enumerate()
        {
            sheet.write_with_format(0, c as u16, *h, &header)?;
        }
        for (n, r) in rows.iter().enumerate() {
            let row = n as u32 + 1;
            sheet.write_with_format(row, 0, r.label, &st.text)?;
            let fmt = match (r.kind, r.formula.is_some()) {
                (Kind::Money, false) => &st.input_money,
                (Kind::Rate, false) => &st.input_rate,
                (Kind::Number, false) => &st.input_number,
                (Kind::Money, true) => &st.money,
                (Kind::Rate, true) => &st.rate,
                (Kind::Number, true) => &st.number,
            };
            match &r.formula {
                Some(f) => write_formula(sheet, row, 1, f, num(r.value), fmt)?,
                None => {
                    sheet.write_number_with_format(row, 1, r.value, fmt)?;
                }
            }
            sheet.write_with_format(row, 2, &r.source, &st.text)?;
            sheet.write_with_format(row, 3, r.name, &st.text)?;
        }
        let note = rows.len() as u32 + 2;
        sheet.write(
            note,
            0,
            format!(
                "Blue cells are inputs: change one and the Plan sheet recalculates. As of {}, from {}. Money in {}.",
                report.as_of, report.period_label, report.currency
            ),
        )?;
        sheet.set_column_width(0, 32)?;
        sheet.set_column_width(1, 16)?;
        sheet.set_column_width(2, 80)?;
        sheet.set_column_width(3, 22)?;
        sheet.set_freeze_panes(1, 0)?;
        print_setup(sheet, "Scaling plan — assumptions");
    }
    for (n, r) in rows.iter().enumerate() {
        wb.define_name(r.name, &format!("={ASSUMPTIONS}!$B${}", n + 2))?;
    }

    let months = plan.months.len() as u32;
    let attrition = plan.attrition / 12.0;
    let sellers = [StaffRole::Ae, StaffRole::Sdr, StaffRole::Csm];
    let curve = |r: StaffRole| -> Vec<f64> {
        plan.roles
            .iter()
            .find(|a| a.role == r)
            .map(|a| a.curve.clone())
            .unwrap_or_default()
    };

    // ---- Ramp: the share by tenure and the seat share with attrition.
    {
        let sheet = wb.add_worksheet();
        sheet.set_name(RAMP)?;
        let heads = [
            "Tenure month",
            "AE share",
            "SDR share",
            "CSM share",
            "AE seat",
            "SDR seat",
            "CSM seat",
            "AE carried",
            "SDR carried",
            "CSM carried",
        ];
        for (c, h) in heads.iter().enumerate() {
            sheet.write_with_format(0, c as u16, *h, &header)?;
        }
        for (k, role) in sellers.iter().enumerate() {
            let cv = curve(*role);
            let seats = seat_shares(&cv, attrition, months);
            let share_col = 1 + k as u16;
            let seat_col = 4 + k as u16;
            let g_col = 7 + k as u16;
            let mut g = 0.0;
            for s in 1..=months {
                let row = s;
                let sh = share(&cv, s);
                sheet.write_number_with_format(row, 0, f64::from(s), &st.number)?;
                sheet.write_number_with_format(row, share_col, sh, &st.input_rate)?;
                if s == 1 {
                    sheet.write_number_with_format(row, g_col, 0.0, &st.rate)?;
                } else {
                    let prev = share(&cv, s - 1);
                    let stay_prev = (1.0 - attrition).powi(s as i32 - 2);
                    g += attrition * stay_prev * prev;
                    write_formula(
                        sheet,
                        row,
                        g_col,
                        &format!(
                            "={g}{r0}+(Attrition/12)*(1-Attrition/12)^{e}*{sh}{r0}",
                            g = letter(g_col),
                            sh = letter(share_col),
                            r0 = s,
                            e = s - 2
                        ),
                        num(g),
                        &st.rate,
                    )?;
                }
                write_formula(
                    sheet,
                    row,
                    seat_col,
                    &format!(
                        "={g}{r}+(1-Attrition/12)^{e}*{sh}{r}",
                        g = letter(g_col),
                        sh = letter(share_col),
                        r = s + 1,
                        e = s - 1
                    ),
                    num(seats[(s - 1) as usize]),
                    &st.rate,
                )?;
            }
        }
        sheet.write(
            months + 2,
            0,
            "Share: the ramp curve (past its end, 100 %). Seat: the expected share of a seat filled that many months ago, when leavers are replaced by new hires who ramp again. Carried: the part of it held by those replacements.",
        )?;
        sheet.set_column_range_width(0, 9, 12)?;
        sheet.set_freeze_panes(1, 1)?;
        print_setup(sheet, "Scaling plan — ramp curves");
    }

    // ---- Hires: one line each, costs from the assumptions unless given.
    {
        let sheet = wb.add_worksheet();
        sheet.set_name(HIRES)?;
        for (c, h) in ["Role", "Count", "Month", "Cost a year each", "Cost a year"]
            .iter()
            .enumerate()
        {
            sheet.write_with_format(0, c as u16, *h, &header)?;
        }
        for (n, h) in plan.hire_lines.iter().enumerate() {
            let row = n as u32 + 1;
            sheet.write_with_format(row, 0, h.role.code(), &st.input_number)?;
            sheet.write_number_with_format(row, 1, f64::from(h.count), &st.input_number)?;
            sheet.write_number_with_format(row, 2, f64::from(h.month), &st.input_number)?;
            if h.cost_given {
                sheet.write_number_with_format(row, 3, h.annual_cost, &st.input_money)?;
            } else {
                let name = match h.role {
                    StaffRole::Ae => "CostAE",
                    StaffRole::Sdr => "CostSDR",
                    StaffRole::Csm => "CostCSM",
                    StaffRole::Manager => "CostManager",
                    StaffRole::Vp => "CostVP",
                    StaffRole::SalesOps => "CostOps",
                };
                write_formula(
                    sheet,
                    row,
                    3,
                    &format!("={name}"),
                    num(h.annual_cost),
                    &st.money,
                )?;
            }
            write_formula(
                sheet,
                row,
                4,
                &format!("=B{r}*D{r}", r = row + 1),
                num(h.annual_cost * f64::from(h.count)),
                &st.money,
            )?;
        }
        sheet.write(
            0,
            6,
            format!("Add a hire on any empty line below (role AE, SDR, CSM, manager, VP or ops; how many; its month; its cost a year), up to row {}, and the plan counts it.", hire_rows(plan) + 1),
        )?;
        sheet.set_column_width(0, 12)?;
        sheet.set_column_range_width(1, 2, 9)?;
        sheet.set_column_range_width(3, 4, 16)?;
        sheet.set_freeze_panes(1, 0)?;
        print_setup(sheet, "Scaling plan — hires");
    }

    // ---- Plan: formulas over the assumptions, the hires and the ramp.
    {
        let sheet = wb.add_worksheet();
        sheet.set_name(PLAN)?;
        for (c, h) in PLAN_HEADERS.iter().enumerate() {
            sheet.write_with_format(0, c as u16, *h, &header)?;
        }
        sheet.set_row_height(0, 32)?;
        let last_hire = hire_rows(plan) + 1;
        let range = |c: &str| format!("{HIRES}!${c}$2:${c}${last_hire}");
        let role_hires = |code: &str, row: u32| {
            format!(
                "=SUMIFS({},{},\"{code}\",{},A{row})",
                range("B"),
                range("A"),
                range("C")
            )
        };
        for m in &plan.months {
            let row = m.month;
            let r = row + 1;
            let hires = |role: StaffRole| f64::from(m.hires.get(&role).copied().unwrap_or(0));
            let eq = |role: StaffRole| m.equivalents.get(&role).copied().unwrap_or(0.0);
            sheet.write_number_with_format(row, col::MONTH, f64::from(m.month), &st.number)?;
            for (c, role) in [
                (col::AE_HIRES, StaffRole::Ae),
                (col::SDR_HIRES, StaffRole::Sdr),
                (col::CSM_HIRES, StaffRole::Csm),
            ] {
                write_formula(
                    sheet,
                    row,
                    c,
                    &role_hires(role.code(), r),
                    num(hires(role)),
                    &st.number,
                )?;
            }
            let other =
                hires(StaffRole::Manager) + hires(StaffRole::Vp) + hires(StaffRole::SalesOps);
            write_formula(
                sheet,
                row,
                col::OTHER_HIRES,
                &format!("=SUMIFS({},{},A{r})-B{r}-C{r}-D{r}", range("B"), range("C")),
                num(other),
                &st.number,
            )?;
            write_formula(
                sheet,
                row,
                col::HEADCOUNT,
                &format!("=SUM(B$2:E{r})"),
                num(f64::from(m.headcount)),
                &st.number,
            )?;
            // Ramped equivalents: each month's hires times the seat share
            // of their tenure this month.
            for (k, (c, role, hire_col)) in [
                (col::AE_EQ, StaffRole::Ae, col::AE_HIRES),
                (col::SDR_EQ, StaffRole::Sdr, col::SDR_HIRES),
                (col::CSM_EQ, StaffRole::Csm, col::CSM_HIRES),
            ]
            .into_iter()
            .enumerate()
            {
                let seat = letter(4 + k as u16);
                let terms: Vec<String> = (1..=m.month)
                    .map(|h| format!("{}*{RAMP}!${seat}${}", cell(hire_col, h), m.month - h + 2))
                    .collect();
                write_formula(
                    sheet,
                    row,
                    c,
                    &format!("={}", terms.join("+")),
                    num(eq(role)),
                    &st.number,
                )?;
            }
            write_formula(
                sheet,
                row,
                col::RAMPED,
                &format!("=G{r}+H{r}+I{r}"),
                num(m.ramped_equivalents),
                &st.number,
            )?;
            write_formula(
                sheet,
                row,
                col::BOOKINGS,
                &format!("=ROUND(G{r}*ProductivityAE+H{r}*ProductivitySDR+I{r}*ProductivityCSM,2)"),
                num(m.bookings),
                &st.money,
            )?;
            write_formula(
                sheet,
                row,
                col::COST,
                &format!(
                    "=ROUND(SUMIFS({},{},\"<=\"&A{r})/12,2)",
                    range("E"),
                    range("C")
                ),
                num(m.cost),
                &st.money,
            )?;
            write_formula(
                sheet,
                row,
                col::MARGIN,
                &format!("=ROUND(K{r}*GrossMargin,2)"),
                num(m.gross_margin),
                &st.money,
            )?;
            write_formula(
                sheet,
                row,
                col::BURN,
                &format!("=L{r}-M{r}"),
                num(m.burn),
                &st.money,
            )?;
            for (c, src, v) in [
                (col::CUM_BOOKINGS, "K", m.cumulative_bookings),
                (col::CUM_COST, "L", m.cumulative_cost),
                (col::CUM_MARGIN, "M", m.cumulative_margin),
            ] {
                write_formula(
                    sheet,
                    row,
                    c,
                    &format!("=SUM({src}$2:{src}{r})"),
                    num(v),
                    &st.money,
                )?;
            }
            let paid = m.cumulative_cost > 0.0 && m.cumulative_margin >= m.cumulative_cost;
            write_formula(
                sheet,
                row,
                col::PAID_BACK,
                &format!("=IF(AND(P{r}>0,Q{r}>=P{r}),\"yes\",\"no\")"),
                if paid { "yes" } else { "no" }.to_string(),
                &st.text,
            )?;
        }
        // The payback month in green: the first month whose row turns "yes".
        let cf = ConditionalFormatFormula::new()
            .set_rule("=AND($R2=\"yes\",OR(ROW()=2,$R1<>\"yes\"))")
            .set_format(
                Format::new()
                    .set_background_color(Color::RGB(0xD4EDDA))
                    .set_bold(),
            );
        sheet.add_conditional_format(1, 0, months, col::PAID_BACK, &cf)?;
        // The summary under the table, named for other sheets and models.
        let end = months + 1;
        let top = months + 2;
        let summary: [(&str, &str, String, String, &Format); 3] = [
            (
                "PaybackMonth",
                "Payback month",
                format!("=IFERROR(MATCH(\"yes\",R2:R{end},0),\"not within the plan\")"),
                plan.payback_month
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "not within the plan".into()),
                &st.bold_text,
            ),
            (
                "NewARR",
                "New ARR",
                format!("=O{end}"),
                num(plan.new_arr),
                &st.bold_money,
            ),
            (
                "ValueAdded",
                "Value added",
                "=NewARR*Multiple".into(),
                num(plan.value_added),
                &st.bold_money,
            ),
        ];
        for (k, (_, label, f, result, fmt)) in summary.iter().enumerate() {
            let row = top + k as u32;
            sheet.merge_range(row, 0, row, 2, label, &st.bold_text)?;
            sheet.merge_range(row, 3, row, 5, "", fmt)?;
            write_formula(sheet, row, 3, f, result.clone(), fmt)?;
        }
        sheet.write(top + 3, 0, plan.summary.as_str())?;
        for (k, n) in plan.notes.iter().enumerate() {
            sheet.write(top + 4 + k as u32, 0, n.as_str())?;
        }

        // Bookings against cost by month, and the cumulative lines.
        let mut chart = Chart::new(ChartType::Column);
        for (c, color) in [(col::BOOKINGS, 0x2E8B57), (col::COST, 0xC0504D)] {
            chart
                .add_series()
                .set_name((PLAN, 0, c))
                .set_categories((PLAN, 1, col::MONTH, months, col::MONTH))
                .set_values((PLAN, 1, c, months, c))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(color))),
                );
        }
        let mut lines = Chart::new(ChartType::Line);
        for (c, color) in [(col::CUM_BOOKINGS, 0x1E6B3A), (col::CUM_COST, 0x8B1A1A)] {
            lines
                .add_series()
                .set_name((PLAN, 0, c))
                .set_categories((PLAN, 1, col::MONTH, months, col::MONTH))
                .set_values((PLAN, 1, c, months, c))
                .set_secondary_axis(true)
                .set_format(
                    ChartFormat::new().set_line(
                        ChartLine::new()
                            .set_color(Color::RGB(color))
                            .set_width(2.25),
                    ),
                );
        }
        chart.combine(&lines);
        chart
            .title()
            .set_name("Bookings against cost, by month and cumulative");
        chart.x_axis().set_name("Month");
        let money = super::board::money_format(&report.currency);
        chart.y_axis().set_num_format(&money);
        chart.y2_axis().set_num_format(&money);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(900).set_height(340);
        let chart_row = top + 5 + plan.notes.len() as u32;
        sheet.insert_chart(chart_row, 0, &chart)?;

        sheet.set_column_width(0, 7)?;
        sheet.set_column_range_width(1, 9, 9)?;
        sheet.set_column_width(col::HEADCOUNT, 11)?;
        sheet.set_column_range_width(10, 13, 14)?;
        sheet.set_column_range_width(14, 16, 18)?;
        sheet.set_column_width(17, 9)?;
        sheet.set_freeze_panes(1, 1)?;
        print_setup(sheet, "Scaling plan — month by month");
    }
    for (k, name) in ["PaybackMonth", "NewARR", "ValueAdded"].iter().enumerate() {
        wb.define_name(*name, &format!("={PLAN}!$D${}", months + 3 + k as u32))?;
    }
    Ok(wb.save_to_buffer()?)
}
