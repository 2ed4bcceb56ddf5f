//! The process template: the user's own description of each stage (the
//! question it answers, the exit criteria that prove it, who is involved,
//! the tools that get it, and what each risk level looks like there).
//!
//! It is data the user edits, exports and takes back from a spreadsheet, so
//! everything here is plain serde types plus the rules that keep it sound.
//! The defaults paraphrase DOMAIN.md §1–2 in our own words.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Risk;
use crate::error::{Error, Result};

/// Where a template started from. Switching changes the template only;
/// deals keep their stages, risks and checked criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// The five buyer agreements after a first meeting (stages 0–5).
    #[default]
    AgreementBased,
}

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::AgreementBased => "agreement_based",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Preset::AgreementBased => "Agreement-based (default)",
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
    /// 0–5; the order is the method's and cannot change.
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
        let expected = default_stages().len();
        if self.stages.len() != expected
            || self
                .stages
                .iter()
                .enumerate()
                .any(|(i, s)| s.number as usize != i)
        {
            return Err(Error::invalid(format!(
                "The template has stages 0 to {} in that order; stages cannot be added, removed or reordered.",
                expected - 1
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

/// The template a new workspace starts with.
pub fn default_template() -> ProcessTemplate {
    ProcessTemplate {
        preset: Preset::AgreementBased,
        meddpicc: false,
        stages: default_stages(),
    }
}

/// A new criterion id: short, unique within its stage, stable afterwards.
pub fn new_criterion_id(stage: &TemplateStage) -> String {
    let mut n = stage.exit_criteria.len() + 1;
    loop {
        let id = format!("s{}c{n}", stage.number);
        if stage.exit_criteria.iter().all(|c| c.id != id) {
            return id;
        }
        n += 1;
    }
}

fn criteria(stage: u8, texts: &[&str]) -> Vec<Criterion> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Criterion {
            id: format!("s{stage}c{}", i + 1),
            text: t.to_string(),
        })
        .collect()
}

fn texts(red: &str, orange: &str, yellow: &str, green: &str) -> RiskTexts {
    RiskTexts {
        red: red.into(),
        orange: orange.into(),
        yellow: yellow.into(),
        green: green.into(),
    }
}

/// The four risk levels mean the same at every stage; the examples differ.
fn risk_meanings() -> RiskTexts {
    texts(
        "High risk: we lose this deal unless something changes.",
        "Likely to slip past its close date unless something changes.",
        "A real risk, but one we can get past and still win.",
        "No open risk: this is going to happen.",
    )
}

fn default_stages() -> Vec<TemplateStage> {
    vec![
        TemplateStage {
            number: 0,
            name: "Meeting booked".into(),
            question: "Has the buyer agreed to a first meeting?".into(),
            exit_criteria: criteria(0, &["The first meeting took place"]),
            people: "Prospect; SDR or AE".into(),
            tools: "Outbound sequences, inbound requests, referrals".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "Booked by someone with no stake in the problem, and no one else invited",
                "Meeting date keeps moving, or no agenda was agreed",
                "Right person, but they came for general curiosity",
                "Right person, with a stated reason to talk now",
            ),
        },
        TemplateStage {
            number: 1,
            name: "Problem agreement".into(),
            question: "Does the buyer have a problem we can solve?".into(),
            exit_criteria: criteria(
                1,
                &[
                    "Two or three business initiatives confirmed at executive level",
                    "Org map: three people across two departments, one of them a decision maker",
                ],
            ),
            people: "Director level and above".into(),
            tools: "Case studies, a short discovery demo, shared insights, referrals".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A preference rather than a problem (\"we would rather email than call\")",
                "A vague problem (\"we need more pipeline\")",
                "A team-level project rather than a business initiative",
                "A measured business initiative (\"coverage is 1.2x, we need 3x or we miss the year\")",
            ),
        },
        TemplateStage {
            number: 2,
            name: "Priority agreement".into(),
            question: "Is the problem big enough to solve now?".into(),
            exit_criteria: criteria(
                2,
                &[
                    "Each initiative quantified: where they are today, where they need to be, and the gap",
                    "The date by which they need the value",
                ],
            ),
            people: "Director level and above".into(),
            tools: "Workflow teardown, a first value or ROI exercise, a tailored day-in-the-life demo, proof of concept, trial proposal".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "No cost to waiting: nothing happens if they do nothing this year",
                "Gap agreed but no date it must be closed by",
                "Quantified and dated, but a competing priority could win the budget",
                "Gap, cost and deadline agreed by the person who owns the initiative",
            ),
        },
        TemplateStage {
            number: 3,
            name: "Evaluation agreement".into(),
            question: "How will they decide, and how will they run the buying process?".into(),
            exit_criteria: criteria(
                3,
                &[
                    "Mutual action plan agreed with the buyer",
                    "Required capabilities written as outcomes, not as a feature checklist",
                ],
            ),
            people: "VP or the person with power; a champion".into(),
            tools: "Working session with the champion, executive-to-executive meeting".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "They will not share how the decision gets made",
                "A plan exists but the buyer has not committed to its dates",
                "Plan agreed; one required capability is still a feature list",
                "Plan and outcome-based criteria agreed with the person with power",
            ),
        },
        TemplateStage {
            number: 4,
            name: "Value agreement".into(),
            question: "Do they believe we create the value we claim?".into(),
            exit_criteria: criteria(
                4,
                &[
                    "Proposal approved to go to their executives",
                    "IT and finance on board",
                    "Any pilot has success criteria agreed before it starts",
                ],
            ),
            people: "Director and above, IT, finance".into(),
            tools: "Tailored detailed demo, pilot with agreed success criteria, business case or ROI study".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A pilot running without agreed success criteria",
                "Finance has not seen the business case and the close date is near",
                "Value accepted by the champion; executives not yet briefed",
                "Executives accept the business case; IT and finance signed off",
            ),
        },
        TemplateStage {
            number: 5,
            name: "Commercial agreement".into(),
            question: "Is the value worth the price?".into(),
            exit_criteria: criteria(
                5,
                &[
                    "Contract signed",
                    "Procurement and security reviews passed",
                    "Hand-off notes written for the post-sales team",
                ],
            ),
            people: "Signers, legal, procurement".into(),
            tools: "Proposal, implementation conversation with the post-sales team".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A new signer or a budget freeze appeared late",
                "Security review or procurement has no date yet",
                "Redlines open on terms we can accept",
                "Terms agreed and signature scheduled",
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_is_valid_and_has_the_six_stages() {
        let t = default_template();
        t.validate().unwrap();
        let names: Vec<&str> = t.stages.iter().map(|s| s.name.as_str()).collect();
        let method: Vec<&str> = super::super::STAGES.iter().map(|s| s.0).collect();
        assert_eq!(names, method);
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
        let id = new_criterion_id(&stage);
        assert!(stage.exit_criteria.iter().all(|c| c.id != id));
    }
}
