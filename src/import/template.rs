//! Reading a process template back from the workbook `export::template`
//! writes, after someone edited it in Excel, LibreOffice or Numbers.
//!
//! The file is recognised by its "Stages" sheet and that sheet's headers (a
//! re-saved file may lose the custom property the export sets), columns are
//! found by header text and rows by the `#` column, so moved columns and
//! sorted rows still land on the right stage. Stages absent from the file
//! and columns it lacks keep their current texts; the result is the current
//! template with the file's edits, plus one sentence per change for the user
//! to confirm before saving.
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::columns::no_fields;
use crate::error::{Error, Result};
use crate::process::template::workbook::{EXAMPLE_PREFIX, RISK_SHEET, STAGES_SHEET};
use crate::process::template::{
    new_criterion_id, Criterion, Preset, ProcessTemplate, TemplateStage,
};
use crate::process::Risk;
use sheet::grid::{Cell, Grid, GridRow};
use sheet::sniff;
use sheet::Format;

/// A template read from a file: the result and what changed.
#[derive(Debug, Clone)]
pub struct TemplateRead {
    pub template: ProcessTemplate,
    /// One plain sentence per change; empty when the file changes nothing.
    pub changes: Vec<String>,
}

/// How far down a sheet its header row may be.
const HEADER_SEARCH_ROWS: usize = 10;

/// Reads a template workbook (xlsx, or anything SalesOS reads that holds
/// the "Stages" sheet) and applies it to `current`.
pub fn read_template(bytes: &[u8], current: &ProcessTemplate) -> Result<TemplateRead> {
    match catch_unwind(AssertUnwindSafe(|| read(bytes, current))) {
        Ok(r) => r,
        Err(_) => Err(Error::unreadable(
            "The spreadsheet reader could not make sense of this file (it is damaged or unusual). Open it in your spreadsheet app, save it again as xlsx, and import that.",
        )),
    }
}

/// Whether the file looks like a template export (its "Stages" sheet and
/// headers are there), so a template chosen as deals or a roster is pointed
/// to the template import instead of being read as rows.
pub fn is_template(bytes: &[u8]) -> bool {
    catch_unwind(AssertUnwindSafe(|| {
        let Ok(format) = sniff::sniff(bytes) else {
            return false;
        };
        matches!(load_sheet(format, bytes, STAGES_SHEET), Ok(Some(g)) if stages_header(&g).is_some())
    }))
    .unwrap_or(false)
}

/// Refuses a template workbook offered as deals or a roster.
pub fn refuse_as_rows(bytes: &[u8]) -> Result<()> {
    if is_template(bytes) {
        return Err(Error::invalid(
            "This workbook is a SalesOS process template, not deals or a roster. Take its edits back on the Process page (Take back edits…), by adding it on the Import page, or with `salesos import FILE --kind template`.",
        ));
    }
    Ok(())
}

/// [`refuse_as_rows`] for a workbook whose sheet names are known (the
/// streaming reader lists them as it opens the file). Listing them again
/// would parse the workbook's whole text table, a tenth of a second for a
/// 100,000-row export, so the full check runs only when a "Stages" sheet,
/// which every template has, is there.
pub fn refuse_as_rows_named(bytes: &[u8], sheets: &[String]) -> Result<()> {
    if sheet_named(sheets, STAGES_SHEET).is_some() {
        refuse_as_rows(bytes)?;
    }
    Ok(())
}

/// The sheet called `name`, ignoring case and surrounding spaces.
fn sheet_named<'a>(sheets: &'a [String], name: &str) -> Option<&'a String> {
    sheets.iter().find(|s| s.trim().eq_ignore_ascii_case(name))
}

fn not_a_template() -> Error {
    Error::invalid(format!(
        "This file is not a SalesOS process template: it needs the \"{STAGES_SHEET}\" sheet that Template export writes, with its header row (#, Stage, Exit criteria...). Export the template from SalesOS, edit that file and import it back. To import deals or a roster, choose that kind of import instead."
    ))
}

