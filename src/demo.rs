//! A sample team so the app never opens blank: two managers, eight reps and a
//! year of deals around "today", generated deterministically (same today,
//! same data) so screenshots and tests can rely on it.
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::types::Value;

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::import::StageChoice;
use crate::process::{DealStatus, Risk};
use crate::store::deals::{self, Incoming};
use crate::store::{now_text, settings, stages, Workspace};

/// A small, fixed pseudo-random sequence (xorshift): deterministic, no dependency.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const MANAGERS: [&str; 2] = ["Maya Okafor", "Daniel Reyes"];
const REPS: [(&str, usize); 8] = [
    ("Priya Shah", 0),
    ("Tom Becker", 0),
    ("Lena Fischer", 0),
    ("Marcus Lee", 0),
    ("Sofia Alvarez", 1),
    ("James Carter", 1),
    ("Aiko Tanaka", 1),
    ("Noah Williams", 1),
];
const ACCOUNTS: [&str; 24] = [
    "Northwind Logistics",
    "Bluepeak Health",
    "Crestline Foods",
    "Harbor Freight Partners",
    "Ironwood Capital",
    "Juniper Retail",
    "Keystone Energy",
    "Lakeside Clinics",
    "Meridian Insurance",
    "Novus Biotech",
    "Orchard Schools",
    "Pinnacle Manufacturing",
    "Quarry Analytics",
    "Redwood Hotels",
    "Summit Legal",
    "Tidewater Shipping",
    "Umbra Security",
    "Vantage Media",
    "Willow Credit Union",
    "Xeno Robotics",
    "Yellowstone Outdoors",
    "Zenith Telecom",
    "Atlas Construction",
    "Beacon Software",
];
const PRODUCTS: [&str; 4] = [
    "Platform",
    "Analytics add-on",
    "Enterprise suite",
    "Team plan",
];
const NEXT_STEPS: [&str; 6] = [
    "Get the VP to confirm the initiative and its number",
    "Agree the mutual action plan with the champion",
    "Get IT and finance to sign off on the business case",
    "Confirm success criteria for the pilot",
    "Get procurement's timeline and the signer's name",
    "",
];

