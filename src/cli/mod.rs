//! The `salesos` command line. Scripts and tests rely on these commands and
//! their `--json` shapes; keep them stable.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::api::{self, DealQuery, Empty, ForecastRequest};
use crate::error::Error;
use crate::import::{ImportKind, ImportOptions};
use crate::store::{self, Workspace};

mod deal;
mod hiring;
mod output;
mod ramp;
mod scale;

#[derive(Parser)]
#[command(
    name = "salesos",
    version,
    about = "SalesOS: the sales manager's operating system."
)]
struct Cli {
    /// Workspace directory (default: SALESOS_DATA, else the OS data directory).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Deals,
    Reps,
    /// Calls, emails and meetings: one row per activity, or one row per rep
    /// and week or month with a column per count.
    Activities,
    /// A process template workbook (from `template export`), edited and returned.
    Template,
    /// Interviewer scores: one row per candidate × interviewer × trait, or one
    /// row per scorecard with a column per trait.
    Scorecards,
}

#[derive(Subcommand)]
enum HiringAction {
    /// Write a candidate's packet or a role's comparison as a print-ready xlsx.
    Export {
        /// The candidate whose packet to write.
        #[arg(
            long,
            value_name = "NAME",
            conflicts_with = "role",
            required_unless_present = "role"
        )]
        candidate: Option<String>,
        /// The role whose candidates to compare (AE, SDR, CSM, manager).
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum TemplateAction {
    /// Write the template as a print-ready xlsx to share.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ForecastAction {
    /// The quarter week by week (forecast, commit, best case, closed won, goal,
    /// your calls) and, once the quarter is over, how accurate each week was.
    History {
        #[arg(long, value_name = "YYYY-Qn")]
        quarter: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Call this week's number: where you judge the quarter will land.
    Call {
        /// e.g. 1500000 or "$1.5m".
        amount: String,
        /// Why this number, in a sentence.
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// The board-ready forecast workbook: summary with charts, by rep and
    /// manager, stage x risk, gap plan, every deal of the quarter, assumptions.
    Board {
        #[arg(long, value_name = "YYYY-Qn")]
        quarter: Option<String>,
        /// Goal for this export, e.g. 1500000 or "$1.5m" (default: the stored goal).
        #[arg(long, value_name = "AMOUNT")]
        goal: Option<String>,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// The ramp board and the metrics harness (with --rep: that rep's 1:1 page).
    Ramp {
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// The hiring plan with live formulas over its assumptions (takes the
    /// flags of `scale plan`).
    Scale {
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[command(flatten)]
        plan: Box<scale::PlanFlags>,
    },
}

#[derive(Subcommand)]
enum ScaleAction {
    /// The hiring plan month by month: headcount, ramped-rep equivalents,
    /// bookings, cost, burn, the cumulative lines and the payback month.
    Plan {
        #[command(flatten)]
        plan: Box<scale::PlanFlags>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum Command {
    /// The onboarding ramp board: every rep in ramp against the plan and the
    /// ramped peers at the same tenure, with flags and the root cause.
    Ramp {
        /// Only this role: AE, SDR or CSM.
        #[arg(long, value_name = "ROLE", value_parser = parse_ramp_role)]
        role: Option<crate::ramp::Role>,
        #[arg(long)]
        json: bool,
    },
    /// Scaling readiness: should the team hire now? Inputs from the
    /// workspace (each flag overrides one), capacity, the checks and the
    /// verdict, the maturity stage, the management span.
    Scale {
        #[command(subcommand)]
        action: Option<ScaleAction>,
        #[command(flatten)]
        inputs: scale::InputFlags,
        #[arg(long)]
        json: bool,
    },
    /// One rep's metrics week by week of their tenure.
    Metrics {
        #[arg(long, value_name = "NAME")]
        rep: String,
        /// The last N complete weeks (default 26).
        #[arg(long, value_name = "N")]
        weeks: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Open the app in the browser, served from 127.0.0.1.
    Serve {
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Print the address instead of opening a browser.
        #[arg(long)]
        no_open: bool,
    },
    /// Load the sample team into an empty workspace.
    Demo,
    /// Import a CRM export (deals), a team roster (reps), activities,
    /// interviewer scorecards or a process template.
    Import {
        file: PathBuf,
        /// What the file holds. Without it, SalesOS tells from the columns
        /// (a roster has manager/role/email columns and no amount or stage).
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        #[arg(long)]
        sheet: Option<String>,
        /// A column's field, by the column's name, over the suggested mapping:
        /// `--map "Column-0=external_id"`, `--map "Expected Revenue=none"`.
        /// Fields by name as `missing[].field` writes them: external_id, name,
        /// account, owner, amount, currency, close_date, created_date, stage,
        /// status, risk, next_step ...
        #[arg(long = "map", value_name = "COLUMN=FIELD", value_parser = parse_column_choice)]
        map: Vec<crate::import::ColumnChoice>,
        /// Activities: how an activity type counts, saved for later imports:
        /// `--activity-type "LinkedIn=email"`. Categories: call, email,
        /// first_meeting, follow_up_meeting, meeting, meeting_booked,
        /// not_counted.
        #[arg(long = "activity-type", value_name = "TYPE=CATEGORY", value_parser = parse_activity_type)]
        activity_type: Vec<crate::import::ActivityTypeChoice>,
        /// Reject the whole file on any problem.
        #[arg(long)]
        strict: bool,
        /// Check the file and report, changing nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// List deals, optionally of one fiscal quarter.
    Deals {
        #[arg(long, value_name = "YYYY-Qn")]
        quarter: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One deal by its CRM id: its fields, local corrections and timeline.
    /// With --close-date, --amount, --stage or --risk, correct it first
    /// (kept until the CRM's own value changes).
    Deal {
        /// The deal's id in the CRM export.
        id: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        close_date: Option<String>,
        /// e.g. 125000 or "$125k".
        #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
        amount: Option<String>,
        /// A stage of the process, by name or number.
        #[arg(long, value_name = "NAME")]
        stage: Option<String>,
        /// red, orange, yellow, green, or none.
        #[arg(long, value_name = "LEVEL")]
        risk: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The quarter's forecast by risk, with the gap to goal.
    Forecast {
        #[command(subcommand)]
        action: Option<ForecastAction>,
        #[arg(long, value_name = "YYYY-Qn")]
        quarter: Option<String>,
        /// Goal for this run, e.g. 1500000 or "$1.5m".
        #[arg(long, value_name = "AMOUNT")]
        goal: Option<String>,
        /// Create-and-close amount for this run.
        #[arg(long, value_name = "AMOUNT")]
        create_and_close: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Keep a snapshot of this quarter's forecast and deals now (one is also
    /// taken automatically the first time each week the app or forecast is opened).
    Snapshot {
        #[arg(long)]
        json: bool,
    },
    /// The import history.
    Imports {
        #[arg(long)]
        json: bool,
    },
    /// Undo the most recent import.
    Revert { import_id: i64 },
    /// The five-stage process template (stages, exit criteria, risk definitions, CRM stage mapping).
    Template {
        #[command(subcommand)]
        action: Option<TemplateAction>,
        #[arg(long)]
        json: bool,
    },
    /// Candidates with what the hiring rules say: weighted score, coachability,
    /// must-pass floors, disagreements, recommendation and reasons.
    Hiring {
        #[command(subcommand)]
        action: Option<HiringAction>,
        /// Only candidates for this role (AE, SDR, CSM, manager).
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write a workbook to share (`export board`: the board-ready forecast;
    /// `export ramp`: the ramp board, or one rep's 1:1 page; `export scale`:
    /// the hiring plan with live formulas).
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Save an import's rejected and flagged rows, with the reason beside each, as xlsx.
    RowsToFix {
        import_id: i64,
        /// Where to write it (default: the suggested name in the current directory).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

pub fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SALESOS_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal: piped into a file or another
        // program (calamine's warnings included) they are noise.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn open(data: &Option<PathBuf>) -> Result<Workspace, Error> {
    Workspace::open(&store::data_dir(data.as_deref()))
}

fn money_arg(text: &Option<String>, currency: &str, what: &str) -> Result<Option<i64>, Error> {
    let Some(t) = text else { return Ok(None) };
    let v = crate::money::parse_amount(t)
        .filter(|v| *v >= 0.0)
        .ok_or_else(|| {
            Error::invalid(format!(
                "--{what} \"{t}\" is not an amount (write e.g. 1500000 or 1.5m)."
            ))
        })?;
    Ok(crate::money::to_minor(v, currency))
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Serve { port, no_open } => {
            let ws = Arc::new(open(&cli.data)?);
            let rt = tokio::runtime::Runtime::new()?;
            rt.block_on(async move {
                let server = crate::server::Server::bind(ws, port).await?;
                let url = server.url();
                println!("SalesOS is running at {url}");
                println!("Press Ctrl+C to stop.");
                use std::io::Write;
                std::io::stdout().flush().ok();
                if !no_open {
                    if let Err(e) = open::that_detached(&url) {
                        eprintln!("Could not open a browser ({e}); open the address above.");
                    }
                }
                server.run().await
            })?;
        }
        Command::Demo => {
            let ws = open(&cli.data)?;
            let s = api::load_demo(&ws, Empty {})?;
            println!(
                "Loaded the sample team: {} people and {} deals.",
                s.reps, s.deals
            );
        }
        Command::Import {
            file,
            kind,
            sheet,
            map,
            activity_type,
            strict,
            dry_run,
            json,
        } => {
            let ws = open(&cli.data)?;
            let kind = match kind {
                Some(k) => k,
                None => detected_kind(&ws, &file)?,
            };
            let kind_name = kind_name(kind);
            let kind = match kind {
                Kind::Deals => ImportKind::Deals,
                Kind::Reps => ImportKind::Reps,
                Kind::Activities => ImportKind::Activities,
                Kind::Template => {
                    let bytes =
                        store::files::read_user_file(&ws, &file, crate::import::MAX_UPLOAD_BYTES)?;
                    let name = file
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "template.xlsx".into());
                    let report = api::import_template_bytes(&ws, &name, &bytes)?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&output::template_import_json(&report))?
                        );
                    } else {
                        output::print_template_import(&report);
                    }
                    return Ok(ExitCode::SUCCESS);
                }
                Kind::Scorecards => {
                    return import_scorecards(&ws, &file, sheet.as_deref(), strict, dry_run, json)
                }
            };
            let options = ImportOptions {
                sheet,
                kind,
                columns: map,
                activity_types: activity_type,
                strict,
                dry_run,
                ..ImportOptions::default()
            };
            let bar = output::progress_bar();
            let report =
                crate::import::import_file(&ws, &file, &options, &mut |phase, done, total| {
                    output::progress(&bar, phase, done, total)
                });
            bar.finish_and_clear();
            let report = report?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&output::import_json(&report, kind_name))?
                );
            } else {
                output::print_import(&report);
            }
            if report.strict_failed {
                eprintln!(
                    "error: strict import refused the file: {} problem(s), nothing imported",
                    report.errors.len() + report.warnings.len()
                );
                return Ok(ExitCode::from(2));
            }
        }
        Command::Deals { quarter, json } => {
            let ws = open(&cli.data)?;
            let conn = ws.conn();
            let cal = store::settings::calendar(&conn)?;
            let q = DealQuery {
                quarter,
                ..DealQuery::default()
            };
            let deals = store::deals::all(&conn, &cal, &q)?;
            if json {
                let rows: Vec<_> = deals.iter().map(output::deal_json).collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                output::print_deals(&deals);
            }
        }
        Command::Deal {
            id,
            close_date,
            amount,
            stage,
            risk,
            json,
        } => deal::run(
            &open(&cli.data)?,
            &id,
            deal::Changes {
                close_date,
                amount,
                stage,
                risk,
            },
            json,
        )?,
        Command::Forecast {
            action: Some(action),
            ..
        } => forecast_action(&open(&cli.data)?, action)?,
        Command::Snapshot { json } => {
            let ws = open(&cli.data)?;
            let s = api::take_snapshot(&ws, Empty {})?;
            let currency = store::settings::currency(&ws.conn())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&output::snapshot_json(&s, &currency))?
                );
            } else {
                output::print_snapshot(&s, &currency);
            }
        }
        Command::Forecast {
            action: None,
            quarter,
            goal,
            create_and_close,
            json,
        } => {
            let ws = open(&cli.data)?;
            let currency = store::settings::currency(&ws.conn())?;
            let req = ForecastRequest {
                quarter,
                goal: money_arg(&goal, &currency, "goal")?,
                create_and_close: money_arg(&create_and_close, &currency, "create-and-close")?,
            };
            let report = api::forecast(&ws, req)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&output::forecast_json(&report))?
                );
            } else {
                output::print_forecast(&report);
            }
        }
        Command::Imports { json } => {
            let ws = open(&cli.data)?;
            let list = api::list_imports(&ws, Empty {})?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for r in list {
                    println!(
                        "#{:<4} {}  {:<40} read {:>6}  created {:>6}  updated {:>6}  rejected {:>4}{}",
                        r.id,
                        r.imported_at,
                        r.file_name,
                        r.rows_read,
                        r.created,
                        r.updated,
                        r.rejected,
                        if r.reverted_at.is_some() { "  (reverted)" } else { "" }
                    );
                }
            }
        }
        Command::Template { action, json } => {
            let ws = open(&cli.data)?;
            match action {
                Some(TemplateAction::Export { out }) => {
                    let download = api::template_xlsx(&ws, Empty {})?;
                    store::files::write_user_file(&ws, &out, &download.bytes)?;
                    println!("Saved the process template to {}.", out.display());
                }
                None => {
                    let view = api::get_template(&ws, Empty {})?;
                    let mapping = api::stage_mapping(&ws, Empty {})?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&output::template_json(&view, &mapping))?
                        );
                    } else {
                        output::print_template(&view, &mapping);
                    }
                }
            }
        }
        Command::Hiring { action, role, json } => {
            let ws = open(&cli.data)?;
            match action {
                None => {
                    let role = role
                        .as_deref()
                        .map(crate::hiring::Role::parse_or_explain)
                        .transpose()?;
                    let list = api::hiring_summary(&ws, role)?;
                    if json {
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&hiring::hiring_json(&list))?
                        );
                    } else {
                        hiring::print_hiring(&list);
                    }
                }
                Some(HiringAction::Export {
                    candidate,
                    role,
                    out,
                }) => {
                    let download = hiring_export(&ws, candidate.as_deref(), role.as_deref())?;
                    store::files::write_user_file(&ws, &out, &download.bytes)?;
                    println!("Saved {} to {}.", download.file_name, out.display());
                }
            }
        }
        Command::Export {
            what: ExportWhat::Board { quarter, goal, out },
        } => {
            let ws = open(&cli.data)?;
            let currency = store::settings::currency(&ws.conn())?;
            let req = api::BoardRequest {
                quarter,
                goal: money_arg(&goal, &currency, "goal")?,
            };
            let pack = api::board_pack(&ws, req)?;
            store::files::write_user_file(&ws, &out, &pack.bytes)?;
            output::print_board_saved(&pack, &out);
        }
        Command::Ramp { role, json } => {
            let ws = open(&cli.data)?;
            let b = api::ramp_board(&ws, api::RampRequest { role })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&ramp::board_json(&b))?);
            } else {
                ramp::print_board(&b);
            }
        }
        Command::Scale {
            action: None,
            inputs,
            json,
        } => {
            let ws = open(&cli.data)?;
            let r = api::scale_readiness(&ws, inputs.request())?;
            if let Some(line) = scale::missing_line(&r) {
                eprintln!("error: {line}");
                return Ok(ExitCode::FAILURE);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                scale::print_report(&r);
            }
        }
        Command::Scale {
            action: Some(ScaleAction::Plan { plan, json }),
            inputs,
            json: outer_json,
        } => {
            let ws = open(&cli.data)?;
            let p = api::scale_plan(&ws, plan.request(&inputs))?;
            if json || outer_json {
                println!("{}", serde_json::to_string_pretty(&p)?);
            } else {
                scale::print_plan(&p);
            }
        }
        Command::Export {
            what: ExportWhat::Scale { out, plan },
        } => {
            let ws = open(&cli.data)?;
            let download = api::scale_xlsx(&ws, plan.request(&scale::InputFlags::default()))?;
            store::files::write_user_file(&ws, &out, &download.bytes)?;
            println!("Saved {} to {}.", download.file_name, out.display());
        }
        Command::Metrics { rep, weeks, json } => {
            let ws = open(&cli.data)?;
            let r = api::rep_ramp(&ws, api::RepRampRequest { rep, weeks })?;
            if json {
                println!("{}", serde_json::to_string_pretty(&ramp::metrics_json(&r))?);
            } else {
                ramp::print_metrics(&r);
            }
        }
        Command::Export {
            what: ExportWhat::Ramp { rep, out },
        } => {
            let ws = open(&cli.data)?;
            let download = match rep {
                Some(rep) => api::rep_ramp_xlsx(&ws, api::RepRampRequest { rep, weeks: None })?,
                None => api::ramp_xlsx(&ws, api::RampRequest { role: None })?,
            };
            store::files::write_user_file(&ws, &out, &download.bytes)?;
            println!("Saved {} to {}.", download.file_name, out.display());
        }
        Command::RowsToFix { import_id, out } => {
            let ws = open(&cli.data)?;
            let download =
                api::import_issues_xlsx(&ws, crate::import::ImportIdRequest { import_id })?;
            let path = out.unwrap_or_else(|| PathBuf::from(&download.file_name));
            store::files::write_user_file(&ws, &path, &download.bytes)?;
            println!("Saved the rows to fix to {}.", path.display());
        }
        Command::Revert { import_id } => {
            let ws = open(&cli.data)?;
            let r = api::revert_import(&ws, crate::import::ImportIdRequest { import_id })?;
            println!("Reverted import #{} ({}).", r.id, r.file_name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn forecast_action(
    ws: &Workspace,
    action: ForecastAction,
) -> Result<(), Box<dyn std::error::Error>> {
    match action {
        ForecastAction::History { quarter, json } => {
            let h = api::forecast_history(ws, api::ForecastHistoryRequest { quarter })?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&output::history_json(&h))?
                );
            } else {
                output::print_history(&h);
            }
        }
        ForecastAction::Call { amount, note } => {
            let currency = store::settings::currency(&ws.conn())?;
            let minor = crate::money::parse_amount(&amount)
                .filter(|v| *v >= 0.0)
                .and_then(|v| crate::money::to_minor(v, &currency))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "\"{amount}\" is not an amount to call (write e.g. 1500000 or 1.5m)."
                    ))
                })?;
            let amount = Some(minor);
            let h = api::call_forecast(ws, api::CallForecastRequest { amount, note })?;
            if let Some(c) = &h.call {
                println!(
                    "Called {} for {} (week of {}).",
                    crate::money::format(c.amount, &currency),
                    h.quarter,
                    c.week_start
                );
            }
        }
    }
    Ok(())
}

