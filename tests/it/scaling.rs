//! Scaling readiness and the hiring plan (issue 16, docs/method.md §6): the
//! worked examples to the cent, every readiness rule at and either side of
//! its thresholds, the stage and span rules, the plan's month arithmetic
//! (ramp, attrition resets, payback) on hand-computed cases, the inputs a
//! real workspace gives with their sources, the command line, and the
//! exported plan recalculating in LibreOffice.
use std::collections::BTreeMap;

use crate::common::*;
use salesos::api::{self, Empty};
use salesos::import::{ImportKind, ImportOptions};
use salesos::scaling::capacity::{capacity, CapacityMinor};
use salesos::scaling::plan::{self, seat_shares};
use salesos::scaling::readiness::{
    bookings_multiple_check, closed_deals_check, cost_of_sales_check, cycle_check, judge,
    win_rate_check, FailureModeKind, Judged,
};
use salesos::scaling::span::{sales_ops, span};
use salesos::scaling::stage::{self, detect, Stage};
use salesos::scaling::{
    CheckName, CheckStatus, Hire, Period, ScalePlanRequest, ScaleRequest, StaffRole, Thresholds,
    Verdict,
};
use serde_json::Value;

const CENT: f64 = 0.005;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ---- capacity: the worked example --------------------------------------------------

#[test]
fn capacity_reproduces_the_worked_example_to_the_cent() {
    // 5 first meetings a week, 4 weeks, 20 %, $10,000 deals, a $100,000 rep.
    let c = capacity(5.0, 4.0, 0.20, 1_000_000, 10_000_000, 0.25).unwrap();
    assert!(close(c.deals_per_month, 4.0), "{}", c.deals_per_month);
    assert_eq!(c.bookings_per_month, 4_000_000, "$40,000 a month");
    assert_eq!(c.bookings_per_year, 48_000_000, "$480,000 a year");
    let cos = c.cost_of_sales.unwrap();
    assert!(close(cos, 100_000.0 / 480_000.0));
    assert_eq!(format!("{:.1}", cos * 100.0), "20.8");
    // At 10 %: $240,000 a year and 41.7 %.
    let c = capacity(5.0, 4.0, 0.10, 1_000_000, 10_000_000, 0.25).unwrap();
    assert_eq!(c.bookings_per_year, 24_000_000);
    assert_eq!(format!("{:.1}", c.cost_of_sales.unwrap() * 100.0), "41.7");
    // A unit that books nothing has no cost of sales, and no division by zero.
    let c = capacity(5.0, 4.0, 0.0, 1_000_000, 10_000_000, 0.25).unwrap();
    assert_eq!(c.cost_of_sales, None);
    assert!(capacity(1e9, 4.0, 1.0, i64::MAX / 2, 1, 0.25).is_err());
}

// ---- readiness rules, each at and either side of its thresholds -------------------

fn t() -> Thresholds {
    Thresholds::default()
}

#[test]
fn win_rate_is_judged_against_the_15_to_30_band() {
    let at = |r: f64| win_rate_check(r, &t());
    assert_eq!(at(0.1499).status, CheckStatus::Fail);
    assert!(at(0.1499)
        .message
        .contains("fix the messaging, the product or the price"));
    assert_eq!(at(0.15).status, CheckStatus::Pass);
    assert!(
        at(0.15).message.contains("inside the 15–30 % band"),
        "{}",
        at(0.15).message
    );
    assert_eq!(at(0.1501).status, CheckStatus::Pass);
    assert_eq!(at(0.2999).status, CheckStatus::Pass);
    assert!(at(0.30).message.contains("inside"));
    assert_eq!(at(0.3001).status, CheckStatus::Pass);
    assert!(at(0.3001)
        .message
        .contains("scale now, and consider raising the price"));
}

/// A unit whose cost of sales is `cos` ($100,000 a year of cost).
fn unit(cos: f64) -> CapacityMinor {
    let cost = 10_000_000i64;
    let year = (cost as f64 / cos).round() as i64;
    CapacityMinor {
        deals_per_month: 1.0,
        bookings_per_month: year / 12,
        bookings_per_year: year,
        cost_per_month: cost / 12,
        cost_per_year: cost,
        cost_of_sales: Some(cos),
        needed_per_month: Some(((cost / 12) as f64 / 0.25).round() as i64),
    }
}

#[test]
fn cost_of_sales_passes_to_25_warns_to_30_and_fails_above() {
    let at = |c: f64| cost_of_sales_check(&unit(c), "an AE + SDR pair", "USD", &t());
    assert_eq!(at(0.2499).status, CheckStatus::Pass);
    assert_eq!(at(0.25).status, CheckStatus::Pass);
    assert_eq!(at(0.2501).status, CheckStatus::Warn);
    assert_eq!(at(0.30).status, CheckStatus::Warn);
    assert_eq!(at(0.3001).status, CheckStatus::Fail);
    // The issue's sentence: 31 %, a $19.2K pair booking $62K needs $76.8K.
    let pair = CapacityMinor {
        deals_per_month: 3.44,
        bookings_per_month: 6_200_000,
        bookings_per_year: 74_400_000,
        cost_per_month: 1_916_667,
        cost_per_year: 23_000_000,
        cost_of_sales: Some(23_000_000.0 / 74_400_000.0),
        needed_per_month: Some(7_666_668),
    };
    let c = cost_of_sales_check(&pair, "an AE + SDR pair", "USD", &t());
    assert_eq!(c.status, CheckStatus::Fail);
    assert_eq!(
        c.message,
        "Cost of sales 30.9 % is above 25 %. An AE + SDR pair costs $19,167 a month and books $62,000; it needs $76,667."
    );
}

#[test]
fn the_cycle_is_consistent_to_half_the_median_and_unpredictable_past_it() {
    let at = |s: f64| cycle_check(Some(s), Some(40.0), &t()).status;
    assert_eq!(at(0.49), CheckStatus::Pass);
    assert_eq!(at(0.5), CheckStatus::Pass);
    assert_eq!(at(0.51), CheckStatus::Warn);
    assert_eq!(at(1.0), CheckStatus::Warn);
    assert_eq!(at(1.01), CheckStatus::Fail);
    let none = cycle_check(None, None, &t());
    assert_eq!(none.status, CheckStatus::Warn);
    assert!(none.message.contains("Too few won deals"));
}

