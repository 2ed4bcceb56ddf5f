//! Importing interviewer scores from csv and xlsx, in both shapes, with
//! every row accounted for by its sheet row number.
use crate::common;

use crate::common::{cli, stderr, stdout, xlsx, TestWs, C};
use salesos::api::{self, ScorecardRequest, ViewerRequest};
use salesos::hiring::{Recommendation, Role};
use salesos::import::scorecards::{import, ScoreShape, ScorecardImportReport};

fn add(t: &TestWs, name: &str, role: Role) -> i64 {
    common::add_candidate(t, name, role).id
}

fn run(t: &TestWs, name: &str, bytes: &[u8]) -> ScorecardImportReport {
    import(&t.ws, name, bytes, None, false).unwrap_or_else(|e| panic!("import {name}: {e}"))
}

fn accounted(r: &ScorecardImportReport) {
    assert_eq!(r.imported + r.unchanged + r.rejected, r.rows_read, "{r:#?}");
}

fn issue_at(r: &ScorecardImportReport, row: u32) -> String {
    r.errors
        .iter()
        .find(|e| e.row == row)
        .unwrap_or_else(|| panic!("no error on row {row}: {:#?}", r.errors))
        .message
        .clone()
}

fn own(t: &TestWs, id: i64, who: &str) -> salesos::hiring::Scorecard {
    api::get_scorecard(
        &t.ws,
        ScorecardRequest {
            candidate_id: id,
            interviewer: who.into(),
        },
    )
    .unwrap()
}

#[test]
fn long_csv_one_row_per_score_with_row_numbered_errors() {
    let t = TestWs::new();
    let sam = add(&t, "Sam Rivera", Role::Ae);
    let csv = "\
Candidate,Interviewer,Trait,Score,Evidence,Recommendation
Sam Rivera,Ana,Coachability,2,Defended round one,no
Sam Rivera,Ana,Discovery and curiosity,4,Great questions,no
Sam Rivera,Ana,deal_control,strong yes,,
Sam Rivera,Ana,Grit,3,,
Sam Rivera,Ana,Drive and ownership,5,,
Nobody Known,Ben,Coachability,3,,

Sam Rivera,,Coachability,3,,
Sam Rivera,Ana,Discovery and curiosity,2,changed my mind,
";
    let r = run(&t, "scores.csv", csv.as_bytes());
    assert_eq!(r.shape, ScoreShape::Long);
    assert_eq!(r.header_row, 1);
    assert_eq!(r.rows_read, 8);
    assert_eq!(r.imported, 3);
    assert_eq!(r.rejected, 5);
    accounted(&r);
    assert!(issue_at(&r, 5).contains("The AE profile has no trait \"Grit\""));
    assert!(issue_at(&r, 6).contains("\"5\" is not a score"));
    assert!(issue_at(&r, 7).contains("There is no candidate named Nobody Known"));
    // Row 8 is blank; row 9 has no interviewer.
    assert!(issue_at(&r, 9).contains("interviewer's name is empty"));
    assert!(issue_at(&r, 10).contains("already gave Discovery and curiosity a 4"));

    let card = own(&t, sam, "ana");
    assert!(card.submitted);
    assert_eq!(card.score("coachability"), Some(2));
    assert_eq!(card.score("deal_control"), Some(4));
    let ev = card
        .scores
        .iter()
        .find(|s| s.trait_id == "discovery")
        .unwrap();
    assert_eq!(ev.evidence, "Great questions");

    // Importing the same file again changes nothing.
    let again = run(&t, "scores.csv", csv.as_bytes());
    assert_eq!(again.unchanged, 3);
    assert_eq!(again.imported, 0);
    accounted(&again);

    let d = api::debrief(
        &t.ws,
        ViewerRequest {
            candidate_id: sam,
            viewer: "Lead".into(),
        },
    )
    .unwrap();
    assert_eq!(d.evaluation.recommendation, Recommendation::NoHire);
}

