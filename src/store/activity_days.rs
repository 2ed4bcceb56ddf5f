//! Activities exported one row each (a call, an email, a meeting), kept as
//! what the ramp board reads of them (docs/method.md §5, "Activities"):
//! per import, rep, activity type, category and outcome, how many there
//! were on each day. A million activities of 200 reps over two years are a
//! few hundred such rows, written and read in milliseconds, where a row per
//! activity took seconds to write and to sum on every view.
//!
//! What keeps an overlapping re-import from counting an activity twice is
//! its identity (its id, else rep, time, type and subject), kept as a
//! 64-bit SipHash per activity in blobs per import: eight bytes each, read
//! into a set when the next activity export comes.
use std::hash::Hasher;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;
use siphasher::sip::SipHasher13;

use super::activity_kinds::{ActivityCategory, Count, Span};
use crate::error::Result;

/// Fixed keys: an identity must hash the same in every run and version.
const KEYS: (u64, u64) = (0x5A1E_5050_AC71_0001, 0x7A11_CA11_E3A1_0002);

/// Identities per stored blob (512 KiB): a row SQLite writes in one go.
const KEYS_PER_BLOB: usize = 65_536;

/// An activity's identity as stored: the hash of the text that names it,
/// fed in pieces so no text is built per activity.
#[derive(Clone)]
pub struct Identity(SipHasher13);

impl Default for Identity {
    fn default() -> Self {
        Identity(SipHasher13::new_with_keys(KEYS.0, KEYS.1))
    }
}

impl Identity {
    pub fn add(&mut self, piece: &str) -> &mut Self {
        self.0.write(piece.as_bytes());
        self
    }

    pub fn key(&self) -> u64 {
        self.0.finish()
    }
}

/// The identity of a whole text (`Identity::default().add(text).key()`).
pub fn key_of(text: &str) -> u64 {
    Identity::default().add(text).key()
}

/// Identities are spread over this many parts by their top bits, so each
/// part is sorted and checked in cache instead of a million-entry set being
/// probed at random.
const PART_BITS: u32 = 10;
const PARTS: usize = 1 << PART_BITS;

fn part_of(key: u64) -> usize {
    // The top PART_BITS bits: always below PARTS.
    (key >> (64 - PART_BITS)) as usize
}

/// The identities of every activity stored so far, by part, each sorted.
#[derive(Default)]
pub struct KeySet {
    parts: Vec<Vec<u64>>,
}

impl KeySet {
    pub fn contains(&self, key: &u64) -> bool {
        self.parts
            .get(part_of(*key))
            .is_some_and(|p| p.binary_search(key).is_ok())
    }

    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Vec::is_empty)
    }
}

/// The identities of every activity stored so far.
pub fn stored_keys(conn: &Connection) -> Result<KeySet> {
    let mut parts: Vec<Vec<u64>> = vec![Vec::new(); PARTS];
    let mut stmt = conn.prepare("SELECT keys FROM activity_keys")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let blob = row.get_ref(0)?.as_blob().unwrap_or_default();
        for chunk in blob.chunks_exact(8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let key = u64::from_le_bytes(b);
            if let Some(part) = parts.get_mut(part_of(key)) {
                part.push(key);
            }
        }
    }
    for part in &mut parts {
        // Each import's keys are stored sorted: this mostly merges runs.
        part.sort_unstable();
    }
    Ok(KeySet { parts })
}

/// What a group of activities shares besides the day: the rep, the type as
/// the export wrote it (by its index in [`DayLog::labels`]), the category
/// and whether it reached someone.
type Group = (i64, Option<u32>, Option<ActivityCategory>, Option<bool>);

/// One group's day counts as they are made: runs of one day (exports come
/// sorted by date or by rep, so a group's next activity is mostly on the
/// same day as its last), each closed run kept as (day, count).
#[derive(Default)]
struct Days {
    runs: Vec<(i32, u32)>,
}

impl Days {
    fn add(&mut self, day: i32) {
        match self.runs.last_mut() {
            Some((d, n)) if *d == day => *n = n.saturating_add(1),
            _ => self.runs.push((day, 1)),
        }
    }

    /// Each day once, in order, with its count.
    fn sorted(mut self) -> Vec<(i32, u32)> {
        // Exports come in date order, so runs mostly do too; several
        // exports end to end make a few ascending stretches, which the
        // stable sort finds and merges rather than sorting afresh.
        if !self.runs.is_sorted_by_key(|(d, _)| *d) {
            self.runs.sort_by_key(|(d, _)| *d);
        }
        let mut out: Vec<(i32, u32)> = Vec::with_capacity(self.runs.len());
        for (day, n) in self.runs {
            match out.last_mut() {
                Some((d, m)) if *d == day => *m = m.saturating_add(n),
                _ => out.push((day, n)),
            }
        }
        out
    }
}

