//! What the CLI prints: the stable `--json` shapes (amounts in currency
//! units, dates as YYYY-MM-DD, missing values null) and readable text.
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

use crate::api::{
    Deal, ForecastHistory, ForecastLine, ForecastReport, SnapshotInfo, TemplateImportReport,
    TemplateView,
};
use crate::import::{ImportReport, StageMappingEntry};
use crate::model::GoalBasis;
use crate::money;
use crate::process::Risk;

/// Minor units to a JSON number in currency units (12500.5, or 12500 when whole).
pub fn major(minor: i64, currency: &str) -> Value {
    let digits = money::minor_digits(currency);
    if minor % 10i64.pow(digits) == 0 {
        json!(minor / 10i64.pow(digits))
    } else {
        json!(money::to_major(minor, currency))
    }
}

fn opt_major(minor: Option<i64>, currency: &str) -> Value {
    minor.map(|m| major(m, currency)).unwrap_or(Value::Null)
}

pub fn deal_json(d: &Deal) -> Value {
    json!({
        "external_id": d.external_id,
        "name": d.name,
        "account": d.account,
        "owner": d.owner,
        "amount": opt_major(d.amount, &d.currency),
        "currency": d.currency,
        "close_date": d.close_date,
        "created_date": d.created_date,
        "status": d.status,
        "stage": d.stage,
        "crm_stage": d.crm_stage,
        "risk": d.risk,
        "next_step": d.next_step,
        "last_activity": d.last_activity,
        "probability": d.probability,
    })
}

/// `kind` is what the file was imported as (given or detected).
pub fn import_json(r: &ImportReport, kind: &str) -> Value {
    json!({
        "kind": kind,
        "rows_read": r.rows_read,
        "created": r.created,
        "updated": r.updated,
        "unchanged": r.unchanged,
        "rejected": r.rejected,
        "merged": r.merged,
        "missing": r.missing,
        "errors": r.errors,
        "warnings": r.warnings,
        "skipped": r.skipped,
        "repeats": r.repeats,
        "unused_columns": r.unused_columns,
        "notes": r.notes,
        "import_id": r.import_id,
        "dry_run": r.dry_run,
        "strict_failed": r.strict_failed,
    })
}

pub fn forecast_json(f: &ForecastReport) -> Value {
    let c = f.currency.as_str();
    let t = &f.team;
    let rep = |l: &ForecastLine| {
        json!({
            "rep": l.name,
            "manager": l.manager,
            "goal": opt_major(l.goal, c),
            "goal_basis": l.goal_basis,
            "closed_won": major(l.closed_won, c),
            "commit": major(l.commit, c),
            "best_case": major(l.best_case, c),
            "create_and_close": major(l.create_and_close, c),
            "forecast": major(l.forecast, c),
            "gap": opt_major(l.gap, c),
            "coverage": l.coverage,
        })
    };
    json!({
        "quarter": f.quarter,
        "period_start": f.period_start,
        "period_end": f.period_end,
        "currency": f.currency,
        "goal": opt_major(t.goal, c),
        "goal_basis": t.goal_basis,
        "rep_quotas_total": opt_major(f.rep_quotas_total, c),
        "over_assignment": f.over_assignment,
        "gap_to_rep_quotas": opt_major(f.team_vs_quotas.as_ref().and_then(|l| l.gap), c),
        "closed_won": major(t.closed_won, c),
        "commit": major(t.commit, c),
        "best_case": major(t.best_case, c),
        "create_and_close": major(t.create_and_close, c),
        "create_and_close_source": f.create_and_close_source,
        "forecast": major(t.forecast, c),
        "gap": opt_major(t.gap, c),
        "coverage": t.coverage,
        "open_pipeline": major(t.open_pipeline, c),
        "win_rate": t.win_rate,
        "average_deal_size": opt_major(t.average_deal_size, c),
        "new_pipeline_needed": opt_major(t.new_pipeline_needed, c),
        "first_meetings_needed": t.first_meetings_needed,
        "gap_plan": {
            "average_cycle_days": f.gap_plan.average_cycle_days,
            "days_left": f.gap_plan.days_left,
            "new_deals_close_in_time": f.gap_plan.new_deals_close_in_time,
            "new_pipeline_this_quarter": opt_major(f.gap_plan.new_pipeline_this_quarter, c),
            "first_meetings_this_quarter": f.gap_plan.first_meetings_this_quarter,
            "next_quarter": f.gap_plan.next_quarter,
            "carried_to_next_quarter": f.gap_plan.carried_to_next_quarter.as_ref().map(|g| json!({
                "gap": major(g.gap, c),
                "new_pipeline": opt_major(g.new_pipeline, c),
                "first_meetings": g.first_meetings,
            })),
            "summary": f.gap_plan.summary,
        },
        "open_without_close_date": {
            "deals": f.open_without_close_date.deals,
            "amount": major(f.open_without_close_date.amount, c),
        },
        "by_manager": f.by_manager.iter().map(rep).collect::<Vec<_>>(),
        "by_rep": f.by_rep.iter().map(rep).collect::<Vec<_>>(),
        "gap_closers": f.gap_closers.iter().map(|g| {
            let mut d = deal_json(&g.deal);
            d["action"] = json!(g.action);
            d
        }).collect::<Vec<_>>(),
    })
}

