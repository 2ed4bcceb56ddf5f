//! The list of commands, kept in one place so the HTTP server and the desktop
//! shell expose exactly the same set.
//!
//! `for_each_command!(my_macro)` calls `my_macro! { name: Request => Response, ... }`
//! with every JSON command. Each `name` is a function in `salesos::api` with the
//! signature `fn(&Workspace, Request) -> Result<Response, ApiError>`.
//!
//! `for_each_download!(my_macro)` does the same for the commands that answer
//! with a workbook (`fn(&Workspace, Request) -> Result<Download, ApiError>`):
//! the server sends it as a file download, the desktop shell asks where to
//! save it. Both take the same JSON request under the same name.
//!
//! `for_each_upload!(my_macro)` lists the commands whose request body is a
//! file's bytes (`fn(&Workspace, UploadRequest, Upload) -> Result<Response,
//! ApiError>`): the file's name travels in the [`FILE_NAME_HEADER`] header
//! on both transports; the server streams the body to disk as it arrives,
//! the desktop shell writes the one IPC body it receives.
//!
//! Each list macro also takes tokens to put before the list
//! (`for_each_download!(my_macro, [what I collected] downloads:)`), so a host
//! can chain the lists into one macro call (the desktop shell's handler).

#[macro_export]
macro_rules! for_each_command {
    ($m:ident $(, $($before:tt)*)?) => {
        $m! {
            $($($before)*)?
            workspace_info: $crate::api::Empty => $crate::api::WorkspaceInfo,
            load_demo: $crate::api::Empty => $crate::api::DemoSummary,
            list_deals: $crate::api::DealQuery => $crate::api::DealPage,
            pipeline_facets: $crate::api::Empty => $crate::api::PipelineFacets,
            set_risk: $crate::api::SetRiskRequest => $crate::api::Deal,
            deal_detail: $crate::api::DealIdRequest => $crate::api::DealDetail,
            correct_deals: $crate::api::CorrectDealsRequest => $crate::api::CorrectedDeals,
            forecast: $crate::api::ForecastRequest => $crate::api::ForecastReport,
            quarter_quotas: $crate::api::QuotasRequest => $crate::api::QuarterQuotas,
            get_settings: $crate::api::Empty => $crate::api::Settings,
            save_settings: $crate::api::SaveSettingsRequest => $crate::api::Settings,
            currencies: $crate::api::Empty => Vec<$crate::api::CurrencyInfo>,
            set_goal: $crate::api::SetGoalRequest => $crate::api::Settings,
            set_create_and_close: $crate::api::SetCreateAndCloseRequest => $crate::api::Settings,
            list_reps: $crate::api::Empty => Vec<$crate::api::Rep>,
            stage_path: $crate::import::StagePathRequest => $crate::import::StagedFile,
            import_preview: $crate::import::ImportPreviewRequest => $crate::import::ImportPreview,
            import_commit: $crate::import::ImportCommitRequest => $crate::import::ImportReport,
            discard_staged: $crate::import::FileIdRequest => $crate::api::Empty,
            import_progress: $crate::api::Empty => $crate::import::ImportProgress,
            list_imports: $crate::api::Empty => Vec<$crate::import::ImportRecord>,
            import_report: $crate::import::ImportIdRequest => $crate::import::ImportReport,
            revert_import: $crate::import::ImportIdRequest => $crate::import::ImportRecord,
            stage_mapping: $crate::api::Empty => Vec<$crate::import::StageMappingEntry>,
            set_stage_mapping: $crate::import::StageChoice => Vec<$crate::import::StageMappingEntry>,
            get_template: $crate::api::Empty => $crate::api::TemplateView,
            save_template: $crate::api::SaveTemplateRequest => $crate::api::TemplateView,
            undo_template: $crate::api::Empty => $crate::api::TemplateView,
            apply_preset: $crate::api::ApplyPresetRequest => $crate::api::TemplateView,
            import_template: $crate::api::ImportTemplateRequest => $crate::api::TemplateImportReport,
            deal_checklist: $crate::api::DealIdRequest => $crate::api::DealChecklist,
            set_criterion: $crate::api::SetCriterionRequest => $crate::api::DealChecklist,
            add_next_step: $crate::api::AddNextStepRequest => $crate::api::DealChecklist,
            complete_next_step: $crate::api::NextStepIdRequest => $crate::api::DealChecklist,
            set_meddpicc: $crate::api::SetMeddpiccRequest => $crate::api::DealChecklist,
            review_queue: $crate::api::ReviewQueueRequest => $crate::api::ReviewQueue,
            save_review: $crate::api::SaveReviewRequest => $crate::api::SavedReview,
            deal_reviews: $crate::api::DealIdRequest => Vec<$crate::api::ReviewRecord>,
            take_snapshot: $crate::api::Empty => $crate::api::SnapshotInfo,
            forecast_history: $crate::api::ForecastHistoryRequest => $crate::api::ForecastHistory,
            call_forecast: $crate::api::CallForecastRequest => $crate::api::ForecastHistory,
            pipeline_movement: $crate::api::MovementRequest => $crate::api::Movement,
            hiring_options: $crate::api::Empty => $crate::api::HiringOptions,
            list_profiles: $crate::api::Empty => Vec<$crate::api::ProfileView>,
            save_profile: $crate::api::SaveProfileRequest => $crate::api::ProfileView,
            reset_profile: $crate::api::RoleRequest => $crate::api::ProfileView,
            list_candidates: $crate::api::CandidatesRequest => Vec<$crate::hiring::Candidate>,
            get_candidate: $crate::api::CandidateIdRequest => $crate::hiring::Candidate,
            create_candidate: $crate::hiring::CandidateInput => $crate::hiring::Candidate,
            update_candidate: $crate::api::UpdateCandidateRequest => $crate::hiring::Candidate,
            move_candidate: $crate::api::MoveCandidateRequest => $crate::hiring::Candidate,
            delete_candidate: $crate::api::CandidateIdRequest => $crate::api::Empty,
            hiring_board: $crate::api::CandidatesRequest => $crate::api::HiringBoard,
            get_scorecard: $crate::api::ScorecardRequest => $crate::hiring::Scorecard,
            save_scorecard: $crate::api::SaveScorecardRequest => $crate::hiring::Scorecard,
            submit_scorecard: $crate::api::SaveScorecardRequest => $crate::hiring::Scorecard,
            candidate_scorecards: $crate::api::ScorecardRequest => $crate::api::ScorecardsView,
            get_roleplay: $crate::api::ViewerRequest => $crate::hiring::RolePlay,
            save_roleplay: $crate::hiring::RolePlay => $crate::hiring::RolePlay,
            debrief: $crate::api::ViewerRequest => $crate::api::Debrief,
            compare_candidates: $crate::api::CompareRequest => $crate::api::RoleComparison,
            import_scorecards: $crate::api::ImportScorecardsRequest => $crate::import::scorecards::ScorecardImportReport,
            ramp_board: $crate::api::RampRequest => $crate::ramp::board::RampBoard,
            rep_ramp: $crate::api::RepRampRequest => $crate::ramp::board::RepRamp,
            save_ramp_plan: $crate::ramp::plan::RampPlan => Vec<$crate::ramp::plan::RampPlan>,
            scale_readiness: $crate::api::ScaleRequest => $crate::api::ScaleReport,
            scale_plan: $crate::api::ScalePlanRequest => $crate::api::ScalePlan,
        }
    };
}

