//! Activities: the calls, emails and meetings the ramp board counts
//! (docs/method.md §5). A weekly or monthly summary export is kept one row
//! per rep, period and kind, known by an identity that makes a later export
//! of the same period replace its count; activities exported one row each
//! are kept as day counts ([`super::activity_days`]). Both are read here as
//! [`Count`]s, and both take the user's choice of how a type counts.
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

pub use super::activity_kinds::{ActivityCategory, Count, Span};
use crate::error::Result;

/// The category an activity type or subject names, by its words ("Call",
/// "Outbound call", "Email", "Discovery meeting", "Demo", "Follow-up
/// meeting", "Meeting booked"); `None` when it names none of them (a
/// "Task", "LinkedIn"): the user says once how those count.
pub fn classify(text: &str) -> Option<ActivityCategory> {
    let t = crate::process::normalize(text);
    let has = |w: &str| t.split(' ').any(|x| x == w);
    let phrase = |p: &str| t.contains(p);
    use ActivityCategory::*;
    if phrase("meeting booked")
        || phrase("meeting set")
        || phrase("appointment set")
        || phrase("qualified meeting")
        || phrase("meetings booked")
    {
        Some(MeetingBooked)
    } else if phrase("follow up") || phrase("followup") || has("follow") {
        Some(FollowUpMeeting)
    } else if has("discovery")
        || has("demo")
        || has("intro")
        || phrase("introductory")
        || phrase("first meeting")
        || phrase("initial meeting")
    {
        Some(FirstMeeting)
    } else if has("meeting") || has("event") || has("appointment") || has("visit") {
        Some(Meeting)
    } else if has("call") || has("phone") || has("dial") || has("calls") || phrase("cold call") {
        Some(Call)
    } else if has("email") || phrase("e mail") || has("mail") || has("inmail") || has("emails") {
        Some(Email)
    } else {
        None
    }
}

/// Whether a call's result or an email's status says it reached someone:
/// "Connected", "Answered", "Spoke with", "Replied"; never "No answer",
/// "Left voicemail" or "Not connected".
pub fn answered(result: &str) -> bool {
    let t = crate::process::normalize(result);
    let no = [
        "no answer",
        "not ",
        "voicemail",
        "busy",
        "wrong",
        "unanswered",
        "failed",
        "no reply",
    ];
    if no.iter().any(|n| t.contains(n)) || t.starts_with("no ") {
        return false;
    }
    [
        "connect",
        "answer",
        "spoke",
        "talk",
        "conversation",
        "reached",
        "replied",
        "reply",
    ]
    .iter()
    .any(|y| t.contains(y))
}

/// A summary row to store (one rep, period and category; activities
/// exported one row each are day counts: see [`super::activity_days`]).
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub rep_id: i64,
    pub day: NaiveDate,
    pub span: Span,
    pub category: Option<ActivityCategory>,
    pub count: i64,
    /// Whether it reached someone, when the export says (a call result).
    pub answered: Option<bool>,
    /// What makes the row the same activity on a later import.
    pub identity: String,
}

/// What storing one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Created,
    /// A summary row whose count changed: the later export wins.
    Updated,
    /// Already there as it is: counted once.
    Unchanged,
}

/// Stores one summary row: a row seen before takes the new count (the old
/// one is kept for revert).
pub fn store(conn: &Connection, a: &NewActivity, import_id: i64) -> Result<Stored> {
    let existing: Option<(i64, i64)> = conn
        .prepare_cached("SELECT id, count FROM activities WHERE identity = ?1")?
        .query_row([&a.identity], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match existing {
        Some((_, count)) if count == a.count => Ok(Stored::Unchanged),
        Some((id, count)) => {
            conn.prepare_cached(
                "INSERT INTO activity_history (activity_id, import_id, old_count) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![id, import_id, count])?;
            conn.prepare_cached("UPDATE activities SET count = ?2 WHERE id = ?1")?
                .execute(params![id, a.count])?;
            Ok(Stored::Updated)
        }
        None => {
            insert(conn, a, import_id)?;
            Ok(Stored::Created)
        }
    }
}

/// Inserts a row unless its identity is stored already; whether it did.
fn insert(conn: &Connection, a: &NewActivity, import_id: i64) -> Result<bool> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO activities (rep_id, day, span, category, count, answered, identity,
                created_import)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(identity) DO NOTHING",
        )?
        .execute(params![
            a.rep_id,
            a.day.to_string(),
            a.span.as_str(),
            a.category.map(|c| c.as_str()),
            a.count,
            a.answered,
            a.identity,
            import_id
        ])?;
    Ok(inserted == 1)
}

/// The category the user chose for an activity type, if they did.
pub fn chosen_category(conn: &Connection, label: &str) -> Result<Option<ActivityCategory>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT category FROM activity_types WHERE label = ?1")?
        .query_row([label.trim()], |r| r.get(0))
        .optional()?;
    Ok(text.as_deref().and_then(ActivityCategory::parse))
}

