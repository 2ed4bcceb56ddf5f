//! The board-ready forecast workbook: written by `export::board`, read back
//! with calamine and the raw XML, printed by LibreOffice, and through the CLI.
use crate::common;

use std::collections::BTreeSet;
use std::io::Cursor;
use std::process::Command;

use crate::common::{cli, stderr, stdout, zip_part, TestWs};
use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use salesos::api::{
    self, BoardRequest, DealQuery, Empty, ForecastRequest, SetGoalRequest, TrendPoint,
};
use salesos::export::board::{
    board_pack, BoardOptions, ASSUMPTIONS_SHEET, BY_MANAGER_SHEET, BY_REP_SHEET, DEALS_SHEET,
    GAP_SHEET, MATRIX_SHEET, SUMMARY_SHEET,
};
use salesos::money;
use salesos::process::template::Preset;

const QUARTER: &str = "2026-Q1";
const SHEETS: [&str; 7] = [
    SUMMARY_SHEET,
    BY_REP_SHEET,
    BY_MANAGER_SHEET,
    MATRIX_SHEET,
    GAP_SHEET,
    DEALS_SHEET,
    ASSUMPTIONS_SHEET,
];

/// The sample team with a team goal for the quarter.
fn demo_ws() -> TestWs {
    let tws = TestWs::new();
    api::load_demo(&tws.ws, Empty {}).expect("load the sample team");
    api::set_goal(
        &tws.ws,
        SetGoalRequest {
            quarter: QUARTER.into(),
            rep_id: None,
            amount: Some(250_000_000),
        },
    )
    .expect("set goal");
    tws
}

fn export(tws: &TestWs) -> Vec<u8> {
    api::board_xlsx(
        &tws.ws,
        BoardRequest {
            quarter: Some(QUARTER.into()),
            goal: None,
        },
    )
    .expect("export the board pack")
    .bytes
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).expect("open the workbook")
}

