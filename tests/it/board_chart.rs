//! The board pack's weekly chart reads the weeks as the table writes them:
//! its axis once said "1 Jan" beside a table saying 16 Nov 2026 (the axis
//! formatted point positions, or LibreOffice's own date range, as dates).
use crate::common::{zip_part, TestWs};
use chrono::NaiveDate;
use salesos::api::{self, Empty, TrendPoint};
use salesos::export::board::{board_pack, BoardOptions};

fn week(y: i32, m: u32, d: u32) -> TrendPoint {
    TrendPoint {
        week_start: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        forecast: 150_000_000,
        commit: 13_000_000,
        best_case: 51_300_000,
        closed_won: 72_600_000,
        goal: Some(160_000_000),
        called: None,
        call_note: None,
    }
}

fn trend_chart(trend: Vec<TrendPoint>) -> String {
    let tws = TestWs::new();
    api::load_demo(&tws.ws, Empty {}).expect("sample team");
    let conn = tws.ws.conn();
    let pack = board_pack(
        &conn,
        &BoardOptions {
            quarter: Some("2026-Q4".parse().unwrap()),
            goal: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            generated_at: NaiveDate::from_ymd_opt(2026, 11, 25)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            trend: Some(trend),
        },
    )
    .expect("board pack");
    zip_part(&pack.bytes, "xl/charts/chart2.xml")
}

/// The `<c:cat>` element of the chart's first series.
fn categories(chart: &str) -> &str {
    let start = chart.find("<c:cat>").expect("categories");
    let end = chart[start..].find("</c:cat>").expect("end of categories");
    &chart[start..start + end]
}

#[test]
fn one_week_is_labelled_with_its_date() {
    let chart = trend_chart(vec![week(2026, 11, 16)]);
    let cat = categories(&chart);
    assert!(cat.contains("<c:strRef>"), "text categories: {cat}");
    assert!(cat.contains("<c:v>16 Nov 2026</c:v>"), "{cat}");
    // No axis number format of its own that would turn positions into "1 Jan".
    assert!(!chart.contains("formatCode=\"d mmm\""), "{chart}");
}

#[test]
fn every_week_is_a_category_in_order() {
    let weeks = vec![week(2026, 11, 2), week(2026, 11, 9), week(2026, 11, 16)];
    let chart = trend_chart(weeks);
    let cat = categories(&chart);
    assert!(cat.contains("<c:ptCount val=\"3\"/>"), "{cat}");
    let at = |s: &str| cat.find(s).unwrap_or_else(|| panic!("{s} in {cat}"));
    assert!(at("2 Nov 2026") < at("9 Nov 2026") && at("9 Nov 2026") < at("16 Nov 2026"));
}
