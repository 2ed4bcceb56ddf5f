//! The ramp board end to end (issue 15) on a team the test writes as the
//! files a manager would drop in: a roster, a weekly activity summary and a
//! deals export. Four AEs ramped since June 2025 make the peers; three AEs
//! who started on 5 January 2026 are in month 3 of their ramp on
//! 10 March 2026 (the tests' today): Joey on track, Kara short of meetings,
//! Lee far above the peers' win rate.
use crate::common::*;
use salesos::api::{self, RampRequest};
use salesos::import::{ImportKind, ImportOptions};
use salesos::ramp::{BandBasis, FlagKind, Metric, RampStatus, Verdict};
use serde_json::Value;

const PEERS: [(&str, f64, u32, u32); 4] = [
    // name, customer meetings a week, deals won, deals lost
    ("Ana Peer", 14.0, 1, 4),
    ("Ben Peer", 15.0, 2, 5),
    ("Cy Peer", 16.0, 2, 6),
    ("Di Peer", 17.0, 3, 7),
];

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn team(t: &TestWs) {
    let roster = "Rep Name,Role,Manager,Start Date\n\
        Mia Boss,Manager,,2023-01-02\n\
        Ana Peer,AE,Mia Boss,2025-06-02\n\
        Ben Peer,AE,Mia Boss,2025-06-02\n\
        Cy Peer,AE,Mia Boss,2025-06-02\n\
        Di Peer,AE,Mia Boss,2025-06-02\n\
        Joey On,AE,Mia Boss,2026-01-05\n\
        Kara Lag,AE,Mia Boss,2026-01-05\n\
        Lee Star,AE,Mia Boss,2026-01-05\n";
    let path = t.write("roster.csv", roster);
    let reps = ImportOptions {
        kind: ImportKind::Reps,
        ..ImportOptions::default()
    };
    t.import_with(&path, &reps).unwrap();

    // Weekly summaries: the peers since their start, the hires' 9 weeks.
    let mut weeks = String::from("Rep,Week Of,Customer Meetings,First Meetings\n");
    let peer_start = d(2025, 6, 2);
    for (name, meetings, _, _) in PEERS {
        for w in 0..40 {
            let day = peer_start + chrono::Duration::weeks(w);
            weeks.push_str(&format!("{name},{},{meetings},5\n", date(day)));
        }
    }
    let hire_start = d(2026, 1, 5);
    for w in 0..9 {
        let day = date(hire_start + chrono::Duration::weeks(w));
        weeks.push_str(&format!("Joey On,{day},15,5\nLee Star,{day},15,5\n"));
        let (m, f) = if w < 6 { (12, 4) } else { (3, 1) };
        weeks.push_str(&format!("Kara Lag,{day},{m},{f}\n"));
    }
    let path = t.write("weekly activity.csv", weeks);
    let acts = ImportOptions {
        kind: ImportKind::Activities,
        ..ImportOptions::default()
    };
    let r = t.import_with(&path, &acts).unwrap();
    assert_eq!(r.rejected, 0, "{r:#?}");

    // Deals: created and closed within the same days of each one's tenure
    // (weeks 6 to 9), $10,000 each.
    let mut deals = String::from(
        "Opportunity ID,Opportunity Name,Opportunity Owner,Amount,Created Date,Close Date,Status\n",
    );
    let mut n = 0;
    let mut add = |owner: &str, start: chrono::NaiveDate, won: u32, lost: u32| {
        for i in 0..won + lost {
            n += 1;
            let created = start + chrono::Duration::days(35 + i64::from(i));
            let closed = start + chrono::Duration::days(49 + i64::from(i));
            let status = if i < won { "Won" } else { "Lost" };
            deals.push_str(&format!(
                "D{n},Deal {n},{owner},10000,{},{},{status}\n",
                date(created),
                date(closed)
            ));
        }
    };
    for (name, _, won, lost) in PEERS {
        add(name, peer_start, won, lost);
    }
    add("Joey On", hire_start, 2, 5);
    add("Kara Lag", hire_start, 1, 3);
    add("Lee Star", hire_start, 6, 1);
    t.import("deals.csv", deals);
}

fn rep<'a>(
    b: &'a salesos::ramp::board::RampBoard,
    name: &str,
) -> &'a salesos::ramp::board::RampRep {
    b.reps
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} not on the board"))
}

fn metric(r: &salesos::ramp::board::RampRep, m: Metric) -> &salesos::ramp::MetricState {
    r.metrics.iter().find(|s| s.metric == m).unwrap()
}

