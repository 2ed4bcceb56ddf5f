//! The forecast of docs/method.md section 2, computed on a hand-checked pipeline
//! imported from a real CSV into a real workspace.
use chrono::NaiveDate;
use salesos::api::{self, ForecastRequest, SetGoalRequest, SetRiskRequest};
use salesos::import::{import_file, ImportOptions};
use salesos::process::Risk;
use salesos::store::Workspace;

const PIPELINE: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk
A,Alpha,Acme,Ann,100000,2026-07-10,2026-08-15,Closed Won,
B,Bravo,Bolt,Bob,50000,2026-03-01,2026-09-01,Closed Won,
C,Charlie,Cove,Bob,30000,2026-06-01,2026-09-10,Closed Lost,
D,Delta,Dune,Bob,40000,2026-04-05,2026-05-20,Closed Won,
E,Echo,Elm,Ann,20000,2026-02-01,2026-06-01,Closed Lost,
F,Foxtrot,Fern,Ann,80000,2026-08-01,2026-10-15,Closed Won,
G,Golf,Glen,Ann,60000,2026-09-01,2026-12-10,Negotiation,green
H,Hotel,Hill,Bob,30000,2026-09-15,2026-12-20,Proposal,yellow
I,India,Isle,Bob,45000,2026-10-01,2026-12-01,Discovery,orange
J,Juliet,Jade,Ann,20000,2026-10-02,2026-11-30,Demo,red
K,Kilo,Kite,Bob,10000,2026-10-03,2026-12-15,Discovery,
L,Lima,Lake,Ann,99000,2026-10-04,2027-01-15,Negotiation,green
";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn workspace(dir: &tempfile::TempDir) -> Workspace {
    let ws = Workspace::open(&dir.path().join("ws"))
        .unwrap()
        .with_today(today());
    let file = dir.path().join("pipeline.csv");
    std::fs::write(&file, PIPELINE).unwrap();
    let report = import_file(&ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).unwrap();
    assert_eq!((report.created, report.rejected), (12, 0), "{report:?}");
    api::set_goal(
        &ws,
        SetGoalRequest {
            quarter: "2026-Q4".into(),
            rep_id: None,
            amount: Some(40_000_000),
        },
    )
    .unwrap();
    ws
}

#[test]
fn team_forecast_follows_the_domain_rules() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(&dir);
    let f = api::forecast(&ws, ForecastRequest::default()).unwrap();
    assert_eq!(f.quarter, "2026-Q4");
    assert_eq!(f.days_left, 37);
    let t = &f.team;
    assert_eq!(t.goal, Some(40_000_000));
    assert_eq!(t.closed_won, 8_000_000);
    assert_eq!(t.commit, 6_000_000);
    assert_eq!(t.best_case, 3_000_000);
    // Same-quarter bookings of the last completed quarters: A (Q3) and D (Q2),
    // 140,000 over 2 quarters = 70,000 a quarter, prorated by 37 of 92 days.
    assert_eq!(t.create_and_close, 2_815_217);
    assert_eq!(t.forecast, 8_000_000 + 6_000_000 + 3_000_000 + 2_815_217);
    assert_eq!(t.gap, Some(40_000_000 - t.forecast));
    assert_eq!(t.open_pipeline, 16_500_000);
    assert!((t.coverage.unwrap() - 16_500_000.0 / 32_000_000.0).abs() < 1e-9);
    assert!((t.win_rate.unwrap() - 4.0 / 6.0).abs() < 1e-9);
    assert_eq!(t.average_deal_size, Some(6_750_000));
    let needed = t.new_pipeline_needed.unwrap();
    assert!((needed - 30_277_175).abs() <= 1, "{needed}");
    assert_eq!(t.first_meetings_needed, Some(5));
    assert_eq!(t.at_risk, 6_500_000);
    assert_eq!(t.unassessed, 1_000_000);
}

