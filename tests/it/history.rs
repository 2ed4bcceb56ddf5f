//! Forecast history on a real workspace: weekly snapshots on the first open
//! of a week, snapshots on demand, the manager's call, the pipeline movement
//! after a re-import, quarter-end accuracy and the CLI's JSON.
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use salesos::api::{
    self, CallForecastRequest, Empty, ForecastHistoryRequest, ForecastRequest, MovementCategory,
    MovementRequest, SetCreateAndCloseRequest, SnapshotKind,
};
use salesos::import::{import_file, ImportOptions};
use salesos::store::Workspace;

const WEEK_1: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk
F,Foxtrot,Fern,Ann,80000,2026-08-01,2026-10-15,Closed Won,
G,Golf,Glen,Ann,60000,2026-09-01,2026-12-10,Negotiation,green
H,Hotel,Hill,Bob,30000,2026-09-15,2026-12-20,Proposal,yellow
I,India,Isle,Bob,45000,2026-10-01,2026-12-01,Discovery,orange
J,Juliet,Jade,Ann,20000,2026-10-02,2026-11-30,Demo,red
K,Kilo,Kite,Bob,10000,2026-10-03,2026-12-15,Discovery,
L,Lima,Lake,Ann,99000,2026-10-04,2027-01-15,Negotiation,green
";

/// A week later: G pushed to January, L pulled into December, H won, I
/// lost, J up, K down, M new.
const WEEK_2: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk
F,Foxtrot,Fern,Ann,80000,2026-08-01,2026-10-15,Closed Won,
G,Golf,Glen,Ann,60000,2026-09-01,2027-01-20,Negotiation,green
H,Hotel,Hill,Bob,30000,2026-09-15,2026-11-24,Closed Won,
I,India,Isle,Bob,45000,2026-10-01,2026-11-25,Closed Lost,
J,Juliet,Jade,Ann,25000,2026-10-02,2026-11-30,Demo,red
K,Kilo,Kite,Bob,8000,2026-10-03,2026-12-15,Discovery,
L,Lima,Lake,Ann,99000,2026-10-04,2026-12-05,Negotiation,green
M,Mike,Moor,Bob,15000,2026-11-20,2026-12-12,Discovery,
";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

/// The workspace in `dir` opened as if it were `today`.
fn open_on(dir: &Path, today: NaiveDate) -> Workspace {
    Workspace::open(&dir.join("ws"))
        .expect("open workspace")
        .with_today(today)
}

fn import(ws: &Workspace, dir: &Path, name: &str, csv: &str) {
    let file = dir.join(name);
    std::fs::write(&file, csv).expect("write csv");
    let report =
        import_file(ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).expect("import");
    assert_eq!(report.rejected, 0, "{report:?}");
}

fn snapshot_count(ws: &Workspace) -> u32 {
    ws.conn()
        .query_row("SELECT count(*) FROM forecast_snapshots", [], |r| r.get(0))
        .expect("count snapshots")
}

/// Create-and-close at zero, so each forecast is won + commit + best case.
fn no_create_and_close(ws: &Workspace) {
    api::set_create_and_close(
        ws,
        SetCreateAndCloseRequest {
            quarter: "2026-Q4".into(),
            amount: Some(0),
        },
    )
    .expect("override create and close");
}