#[test]
fn the_board_places_each_hire_against_the_peers_at_the_same_tenure() {
    let t = TestWs::new();
    team(&t);
    let b = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    let names: Vec<&str> = b.reps.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Joey On", "Kara Lag", "Lee Star"]);
    assert_eq!(b.peers.len(), 1);
    assert_eq!(b.peers[0].count, 4);

    let kara = rep(&b, "Kara Lag");
    assert_eq!(
        (kara.tenure.month, kara.tenure.week, kara.ramp_pct),
        (3, 10, 0.5)
    );
    // Weeks 6-9 of tenure: 12 + 3 + 3 + 3 meetings = 5.25 a week; the peers'
    // weeks 6-9 (July 2025): 14, 15, 16, 17 → 25th 14.75, median 15.5, 75th 16.25.
    let cm = metric(kara, Metric::CustomerMeetings);
    assert_eq!(cm.value, Some(5.25));
    assert_eq!(cm.goal, Some(7.5));
    let band = cm.band.unwrap();
    assert_eq!(
        (band.p25, band.median, band.p75, band.n),
        (14.75, 15.5, 16.25, 4)
    );
    assert_eq!(band.basis, BandBasis::Tenure);
    assert_eq!(cm.verdict, Verdict::Below);
    assert_eq!(kara.status, RampStatus::Behind);
    assert!(
        kara.reason
            .starts_with("Behind: bookings $10,870 against the peers' $19,023–$24,458; customer meetings 5.3 against the peers' 14.8–16.3;"),
        "{}",
        kara.reason
    );
    let flag = kara
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::BelowGoal && f.metric == Metric::CustomerMeetings)
        .unwrap();
    assert_eq!(
        flag.message,
        "3 customer meetings a week for 3 weeks, goal 3.8"
    );
    // Since the start: bookings $10,000 against the peers' $20,000 → deals
    // won 1 against 2 → opportunities 4 against 7.5 → first meetings 27
    // against 45: the cause.
    let rc = kara.root_cause.as_ref().unwrap();
    let path: Vec<Metric> = rc.path.iter().map(|n| n.metric).collect();
    assert_eq!(
        path,
        [
            Metric::Bookings,
            Metric::DealsWon,
            Metric::OpportunitiesCreated,
            Metric::FirstMeetings
        ]
    );
    assert_eq!(rc.cause, Metric::FirstMeetings);
    assert_eq!(rc.path[3].value, Some(27.0));
    assert_eq!(rc.path[3].reference, Some(45.0));
    assert!(kara
        .tree
        .iter()
        .any(|n| n.metric == Metric::AvgDealSize && !n.on_path));

    let joey = rep(&b, "Joey On");
    assert_eq!(joey.status, RampStatus::OnTrack, "{}", joey.reason);
    assert!(joey.flags.is_empty(), "{:?}", joey.flags);

    // Win rate 6 of 7 since the start against the peers' 20-30 %.
    let lee = rep(&b, "Lee Star");
    let wr = metric(lee, Metric::WinRate);
    assert_eq!(wr.value, Some(6.0 / 7.0));
    assert_eq!(wr.verdict, Verdict::Above);
    assert_eq!(lee.status, RampStatus::Ahead, "{}", lee.reason);
    let positive = lee
        .flags
        .iter()
        .find(|f| f.kind == FlagKind::Positive)
        .unwrap();
    assert_eq!(positive.metric, Metric::WinRate);
    assert_eq!(
        positive.message,
        "win rate 85.7 % since the start, the ramped peers' band ends at 28.9 %: learn from this"
    );

    // The harness has everyone, ramped peers too.
    assert_eq!(b.harness.len(), 7);
    assert!(b.harness.iter().filter(|h| h.ramped).count() == 4);
}

#[test]
fn a_steeper_ramp_plan_changes_the_call() {
    let t = TestWs::new();
    team(&t);
    let mut plans = salesos::ramp::board::plans(&t.ws.conn()).unwrap();
    let ae = plans
        .iter_mut()
        .find(|p| p.role == salesos::ramp::Role::Ae)
        .unwrap();
    // A two-month ramp: the hires count as ramped peers' equals now.
    ae.curve = vec![0.5, 1.0];
    api::save_ramp_plan(&t.ws, ae.clone()).unwrap();
    let b = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    assert!(
        b.reps.is_empty(),
        "{:?}",
        b.reps.iter().map(|r| &r.name).collect::<Vec<_>>()
    );
    let bad = salesos::ramp::RampPlan {
        curve: vec![0.5, 0.9],
        ..ae.clone()
    };
    let e = api::save_ramp_plan(&t.ws, bad).unwrap_err();
    assert!(e.message.contains("must reach 100 %"), "{}", e.message);
}

