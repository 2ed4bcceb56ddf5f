//! What an import shows the user: the columns it found, how it mapped them,
//! and the report that accounts for every row.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The stage mapping's records are defined with the mapping they are saved in.
pub use crate::store::stages::{StageChoice, StageMappingEntry};

use crate::process::DealStatus;
pub use crate::store::activities::ActivityCategory;

/// What a file holds: the pipeline, the team roster, or the team's
/// activities (calls, emails, meetings) for the ramp board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    #[default]
    Deals,
    Reps,
    Activities,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Deals => "deals",
            ImportKind::Reps => "reps",
            ImportKind::Activities => "activities",
        }
    }
}

/// A field of SalesOS a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ExternalId,
    Name,
    Account,
    Owner,
    Amount,
    Currency,
    CloseDate,
    CreatedDate,
    Stage,
    Status,
    Risk,
    NextStep,
    LastActivity,
    Probability,
    /// The product or line item of a row: rows of one deal that differ in
    /// it are its line items (see `rows::Seen`).
    Product,
    /// When the CRM last changed the record: of rows of one deal, the one
    /// changed last is the deal.
    LastModified,
    Email,
    Role,
    Manager,
    StartDate,
    Quota,
    /// A yes/no "won" flag (Salesforce `IsWon`, HubSpot `hs_is_closed_won`).
    IsWon,
    /// A yes/no "closed" flag (Salesforce `IsClosed`, Bitrix24 `CLOSED`).
    IsClosed,
    /// Roster: the market segment a rep sells to.
    Segment,
    /// Roster: active, left or promoted.
    RepStatus,
    /// Roster: when the rep started their current role (a promotion from
    /// SDR to AE starts a new ramp).
    RoleStart,
    /// Roster: what the rep costs a year, fully loaded (salary, commission,
    /// taxes, benefits): the scaling calculator's cost of sales.
    AnnualCost,
    /// Activities: the CRM's id of the activity.
    ActivityId,
    /// Activities: the activity's date, or the first day of a summary row's
    /// week or month.
    ActivityDate,
    ActivityType,
    Subject,
    CallResult,
    Duration,
    // Activities, one row per rep and period: a column per count.
    Calls,
    Emails,
    Connects,
    Replies,
    Meetings,
    FirstMeetings,
    FollowUpMeetings,
    MeetingsBooked,
    AccountsEngaged,
    OpportunitiesCreated,
}

impl Field {
    /// The count columns of a summary export, in display order.
    pub const COUNTS: [Field; 10] = [
        Field::Calls,
        Field::Emails,
        Field::Connects,
        Field::Replies,
        Field::Meetings,
        Field::FirstMeetings,
        Field::FollowUpMeetings,
        Field::MeetingsBooked,
        Field::AccountsEngaged,
        Field::OpportunitiesCreated,
    ];

    /// The count columns of a summary export and what each counts.
    pub fn counts(self) -> Option<crate::store::activities::ActivityCategory> {
        use crate::store::activities::ActivityCategory as C;
        Some(match self {
            Field::Calls => C::Call,
            Field::Emails => C::Email,
            Field::Connects => C::Connect,
            Field::Replies => C::Reply,
            Field::Meetings => C::Meeting,
            Field::FirstMeetings => C::FirstMeeting,
            Field::FollowUpMeetings => C::FollowUpMeeting,
            Field::MeetingsBooked => C::MeetingBooked,
            Field::AccountsEngaged => C::AccountEngaged,
            Field::OpportunitiesCreated => C::OpportunityCreated,
            _ => return None,
        })
    }
}

/// `first` then the count columns: the lists of fields an activities import
/// keeps (its fields, the columns that say a file holds activities, the
/// columns that tell an activity's type) without writing the counts thrice.
pub const fn then_counts<const A: usize, const N: usize>(first: [Field; A]) -> [Field; N] {
    // Evaluated when compiling (the lists are constants): a wrong length fails the build.
    assert!(
        A + Field::COUNTS.len() == N,
        "the list's length is its fields plus the counts"
    );
    let mut out = [Field::Owner; N];
    let mut i = 0;
    while i < A && i < N {
        out[i] = first[i];
        i += 1;
    }
    let mut j = 0;
    while j < Field::COUNTS.len() && A + j < N {
        out[A + j] = Field::COUNTS[j];
        j += 1;
    }
    out
}

