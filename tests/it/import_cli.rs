//! The command-line contract scripts rely on, through the real binary:
//! `import --json` (exit 0 even with rejected rows), garbage files (non-zero
//! exit, one line on stderr, no panic), `deals --json` (amounts in currency
//! units, dates YYYY-MM-DD, nulls), `--strict` and `--dry-run`.

use std::collections::BTreeSet;

use crate::common::*;
use serde_json::{json, Value};

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn json_out(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

const PIPELINE: &str = "\
Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Created Date,Stage,Risk,Next Step
CLI-1,Alpha draft,Acme,Ann Lee,1,2026-03-22,,Proposal,,
CLI-2,Bravo,,Bob Ray,N/A,03/20/2026,,Closed Won,,
,,Nameless,Bob Ray,100,2026-03-21,,Proposal,,
CLI-1,Alpha,Acme,Ann Lee,\"$12,500.50\",2026-03-15,2026-01-05,Proposal,green,Send contract
CLI-3,Charlie,Cove,,7000,TBD,,Discovery,,
";

#[test]
fn import_json_reports_every_row_and_exits_zero_with_rejected_rows() {
    let t = TestWs::new();
    let file = t.write("pipeline.csv", PIPELINE);
    let out = cli(&t.data_dir(), &["import", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    let r = json_out(&out);
    for key in [
        "rows_read",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "errors",
        "warnings",
    ] {
        assert!(r.get(key).is_some(), "no {key} in {r}");
    }
    assert_eq!(r["rows_read"], 5);
    assert_eq!(r["created"], 3);
    assert_eq!(r["updated"], 0);
    assert_eq!(r["unchanged"], 0);
    assert_eq!(r["rejected"], 1);
    assert_eq!(r["merged"], 1);

    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    for e in errors.iter().chain(r["warnings"].as_array().unwrap()) {
        assert!(
            keys(e).is_superset(&set(&["row", "column", "value", "message"])),
            "{e}"
        );
    }
    assert_eq!(errors[0]["row"], 4);
    assert_eq!(errors[0]["column"], Value::Null);
    assert_eq!(errors[0]["value"], Value::Null);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("No deal ID and no deal name"));
    // CLI-1 again on row 5: the later row is the deal, and both are named.
    assert_eq!(
        r["repeats"],
        json!([{
            "row": 2,
            "column": "Opportunity ID",
            "value": "CLI-1",
            "message": "Names the same deal as row 5 (Opportunity ID CLI-1), which comes later in the file and was imported instead."
        }])
    );

    let warnings = r["warnings"].as_array().unwrap();
    let cells: Vec<(u64, &str, &str)> = warnings
        .iter()
        .map(|w| {
            (
                w["row"].as_u64().unwrap(),
                w["column"].as_str().unwrap(),
                w["value"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        cells,
        [(3, "Amount", "N/A"), (6, "Close Date", "TBD")],
        "{warnings:#?}"
    );

    // Imported again: nothing created, everything unchanged.
    let out = cli(&t.data_dir(), &["import", file.to_str().unwrap(), "--json"]);
    assert!(out.status.success());
    let r = json_out(&out);
    assert_eq!((&r["created"], &r["unchanged"]), (&json!(0), &json!(3)));
}

#[test]
fn deals_json_shape() {
    let t = TestWs::new();
    let file = t.write("pipeline.csv", PIPELINE);
    assert!(cli(&t.data_dir(), &["import", file.to_str().unwrap()])
        .status
        .success());

    let out = cli(&t.data_dir(), &["deals", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let deals = json_out(&out);
    let deals = deals.as_array().expect("an array");
    assert_eq!(deals.len(), 3);
    let fields = set(&[
        "external_id",
        "name",
        "account",
        "owner",
        "amount",
        "currency",
        "close_date",
        "created_date",
        "status",
        "stage",
        "crm_stage",
        "risk",
        "next_step",
        "last_activity",
    ]);
    // Every field of the contract is there (null when missing); later
    // additions do not break scripts.
    for d in deals {
        assert!(keys(d).is_superset(&fields), "{d}");
    }
    let by_id = |id: &str| {
        deals
            .iter()
            .find(|d| d["external_id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };

    let alpha = by_id("CLI-1");
    assert_eq!(alpha["name"], "Alpha");
    assert_eq!(alpha["account"], "Acme");
    assert_eq!(alpha["owner"], "Ann Lee");
    assert_eq!(alpha["amount"], json!(12500.5), "currency units");
    assert_eq!(alpha["currency"], "USD");
    assert_eq!(alpha["close_date"], "2026-03-15");
    assert_eq!(alpha["created_date"], "2026-01-05");
    assert_eq!(alpha["status"], "open");
    assert!(alpha["stage"].as_u64().is_some_and(|s| s <= 5), "{alpha}");
    assert_eq!(alpha["crm_stage"], "Proposal");
    assert_eq!(alpha["risk"], "green");
    assert_eq!(alpha["next_step"], "Send contract");
    assert_eq!(alpha["last_activity"], Value::Null);

    let bravo = by_id("CLI-2");
    assert_eq!(bravo["amount"], Value::Null, "N/A became null");
    assert_eq!(bravo["account"], Value::Null);
    assert_eq!(bravo["close_date"], "2026-03-20");
    assert_eq!(bravo["status"], "won");
    assert_eq!(bravo["stage"], Value::Null);
    assert_eq!(bravo["risk"], Value::Null);

    let charlie = by_id("CLI-3");
    assert_eq!(charlie["amount"], json!(7000), "whole amounts print whole");
    assert_eq!(charlie["close_date"], Value::Null);
    assert_eq!(charlie["owner"], Value::Null);

    // --quarter keeps the deals closing in it.
    let out = cli(&t.data_dir(), &["deals", "--quarter", "2026-Q1", "--json"]);
    assert!(out.status.success());
    let q1 = json_out(&out);
    let ids: BTreeSet<&str> = q1
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["external_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CLI-1", "CLI-2"].into_iter().collect());

    // And the forecast over them.
    let out = cli(
        &t.data_dir(),
        &[
            "forecast",
            "--quarter",
            "2026-Q1",
            "--goal",
            "50000",
            "--create-and-close",
            "0",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let f = json_out(&out);
    assert_eq!(f["quarter"], "2026-Q1");
    assert_eq!(f["goal"], json!(50000));
    assert_eq!(f["closed_won"], json!(0), "the won deal has no amount");
    assert_eq!(f["commit"], json!(12500.5));
    assert_eq!(f["forecast"], json!(12500.5));
    assert_eq!(f["gap"], json!(37499.5));
    assert!(f["by_rep"].is_array() && f["gap_closers"].is_array());
}

#[test]
fn garbage_files_fail_with_one_line_and_change_nothing() {
    let t = TestWs::new();
    let good = t.write("good.csv", PIPELINE);
    assert!(cli(&t.data_dir(), &["import", good.to_str().unwrap()])
        .status
        .success());
    let deals_before = stdout(&cli(&t.data_dir(), &["deals", "--json"]));
    let imports_before = stdout(&cli(&t.data_dir(), &["imports", "--json"]));

    let workbook = xlsx(&[row!["Opportunity ID", "Amount"], row!["G-1", 1.0]]);
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend(std::iter::repeat_n(0u8, 504));
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", Vec::new(), "empty"),
        (
            "image.xlsx",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec(),
            "PNG image",
        ),
        (
            "half.xlsx",
            workbook[..workbook.len() / 2].to_vec(),
            "damaged",
        ),
        ("secret.xlsx", encrypted, "password"),
        (
            "archive.zip",
            zip_of(&[("notes.txt", b"hello".as_slice())]),
            "without a workbook",
        ),
    ];
    for (name, bytes, phrase) in cases {
        let path = t.write(name, &bytes);
        for json in [false, true] {
            let mut args = vec!["import", path.to_str().unwrap()];
            if json {
                args.push("--json");
            }
            let out = cli(&t.data_dir(), &args);
            let err = stderr(&out);
            assert!(
                !out.status.success(),
                "{name} was accepted: {}",
                stdout(&out)
            );
            assert!(!err.contains("panicked"), "{name}: {err}");
            assert_eq!(
                err.trim_end().lines().count(),
                1,
                "{name}: one line: {err:?}"
            );
            assert!(err.starts_with("error: "), "{name}: {err}");
            assert!(err.contains(phrase), "{name}: expected {phrase:?} in {err}");
            assert!(stdout(&out).trim().is_empty(), "{name}: {}", stdout(&out));
        }
    }
    // A file that is not there at all.
    let out = cli(&t.data_dir(), &["import", "/nonexistent/pipeline.xlsx"]);
    assert!(!out.status.success());
    assert_eq!(stderr(&out).trim_end().lines().count(), 1);

    assert_eq!(
        stdout(&cli(&t.data_dir(), &["deals", "--json"])),
        deals_before
    );
    assert_eq!(
        stdout(&cli(&t.data_dir(), &["imports", "--json"])),
        imports_before
    );
}

#[test]
fn strict_and_dry_run_change_nothing() {
    let t = TestWs::new();
    let file = t.write("pipeline.csv", PIPELINE);

    let out = cli(
        &t.data_dir(),
        &["import", file.to_str().unwrap(), "--strict", "--json"],
    );
    assert!(!out.status.success(), "a strict import with problems fails");
    assert!(stderr(&out).contains("strict"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
    let r = json_out(&out);
    assert_eq!(r["rejected"], 1);
    assert_eq!(r["strict_failed"], true);

    let out = cli(
        &t.data_dir(),
        &["import", file.to_str().unwrap(), "--dry-run", "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r = json_out(&out);
    assert_eq!(r["created"], 3);
    assert_eq!(r["dry_run"], true);

    let deals = json_out(&cli(&t.data_dir(), &["deals", "--json"]));
    assert_eq!(deals, json!([]), "neither import wrote anything");
}

#[test]
fn log_lines_on_a_pipe_carry_no_colour_codes() {
    let t = TestWs::new();
    let file = t.write("pipeline.csv", PIPELINE);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_salesos"))
        .arg("--data")
        .arg(t.data_dir())
        .args(["import", file.to_str().unwrap()])
        .env("SALESOS_TODAY", "2026-03-10")
        .env("SALESOS_LOG", "debug")
        .env_remove("NO_COLOR")
        .output()
        .expect("run salesos");
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("DEBUG"), "no debug lines logged: {err}");
    assert!(!err.contains("\x1b["), "colour codes on a pipe: {err:?}");
}

/// `--map COLUMN=FIELD` picks a column the suggested mapping left out (a
/// scraped table's row number as the deal id) or leaves one unused; a name
/// that is no column, or no field, is refused in one line before anything
/// is read or written.
#[test]
fn map_chooses_columns_by_name() {
    let t = TestWs::new();
    let file = t.write(
        "scraped.csv",
        "Column-0,Account Name,Stage,Total Price\n1,Acme,Closed Won,\"USD 1,000\"\n2,Acme,Proposal,\"EUR 2,000\"\n",
    );
    let f = file.to_str().expect("utf-8 path");
    let blocked = json_out(&cli(&t.data_dir(), &["import", f, "--dry-run", "--json"]));
    assert_eq!(blocked["created"], 0, "{blocked}");

    let out = cli(
        &t.data_dir(),
        &[
            "import",
            f,
            "--json",
            "--map",
            "Column-0=external_id",
            "--map",
            "total price=none",
        ],
    );
    let report = json_out(&out);
    assert_eq!(
        (report["created"].clone(), report["rejected"].clone()),
        (json!(2), json!(0)),
        "{report}"
    );
    let deals: Value =
        serde_json::from_str(&stdout(&cli(&t.data_dir(), &["deals", "--json"]))).expect("json");
    let deals = deals.as_array().expect("list");
    assert!(
        deals.iter().all(|d| d["amount"].is_null()),
        "Total Price left unused: {deals:?}"
    );
    let ids: BTreeSet<String> = deals
        .iter()
        .filter_map(|d| d["external_id"].as_str().map(String::from))
        .collect();
    assert_eq!(ids, set(&["1", "2"]));

    let wrong = cli(
        &t.data_dir(),
        &["import", f, "--map", "Column 0=external_id"],
    );
    assert!(!wrong.status.success());
    let err = stderr(&wrong);
    assert!(
        err.contains("no column named \"Column 0\"") && err.contains("Column-0, Account Name"),
        "{err}"
    );
    let wrong = cli(
        &t.data_dir(),
        &["import", f, "--map", "Column-0=deal_number"],
    );
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("\"deal_number\" is not a field"),
        "{}",
        stderr(&wrong)
    );
}

/// A file with no stage, status or won/closed column whose name says what
/// its deals are (a CRM view exported as "Lost opportunities") imports them
/// as that, and says so first; the same rows under another name stay open.
#[test]
fn a_file_named_lost_holds_lost_deals() {
    let t = TestWs::new();
    let rows = "Topic,Potential Customer,Est. Revenue,Actual Close Date\nRollout,Acme,1000,2026-02-01\nRenewal,Bolt,2000,2026-02-03\n";
    let lost = t.write("Lost Opportunities.csv", rows);
    let report = json_out(&cli(
        &t.data_dir(),
        &["import", lost.to_str().expect("utf-8"), "--json"],
    ));
    assert!(
        report["notes"][0]
            .as_str()
            .unwrap_or("")
            .contains("says these are lost deals"),
        "{report}"
    );
    let other = TestWs::new();
    let plain = other.write("opportunities.csv", rows);
    cli(
        &other.data_dir(),
        &["import", plain.to_str().expect("utf-8"), "--json"],
    );
    for (ws, want) in [(&t, "lost"), (&other, "open")] {
        let deals: Value =
            serde_json::from_str(&stdout(&cli(&ws.data_dir(), &["deals", "--json"])))
                .expect("json");
        let statuses: BTreeSet<String> = deals
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|d| d["status"].as_str().map(String::from))
            .collect();
        assert_eq!(statuses, set(&[want]));
    }
}
