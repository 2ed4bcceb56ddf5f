//! The TypeScript declarations of every type the UI exchanges with the core,
//! written to `ui/src/lib/api-types.ts` (`tests/it/bindings.rs` fails when that
//! file is stale; `SALESOS_BLESS=1 cargo test --test it bindings` rewrites it).
use ts_rs::{Config, TS};

use crate::api::*;
use crate::hiring::roleplay::{Coaching, Round1, Round2};
use crate::hiring::{
    Candidate, CandidateInput, CoachabilitySummary, Evaluation, InterviewerScore,
    InterviewerVerdict, MustPass, Profile, Recommendation, Role, RolePlay, RolePlayResult,
    Scorecard, Source, Stage, Trait, TraitResult, TraitScore, Verdict,
};
use crate::import::scorecards::{ScoreShape, ScorecardImportReport};
use crate::import::*;
use crate::process::template::{Criterion, Preset, ProcessTemplate, RiskTexts, TemplateStage};
use crate::process::{DealStatus, Risk};
use crate::review::{FlagKind, ReviewFlag, ReviewGroup};

macro_rules! decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

pub fn typescript() -> String {
    // Amounts (minor units) and ids are i64: plain numbers in the UI, exact
    // well past any pipeline (2^53 minor units is 90 trillion).
    let cfg = Config::new().with_large_int("number");
    let decls = decls![&cfg;
        ApiError, ErrorCode, Empty, WorkspaceInfo, DemoSummary, Deal, DealStatus, Risk, DealColumn, RiskFilter, DealQuery,
        DealPage, StatusTotal, Rep, StageInfo, PipelineFacets, SetRiskRequest, ForecastRequest, CreateAndCloseSource,
        GoalBasis, ForecastLine, GapCloser, GapPlan, CarriedGap, OpenWithoutCloseDate, ForecastReport, QuotasRequest,
        RepQuota, QuarterQuotas, Goal, QuarterAmount, Settings, SaveSettingsRequest, CurrencyInfo,
        SetGoalRequest, SetCreateAndCloseRequest, ImportKind, Field, FieldInfo, ColumnAssignment, StagedFile,
        StagePathRequest, FileIdRequest, ImportPreviewRequest, PreviewColumn, ClosestColumn, MissingField, StageLabel, StageChoice, PreviewRow,
        ActivityCategory, ActivityTypeLabel, ActivityTypeChoice,
        RampRequest, RepRampRequest, crate::ramp::Role, crate::ramp::Metric, crate::ramp::Unit, crate::ramp::Cadence, crate::ramp::MetricInfo, crate::ramp::RampPlan,
        crate::ramp::Tenure, crate::ramp::BandBasis, crate::ramp::Band, crate::ramp::Verdict,
        crate::ramp::MetricState, crate::ramp::RampStatus, crate::ramp::FlagKind, crate::ramp::Flag,
        crate::ramp::TreeNode, crate::ramp::RootCause, crate::ramp::board::RampRep,
        crate::ramp::board::HarnessRow, crate::ramp::board::PeerCount, crate::ramp::board::RampBoard,
        crate::ramp::board::WeekRow, crate::ramp::board::CurvePoint, crate::ramp::board::MetricCurve,
        crate::ramp::board::RepRamp,
        ImportPreview, ImportCommitRequest, RowIssue, IssueGroup, ImportReport, ImportProgress, ImportRecord,
        ImportIdRequest, StageMappingEntry, Preset, Criterion, RiskTexts, TemplateStage, ProcessTemplate,
        PresetInfo, TemplateView, SaveTemplateRequest, ApplyPresetRequest, ImportTemplateRequest,
        TemplateImportReport, ChecklistCriterion, ChecklistStage, DealChecklist, DealIdRequest,
        SetCriterionRequest, NextStep, AddNextStepRequest, NextStepIdRequest, MeddpiccStatus,
        MeddpiccEntry, SetMeddpiccRequest, FlagKind, ReviewFlag, ReviewQueueRequest, ReviewGroup, ReviewItem,
        ReviewQueue, Verified, PlannedStep, SaveReviewRequest, ReviewRecord, SavedReview,
        TrendPoint, SnapshotKind, SnapshotInfo, ForecastCall,
        AccuracyWeek, Accuracy, ForecastHistoryRequest, ForecastHistory, CallForecastRequest,
        MovementRequest, MovementCategory, DealState, MovementRow, MovementTotal, Movement,
        Role, Source, Stage, Verdict, Recommendation, Trait, Profile, Candidate, CandidateInput,
        TraitScore, Scorecard, Round1, Coaching, Round2, RolePlayResult, RolePlay, InterviewerScore,
        TraitResult, MustPass, CoachabilitySummary, InterviewerVerdict, Evaluation, Labeled<Role>,
        HiringOptions, ProfileView, SaveProfileRequest, RoleRequest, CandidatesRequest,
        CandidateIdRequest, UpdateCandidateRequest, MoveCandidateRequest, CandidateCard,
        BoardColumn, HiringBoard, ScorecardRequest, SaveScorecardRequest, HiddenScorecard,
        ScorecardsView, ViewerRequest, Debrief, CompareRequest, ComparedCandidate, RoleComparison,
        ImportScorecardsRequest, ScoreShape, ScorecardImportReport,
        BoardRequest,
        CorrectionField, Correction, TimelineKind, TimelineEntry, DealDetail, CorrectDealsRequest, CorrectedDeals,
        StaffRole, Period, ScaleRequest, Thresholds, Input, ScaleInputs, MissingInput, Capacity, CheckName,
        CheckStatus, Check, ScaleVerdict, FailureModeKind, FailureMode, Readiness, ScaleStage, ExitCriterion,
        StageReport, Span, SalesOps, ScaleReport, Hire, ScalePlanRequest, HireLine, RoleAssumption, PlanMonth,
        ScalePlan,
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src/api and src/import by `SALESOS_BLESS=1 cargo test --test it bindings`.\n// Do not edit by hand.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&commands(&cfg));
    out.push('\n');
    out.push_str(&downloads(&cfg));
    out.push('\n');
    out.push_str(&uploads(&cfg));
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The command list as a TypeScript map, name → [request, response], from
/// the same list the server and the shell register.
fn commands(cfg: &Config) -> String {
    macro_rules! command_map {
        ($($name:ident: $req:ty => $res:ty),* $(,)?) => {{
            let mut map = String::from(
                "/** Every command of the core: name → [request, response]. */\nexport interface Commands {\n",
            );
            $(map.push_str(&format!(
                "  {}: [{}, {}];\n",
                stringify!($name),
                <$req as TS>::name(cfg),
                <$res as TS>::name(cfg)
            ));)*
            map.push_str("}\n");
            map
        }};
    }
    crate::for_each_command!(command_map)
}

/// The commands that answer with a workbook, name → request, from the list
/// the server and the shell register.
fn downloads(cfg: &Config) -> String {
    macro_rules! download_map {
        ($($name:ident: $req:ty => $title:literal),* $(,)?) => {{
            let mut map = String::from(
                "/** The commands that answer with a workbook to save: name → request. */\nexport interface Downloads {\n",
            );
            $(map.push_str(&format!("  {}: {};\n", stringify!($name), <$req as TS>::name(cfg)));)*
            map.push_str("}\n");
            map
        }};
    }
    crate::for_each_download!(download_map)
}

/// The commands that take a file's bytes, name → response, from the list
/// the server and the shell register; the name travels in the header.
fn uploads(cfg: &Config) -> String {
    macro_rules! upload_map {
        ($($name:ident => $res:ty),* $(,)?) => {{
            let mut map = format!(
                "/** The commands that take a file's bytes as the body (its name in the `{}` header): name → response. */\nexport interface Uploads {{\n",
                super::FILE_NAME_HEADER
            );
            $(map.push_str(&format!("  {}: {};\n", stringify!($name), <$res as TS>::name(cfg)));)*
            map.push_str("}\n");
            map.push_str(&format!(
                "\n/** The header an upload's file name travels in, percent-encoded. */\nexport const FILE_NAME_HEADER = '{}';\n",
                super::FILE_NAME_HEADER
            ));
            map
        }};
    }
    crate::for_each_upload!(upload_map)
}
