//! Next Monday's import: the same deals are updated (never duplicated), every
//! change is kept as history, and an import can be reverted exactly.
use chrono::NaiveDate;
use salesos::api::{self, DealQuery, Empty, SetRiskRequest};
use salesos::import::{import_file, ImportIdRequest, ImportOptions, StageChoice};
use salesos::process::Risk;
use salesos::store::Workspace;

const MONDAY_1: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
1,Alpha,Acme,Ann,10000,2026-12-01,Discovery
2,Bravo,Bolt,Bob,20000,2026-12-05,Demo
3,Charlie,Cove,Bob,30000,2026-12-10,Proposal
";

const MONDAY_2: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
1,Alpha,Acme,Ann,10000,2026-12-01,Discovery
2,Bravo,Bolt,Bob,25000,2027-01-20,Demo
3,Charlie,Cove,Bob,30000,2026-12-10,Closed Won
4,Delta,Dune,Dee,40000,2026-12-20,Discovery
";

fn setup() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws"))
        .unwrap()
        .with_today(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    (dir, ws)
}

fn import(
    ws: &Workspace,
    dir: &tempfile::TempDir,
    name: &str,
    body: &str,
) -> salesos::import::ImportReport {
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    import_file(ws, &path, &ImportOptions::default(), &mut |_, _, _| {}).unwrap()
}