pub fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

pub fn progress(bar: &ProgressBar, phase: &str, done: u64, total: u64) {
    bar.set_message(phase.to_string());
    if total > 0 {
        bar.set_length(total);
    }
    bar.set_position(done);
}

pub fn print_import(r: &ImportReport) {
    // What the forecast will lack comes first: the counts below read fine without it.
    for m in &r.missing {
        println!("{}", m.message);
    }
    let verb = if r.dry_run { "Checked" } else { "Imported" };
    let sheet = if r.sheet.is_empty() {
        String::new()
    } else {
        format!(" ({})", r.sheet)
    };
    println!("{verb} {}{sheet}: {} rows read", r.file_name, r.rows_read);
    let merged = if r.merged > 0 {
        format!(", merged into another row's deal {}", r.merged)
    } else {
        String::new()
    };
    println!(
        "  created {}, updated {}, unchanged {}, rejected {}{merged}; {} warning(s), {} row(s) skipped",
        r.created,
        r.updated,
        r.unchanged,
        r.rejected,
        r.warnings.len(),
        r.skipped.len()
    );
    // One line per distinct problem, with its rows ("rows 2–40, 45"):
    // --json and the rows-to-fix workbook list every row.
    for g in &r.error_groups {
        println!("{}", group_line(g, "REJECTED"));
    }
    for g in r.warning_groups.iter().take(20) {
        println!("{}", group_line(g, "warning "));
    }
    if r.warning_groups.len() > 20 {
        println!(
            "  ... and {} more kind(s) of warning (use --json for all)",
            r.warning_groups.len() - 20
        );
    }
    for s in &r.skipped {
        println!("  row {:>6}  skipped   {}", s.row, s.message);
    }
    for m in r.repeats.iter().take(20) {
        println!("  row {:>6}  merged    {}", m.row, issue_text(m));
    }
    if r.repeats.len() > 20 {
        println!(
            "  ... and {} more row(s) merged (use --json for all)",
            r.repeats.len() - 20
        );
    }
    for n in &r.notes {
        println!("  note: {n}");
    }
}

fn group_line(g: &crate::import::IssueGroup, what: &str) -> String {
    let text = match (&g.column, &g.value) {
        (Some(c), Some(v)) => format!("{c} \"{v}\": {}", g.message),
        (Some(c), None) => format!("{c}: {}", g.message),
        _ => g.message.clone(),
    };
    if g.count == 1 {
        format!("  row {:>6}  {what}  {text}", g.first_row)
    } else {
        format!(
            "  {} rows  {what}  {text} (rows {})",
            crate::money::format_count(u64::from(g.count)),
            g.rows
        )
    }
}

fn issue_text(i: &crate::import::RowIssue) -> String {
    match (&i.column, &i.value) {
        (Some(c), Some(v)) => format!("{c} \"{v}\": {}", i.message),
        (Some(c), None) => format!("{c}: {}", i.message),
        _ => i.message.clone(),
    }
}

