//! The metrics of the harness (docs/method.md §5): what each one counts,
//! the period it is counted over and which way is better.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A metric of the harness. The snake_case names are the keys of
/// `ramp --json` and `metrics --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    // Quantity: counts and sums in a week or a month.
    Bookings,
    DealsWon,
    OpportunitiesCreated,
    FirstMeetings,
    FollowUpMeetings,
    CustomerMeetings,
    Calls,
    Emails,
    Connects,
    Replies,
    AccountsEngaged,
    MeetingsBooked,
    // Quality: ratios and levels.
    WinRate,
    AvgDealSize,
    MedianCycleDays,
    CycleSpreadDays,
    OpenOpportunities,
    UntouchedOpportunities,
    FollowUpsPerFirstMeeting,
    MeetingsPerOpportunity,
    ConnectRate,
    ReplyRate,
    // The metric tree's conversions (§5, "Root cause").
    Outreach,
    OutreachToMeeting,
    MeetingToOpportunity,
}

/// A metric as the UI names and formats it, so labels live in one place.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MetricInfo {
    pub metric: Metric,
    pub label: String,
    pub unit: Unit,
    pub cadence: Cadence,
    pub higher_is_better: bool,
}

/// How a metric's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Currency units (not minor units: the harness shows whole amounts).
    Money,
    Count,
    /// A fraction, 0.25 for 25 %.
    Rate,
    Days,
}

/// The period a goal for the metric is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Week,
    Month,
    /// A level or ratio over the window looked at, not a rate per period.
    Window,
}

impl Metric {
    pub const ALL: [Metric; 25] = [
        Metric::Bookings,
        Metric::DealsWon,
        Metric::OpportunitiesCreated,
        Metric::FirstMeetings,
        Metric::FollowUpMeetings,
        Metric::CustomerMeetings,
        Metric::Calls,
        Metric::Emails,
        Metric::Connects,
        Metric::Replies,
        Metric::AccountsEngaged,
        Metric::MeetingsBooked,
        Metric::WinRate,
        Metric::AvgDealSize,
        Metric::MedianCycleDays,
        Metric::CycleSpreadDays,
        Metric::OpenOpportunities,
        Metric::UntouchedOpportunities,
        Metric::FollowUpsPerFirstMeeting,
        Metric::MeetingsPerOpportunity,
        Metric::ConnectRate,
        Metric::ReplyRate,
        Metric::Outreach,
        Metric::OutreachToMeeting,
        Metric::MeetingToOpportunity,
    ];

    pub fn info(self) -> MetricInfo {
        MetricInfo {
            metric: self,
            label: self.label().to_string(),
            unit: self.unit(),
            cadence: self.cadence(),
            higher_is_better: self.higher_is_better(),
        }
    }

