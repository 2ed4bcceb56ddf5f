//! Identical problems on many rows, read as one line: Maven's export gives
//! 2,089 open deals without a close date, and a list of 2,089 identical
//! warnings hides everything else. The report shows one line per distinct
//! problem with its count and rows ("rows 2–40, 45"); the full list stays in
//! the report's JSON and in the rows-to-fix workbook.
use super::model::{ImportReport, IssueGroup, RowIssue};

/// Ranges listed before the rest is summed up as "and N more rows".
const MAX_RANGES: usize = 12;

impl ImportReport {
    /// Fills `error_groups` and `warning_groups` from the full lists.
    pub fn group_issues(&mut self) {
        self.error_groups = group(&self.errors);
        self.warning_groups = group(&self.warnings);
    }
}

/// Groups issues by column and message, in the order each first appears.
pub fn group(issues: &[RowIssue]) -> Vec<IssueGroup> {
    let mut groups: Vec<(IssueGroup, Vec<u32>, bool)> = Vec::new();
    let mut index: std::collections::HashMap<(Option<&str>, &str), usize> =
        std::collections::HashMap::new();
    for i in issues {
        let key = (i.column.as_deref(), i.message.as_str());
        match index.get(&key) {
            Some(&at) => {
                let (g, rows, same_value) = &mut groups[at];
                g.count = g.count.saturating_add(1);
                g.first_row = g.first_row.min(i.row);
                rows.push(i.row);
                *same_value &= g.value == i.value;
            }
            None => {
                index.insert(key, groups.len());
                groups.push((
                    IssueGroup {
                        column: i.column.clone(),
                        value: i.value.clone(),
                        message: i.message.clone(),
                        count: 1,
                        first_row: i.row,
                        rows: String::new(),
                    },
                    vec![i.row],
                    true,
                ));
            }
        }
    }
    groups
        .into_iter()
        .map(|(mut g, rows, same_value)| {
            if !same_value {
                g.value = None;
            }
            g.rows = ranges(rows);
            g
        })
        .collect()
}

/// Row numbers as compressed ranges: [2, 3, 4, 45] → "2–4, 45".
pub fn ranges(mut rows: Vec<u32>) -> String {
    rows.sort_unstable();
    rows.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for r in rows {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(r) => *end = r,
            _ => runs.push((r, r)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(MAX_RANGES)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    let mut out = shown.join(", ");
    let rest: u64 = runs
        .iter()
        .skip(MAX_RANGES)
        .map(|&(a, b)| u64::from(b - a) + 1)
        .sum();
    if rest > 0 {
        out.push_str(&format!(
            ", … and {} more row{}",
            crate::money::format_count(rest),
            if rest == 1 { "" } else { "s" }
        ));
    }
    out
}
