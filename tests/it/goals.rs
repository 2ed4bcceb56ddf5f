//! Goals and quotas (docs/method.md §2, "Goals and quotas") and the open
//! deals no quarter counts: one quota per rep per quarter, the team's board
//! number beside the sum of the quotas, the board pack agreeing with the
//! forecast to the cent on every sheet, and open deals without a close date
//! reported where the numbers are.
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use salesos::api::{
    self, BoardRequest, DealQuery, Empty, FlagKind, ForecastLine, ForecastReport, ForecastRequest,
    GoalBasis, QuotasRequest, ReviewGroup, ReviewQueueRequest, SetGoalRequest,
};
use salesos::export::board::{ASSUMPTIONS_SHEET, BY_MANAGER_SHEET, BY_REP_SHEET, SUMMARY_SHEET};
use salesos::import::ImportOptions;
use salesos::process::DealStatus;

use crate::common::{cli, stderr, stdout, TestWs};

/// The sample team's quarter (TestWs's today is 2026-03-10).
const QUARTER: &str = "2026-Q1";
const DOLLARS: i64 = 100;

fn forecast(tws: &TestWs) -> ForecastReport {
    api::forecast(
        &tws.ws,
        ForecastRequest {
            quarter: Some(QUARTER.into()),
            ..ForecastRequest::default()
        },
    )
    .expect("forecast")
}

fn set_goal(tws: &TestWs, rep_id: Option<i64>, amount: Option<i64>) {
    api::set_goal(
        &tws.ws,
        SetGoalRequest {
            quarter: QUARTER.into(),
            rep_id,
            amount,
        },
    )
    .expect("set goal");
}

fn rep_id(tws: &TestWs, name: &str) -> i64 {
    api::list_reps(&tws.ws, Empty {})
        .expect("reps")
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no rep {name}"))
        .id
}

/// A sheet read back as calamine sees it: values by (row, column).
struct Sheet(calamine::Range<Data>);

