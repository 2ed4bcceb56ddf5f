//! Identical import problems read as one line with their rows ("rows 2–40,
//! 42"), while the report's full lists and the rows-to-fix workbook keep
//! every row.
use salesos::api;
use salesos::import::grouping::{group, ranges};
use salesos::import::{import_file, ImportIdRequest, ImportOptions, RowIssue};
use salesos::store::Workspace;

fn issue(row: u32, column: &str, value: Option<&str>, message: &str) -> RowIssue {
    RowIssue {
        row,
        column: Some(column.into()),
        value: value.map(str::to_string),
        message: message.into(),
    }
}

#[test]
fn row_numbers_compress_into_ranges() {
    assert_eq!(ranges(vec![45, 2, 3, 4, 5, 3]), "2–5, 45");
    assert_eq!(ranges(vec![7]), "7");
    assert_eq!(ranges(vec![]), "");
    // Past twelve ranges, the rest is counted, not listed.
    let scattered: Vec<u32> = (0..20).map(|i| 2 + i * 3).collect();
    assert_eq!(
        ranges(scattered),
        "2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, … and 8 more rows"
    );
}

#[test]
fn identical_problems_group_and_different_ones_do_not() {
    let issues = vec![
        issue(2, "Close Date", None, "no close date"),
        issue(3, "Amount", Some("N/A"), "not an amount"),
        issue(4, "Close Date", None, "no close date"),
        issue(5, "Close Date", None, "no close date"),
        issue(9, "Amount", Some("TBD"), "not an amount"),
        issue(10, "Stage", None, "no close date"),
    ];
    let g = group(&issues);
    let lines: Vec<_> = g
        .iter()
        .map(|g| {
            (
                g.column.as_deref().unwrap(),
                g.value.as_deref(),
                g.count,
                g.rows.as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("Close Date", None, 3, "2, 4–5"),
            // Different values, same problem: one line, no single value.
            ("Amount", None, 2, "3, 9"),
            ("Stage", None, 1, "10"),
        ]
    );
    assert_eq!(
        g.iter().map(|g| g.count).sum::<u32>() as usize,
        issues.len()
    );
}

#[test]
fn a_maven_like_export_reports_one_line_and_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(&dir.path().join("ws")).unwrap();
    let mut csv =
        String::from("opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n");
    for i in 2..=40 {
        csv.push_str(&format!(
            "MV-{i},Priya Shah,GTX Pro,Acct {i},Engaging,2026-10-02,,\n"
        ));
    }
    csv.push_str("MV-41,Priya Shah,GTX Pro,Acct 41,Won,2026-09-01,2026-10-20,5000\n");
    csv.push_str("MV-42,Tom Becker,GTX Pro,Acct 42,Prospecting,2026-10-02,,\n");
    let file = dir.path().join("sales_pipeline.csv");
    std::fs::write(&file, csv).unwrap();
    let report = import_file(&ws, &file, &ImportOptions::default(), &mut |_, _, _| {}).unwrap();

    assert_eq!(
        report.warnings.len(),
        40,
        "every row stays in the full list"
    );
    assert_eq!(
        report.warning_groups.len(),
        1,
        "{:?}",
        report.warning_groups
    );
    let g = &report.warning_groups[0];
    assert_eq!((g.count, g.rows.as_str()), (40, "2–40, 42"));
    assert!(g.message.contains("without a close date"), "{}", g.message);

    // Reopened from the history: the same groups; the rows to fix list all 40.
    let req = || ImportIdRequest {
        import_id: report.import_id.unwrap(),
    };
    assert_eq!(
        api::import_report(&ws, req()).unwrap().warning_groups,
        report.warning_groups
    );
    let bytes = api::import_issues_xlsx(&ws, req()).unwrap().bytes;
    use calamine::{Reader, Xlsx};
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.worksheet_range("Rows to fix").unwrap().rows().count(),
        41
    );
}
