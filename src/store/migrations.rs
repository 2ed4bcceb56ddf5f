//! Versioned schema. Each entry runs once, in order, inside a transaction;
//! `PRAGMA user_version` records how far a workspace has come. Never edit a
//! shipped entry: add a new one.
use rusqlite::{Connection, Transaction};

use crate::error::Result;

// CHECK constraints on hot tables spell value lists with OR: SQLite evaluates
// `x IN ('a', 'b', 'c')` by building a temporary index on every row written,
// which made each deal insert several times slower.
const MIGRATIONS: &[&str] = &[
    // 1: the spine: reps, deals with history, imports, stage mapping, settings, goals.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('deals', 'reps', 'demo')),
        file_name   TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        sheet       TEXT,
        imported_at TEXT NOT NULL,
        rows_read   INTEGER NOT NULL DEFAULT 0,
        created     INTEGER NOT NULL DEFAULT 0,
        updated     INTEGER NOT NULL DEFAULT 0,
        unchanged   INTEGER NOT NULL DEFAULT 0,
        rejected    INTEGER NOT NULL DEFAULT 0,
        warnings    INTEGER NOT NULL DEFAULT 0,
        report_json TEXT NOT NULL,
        issues_json TEXT NOT NULL DEFAULT '[]',
        reverted_at TEXT
    );
    CREATE TABLE reps (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
        email          TEXT,
        role           TEXT,
        manager_id     INTEGER REFERENCES reps(id) ON DELETE SET NULL,
        start_date     TEXT,
        quota_minor    INTEGER,
        created_import INTEGER REFERENCES imports(id)
    );
    CREATE TABLE deals (
        id             INTEGER PRIMARY KEY,
        external_id    TEXT UNIQUE,
        name           TEXT,
        account        TEXT,
        owner_id       INTEGER REFERENCES reps(id),
        amount_minor   INTEGER,
        currency       TEXT NOT NULL,
        close_date     TEXT,
        created_date   TEXT,
        status         TEXT NOT NULL CHECK (status = 'open' OR status = 'won' OR status = 'lost'),
        stage          INTEGER CHECK (stage BETWEEN 0 AND 5),
        crm_stage      TEXT,
        risk           TEXT CHECK (risk = 'red' OR risk = 'orange' OR risk = 'yellow' OR risk = 'green'),
        next_step      TEXT,
        last_activity  TEXT,
        probability    REAL CHECK (probability BETWEEN 0 AND 1),
        extra          TEXT,
        created_import INTEGER REFERENCES imports(id),
        updated_at     TEXT NOT NULL
    );
    CREATE UNIQUE INDEX deals_identity ON deals (name, coalesce(account, '')) WHERE external_id IS NULL;
    CREATE INDEX deals_close ON deals (close_date);
    CREATE INDEX deals_owner ON deals (owner_id, status);
    CREATE INDEX deals_amount ON deals (amount_minor);
    CREATE TABLE deal_history (
        id         INTEGER PRIMARY KEY,
        deal_id    INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        import_id  INTEGER REFERENCES imports(id),
        changed_at TEXT NOT NULL,
        field      TEXT NOT NULL,
        old_value  TEXT,
        new_value  TEXT
    );
    CREATE INDEX deal_history_deal ON deal_history (deal_id, field);
    CREATE INDEX deal_history_import ON deal_history (import_id);
    CREATE TABLE rep_history (
        id        INTEGER PRIMARY KEY,
        rep_id    INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
        import_id INTEGER REFERENCES imports(id),
        field     TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT
    );
    CREATE TABLE stage_mapping (
        label          TEXT PRIMARY KEY COLLATE NOCASE,
        stage          INTEGER CHECK (stage BETWEEN 0 AND 5),
        outcome        TEXT CHECK (outcome IN ('won', 'lost')),
        confirmed      INTEGER NOT NULL DEFAULT 0,
        created_import INTEGER REFERENCES imports(id),
        CHECK ((stage IS NULL) <> (outcome IS NULL))
    );
    CREATE TABLE column_mappings (
        source_key   TEXT PRIMARY KEY,
        mapping_json TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    );
    CREATE TABLE goals (
        quarter      TEXT NOT NULL,
        rep_id       INTEGER REFERENCES reps(id) ON DELETE CASCADE,
        amount_minor INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX goals_scope ON goals (quarter, coalesce(rep_id, 0));
    CREATE TABLE create_and_close (
        quarter      TEXT PRIMARY KEY,
        amount_minor INTEGER NOT NULL
    );
    "#,
    // 2: the process template, one row per saved version (the newest is the
    // template; older ones are the undo history).
    r#"
    CREATE TABLE template_versions (
        id            INTEGER PRIMARY KEY,
        saved_at      TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source = 'edit' OR source = 'preset' OR source = 'import'),
        file_name     TEXT,
        template_json TEXT NOT NULL
    );
    "#,
    // 3: exit criteria checked on deals. `template_criteria` mirrors the
    // current template's criteria (id and stage) so "stage skipping" is one
    // SQL expression the pipeline can show and filter on.
    r#"
    CREATE TABLE template_criteria (
        criterion_id TEXT PRIMARY KEY,
        stage        INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE deal_criteria (
        deal_id      INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        criterion_id TEXT NOT NULL,
        checked_at   TEXT NOT NULL,
        PRIMARY KEY (deal_id, criterion_id)
    ) WITHOUT ROWID;
    "#,
    // 4: next steps planned on a deal: what to get, who, by when. Kept apart
    // from the CRM's own next-step text, which imports overwrite.
    r#"
    CREATE TABLE next_steps (
        id           INTEGER PRIMARY KEY,
        deal_id      INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        text         TEXT NOT NULL,
        criterion_id TEXT,
        owner        TEXT,
        due_date     TEXT,
        created_at   TEXT NOT NULL,
        done_at      TEXT
    );
    CREATE INDEX next_steps_deal ON next_steps (deal_id, done_at);
    "#,
    // 5: the MEDDPICC overlay's eight fields on a deal (field 0-7 in
    // `process::template::MEDDPICC` order), each a status and a note.
    r#"
    CREATE TABLE deal_meddpicc (
        deal_id    INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        field      INTEGER NOT NULL CHECK (field BETWEEN 0 AND 7),
        status     TEXT CHECK (status = 'yes' OR status = 'partial' OR status = 'no'),
        note       TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (deal_id, field)
    ) WITHOUT ROWID;
    "#,
    // 6: presets with other stage numbers (the seven-stage one runs 1-7).
    // Each preset keeps its own stage mapping; the one in use lives in
    // `stage_mapping`, the others wait here for the user to switch back.
    r#"
    CREATE TABLE stage_mapping_kept (
        preset    TEXT NOT NULL,
        label     TEXT NOT NULL COLLATE NOCASE,
        stage     INTEGER,
        outcome   TEXT,
        confirmed INTEGER NOT NULL,
        PRIMARY KEY (preset, label)
    ) WITHOUT ROWID;
    "#,
    // 7: deal reviews: who reviewed a deal when, what they verified, the
    // risk before and after, and what the review changed, in words.
    r#"
    CREATE TABLE reviews (
        id            INTEGER PRIMARY KEY,
        deal_id       INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        reviewed_at   TEXT NOT NULL,
        review_date   TEXT NOT NULL,
        reviewer      TEXT,
        risk_before   TEXT,
        risk_after    TEXT,
        verified_json TEXT NOT NULL,
        flags_json    TEXT NOT NULL,
        changes_json  TEXT NOT NULL,
        note          TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX reviews_deal ON reviews (deal_id, id);
    "#,
    // 8: forecast history. A snapshot per fiscal week (and any taken on
    // demand) keeps the forecast lines of that day and each relevant deal's
    // state, so the trend, the pipeline movement between two weeks and the
    // quarter-end accuracy survive later imports. Deal states are compact
    // (close date as days since 1970, status and risk as small codes) and
    // carry no foreign key: a reverted import must not rewrite history.
    // `origin` is the import that created the deal: SQLite may give a
    // reverted deal's id to a later one, and the pair tells them apart.
    r#"
    CREATE TABLE forecast_snapshots (
        id         INTEGER PRIMARY KEY,
        quarter    TEXT NOT NULL,
        week_start TEXT NOT NULL,
        taken_on   TEXT NOT NULL,
        taken_at   TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind = 'auto' OR kind = 'manual'),
        currency   TEXT NOT NULL
    );
    CREATE INDEX forecast_snapshots_week ON forecast_snapshots (quarter, week_start);
    CREATE TABLE snapshot_lines (
        snapshot_id      INTEGER NOT NULL REFERENCES forecast_snapshots(id) ON DELETE CASCADE,
        scope            TEXT NOT NULL CHECK (scope = 'team' OR scope = 'manager' OR scope = 'rep'),
        name             TEXT NOT NULL,
        rep_id           INTEGER,
        goal             INTEGER,
        closed_won       INTEGER NOT NULL,
        commit_amount    INTEGER NOT NULL,
        best_case        INTEGER NOT NULL,
        create_and_close INTEGER NOT NULL,
        forecast         INTEGER NOT NULL,
        open_pipeline    INTEGER NOT NULL
    );
    CREATE INDEX snapshot_lines_snapshot ON snapshot_lines (snapshot_id, scope);
    CREATE TABLE snapshot_deals (
        snapshot_id INTEGER NOT NULL REFERENCES forecast_snapshots(id) ON DELETE CASCADE,
        deal_id     INTEGER NOT NULL,
        origin      INTEGER,
        amount      INTEGER,
        close_day   INTEGER,
        stage       INTEGER,
        status      INTEGER NOT NULL,
        risk        INTEGER,
        PRIMARY KEY (snapshot_id, deal_id)
    ) WITHOUT ROWID;
    CREATE TABLE forecast_calls (
        quarter      TEXT NOT NULL,
        week_start   TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        note         TEXT NOT NULL DEFAULT '',
        called_at    TEXT NOT NULL,
        PRIMARY KEY (quarter, week_start)
    ) WITHOUT ROWID;
    "#,
    // 9: hiring: candidate profiles per role (one JSON document each, edited as
    // a whole), candidates, one scorecard per interviewer per candidate with a
    // 1-4 score per trait, and the coachability role-play of each candidate.
    r#"
    CREATE TABLE hiring_profiles (
        role         TEXT PRIMARY KEY CHECK (role = 'AE' OR role = 'SDR' OR role = 'CSM' OR role = 'manager'),
        profile_json TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE candidates (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role        TEXT NOT NULL CHECK (role = 'AE' OR role = 'SDR' OR role = 'CSM' OR role = 'manager'),
        source      TEXT CHECK (source = 'referral' OR source = 'sourced' OR source = 'inbound' OR source = 'agency'),
        stage       TEXT NOT NULL DEFAULT 'screen' CHECK (stage = 'screen' OR stage = 'role_play' OR stage = 'panel'
                        OR stage = 'offer' OR stage = 'hired' OR stage = 'rejected'),
        notes       TEXT NOT NULL DEFAULT '',
        resume_url  TEXT,
        start_date  TEXT,
        rep_id      INTEGER REFERENCES reps(id) ON DELETE SET NULL,
        rep_created INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE INDEX candidates_role_stage ON candidates (role, stage);
    CREATE TABLE scorecards (
        id             INTEGER PRIMARY KEY,
        candidate_id   INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
        interviewer    TEXT NOT NULL COLLATE NOCASE,
        recommendation TEXT CHECK (recommendation = 'strong_no' OR recommendation = 'no'
                           OR recommendation = 'yes' OR recommendation = 'strong_yes'),
        notes          TEXT NOT NULL DEFAULT '',
        submitted_at   TEXT,
        updated_at     TEXT NOT NULL,
        UNIQUE (candidate_id, interviewer)
    );
    CREATE TABLE scorecard_scores (
        scorecard_id INTEGER NOT NULL REFERENCES scorecards(id) ON DELETE CASCADE,
        trait_id     TEXT NOT NULL,
        score        INTEGER CHECK (score BETWEEN 1 AND 4),
        evidence     TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (scorecard_id, trait_id)
    ) WITHOUT ROWID;
    CREATE TABLE roleplays (
        candidate_id    INTEGER PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
        interviewer     TEXT NOT NULL,
        scenario        TEXT NOT NULL,
        r1_willingness  INTEGER CHECK (r1_willingness BETWEEN 1 AND 4),
        r1_handling     INTEGER CHECK (r1_handling BETWEEN 1 AND 4),
        r1_notes        TEXT NOT NULL DEFAULT '',
        coaching        TEXT NOT NULL DEFAULT '',
        coaching_points TEXT NOT NULL DEFAULT '[]',
        r2_applied      INTEGER CHECK (r2_applied BETWEEN 1 AND 4),
        r2_reception    INTEGER CHECK (r2_reception BETWEEN 1 AND 4),
        r2_notes        TEXT NOT NULL DEFAULT '',
        seconds         INTEGER NOT NULL DEFAULT 0 CHECK (seconds >= 0),
        updated_at      TEXT NOT NULL
    );
    "#,
    // 10: deals without an id are known by name, account and created date,
    // and an export may hold two such deals alike in all three (Zoho's
    // potentials of one person opened the same day): the index that made
    // name and account unique finds them instead.
    r#"
    DROP INDEX deals_identity;
    CREATE INDEX deals_identity ON deals (name, coalesce(account, ''), created_date) WHERE external_id IS NULL;
    "#,
    // 11: the onboarding ramp (docs/method.md §5): activities, one row per
    // activity or per rep, period and kind from a summary export, each with
    // the identity that keeps a re-import from counting it twice; how each
    // activity type counts; the ramp plan per role; and the roster's
    // segment, status and the start of the current role.
    r#"
    CREATE TABLE activities (
        id               INTEGER PRIMARY KEY,
        rep_id           INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
        day              TEXT NOT NULL,
        span             TEXT NOT NULL CHECK (span IN ('one', 'week', 'month')),
        category         TEXT,
        count            INTEGER NOT NULL CHECK (count >= 0),
        answered         INTEGER CHECK (answered IN (0, 1)),
        type_label       TEXT,
        subject          TEXT,
        outcome          TEXT,
        duration_seconds INTEGER,
        external_id      TEXT,
        identity         TEXT NOT NULL UNIQUE,
        created_import   INTEGER REFERENCES imports(id)
    );
    CREATE INDEX activities_rep_day ON activities (rep_id, day, span, category, count, answered);
    CREATE TABLE activity_history (
        activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
        import_id   INTEGER NOT NULL REFERENCES imports(id),
        old_count   INTEGER NOT NULL
    );
    CREATE TABLE activity_types (
        label          TEXT PRIMARY KEY COLLATE NOCASE,
        category       TEXT NOT NULL,
        created_import INTEGER REFERENCES imports(id)
    );
    CREATE TABLE ramp_plans (
        role       TEXT PRIMARY KEY,
        plan_json  TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    ALTER TABLE reps ADD COLUMN segment TEXT;
    ALTER TABLE reps ADD COLUMN status TEXT CHECK (status IN ('active', 'left', 'promoted'));
    ALTER TABLE reps ADD COLUMN role_start TEXT;
    "#,
    // 12: local corrections: a close date, amount or stage fixed in SalesOS
    // while the CRM is wrong. Kept while the CRM still sends the value it had
    // when the correction was made; ended (kept as history for the deal's
    // timeline) when replaced, set back, or when the CRM's value changes.
    // The value columns have no type, so a date stays text and an amount or
    // stage an integer, compared with an import's values as they are.
    r#"
    CREATE TABLE deal_corrections (
        id                      INTEGER PRIMARY KEY,
        deal_id                 INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        field                   TEXT NOT NULL CHECK (field = 'close_date' OR field = 'amount' OR field = 'stage'),
        value,
        crm_value_at_correction,
        old_value,
        corrected_at            TEXT NOT NULL,
        corrected_by            TEXT,
        ended_at                TEXT,
        end_reason              TEXT CHECK (end_reason = 'replaced' OR end_reason = 'cleared' OR end_reason = 'crm_changed'),
        ended_import            INTEGER,
        crm_value_at_end
    );
    CREATE UNIQUE INDEX deal_corrections_active ON deal_corrections (deal_id, field) WHERE ended_at IS NULL;
    CREATE INDEX deal_corrections_deal ON deal_corrections (deal_id, id);
    "#,
    // 13: activities exported one row each are kept as day counts per
    // import, rep, type, category and outcome, with their identities as
    // hashes (store/activity_days.rs): a million of them were a million
    // rows to write and to sum on every view of the ramp board. The rows
    // stored one per activity are moved over by `after`.
    r#"
    CREATE TABLE activity_days (
        id         INTEGER PRIMARY KEY,
        import_id  INTEGER REFERENCES imports(id),
        rep_id     INTEGER NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
        type_label TEXT,
        category   TEXT,
        answered   INTEGER CHECK (answered = 0 OR answered = 1),
        days       BLOB NOT NULL
    );
    CREATE INDEX activity_days_import ON activity_days (import_id);
    CREATE INDEX activity_days_rep ON activity_days (rep_id);
    CREATE TABLE activity_keys (
        import_id INTEGER REFERENCES imports(id),
        keys      BLOB NOT NULL
    );
    CREATE INDEX activity_keys_import ON activity_keys (import_id);
    "#,
    // 14: scaling readiness (docs/method.md §6): a rep's fully loaded cost
    // a year (salary, commission, taxes, benefits, tools), from the roster,
    // in minor units; empty means the role's default.
    r#"
    ALTER TABLE reps ADD COLUMN annual_cost_minor INTEGER CHECK (annual_cost_minor >= 0);
    "#,
    // 15: the import log's file digest says its algorithm: BLAKE3 from now
    // on ("blake3:…", see import/digest.rs), SHA-256 before.
    r#"
    ALTER TABLE imports RENAME COLUMN sha256 TO file_digest;
    UPDATE imports SET file_digest = 'sha256:' || file_digest WHERE file_digest <> '';
    "#,
];

/// Code run after the SQL of the migration with the same number: changes
/// SQL alone cannot make.
fn after(number: usize, tx: &Transaction) -> Result<()> {
    if number == 6 {
        widen_stage_checks(tx)?;
    }
    if number == 11 {
        // Imports of activities are logged like the others.
        widen_check(
            tx,
            "imports",
            "kind IN ('deals', 'reps', 'demo')",
            "kind IN ('deals', 'reps', 'demo', 'activities')",
        )?;
    }
    if number == 13 {
        super::activity_days::convert_rows(tx)?;
    }
    Ok(())
}

/// The stage columns of migration 1 allowed 0-5 only. SQLite cannot alter a
/// CHECK constraint, and rebuilding `deals` would rewrite every row and
/// every table that points at it; loosening a CHECK is the case SQLite's
/// documentation allows by editing the stored schema text, since the rows
/// on disk already satisfy the looser rule.
fn widen_stage_checks(tx: &Transaction) -> Result<()> {
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    tx.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, 'stage BETWEEN 0 AND 5', 'stage BETWEEN 0 AND 9')
         WHERE type = 'table' AND name IN ('deals', 'stage_mapping')",
        [],
    )?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", false)?;
    Ok(())
}

/// Loosens one CHECK constraint of `table` in the stored schema text, the
/// same way as [`widen_stage_checks`]: the rows on disk already satisfy
/// the looser rule.
fn widen_check(tx: &Transaction, table: &str, from: &str, to: &str) -> Result<()> {
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.pragma_update(None, "writable_schema", true)?;
    tx.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, ?1, ?2) WHERE type = 'table' AND name = ?3",
        rusqlite::params![from, to, table],
    )?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    tx.pragma_update(None, "writable_schema", false)?;
    Ok(())
}

pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, MIGRATIONS.len())
}

/// Brings the schema up to version `to` (tests start older workspaces so).
fn migrate_to(conn: &mut Connection, to: usize) -> Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().take(to).skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        after(i + 1, &tx)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_apply_once_and_are_idempotent() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrate(&mut conn).unwrap();
        super::migrate(&mut conn).unwrap();
        let v: usize = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::MIGRATIONS.len());
    }

    #[test]
    fn the_logs_earlier_digests_say_they_are_sha256() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrate_to(&mut conn, 14).unwrap();
        conn.execute_batch(
            "INSERT INTO imports (kind, file_name, sha256, imported_at, report_json) VALUES
               ('deals', 'a.csv', 'ab12', '2026-01-20', '{}'),
               ('demo', 'Sample team', '', '2026-01-20', '{}');",
        )
        .unwrap();
        super::migrate(&mut conn).unwrap();
        let digests: Vec<String> = conn
            .prepare("SELECT file_digest FROM imports ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(digests, ["sha256:ab12", ""]);
    }

    #[test]
    fn activities_stored_one_row_each_become_day_counts_and_identities() {
        use crate::store::activities::{counts, ActivityCategory};
        use crate::store::activity_days::{key_of, stored_keys};
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrate_to(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO imports (id, kind, file_name, sha256, imported_at, report_json) VALUES (7, 'activities', 'a.csv', 'x', '2026-01-20', '{}');
             INSERT INTO reps (id, name) VALUES (1, 'Dana');
             INSERT INTO activities (rep_id, day, span, category, count, answered, type_label, identity, created_import) VALUES
               (1, '2026-01-12', 'one', 'call', 1, 1, 'Call', 'id|00T001', 7),
               (1, '2026-01-12', 'one', 'call', 1, 0, 'Call', 'id|00T002', 7),
               (1, '2026-01-13', 'one', 'email', 1, NULL, 'Email', '1|2026-01-13 00:00:00|email|pricing', 7),
               (1, '2026-01-12', 'week', 'meeting', 9, NULL, NULL, 'demo|1|2026-01-12|meeting', 7);",
        )
        .unwrap();
        super::migrate(&mut conn).unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM activities", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 1, "only the weekly summary row stays a row");
        let all = counts(&conn).unwrap();
        let sum = |c: ActivityCategory| -> (i64, i64, i64) {
            all.iter()
                .filter(|x| x.category == c)
                .fold((0, 0, 0), |a, x| {
                    (a.0 + x.count, a.1 + x.answered, a.2 + x.with_outcome)
                })
        };
        assert_eq!(sum(ActivityCategory::Call), (2, 1, 2));
        assert_eq!(sum(ActivityCategory::Email), (1, 0, 0));
        assert_eq!(sum(ActivityCategory::Meeting), (9, 0, 0));
        let keys = stored_keys(&conn).unwrap();
        assert_eq!(keys.len(), 3);
        assert!(keys.contains(&key_of("id|00T001")));
        assert!(keys.contains(&key_of("1|2026-01-13 00:00:00|email|pricing")));
        let of_import: i64 = conn
            .query_row(
                "SELECT count(*) FROM activity_days WHERE import_id = 7",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            of_import, 3,
            "call answered, call not, email: kept for revert"
        );
    }

    #[test]
    fn stage_columns_take_the_seven_stage_numbers() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO stage_mapping (label, stage, confirmed) VALUES ('Finance Review', 6, 1)",
            [],
        )
        .unwrap();
        assert!(conn
            .execute(
                "INSERT INTO stage_mapping (label, stage, confirmed) VALUES ('Odd', 10, 1)",
                [],
            )
            .is_err());
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn bulk_load_indexes_match_the_schema() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrate(&mut conn).unwrap();
        for (name, sql) in crate::store::deals::SECONDARY_INDEXES {
            let actual: String = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(actual, sql);
        }
    }
}