#[test]
fn a_ramped_ae_books_five_times_their_cost() {
    // A $150,000 AE: 5× is $750,000 a year, $62,500 a month; 4× is $50,000.
    let at = |monthly: i64| {
        bookings_multiple_check(monthly, 15_000_000, "USD", &t())
            .unwrap()
            .status
    };
    assert_eq!(at(6_250_001), CheckStatus::Pass);
    assert_eq!(at(6_250_000), CheckStatus::Pass);
    assert_eq!(at(6_249_999), CheckStatus::Warn);
    assert_eq!(at(5_000_000), CheckStatus::Warn);
    assert_eq!(at(4_999_999), CheckStatus::Fail);
    assert!(
        bookings_multiple_check(1, 0, "USD", &t()).is_none(),
        "no cost, no division"
    );
}

#[test]
fn a_few_dozen_closed_deals_are_needed_to_trust_the_rates() {
    let at = |n: u32| closed_deals_check(n, "the last four quarters", &t()).status;
    assert_eq!(at(31), CheckStatus::Pass);
    assert_eq!(at(30), CheckStatus::Pass);
    assert_eq!(at(29), CheckStatus::Warn);
    assert_eq!(at(15), CheckStatus::Warn);
    assert_eq!(at(14), CheckStatus::Fail);
}

fn judged(win: f64, cos: f64) -> Judged<'static> {
    Judged {
        currency: "USD",
        period: "the last four quarters",
        unit: "an AE",
        win_rate: Some(win),
        capacity: Some(unit(cos)),
        cycle_spread: Some(0.3),
        cycle_days: Some(40.0),
        bookings_per_rep: Some(7_000_000),
        ae_cost: Some(15_000_000),
        closed_deals: Some(140),
        win_rate_entered: false,
        sellers_in_ramp: 0,
        sellers: 3,
        months_since_last_start: Some(2),
        missing: false,
    }
}

#[test]
fn the_verdict_follows_the_deciding_checks() {
    let r = judge(&judged(0.22, 0.20), &t());
    assert_eq!(r.verdict, Some(Verdict::Ready));
    assert!(
        r.headline.starts_with("Ready: win rate 22 %"),
        "{}",
        r.headline
    );
    let r = judge(&judged(0.35, 0.20), &t());
    assert_eq!(r.verdict, Some(Verdict::ScaleNow));
    let r = judge(&judged(0.22, 0.31), &t());
    assert_eq!(r.verdict, Some(Verdict::NotYet));
    assert!(
        r.headline
            .starts_with("Not yet: cost of sales 31 % is above 25 %."),
        "{}",
        r.headline
    );
    assert_eq!(r.reasons.len(), 1);
    // A warning alone does not stop a hire: it is a reason to watch.
    let r = judge(&judged(0.22, 0.27), &t());
    assert_eq!(r.verdict, Some(Verdict::Ready));
    assert!(r.reasons.iter().any(|m| m.contains("Cost of sales 27 %")));
    let r = judge(&judged(0.10, 0.50), &t());
    assert_eq!(r.verdict, Some(Verdict::FixFirst), "win rate first");
    let mut few = judged(0.22, 0.20);
    few.closed_deals = Some(10);
    assert_eq!(judge(&few, &t()).verdict, Some(Verdict::FixFirst));
    // ... unless the win rate was entered by hand: then it only warns.
    few.win_rate_entered = true;
    let r = judge(&few, &t());
    assert_eq!(r.verdict, Some(Verdict::Ready));
    let c = r
        .checks
        .iter()
        .find(|c| c.name == CheckName::ClosedDeals)
        .unwrap();
    assert_eq!(c.status, CheckStatus::Warn);
    // Missing inputs: no verdict at all.
    let mut missing = judged(0.22, 0.20);
    missing.missing = true;
    assert_eq!(judge(&missing, &t()).verdict, None);
}

#[test]
fn premature_and_lagged_scaling_are_named_when_they_apply() {
    let mut j = judged(0.10, 0.20);
    j.sellers_in_ramp = 3;
    let r = judge(&j, &t());
    assert_eq!(r.failure_modes.len(), 1);
    assert_eq!(r.failure_modes[0].kind, FailureModeKind::Premature);
    assert!(r.failure_modes[0]
        .message
        .contains("3 new sellers are ramping"));
    j.sellers_in_ramp = 0;
    assert!(
        judge(&j, &t()).failure_modes.is_empty(),
        "not hiring: nothing premature"
    );

    // Proven, and nobody joined for 6 months: lagged. At 5 months: not yet.
    let mut j = judged(0.22, 0.20);
    j.months_since_last_start = Some(6);
    let r = judge(&j, &t());
    assert_eq!(r.failure_modes[0].kind, FailureModeKind::Lagged);
    assert!(r.failure_modes[0].message.contains("for 6 months"));
    j.months_since_last_start = Some(5);
    assert!(judge(&j, &t()).failure_modes.is_empty());
    // A founder selling alone with a proven motion is lagging too.
    j.months_since_last_start = None;
    j.sellers = 1;
    assert_eq!(
        judge(&j, &t()).failure_modes[0].kind,
        FailureModeKind::Lagged
    );
}

#[test]
fn thresholds_are_editable_and_checked() {
    let mut th = t();
    th.win_rate_low = 0.25;
    assert_eq!(win_rate_check(0.22, &th).status, CheckStatus::Fail);
    th.win_rate_low = 0.5;
    assert!(th.validate().is_err(), "low above high");
}

// ---- stage and span ----------------------------------------------------------------

