//! `import FILE` without `--kind`: the kind is told from the columns and
//! `--json` reports it as `kind`, so Maven's roster is read as reps and not
//! as deals whose every row would be rejected.

use crate::common::*;
use salesos::import::detect::{detect, DetectedKind};
use serde_json::Value;

const PIPELINE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/maven-crm/sales_pipeline.csv"
);
const TEAMS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/maven-crm/sales_teams.csv"
);

fn import_json(t: &TestWs, file: &str) -> Value {
    let out = cli(&t.data_dir(), &["import", file, "--json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(&out)))
}

#[test]
fn maven_roster_without_kind_imports_35_reps() {
    let t = TestWs::new();
    let r = import_json(&t, TEAMS);
    assert_eq!(r["kind"], "reps", "{r}");
    assert_eq!(r["created"], 35, "{r}");
    assert_eq!(r["rejected"], 0, "{r}");
    let found = detect(&std::fs::read(TEAMS).unwrap());
    assert_eq!(found.kind, DetectedKind::Reps);
    assert_eq!(
        found.reason,
        "Looks like a team roster: sales_agent, manager, regional_office"
    );
}

#[test]
fn maven_pipeline_is_detected_as_deals() {
    let found = detect(&std::fs::read(PIPELINE).unwrap());
    assert_eq!(found.kind, DetectedKind::Deals, "{}", found.reason);
    assert!(
        found.reason.starts_with("Looks like deals: "),
        "{}",
        found.reason
    );
}

#[test]
fn given_kind_is_honoured_and_reported() {
    let t = TestWs::new();
    let out = cli(
        &t.data_dir(),
        &["import", TEAMS, "--kind", "deals", "--json"],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["kind"], "deals");
    assert_eq!(r["created"], 0, "{r}");
}

#[test]
fn exported_template_is_detected_and_imported_as_a_template() {
    let t = TestWs::new();
    let file = t.dir.path().join("template.xlsx");
    let out = cli(
        &t.data_dir(),
        &["template", "export", "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let found = detect(&std::fs::read(&file).unwrap());
    assert_eq!(found.kind, DetectedKind::Template);
    let out = cli(&t.data_dir(), &["import", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("process template"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn scorecard_files_are_detected() {
    let long = b"Candidate,Interviewer,Trait,Score,Evidence,Recommendation\nSam Rivera,Ana,Coachability,3,Took feedback,Yes\n";
    assert_eq!(detect(long).kind, DetectedKind::Scorecards);
    let wide = b"Candidate,Interviewer,Coachability,Grit\nSam Rivera,Ana,3,4\n";
    assert_eq!(detect(wide).kind, DetectedKind::Scorecards);
    let t = TestWs::new();
    let file = t.write("scores.csv", std::str::from_utf8(long).unwrap());
    let out = cli(&t.data_dir(), &["import", file.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("interview scorecards"),
        "{}",
        stderr(&out)
    );
}
