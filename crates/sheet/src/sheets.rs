//! Which sheet of a workbook is read when none is asked for.
//!
//! Exports and hand-made workbooks put other sheets beside the data: a
//! hidden helper sheet (a "Lookup" of stages or owners), an empty cover, a
//! sheet of currency rates first, pivot tables and summaries built from the
//! data, a copy of the data with a few columns of formulas. The data is on
//! the visible sheet that looks most like what the caller asked for: the
//! one whose column names name the most of the caller's fields, then the
//! one with the most rows. Hidden sheets are looked at only when no visible
//! sheet has such column names. A sheet asked for by name is read whatever
//! it is, hidden or not.
use calamine::{Sheet, SheetType, SheetVisible};

use crate::grid::{Cell, Grid};
use crate::{Error, Result};

/// What a column name means to the caller: the number of the field it names
/// (any numbering), or `None`. A sheet whose first rows name two or more
/// fields holds the caller's data; the more fields, the likelier.
pub type Fields = dyn Fn(&str) -> Option<usize> + Sync;

/// Cells looked at to decide what a sheet holds: a sheet of formatted but
/// empty cells is not read to its end just to say so.
pub(crate) const PROBE_CELLS: usize = 10_000;
/// Rows looked at for a header, as the header is looked for.
pub(crate) const PROBE_ROWS: usize = 30;
/// Sheets probed: a workbook of many note sheets is not read through for a
/// header it does not have.
const PROBE_SHEETS: usize = 10;

/// What the first rows of a sheet hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Probe {
    /// Distinct fields the best row of column names names (2 or more: a header).
    pub fields: usize,
    /// Rows: the filled rows seen, or the rows the sheet declares when more
    /// (only the first rows are read to probe it). 0: nothing in it.
    pub rows: u64,
}

impl Probe {
    pub const EMPTY: Probe = Probe { fields: 0, rows: 0 };

    fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// A row of column names the caller knows: two fields or more.
    fn has_header(&self) -> bool {
        self.fields >= 2
    }

    /// How much the sheet looks like the caller's data: a header first, then
    /// the fields it names, then its rows.
    pub(crate) fn rank(&self) -> (bool, usize, u64) {
        (self.has_header(), self.fields, self.rows)
    }
}

/// What `grid` (a sheet's first rows) holds, for a caller whose column
/// names `fields` knows; `declared_rows` is the row count the sheet states
/// of itself (0 when it does not), as only its first rows are in `grid`.
pub(crate) fn classify(grid: &Grid, fields: &Fields, declared_rows: u64) -> Probe {
    let filled = grid.rows.iter().filter(|r| !r.is_blank()).count() as u64;
    if filled == 0 {
        return Probe::EMPTY;
    }
    let named = grid
        .rows
        .iter()
        .take(PROBE_ROWS)
        .map(|row| {
            let mut named: Vec<usize> = row
                .cells
                .iter()
                .filter_map(|c| match c {
                    Cell::Text(t) => fields(t),
                    _ => None,
                })
                .collect();
            named.sort_unstable();
            named.dedup();
            named.len()
        })
        .max()
        .unwrap_or(0);
    Probe {
        fields: named,
        rows: filled.max(declared_rows),
    }
}

/// The sheet to read and, when the workbook has others, a note saying which
/// one was read and why.
pub(crate) struct Choice {
    pub sheet: String,
    pub note: Option<String>,
}

/// Picks the sheet `wanted` (by name, see [`choose`]); else, of the visible
/// worksheets, the one `probe` finds most like the caller's data (see
/// [`Probe::rank`]); when none has a known header, a hidden one that has;
/// else the visible sheet with the most rows, else the hidden one; else the
/// first visible sheet (which is then reported empty by name).
pub(crate) fn pick(
    meta: &[Sheet],
    wanted: Option<&str>,
    mut probe: impl FnMut(&str) -> Probe,
) -> Result<Choice> {
    let names: Vec<String> = meta.iter().map(|s| s.name.clone()).collect();
    if wanted.is_some_and(|w| !w.is_empty()) {
        return Ok(Choice {
            sheet: choose(&names, wanted)?,
            note: None,
        });
    }
    let visible = |s: &&Sheet| s.visible == SheetVisible::Visible;
    let worksheet = |s: &&Sheet| s.typ == SheetType::WorkSheet;
    let mut probes: Vec<(&Sheet, Probe)> = Vec::new();
    let chosen = if meta.len() == 1 {
        meta.first()
    } else {
        let shown = meta.iter().filter(|s| worksheet(s) && visible(s));
        let seen_visible = probe_best(shown, &mut probes, &mut probe);
        let header = |at: Option<usize>, probes: &[(&Sheet, Probe)]| {
            at.filter(|&i| probes[i].1.has_header())
        };
        match header(seen_visible, &probes) {
            Some(i) => Some(probes[i].0),
            None => {
                let hidden = meta.iter().filter(|s| worksheet(s) && !visible(s));
                let seen_hidden = probe_best(hidden, &mut probes, &mut probe);
                header(seen_hidden, &probes)
                    .or(seen_visible)
                    .or(seen_hidden)
                    .map(|i| probes[i].0)
            }
        }
    };
    let sheet = chosen
        .or_else(|| meta.iter().find(visible))
        .or_else(|| meta.first())
        .map(|s| s.name.clone())
        .ok_or_else(|| Error::unreadable("The workbook has no sheets."))?;
    Ok(Choice {
        note: note(meta, &sheet, &probes),
        sheet,
    })
}

