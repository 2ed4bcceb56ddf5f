//! Stray quotes in delimited text.
//!
//! A `"` that opens a field and is never closed makes a CSV reader take every
//! following line into that one cell: rows vanish without an error and one
//! deal's name holds the rest of the file. Legitimate quoted fields do span
//! lines (CRM descriptions with line breaks), so a quoted line break alone
//! proves nothing. A row is called broken when its quote
//! - runs to the end of the text, or
//! - runs over a line that looks like a row of its own (at least as many
//!   separators as the file's rows have) while the row as read does not
//!   have the file's usual number of fields, or
//! - runs over two or more such lines.
//!
//! The field count keeps a note with one line that happens to hold commas:
//! its row still has the usual number of fields once the quote closes. A
//! stray quote that closes by chance in the right place rows later still
//! swallows two or more row-shaped lines.
//!
//! The scanner follows the csv crate's reading: a quote opens a field only at
//! its start, `""` inside quotes is a literal quote, and CR, LF or CRLF end a
//! row.
use std::ops::Range;

/// Rows looked at to learn how many separators a row of the file has.
const SAMPLE_ROWS: usize = 200;

/// A row cut out of the text because its quote swallowed the lines after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// Where the row was in the text handed back (an empty line there now).
    pub at: usize,
    /// The row as written, from its start through the line where the quote opened.
    pub raw: String,
}

/// Finds the rows with a stray quote and returns the text without them (each
/// left as an empty line, so line counts stay put) and where each one was.
/// `None` when there is none: the text reads as it is.
pub fn cut_stray_quotes(text: &str, delim: u8) -> Option<(String, Vec<Cut>)> {
    let spans = find(text.as_bytes(), delim);
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut cuts = Vec::with_capacity(spans.len());
    let mut copied = 0;
    for span in spans {
        // Spans start and end at line breaks or the text's ends, so they are char boundaries.
        out.push_str(text.get(copied..span.start)?);
        cuts.push(Cut {
            at: out.len(),
            raw: text.get(span.clone())?.to_string(),
        });
        copied = span.end;
    }
    out.push_str(text.get(copied..)?);
    Some((out, cuts))
}

/// The byte ranges of the broken rows: from the row's start to the end of the
/// line where its stray quote opened (the line break after it excluded).
fn find(b: &[u8], delim: u8) -> Vec<Range<usize>> {
    if !b.contains(&b'"') {
        return Vec::new();
    }
    let width = usual_separators(b, delim);
    let mut spans = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let scan = scan_row(b, pos, delim, width);
        match scan.broken_at {
            Some(line) => {
                let end = line_end(b, line);
                spans.push(pos..end);
                // Read on from the line after the one where the quote opened.
                pos = end;
            }
            None => pos = scan.end,
        }
    }
    spans
}

/// The most common number of separators in the first rows that have any;
/// on a tie, the count seen first (the header's, usually).
fn usual_separators(b: &[u8], delim: u8) -> Option<usize> {
    // (separators, rows with that many), in order of first appearance.
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    let mut rows = 0;
    while pos < b.len() && rows < SAMPLE_ROWS {
        let scan = scan_row(b, pos, delim, None);
        if scan.separators > 0 {
            match counts.iter_mut().find(|(seps, _)| *seps == scan.separators) {
                Some((_, n)) => *n = n.saturating_add(1),
                None => counts.push((scan.separators, 1)),
            }
            rows += 1;
        }
        pos = scan.end.max(pos.saturating_add(1));
    }
    counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, &(_, n))| (n, std::cmp::Reverse(i)))
        .map(|(_, &(seps, _))| seps)
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    StartField,
    InField,
    Quoted,
    QuoteInQuoted,
}

struct RowScan {
    /// Just past the row's line break (or the text's end).
    end: usize,
    separators: usize,
    /// Start of the line where the stray quote of a broken row opened.
    broken_at: Option<usize>,
}

