//! The pipeline table's query: windows over a sorted, filtered set, as the
//! virtualized table asks for them.
use chrono::NaiveDate;
use salesos::api::{self, DealColumn, DealQuery, Empty, RiskFilter};
use salesos::process::{DealStatus, Risk};
use salesos::store::Workspace;

fn demo() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws"))
        .unwrap()
        .with_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    let summary = api::load_demo(&ws, Empty {}).unwrap();
    assert!(summary.deals > 200);
    (dir, ws)
}

#[test]
fn windows_cover_the_sorted_set_exactly_once() {
    let (_dir, ws) = demo();
    for (sort, descending) in [
        (DealColumn::Amount, true),
        (DealColumn::CloseDate, false),
        (DealColumn::Owner, false),
        (DealColumn::Risk, false),
    ] {
        let all = api::list_deals(
            &ws,
            DealQuery {
                sort,
                descending,
                limit: 1000,
                ..Default::default()
            },
        )
        .unwrap();
        let mut paged = Vec::new();
        let mut offset = 0;
        while offset < all.total {
            let page = api::list_deals(
                &ws,
                DealQuery {
                    sort,
                    descending,
                    offset,
                    limit: 37,
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(page.total, all.total);
            paged.extend(page.rows.iter().map(|d| d.id));
            offset += 37;
        }
        assert_eq!(
            paged,
            all.rows.iter().map(|d| d.id).collect::<Vec<_>>(),
            "{sort:?}"
        );
    }
    let by_amount = api::list_deals(
        &ws,
        DealQuery {
            sort: DealColumn::Amount,
            descending: true,
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(by_amount
        .rows
        .windows(2)
        .all(|w| w[0].amount >= w[1].amount));
}

#[test]
fn filters_combine_and_totals_follow_them() {
    let (_dir, ws) = demo();
    let facets = api::pipeline_facets(&ws, Empty {}).unwrap();
    assert_eq!(facets.current_quarter, "2026-Q4");
    let info = api::workspace_info(&ws, Empty {}).unwrap();
    assert_eq!(info.stages.len(), 6);
    let rep = &facets
        .reps
        .iter()
        .find(|r| r.role.as_deref() == Some("AE"))
        .unwrap();
    let q = DealQuery {
        rep_id: Some(rep.id),
        status: Some(DealStatus::Open),
        quarter: Some("2026-Q4".into()),
        limit: 1000,
        ..Default::default()
    };
    let page = api::list_deals(&ws, q).unwrap();
    assert!(page.total > 0);
    assert!(page.rows.iter().all(|d| d.owner_id == Some(rep.id)
        && d.status == DealStatus::Open
        && d.quarter.as_deref() == Some("2026-Q4")));
    assert_eq!(
        page.total_amount,
        page.rows.iter().map(|d| d.amount.unwrap_or(0)).sum::<i64>()
    );

    let unassessed = api::list_deals(
        &ws,
        DealQuery {
            risk: Some(RiskFilter::Unassessed),
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(unassessed
        .rows
        .iter()
        .all(|d| d.risk.is_none() && d.status == DealStatus::Open));
    let red = api::list_deals(
        &ws,
        DealQuery {
            risk: Some(RiskFilter::Red),
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(red.rows.iter().all(|d| d.risk == Some(Risk::Red)));

    // Search matches names, accounts, owners and ids; wildcards are literal.
    let hits = api::list_deals(
        &ws,
        DealQuery {
            search: Some("lakeside".into()),
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        hits.total > 0
            && hits
                .rows
                .iter()
                .all(|d| d.account.as_deref() == Some("Lakeside Clinics"))
    );
    let none = api::list_deals(
        &ws,
        DealQuery {
            search: Some("%".into()),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(none.total, 0);
    let counts_only = api::list_deals(
        &ws,
        DealQuery {
            limit: 0,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(counts_only.rows.is_empty() && counts_only.total > 0);
}

#[test]
fn demo_loads_only_into_an_empty_workspace() {
    let (_dir, ws) = demo();
    let err = api::load_demo(&ws, Empty {}).unwrap_err();
    assert!(err.message.contains("already has data"));
}

/// Issue 14, item 13: open pipeline, bookings and losses are different money,
/// so the deal query totals the filtered set by status (computed in the core,
/// not in the UI), every status listed, in order, zero when absent.
#[test]
fn the_filtered_set_is_totalled_by_status() {
    let t = crate::common::TestWs::new();
    t.import(
        "pipe.csv",
        "Opportunity ID,Opportunity Name,Amount,Close Date,Stage\n\
         T-1,Open one,100,2026-12-10,Discovery\n\
         T-2,Open two,200,2027-02-10,Proposal/Price Quote\n\
         T-3,Open no amount,,2026-12-12,Discovery\n\
         T-4,Won,50,2026-10-01,Closed Won\n\
         T-5,Lost,25,2026-10-02,Closed Lost\n",
    );
    let page = |q: DealQuery| api::list_deals(&t.ws, q).unwrap();
    let totals = |p: &api::DealPage| -> Vec<(DealStatus, u32, i64)> {
        p.by_status
            .iter()
            .map(|s| (s.status, s.deals, s.amount))
            .collect()
    };
    let all = page(DealQuery::default());
    assert_eq!(
        totals(&all),
        [
            (DealStatus::Open, 3, 30_000),
            (DealStatus::Won, 1, 5_000),
            (DealStatus::Lost, 1, 2_500)
        ]
    );
    assert_eq!((all.total, all.total_amount), (5, 37_500));

    let open = page(DealQuery {
        status: Some(DealStatus::Open),
        ..DealQuery::default()
    });
    assert_eq!(
        totals(&open),
        [
            (DealStatus::Open, 3, 30_000),
            (DealStatus::Won, 0, 0),
            (DealStatus::Lost, 0, 0)
        ]
    );
    assert_eq!((open.total, open.total_amount), (3, 30_000));

    // The other filters apply to the totals too.
    let q4 = page(DealQuery {
        quarter: Some("2026-Q4".into()),
        ..DealQuery::default()
    });
    assert_eq!(
        totals(&q4),
        [
            (DealStatus::Open, 2, 10_000),
            (DealStatus::Won, 1, 5_000),
            (DealStatus::Lost, 1, 2_500)
        ]
    );
}
