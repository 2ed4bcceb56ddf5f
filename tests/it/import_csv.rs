//! Text exports: comma, semicolon (European Excel, "1.234,56" amounts), tab,
//! UTF-8 with BOM, UTF-16 LE with BOM, Windows-1252, quoted fields holding
//! commas and line breaks, blank lines. Row numbers in the report are the
//! ones a spreadsheet app shows (checked against LibreOffice itself, in a
//! conversion committed in `tests/fixtures`).

use crate::common::*;
use salesos::import::ImportReport;

/// One `(row, column, value)` per warning, in report order.
fn warning_cells(report: &ImportReport) -> Vec<(u32, String, String)> {
    report
        .warnings
        .iter()
        .map(|w| {
            (
                w.row,
                w.column.clone().unwrap_or_default(),
                w.value.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn cells(list: &[(u32, &str, &str)]) -> Vec<(u32, String, String)> {
    list.iter()
        .map(|(r, c, v)| (*r, c.to_string(), v.to_string()))
        .collect()
}

/// A record spanning two lines (a quoted line break), commas and quotes
/// inside quotes, CRLF endings and a blank line. A spreadsheet app shows:
/// row 1 header, row 2 C-1 (one row, two lines tall), row 3 C-2, row 4
/// empty, row 5 C-3. Also `tests/fixtures/sources/tricky.csv`, which
/// LibreOffice converted to `tests/fixtures/tricky.xlsx`.
pub(crate) const TRICKY: &str = "Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Next Step\r\n\
C-1,\"Big deal, phase 1\",\"Acme, Inc.\",1000,2026-03-01,\"Call the CFO\r\nthen send the contract\"\r\n\
C-2,Second,Bolt,N/A,2026-03-02,\r\n\
\r\n\
C-3,Third,\"Cove \"\"The Best\"\"\",2500,TBD,\r\n";

#[test]
fn comma_separated_with_quoted_commas_line_breaks_and_a_blank_line() {
    let t = TestWs::new();
    let report = t.import("tricky.csv", TRICKY);
    assert!(
        has_note(&report, "Read as comma-separated text in UTF-8."),
        "{:#?}",
        report.notes
    );
    assert_eq!(
        (report.rows_read, report.created, report.rejected),
        (3, 3, 0)
    );
    assert_eq!(
        warning_cells(&report),
        cells(&[(3, "Amount", "N/A"), (5, "Close Date", "TBD")]),
        "{:#?}",
        report.warnings
    );

    let c1 = t.deal("C-1");
    assert_eq!(c1.name.as_deref(), Some("Big deal, phase 1"));
    assert_eq!(c1.account.as_deref(), Some("Acme, Inc."));
    assert_eq!(
        c1.next_step.as_deref(),
        Some("Call the CFO\r\nthen send the contract")
    );
    assert_eq!(c1.amount, Some(100_000));
    assert_eq!(c1.close_date, Some(d(2026, 3, 1)));
    assert_eq!(t.deal("C-2").amount, None);
    let c3 = t.deal("C-3");
    assert_eq!(c3.account.as_deref(), Some("Cove \"The Best\""));
    assert_eq!(c3.amount, Some(250_000));
    assert_eq!(c3.close_date, None);
}

#[test]
fn csv_row_numbers_match_what_libreoffice_shows() {
    // LibreOffice opened the same CSV and saved it as xlsx (comma, double
    // quote, UTF-8, from line 1: tests/fixtures/generate.sh): the rows it
    // put the bad cells on are the rows a user sees.
    assert_eq!(
        String::from_utf8(fixture("sources/tricky.csv")).expect("UTF-8"),
        TRICKY,
        "tests/fixtures/sources/tricky.csv is not TRICKY: run `make fixtures`"
    );
    let t = TestWs::new();
    let converted = t.write("tricky.xlsx", fixture("tricky.xlsx"));

    let from_app = TestWs::new();
    let app_report = from_app
        .import_with(&converted, &Default::default())
        .unwrap();
    let csv_report = TestWs::new().import("tricky.csv", TRICKY);
    let rows = |r: &ImportReport| r.warnings.iter().map(|w| w.row).collect::<Vec<_>>();
    assert_eq!(rows(&app_report), [3, 5], "{:#?}", app_report.warnings);
    assert_eq!(rows(&csv_report), rows(&app_report));
}

#[test]
fn semicolon_separated_with_european_amounts_and_dates() {
    let t = TestWs::new();
    let body = "Opportunity ID;Opportunity Name;Account Name;Amount;Close Date\n\
S-1;Alpha;Acme;1.234,56;15.03.2026\n\
S-2;Beta;\"Bolt; Söhne\";12.500,00 €;31.03.2026\n\
S-3;Gamma;Cove;999,5;01.04.2026\n\
S-4;Delta;Dune;-250,00;02.04.2026\n";
    let report = t.import("export-de.csv", body);
    assert!(
        has_note(&report, "Read as semicolon-separated text in UTF-8."),
        "{:#?}",
        report.notes
    );
    assert!(
        has_note(&report, "Close Date: dates read as day/month/year."),
        "{:#?}",
        report.notes
    );
    assert_eq!((report.rows_read, report.created), (4, 4));
    assert_eq!(warning_cells(&report), cells(&[(5, "Amount", "-250,00")]));
    assert!(report.warnings[0].message.contains("negative"));

    let s1 = t.deal("S-1");
    assert_eq!(s1.amount, Some(123_456));
    assert_eq!(s1.close_date, Some(d(2026, 3, 15)));
    let s2 = t.deal("S-2");
    assert_eq!(s2.account.as_deref(), Some("Bolt; Söhne"));
    assert_eq!((s2.amount, s2.currency.as_str()), (Some(1_250_000), "EUR"));
    assert_eq!(s2.close_date, Some(d(2026, 3, 31)));
    let s3 = t.deal("S-3");
    assert_eq!(s3.amount, Some(99_950));
    assert_eq!(s3.close_date, Some(d(2026, 4, 1)), "1 April, not 4 January");
    assert_eq!(t.deal("S-4").amount, None);
}

#[test]
fn tab_separated() {
    let t = TestWs::new();
    let body = "Deal ID\tDeal Name\tDeal Value\tExpected Close Date\tOwner\tStage\n\
T-1\tTab, one\t1,500\t03/25/2026\tZoe Kim\tDemo\n\
T-2\tTab two\t$2,000.75\t04/01/2026\tZoe Kim\tLost\n";
    let report = t.import("deals.tsv", body);
    assert!(
        has_note(&report, "Read as tab-separated text in UTF-8."),
        "{:#?}",
        report.notes
    );
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let t1 = t.deal("T-1");
    assert_eq!(t1.name.as_deref(), Some("Tab, one"));
    assert_eq!(t1.amount, Some(150_000));
    assert_eq!(t1.close_date, Some(d(2026, 3, 25)));
    assert_eq!(t1.owner.as_deref(), Some("Zoe Kim"));
    let t2 = t.deal("T-2");
    assert_eq!(t2.amount, Some(200_075));
    assert_eq!(t2.close_date, Some(d(2026, 4, 1)));
    assert_eq!(t2.status, salesos::process::DealStatus::Lost);
}

#[test]
fn utf8_with_byte_order_mark() {
    let t = TestWs::new();
    let body = "\u{FEFF}Opportunity ID,Opportunity Name,Account Name,Amount\n\
B-1,Crème brûlée,Société Générale,100\n\
B-2,Smørrebrød,Ærø Øl,N/A\n";
    let report = t.import("bom.csv", body);
    // The BOM is not part of the first header, so the id column is mapped.
    assert_eq!(report.unused_columns, Vec::<String>::new());
    assert_eq!(warning_cells(&report), cells(&[(3, "Amount", "N/A")]));
    let b1 = t.deal("B-1");
    assert_eq!(b1.name.as_deref(), Some("Crème brûlée"));
    assert_eq!(b1.account.as_deref(), Some("Société Générale"));
    assert_eq!(b1.amount, Some(10_000));
    assert_eq!(t.deal("B-2").account.as_deref(), Some("Ærø Øl"));
}

#[test]
fn utf16_le_with_byte_order_mark() {
    // Excel's "Unicode text": UTF-16 LE, tab-separated, CRLF.
    let t = TestWs::new();
    let text = "Opportunity ID\tOpportunity Name\tAccount Name\tAmount\tClose Date\r\n\
U-1\tZürich rollout\tZürich Versicherung\t12500\t2026-03-15\r\n\
U-2\tTōkyō\t東京商事\t¥1,000,000\t2026-03-16\r\n\
U-3\tKraków\tSociété Générale\tTBD\t2026-03-17\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let report = t.import("unicode.txt", bytes);
    assert!(
        has_note(&report, "Read as tab-separated text in UTF-16."),
        "{:#?}",
        report.notes
    );
    assert_eq!((report.rows_read, report.created), (3, 3));
    assert_eq!(warning_cells(&report), cells(&[(4, "Amount", "TBD")]));
    let u1 = t.deal("U-1");
    assert_eq!(u1.account.as_deref(), Some("Zürich Versicherung"));
    assert_eq!(u1.amount, Some(1_250_000));
    assert_eq!(u1.close_date, Some(d(2026, 3, 15)));
    let u2 = t.deal("U-2");
    assert_eq!(u2.account.as_deref(), Some("東京商事"));
    assert_eq!((u2.amount, u2.currency.as_str()), (Some(1_000_000), "JPY"));
    assert_eq!(t.deal("U-3").account.as_deref(), Some("Société Générale"));
}

#[test]
fn utf32_le_with_byte_order_mark() {
    // Its byte order mark starts like UTF-16 LE's (FF FE) and used to be
    // read as UTF-16, every other character a NUL: no header found.
    let t = TestWs::new();
    let text = "Opportunity ID,Opportunity Name,Account Name,Amount\r\nW-1,Zürich,東京商事,100\r\n";
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    bytes.extend(text.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let report = t.import("wide.csv", bytes);
    assert!(
        has_note(&report, "Read as comma-separated text in UTF-32."),
        "{:#?}",
        report.notes
    );
    assert_eq!((report.rows_read, report.created), (1, 1));
    assert_eq!(t.deal("W-1").account.as_deref(), Some("東京商事"));
}

#[test]
fn windows_1252_bytes() {
    // Older Excel on Windows saves "CSV" in the ANSI code page: é is 0xE9, € is 0x80.
    let t = TestWs::new();
    let mut bytes = b"Opportunity ID;Opportunity Name;Account Name;Amount\r\n".to_vec();
    bytes.extend_from_slice(b"W-1;Caf\xE9 cr\xE8me;Soci\xE9t\xE9 G\xE9n\xE9rale;\x80 1.234,56\r\n");
    bytes.extend_from_slice(b"W-2;Na\xEFve;M\xFCller & S\xF6hne;N/A\r\n");
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let report = t.import("ansi.csv", bytes);
    assert!(has_note(&report, "in Windows-1252"), "{:#?}", report.notes);
    assert_eq!(warning_cells(&report), cells(&[(3, "Amount", "N/A")]));
    let w1 = t.deal("W-1");
    assert_eq!(w1.name.as_deref(), Some("Café crème"));
    assert_eq!(w1.account.as_deref(), Some("Société Générale"));
    assert_eq!((w1.amount, w1.currency.as_str()), (Some(123_456), "EUR"));
    assert_eq!(t.deal("W-2").account.as_deref(), Some("Müller & Söhne"));
}

/// A 40-row pipeline (header + 39 deals) whose row 6 opens a quote that is
/// never closed: the csv reader used to take rows 6 to 40 as one deal's name.
fn stray_quote_csv() -> String {
    let mut csv = String::from("Opportunity ID,Opportunity Name,Account Name,Amount,Close Date\n");
    for i in 2..=40 {
        let name = if i == 6 {
            format!("\"Deal {i}")
        } else {
            format!("Deal {i}")
        };
        csv.push_str(&format!("S-{i},{name},Acme,{i}00,2026-03-01\n"));
    }
    csv
}

#[test]
fn a_stray_quote_rejects_its_row_and_the_rest_is_read() {
    let t = TestWs::new();
    let report = t.import("stray.csv", stray_quote_csv());
    assert_eq!(
        (report.rows_read, report.created, report.rejected),
        (39, 38, 1),
        "{report:#?}"
    );
    let error = issue_at(&report.errors, 6);
    assert!(
        error
            .message
            .contains("quote (\") opens here and is never closed")
            && error.message.contains("fix the quote in the file"),
        "{error:#?}"
    );
    assert_eq!(t.deal("S-7").name.as_deref(), Some("Deal 7"));
    assert_eq!(t.deal("S-40").amount, Some(400_000));
    assert!(t
        .deals()
        .iter()
        .all(|d| !d.name.as_deref().unwrap_or_default().contains('\n')));
}

#[test]
fn a_stray_quote_closed_rows_later_still_rejects_only_its_row() {
    // Row 3 opens a quote that a stray quote in row 6 closes: rows 4 and 5
    // used to vanish into row 3. A real multi-line note (row 7, two lines)
    // still imports, and the warning below it keeps its row number.
    let csv = "Opportunity ID,Opportunity Name,Account Name,Amount,Next Step\n\
Q-2,Two,Acme,200,call\n\
Q-3,\"Three,Acme,300,call\n\
Q-4,Four,Acme,400,call\n\
Q-5,Five,Acme,500,call\n\
Q-6,Six 12\",Acme,600,call\n\
Q-7,Seven,Acme,700,\"Call Monday, then\nsend the contract, signed\"\n\
Q-8,Eight,Acme,N/A,call\n";
    let t = TestWs::new();
    let report = t.import("closed-later.csv", csv);
    assert_eq!(
        (report.rows_read, report.created, report.rejected),
        (7, 6, 1),
        "{report:#?}"
    );
    assert_eq!(report.errors[0].row, 3, "{:#?}", report.errors);
    assert_eq!(t.deal("Q-4").name.as_deref(), Some("Four"));
    assert_eq!(t.deal("Q-6").name.as_deref(), Some("Six 12\""));
    assert_eq!(
        t.deal("Q-7").next_step.as_deref(),
        Some("Call Monday, then\nsend the contract, signed")
    );
    assert_eq!(
        warning_cells(&report),
        cells(&[(8, "Amount", "N/A")]),
        "{:#?}",
        report.warnings
    );
}

#[test]
fn multi_line_notes_holding_row_like_lines_still_import() {
    // Each note line has as many commas as a row, but the quotes close and
    // every row has its five fields: nothing is broken.
    let csv = "Opportunity ID,Opportunity Name,Account Name,Amount,Next Step\n\
N-1,One,Acme,100,\"Agenda: pricing, legal, security, timing\nnext: demo, trial, contract, kickoff\"\n\
N-2,Two,Acme,200,call\n";
    let t = TestWs::new();
    let report = t.import("notes.csv", csv);
    assert_eq!(
        (report.rows_read, report.created, report.rejected),
        (2, 2, 0),
        "{report:#?}"
    );
    assert_eq!(
        t.deal("N-1").next_step.as_deref(),
        Some("Agenda: pricing, legal, security, timing\nnext: demo, trial, contract, kickoff")
    );
}

#[test]
fn blank_rows_above_the_header_are_counted_in_the_note() {
    let t = TestWs::new();
    let report = t.import(
        "blank-top.csv",
        "\n\nOpportunity ID,Opportunity Name,Amount\nB-1,One,100\n",
    );
    assert!(
        has_note(
            &report,
            "Column names found on row 3; the 2 blank rows above it were skipped."
        ),
        "{:#?}",
        report.notes
    );
    let report = TestWs::new().import(
        "title.csv",
        "Pipeline export\nOpportunity ID,Opportunity Name,Amount\nB-1,One,100\n",
    );
    assert!(
        has_note(
            &report,
            "Column names found on row 2; the row above it was skipped as a title."
        ),
        "{:#?}",
        report.notes
    );
    assert!(!report.notes.iter().any(|n| n.contains("row(s)")));
}

#[test]
fn a_roster_without_a_header_asks_for_roster_columns() {
    let t = TestWs::new();
    let path = t.write("roster.txt", "just some notes\nnothing tabular here\n");
    let options = salesos::import::ImportOptions {
        kind: salesos::import::ImportKind::Reps,
        ..Default::default()
    };
    let err = t.import_with(&path, &options).unwrap_err().to_string();
    assert!(
        err.contains("No header row found") && err.contains("Rep Name, Manager"),
        "{err}"
    );
    assert!(!err.contains("Opportunity"), "{err}");
}

/// Issue 14, item 14: a roster stores only its fields, so its report says the
/// other columns were not imported instead of promising to keep them with each deal.
#[test]
fn a_rosters_unused_columns_are_reported_as_not_imported() {
    let t = TestWs::new();
    let path = t.write(
        "roster.csv",
        "Rep Name,Manager,Favourite colour\nAna Ruiz,Dana Fox,Blue\n",
    );
    let options = salesos::import::ImportOptions {
        kind: salesos::import::ImportKind::Reps,
        ..Default::default()
    };
    let report = t.import_with(&path, &options).unwrap();
    assert_eq!(report.unused_columns, vec!["Favourite colour".to_string()]);
    assert!(
        has_note(
            &report,
            "Not imported (a roster keeps only the columns matched to a field): Favourite colour."
        ),
        "{:#?}",
        report.notes
    );
    assert!(!report
        .notes
        .iter()
        .any(|n| n.contains("kept with each deal")));
}

#[test]
fn the_preview_names_the_row_a_stray_quote_breaks() {
    let t = TestWs::new();
    let csv = stray_quote_csv();
    let preview = salesos::import::preview(
        &t.ws,
        "f1",
        "stray.csv",
        csv.as_bytes(),
        None,
        Default::default(),
        None,
    )
    .unwrap();
    assert_eq!(preview.data_rows, 38, "{:#?}", preview.notes);
    assert!(
        preview
            .notes
            .iter()
            .any(|n| n.starts_with("Row 6: A quote (\") opens here")),
        "{:#?}",
        preview.notes
    );
}

#[test]
fn a_runaway_field_is_cut_to_a_spreadsheet_cells_limit() {
    // Excel keeps at most 32,767 characters in a cell; a text field of
    // 100,000 used to be copied whole through the import, its log and report.
    let t = TestWs::new();
    let long = "é".repeat(100_000);
    let csv =
        format!("Opportunity ID,Opportunity Name,Next Step\nL-1,Long,\"{long}\"\nL-2,Short,call\n");
    let report = t.import("long.csv", csv);
    assert_eq!((report.rows_read, report.created), (2, 2), "{report:#?}");
    assert!(
        has_note(
            &report,
            "1 cell(s) held more than 32767 characters, more than Excel allows; only their first 32767 characters were read."
        ),
        "{:#?}",
        report.notes
    );
    let step = t.deal("L-1").next_step.unwrap_or_default();
    assert_eq!(step.chars().count(), 32_767);
    assert!(step.chars().all(|c| c == 'é'));
    assert_eq!(t.deal("L-2").next_step.as_deref(), Some("call"));
}