#[test]
fn the_stage_is_detected_from_the_roster() {
    assert_eq!(detect(0, 0, 0, 0), Stage::FounderAlone);
    assert_eq!(detect(1, 0, 0, 0), Stage::FounderAlone);
    assert_eq!(detect(1, 1, 0, 0), Stage::FounderPlusOne);
    assert_eq!(detect(0, 0, 1, 0), Stage::FounderPlusOne);
    assert_eq!(detect(2, 1, 0, 0), Stage::FounderSdrTwoAes);
    assert_eq!(detect(2, 1, 1, 0), Stage::FirstPod);
    assert_eq!(detect(3, 1, 1, 1), Stage::FirstPod);
    assert_eq!(
        detect(4, 2, 1, 1),
        Stage::FirstPod,
        "two pods need two CSMs"
    );
    assert_eq!(detect(4, 2, 2, 1), Stage::CloningPods);
    assert_eq!(detect(4, 2, 2, 2), Stage::TeamOfTeams);
    assert_eq!(stage::pods(5, 3, 3), 2);
    assert_eq!(Stage::TeamOfTeams.next(), None);
}

#[test]
fn the_stage_label_says_what_the_roster_is_when_it_lacks_the_stages_shape() {
    use stage::label_for;
    assert_eq!(
        label_for(Stage::FounderSdrTwoAes, 2, 1, 0),
        "Founder, an SDR and two AEs"
    );
    assert_eq!(
        label_for(Stage::FounderSdrTwoAes, 11, 0, 0),
        "Two AEs or more, no SDR or CSM yet"
    );
    assert_eq!(
        label_for(Stage::FounderSdrTwoAes, 3, 0, 1),
        "Two AEs or more and a CSM, no SDR yet"
    );
    assert_eq!(
        label_for(Stage::FounderAlone, 0, 0, 0),
        "The founder sells alone"
    );
    assert_eq!(
        label_for(Stage::FounderAlone, 1, 0, 0),
        "One seller, no SDR or CSM yet"
    );
    assert_eq!(
        label_for(Stage::FirstPod, 2, 1, 1),
        "The first complete pod"
    );
    // The sample team: eleven AEs and two managers.
    let t = TestWs::new();
    api::load_demo(&t.ws, Empty {}).unwrap();
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    assert_eq!(r.stage.current, Stage::FounderSdrTwoAes);
    assert_eq!(r.stage.current_label, "Two AEs or more, no SDR or CSM yet");
    assert_eq!(
        r.stage.next_label.as_deref(),
        Some("The first complete pod")
    );
}

#[test]
fn exit_criteria_are_ticked_from_the_data_or_left_open() {
    let e = stage::StageEvidence {
        won_ever: 30,
        win_rates: Some((0.20, 0.25)),
        ..Default::default()
    };
    let c = stage::criteria(Stage::FounderPlusOne, &e, 0.15, 0.30);
    assert_eq!(c[0].met, Some(true), "30 won: a few dozen");
    assert_eq!(c[1].met, Some(true), "20 % and 25 %: steady");
    assert_eq!(c[2].met, None, "only the leader knows");
    let e = stage::StageEvidence {
        won_ever: 29,
        win_rates: Some((0.20, 0.2501)),
        ..Default::default()
    };
    let c = stage::criteria(Stage::FounderPlusOne, &e, 0.15, 0.30);
    assert_eq!(c[0].met, Some(false));
    let handful = |won_ever| {
        let e = stage::StageEvidence {
            won_ever,
            ..Default::default()
        };
        stage::criteria(Stage::FounderAlone, &e, 0.15, 0.30)[0].met
    };
    assert_eq!((handful(4), handful(5)), (Some(false), Some(true)));
    assert_eq!(c[1].met, Some(false), "more than five points apart");
    assert_eq!(stage::predictable((80, 100)), Some(true));
    assert_eq!(stage::predictable((79, 100)), Some(false));
    assert_eq!(stage::predictable((0, 0)), None);
}

#[test]
fn span_advice_turns_past_8_and_past_9() {
    let at = |reps, managers| span(reps, managers, 20_000_000, "USD").advice;
    assert!(at(8, 1).contains("inside the 6–9 band"), "{}", at(8, 1));
    assert!(
        at(17, 2).contains("add a team lead now, then a manager"),
        "8.5: {}",
        at(17, 2)
    );
    assert!(at(9, 1).contains("add a team lead now"), "{}", at(9, 1));
    assert!(at(19, 2).contains("add a manager"), "9.5: {}", at(19, 2));
    assert!(at(6, 1).contains("inside"));
    assert!(at(5, 1).contains("room for more"));
    assert!(at(4, 0).contains("No manager"));
    let s = span(8, 1, 20_000_000, "USD");
    assert_eq!(s.reps_per_manager, Some(8.0));
    // A $200,000 manager: $25,000 a rep at 8 against $40,000 at 5, 37.5 % less.
    assert_eq!(s.cost_per_rep_at_8, 25_000.0);
    assert_eq!(s.cost_per_rep_at_5, 40_000.0);
    assert!(close(s.saving_at_8, 0.375));
    assert!(s.cost_message.contains("37.5 % less"), "{}", s.cost_message);
}

#[test]
fn the_sales_ops_case_starts_at_ten_reps() {
    assert!(sales_ops(9, 9, 8_000_000, 5_000_000, "USD").is_none());
    let o = sales_ops(10, 10, 8_000_000, 5_000_000, "USD").unwrap();
    assert_eq!(o.pods, 5);
    assert_eq!(o.extra_bookings, 250_000.0, "five pods × $50,000");
    assert!(o.pays);
    assert!(o.message.contains("$80,000"), "{}", o.message);
    let o = sales_ops(11, 2, 8_000_000, 5_000_000, "USD").unwrap();
    assert_eq!(o.pods, 1);
    assert!(!o.pays);
}

// ---- the hiring plan ------------------------------------------------------------------

fn hire(role: StaffRole, count: u32, month: u32, cost: Option<f64>) -> Hire {
    Hire {
        role,
        count,
        month,
        annual_cost: cost,
    }
}

fn worked_inputs() -> ScaleRequest {
    ScaleRequest {
        win_rate: Some(0.2),
        deal_size: Some(10_000.0),
        first_meetings_per_week: Some(5.0),
        weeks_per_month: Some(4.0),
        rep_cost: Some(100_000.0),
        ..ScaleRequest::default()
    }
}