/// One import's activities as they are read, in order: each one's group
/// and day, and its identity. Whether an activity is new (neither stored
/// before nor read earlier in the file) is decided once the file is read,
/// by sorting the identities part by part: a million of them take a few
/// milliseconds that way, where a set probed per activity missed the
/// cache on nearly every one. Then the new ones are counted by
/// [`DayLog::write`]. Spreading the identities over their parts (a write
/// to one of a thousand places per activity) is done on a thread of its
/// own, which the importing thread hands them to in chunks.
#[derive(Default)]
pub struct DayLog {
    /// Per activity, in the order read: its group (index into `groups`) and day.
    read: Vec<(u32, i32)>,
    /// (identity, index into `read`), on their way to the parts' thread.
    chunk: Vec<(u64, u32)>,
    parts: Option<Parts>,
    /// Type labels, each kept once: a file has a handful.
    labels: Vec<String>,
    label_index: FxHashMap<String, u32>,
    group_index: FxHashMap<Group, u32>,
    groups: Vec<Group>,
}

/// What [`DayLog::write`] found: the activities counted and those left out
/// as already stored or read earlier in the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub created: u32,
    pub repeated: u32,
}

impl DayLog {
    pub fn is_empty(&self) -> bool {
        self.read.is_empty()
    }

    /// The group of activities with this rep, type as written, category
    /// and outcome: kept once, named by its index for [`DayLog::add`].
    pub fn group(
        &mut self,
        rep_id: i64,
        type_label: Option<&str>,
        category: Option<ActivityCategory>,
        answered: Option<bool>,
    ) -> Result<u32> {
        let label = match type_label {
            None => None,
            Some(l) => Some(match self.label_index.get(l) {
                Some(&i) => i,
                None => intern(&mut self.label_index, &mut self.labels, l.to_string())?,
            }),
        };
        let group = (rep_id, label, category, answered);
        match self.group_index.get(&group) {
            Some(&g) => Ok(g),
            None => intern(&mut self.group_index, &mut self.groups, group),
        }
    }

    /// Takes an activity of `group` (from [`DayLog::group`]) in;
    /// [`DayLog::write`] tells whether it was new.
    pub fn add(&mut self, key: u64, group: u32, day: NaiveDate) -> Result<()> {
        let at = index(self.read.len())?;
        self.read.push((group, day.num_days_from_ce()));
        self.chunk.push((key, at));
        if self.chunk.len() >= CHUNK {
            let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
            self.parts.get_or_insert_with(Parts::start).send(full);
        }
        Ok(())
    }

    /// Every identity read, by part (unsorted).
    fn take_parts(&mut self) -> Result<Vec<Vec<(u64, u32)>>> {
        let mut parts = self.parts.take().unwrap_or_else(Parts::start);
        parts.send(std::mem::take(&mut self.chunk));
        parts.finish()
    }

    /// Counts the new activities and stores their counts and identities
    /// under `import_id`; `stored` holds the identities stored before.
    pub fn write(
        mut self,
        conn: &Connection,
        import_id: Option<i64>,
        stored: &KeySet,
    ) -> Result<Written> {
        let mut parts = self.take_parts()?;
        // The reader thread is done by now: each step runs in two halves,
        // one on a second core.
        let new: Vec<AtomicBool> = self.read.iter().map(|_| AtomicBool::new(false)).collect();
        let half = parts.len() / 2;
        let (first, second) = parts.split_at_mut(half);
        let (a, b) = both(
            || first_reads(first, stored, &new),
            || first_reads(second, stored, &new),
        )?;
        let created = index(a.len().saturating_add(b.len()) / 8)?;
        let written = Written {
            created,
            repeated: index(self.read.len())?.saturating_sub(created),
        };
        let groups = self.groups.len();
        let read = &self.read;
        let (low, high) = both(
            || day_counts(read, &new, 0..groups / 2),
            || day_counts(read, &new, groups / 2..groups),
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO activity_days (import_id, rep_id, type_label, category, answered, days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ((rep_id, label, category, answered), days) in
            self.groups.iter().zip(low.iter().chain(&high))
        {
            if days.is_empty() {
                continue;
            }
            insert.execute(params![
                import_id,
                rep_id,
                label.and_then(|i| self.labels.get(i as usize)),
                category.map(|c| c.as_str()),
                answered,
                days
            ])?;
        }
        // Sorted part by part, so sorted whole: the next import merges them cheaply.
        let mut keys =
            conn.prepare_cached("INSERT INTO activity_keys (import_id, keys) VALUES (?1, ?2)")?;
        for blob in a
            .chunks(KEYS_PER_BLOB * 8)
            .chain(b.chunks(KEYS_PER_BLOB * 8))
        {
            keys.execute(params![import_id, blob])?;
        }
        Ok(written)
    }
}

/// Runs `a` on a second core while `b` runs on this one.
fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> Result<(A, B)> {
    std::thread::scope(|scope| {
        let other = scope.spawn(a);
        let b = b();
        let a = other.join().map_err(|_| {
            crate::Error::invalid("Counting the activities failed; nothing was imported.")
        })?;
        Ok((a, b))
    })
}

/// Sorts each part by identity and marks, for each identity not stored
/// before, the activity read first with it as new; returns those
/// identities in order, as stored (eight little-endian bytes each).
/// Sorting by the identity alone compares less than sorting (identity,
/// position) pairs; which of an identity's few copies came first is
/// found among them.
fn first_reads(parts: &mut [Vec<(u64, u32)>], stored: &KeySet, new: &[AtomicBool]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        part.sort_unstable_by_key(|&(key, _)| key);
        for copies in part.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(key, _)) = copies.first() else {
                continue;
            };
            if stored.contains(&key) {
                continue;
            }
            let first_read = copies.iter().map(|&(_, at)| at).min().unwrap_or(0);
            if let Some(n) = new.get(first_read as usize) {
                n.store(true, Ordering::Relaxed);
            }
            out.extend_from_slice(&key.to_le_bytes());
        }
    }
    out
}

