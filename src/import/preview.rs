//! What the mapping step shows: columns with samples, the first rows as they
//! will be imported, and the stage labels with their meaning.
use std::collections::BTreeMap;

use super::cells;
use super::columns;
use super::model::{Field, ImportPreview, PreviewColumn, PreviewRow, StageChoice, StageLabel};
use super::parse::Context;
use super::prepare::Prepared;
use super::run::stage_meanings;
use crate::error::Result;
use crate::money;
use crate::process::normalize;
use sheet::grid::Cell;
use sheet::letter;

const PREVIEW_ROWS: usize = 20;

fn yes_no(flag: bool) -> String {
    if flag { "yes" } else { "no" }.to_string()
}
const SAMPLES: usize = 3;

pub fn build(
    conn: &rusqlite::Connection,
    p: &Prepared,
    file_id: &str,
    currency: &str,
) -> Result<ImportPreview> {
    let no_choices: [StageChoice; 0] = [];
    let meanings = stage_meanings(conn, &no_choices)?;
    let ctx = Context::new(p, currency, &meanings);
    let width = p.headers.len().max(
        p.mapping
            .iter()
            .map(|a| a.column as usize + 1)
            .max()
            .unwrap_or(0),
    );
    let columns = (0..width as u32)
        .map(|c| PreviewColumn {
            column: c,
            letter: letter(c),
            header: p.headers.get(c as usize).cloned().unwrap_or_default(),
            field: p
                .mapping
                .iter()
                .find(|a| a.column == c)
                .and_then(|a| a.field),
            samples: p
                .data
                .iter()
                .map(|&i| p.grid.rows[i].get(c))
                .filter(|cell| !cell.is_empty())
                .take(SAMPLES)
                .map(Cell::display)
                .collect(),
            known_as: None,
        })
        .map(|mut column: PreviewColumn| {
            column.known_as = columns::known_as(p.kind, &column.header, column.field);
            column
        })
        .collect();
    let fields: Vec<Field> = columns::fields(p.kind).to_vec();
    let rows = p
        .data
        .iter()
        .take(PREVIEW_ROWS)
        .map(|&i| {
            let row = &p.grid.rows[i];
            match p.kind {
                super::ImportKind::Deals => {
                    let d = ctx.deal(row);
                    let values = fields
                        .iter()
                        .map(|f| match f {
                            Field::ExternalId => d.external_id.clone(),
                            Field::Name => d.name.clone(),
                            Field::Account => d.account.clone(),
                            Field::Owner => d.owner.clone(),
                            Field::Amount => d.amount.map(|a| money::format(a, &d.currency)),
                            Field::Currency => Some(d.currency.clone()),
                            Field::CloseDate => d.close_date.map(|x| x.to_string()),
                            Field::CreatedDate => d.created_date.map(|x| x.to_string()),
                            Field::Stage => match (d.stage, &d.crm_stage) {
                                (Some(s), Some(l)) => Some(format!("{l} → {s}")),
                                (None, l) => l.clone(),
                                (Some(s), None) => Some(s.to_string()),
                            },
                            Field::Status => Some(d.status.as_str().to_string()),
                            Field::IsWon => d.won_flag.map(yes_no),
                            Field::IsClosed => d.closed_flag.map(yes_no),
                            Field::Risk => d.risk.map(|r| r.as_str().to_string()),
                            Field::NextStep => d.next_step.clone(),
                            Field::LastActivity => d.last_activity.map(|x| x.to_string()),
                            Field::Probability => {
                                d.probability.map(|x| format!("{:.0}%", x * 100.0))
                            }
                            Field::Product => d.product.clone(),
                            Field::LastModified => d
                                .modified
                                .map(|m| m.format("%Y-%m-%d %H:%M:%S").to_string()),
                            _ => None,
                        })
                        .collect();
                    let mut problems: Vec<String> = d
                        .warnings
                        .iter()
                        .map(|w| format!("{}: {}", w.column, w.message))
                        .collect();
                    if d.external_id.is_none() && d.name.is_none() {
                        problems
                            .push("No deal ID and no deal name: this row will be rejected.".into());
                    }
                    PreviewRow {
                        row: row.number,
                        values,
                        problems,
                    }
                }
                super::ImportKind::Reps | super::ImportKind::Activities => PreviewRow {
                    row: row.number,
                    values: fields
                        .iter()
                        .map(|f| cells::text(p.cell(row, *f)))
                        .collect(),
                    problems: super::activities::row_problems(p, row),
                },
            }
        })
        .collect();
    let mut labels: BTreeMap<String, (String, u32)> = BTreeMap::new();
    if p.has(Field::Stage) {
        for &i in &p.data {
            if let Some(l) = cells::text(p.cell(&p.grid.rows[i], Field::Stage)) {
                labels.entry(normalize(&l)).or_insert_with(|| (l, 0)).1 += 1;
            }
        }
    }
    let stage_labels = labels
        .into_iter()
        .map(|(_, (label, count))| {
            let m = meanings.meaning(&label);
            StageLabel {
                label,
                count,
                stage: m.stage,
                outcome: m.outcome,
                confirmed: m.confirmed,
            }
        })
        .collect();
    // What the columns say the sheet holds, from the grid already read.
    let detected = super::detect::detect_grid(&p.grid);
    let activity_types = super::activities::type_labels(conn, p)?;
    Ok(ImportPreview {
        activity_types,
        file_id: file_id.to_string(),
        file_name: p.file_name.clone(),
        format: p.format.label().to_string(),
        sheets: p.sheets.clone(),
        sheet: p.sheet.clone(),
        kind: p.kind,
        header_row: p.header_row_number(),
        data_rows: p.data.len() as u32,
        columns,
        missing: p.missing.clone(),
        fields: fields.iter().map(|f| columns::info(p.kind, *f)).collect(),
        rows,
        stage_labels,
        notes: {
            // The import rejects these rows; the preview says so before it runs.
            let mut notes = p.notes(p.skipped.len(), &p.tallies);
            notes.extend(super::repeats::scan(p).note(p));
            notes.extend(
                p.broken
                    .iter()
                    .map(|b| format!("Row {}: {}", b.row.number, b.message)),
            );
            notes
        },
        mapping_remembered: p.mapping_remembered,
        detected_kind: detected.kind.as_str().to_string(),
        kind_reason: detected.reason,
    })
}
