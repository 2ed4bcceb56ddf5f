//! The imported file's digest (kept in the import log, as "blake3:" and
//! the BLAKE3 hash in hex), worked out on a thread of its own while the
//! rows are read and written: hashing a large export on the importing
//! thread took a tenth of the import. BLAKE3, not SHA-256 (the log's
//! digests before migration 15, marked "sha256:"): SHA-256 took 34 ms of
//! a 68 MB export's import on a two-core machine, BLAKE3 takes 9.
use std::cell::{OnceCell, RefCell};
use std::thread::{Scope, ScopedJoinHandle};

pub struct FileDigest<'scope> {
    pending: RefCell<Option<ScopedJoinHandle<'scope, String>>>,
    hex: OnceCell<String>,
}

impl<'scope> FileDigest<'scope> {
    /// Starts hashing `bytes` on a thread of `scope`.
    pub fn start<'env>(scope: &'scope Scope<'scope, 'env>, bytes: &'env [u8]) -> Self {
        FileDigest {
            pending: RefCell::new(Some(scope.spawn(move || hex(bytes)))),
            hex: OnceCell::new(),
        }
    }

    /// The digest as lowercase hex, waiting for the thread if it is still at it.
    pub fn hex(&self) -> &str {
        self.hex.get_or_init(|| {
            let pending = self.pending.borrow_mut().take();
            // Hashing cannot fail; a thread that did not finish leaves the log's digest empty.
            pending.and_then(|h| h.join().ok()).unwrap_or_default()
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    format!("blake3:{}", blake3::hash(bytes).to_hex())
}
