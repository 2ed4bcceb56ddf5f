//! Which sheet of a workbook is read when none is asked for.
//!
//! Exports and hand-made workbooks often start with a hidden helper sheet
//! (a "Lookup" of stages or owners) or an empty cover sheet; the deals are on
//! the first sheet a person sees that has something in it. A sheet asked
//! for by name is read whatever it is, hidden or not.
use calamine::{Sheet, SheetType, SheetVisible};

use super::grid::choose;
use crate::error::{Error, Result};

/// Cells looked at to decide whether a sheet holds anything: a sheet of
/// formatted but empty cells is not read to its end just to say so.
pub(super) const PROBE_CELLS: usize = 10_000;

/// The sheet to read and, when the workbook has others, a note saying which
/// one was read.
pub(super) struct Choice {
    pub sheet: String,
    pub note: Option<String>,
}

/// Picks the sheet `wanted` (by name, see [`choose`]), else the first
/// visible worksheet that `has_data` says holds something, else the first
/// hidden one that does, else the first visible sheet (which is then
/// reported empty by name).
pub(super) fn pick(
    meta: &[Sheet],
    wanted: Option<&str>,
    mut has_data: impl FnMut(&str) -> bool,
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
        .chain(meta.iter().filter(|s| worksheet(s) && !visible(s)));
    let chosen = if meta.len() == 1 {
        meta.first()
    } else {
        candidates
            .clone()
            .find(|s| has_data(&s.name))
            .or_else(|| meta.iter().find(visible))
            .or_else(|| meta.first())
    };
    let sheet = chosen
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
            sheet("Deals", SheetVisible::Visible),
        ];
        let filled = |n: &str| n != "Cover";
        let c = pick(&meta, None, filled).unwrap();
        assert_eq!(c.sheet, "Deals");
        let note = c.note.unwrap();
        assert!(
            note.contains("\"Lookup\" (hidden)") && note.contains("\"Cover\""),
            "{note}"
        );
        assert_eq!(pick(&meta, Some("lookup"), filled).unwrap().sheet, "Lookup");
        // Nothing anywhere: the first visible sheet, to be reported empty.
        assert_eq!(pick(&meta, None, |_| false).unwrap().sheet, "Cover");
        // Only hidden sheets hold data: the first of them.
        assert_eq!(
            pick(&meta, None, |n| n == "Lookup").unwrap().sheet,
            "Lookup"
        );
    }
}
