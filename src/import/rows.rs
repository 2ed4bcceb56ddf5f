//! The data rows of an import, in order: those read with the header, then
//! the rest of the sheet as it streams in from the reader thread.
use super::model::RowIssue;
use super::parse::{Context, ParsedDeal};
use super::prepare::{Footers, Prepared, RowKind, Tallies};
use crate::error::Result;
use sheet::grid::GridRow;
use sheet::stream::RowStream;

/// Every data row once, sorted from footers as it comes. Keeps the counts
/// the report needs and checks the date orders decided from the first rows.
pub struct Rows<'p> {
    pub p: &'p Prepared,
    next_head: usize,
    footers: Footers,
    pub skipped: Vec<(u32, String)>,
    pub tallies: Tallies,
    pub read: u32,
}

impl<'p> Rows<'p> {
    pub fn new(p: &'p Prepared) -> Self {
        Rows {
            p,
            next_head: 0,
            footers: p.footers,
            skipped: p.skipped.clone(),
            tallies: p.tallies.clone(),
            read: 0,
        }
    }

    /// The next data row: one read with the header, else the next from
    /// the stream, made in `buf` (the caller's, used again for every row).
    pub fn next<'b>(
        &mut self,
        tail: &mut RowStream,
        buf: &'b mut GridRow,
    ) -> Result<Option<&'b GridRow>>
    where
        'p: 'b,
    {
        let p = self.p;
        if let Some(&index) = p.data.get(self.next_head) {
            self.next_head += 1;
            self.read += 1;
            return Ok(p.grid.rows.get(index));
        }
        loop {
            if !tail.next_row_into(buf)? {
                return Ok(None);
            }
            match self.footers.classify(buf) {
                RowKind::Blank => {}
                RowKind::Skipped(why) => self.skipped.push((buf.number, why)),
                RowKind::Data => break,
            }
        }
        self.tallies.add(buf);
        self.read += 1;
        Ok(Some(buf))
    }

    /// Whether the whole sheet reads its dates and amounts as decided from
    /// its first rows (almost always; otherwise the import is redone whole).
    pub fn orders_held(&self) -> bool {
        let now = self.tallies.decide(self.p.semicolons());
        let orders = |r: &super::prepare::Readings| {
            let dates: Vec<_> = r.dates.iter().map(|d| (d.column, d.order)).collect();
            (dates, r.decimal, r.currency.clone())
        };
        orders(&now) == orders(&self.p.readings)
    }

    /// The row count for progress: known up front unless the sheet streams.
    pub fn total(&self, tail: &RowStream) -> u64 {
        if tail.is_streaming() {
            0
        } else {
            self.p.data.len() as u64
        }
    }
}

/// A row as cells the way the user sees them, for the rows-to-fix list.
pub fn cells(p: &Prepared, row: &GridRow) -> Vec<String> {
    (0..p.headers.len().max(row.cells.len()))
        .map(|c| row.get(c as u32).display())
        .collect()
}

/// A deal row, parsed and checked for being a deal of its own.
// Nearly every row is a deal: boxing it to shrink the rare rejection would
// cost an allocation per row.
#[allow(clippy::large_enum_variant)]
pub enum Ready {
    Deal {
        row: u32,
        deal: ParsedDeal,
        /// The row's cells when it has warnings (for the rows to fix).
        cells: Option<Vec<String>>,
    },
    Rejected {
        issue: RowIssue,
        cells: Vec<String>,
    },
}

/// Parses one row and checks that it names a deal (an id or a name); which
/// deal, and whether another row named it already, is `repeats::Seen`'s.
pub fn ready(ctx: &Context<'_>, row: &GridRow) -> Ready {
    let p = ctx.prepared;
    let deal = ctx.deal(row);
    if deal.external_id.is_none() && deal.name.is_none() {
        return Ready::Rejected {
            issue: RowIssue {
                row: row.number,
                column: None,
                value: None,
                message: "No deal ID and no deal name: SalesOS cannot tell which deal this row is."
                    .into(),
            },
            cells: cells(p, row),
        };
    }
    let cells = (!deal.warnings.is_empty()).then(|| cells(p, row));
    Ready::Deal {
        row: row.number,
        deal,
        cells,
    }
}
