//! The ramp board and the metrics harness (docs/method.md §5): every rep in
//! ramp against the plan and the ramped peers at the same tenure, with the
//! flags and the root cause; every rep of the team against the band.
use std::cell::{OnceCell, RefCell};
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::band::{self, Band, BandBasis, MIN_PEERS};
use super::facts::{per_period, Facts, Window, DAYS_PER_MONTH};
use super::flags::{self, Flag, WeekPoint};
use super::metric::{Cadence, Metric, MetricInfo};
use super::percentile::percentile_inc;
use super::plan::{RampPlan, Role};
use super::status::{self, MetricState, RampStatus};
use super::tenure::{self, Tenure};
use super::tree::{self, RootCause, TreeNode, Values};
use crate::store::ramp::RosterEntry;

/// Complete weeks a rep's counts are judged on: the last four.
pub const RECENT_WEEKS: u32 = 4;
/// Complete calendar weeks the harness reads ratios over.
pub const HARNESS_RATIO_WEEKS: u32 = 13;
/// Complete weeks the flags and the rep page look back over.
pub const SERIES_WEEKS: u32 = 26;

/// The metrics the board shows for a role, in column order.
pub fn key_metrics(role: Role) -> &'static [Metric] {
    match role {
        Role::Ae => &[
            Metric::Bookings,
            Metric::CustomerMeetings,
            Metric::FirstMeetings,
            Metric::OpportunitiesCreated,
            Metric::WinRate,
            Metric::AvgDealSize,
        ],
        Role::Sdr => &[
            Metric::MeetingsBooked,
            Metric::Calls,
            Metric::Emails,
            Metric::ConnectRate,
            Metric::ReplyRate,
        ],
        Role::Csm => &[Metric::CustomerMeetings, Metric::Emails, Metric::Calls],
    }
}

/// The harness's columns for a role: the board's, then the work in
/// progress (docs/method.md §5): open opportunities and those untouched 30+
/// days, against the role's ramped reps.
pub fn harness_metrics(role: Role) -> Vec<Metric> {
    let mut m = key_metrics(role).to_vec();
    if role != Role::Sdr {
        m.extend([Metric::OpenOpportunities, Metric::UntouchedOpportunities]);
    }
    m
}

/// One rep as the board and the rep page show them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RampRep {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub manager: Option<String>,
    pub segment: Option<String>,
    pub start_date: NaiveDate,
    pub tenure: Tenure,
    /// The share of the goals the plan expects this month of tenure.
    pub ramp_pct: f64,
    pub ramped: bool,
    pub status: RampStatus,
    pub reason: String,
    pub metrics: Vec<MetricState>,
    pub flags: Vec<Flag>,
    pub root_cause: Option<RootCause>,
    /// Every node of the metric tree, the root cause's path marked.
    pub tree: Vec<TreeNode>,
    /// "the last 4 weeks (26 Oct – 22 Nov)": what counts were judged on.
    pub window: String,
}

/// A row of the harness: one rep, their role's metrics against the band of
/// the role's ramped reps over the same four weeks.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HarnessRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub tenure_month: Option<u32>,
    pub ramped: bool,
    pub metrics: Vec<MetricState>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RampBoard {
    pub as_of: NaiveDate,
    pub currency: String,
    pub plans: Vec<RampPlan>,
    /// Reps in ramp: active, a known role and start, not past the curve.
    pub reps: Vec<RampRep>,
    pub harness: Vec<HarnessRow>,
    /// Ramped, active reps per role: the peers bands are made of.
    pub peers: Vec<PeerCount>,
    /// The first day the workspace has activities or deals for.
    pub history_from: Option<NaiveDate>,
    /// Why someone on the roster is not on the board ("no start date").
    pub left_out: Vec<String>,
    /// Every metric's label, unit and cadence.
    pub metric_info: Vec<MetricInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PeerCount {
    pub role: Role,
    pub count: u32,
}

/// One week of one rep on the rep page.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WeekRow {
    pub week_start: NaiveDate,
    pub tenure_week: u32,
    #[ts(type = "Partial<Record<Metric, number | null>>")]
    pub values: Values,
}