#[test]
fn a_plans_month_one_costs_a_twelfth_of_each_hire_to_the_cent() {
    let t = TestWs::new();
    let p = api::scale_plan(
        &t.ws,
        ScalePlanRequest {
            inputs: worked_inputs(),
            hires: vec![
                hire(StaffRole::Vp, 1, 1, Some(125_000.0)),
                hire(StaffRole::Sdr, 3, 1, Some(80_000.0)),
                hire(StaffRole::Ae, 3, 1, Some(150_000.0)),
            ],
            ..ScalePlanRequest::default()
        },
    )
    .unwrap();
    assert_eq!(p.months.len(), 12);
    let m1 = &p.months[0];
    assert_eq!(m1.cost, 67_916.67);
    assert_eq!(m1.headcount, 7);
    assert_eq!(m1.hires.get(&StaffRole::Sdr), Some(&3));
    // Month 1: the AEs at 0 % of their ramp, the SDRs at 25 %.
    assert!(close(m1.ramped_equivalents, 0.75));
    assert_eq!(m1.bookings, 0.0);
    assert_eq!(p.months[1].cumulative_cost, 135_833.34);
    // Month 2: 3 AEs at 25 % of $40,000 (the capacity) book $30,000.
    assert_eq!(p.months[1].bookings, 30_000.0);
}

fn one_ae(productivity: f64, attrition: Option<f64>) -> ScalePlanRequest {
    ScalePlanRequest {
        hires: vec![hire(StaffRole::Ae, 1, 1, Some(120_000.0))],
        productivity: BTreeMap::from([(StaffRole::Ae, productivity)]),
        ramp: BTreeMap::from([(StaffRole::Ae, vec![0.0, 0.5, 1.0])]),
        attrition,
        ..ScalePlanRequest::default()
    }
}

#[test]
fn the_plan_ramps_costs_and_pays_back_as_computed_by_hand() {
    // One AE at $120,000 ($10,000 a month) ramping 0 %, 50 %, 100 % to
    // $20,000 a month, 80 % gross margin: margins 0, 8,000, 16,000, 16,000...
    // against $10,000 a month: cumulative 40,000 against 40,000 in month 4.
    let t = TestWs::new();
    let p = api::scale_plan(&t.ws, one_ae(20_000.0, None)).unwrap();
    let b: Vec<f64> = p.months.iter().map(|m| m.bookings).collect();
    assert_eq!(&b[..4], &[0.0, 10_000.0, 20_000.0, 20_000.0]);
    let cm: Vec<f64> = p.months.iter().map(|m| m.cumulative_margin).collect();
    assert_eq!(&cm[..4], &[0.0, 8_000.0, 24_000.0, 40_000.0]);
    let cc: Vec<f64> = p.months.iter().map(|m| m.cumulative_cost).collect();
    assert_eq!(&cc[..4], &[10_000.0, 20_000.0, 30_000.0, 40_000.0]);
    assert_eq!(p.months[2].burn, 10_000.0 - 16_000.0);
    assert_eq!(p.payback_month, Some(4));
    // Value added: new ARR × 10. 0 + 10,000 + 10 × 20,000 = 210,000.
    assert_eq!(p.new_arr, 210_000.0);
    assert_eq!(p.value_added, 2_100_000.0);
    // At $12,000 a month the margin (9,600) never covers the cost.
    let p = api::scale_plan(&t.ws, one_ae(12_000.0, None)).unwrap();
    assert_eq!(p.payback_month, None);
    assert!(p.summary.contains("Does not pay back within 12 months"));
}

#[test]
fn a_leaver_is_replaced_and_the_replacement_ramps_again() {
    // 60 % a year is 5 % a month. Seat shares by hand for the curve 0, 50, 100 %:
    // s1 = 0; s2 = 0.05·0 + 0.95·0.5 = 0.475;
    // s3 = (0.05·0 + 0.05·0.95·0.5) + 0.95²·1 = 0.02375 + 0.9025 = 0.92625;
    // s4 = (0.02375 + 0.05·0.9025·1) + 0.95³·1 = 0.068875 + 0.857375 = 0.92625.
    let s = seat_shares(&[0.0, 0.5, 1.0], 0.05, 5);
    for (got, want) in s.iter().zip([0.0, 0.475, 0.92625, 0.92625, 0.92625]) {
        assert!((got - want).abs() < 1e-12, "{s:?}");
    }
    let t = TestWs::new();
    let p = api::scale_plan(&t.ws, one_ae(20_000.0, Some(0.6))).unwrap();
    assert!(close(p.months[2].ramped_equivalents, 0.92625));
    assert_eq!(p.months[2].bookings, 18_525.0, "0.92625 × 20,000");
    assert_eq!(p.months[2].headcount, 1, "replaced, not gone");
    assert_eq!(p.months[2].cost, 10_000.0, "the seat costs the same");
    // No attrition: the AE is fully ramped in month 3.
    let p = api::scale_plan(&t.ws, one_ae(20_000.0, None)).unwrap();
    assert!(close(p.months[2].ramped_equivalents, 1.0));
}

#[test]
fn a_ramped_rep_adding_40k_arr_a_month_adds_400k_of_value_a_month() {
    let t = TestWs::new();
    let mut req = one_ae(40_000.0, None);
    req.ramp = BTreeMap::from([(StaffRole::Ae, vec![1.0])]);
    let p = api::scale_plan(&t.ws, req).unwrap();
    assert_eq!(p.new_arr, 480_000.0);
    assert_eq!(p.value_added, 4_800_000.0, "12 months × $400,000");
}

