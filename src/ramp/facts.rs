//! The harness's inputs, read once, and every metric of one rep over one
//! window of days (docs/method.md §5, "Metrics"). A metric whose inputs the
//! workspace does not have is `None`, never 0: no call export means no
//! call count, not zero calls.

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rustc_hash::FxHashMap;

use super::metric::Metric;
use super::percentile::percentile_inc;
use super::tree::Values;
use crate::error::Result;
use crate::process::DealStatus;
use crate::store::activities::{self, ActivityCategory, Count, Span};
use crate::store::activity_days;
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

/// The longest history, in days, whose days are indexed (see `Running`):
/// twenty years.
const INDEXED_DAYS: usize = 20 * 366;

/// One rep's activity counts as running totals by day, so a window's sums
/// are two lookups however long the window: the board sums every peer over
/// every week and over whole tenures. The days are shared by the
/// categories the rep has; a day's totals of all of them lie together, so
/// a window's bound is one cache line (the board reads 150 peers' totals
/// in turn, and waiting on memory was most of its time).
#[derive(Debug, Default, Clone)]
struct Running {
    /// The days with a count, in order, as days from the common era.
    days: Vec<i32>,
    /// How many of `days` come before each calendar day from the first one
    /// (`before[k]`: before `days[0] + k`), so that finding a window's
    /// bounds is a lookup, not two binary searches: four bytes per
    /// calendar day of the history. Empty when the days span more than
    /// [`INDEXED_DAYS`] (a mistyped year must not cost megabytes): then
    /// the days are searched.
    before: Vec<u32>,
    /// The categories the rep has, by their place in `ActivityCategory::ALL`.
    categories: Vec<usize>,
    /// (count, answered) of each of `categories` up to and including
    /// `days[i]`, at `i * categories.len()` onwards.
    totals: Vec<(u32, u32)>,
}

impl Running {
    /// From (day, category, count, answered) in any order (mostly a few
    /// ascending runs, one per stored group: the stable sort merges them).
    fn new(counts: Vec<(i32, ActivityCategory, u32, u32)>) -> Running {
        let mut counts = counts;
        Running::from(&mut counts)
    }

    /// [`Running::new`] from counts it may reorder (the caller's buffer,
    /// used again for the next rep).
    fn from(counts: &mut [(i32, ActivityCategory, u32, u32)]) -> Running {
        counts.sort_by_key(|c| c.0);
        let mut days: Vec<i32> = counts.iter().map(|c| c.0).collect();
        days.dedup();
        let mut present = Categories::default();
        for c in counts.iter() {
            present.insert(c.1);
        }
        let categories: Vec<usize> = ActivityCategory::ALL
            .iter()
            .filter(|c| present.contains(c))
            .map(|c| *c as usize)
            .collect();
        // Where each category's totals sit within a day's.
        let mut slot = [usize::MAX; ActivityCategory::ALL.len()];
        for (j, c) in categories.iter().enumerate() {
            if let Some(s) = slot.get_mut(*c) {
                *s = j;
            }
        }
        let width = categories.len();
        let mut totals = vec![(0u32, 0u32); days.len().saturating_mul(width)];
        // Each count into its day, then each category's running total.
        let mut at = 0;
        for &(day, category, count, answered) in counts.iter() {
            while days.get(at).is_some_and(|d| *d < day) {
                at += 1;
            }
            let Some(&j) = slot.get(category as usize) else {
                continue;
            };
            if let Some(t) = totals.get_mut(at.saturating_mul(width).saturating_add(j)) {
                t.0 = t.0.saturating_add(count);
                t.1 = t.1.saturating_add(answered);
            }
        }
        for i in width..totals.len() {
            let (prev, cur) = (totals[i - width], totals[i]);
            totals[i] = (prev.0.saturating_add(cur.0), prev.1.saturating_add(cur.1));
        }
        let mut before = Vec::new();
        if let (Some(&first), Some(&last)) = (days.first(), days.last()) {
            let span = usize::try_from(i64::from(last) - i64::from(first)).unwrap_or(usize::MAX);
            if span <= INDEXED_DAYS {
                before.reserve(span.saturating_add(1));
                let mut n = 0u32;
                for day in (first..=last).take(span.saturating_add(1)) {
                    while days.get(n as usize).is_some_and(|d| *d < day) {
                        n += 1;
                    }
                    before.push(n);
                }
            }
        }
        Running {
            days,
            before,
            categories,
            totals,
        }
    }

    /// How many of the days come before `day`.
    fn position(&self, day: i32) -> usize {
        let Some(&first) = self.days.first() else {
            return 0;
        };
        if self.before.is_empty() {
            return self.days.partition_point(|d| *d < day);
        }
        let Ok(k) = usize::try_from(i64::from(day) - i64::from(first)) else {
            return 0;
        };
        self.before.get(k).map_or(self.days.len(), |&n| n as usize)
    }