#[test]
fn the_first_open_of_each_week_takes_one_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    // An empty workspace has nothing to keep.
    let ws = open_on(dir.path(), d(2026, 11, 16));
    api::keep_weekly_snapshot(&ws);
    assert_eq!(snapshot_count(&ws), 0);

    import(&ws, dir.path(), "week1.csv", WEEK_1);
    no_create_and_close(&ws);
    // The app opens (the host keeps the week), then reads: one snapshot.
    api::keep_weekly_snapshot(&ws);
    api::keep_weekly_snapshot(&ws);
    api::workspace_info(&ws, Empty {}).unwrap();
    api::forecast(&ws, ForecastRequest::default()).unwrap();
    assert_eq!(snapshot_count(&ws), 1, "once for the week, not per open");
    drop(ws);

    // Wednesday of the same week: no new snapshot.
    let ws = open_on(dir.path(), d(2026, 11, 18));
    api::keep_weekly_snapshot(&ws);
    assert_eq!(snapshot_count(&ws), 1);
    drop(ws);

    // Next Monday: reading never writes; the host keeps the new week.
    let ws = open_on(dir.path(), d(2026, 11, 23));
    api::forecast(&ws, ForecastRequest::default()).unwrap();
    api::workspace_info(&ws, Empty {}).unwrap();
    api::forecast_history(&ws, ForecastHistoryRequest::default()).unwrap();
    assert_eq!(snapshot_count(&ws), 1, "read commands do not write");
    api::keep_weekly_snapshot(&ws);
    let h = api::forecast_history(&ws, ForecastHistoryRequest::default()).unwrap();
    assert_eq!(h.quarter, "2026-Q4");
    assert_eq!(h.current_week, Some(d(2026, 11, 23)));
    let weeks: Vec<_> = h.snapshots.iter().map(|s| (s.week_start, s.kind)).collect();
    assert_eq!(
        weeks,
        [
            (d(2026, 11, 16), SnapshotKind::Auto),
            (d(2026, 11, 23), SnapshotKind::Auto)
        ]
    );
    // Won F + commit G + best case H; L closes next quarter.
    let first = &h.snapshots[0];
    assert_eq!(
        (
            first.closed_won,
            first.commit,
            first.best_case,
            first.forecast
        ),
        (8_000_000, 6_000_000, 3_000_000, 17_000_000)
    );
    assert_eq!(first.open_pipeline, 16_500_000);
    // Every open deal and the deals closed this quarter are kept.
    assert_eq!(first.deals, 7);
    assert_eq!(h.weeks.len(), 14);
    assert!(!h.finished);
    assert!(h.accuracy.is_none());
}

#[test]
fn snapshots_on_demand_and_the_managers_call() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 11, 16));
    import(&ws, dir.path(), "week1.csv", WEEK_1);
    no_create_and_close(&ws);
    let a = api::take_snapshot(&ws, Empty {}).unwrap();
    assert_eq!(a.kind, SnapshotKind::Manual);
    assert_eq!(a.week_start, d(2026, 11, 16));
    // The on-demand snapshot counts as the week's: opening the app adds none.
    api::keep_weekly_snapshot(&ws);
    assert_eq!(snapshot_count(&ws), 1);

    // A risk change and a second snapshot: the week shows the latest.
    let hotel = api::list_deals(
        &ws,
        api::DealQuery {
            search: Some("Hotel".into()),
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows
    .remove(0);
    api::set_risk(
        &ws,
        api::SetRiskRequest {
            deal_id: hotel.id,
            risk: Some(salesos::process::Risk::Green),
        },
    )
    .unwrap();
    api::take_snapshot(&ws, Empty {}).unwrap();

    let h = api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(16_000_000),
            note: "  Golf slips unless legal signs this week ".into(),
        },
    )
    .unwrap();
    assert_eq!(h.snapshots.len(), 2);
    assert_eq!(h.trend.len(), 1);
    let p = &h.trend[0];
    assert_eq!(
        (p.commit, p.best_case, p.forecast),
        (9_000_000, 0, 17_000_000)
    );
    assert_eq!(p.called, Some(16_000_000));
    assert_eq!(
        p.call_note.as_deref(),
        Some("Golf slips unless legal signs this week")
    );
    let call = h.call.expect("this week's call");
    assert_eq!(
        (call.amount, call.week_start),
        (16_000_000, d(2026, 11, 16))
    );

    // The trend the board export reads is the same.
    let conn = ws.conn();
    let q = "2026-Q4".parse().unwrap();
    assert_eq!(
        salesos::forecast::trend(
            &conn,
            &salesos::store::settings::load(&conn).unwrap(),
            q,
            d(2026, 11, 16)
        )
        .unwrap(),
        h.trend
    );
    drop(conn);

    // Calling again replaces the week's call; null withdraws it.
    api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(15_500_000),
            note: String::new(),
        },
    )
    .unwrap();
    let h = api::forecast_history(&ws, ForecastHistoryRequest::default()).unwrap();
    assert_eq!(h.trend[0].called, Some(15_500_000));
    assert_eq!(h.trend[0].call_note, None);
    let h = api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: None,
            note: String::new(),
        },
    )
    .unwrap();
    assert_eq!(h.call, None);

    // Bad input is refused with a message a manager understands.
    let neg = api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(-1),
            note: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        neg.message.contains("cannot be negative"),
        "{}",
        neg.message
    );
    let long = api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(1),
            note: "x".repeat(501),
        },
    )
    .unwrap_err();
    assert!(long.message.contains("at most 500"), "{}", long.message);
}

