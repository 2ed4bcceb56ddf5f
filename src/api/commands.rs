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
//! One command moves bytes in and is wired by hand in the server and the
//! shell: `stage_upload` (a dropped-in file's bytes, streamed to disk over
//! HTTP, one IPC body on the desktop).

#[macro_export]
macro_rules! for_each_command {
    ($m:ident) => {
        $m! {
            workspace_info: $crate::api::Empty => $crate::api::WorkspaceInfo,
            load_demo: $crate::api::Empty => $crate::api::DemoSummary,
            list_deals: $crate::api::DealQuery => $crate::api::DealPage,
            pipeline_facets: $crate::api::Empty => $crate::api::PipelineFacets,
            set_risk: $crate::api::SetRiskRequest => $crate::api::Deal,
            forecast: $crate::api::ForecastRequest => $crate::api::ForecastReport,
            get_settings: $crate::api::Empty => $crate::api::Settings,
            save_settings: $crate::api::SaveSettingsRequest => $crate::api::Settings,
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
        }
    };
}

/// The commands that answer with a workbook: `name: Request => "save dialog title"`.
#[macro_export]
macro_rules! for_each_download {
    ($m:ident) => {
        $m! {
            import_issues_xlsx: $crate::import::ImportIdRequest => "Save rows to fix",
            template_xlsx: $crate::api::Empty => "Save the process template",
            board_xlsx: $crate::api::BoardRequest => "Save the board forecast",
            hiring_packet_xlsx: $crate::api::ViewerRequest => "Save the candidate packet",
            role_comparison_xlsx: $crate::api::CompareRequest => "Save the candidate comparison",
        }
    };
}
