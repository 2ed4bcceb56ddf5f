//! The hiring rules through the API on a real workspace: floors no score
//! can buy back, independent submission, spreads, weights, the role-play's
//! gain, hired → rep, the CLI's JSON and the exported workbooks.
use crate::common;

use crate::common::{cli, d, stdout, TestWs};
use salesos::api::{
    self, CompareRequest, MoveCandidateRequest, SaveProfileRequest, SaveScorecardRequest,
    ScorecardRequest, ViewerRequest,
};
use salesos::hiring::roleplay::{Coaching, Round1, Round2};
use salesos::hiring::{
    Candidate, CandidateInput, Recommendation, Role, RolePlay, Stage, TraitScore, Verdict,
};

fn add(t: &TestWs, name: &str, role: Role) -> Candidate {
    common::add_candidate(t, name, role)
}

fn scores(list: &[(&str, u8)]) -> Vec<TraitScore> {
    list.iter()
        .map(|(id, s)| TraitScore {
            trait_id: id.to_string(),
            name: String::new(),
            score: Some(*s),
            evidence: format!("evidence for {id}"),
        })
        .collect()
}

fn card(c: &Candidate, who: &str, list: &[(&str, u8)]) -> SaveScorecardRequest {
    SaveScorecardRequest {
        candidate_id: c.id,
        interviewer: who.into(),
        scores: scores(list),
        recommendation: Some(Verdict::Yes),
        notes: String::new(),
    }
}

fn submit(t: &TestWs, c: &Candidate, who: &str, list: &[(&str, u8)]) {
    api::submit_scorecard(&t.ws, card(c, who, list)).expect("submit scorecard");
}

const AE_TOP: [(&str, u8); 5] = [
    ("coachability", 4),
    ("discovery", 4),
    ("deal_control", 4),
    ("drive", 4),
    ("communication", 4),
];

fn with(base: &[(&'static str, u8)], id: &str, s: u8) -> Vec<(&'static str, u8)> {
    base.iter()
        .map(|(i, v)| (*i, if *i == id { s } else { *v }))
        .collect()
}

fn debrief(t: &TestWs, c: &Candidate) -> api::Debrief {
    api::debrief(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "Hiring lead".into(),
        },
    )
    .expect("debrief")
}

#[test]
fn top_scores_everywhere_but_coachability_under_its_floor_is_no_hire() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    submit(&t, &c, "Ana", &with(&AE_TOP, "coachability", 2));
    submit(&t, &c, "Ben", &with(&AE_TOP, "coachability", 2));
    let e = debrief(&t, &c).evaluation;
    assert_eq!(e.recommendation, Recommendation::NoHire);
    assert_eq!(
        e.reasons[0],
        "no hire: coachability 2.0 is under the floor 3"
    );
    // (3×2 + 2×4 + 2×4 + 2×4 + 1×4) / 10: a 3.4 does not buy the floor back.
    assert_eq!(e.weighted_score, Some(3.4));
    let m = &e.must_pass[0];
    assert_eq!(
        (m.trait_name.as_str(), m.score, m.floor, m.passed),
        ("Coachability", Some(2.0), 3.0, false)
    );

    // The same scores with coachability at the floor: a hire.
    let ok = add(&t, "Kim Lee", Role::Ae);
    submit(&t, &ok, "Ana", &with(&AE_TOP, "coachability", 3));
    let e = debrief(&t, &ok).evaluation;
    assert_eq!(e.recommendation, Recommendation::Hire, "{:?}", e.reasons);
}

