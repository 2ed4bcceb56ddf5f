// Generated from the Rust types in src/api and src/import by `SALESOS_BLESS=1 cargo test --test bindings`.
// Do not edit by hand.

export type ApiError = { 
/**
 * `invalid`, `not_found`, `unreadable`, `rejected` or `internal`.
 */
code: string, message: string, };

export type Empty = Record<symbol, never>;

export type WorkspaceInfo = { data_dir: string, deals: number, open_deals: number, reps: number, imports: number, currency: string, today: string, current_quarter: string, 
/**
 * True when there are no deals and no reps: the UI offers the sample team.
 */
empty: boolean, 
/**
 * The current template's stages, in order: what stage numbers are called.
 */
stages: Array<StageInfo>, };

export type DemoSummary = { reps: number, deals: number, };

export type Deal = { id: number, external_id: string | null, name: string | null, account: string | null, owner_id: number | null, owner: string | null, 
/**
 * Minor units.
 */
amount: number | null, currency: string, close_date: string | null, created_date: string | null, status: DealStatus, 
/**
 * The stage reached (a number of the current preset: 0-5 for the buyer
 * agreements), for open deals whose CRM stage is mapped.
 */
stage: number | null, crm_stage: string | null, risk: Risk | null, next_step: string | null, last_activity: string | null, 
/**
 * The CRM's win probability, 0..=1 (context only: the forecast uses risk).
 */
probability: number | null, 
/**
 * Fiscal quarter of the close date, e.g. `2026-Q4`.
 */
quarter: string | null, 
/**
 * Exit criteria of earlier stages not checked on this open deal: its
 * stage is not backed by them ("stage skipping") when more than none.
 */
unmet_criteria: number, 
/**
 * The latest stage change between imports went backwards.
 */
moved_back: boolean, };

export type DealStatus = "open" | "won" | "lost";

export type Risk = "red" | "orange" | "yellow" | "green";

export type DealColumn = "name" | "account" | "owner" | "amount" | "close_date" | "stage" | "risk" | "status" | "external_id";

export type RiskFilter = "red" | "orange" | "yellow" | "green" | "unassessed";

export type DealQuery = { 
/**
 * Matches name, account, owner or external id.
 */
search: string | null, rep_id: number | null, stage: number | null, risk: RiskFilter | null, status: DealStatus | null, quarter: string | null, 
/**
 * Only deals flagged for stage skipping or a backwards stage move.
 */
flagged: boolean, sort: DealColumn, descending: boolean, offset: number, 
/**
 * At most 1,000 rows per call; 0 means the count and totals only.
 */
limit: number, };

export type DealPage = { total: number, total_amount: number, offset: number, rows: Array<Deal>, };

export type Rep = { id: number, name: string, email: string | null, role: string | null, manager: string | null, manager_id: number | null, start_date: string | null, 
/**
 * Quarterly quota, minor units.
 */
quota: number | null, open_deals: number, };

export type StageInfo = { number: number, name: string, question: string, };

export type PipelineFacets = { reps: Array<Rep>, quarters: Array<string>, current_quarter: string, };

export type SetRiskRequest = { deal_id: number, risk: Risk | null, };

export type ForecastRequest = { 
/**
 * `YYYY-Qn` fiscal quarter; the current one when absent.
 */
quarter: string | null, 
/**
 * Overrides the stored team goal for this call (minor units).
 */
goal: number | null, 
/**
 * Overrides the create-and-close estimate for this call (minor units).
 */
create_and_close: number | null, };

export type CreateAndCloseSource = "history" | "override" | "no_history";

export type ForecastLine = { 
/**
 * "Team", a manager's name or a rep's name.
 */
name: string, rep_id: number | null, manager: string | null, goal: number | null, closed_won: number, commit: number, best_case: number, create_and_close: number, forecast: number, 
/**
 * goal - forecast: positive is short of goal.
 */
gap: number | null, 
/**
 * Open pipeline closing in the quarter / (goal - closed won).
 */
coverage: number | null, open_pipeline: number, at_risk: number, unassessed: number, 
/**
 * Won / (won + lost) over all closed deals with an amount.
 */
win_rate: number | null, average_deal_size: number | null, 
/**
 * Positive gap / win rate.
 */
new_pipeline_needed: number | null, 
/**
 * New pipeline needed / average deal size, rounded up.
 */
first_meetings_needed: number | null, };

export type GapCloser = { deal: Deal, action: string, };

export type ForecastReport = { quarter: string, period_start: string, period_end: string, today: string, days_left: number, currency: string, create_and_close_source: CreateAndCloseSource, team: ForecastLine, by_manager: Array<ForecastLine>, by_rep: Array<ForecastLine>, 
/**
 * Orange and red deals first (largest first), then the rest of the open pipeline.
 */
gap_closers: Array<GapCloser>, };

export type Goal = { quarter: string, rep_id: number | null, rep: string | null, amount: number, };