fn text(d: Option<&Data>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The Summary's Amount cell beside `label` (value, formula).
fn summary_figure(bytes: &[u8], label: &str) -> (Option<f64>, String) {
    let mut wb = open(bytes);
    let values = wb.worksheet_range(SUMMARY_SHEET).expect("Summary");
    let formulas = wb
        .worksheet_formula(SUMMARY_SHEET)
        .expect("Summary formulas");
    let row = values
        .used_cells()
        .find(|(_, c, d)| *c == 0 && d.get_string() == Some(label))
        .map(|(r, _, _)| r)
        .unwrap_or_else(|| panic!("no {label} row on the Summary"));
    let value = match values.get((row, 1)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        Some(Data::Empty) | None => None,
        Some(other) => panic!("{label} is not a number: {other:?}"),
    };
    let formula = formulas
        .get_value((row as u32, 1))
        .cloned()
        .unwrap_or_default();
    (value, formula)
}

#[test]
fn summary_figures_equal_the_forecast_and_are_formulas_over_the_deals() {
    let tws = demo_ws();
    let f = api::forecast(
        &tws.ws,
        ForecastRequest {
            quarter: Some(QUARTER.into()),
            ..ForecastRequest::default()
        },
    )
    .expect("forecast");
    let t = &f.team;
    assert!(t.closed_won > 0 && t.commit > 0 && t.best_case > 0, "{t:?}");
    let bytes = export(&tws);
    let major = |v: i64| money::to_major(v, &f.currency);
    let expect: [(&str, Option<f64>, &str); 11] = [
        ("Team goal", t.goal.map(major), ""),
        (
            "Closed won",
            Some(major(t.closed_won)),
            "SUMIFS(Deals[Amount]",
        ),
        ("Commit", Some(major(t.commit)), "SUMIFS(Deals[Amount]"),
        (
            "Best case",
            Some(major(t.best_case)),
            "SUMIFS(Deals[Amount]",
        ),
        ("Create & close", Some(major(t.create_and_close)), ""),
        ("Forecast", Some(major(t.forecast)), "SUM($B$6:$B$9)"),
        ("Gap to team goal", t.gap.map(major), "$B$5-$B$10"),
        ("Coverage", t.coverage, "IF("),
        ("Open pipeline", Some(major(t.open_pipeline)), "SUMIFS("),
        ("Orange & red", Some(major(t.at_risk)), "SUMIFS("),
        ("Not assessed", Some(major(t.unassessed)), "SUMIFS("),
    ];
    for (label, value, formula) in expect {
        let (got, got_formula) = summary_figure(&bytes, label);
        assert_eq!(got, value, "{label}");
        assert!(
            got_formula.starts_with(formula),
            "{label}: formula {got_formula:?} should start with {formula:?}"
        );
    }
    let (_, commit) = summary_figure(&bytes, "Commit");
    assert_eq!(
        commit,
        "SUMIFS(Deals[Amount],Deals[Status],\"Open\",Deals[Risk],\"Green\")"
    );
}

#[test]
fn the_deals_table_holds_every_deal_of_the_quarter() {
    let tws = demo_ws();
    let bytes = export(&tws);
    let conn = tws.ws.conn();
    let cal = salesos::store::settings::calendar(&conn).expect("calendar");
    let deals = salesos::store::deals::all(
        &conn,
        &cal,
        &DealQuery {
            quarter: Some(QUARTER.into()),
            ..DealQuery::default()
        },
    )
    .expect("deals");
    assert!(deals.len() > 20, "the sample team has deals this quarter");
    // The bulk read works the review flags out differently from a single
    // read: both must agree.
    for d in &deals {
        assert_eq!(
            d,
            &salesos::store::deals::get(&conn, &cal, d.id).expect("deal"),
            "bulk and single reads differ"
        );
    }

    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), SHEETS.to_vec());
    let sheet = wb.worksheet_range(DEALS_SHEET).expect("Deals");
    let header: Vec<String> = (0..15).map(|c| text(sheet.get((0, c)))).collect();
    assert_eq!(
        &header[..12],
        [
            "ID",
            "Deal",
            "Account",
            "Owner",
            "Manager",
            "Amount",
            "Close date",
            "Status",
            "Stage",
            "Risk",
            "Flags",
            "Next step"
        ]
    );
    let ids: BTreeSet<String> = (1..=deals.len()).map(|r| text(sheet.get((r, 0)))).collect();
    let want: BTreeSet<String> = deals
        .iter()
        .map(|d| d.external_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, want);
    // Amounts are numbers, dates are dates, the total row sums them.
    assert!(matches!(sheet.get((1, 5)), Some(Data::Float(_))));
    assert!(matches!(sheet.get((1, 6)), Some(Data::DateTime(_))));
    let total: i64 = deals.iter().filter_map(|d| d.amount).sum();
    assert_eq!(text(sheet.get((deals.len() + 1, 0))), "Total");
    assert_eq!(
        sheet.get((deals.len() + 1, 5)),
        Some(&Data::Float(money::to_major(total, "USD")))
    );

    // A real Excel table with filter buttons, banded rows, a frozen header.
    let table = zip_part(&bytes, "xl/tables/table1.xml");
    assert!(table.contains("name=\"Deals\""), "{table}");
    assert!(table.contains("<autoFilter"), "{table}");
    assert!(table.contains("showRowStripes=\"1\""), "{table}");
    assert!(table.contains("totalsRowCount=\"1\""), "{table}");
    let xml = zip_part(&bytes, "xl/worksheets/sheet6.xml");
    assert!(xml.contains("state=\"frozen\""), "Deals header frozen");
    // Each row's flags are the review flags of its deal.
    let today = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let index = salesos::review::FlagIndex::load(&conn, today).unwrap();
    let by_id: std::collections::HashMap<String, &salesos::api::Deal> = deals
        .iter()
        .map(|d| (d.external_id.clone().unwrap_or_default(), d))
        .collect();
    let mut flagged = 0;
    for r in 1..=deals.len() {
        let deal = by_id[&text(sheet.get((r, 0)))];
        let want = salesos::review::labels(&index.flags(deal));
        flagged += usize::from(!want.is_empty());
        assert_eq!(text(sheet.get((r, 10))), want);
    }
    assert!(flagged > 0, "the sample team has flagged deals");
}