#[test]
fn movement_between_two_snapshots_after_a_reimport() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 11, 16));
    import(&ws, dir.path(), "week1.csv", WEEK_1);
    let a = api::take_snapshot(&ws, Empty {}).unwrap();
    drop(ws);

    let ws = open_on(dir.path(), d(2026, 11, 23));
    import(&ws, dir.path(), "week2.csv", WEEK_2);
    let b = api::take_snapshot(&ws, Empty {}).unwrap();

    let m = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: a.id,
            to: b.id,
        },
    )
    .unwrap();
    assert_eq!(m.quarter, "2026-Q4");
    let by_name = |name: &str| {
        m.rows
            .iter()
            .find(|r| r.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("{name} did not move: {:#?}", m.rows))
    };
    use MovementCategory::*;
    for (name, category) in [
        ("Golf", PushedOut),
        ("Lima", PulledIn),
        ("Hotel", Won),
        ("India", Lost),
        ("Juliet", AmountUp),
        ("Kilo", AmountDown),
        ("Mike", New),
    ] {
        assert_eq!(by_name(name).category, category, "{name}");
    }
    assert_eq!(m.rows.len(), 7, "Foxtrot did not move");
    let golf = by_name("Golf");
    assert_eq!(
        golf.before.as_ref().unwrap().close_date,
        Some(d(2026, 12, 10))
    );
    assert_eq!(
        golf.after.as_ref().unwrap().close_date,
        Some(d(2027, 1, 20))
    );
    assert_eq!(golf.owner.as_deref(), Some("Ann"));

    let total = |c: MovementCategory| {
        let t = m.totals.iter().find(|t| t.category == c).unwrap();
        (t.deals, t.amount, t.pipeline_change)
    };
    assert_eq!(total(PushedOut), (1, 6_000_000, -6_000_000));
    assert_eq!(total(PulledIn), (1, 9_900_000, 9_900_000));
    assert_eq!(total(Won), (1, 3_000_000, -3_000_000));
    assert_eq!(total(Lost), (1, 4_500_000, -4_500_000));
    assert_eq!(total(AmountUp), (1, 500_000, 500_000));
    assert_eq!(total(AmountDown), (1, -200_000, -200_000));
    assert_eq!(total(New), (1, 1_500_000, 1_500_000));
    // The categories add up: open pipeline before + changes = after.
    assert_eq!(m.open_pipeline_from, 16_500_000);
    assert_eq!(m.open_pipeline_to, 14_700_000);
    let changes: i64 = m.totals.iter().map(|t| t.pipeline_change).sum();
    assert_eq!(m.open_pipeline_from + changes, m.open_pipeline_to);

    // Given the other way round, the movement still runs forward in time.
    let back = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: b.id,
            to: a.id,
        },
    )
    .unwrap();
    assert_eq!((back.from.id, back.to.id), (a.id, b.id));
    let same = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: a.id,
            to: a.id,
        },
    )
    .unwrap_err();
    assert!(same.message.contains("two different snapshots"));
    let missing = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: a.id,
            to: 999,
        },
    )
    .unwrap_err();
    assert_eq!(missing.code, salesos::api::ErrorCode::NotFound);
}