#[test]
fn cloning_a_pod_every_quarter_hires_two_aes_an_sdr_and_a_csm_each_time() {
    let t = TestWs::new();
    let p = api::scale_plan(
        &t.ws,
        ScalePlanRequest {
            inputs: worked_inputs(),
            pod_every: Some(3),
            pods: Some(2),
            ..ScalePlanRequest::default()
        },
    )
    .unwrap();
    let heads: Vec<u32> = p.months.iter().map(|m| m.headcount).collect();
    assert_eq!(&heads[..5], &[4, 4, 4, 8, 8]);
    assert_eq!(p.months[3].hires.get(&StaffRole::Ae), Some(&2));
    assert_eq!(p.months[6].hires.len(), 0, "two pods only");
    // A pod a month: 2 × $150,000 + $80,000 + $90,000 = $470,000 a year.
    assert_eq!(p.months[0].cost, 39_166.67);
    // The SDR sets 10 first meetings a week at full ramp; 2 ramped AEs need 10.
    let ramped = p.months.last().unwrap();
    assert!(close(ramped.meetings_needed, ramped.meetings_supplied));
    assert_eq!(
        plan::pod_hires(3, None, 12).len(),
        4 * 3,
        "months 1, 4, 7, 10"
    );
}

#[test]
fn plans_that_make_no_sense_are_refused_in_a_sentence() {
    let t = TestWs::new();
    let err = |req: ScalePlanRequest| api::scale_plan(&t.ws, req).unwrap_err().message;
    let mut r = one_ae(1.0, None);
    r.months = Some(6);
    assert!(err(r).contains("12 to 36 months"));
    let mut r = one_ae(1.0, None);
    r.hires[0].month = 13;
    assert!(err(r).contains("outside the plan's 12 months"));
    let mut r = one_ae(1.0, None);
    r.ramp = BTreeMap::from([(StaffRole::Ae, vec![0.5, 0.8])]);
    assert!(err(r).contains("must reach 100 %"));
    let mut r = one_ae(1.0, None);
    r.gross_margin = Some(1.5);
    assert!(err(r).contains("gross margin"));
    // An AE's productivity needs the capacity: the missing inputs are named.
    let r = ScalePlanRequest {
        hires: vec![hire(StaffRole::Ae, 1, 1, None)],
        ..ScalePlanRequest::default()
    };
    let e = err(r);
    assert!(e.contains("win rate") && e.contains("deal size"), "{e}");
}

// ---- inputs from a real workspace -------------------------------------------------------