fn read(bytes: &[u8], current: &ProcessTemplate) -> Result<TemplateRead> {
    let format = sniff::sniff(bytes).map_err(|e| {
        let reason = e.to_string();
        let first = reason.split(". ").next().unwrap_or("").trim_end_matches('.');
        Error::unreadable(format!(
            "This file cannot be read as a process template. {first}. Export the template from SalesOS, edit it in Excel or LibreOffice, save it as xlsx and import that."
        ))
    })?;
    let stages = load_sheet(format, bytes, STAGES_SHEET)?.ok_or_else(not_a_template)?;
    let (header_at, cols) = stages_header(&stages).ok_or_else(not_a_template)?;
    let Some(number_col) = cols.number else {
        return Err(Error::invalid(format!(
            "The \"{STAGES_SHEET}\" sheet has no \"#\" column. SalesOS matches each row to its stage by that number: export the template again and copy your edits into the new file."
        )));
    };
    let known = cols.all();
    let stage_rows = numbered_rows(
        &stages,
        header_at,
        number_col,
        &known,
        STAGES_SHEET,
        current,
    )?;

    let risk_rows = match load_sheet(format, bytes, RISK_SHEET)? {
        None => Vec::new(),
        Some(g) => {
            let (at, rc) = risk_header(&g).ok_or_else(|| {
                Error::invalid(format!(
                    "The \"{RISK_SHEET}\" sheet has lost its header row (#, Stage, Red, Orange, Yellow, Green). Put it back, or delete the sheet to keep the risk texts as they are."
                ))
            })?;
            let known: Vec<u32> = rc.colors.iter().flatten().copied().collect();
            numbered_rows(&g, at, rc.number, &known, RISK_SHEET, current)?
                .into_iter()
                .map(|(n, row)| {
                    let cells = rc.colors.map(|c| c.map(|c| text(row.get(c))));
                    (n, cells)
                })
                .collect()
        }
    };

    let mut template = current.clone();
    let mut changes = Vec::new();
    for stage in template.stages.iter_mut() {
        let label = format!("Stage {} ({})", stage.number, stage.name.trim());
        if let Some((_, row)) = stage_rows.iter().find(|(n, _)| *n == stage.number) {
            apply_stage(template.preset, stage, &cols, row, &label, &mut changes);
        }
        if let Some((_, cells)) = risk_rows.iter().find(|(n, _)| *n == stage.number) {
            apply_risk(stage, cells, &label, &mut changes);
        }
    }
    template.validate()?;
    Ok(TemplateRead { template, changes })
}

/// One sheet by name (any case, surrounding spaces ignored), or `None`.
fn load_sheet(format: Format, bytes: &[u8], name: &str) -> Result<Option<Grid>> {
    if format == Format::Delimited {
        return Ok(None);
    }
    let sheets = sheet::sheet_names(format, bytes)?;
    let Some(found) = sheet_named(&sheets, name) else {
        return Ok(None);
    };
    let (_, _, g) = sheet::load(format, bytes, Some(found), &no_fields)?;
    Ok(Some(g))
}

/// A cell's text as the person wrote it: trimmed, one kind of line break.
fn text(cell: &Cell) -> String {
    cell.display().replace("\r\n", "\n").replace('\r', "\n")
}

/// Lower case, single spaces, trimmed: how header texts are compared.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Columns of the Stages sheet, by header text.
#[derive(Debug, Default, Clone, Copy)]
struct StageCols {
    number: Option<u32>,
    name: Option<u32>,
    question: Option<u32>,
    criteria: Option<u32>,
    people: Option<u32>,
    tools: Option<u32>,
}

impl StageCols {
    fn all(&self) -> Vec<u32> {
        [
            self.number,
            self.name,
            self.question,
            self.criteria,
            self.people,
            self.tools,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

fn is_number_header(h: &str) -> bool {
    matches!(
        h,
        "#" | "no" | "no." | "nr" | "number" | "stage #" | "stage no." | "stage number"
    )
}

/// The header row of the Stages sheet (its index in the grid) and its
/// columns; it needs at least the Stage and Exit criteria headers.
fn stages_header(g: &Grid) -> Option<(usize, StageCols)> {
    g.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let mut cols = StageCols::default();
            for (c, cell) in row.cells.iter().enumerate() {
                let h = norm(&cell.display());
                let slot = if is_number_header(&h) {
                    &mut cols.number
                } else if matches!(h.as_str(), "stage" | "stage name" | "name") {
                    &mut cols.name
                } else if h.starts_with("question") {
                    &mut cols.question
                } else if h.starts_with("exit criteria") {
                    &mut cols.criteria
                } else if h.starts_with("people") {
                    &mut cols.people
                } else if h.starts_with("tools") {
                    &mut cols.tools
                } else {
                    continue;
                };
                slot.get_or_insert(c as u32);
            }
            (cols.name.is_some() && cols.criteria.is_some()).then_some((i, cols))
        })
}

/// Columns of the Risk sheet: the number and one per colour, in `Risk::ALL` order.
struct RiskCols {
    number: u32,
    colors: [Option<u32>; 4],
}

fn risk_header(g: &Grid) -> Option<(usize, RiskCols)> {
    g.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, row)| {
            let mut number = None;
            let mut colors = [None; 4];
            for (c, cell) in row.cells.iter().enumerate() {
                let h = norm(&cell.display());
                if is_number_header(&h) {
                    number.get_or_insert(c as u32);
                }
                for (k, risk) in Risk::ALL.iter().enumerate() {
                    let name = risk.as_str();
                    if h == name || h.starts_with(&format!("{name} ")) {
                        colors[k].get_or_insert(c as u32);
                    }
                }
            }
            match number {
                Some(number) if colors.iter().any(Option::is_some) => {
                    Some((i, RiskCols { number, colors }))
                }
                _ => None,
            }
        })
}

