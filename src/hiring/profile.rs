//! The candidate profile: the traits a team hires for in one role, what good
//! and bad look like for each, how much each counts, and which ones are
//! must-pass with a floor.
//!
//! A profile is edited as a whole and stored as one JSON document per role
//! (`store::hiring`). Scores refer to traits by `id`, so renaming a trait or
//! rewording its definition keeps every scorecard already filled in.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{fmt_plain, Role};
use crate::error::{Error, Result};
use crate::process::normalize;

/// The id of the trait the role-play scores. A profile without it still
/// works; the role-play result is then shown but counts nowhere.
pub const COACHABILITY: &str = "coachability";

/// Default hire bar: a "yes" on average.
pub const DEFAULT_HIRE_BAR: f64 = 3.0;

/// Limits that keep a profile printable and a screen readable.
pub const MAX_TRAITS: usize = 20;
pub const MAX_NAME: usize = 60;
pub const MAX_TEXT: usize = 600;
pub const MAX_WEIGHT: f64 = 10.0;

/// One trait of the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Trait {
    /// Stable key scores refer to; made from the name when left empty.
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// What the trait means for this team.
    #[serde(default)]
    pub definition: String,
    /// What a 4 looks like in the interview.
    #[serde(default)]
    pub strong_yes: String,
    /// What a 1 looks like in the interview.
    #[serde(default)]
    pub strong_no: String,
    /// How much the trait counts in the weighted score (positive).
    pub weight: f64,
    /// Under its floor, the candidate is a no hire whatever else they score.
    #[serde(default)]
    pub must_pass: bool,
    /// 1-4; only meaningful for must-pass traits.
    #[serde(default)]
    pub floor: Option<f64>,
}

/// The profile of one role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Profile {
    pub role: Role,
    pub traits: Vec<Trait>,
    /// Weighted score (1-4) at or above which the rules say "hire".
    pub hire_bar: f64,
}

impl Profile {
    pub fn get(&self, id: &str) -> Option<&Trait> {
        self.traits.iter().find(|t| t.id == id)
    }

    /// The trait a sheet's header or cell names: by id, else by name, ignoring
    /// case and punctuation.
    pub fn find(&self, label: &str) -> Option<&Trait> {
        let key = normalize(label);
        if key.is_empty() {
            return None;
        }
        self.traits
            .iter()
            .find(|t| normalize(&t.id) == key || normalize(&t.name) == key)
    }

    /// Checks a profile the user edited and fills in what can be derived
    /// (ids from names, no floor on traits that are not must-pass). Every
    /// message names the trait and says what to change.
    pub fn validated(mut self) -> Result<Profile> {
        if self.traits.is_empty() {
            return Err(Error::invalid(
                "A candidate profile needs at least one trait to score.",
            ));
        }
        if self.traits.len() > MAX_TRAITS {
            return Err(Error::invalid(format!(
                "A profile holds up to {MAX_TRAITS} traits; this one has {}. Merge the ones that overlap.",
                self.traits.len()
            )));
        }
        if !self.hire_bar.is_finite() || !(1.0..=4.0).contains(&self.hire_bar) {
            return Err(Error::invalid(
                "The hire bar is a score from 1 (strong no) to 4 (strong yes).",
            ));
        }
        let mut seen_ids: Vec<String> = Vec::new();
        let mut seen_names: Vec<String> = Vec::new();
        for (i, t) in self.traits.iter_mut().enumerate() {
            t.name = t.name.trim().to_string();
            let label = if t.name.is_empty() {
                format!("Trait {}", i + 1)
            } else {
                format!("\"{}\"", t.name)
            };
            if t.name.is_empty() {
                return Err(Error::invalid(format!("{label} needs a name.")));
            }
            if t.name.chars().count() > MAX_NAME {
                return Err(Error::invalid(format!(
                    "{label} has a name longer than {MAX_NAME} characters: shorten it and put the detail in its definition."
                )));
            }
            for (what, text) in [
                ("definition", &mut t.definition),
                ("strong-yes description", &mut t.strong_yes),
                ("strong-no description", &mut t.strong_no),
            ] {
                *text = text.trim().to_string();
                if text.chars().count() > MAX_TEXT {
                    return Err(Error::invalid(format!(
                        "The {what} of {label} is longer than {MAX_TEXT} characters."
                    )));
                }
            }
            if !t.weight.is_finite() || t.weight <= 0.0 || t.weight > MAX_WEIGHT {
                return Err(Error::invalid(format!(
                    "The weight of {label} must be more than 0 and at most {}: it says how much the trait counts against the others.",
                    fmt_plain(MAX_WEIGHT)
                )));
            }
            if t.must_pass {
                match t.floor {
                    Some(f) if f.is_finite() && (1.0..=4.0).contains(&f) => {}
                    Some(_) => {
                        return Err(Error::invalid(format!(
                            "The floor of {label} must be a score from 1 (strong no) to 4 (strong yes)."
                        )))
                    }
                    None => {
                        return Err(Error::invalid(format!(
                            "{label} is must-pass: give it a floor from 1 to 4 (3 means at least a \"yes\")."
                        )))
                    }
                }
            } else {
                t.floor = None;
            }
            t.id = if t.id.trim().is_empty() {
                slug(&t.name)
            } else {
                t.id.trim().to_string()
            };
            if t.id.is_empty() {
                t.id = format!("trait_{}", i + 1);
            }
            let name_key = normalize(&t.name);
            if seen_names.contains(&name_key) {
                return Err(Error::invalid(format!(
                    "Two traits are called {label}: give each a different name."
                )));
            }
            while seen_ids.contains(&t.id) {
                t.id.push('_');
            }
            seen_ids.push(t.id.clone());
            seen_names.push(name_key);
        }
        Ok(self)
    }
}

