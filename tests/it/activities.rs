//! `import FILE --kind activities` (issue 15): both shapes from files the
//! test writes in the column names CRMs and engagement tools use, every row
//! accounted for with its sheet row, an overlapping re-import counting
//! nothing twice, types that need the user's word, and revert.
use crate::common::*;
use salesos::import::detect::{detect, DetectedKind};
use salesos::import::{ActivityCategory, ActivityTypeChoice, ImportKind, ImportOptions};
use salesos::store::activities::{counts, Span};
use serde_json::Value;

fn activities() -> ImportOptions {
    ImportOptions {
        kind: ImportKind::Activities,
        ..ImportOptions::default()
    }
}

/// Sum of one category over the workspace.
fn total(t: &TestWs, category: ActivityCategory) -> i64 {
    let conn = t.ws.conn();
    counts(&conn)
        .unwrap()
        .iter()
        .filter(|c| c.category == category)
        .map(|c| c.count)
        .sum()
}

fn answered(t: &TestWs, category: ActivityCategory) -> i64 {
    let conn = t.ws.conn();
    counts(&conn)
        .unwrap()
        .iter()
        .filter(|c| c.category == category)
        .map(|c| c.answered)
        .sum()
}

/// A Salesforce task report: one row per activity.
const SALESFORCE: &str = "\
Assigned,Date,Task Subtype,Call Result,Duration,Subject,Activity ID
Dana Reyes,01/12/2026,Call,Connected,5,Intro call,00T001
Dana Reyes,01/12/2026,Call,No answer,1,Call,00T002
Dana Reyes,01/13/2026,Email,,,Pricing follow-up,00T003
Dana Reyes,01/14/2026,Task,,,Discovery with ACME,00T004
Sam Ortiz,01/14/2026,LinkedIn,,,Connect request,00T005
,01/15/2026,Call,,,Call,00T006
Sam Ortiz,,Call,,,Call,00T007
Sam Ortiz,31/31/2026,Call,,,Call,00T008
";

#[test]
fn one_row_per_activity_is_counted_by_type_and_every_row_accounted_for() {
    let t = TestWs::new();
    let path = t.write("tasks.csv", SALESFORCE);
    let r = t.import_with(&path, &activities()).unwrap();
    assert_eq!(r.rows_read, 8, "{r:#?}");
    assert_eq!(r.created, 5, "{r:#?}");
    assert_eq!(r.rejected, 3, "{r:#?}");
    let rejected: Vec<u32> = r.errors.iter().map(|e| e.row).collect();
    assert_eq!(rejected, vec![7, 8, 9]);
    assert!(issue_at(&r.errors, 7).message.contains("No rep"), "{r:#?}");
    assert!(issue_at(&r.errors, 8).message.contains("No date"), "{r:#?}");
    assert_eq!(issue_at(&r.errors, 9).column.as_deref(), Some("Date"));
    assert_eq!(total(&t, ActivityCategory::Call), 2);
    assert_eq!(answered(&t, ActivityCategory::Call), 1);
    assert_eq!(total(&t, ActivityCategory::Email), 1);
    // "Task" names no category; its subject says discovery: a first meeting.
    assert_eq!(total(&t, ActivityCategory::FirstMeeting), 1);
    // "LinkedIn" is the user's to decide: not counted, and the report says so.
    assert!(
        has_note(
            &r,
            "1 activity of type \"LinkedIn\" (rows 6) are not counted yet"
        ),
        "{:?}",
        r.notes
    );
    assert!(
        has_note(
            &r,
            "2 rep(s) not on the roster were added: Dana Reyes, Sam Ortiz."
        ),
        "{:?}",
        r.notes
    );
}

