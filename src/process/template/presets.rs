//! The stages each preset ships with, in our own words: the buyer
//! agreements of docs/method.md §1, and a seven-stage process whose stages are
//! each left on an outcome the customer can verify.
use super::{Criterion, Preset, ProcessTemplate, RiskTexts, TemplateStage};

/// The template a new workspace starts with.
pub fn default_template() -> ProcessTemplate {
    preset_template(Preset::AgreementBased)
}

/// A preset's template as it ships, overlay off.
pub fn preset_template(preset: Preset) -> ProcessTemplate {
    ProcessTemplate {
        preset,
        meddpicc: false,
        stages: match preset {
            Preset::AgreementBased => agreement_stages(),
            Preset::SevenStage => seven_stages(),
        },
    }
}

/// A new criterion id: short, unique within its stage, stable afterwards.
pub fn new_criterion_id(preset: Preset, stage: &TemplateStage) -> String {
    let mut n = stage.exit_criteria.len() + 1;
    loop {
        let id = format!("{}{}c{n}", preset.criterion_prefix(), stage.number);
        if stage.exit_criteria.iter().all(|c| c.id != id) {
            return id;
        }
        n += 1;
    }
}

fn criteria(preset: Preset, stage: u8, texts: &[&str]) -> Vec<Criterion> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Criterion {
            id: format!("{}{stage}c{}", preset.criterion_prefix(), i + 1),
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

/// The buyer agreements of docs/method.md §1.
fn agreement_stages() -> Vec<TemplateStage> {
    let criteria = |stage, texts: &[&str]| criteria(Preset::AgreementBased, stage, texts);
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

/// Seven stages, each with the outcome the customer can verify before the
/// deal moves on. The last two belong to finance; a deal there has a signed
/// order waiting to be booked.
fn seven_stages() -> Vec<TemplateStage> {
    let criteria = |stage, texts: &[&str]| criteria(Preset::SevenStage, stage, texts);
    vec![
        TemplateStage {
            number: 1,
            name: "Qualification".into(),
            question: "Is there someone worth a real conversation, and did they show up?".into(),
            exit_criteria: criteria(
                1,
                &[
                    "The buyer came to the first meeting",
                    "The buyer agreed to a discovery call",
                ],
            ),
            people: "Prospect; SDR".into(),
            tools: "Outbound sequences, inbound requests, first meeting".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "The first meeting was missed and not rebooked",
                "Discovery call agreed in principle, no date yet",
                "Met a user, not yet anyone who owns the problem",
                "Discovery call on the calendar with the problem owner",
            ),
        },
        TemplateStage {
            number: 2,
            name: "Discovery".into(),
            question: "Are we a fit for what they are trying to do?".into(),
            exit_criteria: criteria(
                2,
                &[
                    "The buyer took part in discovery",
                    "The buyer agreed to bring the right people to the demo",
                    "Recap of what we learned and the agreed next steps sent, and the buyer replied",
                ],
            ),
            people: "Closing AE; the stakeholders who attend".into(),
            tools: "Discovery call, written recap after every call".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "No fit: what they need is not what we do",
                "The people needed for the demo have not been named",
                "A fit, but only one stakeholder engaged",
                "Fit confirmed and the demo audience named by the buyer",
            ),
        },
        TemplateStage {
            number: 3,
            name: "Solution review".into(),
            question: "Has the buyer ruled out doing nothing?".into(),
            exit_criteria: criteria(
                3,
                &[
                    "The buyer confirmed they will move forward with a solution of some kind",
                    "Doing nothing shown to cost more than making the change, in the buyer's numbers",
                    "Technical requirements gathered",
                ],
            ),
            people: "Stakeholders, technical evaluators".into(),
            tools: "Demo, technical requirements session, cost-of-inaction exercise".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "Doing nothing is still the buyer's favourite option",
                "The cost of waiting is not agreed, so the date drifts",
                "Change agreed, but a competing solution is preferred",
                "The buyer owns the cost-of-inaction numbers and has committed to change",
            ),
        },
        TemplateStage {
            number: 4,
            name: "Solution validation".into(),
            question: "Do we meet their criteria, and who has to sign?".into(),
            exit_criteria: criteria(
                4,
                &[
                    "The buyer confirmed we meet their technical criteria",
                    "Paper process mapped: every signer, the order they sign in, whether a PO is needed",
                ],
            ),
            people: "Technical team, procurement, signers".into(),
            tools: "Technical validation, paper-process walkthrough".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A technical criterion we cannot meet",
                "Signers unknown with the close date weeks away",
                "Criteria met; one signer not yet reached",
                "Criteria met and the signing path agreed with procurement",
            ),
        },
        TemplateStage {
            number: 5,
            name: "Verbal contracting".into(),
            question: "Have we agreed the price and the terms?".into(),
            exit_criteria: criteria(
                5,
                &[
                    "Order form signed",
                    "Services agreement and statement of work signed, where there are any",
                ],
            ),
            people: "Signers, legal, procurement".into(),
            tools: "Proposal, contract negotiation".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A new signer or a budget freeze appeared",
                "Redlines with no date to finish",
                "Price agreed; concessions still open",
                "Everything agreed and signature scheduled",
            ),
        },
        TemplateStage {
            number: 6,
            name: "Finance review".into(),
            question: "Is the paperwork complete?".into(),
            exit_criteria: criteria(
                6,
                &["Finance reviewed the order and found nothing missing"],
            ),
            people: "Finance, with sales for rework".into(),
            tools: "Order review".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "Terms finance cannot book",
                "Sent back to sales with no owner for the rework",
                "Small corrections under way",
                "Passed the review",
            ),
        },
        TemplateStage {
            number: 7,
            name: "Finance final round".into(),
            question: "Is every document accurate, so the deal can be booked?".into(),
            exit_criteria: criteria(7, &["Finance confirmed every document is accurate"]),
            people: "Finance".into(),
            tools: "Final check before booking".into(),
            risk: risk_meanings(),
            risk_examples: texts(
                "A document does not match the signed order",
                "Waiting on a missing document from the buyer",
                "A correction is with the buyer",
                "Ready to book",
            ),
        },
    ]
}
