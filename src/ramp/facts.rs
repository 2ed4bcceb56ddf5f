//! The harness's inputs, read once, and every metric of one rep over one
//! window of days (docs/method.md §5, "Metrics"). A metric whose inputs the
//! workspace does not have is `None`, never 0: no call export means no
//! call count, not zero calls.

use chrono::NaiveDate;
use rusqlite::Connection;
use rustc_hash::FxHashMap;

use super::metric::Metric;
use super::percentile::percentile_inc;
use super::tree::Values;
use crate::error::Result;
use crate::process::DealStatus;
use crate::store::activities::{self, ActivityCategory, Count, Span};
use crate::store::ramp::{self as stored, DealFact, RosterEntry};

/// Days after which an open opportunity nobody touched counts as untouched.
pub const UNTOUCHED_DAYS: i64 = 30;

/// Average days in a month, to state a count over any window per month.
pub const DAYS_PER_MONTH: f64 = 30.436_875;

/// A window of days, `from` included, `to` excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Window {
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days().max(0)
    }

    fn holds(&self, day: NaiveDate) -> bool {
        self.from <= day && day < self.to
    }
}

/// A set of activity categories: a flag per category by its place in
/// `ActivityCategory::ALL` (asked a dozen times per window computed).
#[derive(Debug, Clone, Copy, Default)]
struct Categories([bool; ActivityCategory::ALL.len()]);

impl Categories {
    fn insert(&mut self, c: ActivityCategory) {
        if let Some(f) = self.0.get_mut(c as usize) {
            *f = true;
        }
    }

    fn contains(&self, c: &ActivityCategory) -> bool {
        self.0.get(*c as usize).copied().unwrap_or(false)
    }
}

/// One rep's activity counts as running totals by day, so a window's sums
/// are two binary searches however long the window: the board sums every
/// peer over every week and over whole tenures. The days are shared by
/// the categories; each category present keeps its totals beside them.
#[derive(Debug, Default, Clone)]
struct Running {
    days: Vec<NaiveDate>,
    /// Per category (by its place in `ActivityCategory::ALL`; empty when
    /// the rep has none): (count, answered) up to and including `days[i]`.
    totals: Vec<Vec<(f64, f64)>>,
}

impl Running {
    /// From (day, category, count, answered) in any order.
    fn new(mut counts: Vec<(NaiveDate, ActivityCategory, i64, i64)>) -> Running {
        counts.sort_unstable_by_key(|c| c.0);
        let mut days: Vec<NaiveDate> = counts.iter().map(|c| c.0).collect();
        days.dedup();
        let mut present = Categories::default();
        for c in &counts {
            present.insert(c.1);
        }
        let mut totals: Vec<Vec<(f64, f64)>> = ActivityCategory::ALL
            .iter()
            .map(|c| {
                if present.contains(c) {
                    vec![(0.0, 0.0); days.len()]
                } else {
                    Vec::new()
                }
            })
            .collect();
        // Each count into its day, then each category's running total.
        let mut at = 0;
        for (day, category, count, answered) in counts {
            while days.get(at).is_some_and(|d| *d < day) {
                at += 1;
            }
            if let Some(t) = totals
                .get_mut(category as usize)
                .and_then(|list| list.get_mut(at))
            {
                t.0 += count as f64;
                t.1 += answered as f64;
            }
        }
        for list in &mut totals {
            let mut run = (0.0, 0.0);
            for t in list.iter_mut() {
                run = (run.0 + t.0, run.1 + t.1);
                *t = run;
            }
        }
        Running { days, totals }
    }

