//! A past import can be reopened from the history: its stored report is the
//! one shown when it ran, and its rows to fix download again, after later
//! imports and after it was reverted.
use salesos::api::{self, Empty};
use salesos::import::{import_file, ImportIdRequest, ImportOptions};
use salesos::store::Workspace;

const BAD: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
1,Acme renewal,Acme,Dana,\"$120,000.00\",2026-12-15,Negotiation
2,Globex expansion,Globex,Dana,N/A,2026-12-20,Proposal
,,Umbrella,Marco,60000,2026-12-05,Demo
";

const LATER: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
9,Initech,Initech,Dana,5000,2026-12-01,Demo
";

#[test]
fn an_old_import_reopens_with_its_report_and_rows_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws")).unwrap();
    let run = |name: &str, csv: &str| {
        let file = dir.path().join(name);
        std::fs::write(&file, csv).unwrap();
        import_file(&ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).unwrap()
    };
    let first = run("pipeline.csv", BAD);
    let later = run("later.csv", LATER);
    let first_id = first.import_id.unwrap();
    let req = || ImportIdRequest {
        import_id: first_id,
    };

    // The history lists it; its stored report is the one shown at the time.
    let history = api::list_imports(&ws, Empty {}).unwrap();
    assert_eq!(
        history.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![later.import_id.unwrap(), first_id]
    );
    let reopened = api::import_report(&ws, req()).unwrap();
    assert_eq!(
        serde_json::to_value(&reopened).unwrap(),
        serde_json::to_value(&first).unwrap()
    );
    assert_eq!(reopened.import_id, Some(first_id));
    assert_eq!((reopened.rejected, reopened.warnings.len()), (1, 1));

    // Its rows to fix download again, with the same rows, also once reverted.
    let rows = |bytes: Vec<u8>| {
        use calamine::{Reader, Xlsx};
        let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        wb.worksheet_range("Rows to fix").unwrap().rows().count()
    };
    assert_eq!(rows(api::import_issues_xlsx(&ws, req()).unwrap().bytes), 3);
    api::revert_import(
        &ws,
        ImportIdRequest {
            import_id: later.import_id.unwrap(),
        },
    )
    .unwrap();
    api::revert_import(&ws, req()).unwrap();
    assert_eq!(api::import_report(&ws, req()).unwrap().rejected, 1);
    assert_eq!(rows(api::import_issues_xlsx(&ws, req()).unwrap().bytes), 3);
}
