//! `salesos deal ID`: a deal with its corrections and timeline, and the
//! corrections and risk given on the command line applied first.
use serde_json::{json, Map, Value};

use super::output::{cut, deal_json, major};
use crate::api::{self, CorrectDealsRequest, DealDetail, DealIdRequest, SetRiskRequest};
use crate::error::Error;
use crate::money;
use crate::process::{DealStatus, Risk};
use crate::store::corrections::CorrectionField;
use crate::store::timeline::TimelineEntry;
use crate::store::Workspace;

/// What to change before showing the deal.
pub struct Changes {
    pub close_date: Option<String>,
    pub amount: Option<String>,
    pub stage: Option<String>,
    pub risk: Option<String>,
}

pub fn run(
    ws: &Workspace,
    external_id: &str,
    changes: Changes,
    json: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    let deal_id = api::deal_id_by_external(ws, external_id)?;
    let currency = crate::store::settings::currency(&ws.conn())?;
    let amount = match &changes.amount {
        None => None,
        Some(t) => Some(
            money::parse_amount(t)
                .and_then(|v| money::to_minor(v, &currency))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "--amount \"{t}\" is not an amount (write e.g. 125000 or 125k)."
                    ))
                })?,
        ),
    };
    // Checked before anything is written, so a bad level changes nothing.
    let risk = match changes.risk.as_deref().map(str::trim) {
        None => None,
        Some(t) if t.eq_ignore_ascii_case("none") => Some(None),
        Some(t) => Some(Some(Risk::parse(t).ok_or_else(|| {
            Error::invalid(format!(
                "--risk \"{t}\" is not a risk level: write red, orange, yellow, green or none."
            ))
        })?)),
    };
    if changes.close_date.is_some() || amount.is_some() || changes.stage.is_some() {
        api::correct_deals(
            ws,
            CorrectDealsRequest {
                deal_ids: vec![deal_id],
                close_date: changes.close_date,
                amount,
                stage: changes.stage,
                corrected_by: None,
            },
        )?;
    }
    if let Some(risk) = risk {
        api::set_risk(ws, SetRiskRequest { deal_id, risk })?;
    }
    let detail = api::deal_detail(ws, DealIdRequest { deal_id })?;
    if json {
        println!("{}", serde_json::to_string_pretty(&detail_json(&detail))?);
    } else {
        print_detail(&detail);
    }
    Ok(())
}

/// A stored value as JSON: amounts in currency units, stages as numbers,
/// the rest as text.
fn value_json(field: Option<&str>, value: Option<&str>, currency: &str) -> Value {
    let Some(v) = value else { return Value::Null };
    match field {
        Some("amount") => v
            .parse::<i64>()
            .map(|m| major(m, currency))
            .unwrap_or_else(|_| json!(v)),
        Some("stage") => v
            .parse::<i64>()
            .map(|n| json!(n))
            .unwrap_or_else(|_| json!(v)),
        _ => json!(v),
    }
}

/// `{deal, corrections: {field: value}, timeline: [{date, kind, field, from, to, source}]}`.
pub fn detail_json(d: &DealDetail) -> Value {
    let c = d.deal.currency.as_str();
    let mut corrections = Map::new();
    for k in &d.corrections {
        corrections.insert(
            k.field.as_str().into(),
            value_json(Some(k.field.as_str()), k.value.as_deref(), c),
        );
    }
    let timeline: Vec<Value> = d
        .timeline
        .iter()
        .map(|e| {
            let field = e.field.as_deref();
            json!({
                "date": e.date,
                "kind": e.kind,
                "field": e.field,
                "from": value_json(field, e.from.as_deref(), c),
                "to": value_json(field, e.to.as_deref(), c),
                "source": e.source,
            })
        })
        .collect();
    json!({
        "deal": deal_json(&d.deal),
        "corrections": corrections,
        "timeline": timeline,
    })
}

fn shown(e: &TimelineEntry, value: Option<&str>, currency: &str) -> String {
    let Some(v) = value else {
        return "(empty)".into();
    };
    match e.field.as_deref() {
        Some("amount") => v
            .parse::<i64>()
            .map(|m| money::format(m, currency))
            .unwrap_or_else(|_| v.to_string()),
        _ => v.to_string(),
    }
}

fn print_detail(d: &DealDetail) {
    let deal = &d.deal;
    let c = deal.currency.as_str();
    println!(
        "{} — {}",
        deal.external_id.as_deref().unwrap_or("-"),
        deal.name.as_deref().unwrap_or("(no name)")
    );
    println!("  Account:    {}", deal.account.as_deref().unwrap_or("-"));
    println!("  Owner:      {}", deal.owner.as_deref().unwrap_or("-"));
    let corrected = |f: CorrectionField| {
        if d.corrections.iter().any(|k| k.field == f) {
            "  (corrected in SalesOS)"
        } else {
            ""
        }
    };
    println!(
        "  Amount:     {}{}",
        deal.amount
            .map(|a| money::format(a, c))
            .unwrap_or_else(|| "-".into()),
        corrected(CorrectionField::Amount)
    );
    println!(
        "  Close date: {}{}",
        deal.close_date
            .map(|x| x.to_string())
            .unwrap_or_else(|| "-".into()),
        corrected(CorrectionField::CloseDate)
    );
    let stage = match deal.status {
        DealStatus::Open => deal.stage.map(|s| s.to_string()).unwrap_or("?".into()),
        s => s.as_str().to_string(),
    };
    println!("  Stage:      {stage}{}", corrected(CorrectionField::Stage));
    println!(
        "  Risk:       {}",
        deal.risk.map(|r| r.as_str()).unwrap_or("-")
    );
    println!("Timeline:");
    for e in &d.timeline {
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let what = match &e.field {
            Some(f) => format!(
                "{f}: {} → {}",
                shown(e, e.from.as_deref(), c),
                shown(e, e.to.as_deref(), c)
            ),
            None => match (&e.from, &e.to) {
                (None, None) => String::new(),
                (from, to) => format!(
                    "risk {} → {}",
                    from.as_deref().unwrap_or("-"),
                    to.as_deref().unwrap_or("-")
                ),
            },
        };
        println!(
            "  {}  {:<18} {:<44} {}",
            e.date,
            kind,
            cut(&what, 44),
            e.source
        );
    }
}
