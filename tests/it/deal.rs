//! A deal you can open, follow and fix (issue 14, items 4 and 5): local
//! corrections that survive re-imports until the CRM changes, the deal's
//! timeline, bulk corrections, the corrections workbook and `salesos deal`.
use salesos::api::{
    self, AddNextStepRequest, CorrectDealsRequest, DealIdRequest, Empty, SaveReviewRequest,
    SetRiskRequest, TimelineKind,
};
use salesos::process::Risk;
use salesos::review::Verified;
use serde_json::Value;

use crate::common::{cli, stdout, TestWs};

const MONDAY: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
D-1,Alpha,Acme,Ann Lee,10000,2026-03-20,Proposal
D-2,Bravo,Bolt,Bob Ray,20000,,Discovery
D-3,Charlie,Cove,Bob Ray,,2026-03-25,Discovery
";

/// Next week's export: D-1 pushed by the CRM, D-2 and D-3 as before.
const NEXT_WEEK: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
D-1,Alpha,Acme,Ann Lee,10000,2026-04-15,Proposal
D-2,Bravo,Bolt,Bob Ray,20000,,Discovery
D-3,Charlie,Cove,Bob Ray,,2026-03-25,Discovery
";

fn correct(
    t: &TestWs,
    ids: Vec<i64>,
    f: impl FnOnce(&mut CorrectDealsRequest),
) -> api::CorrectedDeals {
    let mut req = CorrectDealsRequest {
        deal_ids: ids,
        ..Default::default()
    };
    f(&mut req);
    api::correct_deals(&t.ws, req).unwrap()
}

fn correct_err(t: &TestWs, ids: Vec<i64>, f: impl FnOnce(&mut CorrectDealsRequest)) -> String {
    let mut req = CorrectDealsRequest {
        deal_ids: ids,
        ..Default::default()
    };
    f(&mut req);
    match api::correct_deals(&t.ws, req) {
        Ok(r) => panic!("should have been refused, got {r:?}"),
        Err(e) => e.message,
    }
}

#[test]
fn a_correction_survives_reimporting_the_same_export() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let bravo = t.deal("D-2");
    assert_eq!(bravo.close_date, None);
    correct(&t, vec![bravo.id], |r| {
        r.close_date = Some("2026-03-28".into());
        r.amount = Some(2_500_000);
    });
    assert_eq!(t.deal("D-2").close_date.unwrap().to_string(), "2026-03-28");

    // The same export again: the CRM still has no close date and 20,000.
    let again = t.import("monday again.csv", MONDAY);
    assert_eq!(again.updated, 0, "{again:?}");
    let bravo = t.deal("D-2");
    assert_eq!(bravo.close_date.unwrap().to_string(), "2026-03-28");
    assert_eq!(bravo.amount, Some(2_500_000));
    let detail = api::deal_detail(&t.ws, DealIdRequest { deal_id: bravo.id }).unwrap();
    assert_eq!(detail.corrections.len(), 2);
    assert_eq!(
        detail.corrections[0].crm_value, None,
        "no close date in the CRM"
    );
    assert_eq!(detail.corrections[1].crm_value.as_deref(), Some("2000000"));

    // The forecast counts the corrected deal in the quarter it now closes in.
    let f = api::forecast(&t.ws, Default::default()).unwrap();
    assert_eq!(f.quarter, "2026-Q1");
    assert_eq!(
        f.open_without_close_date.deals, 0,
        "{:?}",
        f.open_without_close_date
    );
}

#[test]
fn the_crm_wins_when_its_value_changes_and_the_timeline_says_so() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let alpha = t.deal("D-1");
    correct(&t, vec![alpha.id], |r| {
        r.close_date = Some("2026-03-31".into())
    });
    t.import("next week.csv", NEXT_WEEK);
    let alpha = t.deal("D-1");
    assert_eq!(
        alpha.close_date.unwrap().to_string(),
        "2026-04-15",
        "the CRM's new date"
    );
    let detail = api::deal_detail(&t.ws, DealIdRequest { deal_id: alpha.id }).unwrap();
    assert!(detail.corrections.is_empty(), "{:?}", detail.corrections);
    let dropped = detail
        .timeline
        .iter()
        .find(|e| e.kind == TimelineKind::CorrectionDropped)
        .expect("the dropped correction is on the timeline");
    assert_eq!(dropped.source, "next week.csv");
    assert_eq!(dropped.from.as_deref(), Some("2026-03-31"));
    assert_eq!(dropped.to.as_deref(), Some("2026-04-15"));
    // Nothing left for the CRM to update.
    let list = salesos::store::corrections::for_crm(&t.ws.conn()).unwrap();
    assert!(list.is_empty());
}

