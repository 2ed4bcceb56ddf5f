//! Which sheet of a workbook is read when none is asked for.
//!
//! Exports and hand-made workbooks often start with a hidden helper sheet
//! (a "Lookup" of stages or owners) or an empty cover sheet; the deals are on the
//! first sheet a person sees that has something in it, preferably column
//! names the import knows (a visible "Summary" may come first). A sheet asked
//! for by name is read whatever it is, hidden or not.
use calamine::{Sheet, SheetType, SheetVisible};

use crate::grid::{Cell, Grid};
use crate::{Error, Result};

/// What a column name means to the caller: the number of the field it names
/// (any numbering), or `None`. A sheet whose first rows name two or more
/// fields is the one the caller's data is on.
pub type Fields = dyn Fn(&str) -> Option<usize> + Sync;

/// Cells looked at to decide what a sheet holds: a sheet of formatted but
/// empty cells is not read to its end just to say so.
pub(crate) const PROBE_CELLS: usize = 10_000;
/// Rows looked at for a header, as the header is looked for.
pub(crate) const PROBE_ROWS: usize = 30;
/// Sheets probed before settling for the first one with data: a workbook
/// of many note sheets is not read through for a header it does not have.
const PROBE_SHEETS: usize = 10;

/// What the first rows of a sheet hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Probe {
    Empty,
    /// Something, but no row of column names the import knows.
    Filled,
    /// A row naming two or more fields the caller knows.
    Header,
}

/// What `grid` (a sheet's first rows) holds, for a caller whose column
/// names `fields` knows.
pub(crate) fn classify(grid: &Grid, fields: &Fields) -> Probe {
    if grid.rows.iter().all(|r| r.is_blank()) {
        return Probe::Empty;
    }
    let header = grid.rows.iter().take(PROBE_ROWS).any(|row| {
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
        named.len() >= 2
    });
    if header {
        Probe::Header
    } else {
        Probe::Filled
    }
}

/// The sheet to read and, when the workbook has others, a note saying which
/// one was read.
pub(crate) struct Choice {
    pub sheet: String,
    pub note: Option<String>,
}

/// Picks the sheet `wanted` (by name, see [`choose`]); else, of the visible
/// worksheets and then the hidden ones, the first whose first rows `probe`
/// finds a known header in, else the first with anything in it, else the
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
    let candidates = meta
        .iter()
        .filter(|s| worksheet(s) && visible(s))
        .chain(meta.iter().filter(|s| worksheet(s) && !visible(s)))
        .take(PROBE_SHEETS);
    let mut chosen = None;
    let mut filled = None;
    if meta.len() == 1 {
        chosen = meta.first();
    } else {
        for sheet in candidates {
            match probe(&sheet.name) {
                Probe::Header => {
                    chosen = Some(sheet);
                    break;
                }
                Probe::Filled => {
                    filled.get_or_insert(sheet);
                }
                Probe::Empty => {}
            }
        }
    }
    let sheet = chosen
        .or(filled)
        .or_else(|| meta.iter().find(visible))
        .or_else(|| meta.first())
        .map(|s| s.name.clone())
        .ok_or_else(|| Error::unreadable("The workbook has no sheets."))?;
    Ok(Choice {
        note: note(meta, &sheet),
        sheet,
    })
}

/// "Read the sheet "Deals"; the workbook also has "Lookup" (hidden)…".
fn note(meta: &[Sheet], read: &str) -> Option<String> {
    let others: Vec<String> = meta
        .iter()
        .filter(|s| s.name != read)
        .map(|s| match s.visible {
            SheetVisible::Visible => format!("\"{}\"", s.name),
            _ => format!("\"{}\" (hidden)", s.name),
        })
        .collect();
    if others.is_empty() {
        return None;
    }
    Some(format!(
        "Read the sheet \"{read}\"; the workbook also has {}: choose one of those to import it instead.",
        others.join(", ")
    ))
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

    #[test]
    fn skips_hidden_and_empty_sheets_unless_asked() {
        let meta = [
            sheet("Lookup", SheetVisible::Hidden),
            sheet("Cover", SheetVisible::Visible),
            sheet("Summary", SheetVisible::Visible),
            sheet("Deals", SheetVisible::Visible),
        ];
        let probe = |n: &str| match n {
            "Cover" => Probe::Empty,
            "Summary" => Probe::Filled,
            _ => Probe::Header,
        };
        let c = pick(&meta, None, probe).unwrap();
        assert_eq!(c.sheet, "Deals");
        let note = c.note.unwrap();
        assert!(
            note.contains("\"Lookup\" (hidden)") && note.contains("\"Cover\""),
            "{note}"
        );
        assert_eq!(pick(&meta, Some("lookup"), probe).unwrap().sheet, "Lookup");
        // No known header: the first visible sheet with something in it.
        let no_header = |n: &str| {
            if n == "Cover" {
                Probe::Empty
            } else {
                Probe::Filled
            }
        };
        assert_eq!(pick(&meta, None, no_header).unwrap().sheet, "Summary");
        // Nothing anywhere: the first visible sheet, to be reported empty.
        assert_eq!(pick(&meta, None, |_| Probe::Empty).unwrap().sheet, "Cover");
        // Only a hidden sheet holds data: that one.
        let hidden_only = |n: &str| {
            if n == "Lookup" {
                Probe::Header
            } else {
                Probe::Empty
            }
        };
        assert_eq!(pick(&meta, None, hidden_only).unwrap().sheet, "Lookup");
    }
}