/// The user's choice for one column, by its name: "use Column-0 as the deal
/// ID" (`field`), or "leave Expected Revenue unused" (`None`). Applied on top
/// of the suggested or remembered mapping (the command line's `--map`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChoice {
    pub header: String,
    pub field: Option<Field>,
}

/// A field with the label the UI shows for it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FieldInfo {
    pub field: Field,
    pub label: String,
    pub help: String,
}

/// One column of the file and the field it feeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ColumnAssignment {
    /// 0-based column position in the sheet (A = 0).
    pub column: u32,
    pub field: Option<Field>,
}

/// A file the user dropped in, kept in the workspace until imported.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StagedFile {
    pub file_id: String,
    pub file_name: String,
    pub format: String,
    pub size: u64,
    pub sheets: Vec<String>,
    /// The file is a process template workbook exported by SalesOS: the
    /// Import page offers to take its edits back instead of importing rows.
    pub template: bool,
    /// What the columns say the file holds ("deals", "reps", "scorecards",
    /// "template"): the Import page's "This file holds" starts there, so a
    /// roster is not offered as deals whose every row would be rejected.
    pub detected_kind: String,
    /// Why, in one line ("Looks like a team roster: sales_agent, manager").
    pub kind_reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StagePathRequest {
    pub path: String,
}

/// A dropped-in file the user no longer wants (left the import unfinished).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FileIdRequest {
    pub file_id: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportPreviewRequest {
    pub file_id: String,
    pub sheet: Option<String>,
    pub kind: ImportKind,
    /// The user's mapping; absent: the remembered one for this export, else the suggested one.
    pub mapping: Option<Vec<ColumnAssignment>>,
}

/// A column as the mapping step shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PreviewColumn {
    pub column: u32,
    /// Spreadsheet letter, e.g. "C".
    pub letter: String,
    pub header: String,
    pub field: Option<Field>,
    pub samples: Vec<String>,
    /// Where the field dictionary knows this header from, when the column
    /// feeds the field it names ("Zoho CRM (Potentials)").
    pub known_as: Option<String>,
}

/// A column that could feed a missing field, and which field it would be
/// (the deal-name need may be met by an id column).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ClosestColumn {
    /// 0-based column position in the sheet (A = 0).
    pub column: u32,
    pub field: Field,
}

/// A field the forecast needs that no column feeds. Said before anything
/// else, in the preview and in the report, because everything downstream
/// (the forecast, the pipeline) reads wrong without it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MissingField {
    /// The field: the deal name stands for "name or ID", the stage for
    /// "stage or status".
    pub field: Field,
    /// One line for a sales leader: what is missing, what it costs, the
    /// columns seen and the closest ones.
    pub message: String,
    /// Columns that could be it, closest first.
    pub candidates: Vec<ClosestColumn>,
    /// Every row would be rejected: the mapping is not offered for import.
    pub rejects_all: bool,
}

/// A CRM stage label found in the file and what it means in the process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StageLabel {
    pub label: String,
    pub count: u32,
    /// Open deals: the agreement this label stands for.
    pub stage: Option<u8>,
    /// Won or lost when the label is an outcome.
    pub outcome: Option<DealStatus>,
    /// False when SalesOS suggested it and the user has not confirmed it.
    pub confirmed: bool,
}

/// An activity type found in the file ("Call", "LinkedIn") and what it
/// counts as; `None` until the user says (types SalesOS cannot tell).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityTypeLabel {
    pub label: String,
    pub count: u32,
    pub category: Option<ActivityCategory>,
    /// The user chose it (on an earlier import or this one).
    pub chosen: bool,
}

/// How the user counts one activity type; saved for every later import,
/// like the stage mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ActivityTypeChoice {
    pub label: String,
    pub category: ActivityCategory,
}

