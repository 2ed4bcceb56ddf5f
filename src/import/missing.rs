//! Never silent: the fields the forecast needs that no column feeds. An
//! export whose amount or close date went unrecognised imports "fine" and
//! then forecasts zero, so each missing field is said first, in one line,
//! with the columns the file has and the ones closest to it, and the
//! mapping step opens on it.
use std::collections::HashSet;

use super::cells;
use super::dictionary;
use super::model::{then_counts, ClosestColumn, ColumnAssignment, Field, ImportKind, MissingField};
use sheet::grid::Cell;
use sheet::values::{parse_date_text, DateOrder};

/// Columns named in "Columns seen" before the rest are counted.
const MAX_SEEN: usize = 15;
/// Closest columns named per missing field.
const MAX_CLOSEST: usize = 3;

/// What one missing field needs and costs.
struct Need {
    /// The field reported (and highlighted in the mapping step).
    field: Field,
    /// Any of these fields, mapped, satisfies the need; a column may be
    /// proposed as any of them.
    any_of: &'static [Field],
    /// "the amount", as the sentence names it.
    what: &'static str,
    /// What the forecast loses without it.
    cost: &'static str,
    rejects_all: bool,
}

/// What tells an activity's type: its type column, its subject, or a column
/// of counts (each column is its type).
const TYPE_OR_COUNTS: [Field; 12] = then_counts([Field::ActivityType, Field::Subject]);

fn needs(kind: ImportKind) -> &'static [Need] {
    match kind {
        ImportKind::Deals => &[
            Need {
                field: Field::Name,
                any_of: &[Field::Name, Field::ExternalId],
                what: "the deal name or ID",
                cost: "every row would be rejected",
                rejects_all: true,
            },
            Need {
                field: Field::Amount,
                any_of: &[Field::Amount],
                what: "the amount",
                cost: "deals would add nothing to the forecast",
                rejects_all: false,
            },
            Need {
                field: Field::CloseDate,
                any_of: &[Field::CloseDate],
                what: "the close date",
                cost: "no deal would land in a quarter's forecast",
                rejects_all: false,
            },
            Need {
                field: Field::Stage,
                any_of: &[Field::Stage, Field::Status, Field::IsWon, Field::IsClosed],
                what: "the stage or status",
                cost: "every deal would read as open, none won or lost",
                rejects_all: false,
            },
        ],
        ImportKind::Reps => &[Need {
            field: Field::Name,
            any_of: &[Field::Name],
            what: "the rep's name",
            cost: "every row would be rejected",
            rejects_all: true,
        }],
        ImportKind::Activities => &[
            Need {
                field: Field::Owner,
                any_of: &[Field::Owner],
                what: "the rep",
                cost: "every row would be rejected",
                rejects_all: true,
            },
            Need {
                field: Field::ActivityDate,
                any_of: &[Field::ActivityDate],
                what: "the date",
                cost: "every row would be rejected",
                rejects_all: true,
            },
            Need {
                field: Field::ActivityType,
                any_of: &TYPE_OR_COUNTS,
                what: "the activity type (or a column of counts)",
                cost: "no activity could be counted as a call, email or meeting",
                rejects_all: false,
            },
        ],
    }
}

/// The needed fields `mapping` leaves without a column, most serious first.
/// `sample(column)` gives a column's first data cells.
pub fn find<'a>(
    kind: ImportKind,
    headers: &[String],
    mapping: &[ColumnAssignment],
    sample: impl Fn(u32) -> Vec<&'a Cell>,
) -> Vec<MissingField> {
    let mapped: HashSet<Field> = mapping.iter().filter_map(|a| a.field).collect();
    // A column feeding another needed field is no candidate; one feeding,
    // say, the account may be (the account names the deal in some sheets).
    let needed: HashSet<Field> = needs(kind).iter().flat_map(|n| n.any_of).copied().collect();
    let used: HashSet<u32> = mapping
        .iter()
        .filter(|a| a.field.is_some_and(|f| needed.contains(&f)))
        .map(|a| a.column)
        .collect();
    needs(kind)
        .iter()
        .filter(|n| !n.any_of.iter().any(|f| mapped.contains(f)))
        .map(|n| {
            let candidates = closest(kind, n, headers, &used, &sample);
            MissingField {
                field: n.field,
                message: message(n, headers, &candidates),
                candidates,
                rejects_all: n.rejects_all,
            }
        })
        .collect()
}

