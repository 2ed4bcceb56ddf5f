//! The ramped-peer band (docs/method.md §5): the 25th percentile, median and
//! 75th percentile of the ramped reps of a role, and where a value falls.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::metric::Metric;
use super::percentile::percentiles_inc;

/// Fewer ramped peers than this give no band verdict: two reps are an
/// anecdote, not a range.
pub const MIN_PEERS: usize = 3;

/// Which values of the peers the band was made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BandBasis {
    /// Each peer at the same month of their own tenure.
    Tenure,
    /// The peers over the same calendar window, when the history does not
    /// reach back to their own early months.
    Calendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Band {
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub n: u32,
    pub basis: BandBasis,
}

/// Where a value falls against a band. Positional: whether "below" is bad
/// depends on the metric ([`super::Metric::higher_is_better`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "BandVerdict")]
pub enum Verdict {
    Below,
    In,
    Above,
    NoBand,
}

/// The band of the peers' values, or the number of peers when they are
/// too few to make one.
pub fn band(values: &[f64], basis: BandBasis) -> Result<Band, u32> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = u32::try_from(finite.len()).unwrap_or(u32::MAX);
    if finite.len() < MIN_PEERS {
        return Err(n);
    }
    match percentiles_inc(&finite, [0.25, 0.5, 0.75]) {
        [Some(p25), Some(median), Some(p75)] => Ok(Band {
            p25,
            median,
            p75,
            n,
            basis,
        }),
        _ => Err(n),
    }
}

/// The sentence shown in place of a verdict when peers are too few.
pub fn too_few(n: u32) -> String {
    format!("too few ramped peers ({n})")
}

impl Band {
    /// Where `value` falls: the band's edges count as inside.
    pub fn verdict(&self, value: f64) -> Verdict {
        if value < self.p25 {
            Verdict::Below
        } else if value > self.p75 {
            Verdict::Above
        } else {
            Verdict::In
        }
    }
}

impl Verdict {
    /// Past the band's bad edge for `metric` (below it, or above it where
    /// less is better).
    pub fn bad_side(self, metric: Metric) -> bool {
        match self {
            Verdict::Below => metric.higher_is_better(),
            Verdict::Above => !metric.higher_is_better(),
            _ => false,
        }
    }

    /// Past the band's good edge for `metric`.
    pub fn good_side(self, metric: Metric) -> bool {
        match self {
            Verdict::Above => metric.higher_is_better(),
            Verdict::Below => !metric.higher_is_better(),
            _ => false,
        }
    }
}

/// The verdict for a value against an optional band.
pub fn verdict(value: Option<f64>, band: Option<&Band>) -> Verdict {
    match (value, band) {
        (Some(v), Some(b)) => b.verdict(v),
        _ => Verdict::NoBand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_peers_make_a_band_two_do_not() {
        assert_eq!(band(&[0.2, 0.3], BandBasis::Tenure), Err(2));
        assert_eq!(too_few(2), "too few ramped peers (2)");
        // Win rates 20 %, 25 %, 30 %, 40 %: PERCENTILE.INC gives 23.75 %, 27.5 %, 32.5 %.
        let b = band(&[0.40, 0.20, 0.30, 0.25], BandBasis::Tenure).unwrap();
        assert!((b.p25 - 0.2375).abs() < 1e-12);
        assert!((b.median - 0.275).abs() < 1e-12);
        assert!((b.p75 - 0.325).abs() < 1e-12);
        assert_eq!(b.n, 4);
        assert_eq!(b.verdict(0.15), Verdict::Below);
        assert_eq!(b.verdict(0.2375), Verdict::In);
        assert_eq!(b.verdict(0.325), Verdict::In);
        assert_eq!(b.verdict(0.5), Verdict::Above);
        assert_eq!(verdict(None, Some(&b)), Verdict::NoBand);
        assert_eq!(verdict(Some(0.3), None), Verdict::NoBand);
    }
}