export type QuarterAmount = { quarter: string, amount: number, };

export type Settings = { currency: string, 
/**
 * 1 = January.
 */
fiscal_year_start_month: number, goals: Array<Goal>, create_and_close_overrides: Array<QuarterAmount>, };

export type SaveSettingsRequest = { currency: string, fiscal_year_start_month: number, };

export type SetGoalRequest = { quarter: string, 
/**
 * None: the team goal.
 */
rep_id: number | null, 
/**
 * None removes the goal.
 */
amount: number | null, };

export type SetCreateAndCloseRequest = { quarter: string, 
/**
 * None returns to the estimate from history.
 */
amount: number | null, };

export type ImportKind = "deals" | "reps";

export type Field = "external_id" | "name" | "account" | "owner" | "amount" | "currency" | "close_date" | "created_date" | "stage" | "status" | "risk" | "next_step" | "last_activity" | "probability" | "email" | "role" | "manager" | "start_date" | "quota";

export type FieldInfo = { field: Field, label: string, help: string, };

export type ColumnAssignment = { 
/**
 * 0-based column position in the sheet (A = 0).
 */
column: number, field: Field | null, };

export type StagedFile = { file_id: string, file_name: string, format: string, size: number, sheets: Array<string>, 
/**
 * The file is a process template workbook exported by SalesOS: the
 * Import page offers to take its edits back instead of importing rows.
 */
template: boolean, };

export type StagePathRequest = { path: string, };

export type ImportPreviewRequest = { file_id: string, sheet: string | null, kind: ImportKind, 
/**
 * The user's mapping; absent: the remembered one for this export, else the suggested one.
 */
mapping: Array<ColumnAssignment> | null, };

export type PreviewColumn = { column: number, 
/**
 * Spreadsheet letter, e.g. "C".
 */
letter: string, header: string, field: Field | null, samples: Array<string>, };

export type StageLabel = { label: string, count: number, 
/**
 * Open deals: the agreement this label stands for.
 */
stage: number | null, 
/**
 * Won or lost when the label is an outcome.
 */
outcome: DealStatus | null, 
/**
 * False when SalesOS suggested it and the user has not confirmed it.
 */
confirmed: boolean, };

export type StageChoice = { label: string, stage: number | null, outcome: DealStatus | null, };

export type PreviewRow = { 
/**
 * Sheet row number as the spreadsheet app shows it.
 */
row: number, 
/**
 * One value per entry of `ImportPreview::fields`, as SalesOS read it.
 */
values: Array<string | null>, problems: Array<string>, };

export type ImportPreview = { file_id: string, file_name: string, format: string, sheets: Array<string>, sheet: string, kind: ImportKind, 
/**
 * Sheet row number of the header row.
 */
header_row: number, data_rows: number, columns: Array<PreviewColumn>, 
/**
 * Fields the import can fill, in display order.
 */
fields: Array<FieldInfo>, rows: Array<PreviewRow>, stage_labels: Array<StageLabel>, 
/**
 * How dates, totals and other choices were read ("Close Date: day/month/year").
 */
notes: Array<string>, 
/**
 * The mapping came from the last import of the same export.
 */
mapping_remembered: boolean, };

export type ImportCommitRequest = { file_id: string, sheet: string | null, kind: ImportKind, mapping: Array<ColumnAssignment> | null, 
/**
 * The user's confirmed meaning of each stage label.
 */
stages: Array<StageChoice>, 
/**
 * Reject the whole file on any problem.
 */
strict: boolean, 
/**
 * Read and check everything, change nothing.
 */
dry_run: boolean, };

export type RowIssue = { 
/**
 * Sheet row number as the spreadsheet app shows it.
 */
row: number, column: string | null, value: string | null, message: string, };

export type ImportReport = { import_id: number | null, file_name: string, kind: ImportKind, sheet: string, rows_read: number, created: number, updated: number, unchanged: number, rejected: number, 
/**
 * Rows rejected, with why.
 */
errors: Array<RowIssue>, 
/**
 * Rows imported with a field left empty or a value to check.
 */
warnings: Array<RowIssue>, 
/**
 * Title, total and footer rows that are not data.
 */
skipped: Array<RowIssue>, 
/**
 * Columns no field uses; their values are kept with each deal.
 */
unused_columns: Array<string>, 
/**
 * The file's column names, in order (for the rows-to-fix workbook).
 */
column_headers: Array<string>, notes: Array<string>, dry_run: boolean, strict_failed: boolean, };

export type ImportProgress = { active: boolean, phase: string, done: number, total: number, };

export type ImportRecord = { id: number, kind: ImportKind, file_name: string, sheet: string | null, imported_at: string, rows_read: number, created: number, updated: number, unchanged: number, rejected: number, warnings: number, reverted_at: string | null, 
/**
 * Only the latest import still in effect can be reverted, so the workspace returns exactly.
 */
can_revert: boolean, };