    /// Adds (count, answered) per category over the window's days to `sums`.
    fn add_to(&self, window: Window, sums: &mut [(f64, f64)]) {
        let from = self.days.partition_point(|d| *d < window.from);
        let to = self.days.partition_point(|d| *d < window.to);
        if to <= from {
            return;
        }
        for (sum, list) in sums.iter_mut().zip(&self.totals) {
            let at = |n: usize| {
                n.checked_sub(1)
                    .and_then(|i| list.get(i))
                    .copied()
                    .unwrap_or_default()
            };
            if !list.is_empty() {
                let (a, b) = (at(from), at(to));
                sum.0 += b.0 - a.0;
                sum.1 += b.1 - a.1;
            }
        }
    }
}

/// A rep's activity counts: day and week rows, and month summary rows
/// apart, as a window shorter than four weeks leaves those out.
#[derive(Debug, Default)]
struct RepActivity {
    days: Running,
    months: Running,
}

/// Everything the harness counts, read from the workspace once.
pub struct Facts {
    pub currency: String,
    pub roster: Vec<RosterEntry>,
    activities: FxHashMap<i64, RepActivity>,
    deals: FxHashMap<i64, Vec<DealFact>>,
    /// Categories some activity in the workspace has.
    present: Categories,
    outcomes: Categories,
    has_deals: bool,
    /// The first day any activity or deal is known for.
    pub history_from: Option<NaiveDate>,
    activity_from: Option<NaiveDate>,
    deals_from: Option<NaiveDate>,
}

impl Facts {
    pub fn read(conn: &Connection) -> Result<Facts> {
        // Per rep, month rows or not: (day, category, count, answered).
        type Lists = [Vec<(NaiveDate, ActivityCategory, i64, i64)>; 2];
        let mut lists: FxHashMap<i64, Lists> = FxHashMap::default();
        let mut present = Categories::default();
        let mut first_activity: Option<NaiveDate> = None;
        let mut outcomes = Categories::default();
        activities::each_count(conn, &mut |c: Count| {
            present.insert(c.category);
            if c.with_outcome > 0 {
                outcomes.insert(c.category);
            }
            first_activity = Some(first_activity.map_or(c.day, |f| f.min(c.day)));
            let rep = lists.entry(c.rep_id).or_default();
            let kind = usize::from(c.span == Span::Month);
            if let Some(list) = rep.get_mut(kind) {
                list.push((c.day, c.category, c.count, c.answered));
            }
        })?;
        let activities = lists
            .into_iter()
            .map(|(rep, [days, months])| {
                let a = RepActivity {
                    days: Running::new(days),
                    months: Running::new(months),
                };
                (rep, a)
            })
            .collect();
        let mut deals: FxHashMap<i64, Vec<DealFact>> = FxHashMap::default();
        let mut has_deals = false;
        let mut first_deal: Option<NaiveDate> = None;
        for d in stored::deal_facts(conn)? {
            has_deals = true;
            if let Some(c) = d.created.or(d.closed) {
                first_deal = Some(first_deal.map_or(c, |f| f.min(c)));
            }
            deals.entry(d.owner_id).or_default().push(d);
        }
        let first = match (first_activity, first_deal) {
            (Some(a), Some(d)) => Some(a.min(d)),
            (a, d) => a.or(d),
        };
        Ok(Facts {
            currency: crate::store::settings::currency(conn)?,
            roster: stored::roster(conn)?,
            activities,
            deals,
            present,
            outcomes,
            has_deals,
            history_from: first,
            activity_from: first_activity,
            deals_from: first_deal,
        })
    }

    /// Whether the history reaches into `window` for `metric`: its
    /// activities for a count of calls or meetings, its deals for bookings
    /// or a win rate, both for a ratio of the two. A year of activity
    /// beside three years of deals reaches back a year for meetings only.
    pub fn covers(&self, metric: Metric, window: Window) -> bool {
        use Metric as M;
        let reaches = |from: Option<NaiveDate>| from.is_some_and(|f| f < window.to);
        let deals = matches!(
            metric,
            M::Bookings
                | M::DealsWon
                | M::WinRate
                | M::AvgDealSize
                | M::MedianCycleDays
                | M::CycleSpreadDays
                | M::OpenOpportunities
                | M::UntouchedOpportunities
                | M::OpportunitiesCreated
                | M::MeetingsPerOpportunity
                | M::MeetingToOpportunity
        );
        let activity = !deals
            || matches!(metric, M::MeetingsPerOpportunity | M::MeetingToOpportunity)
            || (metric == M::OpportunitiesCreated
                && self.present.contains(&ActivityCategory::OpportunityCreated));
        (!deals || reaches(self.deals_from)) && (!activity || reaches(self.activity_from))
    }