/// `hiring export`: a candidate's packet or a role's comparison (the
/// leader's view: every submitted scorecard, no viewer gate).
fn hiring_export(
    ws: &Workspace,
    candidate: Option<&str>,
    role: Option<&str>,
) -> Result<api::Download, Error> {
    let conn = ws.conn();
    if let Some(name) = candidate {
        let c = store::hiring::find(&conn, name)?
            .ok_or_else(|| Error::NotFound(format!("A candidate named \"{}\"", name.trim())))?;
        return api::packet_download(&conn, c);
    }
    let role = crate::hiring::Role::parse_or_explain(role.unwrap_or_default())?;
    let cmp = api::comparison_of(&conn, role, None, false)?;
    api::comparison_download(&cmp)
}

/// `import --kind scorecards`. With `--strict`, a file with any rejected row
/// changes nothing (exit status 2).
/// The kind of a file imported without `--kind`, told from its columns,
/// said on stderr so the person sees what the file was taken for.
fn detected_kind(
    ws: &Workspace,
    file: &std::path::Path,
) -> Result<Kind, Box<dyn std::error::Error>> {
    use crate::import::detect::{detect, DetectedKind};
    let bytes = store::files::read_user_file(ws, file, crate::import::MAX_UPLOAD_BYTES)?;
    let found = detect(&bytes);
    if found.read {
        eprintln!("{} (choose with --kind).", found.reason);
    }
    Ok(match found.kind {
        DetectedKind::Deals => Kind::Deals,
        DetectedKind::Reps => Kind::Reps,
        DetectedKind::Activities => Kind::Activities,
        DetectedKind::Scorecards => Kind::Scorecards,
        DetectedKind::Template => Kind::Template,
    })
}