#[test]
fn wide_xlsx_one_row_per_scorecard_creates_candidates_with_a_role() {
    let t = TestWs::new();
    let sam = add(&t, "Sam Rivera", Role::Ae);
    let rows: Vec<Vec<C>> = vec![
        row!["Interview scores, March"],
        vec![],
        row![
            "Candidate",
            "Interviewer",
            "Role",
            "Coachability",
            "Discovery and curiosity",
            "Discovery evidence",
            "Deal control",
            "Drive",
            "Clear communication",
            "Recommendation",
            "Notes",
            "Favourite colour"
        ],
        row![
            "Sam Rivera",
            "Ana",
            "AE",
            4,
            4,
            "Asked about the quota gap",
            3,
            4,
            3,
            "strong yes",
            "Strong hire",
            "blue"
        ],
        row!["Sam Rivera", "Ben", "", 4, 2, "", 4, 4, 4, "yes", "", ""],
        row![
            "Lee Chen",
            "Ana",
            "SDR",
            3,
            C::Blank,
            "",
            C::Blank,
            C::Blank,
            C::Blank,
            "yes",
            "",
            ""
        ],
        row!["Ola Berg", "Ana", "", 3, 3, "", 3, 3, 3, "yes", "", ""],
        row![
            "Sam Rivera",
            "Cara",
            "AE",
            "four",
            3,
            "",
            3,
            3,
            3,
            "maybe",
            "",
            ""
        ],
    ];
    let r = run(&t, "scores.xlsx", &xlsx(&rows));
    assert_eq!(r.shape, ScoreShape::Wide);
    assert_eq!(r.header_row, 3);
    assert_eq!(r.rows_read, 5);
    accounted(&r);
    assert_eq!(r.imported, 3, "{r:#?}");
    assert_eq!(r.candidates_created, vec!["Lee Chen".to_string()]);
    assert!(issue_at(&r, 7).contains("There is no candidate named Ola Berg"));
    assert!(issue_at(&r, 8).contains("\"four\" is not a score"));
    assert!(
        r.unused_columns.contains(&"Favourite colour".to_string()),
        "{:?}",
        r.unused_columns
    );
    assert!(
        !r.unused_columns.iter().any(|c| c == "Discovery evidence"),
        "{:?}",
        r.unused_columns
    );

    let ana = own(&t, sam, "Ana");
    assert_eq!(ana.score("discovery"), Some(4));
    assert_eq!(ana.score("drive"), Some(4));
    assert_eq!(ana.notes, "Strong hire");
    let ev = ana
        .scores
        .iter()
        .find(|s| s.trait_id == "discovery")
        .unwrap();
    assert_eq!(ev.evidence, "Asked about the quota gap");
    let d = api::debrief(
        &t.ws,
        ViewerRequest {
            candidate_id: sam,
            viewer: "Lead".into(),
        },
    )
    .unwrap();
    assert_eq!(
        d.evaluation.spread_flags,
        vec!["Discovery and curiosity".to_string()]
    );

    let lee = api::list_candidates(
        &t.ws,
        api::CandidatesRequest {
            role: Some(Role::Sdr),
        },
    )
    .unwrap();
    assert_eq!(lee.len(), 1);
    assert_eq!(own(&t, lee[0].id, "Ana").score("coachability"), Some(3));
}

#[test]
fn a_submitted_scorecard_is_not_changed_by_an_import() {
    let t = TestWs::new();
    let sam = add(&t, "Sam Rivera", Role::Ae);
    api::submit_scorecard(
        &t.ws,
        api::SaveScorecardRequest {
            candidate_id: sam,
            interviewer: "Ana".into(),
            scores: vec![salesos::hiring::TraitScore {
                trait_id: "coachability".into(),
                name: String::new(),
                score: Some(3),
                evidence: String::new(),
            }],
            recommendation: Some(salesos::hiring::Verdict::Yes),
            notes: String::new(),
        },
    )
    .unwrap();
    let csv = "Candidate,Interviewer,Trait,Score\nSam Rivera,Ana,Coachability,1\n";
    let r = run(&t, "scores.csv", csv.as_bytes());
    accounted(&r);
    assert!(issue_at(&r, 2).contains("already submitted in SalesOS"));
    assert_eq!(own(&t, sam, "Ana").score("coachability"), Some(3));
}

#[test]
fn files_without_the_columns_or_garbage_get_a_clear_error() {
    let t = TestWs::new();
    let err = import(&t.ws, "x.csv", b"Name,Amount\nAcme,100\n", None, false).unwrap_err();
    assert!(
        err.to_string()
            .contains("Candidate and Interviewer columns"),
        "{err}"
    );
    let err = import(&t.ws, "x.xlsx", b"PK\x03\x04 not really a zip", None, false).unwrap_err();
    assert!(!err.to_string().is_empty());
    let err = import(&t.ws, "x.csv", b"", None, false).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn cli_imports_scorecards_with_json_and_strict() {
    let t = TestWs::new();
    add(&t, "Sam Rivera", Role::Ae);
    let data = t.data_dir();
    let bad = t.write(
        "bad.csv",
        "Candidate,Interviewer,Trait,Score\nSam Rivera,Ana,Coachability,3\nSam Rivera,Ana,Grit,3\n",
    );
    let o = cli(
        &data,
        &[
            "import",
            bad.to_str().unwrap(),
            "--kind",
            "scorecards",
            "--strict",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("row      3  REJECTED"),
        "{}",
        stdout(&o)
    );
    // Strict refused the whole file: Ana has no scorecard yet.
    let o = cli(
        &data,
        &[
            "import",
            bad.to_str().unwrap(),
            "--kind",
            "scorecards",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["imported"], 1);
    assert_eq!(v["rejected"], 1);
    assert_eq!(v["errors"][0]["row"], 3);
    assert_eq!(v["shape"], "long");
}
