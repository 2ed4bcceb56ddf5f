//! The sales process: stages, outcomes and risk levels.
//!
//! A deal's stage is the last agreement the buyer made (docs/method.md §1); won and
//! lost are outcomes, not stages. The stages themselves come from the
//! template's preset (`template`): the five buyer agreements after a first
//! meeting by default. CRM stage labels are mapped onto stages by the
//! workspace's stage mapping, which `suggest` seeds for unseen labels.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod suggest;
pub mod template;

pub use suggest::{suggest_stage, StageSuggestion};

/// Whether a deal is still being worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(DealStatus::Open),
            "won" => Some(DealStatus::Won),
            "lost" => Some(DealStatus::Lost),
            _ => None,
        }
    }

    /// Reads a CRM status cell or an outcome-only stage label: "Closed Won",
    /// "won", "Lost", "Open", Dynamics 365's status reasons ("Canceled",
    /// "Out-Sold", "On Hold"), and the same in Spanish, Portuguese, French,
    /// German and Italian. Only words that cannot mean anything else.
    pub fn from_label(label: &str) -> Option<Self> {
        let mut l = String::with_capacity(label.len());
        for c in normalize(label).chars() {
            fold_accent(c, &mut l);
        }
        match l.as_str() {
            "won" | "closed won" | "closedwon" | "win" | "deal won" | "closed won deal"
            | "success" | "ganado" | "ganada" | "cerrado ganado" | "cerrada ganada" | "ganho"
            | "ganha" | "fechado ganho" | "gagne" | "gagnee" | "gewonnen" | "vinto" | "vinta"
            | "chiuso vinto" => Some(DealStatus::Won),
            "lost" | "closed lost" | "closedlost" | "deal lost" | "dead" | "closed lost deal"
            | "failure" | "canceled" | "cancelled" | "out sold" | "abandoned" | "perdido"
            | "perdida" | "cerrado perdido" | "cerrada perdida" | "fechado perdido" | "perdu"
            | "perdue" | "verloren" | "perso" | "persa" | "chiuso perso" => Some(DealStatus::Lost),
            "open" | "active" | "in progress" | "pipeline" | "ongoing" | "pending" | "on hold"
            | "abierto" | "abierta" | "en curso" | "en progreso" | "aberto" | "aberta"
            | "em andamento" | "ouvert" | "ouverte" | "en cours" | "offen" | "aperto"
            | "aperta" | "in corso" => Some(DealStatus::Open),
            _ => None,
        }
    }
}

/// How likely an open deal is to close as forecast, in its current stage (docs/method.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Red,
    Orange,
    Yellow,
    Green,
}

impl Risk {
    pub const ALL: [Risk; 4] = [Risk::Red, Risk::Orange, Risk::Yellow, Risk::Green];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Red => "red",
            Risk::Orange => "orange",
            Risk::Yellow => "yellow",
            Risk::Green => "green",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        // Most cells hold a level exactly as listed, which `normalize` would
        // return unchanged: matched without building the normalised copy
        // (an import reads one per row).
        Self::listed(s).or_else(|| Self::listed(&normalize(s)))
    }

    fn listed(s: &str) -> Option<Self> {
        match s {
            "red" | "r" | "high" | "high risk" => Some(Risk::Red),
            "orange" | "o" | "slipping" | "at risk of slipping" => Some(Risk::Orange),
            "yellow" | "y" | "amber" | "medium" | "medium risk" => Some(Risk::Yellow),
            "green" | "g" | "low" | "no risk" | "low risk" => Some(Risk::Green),
            _ => None,
        }
    }

    /// What has to change for a deal at this level to help close the gap.
    pub fn gap_action(self) -> &'static str {
        match self {
            Risk::Red => "Will be lost unless something changes: find the missing agreement or requalify it.",
            Risk::Orange => "Will push past its close date unless something changes: agree a plan with the buyer to keep the date.",
            Risk::Yellow => "In the forecast as best case: remove the remaining risk to move it to commit.",
            Risk::Green => "In commit: keep it on track.",
        }
    }
}

/// Lower case, punctuation folded to single spaces: how labels are compared.
pub fn normalize(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut space = false;
    for c in label.trim().chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Pushes a lower-case letter without its accent: column headers and stage
/// labels in Spanish, Portuguese, French, German and Italian are typed both
/// ways ("Négociation", "Negociacion"), and must compare equal.
pub fn fold_accent(c: char, out: &mut String) {
    let base = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ç' | 'č' | 'ć' => 'c',
        'ñ' | 'ń' | 'ň' => 'n',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'đ' | 'ď' => 'd',
        'ť' => 't',
        'ё' => 'е',
        'ß' => {
            out.push_str("ss");
            return;
        }
        'æ' => {
            out.push_str("ae");
            return;
        }
        'œ' => {
            out.push_str("oe");
            return;
        }
        other => other,
    };
    out.push(base);
}