/// Probes `sheets` (while fewer than [`PROBE_SHEETS`] are probed in all)
/// into `probes`; returns where in `probes` the one most like the data is,
/// the first of equals (the workbook's order decides a tie).
fn probe_best<'m>(
    sheets: impl Iterator<Item = &'m Sheet>,
    probes: &mut Vec<(&'m Sheet, Probe)>,
    probe: &mut impl FnMut(&str) -> Probe,
) -> Option<usize> {
    let from = probes.len();
    for sheet in sheets.take(PROBE_SHEETS.saturating_sub(from)) {
        probes.push((sheet, probe(&sheet.name)));
    }
    let mut best: Option<usize> = None;
    for (i, (_, p)) in probes.iter().enumerate().skip(from) {
        if !p.is_empty() && best.is_none_or(|b| p.rank() > probes[b].1.rank()) {
            best = Some(i);
        }
    }
    best
}

/// "Read the sheet "Deals" (4 known column names, the most); the workbook
/// also has "Lookup" (hidden), "Pivot" (no known column names)…".
fn note(meta: &[Sheet], read: &str, probes: &[(&Sheet, Probe)]) -> Option<String> {
    let probed = |name: &str| probes.iter().find(|(s, _)| s.name == name).map(|(_, p)| *p);
    let others: Vec<String> = meta
        .iter()
        .filter(|s| s.name != read)
        .map(|s| {
            let mut what = Vec::new();
            if s.visible != SheetVisible::Visible {
                what.push("hidden".to_string());
            }
            if s.typ != SheetType::WorkSheet {
                what.push("a chart".to_string());
            }
            match probed(&s.name) {
                Some(p) if p.is_empty() => what.push("empty".into()),
                Some(p) => what.push(known_names(p.fields)),
                None => {}
            }
            if what.is_empty() {
                format!("\"{}\"", s.name)
            } else {
                format!("\"{}\" ({})", s.name, what.join(", "))
            }
        })
        .collect();
    if others.is_empty() {
        return None;
    }
    let why = match probed(read) {
        Some(p) if p.has_header() => {
            let rivals = probes
                .iter()
                .filter(|(s, q)| s.name != read && q.fields == p.fields)
                .count();
            if rivals > 0 {
                format!(
                    " ({}, as many as another sheet, and the most rows)",
                    known_names(p.fields)
                )
            } else {
                format!(" ({}, the most)", known_names(p.fields))
            }
        }
        Some(p) if !p.is_empty() => {
            " (the most rows; no sheet has column names SalesOS knows)".into()
        }
        _ => String::new(),
    };
    Some(format!(
        "Read the sheet \"{read}\"{why}; the workbook also has {}: choose one of those to import it instead.",
        others.join(", ")
    ))
}

fn known_names(fields: usize) -> String {
    match fields {
        0 => "no known column names".into(),
        1 => "1 known column name".into(),
        n => format!("{n} known column names"),
    }
}

