//! Large xlsx sheets stream: their first rows decide the header, mapping and
//! date orders while the rest is written as it is read. These tests use
//! sheets past that first part and prove the result is the same as reading
//! the whole sheet: footers far down are skipped, a date order only later
//! rows reveal is applied to every row, rows stored out of order are all
//! imported, and a sheet that breaks half way changes nothing.

use crate::common::*;

/// Well past the rows the importer reads before it starts writing.
const ROWS: u32 = 2_500;

fn header() -> Vec<C> {
    row!["Opportunity ID", "Opportunity Name", "Amount", "Close Date"]
}

/// `ROWS` deals; `close(i)` writes deal i's close date cell.
fn sheet(close: impl Fn(u32) -> C) -> Vec<Vec<C>> {
    let mut rows = vec![header()];
    for i in 0..ROWS {
        rows.push(vec![
            C::from(format!("OPP-{i:05}")),
            C::from(format!("Deal {i}")),
            C::from(1000.0 + i as f64),
            close(i),
        ]);
    }
    rows
}

#[test]
fn footers_far_down_are_skipped_and_counted() {
    let mut rows = sheet(|i| C::from(d(2026, 1 + i % 12, 1)));
    rows.push(row!["Total", "", 123456.0]);
    rows.push(row!["Grand Totals (2500 records)"]);
    rows.push(row!["Deal after the total", "x"]);
    let t = TestWs::new();
    let report = t.import("big.xlsx", xlsx(&rows));
    assert_eq!(report.rows_read, ROWS);
    assert_eq!(report.created, ROWS);
    let skipped: Vec<u32> = report.skipped.iter().map(|s| s.row).collect();
    assert_eq!(skipped, vec![ROWS + 2, ROWS + 3, ROWS + 4]);
    assert!(has_note(&report, "3 total or footer row(s) were skipped"));
    assert_eq!(t.deal_count(), ROWS);
    assert_eq!(t.deal("OPP-02499").amount, Some(349_900));
}

#[test]
fn a_date_order_only_later_rows_reveal_applies_to_every_row() {
    // Every date of the first 2,000 rows reads either way (day and month
    // both 12 or less); from then on days above 12 prove day/month/year.
    let rows = sheet(|i| {
        if i < 2_000 {
            C::from("03/04/2026")
        } else {
            C::from("25/04/2026")
        }
    });
    let t = TestWs::new();
    let report = t.import("dmy.xlsx", xlsx(&rows));
    assert_eq!(report.created, ROWS);
    assert!(report.warnings.is_empty(), "{:?}", &report.warnings[..1]);
    assert!(has_note(
        &report,
        "Close Date: dates read as day/month/year"
    ));
    assert_eq!(t.deal("OPP-00000").close_date, Some(d(2026, 4, 3)));
    assert_eq!(t.deal("OPP-02400").close_date, Some(d(2026, 4, 25)));
}

#[test]
fn rows_stored_out_of_order_are_all_imported_with_their_numbers() {
    let rows = sheet(|_| C::from(d(2026, 2, 1)));
    let bytes = xlsx(&rows);
    // Move sheet row 2 (the first deal) to the end of the sheet data.
    let xml = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    let start = xml.find("<row r=\"2\"").expect("row 2");
    let end = start + xml[start..].find("</row>").expect("end of row 2") + "</row>".len();
    let moved = &xml[start..end];
    let edited =
        xml.replacen(moved, "", 1)
            .replacen("</sheetData>", &format!("{moved}</sheetData>"), 1);
    let bytes = patch_part(&bytes, "xl/worksheets/sheet1.xml", &xml, &edited);
    let t = TestWs::new();
    let report = t.import("unordered.xlsx", bytes);
    assert_eq!(report.created, ROWS);
    assert_eq!(report.rows_read, ROWS);
    assert_eq!(t.deal("OPP-00000").amount, Some(100_000));
    // Row numbers stay the sheet's: a repeated id far down names the right
    // rows (the later row is the deal; row 9 is listed as replaced by it).
    let mut rows = sheet(|_| C::from(d(2026, 2, 1)));
    rows.push(row!["OPP-00007", "Again", 5.0]);
    let report = TestWs::new().import("dupe.xlsx", xlsx(&rows));
    let issue = issue_at(&report.repeats, 9);
    assert!(
        issue
            .message
            .contains(&format!("Names the same deal as row {}", ROWS + 2)),
        "{issue:?}"
    );
}

#[test]
fn a_sheet_that_breaks_half_way_changes_nothing() {
    let t = TestWs::new();
    t.import("first.xlsx", xlsx(&sheet(|_| C::from(d(2026, 2, 1)))[..10]));
    let before = t.snapshot();
    let bytes = xlsx(&sheet(|_| C::from(d(2026, 2, 1))));
    let xml = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    let cut = xml.find("<row r=\"2400\"").expect("row 2400");
    let broken = format!("{}<row r=\"2400\"><c r=\"A2400\" t=\"s\"><v>", &xml[..cut]);
    let bytes = patch_part(&bytes, "xl/worksheets/sheet1.xml", &xml, &broken);
    let message = t.import_err("broken.xlsx", bytes);
    assert!(message.contains("damaged"), "{message}");
    assert_eq!(t.snapshot(), before);
}

#[test]
fn the_import_log_keeps_the_files_digest_worked_out_beside_the_import() {
    let t = TestWs::new();
    let bytes = xlsx(&sheet(|i| C::from(d(2026, 1 + i % 12, 1))));
    let expected = format!("blake3:{}", blake3::hash(&bytes).to_hex());
    let report = t.import("big.xlsx", &bytes);
    let id = report.import_id.expect("kept in the log");
    let stored: String =
        t.ws.conn()
            .query_row("SELECT file_digest FROM imports WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("logged");
    assert_eq!(stored, expected);
}