impl Sheet {
    fn read(bytes: &[u8], name: &str) -> Sheet {
        let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).expect("open the pack");
        Sheet(wb.worksheet_range(name).expect("sheet"))
    }

    fn text(&self, row: usize, col: usize) -> String {
        self.0
            .get((row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// A number cell, or None when blank.
    fn number(&self, row: usize, col: usize) -> Option<f64> {
        match self.0.get((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            Some(Data::Empty) | None => None,
            Some(Data::String(s)) if s.is_empty() => None,
            Some(other) => panic!("({row}, {col}) is not a number: {other:?}"),
        }
    }

    /// An amount cell in cents (the cells hold dollars).
    fn cents(&self, row: usize, col: usize) -> Option<i64> {
        self.number(row, col).map(|v| (v * 100.0).round() as i64)
    }

    /// Rows by the label in column A (the first row with it).
    fn rows(&self) -> HashMap<String, usize> {
        let mut out = HashMap::new();
        for (r, row) in self.0.rows().enumerate() {
            if let Some(d) = row.first() {
                out.entry(d.to_string()).or_insert(r);
            }
        }
        out
    }
}

/// One scope's goal, gap and coverage on a By rep or By manager sheet
/// against the core's line: to the cent, and the same coverage.
fn assert_row(sheet: &Sheet, row: usize, first_fig: usize, l: &ForecastLine, what: &str) {
    let goal = first_fig;
    let goal_is = first_fig + 1;
    let forecast = first_fig + 6;
    let gap = first_fig + 7;
    let coverage = first_fig + 8;
    assert_eq!(sheet.cents(row, goal), l.goal, "{what}: goal");
    assert_eq!(
        sheet.cents(row, forecast),
        Some(l.forecast),
        "{what}: forecast"
    );
    assert_eq!(sheet.cents(row, gap), l.gap, "{what}: gap");
    assert_eq!(sheet.number(row, coverage), l.coverage, "{what}: coverage");
    let said = sheet.text(row, goal_is);
    let want = match l.goal_basis {
        Some(GoalBasis::BoardNumber) => "Board number",
        Some(GoalBasis::Given) => "Goal given",
        Some(GoalBasis::Quota) => "Quota",
        Some(GoalBasis::RosterQuota) => "Roster quota",
        Some(GoalBasis::RepQuotas) => "Reps' quotas",
        None => "",
    };
    assert_eq!(said, want, "{what}: what the goal is");
}

/// The sample team: a board number of 1,600,000, eight reps with a roster
/// quota of 240,000 (1,920,000, 120 %), and Priya given 300,000 for the
/// quarter. The forecast says each goal's source, and every sheet of the
/// board pack shows the same goal, gap and coverage for the team, each
/// manager's team and each rep, to the cent.
#[test]
fn the_board_pack_agrees_with_the_forecast_to_the_cent() {
    let tws = TestWs::new();
    api::load_demo(&tws.ws, Empty {}).expect("sample team");
    let f = forecast(&tws);
    assert_eq!(f.team.goal, Some(1_600_000 * DOLLARS));
    assert_eq!(f.team.goal_basis, Some(GoalBasis::BoardNumber));
    assert_eq!(f.rep_quotas_total, Some(1_920_000 * DOLLARS));
    assert_eq!(f.over_assignment, Some(1.2));
    assert_eq!(f.by_rep.len(), 8);
    for r in &f.by_rep {
        assert_eq!(r.goal, Some(240_000 * DOLLARS), "{}", r.name);
        assert_eq!(r.goal_basis, Some(GoalBasis::RosterQuota), "{}", r.name);
    }

    // One quota per rep per quarter: the quarter's own replaces the roster's.
    let priya = rep_id(&tws, "Priya Shah");
    set_goal(&tws, Some(priya), Some(300_000 * DOLLARS));
    let f = forecast(&tws);
    let p = f.by_rep.iter().find(|r| r.name == "Priya Shah").unwrap();
    assert_eq!(
        (p.goal, p.goal_basis),
        (Some(300_000 * DOLLARS), Some(GoalBasis::Quota))
    );
    assert_eq!(f.rep_quotas_total, Some(1_980_000 * DOLLARS));
    assert_eq!(f.over_assignment, Some(1_980_000.0 / 1_600_000.0));
    // The team against the board number, and the same team against the quotas.
    let vs_quotas = f.team_vs_quotas.as_ref().expect("team against the quotas");
    assert_eq!(vs_quotas.goal, f.rep_quotas_total);
    assert_eq!(vs_quotas.goal_basis, Some(GoalBasis::RepQuotas));
    assert_eq!(vs_quotas.forecast, f.team.forecast);
    assert_eq!(vs_quotas.gap, Some(1_980_000 * DOLLARS - f.team.forecast));
    assert_eq!(f.team.gap, Some(1_600_000 * DOLLARS - f.team.forecast));
    // A manager's team against the sum of its reps' quotas.
    let maya = f
        .by_manager
        .iter()
        .find(|m| m.name == "Maya Okafor")
        .unwrap();
    assert_eq!(maya.goal, Some((300_000 + 3 * 240_000) * DOLLARS));
    assert_eq!(maya.goal_basis, Some(GoalBasis::RepQuotas));
    let managers: i64 = f.by_manager.iter().filter_map(|m| m.goal).sum();
    assert_eq!(Some(managers), f.rep_quotas_total);
    assert!(
        f.no_manager.is_none() && f.no_owner.is_none(),
        "everyone has a manager"
    );
    // The rows add up to the team to the cent, create & close included.
    let sum = |ls: &[ForecastLine], g: fn(&ForecastLine) -> i64| ls.iter().map(g).sum::<i64>();
    for (what, g) in [
        (
            "forecast",
            (|l: &ForecastLine| l.forecast) as fn(&ForecastLine) -> i64,
        ),
        ("create & close", |l| l.create_and_close),
        ("closed won", |l| l.closed_won),
        ("open pipeline", |l| l.open_pipeline),
    ] {
        assert_eq!(sum(&f.by_rep, g), g(&f.team), "reps' {what}");
        assert_eq!(sum(&f.by_manager, g), g(&f.team), "managers' {what}");
    }
    // Settings shows the same figures by the same rule.
    let q = api::quarter_quotas(
        &tws.ws,
        QuotasRequest {
            quarter: Some(QUARTER.into()),
        },
    )
    .expect("quotas");
    assert_eq!(q.board_number, f.team.goal);
    assert_eq!(q.rep_quotas_total, f.rep_quotas_total);
    assert_eq!(q.over_assignment, f.over_assignment);
    let qp = q.reps.iter().find(|r| r.rep_id == priya).unwrap();
    assert_eq!(
        (qp.quota, qp.basis, qp.quarter_quota, qp.roster_quota),
        (
            Some(300_000 * DOLLARS),
            Some(GoalBasis::Quota),
            Some(300_000 * DOLLARS),
            Some(240_000 * DOLLARS)
        )
    );
    let without_quota = q.reps.iter().filter(|r| r.quota.is_none()).count();
    assert_eq!(
        without_quota, 5,
        "the two managers and the three hires in ramp carry no quota"
    );

    let bytes = api::board_xlsx(
        &tws.ws,
        BoardRequest {
            quarter: Some(QUARTER.into()),
            goal: None,
        },
    )
    .expect("board pack")
    .bytes;
    if let Some(dir) = std::env::var_os("SALESOS_BOARD_PDF_DIR") {
        std::fs::write(Path::new(&dir).join("board-goals.xlsx"), &bytes).expect("keep it");
    }

    // Summary: the team against the board number, the quotas beside it.
    let summary = Sheet::read(&bytes, SUMMARY_SHEET);
    let at = summary.rows();
    let figure = |label: &str| {
        at.get(label)
            .copied()
            .unwrap_or_else(|| panic!("no {label}"))
    };
    assert_eq!(summary.cents(figure("Team goal"), 1), f.team.goal);
    assert_eq!(summary.cents(figure("Forecast"), 1), Some(f.team.forecast));
    assert_eq!(summary.cents(figure("Gap to team goal"), 1), f.team.gap);
    assert_eq!(summary.number(figure("Coverage"), 1), f.team.coverage);
    assert_eq!(summary.cents(figure("Reps' quotas"), 1), f.rep_quotas_total);
    assert_eq!(
        summary.number(figure("Over-assignment"), 1),
        f.over_assignment
    );
    assert_eq!(
        summary.cents(figure("Gap to reps' quotas"), 1),
        vs_quotas.gap
    );
    assert!(summary
        .text(figure("Team goal"), 2)
        .starts_with("The board number"));

    // By rep: each rep against their quota, the total against the quotas,
    // the Team against the board number.
    let reps = Sheet::read(&bytes, BY_REP_SHEET);
    let rows = reps.rows();
    for l in &f.by_rep {
        assert_row(&reps, rows[&l.name], 2, l, &l.name);
    }
    assert_row(&reps, rows["Total"], 2, vs_quotas, "By rep total");
    assert_row(&reps, rows["Team"], 2, &f.team, "By rep team");
    assert_eq!(rows["Team"], rows["Total"] + 1);

    // By manager: each team against its reps' quotas, then the same two rows.
    let managers = Sheet::read(&bytes, BY_MANAGER_SHEET);
    let rows = managers.rows();
    for l in &f.by_manager {
        assert_row(&managers, rows[&l.name], 1, l, &l.name);
    }
    assert_row(&managers, rows["Total"], 1, vs_quotas, "By manager total");
    assert_row(&managers, rows["Team"], 1, &f.team, "By manager team");

    // Assumptions: the rule and both numbers, in words.
    let assumptions = Sheet::read(&bytes, ASSUMPTIONS_SHEET);
    let rows = assumptions.rows();
    let goal = assumptions.text(rows["Team goal"], 1);
    assert!(goal.starts_with("$1,600,000: the board number"), "{goal}");
    let quotas = assumptions.text(rows["Reps' quotas"], 1);
    assert!(
        quotas.starts_with("$1,980,000 in all, 124% of the board number"),
        "{quotas}"
    );
    assert!(quotas.contains("one quota per quarter"), "{quotas}");
    let none = assumptions.text(rows["Open, no close date"], 1);
    assert!(none.starts_with("None"), "{none}");
}

/// Without a board number the quotas stand in as the team's goal, said so;
/// a rep with a quota and no deal still counts; removing the quarter's
/// quota goes back to the roster's.
#[test]
fn one_quota_per_rep_per_quarter() {
    let tws = TestWs::new();
    api::load_demo(&tws.ws, Empty {}).expect("sample team");
    set_goal(&tws, None, None);
    let f = forecast(&tws);
    assert_eq!(f.team.goal, Some(1_920_000 * DOLLARS));
    assert_eq!(f.team.goal_basis, Some(GoalBasis::RepQuotas));
    assert_eq!(f.over_assignment, None, "nothing to over-assign against");
    assert!(
        f.team_vs_quotas.is_none(),
        "the team line already is against the quotas"
    );

    // A manager given a quota of their own for the quarter counts as a rep,
    // with a line even without a deal.
    let maya = rep_id(&tws, "Maya Okafor");
    set_goal(&tws, Some(maya), Some(100_000 * DOLLARS));
    let f = forecast(&tws);
    let line = f
        .by_rep
        .iter()
        .find(|r| r.name == "Maya Okafor")
        .expect("a line");
    assert_eq!(line.forecast, 0);
    assert_eq!(line.gap, Some(100_000 * DOLLARS));
    assert_eq!(f.rep_quotas_total, Some(2_020_000 * DOLLARS));
    // She reports to no one: her row is under "No manager".
    let none = f.no_manager.as_ref().expect("a no-manager row");
    assert_eq!(none.goal, Some(100_000 * DOLLARS));
    set_goal(&tws, Some(maya), None);
    assert_eq!(forecast(&tws).rep_quotas_total, Some(1_920_000 * DOLLARS));

    // Another quarter has no quarter quotas: the roster's apply there too.
    let next = api::forecast(
        &tws.ws,
        ForecastRequest {
            quarter: Some("2026-Q2".into()),
            ..ForecastRequest::default()
        },
    )
    .expect("next quarter");
    assert_eq!(next.rep_quotas_total, Some(1_920_000 * DOLLARS));
    assert!(next
        .by_rep
        .iter()
        .all(|r| r.goal_basis == Some(GoalBasis::RosterQuota)));
}

const OPEN_WITHOUT_DATES: &str = "\
opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value
W1,Ann Lee,GTX,Acme,Won,2026-01-05,2026-02-10,5000
O1,Ann Lee,GTX,Acme,Engaging,2026-01-20,,
O2,Bob Ray,GTX,Bolt,Engaging,2026-02-01,,
O3,Bob Ray,GTX,,Prospecting,2026-02-03,,1200
O4,Ann Lee,GTX,Cove,Engaging,2026-02-04,2026-03-20,3000
";

/// Open deals without a close date are in no quarter: the forecast counts
/// them beside its figures, the pipeline filters to them, the CLI prints
/// them, the board pack says so.
#[test]
fn open_deals_without_a_close_date_are_said_where_the_numbers_are() {
    let tws = TestWs::new();
    let report = tws.import("crm.csv", OPEN_WITHOUT_DATES);
    assert_eq!(report.rejected, 0, "{report:?}");
    let f = forecast(&tws);
    let none = f.open_without_close_date;
    assert_eq!(
        (none.deals, none.amount, none.without_amount),
        (3, 1_200 * DOLLARS, 2)
    );
    assert_eq!(
        f.team.open_pipeline,
        3_000 * DOLLARS,
        "only O4 is in the quarter"
    );

    let page = api::list_deals(
        &tws.ws,
        DealQuery {
            status: Some(DealStatus::Open),
            no_close_date: true,
            limit: 100,
            ..DealQuery::default()
        },
    )
    .expect("deals");
    let mut ids: Vec<_> = page
        .rows
        .iter()
        .filter_map(|d| d.external_id.clone())
        .collect();
    ids.sort();
    assert_eq!(ids, ["O1", "O2", "O3"]);
    assert_eq!(page.total_amount, none.amount);

    let o = cli(
        &tws.data_dir(),
        &["forecast", "--quarter", QUARTER, "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(
        json["open_without_close_date"],
        serde_json::json!({"deals": 3, "amount": 1200})
    );
    assert!(json["rep_quotas_total"].is_null(), "no quotas: {json}");
    let o = cli(&tws.data_dir(), &["forecast", "--quarter", QUARTER]);
    assert!(
        stdout(&o).contains("3 open deals ($1,200) have no close date"),
        "{}",
        stdout(&o)
    );

    // The review gives them a group of their own, after the quarter's deals.
    let queue = api::review_queue(
        &tws.ws,
        ReviewQueueRequest {
            rep_id: None,
            quarter: Some(QUARTER.into()),
        },
    )
    .expect("review queue");
    let groups: Vec<(String, ReviewGroup)> = queue
        .items
        .iter()
        .map(|i| (i.deal.external_id.clone().unwrap_or_default(), i.group))
        .collect();
    assert_eq!(
        groups,
        [
            ("O4".to_string(), ReviewGroup::Quarter),
            ("O3".to_string(), ReviewGroup::NoCloseDate),
            ("O1".to_string(), ReviewGroup::NoCloseDate),
            ("O2".to_string(), ReviewGroup::NoCloseDate),
        ]
    );
    assert_eq!(queue.items[1].flags[0].kind, FlagKind::NoCloseDate);

    let bytes = api::board_xlsx(
        &tws.ws,
        BoardRequest {
            quarter: Some(QUARTER.into()),
            goal: None,
        },
    )
    .expect("board pack")
    .bytes;
    let summary = Sheet::read(&bytes, SUMMARY_SHEET);
    let row = summary.rows()["No close date"];
    assert_eq!(summary.cents(row, 1), Some(1_200 * DOLLARS));
    assert!(
        summary
            .text(row, 2)
            .starts_with("3 open deals with no close date, 2 without an amount"),
        "{}",
        summary.text(row, 2)
    );
}

/// The Maven export: every one of its 2,089 open deals lacks a close date
/// and an amount; the forecast says so instead of a silent zero.
#[test]
fn the_maven_exports_open_deals_are_counted() {
    let pipeline =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/maven-crm/sales_pipeline.csv");
    if !pipeline.exists() {
        eprintln!("the Maven export is not here: skipping");
        return;
    }
    let tws = TestWs::new();
    tws.import_with(&pipeline, &ImportOptions::default())
        .expect("the export imports");
    let f = api::forecast(
        &tws.ws,
        ForecastRequest {
            quarter: Some("2017-Q2".into()),
            ..ForecastRequest::default()
        },
    )
    .expect("forecast");
    let none = f.open_without_close_date;
    assert_eq!(
        (none.deals, none.amount, none.without_amount),
        (2_089, 0, 2_089)
    );
    assert_eq!(f.team.open_pipeline, 0);
}
