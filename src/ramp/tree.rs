//! The metric tree and its root cause (docs/method.md §5, "Root cause"):
//! bookings = deals won × average deal size; deals won = opportunities ×
//! win rate; opportunities = first meetings × meeting-to-opportunity
//! conversion; first meetings = calls and emails × their conversion to a
//! first meeting. A miss is followed down from bookings, always into the
//! factor furthest below its reference, while that factor is below it.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::metric::Metric;

/// Each node of the tree and the two factors it is the product of.
pub const TREE: [(Metric, [Metric; 2]); 4] = [
    (Metric::Bookings, [Metric::DealsWon, Metric::AvgDealSize]),
    (
        Metric::DealsWon,
        [Metric::OpportunitiesCreated, Metric::WinRate],
    ),
    (
        Metric::OpportunitiesCreated,
        [Metric::FirstMeetings, Metric::MeetingToOpportunity],
    ),
    (
        Metric::FirstMeetings,
        [Metric::Outreach, Metric::OutreachToMeeting],
    ),
];

/// One node: the rep's value, the reference it is held against (the
/// peers' median at the same tenure, else the plan) and their ratio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TreeNode {
    pub metric: Metric,
    pub value: Option<f64>,
    pub reference: Option<f64>,
    /// value ÷ reference; absent when either is, or the reference is 0.
    pub ratio: Option<f64>,
    /// 0 for bookings, 1 for its factors, ...
    pub depth: u32,
    /// On the path from bookings to the root cause.
    pub on_path: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RootCause {
    pub path: Vec<TreeNode>,
    pub cause: Metric,
    /// "Bookings 45 % of reference: deals won 50 % ← opportunities created 50 % ← first meetings 50 %."
    pub message: String,
}

fn factors(metric: Metric) -> Option<[Metric; 2]> {
    TREE.iter().find(|(m, _)| *m == metric).map(|(_, f)| *f)
}

fn node(metric: Metric, depth: u32, values: &Values, references: &Values) -> TreeNode {
    let value = values.get(&metric);
    let reference = references.get(&metric);
    let ratio = match (value, reference) {
        (Some(v), Some(r)) if r > 0.0 && v.is_finite() => Some(v / r),
        _ => None,
    };
    TreeNode {
        metric,
        value,
        reference,
        ratio,
        depth,
        on_path: false,
    }
}

/// Values by metric; `None` where the inputs are absent. Fixed arrays by
/// the metric's place, not a map: the board makes a hundred thousand of
/// these (every peer over every week), and a map cost it most of its time.
/// Iterates and serializes like the map it replaced: the metrics set, in
/// metric order, `null` where absent.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct Values {
    /// Bit `m`: metric `m` was set; `present`: it has a value.
    set: u32,
    present: u32,
    values: [f64; Metric::ALL.len()],
}

const _: () = assert!(Metric::ALL.len() <= 32, "one bit per metric");

impl Values {
    pub fn new() -> Values {
        Values::default()
    }

    fn bit(metric: Metric) -> u32 {
        1 << (metric as u32)
    }

    /// The metric's value; `None` when it is absent or was not set.
    pub fn get(&self, metric: &Metric) -> Option<f64> {
        (self.present & Values::bit(*metric) != 0)
            .then(|| self.values.get(*metric as usize).copied())
            .flatten()
    }

    pub fn insert(&mut self, metric: Metric, value: Option<f64>) {
        let bit = Values::bit(metric);
        self.set |= bit;
        match (value, self.values.get_mut(metric as usize)) {
            (Some(v), Some(slot)) => {
                *slot = v;
                self.present |= bit;
            }
            _ => self.present &= !bit,
        }
    }

    pub fn contains_key(&self, metric: &Metric) -> bool {
        self.set & Values::bit(*metric) != 0
    }

    /// The set metrics in metric order.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, Option<f64>)> + '_ {
        Metric::ALL
            .iter()
            .filter(|m| self.contains_key(m))
            .map(|m| (*m, self.get(m)))
    }
}

impl FromIterator<(Metric, Option<f64>)> for Values {
    fn from_iter<I: IntoIterator<Item = (Metric, Option<f64>)>>(iter: I) -> Values {
        let mut v = Values::new();
        for (m, x) in iter {
            v.insert(m, x);
        }
        v
    }
}

impl std::fmt::Debug for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Values, D::Error> {
        let map = BTreeMap::<Metric, Option<f64>>::deserialize(d)?;
        Ok(map.into_iter().collect())
    }
}

/// The path from bookings to the root cause, or `None` when bookings are
/// not below their reference (or cannot be compared).
pub fn root_cause(values: &Values, references: &Values) -> Option<RootCause> {
    let mut current = node(Metric::Bookings, 0, values, references);
    if current.ratio? >= 1.0 {
        return None;
    }
    let mut path = vec![current.clone()];
    while let Some(children) = factors(current.metric) {
        let next = children
            .iter()
            .map(|m| node(*m, current.depth + 1, values, references))
            .filter(|n| n.ratio.is_some_and(|r| r < 1.0))
            .min_by(|a, b| a.ratio.unwrap_or(1.0).total_cmp(&b.ratio.unwrap_or(1.0)));
        let Some(next) = next else { break };
        path.push(next.clone());
        current = next;
    }
    for n in &mut path {
        n.on_path = true;
    }
    let pct = |n: &TreeNode| format!("{:.0} %", n.ratio.unwrap_or(0.0) * 100.0);
    let cause = path.last().map(|n| n.metric).unwrap_or(Metric::Bookings);
    let mut message = format!("Bookings at {} of reference", pct(&path[0]));
    for n in path.iter().skip(1) {
        message.push_str(&format!(" ← {} {}", n.metric.label(), pct(n)));
    }
    message.push('.');
    Some(RootCause {
        path,
        cause,
        message,
    })
}

