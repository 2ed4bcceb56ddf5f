//! What a file holds, from its columns: deals, a team roster, interviewer
//! scorecards or a process template. An import started without a kind
//! (the CLI without `--kind`) uses this, so Maven's `sales_teams.csv` is read
//! as a roster instead of as deals whose every row would be rejected.
use std::collections::HashSet;

use sheet::grid::{Cell, Grid};
use sheet::sniff;

use super::columns::{field_for_header, find_header, no_fields};
use super::model::{then_counts, Field, ImportKind};
use super::{scorecards, template};

/// The kinds of file SalesOS imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectedKind {
    Deals,
    Reps,
    Activities,
    Scorecards,
    Template,
}

impl DetectedKind {
    /// The name `--kind` and `--json` use.
    pub fn as_str(self) -> &'static str {
        match self {
            DetectedKind::Deals => "deals",
            DetectedKind::Reps => "reps",
            DetectedKind::Activities => "activities",
            DetectedKind::Scorecards => "scorecards",
            DetectedKind::Template => "template",
        }
    }
}

/// A detected kind with a one-line reason a person can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub kind: DetectedKind,
    pub reason: String,
    /// The file could be read: when not, the import's own error says why,
    /// and the reason is not worth a line of its own.
    pub read: bool,
}

/// Columns only a deals export has: one of them makes the file deals even
/// when it also names owners or emails.
const DEAL_SIGNALS: &[Field] = &[
    Field::Amount,
    Field::Stage,
    Field::CloseDate,
    Field::Status,
    Field::IsWon,
    Field::IsClosed,
    Field::Probability,
];

/// Columns a roster has and a deals export does not.
const ROSTER_SIGNALS: &[Field] = &[
    Field::Manager,
    Field::Role,
    Field::Email,
    Field::Quota,
    Field::StartDate,
];

/// Columns only an activity export has: its type, a call's result or
/// duration, or a count per period ("Calls", "Meetings booked").
const ACTIVITY_SIGNALS: [Field; 13] =
    then_counts([Field::ActivityType, Field::CallResult, Field::Duration]);

/// Rows of a streamed sheet read to find its header (the header search
/// looks at the top 30 rows).
const HEAD_ROWS: usize = 30;

/// Bytes of a text file read to find its header at most: the header search
/// needs the top rows, not a 100 MB export.
const HEAD_BYTES: usize = 256 * 1024;

/// Headers shown in a reason, so it stays one line.
const REASON_HEADERS: usize = 5;

/// What the file holds. An unreadable file is called deals (the import then
/// says what is wrong with it), as the import did before it detected kinds.
pub fn detect(bytes: &[u8]) -> Detection {
    if template::is_template(bytes) {
        return Detection {
            kind: DetectedKind::Template,
            reason: "Looks like a SalesOS process template: it has a Stages sheet".into(),
            read: true,
        };
    }
    let grids = read_sheets(bytes);
    if let Some((name, _)) = grids.iter().find(|(_, g)| scorecards::has_header(g)) {
        let within = if grids.len() > 1 {
            format!(" (sheet {name})")
        } else {
            String::new()
        };
        return Detection {
            kind: DetectedKind::Scorecards,
            reason: format!(
                "Looks like interview scorecards: Candidate and Interviewer columns{within}"
            ),
            read: true,
        };
    }
    match grids.first() {
        Some((_, grid)) => rows_kind(grid),
        None => Detection {
            kind: DetectedKind::Deals,
            reason: "The file could not be read, so it is taken as deals".into(),
            read: false,
        },
    }
}

/// Every sheet of the file, by name; empty when the file cannot be read.
fn read_sheets(bytes: &[u8]) -> Vec<(String, Grid)> {
    let Ok(format) = sniff::sniff(bytes) else {
        return Vec::new();
    };
    if format == sheet::Format::Delimited {
        // A text file has one sheet; only its first rows are read (staging
        // used to parse the whole file here and again for the preview).
        let head = text_head(bytes);
        return sheet::load(format, head, None, &no_fields)
            .ok()
            .map(|(_, name, g)| vec![(name, g)])
            .unwrap_or_default();
    }
    let Ok(names) = sheet::sheet_names(format, bytes) else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(|n| {
            if sheet::stream::streams(format) {
                // Only the top rows of a workbook that streams: its header
                // is there, and a 100,000-row export is not read twice.
                sheet::stream::stream::<_, sheet::Error>(
                    format,
                    bytes,
                    Some(n),
                    &no_fields,
                    |_| Ok(()),
                    |tail| tail.head(HEAD_ROWS),
                )
                .ok()
                .map(|g| (n.clone(), g))
            } else {
                sheet::load(format, bytes, Some(n), &no_fields)
                    .ok()
                    .map(|(_, name, g)| (name, g))
            }
        })
        .collect()
}