/// The commands that answer with a workbook: `name: Request => "save dialog title"`.
#[macro_export]
macro_rules! for_each_download {
    ($m:ident $(, $($before:tt)*)?) => {
        $m! {
            $($($before)*)?
            import_issues_xlsx: $crate::import::ImportIdRequest => "Save rows to fix",
            template_xlsx: $crate::api::Empty => "Save the process template",
            board_xlsx: $crate::api::BoardRequest => "Save the board forecast",
            hiring_packet_xlsx: $crate::api::ViewerRequest => "Save the candidate packet",
            role_comparison_xlsx: $crate::api::CompareRequest => "Save the candidate comparison",
            ramp_xlsx: $crate::api::RampRequest => "Save the ramp board",
            rep_ramp_xlsx: $crate::api::RepRampRequest => "Save the 1:1 page",
            corrections_xlsx: $crate::api::Empty => "Save the corrections for the CRM",
            scale_xlsx: $crate::api::ScalePlanRequest => "Save the scaling plan",
        }
    };
}

/// The commands that take a file's bytes as the request body: `name => Response`.
#[macro_export]
macro_rules! for_each_upload {
    ($m:ident $(, $($before:tt)*)?) => {
        $m! {
            $($($before)*)?
            stage_upload => $crate::import::StagedFile,
        }
    };
}

/// The header that carries an uploaded file's name, percent-encoded (a
/// header holds ASCII; names do not).
pub const FILE_NAME_HEADER: &str = "x-file-name";

/// What an upload command is told beside the bytes: the file's name, from
/// the [`FILE_NAME_HEADER`] header on both transports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRequest {
    pub file_name: String,
}

impl UploadRequest {
    /// From the header's value: percent-decoded (malformed escapes are kept
    /// as they are), "upload" when there is none.
    pub fn from_header(value: Option<&str>) -> UploadRequest {
        let file_name = value
            .map(percent_decode)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "upload".to_string());
        UploadRequest { file_name }
    }
}

/// Decodes a percent-encoded header value (`%C3%A9` → `é`).
fn percent_decode(value: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            b'A'..=b'F' => Some(b - b'A' + 10),
            _ => None,
        }
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes.get(i + 1..i + 3).filter(|_| bytes[i] == b'%');
        if let Some([hi, lo]) = escape {
            if let (Some(hi), Some(lo)) = (hex(*hi), hex(*lo)) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_arrive_percent_encoded() {
        let name = |v| UploadRequest::from_header(v).file_name;
        assert_eq!(
            name(Some("Pipeline%20Q4%20%E2%80%93%20Z%C3%BCrich.csv")),
            "Pipeline Q4 – Zürich.csv"
        );
        assert_eq!(name(Some("r%C3%A9sum%C3%A9.csv")), "résumé.csv");
        assert_eq!(name(Some("100%.csv")), "100%.csv");
        assert_eq!(name(Some("a%zzb")), "a%zzb");
        assert_eq!(name(Some("a%2")), "a%2");
        assert_eq!(name(Some("%zz")), "%zz");
        assert_eq!(name(Some("  ")), "upload");
        assert_eq!(name(None), "upload");
    }
}