/// The rows under the header that hold something in a known column, each
/// with the stage its `#` cell names. A missing, unknown or repeated number
/// is an error naming the sheet row.
fn numbered_rows<'g>(
    g: &'g Grid,
    header_at: usize,
    number_col: u32,
    known: &[u32],
    sheet: &str,
    current: &ProcessTemplate,
) -> Result<Vec<(u8, &'g GridRow)>> {
    let numbers = current.preset.stage_numbers();
    let (first, last) = (numbers.start(), numbers.end());
    let mut out: Vec<(u8, &GridRow)> = Vec::new();
    for row in g.rows.iter().skip(header_at + 1) {
        if known.iter().all(|c| row.get(*c).is_empty()) {
            continue;
        }
        let cell = row.get(number_col);
        let r = row.number;
        if cell.is_empty() {
            return Err(Error::invalid(format!(
                "The \"{sheet}\" sheet, row {r}: the # cell is empty. Put the stage number ({first} to {last}) back: SalesOS matches each row to its stage by it."
            )));
        }
        let number = stage_number(cell);
        let Some(n) = number.filter(|n| current.stage(*n).is_some()) else {
            let other = number.and_then(|n| {
                Preset::ALL
                    .into_iter()
                    .find(|p| *p != current.preset && p.stage_numbers().contains(&n))
                    .map(|p| (n, p))
            });
            if let Some((n, other)) = other {
                return Err(Error::invalid(format!(
                    "The \"{sheet}\" sheet, row {r}: stage {n} belongs to the \"{}\" process, and this workspace follows \"{}\". Switch the preset on the Process page first, or export the template again and edit that file.",
                    other.label(),
                    current.preset.label()
                )));
            }
            return Err(Error::invalid(format!(
                "The \"{sheet}\" sheet, row {r}: \"{}\" in the # column is not a stage number. Stages are numbered {first} to {last}, and SalesOS matches each row to its stage by that number.",
                cell.display()
            )));
        };
        if let Some((_, first)) = out.iter().find(|(m, _)| *m == n) {
            return Err(Error::invalid(format!(
                "The \"{sheet}\" sheet, rows {} and {r} are both stage {n}. Keep one row per stage.",
                first.number
            )));
        }
        out.push((n, row));
    }
    Ok(out)
}