#[test]
fn interviewers_see_others_scores_only_after_submitting_their_own() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    submit(&t, &c, "Ana", &AE_TOP);
    api::save_scorecard(&t.ws, card(&c, "Ben", &[("drive", 2)])).expect("draft");

    let ask = |who: &str| {
        api::candidate_scorecards(
            &t.ws,
            ScorecardRequest {
                candidate_id: c.id,
                interviewer: who.into(),
            },
        )
        .expect("scorecards")
    };
    // Ben has a draft: Ana's scores are withheld, only her name and status shown.
    let ben = ask("Ben");
    assert!(!ben.unlocked);
    assert!(ben.others.is_empty());
    assert_eq!(ben.hidden.len(), 1);
    assert_eq!(ben.hidden[0].interviewer, "Ana");
    assert!(ben.hidden[0].submitted);
    assert_eq!(ben.own.score("drive"), Some(2));
    let json = serde_json::to_string(&ben).unwrap();
    assert!(!json.contains("evidence for discovery"), "{json}");

    // Someone who has not started scoring sees nothing either.
    assert!(ask("Cara").others.is_empty());

    // Ben's draft also keeps him out of the debrief, the comparison and the packet.
    let refused = api::debrief(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "ben".into(),
        },
    )
    .unwrap_err();
    assert_eq!(refused.code, salesos::api::ErrorCode::Invalid);
    assert!(
        refused
            .message
            .contains("Submit your scorecard for Sam Rivera first"),
        "{}",
        refused.message
    );
    let cmp = api::compare_candidates(
        &t.ws,
        CompareRequest {
            role: Role::Ae,
            viewer: "Ben".into(),
            include_closed: false,
        },
    )
    .unwrap();
    assert!(cmp.candidates[0].hidden && cmp.candidates[0].evaluation.is_none());
    assert!(api::hiring_packet_xlsx(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "Ben".into()
        }
    )
    .is_err());

    // The role-play Dana ran is scored too: Ben, with a draft, cannot read it;
    // Dana, who ran it, and Cara, who is not scoring, can.
    let mut rp = RolePlay::blank(c.id);
    rp.interviewer = "Dana".into();
    rp.round1.willingness = Some(1);
    api::save_roleplay(&t.ws, rp).expect("role-play saved");
    let roleplay = |who: &str| {
        api::get_roleplay(
            &t.ws,
            ViewerRequest {
                candidate_id: c.id,
                viewer: who.into(),
            },
        )
    };
    let refused = roleplay("Ben").unwrap_err();
    assert!(
        refused.message.contains("Submit your scorecard"),
        "{}",
        refused.message
    );
    assert_eq!(roleplay("dana").unwrap().round1.willingness, Some(1));
    assert_eq!(roleplay("Cara").unwrap().round1.willingness, Some(1));

    // After submitting, Ben sees Ana's scorecard with her evidence.
    submit(&t, &c, "Ben", &AE_TOP);
    assert!(roleplay("Ben").is_ok());
    let ben = ask("Ben");
    assert!(ben.unlocked);
    assert_eq!(ben.others.len(), 1);
    assert_eq!(ben.others[0].score("discovery"), Some(4));
    assert!(ben.hidden.is_empty());

    // A submitted scorecard no longer changes.
    let err = api::save_scorecard(&t.ws, card(&c, "Ben", &[("drive", 1)])).unwrap_err();
    assert!(
        err.message.contains("can no longer be changed"),
        "{}",
        err.message
    );
}

#[test]
fn disagreements_of_two_points_are_flagged_and_hold_a_hire() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    submit(&t, &c, "Ana", &with(&AE_TOP, "discovery", 4));
    submit(&t, &c, "Ben", &with(&AE_TOP, "discovery", 2));
    let e = debrief(&t, &c).evaluation;
    assert_eq!(e.spread_flags, vec!["Discovery and curiosity".to_string()]);
    let discovery = e.traits.iter().find(|t| t.trait_id == "discovery").unwrap();
    assert_eq!((discovery.spread, discovery.spread_flag), (Some(2), true));
    assert!(e
        .traits
        .iter()
        .filter(|t| t.trait_id != "discovery")
        .all(|t| !t.spread_flag));
    assert_eq!(e.recommendation, Recommendation::Undecided);
    assert!(
        e.reasons[0].contains(
            "interviewers disagree by 2 points on discovery and curiosity (Ana 4, Ben 2)"
        ),
        "{:?}",
        e.reasons
    );
    // One point apart is not flagged.
    let c2 = add(&t, "Kim Lee", Role::Ae);
    submit(&t, &c2, "Ana", &with(&AE_TOP, "discovery", 4));
    submit(&t, &c2, "Ben", &with(&AE_TOP, "discovery", 3));
    assert!(debrief(&t, &c2).evaluation.spread_flags.is_empty());
}