/// "No column for the amount, so deals would add nothing to the forecast.
/// Columns seen: Topic, Est. Revenue; closest: Est. Revenue."
fn message(need: &Need, headers: &[String], candidates: &[ClosestColumn]) -> String {
    let named: Vec<String> = headers
        .iter()
        .map(|h| one_line(h))
        .filter(|h| !h.is_empty())
        .collect();
    let mut seen = named
        .iter()
        .take(MAX_SEEN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if named.len() > MAX_SEEN {
        seen.push_str(&format!(" and {} more", named.len() - MAX_SEEN));
    }
    if seen.is_empty() {
        seen = "none with a name".into();
    }
    let closest: Vec<String> = candidates
        .iter()
        .map(
            |c| match headers.get(c.column as usize).map(|h| one_line(h)) {
                Some(h) if !h.is_empty() => h,
                _ => format!("column {}", sheet::letter(c.column)),
            },
        )
        .collect();
    let closest = if closest.is_empty() {
        String::new()
    } else {
        format!("; closest: {}", closest.join(", "))
    };
    format!(
        "No column for {}, so {}. Columns seen: {seen}{closest}.",
        need.what, need.cost
    )
}

/// A header as the one-line message quotes it: line breaks and runs of
/// spaces folded, and cut short (a header can be a paragraph).
fn one_line(header: &str) -> String {
    const MAX_CHARS: usize = 40;
    let h = header.split_whitespace().collect::<Vec<_>>().join(" ");
    match h.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &h[..cut]),
        None => h,
    }
}

/// The columns that could be the missing field, closest first, each with the
/// field it would be: those whose header shares a telling word with that
/// field's headers in the dictionary and whose values fit; when there are
/// none, those whose values fit well.
fn closest<'a>(
    kind: ImportKind,
    need: &Need,
    headers: &[String],
    used: &HashSet<u32>,
    sample: &impl Fn(u32) -> Vec<&'a Cell>,
) -> Vec<ClosestColumn> {
    let mut scored: Vec<(usize, f64, ClosestColumn)> = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let Ok(column) = u32::try_from(i) else { break };
        if used.contains(&column) {
            continue;
        }
        let words = dictionary::words(header);
        let cells = sample(column);
        let best = need
            .any_of
            .iter()
            .map(|&field| {
                let affinity = dictionary::vocabulary(kind, field)
                    .map_or(0, |v| words.iter().filter(|w| v.contains(*w)).count());
                (affinity, fit(field, &cells), field)
            })
            .filter(|(affinity, fit, _)| (*affinity > 0 && *fit >= 0.5) || *fit >= 0.9)
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        if let Some((affinity, fit, field)) = best {
            scored.push((affinity, fit, ClosestColumn { column, field }));
        }
    }
    if scored.iter().any(|(affinity, _, _)| *affinity > 0) {
        scored.retain(|(affinity, _, _)| *affinity > 0);
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then(a.2.column.cmp(&b.2.column))
    });
    scored
        .into_iter()
        .take(MAX_CLOSEST)
        .map(|(_, _, c)| c)
        .collect()
}

/// How well a column's first values fit a field, from 0 to 1.
fn fit(field: Field, cells: &[&Cell]) -> f64 {
    let filled: Vec<&Cell> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    if filled.is_empty() {
        return 0.0;
    }
    let share = |n: usize| n as f64 / filled.len() as f64;
    let texts: Vec<String> = filled.iter().filter_map(|c| cells::text(c)).collect();
    let distinct = share(texts.iter().collect::<HashSet<_>>().len());
    let words = |t: &String| {
        t.chars().any(char::is_alphabetic)
            && cells::parse_money(&Cell::Text(t.as_str().into())).is_err()
            && !is_date(&Cell::Text(t.as_str().into()))
    };
    match field {
        // A name: text, mostly different from row to row.
        Field::Name if distinct >= 0.8 => share(
            filled
                .iter()
                .filter(|c| matches!(c, Cell::Text(_)))
                .filter_map(|c| cells::text(c))
                .filter(|t| words(t))
                .count(),
        ),
        // An id: a short code with a digit, or a whole number, different on
        // every row.
        Field::ExternalId if distinct >= 0.95 => share(
            filled
                .iter()
                .filter(|c| match c {
                    Cell::Number(n) => n.fract() == 0.0,
                    Cell::Text(t) => {
                        let t = t.trim();
                        t.chars().count() <= 40
                            && t.contains(|c: char| c.is_ascii_digit())
                            && !t.contains(char::is_whitespace)
                            && !is_date(c)
                    }
                    _ => false,
                })
                .count(),
        ),
        Field::Amount => share(
            filled
                .iter()
                .filter(|c| matches!(cells::parse_money(c), Ok(Some(_))))
                .count(),
        ),
        Field::CloseDate => share(filled.iter().filter(|c| is_date(c)).count()),
        // A stage: a few labels, repeated.
        Field::Stage if filled.len() >= 4 && distinct <= 1.0 / 3.0 => {
            share(texts.iter().filter(|t| words(t)).count())
        }
        Field::Status => share(
            texts
                .iter()
                .filter(|t| cells::parse_status(t).is_some())
                .count(),
        ),
        _ => 0.0,
    }
}