#[test]
fn reps_and_gap_closers() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(&dir);
    let f = api::forecast(&ws, ForecastRequest::default()).unwrap();
    let ann = f.by_rep.iter().find(|r| r.name == "Ann").unwrap();
    let bob = f.by_rep.iter().find(|r| r.name == "Bob").unwrap();
    assert_eq!(
        (ann.closed_won, ann.commit, ann.best_case),
        (8_000_000, 6_000_000, 0)
    );
    assert_eq!(
        (bob.closed_won, bob.commit, bob.best_case),
        (0, 0, 3_000_000)
    );
    // The team's 2,815,217 split by share of history, to the cent: the
    // rep rows add up to the team (docs/method.md §2).
    assert_eq!(ann.create_and_close, 2_010_869);
    assert_eq!(bob.create_and_close, 804_348);
    assert_eq!(
        ann.create_and_close + bob.create_and_close,
        f.team.create_and_close
    );
    // Orange and red first by amount, then unassessed, then yellow and green.
    let order: Vec<&str> = f
        .gap_closers
        .iter()
        .map(|g| g.deal.external_id.as_deref().unwrap())
        .collect();
    assert_eq!(order, ["I", "J", "K", "H", "G"]);
    assert!(f.gap_closers[0].action.contains("push past its close date"));
}

#[test]
fn overrides_and_risk_changes_move_the_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(&dir);
    let f = api::forecast(
        &ws,
        ForecastRequest {
            quarter: Some("2026-Q4".into()),
            goal: Some(50_000_000),
            create_and_close: Some(5_000_000),
        },
    )
    .unwrap();
    assert_eq!(f.team.create_and_close, 5_000_000);
    assert_eq!(
        f.team.forecast,
        8_000_000 + 6_000_000 + 3_000_000 + 5_000_000
    );
    assert_eq!(f.team.gap, Some(50_000_000 - f.team.forecast));

    // Marking the orange deal green moves it into commit.
    let page = api::list_deals(
        &ws,
        api::DealQuery {
            search: Some("India".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let india = &page.rows[0];
    api::set_risk(
        &ws,
        SetRiskRequest {
            deal_id: india.id,
            risk: Some(Risk::Green),
        },
    )
    .unwrap();
    let after = api::forecast(&ws, ForecastRequest::default()).unwrap();
    assert_eq!(after.team.commit, 6_000_000 + 4_500_000);
    assert_eq!(after.team.at_risk, 2_000_000);

    // Closed deals carry no risk.
    let won = api::list_deals(
        &ws,
        api::DealQuery {
            search: Some("Alpha".into()),
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let err = api::set_risk(
        &ws,
        SetRiskRequest {
            deal_id: won.rows[0].id,
            risk: Some(Risk::Red),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::Invalid);
    assert!(err.message.contains("Only open deals"));
}

#[test]
fn a_quarter_without_history_or_goal_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(&dir);
    let f = api::forecast(
        &ws,
        ForecastRequest {
            quarter: Some("2027-Q1".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(f.team.goal, None);
    assert_eq!(f.team.gap, None);
    assert_eq!(f.team.commit, 9_900_000);
    let bad = api::forecast(
        &ws,
        ForecastRequest {
            quarter: Some("next quarter".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(bad.message.contains("is not a quarter"), "{}", bad.message);
}

#[test]
fn fiscal_year_start_shifts_the_quarters() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(&dir);
    api::save_settings(
        &ws,
        api::SaveSettingsRequest {
            currency: "usd".into(),
            fiscal_year_start_month: 2,
        },
    )
    .unwrap();
    let f = api::forecast(&ws, ForecastRequest::default()).unwrap();
    // November 2026 is in Q4 of the fiscal year Feb 2026 - Jan 2027 (FY2027).
    assert_eq!(f.quarter, "2027-Q4");
    assert_eq!(
        f.period_start,
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
    );
    assert_eq!(f.period_end, NaiveDate::from_ymd_opt(2027, 1, 31).unwrap());
    // L (closing 2027-01-15) is now inside the quarter.
    assert_eq!(f.team.commit, 6_000_000 + 9_900_000);
    let err = api::save_settings(
        &ws,
        api::SaveSettingsRequest {
            currency: "dollars".into(),
            fiscal_year_start_month: 1,
        },
    )
    .unwrap_err();
    assert!(err.message.contains("not a currency code"));
}