/// Saves how an activity type counts, and recounts the activities of that
/// type already stored, so the choice holds for past and future imports.
pub fn choose_category(
    conn: &Connection,
    label: &str,
    category: ActivityCategory,
    import_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO activity_types (label, category, created_import) VALUES (?1, ?2, ?3)
         ON CONFLICT(label) DO UPDATE SET category = excluded.category",
        params![label.trim(), category.as_str(), import_id],
    )?;
    for table in ["activities", "activity_days"] {
        conn.execute(
            &format!("UPDATE {table} SET category = ?2 WHERE type_label = ?1 COLLATE NOCASE"),
            params![label.trim(), category.as_str()],
        )?;
    }
    Ok(())
}

/// Every counted activity, summed per rep, day, span and category: what
/// the ramp board buckets into tenure weeks and months. Summary rows are
/// here; activities exported one row each are day counts
/// ([`super::activity_days`]).
pub fn counts(conn: &Connection) -> Result<Vec<Count>> {
    let mut out = Vec::new();
    each_count(conn, &mut |c| out.push(c))?;
    Ok(out)
}

/// [`counts`] one at a time, for a reader that keeps them its own way
/// (a million day counts need not be a vector first).
pub fn each_count(conn: &Connection, each: &mut dyn FnMut(Count)) -> Result<()> {
    each_summary_count(conn, each)?;
    super::activity_days::each_count(conn, each)
}

/// The counts of summary rows (a rep's week or month) and of activities
/// stored one row each; [`super::activity_days::each_group`] has the rest.
pub fn each_summary_count(conn: &Connection, each: &mut dyn FnMut(Count)) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT rep_id, day, span, category, sum(count), sum(coalesce(answered, 0) * count),
                sum(answered IS NOT NULL)
         FROM activities WHERE category IS NOT NULL AND category <> 'not_counted'
         GROUP BY rep_id, day, span, category",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    for row in rows {
        let (rep_id, day, span, category, count, answered, with_outcome) = row?;
        let (Some(day), Some(category)) = (iso_day(&day), ActivityCategory::parse(&category))
        else {
            continue;
        };
        let span = match span.as_str() {
            "week" => Span::Week,
            "month" => Span::Month,
            _ => Span::One,
        };
        each(Count {
            rep_id,
            day,
            span,
            category,
            count,
            answered,
            with_outcome,
        });
    }
    Ok(())
}

/// A stored day ("2026-03-09") without a date format's parser: the board
/// reads a hundred thousand of them.
fn iso_day(text: &str) -> Option<NaiveDate> {
    super::iso_date(text).or_else(|| super::parse_date(Some(text.to_string())))
}

/// Puts back what an import did to activities: the counts it changed, then
/// the rows it created and the type choices it made.
pub fn revert(conn: &Connection, import_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE activities SET count = (
            SELECT h.old_count FROM activity_history h
            WHERE h.activity_id = activities.id AND h.import_id = ?1)
         WHERE id IN (SELECT activity_id FROM activity_history WHERE import_id = ?1)",
        [import_id],
    )?;
    conn.execute(
        "DELETE FROM activity_history WHERE import_id = ?1",
        [import_id],
    )?;
    conn.execute(
        "DELETE FROM activities WHERE created_import = ?1",
        [import_id],
    )?;
    conn.execute(
        "DELETE FROM activity_types WHERE created_import = ?1",
        [import_id],
    )?;
    super::activity_days::revert(conn, import_id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivityCategory::*;

    #[test]
    fn every_category_sits_at_its_own_place() {
        for (i, c) in ActivityCategory::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i, "{c:?}");
        }
    }

    #[test]
    fn types_and_subjects_name_their_category() {
        assert_eq!(classify("Call"), Some(Call));
        assert_eq!(classify("Outbound Call"), Some(Call));
        assert_eq!(classify("Email"), Some(Email));
        assert_eq!(classify("E-mail sent"), Some(Email));
        assert_eq!(classify("Discovery"), Some(FirstMeeting));
        assert_eq!(classify("Demo with ACME"), Some(FirstMeeting));
        assert_eq!(classify("Follow-up meeting"), Some(FollowUpMeeting));
        assert_eq!(classify("Meeting"), Some(Meeting));
        assert_eq!(classify("Meeting booked"), Some(MeetingBooked));
        assert_eq!(classify("Task"), None);
        assert_eq!(classify("LinkedIn"), None);
    }

    #[test]
    fn results_that_reached_someone() {
        assert!(answered("Connected"));
        assert!(answered("Spoke with decision maker"));
        assert!(!answered("No answer"));
        assert!(!answered("Left voicemail"));
        assert!(!answered("Not connected"));
        assert!(!answered(""));
    }
}