fn is_date(cell: &Cell) -> bool {
    match cell {
        Cell::DateTime(_) => true,
        Cell::Text(t) => [DateOrder::Iso, DateOrder::DayFirst, DateOrder::MonthFirst]
            .iter()
            .any(|o| parse_date_text(t.trim(), *o).is_ok()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(values: &[&str]) -> Vec<Cell> {
        values.iter().map(|v| Cell::Text((*v).into())).collect()
    }

    #[test]
    fn says_what_is_missing_with_the_closest_column() {
        let headers: Vec<String> = [
            "Topic",
            "Potential Customer",
            "Revenue (est.)",
            "Description",
        ]
        .map(String::from)
        .to_vec();
        let columns = [
            cells(&["Q3 upgrade", "Stamping line", "Press control", "Conveyor"]),
            cells(&["Contoso", "BlueStar", "Summit", "Contoso"]),
            cells(&["285000", "172000", "134500", "90000"]),
            cells(&["Lost on price", "", "Lost to a rival", "Budget cut"]),
        ];
        let mapping = vec![
            ColumnAssignment {
                column: 0,
                field: Some(Field::Name),
            },
            ColumnAssignment {
                column: 1,
                field: Some(Field::Account),
            },
            ColumnAssignment {
                column: 2,
                field: None,
            },
            ColumnAssignment {
                column: 3,
                field: None,
            },
        ];
        let sample = |c: u32| columns[c as usize].iter().collect::<Vec<_>>();
        let missing = find(ImportKind::Deals, &headers, &mapping, sample);
        let fields: Vec<Field> = missing.iter().map(|m| m.field).collect();
        assert_eq!(fields, [Field::Amount, Field::CloseDate, Field::Stage]);
        assert_eq!(
            missing[0].candidates,
            [ClosestColumn {
                column: 2,
                field: Field::Amount
            }]
        );
        assert_eq!(
            missing[0].message,
            "No column for the amount, so deals would add nothing to the forecast. \
             Columns seen: Topic, Potential Customer, Revenue (est.), Description; closest: Revenue (est.)."
        );
        assert!(!missing[0].rejects_all);
    }

    #[test]
    fn no_name_and_no_id_rejects_every_row() {
        let headers: Vec<String> = [
            "Column-0",
            "Account Name",
            "Country",
            "Stage",
            "Total Price",
        ]
        .map(String::from)
        .to_vec();
        let columns = [
            cells(&["1", "2", "3", "4"]),
            cells(&[
                "VPN Service",
                "HR Provider",
                "Wood Provider",
                "Modern Metal",
            ]),
            cells(&["France", "Germany", "USA", "France"]),
            cells(&["Proposal", "Proposal", "Demo", "Proposal"]),
            cells(&["EUR 79,800", "EUR 10,000", "USD 750,000", "JPY 1,064,375"]),
        ];
        let mapping: Vec<ColumnAssignment> = [
            None,
            Some(Field::Account),
            None,
            Some(Field::Stage),
            Some(Field::Amount),
        ]
        .iter()
        .enumerate()
        .map(|(i, f)| ColumnAssignment {
            column: i as u32,
            field: *f,
        })
        .collect();
        let sample = |c: u32| columns[c as usize].iter().collect::<Vec<_>>();
        let missing = find(ImportKind::Deals, &headers, &mapping, sample);
        assert_eq!(missing[0].field, Field::Name);
        assert!(missing[0].rejects_all);
        assert!(
            missing[0]
                .message
                .starts_with("No column for the deal name or ID, so every row would be rejected."),
            "{}",
            missing[0].message
        );
        // The row number is the only id; the account may name the deal.
        assert_eq!(
            missing[0].candidates,
            [
                ClosestColumn {
                    column: 0,
                    field: Field::ExternalId
                },
                ClosestColumn {
                    column: 1,
                    field: Field::Name
                },
            ],
            "{}",
            missing[0].message
        );
        assert!(missing[0]
            .message
            .ends_with("closest: Column-0, Account Name."));
        assert_eq!(missing[1].field, Field::CloseDate);
        assert!(missing[1].candidates.is_empty());
        assert!(
            missing[1].message.ends_with("Stage, Total Price."),
            "{}",
            missing[1].message
        );
    }

    #[test]
    fn headers_are_quoted_on_one_line() {
        let long =
            "A note the exporter\nwrote into the header row, far longer than any column name";
        assert_eq!(one_line(long), "A note the exporter wrote into the heade…");
        assert_eq!(one_line("  Amount  "), "Amount");
    }
}