/// A metric's tenure-aligned curve with the peers' band and the goal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CurvePoint {
    pub tenure_week: u32,
    pub value: Option<f64>,
    pub band: Option<Band>,
    pub goal: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MetricCurve {
    pub metric: Metric,
    pub points: Vec<CurvePoint>,
}

/// The rep page: the board's row, the weeks and the curves.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RepRamp {
    pub as_of: NaiveDate,
    pub currency: String,
    pub metric_info: Vec<MetricInfo>,
    pub rep: RampRep,
    pub weeks: Vec<WeekRow>,
    pub curves: Vec<MetricCurve>,
}

/// A rep with what the board needs to place them.
#[derive(Clone)]
struct Placed<'a> {
    entry: &'a RosterEntry,
    role: Role,
    start: NaiveDate,
    tenure: Tenure,
    plan: &'a RampPlan,
}

fn add_days(d: NaiveDate, n: u64) -> Option<NaiveDate> {
    d.checked_add_days(Days::new(n))
}

/// The same days of a peer's own tenure as `window` is of the rep's, when
/// they are over by `end`; whether the history reaches them is asked per
/// metric (see [`Facts::covers`]).
fn same_tenure(
    window: Window,
    start: NaiveDate,
    peer_start: NaiveDate,
    end: NaiveDate,
) -> Option<Window> {
    let from = peer_start.checked_add_signed(window.from - start)?;
    let to = peer_start.checked_add_signed(window.to - start)?;
    (to <= end).then_some(Window { from, to })
}

/// The peers' values over the days that match a window of the rep's: the
/// same days of each peer's own tenure (when the rep's start is given) and
/// the same calendar days. Fetched once for all the metrics asked of them:
/// the board asks eight metrics of 150 peers over every week of 25 reps.
/// The calendar days' values are worked out only when asked for (too few
/// peers have those days of their tenure, or a drift is checked against
/// the team): they were most of the board's work, mostly unused.
struct PeerValues<'p> {
    days: i64,
    tenure: Vec<(Window, Values)>,
    peers: &'p [Placed<'p>],
    start: Option<NaiveDate>,
    window: Window,
    calendar: OnceCell<Vec<Values>>,
}

/// Values a board keeps per rep placed, about: the 200 reps of the
/// benchmark kept 3,500 on one core and 6,500 on the other.
const KEPT_PER_REP: usize = 32;

struct Ctx<'a> {
    facts: &'a Facts,
    plans: &'a [RampPlan],
    today: NaiveDate,
    /// Today included: the windows end tomorrow.
    end: NaiveDate,
    /// Everyone on the roster the board can place, placed once.
    placed: Vec<Placed<'a>>,
    /// Values asked for again (the same calendar weeks of every peer for
    /// every rep), kept once computed.
    kept: RefCell<FxHashMap<(i64, NaiveDate, NaiveDate), Values>>,
}