/// Sets a deal's risk by its name.
fn set_risk(ws: &Workspace, name: &str, risk: Option<salesos::process::Risk>) {
    let deal = api::list_deals(
        ws,
        api::DealQuery {
            search: Some(name.into()),
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows
    .remove(0);
    api::set_risk(
        ws,
        api::SetRiskRequest {
            deal_id: deal.id,
            risk,
        },
    )
    .unwrap();
}

/// Risk changes are movement: a deal from green to red leaves the
/// forecast, from red or not assessed to green or yellow enters it, green
/// to yellow and orange to red change no total. With the create-and-close
/// estimate a week older, the categories add up to the change of the
/// forecast exactly, as the forecast itself computes it on each day.
#[test]
fn risk_changes_explain_the_change_of_the_forecast() {
    use salesos::process::Risk;
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 11, 16));
    // A deal created and won in Q3 gives create-and-close a history.
    let with_history =
        WEEK_1.to_string() + "A,Alpha,Acme,Ann,100000,2026-07-10,2026-08-15,Closed Won,\n";
    import(&ws, dir.path(), "week1.csv", &with_history);
    let before = api::forecast(&ws, ForecastRequest::default()).unwrap();
    let a = api::take_snapshot(&ws, Empty {}).unwrap();
    assert_eq!(a.forecast, before.team.forecast);
    drop(ws);

    let ws = open_on(dir.path(), d(2026, 11, 23));
    set_risk(&ws, "Golf", Some(Risk::Red)); // green → red: out, −60,000
    set_risk(&ws, "Juliet", Some(Risk::Green)); // red → green: in, +20,000
    set_risk(&ws, "Kilo", Some(Risk::Yellow)); // not assessed → yellow: in, +10,000
    set_risk(&ws, "Hotel", Some(Risk::Green)); // yellow → green: commit, not forecast
    set_risk(&ws, "India", Some(Risk::Red)); // orange → red: nothing in the forecast
    set_risk(&ws, "Lima", Some(Risk::Red)); // next quarter: not this quarter's movement
    let after = api::forecast(&ws, ForecastRequest::default()).unwrap();
    let b = api::take_snapshot(&ws, Empty {}).unwrap();
    assert_eq!(b.forecast, after.team.forecast);
    assert_ne!(
        before.team.create_and_close, after.team.create_and_close,
        "a week fewer days left: the estimate moved too"
    );

    let m = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: a.id,
            to: b.id,
        },
    )
    .unwrap();
    use MovementCategory::*;
    let category = |name: &str| {
        m.rows
            .iter()
            .find(|r| r.name.as_deref() == Some(name))
            .map(|r| (r.category, r.forecast_change))
    };
    assert_eq!(category("Golf"), Some((OutOfForecast, -6_000_000)));
    assert_eq!(category("Juliet"), Some((IntoForecast, 2_000_000)));
    assert_eq!(category("Kilo"), Some((IntoForecast, 1_000_000)));
    assert_eq!(category("Hotel"), Some((RiskChanged, 0)));
    assert_eq!(category("India"), Some((RiskChanged, 0)));
    assert_eq!(category("Lima"), None, "closes next quarter");
    let total = |c: MovementCategory| m.totals.iter().find(|t| t.category == c).cloned();
    let out = total(OutOfForecast).unwrap();
    assert_eq!(
        (out.deals, out.amount, out.forecast_change),
        (1, 6_000_000, -6_000_000)
    );
    let into = total(IntoForecast).unwrap();
    assert_eq!(
        (into.deals, into.amount, into.forecast_change),
        (2, 3_000_000, 3_000_000)
    );
    let cnc = total(CreateAndClose).expect("the estimate's own line");
    assert_eq!(cnc.deals, 0);
    assert_eq!(
        cnc.forecast_change,
        after.team.create_and_close - before.team.create_and_close
    );

    // Every row of the movement adds up to the change of the forecast.
    assert_eq!(
        (m.forecast_from, m.forecast_to),
        (before.team.forecast, after.team.forecast)
    );
    let change: i64 = m.totals.iter().map(|t| t.forecast_change).sum();
    assert_eq!(change, after.team.forecast - before.team.forecast);
    let rows: i64 = m.rows.iter().map(|r| r.forecast_change).sum();
    assert_eq!(rows + cnc.forecast_change, change);
    // Risk moved no deal in or out of the open pipeline.
    assert_eq!(m.open_pipeline_from, m.open_pipeline_to);
    assert!(m.totals.iter().all(|t| t.pipeline_change == 0));
}