pub fn print_deals(deals: &[Deal]) {
    println!(
        "{:<14} {:<36} {:<22} {:<18} {:>14} {:<10} {:<6} {:<6}",
        "ID", "Deal", "Account", "Owner", "Amount", "Close", "Stage", "Risk"
    );
    for d in deals {
        println!(
            "{:<14} {:<36} {:<22} {:<18} {:>14} {:<10} {:<6} {:<6}",
            cut(d.external_id.as_deref().unwrap_or("-"), 14),
            cut(d.name.as_deref().unwrap_or("-"), 36),
            cut(d.account.as_deref().unwrap_or("-"), 22),
            cut(d.owner.as_deref().unwrap_or("-"), 18),
            d.amount
                .map(|a| money::format(a, &d.currency))
                .unwrap_or_else(|| "-".into()),
            d.close_date
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            match d.status {
                crate::process::DealStatus::Open =>
                    d.stage.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
                s => s.as_str().to_string(),
            },
            d.risk.map(|r| r.as_str()).unwrap_or("-"),
        );
    }
    println!("{} deal(s)", deals.len());
}

pub(super) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub fn print_forecast(f: &ForecastReport) {
    let c = f.currency.as_str();
    let m = |v: i64| money::format(v, c);
    let t = &f.team;
    println!(
        "Forecast {} ({} to {}, {} days left)",
        f.quarter, f.period_start, f.period_end, f.days_left
    );
    let none = f.open_without_close_date;
    if none.deals > 0 {
        // Said first: these deals are in no quarter's numbers below.
        println!(
            "  {} open deal{} ({}) ha{} no close date: in no quarter's forecast or pipeline.",
            money::format_count(none.deals.into()),
            if none.deals == 1 { "" } else { "s" },
            m(none.amount),
            if none.deals == 1 { "s" } else { "ve" },
        );
    }
    let goal_label = match t.goal_basis {
        Some(GoalBasis::Given) => "Goal (given)      ",
        Some(GoalBasis::RepQuotas) => "Goal (rep quotas) ",
        _ => "Team goal (board) ",
    };
    println!(
        "  {goal_label} {}",
        t.goal.map(m).unwrap_or_else(|| "not set".into())
    );
    if let Some(q) = f.rep_quotas_total {
        match f.over_assignment {
            Some(over) => println!(
                "  Reps' quotas       {} ({:.0}% of the team goal)",
                m(q),
                over * 100.0
            ),
            None => println!("  Reps' quotas       {}", m(q)),
        }
    }
    println!("  Closed won         {}", m(t.closed_won));
    println!("  Commit (green)     {}", m(t.commit));
    println!("  Best case (yellow) {}", m(t.best_case));
    println!("  Create and close   {}", m(t.create_and_close));
    println!("  Forecast           {}", m(t.forecast));
    let gap = |g: Option<i64>| match g {
        Some(g) if g > 0 => format!("{} short", m(g)),
        Some(g) => format!("{} ahead", m(-g)),
        None => "set a goal to see it".to_string(),
    };
    match t.goal_basis {
        Some(b) => println!("  Gap to goal        {} {}", gap(t.gap), b.against()),
        None => println!("  Gap to goal        {}", gap(t.gap)),
    }
    if let Some(l) = &f.team_vs_quotas {
        println!(
            "  Gap to quotas      {} against the reps' quotas",
            gap(l.gap)
        );
    }
    if let Some(cov) = t.coverage {
        println!("  Coverage           {cov:.1}x");
    }
    if t.gap.is_some_and(|g| g > 0) {
        // When new pipeline can close the gap: this quarter or the next one's plan.
        println!("  Closing the gap    {}", f.gap_plan.summary);
    }
    if !f.by_rep.is_empty() {
        println!();
        println!(
            "  {:<22} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
            "Rep", "Quota", "Won", "Commit", "Best case", "Forecast", "Gap"
        );
        for l in f.by_rep.iter().chain(&f.no_owner) {
            println!(
                "  {:<22} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}",
                cut(&l.name, 22),
                l.goal.map(m).unwrap_or_else(|| "-".into()),
                m(l.closed_won),
                m(l.commit),
                m(l.best_case),
                m(l.forecast),
                l.gap.map(m).unwrap_or_else(|| "-".into())
            );
        }
    }
}

