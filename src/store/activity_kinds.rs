//! What the ramp board counts of activities, whichever way they were
//! exported and stored: the categories, the span a stored count covers, and
//! a rep's count of one category on one day or period. Shared by the
//! summary rows ([`super::activities`]) and the day counts of activities
//! exported one row each ([`super::activity_days`]).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an activity counts as in the metrics harness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityCategory {
    Call,
    Email,
    /// A first meeting with a prospect: discovery, intro, demo.
    FirstMeeting,
    FollowUpMeeting,
    /// A customer meeting the export does not say is a first or a follow-up.
    Meeting,
    /// A meeting an SDR set for an AE.
    MeetingBooked,
    /// Summary exports only: calls that reached someone.
    Connect,
    /// Summary exports only: emails answered.
    Reply,
    AccountEngaged,
    OpportunityCreated,
    /// Counted nowhere (tasks, notes), as the user chose.
    NotCounted,
}

impl ActivityCategory {
    /// Every category, in declaration order: `category as usize` is its place here.
    pub const ALL: [ActivityCategory; 11] = [
        ActivityCategory::Call,
        ActivityCategory::Email,
        ActivityCategory::FirstMeeting,
        ActivityCategory::FollowUpMeeting,
        ActivityCategory::Meeting,
        ActivityCategory::MeetingBooked,
        ActivityCategory::Connect,
        ActivityCategory::Reply,
        ActivityCategory::AccountEngaged,
        ActivityCategory::OpportunityCreated,
        ActivityCategory::NotCounted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityCategory::Call => "call",
            ActivityCategory::Email => "email",
            ActivityCategory::FirstMeeting => "first_meeting",
            ActivityCategory::FollowUpMeeting => "follow_up_meeting",
            ActivityCategory::Meeting => "meeting",
            ActivityCategory::MeetingBooked => "meeting_booked",
            ActivityCategory::Connect => "connect",
            ActivityCategory::Reply => "reply",
            ActivityCategory::AccountEngaged => "account_engaged",
            ActivityCategory::OpportunityCreated => "opportunity_created",
            ActivityCategory::NotCounted => "not_counted",
        }
    }

    pub fn parse(text: &str) -> Option<ActivityCategory> {
        if let Some(c) = ActivityCategory::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
        {
            return Some(c);
        }
        let t = text.trim().to_lowercase().replace([' ', '-'], "_");
        ActivityCategory::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == t)
    }

    /// How the Import page and the report name it.
    pub fn label(self) -> &'static str {
        match self {
            ActivityCategory::Call => "Call",
            ActivityCategory::Email => "Email",
            ActivityCategory::FirstMeeting => "First meeting",
            ActivityCategory::FollowUpMeeting => "Follow-up meeting",
            ActivityCategory::Meeting => "Customer meeting",
            ActivityCategory::MeetingBooked => "Meeting booked",
            ActivityCategory::Connect => "Connect",
            ActivityCategory::Reply => "Reply",
            ActivityCategory::AccountEngaged => "Account engaged",
            ActivityCategory::OpportunityCreated => "Opportunity created",
            ActivityCategory::NotCounted => "Not counted",
        }
    }
}

/// The span one stored row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// One activity on its day.
    One,
    /// A weekly summary row: the week starting on its day.
    Week,
    /// A monthly summary row: the month starting on its day.
    Month,
}

impl Span {
    pub fn as_str(self) -> &'static str {
        match self {
            Span::One => "one",
            Span::Week => "week",
            Span::Month => "month",
        }
    }
}

/// One rep's counts of one category over a span of days.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub rep_id: i64,
    pub day: NaiveDate,
    pub span: Span,
    pub category: ActivityCategory,
    pub count: i64,
    pub answered: i64,
    /// Activities whose outcome the export gave (answered or not).
    pub with_outcome: i64,
}