/// The name `--kind` takes and `--json` reports.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Deals => "deals",
        Kind::Reps => "reps",
        Kind::Activities => "activities",
        Kind::Template => "template",
        Kind::Scorecards => "scorecards",
    }
}

fn import_scorecards(
    ws: &Workspace,
    file: &std::path::Path,
    sheet: Option<&str>,
    strict: bool,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let bytes = store::files::read_user_file(ws, file, crate::import::MAX_UPLOAD_BYTES)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scores".into());
    // With --strict the file is checked first, so a refusal changes nothing.
    let check_first = strict || dry_run;
    let mut report = crate::import::scorecards::import(ws, &name, &bytes, sheet, check_first)?;
    let refused = strict && report.rejected > 0;
    if check_first && !dry_run && !refused {
        report = crate::import::scorecards::import(ws, &name, &bytes, sheet, false)?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        hiring::print_import(&report);
    }
    if refused {
        eprintln!(
            "error: strict import refused the file: {} row(s) rejected, nothing imported",
            report.rejected
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

/// `salesos deals | head` should end quietly like any Unix tool, not panic on
/// a closed pipe: Rust ignores SIGPIPE by default, so restore the default.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `--map "COLUMN=FIELD"`: the field by its name (`external_id`, `amount`...)
/// or `none`; the column's name may itself hold "=", so the last one splits.
fn parse_ramp_role(text: &str) -> Result<crate::ramp::Role, String> {
    crate::ramp::Role::ALL
        .into_iter()
        .find(|r| r.code().eq_ignore_ascii_case(text.trim()))
        .ok_or_else(|| format!("\"{text}\" is not a role with a ramp plan; use AE, SDR or CSM"))
}

fn parse_activity_type(text: &str) -> Result<crate::import::ActivityTypeChoice, String> {
    use crate::import::ActivityCategory;
    let (label, category) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{text}\" is not TYPE=CATEGORY, e.g. \"LinkedIn=email\""))?;
    let category = ActivityCategory::parse(category).ok_or_else(|| {
        let names: Vec<&str> = ActivityCategory::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "\"{}\" is not a category; use one of {}",
            category.trim(),
            names.join(", ")
        )
    })?;
    if label.trim().is_empty() {
        return Err("the activity type before \"=\" is empty".into());
    }
    Ok(crate::import::ActivityTypeChoice {
        label: label.trim().to_string(),
        category,
    })
}

fn parse_column_choice(text: &str) -> Result<crate::import::ColumnChoice, String> {
    let (header, field) = text
        .rsplit_once('=')
        .ok_or_else(|| format!("\"{text}\" is not COLUMN=FIELD, e.g. \"Column-0=external_id\""))?;
    let field = field.trim();
    let field = if field.eq_ignore_ascii_case("none") {
        None
    } else {
        let quoted = serde_json::Value::String(field.to_ascii_lowercase());
        Some(serde_json::from_value(quoted).map_err(|_| {
            format!("\"{field}\" is not a field; use a field name such as external_id, name, account, owner, amount, close_date, stage or status, or none")
        })?)
    };
    Ok(crate::import::ColumnChoice {
        header: header.trim().to_string(),
        field,
    })
}