/// `"Deal control"` → `"deal_control"`.
pub fn slug(name: &str) -> String {
    normalize(name)
        .chars()
        .map(|c| if c == ' ' { '_' } else { c })
        .take(40)
        .collect()
}

fn t(id: &str, name: &str, weight: f64, texts: [&str; 3], floor: Option<f64>) -> Trait {
    Trait {
        id: id.into(),
        name: name.into(),
        definition: texts[0].into(),
        strong_yes: texts[1].into(),
        strong_no: texts[2].into(),
        weight,
        must_pass: floor.is_some(),
        floor,
    }
}

/// Coachability is the same for every role: it is what lets the rest of the
/// operating system (coaching, deal reviews) work, so it is must-pass at a
/// "yes" and weighs the most.
fn coachability() -> Trait {
    t(
        COACHABILITY,
        "Coachability",
        3.0,
        [
            "Takes a specific piece of feedback and changes what they do within minutes, without defending the first attempt. Scored from the role-play, not from what they say about themselves.",
            "Round two of the role-play visibly uses the coaching; they ask a clarifying question and thank you for it.",
            "Explains why round one was fine, argues with the feedback, or runs round two exactly like round one.",
        ],
        Some(3.0),
    )
}

/// Clear communication, weighed lightly: AEs and CSMs share the definition.
fn communication() -> Trait {
    t(
        "communication",
        "Clear communication",
        1.0,
        [
            "Short, clear answers; listens more than talks.",
            "Answers the question asked, briefly, then checks they were understood.",
            "Long answers that drift; talks over the interviewer.",
        ],
        None,
    )
}

