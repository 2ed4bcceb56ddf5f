//! Suggestions for CRM stage labels never seen before.
//!
//! The defaults of the common CRMs (Salesforce, HubSpot, Pipedrive) and the
//! usual home-grown names are matched by keywords. The result is only a
//! suggestion: the user confirms it, because meeting-based pipelines map
//! imperfectly onto buyer agreements.
use super::{normalize, DealStatus};

/// What a stage label most likely means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageSuggestion {
    Outcome(DealStatus),
    Stage(u8),
}

/// Keywords checked in order; the first that appears in the label wins, so the
/// more specific phrases come first.
const RULES: &[(&str, StageSuggestion)] = &[
    ("closed won", StageSuggestion::Outcome(DealStatus::Won)),
    ("closed lost", StageSuggestion::Outcome(DealStatus::Lost)),
    ("won", StageSuggestion::Outcome(DealStatus::Won)),
    ("lost", StageSuggestion::Outcome(DealStatus::Lost)),
    ("disqualified", StageSuggestion::Outcome(DealStatus::Lost)),
    ("dead", StageSuggestion::Outcome(DealStatus::Lost)),
    ("negotiat", StageSuggestion::Stage(5)),
    ("contract", StageSuggestion::Stage(5)),
    ("commercial", StageSuggestion::Stage(5)),
    ("procurement", StageSuggestion::Stage(5)),
    ("legal", StageSuggestion::Stage(5)),
    ("signature", StageSuggestion::Stage(5)),
    ("proposal", StageSuggestion::Stage(4)),
    ("quote", StageSuggestion::Stage(4)),
    ("value agreement", StageSuggestion::Stage(4)),
    ("business case", StageSuggestion::Stage(4)),
    ("pilot", StageSuggestion::Stage(4)),
    ("proof", StageSuggestion::Stage(4)),
    ("decision maker", StageSuggestion::Stage(3)),
    ("evaluat", StageSuggestion::Stage(3)),
    ("perception", StageSuggestion::Stage(3)),
    ("validation", StageSuggestion::Stage(3)),
    ("bought in", StageSuggestion::Stage(3)),
    ("value proposition", StageSuggestion::Stage(2)),
    ("priority", StageSuggestion::Stage(2)),
    ("demo", StageSuggestion::Stage(2)),
    ("presentation", StageSuggestion::Stage(2)),
    ("solution", StageSuggestion::Stage(2)),
    ("needs defined", StageSuggestion::Stage(2)),
    ("qualified to buy", StageSuggestion::Stage(2)),
    ("needs analysis", StageSuggestion::Stage(1)),
    ("discovery", StageSuggestion::Stage(1)),
    ("qualif", StageSuggestion::Stage(1)),
    ("problem", StageSuggestion::Stage(1)),
    ("engag", StageSuggestion::Stage(1)),
    ("contact made", StageSuggestion::Stage(1)),
    ("meeting", StageSuggestion::Stage(0)),
    ("appointment", StageSuggestion::Stage(0)),
    ("prospect", StageSuggestion::Stage(0)),
    ("lead", StageSuggestion::Stage(0)),
    ("new", StageSuggestion::Stage(0)),
];

/// Suggests what a CRM stage label stands for. Unknown labels suggest stage 0,
/// the safest assumption for the forecast (no agreement yet).
pub fn suggest_stage(label: &str) -> StageSuggestion {
    let l = normalize(label);
    if let Some(status) = DealStatus::from_label(&l) {
        if status != DealStatus::Open {
            return StageSuggestion::Outcome(status);
        }
    }
    // "Stage 3", "3 - Evaluation": a number names the agreement directly.
    if let Some(n) = leading_stage_number(&l) {
        return StageSuggestion::Stage(n);
    }
    RULES
        .iter()
        .find(|(kw, _)| l.contains(kw))
        .map(|(_, s)| *s)
        .unwrap_or(StageSuggestion::Stage(0))
}

fn leading_stage_number(l: &str) -> Option<u8> {
    let rest = l.strip_prefix("stage ").unwrap_or(l);
    let first = rest.split(' ').next()?;
    match first.parse::<u8>() {
        Ok(n)
            if n <= 5
                && (rest.len() == first.len()
                    || l.starts_with("stage ")
                    || rest.as_bytes().get(first.len()) == Some(&b' ')) =>
        {
            Some(n)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_crm_defaults() {
        use StageSuggestion::*;
        assert_eq!(suggest_stage("Closed Won"), Outcome(DealStatus::Won));
        assert_eq!(suggest_stage("closedlost"), Outcome(DealStatus::Lost));
        assert_eq!(suggest_stage("Prospecting"), Stage(0));
        assert_eq!(suggest_stage("Discovery"), Stage(1));
        assert_eq!(suggest_stage("Demo"), Stage(2));
        assert_eq!(suggest_stage("Id. Decision Makers"), Stage(3));
        assert_eq!(suggest_stage("Proposal/Price Quote"), Stage(4));
        assert_eq!(suggest_stage("Negotiation/Review"), Stage(5));
        assert_eq!(suggest_stage("Engaging"), Stage(1));
        assert_eq!(suggest_stage("Stage 3 - Evaluation"), Stage(3));
        assert_eq!(suggest_stage("something odd"), Stage(0));
    }
}
