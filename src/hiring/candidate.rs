//! A candidate in the hiring pipeline, and the checks on what a user types
//! about one.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Role, Source, Stage};
use crate::error::{Error, Result};

const MAX_NAME: usize = 100;
const MAX_NOTES: usize = 10_000;
const MAX_LINK: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub source: Option<Source>,
    pub stage: Stage,
    pub notes: String,
    /// A link to the résumé (a URL or a file path).
    pub resume_url: Option<String>,
    /// Start date, once hired.
    pub start_date: Option<NaiveDate>,
    /// The rep the candidate became when hired.
    pub rep_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// What the user edits about a candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CandidateInput {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub source: Option<Source>,
    /// Screen when absent.
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub resume_url: Option<String>,
    /// Used when the stage is hired; today when absent.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
}

impl CandidateInput {
    /// Trims the texts and checks the limits.
    pub fn validated(mut self) -> Result<CandidateInput> {
        self.name = self.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.name.is_empty() {
            return Err(Error::invalid("A candidate needs a name."));
        }
        if self.name.chars().count() > MAX_NAME {
            return Err(Error::invalid(format!(
                "The candidate's name is longer than {MAX_NAME} characters."
            )));
        }
        self.notes = self.notes.trim().to_string();
        if self.notes.chars().count() > MAX_NOTES {
            return Err(Error::invalid(format!(
                "The notes on {} are longer than {MAX_NOTES} characters.",
                self.name
            )));
        }
        self.resume_url = self
            .resume_url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        if let Some(u) = &self.resume_url {
            if u.chars().count() > MAX_LINK {
                return Err(Error::invalid(
                    "The résumé link is too long: paste the address of the file, not its content.",
                ));
            }
        }
        Ok(self)
    }
}
