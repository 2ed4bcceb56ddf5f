//! The reader on its own: files written here, read back as rows of cells,
//! with no knowledge of what the columns mean beyond the `Fields` a caller
//! passes to pick a sheet.
use rust_xlsxwriter::Workbook;
use sheet::{Cell, Error, Fields, Format, Grid};

/// Column names of a pretend caller: field 0 is "Deal", 1 "Amount", 2 "Close".
fn deal_fields(header: &str) -> Option<usize> {
    ["deal", "amount", "close"]
        .iter()
        .position(|f| header.trim().eq_ignore_ascii_case(f))
}

fn no_fields(_: &str) -> Option<usize> {
    None
}

fn texts(grid: &Grid) -> Vec<Vec<String>> {
    grid.rows
        .iter()
        .map(|r| r.cells.iter().map(Cell::display).collect())
        .collect()
}

/// A workbook whose first sheet holds currency rates and whose second holds
/// the deals, as some exports arrive.
fn rates_then_deals() -> Vec<u8> {
    let mut wb = Workbook::new();
    let rates = wb.add_worksheet().set_name("Rates").expect("name");
    rates.write(0, 0, "Currency").expect("write");
    rates.write(0, 1, "Rate").expect("write");
    rates.write(1, 0, "EUR").expect("write");
    rates.write(1, 1, 1.08).expect("write");
    let deals = wb.add_worksheet().set_name("Opportunities").expect("name");
    for (c, h) in ["Deal", "Amount", "Close"].iter().enumerate() {
        deals.write(0, c as u16, *h).expect("write");
    }
    deals.write(1, 0, "Acme renewal").expect("write");
    deals.write(1, 1, 12_500.5).expect("write");
    deals.write(3, 0, "Globex").expect("write");
    deals.write(3, 1, 900).expect("write");
    wb.save_to_buffer().expect("save")
}

#[test]
fn sniffs_from_bytes_not_names() {
    assert_eq!(
        sheet::sniff(&rates_then_deals()).expect("xlsx"),
        Format::Xlsx
    );
    assert_eq!(sheet::sniff(b"a,b\n1,2\n").expect("csv"), Format::Delimited);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    match sheet::sniff(png) {
        Err(Error::Unreadable(m)) => assert!(!m.contains('\n'), "{m}"),
        other => panic!("a picture is not a spreadsheet: {other:?}"),
    }
}

#[test]
fn picks_the_sheet_the_caller_knows_and_says_so() {
    let bytes = rates_then_deals();
    let (names, read, grid) = sheet::load(Format::Xlsx, &bytes, None, &deal_fields).expect("load");
    assert_eq!(names, ["Rates", "Opportunities"]);
    assert_eq!(read, "Opportunities");
    // Blank rows are not kept; each row keeps its sheet row number.
    assert_eq!(
        grid.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 4]
    );
    assert_eq!(texts(&grid)[1], ["Acme renewal", "12500.5"]);
    assert!(
        grid.notes.iter().any(|n| n.contains("\"Rates\"")),
        "the other sheet is named: {:?}",
        grid.notes
    );
    // A caller that knows no columns gets the sheet with the most rows.
    let (_, read, _) = sheet::load(Format::Xlsx, &bytes, None, &no_fields).expect("load");
    assert_eq!(read, "Opportunities");
    // A sheet asked for by name is read whatever it holds, in any case.
    let (_, read, _) =
        sheet::load(Format::Xlsx, &bytes, Some("rates"), &deal_fields).expect("load");
    assert_eq!(read, "Rates");
    match sheet::load(Format::Xlsx, &bytes, Some("Leads"), &deal_fields) {
        Err(Error::NoSuchSheet(m)) => assert!(m.contains("Opportunities"), "{m}"),
        other => panic!("no such sheet: {other:?}"),
    }
}

#[test]
fn streaming_reads_what_a_whole_read_reads() {
    let bytes = rates_then_deals();
    let (_, _, whole) = sheet::load(Format::Xlsx, &bytes, None, &deal_fields).expect("load");
    let streamed: Result<Vec<Vec<String>>, Error> = sheet::stream::stream(
        Format::Xlsx,
        &bytes,
        None,
        &deal_fields as &Fields,
        |sheets| {
            assert_eq!(sheets.len(), 2);
            Ok(())
        },
        |rows| {
            let mut out = Vec::new();
            while let Some(row) = rows.next_row()? {
                out.push(row.cells.iter().map(Cell::display).collect());
            }
            Ok(out)
        },
    );
    assert_eq!(streamed.expect("stream"), texts(&whole));
}

#[test]
fn text_files_in_the_dialects_exports_use() {
    // European Excel: semicolons, a byte order mark, a quoted line break.
    let csv = "\u{feff}Deal;Amount\n\"Acme\nrenewal\";\"1.200,50\"\nGlobex;900\n";
    let (_, read, grid) =
        sheet::load(Format::Delimited, csv.as_bytes(), None, &deal_fields).expect("csv");
    assert_eq!(read, sheet::TEXT_SHEET);
    assert_eq!(
        texts(&grid),
        [
            vec!["Deal", "Amount"],
            vec!["Acme\nrenewal", "1.200,50"],
            vec!["Globex", "900"]
        ]
    );
    // Rows are numbered as a spreadsheet app shows the file: the quoted
    // line break stays inside its cell, so Globex is row 3.
    assert_eq!(
        grid.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
}

#[test]
fn a_damaged_workbook_is_one_plain_line() {
    let mut bytes = rates_then_deals();
    let half = bytes.len() / 2;
    bytes.truncate(half);
    let err = match sheet::sniff(&bytes) {
        Err(e) => e,
        Ok(format) => sheet::load(format, &bytes, None, &deal_fields).expect_err("cut in half"),
    };
    let text = err.to_string();
    assert!(!text.is_empty() && !text.contains('\n'), "{text}");
}

#[test]
fn columns_beyond_the_limit_are_dropped_with_a_note() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "Deal").expect("write");
    ws.write(0, 2000, "far right").expect("write");
    let bytes = wb.save_to_buffer().expect("save");
    let (_, _, grid) = sheet::load(Format::Xlsx, &bytes, None, &no_fields).expect("load");
    assert_eq!(texts(&grid), [vec!["Deal"]]);
    assert!(
        grid.notes.iter().any(|n| n.contains("column AMJ")),
        "{:?}",
        grid.notes
    );
}
