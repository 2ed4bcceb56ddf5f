//! The process template through the command layer and the CLI: defaults on
//! day one, edits saved as versions with undo, rules enforced at the API
//! boundary, presets that never touch deals, and the `template --json` and
//! `template export` / `import --kind template` contract.

use std::collections::BTreeSet;

use crate::common::*;
use salesos::api::{self, ApplyPresetRequest, Empty, SaveTemplateRequest};
use salesos::process::template::{Criterion, Preset};

#[test]
fn a_new_workspace_has_the_agreement_based_template() {
    let t = TestWs::new();
    let view = api::get_template(&t.ws, Empty {}).unwrap();
    assert_eq!(view.template.preset, Preset::AgreementBased);
    assert_eq!(view.template.stages.len(), 6);
    assert_eq!(view.undo_depth, 0);
    let problem = &view.template.stages[1];
    assert_eq!(problem.name, "Problem agreement");
    assert!(problem.exit_criteria.len() >= 2);
    assert!(!problem.risk_examples.red.is_empty());
    assert_eq!(view.meddpicc_fields.len(), 8);
}

#[test]
fn edits_are_saved_as_versions_and_undo_steps_back() {
    let t = TestWs::new();
    let mut template = api::get_template(&t.ws, Empty {}).unwrap().template;
    template.stages[2].exit_criteria[0].text = "Gap quantified with finance".into();
    let saved = api::save_template(
        &t.ws,
        SaveTemplateRequest {
            template: template.clone(),
        },
    )
    .unwrap();
    assert_eq!(saved.undo_depth, 1);
    template.stages[2].exit_criteria.push(Criterion {
        id: "s2c9".into(),
        text: "Budget owner named".into(),
    });
    template.meddpicc = true;
    api::save_template(
        &t.ws,
        SaveTemplateRequest {
            template: template.clone(),
        },
    )
    .unwrap();
    // Saving the same template again is not a new version.
    let same = api::save_template(&t.ws, SaveTemplateRequest { template }).unwrap();
    assert_eq!(same.undo_depth, 2);
    assert!(same.template.meddpicc);

    let back = api::undo_template(&t.ws, Empty {}).unwrap();
    assert_eq!(back.undo_depth, 1);
    assert!(!back.template.meddpicc);
    assert_eq!(
        back.template.stages[2].exit_criteria[0].text,
        "Gap quantified with finance"
    );
    assert_eq!(back.template.stages[2].exit_criteria.len(), 2);
    let first = api::undo_template(&t.ws, Empty {}).unwrap();
    assert_eq!(
        first.template,
        salesos::process::template::default_template()
    );
}

#[test]
fn the_api_refuses_a_template_that_breaks_the_rules() {
    let t = TestWs::new();
    let before = api::get_template(&t.ws, Empty {}).unwrap();
    let mut reordered = before.template.clone();
    reordered.stages.swap(0, 1);
    let err = api::save_template(
        &t.ws,
        SaveTemplateRequest {
            template: reordered,
        },
    )
    .unwrap_err();
    assert_eq!(err.code, salesos::api::ErrorCode::Invalid);
    assert!(err.message.contains("reordered"), "{}", err.message);
    let mut unnamed = before.template.clone();
    unnamed.stages[4].name = " ".into();
    let err = api::save_template(&t.ws, SaveTemplateRequest { template: unnamed }).unwrap_err();
    assert!(
        err.message.contains("Stage 4 needs a name"),
        "{}",
        err.message
    );
    assert_eq!(api::get_template(&t.ws, Empty {}).unwrap().undo_depth, 0);
}

