//! The process template: the user's own description of each stage (the
//! question it answers, the exit criteria that prove it, who is involved,
//! the tools that get it, and what each risk level looks like there).
//!
//! It is data the user edits, exports and takes back from a spreadsheet, so
//! everything here is plain serde types plus the rules that keep it sound.
//! The defaults paraphrase docs/method.md §1–2 in our own words.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Risk;
use crate::error::{Error, Result};

mod presets;
pub mod workbook;

pub use presets::{default_template, new_criterion_id, preset_template};

/// Where a template started from. A preset fixes the stages (how many, how
/// they are numbered) and what each means as a buyer agreement; the texts of
/// every stage are the user's to rewrite. Switching presets re-reads deals'
/// stages through the stage mapping kept for that preset; deals keep their
/// risks, checked criteria, next steps and MEDDPICC fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// The five buyer agreements after a first meeting (stages 0–5).
    #[default]
    AgreementBased,
    /// Seven stages (1–7), each left on an outcome the customer can verify.
    SevenStage,
}

impl Preset {
    pub const ALL: [Preset; 2] = [Preset::AgreementBased, Preset::SevenStage];

    pub fn as_str(self) -> &'static str {
        match self {
            Preset::AgreementBased => "agreement_based",
            Preset::SevenStage => "seven_stage",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Preset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::AgreementBased => "Agreement-based (default)",
            Preset::SevenStage => "7-stage, customer-verifiable outcomes",
        }
    }

    /// The buyer agreement (docs/method.md §1, 0–5) each stage stands for, in
    /// stage order. It translates stage suggestions and mappings between
    /// presets.
    fn agreements(self) -> &'static [u8] {
        match self {
            Preset::AgreementBased => &[0, 1, 2, 3, 4, 5],
            // Qualification, Discovery, Solution review (doing nothing is off
            // the table), Solution validation (criteria met, paper process
            // known), Verbal contracting, Finance review, Finance final round.
            Preset::SevenStage => &[0, 1, 2, 4, 5, 5, 5],
        }
    }

    /// The number of the first stage.
    pub fn first_stage(self) -> u8 {
        match self {
            Preset::AgreementBased => 0,
            Preset::SevenStage => 1,
        }
    }

    /// The stage numbers, in order.
    pub fn stage_numbers(self) -> std::ops::RangeInclusive<u8> {
        let first = self.first_stage();
        first..=first + self.agreements().len() as u8 - 1
    }

    /// The agreement a stage of this preset stands for.
    pub fn agreement_of(self, stage: u8) -> Option<u8> {
        let i = stage.checked_sub(self.first_stage())?;
        self.agreements().get(i as usize).copied()
    }

    /// The stage of this preset for a buyer agreement: the furthest one that
    /// does not claim more than the agreement, so a translated stage never
    /// overstates a deal.
    pub fn stage_for_agreement(self, agreement: u8) -> u8 {
        let first = self.first_stage();
        self.agreements()
            .iter()
            .rposition(|a| *a <= agreement)
            .map_or(first, |i| first + i as u8)
    }

    /// A stage of `from` as the nearest stage of this preset.
    pub fn translate(self, from: Preset, stage: u8) -> u8 {
        self.stage_for_agreement(from.agreement_of(stage).unwrap_or(0))
    }

    /// Criterion ids start with this, so the criteria of two presets never
    /// share an id (and a deal's checks never leak across presets).
    pub fn criterion_prefix(self) -> char {
        match self {
            Preset::AgreementBased => 's',
            Preset::SevenStage => 'v',
        }
    }
}

/// One exit criterion. The id stays when the wording is edited, so a deal's
/// checked box follows the criterion, not its spelling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Criterion {
    pub id: String,
    pub text: String,
}

/// A text per risk level.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct RiskTexts {
    pub red: String,
    pub orange: String,
    pub yellow: String,
    pub green: String,
}

impl RiskTexts {
    pub fn get(&self, risk: Risk) -> &str {
        match risk {
            Risk::Red => &self.red,
            Risk::Orange => &self.orange,
            Risk::Yellow => &self.yellow,
            Risk::Green => &self.green,
        }
    }

