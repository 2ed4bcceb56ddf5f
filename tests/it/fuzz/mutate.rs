//! The mutations: byte-level damage for every file, zip surgery and XML
//! bombs for workbooks, encodings and dialect mix-ups for text.
use super::rng::Rng;
use super::zipraw;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Truncate,
    FlipBytes,
    DuplicateChunk,
    RemoveChunk,
    InsertSpecial,
    ZipShuffle,
    ZipRemove,
    ZipDuplicate,
    ZipMethod,
    ZipSizeLie,
    ZipCrcLie,
    XmlDeepNesting,
    XmlEntities,
    GiantCell,
    RepeatAttributes,
    HiddenSheet,
    MergedCells,
    FormulaError,
    Reencode,
    MixedDelimiters,
    QuoteStorm,
    LineEndings,
    /// The same text with a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE)
    /// or CRLF / CR line ends: it must read the same rows as the original.
    SameText,
}

use Kind::*;

pub const BYTES: &[Kind] = &[
    Truncate,
    FlipBytes,
    DuplicateChunk,
    RemoveChunk,
    InsertSpecial,
];
pub const ZIP: &[Kind] = &[
    ZipShuffle,
    ZipRemove,
    ZipDuplicate,
    ZipMethod,
    ZipSizeLie,
    ZipCrcLie,
    XmlDeepNesting,
    XmlEntities,
    GiantCell,
    RepeatAttributes,
    HiddenSheet,
    MergedCells,
    FormulaError,
];
pub const TEXT: &[Kind] = &[
    SameText,
    Reencode,
    MixedDelimiters,
    QuoteStorm,
    LineEndings,
    GiantCell,
    InsertSpecial,
];

/// How hard the memory and time bombs hit: in the test process, or in a
/// child process whose memory is measured.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    InProcess,
    Bomb,
}

/// Picks a mutation that fits the file.
pub fn choose(rng: &mut Rng, zip: bool, text: bool) -> Kind {
    if zip && rng.chance(70) {
        *rng.pick(ZIP)
    } else if text && rng.chance(60) {
        *rng.pick(TEXT)
    } else {
        *rng.pick(BYTES)
    }
}

/// The file mutated, or `None` when the mutation does not apply to it.
pub fn apply(kind: Kind, b: &[u8], rng: &mut Rng, scale: Scale) -> Option<Vec<u8>> {
    let len = b.len();
    let mut out = b.to_vec();
    match kind {
        Truncate => out.truncate(rng.below(len)),
        FlipBytes => {
            for _ in 0..=rng.below(8) {
                let at = rng.below(len);
                if let Some(x) = out.get_mut(at) {
                    *x = if rng.chance(50) {
                        *x ^ (1 << rng.below(8))
                    } else {
                        rng.next_u64() as u8
                    };
                }
            }
        }
        DuplicateChunk => {
            let (s, e) = rng.span(len, 4096);
            let at = rng.below(len + 1);
            let chunk = b[s..e].to_vec();
            out.splice(at..at, chunk);
        }
        RemoveChunk => {
            let (s, e) = rng.span(len, 4096);
            out.drain(s..e);
        }
        InsertSpecial => {
            const SPECIAL: &[&[u8]] = &[
                b"\"",
                b"\"\"",
                b"\r",
                b"\n",
                b"\r\n\r\n",
                b",",
                b";",
                b"\t",
                b"\0",
                b"\xFF\xFE",
                b"\xEF\xBB\xBF",
                b"\xC3",
                b"<",
                b"&",
                b"&amp;",
                b"]]>",
                b"=1/0",
                b"#N/A",
            ];
            for _ in 0..=rng.below(5) {
                let at = rng.below(out.len() + 1);
                let s = rng.pick(SPECIAL).to_vec();
                out.splice(at..at, s);
            }
        }
        Reencode | MixedDelimiters | QuoteStorm | LineEndings => return text(kind, b, rng),
        SameText => return same_text(b, rng),
        GiantCell if !b.starts_with(b"PK") => {
            let n = giant(rng, scale);
            let at = line_start(b, rng);
            let mut cell = Vec::with_capacity(n + 3);
            cell.push(b'"');
            cell.extend(std::iter::repeat_n(b'x', n));
            cell.extend_from_slice(b"\",");
            out.splice(at..at, cell);
        }
        _ => return zip(kind, b, rng, scale),
    }
    Some(out)
}