    /// The snake_case key, as in the JSON.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Bookings => "bookings",
            Metric::DealsWon => "deals_won",
            Metric::OpportunitiesCreated => "opportunities_created",
            Metric::FirstMeetings => "first_meetings",
            Metric::FollowUpMeetings => "follow_up_meetings",
            Metric::CustomerMeetings => "customer_meetings",
            Metric::Calls => "calls",
            Metric::Emails => "emails",
            Metric::Connects => "connects",
            Metric::Replies => "replies",
            Metric::AccountsEngaged => "accounts_engaged",
            Metric::MeetingsBooked => "meetings_booked",
            Metric::WinRate => "win_rate",
            Metric::AvgDealSize => "avg_deal_size",
            Metric::MedianCycleDays => "median_cycle_days",
            Metric::CycleSpreadDays => "cycle_spread_days",
            Metric::OpenOpportunities => "open_opportunities",
            Metric::UntouchedOpportunities => "untouched_opportunities",
            Metric::FollowUpsPerFirstMeeting => "follow_ups_per_first_meeting",
            Metric::MeetingsPerOpportunity => "meetings_per_opportunity",
            Metric::ConnectRate => "connect_rate",
            Metric::ReplyRate => "reply_rate",
            Metric::Outreach => "outreach",
            Metric::OutreachToMeeting => "outreach_to_meeting",
            Metric::MeetingToOpportunity => "meeting_to_opportunity",
        }
    }

    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.key() == key)
    }

    /// The metric in a sentence, plural where it counts things.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Bookings => "bookings",
            Metric::DealsWon => "deals won",
            Metric::OpportunitiesCreated => "opportunities created",
            Metric::FirstMeetings => "first meetings",
            Metric::FollowUpMeetings => "follow-up meetings",
            Metric::CustomerMeetings => "customer meetings",
            Metric::Calls => "calls",
            Metric::Emails => "emails",
            Metric::Connects => "connects",
            Metric::Replies => "replies",
            Metric::AccountsEngaged => "accounts engaged",
            Metric::MeetingsBooked => "meetings booked",
            Metric::WinRate => "win rate",
            Metric::AvgDealSize => "average deal size",
            Metric::MedianCycleDays => "median cycle",
            Metric::CycleSpreadDays => "cycle spread",
            Metric::OpenOpportunities => "open opportunities",
            Metric::UntouchedOpportunities => "opportunities untouched 30+ days",
            Metric::FollowUpsPerFirstMeeting => "follow-ups per first meeting",
            Metric::MeetingsPerOpportunity => "meetings per opportunity",
            Metric::ConnectRate => "connect rate",
            Metric::ReplyRate => "reply rate",
            Metric::Outreach => "calls and emails",
            Metric::OutreachToMeeting => "calls and emails to first meeting",
            Metric::MeetingToOpportunity => "first meeting to opportunity",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::Bookings | Metric::AvgDealSize => Unit::Money,
            Metric::WinRate
            | Metric::ConnectRate
            | Metric::ReplyRate
            | Metric::OutreachToMeeting
            | Metric::MeetingToOpportunity => Unit::Rate,
            Metric::MedianCycleDays | Metric::CycleSpreadDays => Unit::Days,
            _ => Unit::Count,
        }
    }

    pub fn cadence(self) -> Cadence {
        match self {
            Metric::Bookings | Metric::DealsWon | Metric::OpportunitiesCreated => Cadence::Month,
            Metric::FirstMeetings
            | Metric::FollowUpMeetings
            | Metric::CustomerMeetings
            | Metric::Calls
            | Metric::Emails
            | Metric::Connects
            | Metric::Replies
            | Metric::AccountsEngaged
            | Metric::MeetingsBooked
            | Metric::Outreach => Cadence::Week,
            _ => Cadence::Window,
        }
    }

    /// Whether more is better. A longer cycle, a wider spread and more
    /// opportunities left untouched are worse; the count of open
    /// opportunities is judged against the team (§5, "Work in progress")
    /// and counts as worse when higher.
    pub fn higher_is_better(self) -> bool {
        !matches!(
            self,
            Metric::MedianCycleDays
                | Metric::CycleSpreadDays
                | Metric::UntouchedOpportunities
                | Metric::OpenOpportunities
        )
    }

    /// Whether `a` is worse than `b` for this metric.
    pub fn worse(self, a: f64, b: f64) -> bool {
        if self.higher_is_better() {
            a < b
        } else {
            a > b
        }
    }

    /// The value as a manager reads it: "$8,000", "15 %", "12 days", "8".
    pub fn show(self, value: f64, currency: &str) -> String {
        match self.unit() {
            // Whole amounts: a month's bookings are not read to the cent.
            Unit::Money => crate::money::to_minor(value.round(), currency)
                .map(|m| crate::money::format(m, currency))
                .unwrap_or_else(|| format!("{value:.0}")),
            Unit::Rate => format!("{} %", trim(value * 100.0)),
            Unit::Days => format!("{} days", trim(value)),
            Unit::Count => trim(value),
        }
    }
}

/// A number with at most one decimal, none when it is whole: 8, 7.5, 15.
fn trim(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::Metric;

    #[test]
    fn every_key_reads_back() {
        for m in Metric::ALL {
            assert_eq!(Metric::from_key(m.key()), Some(m));
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.key()));
        }
    }

    #[test]
    fn all_lists_each_metric_at_its_own_place() {
        // `tree::Values` keeps a metric at `metric as usize`.
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(*m as usize, i, "{m:?}");
        }
    }

    #[test]
    fn values_read_as_a_manager_says_them() {
        assert_eq!(Metric::CustomerMeetings.show(8.0, "USD"), "8");
        assert_eq!(Metric::CustomerMeetings.show(7.5, "USD"), "7.5");
        assert_eq!(Metric::WinRate.show(0.15, "USD"), "15 %");
        assert_eq!(Metric::MedianCycleDays.show(52.0, "USD"), "52 days");
        assert_eq!(
            Metric::Bookings.show(80_000.0, "USD"),
            crate::money::format(8_000_000, "USD")
        );
    }
}
