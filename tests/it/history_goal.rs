//! The weekly trend carries the quarter's goal on every week, also weeks
//! snapshotted before the goal was set; the history says where a call
//! starts: the forecast as it stands now, not this week's snapshot.
use std::path::Path;

use salesos::api::{self, Empty, ForecastHistoryRequest, SetGoalRequest, SetRiskRequest};
use salesos::import::{import_file, ImportOptions};
use salesos::process::Risk;
use salesos::store::Workspace;

use crate::common::d;

const CSV: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk
G,Golf,Glen,Ann,60000,2026-09-01,2026-12-10,Negotiation,green
H,Hotel,Hill,Bob,30000,2026-09-15,2026-12-20,Proposal,
";

fn history(ws: &Workspace) -> api::ForecastHistory {
    api::forecast_history(ws, ForecastHistoryRequest { quarter: None }).expect("history")
}

/// The workspace in `dir` opened as if it were `today`.
fn open_on(dir: &Path, today: chrono::NaiveDate) -> Workspace {
    Workspace::open(&dir.join("ws"))
        .expect("open workspace")
        .with_today(today)
}

fn imported(dir: &Path, today: chrono::NaiveDate) -> Workspace {
    let ws = open_on(dir, today);
    let file = dir.join("pipeline.csv");
    std::fs::write(&file, CSV).expect("write csv");
    import_file(&ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).expect("import");
    ws
}

#[test]
fn a_goal_set_after_the_snapshots_shows_on_every_week() {
    let dir = tempfile::tempdir().unwrap();
    drop(imported(dir.path(), d(2026, 11, 9)));
    // Two weeks kept before any goal was set.
    for day in [d(2026, 11, 9), d(2026, 11, 16)] {
        let ws = open_on(dir.path(), day);
        api::take_snapshot(&ws, Empty {}).expect("snapshot");
    }
    let ws = open_on(dir.path(), d(2026, 11, 25));
    let before = history(&ws);
    assert!(
        before.trend.iter().all(|p| p.goal.is_none()),
        "{:?}",
        before.trend
    );
    assert_eq!(before.goal, None);

    api::set_goal(
        &ws,
        SetGoalRequest {
            quarter: "2026-Q4".into(),
            rep_id: None,
            amount: Some(12_000_000),
        },
    )
    .expect("set goal");
    let after = history(&ws);
    assert_eq!(after.goal, Some(12_000_000));
    let weeks: Vec<_> = after.trend.iter().map(|p| (p.week_start, p.goal)).collect();
    assert_eq!(
        weeks,
        vec![
            (d(2026, 11, 9), Some(12_000_000)),
            (d(2026, 11, 16), Some(12_000_000)),
            (d(2026, 11, 23), Some(12_000_000)),
        ]
    );
}

#[test]
fn a_call_starts_from_the_forecast_as_it_stands_now() {
    let dir = tempfile::tempdir().unwrap();
    let ws = imported(dir.path(), d(2026, 11, 25));
    api::take_snapshot(&ws, Empty {}).expect("this week's snapshot");
    let snapshot_forecast = history(&ws).trend.last().expect("this week").forecast;
    // Hotel turns green after the snapshot: the forecast moves, the snapshot does not.
    let hotel: i64 = ws
        .conn()
        .query_row("SELECT id FROM deals WHERE external_id = 'H'", [], |r| {
            r.get(0)
        })
        .expect("Hotel");
    api::set_risk(
        &ws,
        SetRiskRequest {
            deal_id: hotel,
            risk: Some(Risk::Green),
        },
    )
    .expect("set risk");
    let now = api::forecast(&ws, Default::default()).expect("forecast");
    let h = history(&ws);
    assert_eq!(h.forecast_now, now.team.forecast);
    assert_ne!(h.forecast_now, snapshot_forecast);
    assert_eq!(
        h.trend.last().expect("this week").forecast,
        snapshot_forecast
    );
}