/// The first rows of the file as they will be imported.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    /// Sheet row number as the spreadsheet app shows it.
    pub row: u32,
    /// One value per entry of `ImportPreview::fields`, as SalesOS read it.
    pub values: Vec<Option<String>>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file_id: String,
    pub file_name: String,
    pub format: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub kind: ImportKind,
    /// Sheet row number of the header row.
    pub header_row: u32,
    pub data_rows: u32,
    pub columns: Vec<PreviewColumn>,
    /// Fields the forecast needs that no column feeds, most serious first.
    pub missing: Vec<MissingField>,
    /// Fields the import can fill, in display order.
    pub fields: Vec<FieldInfo>,
    pub rows: Vec<PreviewRow>,
    pub stage_labels: Vec<StageLabel>,
    /// Activities: each activity type in the file and how it counts.
    pub activity_types: Vec<ActivityTypeLabel>,
    /// How dates, totals and other choices were read ("Close Date: day/month/year").
    pub notes: Vec<String>,
    /// The mapping came from the last import of the same export.
    pub mapping_remembered: bool,
    /// What the sheet's columns say it holds ("deals", "reps",
    /// "scorecards"), from the rows the preview read, with why in one line.
    pub detected_kind: String,
    pub kind_reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportCommitRequest {
    pub file_id: String,
    pub sheet: Option<String>,
    pub kind: ImportKind,
    pub mapping: Option<Vec<ColumnAssignment>>,
    /// The user's confirmed meaning of each stage label.
    pub stages: Vec<StageChoice>,
    /// Activities: how the user chose to count each activity type.
    pub activity_types: Vec<ActivityTypeChoice>,
    /// Reject the whole file on any problem.
    pub strict: bool,
    /// Read and check everything, change nothing.
    pub dry_run: bool,
}

/// One distinct problem (same column, same message) and the rows that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssueGroup {
    pub column: Option<String>,
    /// The value, when every row has the same one.
    pub value: Option<String>,
    pub message: String,
    /// Rows with this problem.
    pub count: u32,
    pub first_row: u32,
    /// The rows as ranges: "2–40, 45", or "2–40, 45, … and 1,200 more rows".
    pub rows: String,
}

/// One problem with one cell or row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RowIssue {
    /// Sheet row number as the spreadsheet app shows it.
    pub row: u32,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

/// The account of every row of one import.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub import_id: Option<i64>,
    pub file_name: String,
    pub kind: ImportKind,
    pub sheet: String,
    pub rows_read: u32,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: u32,
    /// Fields the forecast needs that no column fed: the first thing to read.
    #[serde(default)]
    pub missing: Vec<MissingField>,
    /// Rows rejected, with why.
    pub errors: Vec<RowIssue>,
    /// Rows imported with a field left empty or a value to check.
    pub warnings: Vec<RowIssue>,
    /// Title, total and footer rows that are not data.
    pub skipped: Vec<RowIssue>,
    /// Rows folded into a deal another row names: line items whose amounts
    /// were added to it, older versions, rows replaced by a later one, exact
    /// repeats. With `created`, `updated`, `unchanged` and `rejected` they
    /// add up to `rows_read`. (Reports stored before it existed read 0.)
    #[serde(default)]
    pub merged: u32,
    /// Each merged row, with the row it was folded into and how.
    #[serde(default)]
    pub repeats: Vec<RowIssue>,
    /// Columns no field uses: a deals import keeps their values with each deal,
    /// a roster import leaves them out.
    pub unused_columns: Vec<String>,
    /// The file's column names, in order (for the rows-to-fix workbook).
    pub column_headers: Vec<String>,
    pub notes: Vec<String>,
    pub dry_run: bool,
    pub strict_failed: bool,
    /// `errors` with identical problems on one line each, with their rows
    /// (filled by [`ImportReport::group_issues`], also for stored reports).
    #[serde(default)]
    pub error_groups: Vec<IssueGroup>,
    /// `warnings`, grouped the same way.
    #[serde(default)]
    pub warning_groups: Vec<IssueGroup>,
}

/// How far the running import is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub active: bool,
    pub phase: String,
    pub done: u64,
    pub total: u64,
}

/// An import as the history list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportRecord {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    pub sheet: Option<String>,
    pub imported_at: String,
    pub rows_read: u32,
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub rejected: u32,
    pub warnings: u32,
    pub reverted_at: Option<String>,
    /// Only the latest import still in effect can be reverted, so the workspace returns exactly.
    pub can_revert: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ImportIdRequest {
    pub import_id: i64,
}
