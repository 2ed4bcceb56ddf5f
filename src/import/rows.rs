//! The data rows of an import, in order: those read with the header, then
//! the rest of the sheet as it streams in from the reader thread.
use std::borrow::Cow;
use std::collections::HashMap;

use super::model::{Field, RowIssue};
use super::parse::{Context, ParsedDeal};
use super::prepare::{Footers, Prepared, RowKind, Tallies};
use crate::error::Result;
use sheet::grid::{GridRow, Text};
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

    pub fn next(&mut self, tail: &mut RowStream) -> Result<Option<Cow<'p, GridRow>>> {
        let p = self.p;
        if let Some(&index) = p.data.get(self.next_head) {
            self.next_head += 1;
            self.read += 1;
            return Ok(Some(Cow::Borrowed(&p.grid.rows[index])));
        }
        while let Some(row) = tail.next_row()? {
            match self.footers.classify(&row) {
                RowKind::Blank => {}
                RowKind::Skipped(why) => self.skipped.push((row.number, why)),
                RowKind::Data => {
                    self.tallies.add(&row);
                    self.read += 1;
                    return Ok(Some(Cow::Owned(row)));
                }
            }
        }
        Ok(None)
    }

    /// Whether the whole sheet reads its dates and amounts as decided from
    /// its first rows (almost always; otherwise the import is redone whole).
    pub fn orders_held(&self) -> bool {
        let now = self.tallies.decide(self.p.semicolons());
        let orders = |r: &super::prepare::Readings| {
            let dates: Vec<_> = r.dates.iter().map(|d| (d.column, d.order)).collect();
            (dates, r.decimal)
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

/// The deals read so far, by what identifies them, with the row that named
/// each first. External ids are kept as [`Text`]: short ones inline, so a
/// 100,000-row import allocates nothing per row here, and freeing the map,
/// which happens after the last row while nothing else runs, costs nothing
/// (freeing 100,000 strings took 20 to 40 ms).
#[derive(Default)]
pub struct Seen {
    by_id: HashMap<Text, u32>,
    /// Deals without an id: lowercase name and account.
    by_name: HashMap<String, u32>,
}

impl Seen {
    /// The row that first named this deal; `None` when `row` is the first,
    /// which is then remembered.
    fn first(&mut self, deal: &ParsedDeal, row: u32) -> Option<u32> {
        let first = match (&deal.external_id, &deal.name) {
            (Some(id), _) => *self.by_id.entry(Text::from(id.as_str())).or_insert(row),
            (None, name) => {
                let key = format!(
                    "{}|{}",
                    name.as_deref().unwrap_or("").to_lowercase(),
                    deal.account.as_deref().unwrap_or("").to_lowercase()
                );
                *self.by_name.entry(key).or_insert(row)
            }
        };
        (first != row).then_some(first)
    }
}

/// Parses one row and checks that it names a deal not seen before.
pub fn ready(ctx: &Context<'_>, row: &GridRow, seen: &mut Seen) -> Ready {
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
    if let Some(first) = seen.first(&deal, row.number) {
        let (column, value) = match &deal.external_id {
            Some(id) => (p.header_of(Field::ExternalId), id.clone()),
            None => (
                p.header_of(Field::Name),
                deal.name.clone().unwrap_or_default(),
            ),
        };
        return Ready::Rejected {
            issue: RowIssue {
                row: row.number,
                column: Some(column),
                value: Some(value),
                message: format!("Same deal as row {first}; only the first is imported."),
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
