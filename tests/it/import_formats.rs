//! Workbooks of every kind a CRM export comes in, written by the tests and
//! imported into a real workspace: xlsx (number, currency-text, date,
//! serial and date-time cells; Salesforce, HubSpot and Pipedrive headers; a
//! report with title and footer rows), a 1904-date-system workbook, xls
//! converted by LibreOffice (committed in `tests/fixtures`) and a hand-made ods. The values are read back
//! through the store and the command layer, and a forecast is computed on them.
//!
//! xlsb is not covered: nothing on a test machine writes it (rust_xlsxwriter
//! writes xlsx only and LibreOffice cannot export xlsb).

use crate::common::*;
use salesos::api::{self, Empty, ForecastRequest};
use salesos::import::{ImportOptions, ImportReport};
use salesos::process::{DealStatus, Risk};

fn assert_clean(report: &ImportReport) {
    assert_eq!(report.rejected, 0, "{report:#?}");
    assert!(report.errors.is_empty(), "{report:#?}");
    assert!(report.warnings.is_empty(), "{report:#?}");
}

#[test]
fn salesforce_xlsx_numbers_currency_text_and_date_cells() {
    let t = TestWs::new();
    let rows = vec![
        row![
            "Opportunity ID",
            "Opportunity Name",
            "Account Name",
            "Opportunity Owner",
            "Amount",
            "Close Date",
            "Stage"
        ],
        // A number cell and a real date cell.
        row![
            "006A1",
            "Alpha expansion",
            "Acme",
            "Ann Lee",
            12500.5,
            d(2026, 3, 15),
            "Prospecting"
        ],
        // US currency text and an Excel serial number without a date format.
        row![
            "006A2",
            "Bravo renewal",
            "Bolt",
            "Bob Ray",
            "$12,500.00",
            serial_1900(d(2026, 3, 31)),
            "Closed Won"
        ],
        // European currency text and a real date-time cell.
        row![
            "006A3",
            "Charlie pilot",
            "Société Générale",
            "Ann Lee",
            "12.500,00 €",
            dt(2026, 2, 20, 14, 30),
            "Closed Lost"
        ],
        // A currency code before the amount.
        row![
            "006A4",
            "Delta platform",
            "Dune",
            "Bob Ray",
            "EUR 12,500",
            d(2026, 6, 30),
            "Negotiation/Review"
        ],
        row![
            "006A5",
            "Echo seats",
            "Elm",
            "Cy Young",
            980000.0,
            d(2026, 12, 1),
            "Won"
        ],
    ];
    let report = t.import("salesforce.xlsx", xlsx(&rows));
    assert_clean(&report);
    assert_eq!(
        (report.rows_read, report.created, report.updated),
        (5, 5, 0)
    );
    assert_eq!(report.sheet, "Sheet1");

    let a1 = t.deal("006A1");
    assert_eq!(a1.name.as_deref(), Some("Alpha expansion"));
    assert_eq!(a1.account.as_deref(), Some("Acme"));
    assert_eq!(a1.owner.as_deref(), Some("Ann Lee"));
    assert_eq!(a1.amount, Some(1_250_050));
    assert_eq!(a1.currency, "USD");
    assert_eq!(a1.close_date, Some(d(2026, 3, 15)));
    assert_eq!(a1.status, DealStatus::Open);
    assert_eq!(a1.crm_stage.as_deref(), Some("Prospecting"));
    assert!(a1.stage.is_some(), "an open stage label maps to a stage");
    assert_eq!(a1.quarter.as_deref(), Some("2026-Q1"));

    let a2 = t.deal("006A2");
    assert_eq!((a2.amount, a2.currency.as_str()), (Some(1_250_000), "USD"));
    assert_eq!(a2.close_date, Some(d(2026, 3, 31)));
    assert_eq!(a2.status, DealStatus::Won);
    assert_eq!(a2.stage, None);

    let a3 = t.deal("006A3");
    assert_eq!((a3.amount, a3.currency.as_str()), (Some(1_250_000), "EUR"));
    assert_eq!(
        a3.close_date,
        Some(d(2026, 2, 20)),
        "a date-time is its date"
    );
    assert_eq!(a3.account.as_deref(), Some("Société Générale"));
    assert_eq!(a3.status, DealStatus::Lost);

    let a4 = t.deal("006A4");
    assert_eq!((a4.amount, a4.currency.as_str()), (Some(1_250_000), "EUR"));
    assert_eq!(a4.close_date, Some(d(2026, 6, 30)));

    let a5 = t.deal("006A5");
    assert_eq!(a5.amount, Some(98_000_000));
    assert_eq!(a5.status, DealStatus::Won);

    // Owners became reps.
    let reps: Vec<String> = api::list_reps(&t.ws, Empty {})
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(reps, ["Ann Lee", "Bob Ray", "Cy Young"]);

    // Re-importing the same workbook changes nothing.
    let again = t.import("salesforce.xlsx", xlsx(&rows));
    assert_eq!(
        (again.created, again.updated, again.unchanged),
        (0, 0, 5),
        "{again:#?}"
    );
}

