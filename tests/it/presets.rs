//! Switching between the agreement-based and the seven-stage preset: deals
//! take their stage from the mapping kept for each preset, nothing else about
//! a deal changes, switching back (or undoing) restores exactly what was
//! there, and imports, the mapping and the template round trip all speak the
//! preset's stage numbers.

use crate::common::*;
use salesos::api::{
    self, ApplyPresetRequest, DealIdRequest, Empty, SetCriterionRequest, SetMeddpiccRequest,
    SetRiskRequest,
};
use salesos::import::StageChoice;
use salesos::process::template::Preset;
use salesos::process::Risk;

const PIPELINE: &str = "Opportunity ID,Opportunity Name,Amount,Close Date,Stage\n\
    P-1,Late stage,5000,2026-12-10,Proposal/Price Quote\n\
    P-2,Early stage,3000,2026-12-11,Discovery\n\
    P-3,Evaluating,4000,2026-12-12,Evaluation\n\
    P-4,Closed,2000,2026-10-01,Closed Won\n";

fn switch(t: &TestWs, preset: Preset) -> api::TemplateView {
    api::apply_preset(&t.ws, ApplyPresetRequest { preset }).expect("switch the preset")
}

fn stages(t: &TestWs) -> Vec<(String, Option<u8>)> {
    ["P-1", "P-2", "P-3", "P-4"]
        .iter()
        .map(|id| (id.to_string(), t.deal(id).stage))
        .collect()
}

fn mapping(t: &TestWs) -> Vec<(String, Option<u8>, bool)> {
    let mut m: Vec<_> = api::stage_mapping(&t.ws, Empty {})
        .unwrap()
        .into_iter()
        .map(|e| (e.label, e.stage, e.confirmed))
        .collect();
    m.sort();
    m
}

#[test]
fn the_seven_stage_preset_is_valid_and_numbered_one_to_seven() {
    let t = TestWs::new();
    let view = switch(&t, Preset::SevenStage);
    let tpl = &view.template;
    assert_eq!(tpl.preset, Preset::SevenStage);
    assert_eq!(
        tpl.stages.iter().map(|s| s.number).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7]
    );
    assert_eq!(tpl.stages[2].name, "Solution review");
    for s in &tpl.stages {
        assert!(
            !s.exit_criteria.is_empty(),
            "stage {} has outcomes",
            s.number
        );
        assert!(s.exit_criteria.iter().all(|c| c.id.starts_with('v')));
        assert!(!s.risk_examples.green.is_empty());
    }
    assert!(view
        .presets
        .iter()
        .any(|p| p.preset == Preset::SevenStage && p.label.contains("7-stage")));
    // The Pipeline's stage list follows the template.
    let info = api::workspace_info(&t.ws, Empty {}).unwrap();
    assert_eq!(info.stages.len(), 7);
    assert_eq!(info.stages[0].number, 1);
    assert_eq!(info.stages[6].name, "Finance final round");
}