#[test]
fn totals_are_formulas_with_their_results_stored() {
    let tws = demo_ws();
    let bytes = export(&tws);
    let f = api::forecast(
        &tws.ws,
        ForecastRequest {
            quarter: Some(QUARTER.into()),
            ..ForecastRequest::default()
        },
    )
    .expect("forecast");
    let mut wb = open(&bytes);
    let reps = wb.worksheet_range(BY_REP_SHEET).expect("By rep");
    let formulas = wb.worksheet_formula(BY_REP_SHEET).expect("By rep formulas");
    let (fr, fc) = formulas.start().expect("formulas");
    let at = |r: usize, c: usize| {
        formulas
            .get((r - fr as usize, c - fc as usize))
            .cloned()
            .unwrap_or_default()
    };
    let total_row =
        4 + f.by_rep.len() + usize::from(reps.rows().any(|r| text(r.first()) == "No owner"));
    assert_eq!(text(reps.get((total_row, 0))), "Total");
    // Closed won of the total: a SUM with the team's closed won stored.
    assert_eq!(at(total_row, 4), format!("SUM(E5:E{})", total_row));
    assert_eq!(
        reps.get((total_row, 4)),
        Some(&Data::Float(money::to_major(f.team.closed_won, "USD")))
    );
    // The Team row under it is the Summary's, against the board number.
    assert_eq!(text(reps.get((total_row + 1, 0))), "Team");
    assert_eq!(at(total_row + 1, 4), "Summary!$B$6");
    // Each rep's closed won is a SUMIFS keyed by the name in column A.
    assert_eq!(
        at(4, 4),
        "SUMIFS(Deals[Amount],Deals[Owner],$A5,Deals[Status],\"Won\")"
    );
    assert_eq!(
        reps.get((4, 4)),
        Some(&Data::Float(money::to_major(f.by_rep[0].closed_won, "USD")))
    );
    // The gap column carries conditional formatting.
    let xml = zip_part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(xml.contains("<conditionalFormatting"), "gap colours");

    // The matrix sums to the open pipeline, by formula too.
    let matrix = wb.worksheet_range(MATRIX_SHEET).expect("matrix");
    let grand = matrix
        .rows()
        .find(|r| text(r.first()) == "Total")
        .and_then(|r| r.get(6).cloned());
    assert_eq!(
        grand,
        Some(Data::Float(money::to_major(f.team.open_pipeline, "USD")))
    );
}

#[test]
fn every_sheet_prints_landscape_one_page_wide_with_title_and_page_numbers() {
    let tws = demo_ws();
    let bytes = export(&tws);
    for n in 1..=SHEETS.len() {
        let xml = zip_part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        let sheet = SHEETS[n - 1];
        assert!(
            xml.contains("orientation=\"landscape\""),
            "{sheet}: landscape"
        );
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{sheet}: fit"
        );
        assert!(xml.contains("fitToHeight=\"0\""), "{sheet}: one page wide");
        assert!(xml.contains("<oddHeader>"), "{sheet}: header");
        assert!(xml.contains("Board forecast 2026-Q1"), "{sheet}: title");
        assert!(
            xml.contains("Page &amp;P of &amp;N"),
            "{sheet}: page numbers"
        );
    }
    let workbook = zip_part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "repeated header rows"
    );
    let core = zip_part(&bytes, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Board forecast 2026-Q1</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator>SalesOS</dc:creator>"), "{core}");
    assert!(
        core.contains("<dc:subject>Sales forecast by risk"),
        "{core}"
    );
    assert!(core.contains("2026-03-10T"), "created today: {core}");
    let app = zip_part(&bytes, "docProps/app.xml");
    assert!(app.contains("<Company>SalesOS</Company>"), "{app}");
    // Native charts: the build-up, and the trend by week from the forecast
    // history (this week's forecast as it stands counts as its first point).
    assert!(zip_part(&bytes, "xl/charts/chart1.xml").contains("<c:barChart>"));
    assert!(zip_part(&bytes, "xl/charts/chart2.xml").contains("<c:lineChart>"));
}