/// A team as files: a roster with fully loaded costs, and a year of closed
/// deals (11 won of 50 in the last four quarters, 22 %: deals 0, 1, 5, 10,
/// ... 45, closed every sixth day from 1 April 2025), plus older deals.
fn team(t: &TestWs) {
    let roster = "Rep Name,Role,Manager,Start Date,Fully Loaded Cost\n\
        Max Boss,Manager,,2022-01-03,\"$210,000\"\n\
        Ana Seller,AE,Max Boss,2024-01-08,\"150,000\"\n\
        Ben Seller,AE,Max Boss,2024-01-08,130000\n\
        Sam Setter,SDR,Max Boss,2024-06-03,\n";
    let path = t.write("roster.csv", roster);
    t.import_with(
        &path,
        &ImportOptions {
            kind: ImportKind::Reps,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let mut deals = String::from("Deal ID,Deal Name,Owner,Amount,Status,Close Date,Created Date\n");
    for i in 0..50 {
        let owner = if i % 2 == 0 {
            "Ana Seller"
        } else {
            "Ben Seller"
        };
        // Spread over April 2025 to February 2026.
        let closed = d(2025, 4, 1) + chrono::Duration::days(i * 6);
        let won = i % 5 == 0 || i == 1;
        let cycle = 30 + (i % 3) * 10; // 30, 40, 50 days
        let created = closed - chrono::Duration::days(cycle);
        deals.push_str(&format!(
            "D{i},Deal {i},{owner},18000,{},{closed},{created}\n",
            if won { "Won" } else { "Lost" }
        ));
    }
    // Outside the last four quarters.
    for i in 0..5 {
        deals.push_str(&format!(
            "OLD{i},Old {i},Ana Seller,9000,Won,2024-06-0{},2024-05-01\n",
            i + 1
        ));
    }
    t.import("deals.csv", deals);
}

#[test]
fn inputs_come_from_the_workspace_each_saying_where_it_came_from() {
    let t = TestWs::new();
    team(&t);
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    let i = &r.inputs;
    assert!(close(i.win_rate.value.unwrap(), 0.22));
    assert_eq!(
        i.win_rate.source,
        "22 % from 50 deals closed in the last four quarters"
    );
    assert!(!i.win_rate.edited);
    assert_eq!(i.deal_size.value, Some(18_000.0));
    assert_eq!(
        i.deal_size.source,
        "$18,000 average of 11 deals won in the last four quarters"
    );
    assert_eq!(
        i.cycle_days.value,
        Some(40.0),
        "30, 40 or 50 days, median 40"
    );
    assert_eq!(
        i.cycle_spread.value,
        Some(15.0 / 40.0),
        "30 to 45 days around 40"
    );
    // Costs: the roster's, and SalesOS's default where the roster has none.
    assert_eq!(i.ae_cost.value, Some(140_000.0));
    assert!(
        i.ae_cost.source.contains("average of 2 AEs"),
        "{}",
        i.ae_cost.source
    );
    assert_eq!(i.sdr_cost.value, Some(80_000.0));
    assert!(i.sdr_cost.source.contains("default"));
    assert_eq!(i.manager_cost.value, Some(210_000.0));
    // With an SDR, the selling unit is an AE + SDR pair.
    assert_eq!(r.unit, "an AE + SDR pair");
    assert_eq!(i.rep_cost.value, Some(220_000.0));
    assert_eq!(
        (i.aes.value, i.sdrs.value, i.managers.value),
        (Some(2.0), Some(1.0), Some(1.0))
    );
    assert_eq!(i.reps_per_manager.value, Some(3.0));
    assert_eq!(i.closed_deals.value, Some(50.0));
    assert!(r.missing.is_empty());
    // Capacity: 5 a week (the AE plan's goal) × 4 × 22 % × $18,000 = $79,200.
    assert!(i
        .first_meetings_per_week
        .source
        .contains("ramp plan's goal"));
    let c = r.capacity.as_ref().unwrap();
    assert!((c.bookings_per_month - 79_200.0).abs() < CENT);
    assert_eq!(r.stage.current, Stage::FounderSdrTwoAes);
    assert!(r.readiness.verdict.is_some());
    assert!(r.sales_ops.is_none(), "3 reps");
}

#[test]
fn the_period_is_selectable() {
    let t = TestWs::new();
    team(&t);
    let r = api::scale_readiness(
        &t.ws,
        ScaleRequest {
            period: Some(Period::LastQuarter),
            ..ScaleRequest::default()
        },
    )
    .unwrap();
    // After 10 December 2025: deals 43 to 49, closed 2025-12-14 to 2026-01-20.
    assert_eq!(r.period_label, "the last quarter");
    assert_eq!(r.inputs.closed_deals.value, Some(7.0));
    assert_eq!(r.inputs.win_rate.value, Some(1.0 / 7.0), "deal 45 won");
    assert_eq!(
        r.inputs.win_rate.source,
        "14.3 % from 7 deals closed in the last quarter"
    );
    let r = api::scale_readiness(
        &t.ws,
        ScaleRequest {
            period: Some(Period::LastEightQuarters),
            ..ScaleRequest::default()
        },
    )
    .unwrap();
    assert_eq!(r.inputs.closed_deals.value, Some(55.0));
}

#[test]
fn the_win_rate_is_against_first_meetings_when_activities_hold_them() {
    let t = TestWs::new();
    team(&t);
    // 5 first meetings a week for each AE over the last 40 weeks.
    let mut weeks = String::from("Rep,Week Of,First Meetings\n");
    let start = d(2025, 6, 2);
    for w in 0..40 {
        let day = start + chrono::Duration::weeks(w);
        weeks.push_str(&format!("Ana Seller,{day},5\nBen Seller,{day},5\n"));
    }
    let path = t.write("activity.csv", weeks);
    t.import_with(
        &path,
        &ImportOptions {
            kind: ImportKind::Activities,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    let w = &r.inputs.win_rate;
    // Of the wins, deals 15 to 45 closed from 2 June 2025 on: 7 against the
    // 400 first meetings since.
    assert!(
        w.source.contains("first meetings since 2025-06-02"),
        "{}",
        w.source
    );
    assert_eq!(w.value, Some(7.0 / 400.0), "{}", w.source);
    assert!(r
        .inputs
        .first_meetings_per_week
        .source
        .contains("400 first meetings by 2 reps"));
}

#[test]
fn every_input_can_be_overridden() {
    let t = TestWs::new();
    team(&t);
    let r = api::scale_readiness(
        &t.ws,
        ScaleRequest {
            win_rate: Some(0.31),
            deal_size: Some(20_000.0),
            bookings_per_rep: Some(70_000.0),
            role_costs: BTreeMap::from([(StaffRole::Sdr, 70_000.0)]),
            headcount: BTreeMap::from([(StaffRole::Csm, 1)]),
            ..ScaleRequest::default()
        },
    )
    .unwrap();
    assert!(r.inputs.win_rate.edited && r.inputs.win_rate.value == Some(0.31));
    assert_eq!(
        r.inputs.rep_cost.value,
        Some(210_000.0),
        "AE 140,000 + SDR 70,000"
    );
    assert_eq!(r.inputs.csms.value, Some(1.0));
    assert_eq!(r.stage.current, Stage::FirstPod);
    assert_eq!(r.readiness.verdict, Some(Verdict::ScaleNow));
    let e = api::scale_readiness(
        &t.ws,
        ScaleRequest {
            win_rate: Some(22.0),
            ..ScaleRequest::default()
        },
    )
    .unwrap_err();
    assert!(e.message.contains("between 0 % and 100 %"), "{}", e.message);
}

#[test]
fn an_empty_workspace_names_the_missing_inputs_and_divides_by_nothing() {
    let t = TestWs::new();
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    let names: Vec<&str> = r.missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["win_rate", "deal_size"]);
    assert!(r.capacity.is_none());
    assert_eq!(r.readiness.verdict, None);
    assert_eq!(r.stage.current, Stage::FounderAlone);
    assert!(r.span.reps_per_manager.is_none());
}

#[test]
fn the_roster_cost_column_is_found_by_its_usual_names() {
    for header in [
        "OTE",
        "Annual Cost",
        "Fully loaded cost",
        "Total Compensation",
    ] {
        let t = TestWs::new();
        let path = t.write(
            "roster.csv",
            format!("Rep Name,Role,{header}\nAna Seller,AE,160000\n"),
        );
        let rep = t
            .import_with(
                &path,
                &ImportOptions {
                    kind: ImportKind::Reps,
                    ..ImportOptions::default()
                },
            )
            .unwrap();
        assert_eq!(rep.created, 1, "{header}");
        let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
        assert_eq!(r.inputs.ae_cost.value, Some(160_000.0), "{header}");
    }
}

#[test]
fn a_new_cost_on_a_roster_reimport_is_undone_by_reverting_it() {
    let t = TestWs::new();
    let reps = ImportOptions {
        kind: ImportKind::Reps,
        ..ImportOptions::default()
    };
    let ae_cost = || {
        api::scale_readiness(&t.ws, ScaleRequest::default())
            .unwrap()
            .inputs
            .ae_cost
            .value
    };
    let first = t.write(
        "roster.csv",
        "Rep Name,Role,Annual Cost\nAna Seller,AE,160000\n",
    );
    t.import_with(&first, &reps).unwrap();
    assert_eq!(ae_cost(), Some(160_000.0));
    let second = t.write(
        "roster2.csv",
        "Rep Name,Role,Annual Cost\nAna Seller,AE,-5\n",
    );
    let r = t.import_with(&second, &reps).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.message.contains("a negative cost")),
        "{:?}",
        r.warnings
    );
    assert_eq!(ae_cost(), Some(150_000.0), "left empty: the AE default");
    let third = t.write(
        "roster3.csv",
        "Rep Name,Role,Annual Cost\nAna Seller,AE,170000\n",
    );
    let r = t.import_with(&third, &reps).unwrap();
    assert_eq!(ae_cost(), Some(170_000.0));
    api::revert_import(
        &t.ws,
        salesos::import::ImportIdRequest {
            import_id: r.import_id.unwrap(),
        },
    )
    .unwrap();
    assert_eq!(ae_cost(), Some(150_000.0));
}

#[test]
fn the_sample_team_has_an_answer() {
    let t = TestWs::new();
    api::load_demo(&t.ws, Empty {}).unwrap();
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    assert!(r.missing.is_empty());
    assert!(r.readiness.verdict.is_some());
    assert!(r
        .inputs
        .ae_cost
        .source
        .contains("roster's fully loaded cost"));
    assert!(r.sales_ops.is_some(), "11 reps");
    // Changing the win rate changes the verdict.
    let high = api::scale_readiness(
        &t.ws,
        ScaleRequest {
            win_rate: Some(0.35),
            bookings_per_rep: Some(80_000.0),
            ..ScaleRequest::default()
        },
    )
    .unwrap();
    assert_ne!(high.readiness.verdict, r.readiness.verdict);
}

// ---- the command line ---------------------------------------------------------------------

#[test]
fn scale_without_data_or_flags_names_the_missing_inputs_in_one_line() {
    let t = TestWs::new();
    let o = cli(&t.data_dir(), &["scale"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("win rate") && err.contains("deal size"),
        "{err}"
    );
    assert!(stdout(&o).is_empty());
}

#[test]
fn scale_json_reproduces_the_worked_example_from_flags() {
    let t = TestWs::new();
    let o = cli(
        &t.data_dir(),
        &[
            "scale",
            "--win-rate",
            "20%",
            "--deal-size",
            "10k",
            "--first-meetings-per-week",
            "5",
            "--weeks-per-month",
            "4",
            "--rep-cost",
            "100000",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["capacity"]["deals_per_month"], 4.0);
    assert_eq!(v["capacity"]["bookings_per_month"], 40000.0);
    assert_eq!(v["capacity"]["bookings_per_year"], 480000.0);
    let cos = v["capacity"]["cost_of_sales"].as_f64().unwrap();
    assert!(close(cos, 100_000.0 / 480_000.0));
    assert_eq!(v["inputs"]["win_rate"]["value"], 0.2);
    assert_eq!(v["inputs"]["win_rate"]["source"], "entered here");
    assert!(v["readiness"]["verdict"].is_string());
    assert!(v["readiness"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| { ["pass", "warn", "fail"].contains(&c["status"].as_str().unwrap()) }));
    assert!(v["stage"]["exit_criteria"].is_array());
    assert!(v["span"]["advice"].is_string());
    assert!(v["sales_ops"].is_null());
    // The AE plan's goal stands in for bookings per ramped AE but is not judged.
    let checks = v["readiness"]["checks"].as_array().unwrap();
    assert!(
        checks.iter().all(|c| c["name"] != "bookings_multiple"),
        "{checks:?}"
    );
    // Plain text says the verdict first.
    let o = cli(
        &t.data_dir(),
        &[
            "scale",
            "--win-rate",
            "0.1",
            "--deal-size",
            "10000",
            "--rep-cost",
            "100000",
        ],
    );
    assert!(stdout(&o).contains("41.7 %"), "{}", stdout(&o));
    let o = cli(&t.data_dir(), &["scale", "--win-rate", "22"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("0.22 or 22%"), "{}", stderr(&o));
}

#[test]
fn scale_plan_json_has_the_month_one_cost_and_flags_read_as_written() {
    let t = TestWs::new();
    let o = cli(
        &t.data_dir(),
        &[
            "scale",
            "plan",
            "--win-rate",
            "0.2",
            "--deal-size",
            "10000",
            "--hire",
            "VP:1:1:125000",
            "--hire",
            "SDR:3:1:80000",
            "--hire",
            "AE:3:1:150000",
            "--ramp",
            "AE:0,25,50,75,100",
            "--gross-margin",
            "80%",
            "--multiple",
            "10",
            "--months",
            "24",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let months = v["months"].as_array().unwrap();
    assert_eq!(months.len(), 24);
    assert_eq!(months[0]["cost"], 67916.67);
    assert_eq!(months[0]["hires"]["VP"], 1);
    assert_eq!(months[0]["hires"]["AE"], 3);
    assert!(v.get("payback_month").is_some());
    assert!(v["value_added"].as_f64().unwrap() > 0.0);
    let o = cli(&t.data_dir(), &["scale", "plan", "--hire", "AE:x:1"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("ROLE:COUNT:MONTH"), "{}", stderr(&o));
    let o = cli(&t.data_dir(), &["scale", "plan", "--hire", "AE:1:1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("win rate"), "{}", stderr(&o));
}

// ---- the workbook recalculates ----------------------------------------------------------------

fn soffice_available() -> bool {
    std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok()
}

/// The Plan sheet's numbers as a spreadsheet engine left them: rows of cells.
fn plan_sheet(bytes: &[u8]) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .expect("open xlsx");
    let range = wb.worksheet_range("Plan").expect("Plan sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn number(c: &calamine::Data) -> f64 {
    match c {
        calamine::Data::Float(f) => *f,
        calamine::Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn export_scale_writes_named_assumptions_and_live_formulas() {
    let t = TestWs::new();
    team(&t);
    let out = t.dir.path().join("plan.xlsx");
    let o = cli(
        &t.data_dir(),
        &[
            "export",
            "scale",
            "--out",
            out.to_str().unwrap(),
            "--pod-every",
            "3",
            "--pods",
            "2",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let workbook = zip_part(&bytes, "xl/workbook.xml");
    for name in [
        "WinRate",
        "DealSize",
        "CostAE",
        "ProductivityAE",
        "GrossMargin",
        "Multiple",
        "Attrition",
    ] {
        assert!(
            workbook.contains(&format!("definedName name=\"{name}\"")),
            "{name}"
        );
    }
    let plan = zip_part(&bytes, "xl/worksheets/sheet4.xml");
    assert!(
        plan.contains("<f>ROUND(G2*ProductivityAE+H2*ProductivitySDR+I2*ProductivityCSM,2)</f>")
    );
    // Cached results: any viewer shows the plan's numbers.
    let rows = plan_sheet(&bytes);
    let p = api::scale_plan(
        &t.ws,
        ScalePlanRequest {
            pod_every: Some(3),
            pods: Some(2),
            ..ScalePlanRequest::default()
        },
    )
    .unwrap();
    for m in &p.months {
        let row = &rows[m.month as usize];
        assert!(
            (number(&row[10]) - m.bookings).abs() < CENT,
            "month {}",
            m.month
        );
        assert!((number(&row[11]) - m.cost).abs() < CENT);
    }
    assert!(zip_part(&bytes, "xl/drawings/drawing1.xml").contains("chart"));
}

#[test]
fn the_exported_plan_recalculates_when_the_win_rate_changes() {
    if !soffice_available() {
        eprintln!("soffice is not installed: skipping the LibreOffice recalculation (`make test` installs it)");
        return;
    }
    let t = TestWs::new();
    team(&t);
    let at = |rate: f64| ScalePlanRequest {
        inputs: ScaleRequest {
            win_rate: Some(rate),
            ..ScaleRequest::default()
        },
        pod_every: Some(3),
        pods: Some(2),
        attrition: Some(0.2),
        ..ScalePlanRequest::default()
    };
    let before = api::scale_plan(&t.ws, at(0.22)).unwrap();
    let after = api::scale_plan(&t.ws, at(0.11)).unwrap();
    // The workbook of the 22 % plan with only the assumption changed: its
    // cached Plan figures are stale, the engine must compute them again.
    let mut report = api::scale_readiness(&t.ws, at(0.22).inputs).unwrap();
    report.inputs.win_rate.value = Some(0.11);
    let stale = salesos::export::scale::workbook(&report, &before).unwrap();
    let cached = plan_sheet(&stale);
    assert!((number(&cached[6][10]) - before.months[5].bookings).abs() < CENT);

    // LibreOffice keeps an xlsx's cached results unless told to recalculate
    // on load, as a person's edit would: the private profile says so.
    let work = t.dir.path();
    let user = work.join("lo-profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let input = t.write("stale plan.xlsx", &stale);
    let converted = soffice_convert(&input, "xlsx", work);
    let rows = plan_sheet(&std::fs::read(converted).unwrap());
    for m in &after.months {
        let row = &rows[m.month as usize];
        for (col, want) in [
            (10, m.bookings),
            (11, m.cost),
            (12, m.gross_margin),
            (14, m.cumulative_bookings),
            (16, m.cumulative_margin),
        ] {
            assert!(
                (number(&row[col]) - want).abs() < CENT,
                "month {} column {col}: {:?} against {want}",
                m.month,
                row[col]
            );
        }
        assert!((number(&row[9]) - m.ramped_equivalents).abs() < 1e-9);
    }
    assert!(after.months[5].bookings < before.months[5].bookings * 0.6);
    // The payback month and the value added follow.
    let payback = rows
        .iter()
        .find(|r| r[0] == calamine::Data::String("Payback month".into()));
    let payback = payback.expect("payback row");
    match (&payback[3], after.payback_month) {
        (calamine::Data::Float(f), Some(m)) => assert_eq!(*f as u32, m),
        (calamine::Data::String(s), None) => assert_eq!(s, "not within the plan"),
        (got, want) => panic!("payback {got:?} against {want:?}"),
    }
}

// ---- over HTTP, as the Scale page asks -----------------------------------------------------------

#[test]
fn the_scale_commands_answer_over_http() {
    use crate::common::http::{api as call, request, start};
    let r = start();
    let (status, report) = call(&r, "scale_readiness", "{}");
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["missing"][0]["name"], "win_rate");
    assert!(report["readiness"]["verdict"].is_null());
    let (status, report) = call(
        &r,
        "scale_readiness",
        r#"{"win_rate":0.2,"deal_size":10000,"first_meetings_per_week":5,"rep_cost":100000}"#,
    );
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["capacity"]["bookings_per_year"], 480000.0);
    let plan = r#"{"inputs":{"win_rate":0.2,"deal_size":10000},"pod_every":3,"pods":2}"#;
    let (status, p) = call(&r, "scale_plan", plan);
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["months"][3]["headcount"], 8);
    let (status, e) = call(&r, "scale_plan", r#"{"months":48}"#);
    assert_eq!(status, 400, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("12 to 36 months"),
        "{e}"
    );
    let (status, head, body) = request(
        r.port,
        "POST",
        "/api/scale_xlsx",
        &r.host(),
        &[("x-salesos-token", &r.token)],
        plan.as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(head.contains("Scaling plan"), "{head}");
    assert!(body.starts_with(b"PK"));
}

#[test]
fn a_roster_without_titles_still_has_a_team_deal_owners_sell_and_managers_manage() {
    // Maven's sales_teams.csv and most CRM user lists: names and managers,
    // no role column. The reps who own won or lost deals are the AEs, the
    // people they report to the managers, and the sources say so.
    let t = TestWs::new();
    let roster = "sales_agent,manager\n\
        Ana Seller,Max Boss\n\
        Ben Seller,Max Boss\n\
        Cy Seller,Moe Boss\n\
        Dee Newcomer,Moe Boss\n";
    let path = t.write("sales_teams.csv", roster);
    t.import_with(
        &path,
        &ImportOptions {
            kind: ImportKind::Reps,
            ..ImportOptions::default()
        },
    )
    .unwrap();
    let mut deals = String::from("Deal ID,Deal Name,Owner,Amount,Status,Close Date\n");
    for (i, owner) in ["Ana Seller", "Ben Seller", "Cy Seller"].iter().enumerate() {
        deals.push_str(&format!(
            "M{i},Deal {i},{owner},5000,Won,2025-11-0{}\n",
            i + 1
        ));
    }
    t.import("pipeline.csv", deals);
    let r = api::scale_readiness(&t.ws, ScaleRequest::default()).unwrap();
    assert_eq!(r.inputs.aes.value, Some(3.0), "Dee owns no deal yet");
    assert_eq!(
        r.inputs.aes.source,
        "the roster: 3 AEs active (3 without a title: they own won or lost deals)"
    );
    assert_eq!(r.inputs.managers.value, Some(2.0));
    assert_eq!(r.stage.roster, "3 AEs, 0 SDRs, 0 CSMs, 2 managers");
    assert_ne!(r.stage.current, Stage::FounderAlone);
}