fn giant(rng: &mut Rng, scale: Scale) -> usize {
    match scale {
        Scale::InProcess => 32 * 1024 + rng.below(2 * 1024 * 1024),
        // 8 MB by default (a debug build parses slowly); `make fuzz` asks for 40.
        Scale::Bomb => {
            let mb = std::env::var("SALESOS_FUZZ_GIANT_MB")
                .ok()
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(8);
            mb * 1024 * 1024
        }
    }
}

/// The start of a random line.
fn line_start(b: &[u8], rng: &mut Rng) -> usize {
    let at = rng.below(b.len() + 1);
    b[..at]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1)
}

/// The text unchanged but for its encoding (with a BOM) or line ends.
fn same_text(b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)).ok()?;
    Some(match rng.below(6) {
        0 => [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat(),
        1 => [0xFF, 0xFE]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        2 => [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        3 => [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(s.chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect(),
        n => {
            // Line ends outside quotes only would be exact; a quoted line
            // break keeps its meaning either way.
            let ending = if n == 4 { "\r\n" } else { "\r" };
            s.replace("\r\n", "\n").replace('\n', ending).into_bytes()
        }
    })
}

fn text(kind: Kind, b: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let s = String::from_utf8_lossy(b).into_owned();
    Some(match kind {
        Reencode => {
            let bom = rng.chance(50);
            match rng.below(5) {
                0 | 1 => {
                    let le = rng.below(5) == 0;
                    let mut out = if !bom {
                        Vec::new()
                    } else if le {
                        vec![0xFF, 0xFE]
                    } else {
                        vec![0xFE, 0xFF]
                    };
                    for u in s.encode_utf16() {
                        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
                    }
                    out
                }
                2 | 3 => {
                    let le = rng.chance(50);
                    let mut out = if !bom {
                        Vec::new()
                    } else if le {
                        vec![0xFF, 0xFE, 0, 0]
                    } else {
                        vec![0, 0, 0xFE, 0xFF]
                    };
                    for c in s.chars() {
                        let u = c as u32;
                        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
                    }
                    out
                }
                _ => encoding_rs::WINDOWS_1252.encode(&s).0.into_owned(),
            }
        }
        MixedDelimiters => {
            let seps = [",", ";", "\t", "|"];
            let from = *rng.pick(&seps);
            let to = *rng.pick(&seps);
            let every = 1 + rng.below(4);
            s.split_inclusive('\n')
                .enumerate()
                .map(|(i, l)| {
                    if i % every == 0 {
                        l.replace(from, to)
                    } else {
                        l.to_string()
                    }
                })
                .collect::<String>()
                .into_bytes()
        }
        QuoteStorm => {
            let mut out = b.to_vec();
            for _ in 0..=rng.below(4) {
                let at = line_start(&out, rng);
                // At a field start: after the line start or a separator.
                let at = if rng.chance(50) {
                    at
                } else {
                    out[at..]
                        .iter()
                        .position(|&c| matches!(c, b',' | b';' | b'\t'))
                        .map_or(at, |p| at + p + 1)
                };
                out.insert(at, b'"');
            }
            out
        }
        _ => {
            let ending = *rng.pick(&["\r\n", "\r", "\n\n", "\u{2028}"]);
            s.split('\n')
                .map(|l| l.trim_end_matches('\r').to_string())
                .collect::<Vec<_>>()
                .join(ending)
                .into_bytes()
        }
    })
}

/// The XML parts a mutation of the workbook's content goes to, most telling first.
fn xml_target(entries: &[zipraw::Entry], rng: &mut Rng) -> Option<usize> {
    let preferred: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.name.contains("sheet")
                || e.name.ends_with("content.xml")
                || e.name.ends_with("sharedStrings.xml")
                || e.name.ends_with("workbook.xml")
        })
        .map(|(i, _)| i)
        .collect();
    if !preferred.is_empty() && rng.chance(85) {
        return Some(*rng.pick(&preferred));
    }
    let xml: Vec<usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.name.ends_with(".xml") || e.name.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    (!xml.is_empty()).then(|| *rng.pick(&xml))
}

fn insert_after(text: &str, marker: &str, what: &str) -> Option<String> {
    let at = text.find(marker)? + marker.len();
    let mut out = text.to_string();
    out.insert_str(at, what);
    Some(out)
}

fn zip(kind: Kind, b: &[u8], rng: &mut Rng, scale: Scale) -> Option<Vec<u8>> {
    let mut entries = zipraw::read(b)?;
    if entries.is_empty() {
        return None;
    }
    let n = entries.len();
    match kind {
        ZipShuffle => {
            for i in (1..n).rev() {
                entries.swap(i, rng.below(i + 1));
            }
        }
        ZipRemove => {
            entries.remove(rng.below(n));
        }
        ZipDuplicate => {
            let mut copy = entries[rng.below(n)].clone();
            if rng.chance(50) && !copy.content.is_empty() {
                let cut = rng.below(copy.content.len());
                copy.content.truncate(cut);
                copy.raw = None;
            }
            let at = rng.below(n + 1);
            entries.insert(at, copy);
        }
        ZipMethod => {
            for e in entries.iter_mut() {
                if rng.chance(50) {
                    e.method = if e.method == 0 { 8 } else { 0 };
                    e.raw = None;
                }
            }
        }
        ZipSizeLie => {
            let e = &mut entries[rng.below(n)];
            let truth = (0u32, e.content.len() as u32);
            e.lie_sizes = Some(match rng.below(4) {
                0 => (u32::MAX - 1, u32::MAX - 1),
                1 => (1, 1),
                2 => (0, truth.1.saturating_mul(1000)),
                _ => (0, u32::MAX),
            });
            if let Some((c, u)) = e.lie_sizes {
                // 0 means "keep the true compressed size".
                let raw_len = match (e.method, &e.raw) {
                    (0, _) => e.content.len(),
                    (_, Some(r)) => r.len(),
                    _ => zipraw::deflate(&e.content).len(),
                } as u32;
                e.lie_sizes = Some((if c == 0 { raw_len } else { c }, u));
            }
            e.lie_central_only = rng.chance(50);
        }
        ZipCrcLie => {
            entries[rng.below(n)].lie_crc = Some(rng.next_u64() as u32);
        }
        _ => {
            // The part picked first, else the next one the mutation fits.
            let first = xml_target(&entries, rng)?;
            let changed = (0..n).map(|k| (first + k) % n).find_map(|i| {
                let text = String::from_utf8_lossy(&entries[i].content).into_owned();
                xml(kind, &text, rng, scale).map(|c| (i, c))
            });
            let (i, changed) = changed?;
            entries[i].set_content(changed.into_bytes());
        }
    }
    Some(zipraw::write(&entries))
}

fn xml(kind: Kind, text: &str, rng: &mut Rng, scale: Scale) -> Option<String> {
    match kind {
        XmlDeepNesting => {
            let depth = match scale {
                Scale::InProcess => 1000 + rng.below(50_000),
                Scale::Bomb => 2_000_000,
            };
            let balanced = rng.chance(60);
            let mut nest = "<x>".repeat(depth);
            if balanced {
                nest += &"</x>".repeat(depth);
            }
            let marker = ["<sheetData>", "<sst ", "<office:spreadsheet>", "<sheets>"]
                .into_iter()
                .find(|m| text.contains(m))?;
            let open = text.find(marker)?;
            let at = open + text[open..].find('>')? + 1;
            let mut out = text.to_string();
            out.insert_str(at, &nest);
            Some(out)
        }
        XmlEntities => {
            let mut dtd = String::from("<!DOCTYPE x [<!ENTITY l0 \"lollollollol\">");
            for i in 1..10 {
                dtd += &format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10));
            }
            dtd += "<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>";
            let decl_end = text.find("?>").map_or(0, |i| i + 2);
            let mut out = text.to_string();
            out.insert_str(decl_end, &dtd);
            let entity = if rng.chance(70) { "&l9;" } else { "&ext;" };
            for marker in ["<t>", "<t xml:space=\"preserve\">", "<text:p>", "<v>"] {
                if let Some(o) = insert_after(&out, marker, entity) {
                    return Some(o);
                }
            }
            Some(out)
        }
        GiantCell => {
            let big = "x".repeat(giant(rng, scale));
            ["<t>", "<text:p>", "<v>", "<is><t>"]
                .into_iter()
                .find_map(|m| insert_after(text, m, &big))
        }
        RepeatAttributes => {
            let huge = matches!(scale, Scale::Bomb);
            let cols = if huge {
                16_384
            } else {
                *rng.pick(&[2usize, 100, 1000, 16_384])
            };
            let rows = if huge {
                1_048_576
            } else if cols > 1000 {
                *rng.pick(&[1usize, 2, 30])
            } else {
                *rng.pick(&[1usize, 10, 1000, 65_536])
            };
            if text.contains("<table:table-cell") {
                let mut out = text.replacen(
                    "<table:table-row>",
                    &format!("<table:table-row table:number-rows-repeated=\"{rows}\">"),
                    1 + rng.below(3),
                );
                // A filled cell repeated: every copy holds the value.
                let nth = rng.below(20);
                if let Some((at, _)) = out
                    .match_indices("<table:table-cell office:value-type")
                    .nth(nth)
                {
                    out.insert_str(
                        at + "<table:table-cell".len(),
                        &format!(" table:number-columns-repeated=\"{cols}\""),
                    );
                }
                Some(out)
            } else if text.contains("<sheetData") {
                let far = if huge {
                    "XFD1048576"
                } else {
                    *rng.pick(&["AMJ2000", "ZZ65536", "XFD1048576"])
                };
                let out = match text.find("<dimension ref=\"") {
                    Some(_) => {
                        let start = text.find("<dimension ref=\"")? + "<dimension ref=\"".len();
                        let end = start + text[start..].find('"')?;
                        format!("{}A1:{far}{}", &text[..start], &text[end..])
                    }
                    None => text.to_string(),
                };
                insert_after(
                    &out,
                    "<sheetData>",
                    &format!("<row r=\"{rows}\" spans=\"1:{cols}\"><c r=\"A{rows}\" t=\"inlineStr\"><is><t>far</t></is></c></row>"),
                )
                .or(Some(out))
            } else {
                None
            }
        }
        HiddenSheet => {
            if text.contains("<sheet ") {
                let state = if rng.chance(50) {
                    "hidden"
                } else {
                    "veryHidden"
                };
                Some(text.replacen(
                    "<sheet ",
                    &format!("<sheet state=\"{state}\" "),
                    1 + rng.below(2),
                ))
            } else if text.contains("<table:table ") {
                Some(text.replacen("<table:table ", "<table:table table:display=\"false\" ", 1))
            } else {
                None
            }
        }
        MergedCells => {
            let r = 2 + rng.below(30);
            insert_after(
                text,
                "</sheetData>",
                &format!("<mergeCells count=\"2\"><mergeCell ref=\"A1:H1\"/><mergeCell ref=\"B{r}:D{}\"/></mergeCells>", r + rng.below(5)),
            )
        }
        _ => {
            // FormulaError: a cell turned into an error value.
            let cells: Vec<usize> = text.match_indices("<c r=\"").map(|(i, _)| i).collect();
            let start = *cells.get(rng.below(cells.len()))?;
            let tag_end = start + text[start..].find('>')?;
            let tag = &text[start..tag_end];
            let tag = match tag.find(" t=\"") {
                Some(t) => {
                    let q = t + 4 + tag[t + 4..].find('"')?;
                    format!("{} t=\"e\"{}", &tag[..t], &tag[q + 1..])
                }
                None => format!("{tag} t=\"e\""),
            };
            let error = *rng.pick(&["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?"]);
            let rest = &text[tag_end..];
            let rest = match (rest.find("<v>"), rest.find("</c>")) {
                (Some(v), Some(c)) if v < c => {
                    let v_end = v + rest[v..].find("</v>")?;
                    format!("{}<v>{error}{}", &rest[..v], &rest[v_end..])
                }
                _ => rest.to_string(),
            };
            Some(format!("{}{tag}{rest}", &text[..start]))
        }
    }
}