export type ImportIdRequest = { import_id: number, };

export type StageMappingEntry = { label: string, stage: number | null, outcome: DealStatus | null, confirmed: boolean, deals: number, };

export type Preset = "agreement_based" | "seven_stage";

export type Criterion = { id: string, text: string, };

export type RiskTexts = { red: string, orange: string, yellow: string, green: string, };

export type TemplateStage = { 
/**
 * The stage's number in its preset; the order is the preset's and
 * cannot change.
 */
number: number, name: string, 
/**
 * The question the buyer's agreement answers.
 */
question: string, exit_criteria: Array<Criterion>, people: string, tools: string, 
/**
 * What each risk level means at this stage.
 */
risk: RiskTexts, 
/**
 * An example of each risk level at this stage.
 */
risk_examples: RiskTexts, };

export type ProcessTemplate = { preset: Preset, 
/**
 * The MEDDPICC qualification overlay: eight fields on every deal.
 */
meddpicc: boolean, stages: Array<TemplateStage>, };

export type PresetInfo = { preset: Preset, label: string, };

export type TemplateView = { template: ProcessTemplate, 
/**
 * How many saved changes can be undone.
 */
undo_depth: number, presets: Array<PresetInfo>, meddpicc_fields: Array<string>, };

export type SaveTemplateRequest = { template: ProcessTemplate, };

export type ApplyPresetRequest = { preset: Preset, };

export type ImportTemplateRequest = { file_id: string, };

export type TemplateImportReport = { file_name: string, 
/**
 * One sentence per change; empty when the file matched the template.
 */
changes: Array<string>, template: TemplateView, };

export type ChecklistCriterion = { id: string, text: string, checked: boolean, };

export type ChecklistStage = { number: number, name: string, question: string, criteria: Array<ChecklistCriterion>, };

export type DealChecklist = { deal_id: number, stage: number | null, 
/**
 * Stages 0 to the deal's stage (all of them for a deal without one).
 */
stages: Array<ChecklistStage>, 
/**
 * The next stage: its question and criteria are what to get next.
 */
next: ChecklistStage | null, 
/**
 * Criteria of earlier stages left unchecked.
 */
unmet_criteria: number, 
/**
 * The stage is not backed by the earlier stages' criteria.
 */
stage_skipping: boolean, moved_back: boolean, 
/**
 * Planned next steps not done yet, soonest first.
 */
next_steps: Array<NextStep>, 
/**
 * The MEDDPICC fields, when the template's overlay is on.
 */
meddpicc: Array<MeddpiccEntry> | null, };

export type DealIdRequest = { deal_id: number, };

export type SetCriterionRequest = { deal_id: number, criterion_id: string, checked: boolean, };

export type NextStep = { id: number, text: string, 
/**
 * The exit criterion it is meant to get, if it was planned from one.
 */
criterion_id: string | null, owner: string | null, due_date: string | null, };

export type AddNextStepRequest = { deal_id: number, text: string, criterion_id: string | null, owner: string | null, due_date: string | null, };

export type NextStepIdRequest = { step_id: number, };

export type MeddpiccStatus = "yes" | "partial" | "no";

export type MeddpiccEntry = { 
/**
 * 0-7, in MEDDPICC order.
 */
field: number, name: string, status: MeddpiccStatus | null, note: string, };

export type SetMeddpiccRequest = { deal_id: number, field: number, status: MeddpiccStatus | null, note: string, };

export type BoardRequest = { 
/**
 * `YYYY-Qn` fiscal quarter; the current one when absent.
 */
quarter: string | null, 
/**
 * Overrides the stored team goal for this export (minor units).
 */
goal: number | null, };

/** Every command of the core: name → [request, response]. */
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
  list_reps: [Empty, Array<Rep>];
  stage_path: [StagePathRequest, StagedFile];
  import_preview: [ImportPreviewRequest, ImportPreview];
  import_commit: [ImportCommitRequest, ImportReport];
  import_progress: [Empty, ImportProgress];
  list_imports: [Empty, Array<ImportRecord>];
  import_report: [ImportIdRequest, ImportReport];
  revert_import: [ImportIdRequest, ImportRecord];
  stage_mapping: [Empty, Array<StageMappingEntry>];
  set_stage_mapping: [StageChoice, Array<StageMappingEntry>];
  get_template: [Empty, TemplateView];
  save_template: [SaveTemplateRequest, TemplateView];
  undo_template: [Empty, TemplateView];
  apply_preset: [ApplyPresetRequest, TemplateView];
  import_template: [ImportTemplateRequest, TemplateImportReport];
  deal_checklist: [DealIdRequest, DealChecklist];
  set_criterion: [SetCriterionRequest, DealChecklist];
  add_next_step: [AddNextStepRequest, DealChecklist];
  complete_next_step: [NextStepIdRequest, DealChecklist];
  set_meddpicc: [SetMeddpiccRequest, DealChecklist];
}