fn cents(dollars: i64) -> i64 {
    dollars * 100
}

fn weeks(n: usize) -> Vec<TrendPoint> {
    (0..n)
        .map(|i| TrendPoint {
            week_start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                + chrono::Days::new(7 * i as u64),
            forecast: cents(100_000 + i as i64 * 5_000),
            commit: cents(40_000 + i as i64 * 2_000),
            best_case: cents(30_000),
            closed_won: cents(i as i64 * 3_000),
            goal: (i % 4 != 3).then_some(cents(250_000)),
            called: None,
            call_note: None,
        })
        .collect()
}

fn pack_with_trend(tws: &TestWs, trend: Vec<TrendPoint>) -> Vec<u8> {
    let conn = tws.ws.conn();
    board_pack(
        &conn,
        &BoardOptions {
            quarter: Some(QUARTER.parse().unwrap()),
            goal: None,
            today: tws.ws.today(),
            generated_at: NaiveDate::from_ymd_opt(2026, 3, 10)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            trend: Some(trend),
        },
    )
    .expect("board pack")
    .bytes
}

#[test]
fn the_trend_shows_zero_to_thirteen_weeks() {
    let tws = demo_ws();
    let empty = pack_with_trend(&tws, Vec::new());
    let mut wb = open(&empty);
    let summary = wb.worksheet_range(SUMMARY_SHEET).expect("Summary");
    assert!(summary
        .used_cells()
        .any(|(_, _, d)| d.to_string().starts_with("No weekly snapshots yet")));

    for n in [1, 13] {
        let bytes = pack_with_trend(&tws, weeks(n));
        let mut wb = open(&bytes);
        let summary = wb.worksheet_range(SUMMARY_SHEET).expect("Summary");
        let header = summary
            .used_cells()
            .find(|(_, _, d)| d.get_string() == Some("Week of"))
            .map(|(r, c, _)| (r, c))
            .expect("weekly table");
        let rows: Vec<_> = (1..=n)
            .map(|i| summary.get((header.0 + i, header.1 + 1)).cloned())
            .collect();
        assert_eq!(rows[0], Some(Data::Float(100_000.0)));
        assert_eq!(
            rows[n - 1],
            Some(Data::Float(100_000.0 + (n - 1) as f64 * 5_000.0))
        );
        assert!(summary
            .get((header.0 + n + 1, header.1 + 1))
            .is_none_or(|d| *d == Data::Empty));
        // To look at it: SALESOS_BOARD_PDF_DIR=dir cargo test --test it board::
        if let Some(dir) = std::env::var_os("SALESOS_BOARD_PDF_DIR") {
            let path = std::path::Path::new(&dir).join(format!("board-{n}-weeks.xlsx"));
            std::fs::write(path, &bytes).expect("keep the xlsx");
        }
        let chart = zip_part(&bytes, "xl/charts/chart2.xml");
        assert!(
            chart.contains("<c:lineChart>"),
            "trend chart with {n} weeks"
        );
        assert_eq!(chart.matches("<c:ser>").count(), 5);
    }
}

#[test]
fn the_matrix_follows_the_seven_stage_preset() {
    let tws = demo_ws();
    api::apply_preset(
        &tws.ws,
        api::ApplyPresetRequest {
            preset: Preset::SevenStage,
        },
    )
    .expect("seven-stage preset");
    let template = api::get_template(&tws.ws, Empty {})
        .expect("template")
        .template;
    assert_eq!(template.stages.len(), 7);
    let bytes = export(&tws);
    let mut wb = open(&bytes);
    let matrix = wb.worksheet_range(MATRIX_SHEET).expect("matrix");
    let labels: Vec<String> = (5..12).map(|r| text(matrix.get((r, 0)))).collect();
    let want: Vec<String> = template
        .stages
        .iter()
        .map(|s| format!("{} · {}", s.number, s.name.trim()))
        .collect();
    assert_eq!(labels, want);
}

