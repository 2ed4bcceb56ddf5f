// The command list of the core (src/api/commands.rs), typed: name → [request, response].
import type {
  DealPage, DealQuery, Deal, DemoSummary, Empty, ForecastReport, ForecastRequest,
  ImportCommitRequest, ImportIdRequest, ImportPreview, ImportPreviewRequest, ImportProgress,
  ImportRecord, ImportReport, PipelineFacets, Rep, SaveSettingsRequest, SetCreateAndCloseRequest,
  SetGoalRequest, SetRiskRequest, Settings, StageChoice, StageMappingEntry, StagedFile,
  StagePathRequest, WorkspaceInfo,
} from './api-types';

export interface Commands {
  workspace_info: [Empty, WorkspaceInfo];
  load_demo: [Empty, DemoSummary];
  list_deals: [DealQuery, DealPage];
  pipeline_facets: [Empty, PipelineFacets];
  set_risk: [SetRiskRequest, Deal];
  forecast: [ForecastRequest, ForecastReport];
  get_settings: [Empty, Settings];
  save_settings: [SaveSettingsRequest, Settings];
  set_goal: [SetGoalRequest, Settings];
  set_create_and_close: [SetCreateAndCloseRequest, Settings];
  list_reps: [Empty, Rep[]];
  stage_path: [StagePathRequest, StagedFile];
  import_preview: [ImportPreviewRequest, ImportPreview];
  import_commit: [ImportCommitRequest, ImportReport];
  import_progress: [Empty, ImportProgress];
  list_imports: [Empty, ImportRecord[]];
  import_report: [ImportIdRequest, ImportReport];
  revert_import: [ImportIdRequest, ImportRecord];
  stage_mapping: [Empty, StageMappingEntry[]];
  set_stage_mapping: [StageChoice, StageMappingEntry[]];
}

export type CommandName = keyof Commands;
export type Req<K extends CommandName> = Commands[K][0];
export type Res<K extends CommandName> = Commands[K][1];