#[test]
fn an_overlapping_reimport_counts_nothing_twice() {
    let t = TestWs::new();
    let first = t.write("week1.csv", SALESFORCE);
    t.import_with(&first, &activities()).unwrap();
    // The next export overlaps: the same rows again plus one new call, and
    // a HubSpot-style export without ids counts by rep, date, type, subject.
    let overlap = format!("{SALESFORCE}Dana Reyes,01/16/2026,Call,Connected,3,Call back,00T009\n");
    let second = t.write("week2.csv", overlap);
    let r = t.import_with(&second, &activities()).unwrap();
    assert_eq!((r.created, r.unchanged, r.rejected), (1, 5, 3), "{r:#?}");
    assert_eq!(total(&t, ActivityCategory::Call), 3);
    let no_ids = "Activity date,Activity type,Activity assigned to,Subject\n\
        2026-01-20,Meeting,Dana Reyes,Demo\n\
        2026-01-20,Meeting,Dana Reyes,Demo\n\
        2026-01-21,Meeting,Dana Reyes,Follow-up\n";
    let hub = t.write("hubspot.csv", no_ids);
    let r = t.import_with(&hub, &activities()).unwrap();
    assert_eq!((r.created, r.unchanged), (2, 1), "{r:#?}");
    let r = t.import_with(&hub, &activities()).unwrap();
    assert_eq!((r.created, r.unchanged), (0, 3), "{r:#?}");
    assert_eq!(total(&t, ActivityCategory::Meeting), 2);
}

/// Within one file: an id read again counts once, as the row read first
/// says (its date and type); a type that says nothing leaves each row to
/// its own subject, however often the rep, type and result repeat.
#[test]
fn the_first_of_an_ids_rows_counts_and_each_subject_speaks_for_its_row() {
    let t = TestWs::new();
    let csv = "\
Assigned,Date,Task Subtype,Call Result,Subject,Activity ID
Dana Reyes,01/12/2026,Call,Connected,Intro call,X1
Dana Reyes,01/12/2026,Task,,Discovery with ACME,X2
Dana Reyes,01/12/2026,Task,,Call back,X3
Dana Reyes,01/20/2026,Email,,Intro call,X1
Dana Reyes,01/13/2026,Task,,Email the deck,X4
Dana Reyes,01/13/2026,Call,Connected,Intro call,X5
";
    let path = t.write("dupes.csv", csv);
    let r = t.import_with(&path, &activities()).unwrap();
    assert_eq!((r.rows_read, r.created, r.unchanged), (6, 5, 1), "{r:#?}");
    assert_eq!(total(&t, ActivityCategory::Call), 3);
    assert_eq!(answered(&t, ActivityCategory::Call), 2);
    assert_eq!(total(&t, ActivityCategory::FirstMeeting), 1);
    assert_eq!(total(&t, ActivityCategory::Email), 1);
    let conn = t.ws.conn();
    let calls_on = |day: &str| -> i64 {
        counts(&conn)
            .unwrap()
            .iter()
            .filter(|c| c.category == ActivityCategory::Call && c.day.to_string() == day)
            .map(|c| c.count)
            .sum()
    };
    assert_eq!(calls_on("2026-01-12"), 2);
    assert_eq!(calls_on("2026-01-13"), 1);
}

#[test]
fn reverting_an_activity_import_takes_back_its_counts_and_identities() {
    let t = TestWs::new();
    let first = t.write("tasks.csv", SALESFORCE);
    let r = t.import_with(&first, &activities()).unwrap();
    let id = r.import_id.unwrap();
    assert_eq!(total(&t, ActivityCategory::Call), 2);
    salesos::import::history::revert(&mut t.ws.conn(), id).unwrap();
    assert_eq!(total(&t, ActivityCategory::Call), 0);
    assert_eq!(total(&t, ActivityCategory::Email), 0);
    // Its activities are new again to the next import, not "seen before".
    let r = t.import_with(&first, &activities()).unwrap();
    assert_eq!((r.created, r.unchanged), (5, 0), "{r:#?}");
    assert_eq!(total(&t, ActivityCategory::Call), 2);
}

