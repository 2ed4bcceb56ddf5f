//! Answers computed from the workspace and kept until its data changes.
//! The ramp board reads every activity and every deal of the team and
//! compares each new hire with every ramped peer; opening the Team page
//! again, or the board's workbook right after it, should not do that again
//! when nothing was imported or edited in between.
//!
//! "Nothing changed" is SQLite's own account: the rows this connection
//! inserted, updated or deleted (`total_changes`, which counts a write
//! that was rolled back too: that only costs a recomputation) and the
//! commits of other processes (`PRAGMA data_version`: the command line
//! importing while the app is open).
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::Result;

/// Answers kept at most: a few views, each for one "today" and one filter.
const KEPT: usize = 16;

type Stamp = (u64, i64);

/// An answer of any type, with the stamp it was computed at.
type Answer = (Stamp, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct Kept(Mutex<HashMap<String, Answer>>);

fn stamp(conn: &Connection) -> Result<Stamp> {
    let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((conn.total_changes(), version))
}

impl Kept {
    /// The answer kept under `key` while the workspace is unchanged, else
    /// `compute`'s (kept for next time). `key` names everything else the
    /// answer depends on (the day it is computed for, its filters).
    pub fn get_or<T: Clone + Send + Sync + 'static>(
        &self,
        conn: &Connection,
        key: String,
        compute: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        let now = stamp(conn)?;
        let lock = || self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, answer)) = lock().get(&key) {
            if *at == now {
                if let Some(answer) = answer.downcast_ref::<T>() {
                    return Ok(answer.clone());
                }
            }
        }
        let answer = compute(conn)?;
        // Computing reads only; a write in between (none can happen while
        // the caller holds the connection) would show in the stamp.
        let mut kept = lock();
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, (stamp(conn)?, Arc::new(answer.clone())));
        Ok(answer)
    }
}