#[test]
fn hubspot_xlsx_text_dates_are_decided_per_column() {
    let t = TestWs::new();
    let rows = vec![
        row![
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "Amount",
            "Close Date",
            "Deal owner",
            "Create Date"
        ],
        // Close Date is month/day/year (25 can only be a day), Create Date
        // day/month/year (25 and 13 can only be days): one file, two orders.
        row![
            "9001",
            "Fox upgrade",
            "appointmentscheduled",
            4200.0,
            "03/25/2026",
            "Dana Fox",
            "25/01/2026"
        ],
        row![
            "9002",
            "Golf seats",
            "contractsent",
            "1,999.99",
            "4/2/2026",
            "Dana Fox",
            "02/02/2026"
        ],
        row![
            "9003",
            "Hotel suite",
            "closedwon",
            "$7,000",
            "12/01/2025",
            "Eli Stone",
            "13/11/2025"
        ],
    ];
    let report = t.import("hubspot-deals.xlsx", xlsx(&rows));
    assert_clean(&report);
    assert_eq!((report.rows_read, report.created), (3, 3));
    assert!(
        has_note(&report, "Close Date: dates read as month/day/year (US)."),
        "{:#?}",
        report.notes
    );
    assert!(
        has_note(&report, "Create Date: dates read as day/month/year."),
        "{:#?}",
        report.notes
    );

    let fox = t.deal("9001");
    assert_eq!(fox.name.as_deref(), Some("Fox upgrade"));
    assert_eq!(fox.owner.as_deref(), Some("Dana Fox"));
    assert_eq!(fox.amount, Some(420_000));
    assert_eq!(fox.close_date, Some(d(2026, 3, 25)));
    assert_eq!(fox.created_date, Some(d(2026, 1, 25)));
    assert_eq!(fox.crm_stage.as_deref(), Some("appointmentscheduled"));
    assert_eq!(fox.status, DealStatus::Open);

    let golf = t.deal("9002");
    assert_eq!(golf.amount, Some(199_999));
    assert_eq!(golf.close_date, Some(d(2026, 4, 2)), "US: April 2");
    assert_eq!(golf.created_date, Some(d(2026, 2, 2)));

    let hotel = t.deal("9003");
    assert_eq!(hotel.amount, Some(700_000));
    assert_eq!(hotel.close_date, Some(d(2025, 12, 1)));
    assert_eq!(hotel.created_date, Some(d(2025, 11, 13)));
    assert_eq!(
        hotel.status,
        DealStatus::Won,
        "HubSpot's closedwon is a win"
    );

    // A column whose every date reads both ways says so.
    let ambiguous = vec![
        row!["Record ID", "Deal Name", "Close Date"],
        row!["9101", "India", "03/04/2026"],
        row!["9102", "Juliet", "05/06/2026"],
    ];
    let report = t.import("hubspot-ambiguous.xlsx", xlsx(&ambiguous));
    assert!(
        has_note(
            &report,
            "Close Date: every date could be read either way; read as month/day/year (US)."
        ),
        "{:#?}",
        report.notes
    );
    assert_eq!(t.deal("9101").close_date, Some(d(2026, 3, 4)));
}

