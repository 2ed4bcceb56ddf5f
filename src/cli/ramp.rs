//! `ramp`, `metrics` and `export ramp`: the ramp board on the command line,
//! in the JSON shapes the issue fixes (metrics keyed by name).
use serde_json::{json, Map, Value};

use crate::ramp::board::{RampBoard, RampRep, RepRamp};
use crate::ramp::MetricState;

fn metric_json(s: &MetricState) -> Value {
    json!({
        "value": s.value,
        "goal": s.goal,
        "band": s.band,
        "verdict": s.verdict,
    })
}

fn rep_json(r: &RampRep) -> Value {
    let metrics: Map<String, Value> = r
        .metrics
        .iter()
        .map(|s| (s.metric.key().to_string(), metric_json(s)))
        .collect();
    json!({
        "name": r.name,
        "role": r.role,
        "start_date": r.start_date,
        "tenure_month": r.tenure.month,
        "tenure_week": r.tenure.week,
        "ramp_pct": r.ramp_pct,
        "status": r.status,
        "reason": r.reason,
        "metrics": metrics,
        "flags": r.flags,
        "root_cause": r.root_cause.as_ref().map(|rc| json!({
            "path": rc.path.iter().map(|n| json!({
                "metric": n.metric, "value": n.value, "reference": n.reference, "ratio": n.ratio,
            })).collect::<Vec<_>>(),
            "cause": rc.cause,
            "message": rc.message,
        })),
    })
}

pub fn board_json(b: &RampBoard) -> Value {
    json!({
        "as_of": b.as_of,
        "plans": b.plans,
        "reps": b.reps.iter().map(rep_json).collect::<Vec<_>>(),
        "peers": b.peers,
        "left_out": b.left_out,
    })
}

pub fn print_board(b: &RampBoard) {
    if b.harness.is_empty() {
        println!(
            "Nobody is in ramp on {}: no rep on the roster has an AE, SDR or CSM role and a start date. Import a roster with Role and Start Date columns.",
            b.as_of
        );
    } else if b.reps.is_empty() {
        println!(
            "Nobody is in ramp on {}: every active rep is past their role's ramp curve.",
            b.as_of
        );
    }
    for r in &b.reps {
        println!(
            "{} ({}, month {}, {:.0} % of goal expected): {}",
            r.name,
            r.role.code(),
            r.tenure.month,
            r.ramp_pct * 100.0,
            r.reason
        );
        for f in &r.flags {
            println!("  - {}", f.message);
        }
        if let Some(rc) = &r.root_cause {
            println!("  Root cause: {}", rc.message);
        }
    }
    for p in &b.peers {
        println!(
            "{} ramped {} peer(s) make the bands.",
            p.count,
            p.role.code()
        );
    }
    for l in &b.left_out {
        println!("Not on the board: {l}.");
    }
}

pub fn metrics_json(r: &RepRamp) -> Value {
    let weeks: Vec<Value> = r
        .weeks
        .iter()
        .map(|w| {
            let mut m = Map::new();
            m.insert("week_start".into(), json!(w.week_start));
            m.insert("tenure_week".into(), json!(w.tenure_week));
            for (k, v) in w.values.iter() {
                m.insert(k.key().into(), json!(v));
            }
            Value::Object(m)
        })
        .collect();
    json!({ "rep": r.rep.name, "role": r.rep.role, "weeks": weeks })
}

pub fn print_metrics(r: &RepRamp) {
    let metrics = crate::ramp::board::key_metrics(r.rep.role);
    print!("{:<12} {:>4}", "week of", "wk");
    for m in metrics {
        print!(" {:>14}", m.key());
    }
    println!();
    for w in &r.weeks {
        print!("{:<12} {:>4}", w.week_start.to_string(), w.tenure_week);
        for m in metrics {
            let v = w
                .values
                .get(m)
                .map(|v| m.show(v, &r.currency))
                .unwrap_or_else(|| "–".into());
            print!(" {v:>14}");
        }
        println!();
    }
}