#[test]
fn a_preset_replaces_the_texts_but_never_the_deals() {
    let t = TestWs::new();
    api::load_demo(&t.ws, Empty {}).unwrap();
    let deals_before = t.snapshot();
    let mut template = api::get_template(&t.ws, Empty {}).unwrap().template;
    template.stages[1].question = "Our own question".into();
    template.meddpicc = true;
    api::save_template(&t.ws, SaveTemplateRequest { template }).unwrap();
    let view = api::apply_preset(
        &t.ws,
        ApplyPresetRequest {
            preset: Preset::AgreementBased,
        },
    )
    .unwrap();
    assert_ne!(view.template.stages[1].question, "Our own question");
    assert!(view.template.meddpicc, "the overlay choice is kept");
    assert_eq!(view.undo_depth, 2);
    assert_eq!(t.snapshot(), deals_before);
}

#[test]
fn template_json_follows_the_contract() {
    let t = TestWs::new();
    t.import(
        "pipe.csv",
        "Opportunity ID,Opportunity Name,Amount,Close Date,Stage\nT-1,One,100,2026-12-01,Discovery\nT-2,Two,200,2026-12-02,Closed Won\n",
    );
    let out = cli(&t.data_dir(), &["template", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["preset"], "agreement_based");
    let stages = v["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 6);
    let keys: BTreeSet<&str> = stages[3]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    for k in [
        "number",
        "name",
        "question",
        "exit_criteria",
        "people",
        "tools",
        "risk",
    ] {
        assert!(keys.contains(k), "stage has no {k}: {keys:?}");
    }
    assert_eq!(stages[3]["number"], 3);
    assert!(stages[3]["exit_criteria"][0].is_string());
    for color in ["red", "orange", "yellow", "green"] {
        assert!(stages[3]["risk"][color]
            .as_str()
            .is_some_and(|s| !s.is_empty()));
    }
    let mapping = v["stage_mapping"].as_array().unwrap();
    let discovery = mapping
        .iter()
        .find(|m| m["crm_stage"] == "Discovery")
        .unwrap();
    assert_eq!(discovery["stage"], 1);
}

#[test]
fn export_then_import_through_the_cli() {
    let t = TestWs::new();
    let file = t.dir.path().join("template.xlsx");
    let out = cli(
        &t.data_dir(),
        &["template", "export", "--out", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&file).unwrap();
    let question = &salesos::process::template::default_template().stages[3].question;
    let edited = patch_part(
        &bytes,
        "xl/sharedStrings.xml",
        question,
        "Who signs, and how do they buy?",
    );
    let edited_path = t.write("edited.xlsx", edited);
    let out = cli(
        &t.data_dir(),
        &[
            "import",
            edited_path.to_str().unwrap(),
            "--kind",
            "template",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].as_str().unwrap().contains("Stage 3"));
    let view = api::get_template(&t.ws, Empty {}).unwrap();
    assert_eq!(
        view.template.stages[3].question,
        "Who signs, and how do they buy?"
    );

    // A deals export is not a template: a clear message, non-zero exit.
    let deals = t.write("deals.csv", "Opportunity Name,Amount\nA,1\n");
    let out = cli(
        &t.data_dir(),
        &["import", deals.to_str().unwrap(), "--kind", "template"],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a SalesOS process template"), "{err}");
}

#[test]
fn a_template_offered_as_deals_is_pointed_to_the_template_import() {
    let t = TestWs::new();
    let bytes = api::template_xlsx(&t.ws, Empty {}).unwrap().bytes;
    let staged =
        salesos::import::stage_bytes(&t.ws, "Sales process template.xlsx", &bytes).unwrap();
    assert!(staged.template, "the Import page is told it is a template");
    let deals = salesos::import::stage_bytes(&t.ws, "deals.csv", b"Opportunity Name,Amount\nA,1\n")
        .unwrap();
    assert!(!deals.template);

    let path = t.write("template.xlsx", &bytes);
    let before = t.snapshot();
    // Chosen as deals: refused and pointed to the template import (without
    // `--kind` the template is detected and imported as one).
    let out = cli(
        &t.data_dir(),
        &["import", path.to_str().unwrap(), "--kind", "deals"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("process template") && err.contains("--kind template"),
        "{err}"
    );
    assert_eq!(t.snapshot(), before, "nothing was imported");
}
