//! Rows are never silently dropped: a bad cell imports the deal with that
//! field empty and a warning naming row, column and value; only rows without
//! identity are rejected; a row repeating an id is merged (the later row is
//! the deal) and listed with both row numbers; `strict` refuses the whole
//! file and `dry_run` changes nothing.

use crate::common::*;
use salesos::api::{self, Empty};
use salesos::import::{ImportOptions, ImportReport};
use salesos::process::DealStatus;

/// An xlsx with every kind of bad row. Sheet rows: 1 header, 2..=9 data.
fn bad_rows() -> Vec<u8> {
    xlsx(&[
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
            "B-1",
            "Good",
            "Acme",
            "Ann Lee",
            1000.0,
            d(2026, 3, 1),
            "Prospecting"
        ],
        row![
            "B-2",
            "No amount",
            "Bolt",
            "Ann Lee",
            "N/A",
            d(2026, 3, 2),
            "Prospecting"
        ],
        row![
            "B-3",
            "Refund?",
            "Cove",
            "Bob Ray",
            -500.0,
            d(2026, 3, 3),
            "Prospecting"
        ],
        row![
            "B-4",
            "Someday",
            "Dune",
            "Bob Ray",
            4000.0,
            "TBD",
            "Prospecting"
        ],
        // No id and no name: nobody can tell which deal this is.
        row![
            C::Blank,
            C::Blank,
            "Elm",
            "Bob Ray",
            5000.0,
            d(2026, 3, 5),
            "Prospecting"
        ],
        // The same id again, other values: the later row is the deal.
        row![
            "B-1",
            "Good (copy)",
            "Acme",
            "Ann Lee",
            9999.0,
            d(2026, 3, 6),
            "Prospecting"
        ],
        // A percentage is not an amount.
        row![
            "B-7",
            "Share",
            "Fig",
            "Ann Lee",
            "45%",
            d(2026, 3, 7),
            "Prospecting"
        ],
        // No id but a name: imported, identified by name and account.
        row![
            C::Blank,
            "Named only",
            "Gale",
            "Ann Lee",
            800.0,
            d(2026, 3, 8),
            "Prospecting"
        ],
    ])
}

fn assert_bad_rows_report(r: &ImportReport) {
    assert_eq!(r.rows_read, 8, "{r:#?}");
    assert_eq!(r.rejected, 1, "{r:#?}");
    assert_eq!(r.merged, 1, "{r:#?}");

    let missing = issue_at(&r.errors, 6);
    assert!(
        missing.message.contains("No deal ID and no deal name"),
        "{missing:?}"
    );
    let dup = issue_at(&r.repeats, 2);
    assert_eq!(dup.column.as_deref(), Some("Opportunity ID"));
    assert_eq!(dup.value.as_deref(), Some("B-1"));
    assert!(
        dup.message
            .contains("Names the same deal as row 7 (Opportunity ID B-1)"),
        "{dup:?}"
    );
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.repeats.len(), 1);

    let na = issue_at(&r.warnings, 3);
    assert_eq!(na.column.as_deref(), Some("Amount"));
    assert_eq!(na.value.as_deref(), Some("N/A"));
    assert!(na.message.contains("not an amount"), "{na:?}");
    assert!(na.message.contains("left empty"), "{na:?}");

    let negative = issue_at(&r.warnings, 4);
    assert_eq!(negative.column.as_deref(), Some("Amount"));
    assert_eq!(negative.value.as_deref(), Some("-500"));
    assert!(negative.message.contains("negative"), "{negative:?}");

    let tbd = issue_at(&r.warnings, 5);
    assert_eq!(tbd.column.as_deref(), Some("Close Date"));
    assert_eq!(tbd.value.as_deref(), Some("TBD"));
    assert!(tbd.message.contains("not a date"), "{tbd:?}");

    let pct = issue_at(&r.warnings, 8);
    assert_eq!(pct.value.as_deref(), Some("45%"));
    assert!(pct.message.contains("percentage"), "{pct:?}");
    assert_eq!(r.warnings.len(), 4, "{:#?}", r.warnings);
}

