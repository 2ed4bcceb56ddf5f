//! Suggestions for CRM stage labels never seen before.
//!
//! A label's words are scored against the five buyer agreements of
//! docs/method.md §1 (problem 1, priority 2, evaluation 3, value 4,
//! commercial 5), the pre-pipeline stage 0 and the won and lost outcomes.
//! Every word counts once, by its stem ("propos" is "Proposal", "Propose
//! Solution" and "Proposing" alike), so similar labels land on the same
//! agreement whatever else they say; a few phrases ("value proposition",
//! "decision maker") count before their words. The result is only a
//! suggestion: the user confirms it, because meeting-based pipelines map
//! imperfectly onto buyer agreements.
use super::{fold_accent, DealStatus};

/// What a stage label most likely means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageSuggestion {
    Outcome(DealStatus),
    Stage(u8),
}

/// What a cue points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Means {
    Agreement(u8),
    Won,
    Lost,
}

use Means::{Agreement as A, Lost, Won};

/// How strongly a cue speaks: an outcome word or a phrase outweighs a
/// stage word, which outweighs a word that only hints.
const STRONG: u8 = 3;
const WORD: u8 = 2;
const HINT: u8 = 1;

/// The cues: words of a phrase separated by spaces; a trailing `*` matches
/// any word that starts with the stem (stems are written without accents,
/// as labels are folded before matching), otherwise the word must be
/// exactly that. English first, then Spanish, Portuguese, French, German,
/// Italian, and the codes Bitrix24 and HubSpot write.
const CUES: &[(&str, Means, u8)] = &[
    // Phrases, matched before their words.
    ("value proposition", A(2), STRONG),
    ("needs defined", A(2), STRONG),
    ("contact made", A(1), STRONG),
    ("decision maker*", A(3), STRONG),
    ("bought in", A(3), STRONG),
    ("business case", A(4), STRONG),
    ("value agreement", A(4), STRONG),
    ("purchase order", A(5), STRONG),
    ("no decision", Lost, STRONG),
    ("no go", Lost, STRONG),
    ("closed won", Won, STRONG),
    ("closed lost", Lost, STRONG),
    // Outcomes.
    ("won", Won, STRONG),
    ("win", Won, STRONG),
    ("closedwon", Won, STRONG),
    ("signed", Won, STRONG),
    ("success*", Won, STRONG),
    ("ganad*", Won, STRONG),
    ("ganho", Won, STRONG),
    ("ganha", Won, STRONG),
    ("exito*", Won, STRONG),
    ("firmad*", Won, STRONG),
    ("assinad*", Won, STRONG),
    ("gagne*", Won, STRONG),
    ("signe", Won, STRONG),
    ("gewonn*", Won, STRONG),
    ("unterschrieben", Won, STRONG),
    ("vint*", Won, STRONG),
    ("lost", Lost, STRONG),
    ("lose", Lost, STRONG),
    ("closedlost", Lost, STRONG),
    ("dead", Lost, STRONG),
    ("disqualif*", Lost, STRONG),
    ("unqualif*", Lost, STRONG),
    ("abandon*", Lost, STRONG),
    ("cancel*", Lost, STRONG),
    ("churn*", Lost, STRONG),
    ("fail*", Lost, STRONG),
    ("junk", Lost, STRONG),
    ("reject*", Lost, STRONG),
    ("apology", Lost, STRONG),
    ("perd*", Lost, STRONG),
    ("rechaz*", Lost, STRONG),
    ("perso", Lost, STRONG),
    ("persa", Lost, STRONG),
    ("verlor*", Lost, STRONG),
    // 0: before the pipeline (a first meeting to get).
    ("prospec*", A(0), WORD),
    ("lead*", A(0), WORD),
    ("new", A(0), WORD),
    ("meeting*", A(0), WORD),
    ("appoint*", A(0), WORD),
    ("nuevo", A(0), WORD),
    ("nueva", A(0), WORD),
    ("cita", A(0), WORD),
    ("reuni*", A(0), WORD),
    ("novo", A(0), WORD),
    ("nova", A(0), WORD),
    ("nouveau", A(0), WORD),
    ("rendez*", A(0), WORD),
    ("neu", A(0), WORD),
    ("termin*", A(0), WORD),
    ("nuovo", A(0), WORD),
    ("riunion*", A(0), WORD),
    // 1: the buyer has a problem we solve.
    ("discover*", A(1), WORD),
    ("qualif*", A(1), WORD),
    ("need*", A(1), WORD),
    ("problem*", A(1), WORD),
    ("engag*", A(1), WORD),
    ("pain*", A(1), WORD),
    ("descubr*", A(1), WORD),
    ("cualifica*", A(1), WORD),
    ("califica*", A(1), WORD),
    ("necesidad*", A(1), WORD),
    ("descobert*", A(1), WORD),
    ("necessidad*", A(1), WORD),
    ("decouvert*", A(1), WORD),
    ("besoin*", A(1), WORD),
    ("entdeck*", A(1), WORD),
    ("bedarf*", A(1), WORD),
    ("scoperta", A(1), WORD),
    ("esigenz*", A(1), WORD),
    // 2: the problem is worth solving now.
    ("priorit*", A(2), WORD),
    ("demo*", A(2), WORD),
    ("present*", A(2), WORD),
    ("presentac*", A(2), WORD),
    ("apresent*", A(2), WORD),
    ("prasent*", A(2), WORD),
    ("solution*", A(2), HINT),
    ("solucion*", A(2), HINT),
    ("solucao", A(2), HINT),
    ("soluzion*", A(2), HINT),
    // 3: how they will decide and buy.
    ("evaluat*", A(3), WORD),
    ("decision*", A(3), WORD),
    ("percept*", A(3), WORD),
    ("develop*", A(3), WORD),
    ("shortlist*", A(3), WORD),
    ("rfp", A(3), WORD),
    ("tender*", A(3), WORD),
    ("evalua*", A(3), WORD),
    ("avalia*", A(3), WORD),
    ("bewert*", A(3), WORD),
    ("valutazion*", A(3), WORD),
    // 4: they believe the value we claim (proposal, quote, pricing, proof).
    ("propos*", A(4), WORD),
    ("quot*", A(4), WORD),
    ("pric*", A(4), HINT),
    ("offer*", A(4), WORD),
    ("pilot*", A(4), WORD),
    ("proof*", A(4), WORD),
    ("poc", A(4), WORD),
    ("validat*", A(4), WORD),
    ("calcul*", A(4), WORD),
    ("prepar*", A(4), HINT),
    ("propuest*", A(4), WORD),
    ("oferta*", A(4), WORD),
    ("cotiza*", A(4), WORD),
    ("precio*", A(4), HINT),
    ("validac*", A(4), WORD),
    ("propost*", A(4), WORD),
    ("cotac*", A(4), WORD),
    ("preco*", A(4), HINT),
    ("offre*", A(4), WORD),
    ("devis", A(4), WORD),
    ("prix", A(4), HINT),
    ("angebot*", A(4), WORD),
    ("preis*", A(4), HINT),
    ("offert*", A(4), WORD),
    ("preventiv*", A(4), WORD),
    ("prezz*", A(4), HINT),
    // 5: the value is worth the price (negotiation, contract, paperwork).
    ("negoti*", A(5), WORD),
    ("contract*", A(5), WORD),
    ("commercial*", A(5), WORD),
    ("procure*", A(5), WORD),
    ("legal*", A(5), WORD),
    ("signat*", A(5), WORD),
    ("verbal*", A(5), WORD),
    ("commit*", A(5), WORD),
    ("closing", A(5), WORD),
    ("close", A(5), WORD),
    ("paperwork*", A(5), WORD),
    ("po", A(5), WORD),
    ("invoice*", A(5), WORD),
    ("execut*", A(5), WORD),
    ("production*", A(5), WORD),
    ("shipp*", A(5), WORD),
    ("finance*", A(5), HINT),
    ("negocia*", A(5), WORD),
    ("contrat*", A(5), WORD),
    ("comercial*", A(5), WORD),
    ("firma", A(5), WORD),
    ("cierre", A(5), WORD),
    ("factur*", A(5), WORD),
    ("assinatura*", A(5), WORD),
    ("fechamento", A(5), WORD),
    ("fatura*", A(5), WORD),
    ("cloture", A(5), WORD),
    ("verhandl*", A(5), WORD),
    ("vertrag*", A(5), WORD),
    ("unterschrift*", A(5), WORD),
    ("abschluss*", A(5), WORD),
    ("rechnung*", A(5), WORD),
    ("negoziaz*", A(5), WORD),
    ("contratt*", A(5), WORD),
    ("chiusura", A(5), WORD),
];

