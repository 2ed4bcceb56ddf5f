//! Deals held to the process template: each deal's checklist of exit
//! criteria (its stage and every earlier one), the stage-skipping flag when
//! earlier criteria are unchecked, the backwards-move flag between imports,
//! the Pipeline's flagged filter, and template edits showing on deals.

use crate::common::*;
use salesos::api::{
    self, DealIdRequest, DealQuery, Empty, SaveTemplateRequest, SetCriterionRequest,
};
use salesos::process::template::Criterion;

const PIPELINE: &str = "Opportunity ID,Opportunity Name,Amount,Close Date,Stage\n\
    K-1,Late stage,5000,2026-12-10,Proposal/Price Quote\n\
    K-2,Early stage,3000,2026-12-11,Discovery\n\
    K-3,Closed,2000,2026-10-01,Closed Won\n";

fn check(t: &TestWs, deal_id: i64, criterion_id: &str, checked: bool) -> api::DealChecklist {
    api::set_criterion(
        &t.ws,
        SetCriterionRequest {
            deal_id,
            criterion_id: criterion_id.into(),
            checked,
        },
    )
    .unwrap()
}

fn flagged(t: &TestWs) -> Vec<String> {
    let page = api::list_deals(
        &t.ws,
        DealQuery {
            flagged: true,
            limit: 100,
            ..DealQuery::default()
        },
    )
    .unwrap();
    let mut ids: Vec<String> = page
        .rows
        .into_iter()
        .filter_map(|d| d.external_id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_deal_at_stage_4_is_skipping_until_the_earlier_criteria_are_checked() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let late = t.deal("K-1");
    assert_eq!(late.stage, Some(4));
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: late.id }).unwrap();
    assert_eq!(
        list.stages.iter().map(|s| s.number).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(list.next.as_ref().map(|s| s.number), Some(5));
    let earlier: Vec<String> = list.stages[..4]
        .iter()
        .flat_map(|s| s.criteria.iter().map(|c| c.id.clone()))
        .collect();
    assert_eq!(list.unmet_criteria as usize, earlier.len());
    // Freshly imported: nobody looked at the criteria yet, so no skip (issue 14, item 16).
    assert!(!list.criteria_reviewed);
    assert!(!list.stage_skipping);
    assert!(t.deal("K-1").unmet_criteria > 0);
    assert!(flagged(&t).is_empty(), "{:?}", flagged(&t));
    // One criterion looked at and checked: the rest of the earlier ones are unmet.
    let list = check(&t, late.id, &earlier[0], true);
    assert!(list.criteria_reviewed);
    assert!(list.stage_skipping);
    assert_eq!(flagged(&t), ["K-1"], "the closed deal is never flagged");

    // Everything before stage 4 except stage 2's criteria: still skipping.
    let stage2: Vec<String> = list.stages[2]
        .criteria
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for id in earlier.iter().filter(|id| !stage2.contains(id)) {
        check(&t, late.id, id, true);
    }
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: late.id }).unwrap();
    assert!(list.stage_skipping);
    assert_eq!(list.unmet_criteria as usize, stage2.len());
    for id in &stage2 {
        check(&t, late.id, id, true);
    }
    let list = check(&t, late.id, &stage2[0], true);
    assert!(!list.stage_skipping);
    assert!(
        flagged(&t).is_empty(),
        "K-2's criteria were never looked at"
    );
    // Unchecking brings the flag back.
    let list = check(&t, late.id, &stage2[0], false);
    assert!(list.stage_skipping);
    check(&t, late.id, &stage2[0], true);

    // A reworded criterion keeps its check; a new earlier criterion is unmet.
    let mut template = api::get_template(&t.ws, Empty {}).unwrap().template;
    template.stages[2].exit_criteria[0].text = "Gap signed off by the CFO".into();
    template.stages[1].exit_criteria.push(Criterion {
        id: "s1c9".into(),
        text: "Champion named".into(),
    });
    api::save_template(&t.ws, SaveTemplateRequest { template }).unwrap();
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: late.id }).unwrap();
    let reworded = &list.stages[2].criteria[0];
    assert_eq!(reworded.text, "Gap signed off by the CFO");
    assert!(reworded.checked);
    assert_eq!(list.unmet_criteria, 1);
    // Undo removes the new criterion: the deal is backed again.
    api::undo_template(&t.ws, Empty {}).unwrap();
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: late.id }).unwrap();
    assert!(!list.stage_skipping);
}