fn snapshot(ws: &Workspace) -> String {
    let page = api::list_deals(
        ws,
        DealQuery {
            sort: api::DealColumn::ExternalId,
            limit: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    let reps = api::list_reps(ws, Empty {}).unwrap();
    format!(
        "{:?}\n{:?}",
        page.rows,
        reps.iter().map(|r| &r.name).collect::<Vec<_>>()
    )
}

#[test]
fn reimport_updates_the_same_deals_and_keeps_history() {
    let (dir, ws) = setup();
    let first = import(&ws, &dir, "monday1.csv", MONDAY_1);
    assert_eq!((first.created, first.updated, first.unchanged), (3, 0, 0));

    // A risk set in the app survives an export that has no risk column.
    let alpha = api::list_deals(
        &ws,
        DealQuery {
            search: Some("Alpha".into()),
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows[0]
        .clone();
    api::set_risk(
        &ws,
        SetRiskRequest {
            deal_id: alpha.id,
            risk: Some(Risk::Green),
        },
    )
    .unwrap();

    let second = import(&ws, &dir, "monday2.csv", MONDAY_2);
    assert_eq!(
        (
            second.created,
            second.updated,
            second.unchanged,
            second.rejected
        ),
        (1, 2, 1, 0)
    );
    let page = api::list_deals(
        &ws,
        DealQuery {
            limit: 100,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 4, "no duplicates");
    let alpha = page
        .rows
        .iter()
        .find(|d| d.name.as_deref() == Some("Alpha"))
        .unwrap();
    assert_eq!(alpha.risk, Some(Risk::Green));
    let charlie = page
        .rows
        .iter()
        .find(|d| d.name.as_deref() == Some("Charlie"))
        .unwrap();
    assert_eq!(charlie.status, salesos::process::DealStatus::Won);

    // The push and the amount change are in the history.
    let conn = ws.conn();
    let changes: Vec<(String, Option<String>, Option<String>)> = conn
        .prepare("SELECT h.field, h.old_value, h.new_value FROM deal_history h JOIN deals d ON d.id = h.deal_id WHERE d.external_id = '2' ORDER BY h.field")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        changes,
        vec![
            (
                "amount_minor".to_string(),
                Some("2000000".to_string()),
                Some("2500000".to_string())
            ),
            (
                "close_date".to_string(),
                Some("2026-12-05".to_string()),
                Some("2027-01-20".to_string())
            ),
        ]
    );
}

#[test]
fn revert_returns_the_workspace_exactly() {
    let (dir, ws) = setup();
    import(&ws, &dir, "monday1.csv", MONDAY_1);
    let before = snapshot(&ws);
    let second = import(&ws, &dir, "monday2.csv", MONDAY_2);
    assert_ne!(snapshot(&ws), before);

    let imports = api::list_imports(&ws, Empty {}).unwrap();
    assert_eq!(imports.len(), 2);
    assert!(imports[0].can_revert && !imports[1].can_revert);
    // Only the latest import can be reverted.
    let older = api::revert_import(
        &ws,
        ImportIdRequest {
            import_id: imports[1].id,
        },
    )
    .unwrap_err();
    assert!(older.message.contains("most recent"));

    let reverted = api::revert_import(
        &ws,
        ImportIdRequest {
            import_id: second.import_id.unwrap(),
        },
    )
    .unwrap();
    assert!(reverted.reverted_at.is_some());
    assert_eq!(
        snapshot(&ws),
        before,
        "the workspace returns exactly to before the import"
    );
    // And then the first one, back to empty.
    api::revert_import(
        &ws,
        ImportIdRequest {
            import_id: imports[1].id,
        },
    )
    .unwrap();
    assert!(api::workspace_info(&ws, Empty {}).unwrap().empty);
}

#[test]
fn mapping_and_stage_choices_are_remembered() {
    let (dir, ws) = setup();
    let path = dir.path().join("odd.csv");
    std::fs::write(
        &path,
        "Ref,Title,Who,Worth,When,Progress\n9,Zulu,Zed,5000,2026-12-02,Pilot running\n",
    )
    .unwrap();
    // "Ref", "Who", "Worth", "When" and "Progress" are in no CRM's export
    // (the field dictionary knows "Phase" as the stage): the user maps them once.
    let staged = salesos::import::stage_path(&ws, &path).unwrap();
    let preview = api::import_preview(
        &ws,
        salesos::import::ImportPreviewRequest {
            file_id: staged.file_id.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!preview.mapping_remembered);
    assert!(
        preview.stage_labels.is_empty(),
        "no column is the stage yet"
    );
    use salesos::import::{ColumnAssignment, Field};
    let mapping: Vec<ColumnAssignment> = [
        Field::ExternalId,
        Field::Name,
        Field::Owner,
        Field::Amount,
        Field::CloseDate,
        Field::Stage,
    ]
    .iter()
    .enumerate()
    .map(|(i, f)| ColumnAssignment {
        column: i as u32,
        field: Some(*f),
    })
    .collect();
    let preview = api::import_preview(
        &ws,
        salesos::import::ImportPreviewRequest {
            file_id: staged.file_id.clone(),
            mapping: Some(mapping.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(preview.stage_labels.len(), 1);
    assert!(
        !preview.stage_labels[0].confirmed,
        "an unseen label is only a suggestion"
    );
    assert_eq!(preview.rows[0].values[1].as_deref(), Some("Zulu"));
    let report = api::import_commit(
        &ws,
        salesos::import::ImportCommitRequest {
            file_id: staged.file_id,
            mapping: Some(mapping),
            stages: vec![StageChoice {
                label: "Pilot running".into(),
                stage: Some(4),
                outcome: None,
            }],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.created, 1);
    let deal = &api::list_deals(
        &ws,
        DealQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows[0];
    assert_eq!(
        (deal.name.as_deref(), deal.stage, deal.amount),
        (Some("Zulu"), Some(4), Some(500_000))
    );

    // Next week's export of the same shape needs no clicks.
    let staged = salesos::import::stage_path(&ws, &path).unwrap();
    let preview = api::import_preview(
        &ws,
        salesos::import::ImportPreviewRequest {
            file_id: staged.file_id,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(preview.mapping_remembered);
    assert!(preview.stage_labels[0].confirmed);
    assert_eq!(preview.stage_labels[0].stage, Some(4));
    let mapping = api::stage_mapping(&ws, Empty {}).unwrap();
    assert!(mapping
        .iter()
        .any(|m| m.label == "Pilot running" && m.confirmed && m.deals == 1));
}