#[test]
fn reverting_the_import_that_dropped_a_correction_puts_it_back() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let alpha = t.deal("D-1");
    correct(&t, vec![alpha.id], |r| {
        r.close_date = Some("2026-03-31".into())
    });
    let second = t.import("next week.csv", NEXT_WEEK);
    api::revert_import(
        &t.ws,
        salesos::import::ImportIdRequest {
            import_id: second.import_id.unwrap(),
        },
    )
    .unwrap();
    assert_eq!(t.deal("D-1").close_date.unwrap().to_string(), "2026-03-31");
    let detail = api::deal_detail(&t.ws, DealIdRequest { deal_id: alpha.id }).unwrap();
    assert_eq!(detail.corrections.len(), 1);
}

#[test]
fn a_correction_made_after_an_import_outlives_reverting_it() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let second = t.import("next week.csv", NEXT_WEEK);
    let alpha = t.deal("D-1");
    correct(&t, vec![alpha.id], |r| {
        r.close_date = Some("2026-03-29".into())
    });
    api::revert_import(
        &t.ws,
        salesos::import::ImportIdRequest {
            import_id: second.import_id.unwrap(),
        },
    )
    .unwrap();
    assert_eq!(t.deal("D-1").close_date.unwrap().to_string(), "2026-03-29");
    let detail = api::deal_detail(&t.ws, DealIdRequest { deal_id: alpha.id }).unwrap();
    assert_eq!(detail.corrections.len(), 1);
}

#[test]
fn the_timeline_lists_every_change_with_its_source_in_date_order() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let alpha = t.deal("D-1");
    api::set_risk(
        &t.ws,
        SetRiskRequest {
            deal_id: alpha.id,
            risk: Some(Risk::Yellow),
        },
    )
    .unwrap();
    api::save_review(
        &t.ws,
        SaveReviewRequest {
            deal_id: alpha.id,
            reviewer: Some("Maya".into()),
            verified: Verified::default(),
            risk: Some(Risk::Red),
            note: "Champion left".into(),
            next_steps: vec![],
            done_steps: vec![],
        },
    )
    .unwrap();
    api::add_next_step(
        &t.ws,
        AddNextStepRequest {
            deal_id: alpha.id,
            text: "Meet the new VP".into(),
            criterion_id: None,
            owner: Some("Ann".into()),
            due_date: None,
        },
    )
    .unwrap();
    t.import("next week.csv", NEXT_WEEK);
    correct(&t, vec![alpha.id], |r| r.amount = Some(1_200_000));

    let timeline = api::deal_detail(&t.ws, DealIdRequest { deal_id: alpha.id })
        .unwrap()
        .timeline;
    let kinds: Vec<TimelineKind> = timeline.iter().map(|e| e.kind).collect();
    for kind in [
        TimelineKind::Created,
        TimelineKind::RiskChange,
        TimelineKind::Review,
        TimelineKind::NextStep,
        TimelineKind::CrmChange,
        TimelineKind::Correction,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
    }
    assert!(
        timeline.windows(2).all(|w| w[0].at <= w[1].at),
        "not in date order: {timeline:#?}"
    );
    let created = &timeline[0];
    assert_eq!(
        (created.kind, created.source.as_str()),
        (TimelineKind::Created, "monday.csv")
    );
    let push = timeline
        .iter()
        .find(|e| e.kind == TimelineKind::CrmChange && e.field.as_deref() == Some("close_date"))
        .expect("the CRM's push");
    assert_eq!(push.source, "next week.csv");
    assert_eq!(
        (push.from.as_deref(), push.to.as_deref()),
        (Some("2026-03-20"), Some("2026-04-15"))
    );
    let by_hand = timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::RiskChange)
        .map(|e| (e.to.as_deref(), e.source.as_str()))
        .collect::<Vec<_>>();
    assert_eq!(
        by_hand,
        vec![
            (Some("yellow"), "edited in SalesOS"),
            (Some("red"), "review by Maya")
        ]
    );
    let review = timeline
        .iter()
        .find(|e| e.kind == TimelineKind::Review)
        .unwrap();
    assert_eq!(review.note.as_deref(), Some("Champion left"));
    let fix = timeline.last().unwrap();
    assert_eq!(fix.kind, TimelineKind::Correction);
    assert_eq!(fix.source, "edited in SalesOS");
    assert_eq!(
        (fix.field.as_deref(), fix.from.as_deref(), fix.to.as_deref()),
        (Some("amount"), Some("1000000"), Some("1200000"))
    );
}

