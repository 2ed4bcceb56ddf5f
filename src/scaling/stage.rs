//! The team's maturity stage (docs/method.md §6): founder selling alone →
//! founder with an SDR or CSM → founder, SDR and two AEs → the first
//! complete pod → cloning pods → a team of teams. Detected from the roster;
//! the current stage's exit criteria are ticked from the data where they
//! can be (`met` is `null` where only the leader can tell).
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ScaleStage")]
pub enum Stage {
    FounderAlone,
    FounderPlusOne,
    FounderSdrTwoAes,
    FirstPod,
    CloningPods,
    TeamOfTeams,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::FounderAlone => "The founder sells alone",
            Stage::FounderPlusOne => "Founder with an SDR or a CSM",
            Stage::FounderSdrTwoAes => "Founder, an SDR and two AEs",
            Stage::FirstPod => "The first complete pod",
            Stage::CloningPods => "Cloning pods",
            Stage::TeamOfTeams => "A team of teams",
        }
    }

    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::FounderAlone => Some(Stage::FounderPlusOne),
            Stage::FounderPlusOne => Some(Stage::FounderSdrTwoAes),
            Stage::FounderSdrTwoAes => Some(Stage::FirstPod),
            Stage::FirstPod => Some(Stage::CloningPods),
            Stage::CloningPods => Some(Stage::TeamOfTeams),
            Stage::TeamOfTeams => None,
        }
    }
}

/// What to call the roster's stage: the stage's own name, unless the
/// roster reached it without the shape that name describes (two AEs and
/// more with no SDR is not "founder, an SDR and two AEs").
pub fn label_for(stage: Stage, aes: u32, sdrs: u32, csms: u32) -> String {
    match stage {
        Stage::FounderSdrTwoAes if sdrs == 0 && csms == 0 => {
            "Two AEs or more, no SDR or CSM yet".to_string()
        }
        Stage::FounderSdrTwoAes if sdrs == 0 => "Two AEs or more and a CSM, no SDR yet".to_string(),
        Stage::FounderAlone if aes == 1 => "One seller, no SDR or CSM yet".to_string(),
        _ => stage.label().to_string(),
    }
}

/// A pod: an SDR, two AEs and a CSM. Complete pods are the fewest of
/// SDRs, AE pairs and CSMs.
pub fn pods(aes: u32, sdrs: u32, csms: u32) -> u32 {
    sdrs.min(aes / 2).min(csms)
}

/// The stage a roster is at: the most complete shape it fills.
pub fn detect(aes: u32, sdrs: u32, csms: u32, managers: u32) -> Stage {
    let pods = pods(aes, sdrs, csms);
    if pods >= 2 && managers >= 2 {
        Stage::TeamOfTeams
    } else if pods >= 2 {
        Stage::CloningPods
    } else if pods == 1 {
        Stage::FirstPod
    } else if aes >= 2 {
        Stage::FounderSdrTwoAes
    } else if sdrs + csms >= 1 {
        Stage::FounderPlusOne
    } else {
        Stage::FounderAlone
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExitCriterion {
    pub text: String,
    /// Ticked from the data; `null` where only the leader can tell.
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageReport {
    pub current: Stage,
    pub current_label: String,
    pub next: Option<Stage>,
    pub next_label: Option<String>,
    /// What the roster has: "3 AEs, 1 SDR, 0 CSMs, 1 manager".
    pub roster: String,
    /// The current stage's exit criteria: what to prove before the next.
    pub exit_criteria: Vec<ExitCriterion>,
}

/// What the exit criteria are ticked from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StageEvidence {
    /// Deals won, ever.
    pub won_ever: u32,
    /// Win rate in each of the last two quarters (three months each), when
    /// each had enough closed deals to judge (5).
    pub win_rates: Option<(f64, f64)>,
    /// Won bookings in each of the last two quarters, minor units.
    pub bookings: Option<(i64, i64)>,
    /// Every ramped AE with 5 closed deals in the period wins inside the band;
    /// `None` when no AE has.
    pub aes_in_band: Option<bool>,
    /// The cost of sales check passed; `None` when it could not be judged.
    pub cost_of_sales_ok: Option<bool>,
    /// The bookings multiple check passed.
    pub bookings_multiple_ok: Option<bool>,
    /// Reps per manager; `None` without managers.
    pub reps_per_manager: Option<f64>,
    pub reps: u32,
    /// The roster has an SDR and a CSM (what a pod adds to AEs).
    pub has_sdr_and_csm: bool,
}

/// Two quarters' win rates are steady when both sit in the band and lie
/// within five points of each other.
pub fn steady(rates: (f64, f64), low: f64, high: f64) -> bool {
    let inside = |r: f64| (low..=high).contains(&r);
    inside(rates.0) && inside(rates.1) && (rates.0 - rates.1).abs() <= 0.05 + 1e-9
}

/// Two quarters' bookings are predictable when the smaller is at least
/// 80 % of the larger (and there were some).
pub fn predictable(b: (i64, i64)) -> Option<bool> {
    let (lo, hi) = (b.0.min(b.1), b.0.max(b.1));
    if hi <= 0 {
        return None;
    }
    Some(lo as f64 >= 0.8 * hi as f64)
}

pub fn criteria(stage: Stage, e: &StageEvidence, low: f64, high: f64) -> Vec<ExitCriterion> {
    let c = |text: &str, met: Option<bool>| ExitCriterion {
        text: text.to_string(),
        met,
    };
    let steady_two = e.win_rates.map(|r| steady(r, low, high));
    let span_ok = e.reps_per_manager.map(|r| r <= 9.0);
    match stage {
        Stage::FounderAlone => vec![
            c("A handful of paying customers (5 deals won)", Some(e.won_ever >= 5)),
            c("Those customers keep using it and would recommend it", None),
        ],
        Stage::FounderPlusOne => vec![
            c("A few dozen customers won (30 deals)", Some(e.won_ever >= 30)),
            c("Win rate steady for two quarters", steady_two),
            c("The sales motion written down, ready for new sellers", None),
        ],
        Stage::FounderSdrTwoAes => vec![
            c(
                "The new AEs close as well as the founder did (every ramped AE wins at least the band's floor)",
                e.aes_in_band,
            ),
            c("Win rate steady for two quarters", steady_two),
            c(
                "An SDR setting meetings and a CSM onboarding beside the AEs",
                Some(e.has_sdr_and_csm),
            ),
        ],
        Stage::FirstPod => vec![
            c(
                "The pod books predictably (the last two quarters within 20 % of each other)",
                e.bookings.and_then(predictable),
            ),
            c("Each rep books five times their cost", e.bookings_multiple_ok),
            c("Cost of sales at most 25 %", e.cost_of_sales_ok),
            c("Every member hits their goals, with clean handoffs", None),
        ],
        Stage::CloningPods => vec![
            c("Every pod's reps hit their goals", None),
            c("A manager for every 6–9 reps", span_ok),
            c("Cost of sales at most 25 %", e.cost_of_sales_ok),
        ],
        Stage::TeamOfTeams => vec![
            c("A manager for every 6–9 reps", span_ok),
            c(
                "Sales operations in place from 10 reps",
                if e.reps < 10 { Some(true) } else { None },
            ),
        ],
    }
}