/// Picks the sheet to read: the one asked for (exact name, then any case), else the first.
pub(crate) fn choose(sheets: &[String], wanted: Option<&str>) -> Result<String> {
    match wanted.filter(|s| !s.is_empty()) {
        Some(name) => sheets
            .iter()
            .find(|s| s.as_str() == name)
            .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(name)))
            .cloned()
            .ok_or_else(|| {
                Error::NoSuchSheet(format!(
                    "There is no sheet named \"{name}\". The workbook has: {}.",
                    sheets.join(", ")
                ))
            }),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| Error::unreadable("The workbook has no sheets.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(name: &str, visible: SheetVisible) -> Sheet {
        Sheet {
            name: name.into(),
            typ: SheetType::WorkSheet,
            visible,
        }
    }

    const EMPTY: Probe = Probe::EMPTY;

    fn filled(rows: u64) -> Probe {
        Probe { fields: 0, rows }
    }

    fn header(fields: usize, rows: u64) -> Probe {
        Probe { fields, rows }
    }

    #[test]
    fn skips_hidden_and_empty_sheets_unless_asked() {
        let meta = [
            sheet("Lookup", SheetVisible::Hidden),
            sheet("Cover", SheetVisible::Visible),
            sheet("Summary", SheetVisible::Visible),
            sheet("Deals", SheetVisible::Visible),
        ];
        let probe = |n: &str| match n {
            "Cover" => EMPTY,
            "Summary" => filled(12),
            _ => header(4, 200),
        };
        let c = pick(&meta, None, probe).unwrap();
        assert_eq!(c.sheet, "Deals");
        let note = c.note.unwrap();
        assert!(
            note.contains("\"Lookup\" (hidden)") && note.contains("\"Cover\" (empty)"),
            "{note}"
        );
        assert!(
            note.contains("\"Summary\" (no known column names)"),
            "{note}"
        );
        assert!(note.contains("(4 known column names, the most)"), "{note}");
        assert_eq!(pick(&meta, Some("lookup"), probe).unwrap().sheet, "Lookup");
        // No known header: the visible sheet with the most rows.
        let no_header = |n: &str| match n {
            "Cover" => EMPTY,
            "Summary" => filled(12),
            _ => filled(300),
        };
        let c = pick(&meta, None, no_header).unwrap();
        assert_eq!(c.sheet, "Deals");
        assert!(c.note.unwrap().contains("(the most rows;"));
        // Nothing anywhere: the first visible sheet, to be reported empty.
        assert_eq!(pick(&meta, None, |_| EMPTY).unwrap().sheet, "Cover");
        // Only a hidden sheet holds data: that one.
        let hidden_only = |n: &str| {
            if n == "Lookup" {
                header(3, 40)
            } else {
                EMPTY
            }
        };
        assert_eq!(pick(&meta, None, hidden_only).unwrap().sheet, "Lookup");
        // A hidden sheet with a header beats visible ones without.
        let hidden_header = |n: &str| match n {
            "Lookup" => header(2, 5),
            "Cover" => EMPTY,
            _ => filled(50),
        };
        assert_eq!(pick(&meta, None, hidden_header).unwrap().sheet, "Lookup");
    }

    /// The sheet most like the data wins, not the first with a header: a
    /// sheet of rates before the opportunities, a copy of the data with
    /// formula columns beside it, pivots naming one field.
    #[test]
    fn picks_the_sheet_most_like_the_data() {
        let meta = [
            sheet("Converter", SheetVisible::Visible),
            sheet("Sales Lead_Stage", SheetVisible::Visible),
            sheet("Pivot", SheetVisible::Visible),
            sheet("Sales Pipeline", SheetVisible::Visible),
        ];
        let probe = |n: &str| match n {
            "Converter" => filled(4),
            "Sales Lead_Stage" => header(4, 10_008),
            "Pivot" => header(1, 20),
            _ => header(6, 9_996),
        };
        let c = pick(&meta, None, probe).unwrap();
        assert_eq!(c.sheet, "Sales Pipeline");
        let note = c.note.unwrap();
        assert!(
            note.starts_with("Read the sheet \"Sales Pipeline\" (6 known column names, the most);"),
            "{note}"
        );
        assert!(
            note.contains("\"Sales Lead_Stage\" (4 known column names)")
                && note.contains("\"Pivot\" (1 known column name)"),
            "{note}"
        );
        // As many fields: the most rows; a tie of both: the first.
        let tie = |n: &str| match n {
            "Sales Lead_Stage" => header(6, 10_008),
            "Sales Pipeline" => header(6, 9_996),
            _ => EMPTY,
        };
        let c = pick(&meta, None, tie).unwrap();
        assert_eq!(c.sheet, "Sales Lead_Stage");
        assert!(c
            .note
            .unwrap()
            .contains("as many as another sheet, and the most rows"));
        let same = |n: &str| match n {
            "Converter" | "Pivot" => EMPTY,
            _ => header(6, 100),
        };
        assert_eq!(pick(&meta, None, same).unwrap().sheet, "Sales Lead_Stage");
    }

    #[test]
    fn classifies_a_sheets_first_rows() {
        let known = |h: &str| match h {
            "Name" => Some(1),
            "Amount" => Some(2),
            "Deal" => Some(1),
            _ => None,
        };
        let row = |number: u32, cells: &[&str]| crate::grid::GridRow {
            number,
            cells: cells
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text((*c).into())
                    }
                })
                .collect(),
        };
        let grid = Grid {
            rows: vec![
                row(1, &["Total", "", "500"]),
                row(2, &["Name", "Deal", "Amount", "Other"]),
                row(3, &["A", "", "1"]),
            ],
            ..Grid::default()
        };
        // "Name" and "Deal" are one field: 2 fields named, not 3.
        assert_eq!(classify(&grid, &known, 0), header(2, 3));
        assert_eq!(classify(&grid, &known, 9_000), header(2, 9_000));
        assert_eq!(classify(&Grid::default(), &known, 9_000), EMPTY);
    }
}
