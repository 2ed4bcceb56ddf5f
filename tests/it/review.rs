//! The weekly deal review through the command layer: the flags of docs/method.md
//! §3 read from the import history, the order deals come up in, and saving a
//! review (risk, next steps planned and done, who and what changed) as one
//! change that the deal's history shows and the forecast follows.

use crate::common::*;
use salesos::api::{
    self, DealIdRequest, ForecastRequest, PlannedStep, ReviewQueueRequest, SaveReviewRequest,
    Verified,
};
use salesos::process::Risk;
use salesos::review::FlagKind;

// Today is 2026-03-10 (tests/it/common): quarter 2026-Q1, week of Monday 03-09.
// Won deals took 30 and 50 days: a 40-day average cycle.
const HEADER: &str =
    "Opportunity ID,Opportunity Name,Amount,Close Date,Created Date,Stage,Owner,Next Step,Last Activity\n";
const WON: &str = "W-1,Won one,20000,2025-10-01,2025-09-01,Closed Won,Alex,,\n\
    W-2,Won two,20000,2025-11-20,2025-10-01,Closed Won,Alex,,\n\
    L-1,Lost one,5000,2026-03-01,2026-01-01,Closed Lost,Alex,,\n";
const OPEN: &str =
    "A-1,Big in quarter,90000,2026-03-25,2026-02-01,Prospecting,Alex,Demo,2026-03-05\n\
    A-3,Past close,30000,2026-02-15,2025-06-01,Prospecting,Alex,,2026-01-10\n\
    A-4,Next quarter no amount,,2026-05-10,2026-03-01,Prospecting,Sam,Call back,2026-03-09\n\
    A-5,Next quarter clean,70000,2026-05-15,2026-03-01,Prospecting,Sam,Send deck,2026-03-09\n";

fn pipeline(a2: &str) -> String {
    format!("{HEADER}{WON}{OPEN}{a2}\n")
}

fn first_import(t: &TestWs) {
    t.import(
        "pipe.csv",
        pipeline(
            "A-2,Small in quarter,10000,2026-03-20,2026-03-01,Prospecting,Alex,Call,2026-03-09",
        ),
    );
}

fn queue(t: &TestWs, rep_id: Option<i64>) -> api::ReviewQueue {
    api::review_queue(
        &t.ws,
        ReviewQueueRequest {
            rep_id,
            quarter: None,
        },
    )
    .unwrap()
}

fn kinds(q: &api::ReviewQueue, external_id: &str) -> Vec<FlagKind> {
    q.items
        .iter()
        .find(|i| i.deal.external_id.as_deref() == Some(external_id))
        .map(|i| i.flags.iter().map(|f| f.kind).collect())
        .unwrap_or_else(|| panic!("{external_id} in the queue"))
}

fn review(deal_id: i64, risk: Option<Risk>) -> SaveReviewRequest {
    SaveReviewRequest {
        deal_id,
        reviewer: Some("Morgan".into()),
        verified: Verified {
            close_date: true,
            stage: true,
            amount: true,
        },
        risk,
        note: String::new(),
        next_steps: Vec::new(),
        done_steps: Vec::new(),
    }
}

#[test]
fn the_queue_puts_the_quarters_largest_deals_first_then_flagged_ones() {
    let t = TestWs::new();
    first_import(&t);
    let q = queue(&t, None);
    assert_eq!(q.quarter, "2026-Q1");
    let order: Vec<&str> = q
        .items
        .iter()
        .filter_map(|i| i.deal.external_id.as_deref())
        .collect();
    assert_eq!(
        order,
        ["A-1", "A-3", "A-2", "A-4"],
        "closed and clean later deals stay out"
    );
    assert!(q.items[..3].iter().all(|i| i.in_quarter));
    assert!(!q.items[3].in_quarter);
    assert_eq!(q.total, 4);
    assert_eq!(q.average_cycle_days, Some(40));

    // One rep's review holds only their deals.
    let sam = t.deal("A-4").owner_id;
    let q = queue(&t, sam);
    assert_eq!(q.items.len(), 1);
    assert_eq!(q.items[0].deal.external_id.as_deref(), Some("A-4"));
}