#[test]
fn pipedrive_xlsx_iso_text_dates_and_date_times() {
    let t = TestWs::new();
    let rows = vec![
        row![
            "Deal - ID",
            "Deal - Title",
            "Deal - Organization",
            "Deal - Value",
            "Deal - Currency",
            "Deal - Expected close date",
            "Deal - Owner",
            "Deal - Stage",
            "Deal - Label"
        ],
        row![
            101,
            "Kilo rollout",
            "Kilo GmbH",
            "1.234,56",
            "EUR",
            "2026-03-05",
            "Fay Wu",
            "Qualified",
            "hot"
        ],
        row![
            102,
            "Lima renewal",
            "Lima Ltd",
            2500.0,
            "GBP",
            "2026-03-06 14:30:00",
            "Fay Wu",
            "Proposal Made",
            C::Blank
        ],
        row![
            103,
            "Mike add-on",
            "Mike SA",
            "300",
            "usd",
            "2026-03-07T09:15:00Z",
            "Gus Lin",
            "Won",
            C::Blank
        ],
    ];
    let report = t.import("pipedrive.xlsx", xlsx(&rows));
    assert_clean(&report);
    assert_eq!((report.rows_read, report.created), (3, 3));
    // The note says which order was used: ISO, never another.
    assert!(
        report
            .notes
            .iter()
            .any(|n| n == "Deal - Expected close date: dates read as year-month-day."),
        "{:#?}",
        report.notes
    );
    assert_eq!(report.unused_columns, ["Deal - Label"]);

    let kilo = t.deal("101");
    assert_eq!(kilo.name.as_deref(), Some("Kilo rollout"));
    assert_eq!(kilo.account.as_deref(), Some("Kilo GmbH"));
    assert_eq!(
        (kilo.amount, kilo.currency.as_str()),
        (Some(123_456), "EUR")
    );
    assert_eq!(kilo.close_date, Some(d(2026, 3, 5)));
    assert_eq!(kilo.owner.as_deref(), Some("Fay Wu"));
    assert_eq!(kilo.crm_stage.as_deref(), Some("Qualified"));

    let lima = t.deal("102");
    assert_eq!(
        (lima.amount, lima.currency.as_str()),
        (Some(250_000), "GBP")
    );
    assert_eq!(lima.close_date, Some(d(2026, 3, 6)));

    let mike = t.deal("103");
    assert_eq!((mike.amount, mike.currency.as_str()), (Some(30_000), "USD"));
    assert_eq!(mike.close_date, Some(d(2026, 3, 7)));
    assert_eq!(mike.status, DealStatus::Won);
}

#[test]
fn report_title_filter_and_footer_rows_are_skipped_and_reported() {
    let t = TestWs::new();
    let header = row![
        "Opportunity Owner",
        "Opportunity Name",
        "Account Name",
        "Amount",
        "Close Date",
        "Stage",
        "Opportunity ID"
    ];
    let rows = vec![
        row!["Opportunity Pipeline by Owner"],
        row![
            "Filtered By: Close Date equals THIS FISCAL YEAR",
            C::Blank,
            "Stage not equal to Closed Lost"
        ],
        row!["As of 3/1/2026 9:00 AM · Generated by Pat Admin"],
        vec![],
        header,
        row![
            "Ann Lee",
            "Nova",
            "Nova Inc",
            1000.0,
            d(2026, 3, 1),
            "Prospecting",
            "N-1"
        ],
        row![
            "Ann Lee",
            "Oscar",
            "Oscar Co",
            2000.0,
            d(2026, 3, 2),
            "Closed Won",
            "N-2"
        ],
        row!["Subtotal", C::Blank, C::Blank, 3000.0],
        row![
            "Bob Ray",
            "Papa",
            "Papa plc",
            3000.0,
            d(2026, 3, 3),
            "Proposal",
            "N-3"
        ],
        row!["Grand Totals (60 records)", C::Blank, C::Blank, 6000.0],
        vec![],
        row!["Confidential Information - Do Not Distribute"],
        row!["Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."],
    ];
    let report = t.import("pipeline-report.xlsx", xlsx(&rows));
    assert_clean(&report);
    assert_eq!((report.rows_read, report.created), (3, 3), "{report:#?}");
    assert!(
        has_note(&report, "Column names found on row 5"),
        "{:#?}",
        report.notes
    );

    let skipped: Vec<(u32, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.row, s.message.as_str()))
        .collect();
    assert_eq!(skipped.len(), 4, "{skipped:#?}");
    assert_eq!(skipped[0].0, 8);
    assert!(skipped[0].1.contains("Subtotal"), "{skipped:?}");
    assert_eq!(skipped[1].0, 10);
    assert!(
        skipped[1].1.contains("Grand Totals (60 records)"),
        "{skipped:?}"
    );
    assert_eq!(skipped[2].0, 12);
    assert!(
        skipped[2].1.contains("Confidential Information"),
        "{skipped:?}"
    );
    assert_eq!(skipped[3].0, 13);
    assert!(skipped[3].1.contains("Copyright"), "{skipped:?}");

    // Only the three deals are deals; the row after the subtotal is one of them.
    let deals = t.deals();
    let mut ids: Vec<&str> = deals
        .iter()
        .filter_map(|d| d.external_id.as_deref())
        .collect();
    ids.sort();
    assert_eq!(ids, ["N-1", "N-2", "N-3"]);
    assert!(deals.iter().all(|d| d.owner.as_deref() != Some("Subtotal")
        && !d.name.as_deref().unwrap_or("").contains("Total")));
    assert_eq!(t.deal("N-3").amount, Some(300_000));
    let reps: Vec<String> = api::list_reps(&t.ws, Empty {})
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(reps, ["Ann Lee", "Bob Ray"], "no rep named after a footer");
}