    /// The totals of every category up to and including the `n`th day
    /// (zeros before the first).
    fn through(&self, n: usize) -> &[(u32, u32)] {
        let width = self.categories.len();
        let Some(i) = n.checked_sub(1) else {
            return &[];
        };
        let start = i.saturating_mul(width);
        self.totals
            .get(start..start.saturating_add(width))
            .unwrap_or(&[])
    }

    /// Adds (count, answered) per category over the window's days to `sums`.
    fn add_to(&self, window: Window, sums: &mut [(f64, f64)]) {
        let from = self.position(window.from.num_days_from_ce());
        let to = self.position(window.to.num_days_from_ce());
        if to <= from {
            return;
        }
        let (a, b) = (self.through(from), self.through(to));
        for (j, c) in self.categories.iter().enumerate() {
            let start = a.get(j).copied().unwrap_or_default();
            let (Some(end), Some(sum)) = (b.get(j), sums.get_mut(*c)) else {
                continue;
            };
            sum.0 += f64::from(end.0.saturating_sub(start.0));
            sum.1 += f64::from(end.1.saturating_sub(start.1));
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
    /// By metric: whether [`Facts::measures`] it.
    measured: [bool; Metric::ALL.len()],
    activity_from: Option<NaiveDate>,
    deals_from: Option<NaiveDate>,
}

impl Facts {
    pub fn read(conn: &Connection) -> Result<Facts> {
        // Per rep, month rows or not: (day, category, count, answered).
        // Counts as u32, as the running totals keep them: sixteen bytes a
        // count, where a million of them are read.
        type Lists = [Vec<(i32, ActivityCategory, u32, u32)>; 2];
        let count32 = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        let mut lists: FxHashMap<i64, Lists> = FxHashMap::default();
        let mut present = Categories::default();
        let mut outcomes = Categories::default();
        let mut first_day: Option<i32> = None;
        activities::each_summary_count(conn, &mut |c: Count| {
            present.insert(c.category);
            if c.with_outcome > 0 {
                outcomes.insert(c.category);
            }
            let day = c.day.num_days_from_ce();
            first_day = Some(first_day.map_or(day, |f| f.min(day)));
            let rep = lists.entry(c.rep_id).or_default();
            let kind = usize::from(c.span == Span::Month);
            if let Some(list) = rep.get_mut(kind) {
                list.push((day, c.category, count32(c.count), count32(c.answered)));
            }
        })?;
        // The day counts a group at a time, a rep's groups together: each
        // rep's running totals are made from one buffer, used again for the
        // next (a list of every count first was 16 MB of fresh memory, whose
        // pages cost a board's first view more than reading the counts).
        let mut activities: FxHashMap<i64, RepActivity> = FxHashMap::default();
        let mut buffer: Vec<(i32, ActivityCategory, u32, u32)> = Vec::new();
        let mut current: Option<i64> = None;
        let mut finish = |rep: i64,
                          buffer: &mut Vec<(i32, ActivityCategory, u32, u32)>,
                          lists: &mut FxHashMap<i64, Lists>| {
            let [days, months] = lists.remove(&rep).unwrap_or_default();
            buffer.extend(days);
            let a = RepActivity {
                days: Running::from(buffer),
                months: Running::new(months),
            };
            activities.insert(rep, a);
            buffer.clear();
        };
        activity_days::each_group(conn, &mut |g| {
            let mut days = g.days.peekable();
            let Some(&(first, _)) = days.peek() else {
                return;
            };
            if current != Some(g.rep_id) {
                if let Some(rep) = current {
                    finish(rep, &mut buffer, &mut lists);
                }
                current = Some(g.rep_id);
            }
            present.insert(g.category);
            if g.answered.is_some() {
                outcomes.insert(g.category);
            }
            first_day = Some(first_day.map_or(first, |f| f.min(first)));
            buffer.reserve(days.size_hint().0);
            let reached = g.answered == Some(true);
            for (day, n) in days {
                buffer.push((day, g.category, n, if reached { n } else { 0 }));
            }
        })?;
        if let Some(rep) = current {
            finish(rep, &mut buffer, &mut lists);
        }
        // Reps with summary rows only.
        let rest: Vec<i64> = lists.keys().copied().collect();
        for rep in rest {
            finish(rep, &mut buffer, &mut lists);
        }
        let first_activity = first_day.and_then(NaiveDate::from_num_days_from_ce_opt);
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
        let mut facts = Facts {
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
            measured: [false; Metric::ALL.len()],
        };
        facts.measured = facts.measured();
        Ok(facts)
    }

    /// Which metrics some rep has a value of over all time (see
    /// [`Facts::measures`]).
    fn measured(&self) -> [bool; Metric::ALL.len()] {
        let all_time = Window {
            from: NaiveDate::MIN,
            to: NaiveDate::MAX,
        };
        let mut measured = [false; Metric::ALL.len()];
        let reps = self.activities.keys().chain(self.deals.keys());
        for rep in reps {
            let values = self.compute(*rep, all_time);
            for (m, seen) in Metric::ALL.iter().zip(measured.iter_mut()) {
                *seen |= values.get(m).is_some();
            }
        }
        measured
    }

    /// Whether anyone can have a value of `metric` over some window. A
    /// count's inputs are there or not whatever the window, and a ratio
    /// whose denominator is 0 over all time is 0 over every part of it: so
    /// a metric nobody has over all time is `None` for everyone over any
    /// window, and the board need not work out the peers' values to learn
    /// that (without deals, a third of the metrics).
    pub fn measures(&self, metric: Metric) -> bool {
        self.measured.get(metric as usize).copied().unwrap_or(false)
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

    /// Facts of two reps' calls and first meetings (no outcomes, no deals).
    fn calls_only() -> Facts {
        use ActivityCategory::{Call, FirstMeeting};
        let n = |day: u32| d(day).num_days_from_ce();
        let mut activities = FxHashMap::default();
        for (rep, counts) in [
            (1, vec![(n(2), Call, 5, 0), (n(9), FirstMeeting, 1, 0)]),
            (2, vec![(n(3), Call, 7, 0)]),
        ] {
            let a = RepActivity {
                days: Running::new(counts),
                months: Running::default(),
            };
            activities.insert(rep, a);
        }
        let mut present = Categories::default();
        present.insert(Call);
        present.insert(FirstMeeting);
        let mut facts = Facts {
            currency: "USD".into(),
            roster: Vec::new(),
            activities,
            deals: FxHashMap::default(),
            present,
            outcomes: Categories::default(),
            has_deals: false,
            history_from: Some(d(2)),
            activity_from: Some(d(2)),
            deals_from: None,
            measured: [false; Metric::ALL.len()],
        };
        facts.measured = facts.measured();
        facts
    }

    #[test]
    fn a_metric_nobody_has_over_all_time_nobody_has_in_any_window() {
        let facts = calls_only();
        assert!(facts.measures(Metric::Calls));
        assert!(facts.measures(Metric::FirstMeetings));
        assert!(facts.measures(Metric::OutreachToMeeting));
        assert!(!facts.measures(Metric::Bookings), "no deals");
        assert!(!facts.measures(Metric::ConnectRate), "no call outcomes");
        assert!(!facts.measures(Metric::Emails));
        for from in 1..20 {
            for len in [1, 3, 7, 28, 60] {
                let window = Window {
                    from: d(from),
                    to: d(from) + chrono::Duration::days(len),
                };
                for rep in [1, 2, 3] {
                    let values = facts.compute(rep, window);
                    for m in Metric::ALL.iter().filter(|m| !facts.measures(**m)) {
                        assert_eq!(values.get(m), None, "{m:?} of {rep} over {window:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn running_totals_sum_any_window_like_adding_the_days_up() {
        use ActivityCategory::{Call, Email};
        // Out of order, two counts on the 3rd (two imports or types).
        let n = |day: u32| d(day).num_days_from_ce();
        let r = Running::new(vec![
            (n(9), Call, 4, 1),
            (n(3), Call, 2, 0),
            (n(1), Email, 1, 1),
            (n(3), Call, 5, 2),
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
        assert_eq!(sum(9, 10), ((4.0, 1.0), (0.0, 0.0)), "the last day alone");
        assert_eq!(sum(1, 2), ((0.0, 0.0), (1.0, 1.0)), "the first day alone");
        assert_eq!(sum(5, 5), ((0.0, 0.0), (0.0, 0.0)), "an empty window");
        // A day typed decades off: the days are searched, with the same sums.
        let far = NaiveDate::from_ymd_opt(1926, 3, 3)
            .unwrap()
            .num_days_from_ce();
        let wide = Running::new(vec![
            (far, Call, 9, 0),
            (n(3), Call, 2, 0),
            (n(9), Call, 4, 1),
        ]);
        assert!(wide.before.is_empty());
        let mut s = [(0.0, 0.0); ActivityCategory::ALL.len()];
        wide.add_to(
            Window {
                from: d(2),
                to: d(10),
            },
            &mut s,
        );
        assert_eq!(s[Call as usize], (6.0, 1.0));
    }
}