#[test]
fn weights_change_the_weighted_score_as_defined() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    // coachability 3 (w3), discovery 2 (w2), deal control 4 (w2), drive 4 (w2), communication 1 (w1)
    let s = [
        ("coachability", 3),
        ("discovery", 2),
        ("deal_control", 4),
        ("drive", 4),
        ("communication", 1),
    ];
    submit(&t, &c, "Ana", &s);
    let e = debrief(&t, &c).evaluation;
    // (3×3 + 2×2 + 4×2 + 4×2 + 1×1) / (3+2+2+2+1) = 30 / 10
    assert_eq!(e.weighted_score, Some(3.0));

    let mut profile = api::list_profiles(&t.ws, api::Empty {})
        .unwrap()
        .into_iter()
        .find(|p| p.profile.role == Role::Ae)
        .unwrap()
        .profile;
    profile
        .traits
        .iter_mut()
        .find(|t| t.id == "communication")
        .unwrap()
        .weight = 6.0;
    let saved = api::save_profile(
        &t.ws,
        SaveProfileRequest {
            profile: profile.clone(),
        },
    )
    .unwrap();
    assert!(saved.customized);
    // (9 + 4 + 8 + 8 + 6) / 15 = 35 / 15 = 2.33
    let e = debrief(&t, &c).evaluation;
    assert_eq!(e.weighted_score, Some(2.33));
    assert_eq!(e.recommendation, Recommendation::NoHire);
    assert_eq!(
        e.reasons[0],
        "no hire: weighted score 2.3 is under the hire bar 3"
    );

    // Bad profiles are refused with a message a leader understands.
    let mut bad = profile.clone();
    bad.traits[1].weight = -1.0;
    let err = api::save_profile(&t.ws, SaveProfileRequest { profile: bad }).unwrap_err();
    assert!(
        err.message
            .contains("weight of \"Discovery and curiosity\""),
        "{}",
        err.message
    );
    let mut bad = profile;
    bad.traits[0].floor = Some(0.0);
    assert!(api::save_profile(&t.ws, SaveProfileRequest { profile: bad }).is_err());
}

#[test]
fn the_role_play_gain_decides_coachability() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Sdr);
    let blank = api::get_roleplay(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "Dana".into(),
        },
    )
    .unwrap();
    assert!(blank.scenario.contains("six months"));
    assert!(!blank.result.complete);

    let rp = RolePlay {
        interviewer: "Dana".into(),
        round1: Round1 {
            willingness: Some(2),
            handling: Some(1),
            notes: "Agreed to call back in six months.".into(),
        },
        coaching: Coaching {
            text: "Ask what would make it a priority.".into(),
            points: vec![salesos::hiring::COACHING_POINTS[1].into()],
        },
        round2: Round2 {
            applied: Some(4),
            reception: Some(3),
            notes: "Asked about the quarter's targets.".into(),
        },
        seconds: 540,
        ..blank
    };
    let saved = api::save_roleplay(&t.ws, rp.clone()).unwrap();
    let r = saved.result;
    assert_eq!(
        (r.round1, r.round2, r.gain),
        (Some(1.5), Some(3.5), Some(2.0))
    );
    // round 2 + a quarter point per point gained: 3.5 + 0.5
    assert_eq!(r.score, Some(4.0));
    assert!(r.complete);

    // Interviewers scored coachability low; the observed role-play counts.
    let sdr = [
        ("coachability", 2),
        ("resilience", 3),
        ("work_rate", 3),
        ("curiosity", 3),
        ("writing", 3),
    ];
    submit(&t, &c, "Ana", &sdr);
    let e = debrief(&t, &c).evaluation;
    assert!(e.coachability.from_role_play);
    assert_eq!(e.coachability.score, Some(4.0));
    assert_eq!(e.coachability.gain, Some(2.0));
    assert!(e.must_pass[0].passed);

    // Out-of-range rubric scores are refused.
    let mut bad = rp;
    bad.round2.applied = Some(5);
    let err = api::save_roleplay(&t.ws, bad).unwrap_err();
    assert!(err.message.contains("scored 1 to 4"), "{}", err.message);
}

