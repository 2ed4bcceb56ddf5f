//! Zip surgery below what the zip crate allows: duplicate entry names,
//! stored or deflated entries at will, and sizes or CRCs that lie.
use std::io::{Cursor, Read, Write};

/// Entries bigger than this are not unpacked by the fuzzer itself.
const MAX_ENTRY: u64 = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct Entry {
    pub name: String,
    /// 0 stored, 8 deflated.
    pub method: u16,
    pub content: Vec<u8>,
    /// The compressed bytes as found, while `content` is unchanged.
    pub raw: Option<Vec<u8>>,
    /// Declared sizes (compressed, uncompressed) and CRC that differ from the truth.
    pub lie_sizes: Option<(u32, u32)>,
    /// The lie only in the central directory (else in both headers).
    pub lie_central_only: bool,
    pub lie_crc: Option<u32>,
}

impl Entry {
    pub fn set_content(&mut self, content: Vec<u8>) {
        self.content = content;
        self.raw = None;
    }
}

/// The entries of a zip, unpacked; `None` when it is not a readable zip.
pub fn read(bytes: &[u8]) -> Option<Vec<Entry>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let (name, method, raw) = {
            let mut e = archive.by_index_raw(i).ok()?;
            let method = match e.compression() {
                zip::CompressionMethod::Stored => 0,
                zip::CompressionMethod::Deflated => 8,
                _ => return None,
            };
            if e.size() > MAX_ENTRY || e.compressed_size() > MAX_ENTRY {
                return None;
            }
            let name = e.name().ok()?.into_owned();
            let mut raw = Vec::new();
            e.read_to_end(&mut raw).ok()?;
            (name, method, raw)
        };
        let mut content = Vec::new();
        archive
            .by_index(i)
            .ok()?
            .take(MAX_ENTRY)
            .read_to_end(&mut content)
            .ok()?;
        entries.push(Entry {
            name,
            method,
            content,
            raw: Some(raw),
            lie_sizes: None,
            lie_central_only: false,
            lie_crc: None,
        });
    }
    Some(entries)
}

/// Deflates `data` as the zip crate writes it.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("x", options).expect("start entry");
    w.write_all(data).expect("write entry");
    let zipped = w.finish().expect("finish zip").into_inner();
    let mut archive = zip::ZipArchive::new(Cursor::new(zipped)).expect("reread zip");
    let mut raw = Vec::new();
    archive
        .by_index_raw(0)
        .expect("entry")
        .read_to_end(&mut raw)
        .expect("raw entry");
    raw
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Writes the entries as a zip, lies included.
pub fn write(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let data = match (e.method, &e.raw) {
            (0, _) => e.content.clone(),
            (_, Some(raw)) => raw.clone(),
            _ => deflate(&e.content),
        };
        let crc = crc32(&e.content);
        let truth = (data.len() as u32, e.content.len() as u32);
        let declared = e.lie_sizes.unwrap_or(truth);
        let local_sizes = if e.lie_central_only { truth } else { declared };
        let offset = out.len() as u32;
        let header = |sig: u32, sizes: (u32, u32), crc: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // needed
            h.extend_from_slice(&0u16.to_le_bytes()); // flags
            h.extend_from_slice(&e.method.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // time
            h.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&sizes.0.to_le_bytes());
            h.extend_from_slice(&sizes.1.to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal
                h.extend_from_slice(&0u32.to_le_bytes()); // external
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(e.name.as_bytes());
            h
        };
        let declared_crc = e.lie_crc.unwrap_or(crc);
        out.extend(header(0x0403_4b50, local_sizes, declared_crc, false));
        out.extend_from_slice(&data);
        central.extend(header(0x0201_4b50, declared, declared_crc, true));
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