impl<'a> Ctx<'a> {
    fn new(facts: &'a Facts, plans: &'a [RampPlan], today: NaiveDate) -> Ctx<'a> {
        let mut ctx = Ctx {
            facts,
            plans,
            today,
            end: add_days(today, 1).unwrap_or(today),
            placed: Vec::new(),
            kept: RefCell::new(FxHashMap::default()),
        };
        ctx.placed = facts
            .roster
            .iter()
            .filter_map(|e| ctx.place(e).ok())
            .collect();
        // A board keeps a few thousand values (every peer's tenure weeks):
        // room for them up front, as growing the map copied them over and
        // over.
        let room = ctx.placed.len().saturating_mul(KEPT_PER_REP);
        ctx.kept = RefCell::new(FxHashMap::with_capacity_and_hasher(
            room,
            Default::default(),
        ));
        ctx
    }

    fn plan(&self, role: Role) -> &'a RampPlan {
        let plans: &'a [RampPlan] = self.plans;
        plans.iter().find(|p| p.role == role).unwrap_or(&plans[0])
    }

    fn place(&self, entry: &'a RosterEntry) -> Result<Placed<'a>, String> {
        let role = entry
            .title
            .as_deref()
            .and_then(Role::from_title)
            .ok_or_else(|| format!("{}: no AE, SDR or CSM role on the roster", entry.name))?;
        let start = entry
            .role_start
            .ok_or_else(|| format!("{}: no start date on the roster", entry.name))?;
        let tenure = Tenure::on(start, self.today)
            .ok_or_else(|| format!("{}: starts on {start}", entry.name))?;
        Ok(Placed {
            entry,
            role,
            start,
            tenure,
            plan: self.plan(role),
        })
    }

    /// Every metric of `rep` over `window` (see [`Facts::compute`]), kept:
    /// the board asks for the same peer and window again and again.
    fn values(&self, rep: i64, window: Window) -> Values {
        let key = (rep, window.from, window.to);
        if let Some(v) = self.kept.borrow().get(&key) {
            return *v;
        }
        let v = self.facts.compute(rep, window);
        self.kept.borrow_mut().insert(key, v);
        v
    }

    /// The ramped, active peers of a role (never the rep themself).
    fn peers(&self, role: Role, except: i64) -> Vec<Placed<'a>> {
        self.placed
            .iter()
            .filter(|p| p.entry.id != except && p.entry.active())
            .filter(|p| p.role == role && p.plan.ramped(p.tenure.month))
            .cloned()
            .collect()
    }

    /// What the peers did over the days matching `window` of the rep's
    /// (started on `start`; `None`: the calendar days only).
    fn peer_values<'p>(
        &self,
        peers: &'p [Placed<'p>],
        start: Option<NaiveDate>,
        window: Window,
    ) -> PeerValues<'p> {
        let tenure = match start {
            Some(start) => peers
                .iter()
                .filter_map(|p| {
                    // Week n of the peer's tenure is the same days whichever
                    // rep asks: kept.
                    let w = same_tenure(window, start, p.start, self.end)?;
                    Some((w, self.values(p.entry.id, w)))
                })
                .collect(),
            None => Vec::new(),
        };
        PeerValues {
            days: window.days(),
            tenure,
            peers,
            start,
            window,
            calendar: OnceCell::new(),
        }
    }

    /// The peers' values over the same calendar days (see [`PeerValues`]).
    fn calendar<'v>(&self, pv: &'v PeerValues<'_>) -> &'v [Values] {
        pv.calendar.get_or_init(|| {
            pv.peers
                .iter()
                .map(|p| match pv.start {
                    // A rep's own weeks are computed (keeping them cost more
                    // than computing them again); the harness's calendar
                    // weeks, the same for every rep, are kept.
                    Some(_) => self.facts.compute(p.entry.id, pv.window),
                    None => self.values(p.entry.id, pv.window),
                })
                .collect()
        })
    }

    /// The peers' values of `metric`, as `per` states them: over the same
    /// days of their tenure when enough of them have those days in the
    /// history, else over the same calendar days.
    fn peer_metric(
        &self,
        metric: Metric,
        pv: &PeerValues<'_>,
        per: impl Fn(Option<f64>) -> Option<f64>,
    ) -> (Vec<f64>, BandBasis) {
        if !self.facts.measures(metric) {
            return (Vec::new(), BandBasis::Calendar);
        }
        let by_tenure: Vec<f64> = pv
            .tenure
            .iter()
            .filter(|(w, _)| self.facts.covers(metric, *w))
            .filter_map(|(_, v)| per(v.get(&metric)))
            .collect();
        if by_tenure.len() >= MIN_PEERS {
            return (by_tenure, BandBasis::Tenure);
        }
        let calendar = self
            .calendar(pv)
            .iter()
            .filter_map(|v| per(v.get(&metric)))
            .collect();
        (calendar, BandBasis::Calendar)
    }

    /// The band of `metric` among the peers (per week or month, as the
    /// metric is stated); `Err(n)` when too few.
    fn band_of(&self, metric: Metric, pv: &PeerValues<'_>) -> Result<Band, u32> {
        let (values, basis) = self.peer_metric(metric, pv, |v| per_period(metric, v, pv.days));
        band::band(&values, basis)
    }

    /// The band of `metric` among `peers` over the days of their tenure
    /// matching `window` of the rep's (started on `start`), else over the
    /// same calendar days; `Err(n)` when too few.
    fn band(
        &self,
        metric: Metric,
        peers: &[Placed<'_>],
        start: Option<NaiveDate>,
        window: Window,
    ) -> Result<Band, u32> {
        self.band_of(metric, &self.peer_values(peers, start, window))
    }

    /// The windows a rep is judged on: their last four complete weeks of
    /// tenure for counts, every complete week of tenure for ratios (weeks
    /// line up with weekly exports when the role started on a Monday).
    /// Before a first complete week, the days so far.
    fn windows(&self, start: NaiveDate, tenure: Tenure) -> (Window, Window) {
        let full = tenure.full_weeks();
        if full == 0 {
            let w = Window {
                from: start,
                to: self.end,
            };
            return (w, w);
        }
        let to = tenure::week_start(start, full + 1).unwrap_or(self.end);
        let recent_from =
            tenure::week_start(start, full.saturating_sub(RECENT_WEEKS) + 1).unwrap_or(start);
        (
            Window {
                from: recent_from,
                to,
            },
            Window { from: start, to },
        )
    }

    /// The last `weeks` complete calendar weeks (Monday to Sunday): the
    /// harness compares everyone over the same days.
    fn calendar_weeks(&self, weeks: u32) -> Window {
        use chrono::Datelike;
        let back = u64::from(self.today.weekday().num_days_from_monday());
        let to = self
            .today
            .checked_sub_days(Days::new(back))
            .unwrap_or(self.today);
        let from = to
            .checked_sub_days(Days::new(7 * u64::from(weeks)))
            .unwrap_or(to);
        Window { from, to }
    }

    fn rep(&self, p: &Placed<'_>) -> RampRep {
        let currency = &self.facts.currency;
        let peers = self.peers(p.role, p.entry.id);
        let (recent, whole) = self.windows(p.start, p.tenure);
        let recent_values = self.values(p.entry.id, recent);
        let whole_values = self.values(p.entry.id, whole);
        let mut metrics_list: Vec<Metric> = key_metrics(p.role).to_vec();
        for m in p.plan.goals.keys() {
            if !metrics_list.contains(m) {
                metrics_list.push(*m);
            }
        }
        let recent_peers = self.peer_values(&peers, Some(p.start), recent);
        let whole_peers = self.peer_values(&peers, Some(p.start), whole);
        let mut metrics = Vec::new();
        for m in &metrics_list {
            let (window, values, pv) = match m.cadence() {
                Cadence::Window => (whole, &whole_values, &whole_peers),
                _ => (recent, &recent_values, &recent_peers),
            };
            let value = per_period(*m, values.get(m), window.days());
            let band = self.band_of(*m, pv);
            metrics.push(status::state(
                *m,
                value,
                p.plan.goal(*m, p.tenure.month),
                band,
            ));
        }
        let (status, reason) = if p.plan.ramped(p.tenure.month) {
            let (s, r) = status::overall(&metrics, p.tenure, currency);
            (s, format!("Ramped. {r}"))
        } else {
            status::overall(&metrics, p.tenure, currency)
        };
        let mut flags = self.flags(p, &peers, &metrics_list);
        // A ratio is judged over the whole tenure, not week by week (a week
        // holds a deal or two): far past the band's good edge is a flag.
        for s in &metrics {
            if s.metric.cadence() != Cadence::Window || !s.verdict.good_side(s.metric) {
                continue;
            }
            if let (Some(v), Some(b)) = (s.value, s.band) {
                let edge = if s.metric.higher_is_better() {
                    b.p75
                } else {
                    b.p25
                };
                flags.push(Flag {
                    kind: flags::FlagKind::Positive,
                    metric: s.metric,
                    message: format!(
                        "{} {} since the start, the ramped peers' band ends at {}: learn from this",
                        s.metric.label(),
                        s.metric.show(v, currency),
                        s.metric.show(edge, currency)
                    ),
                });
            }
        }
        let (root_cause, tree) = if p.role == Role::Ae {
            self.tree(p, &whole_peers, whole, &whole_values)
        } else {
            (None, Vec::new())
        };
        RampRep {
            id: p.entry.id,
            name: p.entry.name.clone(),
            role: p.role,
            manager: p.entry.manager.clone(),
            segment: p.entry.segment.clone(),
            start_date: p.start,
            tenure: p.tenure,
            ramp_pct: p.plan.share(p.tenure.month),
            ramped: p.plan.ramped(p.tenure.month),
            status,
            reason,
            metrics,
            flags,
            root_cause,
            tree,
            window: format!(
                "{} – {}",
                recent.from.format("%-d %b %Y"),
                recent
                    .to
                    .pred_opt()
                    .unwrap_or(recent.to)
                    .format("%-d %b %Y")
            ),
        }
    }

    /// The complete tenure weeks to look at, oldest first.
    fn weeks(&self, p: &Placed<'_>) -> Vec<(u32, Window)> {
        let full = p.tenure.full_weeks();
        let first = full.saturating_sub(SERIES_WEEKS) + 1;
        (first..=full)
            .filter_map(|w| {
                let from = tenure::week_start(p.start, w)?;
                let to = add_days(from, 7)?;
                Some((w, Window { from, to }))
            })
            .collect()
    }

    fn flags(&self, p: &Placed<'_>, peers: &[Placed<'_>], metrics: &[Metric]) -> Vec<Flag> {
        let weeks = self.weeks(p);
        let mut out = Vec::new();
        let rep_weeks: Vec<Values> = weeks
            .iter()
            .map(|(_, w)| self.values(p.entry.id, *w))
            .collect();
        let peer_weeks: Vec<PeerValues<'_>> = weeks
            .iter()
            .map(|(_, w)| self.peer_values(peers, Some(p.start), *w))
            .collect();
        for m in metrics {
            if m.cadence() == Cadence::Month {
                continue;
            }
            let points: Vec<WeekPoint> = weeks
                .iter()
                .zip(&rep_weeks)
                .zip(&peer_weeks)
                .map(|(((_, w), v), pv)| WeekPoint {
                    value: v.get(m),
                    goal: (m.cadence() == Cadence::Week)
                        .then(|| {
                            tenure::month_of(p.start, w.from)
                                .and_then(|month| p.plan.goal(*m, month))
                        })
                        .flatten(),
                    band: self.band_of(*m, pv).ok(),
                })
                .collect();
            // The team's median of each of the last `weeks` weeks.
            let team = |weeks: usize| -> Vec<Option<f64>> {
                peer_weeks[peer_weeks.len().saturating_sub(weeks)..]
                    .iter()
                    .map(|pv| {
                        let vals: Vec<f64> =
                            self.calendar(pv).iter().filter_map(|v| v.get(m)).collect();
                        percentile_inc(&vals, 0.5)
                    })
                    .collect()
            };
            if m.cadence() == Cadence::Window {
                out.extend(flags::drift(*m, &points, &team, &self.facts.currency));
            } else {
                out.extend(flags::flags(*m, &points, &team, &self.facts.currency));
            }
        }
        out
    }

    fn tree(
        &self,
        p: &Placed<'_>,
        peers: &PeerValues<'_>,
        window: Window,
        values: &Values,
    ) -> (Option<RootCause>, Vec<TreeNode>) {
        let mut references = Values::new();
        for (node, factors) in tree::TREE {
            for m in std::iter::once(node).chain(factors) {
                if references.contains_key(&m) {
                    continue;
                }
                let reference = match self.peer_median(m, peers) {
                    Some(median) => Some(median),
                    None => plan_over(p, m, window),
                };
                references.insert(m, reference);
            }
        }
        (
            tree::root_cause(values, &references),
            tree::whole_tree(values, &references),
        )
    }

    /// The peers' median of a metric's raw value over the same days of
    /// their tenure (else of the calendar), when there are enough peers.
    fn peer_median(&self, metric: Metric, peers: &PeerValues<'_>) -> Option<f64> {
        let (vals, _) = self.peer_metric(metric, peers, |v| v);
        (vals.len() >= MIN_PEERS)
            .then(|| percentile_inc(&vals, 0.5))
            .flatten()
    }
}

