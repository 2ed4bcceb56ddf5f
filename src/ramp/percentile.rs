//! Percentiles the way a manager's spreadsheet computes them, so the band
//! in SalesOS and the one in their Excel agree (docs/method.md §5, "The
//! ramped-peer band").

/// Excel's `PERCENTILE.INC`: the value at rank `p × (n − 1)` of the sorted
/// values, interpolated linearly between the two nearest. `None` for no
/// values or `p` outside 0..=1; values that are not numbers are left out.
pub fn percentile_inc(values: &[f64], p: f64) -> Option<f64> {
    let [v] = percentiles_inc(values, [p]);
    v
}

/// Several [`percentile_inc`]s of the same values, sorted once (a band is
/// three of them, and the board makes thousands of bands).
pub fn percentiles_inc<const N: usize>(values: &[f64], ps: [f64; N]) -> [Option<f64>; N] {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f64::total_cmp);
    ps.map(|p| {
        if !(0.0..=1.0).contains(&p) {
            return None;
        }
        let last = sorted.len().checked_sub(1)?;
        let rank = p * last as f64;
        let lo = (rank.floor() as usize).min(last);
        let hi = (lo + 1).min(last);
        let frac = rank - lo as f64;
        let (a, b) = (sorted.get(lo)?, sorted.get(hi)?);
        Some(a + frac * (b - a))
    })
}

#[cfg(test)]
mod tests {
    use super::percentile_inc;

    #[test]
    fn matches_excel_percentile_inc() {
        // =PERCENTILE.INC({1,2,3,4},0.25) = 1.75, 0.5 → 2.5, 0.75 → 3.25
        let v = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(percentile_inc(&v, 0.25), Some(1.75));
        assert_eq!(percentile_inc(&v, 0.5), Some(2.5));
        assert_eq!(percentile_inc(&v, 0.75), Some(3.25));
        // =PERCENTILE.INC({10,20,30,40,50},0.25) = 20
        assert_eq!(
            percentile_inc(&[10.0, 20.0, 30.0, 40.0, 50.0], 0.25),
            Some(20.0)
        );
        // =PERCENTILE.INC({12,15,9},0.75) = 13.5
        assert_eq!(percentile_inc(&[12.0, 15.0, 9.0], 0.75), Some(13.5));
        assert_eq!(percentile_inc(&[7.0], 0.25), Some(7.0));
    }

    #[test]
    fn refuses_what_has_no_percentile() {
        assert_eq!(percentile_inc(&[], 0.5), None);
        assert_eq!(percentile_inc(&[f64::NAN], 0.5), None);
        assert_eq!(percentile_inc(&[1.0, 2.0], 1.5), None);
        assert_eq!(percentile_inc(&[1.0, f64::NAN, 3.0], 0.5), Some(2.0));
    }
}