/// The sample team, many risks changed at once: the movement still adds up
/// to the forecast's change, to the cent.
#[test]
fn the_sample_teams_movement_adds_up_to_its_forecast() {
    use salesos::process::Risk;
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 3, 2));
    api::load_demo(&ws, Empty {}).unwrap();
    let a = api::take_snapshot(&ws, Empty {}).unwrap();
    drop(ws);
    let ws = open_on(dir.path(), d(2026, 3, 10));
    let deals = api::list_deals(
        &ws,
        api::DealQuery {
            status: Some(salesos::process::DealStatus::Open),
            quarter: Some("2026-Q1".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap()
    .rows;
    let cycle = [Some(Risk::Green), Some(Risk::Yellow), Some(Risk::Red), None];
    for (i, deal) in deals.iter().enumerate() {
        let risk = cycle[(i + usize::from(deal.risk.is_some())) % cycle.len()];
        api::set_risk(
            &ws,
            api::SetRiskRequest {
                deal_id: deal.id,
                risk,
            },
        )
        .unwrap();
    }
    let b = api::take_snapshot(&ws, Empty {}).unwrap();
    let m = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: a.id,
            to: b.id,
        },
    )
    .unwrap();
    assert_ne!(a.forecast, b.forecast);
    let change: i64 = m.totals.iter().map(|t| t.forecast_change).sum();
    assert_eq!(a.forecast + change, b.forecast);
    for t in &m.totals {
        let rows: i64 = m
            .rows
            .iter()
            .filter(|r| r.category == t.category)
            .map(|r| r.forecast_change)
            .sum();
        if t.shown == t.deals && t.category != MovementCategory::CreateAndClose {
            assert_eq!(rows, t.forecast_change, "{:?}", t.category);
        }
    }
    assert!(m
        .totals
        .iter()
        .any(|t| t.category == MovementCategory::OutOfForecast));
    assert!(m
        .totals
        .iter()
        .any(|t| t.category == MovementCategory::IntoForecast));
}