    /// Every metric of `rep` over `window`, counts as they are (not per
    /// week or month: see [`per_period`]).
    pub fn compute(&self, rep: i64, window: Window) -> Values {
        // (count, answered) per category, by its place in `ActivityCategory::ALL`.
        let mut sums = [(0.0f64, 0.0f64); ActivityCategory::ALL.len()];
        if let Some(a) = self.activities.get(&rep) {
            a.days.add_to(window, &mut sums);
            // A month's summary row belongs to windows of a month or more.
            if window.days() >= 28 {
                a.months.add_to(window, &mut sums);
            }
        }
        let sum = |c: ActivityCategory| sums.get(c as usize).copied().unwrap_or_default();
        let count =
            |c: ActivityCategory| -> Option<f64> { self.present.contains(&c).then(|| sum(c).0) };
        let answered = |c: ActivityCategory| sum(c).1;
        let add = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        use ActivityCategory as C;
        let mut v = Values::new();
        let calls = count(C::Call);
        let emails = count(C::Email);
        let connects = if self.present.contains(&C::Connect) || self.outcomes.contains(&C::Call) {
            Some(count(C::Connect).unwrap_or(0.0) + answered(C::Call))
        } else {
            None
        };
        let replies = if self.present.contains(&C::Reply) || self.outcomes.contains(&C::Email) {
            Some(count(C::Reply).unwrap_or(0.0) + answered(C::Email))
        } else {
            None
        };
        let first = count(C::FirstMeeting);
        let follow = count(C::FollowUpMeeting);
        let meetings = add(add(first, follow), count(C::Meeting));
        v.insert(Metric::Calls, calls);
        v.insert(Metric::Emails, emails);
        v.insert(Metric::Connects, connects);
        v.insert(Metric::Replies, replies);
        v.insert(Metric::FirstMeetings, first);
        v.insert(Metric::FollowUpMeetings, follow);
        v.insert(Metric::CustomerMeetings, meetings);
        v.insert(Metric::MeetingsBooked, count(C::MeetingBooked));
        v.insert(Metric::AccountsEngaged, count(C::AccountEngaged));
        v.insert(Metric::ConnectRate, ratio(connects, calls));
        v.insert(Metric::ReplyRate, ratio(replies, emails));
        v.insert(Metric::FollowUpsPerFirstMeeting, ratio(follow, first));
        let outreach = add(calls, emails);
        v.insert(Metric::Outreach, outreach);
        v.insert(Metric::OutreachToMeeting, ratio(first, outreach));

        let deals = self.deals.get(&rep).map(Vec::as_slice).unwrap_or(&[]);
        let deal_count = |f: &dyn Fn(&DealFact) -> bool| -> Option<f64> {
            self.has_deals
                .then(|| deals.iter().filter(|d| f(d)).count() as f64)
        };
        let closed_in = |d: &DealFact, s: DealStatus| {
            d.status == s && d.closed.is_some_and(|c| window.holds(c))
        };
        let won: Vec<&DealFact> = deals
            .iter()
            .filter(|d| closed_in(d, DealStatus::Won))
            .collect();
        let lost = deal_count(&|d| closed_in(d, DealStatus::Lost));
        let won_n = deal_count(&|d| closed_in(d, DealStatus::Won));
        let bookings_minor: i64 = won
            .iter()
            .filter_map(|d| d.amount_minor)
            .fold(0i64, |a, b| a.saturating_add(b));
        let bookings = self
            .has_deals
            .then(|| crate::money::to_major(bookings_minor, &self.currency));
        let created = if self.present.contains(&C::OpportunityCreated) {
            count(C::OpportunityCreated)
        } else {
            deal_count(&|d| d.created.is_some_and(|c| window.holds(c)))
        };
        v.insert(Metric::Bookings, bookings);
        v.insert(Metric::DealsWon, won_n);
        v.insert(Metric::OpportunitiesCreated, created);
        v.insert(Metric::WinRate, ratio(won_n, add(won_n, lost)));
        v.insert(Metric::AvgDealSize, ratio(bookings, won_n));
        v.insert(Metric::MeetingsPerOpportunity, ratio(meetings, created));
        v.insert(Metric::MeetingToOpportunity, ratio(created, first));
        let cycles: Vec<f64> = won
            .iter()
            .filter_map(|d| Some((d.closed? - d.created?).num_days() as f64))
            .filter(|c| *c >= 0.0)
            .collect();
        let median = percentile_inc(&cycles, 0.5);
        let spread = match (percentile_inc(&cycles, 0.25), percentile_inc(&cycles, 0.75)) {
            (Some(a), Some(b)) if cycles.len() >= 2 => Some(b - a),
            _ => None,
        };
        v.insert(Metric::MedianCycleDays, median);
        v.insert(Metric::CycleSpreadDays, spread);
        // Levels at the window's last day.
        let last = window.to.pred_opt().unwrap_or(window.to);
        let open_then = |d: &DealFact| {
            d.created.is_none_or(|c| c <= last)
                && (d.status == DealStatus::Open || d.closed.is_some_and(|c| c > last))
        };
        let stale = last - chrono::Duration::days(UNTOUCHED_DAYS);
        v.insert(Metric::OpenOpportunities, deal_count(&|d| open_then(d)));
        v.insert(
            Metric::UntouchedOpportunities,
            deal_count(&|d| {
                open_then(d) && d.last_activity.or(d.created).is_some_and(|t| t < stale)
            }),
        );
        v
    }
}