#[test]
fn an_empty_workspace_exports_a_readable_pack() {
    let tws = TestWs::new();
    let bytes = export(&tws);
    let mut wb = open(&bytes);
    assert_eq!(wb.sheet_names(), SHEETS.to_vec());
    let (goal, _) = summary_figure(&bytes, "Team goal");
    assert_eq!(goal, None);
    let (won, _) = summary_figure(&bytes, "Closed won");
    assert_eq!(won, Some(0.0));
    let deals = wb.worksheet_range(DEALS_SHEET).expect("Deals");
    assert_eq!(text(deals.get((2, 0))), "Total");
}

#[test]
fn a_negative_goal_or_a_bad_quarter_is_refused_clearly() {
    let tws = TestWs::new();
    let e = api::board_xlsx(
        &tws.ws,
        BoardRequest {
            quarter: None,
            goal: Some(-1),
        },
    )
    .unwrap_err();
    assert_eq!(e.code, salesos::api::ErrorCode::Invalid);
    let e = api::board_xlsx(
        &tws.ws,
        BoardRequest {
            quarter: Some("next quarter".into()),
            goal: None,
        },
    )
    .unwrap_err();
    assert!(e.message.contains("is not a quarter"), "{}", e.message);
}

#[test]
fn libreoffice_prints_the_pack_to_pdf() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!(
            "soffice is not installed: skipping the PDF conversion (`make test` installs it)"
        );
        return;
    }
    let tws = demo_ws();
    let input = tws.write("board.xlsx", export(&tws));
    let pdf = common::soffice_convert(&input, "pdf", tws.dir.path());
    // To look at the pages: SALESOS_BOARD_PDF_DIR=dir cargo test --test it board::
    if let Some(dir) = std::env::var_os("SALESOS_BOARD_PDF_DIR") {
        std::fs::copy(&pdf, std::path::Path::new(&dir).join("board.pdf")).expect("keep the PDF");
    }
    let pdf = std::fs::read(&pdf).expect("read pdf");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(pdf.len() > 10_000, "nearly empty PDF ({} bytes)", pdf.len());
}

/// The CLI contract: `export board` writes the file, and its Summary equals
/// `forecast --json` for the same quarter, number for number.
#[test]
fn cli_export_board_matches_forecast_json() {
    let tws = demo_ws();
    let data = tws.data_dir();
    let out = tws.dir.path().join("pack.xlsx");
    let o = cli(
        &data,
        &[
            "export",
            "board",
            "--quarter",
            QUARTER,
            "--goal",
            "3m",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Saved the 2026-Q1 board forecast to"),
        "{}",
        stdout(&o)
    );
    let json = cli(
        &data,
        &["forecast", "--quarter", QUARTER, "--goal", "3m", "--json"],
    );
    assert!(json.status.success(), "{}", stderr(&json));
    let json: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("json");
    let bytes = std::fs::read(&out).expect("read the pack");
    for (label, key) in [
        ("Team goal", "goal"),
        ("Reps' quotas", "rep_quotas_total"),
        ("Over-assignment", "over_assignment"),
        ("Gap to reps' quotas", "gap_to_rep_quotas"),
        ("Closed won", "closed_won"),
        ("Commit", "commit"),
        ("Best case", "best_case"),
        ("Create & close", "create_and_close"),
        ("Forecast", "forecast"),
        ("Gap to team goal", "gap"),
        ("Coverage", "coverage"),
        ("Open pipeline", "open_pipeline"),
    ] {
        let (value, _) = summary_figure(&bytes, label);
        assert_eq!(value, json[key].as_f64(), "{label}");
    }
    assert_eq!(json["goal"].as_f64(), Some(3_000_000.0));

    let bad = cli(
        &data,
        &["export", "board", "--quarter", "Q9", "--out", "x.xlsx"],
    );
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("is not a quarter"),
        "{}",
        stderr(&bad)
    );
    let bad = cli(
        &data,
        &["export", "board", "--goal", "lots", "--out", "x.xlsx"],
    );
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("is not an amount"),
        "{}",
        stderr(&bad)
    );
}