/// What the plan expects of a count over `window` of a rep's tenure: each
/// week's goal at that week's month of tenure, added up (a weekly goal per
/// week, a monthly one pro rata); a rate's goal as it is.
fn plan_over(p: &Placed<'_>, metric: Metric, window: Window) -> Option<f64> {
    if metric.cadence() == Cadence::Window {
        return p.plan.goal(metric, p.tenure.month);
    }
    p.plan.goals.get(&metric)?;
    let mut total = 0.0;
    let mut day = window.from;
    while day < window.to {
        let month = tenure::month_of(p.start, day).unwrap_or(1);
        let goal = p.plan.goal(metric, month).unwrap_or(0.0);
        total += match metric.cadence() {
            Cadence::Week => goal / 7.0,
            _ => goal / DAYS_PER_MONTH,
        };
        day = add_days(day, 1)?;
    }
    Some(total)
}

/// The plans, saved or default, of every role.
pub fn plans(conn: &rusqlite::Connection) -> crate::error::Result<Vec<RampPlan>> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let saved = crate::store::ramp::plan_json(conn, role.code())?;
        let plan = saved
            .and_then(|j| serde_json::from_str::<RampPlan>(&j).ok())
            .filter(|p| p.role == role && p.validate().is_ok())
            .unwrap_or_else(|| RampPlan::default_for(role));
        out.push(plan);
    }
    Ok(out)
}