#[test]
fn switching_presets_keeps_every_deal_fact_and_switching_back_restores_stages() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let before = stages(&t);
    assert_eq!(
        before,
        [
            ("P-1".to_string(), Some(4)),
            ("P-2".to_string(), Some(1)),
            ("P-3".to_string(), Some(3)),
            ("P-4".to_string(), None)
        ]
    );
    // The user confirms one label in the agreement-based preset.
    api::set_stage_mapping(
        &t.ws,
        StageChoice {
            label: "Evaluation".into(),
            stage: Some(2),
            outcome: None,
        },
    )
    .unwrap();
    let late = t.deal("P-1");
    api::set_risk(
        &t.ws,
        SetRiskRequest {
            deal_id: late.id,
            risk: Some(Risk::Yellow),
        },
    )
    .unwrap();
    api::set_criterion(
        &t.ws,
        SetCriterionRequest {
            deal_id: late.id,
            criterion_id: "s1c1".into(),
            checked: true,
        },
    )
    .unwrap();
    api::set_meddpicc(
        &t.ws,
        SetMeddpiccRequest {
            deal_id: late.id,
            field: 6,
            status: Some(api::MeddpiccStatus::Yes),
            note: "Dana, VP Ops".into(),
        },
    )
    .unwrap();
    let mut overlay = api::get_template(&t.ws, Empty {}).unwrap().template;
    overlay.meddpicc = true;
    api::save_template(&t.ws, api::SaveTemplateRequest { template: overlay }).unwrap();
    let agreement_mapping = mapping(&t);
    let agreement_stages = stages(&t);

    switch(&t, Preset::SevenStage);
    // Proposal (value agreement, 4) is Solution validation (4); Discovery
    // (problem, 1) is Discovery (2); evaluation, confirmed as priority (2),
    // is Solution review (3). Closed deals stay closed.
    assert_eq!(
        stages(&t),
        [
            ("P-1".to_string(), Some(4)),
            ("P-2".to_string(), Some(2)),
            ("P-3".to_string(), Some(3)),
            ("P-4".to_string(), None)
        ]
    );
    // Translated labels wait for the user to confirm them; outcomes need not.
    let seven = mapping(&t);
    assert!(seven
        .iter()
        .any(|(l, s, c)| l == "Discovery" && *s == Some(2) && !c));
    assert!(seven
        .iter()
        .any(|(l, s, c)| l == "Closed Won" && s.is_none() && *c));
    let deal = t.deal("P-1");
    assert_eq!(deal.risk, Some(Risk::Yellow));
    assert_eq!(deal.amount, late.amount);
    // Every seven-stage criterion before stage 4 is unchecked: skipping.
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal.id }).unwrap();
    assert_eq!(
        list.stages.iter().map(|s| s.number).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(list.next.as_ref().map(|s| s.number), Some(5));
    assert!(list.stage_skipping);
    assert_eq!(
        list.meddpicc.as_ref().map(|m| m[6].note.as_str()),
        Some("Dana, VP Ops"),
        "the overlay choice and its fields carry over"
    );

    // The user maps a label in the seven-stage preset, then goes back.
    api::set_stage_mapping(
        &t.ws,
        StageChoice {
            label: "Proposal/Price Quote".into(),
            stage: Some(6),
            outcome: None,
        },
    )
    .unwrap();
    assert_eq!(t.deal("P-1").stage, Some(6));
    switch(&t, Preset::AgreementBased);
    assert_eq!(stages(&t), agreement_stages);
    assert_eq!(mapping(&t), agreement_mapping);
    let list = api::deal_checklist(&t.ws, DealIdRequest { deal_id: deal.id }).unwrap();
    assert!(list.stages[1].criteria[0].checked, "the check came back");
    // And the seven-stage mapping the user confirmed is still there.
    switch(&t, Preset::SevenStage);
    assert_eq!(t.deal("P-1").stage, Some(6));
    assert!(mapping(&t)
        .iter()
        .any(|(l, s, c)| l == "Proposal/Price Quote" && *s == Some(6) && *c));
}

#[test]
fn undoing_a_preset_switch_restores_the_stages() {
    let t = TestWs::new();
    t.import("pipe.csv", PIPELINE);
    let before = stages(&t);
    switch(&t, Preset::SevenStage);
    assert_ne!(stages(&t), before);
    let back = api::undo_template(&t.ws, Empty {}).unwrap();
    assert_eq!(back.template.preset, Preset::AgreementBased);
    assert_eq!(stages(&t), before);
}

#[test]
fn imports_and_the_mapping_speak_the_presets_numbers() {
    let t = TestWs::new();
    switch(&t, Preset::SevenStage);
    let report = t.import("pipe.csv", PIPELINE);
    assert_eq!(t.deal("P-1").stage, Some(4));
    assert_eq!(t.deal("P-2").stage, Some(2));
    assert!(
        has_note(&report, "stage 4 (Solution validation)"),
        "{:?}",
        report.notes
    );
    let err = api::set_stage_mapping(
        &t.ws,
        StageChoice {
            label: "Discovery".into(),
            stage: Some(0),
            outcome: None,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("from 1 to 7"), "{err}");
    api::set_stage_mapping(
        &t.ws,
        StageChoice {
            label: "Discovery".into(),
            stage: Some(7),
            outcome: None,
        },
    )
    .unwrap();
    assert_eq!(t.deal("P-2").stage, Some(7));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&cli(&t.data_dir(), &["deals", "--json"]))).unwrap();
    let p2 = json
        .as_array()
        .and_then(|a| a.iter().find(|d| d["external_id"] == "P-2"))
        .expect("P-2 in deals --json");
    assert_eq!(p2["stage"], 7);
}

#[test]
fn a_template_workbook_of_the_other_preset_is_refused_clearly() {
    let t = TestWs::new();
    switch(&t, Preset::SevenStage);
    let seven = api::template_xlsx(&t.ws, Empty {}).unwrap().bytes;
    switch(&t, Preset::AgreementBased);
    let err = api::import_template_bytes(&t.ws, "seven.xlsx", &seven).unwrap_err();
    assert!(
        err.to_string().contains("7-stage") && err.to_string().contains("Process page"),
        "{err}"
    );
    // Into a seven-stage workspace it reads back with nothing changed.
    switch(&t, Preset::SevenStage);
    let report = api::import_template_bytes(&t.ws, "seven.xlsx", &seven).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}