#[test]
fn the_users_choice_for_a_type_is_saved_and_recounts() {
    let t = TestWs::new();
    let path = t.write("tasks.csv", SALESFORCE);
    t.import_with(&path, &activities()).unwrap();
    let choose = ImportOptions {
        activity_types: vec![ActivityTypeChoice {
            label: "linkedin".into(),
            category: ActivityCategory::Email,
        }],
        ..activities()
    };
    let r = t.import_with(&path, &choose).unwrap();
    assert!(!has_note(&r, "LinkedIn"), "{:?}", r.notes);
    // The stored LinkedIn activity now counts as an email, and so will the next.
    assert_eq!(total(&t, ActivityCategory::Email), 2);
    let later = t.write(
        "later.csv",
        "Assigned,Date,Task Subtype,Activity ID\nSam Ortiz,2026-02-02,LinkedIn,X1\n",
    );
    let r = t.import_with(&later, &activities()).unwrap();
    assert!(
        r.notes.iter().all(|n| !n.contains("not counted")),
        "{:?}",
        r.notes
    );
    assert_eq!(total(&t, ActivityCategory::Email), 3);
}

/// A weekly summary from an engagement tool: a column per count.
const WEEKLY: &str = "\
Rep,Week Of,Calls,Emails,Connects,Meetings Booked,Demos
Kim Lee,2026-01-05,120,80,14,6,2
Kim Lee,2026-01-12,110,,12,5,1
Kim Lee,2026-01-19,lots,70,,,
Kim Lee,2026-01-26,,,,,
";

#[test]
fn one_row_per_rep_and_week_with_a_column_per_count() {
    let t = TestWs::new();
    let path = t.write("weekly.csv", WEEKLY);
    let r = t.import_with(&path, &activities()).unwrap();
    assert_eq!((r.created, r.rejected), (3, 1), "{r:#?}");
    assert_eq!(r.errors[0].row, 5);
    assert!(r.errors[0].message.contains("No counts"), "{r:#?}");
    // Row 4's "lots" is not a count: warned about and left out; its emails count.
    let w = issue_at(&r.warnings, 4);
    assert_eq!(w.column.as_deref(), Some("Calls"));
    assert_eq!(total(&t, ActivityCategory::Call), 230);
    assert_eq!(total(&t, ActivityCategory::Email), 150);
    assert_eq!(total(&t, ActivityCategory::Connect), 26);
    assert_eq!(total(&t, ActivityCategory::MeetingBooked), 11);
    assert_eq!(total(&t, ActivityCategory::FirstMeeting), 3);
    let conn = t.ws.conn();
    assert!(counts(&conn).unwrap().iter().all(|c| c.span == Span::Week));
    drop(conn);
    // A corrected export of the same weeks replaces the counts, never adds.
    let corrected = WEEKLY.replace("120,80", "125,80");
    let again = t.write("weekly2.csv", corrected);
    let r = t.import_with(&again, &activities()).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (0, 1, 2), "{r:#?}");
    assert_eq!(total(&t, ActivityCategory::Call), 235);
    // Reverting the correction puts the first count back.
    let id = r.import_id.unwrap();
    salesos::import::history::revert(&mut t.ws.conn(), id).unwrap();
    assert_eq!(total(&t, ActivityCategory::Call), 230);
}

#[test]
fn a_monthly_summary_counts_months() {
    let t = TestWs::new();
    let path = t.write(
        "monthly.csv",
        "Sales Rep,Month,Customer Meetings,Opportunities Created\nKim Lee,2026-01-01,40,6\n",
    );
    t.import_with(&path, &activities()).unwrap();
    let conn = t.ws.conn();
    let c = counts(&conn).unwrap();
    assert!(c.iter().all(|c| c.span == Span::Month), "{c:?}");
    assert_eq!(c.iter().map(|c| c.count).sum::<i64>(), 46);
}