#[test]
fn a_hired_candidate_becomes_a_rep_with_a_start_date() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    let hired = api::move_candidate(
        &t.ws,
        MoveCandidateRequest {
            candidate_id: c.id,
            stage: Stage::Hired,
            start_date: Some(d(2026, 4, 1)),
        },
    )
    .unwrap();
    assert_eq!(hired.stage, Stage::Hired);
    let reps = api::list_reps(&t.ws, api::Empty {}).unwrap();
    let rep = reps
        .iter()
        .find(|r| r.name == "Sam Rivera")
        .expect("rep created");
    assert_eq!(rep.start_date, Some(d(2026, 4, 1)));
    assert_eq!(rep.role.as_deref(), Some("AE"));
    assert_eq!(hired.rep_id, Some(rep.id));

    // A card dropped on hired by mistake and moved back leaves no phantom rep.
    api::move_candidate(
        &t.ws,
        MoveCandidateRequest {
            candidate_id: c.id,
            stage: Stage::Offer,
            start_date: None,
        },
    )
    .unwrap();
    assert!(api::list_reps(&t.ws, api::Empty {}).unwrap().is_empty());

    // Hired without a date starts today.
    let hired = api::move_candidate(
        &t.ws,
        MoveCandidateRequest {
            candidate_id: c.id,
            stage: Stage::Hired,
            start_date: None,
        },
    )
    .unwrap();
    assert_eq!(hired.start_date, Some(d(2026, 3, 10)));
}

#[test]
fn bad_input_gets_a_clear_message() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    let err = api::create_candidate(
        &t.ws,
        CandidateInput {
            name: "  ".into(),
            role: Role::Ae,
            source: None,
            stage: None,
            notes: String::new(),
            resume_url: None,
            start_date: None,
        },
    )
    .unwrap_err();
    assert_eq!(err.message, "A candidate needs a name.");
    let dup = api::create_candidate(
        &t.ws,
        CandidateInput {
            name: "sam  rivera".into(),
            role: Role::Sdr,
            source: None,
            stage: None,
            notes: String::new(),
            resume_url: None,
            start_date: None,
        },
    )
    .unwrap_err();
    assert!(
        dup.message.contains("already a candidate named Sam Rivera"),
        "{}",
        dup.message
    );

    let err = api::save_scorecard(&t.ws, card(&c, "Ana", &[("drive", 7)])).unwrap_err();
    assert!(
        err.message.contains("Drive and ownership is scored 7"),
        "{}",
        err.message
    );
    let err = api::save_scorecard(&t.ws, card(&c, "", &[("drive", 3)])).unwrap_err();
    assert!(
        err.message.contains("interviewer's name"),
        "{}",
        err.message
    );
    let err = api::save_scorecard(&t.ws, card(&c, "Ana", &[("grit", 3)])).unwrap_err();
    assert!(
        err.message.contains("not a trait of the AE profile"),
        "{}",
        err.message
    );
    let mut no_call = card(&c, "Ana", &[("drive", 3)]);
    no_call.recommendation = None;
    let err = api::submit_scorecard(&t.ws, no_call).unwrap_err();
    assert!(
        err.message.contains("overall recommendation"),
        "{}",
        err.message
    );
    let missing = api::debrief(
        &t.ws,
        ViewerRequest {
            candidate_id: 999,
            viewer: "x".into(),
        },
    )
    .unwrap_err();
    assert_eq!(missing.code, salesos::api::ErrorCode::NotFound);
}

#[test]
fn the_board_shows_progress_by_stage_without_scores() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    add(&t, "Kim Lee", Role::Sdr);
    submit(&t, &c, "Ana", &AE_TOP);
    let board = api::hiring_board(
        &t.ws,
        api::CandidatesRequest {
            role: Some(Role::Ae),
        },
    )
    .unwrap();
    assert_eq!(board.columns.len(), 6);
    let screen = &board.columns[0];
    assert_eq!(screen.candidates.len(), 1);
    assert_eq!(screen.candidates[0].scorecards_submitted, 1);
    let json = serde_json::to_string(&board).unwrap();
    assert!(!json.contains("weighted"), "{json}");
}