/// Suggests what a CRM stage label stands for. Unknown labels suggest stage 0,
/// the safest assumption for the forecast (no agreement yet).
pub fn suggest_stage(label: &str) -> StageSuggestion {
    if let Some(status) = DealStatus::from_label(label) {
        if status != DealStatus::Open {
            return StageSuggestion::Outcome(status);
        }
    }
    let words = label_words(label);
    let mut agreements = [0u32; 6];
    let (mut won, mut lost) = (0u32, 0u32);
    for (means, weight) in cues_in(&words) {
        let w = u32::from(weight);
        match means {
            A(n) => {
                if let Some(s) = agreements.get_mut(usize::from(n)) {
                    *s = s.saturating_add(w);
                }
            }
            Won => won = won.saturating_add(w),
            Lost => lost = lost.saturating_add(w),
        }
    }
    // The best agreement; on a tie the earlier one, the safer for the
    // forecast ("Demo/Proposal" is a demo until the proposal is agreed).
    let (best, score) = agreements
        .iter()
        .enumerate()
        .fold(
            (0usize, 0u32),
            |(bi, bs), (i, s)| if *s > bs { (i, *s) } else { (bi, bs) },
        );
    let outcome = won.max(lost);
    if outcome > 0 && outcome >= score {
        // "Won/Lost" says neither: lost is the safer reading.
        return StageSuggestion::Outcome(if won > lost {
            DealStatus::Won
        } else {
            DealStatus::Lost
        });
    }
    if score > 0 {
        return StageSuggestion::Stage(u8::try_from(best).unwrap_or(0));
    }
    // "Stage 3", "3": with no word to go by, a number names the agreement.
    StageSuggestion::Stage(leading_stage_number(&words).unwrap_or(0))
}

