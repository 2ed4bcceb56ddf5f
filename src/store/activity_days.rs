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

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use rustc_hash::{FxHashMap, FxHashSet};
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

pub type KeySet = FxHashSet<u64>;

/// The identities of every activity stored so far.
pub fn stored_keys(conn: &Connection) -> Result<KeySet> {
    let mut set = KeySet::default();
    let mut stmt = conn.prepare("SELECT keys FROM activity_keys")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let blob = row.get_ref(0)?.as_blob().unwrap_or_default();
        set.reserve(blob.len() / 8);
        for chunk in blob.chunks_exact(8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            set.insert(u64::from_le_bytes(b));
        }
    }
    Ok(set)
}

/// What a group of activities shares besides rep and day: the rep, the
/// type as the export wrote it (by its index in [`DayLog::labels`]), the
/// category and whether it reached someone.
type Group = (i64, Option<usize>, Option<ActivityCategory>, Option<bool>);

/// One import's activities as they are read: identities seen, counts per
/// group and day. Written by [`DayLog::write`] once the file is read.
#[derive(Default)]
pub struct DayLog {
    seen: Option<KeySet>,
    new_keys: Vec<u64>,
    /// Type labels, each kept once: a file has a handful.
    labels: Vec<String>,
    label_index: FxHashMap<String, usize>,
    groups: FxHashMap<Group, usize>,
    /// Per group (by index): day number → count.
    days: Vec<(Group, FxHashMap<i32, u32>)>,
}

impl DayLog {
    /// Counts an activity unless its identity was stored or read before;
    /// whether it was new.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        conn: &Connection,
        key: u64,
        rep_id: i64,
        day: NaiveDate,
        type_label: Option<&str>,
        category: Option<ActivityCategory>,
        answered: Option<bool>,
    ) -> Result<bool> {
        let seen = match &mut self.seen {
            Some(seen) => seen,
            None => self.seen.insert(stored_keys(conn)?),
        };
        if !seen.insert(key) {
            return Ok(false);
        }
        self.new_keys.push(key);
        let label = type_label.map(|l| match self.label_index.get(l) {
            Some(&i) => i,
            None => {
                self.labels.push(l.to_string());
                self.label_index
                    .insert(l.to_string(), self.labels.len() - 1);
                self.labels.len() - 1
            }
        });
        let group = (rep_id, label, category, answered);
        let next = self.days.len();
        let index = *self.groups.entry(group).or_insert(next);
        if index == next {
            self.days.push((group, FxHashMap::default()));
        }
        if let Some((_, days)) = self.days.get_mut(index) {
            let n = days.entry(day.num_days_from_ce()).or_insert(0);
            *n = n.saturating_add(1);
        }
        Ok(true)
    }

    /// Stores the counts and identities under `import_id`.
    pub fn write(self, conn: &Connection, import_id: Option<i64>) -> Result<()> {
        let mut insert = conn.prepare_cached(
            "INSERT INTO activity_days (import_id, rep_id, type_label, category, answered, days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ((rep_id, label, category, answered), days) in &self.days {
            let mut sorted: Vec<(i32, u32)> = days.iter().map(|(d, n)| (*d, *n)).collect();
            sorted.sort_unstable();
            insert.execute(params![
                import_id,
                rep_id,
                label.and_then(|i| self.labels.get(i)),
                category.map(|c| c.as_str()),
                answered,
                pack(&sorted)
            ])?;
        }
        let mut keys =
            conn.prepare_cached("INSERT INTO activity_keys (import_id, keys) VALUES (?1, ?2)")?;
        for chunk in self.new_keys.chunks(KEYS_PER_BLOB) {
            let mut blob = Vec::with_capacity(chunk.len() * 8);
            for k in chunk {
                blob.extend_from_slice(&k.to_le_bytes());
            }
            keys.execute(params![import_id, blob])?;
        }
        Ok(())
    }
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

fn unpack(blob: &[u8]) -> impl Iterator<Item = (NaiveDate, i64)> + '_ {
    blob.chunks_exact(8).filter_map(|c| {
        let day = i32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let n = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        Some((NaiveDate::from_num_days_from_ce_opt(day)?, i64::from(n)))
    })
}

/// The counted activities' day counts, as the board reads them: one
/// [`Count`] per rep, day, category and stored group (the board sums them
/// over its windows, so a day two imports or types share is two counts).
pub fn counts(conn: &Connection, out: &mut Vec<Count>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, category, answered, days FROM activity_days
         WHERE category IS NOT NULL AND category <> 'not_counted'",
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
        out.reserve(blob.len() / 8);
        for (day, count) in unpack(blob) {
            let with_outcome = if answered.is_some() { count } else { 0 };
            out.push(Count {
                rep_id,
                day,
                span: Span::One,
                category,
                count,
                answered: if answered == Some(true) { count } else { 0 },
                with_outcome,
            });
        }
    }
    Ok(())
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
            logs.push((
                import_id,
                DayLog {
                    seen: Some(KeySet::default()),
                    ..DayLog::default()
                },
            ));
        }
        if let Some((_, log)) = logs.last_mut() {
            log.add(
                conn,
                key_of(&identity),
                rep_id,
                day,
                label.as_deref(),
                category.as_deref().and_then(ActivityCategory::parse),
                answered,
            )?;
        }
    }
    drop(rows);
    drop(stmt);
    for (import_id, log) in logs {
        log.write(conn, import_id)?;
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
        let blob = pack(&[(d.num_days_from_ce(), 7)]);
        assert_eq!(unpack(&blob).collect::<Vec<_>>(), vec![(d, 7)]);
    }
}
