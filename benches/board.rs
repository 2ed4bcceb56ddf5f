//! `make bench`: exporting the board pack of a 100,000-deal workspace
//! against rust_xlsxwriter writing the same Deals cells bare (no formats, no
//! table, no other sheets), in the same run.
//!
//! Prints both times, the ratio (limit 1.5x) and the export's peak memory
//! (measured in a child process so generating and importing do not count;
//! limit 300 MB).
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use salesos::api::{self, BoardRequest, Deal, DealQuery};
use salesos::store::Workspace;

mod common;
use common::{deals, peak_rss_mb, RUNS};

const QUARTER: &str = "2026-Q1";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 2, 15).unwrap()
}

/// A CRM export: 60% of the deals close in the exported quarter (the Deals
/// sheet gets 60,000 rows), the rest in the year before (history for the
/// create-and-close estimate and the win rate).
fn generate(path: &Path) {
    let stages = [
        "Prospecting",
        "Discovery",
        "Demo",
        "Id. Decision Makers",
        "Proposal/Price Quote",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ];
    let risks = ["red", "orange", "yellow", "green", ""];
    let q_start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let history = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut out = String::from(
        "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Currency,Close Date,Created Date,Stage,Risk,Next Step,Last Activity\n",
    );
    for i in 0..deals() {
        let close = if i % 10 < 6 {
            q_start + chrono::Duration::days((i % 90) as i64)
        } else {
            history + chrono::Duration::days((i % 365) as i64)
        };
        let created = close - chrono::Duration::days(30 + (i % 90) as i64);
        let _ = writeln!(
            out,
            "OPP-{i:07},Deal {i} — platform,Account {},Rep {},{:.2},USD,{close},{created},{},{},Confirm the mutual action plan with the champion,{}",
            i % 5000,
            i % 60,
            1000.0 + (i % 997) as f64 * 125.5,
            stages[(i % 8) as usize],
            risks[(i % 5) as usize],
            close - chrono::Duration::days(7),
        );
    }
    std::fs::write(path, out).unwrap();
}

/// The same cells as the Deals sheet, written bare: what rust_xlsxwriter
/// needs for the data alone.
fn bare(deals: &[Deal]) -> usize {
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let headers = [
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
        "Next step",
        "Created",
        "CRM stage",
        "Last activity",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let serial =
        |d: NaiveDate| (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64;
    for (i, d) in deals.iter().enumerate() {
        let r = i as u32 + 1;
        let text = [
            (0u16, d.external_id.as_deref()),
            (1, d.name.as_deref()),
            (2, d.account.as_deref()),
            (3, d.owner.as_deref()),
            (7, Some(d.status.as_str())),
            (8, d.crm_stage.as_deref()),
            (9, d.risk.map(|r| r.as_str())),
            (11, d.next_step.as_deref()),
            (13, d.crm_stage.as_deref()),
        ];
        for (c, v) in text {
            if let Some(v) = v {
                sheet.write_string(r, c, v).unwrap();
            }
        }
        if let Some(a) = d.amount {
            sheet.write_number(r, 5, a as f64 / 100.0).unwrap();
        }
        for (c, date) in [
            (6, d.close_date),
            (12, d.created_date),
            (14, d.last_activity),
        ] {
            if let Some(date) = date {
                sheet.write_number(r, c, serial(date)).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap().len()
}

fn export(ws: &Workspace) -> usize {
    api::board_xlsx(
        ws,
        BoardRequest {
            quarter: Some(QUARTER.into()),
            goal: Some(2_000_000_000),
        },
    )
    .unwrap()
    .bytes
    .len()
}

fn main() {
    // Child mode: export once from an existing workspace, report peak memory.
    if let Ok(dir) = std::env::var("SALESOS_BENCH_BOARD_WS") {
        let ws = Workspace::open(Path::new(&dir))
            .unwrap()
            .with_today(today());
        export(&ws);
        println!("{:.1}", peak_rss_mb());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deals.csv");
    let t = Instant::now();
    generate(&file);
    let ws_dir = dir.path().join("ws");
    let ws = Workspace::open(&ws_dir).unwrap().with_today(today());
    let report =
        salesos::import::import_file(&ws, &file, &Default::default(), &mut |_, _, _| {}).unwrap();
    assert_eq!(report.created, deals());
    println!(
        "workspace of {} deals generated and imported in {:.2?}",
        deals(),
        t.elapsed()
    );
    // Let the import's background checkpoint finish before measuring.
    std::thread::sleep(Duration::from_millis(500));

    let rows = {
        let conn = ws.conn();
        let cal = salesos::store::settings::calendar(&conn).unwrap();
        salesos::store::deals::all(
            &conn,
            &cal,
            &DealQuery {
                quarter: Some(QUARTER.into()),
                ..DealQuery::default()
            },
        )
        .unwrap()
    };
    let (mut bare_t, mut export_t) = (Duration::MAX, Duration::MAX);
    let (mut bare_size, mut export_size) = (0, 0);
    for _ in 0..RUNS {
        let t = Instant::now();
        bare_size = bare(&rows);
        bare_t = bare_t.min(t.elapsed());
        let t = Instant::now();
        export_size = export(&ws);
        export_t = export_t.min(t.elapsed());
    }
    println!(
        "rust_xlsxwriter, same cells bare:  {bare_t:>10.2?}  ({} rows x 15 columns, {:.1} MB)",
        rows.len(),
        bare_size as f64 / 1e6
    );
    println!(
        "board pack export ({QUARTER}):      {export_t:>10.2?}  (7 sheets, {:.1} MB)",
        export_size as f64 / 1e6
    );
    let ratio = export_t.as_secs_f64() / bare_t.as_secs_f64();
    println!("ratio export / bare:               {ratio:>10.2}x   (limit 1.5x)");
    drop(rows);

    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .env("SALESOS_BENCH_BOARD_WS", &ws_dir)
        .output()
        .unwrap();
    let peak = String::from_utf8_lossy(&out.stdout).trim().to_string();
    println!("peak memory of one export:         {peak:>10} MB (limit 300 MB)");
}