/// The packed day counts of the new activities of each group in `groups`
/// (empty for a group with none).
fn day_counts(read: &[(u32, i32)], new: &[AtomicBool], groups: Range<usize>) -> Vec<Vec<u8>> {
    let mut days: Vec<Days> = Vec::new();
    days.resize_with(groups.len(), Days::default);
    for (&(g, day), is_new) in read.iter().zip(new) {
        let Some(mine) = (g as usize).checked_sub(groups.start) else {
            continue;
        };
        if let Some(d) = days.get_mut(mine) {
            if is_new.load(Ordering::Relaxed) {
                d.add(day);
            }
        }
    }
    days.into_iter()
        .map(|d| {
            if d.runs.is_empty() {
                Vec::new()
            } else {
                pack(&d.sorted())
            }
        })
        .collect()
}

/// Identities handed to the parts' thread at a time.
const CHUNK: usize = 16_384;

/// The thread that spreads identities over their parts as they come.
struct Parts {
    sender: std::sync::mpsc::SyncSender<Vec<(u64, u32)>>,
    thread: std::thread::JoinHandle<Vec<Vec<(u64, u32)>>>,
}

impl Parts {
    fn start() -> Parts {
        // A few chunks in flight: the importer rarely waits, little memory.
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<(u64, u32)>>(4);
        let thread = std::thread::spawn(move || {
            let mut parts: Vec<Vec<(u64, u32)>> = vec![Vec::new(); PARTS];
            for chunk in receiver {
                for (key, at) in chunk {
                    if let Some(part) = parts.get_mut(part_of(key)) {
                        part.push((key, at));
                    }
                }
            }
            parts
        });
        Parts { sender, thread }
    }

    fn send(&mut self, chunk: Vec<(u64, u32)>) {
        // Only fails if the thread is gone, which `finish` reports.
        let _ = self.sender.send(chunk);
    }

    fn finish(self) -> Result<Vec<Vec<(u64, u32)>>> {
        drop(self.sender);
        self.thread.join().map_err(|_| {
            crate::Error::invalid("Counting the activities failed; nothing was imported.")
        })
    }
}

/// Adds `value` to `list` and `index` (it is in neither); its position.
fn intern<T: Clone + Eq + std::hash::Hash>(
    index_of: &mut FxHashMap<T, u32>,
    list: &mut Vec<T>,
    value: T,
) -> Result<u32> {
    let at = index(list.len())?;
    list.push(value.clone());
    index_of.insert(value, at);
    Ok(at)
}

/// A position in a [`DayLog`]: more than four billion activities in one
/// file is beyond any reader's limits, but is refused rather than wrapped.
fn index(len: usize) -> Result<u32> {
    u32::try_from(len).map_err(|_| {
        crate::Error::invalid("The file holds more activities than one import can take.")
    })
}

/// Days as stored: (day number from the common era, count), each as four
/// little-endian bytes.
fn pack(days: &[(i32, u32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(days.len() * 8);
    for (day, n) in days {
        out.extend_from_slice(&day.to_le_bytes());
        out.extend_from_slice(&n.to_le_bytes());
    }
    out
}

/// A stored group's days, in order: (day number from the common era, count).
pub struct DayCounts<'b>(std::slice::ChunksExact<'b, u8>);

impl DayCounts<'_> {
    fn of(blob: &[u8]) -> DayCounts<'_> {
        DayCounts(blob.chunks_exact(8))
    }
}