#[test]
fn a_deal_id_freed_by_a_reverted_import_is_not_the_same_deal() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 11, 16));
    import(&ws, dir.path(), "week1.csv", WEEK_1);
    import(&ws, dir.path(), "week2.csv", WEEK_2);
    let with_mike = api::take_snapshot(&ws, Empty {}).unwrap();
    // Undo week 2 (Mike goes), then a file with another new deal, which
    // SQLite may give Mike's old id.
    let last = api::list_imports(&ws, Empty {}).unwrap()[0].id;
    api::revert_import(&ws, salesos::import::ImportIdRequest { import_id: last }).unwrap();
    let november =
        WEEK_1.to_string() + "N,November,Nook,Bob,12000,2026-11-21,2026-12-18,Discovery,\n";
    import(&ws, dir.path(), "week2b.csv", &november);
    let with_november = api::take_snapshot(&ws, Empty {}).unwrap();

    let m = api::pipeline_movement(
        &ws,
        MovementRequest {
            from: with_mike.id,
            to: with_november.id,
        },
    )
    .unwrap();
    let new: Vec<_> = m
        .rows
        .iter()
        .filter(|r| r.category == MovementCategory::New)
        .map(|r| r.name.as_deref())
        .collect();
    // Hotel and India were won and lost in week 2: the revert reopened them.
    assert_eq!(new, [Some("India"), Some("Hotel"), Some("November")]);
    let removed: Vec<_> = m
        .rows
        .iter()
        .filter(|r| r.category == MovementCategory::Removed)
        .collect();
    assert_eq!(removed.len(), 1, "{:#?}", m.rows);
    assert_eq!(removed[0].name, None, "Mike is gone, not renamed November");
    assert_eq!(removed[0].amount, 1_500_000);
    let changes: i64 = m.totals.iter().map(|t| t.pipeline_change).sum();
    assert_eq!(m.open_pipeline_from + changes, m.open_pipeline_to);
}

#[test]
fn accuracy_of_a_finished_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open_on(dir.path(), d(2026, 11, 16));
    import(&ws, dir.path(), "week1.csv", WEEK_1);
    no_create_and_close(&ws);
    // Week 1: forecast 170,000 (won 80,000 + G 60,000 + H 30,000), called 120,000.
    api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(12_000_000),
            note: "Golf will slip".into(),
        },
    )
    .unwrap();
    drop(ws);

    let ws = open_on(dir.path(), d(2026, 11, 23));
    import(&ws, dir.path(), "week2.csv", WEEK_2);
    // Week 2: won F + H 110,000, commit L 99,000: forecast 209,000; called 110,500.
    api::call_forecast(
        &ws,
        CallForecastRequest {
            amount: Some(11_050_000),
            note: String::new(),
        },
    )
    .unwrap();
    drop(ws);

    // January: the quarter is over; nothing else closed, so actual is 110,000.
    let ws = open_on(dir.path(), d(2027, 1, 5));
    let h = api::forecast_history(
        &ws,
        ForecastHistoryRequest {
            quarter: Some("2026-Q4".into()),
        },
    )
    .unwrap();
    assert!(h.finished);
    assert_eq!(h.current_week, None);
    assert_eq!(h.trend.len(), 2, "no live week in a finished quarter");
    let a = h.accuracy.expect("accuracy of a finished quarter");
    assert_eq!(a.actual_closed_won, 11_000_000);
    assert_eq!(a.best_in_class, 0.01);
    let w1 = &a.weeks[0];
    assert_eq!((w1.week_start, w1.forecast), (d(2026, 11, 16), 17_000_000));
    assert_eq!(w1.forecast_error, 6_000_000);
    assert!((w1.forecast_error_pct.unwrap() - 6.0 / 11.0).abs() < 1e-9);
    assert_eq!(w1.called_error, Some(1_000_000));
    let w2 = &a.weeks[1];
    assert_eq!(w2.forecast, 20_900_000);
    assert_eq!(w2.called_error, Some(50_000));
    assert!((w2.called_error_pct.unwrap() - 50_000.0 / 11_000_000.0).abs() < 1e-12);
    // Only week 2's call came within 1%.
    assert_eq!(a.weeks_within, 1);

    // The new quarter has no accuracy yet.
    let now = api::forecast_history(&ws, ForecastHistoryRequest::default()).unwrap();
    assert_eq!(now.quarter, "2027-Q1");
    assert!(now.accuracy.is_none());
}

// ---- the CLI -------------------------------------------------------------------