/// Issue 14, item 16: every freshly imported open deal past the first stage has
/// unchecked earlier criteria. That is "not reviewed yet" until someone looks at
/// them (a criterion checked, or a saved review); only then do unmet earlier
/// criteria make the "Stage skipping" flag, on the deal, in the review and in
/// the Pipeline's flagged filter.
#[test]
fn a_fresh_deal_is_not_reviewed_yet_and_skips_only_once_its_criteria_were_looked_at() {
    use salesos::review::FlagKind;
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let review_flags = |t: &TestWs, id: &str| -> Vec<FlagKind> {
        api::review_queue(&t.ws, api::ReviewQueueRequest::default())
            .unwrap()
            .items
            .into_iter()
            .find(|i| i.deal.external_id.as_deref() == Some(id))
            .map(|i| i.flags.into_iter().map(|f| f.kind).collect())
            .unwrap_or_default()
    };
    for id in ["K-1", "K-2"] {
        let d = t.deal(id);
        assert!(d.unmet_criteria > 0, "{id} has earlier criteria unchecked");
        assert!(!d.criteria_reviewed, "{id} is not reviewed yet");
        assert!(
            !review_flags(&t, id).contains(&FlagKind::StageSkipped),
            "{id}"
        );
    }
    assert!(flagged(&t).is_empty());

    // K-1: one criterion of stage 0 checked, the others of stages 0-3 unmet.
    let k1 = t.deal("K-1");
    let first = api::deal_checklist(&t.ws, DealIdRequest { deal_id: k1.id })
        .unwrap()
        .stages[0]
        .criteria[0]
        .id
        .clone();
    check(&t, k1.id, &first, true);
    let d = t.deal("K-1");
    assert!(d.criteria_reviewed);
    assert!(d.unmet_criteria > 0);
    assert!(review_flags(&t, "K-1").contains(&FlagKind::StageSkipped));

    // K-2: reviewed without checking anything: looked at, and its stage-0 criteria are unmet.
    let k2 = t.deal("K-2");
    api::save_review(
        &t.ws,
        api::SaveReviewRequest {
            deal_id: k2.id,
            reviewer: Some("Morgan".into()),
            verified: api::Verified {
                close_date: true,
                stage: true,
                amount: true,
            },
            risk: None,
            note: String::new(),
            next_steps: Vec::new(),
            done_steps: Vec::new(),
        },
    )
    .unwrap();
    assert!(t.deal("K-2").criteria_reviewed);
    assert!(review_flags(&t, "K-2").contains(&FlagKind::StageSkipped));
    assert_eq!(flagged(&t), ["K-1", "K-2"]);
}

#[test]
fn a_stage_that_went_backwards_between_imports_is_flagged() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    assert!(!t.deal("K-1").moved_back);
    t.import(
        "pipe-next-week.csv",
        PIPELINE.replace("Proposal/Price Quote", "Discovery"),
    );
    let moved = t.deal("K-1");
    assert_eq!(moved.stage, Some(1));
    assert!(moved.moved_back);
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: moved.id }).unwrap();
    assert!(list.moved_back);
    assert!(flagged(&t).contains(&"K-1".to_string()));
    // Moving forward again clears it.
    t.import("pipe-week-3.csv", PIPELINE);
    assert!(!t.deal("K-1").moved_back);
}

#[test]
fn bad_checks_get_clear_errors() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let id = t.deal("K-2").id;
    let err = api::set_criterion(
        &t.ws,
        SetCriterionRequest {
            deal_id: id,
            criterion_id: "nope".into(),
            checked: true,
        },
    )
    .unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::Invalid);
    let err = api::set_criterion(
        &t.ws,
        SetCriterionRequest {
            deal_id: 999_999,
            criterion_id: "s0c1".into(),
            checked: true,
        },
    )
    .unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::NotFound);
}

#[test]
fn next_steps_are_planned_with_owner_and_due_date_and_leave_when_done() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let deal = t.deal("K-1");
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal.id }).unwrap();
    let next = list.next.expect("stage 5 is next");
    let target = &next.criteria[0];
    let plan = |text: &str, due: Option<chrono::NaiveDate>| {
        api::add_next_step(
            &t.ws,
            api::AddNextStepRequest {
                deal_id: deal.id,
                text: text.into(),
                criterion_id: Some(target.id.clone()),
                owner: Some("Dana".into()),
                due_date: due,
            },
        )
    };
    plan("Get the signed order form from legal", Some(d(2026, 12, 4))).unwrap();
    let list = plan("Book the security review", Some(d(2026, 12, 1))).unwrap();
    let texts: Vec<&str> = list.next_steps.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Book the security review",
            "Get the signed order form from legal"
        ],
        "soonest first"
    );
    assert_eq!(list.next_steps[0].owner.as_deref(), Some("Dana"));
    assert_eq!(
        list.next_steps[0].criterion_id.as_deref(),
        Some(target.id.as_str())
    );

    let err = plan("   ", None).unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::Invalid);
    assert!(err.message.contains("next interaction"), "{}", err.message);

    let done = api::complete_next_step(
        &t.ws,
        api::NextStepIdRequest {
            step_id: list.next_steps[0].id,
        },
    )
    .unwrap();
    assert_eq!(done.next_steps.len(), 1);
    // A re-import does not touch the planned steps.
    t.import("again.csv", PIPELINE);
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal.id }).unwrap();
    assert_eq!(list.next_steps.len(), 1);
}

#[test]
fn meddpicc_fields_show_with_the_overlay_and_survive_switching_it_off() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let deal = t.deal("K-1").id;
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal }).unwrap();
    assert!(list.meddpicc.is_none(), "off by default");
    let set_overlay = |on: bool| {
        let mut template = api::get_template(&t.ws, Empty {}).unwrap().template;
        template.meddpicc = on;
        api::save_template(&t.ws, SaveTemplateRequest { template }).unwrap();
    };
    set_overlay(true);
    let champion = api::set_meddpicc(
        &t.ws,
        api::SetMeddpiccRequest {
            deal_id: deal,
            field: 6,
            status: Some(api::MeddpiccStatus::Yes),
            note: "Priya, VP Ops, sold it internally".into(),
        },
    )
    .unwrap();
    let fields = champion.meddpicc.expect("overlay on");
    assert_eq!(fields.len(), 8);
    assert_eq!(fields[6].name, "Champion");
    assert_eq!(fields[6].status, Some(api::MeddpiccStatus::Yes));
    assert_eq!(fields[0].status, None);

    set_overlay(false);
    assert!(api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal })
        .unwrap()
        .meddpicc
        .is_none());
    set_overlay(true);
    let back = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal }).unwrap();
    assert_eq!(
        back.meddpicc.unwrap()[6].note,
        "Priya, VP Ops, sold it internally"
    );

    let err = api::set_meddpicc(
        &t.ws,
        api::SetMeddpiccRequest {
            deal_id: deal,
            field: 8,
            status: None,
            note: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::Invalid);
}
