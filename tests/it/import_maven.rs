//! A real third-party CRM export (Maven Analytics' "CRM Sales Opportunities",
//! `../shared/data/maven-crm`): all 8,800 deals in, 4,238 won for
//! 10,005,534, nothing rejected, what cannot be used reported; the next
//! import of the same export changes nothing; the team roster sets managers.

use std::path::Path;

use crate::common::*;
use salesos::api::{self, DealQuery, Empty, ForecastRequest};
use salesos::import::{ImportKind, ImportOptions};
use salesos::process::DealStatus;

const PIPELINE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/maven-crm/sales_pipeline.csv"
);
const TEAMS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/maven-crm/sales_teams.csv"
);

fn count(t: &TestWs, status: DealStatus) -> (u32, i64) {
    let page = api::list_deals(
        &t.ws,
        DealQuery {
            status: Some(status),
            limit: 0,
            ..DealQuery::default()
        },
    )
    .unwrap();
    (page.total, page.total_amount)
}

#[test]
fn maven_crm_pipeline_and_team() {
    let t = TestWs::new();
    let report = t
        .import_with(Path::new(PIPELINE), &ImportOptions::default())
        .expect("the export imports");
    assert_eq!(report.rows_read, 8_800);
    assert_eq!(report.created, 8_800);
    assert_eq!(report.rejected, 0, "{:#?}", report.errors);
    assert!(report.errors.is_empty());
    assert!(report.skipped.is_empty(), "{:#?}", report.skipped);

    // Nothing is dropped: the product column (a field now, which tells line
    // items apart; every opportunity_id here is unique, so there are none)
    // is kept with each deal as written, and the 2,089 open deals without a
    // close date are named.
    assert!(
        report.unused_columns.is_empty(),
        "{:?}",
        report.unused_columns
    );
    assert_eq!(report.merged, 0);
    let extra: String =
        t.ws.conn()
            .query_row(
                "SELECT extra FROM deals WHERE external_id = '1C1I7A6R'",
                [],
                |r| r.get(0),
            )
            .expect("the product is kept");
    assert_eq!(extra, r#"{"product":"GTX Plus Basic"}"#);
    assert_eq!(report.warnings.len(), 2_089);
    assert!(report
        .warnings
        .iter()
        .all(|w| w.column.as_deref() == Some("close_date")
            && w.message.contains("without a close date")));
    let first = &report.warnings[0];
    assert!(first.row >= 2 && first.row <= 8_801);

    assert_eq!(t.deal_count(), 8_800);
    // 4,238 won for 10,005,534 (USD cents in the store).
    assert_eq!(count(&t, DealStatus::Won), (4_238, 1_000_553_400));
    assert_eq!(count(&t, DealStatus::Lost).0, 2_473);
    assert_eq!(count(&t, DealStatus::Open).0, 2_089);

    let first_row = t.deal("1C1I7A6R");
    assert_eq!(first_row.owner.as_deref(), Some("Moses Frase"));
    assert_eq!(first_row.account.as_deref(), Some("Cancity"));
    assert_eq!(first_row.amount, Some(105_400));
    assert_eq!(first_row.close_date, Some(d(2017, 3, 1)));
    assert_eq!(first_row.created_date, Some(d(2016, 10, 20)));
    assert_eq!(first_row.status, DealStatus::Won);

    // The forecast sees the won deals of a past quarter.
    let f = api::forecast(
        &t.ws,
        ForecastRequest {
            quarter: Some("2017-Q1".into()),
            goal: None,
            create_and_close: Some(0),
        },
    )
    .unwrap();
    assert_eq!(f.team.closed_won, 113_467_200);
    let darcel = f
        .by_rep
        .iter()
        .find(|l| l.name == "Darcel Schlecht")
        .unwrap();
    assert_eq!(darcel.closed_won, 11_225_500);

    // Next Monday's identical export: nothing changes.
    let again = t
        .import_with(Path::new(PIPELINE), &ImportOptions::default())
        .unwrap();
    assert_eq!(
        (
            again.created,
            again.updated,
            again.unchanged,
            again.rejected
        ),
        (0, 0, 8_800, 0)
    );
    assert_eq!(t.deal_count(), 8_800);

    // The roster: 35 agents (30 own deals already), each with a manager.
    let roster = t
        .import_with(
            Path::new(TEAMS),
            &ImportOptions {
                kind: ImportKind::Reps,
                ..ImportOptions::default()
            },
        )
        .expect("the roster imports");
    assert_eq!(roster.rows_read, 35);
    assert_eq!((roster.created, roster.updated), (5, 30), "{roster:#?}");
    assert_eq!(roster.rejected, 0);
    assert!(has_note(&roster, "6 manager(s)"), "{:#?}", roster.notes);

    let reps = api::list_reps(&t.ws, Empty {}).unwrap();
    assert_eq!(reps.len(), 35 + 6);
    let manager_of = |name: &str| {
        reps.iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no rep {name}"))
            .manager
            .clone()
    };
    assert_eq!(
        manager_of("Anna Snelling").as_deref(),
        Some("Dustin Brinkmann")
    );
    assert_eq!(
        manager_of("Darcel Schlecht").as_deref(),
        Some("Melvin Marxen")
    );
    assert_eq!(manager_of("Dustin Brinkmann"), None);
    let with_manager = reps.iter().filter(|r| r.manager.is_some()).count();
    assert_eq!(with_manager, 35);

    // Managers now group the forecast.
    let f = api::forecast(
        &t.ws,
        ForecastRequest {
            quarter: Some("2017-Q1".into()),
            goal: None,
            create_and_close: Some(0),
        },
    )
    .unwrap();
    assert_eq!(f.by_manager.len(), 6);
    assert_eq!(
        f.by_manager.iter().map(|m| m.closed_won).sum::<i64>(),
        113_467_200
    );
}