/// Loads the sample team into an empty workspace.
pub fn load(ws: &Workspace) -> Result<DemoSummary> {
    let today = ws.today();
    let mut conn = ws.conn();
    let has_data: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM deals) OR EXISTS (SELECT 1 FROM reps)",
        [],
        |r| r.get(0),
    )?;
    if has_data {
        return Err(Error::invalid(
            "The workspace already has data; the sample team only loads into an empty workspace.",
        ));
    }
    let tx = conn.transaction()?;
    let cal = settings::calendar(&tx)?;
    let currency = settings::currency(&tx)?;
    tx.execute(
        "INSERT INTO imports (kind, file_name, file_digest, imported_at, report_json) VALUES ('demo', 'Sample team', '', ?1, '{}')",
        [now_text()],
    )?;
    let import_id = tx.last_insert_rowid();
    // Fully loaded costs a year (docs/method.md §6), so the Scale page answers
    // from the sample's own roster.
    let cost = |major: f64| crate::money::to_minor(major, &currency);
    let mut rep_ids = Vec::new();
    let mut manager_ids = Vec::new();
    for m in MANAGERS {
        tx.execute(
            "INSERT INTO reps (name, role, email, start_date, annual_cost_minor, created_import) VALUES (?1, 'manager', ?2, ?3, ?4, ?5)",
            rusqlite::params![m, email(m), (today - Duration::days(900)).to_string(), cost(210_000.0), import_id],
        )?;
        manager_ids.push(tx.last_insert_rowid());
    }
    let quota = crate::money::to_minor(240_000.0, &currency).unwrap_or(0);
    for (i, (name, manager)) in REPS.iter().enumerate() {
        let start = today - Duration::days(120 + 90 * i as i64);
        tx.execute(
            "INSERT INTO reps (name, role, email, manager_id, start_date, quota_minor, annual_cost_minor, created_import)
             VALUES (?1, 'AE', ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![name, email(name), manager_ids[*manager], start.to_string(), quota, cost(AE_COSTS[i % AE_COSTS.len()]), import_id],
        )?;
        rep_ids.push(tx.last_insert_rowid());
    }
    // The sample's CRM calls its stages what the workspace's template does.
    let template = crate::store::template::load(&tx)?;
    let preset = template.preset;
    for stage in &template.stages {
        stages::save(
            &tx,
            preset,
            &StageChoice {
                label: stage.name.trim().to_string(),
                stage: Some(stage.number),
                outcome: None,
            },
            Some(import_id),
        )?;
    }
    for (label, outcome) in [
        ("Closed Won", DealStatus::Won),
        ("Closed Lost", DealStatus::Lost),
    ] {
        stages::save(
            &tx,
            preset,
            &StageChoice {
                label: label.into(),
                stage: None,
                outcome: Some(outcome),
            },
            Some(import_id),
        )?;
    }

    let current = cal.quarter_of(today);
    let (q_start, q_end) = cal.bounds(current);
    let mut seq = Sequence(0x9E37_79B9_7F4A_7C15 ^ (today.num_days_from_ce() as u64));
    let now = now_text();
    let mut count = 0u32;
    let mut number = 1000;
    let mut add = |tx: &rusqlite::Connection,
                   seq: &mut Sequence,
                   owner: i64,
                   created: NaiveDate,
                   close: NaiveDate,
                   status: DealStatus,
                   stage: Option<u8>,
                   risk: Option<Risk>|
     -> Result<()> {
        number += 1;
        let account = *seq.pick(&ACCOUNTS);
        let product = *seq.pick(&PRODUCTS);
        let amount = (8 + seq.below(60)) as f64 * 1_000.0;
        // The sample is written in buyer agreements; the template says
        // which of its stages each one is.
        let stage = stage.map(|agreement| preset.stage_for_agreement(agreement));
        let label = match status {
            DealStatus::Won => "Closed Won".to_string(),
            DealStatus::Lost => "Closed Lost".to_string(),
            DealStatus::Open => stage
                .and_then(|s| template.stage(s))
                .map(|s| s.name.trim().to_string())
                .unwrap_or_default(),
        };
        let next = if status == DealStatus::Open {
            *seq.pick(&NEXT_STEPS)
        } else {
            ""
        };
        let mut d = Incoming::default();
        d.set(deals::C_EXTERNAL_ID, Value::Text(format!("DEMO-{number}")));
        d.set(deals::C_NAME, Value::Text(format!("{account} — {product}")));
        d.set(deals::C_ACCOUNT, Value::Text(account.into()));
        d.set(deals::C_OWNER, Value::Integer(owner));
        d.set(
            deals::C_AMOUNT,
            crate::money::to_minor(amount, &currency)
                .map(Value::Integer)
                .unwrap_or(Value::Null),
        );
        d.set(deals::C_CURRENCY, Value::Text(currency.clone()));
        d.set(deals::C_CLOSE, Value::Text(close.to_string()));
        d.set(deals::C_CREATED, Value::Text(created.to_string()));
        d.set(deals::C_STATUS, Value::Text(status.as_str().into()));
        d.set(
            deals::C_STAGE,
            stage
                .map(|s| Value::Integer(s as i64))
                .unwrap_or(Value::Null),
        );
        d.set(deals::C_CRM_STAGE, Value::Text(label));
        d.set(
            deals::C_RISK,
            risk.map(|r| Value::Text(r.as_str().into()))
                .unwrap_or(Value::Null),
        );
        d.set(
            deals::C_NEXT_STEP,
            if next.is_empty() {
                Value::Null
            } else {
                Value::Text(next.into())
            },
        );
        d.set(
            deals::C_LAST_ACTIVITY,
            Value::Text((today.min(close) - Duration::days(seq.below(40) as i64)).to_string()),
        );
        deals::upsert(tx, &d, None, Some(import_id), &now)?;
        count += 1;
        Ok(())
    };

    // Four past quarters of closed deals: about one in four won, some created and closed in the same quarter.
    let mut q = current;
    for _ in 0..4 {
        q = q.prev();
        let (start, end) = cal.bounds(q);
        let span = (end - start).num_days();
        for &owner in &rep_ids {
            for _ in 0..(6 + seq.below(4)) {
                let close = start + Duration::days(seq.below(span as u64 + 1) as i64);
                let age = if seq.below(3) == 0 {
                    seq.below((close - start).num_days() as u64 + 1)
                } else {
                    40 + seq.below(120)
                };
                let created = close - Duration::days(age as i64);
                let status = if seq.below(100) < 27 {
                    DealStatus::Won
                } else {
                    DealStatus::Lost
                };
                add(&tx, &mut seq, owner, created, close, status, None, None)?;
            }
        }
    }
    // This quarter: some already won, the rest open with a mix of stages and risks.
    let risks = [
        Some(Risk::Green),
        Some(Risk::Yellow),
        Some(Risk::Yellow),
        Some(Risk::Orange),
        Some(Risk::Red),
        None,
    ];
    let span_done = (today - q_start).num_days().max(1) as u64;
    let span_left = (q_end - today).num_days().max(1) as u64;
    for &owner in &rep_ids {
        for _ in 0..(1 + seq.below(3)) {
            let close = q_start + Duration::days(seq.below(span_done) as i64);
            let created = close - Duration::days(30 + seq.below(90) as i64);
            add(
                &tx,
                &mut seq,
                owner,
                created,
                close,
                DealStatus::Won,
                None,
                None,
            )?;
        }
        for _ in 0..(4 + seq.below(4)) {
            let close = today + Duration::days(seq.below(span_left + 1) as i64);
            let stage = Some(1 + seq.below(5) as u8);
            let created = today - Duration::days(20 + seq.below(100) as i64);
            let risk = *seq.pick(&risks);
            add(
                &tx,
                &mut seq,
                owner,
                created,
                close,
                DealStatus::Open,
                stage,
                risk,
            )?;
        }
        for _ in 0..(3 + seq.below(3)) {
            let close = q_end + Duration::days(1 + seq.below(120) as i64);
            let stage = Some(seq.below(3) as u8);
            let created = today - Duration::days(seq.below(40) as i64);
            add(
                &tx,
                &mut seq,
                owner,
                created,
                close,
                DealStatus::Open,
                stage,
                None,
            )?;
        }
    }
    let goal = crate::money::to_minor(1_600_000.0, &currency).unwrap_or(0);
    settings::set_goal(&tx, &current.to_string(), None, Some(goal))?;
    // The onboarding ramp (docs/method.md §5): three AEs in month 3 of their
    // ramp and half a year of weekly activity for every AE. Generated after the
    // pipeline, from a sequence of their own, so the forecast is unchanged.
    let mut ae_ids: Vec<(i64, NaiveDate)> = REPS
        .iter()
        .enumerate()
        .filter_map(|(i, _)| {
            Some((
                *rep_ids.get(i)?,
                today - Duration::days(120 + 90 * i as i64),
            ))
        })
        .collect();
    let mut hires = Vec::new();
    for (name, manager, days) in HIRES {
        let start = today - Duration::days(days);
        tx.execute(
            "INSERT INTO reps (name, role, email, manager_id, start_date, annual_cost_minor, created_import)
             VALUES (?1, 'AE', ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                name,
                email(name),
                manager_ids[manager],
                start.to_string(),
                cost(140_000.0),
                import_id
            ],
        )?;
        let id = tx.last_insert_rowid();
        hires.push((name, id, start));
        ae_ids.push((id, start));
    }
    ramp_history(&tx, import_id, today, q_start, &ae_ids, &hires, &currency)?;
    tx.commit()?;
    Ok(DemoSummary {
        reps: (REPS.len() + MANAGERS.len() + HIRES.len()) as u32,
        deals: count,
    })
}

