//! The process template as a workbook: exported with rust_xlsxwriter, edited
//! by other writers (raw XML surgery, LibreOffice), read back.
use crate::common;

use std::io::Cursor;
use std::process::Command;

use crate::common::{patch_part, zip_part, TestWs};
use calamine::{Data, Reader, Xlsx};
use salesos::export::template::template_workbook;
use salesos::import::template::{is_template, read_template};
use salesos::import::StageMappingEntry;
use salesos::process::template::{default_template, ProcessTemplate};
use salesos::process::DealStatus;

fn mapping() -> Vec<StageMappingEntry> {
    let entry = |label: &str, stage, outcome, confirmed, deals| StageMappingEntry {
        label: label.to_string(),
        stage,
        outcome,
        confirmed,
        deals,
    };
    vec![
        entry("Discovery", Some(1), None, true, 12),
        entry("Business case", Some(4), None, false, 3),
        entry("Closed Won", None, Some(DealStatus::Won), true, 40),
        entry("Closed Lost", None, Some(DealStatus::Lost), true, 17),
        entry("Parking lot", None, None, false, 2),
    ]
}

fn exported() -> Vec<u8> {
    template_workbook(&default_template(), &mapping()).expect("export the template")
}

fn read_ok(bytes: &[u8], current: &ProcessTemplate) -> salesos::import::template::TemplateRead {
    read_template(bytes, current).unwrap_or_else(|e| panic!("reading the template failed: {e}"))
}

fn read_err(bytes: &[u8]) -> String {
    match read_template(bytes, &default_template()) {
        Ok(r) => panic!("should have been refused, got {:?}", r.changes),
        Err(e) => e.to_string(),
    }
}

/// The shared-string text as rust_xlsxwriter writes it (XML-escaped).
fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn soffice_available() -> bool {
    Command::new("soffice").arg("--version").output().is_ok()
}

#[test]
fn an_unchanged_export_reads_back_as_the_same_template() {
    let t = default_template();
    let bytes = exported();
    assert!(is_template(&bytes));
    let read = read_ok(&bytes, &t);
    assert_eq!(read.template, t);
    assert!(read.changes.is_empty(), "{:?}", read.changes);
}