/// A label's words: lower case, accents off, camel case and punctuation as
/// breaks ("ClosedWon" is "closed won", "Négociation" is "negociation").
fn label_words(label: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in label.chars() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if prev_lower && c.is_uppercase() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        for l in c.to_lowercase() {
            fold_accent(l, &mut word);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn matches(cue_word: &str, word: &str) -> bool {
    match cue_word.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == cue_word,
    }
}

/// The cues a label's words carry: phrases first, then each word not
/// already part of a phrase, by the first cue it matches.
fn cues_in(words: &[String]) -> Vec<(Means, u8)> {
    let mut covered = vec![false; words.len()];
    let mut found = Vec::new();
    for (cue, means, weight) in CUES.iter().filter(|(c, _, _)| c.contains(' ')) {
        let parts: Vec<&str> = cue.split(' ').collect();
        let n = parts.len();
        for start in 0..words.len().saturating_sub(n - 1) {
            let span = start..start + n;
            let hit = words[span.clone()]
                .iter()
                .zip(&parts)
                .all(|(w, p)| matches(p, w));
            if hit && !covered[span.clone()].iter().any(|c| *c) {
                covered[span].iter_mut().for_each(|c| *c = true);
                found.push((*means, *weight));
            }
        }
    }
    for (word, _) in words.iter().zip(&covered).filter(|(_, c)| !**c) {
        if let Some((_, means, weight)) = CUES
            .iter()
            .find(|(cue, _, _)| !cue.contains(' ') && matches(cue, word))
        {
            found.push((*means, *weight));
        }
    }
    found
}

/// "Stage 3", "3 - ...": the number an otherwise wordless label starts with.
fn leading_stage_number(words: &[String]) -> Option<u8> {
    let first = match words {
        [stage, n, ..] if stage == "stage" => n,
        [n, ..] => n,
        [] => return None,
    };
    first.parse::<u8>().ok().filter(|n| *n <= 5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use StageSuggestion::*;

    fn check(cases: &[(&str, StageSuggestion)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(label, want)| suggest_stage(label) != *want)
            .map(|(label, want)| format!("{label}: want {want:?}, got {:?}", suggest_stage(label)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn common_crm_defaults() {
        check(&[
            // Salesforce (classic and Lightning defaults).
            ("Prospecting", Stage(0)),
            ("Qualification", Stage(1)),
            ("Needs Analysis", Stage(1)),
            ("Value Proposition", Stage(2)),
            ("Id. Decision Makers", Stage(3)),
            ("Perception Analysis", Stage(3)),
            ("Proposal/Price Quote", Stage(4)),
            ("Negotiation/Review", Stage(5)),
            ("Closed Won", Outcome(DealStatus::Won)),
            ("Closed Lost", Outcome(DealStatus::Lost)),
            ("Discovery", Stage(1)),
            ("Proposal/Quote", Stage(4)),
            ("Negotiation", Stage(5)),
            // HubSpot, as labels and as internal ids.
            ("Appointment Scheduled", Stage(0)),
            ("Qualified to Buy", Stage(1)),
            ("Presentation Scheduled", Stage(2)),
            ("Decision Maker Bought-In", Stage(3)),
            ("Contract Sent", Stage(5)),
            ("appointmentscheduled", Stage(0)),
            ("qualifiedtobuy", Stage(1)),
            ("presentationscheduled", Stage(2)),
            ("decisionmakerboughtin", Stage(3)),
            ("contractsent", Stage(5)),
            ("closedwon", Outcome(DealStatus::Won)),
            ("closedlost", Outcome(DealStatus::Lost)),
            // Pipedrive.
            ("Lead In", Stage(0)),
            ("Contact Made", Stage(1)),
            ("Qualified", Stage(1)),
            ("Demo Scheduled", Stage(2)),
            ("Needs Defined", Stage(2)),
            ("Proposal Made", Stage(4)),
            ("Negotiations Started", Stage(5)),
            // Zoho, Dynamics 365 (Pipeline Phase), Bitrix24 stage ids.
            ("Identify Decision Makers", Stage(3)),
            ("Closed Lost to Competition", Outcome(DealStatus::Lost)),
            ("1-Qualify", Stage(1)),
            ("2-Develop", Stage(3)),
            ("3-Propose", Stage(4)),
            ("4-Close", Stage(5)),
            ("NEW", Stage(0)),
            ("PREPARATION", Stage(4)),
            ("PREPAYMENT_INVOICE", Stage(5)),
            ("EXECUTING", Stage(5)),
            ("FINAL_INVOICE", Stage(5)),
            ("WON", Outcome(DealStatus::Won)),
            ("LOSE", Outcome(DealStatus::Lost)),
            ("APOLOGY", Outcome(DealStatus::Lost)),
        ]);
    }

    #[test]
    fn similar_labels_land_together() {
        check(&[
            ("Proposal", Stage(4)),
            ("Propose Solution", Stage(4)),
            ("Proposing", Stage(4)),
            ("Proposal Sent", Stage(4)),
            ("Quote", Stage(4)),
            ("Quoted", Stage(4)),
            ("Pricing", Stage(4)),
            ("Price Negotiation", Stage(5)),
            ("Negotiating", Stage(5)),
            ("Negotiate", Stage(5)),
            ("Contracting", Stage(5)),
            ("Verbal Commit", Stage(5)),
            ("Closed Won Booked", Outcome(DealStatus::Won)),
            ("Closed Won Pending", Outcome(DealStatus::Won)),
            ("Won - Contract Signed", Outcome(DealStatus::Won)),
            ("Lost (no decision)", Outcome(DealStatus::Lost)),
            ("Disqualified", Outcome(DealStatus::Lost)),
            ("Stage 3 - Evaluation", Stage(3)),
            ("Stage 2", Stage(2)),
            ("Demo/Proposal", Stage(2)),
            ("Engaging", Stage(1)),
            ("something odd", Stage(0)),
            ("", Stage(0)),
        ]);
    }

    #[test]
    fn labels_in_other_languages() {
        check(&[
            ("Prospección", Stage(0)),
            ("Cualificación", Stage(1)),
            ("Propuesta enviada", Stage(4)),
            ("Negociación", Stage(5)),
            ("Cerrado ganado", Outcome(DealStatus::Won)),
            ("Cerrado perdido", Outcome(DealStatus::Lost)),
            ("Proposta enviada", Stage(4)),
            ("Negociação", Stage(5)),
            ("Fechado ganho", Outcome(DealStatus::Won)),
            ("Découverte", Stage(1)),
            ("Proposition commerciale", Stage(4)),
            ("Négociation", Stage(5)),
            ("Gagnée", Outcome(DealStatus::Won)),
            ("Perdue", Outcome(DealStatus::Lost)),
            ("Angebot", Stage(4)),
            ("Verhandlung", Stage(5)),
            ("Gewonnen", Outcome(DealStatus::Won)),
            ("Verloren", Outcome(DealStatus::Lost)),
            ("Offerta inviata", Stage(4)),
            ("Negoziazione", Stage(5)),
            ("Chiuso vinto", Outcome(DealStatus::Won)),
            ("Chiuso perso", Outcome(DealStatus::Lost)),
        ]);
    }

    /// Every stage label in the exports in ../shared/data/crm-exports.
    #[test]
    fn labels_from_real_exports() {
        check(&[
            // hubspot_faker_deals.csv
            ("Qualified to Buy", Stage(1)),
            ("Presentation Scheduled", Stage(2)),
            ("Contract Sent", Stage(5)),
            ("Appointment Scheduled", Stage(0)),
            ("Decision Maker Bought-In", Stage(3)),
            // es_informe_pipeline_deals.csv
            ("Negociación", Stage(5)),
            ("Propuesta enviada", Stage(4)),
            ("Cualificación", Stage(1)),
            ("Prospección", Stage(0)),
            // insurance_analytics_opportunity.csv
            ("Qualify Opportunity", Stage(1)),
            ("Negotiate", Stage(5)),
            ("Propose Solution", Stage(4)),
            // latam_semicolon_deals.csv, sfdc_*.csv, zoho_analytics_potentials.csv
            ("Discovery", Stage(1)),
            ("Qualification", Stage(1)),
            ("Proposal", Stage(4)),
            ("Negotiation", Stage(5)),
            ("Needs Analysis", Stage(1)),
            ("Perception Analysis", Stage(3)),
            ("Value Proposition", Stage(2)),
            ("Id. Decision Makers", Stage(3)),
            ("Proposal/Price Quote", Stage(4)),
            ("Negotiation/Review", Stage(5)),
            ("Proposal/Quote", Stage(4)),
            ("Initial Offer", Stage(4)),
            ("Prospect", Stage(0)),
            // excel_assessment_sales_pipeline_titlerow.xlsx
            ("Negotiating", Stage(5)),
            ("Proposing", Stage(4)),
            // gsheets_maven_sales_pipeline.xlsx
            ("Engaging", Stage(1)),
            ("Prospecting", Stage(0)),
            ("Won", Outcome(DealStatus::Won)),
            ("Lost", Outcome(DealStatus::Lost)),
            // uipath_*.xlsx
            ("Closed Won Booked", Outcome(DealStatus::Won)),
            ("Closed Won Pending", Outcome(DealStatus::Won)),
            ("Demo", Stage(2)),
            // bitrix24_rest_deals.csv, bitrix_style_fixture_deals.csv
            ("NEW", Stage(0)),
            ("EXECUTING", Stage(5)),
            ("FINAL_INVOICE", Stage(5)),
            ("PRODUCTION", Stage(5)),
            ("PROPOSAL", Stage(4)),
            ("CALCULATION", Stage(4)),
            ("SHIPPED", Stage(5)),
            ("QUALIFICATION", Stage(1)),
            ("CONTRACT", Stage(5)),
            ("WAIT_CLIENT", Stage(0)),
            ("LOST", Outcome(DealStatus::Lost)),
        ]);
    }

    #[test]
    fn the_presets_own_stage_names() {
        use crate::process::template::{preset_template, Preset};
        for stage in preset_template(Preset::AgreementBased).stages {
            assert_eq!(
                suggest_stage(&stage.name),
                Stage(stage.number),
                "{}",
                stage.name
            );
        }
    }
}