#[test]
fn cli_prints_the_hiring_json_shape() {
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    submit(&t, &c, "Ana", &with(&AE_TOP, "coachability", 2));
    add(&t, "Kim Lee", Role::Sdr);
    drop(t.ws);
    let out = cli(
        &t.dir.path().join("ws"),
        &["hiring", "--role", "ae", "--json"],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = v["candidates"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let s = &list[0];
    assert_eq!(s["name"], "Sam Rivera");
    assert_eq!(s["role"], "AE");
    assert_eq!(s["stage"], "screen");
    assert!(s["weighted_score"].as_f64().unwrap() > 3.0);
    for k in ["round1", "round2", "gain", "score"] {
        assert!(s["coachability"].get(k).is_some(), "coachability.{k}");
    }
    assert_eq!(s["coachability"]["score"], 2.0);
    assert_eq!(s["must_pass"][0]["trait"], "Coachability");
    assert_eq!(s["must_pass"][0]["floor"], 3.0);
    assert_eq!(s["must_pass"][0]["passed"], false);
    assert!(s["spread_flags"].as_array().unwrap().is_empty());
    assert_eq!(s["recommendation"], "no_hire");
    assert_eq!(
        s["reasons"][0],
        "no hire: coachability 2.0 is under the floor 3"
    );

    let text = cli(&t.dir.path().join("ws"), &["hiring"]);
    assert!(stdout(&text).contains("Sam Rivera"), "{}", stdout(&text));
    assert!(stdout(&text).contains("No hire"));
    let bad = cli(&t.dir.path().join("ws"), &["hiring", "--role", "pilot"]);
    assert!(!bad.status.success());
    assert!(common::stderr(&bad).contains("not a role"));
}

/// Writes a packet and a comparison, opens both in LibreOffice and leaves
/// PDFs to look at in `SALESOS_KEEP_PDF` when set.
#[test]
fn exported_workbooks_open_in_libreoffice() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("soffice not installed: skipping");
        return;
    }
    let t = TestWs::new();
    let c = add(&t, "Sam Rivera", Role::Ae);
    submit(&t, &c, "Ana Lopez", &with(&AE_TOP, "discovery", 2));
    submit(&t, &c, "Ben Okafor", &with(&AE_TOP, "coachability", 3));
    let mut rp = api::get_roleplay(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "Dana".into(),
        },
    )
    .unwrap();
    rp.interviewer = "Dana".into();
    rp.round1 = Round1 {
        willingness: Some(3),
        handling: Some(2),
        notes: "Conceded quickly.".into(),
    };
    rp.coaching.points = vec![salesos::hiring::COACHING_POINTS[0].into()];
    rp.round2 = Round2 {
        applied: Some(3),
        reception: Some(4),
        notes: "Used the coaching at once.".into(),
    };
    api::save_roleplay(&t.ws, rp).unwrap();
    let k = add(&t, "Kim Lee", Role::Ae);
    submit(&t, &k, "Ana Lopez", &with(&AE_TOP, "coachability", 2));

    let packet = api::hiring_packet_xlsx(
        &t.ws,
        ViewerRequest {
            candidate_id: c.id,
            viewer: "Lead".into(),
        },
    )
    .unwrap();
    assert_eq!(packet.file_name, "Sam Rivera - candidate packet.xlsx");
    let cmp = api::role_comparison_xlsx(
        &t.ws,
        CompareRequest {
            role: Role::Ae,
            viewer: "Lead".into(),
            include_closed: false,
        },
    )
    .unwrap();
    let work = t.dir.path();
    for (name, bytes) in [
        ("packet.xlsx", &packet.bytes),
        ("comparison.xlsx", &cmp.bytes),
    ] {
        let path = t.write(name, bytes);
        let pdf = common::soffice_convert(&path, "pdf", work);
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(size > 1000, "{name}: pdf of {size} bytes");
        if let Some(keep) = std::env::var_os("SALESOS_KEEP_PDF") {
            std::fs::create_dir_all(&keep).unwrap();
            std::fs::copy(
                &pdf,
                std::path::Path::new(&keep).join(pdf.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    // The CLI writes the same workbooks.
    drop(t.ws);
    let data = work.join("ws");
    let export = |what: &str, which: &str, out: &std::path::Path| {
        cli(
            &data,
            &[
                "hiring",
                "export",
                what,
                which,
                "--out",
                out.to_str().unwrap(),
            ],
        )
    };
    let out_file = work.join("cli-packet.xlsx");
    let o = export("--candidate", "sam rivera", &out_file);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(out_file.exists());
    let cmp_file = work.join("cli-cmp.xlsx");
    let o = export("--role", "AE", &cmp_file);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = export("--candidate", "Nobody", &cmp_file);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("Nobody"));
}