/// A count over `days` stated per the metric's cadence (a week's or a
/// month's worth); ratios and levels as they are.
pub fn per_period(metric: Metric, value: Option<f64>, days: i64) -> Option<f64> {
    use super::metric::Cadence;
    let v = value?;
    if days <= 0 {
        return None;
    }
    Some(match metric.cadence() {
        Cadence::Week => v * 7.0 / days as f64,
        Cadence::Month => v * DAYS_PER_MONTH / days as f64,
        Cadence::Window => v,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, day).unwrap()
    }

    #[test]
    fn running_totals_sum_any_window_like_adding_the_days_up() {
        use ActivityCategory::{Call, Email};
        // Out of order, two counts on the 3rd (two imports or types).
        let r = Running::new(vec![
            (d(9), Call, 4, 1),
            (d(3), Call, 2, 0),
            (d(1), Email, 1, 1),
            (d(3), Call, 5, 2),
        ]);
        let sum = |from, to| {
            let mut s = [(0.0, 0.0); ActivityCategory::ALL.len()];
            r.add_to(
                Window {
                    from: d(from),
                    to: d(to),
                },
                &mut s,
            );
            (s[Call as usize], s[Email as usize])
        };
        assert_eq!(sum(1, 31), ((11.0, 3.0), (1.0, 1.0)));
        assert_eq!(
            sum(3, 4),
            ((7.0, 2.0), (0.0, 0.0)),
            "the 3rd alone, both counts"
        );
        assert_eq!(
            sum(2, 9),
            ((7.0, 2.0), (0.0, 0.0)),
            "the 9th is the end, excluded"
        );
        assert_eq!(sum(4, 9), ((0.0, 0.0), (0.0, 0.0)));
        assert_eq!(sum(10, 20), ((0.0, 0.0), (0.0, 0.0)), "after the last day");
    }
}