    pub fn get_mut(&mut self, risk: Risk) -> &mut String {
        match risk {
            Risk::Red => &mut self.red,
            Risk::Orange => &mut self.orange,
            Risk::Yellow => &mut self.yellow,
            Risk::Green => &mut self.green,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateStage {
    /// The stage's number in its preset; the order is the preset's and
    /// cannot change.
    pub number: u8,
    pub name: String,
    /// The question the buyer's agreement answers.
    pub question: String,
    pub exit_criteria: Vec<Criterion>,
    pub people: String,
    pub tools: String,
    /// What each risk level means at this stage.
    pub risk: RiskTexts,
    /// An example of each risk level at this stage.
    pub risk_examples: RiskTexts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProcessTemplate {
    pub preset: Preset,
    /// The MEDDPICC qualification overlay: eight fields on every deal.
    pub meddpicc: bool,
    pub stages: Vec<TemplateStage>,
}

/// The eight MEDDPICC fields, in their customary order.
pub const MEDDPICC: [&str; 8] = [
    "Metrics",
    "Economic buyer",
    "Decision criteria",
    "Decision process",
    "Paper process",
    "Identified pain",
    "Champion",
    "Competition",
];

/// Limits that keep a template a readable page, and a crafted file harmless.
pub const MAX_TEXT: usize = 2_000;
pub const MAX_NAME: usize = 80;
pub const MAX_CRITERIA: usize = 12;

impl ProcessTemplate {
    pub fn stage(&self, number: u8) -> Option<&TemplateStage> {
        self.stages.iter().find(|s| s.number == number)
    }

    /// Checks a template before it is saved; the message names the stage
    /// and the field so the user can find it.
    pub fn validate(&self) -> Result<()> {
        let expected = self.preset.stage_numbers();
        if !self.stages.iter().map(|s| s.number).eq(expected.clone()) {
            return Err(Error::invalid(format!(
                "The template has stages {} to {} in that order; stages cannot be added, removed or reordered.",
                expected.start(),
                expected.end()
            )));
        }
        for s in &self.stages {
            let at = format!("Stage {} ({})", s.number, s.name.trim());
            if s.name.trim().is_empty() {
                return Err(Error::invalid(format!("Stage {} needs a name.", s.number)));
            }
            if s.name.chars().count() > MAX_NAME {
                return Err(Error::invalid(format!(
                    "{at}: the name is longer than {MAX_NAME} characters."
                )));
            }
            if s.exit_criteria.len() > MAX_CRITERIA {
                return Err(Error::invalid(format!(
                    "{at}: at most {MAX_CRITERIA} exit criteria; merge some."
                )));
            }
            let mut ids = std::collections::HashSet::new();
            for c in &s.exit_criteria {
                if c.text.trim().is_empty() {
                    return Err(Error::invalid(format!(
                        "{at}: an exit criterion is empty; write it or remove it."
                    )));
                }
                if !ids.insert(c.id.as_str()) || c.id.is_empty() {
                    return Err(Error::invalid(format!(
                        "{at}: two exit criteria share one id."
                    )));
                }
            }
            let texts = [&s.question, &s.people, &s.tools]
                .into_iter()
                .chain(s.exit_criteria.iter().map(|c| &c.text));
            for t in texts {
                if t.chars().count() > MAX_TEXT {
                    return Err(Error::invalid(format!(
                        "{at}: a text is longer than {MAX_TEXT} characters."
                    )));
                }
            }
            for r in Risk::ALL {
                if s.risk.get(r).chars().count() > MAX_TEXT
                    || s.risk_examples.get(r).chars().count() > MAX_TEXT
                {
                    return Err(Error::invalid(format!(
                        "{at}: the {} text is longer than {MAX_TEXT} characters.",
                        r.as_str()
                    )));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_is_valid_and_has_the_six_stages() {
        let t = default_template();
        t.validate().unwrap();
        let names: Vec<&str> = t.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Meeting booked",
                "Problem agreement",
                "Priority agreement",
                "Evaluation agreement",
                "Value agreement",
                "Commercial agreement"
            ]
        );
    }

    #[test]
    fn stages_cannot_be_reordered_or_emptied() {
        let mut t = default_template();
        t.stages.swap(1, 2);
        assert!(t.validate().unwrap_err().to_string().contains("reordered"));
        let mut t = default_template();
        t.stages[3].name = "  ".into();
        assert!(t
            .validate()
            .unwrap_err()
            .to_string()
            .contains("Stage 3 needs a name"));
        let mut t = default_template();
        t.stages[2].exit_criteria[0].text = String::new();
        assert!(t.validate().unwrap_err().to_string().contains("empty"));
    }

    #[test]
    fn new_criterion_ids_never_collide() {
        let mut stage = default_template().stages[1].clone();
        stage.exit_criteria.remove(0);
        let id = new_criterion_id(Preset::AgreementBased, &stage);
        assert!(stage.exit_criteria.iter().all(|c| c.id != id));
    }
}