/// Saves a role's plan after checking it.
pub fn save_plan(conn: &rusqlite::Connection, plan: &RampPlan) -> crate::error::Result<()> {
    plan.validate()?;
    let json = serde_json::to_string(plan).map_err(|e| {
        crate::error::Error::Invalid(format!("The ramp plan could not be saved: {e}"))
    })?;
    crate::store::ramp::save_plan_json(conn, plan.role.code(), &json)
}

/// The board on `today`, for one role or all.
pub fn board(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    role: Option<Role>,
) -> crate::error::Result<RampBoard> {
    let facts = Facts::read(conn)?;
    let plans = plans(conn)?;
    let ctx = Ctx::new(&facts, &plans, today);
    let mut in_ramp = Vec::new();
    let mut harness = Vec::new();
    let mut left_out = Vec::new();
    let mut peers: BTreeMap<Role, u32> = BTreeMap::new();
    for entry in &facts.roster {
        if !entry.active() {
            continue;
        }
        let placed = match ctx.place(entry) {
            Ok(p) => p,
            Err(why) => {
                if entry.title.as_deref().and_then(Role::from_title).is_some() {
                    left_out.push(why);
                }
                continue;
            }
        };
        if role.is_some_and(|r| r != placed.role) {
            continue;
        }
        let ramped = placed.plan.ramped(placed.tenure.month);
        if ramped {
            *peers.entry(placed.role).or_default() += 1;
        }
        harness.push(harness_row(&ctx, &placed));
        if !ramped {
            in_ramp.push(placed);
        }
    }
    // Each rep in ramp is judged on their own weeks against every peer: the
    // board's longest part, split over two cores (each with its own kept
    // values), in roster order.
    let (first, second) = in_ramp.split_at(in_ramp.len() / 2);
    let (mut reps, rest) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            let ctx = Ctx::new(&facts, &plans, today);
            first.iter().map(|p| ctx.rep(p)).collect::<Vec<_>>()
        });
        let rest: Vec<RampRep> = second.iter().map(|p| ctx.rep(p)).collect();
        (
            other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            rest,
        )
    });
    reps.extend(rest);
    Ok(RampBoard {
        as_of: today,
        currency: facts.currency.clone(),
        plans,
        reps,
        harness,
        peers: peers
            .into_iter()
            .map(|(role, count)| PeerCount { role, count })
            .collect(),
        history_from: facts.history_from,
        left_out,
        metric_info: Metric::ALL.iter().map(|m| m.info()).collect(),
    })
}