/// The profile a role starts with, until the team edits it.
pub fn default_profile(role: Role) -> Profile {
    let traits = match role {
        Role::Ae => vec![
            coachability(),
            t(
                "discovery",
                "Discovery and curiosity",
                2.0,
                [
                    "Uncovers the buyer's business problem by asking, before talking about the product.",
                    "Follow-up questions put a number on the problem and find out who owns it.",
                    "Starts pitching features in the first minutes; questions are yes/no.",
                ],
                None,
            ),
            t(
                "deal_control",
                "Deal control",
                2.0,
                [
                    "Moves a buyer from one agreement to the next, with a dated next step each time.",
                    "Describes past deals by what the buyer agreed to and asks for the next step unprompted.",
                    "Describes deals by meetings held; the next step is \"follow up\".",
                ],
                None,
            ),
            t(
                "drive",
                "Drive and ownership",
                2.0,
                [
                    "Sets high targets and owns the result, misses included.",
                    "Shows the numbers they hit, how they got there, and what they changed after a miss.",
                    "Results are vague, or the misses were always someone else's doing.",
                ],
                None,
            ),
            communication(),
        ],
        Role::Sdr => vec![
            coachability(),
            t(
                "resilience",
                "Resilience",
                2.0,
                [
                    "Keeps energy and quality up through a day of rejections.",
                    "Talks about rejection calmly, with concrete habits that keep them going.",
                    "Rejection visibly rattles them, or they steer away from the phone.",
                ],
                None,
            ),
            t(
                "work_rate",
                "Work rate",
                2.0,
                [
                    "Does the volume the role needs, every week, without being chased.",
                    "Has kept up a demanding rhythm before and can say how they organised it.",
                    "No example of sustained effort they drove themselves.",
                ],
                None,
            ),
            t(
                "curiosity",
                "Curiosity",
                2.0,
                [
                    "Earns the next minute of a cold conversation with a good question.",
                    "Researches the prospect and opens with something specific to them.",
                    "Reads a script; no question goes beyond the obvious.",
                ],
                None,
            ),
            t(
                "writing",
                "Written communication",
                1.0,
                [
                    "Writes short, personal, specific messages.",
                    "A sample email is brief, about the prospect, with one clear ask.",
                    "Long, generic messages about the product.",
                ],
                None,
            ),
        ],
        Role::Csm => vec![
            coachability(),
            t(
                "customer_empathy",
                "Customer empathy",
                2.0,
                [
                    "Understands what the customer is trying to achieve and speaks for it inside the company.",
                    "Describes a customer's goals in the customer's own terms and what they did about them.",
                    "Talks about tickets closed, not outcomes the customer reached.",
                ],
                None,
            ),
            t(
                "commercial_sense",
                "Commercial sense",
                2.0,
                [
                    "Spots renewal risk and expansion early and acts on both.",
                    "Has examples of a save or an expansion they started themselves.",
                    "Sees renewals and upsell as someone else's job.",
                ],
                None,
            ),
            communication(),
        ],
        Role::Manager => vec![
            coachability(),
            t(
                "coaching",
                "Coaching others",
                3.0,
                [
                    "Makes reps better with specific, observed feedback and follows up on it.",
                    "Coaches the interviewer through a role-play with one or two precise points.",
                    "Feedback is general encouragement, or they take over the call themselves.",
                ],
                None,
            ),
            t(
                "rhythm",
                "Operating rhythm",
                2.0,
                [
                    "Runs forecasts, deal reviews and one-on-ones on a steady rhythm and inspects what they expect.",
                    "Describes their weekly rhythm and a problem it caught early.",
                    "Manages by end-of-quarter heroics.",
                ],
                None,
            ),
            t(
                "hiring_judgment",
                "Hiring judgment",
                2.0,
                [
                    "Hires against a profile and can say why past hires worked or did not.",
                    "Names the traits they hire for and how they test each one.",
                    "Hires on gut feel or on résumés alone.",
                ],
                None,
            ),
        ],
    };
    Profile {
        role,
        traits,
        hire_bar: DEFAULT_HIRE_BAR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_profile_is_valid_and_coachability_is_must_pass() {
        for role in Role::ALL {
            let p = default_profile(role);
            assert_eq!(p.clone().validated().unwrap(), p);
            let c = p.get(COACHABILITY).unwrap();
            assert!(c.must_pass);
            assert_eq!(c.floor, Some(3.0));
        }
    }

    #[test]
    fn validation_fills_ids_and_refuses_bad_numbers() {
        let mut p = default_profile(Role::Ae);
        p.traits[1].id = String::new();
        p.traits[1].name = "Deal-control!".into();
        // Traits 1 and 2 of the AE default are discovery and deal control:
        // a clashing id is made unique rather than refused.
        p.traits[2].name = "Deal control, late stage".into();
        p.traits[2].id = "deal_control".into();
        let p = p.validated().unwrap();
        assert_eq!(p.traits[1].id, "deal_control");
        assert_eq!(p.traits[2].id, "deal_control_");

        let mut bad = default_profile(Role::Ae);
        bad.traits[1].weight = 0.0;
        assert!(bad.validated().unwrap_err().to_string().contains("weight"));
        let mut bad = default_profile(Role::Ae);
        bad.traits[0].floor = Some(5.0);
        assert!(bad.validated().unwrap_err().to_string().contains("floor"));
        let mut bad = default_profile(Role::Ae);
        bad.traits[2].name = "discovery AND curiosity".into();
        assert!(bad
            .validated()
            .unwrap_err()
            .to_string()
            .contains("Two traits"));
        let mut bad = default_profile(Role::Ae);
        bad.traits[1].name = " ".into();
        assert!(bad
            .validated()
            .unwrap_err()
            .to_string()
            .contains("needs a name"));
    }

    #[test]
    fn traits_are_found_by_id_or_name() {
        let p = default_profile(Role::Ae);
        assert_eq!(p.find("Deal Control").unwrap().id, "deal_control");
        assert_eq!(p.find("COACHABILITY").unwrap().id, COACHABILITY);
        assert!(p.find("grit").is_none());
    }
}
