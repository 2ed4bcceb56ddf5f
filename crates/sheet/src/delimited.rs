//! CSV and TSV: decoding and delimiter sniffing.
//!
//! Exports arrive as UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
//! "Unicode text"), UTF-32 LE with BOM, or in the Windows code page of the
//! machine that saved them (older Excel "CSV": Windows-1252 in Western
//! Europe and the Americas, Windows-1251 in Russia, Shift_JIS in Japan...),
//! separated by commas, semicolons (European Excel) or tabs. A file without
//! a BOM that is not UTF-8 says nothing of its code page, so it is detected
//! from the text itself (`chardetng`, Firefox's detector) and named in a
//! note. A quote that never closes is cut out first (`quotes`), so it costs
//! one rejected row, not the rest of the file.
use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::grid::{Cell, CellLimits, Grid, GridRow, MAX_CELLS, MAX_COLUMNS};
use crate::quotes;
use crate::{Error, Result};

/// Decodes the bytes and says which encoding was used. UTF-8 (most
/// exports) is read where it lies, not copied.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, &'static str) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (UTF_8.decode_without_bom_handling(rest).0, "UTF-8");
    }
    // UTF-32 LE's byte order mark starts like UTF-16 LE's: look for it first.
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0, 0]) {
        return (Cow::Owned(utf32_le(rest)), "UTF-32");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (UTF_16LE.decode_without_bom_handling(rest).0, "UTF-16");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (UTF_16BE.decode_without_bom_handling(rest).0, "UTF-16");
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), "UTF-8"),
        Err(_) if mostly_utf8(bytes) => (String::from_utf8_lossy(bytes), encoding_label(UTF_8)),
        Err(_) => {
            let encoding = detect(bytes);
            let text = encoding.decode_without_bom_handling(bytes).0;
            (text, encoding_label(encoding))
        }
    }
}

/// UTF-8 with a few broken characters (a file cut mid-character, one
/// stray byte pasted in): its letters read right but for those, where a
/// code page would turn every accented letter into two. Text in a code
/// page almost never forms a valid UTF-8 sequence, so twice as many valid
/// non-ASCII characters as broken sequences is UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid = valid.saturating_add(chunk.valid().chars().filter(|c| !c.is_ascii()).count());
        broken = broken.saturating_add(usize::from(!chunk.invalid().is_empty()));
    }
    valid > 0 && valid / 2 >= broken
}

/// Bytes the detector reads: its guess settles within a few thousand
/// non-ASCII letters, and a 200 MB file is not scanned twice for it.
const DETECT_BYTES: usize = 1 << 20;

/// The encoding of text that is not valid UTF-8, guessed from its bytes.
/// The detector reads from the line holding the first non-ASCII byte (an
/// export's header and ids are ASCII and say nothing), up to
/// [`DETECT_BYTES`].
fn detect(bytes: &[u8]) -> &'static Encoding {
    let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let start = bytes[..first]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |at| at + 1);
    let end = start.saturating_add(DETECT_BYTES).min(bytes.len());
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes[start..end], end == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// An encoding as a person who saved the file would recognise it.
fn encoding_label(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "UTF-8 (with characters that could not be read)",
        "windows-1250" => "Windows-1250 (Central European)",
        "windows-1251" => "Windows-1251 (Cyrillic)",
        "windows-1252" => "Windows-1252 (Western European)",
        "windows-1253" => "Windows-1253 (Greek)",
        "windows-1254" => "Windows-1254 (Turkish)",
        "windows-1255" => "Windows-1255 (Hebrew)",
        "windows-1256" => "Windows-1256 (Arabic)",
        "windows-1257" => "Windows-1257 (Baltic)",
        "windows-1258" => "Windows-1258 (Vietnamese)",
        "windows-874" => "Windows-874 (Thai)",
        "KOI8-R" | "KOI8-U" | "IBM866" | "x-mac-cyrillic" => "a Cyrillic code page",
        "ISO-8859-2" => "ISO-8859-2 (Central European)",
        "ISO-8859-5" => "ISO-8859-5 (Cyrillic)",
        "ISO-8859-7" => "ISO-8859-7 (Greek)",
        "ISO-8859-8" | "ISO-8859-8-I" => "ISO-8859-8 (Hebrew)",
        "ISO-8859-4" | "ISO-8859-13" => "a Baltic code page",
        "ISO-8859-6" => "ISO-8859-6 (Arabic)",
        "Shift_JIS" => "Shift_JIS (Japanese)",
        "EUC-JP" => "EUC-JP (Japanese)",
        "EUC-KR" => "EUC-KR (Korean)",
        "GBK" | "gb18030" => "GBK (Chinese, simplified)",
        "Big5" => "Big5 (Chinese, traditional)",
        other => other,
    }
}