/// Issue 14, item 15: the printed Deals sheet showed names and next steps cut
/// at the next filled cell. Names, accounts, flags and next steps now wrap in
/// their columns (a column format the unformatted cells take), and a row with
/// long text is as tall as its wrapped lines, since spreadsheet apps do not
/// grow rows they did not lay out.
#[test]
fn the_deals_sheet_wraps_names_and_next_steps_and_grows_their_rows() {
    let tws = TestWs::new();
    let long_name = "Northwind Traders global platform renewal with three regions";
    let long_step =
        "Send the pricing proposal to the CFO and book the legal review call with procurement";
    tws.import(
        "pipe.csv",
        format!(
            "Opportunity ID,Opportunity Name,Account Name,Amount,Close Date,Stage,Next Step\n\
             W-1,{long_name},Northwind,120000,2026-03-20,Proposal/Price Quote,{long_step}\n\
             W-2,Short,Globex,5000,2026-03-25,Discovery,Demo\n"
        ),
    );
    let bytes = export(&tws);
    let xml = zip_part(&bytes, "xl/worksheets/sheet6.xml");
    let styles = zip_part(&bytes, "xl/styles.xml");
    // The cell formats, in order: a column's style="N" is the Nth.
    let xfs_start = styles.find("<cellXfs").expect("cellXfs");
    let xfs_end = styles.find("</cellXfs>").expect("cellXfs end");
    let xfs: Vec<&str> = styles[xfs_start..xfs_end].split("<xf ").skip(1).collect();
    let col = |n: u16| -> (f64, bool) {
        let tag = format!("<col min=\"{n}\" max=\"{n}\"");
        let at = xml
            .find(&tag)
            .unwrap_or_else(|| panic!("no {tag} in {xml}"));
        let el = &xml[at..at + xml[at..].find("/>").unwrap()];
        let attr = |name: &str| {
            el.split(&format!("{name}=\""))
                .nth(1)
                .map(|v| v.split('"').next().unwrap().to_string())
        };
        let width: f64 = attr("width").unwrap().parse().unwrap();
        let wraps = attr("style")
            .and_then(|s| s.parse::<usize>().ok())
            .is_some_and(|s| xfs[s].contains("wrapText=\"1\""));
        (width, wraps)
    };
    // B Deal, C Account, K Flags, L Next step wrap; the Deal and Next step columns are wide.
    for n in [2, 3, 11, 12] {
        assert!(col(n).1, "column {n} wraps");
    }
    assert!(!col(6).1, "Amount does not wrap");
    assert!(col(2).0 >= 30.0, "Deal column width {}", col(2).0);
    assert!(col(12).0 >= 36.0, "Next step column width {}", col(12).0);

    // The long deal's row is two lines or more; the short one keeps the default height.
    let row_of = |text: &str| -> String {
        let at = xml
            .find(text)
            .unwrap_or_else(|| panic!("{text} in the sheet"));
        let start = xml[..at].rfind("<row ").unwrap();
        xml[start..start + xml[start..].find('>').unwrap()].to_string()
    };
    let long_row = row_of(long_name);
    let height: f64 = long_row
        .split("ht=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no height on {long_row}"));
    assert!(height >= 30.0, "{long_row}");
    assert!(long_row.contains("customHeight=\"1\""), "{long_row}");
    assert!(!row_of(">Short<").contains("ht="), "{}", row_of(">Short<"));
}