/// `template --json`: the stages as the contract names them, criteria as
/// plain strings; `risk_examples` rides beside `risk`.
pub fn template_json(view: &TemplateView, mapping: &[StageMappingEntry]) -> Value {
    let t = &view.template;
    json!({
        "preset": t.preset.as_str(),
        "meddpicc": t.meddpicc,
        "stages": t.stages.iter().map(|s| json!({
            "number": s.number,
            "name": s.name,
            "question": s.question,
            "exit_criteria": s.exit_criteria.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
            "people": s.people,
            "tools": s.tools,
            "risk": risk_json(&s.risk),
            "risk_examples": risk_json(&s.risk_examples),
        })).collect::<Vec<_>>(),
        "stage_mapping": mapping.iter().map(|m| json!({
            "crm_stage": m.label,
            "stage": m.stage,
            "outcome": m.outcome.map(|o| o.as_str()),
            "confirmed": m.confirmed,
            "deals": m.deals,
        })).collect::<Vec<_>>(),
    })
}

fn risk_json(texts: &crate::process::template::RiskTexts) -> Value {
    let mut map = serde_json::Map::new();
    for r in Risk::ALL {
        map.insert(r.as_str().into(), json!(texts.get(r)));
    }
    Value::Object(map)
}

pub fn print_template(view: &TemplateView, mapping: &[StageMappingEntry]) {
    let t = &view.template;
    let overlay = if t.meddpicc {
        " + MEDDPICC overlay"
    } else {
        ""
    };
    println!("Process template: {}{overlay}", t.preset.label());
    for s in &t.stages {
        println!();
        println!("{} {}: {}", s.number, s.name, s.question);
        for c in &s.exit_criteria {
            println!("   [ ] {}", c.text);
        }
        println!("   People: {}", s.people);
        println!("   Tools:  {}", s.tools);
        for r in Risk::ALL {
            println!("   {:<7} {}", r.as_str(), s.risk.get(r));
        }
    }
    if !mapping.is_empty() {
        println!();
        println!("CRM stage mapping:");
        for m in mapping {
            let to = match (m.stage, m.outcome) {
                (_, Some(o)) => o.as_str().to_string(),
                (Some(n), _) => format!("stage {n}"),
                _ => "unmapped".into(),
            };
            let mark = if m.confirmed { "" } else { "  (to confirm)" };
            println!("   {:<30} -> {to}{mark}", m.label);
        }
    }
}

pub fn template_import_json(r: &TemplateImportReport) -> Value {
    json!({
        "file_name": r.file_name,
        "changes": r.changes,
    })
}

pub fn print_template_import(r: &TemplateImportReport) {
    if r.changes.is_empty() {
        println!(
            "{}: the template already says the same; nothing changed.",
            r.file_name
        );
        return;
    }
    println!(
        "Applied {} change(s) from {}:",
        r.changes.len(),
        r.file_name
    );
    for c in &r.changes {
        println!("  {c}");
    }
}

/// `snapshot --json` and each entry of `forecast history --json`'s `snapshots`.
pub fn snapshot_json(s: &SnapshotInfo, c: &str) -> Value {
    json!({
        "id": s.id,
        "quarter": s.quarter,
        "week_start": s.week_start,
        "taken_on": s.taken_on,
        "taken_at": s.taken_at,
        "kind": s.kind,
        "goal": opt_major(s.goal, c),
        "closed_won": major(s.closed_won, c),
        "commit": major(s.commit, c),
        "best_case": major(s.best_case, c),
        "forecast": major(s.forecast, c),
        "open_pipeline": major(s.open_pipeline, c),
        "deals": s.deals,
    })
}

pub fn print_snapshot(s: &SnapshotInfo, c: &str) {
    println!(
        "Snapshot #{} of {} taken (week of {}, {} deals kept): forecast {}, commit {}, best case {}, closed won {}.",
        s.id,
        s.quarter,
        s.week_start,
        s.deals,
        money::format(s.forecast, c),
        money::format(s.commit, c),
        money::format(s.best_case, c),
        money::format(s.closed_won, c)
    );
}

