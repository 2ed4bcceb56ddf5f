//! The gap plan's timing (docs/method.md §2, "Closing the gap"): with fewer
//! days left than the average won cycle, new first meetings cannot close
//! this quarter; the plan says so and carries the shortfall into next
//! quarter's plan. "Today" is a parameter of the computation.
use chrono::NaiveDate;
use salesos::forecast::{compute, Overrides};
use salesos::store::settings;

use crate::common::TestWs;

/// Two won deals of 50 and 54 days (a 52-day average cycle), one lost, and
/// one open green deal closing in December.
const CSV: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Created Date,Close Date,Stage,Risk
W1,Won one,Acme,Ann,10000,2026-07-01,2026-08-20,Closed Won,
W2,Won two,Bolt,Ann,10000,2026-08-01,2026-09-24,Closed Won,
L1,Lost one,Core,Ann,10000,2026-08-01,2026-09-10,Closed Lost,
O1,Open one,Dune,Ann,20000,2026-11-01,2026-12-20,Negotiation,green
";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn plan_on(t: &TestWs, today: NaiveDate) -> salesos::forecast::ForecastReport {
    let conn = t.ws.conn();
    let s = settings::load(&conn).unwrap();
    compute(
        &conn,
        &s,
        Some("2026-Q4".parse().unwrap()),
        today,
        Overrides {
            // $100,000 goal, no create-and-close: the gap is $80,000.
            goal: Some(10_000_000),
            create_and_close: Some(0),
        },
    )
    .unwrap()
}

#[test]
fn with_fewer_days_left_than_the_cycle_new_meetings_move_to_next_quarter() {
    let t = TestWs::new();
    t.import("pipeline.csv", CSV);
    // 16 days left (16 to 31 December), a 52-day cycle.
    let f = plan_on(&t, d(2026, 12, 16));
    let team = &f.team;
    assert_eq!(team.gap, Some(8_000_000));
    // Gap $80,000 / win rate 2/3 = $120,000 of pipeline; / $10,000 a deal = 12 meetings.
    assert_eq!(team.new_pipeline_needed, Some(12_000_000));
    assert_eq!(team.first_meetings_needed, Some(12));
    let p = &f.gap_plan;
    assert_eq!(p.days_left, 16);
    assert_eq!(p.average_cycle_days, Some(52));
    assert!(!p.new_deals_close_in_time);
    assert_eq!(p.first_meetings_this_quarter, Some(0));
    assert_eq!(p.new_pipeline_this_quarter, Some(0));
    assert_eq!(p.next_quarter, "2027-Q1");
    let carried = p.carried_to_next_quarter.as_ref().expect("carried");
    assert_eq!(carried.gap, 8_000_000);
    assert_eq!(carried.new_pipeline, Some(12_000_000));
    assert_eq!(carried.first_meetings, Some(12));
    assert!(
        p.summary
            .contains("new first meetings cannot close this quarter")
            && p.summary.contains("2027-Q1")
            && p.summary.contains("52 days")
            && p.summary.contains("16 days are left"),
        "{}",
        p.summary
    );
}

#[test]
fn with_time_for_a_cycle_the_meetings_stay_in_this_quarter() {
    let t = TestWs::new();
    t.import("pipeline.csv", CSV);
    // 83 days left on 10 October: a 52-day deal still closes in time.
    let f = plan_on(&t, d(2026, 10, 10));
    let p = &f.gap_plan;
    assert_eq!(p.days_left, 83);
    assert!(p.new_deals_close_in_time);
    assert_eq!(p.first_meetings_this_quarter, Some(12));
    assert_eq!(p.new_pipeline_this_quarter, Some(12_000_000));
    assert_eq!(p.carried_to_next_quarter, None);
    // Exactly a cycle left (52 days from 10 November) is in time; a day less is not.
    assert!(
        plan_on(&t, d(2026, 11, 10))
            .gap_plan
            .new_deals_close_in_time
    );
    assert!(
        !plan_on(&t, d(2026, 11, 11))
            .gap_plan
            .new_deals_close_in_time
    );
}