#[test]
fn the_workbook_has_the_three_sheets_and_readable_cells() {
    let bytes = exported();
    let mut wb = Xlsx::new(Cursor::new(bytes.clone())).expect("open");
    assert_eq!(wb.sheet_names(), vec!["Stages", "Risk", "CRM stages"]);

    let stages = wb.worksheet_range("Stages").expect("Stages");
    let header: Vec<String> = (0..6)
        .map(|c| {
            stages
                .get((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        header,
        [
            "#",
            "Stage",
            "Question it answers",
            "Exit criteria",
            "People involved",
            "Tools that get it"
        ]
    );
    assert_eq!(stages.get((3, 0)), Some(&Data::Float(2.0)));
    assert_eq!(
        stages.get((3, 3)).map(|d| d.to_string()).unwrap_or_default(),
        "• Each initiative quantified: where they are today, where they need to be, and the gap\n• The date by which they need the value"
    );

    let risk = wb.worksheet_range("Risk").expect("Risk");
    assert_eq!(
        risk.get((2, 3)).map(|d| d.to_string()).unwrap_or_default(),
        "Likely to slip past its close date unless something changes.\n\nExample: A vague problem (\"we need more pipeline\")"
    );

    let crm = wb.worksheet_range("CRM stages").expect("CRM stages");
    let row = |r: usize| -> Vec<String> {
        (0..4)
            .map(|c| crm.get((r, c)).map(|d| d.to_string()).unwrap_or_default())
            .collect()
    };
    assert_eq!(row(0), ["CRM stage", "Maps to", "Confirmed", "Deals"]);
    assert_eq!(
        row(1),
        ["Discovery", "Stage 1 – Problem agreement", "yes", "12"]
    );
    assert_eq!(
        row(2),
        ["Business case", "Stage 4 – Value agreement", "no", "3"]
    );
    assert_eq!(row(3)[1], "Won");
    assert_eq!(row(4)[1], "Lost");
    assert_eq!(row(5)[1], "Unmapped");
    assert!(row(7)[0].contains("change the stage mapping in SalesOS"));

    let core = zip_part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Sales process template</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>SalesOS</dc:creator>"), "{core}");
    let custom = zip_part(&bytes, "docProps/custom.xml");
    assert!(custom.contains("name=\"SalesOS template\""), "{custom}");
}

#[test]
fn edits_made_in_the_xml_come_back_as_exactly_those_changes() {
    let t = default_template();
    let bytes = exported();
    let part = "xl/sharedStrings.xml";
    // Stage 2: reword the second criterion.
    let bytes = patch_part(
        &bytes,
        part,
        "• The date by which they need the value",
        "• The date by which they must see the value",
    );
    // Stage 3: the question.
    let bytes = patch_part(
        &bytes,
        part,
        "How will they decide, and how will they run the buying process?",
        "How will they decide and buy?",
    );
    // Stage 1, orange: definition and example, in one cell.
    let bytes = patch_part(
        &bytes,
        part,
        &xml_text(
            "Likely to slip past its close date unless something changes.\n\nExample: A vague problem",
        ),
        "Will slip unless the buyer acts.\n\nexample:   A vague problem with no owner",
    );
    // Stage 4: a new criterion line, written without a bullet.
    let bytes = patch_part(
        &bytes,
        part,
        "• Any pilot has success criteria agreed before it starts",
        "• Any pilot has success criteria agreed before it starts\n  Security questionnaire returned",
    );

    let read = read_ok(&bytes, &t);
    let mut want = t.clone();
    want.stages[2].exit_criteria[1].text = "The date by which they must see the value".into();
    want.stages[3].question = "How will they decide and buy?".into();
    want.stages[1].risk.orange = "Will slip unless the buyer acts.".into();
    want.stages[1].risk_examples.orange =
        "A vague problem with no owner (\"we need more pipeline\")".into();
    want.stages[4]
        .exit_criteria
        .push(salesos::process::template::Criterion {
            id: "s4c4".into(),
            text: "Security questionnaire returned".into(),
        });
    assert_eq!(read.template, want);
    // The edited criterion kept its id.
    assert_eq!(read.template.stages[2].exit_criteria[1].id, "s2c2");
    assert_eq!(
        read.changes,
        [
            "Stage 1 (Problem agreement): orange definition changed.",
            "Stage 1 (Problem agreement): orange example changed.",
            "Stage 2 (Priority agreement): exit criterion reworded: \"The date by which they need the value\" → \"The date by which they must see the value\".",
            "Stage 3 (Evaluation agreement): question changed.",
            "Stage 4 (Value agreement): exit criterion added: \"Security questionnaire returned\".",
        ]
    );
}

#[test]
fn a_file_re_saved_by_libreoffice_reads_back_the_same_and_prints() {
    if !soffice_available() {
        eprintln!("soffice is not installed: skipping the LibreOffice round trip (`make test` installs it)");
        return;
    }
    let tws = TestWs::new();
    let work = tws.dir.path();
    let t = default_template();
    let input = tws.write("template.xlsx", exported());

    let xlsx = common::soffice_convert(&input, "xlsx", work);
    let bytes = std::fs::read(&xlsx).expect("read converted xlsx");
    let read = read_ok(&bytes, &t);
    assert_eq!(read.template, t);
    assert!(read.changes.is_empty(), "{:?}", read.changes);

    let ods = common::soffice_convert(&input, "ods", work);
    let read = read_ok(&std::fs::read(&ods).expect("read ods"), &t);
    assert_eq!(read.template, t);
    assert!(read.changes.is_empty(), "{:?}", read.changes);

    let pdf = common::soffice_convert(&input, "pdf", work);
    // To look at the pages: SALESOS_TEMPLATE_PDF_DIR=dir cargo test --test it template_xlsx::
    if let Some(dir) = std::env::var_os("SALESOS_TEMPLATE_PDF_DIR") {
        std::fs::copy(&pdf, std::path::Path::new(&dir).join("template.pdf")).expect("keep the PDF");
        std::fs::copy(&input, std::path::Path::new(&dir).join("template.xlsx"))
            .expect("keep the xlsx");
    }
    let pdf = std::fs::read(&pdf).expect("read pdf");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(
        pdf.len() > 1000,
        "the PDF is nearly empty ({} bytes)",
        pdf.len()
    );
}

#[test]
fn every_sheet_prints_landscape_one_page_wide_with_a_frozen_header() {
    let bytes = exported();
    for n in 1..=3 {
        let xml = zip_part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(xml.contains("orientation=\"landscape\""), "sheet{n}: {xml}");
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet{n}: {xml}"
        );
        // One page wide is the default, which rust_xlsxwriter leaves out.
        assert!(
            !xml.contains("fitToWidth=") || xml.contains("fitToWidth=\"1\""),
            "sheet{n}: {xml}"
        );
        assert!(xml.contains("fitToHeight=\"0\""), "sheet{n}: {xml}");
        let pane = xml
            .split("<pane ")
            .nth(1)
            .and_then(|p| p.split("/>").next())
            .unwrap_or_else(|| panic!("sheet{n} has no pane: {xml}"));
        assert!(pane.contains("ySplit=\"1\""), "sheet{n}: {pane}");
        assert!(pane.contains("topLeftCell=\"A2\""), "sheet{n}: {pane}");
        assert!(pane.contains("state=\"frozen\""), "sheet{n}: {pane}");
        assert!(xml.contains("<headerFooter"), "sheet{n}: {xml}");
        assert!(xml.contains("Page &amp;P of &amp;N"), "sheet{n}: {xml}");
    }
}

#[test]
fn a_deals_workbook_or_garbage_is_refused_with_a_clear_message() {
    let deals = common::xlsx(&[
        row!["Deal", "Amount", "Stage", "Close date"],
        row!["Acme", 12500.0, "Discovery", common::d(2026, 3, 1)],
    ]);
    assert!(!is_template(&deals));
    let msg = read_err(&deals);
    assert!(msg.contains("not a SalesOS process template"), "{msg}");
    assert!(msg.contains("deals or a roster"), "{msg}");

    let msg = read_err(b"Deal,Amount\nAcme,100\n");
    assert!(msg.contains("not a SalesOS process template"), "{msg}");

    let bytes = exported();
    let msg = read_err(&bytes[..bytes.len() / 2]);
    assert!(
        msg.contains("cannot be read as a process template"),
        "{msg}"
    );
    assert!(msg.contains("damaged"), "{msg}");

    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let msg = read_err(&garbage);
    assert!(
        msg.contains("cannot be read as a process template"),
        "{msg}"
    );

    let msg = read_err(b"");
    assert!(msg.contains("empty"), "{msg}");
}

#[test]
fn a_stage_number_that_does_not_exist_names_the_row() {
    let bytes = exported();
    let xml = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    // Stage 3 is on sheet row 5; its number cell is A5.
    let at = xml.find("<c r=\"A5\"").expect("cell A5");
    let cell = &xml[at..at + xml[at..].find("</c>").expect("end of A5") + 4];
    assert!(cell.contains("<v>3</v>"), "{cell}");
    let bytes = patch_part(
        &bytes,
        "xl/worksheets/sheet1.xml",
        cell,
        &cell.replace("<v>3</v>", "<v>9</v>"),
    );
    let msg = read_err(&bytes);
    assert!(msg.contains("row 5"), "{msg}");
    assert!(msg.contains("\"9\""), "{msg}");
    assert!(msg.contains("0 to 5"), "{msg}");
}

#[test]
fn a_stage_row_without_its_number_or_twice_is_refused() {
    let bytes = exported();
    let xml = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    let at = xml.find("<c r=\"A4\"").expect("cell A4");
    let cell = &xml[at..at + xml[at..].find("</c>").expect("end of A4") + 4];
    let blanked = patch_part(&bytes, "xl/worksheets/sheet1.xml", cell, "");
    let msg = read_err(&blanked);
    assert!(msg.contains("row 4") && msg.contains("empty"), "{msg}");

    let twice = patch_part(
        &bytes,
        "xl/worksheets/sheet1.xml",
        cell,
        &cell.replace("<v>2</v>", "<v>1</v>"),
    );
    let msg = read_err(&twice);
    assert!(msg.contains("rows 3 and 4"), "{msg}");
}

#[test]
fn rows_are_matched_by_number_and_columns_by_header_in_any_order() {
    // A hand-made file: columns moved, rows shuffled, only some stages and
    // no Risk sheet: the rest keeps its current texts.
    let t = default_template();
    let file = common::xlsx_sheets(&[(
        "stages",
        &[
            row!["Exit criteria", "STAGE", " # ", "Question it answers"],
            row![
                "- Contract signed\n- Procurement and security reviews passed\n- Hand-off notes written for the post-sales team",
                "Commercial agreement",
                "5",
                "Is the value worth the price?"
            ],
            row!["• The first meeting took place", "First meeting", 0, ""],
        ],
    )]);
    let read = read_ok(&file, &t);
    let mut want = t.clone();
    want.stages[0].name = "First meeting".into();
    want.stages[0].question = String::new();
    assert_eq!(read.template, want);
    assert_eq!(
        read.changes,
        [
            "Stage 0 (Meeting booked): name changed from \"Meeting booked\" to \"First meeting\".",
            "Stage 0 (Meeting booked): question changed.",
        ]
    );
}

#[test]
fn an_edit_that_breaks_the_rules_is_refused_with_the_stage_named() {
    let t = default_template();
    let file = common::xlsx_sheets(&[(
        "Stages",
        &[row!["#", "Stage", "Exit criteria"], row![3, "  ", "• x"]],
    )]);
    let msg = match read_template(&file, &t) {
        Ok(r) => panic!("accepted: {:?}", r.changes),
        Err(e) => e.to_string(),
    };
    assert!(msg.contains("Stage 3 needs a name"), "{msg}");
}