/// `forecast history --json`: amounts in currency units, error shares as fractions (0.012 = 1.2%).
pub fn history_json(h: &ForecastHistory) -> Value {
    let c = h.currency.as_str();
    json!({
        "quarter": h.quarter,
        "period_start": h.period_start,
        "period_end": h.period_end,
        "currency": h.currency,
        "finished": h.finished,
        "current_week": h.current_week,
        "weeks": h.trend.iter().map(|p| json!({
            "week_start": p.week_start,
            "forecast": major(p.forecast, c),
            "commit": major(p.commit, c),
            "best_case": major(p.best_case, c),
            "closed_won": major(p.closed_won, c),
            "goal": opt_major(p.goal, c),
            "called": opt_major(p.called, c),
            "call_note": p.call_note,
        })).collect::<Vec<_>>(),
        "snapshots": h.snapshots.iter().map(|s| snapshot_json(s, c)).collect::<Vec<_>>(),
        "accuracy": h.accuracy.as_ref().map(|a| json!({
            "actual_closed_won": major(a.actual_closed_won, c),
            "best_in_class": a.best_in_class,
            "weeks_within": a.weeks_within,
            "weeks": a.weeks.iter().map(|w| json!({
                "week_start": w.week_start,
                "forecast": major(w.forecast, c),
                "forecast_error": major(w.forecast_error, c),
                "forecast_error_pct": w.forecast_error_pct,
                "called": opt_major(w.called, c),
                "called_error": opt_major(w.called_error, c),
                "called_error_pct": w.called_error_pct,
            })).collect::<Vec<_>>(),
        })),
    })
}

fn pct(v: Option<f64>) -> String {
    v.map(|p| format!("{:+.1}%", p * 100.0))
        .unwrap_or_else(|| "-".into())
}

pub fn print_history(h: &ForecastHistory) {
    let c = h.currency.as_str();
    let m = |v: i64| money::format(v, c);
    let om = |v: Option<i64>| v.map(m).unwrap_or_else(|| "-".into());
    println!(
        "Forecast history {} ({} to {})",
        h.quarter, h.period_start, h.period_end
    );
    if h.trend.is_empty() {
        println!("  No snapshots yet: `salesos snapshot` takes one now.");
        return;
    }
    println!(
        "  {:<11} {:>14} {:>14} {:>14} {:>14} {:>14} {:>14}",
        "Week of", "Forecast", "Commit", "Best case", "Closed won", "Goal", "Called"
    );
    for p in &h.trend {
        println!(
            "  {:<11} {:>14} {:>14} {:>14} {:>14} {:>14} {:>14}",
            p.week_start.to_string(),
            m(p.forecast),
            m(p.commit),
            m(p.best_case),
            m(p.closed_won),
            om(p.goal),
            om(p.called)
        );
        if let Some(note) = &p.call_note {
            println!("  {:<11} note: {}", "", cut(note, 90));
        }
    }
    let Some(a) = &h.accuracy else {
        if !h.finished {
            println!("  Accuracy is judged once the quarter is over.");
        }
        return;
    };
    println!();
    println!(
        "  Accuracy against actual closed won of {}",
        m(a.actual_closed_won)
    );
    println!(
        "  {:<11} {:>14} {:>14} {:>8} {:>14} {:>14} {:>8}",
        "Week of", "Forecast", "Error", "%", "Called", "Error", "%"
    );
    for w in &a.weeks {
        println!(
            "  {:<11} {:>14} {:>14} {:>8} {:>14} {:>14} {:>8}",
            w.week_start.to_string(),
            m(w.forecast),
            m(w.forecast_error),
            pct(w.forecast_error_pct),
            om(w.called),
            om(w.called_error),
            pct(w.called_error_pct)
        );
    }
    println!(
        "  {} of {} week(s) within {:.0}% of actuals (best in class).",
        a.weeks_within,
        a.weeks.len(),
        a.best_in_class * 100.0
    );
}

/// What `export board` says after writing the workbook.
pub fn print_board_saved(pack: &crate::export::board::BoardPack, path: &std::path::Path) {
    let f = &pack.forecast;
    let c = f.currency.as_str();
    let gap = match f.team.gap {
        Some(g) if g > 0 => format!(", {} short of goal", money::format(g, c)),
        Some(g) => format!(", {} ahead of goal", money::format(-g, c)),
        None => String::new(),
    };
    println!(
        "Saved the {} board forecast to {} ({} deals; forecast {}{gap}).",
        pack.quarter,
        path.display(),
        pack.deals,
        money::format(f.team.forecast, c)
    );
}
