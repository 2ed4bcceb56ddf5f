//! The rejected and flagged rows come back as a workbook to fix and import
//! again: read it back with calamine like any spreadsheet app would.
use calamine::{Data, Reader, Xlsx};
use salesos::api;
use salesos::import::{import_file, ImportIdRequest, ImportOptions};
use salesos::store::Workspace;

const BAD: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage
1,Acme renewal,Acme,Dana,\"$120,000.00\",2026-12-15,Negotiation
2,Globex expansion,Globex,Dana,N/A,2026-12-20,Proposal
,,Umbrella,Marco,60000,2026-12-05,Demo
";

#[test]
fn rows_to_fix_workbook_has_reasons_beside_the_original_cells() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws")).unwrap();
    let file = dir.path().join("pipeline.csv");
    std::fs::write(&file, BAD).unwrap();
    let report = import_file(&ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).unwrap();
    let download = api::import_issues_xlsx(
        &ws,
        ImportIdRequest {
            import_id: report.import_id.unwrap(),
        },
    )
    .unwrap();
    assert_eq!(download.file_name, "pipeline - rows to fix.xlsx");

    let mut wb = Xlsx::new(std::io::Cursor::new(download.bytes)).unwrap();
    let range = wb.worksheet_range("Rows to fix").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(
        &rows[0][..5],
        [
            "Sheet row",
            "Outcome",
            "What to fix",
            "Opportunity ID",
            "Opportunity Name"
        ]
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        &rows[1][..4],
        [
            "3",
            "Imported, check",
            "Amount: \"N/A\" is not an amount; the amount was left empty.",
            "2"
        ]
    );
    assert_eq!(rows[1][7], "N/A", "the original cell is kept to fix");
    assert_eq!(rows[2][0], "4");
    assert_eq!(rows[2][1], "Rejected");
    assert!(rows[2][2].contains("No deal ID and no deal name"));
    assert_eq!(rows[2][5], "Umbrella");
}

#[test]
fn rows_to_fix_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pipeline.csv");
    std::fs::write(&file, BAD).unwrap();
    let bin = env!("CARGO_BIN_EXE_salesos");
    let data = dir.path().join("ws");
    let ok = std::process::Command::new(bin)
        .arg("--data")
        .arg(&data)
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(ok.status.success());
    let out = dir.path().join("fix.xlsx");
    let ok = std::process::Command::new(bin)
        .arg("--data")
        .arg(&data)
        .args(["rows-to-fix", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let missing = std::process::Command::new(bin)
        .arg("--data")
        .arg(&data)
        .args(["rows-to-fix", "99"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Import 99 was not found"));
}