fn salesos(data: &Path, today: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_salesos"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("SALESOS_TODAY", today)
        .env_remove("SALESOS_DATA")
        .output()
        .expect("run salesos");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn cli_snapshot_and_history_json() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ws");
    let csv = dir.path().join("week1.csv");
    std::fs::write(&csv, WEEK_1).unwrap();
    let (ok, _, err) = salesos(&data, "2026-11-16", &["import", csv.to_str().unwrap()]);
    assert!(ok, "{err}");

    let (ok, out, err) = salesos(&data, "2026-11-16", &["snapshot", "--json"]);
    assert!(ok, "{err}");
    let s = json(&out);
    assert_eq!(s["quarter"], "2026-Q4");
    assert_eq!(s["week_start"], "2026-11-16");
    assert_eq!(s["kind"], "manual");
    assert_eq!(s["closed_won"], 80000);
    assert_eq!(s["commit"], 60000);
    assert_eq!(s["best_case"], 30000);
    assert_eq!(s["deals"], 7);
    for key in [
        "id",
        "taken_on",
        "taken_at",
        "goal",
        "forecast",
        "open_pipeline",
    ] {
        assert!(s.get(key).is_some(), "snapshot --json lacks {key}: {s}");
    }

    let (ok, out, err) = salesos(
        &data,
        "2026-11-17",
        &["forecast", "call", "$175k", "--note", "Hotel signs early"],
    );
    assert!(ok, "{err}");
    assert!(out.contains("Called $175,000"), "{out}");
    let (ok, _, err) = salesos(&data, "2026-11-17", &["forecast", "call", "lots"]);
    assert!(!ok);
    assert!(err.contains("\"lots\" is not an amount"), "{err}");

    let (ok, out, err) = salesos(&data, "2026-11-17", &["forecast", "history", "--json"]);
    assert!(ok, "{err}");
    let h = json(&out);
    assert_eq!(h["quarter"], "2026-Q4");
    assert_eq!(h["finished"], false);
    assert_eq!(h["accuracy"], serde_json::Value::Null);
    let weeks = h["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 1);
    assert_eq!(weeks[0]["week_start"], "2026-11-16");
    assert_eq!(weeks[0]["called"], 175000);
    assert_eq!(weeks[0]["call_note"], "Hotel signs early");
    for key in ["forecast", "commit", "best_case", "closed_won", "goal"] {
        assert!(weeks[0].get(key).is_some(), "week lacks {key}");
    }
    assert_eq!(h["snapshots"].as_array().unwrap().len(), 1);

    // A finished quarter comes with its accuracy.
    let (ok, out, err) = salesos(
        &data,
        "2027-01-05",
        &["forecast", "history", "--quarter", "2026-Q4", "--json"],
    );
    assert!(ok, "{err}");
    let h = json(&out);
    assert_eq!(h["finished"], true);
    assert_eq!(h["accuracy"]["actual_closed_won"], 80000);
    let w = &h["accuracy"]["weeks"][0];
    assert_eq!(w["called_error"], 95000);
    for key in [
        "forecast",
        "forecast_error",
        "forecast_error_pct",
        "called",
        "called_error_pct",
    ] {
        assert!(w.get(key).is_some(), "accuracy week lacks {key}");
    }
    let (ok, out, _) = salesos(
        &data,
        "2027-01-05",
        &["forecast", "history", "--quarter", "2026-Q4"],
    );
    assert!(ok);
    assert!(out.contains("within 1% of actuals"), "{out}");

    // `forecast` itself is unchanged.
    let (ok, out, err) = salesos(
        &data,
        "2026-11-17",
        &["forecast", "--quarter", "2026-Q4", "--json"],
    );
    assert!(ok, "{err}");
    let f = json(&out);
    assert_eq!(f["quarter"], "2026-Q4");
    assert_eq!(f["closed_won"], 80000);

    let (ok, _, err) = salesos(
        &data,
        "2026-11-17",
        &["forecast", "history", "--quarter", "soon"],
    );
    assert!(!ok);
    assert!(err.contains("is not a quarter"), "{err}");
}