#[test]
fn a_selection_is_corrected_at_once_and_listed_for_the_crm() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let ids = vec![t.deal("D-2").id, t.deal("D-3").id];
    let done = correct(&t, ids.clone(), |r| {
        r.close_date = Some("2026-03-30".into());
        r.stage = Some("Priority agreement".into());
    });
    assert_eq!(done.changed, 2);
    for d in &done.deals {
        assert_eq!(d.close_date.unwrap().to_string(), "2026-03-30");
        assert_eq!(d.stage, Some(2));
    }
    // Setting the CRM's own value back ends the correction.
    let charlie = t.deal("D-3");
    correct(&t, vec![charlie.id], |r| {
        r.close_date = Some("2026-03-25".into())
    });
    let left = api::deal_detail(
        &t.ws,
        DealIdRequest {
            deal_id: charlie.id,
        },
    )
    .unwrap()
    .corrections;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].field, api::CorrectionField::Stage);

    let list = salesos::store::corrections::for_crm(&t.ws.conn()).unwrap();
    assert_eq!(list.len(), 3, "D-2 close date and stage, D-3 stage");
    let file = api::corrections_xlsx(&t.ws, Empty {}).unwrap();
    assert!(file.file_name.ends_with(".xlsx"), "{}", file.file_name);
    let path = t.write("corrections.xlsx", &file.bytes);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = calamine::Reader::worksheet_range(&mut wb, "Corrections").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..6],
        [
            "Deal ID",
            "Deal",
            "Account",
            "Field",
            "CRM value",
            "Corrected value"
        ]
    );
    assert!(rows.iter().any(|r| r[0] == "D-2"
        && r[3] == "Close date"
        && r[4] == "(empty)"
        && r[5] == "2026-03-30"));
}

#[test]
fn bad_corrections_are_refused_in_plain_words_and_change_nothing() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let alpha = t.deal("D-1");
    let err = correct_err(&t, vec![alpha.id], |r| {
        r.close_date = Some("31/03/2026".into())
    });
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let err = correct_err(&t, vec![alpha.id], |r| r.amount = Some(-1));
    assert_eq!(err, "An amount cannot be negative.");
    let err = correct_err(&t, vec![alpha.id], |r| r.stage = Some("Negotiation".into()));
    assert!(err.contains("is not a stage of your process"), "{err}");
    let err = correct_err(&t, vec![], |r| r.amount = Some(1));
    assert!(err.contains("at least one deal"), "{err}");
    let err = correct_err(&t, vec![alpha.id], |_| {});
    assert!(err.contains("close date, an amount or a stage"), "{err}");
    // All or nothing: the second deal does not exist, the first is untouched.
    let err = correct_err(&t, vec![alpha.id, 999_999], |r| r.amount = Some(5));
    assert!(err.contains("not found"), "{err}");
    assert_eq!(t.deal("D-1").amount, Some(1_000_000));
}

#[test]
fn the_cli_shows_and_corrects_a_deal() {
    let t = TestWs::new();
    t.import("monday.csv", MONDAY);
    let out = cli(
        &t.data_dir(),
        &[
            "deal",
            "D-2",
            "--close-date",
            "2026-03-27",
            "--amount",
            "$22k",
            "--stage",
            "2",
            "--risk",
            "orange",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["deal"]["external_id"], "D-2");
    assert_eq!(v["deal"]["close_date"], "2026-03-27");
    assert_eq!(v["deal"]["amount"], 22000);
    assert_eq!(v["deal"]["risk"], "orange");
    assert_eq!(
        v["corrections"],
        serde_json::json!({"close_date": "2026-03-27", "amount": 22000, "stage": 2})
    );
    let timeline = v["timeline"].as_array().unwrap();
    for e in timeline {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["date", "field", "from", "kind", "source", "to"]);
    }
    let amount = timeline
        .iter()
        .find(|e| e["kind"] == "correction" && e["field"] == "amount")
        .unwrap();
    assert_eq!(
        (amount["from"].clone(), amount["to"].clone()),
        (20000.into(), 22000.into())
    );
    assert!(timeline
        .iter()
        .any(|e| e["kind"] == "risk_change" && e["to"] == "orange"));

    // The deals list agrees.
    let deals: Value =
        serde_json::from_str(&stdout(&cli(&t.data_dir(), &["deals", "--json"]))).unwrap();
    let row = deals
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["external_id"] == "D-2")
        .unwrap();
    assert_eq!(row, &v["deal"]);

    for (args, says) in [
        (vec!["deal", "D-2", "--close-date", "soon"], "YYYY-MM-DD"),
        (vec!["deal", "D-2", "--amount", "-5"], "cannot be negative"),
        (vec!["deal", "D-2", "--stage", "Nope"], "is not a stage"),
        (
            vec!["deal", "D-2", "--risk", "purple"],
            "is not a risk level",
        ),
        (vec!["deal", "D-9"], "D-9"),
    ] {
        let out = cli(&t.data_dir(), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