#[test]
fn flags_come_from_the_deal_and_its_import_history() {
    let t = TestWs::new();
    first_import(&t);
    let q = queue(&t, None);
    assert!(kinds(&q, "A-1").is_empty(), "{:?}", q.items[0].flags);
    assert_eq!(
        kinds(&q, "A-3"),
        [
            FlagKind::ClosePast,
            FlagKind::NoActivity,
            FlagKind::TooOld,
            FlagKind::NoNextStep
        ]
    );
    let a3 = &q.items[1].flags;
    assert!(a3[0].text.contains("2026-02-15"), "{}", a3[0].text);
    assert_eq!(a3[1].text, "No activity for 59 days");
    assert!(
        a3[2].text.contains("40-day average cycle"),
        "{}",
        a3[2].text
    );
    assert_eq!(kinds(&q, "A-4"), [FlagKind::AmountMissing]);

    // Next week's export pushes A-2 twice and changes its amount.
    t.import(
        "pipe.csv",
        pipeline(
            "A-2,Small in quarter,12000,2026-03-28,2026-03-01,Prospecting,Alex,Call,2026-03-09",
        ),
    );
    t.import(
        "pipe.csv",
        pipeline(
            "A-2,Small in quarter,12000,2026-03-30,2026-03-01,Prospecting,Alex,Call,2026-03-09",
        ),
    );
    let q = queue(&t, None);
    assert_eq!(
        kinds(&q, "A-2"),
        [FlagKind::ClosePushed, FlagKind::AmountChanged]
    );
    let a2 = &q
        .items
        .iter()
        .find(|i| i.deal.external_id.as_deref() == Some("A-2"))
        .unwrap()
        .flags;
    assert_eq!(a2[0].text, "Close date pushed 2 times");
    assert_eq!(a2[1].text, "Amount changed from $10,000 to $12,000");
}

#[test]
fn a_review_sets_the_risk_plans_steps_and_is_kept_in_the_deals_history() {
    let t = TestWs::new();
    first_import(&t);
    let big = t.deal("A-1");
    let mut req = review(big.id, Some(Risk::Yellow));
    req.verified.amount = false;
    req.note = "Budget not confirmed".into();
    req.next_steps.push(PlannedStep {
        text: "Get: budget owner named".into(),
        criterion_id: None,
        owner: Some("Dana".into()),
        due_date: Some(d(2026, 3, 13)),
    });
    let saved = api::save_review(&t.ws, req).unwrap();
    assert_eq!(saved.deal.risk, Some(Risk::Yellow));
    assert_eq!(
        saved.review.changes,
        [
            "The amount needs fixing in the CRM.",
            "Risk not assessed → yellow.",
            "Next step: Get: budget owner named (Dana, by 2026-03-13)."
        ]
    );
    assert_eq!(saved.review.reviewer.as_deref(), Some("Morgan"));
    assert_eq!(saved.review.review_date, d(2026, 3, 10));

    // The forecast follows: a yellow deal closing this quarter is best case.
    let f = api::forecast(&t.ws, ForecastRequest::default()).unwrap();
    assert_eq!(f.team.best_case, 9_000_000);

    // The queue remembers the review and the reviewer.
    let q = queue(&t, None);
    assert!(q.items[0].reviewed_this_week);
    assert_eq!(q.reviewed_this_week, 1);
    assert_eq!(q.reviewer.as_deref(), Some("Morgan"));

    // Next week the open step shows up again and is marked done.
    let steps = api::deal_checklist(&t.ws, DealIdRequest { deal_id: big.id })
        .unwrap()
        .next_steps;
    assert_eq!(steps.len(), 1);
    let mut req = review(big.id, Some(Risk::Green));
    req.done_steps.push(steps[0].id);
    let saved = api::save_review(&t.ws, req).unwrap();
    assert_eq!(
        saved.review.changes,
        ["Risk yellow → green.", "Done: Get: budget owner named."]
    );
    let history = api::deal_reviews(&t.ws, DealIdRequest { deal_id: big.id }).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].risk_after, Some(Risk::Green));
    assert_eq!(history[1].note, "Budget not confirmed");
    assert!(!history[1].verified.amount);
}