#[test]
fn workbook_in_the_1904_date_system() {
    let t = TestWs::new();
    let close = d(2026, 3, 15);
    let created = d(2025, 11, 3);
    let rows = vec![
        row![
            "Opportunity ID",
            "Opportunity Name",
            "Amount",
            "Close Date",
            "Created Date"
        ],
        // A date-formatted cell and a bare serial number, both counted from 1904.
        vec![
            "M-1".into(),
            "Mac deal".into(),
            5000.0.into(),
            C::SerialDate(serial_1904(close)),
            C::N(serial_1904(created)),
        ],
    ];
    let plain = xlsx(&rows);
    let workbook_xml = zip_part(&plain, "xl/workbook.xml");
    let with_1904 = if workbook_xml.contains("<workbookPr ") {
        patch_part(
            &plain,
            "xl/workbook.xml",
            "<workbookPr ",
            "<workbookPr date1904=\"1\" ",
        )
    } else {
        patch_part(
            &plain,
            "xl/workbook.xml",
            "<bookViews>",
            "<workbookPr date1904=\"1\"/><bookViews>",
        )
    };
    assert!(zip_part(&with_1904, "xl/workbook.xml").contains("date1904=\"1\""));

    let report = t.import("mac-1904.xlsx", &with_1904);
    assert_clean(&report);
    assert!(has_note(&report, "1904 date system"), "{:#?}", report.notes);
    let deal = t.deal("M-1");
    assert_eq!(deal.close_date, Some(close));
    assert_eq!(deal.created_date, Some(created));
    assert_eq!(deal.amount, Some(500_000));

    // The same serials without the flag are four years and a day earlier:
    // the flag, not luck, made the dates right.
    let control = TestWs::new();
    let report = control.import("plain.xlsx", &plain);
    assert!(!has_note(&report, "1904"));
    assert_eq!(control.deal("M-1").close_date, Some(d(2022, 3, 14)));
}

/// The rows the xls and ods tests import (as `tests/fixtures/sources/pipeline.xlsx`,
/// which LibreOffice converted to `tests/fixtures/pipeline.xls`).
pub(crate) fn deal_rows() -> Vec<Vec<C>> {
    vec![
        row![
            "Opportunity ID",
            "Opportunity Name",
            "Account Name",
            "Opportunity Owner",
            "Amount",
            "Close Date",
            "Stage"
        ],
        row![
            "X-1",
            "Quebec",
            "Québec Ltée",
            "Ann Lee",
            12500.5,
            d(2026, 3, 15),
            "Prospecting"
        ],
        row![
            "X-2",
            "Romeo",
            "Romeo AG",
            "Bob Ray",
            "$7,250.00",
            d(2026, 5, 2),
            "Closed Won"
        ],
        row![
            "X-3",
            "Sierra",
            "Sierra SA",
            "Bob Ray",
            99.99,
            dt(2026, 1, 31, 23, 59),
            "Closed Lost"
        ],
    ]
}