/// Every node of the tree, depth first, with the root cause's path marked:
/// what the rep page draws and the one-pager prints as an indented table.
pub fn whole_tree(values: &Values, references: &Values) -> Vec<TreeNode> {
    let on_path: Vec<Metric> = root_cause(values, references)
        .map(|r| r.path.iter().map(|n| n.metric).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut stack = vec![(Metric::Bookings, 0u32)];
    while let Some((metric, depth)) = stack.pop() {
        let mut n = node(metric, depth, values, references);
        n.on_path = on_path.contains(&metric);
        out.push(n);
        if let Some([a, b]) = factors(metric) {
            stack.push((b, depth + 1));
            stack.push((a, depth + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(pairs: &[(Metric, f64)]) -> Values {
        pairs.iter().map(|(m, v)| (*m, Some(*v))).collect()
    }

    #[test]
    fn a_miss_is_followed_to_the_first_meetings() {
        // Reference: 4 deals of $10,000 from 20 opportunities (20 %) from
        // 20 first meetings (100 %) from 200 calls and emails (10 %).
        let reference = vals(&[
            (Metric::Bookings, 40_000.0),
            (Metric::DealsWon, 4.0),
            (Metric::AvgDealSize, 10_000.0),
            (Metric::OpportunitiesCreated, 20.0),
            (Metric::WinRate, 0.20),
            (Metric::FirstMeetings, 20.0),
            (Metric::MeetingToOpportunity, 1.0),
            (Metric::Outreach, 200.0),
            (Metric::OutreachToMeeting, 0.10),
        ]);
        // The rep: 2 deals of $9,000 (45 %): 10 opportunities at 20 %
        // from 10 first meetings, from 200 calls and emails at 5 %.
        let rep = vals(&[
            (Metric::Bookings, 18_000.0),
            (Metric::DealsWon, 2.0),
            (Metric::AvgDealSize, 9_000.0),
            (Metric::OpportunitiesCreated, 10.0),
            (Metric::WinRate, 0.20),
            (Metric::FirstMeetings, 10.0),
            (Metric::MeetingToOpportunity, 1.0),
            (Metric::Outreach, 200.0),
            (Metric::OutreachToMeeting, 0.05),
        ]);
        let r = root_cause(&rep, &reference).unwrap();
        let path: Vec<Metric> = r.path.iter().map(|n| n.metric).collect();
        assert_eq!(
            path,
            [
                Metric::Bookings,
                Metric::DealsWon,
                Metric::OpportunitiesCreated,
                Metric::FirstMeetings,
                Metric::OutreachToMeeting
            ]
        );
        assert_eq!(r.cause, Metric::OutreachToMeeting);
        assert_eq!(r.path[0].ratio, Some(0.45));
        assert_eq!(r.path[1].ratio, Some(0.5));
        assert_eq!(
            r.message,
            "Bookings at 45 % of reference ← deals won 50 % ← opportunities created 50 % ← first meetings 50 % ← calls and emails to first meeting 50 %."
        );
        let tree = whole_tree(&rep, &reference);
        assert_eq!(tree.len(), 9);
        assert_eq!(tree.iter().filter(|n| n.on_path).count(), 5);
        assert_eq!(tree[0].metric, Metric::Bookings);
        assert_eq!(tree[1].metric, Metric::DealsWon);
        assert_eq!(tree.last().map(|n| n.metric), Some(Metric::AvgDealSize));
    }

    #[test]
    fn the_path_stops_where_no_factor_is_below() {
        // Win rate is the only factor short: the path ends there.
        let reference = vals(&[
            (Metric::Bookings, 40_000.0),
            (Metric::DealsWon, 4.0),
            (Metric::AvgDealSize, 10_000.0),
            (Metric::OpportunitiesCreated, 20.0),
            (Metric::WinRate, 0.20),
        ]);
        let rep = vals(&[
            (Metric::Bookings, 22_000.0),
            (Metric::DealsWon, 2.0),
            (Metric::AvgDealSize, 11_000.0),
            (Metric::OpportunitiesCreated, 20.0),
            (Metric::WinRate, 0.10),
        ]);
        let r = root_cause(&rep, &reference).unwrap();
        assert_eq!(r.cause, Metric::WinRate);
        assert_eq!(r.path.len(), 3);
        // Bookings on target: no root cause to look for.
        let ok = vals(&[(Metric::Bookings, 40_000.0)]);
        assert!(root_cause(&ok, &reference).is_none());
        // No bookings figure at all: nothing to say, never a guess.
        assert!(root_cause(&Values::new(), &reference).is_none());
    }
}