fn harness_row(ctx: &Ctx<'_>, p: &Placed<'_>) -> HarnessRow {
    let peers = ctx.peers(p.role, p.entry.id);
    // Everyone over the same calendar days: four weeks for counts, a
    // quarter's thirteen for ratios (a month holds too few closed deals).
    let recent = ctx.calendar_weeks(RECENT_WEEKS);
    let quarter = ctx.calendar_weeks(HARNESS_RATIO_WEEKS);
    let values = ctx.values(p.entry.id, recent);
    let quality = ctx.values(p.entry.id, quarter);
    let recent_peers = ctx.peer_values(&peers, None, recent);
    let quarter_peers = ctx.peer_values(&peers, None, quarter);
    let metrics = harness_metrics(p.role)
        .iter()
        .map(|m| {
            let (w, v, pv) = match m.cadence() {
                Cadence::Window => (quarter, &quality, &quarter_peers),
                _ => (recent, &values, &recent_peers),
            };
            let value = per_period(*m, v.get(m), w.days());
            let band = ctx.band_of(*m, pv);
            status::state(*m, value, p.plan.goal(*m, p.tenure.month), band)
        })
        .collect();
    HarnessRow {
        id: p.entry.id,
        name: p.entry.name.clone(),
        role: p.role,
        tenure_month: Some(p.tenure.month),
        ramped: p.plan.ramped(p.tenure.month),
        metrics,
    }
}

