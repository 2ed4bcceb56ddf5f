//! How close each week's forecast and call came to the quarter's actual
//! closed won. Best-in-class teams call within 1% of actuals; the share is
//! compared in integers so "exactly 1%" is within, whatever floats say.
use super::{Accuracy, AccuracyWeek, TrendPoint};

/// Best in class: within 1% of actuals.
pub const BEST_IN_CLASS: f64 = 0.01;

fn error_pct(error: i64, actual: i64) -> Option<f64> {
    (actual > 0).then(|| error as f64 / actual as f64)
}

/// |error| ≤ 1% of actual, exact; with nothing won only a zero error is within.
fn within(error: i64, actual: i64) -> bool {
    (error as i128).abs() * 100 <= (actual as i128).abs()
}

/// Judges every week of `trend` against `actual` closed won.
pub fn judge(actual: i64, trend: &[TrendPoint]) -> Accuracy {
    let weeks: Vec<AccuracyWeek> = trend
        .iter()
        .map(|p| {
            let forecast_error = p.forecast.saturating_sub(actual);
            let called_error = p.called.map(|c| c.saturating_sub(actual));
            AccuracyWeek {
                week_start: p.week_start,
                forecast: p.forecast,
                forecast_error,
                forecast_error_pct: error_pct(forecast_error, actual),
                called: p.called,
                called_error,
                called_error_pct: called_error.and_then(|e| error_pct(e, actual)),
            }
        })
        .collect();
    let weeks_within = weeks
        .iter()
        .filter(|w| within(w.called_error.unwrap_or(w.forecast_error), actual))
        .count() as u32;
    Accuracy {
        actual_closed_won: actual,
        weeks,
        best_in_class: BEST_IN_CLASS,
        weeks_within,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn point(day: u32, forecast: i64, called: Option<i64>) -> TrendPoint {
        TrendPoint {
            week_start: NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
            forecast,
            commit: 0,
            best_case: 0,
            closed_won: 0,
            goal: None,
            called,
            call_note: None,
        }
    }

    #[test]
    fn the_call_is_judged_when_there_is_one() {
        let a = judge(
            100_000,
            &[
                point(1, 120_000, None),
                point(5, 90_000, Some(101_000)),
                point(12, 99_000, None),
            ],
        );
        assert_eq!(a.weeks[0].forecast_error, 20_000);
        assert_eq!(a.weeks[0].forecast_error_pct, Some(0.2));
        assert_eq!(a.weeks[1].called_error, Some(1_000));
        // Exactly 1% off is within; the call counts over the forecast that week.
        assert_eq!(a.weeks_within, 2);
    }

    #[test]
    fn nothing_won_has_no_percentage() {
        let a = judge(0, &[point(1, 5, None), point(5, 0, None)]);
        assert_eq!(a.weeks[0].forecast_error_pct, None);
        assert_eq!(a.weeks_within, 1);
    }
}