/// UTF-32 little-endian (encoding_rs has no UTF-32); a code unit that is
/// not a character, or a cut-off last one, reads as U+FFFD.
fn utf32_le(bytes: &[u8]) -> String {
    let chunks = bytes.chunks_exact(4);
    let cut_off = !chunks.remainder().is_empty();
    let mut text: String = chunks
        .map(|c| {
            char::from_u32(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect();
    if cut_off {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// Picks the separator that splits the first lines most consistently into
/// more than one field, ignoring separators inside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for delim in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delim))
            .collect();
        let Some(&max) = counts.iter().max() else {
            continue;
        };
        if max == 0 {
            continue;
        }
        // Lines agreeing on the most common count, weighted by how many fields they make.
        let mode =
            counts
                .iter()
                .filter(|&&c| c > 0)
                .fold(std::collections::HashMap::new(), |mut m, c| {
                    *m.entry(*c).or_insert(0usize) += 1;
                    m
                });
        let score = mode
            .iter()
            .map(|(count, n)| n * 1000 + count)
            .max()
            .unwrap_or(0);
        if score > best.1 {
            best = (delim, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delim && !quoted {
            n += 1;
        }
    }
    n
}

/// A row left out because a stray quote broke it, with why.
pub struct Broken {
    pub row: GridRow,
    pub message: String,
}

/// Why a row with a stray quote was left out, in the user's words.
pub const STRAY_QUOTE: &str = "A quote (\") opens here and is never closed; this row was not imported \u{2014} fix the quote in the file.";

/// Reads the text as one sheet; a row broken by a stray quote becomes a note.
/// (Imports use [`read_checked`] and report such rows as rejected.)
pub fn read(bytes: &[u8]) -> Result<Grid> {
    let (mut grid, broken) = read_checked(bytes)?;
    for b in broken {
        grid.notes
            .push(format!("Row {}: {}", b.row.number, b.message));
    }
    Ok(grid)
}

/// Reads the text as one sheet, and the rows left out because a stray quote
/// would have swallowed the lines after them (see [`crate::quotes`]).
pub fn read_checked(bytes: &[u8]) -> Result<(Grid, Vec<Broken>)> {
    let text = Text::decode(bytes);
    let mut grid = Grid {
        delimiter: Some(text.delimiter),
        ..Grid::default()
    };
    let mut cells_total: u64 = 0;
    // The same limits, and the same notes, as the file streamed in.
    let mut limits = CellLimits::text();
    let broken = text.walk(|number, record| {
        cells_total = cells_total.saturating_add(record.len() as u64);
        if cells_total > MAX_CELLS {
            return Err(too_many_cells());
        }
        if record.len() > MAX_COLUMNS as usize {
            limits.ignore_wide();
        }
        let cells: Vec<Cell> = record
            .iter()
            .take(MAX_COLUMNS as usize)
            .map(|f| cell(limits.cap_text(f)))
            .collect();
        let row = GridRow { number, cells };
        if !row.is_blank() {
            grid.rows.push(row);
        }
        Ok(())
    })?;
    grid.notes.push(text.note());
    grid.notes.extend(limits.notes());
    Ok((grid, broken))
}

pub(crate) fn too_many_cells() -> Error {
    Error::unreadable(format!(
        "The file has more than {MAX_CELLS} cells; SalesOS imports up to that many."
    ))
}

/// A text file decoded, its separator found and its stray quotes cut out:
/// ready to be walked record by record, whole ([`read_checked`]) or on
/// the reader thread of a stream ([`crate::stream`]).
pub(crate) struct Text<'b> {
    text: Cow<'b, str>,
    cuts: Vec<quotes::Cut>,
    pub delimiter: u8,
    encoding: &'static str,
}

impl<'b> Text<'b> {
    pub fn decode(bytes: &'b [u8]) -> Text<'b> {
        let (text, encoding) = decode(bytes);
        let delimiter = sniff_delimiter(&text);
        let (text, cuts) = match quotes::cut_stray_quotes(&text, delimiter) {
            Some((clean, cuts)) => (Cow::Owned(clean), cuts),
            None => (text, Vec::new()),
        };
        Text {
            text,
            cuts,
            delimiter,
            encoding,
        }
    }

    /// How the file was read: its separator and encoding.
    pub fn note(&self) -> String {
        let delimiter = self.delimiter;
        let encoding = self.encoding;
        // Unicode is named by a BOM or valid as it is; a code page is a guess.
        if matches!(encoding, "UTF-8" | "UTF-16" | "UTF-32") {
            format!("Read as {} in {encoding}.", delimiter_name(delimiter))
        } else {
            format!(
                "Read as {} in {encoding}: the file does not say its encoding, so it was told from its text. If names look garbled, save the file from your spreadsheet app as \"CSV UTF-8\" and import that.",
                delimiter_name(delimiter)
            )
        }
    }

    /// Calls `each` with every record, in order, and the sheet row a
    /// spreadsheet app shows it on; returns the rows a stray quote broke.
    pub fn walk(
        &self,
        mut each: impl FnMut(u32, &csv::StringRecord) -> Result<()>,
    ) -> Result<Vec<Broken>> {
        let delimiter = self.delimiter;
        let mut cuts = self.cuts.iter().peekable();
        let mut broken = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(self.text.as_bytes());
        // Sheet row numbers as a spreadsheet app shows them: a record is one
        // row however many quoted line breaks it holds, and each blank line
        // the csv reader skips is an empty row. So only the gaps between
        // records are counted (a line break or two each), never the records:
        // counting every byte's line breaks took a tenth of a large import.
        let bytes = self.text.as_bytes();
        // A position is on row `base` plus the line breaks from `mark` to it:
        // before the first record, row 1 from the start; after a record, its
        // own row from the end of its content (so its terminator is the
        // first break).
        let (mut mark, mut base, mut last_start) = (0usize, 1u64, 0usize);
        let row_at = |at: usize, mark: usize, base: u64| {
            let at = at.clamp(mark, bytes.len());
            let row = base.saturating_add(line_breaks(&bytes[mark..at]));
            u32::try_from(row).unwrap_or(u32::MAX)
        };
        let mut take_cuts = |upto: usize, mark: usize, base: u64| {
            while let Some(cut) = cuts.next_if(|c| c.at < upto) {
                broken.push(Broken {
                    row: GridRow {
                        number: row_at(cut.at, mark, base),
                        cells: literal_cells(&cut.raw, delimiter),
                    },
                    message: STRAY_QUOTE.into(),
                });
            }
        };
        // Where the record that ended at `end` (what the reader consumed)
        // has its last byte of content: a record never ends in a line
        // break (an unquoted field cannot hold one, a quoted one ends in its
        // quote), so the breaks before `end` are its terminator and blank lines.
        let content_end = |end: usize, last_start: usize| {
            let end = end.min(bytes.len());
            let breaks = bytes[last_start..end]
                .iter()
                .rev()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            end - breaks
        };
        let mut record = csv::StringRecord::new();
        let mut first = true;
        loop {
            let more = reader.read_record(&mut record).map_err(|e| {
                Error::unreadable(format!(
                    "Row {} of the file cannot be read as {}: {e}",
                    base.saturating_add(1),
                    delimiter_name(delimiter)
                ))
            })?;
            if !more {
                if !first {
                    let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
                    mark = content_end(end, last_start).max(mark);
                }
                break;
            }
            let from = record
                .position()
                .map_or(mark, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
                .clamp(mark, bytes.len());
            if !first {
                mark = content_end(from, last_start).max(mark);
            }
            first = false;
            let start = from
                + bytes[from..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
            take_cuts(start, mark, base);
            let number = row_at(start, mark, base);
            base = u64::from(number);
            mark = start;
            last_start = start;
            each(number, &record)?;
        }
        take_cuts(usize::MAX, mark, base);
        Ok(broken)
    }
}

fn cell(field: &str) -> Cell {
    if crate::grid::is_blank(field) {
        Cell::Empty
    } else {
        Cell::Text(field.into())
    }
}

/// A broken row's cells as written, quotes and all, for the rows to fix.
fn literal_cells(raw: &str, delimiter: u8) -> Vec<Cell> {
    raw.split(char::from(delimiter))
        .take(MAX_COLUMNS as usize)
        .map(cell)
        .collect()
}

/// Line breaks as a spreadsheet app counts them: CRLF, LF or a lone CR.
/// Counted with memchr: the walk runs this over every byte of the file.
fn line_breaks(s: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', s).count() as u64;
    // A CR not followed by LF is a line break of its own (old Mac files).
    let lone_cr = memchr::memchr_iter(b'\r', s)
        .filter(|&i| s.get(i + 1) != Some(&b'\n'))
        .count() as u64;
    lf.saturating_add(lone_cr)
}

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolon-separated text",
        b'\t' => "tab-separated text",
        b'|' => "pipe-separated text",
        _ => "comma-separated text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n\"1,5\";2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
    }

    #[test]
    fn row_numbers_count_blank_lines_but_not_quoted_line_breaks() {
        let grid = read(b"a,b\r\n\"x\r\ny\",1\r\n\r\nz,2\rw,3\n").unwrap();
        let numbers: Vec<u32> = grid.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4, 5]);
    }

    /// The walk as it was before it counted only the gaps between records:
    /// every line break of the text, less those inside quoted fields.
    fn old_walk(
        this: &Text<'_>,
        mut each: impl FnMut(u32, &csv::StringRecord) -> Result<()>,
    ) -> Result<Vec<Broken>> {
        let delimiter = this.delimiter;
        let mut cuts = this.cuts.iter().peekable();
        let mut broken = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(this.text.as_bytes());
        // Sheet row numbers as a spreadsheet app shows them: the csv reader skips
        // blank lines, which the app shows as empty rows, and a quoted line break
        // makes one record (one row) span several lines.
        let bytes = this.text.as_bytes();
        let (mut scanned, mut breaks, mut inside_fields) = (0usize, 0u64, 0u64);
        // The sheet row of a position between records (a cut row's empty line).
        let number_at = |at: usize, scanned: usize, breaks: u64, inside_fields: u64| {
            let at = at.clamp(scanned, bytes.len());
            let before = breaks.saturating_add(line_breaks(&bytes[scanned..at]));
            u32::try_from(before.saturating_sub(inside_fields).saturating_add(1))
                .unwrap_or(u32::MAX)
        };
        let mut take_cuts = |upto: usize, scanned: usize, breaks: u64, inside_fields: u64| {
            while let Some(cut) = cuts.next_if(|c| c.at < upto) {
                let number = number_at(cut.at, scanned, breaks, inside_fields);
                broken.push(Broken {
                    row: GridRow {
                        number,
                        cells: literal_cells(&cut.raw, delimiter),
                    },
                    message: STRAY_QUOTE.into(),
                });
            }
        };
        let mut record = csv::StringRecord::new();
        loop {
            let more = reader.read_record(&mut record).map_err(|e| {
                Error::unreadable(format!(
                    "Row {} of the file cannot be read as {}: {e}",
                    breaks.saturating_sub(inside_fields).saturating_add(2),
                    delimiter_name(delimiter)
                ))
            })?;
            if !more {
                break;
            }
            let from = record
                .position()
                .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
                .clamp(scanned, bytes.len());
            let start = from
                + bytes[from..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
            take_cuts(start, scanned, breaks, inside_fields);
            breaks = breaks.saturating_add(line_breaks(&bytes[scanned..start]));
            scanned = start;
            let number = u32::try_from(breaks.saturating_sub(inside_fields).saturating_add(1))
                .unwrap_or(u32::MAX);
            // Line breaks inside quoted fields: counted over the record's
            // fields end to end, unless a CR could pair across two of them.
            let joined = record.as_slice().as_bytes();
            let inside = if memchr::memchr(b'\r', joined).is_none() {
                line_breaks(joined)
            } else {
                record.iter().map(|f| line_breaks(f.as_bytes())).sum()
            };
            inside_fields = inside_fields.saturating_add(inside);
            each(number, &record)?;
        }
        take_cuts(usize::MAX, scanned, breaks, inside_fields);
        Ok(broken)
    }

    /// The row numbers the walk gives records and broken rows, on every
    /// small text of commas, quotes, spaces and line breaks of each kind,
    /// are those the walk gave when it counted every line break.
    #[test]
    fn row_numbers_match_counting_every_line_break() {
        let alphabet: &[&str] = &["a", ",", "\"", "\r", "\n", "\r\n", " ", "b"];
        let mut seed: u64 = 0x5EED;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for case in 0..20_000 {
            let len = 1 + next() % 24;
            let text: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            let t = Text::decode(text.as_bytes());
            let mut new_rows = Vec::new();
            let new_broken = t.walk(|n, _| {
                new_rows.push(n);
                Ok(())
            });
            let mut old_rows = Vec::new();
            let old_broken = old_walk(&t, |n, _| {
                old_rows.push(n);
                Ok(())
            });
            let numbers = |b: Result<Vec<Broken>>| {
                b.map(|b| b.iter().map(|x| x.row.number).collect::<Vec<_>>())
                    .map_err(|e| e.to_string())
            };
            assert_eq!(new_rows, old_rows, "case {case}: {text:?}");
            assert_eq!(
                numbers(new_broken),
                numbers(old_broken),
                "case {case}: {text:?}"
            );
        }
    }

    #[test]
    fn decodes_encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9").0, "café");
        assert_eq!(decode(b"caf\xE9").0, "café");
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).0, "hi");
        let utf32: Vec<u8> = [0xFEFF_u32, 'h' as u32, 'é' as u32, 0xD800]
            .iter()
            .flat_map(|u| u.to_le_bytes())
            .chain([b'x'])
            .collect();
        assert_eq!(decode(&utf32), (Cow::from("hé\u{FFFD}\u{FFFD}"), "UTF-32"));
    }

    /// Files without a BOM that are not UTF-8: the code page is told from
    /// the text, not assumed to be Windows-1252.
    #[test]
    fn detects_the_code_page_of_text_without_a_bom() {
        // Bitrix24's export of a deal list, saved on a Russian Windows
        // (bitrix24_rest_deals.csv): "Сделка" is C4 E5 EB EA E0 in Windows-1251,
        // which Windows-1252 would read as "Ñäåëêà".
        let bytes = encoding_rs::WINDOWS_1251.encode("ID,TITLE,STAGE_ID\n1,Сделка #1,NEW\n3,Портативные зарядные устройства,EXECUTING\n5,Игрушки,FINAL_INVOICE\n").0;
        let (text, label) = decode(&bytes);
        assert_eq!(label, "Windows-1251 (Cyrillic)");
        assert!(text.contains("1,Сделка #1,NEW"), "{text}");
        assert!(text.contains("Игрушки"), "{text}");
        // Western European Excel: é is E9, ü is FC, € is 80.
        let bytes = b"Opportunity;Account;Amount\r\nCaf\xE9 cr\xE8me;M\xFCller & S\xF6hne;\x80 1.234,56\r\nD\xE9j\xE0 vu;Soci\xE9t\xE9 G\xE9n\xE9rale;\x80 99\r\n";
        let (text, label) = decode(bytes);
        assert_eq!(label, "Windows-1252 (Western European)");
        assert!(
            text.contains("Café crème;Müller & Söhne;€ 1.234,56"),
            "{text}"
        );
        assert!(text.contains("Société Générale"), "{text}");
        // UTF-8 cut in the middle of its last character stays UTF-8.
        let mut cut = "Name\nCafé crème\nSociété Générale\nMünchen\n"
            .as_bytes()
            .to_vec();
        cut.extend_from_slice(&"é".as_bytes()[..1]);
        let (text, label) = decode(&cut);
        assert!(label.starts_with("UTF-8"), "{label}");
        assert!(text.contains("Société Générale"), "{text}");
    }

    #[test]
    fn says_which_code_page_it_read() {
        let bytes = encoding_rs::WINDOWS_1251
            .encode("ID,TITLE\n1,Сделка #1\n2,Поставка каркасов\n")
            .0;
        let grid = read(&bytes).unwrap();
        assert!(
            grid.notes[0].starts_with("Read as comma-separated text in Windows-1251 (Cyrillic):"),
            "{:?}",
            grid.notes
        );
        assert_eq!(grid.rows[1].cells[1], Cell::Text("Сделка #1".into()));
        let grid = read("ID,TITLE\n1,Café\n".as_bytes()).unwrap();
        assert_eq!(grid.notes, ["Read as comma-separated text in UTF-8."]);
    }
}