fn stage_number(cell: &Cell) -> Option<u8> {
    let n = match cell {
        Cell::Number(n) => *n,
        Cell::Text(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (n.fract() == 0.0 && (0.0..=255.0).contains(&n)).then_some(n as u8)
}

/// Sets `field` to `new` unless they differ only in surrounding spaces.
fn update(field: &mut String, new: Option<String>) -> bool {
    match new {
        Some(new) if new != field.trim() => {
            *field = new;
            true
        }
        _ => false,
    }
}

fn apply_stage(
    preset: Preset,
    stage: &mut TemplateStage,
    cols: &StageCols,
    row: &GridRow,
    label: &str,
    changes: &mut Vec<String>,
) {
    let cell = |c: Option<u32>| c.map(|c| text(row.get(c)));
    let old_name = stage.name.trim().to_string();
    if update(&mut stage.name, cell(cols.name)) {
        changes.push(format!(
            "{label}: name changed from \"{old_name}\" to \"{}\".",
            stage.name
        ));
    }
    if update(&mut stage.question, cell(cols.question)) {
        changes.push(format!("{label}: question changed."));
    }
    if let Some(cell) = cell(cols.criteria) {
        let lines = criteria_lines(&cell);
        let (criteria, said) = merge_criteria(preset, stage, &lines, label);
        stage.exit_criteria = criteria;
        changes.extend(said);
    }
    if update(&mut stage.people, cell(cols.people)) {
        changes.push(format!("{label}: people changed."));
    }
    if update(&mut stage.tools, cell(cols.tools)) {
        changes.push(format!("{label}: tools changed."));
    }
}

fn apply_risk(
    stage: &mut TemplateStage,
    cells: &[Option<String>; 4],
    label: &str,
    changes: &mut Vec<String>,
) {
    for (risk, cell) in Risk::ALL.iter().zip(cells) {
        let Some(cell) = cell else { continue };
        let (definition, example) = split_risk(cell);
        let color = risk.as_str();
        if update(stage.risk.get_mut(*risk), Some(definition)) {
            changes.push(format!("{label}: {color} definition changed."));
        }
        if update(stage.risk_examples.get_mut(*risk), Some(example)) {
            changes.push(format!("{label}: {color} example changed."));
        }
    }
}

/// A risk cell split at its first line starting with "Example:": the
/// definition before, the example after.
fn split_risk(cell: &str) -> (String, String) {
    let prefix = EXAMPLE_PREFIX.trim_end();
    let mut definition = Vec::new();
    let mut lines = cell.split('\n');
    for line in lines.by_ref() {
        let start = line.trim_start();
        let is_example = start
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
        if is_example {
            let mut example = vec![&start[prefix.len()..]];
            example.extend(lines);
            return (
                definition.join("\n").trim().to_string(),
                example.join("\n").trim().to_string(),
            );
        }
        definition.push(line);
    }
    (definition.join("\n").trim().to_string(), String::new())
}

/// The criteria of a cell: one per line, bullets and blank lines dropped.
fn criteria_lines(cell: &str) -> Vec<String> {
    cell.split('\n')
        .map(|l| {
            let l = l.trim();
            l.strip_prefix(['•', '-', '*', '·', '–'])
                .unwrap_or(l)
                .trim()
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The new criteria of `stage` from the file's lines, keeping ids: a line
/// equal to a current criterion keeps its id; between two such kept lines,
/// the other lines take, in order, the ids of the current criteria that
/// were between them (a reworded criterion keeps its id); any other line
/// is new. Also says what changed.
fn merge_criteria(
    preset: Preset,
    stage: &TemplateStage,
    lines: &[String],
    label: &str,
) -> (Vec<Criterion>, Vec<String>) {
    let cur = &stage.exit_criteria;
    let mut of_line: Vec<Option<usize>> = vec![None; lines.len()];
    let mut used = vec![false; cur.len()];
    for (i, line) in lines.iter().enumerate() {
        if let Some(j) = (0..cur.len()).find(|&j| !used[j] && cur[j].text.trim() == line) {
            of_line[i] = Some(j);
            used[j] = true;
        }
    }
    // Exact matches in their original order anchor the rest.
    let pairs: Vec<(usize, usize)> = of_line
        .iter()
        .enumerate()
        .filter_map(|(i, j)| j.map(|j| (i, j)))
        .collect();
    let mut bounds: Vec<(isize, isize)> = vec![(-1, -1)];
    bounds.extend(
        increasing(&pairs)
            .into_iter()
            .map(|(i, j)| (i as isize, j as isize)),
    );
    bounds.push((lines.len() as isize, cur.len() as isize));
    for w in bounds.windows(2) {
        let ((l0, c0), (l1, c1)) = (w[0], w[1]);
        let free_lines: Vec<usize> = ((l0 + 1)..l1)
            .map(|i| i as usize)
            .filter(|&i| of_line[i].is_none())
            .collect();
        let free_cur: Vec<usize> = ((c0 + 1)..c1)
            .map(|j| j as usize)
            .filter(|&j| !used[j])
            .collect();
        for (&i, &j) in free_lines.iter().zip(&free_cur) {
            of_line[i] = Some(j);
            used[j] = true;
        }
    }

    let mut changes: Vec<String> = cur
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(c, _)| format!("{label}: exit criterion removed: \"{}\".", c.text.trim()))
        .collect();
    // New ids never reuse one of the current criteria, removed ones included,
    // so a deal's checked box cannot jump to an unrelated criterion.
    let mut scratch = stage.clone();
    let mut out = Vec::with_capacity(lines.len());
    for (line, j) in lines.iter().zip(&of_line) {
        match j {
            Some(j) => {
                let old = &cur[*j];
                if old.text.trim() == line {
                    out.push(old.clone());
                } else {
                    changes.push(format!(
                        "{label}: exit criterion reworded: \"{}\" → \"{line}\".",
                        old.text.trim()
                    ));
                    out.push(Criterion {
                        id: old.id.clone(),
                        text: line.clone(),
                    });
                }
            }
            None => {
                let c = Criterion {
                    id: new_criterion_id(preset, &scratch),
                    text: line.clone(),
                };
                scratch.exit_criteria.push(c.clone());
                changes.push(format!("{label}: exit criterion added: \"{line}\"."));
                out.push(c);
            }
        }
    }
    let kept: Vec<usize> = of_line.iter().flatten().copied().collect();
    if kept.windows(2).any(|w| w[0] > w[1]) {
        changes.push(format!("{label}: exit criteria reordered."));
    }
    (out, changes)
}

/// The longest run of `pairs` (in line order) whose current indices increase.
fn increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let n = pairs.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for k in 0..i {
            if pairs[k].1 < pairs[i].1 && len[k] + 1 > len[i] {
                len[i] = len[k] + 1;
                prev[i] = k;
            }
        }
    }
    let Some(mut at) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![pairs[at]];
    while prev[at] != usize::MAX {
        at = prev[at];
        out.push(pairs[at]);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::template::default_template;

    fn stage_with(texts: &[&str]) -> TemplateStage {
        let mut s = default_template().stages[4].clone();
        s.exit_criteria = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Criterion {
                id: format!("s4c{}", i + 1),
                text: t.to_string(),
            })
            .collect();
        s
    }

    fn merge(s: &TemplateStage, lines: &[&str]) -> (Vec<(String, String)>, Vec<String>) {
        let lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let (c, changes) = merge_criteria(Preset::AgreementBased, s, &lines, "S");
        (c.into_iter().map(|c| (c.id, c.text)).collect(), changes)
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn lines_lose_bullets_and_blanks() {
        assert_eq!(
            criteria_lines("• One\r\n\n - Two \n* Three\n·Four\n•\n  "),
            vec!["One", "Two", "Three", "Four"]
        );
    }

    #[test]
    fn risk_cells_split_at_the_example_line() {
        let (d, e) = split_risk("Def line 1\nline 2\n\nEXAMPLE: the ex\nmore");
        assert_eq!(
            (d.as_str(), e.as_str()),
            ("Def line 1\nline 2", "the ex\nmore")
        );
        let (d, e) = split_risk("Only a definition");
        assert_eq!((d.as_str(), e.as_str()), ("Only a definition", ""));
        let (d, e) = split_risk("Example: only");
        assert_eq!((d.as_str(), e.as_str()), ("", "only"));
    }

    #[test]
    fn a_reworded_criterion_keeps_its_id() {
        let s = stage_with(&["A", "B", "C"]);
        let (c, changes) = merge(&s, &["A", "B2", "C"]);
        assert_eq!(c, pairs(&[("s4c1", "A"), ("s4c2", "B2"), ("s4c3", "C")]));
        assert_eq!(changes, vec!["S: exit criterion reworded: \"B\" → \"B2\"."]);
    }

    #[test]
    fn a_removed_criterion_is_not_taken_by_an_added_one() {
        let s = stage_with(&["A", "B"]);
        let (c, changes) = merge(&s, &["B", "New"]);
        assert_eq!(c, pairs(&[("s4c2", "B"), ("s4c3", "New")]));
        assert_eq!(
            changes,
            vec![
                "S: exit criterion removed: \"A\".",
                "S: exit criterion added: \"New\"."
            ]
        );
    }

    #[test]
    fn an_inserted_line_does_not_steal_the_id_of_a_reworded_one() {
        let s = stage_with(&["A", "B"]);
        let (c, _) = merge(&s, &["New", "A", "B2"]);
        assert_eq!(c, pairs(&[("s4c3", "New"), ("s4c1", "A"), ("s4c2", "B2")]));
    }

    #[test]
    fn reordering_keeps_ids_and_says_so() {
        let s = stage_with(&["A", "B", "C"]);
        let (c, changes) = merge(&s, &["C", "A", "B"]);
        assert_eq!(c, pairs(&[("s4c3", "C"), ("s4c1", "A"), ("s4c2", "B")]));
        assert_eq!(changes, vec!["S: exit criteria reordered."]);
    }

    #[test]
    fn new_ids_skip_removed_ones() {
        let s = stage_with(&["A", "B", "C"]);
        let (c, _) = merge(&s, &["X", "Y", "Z", "W"]);
        // X, Y, Z take the three ids in place; W is new and does not reuse one.
        assert_eq!(c[3].0, "s4c4");
        let (c, _) = merge(&s, &["A"]);
        assert_eq!(c, pairs(&[("s4c1", "A")]));
    }

    #[test]
    fn numbers_are_read_from_numbers_and_text() {
        assert_eq!(stage_number(&Cell::Number(3.0)), Some(3));
        assert_eq!(stage_number(&Cell::Text(" 2 ".into())), Some(2));
        assert_eq!(stage_number(&Cell::Number(2.5)), None);
        assert_eq!(stage_number(&Cell::Text("two".into())), None);
    }
}