/// The first rows of a text file: up to the end of its row `HEAD_ROWS + 1`
/// (the header search's rows and one more), at most `HEAD_BYTES`, cut after
/// a line break (a whole UTF-16 code unit in UTF-16 little-endian files).
pub fn text_head(bytes: &[u8]) -> &[u8] {
    let utf16le = bytes.starts_with(&[0xFF, 0xFE]);
    let window = &bytes[..bytes.len().min(HEAD_BYTES)];
    let mut lines = 0;
    let mut cut = None;
    for (i, b) in window.iter().enumerate() {
        if *b == b'\n' && (!utf16le || i % 2 == 0) {
            lines += 1;
            cut = Some(if utf16le { i + 2 } else { i + 1 });
            if lines > HEAD_ROWS {
                break;
            }
        }
    }
    match cut {
        Some(c) if lines > HEAD_ROWS || window.len() < bytes.len() => &bytes[..c.min(bytes.len())],
        _ => window,
    }
}

/// What one sheet's rows hold (scorecards, a roster or deals), from the
/// grid an import has read anyway: the preview says it without reading the
/// file again.
pub fn detect_grid(grid: &Grid) -> Detection {
    if scorecards::has_header(grid) {
        return Detection {
            kind: DetectedKind::Scorecards,
            reason: "Looks like interview scorecards: Candidate and Interviewer columns".into(),
            read: true,
        };
    }
    rows_kind(grid)
}

/// The headers of a sheet that name a field of `kind`, with the fields.
fn known_headers(grid: &Grid, kind: ImportKind) -> (Vec<String>, HashSet<Field>) {
    let mut headers = Vec::new();
    let mut fields = HashSet::new();
    let Some(row) = find_header(grid, kind).and_then(|at| grid.rows.get(at)) else {
        return (headers, fields);
    };
    for cell in &row.cells {
        if let Cell::Text(t) = cell {
            if let Some(f) = field_for_header(kind, t) {
                headers.push(t.trim().to_string());
                fields.insert(f);
            }
        }
    }
    (headers, fields)
}

/// Deals, activities or a roster: a deal column (amount, stage, close
/// date...) makes it deals; otherwise an activity column (type, call result,
/// a count per period) with a rep makes it activities; otherwise a roster
/// column (manager, role, email, quota, start date) makes it a roster;
/// otherwise the kind whose fields the headers name more often, deals on a tie.
fn rows_kind(grid: &Grid) -> Detection {
    let (deal_headers, deal_fields) = known_headers(grid, ImportKind::Deals);
    let (rep_headers, rep_fields) = known_headers(grid, ImportKind::Reps);
    let deal_signal = DEAL_SIGNALS.iter().any(|f| deal_fields.contains(f));
    let rep_signal = ROSTER_SIGNALS.iter().any(|f| rep_fields.contains(f));
    let reps = !deal_signal && (rep_signal || rep_fields.len() > deal_fields.len());
    let (activity_headers, activity_fields) = known_headers(grid, ImportKind::Activities);
    let activity_signal = ACTIVITY_SIGNALS.iter().any(|f| activity_fields.contains(f));
    if !deal_signal && activity_signal && activity_fields.contains(&Field::Owner) {
        Detection {
            kind: DetectedKind::Activities,
            reason: format!("Looks like activities: {}", listed(grid, &activity_headers)),
            read: true,
        }
    } else if reps {
        Detection {
            kind: DetectedKind::Reps,
            reason: format!("Looks like a team roster: {}", listed(grid, &rep_headers)),
            read: true,
        }
    } else if deal_fields.is_empty() {
        Detection {
            kind: DetectedKind::Deals,
            reason: "No column names a deal or roster field, so it is taken as deals".into(),
            read: true,
        }
    } else {
        Detection {
            kind: DetectedKind::Deals,
            reason: format!("Looks like deals: {}", listed(grid, &deal_headers)),
            read: true,
        }
    }
}

/// The header row as a short list ("sales_agent, manager, regional_office"):
/// the whole row when it is short, else the known headers.
fn listed(grid: &Grid, known: &[String]) -> String {
    let row: Vec<String> = find_header(grid, ImportKind::Reps)
        .and_then(|at| grid.rows.get(at))
        .map(|r| {
            r.cells
                .iter()
                .filter_map(|c| match c {
                    Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let names = if !row.is_empty() && row.len() <= REASON_HEADERS {
        row
    } else {
        known.to_vec()
    };
    let mut text = names
        .iter()
        .take(REASON_HEADERS)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > REASON_HEADERS {
        text.push_str(", …");
    }
    text
}