/// The ramped AEs' fully loaded costs a year, in roster order.
const AE_COSTS: [f64; 4] = [155_000.0, 150_000.0, 145_000.0, 160_000.0];

/// The sample's new hires: name, manager (index), days since they started.
const HIRES: [(&str, usize, i64); 3] = [
    ("Grace Kim", 0, 74),
    ("Omar Haddad", 1, 81),
    ("Rosa Diaz", 0, 88),
];

/// Half a year of weekly activity for every AE (one row per tenure week, so the
/// weeks line up with each one's ramp), and the hires' first deals: Grace on
/// track, Omar's customer meetings falling off in the last weeks, Rosa
/// winning far more often than the ramped reps did. The hires' deals closed
/// before this quarter and carry no created date, so they touch neither this
/// quarter's forecast nor its create-and-close history.
fn ramp_history(
    tx: &rusqlite::Connection,
    import_id: i64,
    today: NaiveDate,
    q_start: NaiveDate,
    aes: &[(i64, NaiveDate)],
    hires: &[(&str, i64, NaiveDate)],
    currency: &str,
) -> Result<()> {
    use crate::store::activities::{store, ActivityCategory as C, NewActivity, Span};
    let mut seq = Sequence(0x51A1_E5A1_E5D0_0D1E ^ (today.num_days_from_ce() as u64));
    // Half a year of activity: shorter than the ramped reps' tenure, so the
    // hires are held against them over the same calendar weeks.
    let year_ago = today - Duration::days(182);
    let lagging = hires.get(1).map(|h| h.1);
    for &(rep, start) in aes {
        let mut week = 0i64;
        loop {
            let day = start + Duration::days(7 * week);
            if day + Duration::days(7) > today {
                break;
            }
            week += 1;
            if day < year_ago {
                continue;
            }
            let weeks_left = (today - day).num_days() / 7;
            let slipping = Some(rep) == lagging && weeks_left <= 4;
            let meetings = if slipping {
                6 + seq.below(2)
            } else {
                13 + seq.below(5)
            } as i64;
            let first = if slipping { 2 } else { 4 + seq.below(3) } as i64;
            let counts = [
                (C::FirstMeeting, first),
                (C::Meeting, meetings - first),
                (C::Call, 40 + seq.below(20) as i64),
                (C::Email, 60 + seq.below(30) as i64),
                (
                    C::OpportunityCreated,
                    if slipping { 1 } else { 2 + seq.below(2) as i64 },
                ),
            ];
            for (category, count) in counts {
                store(
                    tx,
                    &NewActivity {
                        rep_id: rep,
                        day,
                        span: Span::Week,
                        category: Some(category),
                        count,
                        answered: None,
                        identity: format!("demo|{rep}|{day}|{}", category.as_str()),
                    },
                    import_id,
                )?;
            }
        }
    }
    let now = now_text();
    for (i, &(name, rep, start)) in hires.iter().enumerate() {
        let (won, lost) = [(2u64, 5u64), (1, 4), (5, 1)][i.min(2)];
        let last = (q_start - Duration::days(1)).max(start);
        let span = (last - start).num_days().max(0) as u64;
        for k in 0..won + lost {
            let close = start + Duration::days(((k + 1) * span / (won + lost + 1)) as i64);
            let mut d = Incoming::default();
            d.set(
                deals::C_EXTERNAL_ID,
                Value::Text(format!("DEMO-H{}{k}", i + 1)),
            );
            d.set(
                deals::C_NAME,
                Value::Text(format!("{} — first deals {}", name, k + 1)),
            );
            d.set(deals::C_OWNER, Value::Integer(rep));
            d.set(
                deals::C_AMOUNT,
                // Omar's one win is a small one: the tree finds it.
                crate::money::to_minor(
                    if i == 1 {
                        24_000.0
                    } else {
                        36_000.0 + 2_000.0 * k as f64
                    },
                    currency,
                )
                .map(Value::Integer)
                .unwrap_or(Value::Null),
            );
            d.set(deals::C_CURRENCY, Value::Text(currency.to_string()));
            d.set(deals::C_CLOSE, Value::Text(close.to_string()));
            let status = if k < won {
                DealStatus::Won
            } else {
                DealStatus::Lost
            };
            d.set(deals::C_STATUS, Value::Text(status.as_str().into()));
            let label = if status == DealStatus::Won {
                "Closed Won"
            } else {
                "Closed Lost"
            };
            d.set(deals::C_CRM_STAGE, Value::Text(label.into()));
            deals::upsert(tx, &d, None, Some(import_id), &now)?;
        }
    }
    Ok(())
}

fn email(name: &str) -> String {
    format!("{}@example.com", name.to_lowercase().replace(' ', "."))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequence_is_deterministic() {
        let mut a = super::Sequence(42);
        let mut b = super::Sequence(42);
        assert_eq!((a.next(), a.next()), (b.next(), b.next()));
    }
}

/// What `load_demo` created.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    pub reps: u32,
    pub deals: u32,
}