#[test]
fn bad_cells_import_the_deal_with_the_field_empty_and_a_warning() {
    let t = TestWs::new();
    let report = t.import("bad.xlsx", bad_rows());
    assert!(!report.strict_failed && !report.dry_run);
    assert!(report.import_id.is_some());
    assert_bad_rows_report(&report);
    assert_eq!(report.created, 6, "{report:#?}");

    assert_eq!(t.deal_count(), 6);
    let good = t.deal("B-1");
    assert_eq!(
        good.name.as_deref(),
        Some("Good (copy)"),
        "the later B-1 won"
    );
    assert_eq!(good.amount, Some(999_900));
    assert_eq!(good.close_date, Some(d(2026, 3, 6)));
    let na = t.deal("B-2");
    assert_eq!(na.amount, None);
    assert_eq!(
        na.close_date,
        Some(d(2026, 3, 2)),
        "the rest of the row is kept"
    );
    assert_eq!(na.account.as_deref(), Some("Bolt"));
    assert_eq!(t.deal("B-3").amount, None);
    let tbd = t.deal("B-4");
    assert_eq!(tbd.close_date, None);
    assert_eq!(tbd.amount, Some(400_000));
    assert_eq!(tbd.quarter, None);
    assert_eq!(t.deal("B-7").amount, None);
    let named = t.deal_named("Named only");
    assert_eq!(named.external_id, None);
    assert_eq!(named.account.as_deref(), Some("Gale"));
    assert!(
        t.deals()
            .iter()
            .all(|d| d.account.as_deref() != Some("Elm")),
        "the row without identity was not imported"
    );

    // The stored report matches the one returned.
    let stored = api::import_report(
        &t.ws,
        salesos::import::ImportIdRequest {
            import_id: report.import_id.unwrap(),
        },
    )
    .unwrap();
    assert_eq!(stored.errors, report.errors);
    assert_eq!(stored.warnings, report.warnings);
    assert_eq!(stored.repeats, report.repeats);

    // Next Monday, the same file: nothing new, the same problems reported.
    // (B-1's first row changes the deal, its later row changes it back: one
    // unchanged deal, and no history entry for a change that did not happen.)
    let again = t.import("bad.xlsx", bad_rows());
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 6));
    assert_eq!((again.rejected, again.merged), (1, 1));
    let history: i64 =
        t.ws.conn()
            .query_row(
                "SELECT count(*) FROM deal_history WHERE import_id = ?1",
                [again.import_id.unwrap()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(history, 0);
    assert_eq!(t.deal_count(), 6);
}

#[test]
fn strict_refuses_the_whole_file_and_writes_nothing() {
    let t = TestWs::new();
    t.import(
        "before.csv",
        "Opportunity ID,Opportunity Name,Amount\nB-1,Original,1\nZ-1,Other,2\n",
    );
    let before = t.snapshot();
    assert_eq!(t.deal_count(), 2);

    let path = t.write("bad.xlsx", bad_rows());
    let strict = ImportOptions {
        strict: true,
        ..ImportOptions::default()
    };
    let report = t.import_with(&path, &strict).expect("strict still reports");
    assert!(report.strict_failed);
    assert_eq!(report.import_id, None);
    assert_bad_rows_report(&report);
    // What would have happened: B-1 exists already.
    assert_eq!((report.created, report.updated), (5, 1), "{report:#?}");
    assert!(has_note(&report, "Strict import: nothing was imported"));

    assert_eq!(t.deal_count(), 2, "nothing written");
    assert_eq!(t.deal("B-1").name.as_deref(), Some("Original"));
    assert_eq!(
        t.snapshot(),
        before,
        "no deal, rep, import or stage changed"
    );

    // A clean file passes strict.
    let clean = t.write(
        "clean.csv",
        "Opportunity ID,Opportunity Name,Amount,Close Date\nC-1,Clean,10,2026-03-01\n",
    );
    let report = t.import_with(&clean, &strict).unwrap();
    assert!(!report.strict_failed, "{report:#?}");
    assert_eq!(report.created, 1);
    assert_eq!(t.deal_count(), 3);
}

#[test]
fn dry_run_reports_everything_and_changes_nothing() {
    let t = TestWs::new();
    t.import(
        "before.csv",
        "Opportunity ID,Opportunity Name,Amount\nB-1,Original,1\n",
    );
    let before = t.snapshot();

    let path = t.write("bad.xlsx", bad_rows());
    let dry = ImportOptions {
        dry_run: true,
        ..ImportOptions::default()
    };
    let report = t.import_with(&path, &dry).unwrap();
    assert!(report.dry_run);
    assert_eq!(report.import_id, None);
    assert!(has_note(&report, "Dry run: nothing was changed."));
    assert_eq!(report.rows_read, 8);
    assert_eq!(report.rejected, 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.warnings.len(), 4);
    // B-1 exists already: five new deals and one changed one would result.
    assert_eq!((report.created, report.updated), (5, 1), "{report:#?}");

    assert_eq!(t.snapshot(), before, "a dry run changes nothing");
    assert_eq!(t.deal_count(), 1);
    assert_eq!(
        api::list_reps(&t.ws, Empty {}).unwrap().len(),
        0,
        "no rep was created from the owners"
    );
}

#[test]
fn status_and_stage_columns() {
    let t = TestWs::new();
    let report = t.import(
        "status.csv",
        "Opportunity ID,Opportunity Name,Stage,Status,Amount\n\
         S-1,Stage says won,Closed Won,,10\n\
         S-2,Status wins,Proposal,Lost,10\n\
         S-3,Status open,Closed Lost,Open,10\n\
         S-4,Bad status,Proposal,maybe,10\n",
    );
    assert_eq!(t.deal("S-1").status, DealStatus::Won);
    assert_eq!(t.deal("S-2").status, DealStatus::Lost);
    assert_eq!(t.deal("S-2").stage, None);
    assert_eq!(t.deal("S-3").status, DealStatus::Open);
    let s4 = t.deal("S-4");
    assert_eq!(s4.status, DealStatus::Open);
    let w = issue_at(&report.warnings, 5);
    assert_eq!(
        (w.column.as_deref(), w.value.as_deref()),
        (Some("Status"), Some("maybe"))
    );
}