impl Iterator for DayCounts<'_> {
    type Item = (i32, u32);

    fn next(&mut self) -> Option<(i32, u32)> {
        let c = self.0.next()?;
        let day = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let n = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        Some((day, n))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

/// One stored group of counted activities: its rep, category and outcome
/// (`Some(true)`: reached someone), and its days.
pub struct DayGroup<'b> {
    pub rep_id: i64,
    pub category: ActivityCategory,
    pub answered: Option<bool>,
    pub days: DayCounts<'b>,
}

/// Every stored group of counted activities, a rep's groups one after
/// another, for a reader that keeps the days its own way (the board, a
/// million of them: one [`Count`] each cost it more than the rest of
/// reading them).
pub fn each_group(conn: &Connection, each: &mut dyn FnMut(DayGroup<'_>)) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, category, answered, days FROM activity_days
         WHERE category IS NOT NULL AND category <> 'not_counted'
         ORDER BY rep_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let rep_id: i64 = row.get(0)?;
        let category = row.get_ref(1)?.as_str().unwrap_or_default();
        let Some(category) = ActivityCategory::parse(category) else {
            continue;
        };
        let answered: Option<bool> = row.get(2)?;
        let blob = row.get_ref(3)?.as_blob().unwrap_or_default();
        each(DayGroup {
            rep_id,
            category,
            answered,
            days: DayCounts::of(blob),
        });
    }
    Ok(())
}

/// The counted activities' day counts, as the board reads them: one
/// [`Count`] per rep, day, category and stored group (the board sums them
/// over its windows, so a day two imports or types share is two counts).
pub fn each_count(conn: &Connection, each: &mut dyn FnMut(Count)) -> Result<()> {
    each_group(conn, &mut |g| {
        for (day, count) in g.days {
            let Some(day) = NaiveDate::from_num_days_from_ce_opt(day) else {
                continue;
            };
            let count = i64::from(count);
            each(Count {
                rep_id: g.rep_id,
                day,
                span: Span::One,
                category: g.category,
                count,
                answered: if g.answered == Some(true) { count } else { 0 },
                with_outcome: if g.answered.is_some() { count } else { 0 },
            });
        }
    })
}

/// Moves activities stored one row each (before these tables) into day
/// counts and identities, import by import, and removes those rows.
pub fn convert_rows(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT created_import, rep_id, day, type_label, category, answered, identity
         FROM activities WHERE span = 'one' ORDER BY created_import",
    )?;
    let mut rows = stmt.query([])?;
    let mut logs: Vec<(Option<i64>, DayLog)> = Vec::new();
    while let Some(row) = rows.next()? {
        let import_id: Option<i64> = row.get(0)?;
        let rep_id: i64 = row.get(1)?;
        let day: String = row.get(2)?;
        let label: Option<String> = row.get(3)?;
        let category: Option<String> = row.get(4)?;
        let answered: Option<bool> = row.get(5)?;
        let identity: String = row.get(6)?;
        let Some(day) = super::parse_date(Some(day)) else {
            continue;
        };
        if logs.last().is_none_or(|(i, _)| *i != import_id) {
            logs.push((import_id, DayLog::default()));
        }
        if let Some((_, log)) = logs.last_mut() {
            let category = category.as_deref().and_then(ActivityCategory::parse);
            let group = log.group(rep_id, label.as_deref(), category, answered)?;
            log.add(key_of(&identity), group, day)?;
        }
    }
    drop(rows);
    drop(stmt);
    // Each import as it was: its activities told apart from each other only.
    for (import_id, log) in logs {
        log.write(conn, import_id, &KeySet::default())?;
    }
    conn.execute("DELETE FROM activities WHERE span = 'one'", [])?;
    Ok(())
}

/// Takes back what an import added.
pub fn revert(conn: &Connection, import_id: i64) -> Result<()> {
    conn.execute(
        "DELETE FROM activity_days WHERE import_id = ?1",
        [import_id],
    )?;
    conn.execute(
        "DELETE FROM activity_keys WHERE import_id = ?1",
        [import_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_hash_the_same_whole_or_in_pieces() {
        let whole = key_of("id|ACT-001");
        let pieces = Identity::default().add("id|").add("ACT-001").key();
        assert_eq!(whole, pieces);
        assert_ne!(whole, key_of("id|ACT-002"));
        // Pinned: stored identities must hash alike in every later version.
        assert_eq!(key_of(""), Identity::default().key());
    }

    #[test]
    fn days_pack_and_unpack() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let days = [(d.num_days_from_ce(), 7), (d.num_days_from_ce() + 3, 1)];
        let blob = pack(&days);
        assert_eq!(DayCounts::of(&blob).collect::<Vec<_>>(), days);
    }
}