#[test]
fn planning_a_step_clears_the_no_next_step_flag() {
    let t = TestWs::new();
    first_import(&t);
    let past = t.deal("A-3");
    let mut req = review(past.id, Some(Risk::Orange));
    req.next_steps.push(PlannedStep {
        text: "Get: a new close date from the buyer".into(),
        criterion_id: None,
        owner: None,
        due_date: None,
    });
    let saved = api::save_review(&t.ws, req).unwrap();
    assert!(saved.flags.iter().all(|f| f.kind != FlagKind::NoNextStep));
    assert!(
        saved
            .review
            .flags
            .iter()
            .any(|f| f.kind == FlagKind::NoNextStep),
        "the record keeps what was seen"
    );
}

#[test]
fn a_bad_review_changes_nothing() {
    let t = TestWs::new();
    first_import(&t);
    let big = t.deal("A-1");
    // A step id that is not this deal's: the risk change in the same review is not kept.
    let mut req = review(big.id, Some(Risk::Green));
    req.done_steps.push(9_999);
    let err = api::save_review(&t.ws, req).unwrap_err();
    assert!(err.to_string().contains("not an open step"), "{err}");
    assert_eq!(t.deal("A-1").risk, None);
    assert!(api::deal_reviews(&t.ws, DealIdRequest { deal_id: big.id })
        .unwrap()
        .is_empty());

    let lost = t.deal("L-1");
    let err = api::save_review(&t.ws, review(lost.id, None)).unwrap_err();
    assert!(
        err.to_string().contains("reviews are for open deals"),
        "{err}"
    );

    let mut req = review(big.id, None);
    req.next_steps.push(PlannedStep {
        text: "   ".into(),
        criterion_id: None,
        owner: None,
        due_date: None,
    });
    let err = api::save_review(&t.ws, req).unwrap_err();
    assert!(err.to_string().contains("Write the next step"), "{err}");

    let err = api::deal_reviews(&t.ws, DealIdRequest { deal_id: 12_345 }).unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::NotFound);
}

/// Issue 14, item 9: a review is all or nothing. A note over the limit keeps
/// nothing of the review, not the next step typed in it, not the risk, not the
/// "wrong in the CRM" marks; and a review without a reviewer is refused plainly.
#[test]
fn a_review_with_a_too_long_note_or_no_reviewer_saves_nothing() {
    let t = TestWs::new();
    first_import(&t);
    let big = t.deal("A-1");
    let open_steps = |t: &TestWs| {
        api::deal_checklist(&t.ws, DealIdRequest { deal_id: big.id })
            .unwrap()
            .next_steps
            .len()
    };
    let steps_before = open_steps(&t);
    let with_step = |note: String, reviewer: Option<&str>| {
        let mut req = review(big.id, Some(Risk::Red));
        req.reviewer = reviewer.map(Into::into);
        req.note = note;
        req.verified.amount = false;
        req.next_steps.push(PlannedStep {
            text: "Meet the CFO".into(),
            criterion_id: None,
            owner: Some("Alex".into()),
            due_date: None,
        });
        req
    };

    let err = api::save_review(&t.ws, with_step("x".repeat(5_000), Some("Morgan"))).unwrap_err();
    assert!(err.to_string().contains("2000 characters"), "{err}");
    for reviewer in [None, Some(""), Some("   ")] {
        let err = api::save_review(&t.ws, with_step("Fine.".into(), reviewer)).unwrap_err();
        assert!(err.to_string().contains("Say who is reviewing"), "{err}");
    }
    assert_eq!(open_steps(&t), steps_before, "no next step was kept");
    assert_eq!(t.deal("A-1").risk, None, "no risk was kept");
    assert!(api::deal_reviews(&t.ws, DealIdRequest { deal_id: big.id })
        .unwrap()
        .is_empty());
    assert_eq!(queue(&t, None).reviewer, None, "no reviewer was remembered");

    // Exactly at the limit, with a name: all of it is kept, and the name is remembered.
    let saved = api::save_review(&t.ws, with_step("x".repeat(2_000), Some(" Morgan "))).unwrap();
    assert_eq!(saved.review.reviewer.as_deref(), Some("Morgan"));
    assert_eq!(open_steps(&t), steps_before + 1);
    assert_eq!(t.deal("A-1").risk, Some(Risk::Red));
    assert_eq!(queue(&t, None).reviewer.as_deref(), Some("Morgan"));
}