fn assert_deal_rows(t: &TestWs, report: &ImportReport) {
    assert_clean(report);
    assert_eq!((report.rows_read, report.created), (3, 3), "{report:#?}");
    let x1 = t.deal("X-1");
    assert_eq!(x1.name.as_deref(), Some("Quebec"));
    assert_eq!(x1.account.as_deref(), Some("Québec Ltée"));
    assert_eq!(x1.owner.as_deref(), Some("Ann Lee"));
    assert_eq!(x1.amount, Some(1_250_050));
    assert_eq!(x1.close_date, Some(d(2026, 3, 15)));
    assert_eq!(x1.status, DealStatus::Open);
    let x2 = t.deal("X-2");
    assert_eq!(x2.amount, Some(725_000));
    assert_eq!(x2.close_date, Some(d(2026, 5, 2)));
    assert_eq!(x2.status, DealStatus::Won);
    let x3 = t.deal("X-3");
    assert_eq!(x3.amount, Some(9_999));
    assert_eq!(x3.close_date, Some(d(2026, 1, 31)));
    assert_eq!(x3.status, DealStatus::Lost);
}

#[test]
fn xls_written_by_libreoffice() {
    let t = TestWs::new();
    let xls = t.write("pipeline.xls", fixture("pipeline.xls"));
    let bytes = std::fs::read(&xls).unwrap();
    assert!(
        bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        "LibreOffice wrote a real BIFF8/CFB file"
    );
    let report = t
        .import_with(&xls, &ImportOptions::default())
        .expect("import xls");
    assert_eq!(report.file_name, "pipeline.xls");
    assert_deal_rows(&t, &report);
}

