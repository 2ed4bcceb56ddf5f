//! Guards on parts read as a stream. The XML readers buffer everything
//! between two `<` (a tag, or the text of one cell) before handing it over,
//! so one 500 MB text node costs a gigabyte or more however the rest is
//! read; the xlsb reader likewise reads each binary record whole. No
//! spreadsheet writes anything near [`MAX_GAP_BYTES`] between tags or in a
//! record (a cell holds at most 32,767 characters).
use std::io::{self, Read};

use crate::Error;

/// Bytes allowed between two `<` of a part's XML.
pub const MAX_GAP_BYTES: u64 = 4 * 1024 * 1024;

/// Passes bytes through, failing once more than [`MAX_GAP_BYTES`] go by
/// without a `<`.
pub(crate) struct Gaps<R> {
    inner: R,
    /// Bytes since the last `<`.
    since: u64,
}

impl<R: Read> Gaps<R> {
    pub(crate) fn new(inner: R) -> Self {
        Gaps { inner, since: 0 }
    }
}

/// The error [`Gaps`] fails with, told apart from others by [`is_gap`].
#[derive(Debug)]
struct GapTooLong;

impl std::fmt::Display for GapTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "more than {MAX_GAP_BYTES} bytes between two tags")
    }
}

impl std::error::Error for GapTooLong {}

/// Whether a read failed because of [`Gaps`].
pub(crate) fn is_gap(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<GapTooLong>())
}

/// The refusal of a part with a gap too long.
pub(crate) fn gap_error() -> Error {
    Error::unreadable(format!(
        "The workbook holds a cell or tag of more than {} MB, far more than any spreadsheet app writes; the file is damaged or was not made by one. Export the pipeline again.",
        MAX_GAP_BYTES / (1024 * 1024)
    ))
}

impl<R: Read> Read for Gaps<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        // Looked at in pieces no longer than the gap allowed, a piece can
        // only hide a long gap across its ends: the first and last `<` of
        // each piece are all that need finding (XML has one every few bytes).
        for piece in buf
            .get(..n)
            .unwrap_or_default()
            .chunks(MAX_GAP_BYTES as usize)
        {
            match memchr::memchr(b'<', piece) {
                Some(first) => {
                    if self.since.saturating_add(first as u64) > MAX_GAP_BYTES {
                        return Err(io::Error::new(io::ErrorKind::InvalidData, GapTooLong));
                    }
                    let last = memchr::memrchr(b'<', piece).unwrap_or(first);
                    self.since = (piece.len() - last - 1) as u64;
                }
                None => self.since = self.since.saturating_add(piece.len() as u64),
            }
            if self.since > MAX_GAP_BYTES {
                return Err(io::Error::new(io::ErrorKind::InvalidData, GapTooLong));
            }
        }
        Ok(n)
    }
}

/// Walks the records of an xlsb part (a type of one or two bytes, a length
/// of one to four, then that many bytes) and refuses one longer than
/// [`MAX_GAP_BYTES`]. A part that ends early is the reader's to report.
pub(crate) fn check_records(mut part: impl Read) -> Result<(), Error> {
    let mut byte = [0u8; 1];
    let mut next = |part: &mut dyn Read| -> Option<u8> {
        part.read_exact(&mut byte).ok()?;
        Some(byte[0])
    };
    loop {
        let Some(first) = next(&mut part) else {
            return Ok(());
        };
        if first & 0x80 != 0 && next(&mut part).is_none() {
            return Ok(());
        }
        let mut len: u64 = 0;
        for i in 0..4 {
            let Some(b) = next(&mut part) else {
                return Ok(());
            };
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if len > MAX_GAP_BYTES {
            return Err(gap_error());
        }
        match io::copy(&mut (&mut part).take(len), &mut io::sink()) {
            Ok(n) if n == len => {}
            _ => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsb_records_longer_than_the_gap_are_refused() {
        // BrtRowHdr-like record of 3 bytes, then one claiming 200 MB with its bytes.
        let mut part = vec![0x00, 0x03, 1, 2, 3];
        part.extend_from_slice(&[0x07, 0x80, 0x80, 0x80, 0x64]);
        let body = vec![0u8; 8 * 1024 * 1024];
        let ok = [&part[..5], &[0x07, 0x02, 9, 9]].concat();
        assert!(check_records(ok.as_slice()).is_ok());
        let long = [part.as_slice(), body.as_slice()].concat();
        let message = check_records(long.as_slice()).unwrap_err().to_string();
        assert!(message.contains("more than 4 MB"), "{message}");
    }

    #[test]
    fn fails_on_a_long_gap_only() {
        let fine = format!("<a>{}</a>", "x".repeat(1000)).repeat(10_000);
        assert!(io::copy(&mut Gaps::new(fine.as_bytes()), &mut io::sink()).is_ok());
        let long = format!("<a>{}</a>", "x".repeat(MAX_GAP_BYTES as usize + 1));
        let e = io::copy(&mut Gaps::new(long.as_bytes()), &mut io::sink()).unwrap_err();
        assert!(is_gap(&e));
    }
}