#[test]
fn activity_exports_are_detected_and_the_cli_reports_them() {
    let found = detect(SALESFORCE.as_bytes());
    assert_eq!(found.kind, DetectedKind::Activities, "{}", found.reason);
    assert_eq!(detect(WEEKLY.as_bytes()).kind, DetectedKind::Activities);
    let t = TestWs::new();
    let path = t.write("tasks.csv", SALESFORCE);
    let out = cli(
        &t.data_dir(),
        &[
            "import",
            path.to_str().unwrap(),
            "--json",
            "--activity-type",
            "LinkedIn=not_counted",
        ],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["kind"], "activities", "{r}");
    assert_eq!(r["created"], 5, "{r}");
    assert_eq!(r["rejected"], 3, "{r}");
    let bad = cli(
        &t.data_dir(),
        &[
            "import",
            path.to_str().unwrap(),
            "--activity-type",
            "LinkedIn=tweets",
        ],
    );
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("is not a category"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn the_roster_takes_segment_status_and_role_start() {
    let t = TestWs::new();
    let path = t.write(
        "roster.csv",
        "Rep Name,Role,Start Date,Segment,Status,Role Start\n\
         Kim Lee,AE,2025-03-01,Mid-market,Active,2026-01-05\n\
         Ana Ruiz,SDR,2025-06-01,SMB,Terminated,\n\
         Bo Chen,AE,2025-01-01,SMB,on leave,\n",
    );
    let r = t
        .import_with(
            &path,
            &ImportOptions {
                kind: ImportKind::Reps,
                ..ImportOptions::default()
            },
        )
        .unwrap();
    assert_eq!(r.created, 3, "{r:#?}");
    assert!(
        issue_at(&r.warnings, 4).message.contains("not a status"),
        "{r:#?}"
    );
    let conn = t.ws.conn();
    let row: (String, String, String) = conn
        .query_row(
            "SELECT segment, status, role_start FROM reps WHERE name = 'Kim Lee'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        ("Mid-market".into(), "active".into(), "2026-01-05".into())
    );
    let left: String = conn
        .query_row("SELECT status FROM reps WHERE name = 'Ana Ruiz'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, "left");
}

#[test]
fn a_new_role_starts_a_new_ramp_a_new_manager_does_not() {
    let t = TestWs::new();
    let reps = |name: &str, csv: &str| {
        let path = t.write(name, csv);
        t.import_with(
            &path,
            &ImportOptions {
                kind: ImportKind::Reps,
                ..ImportOptions::default()
            },
        )
        .unwrap()
    };
    reps(
        "roster.csv",
        "Rep Name,Role,Manager,Start Date\nKim Lee,SDR,Mia Boss,2025-03-01\nBo Chen,AE,Mia Boss,2025-01-06\n",
    );
    let role_start = |name: &str| -> Option<String> {
        t.ws.conn()
            .query_row("SELECT role_start FROM reps WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .unwrap()
    };
    // Kim is promoted to AE; Bo gets a new manager.
    let r = reps(
        "roster2.csv",
        "Rep Name,Role,Manager,Start Date\nKim Lee,Account Executive,Mia Boss,2025-03-01\nBo Chen,AE,Ann Lead,2025-01-06\n",
    );
    assert_eq!(role_start("Kim Lee").as_deref(), Some("2026-03-10"));
    assert_eq!(role_start("Bo Chen"), None);
    assert!(
        has_note(
            &r,
            "1 rep(s) changed role and start a new ramp on 2026-03-10: Kim Lee (SDR → AE)."
        ),
        "{:?}",
        r.notes
    );
    // A Role Start column gives the real date.
    reps(
        "roster3.csv",
        "Rep Name,Role,Role Start\nKim Lee,SDR,2026-02-02\n",
    );
    assert_eq!(role_start("Kim Lee").as_deref(), Some("2026-02-02"));
}