/// One rep's page: their board row (in ramp or not), their weeks and the
/// curves of their role's metrics over the peers' band.
pub fn rep_ramp(
    conn: &rusqlite::Connection,
    today: NaiveDate,
    name: &str,
    weeks: Option<u32>,
) -> crate::error::Result<RepRamp> {
    let facts = Facts::read(conn)?;
    let plans = plans(conn)?;
    let ctx = Ctx::new(&facts, &plans, today);
    let entry = facts
        .roster
        .iter()
        .find(|e| e.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            crate::error::Error::NotFound(format!("No rep named \"{}\" on the roster", name.trim()))
        })?;
    let placed = ctx.place(entry).map_err(crate::error::Error::Invalid)?;
    let rep = ctx.rep(&placed);
    let peers = ctx.peers(placed.role, entry.id);
    let mut wk = ctx.weeks(&placed);
    if let Some(n) = weeks {
        let n = n as usize;
        if wk.len() > n {
            wk.drain(..wk.len() - n);
        }
    }
    let rows: Vec<WeekRow> = wk
        .iter()
        .map(|(w, win)| WeekRow {
            week_start: win.from,
            tenure_week: *w,
            values: ctx.values(entry.id, *win),
        })
        .collect();
    let curves = key_metrics(placed.role)
        .iter()
        .map(|m| MetricCurve {
            metric: *m,
            points: wk
                .iter()
                .zip(&rows)
                .map(|((w, win), row)| {
                    // A rate is drawn as it stood since the start (a week
                    // holds a deal or two); counts week by week.
                    let (value, window) = if m.cadence() == Cadence::Window {
                        let since = Window {
                            from: placed.start,
                            to: win.to,
                        };
                        (ctx.values(entry.id, since).get(m), since)
                    } else {
                        (per_period(*m, row.values.get(m), 7), *win)
                    };
                    CurvePoint {
                        tenure_week: *w,
                        value,
                        band: ctx.band(*m, &peers, Some(placed.start), window).ok(),
                        goal: match m.cadence() {
                            Cadence::Week => tenure::month_of(placed.start, win.from)
                                .and_then(|mo| placed.plan.goal(*m, mo)),
                            Cadence::Month => tenure::month_of(placed.start, win.from)
                                .and_then(|mo| placed.plan.goal(*m, mo)),
                            Cadence::Window => None,
                        },
                    }
                })
                .collect(),
        })
        .collect();
    Ok(RepRamp {
        as_of: today,
        currency: facts.currency.clone(),
        metric_info: Metric::ALL.iter().map(|m| m.info()).collect(),
        rep,
        weeks: rows,
        curves,
    })
}