#[test]
fn too_few_peers_give_no_band_verdict() {
    let t = TestWs::new();
    team(&t);
    // Two of the four peers leave: two are not a range.
    let roster = "Rep Name,Status\nAna Peer,Left\nBen Peer,Terminated\n";
    let path = t.write("leavers.csv", roster);
    t.import_with(
        &path,
        &ImportOptions {
            kind: ImportKind::Reps,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let b = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    let kara = rep(&b, "Kara Lag");
    let cm = metric(kara, Metric::CustomerMeetings);
    assert_eq!(cm.verdict, Verdict::NoBand);
    assert_eq!(cm.no_band.as_deref(), Some("too few ramped peers (2)"));
    // The plan's goal decides instead: 5.25 a week against 7.5 is behind.
    assert_eq!(kara.status, RampStatus::Behind);
    assert!(
        kara.reason.contains("against a goal of 7.5"),
        "{}",
        kara.reason
    );
}

#[test]
fn cli_ramp_metrics_and_export() {
    let t = TestWs::new();
    team(&t);
    let out = cli(&t.data_dir(), &["ramp", "--json"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["as_of"], "2026-03-10");
    assert_eq!(v["plans"][0]["role"], "AE");
    assert_eq!(
        v["plans"][0]["curve"],
        serde_json::json!([0.0, 0.25, 0.5, 0.75, 1.0])
    );
    assert_eq!(v["plans"][0]["goals"]["bookings"], 80000.0);
    let kara = v["reps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Kara Lag")
        .unwrap();
    assert_eq!(kara["status"], "behind");
    assert_eq!(kara["tenure_month"], 3);
    assert_eq!(kara["metrics"]["customer_meetings"]["verdict"], "below");
    assert_eq!(
        kara["metrics"]["customer_meetings"]["band"]["basis"],
        "tenure"
    );
    assert_eq!(kara["metrics"]["customer_meetings"]["band"]["n"], 4);
    assert_eq!(kara["flags"][0]["kind"], "below_goal");
    assert_eq!(kara["root_cause"]["cause"], "first_meetings");
    assert_eq!(kara["root_cause"]["path"][0]["metric"], "bookings");

    let out = cli(
        &t.data_dir(),
        &["metrics", "--rep", "kara lag", "--weeks", "4", "--json"],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let m: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(m["rep"], "Kara Lag");
    let weeks = m["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    assert_eq!(weeks[3]["week_start"], "2026-03-02");
    assert_eq!(weeks[3]["tenure_week"], 9);
    assert_eq!(weeks[3]["customer_meetings"], 3.0);
    // Calls were never imported: absent, not 0.
    assert_eq!(weeks[3]["calls"], Value::Null);

    let unknown = cli(&t.data_dir(), &["metrics", "--rep", "Nobody"]);
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("No rep named \"Nobody\""),
        "{}",
        stderr(&unknown)
    );

    let file = t.dir.path().join("ramp.xlsx");
    let out = cli(
        &t.data_dir(),
        &["export", "ramp", "--out", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let one = t.dir.path().join("kara.xlsx");
    let out = cli(
        &t.data_dir(),
        &[
            "export",
            "ramp",
            "--rep",
            "Kara Lag",
            "--out",
            one.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    for f in [&file, &one] {
        let bytes = std::fs::read(f).unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}

#[test]
fn the_kept_board_follows_every_change_of_the_workspace() {
    // The board is kept while nothing changes (store/kept.rs): a change
    // made here, or by another process on the same workspace (the command
    // line while the app is open), must show on the next view.
    let t = TestWs::new();
    team(&t);
    let before = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    assert_eq!(before.reps.len(), 3);
    // Another process ends Kara's ramp: she left the team.
    let other = salesos::store::Workspace::open(&t.data_dir())
        .unwrap()
        .with_today(d(2026, 3, 10));
    other
        .conn()
        .execute(
            "UPDATE reps SET status = 'left' WHERE name = 'Kara Lag'",
            [],
        )
        .unwrap();
    let after = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    assert!(
        after.reps.iter().all(|r| r.name != "Kara Lag"),
        "{:?}",
        after.reps.iter().map(|r| &r.name).collect::<Vec<_>>()
    );
    // This process changes the plan: seen at once too.
    let mut plans = salesos::ramp::board::plans(&t.ws.conn()).unwrap();
    let ae = plans
        .iter_mut()
        .find(|p| p.role == salesos::ramp::Role::Ae)
        .unwrap();
    ae.curve = vec![0.5, 1.0];
    api::save_ramp_plan(&t.ws, ae.clone()).unwrap();
    let last = api::ramp_board(&t.ws, RampRequest::default()).unwrap();
    assert!(last.reps.is_empty());
}