/// Reads one row from `start` as the csv crate would. With the file's usual
/// separator count, also says whether the row is broken by a stray quote.
fn scan_row(b: &[u8], start: usize, delim: u8, width: Option<usize>) -> RowScan {
    let mut state = State::StartField;
    let mut separators = 0;
    let mut line_start = start;
    let mut quote_line = start;
    // Where the quote opened that first ran over a line shaped like a row,
    // and how many such lines quotes ran over.
    let mut swallowed: Option<usize> = None;
    let mut row_lines = 0usize;
    let mut quote_spans_lines = false;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        let is_break = c == b'\n' || c == b'\r';
        let after_break = if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
        match state {
            State::Quoted if is_break => {
                quote_spans_lines = true;
                line_start = after_break;
                if width.is_some_and(|w| looks_like_row(b, line_start, delim, w)) {
                    swallowed.get_or_insert(quote_line);
                    row_lines = row_lines.saturating_add(1);
                }
                i = after_break;
                continue;
            }
            State::Quoted => {
                if c == b'"' {
                    state = State::QuoteInQuoted;
                }
            }
            _ if is_break => {
                let broken = swallowed.filter(|_| width != Some(separators) || row_lines > 1);
                return RowScan {
                    end: after_break,
                    separators,
                    broken_at: broken,
                };
            }
            State::StartField if c == b'"' => {
                state = State::Quoted;
                quote_line = line_start;
                quote_spans_lines = false;
            }
            State::QuoteInQuoted if c == b'"' => state = State::Quoted,
            _ if c == delim => {
                separators = separators.saturating_add(1);
                state = State::StartField;
            }
            _ => state = State::InField,
        }
        i = i.saturating_add(1);
    }
    // The text ended: a quote still open over a line break never closes.
    let broken = if state == State::Quoted && quote_spans_lines {
        Some(swallowed.unwrap_or(quote_line))
    } else {
        swallowed.filter(|_| width != Some(separators) || row_lines > 1)
    };
    RowScan {
        end: b.len(),
        separators,
        broken_at: broken,
    }
}

/// Whether the line at `start`, read on its own, has at least the file's
/// usual number of separators (two or more: with fewer, a note's line with a
/// comma would look like a row).
fn looks_like_row(b: &[u8], start: usize, delim: u8, width: usize) -> bool {
    if width < 2 {
        return false;
    }
    let mut state = State::StartField;
    let mut separators = 0;
    for &c in b.get(start..).unwrap_or_default() {
        if c == b'\n' || c == b'\r' {
            break;
        }
        state = match state {
            State::Quoted if c == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::StartField if c == b'"' => State::Quoted,
            State::QuoteInQuoted if c == b'"' => State::Quoted,
            _ if c == delim => {
                separators += 1;
                State::StartField
            }
            _ => State::InField,
        };
        if separators >= width {
            return true;
        }
    }
    false
}

/// The end of the line starting at or containing `from`, before its line break.
fn line_end(b: &[u8], from: usize) -> usize {
    b.get(from..)
        .unwrap_or_default()
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(b.len(), |n| from + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Option<(String, Vec<Cut>)> {
        cut_stray_quotes(text, b',')
    }

    #[test]
    fn an_unclosed_quote_is_cut_and_the_rest_kept() {
        let text = "id,name,amount\n1,a,10\n2,\"b,20\n3,c,30\n4,d,40\n";
        let (clean, cuts) = cut(text).unwrap();
        assert_eq!(clean, "id,name,amount\n1,a,10\n\n3,c,30\n4,d,40\n");
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].raw, "2,\"b,20");
        assert_eq!(cuts[0].at, "id,name,amount\n1,a,10\n".len());
    }

    #[test]
    fn a_quote_closed_rows_later_is_cut_too() {
        // Closed where the row count comes out right, after two rows.
        let text = "id,name,amount\n1,\"a,10\n2,b,20\n3,c,30\n4,d\",40\n5,e,50\n";
        let (clean, cuts) = cut(text).unwrap();
        assert_eq!(cuts[0].raw, "1,\"a,10");
        // Row 4 now has a quote in the middle of a field: read as written.
        assert_eq!(
            clean,
            "id,name,amount\n\n2,b,20\n3,c,30\n4,d\",40\n5,e,50\n"
        );
        // Closed where the count comes out wrong, after one row.
        let text = "id,name,amount\n1,\"a,10\n2,b,20\n3\",c,30\n";
        let (clean, cuts) = cut(text).unwrap();
        assert_eq!(cuts[0].raw, "1,\"a,10");
        assert_eq!(clean, "id,name,amount\n\n2,b,20\n3\",c,30\n");
    }

    #[test]
    fn multi_line_notes_are_left_alone() {
        for text in [
            "id,name,notes\n1,a,\"first line\nsecond, with a comma\"\n2,b,c\n",
            "id,name,notes\n1,a,\"x, y, z\nand, more, commas\"\n2,b,c\n",
            "id,name,notes\r\n1,a,\"say \"\"hi\"\"\r\n\r\nbye\"\r\n2,b,c\r\n",
            "id,name,notes\n1,a,5\" screen\n2,b,c\n",
        ] {
            assert_eq!(cut(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_quote_open_at_the_end_of_the_last_row_is_cut() {
        let (clean, cuts) = cut("id,name\n1,\"a\nmore").unwrap();
        assert_eq!(clean, "id,name\n\nmore");
        assert_eq!(cuts[0].raw, "1,\"a");
    }

    #[test]
    fn no_quotes_no_work() {
        assert_eq!(cut("a,b\n1,2\n"), None);
        assert_eq!(cut(""), None);
        assert_eq!(cut("\""), None);
    }
}