/// A minimal but valid OpenDocument spreadsheet.
fn ods(rows: &[&[(&str, &str)]]) -> Vec<u8> {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for (kind, value) in *row {
            let esc = value
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('"', "&quot;");
            table.push_str(&match *kind {
                "" => "<table:table-cell/>".to_string(),
                "s" => format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{esc}</text:p></table:table-cell>"
                ),
                "n" => format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{esc}\"><text:p>{esc}</text:p></table:table-cell>"
                ),
                "eur" => format!(
                    "<table:table-cell office:value-type=\"currency\" office:currency=\"EUR\" office:value=\"{esc}\"><text:p>{esc} €</text:p></table:table-cell>"
                ),
                "d" => format!(
                    "<table:table-cell office:value-type=\"date\" office:date-value=\"{esc}\"><text:p>{esc}</text:p></table:table-cell>"
                ),
                other => panic!("unknown ods cell kind {other}"),
            });
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Pipeline"><table:table-column table:number-columns-repeated="7"/>{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet".as_slice(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

#[test]
fn ods_written_by_hand() {
    let t = TestWs::new();
    let bytes = ods(&[
        &[("s", "Quarterly pipeline")],
        &[],
        &[
            ("s", "Opportunity ID"),
            ("s", "Opportunity Name"),
            ("s", "Account Name"),
            ("s", "Opportunity Owner"),
            ("s", "Amount"),
            ("s", "Close Date"),
            ("s", "Stage"),
        ],
        &[
            ("s", "X-1"),
            ("s", "Quebec"),
            ("s", "Québec Ltée"),
            ("s", "Ann Lee"),
            ("n", "12500.5"),
            ("d", "2026-03-15"),
            ("s", "Prospecting"),
        ],
        &[
            ("s", "X-2"),
            ("s", "Romeo"),
            ("s", "Romeo AG"),
            ("s", "Bob Ray"),
            ("s", "$7,250.00"),
            ("d", "2026-05-02"),
            ("s", "Closed Won"),
        ],
        &[
            ("s", "X-3"),
            ("s", "Sierra"),
            ("s", "Sierra SA"),
            ("s", "Bob Ray"),
            ("n", "99.99"),
            ("d", "2026-01-31T23:59:00"),
            ("s", "Closed Lost"),
        ],
        &[
            ("s", "X-4"),
            ("s", "Tango"),
            ("s", "Tango SARL"),
            ("", ""),
            ("eur", "4800"),
            ("d", "2026-02-28"),
            ("s", "Prospecting"),
        ],
    ]);
    let report = t.import("pipeline.ods", bytes);
    assert_clean(&report);
    assert!(
        has_note(&report, "Column names found on row 3"),
        "{:#?}",
        report.notes
    );
    assert_eq!(report.rows_read, 4);
    // The first three rows are the xls test's rows.
    let x1 = t.deal("X-1");
    assert_eq!(x1.account.as_deref(), Some("Québec Ltée"));
    assert_eq!(x1.amount, Some(1_250_050));
    assert_eq!(x1.close_date, Some(d(2026, 3, 15)));
    assert_eq!(t.deal("X-2").amount, Some(725_000));
    assert_eq!(t.deal("X-2").status, DealStatus::Won);
    assert_eq!(t.deal("X-3").close_date, Some(d(2026, 1, 31)));
    assert_eq!(t.deal("X-3").status, DealStatus::Lost);
    let x4 = t.deal("X-4");
    assert_eq!(x4.amount, Some(480_000));
    assert_eq!(x4.owner, None);
    assert_eq!(x4.close_date, Some(d(2026, 2, 28)));
}

#[test]
fn forecast_from_an_imported_workbook() {
    let t = TestWs::new();
    let rows = vec![
        row![
            "Opportunity ID",
            "Opportunity Name",
            "Opportunity Owner",
            "Amount",
            "Close Date",
            "Stage",
            "Status",
            "Risk"
        ],
        row![
            "W1",
            "Won this quarter",
            "Ann Lee",
            10000.0,
            d(2026, 2, 10),
            "Negotiation",
            "Won",
            C::Blank
        ],
        row![
            "W2",
            "Won last quarter",
            "Ann Lee",
            5000.0,
            d(2025, 12, 15),
            "Negotiation",
            "Won",
            C::Blank
        ],
        row![
            "L1",
            "Lost",
            "Bob Ray",
            1000.0,
            d(2026, 1, 20),
            "Proposal",
            "Lost",
            C::Blank
        ],
        row![
            "G1",
            "Green",
            "Ann Lee",
            20000.0,
            d(2026, 3, 20),
            "Negotiation",
            "Open",
            "Green"
        ],
        row![
            "Y1",
            "Yellow",
            "Bob Ray",
            "$7,500.50",
            d(2026, 3, 25),
            "Proposal",
            "Open",
            "yellow"
        ],
        row![
            "R1",
            "Red",
            "Bob Ray",
            3000.0,
            d(2026, 3, 28),
            "Discovery",
            "Open",
            "RED"
        ],
        row![
            "N1",
            "Next quarter",
            "Ann Lee",
            50000.0,
            d(2026, 4, 15),
            "Discovery",
            "Open",
            "green"
        ],
    ];
    let report = t.import("forecast.xlsx", xlsx(&rows));
    assert_clean(&report);
    assert_eq!(t.deal("Y1").risk, Some(Risk::Yellow));
    assert_eq!(t.deal("W1").risk, None, "a won deal carries no risk");

    let f = api::forecast(
        &t.ws,
        ForecastRequest {
            quarter: Some("2026-Q1".into()),
            goal: Some(10_000_000),
            create_and_close: Some(0),
        },
    )
    .unwrap();
    assert_eq!(f.quarter, "2026-Q1");
    assert_eq!(f.team.closed_won, 1_000_000);
    assert_eq!(f.team.commit, 2_000_000);
    assert_eq!(f.team.best_case, 750_050);
    assert_eq!(f.team.forecast, 3_750_050);
    assert_eq!(f.team.gap, Some(10_000_000 - 3_750_050));
    let ann = f.by_rep.iter().find(|l| l.name == "Ann Lee").unwrap();
    assert_eq!(
        (ann.closed_won, ann.commit, ann.best_case),
        (1_000_000, 2_000_000, 0)
    );
    let bob = f.by_rep.iter().find(|l| l.name == "Bob Ray").unwrap();
    assert_eq!((bob.closed_won, bob.commit, bob.best_case), (0, 0, 750_050));
    assert_eq!(
        f.gap_closers
            .first()
            .and_then(|g| g.deal.external_id.as_deref()),
        Some("R1"),
        "red deals come first in the gap-closing list"
    );
}
