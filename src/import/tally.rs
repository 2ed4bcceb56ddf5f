//! What an import keeps while it runs: the report's counts and lists, and
//! the rows to fix with their cells (within a limit). The deals, roster and
//! activities importers all tally rows here.
use super::history::IssueRow;
use super::model::{ImportReport, RowIssue};
use super::parse::CellIssue;
use super::repeats::Outcome;

pub(super) fn row_issue(row: u32, c: &CellIssue) -> RowIssue {
    RowIssue {
        row,
        column: (!c.column.is_empty()).then(|| c.column.clone()),
        value: (!c.value.is_empty()).then(|| c.value.clone()),
        message: c.message.clone(),
    }
}

/// Cells the rows to fix keep, all rows together. A rejected row keeps every
/// cell for the rows-to-fix workbook, tens of bytes each: a sheet of wide
/// rows that are all rejected held gigabytes. Rows past this keep their
/// reasons but not their cells (a note says so).
const MAX_FIX_CELLS: usize = 2_000_000;

pub(super) struct Tally {
    pub(super) report: ImportReport,
    pub(super) issues: Vec<IssueRow>,
    /// Cells kept by `issues`.
    pub(super) fix_cells: usize,
    /// Rows to fix whose cells were not kept.
    pub(super) fix_cells_dropped: u32,
}

impl Tally {
    /// The row's cells, if the rows to fix can still keep them.
    pub(super) fn keep(&mut self, cells: Vec<String>) -> Vec<String> {
        match self.fix_cells.checked_add(cells.len()) {
            Some(n) if n <= MAX_FIX_CELLS => {
                self.fix_cells = n;
                cells
            }
            _ => {
                self.fix_cells_dropped = self.fix_cells_dropped.saturating_add(1);
                Vec::new()
            }
        }
    }

    pub(super) fn reject(&mut self, issue: RowIssue, cells: Vec<String>) {
        self.report.rejected += 1;
        let cells = self.keep(cells);
        self.issues.push(IssueRow {
            row: issue.row,
            rejected: true,
            reasons: vec![issue.message.clone()],
            cells,
        });
        self.report.errors.push(issue);
    }

    pub(super) fn warn(&mut self, row: u32, issues: Vec<RowIssue>, cells: Vec<String>) {
        if issues.is_empty() {
            return;
        }
        let reasons = issues
            .iter()
            .map(|i| match &i.column {
                Some(c) => format!("{c}: {}", i.message),
                None => i.message.clone(),
            })
            .collect();
        let cells = self.keep(cells);
        self.issues.push(IssueRow {
            row,
            rejected: false,
            reasons,
            cells,
        });
        self.report.warnings.extend(issues);
    }

    pub(super) fn count(&mut self, outcome: Outcome) {
        let n = match outcome {
            Outcome::Created => &mut self.report.created,
            Outcome::Updated => &mut self.report.updated,
            Outcome::Unchanged => &mut self.report.unchanged,
        };
        *n = n.saturating_add(1);
    }

    /// Takes back a count: a later row of the deal changed what it is.
    pub(super) fn uncount(&mut self, outcome: Outcome) {
        let n = match outcome {
            Outcome::Created => &mut self.report.created,
            Outcome::Updated => &mut self.report.updated,
            Outcome::Unchanged => &mut self.report.unchanged,
        };
        *n = n.saturating_sub(1);
    }
}
