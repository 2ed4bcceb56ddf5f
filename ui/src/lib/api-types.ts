// Generated from the Rust types in src/api and src/import by `SALESOS_BLESS=1 cargo test --test it bindings`.
// Do not edit by hand.

export type ApiError = { code: ErrorCode, message: string, };

export type ErrorCode = "invalid" | "not_found" | "unreadable" | "rejected" | "busy" | "unsafe" | "unauthorized" | "internal";

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
 * Someone has looked at this deal's exit criteria: one is checked on it,
 * or it was reviewed. Until then unmet criteria say "not reviewed yet",
 * not "stage skipping": a fresh import checks nothing (issue 14, item 16).
 */
criteria_reviewed: boolean, 
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
flagged: boolean, 
/**
 * Only deals without a close date: an open one counts in no quarter's
 * forecast (docs/method.md §2), so the Forecast page links here to fix them.
 */
no_close_date: boolean, sort: DealColumn, descending: boolean, offset: number, 
/**
 * At most 1,000 rows per call; 0 means the count and totals only.
 */
limit: number, };

export type DealPage = { total: number, total_amount: number, 
/**
 * The filtered set by status: open, won and lost, in that order, each
 * present (zero when none). Open pipeline, bookings and losses are
 * different money: a view mixing them shows each total apart.
 */
by_status: Array<StatusTotal>, offset: number, rows: Array<Deal>, };

export type StatusTotal = { status: DealStatus, deals: number, amount: number, };

export type Rep = { id: number, name: string, email: string | null, role: string | null, manager: string | null, manager_id: number | null, start_date: string | null, 
/**
 * The roster's quarterly quota, minor units: the rep's quota for every
 * quarter that has none of its own (docs/method.md §2, "Goals and quotas").
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

export type GoalBasis = "board_number" | "given" | "quota" | "roster_quota" | "rep_quotas";

export type ForecastLine = { 
/**
 * "Team", a manager's name or a rep's name.
 */
name: string, rep_id: number | null, manager: string | null, 
/**
 * What the line is measured against: the board number for the team, a
 * quota for a rep, the sum of its reps' quotas for a manager's team.
 */
goal: number | null, 
/**
 * Which of those `goal` is (null without a goal).
 */
goal_basis: GoalBasis | null, closed_won: number, commit: number, best_case: number, create_and_close: number, forecast: number, 
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

export type GapPlan = { 
/**
 * Average days from creation to win over won deals with both dates;
 * null without such history (then new deals are assumed to close in time).
 */
average_cycle_days: number | null, days_left: number, 
/**
 * A deal created today can be won before the quarter ends.
 */
new_deals_close_in_time: boolean, 
/**
 * New pipeline this quarter's plan asks for (0 when it cannot close in time).
 */
new_pipeline_this_quarter: number | null, 
/**
 * First meetings this quarter's plan asks for (0 when they cannot close in time).
 */
first_meetings_this_quarter: number | null, 
/**
 * The quarter after this one, `YYYY-Qn`.
 */
next_quarter: string, 
/**
 * The shortfall new pipeline cannot close this quarter, moved into next
 * quarter's plan; null when there is none or it can close in time.
 */
carried_to_next_quarter: CarriedGap | null, 
/**
 * The plan in one or two sentences.
 */
summary: string, };

export type CarriedGap = { 
/**
 * Minor units short of goal after this quarter's forecast.
 */
gap: number, 
/**
 * New pipeline to build for it (gap ÷ win rate).
 */
new_pipeline: number | null, 
/**
 * First meetings to book for it (new pipeline ÷ average deal size).
 */
first_meetings: number | null, };

export type OpenWithoutCloseDate = { deals: number, 
/**
 * The sum of their amounts, minor units (those without one count 0).
 */
amount: number, 
/**
 * How many of them have no amount either.
 */
without_amount: number, };

export type ForecastReport = { quarter: string, period_start: string, period_end: string, today: string, days_left: number, currency: string, create_and_close_source: CreateAndCloseSource, 
/**
 * The team against its goal: the board number when one is set (or
 * given), else the sum of the reps' quotas.
 */
team: ForecastLine, 
/**
 * The same team figures against the sum of the reps' quotas, when a
 * board number is set and reps have quotas: quotas are over-assigned on
 * purpose (docs/method.md §2, "Goals and quotas"), so both gaps are real.
 */
team_vs_quotas: ForecastLine | null, 
/**
 * The sum of the reps' quotas for the quarter (each rep's one quota).
 */
rep_quotas_total: number | null, 
/**
 * Reps' quotas ÷ board number (1.2 = 120 %), when both are set.
 */
over_assignment: number | null, by_manager: Array<ForecastLine>, 
/**
 * Reps without a manager and deals without an owner, as one more row of
 * the manager view, so its rows add up to the team.
 */
no_manager: ForecastLine | null, by_rep: Array<ForecastLine>, 
/**
 * Deals without an owner (and create & close no rep's history
 * explains), so the rep rows add up to the team to the cent.
 */
no_owner: ForecastLine | null, 
/**
 * Orange and red deals first (largest first), then the rest of the open pipeline.
 */
gap_closers: Array<GapCloser>, 
/**
 * When new pipeline can close the team's gap: this quarter, or (with
 * fewer days left than the average cycle) next quarter's plan.
 */
gap_plan: GapPlan, 
/**
 * Open deals with no close date, whatever the quarter: they are in no
 * quarter's forecast or pipeline, so the forecast says so beside its
 * numbers (docs/method.md §2).
 */
open_without_close_date: OpenWithoutCloseDate, };

export type QuotasRequest = { 
/**
 * `YYYY-Qn` fiscal quarter; the current one when absent.
 */
quarter: string | null, };

export type RepQuota = { rep_id: number, name: string, role: string | null, manager: string | null, 
/**
 * The quota that counts: the quarter's own, else the roster's.
 */
quota: number | null, 
/**
 * `quota` or `roster_quota` (null without a quota).
 */
basis: GoalBasis | null, 
/**
 * Set for this quarter in Settings.
 */
quarter_quota: number | null, 
/**
 * From the roster: the default for every quarter without its own.
 */
roster_quota: number | null, };

export type QuarterQuotas = { quarter: string, currency: string, 
/**
 * The team's goal set for the quarter: the number committed to the board.
 */
board_number: number | null, 
/**
 * The sum of the reps' quotas (null when no rep has one).
 */
rep_quotas_total: number | null, 
/**
 * Reps' quotas ÷ board number (1.2 = 120 %), when both are set.
 */
over_assignment: number | null, reps: Array<RepQuota>, };

export type Goal = { quarter: string, rep_id: number | null, rep: string | null, amount: number, };

export type QuarterAmount = { quarter: string, amount: number, };

export type Settings = { currency: string, 
/**
 * 1 = January.
 */
fiscal_year_start_month: number, goals: Array<Goal>, create_and_close_overrides: Array<QuarterAmount>, };

export type SaveSettingsRequest = { currency: string, fiscal_year_start_month: number, };

export type CurrencyInfo = { 
/**
 * ISO 4217 code, "EUR".
 */
code: string, 
/**
 * "Euro".
 */
name: string, 
/**
 * Digits after the decimal point SalesOS keeps amounts with (see [`super::minor_digits`]).
 */
minor_digits: number, };

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

export type ImportKind = "deals" | "reps" | "activities";

export type Field = "external_id" | "name" | "account" | "owner" | "amount" | "currency" | "close_date" | "created_date" | "stage" | "status" | "risk" | "next_step" | "last_activity" | "probability" | "product" | "last_modified" | "email" | "role" | "manager" | "start_date" | "quota" | "is_won" | "is_closed" | "segment" | "rep_status" | "role_start" | "annual_cost" | "activity_id" | "activity_date" | "activity_type" | "subject" | "call_result" | "duration" | "calls" | "emails" | "connects" | "replies" | "meetings" | "first_meetings" | "follow_up_meetings" | "meetings_booked" | "accounts_engaged" | "opportunities_created";

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
template: boolean, 
/**
 * What the columns say the file holds ("deals", "reps", "scorecards",
 * "template"): the Import page's "This file holds" starts there, so a
 * roster is not offered as deals whose every row would be rejected.
 */
detected_kind: string, 
/**
 * Why, in one line ("Looks like a team roster: sales_agent, manager").
 */
kind_reason: string, };

export type StagePathRequest = { path: string, };

export type FileIdRequest = { file_id: string, };

export type ImportPreviewRequest = { file_id: string, sheet: string | null, kind: ImportKind, 
/**
 * The user's mapping; absent: the remembered one for this export, else the suggested one.
 */
mapping: Array<ColumnAssignment> | null, };

export type PreviewColumn = { column: number, 
/**
 * Spreadsheet letter, e.g. "C".
 */
letter: string, header: string, field: Field | null, samples: Array<string>, 
/**
 * Where the field dictionary knows this header from, when the column
 * feeds the field it names ("Zoho CRM (Potentials)").
 */
known_as: string | null, };

export type ClosestColumn = { 
/**
 * 0-based column position in the sheet (A = 0).
 */
column: number, field: Field, };

export type MissingField = { 
/**
 * The field: the deal name stands for "name or ID", the stage for
 * "stage or status".
 */
field: Field, 
/**
 * One line for a sales leader: what is missing, what it costs, the
 * columns seen and the closest ones.
 */
message: string, 
/**
 * Columns that could be it, closest first.
 */
candidates: Array<ClosestColumn>, 
/**
 * Every row would be rejected: the mapping is not offered for import.
 */
rejects_all: boolean, };

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

export type ActivityCategory = "call" | "email" | "first_meeting" | "follow_up_meeting" | "meeting" | "meeting_booked" | "connect" | "reply" | "account_engaged" | "opportunity_created" | "not_counted";

export type ActivityTypeLabel = { label: string, count: number, category: ActivityCategory | null, 
/**
 * The user chose it (on an earlier import or this one).
 */
chosen: boolean, };

export type ActivityTypeChoice = { label: string, category: ActivityCategory, };

export type RampRequest = { 
/**
 * One role's reps only; all when absent.
 */
role: RampRole | null, };

export type RepRampRequest = { 
/**
 * The rep's name as the roster writes it (case does not matter).
 */
rep: string, 
/**
 * The last N complete weeks; 26 when absent.
 */
weeks: number | null, };

export type RampRole = "AE" | "SDR" | "CSM";

export type Metric = "bookings" | "deals_won" | "opportunities_created" | "first_meetings" | "follow_up_meetings" | "customer_meetings" | "calls" | "emails" | "connects" | "replies" | "accounts_engaged" | "meetings_booked" | "win_rate" | "avg_deal_size" | "median_cycle_days" | "cycle_spread_days" | "open_opportunities" | "untouched_opportunities" | "follow_ups_per_first_meeting" | "meetings_per_opportunity" | "connect_rate" | "reply_rate" | "outreach" | "outreach_to_meeting" | "meeting_to_opportunity";

export type Unit = "money" | "count" | "rate" | "days";

export type Cadence = "week" | "month" | "window";

export type MetricInfo = { metric: Metric, label: string, unit: Unit, cadence: Cadence, higher_is_better: boolean, };

export type RampPlan = { role: RampRole, 
/**
 * The share of each goal expected in tenure month 1, 2, ...; past the
 * last month the rep is ramped and the whole goal applies.
 */
curve: Array<number>, 
/**
 * The goal at full ramp, per the metric's cadence (bookings a month,
 * meetings a week). Money in currency units.
 */
goals: Partial<Record<Metric, number>>, };

export type Tenure = { 
/**
 * 1 in the first month of the role.
 */
month: number, 
/**
 * 1 in the first seven days of the role.
 */
week: number, 
/**
 * Days since the start, 0 on the start date.
 */
days: number, };

export type BandBasis = "tenure" | "calendar";

export type Band = { p25: number, median: number, p75: number, n: number, basis: BandBasis, };

export type BandVerdict = "below" | "in" | "above" | "no_band";

export type MetricState = { metric: Metric, 
/**
 * `None` when the inputs are absent: shown as "no data", never as 0.
 */
value: number | null, 
/**
 * The plan's goal for this tenure month, when the plan has one.
 */
goal: number | null, band: Band | null, verdict: BandVerdict, 
/**
 * Why there is no band verdict ("too few ramped peers (2)").
 */
no_band: string | null, };

export type RampStatus = "on_track" | "behind" | "ahead" | "too_early";

export type RampFlagKind = "below_goal" | "drift" | "positive";

export type RampFlag = { kind: RampFlagKind, metric: Metric, message: string, };

export type TreeNode = { metric: Metric, value: number | null, reference: number | null, 
/**
 * value ÷ reference; absent when either is, or the reference is 0.
 */
ratio: number | null, 
/**
 * 0 for bookings, 1 for its factors, ...
 */
depth: number, 
/**
 * On the path from bookings to the root cause.
 */
on_path: boolean, };

export type RootCause = { path: Array<TreeNode>, cause: Metric, 
/**
 * "Bookings 45 % of reference: deals won 50 % ← opportunities created 50 % ← first meetings 50 %."
 */
message: string, };

export type RampRep = { id: number, name: string, role: RampRole, manager: string | null, segment: string | null, start_date: string, tenure: Tenure, 
/**
 * The share of the goals the plan expects this month of tenure.
 */
ramp_pct: number, ramped: boolean, status: RampStatus, reason: string, metrics: Array<MetricState>, flags: Array<RampFlag>, root_cause: RootCause | null, 
/**
 * Every node of the metric tree, the root cause's path marked.
 */
tree: Array<TreeNode>, 
/**
 * "the last 4 weeks (26 Oct – 22 Nov)": what counts were judged on.
 */
window: string, };

export type HarnessRow = { id: number, name: string, role: RampRole, tenure_month: number | null, ramped: boolean, metrics: Array<MetricState>, };

export type PeerCount = { role: RampRole, count: number, };

export type RampBoard = { as_of: string, currency: string, plans: Array<RampPlan>, 
/**
 * Reps in ramp: active, a known role and start, not past the curve.
 */
reps: Array<RampRep>, harness: Array<HarnessRow>, 
/**
 * Ramped, active reps per role: the peers bands are made of.
 */
peers: Array<PeerCount>, 
/**
 * The first day the workspace has activities or deals for.
 */
history_from: string | null, 
/**
 * Why someone on the roster is not on the board ("no start date").
 */
left_out: Array<string>, 
/**
 * Every metric's label, unit and cadence.
 */
metric_info: Array<MetricInfo>, };

export type WeekRow = { week_start: string, tenure_week: number, values: Partial<Record<Metric, number | null>>, };

export type CurvePoint = { tenure_week: number, value: number | null, band: Band | null, goal: number | null, };

export type MetricCurve = { metric: Metric, points: Array<CurvePoint>, };

export type RepRamp = { as_of: string, currency: string, metric_info: Array<MetricInfo>, rep: RampRep, weeks: Array<WeekRow>, curves: Array<MetricCurve>, };

export type ImportPreview = { file_id: string, file_name: string, format: string, sheets: Array<string>, sheet: string, kind: ImportKind, 
/**
 * Sheet row number of the header row.
 */
header_row: number, data_rows: number, columns: Array<PreviewColumn>, 
/**
 * Fields the forecast needs that no column feeds, most serious first.
 */
missing: Array<MissingField>, 
/**
 * Fields the import can fill, in display order.
 */
fields: Array<FieldInfo>, rows: Array<PreviewRow>, stage_labels: Array<StageLabel>, 
/**
 * Activities: each activity type in the file and how it counts.
 */
activity_types: Array<ActivityTypeLabel>, 
/**
 * How dates, totals and other choices were read ("Close Date: day/month/year").
 */
notes: Array<string>, 
/**
 * The mapping came from the last import of the same export.
 */
mapping_remembered: boolean, 
/**
 * What the sheet's columns say it holds ("deals", "reps",
 * "scorecards"), from the rows the preview read, with why in one line.
 */
detected_kind: string, kind_reason: string, };

export type ImportCommitRequest = { file_id: string, sheet: string | null, kind: ImportKind, mapping: Array<ColumnAssignment> | null, 
/**
 * The user's confirmed meaning of each stage label.
 */
stages: Array<StageChoice>, 
/**
 * Activities: how the user chose to count each activity type.
 */
activity_types: Array<ActivityTypeChoice>, 
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

export type IssueGroup = { column: string | null, 
/**
 * The value, when every row has the same one.
 */
value: string | null, message: string, 
/**
 * Rows with this problem.
 */
count: number, first_row: number, 
/**
 * The rows as ranges: "2–40, 45", or "2–40, 45, … and 1,200 more rows".
 */
rows: string, };

export type ImportReport = { import_id: number | null, file_name: string, kind: ImportKind, sheet: string, rows_read: number, created: number, updated: number, unchanged: number, rejected: number, 
/**
 * Fields the forecast needs that no column fed: the first thing to read.
 */
missing: Array<MissingField>, 
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
 * Rows folded into a deal another row names: line items whose amounts
 * were added to it, older versions, rows replaced by a later one, exact
 * repeats. With `created`, `updated`, `unchanged` and `rejected` they
 * add up to `rows_read`. (Reports stored before it existed read 0.)
 */
merged: number, 
/**
 * Each merged row, with the row it was folded into and how.
 */
repeats: Array<RowIssue>, 
/**
 * Columns no field uses: a deals import keeps their values with each deal,
 * a roster import leaves them out.
 */
unused_columns: Array<string>, 
/**
 * The file's column names, in order (for the rows-to-fix workbook).
 */
column_headers: Array<string>, notes: Array<string>, dry_run: boolean, strict_failed: boolean, 
/**
 * `errors` with identical problems on one line each, with their rows
 * (filled by [`ImportReport::group_issues`], also for stored reports).
 */
error_groups: Array<IssueGroup>, 
/**
 * `warnings`, grouped the same way.
 */
warning_groups: Array<IssueGroup>, };

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
 * The stage is not backed by the earlier stages' criteria, which someone
 * has looked at.
 */
stage_skipping: boolean, 
/**
 * Someone has looked at the criteria (one checked, or a review); until
 * then unmet criteria mean "not reviewed yet" rather than stage skipping.
 */
criteria_reviewed: boolean, moved_back: boolean, 
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

export type FlagKind = "no_close_date" | "close_past" | "close_pushed" | "amount_missing" | "amount_changed" | "stage_skipped" | "moved_back" | "no_activity" | "too_old" | "no_next_step";

export type ReviewFlag = { kind: FlagKind, text: string, };

export type ReviewQueueRequest = { 
/**
 * One rep's deals; none for the whole team.
 */
rep_id: number | null, 
/**
 * `2026-Q4`; the current quarter when absent.
 */
quarter: string | null, };

export type ReviewGroup = "quarter" | "no_close_date" | "flagged";

export type ReviewItem = { deal: Deal, flags: Array<ReviewFlag>, 
/**
 * Closing in the quarter under review (the rest are here for their flags).
 */
in_quarter: boolean, group: ReviewGroup, last_review: string | null, reviewed_this_week: boolean, };

export type ReviewQueue = { quarter: string, rep_id: number | null, items: Array<ReviewItem>, 
/**
 * Deals that qualify, before the queue's cap.
 */
total: number, truncated: boolean, reviewed_this_week: number, 
/**
 * Average days from creation to win: the "older than twice" flag's yardstick.
 */
average_cycle_days: number | null, 
/**
 * The name the last review was saved under.
 */
reviewer: string | null, };

export type Verified = { close_date: boolean, stage: boolean, amount: boolean, };

export type PlannedStep = { text: string, criterion_id: string | null, owner: string | null, due_date: string | null, };

export type SaveReviewRequest = { deal_id: number, reviewer: string | null, verified: Verified, 
/**
 * The risk after the review (none clears it).
 */
risk: Risk | null, note: string, next_steps: Array<PlannedStep>, 
/**
 * Open next steps the review marks done.
 */
done_steps: Array<number>, };

export type ReviewRecord = { id: number, deal_id: number, 
/**
 * Local time the review was saved, `YYYY-MM-DD HH:MM:SS`.
 */
reviewed_at: string, review_date: string, reviewer: string | null, risk_before: Risk | null, risk_after: Risk | null, verified: Verified, 
/**
 * The flags the deal carried when it was reviewed.
 */
flags: Array<ReviewFlag>, 
/**
 * What the review changed, one sentence each.
 */
changes: Array<string>, note: string, };

export type SavedReview = { review: ReviewRecord, deal: Deal, flags: Array<ReviewFlag>, };

export type TrendPoint = { 
/**
 * First day of the fiscal week (a Monday, or the quarter's first day).
 */
week_start: string, forecast: number, commit: number, best_case: number, closed_won: number, goal: number | null, 
/**
 * The number the manager called that week (the judgement override).
 */
called: number | null, call_note: string | null, };

export type SnapshotKind = "auto" | "manual";

export type SnapshotInfo = { id: number, quarter: string, week_start: string, 
/**
 * The workspace's "today" when it was taken.
 */
taken_on: string, 
/**
 * Local wall-clock time it was written, `YYYY-MM-DD HH:MM:SS`.
 */
taken_at: string, kind: SnapshotKind, forecast: number, commit: number, best_case: number, closed_won: number, goal: number | null, open_pipeline: number, 
/**
 * Deals whose state it kept.
 */
deals: number, };

export type ForecastCall = { quarter: string, week_start: string, amount: number, note: string, called_at: string, };

export type AccuracyWeek = { week_start: string, forecast: number, forecast_error: number, 
/**
 * Error / actual (0.012 = 1.2%); null when nothing was won.
 */
forecast_error_pct: number | null, called: number | null, called_error: number | null, called_error_pct: number | null, };

export type Accuracy = { 
/**
 * Closed won of the quarter as the deals stand today.
 */
actual_closed_won: number, weeks: Array<AccuracyWeek>, 
/**
 * Best-in-class teams call the quarter within this share of actuals (0.01).
 */
best_in_class: number, 
/**
 * Weeks whose call (or forecast, in weeks without a call) was within it.
 */
weeks_within: number, };

export type ForecastHistoryRequest = { 
/**
 * `YYYY-Qn`; the current quarter when absent.
 */
quarter: string | null, };

export type ForecastHistory = { quarter: string, period_start: string, period_end: string, today: string, currency: string, 
/**
 * The quarter is over: accuracy can be judged.
 */
finished: boolean, 
/**
 * This fiscal week's start when the quarter is the current one.
 */
current_week: string | null, 
/**
 * Every fiscal week of the quarter, for the chart's axis.
 */
weeks: Array<string>, trend: Array<TrendPoint>, 
/**
 * Every snapshot of the quarter, oldest first (for the movement view).
 */
snapshots: Array<SnapshotInfo>, 
/**
 * This week's call, if the manager made one.
 */
call: ForecastCall | null, accuracy: Accuracy | null, 
/**
 * The quarter's forecast as it stands now (not this week's snapshot,
 * which risk changes since may have overtaken): where a call starts.
 */
forecast_now: number, 
/**
 * The quarter's goal as it stands now.
 */
goal: number | null, };

export type CallForecastRequest = { 
/**
 * The number the manager calls for this quarter, minor units; null withdraws this week's call.
 */
amount: number | null, note: string, };

export type MovementRequest = { from: number, to: number, };

export type MovementCategory = "new" | "pulled_in" | "pushed_out" | "won" | "lost" | "into_forecast" | "out_of_forecast" | "amount_up" | "amount_down" | "risk_changed" | "removed" | "create_and_close";

export type DealState = { amount: number | null, close_date: string | null, stage: number | null, status: DealStatus, risk: Risk | null, };

export type MovementRow = { deal_id: number, 
/**
 * As the deal is named today; null when it is no longer in the workspace.
 */
name: string | null, account: string | null, owner: string | null, category: MovementCategory, before: DealState | null, after: DealState | null, 
/**
 * What the category's total counts for this deal: its amount now for
 * new, pulled-in and won deals, its amount before for pushed, lost and
 * removed ones, and the difference for amount changes.
 */
amount: number, 
/**
 * Change to the quarter's open pipeline this deal made.
 */
pipeline_change: number, 
/**
 * Change to the quarter's forecast this deal made: what it counted for
 * after (won, or open green or yellow, in the quarter) minus before.
 */
forecast_change: number, };

export type MovementTotal = { category: MovementCategory, deals: number, amount: number, pipeline_change: number, forecast_change: number, 
/**
 * Rows of this category in `rows` (the largest, when there are many).
 */
shown: number, };

export type Movement = { quarter: string, currency: string, from: SnapshotInfo, to: SnapshotInfo, open_pipeline_from: number, open_pipeline_to: number, 
/**
 * The earlier snapshot's forecast (seen from the later one's quarter
 * when they are of different quarters).
 */
forecast_from: number, forecast_to: number, 
/**
 * One per category with deals, in category order.
 */
totals: Array<MovementTotal>, 
/**
 * By category, largest first within each.
 */
rows: Array<MovementRow>, };

export type Role = "AE" | "SDR" | "CSM" | "manager";

export type Source = "referral" | "sourced" | "inbound" | "agency";

export type Stage = "screen" | "role_play" | "panel" | "offer" | "hired" | "rejected";

export type Verdict = "strong_no" | "no" | "yes" | "strong_yes";

export type Recommendation = "hire" | "no_hire" | "undecided";

export type Trait = { 
/**
 * Stable key scores refer to; made from the name when left empty.
 */
id: string, name: string, 
/**
 * What the trait means for this team.
 */
definition: string, 
/**
 * What a 4 looks like in the interview.
 */
strong_yes: string, 
/**
 * What a 1 looks like in the interview.
 */
strong_no: string, 
/**
 * How much the trait counts in the weighted score (positive).
 */
weight: number, 
/**
 * Under its floor, the candidate is a no hire whatever else they score.
 */
must_pass: boolean, 
/**
 * 1-4; only meaningful for must-pass traits.
 */
floor: number | null, };

export type Profile = { role: Role, traits: Array<Trait>, 
/**
 * Weighted score (1-4) at or above which the rules say "hire".
 */
hire_bar: number, };

export type Candidate = { id: number, name: string, role: Role, source: Source | null, stage: Stage, notes: string, 
/**
 * A link to the résumé (a URL or a file path).
 */
resume_url: string | null, 
/**
 * Start date, once hired.
 */
start_date: string | null, 
/**
 * The rep the candidate became when hired.
 */
rep_id: number | null, created_at: string, updated_at: string, };

export type CandidateInput = { name: string, role: Role, source: Source | null, 
/**
 * Screen when absent.
 */
stage: Stage | null, notes: string, resume_url: string | null, 
/**
 * Used when the stage is hired; today when absent.
 */
start_date: string | null, };

export type TraitScore = { trait_id: string, 
/**
 * The trait's name in the profile (filled in by SalesOS; ignored on save).
 */
name: string, 
/**
 * 1 strong no, 2 no, 3 yes, 4 strong yes; none when not assessed.
 */
score: number | null, 
/**
 * What the candidate said or did that justifies the score.
 */
evidence: string, };

export type Scorecard = { candidate_id: number, interviewer: string, 
/**
 * One entry per trait of the candidate's profile, in profile order.
 */
scores: Array<TraitScore>, 
/**
 * The interviewer's overall call.
 */
recommendation: Verdict | null, notes: string, submitted: boolean, 
/**
 * Local time of submission, `YYYY-MM-DD HH:MM:SS`.
 */
submitted_at: string | null, 
/**
 * Local time of the last save; none for a scorecard not started.
 */
updated_at: string | null, };

export type Round1 = { 
/**
 * 1-4: stepped into the role-play readily (tone, posture, no stalling).
 */
willingness: number | null, 
/**
 * 1-4: how well they handled the objection.
 */
handling: number | null, notes: string, };

export type Coaching = { 
/**
 * What the interviewer said, in their words.
 */
text: string, 
/**
 * Common coaching points picked with one click (their texts).
 */
points: Array<string>, };

export type Round2 = { 
/**
 * 1-4: how much of the coaching they applied in real time.
 */
applied: number | null, 
/**
 * 1-4: how they took the feedback (listened and tried vs. defended).
 */
reception: number | null, notes: string, };

export type RolePlayResult = { round1: number | null, round2: number | null, gain: number | null, 
/**
 * The coachability score the role-play gives, 1-4.
 */
score: number | null, 
/**
 * Round 2 is fully scored: the score counts as the candidate's coachability.
 */
complete: boolean, };

export type RolePlay = { candidate_id: number, 
/**
 * Who ran it.
 */
interviewer: string, 
/**
 * The objection the interviewer plays.
 */
scenario: string, round1: Round1, coaching: Coaching, round2: Round2, 
/**
 * Time on the clock when last saved.
 */
seconds: number, result: RolePlayResult, 
/**
 * Local time of the last save; none until the first.
 */
updated_at: string | null, };

export type InterviewerScore = { interviewer: string, score: number, evidence: string, };

export type TraitResult = { trait_id: string, name: string, weight: number, must_pass: boolean, floor: number | null, 
/**
 * Submitted scores, in scorecard order.
 */
scores: Array<InterviewerScore>, 
/**
 * Mean of the interviewers' scores.
 */
interviewer_mean: number | null, 
/**
 * The role-play's score (coachability only, once round 2 is scored).
 */
role_play: number | null, 
/**
 * The score that counts: the role-play's, else the interviewers' mean.
 */
score: number | null, 
/**
 * Highest minus lowest interviewer score (two scores or more).
 */
spread: number | null, spread_flag: boolean, 
/**
 * Must-pass traits: at or above the floor (none until scored).
 */
passed: boolean | null, };

export type MustPass = { trait_id: string, 
/**
 * The trait's name.
 */
trait: string, score: number | null, floor: number, passed: boolean, };

export type CoachabilitySummary = { round1: number | null, round2: number | null, gain: number | null, 
/**
 * The candidate's coachability score (role-play, else interviewers).
 */
score: number | null, 
/**
 * The score comes from the role-play.
 */
from_role_play: boolean, };

export type InterviewerVerdict = { interviewer: string, verdict: Verdict | null, };

export type Evaluation = { weighted_score: number | null, hire_bar: number, traits: Array<TraitResult>, coachability: CoachabilitySummary, must_pass: Array<MustPass>, 
/**
 * Names of the traits with a flagged disagreement.
 */
spread_flags: Array<string>, recommendation: Recommendation, 
/**
 * The decisive reason first ("no hire: coachability 2.0 is under the floor 3").
 */
reasons: Array<string>, 
/**
 * Submitted scorecards' overall calls.
 */
verdicts: Array<InterviewerVerdict>, 
/**
 * Interviewers whose scorecard is still a draft.
 */
pending: Array<string>, };

export type Labeled<T> = { value: T, label: string, };

export type HiringOptions = { roles: Array<Labeled<Role>>, sources: Array<Labeled<Source>>, 
/**
 * Board columns, in order.
 */
stages: Array<Labeled<Stage>>, 
/**
 * The 1-4 scale, 1 first.
 */
verdicts: Array<Labeled<Verdict>>, 
/**
 * One-click coaching points of the role-play.
 */
coaching_points: Array<string>, default_scenario: string, 
/**
 * Interviewer scores this far apart or more are flagged.
 */
spread_flag: number, 
/**
 * Coachability points per point gained from round 1 to round 2.
 */
gain_bonus: number, };

export type ProfileView = { profile: Profile, 
/**
 * False while the role still uses SalesOS's default profile.
 */
customized: boolean, };

export type SaveProfileRequest = { profile: Profile, };

export type RoleRequest = { role: Role, };

export type CandidatesRequest = { role: Role | null, };

export type CandidateIdRequest = { candidate_id: number, };

export type UpdateCandidateRequest = { candidate_id: number, candidate: CandidateInput, };

export type MoveCandidateRequest = { candidate_id: number, stage: Stage, start_date: string | null, };

export type CandidateCard = { candidate: Candidate, scorecards_submitted: number, 
/**
 * Scorecards started and not submitted.
 */
scorecards_draft: number, interviewers: Array<string>, 
/**
 * The role-play's round 2 is scored.
 */
role_play_done: boolean, };

export type BoardColumn = { stage: Stage, label: string, candidates: Array<CandidateCard>, };

export type HiringBoard = { role: Role | null, columns: Array<BoardColumn>, };

export type ScorecardRequest = { candidate_id: number, interviewer: string, };

export type SaveScorecardRequest = { candidate_id: number, interviewer: string, 
/**
 * Scores to set; traits left out keep what was saved before.
 */
scores: Array<TraitScore>, recommendation: Verdict | null, notes: string, };

export type HiddenScorecard = { interviewer: string, submitted: boolean, };

export type ScorecardsView = { candidate: Candidate, own: Scorecard, 
/**
 * Others' submitted scorecards; empty until `own` is submitted.
 */
others: Array<Scorecard>, 
/**
 * Others' scorecards not shown: all of them before `own` is submitted,
 * drafts after.
 */
hidden: Array<HiddenScorecard>, 
/**
 * The asker has submitted and sees the others.
 */
unlocked: boolean, };

export type ViewerRequest = { candidate_id: number, 
/**
 * The person looking. An interviewer with a draft scorecard for this
 * candidate is refused until they submit it.
 */
viewer: string, };

export type Debrief = { candidate: Candidate, profile: Profile, evaluation: Evaluation, 
/**
 * Submitted scorecards, laid over the profile.
 */
scorecards: Array<Scorecard>, role_play: RolePlay | null, };

export type CompareRequest = { role: Role, 
/**
 * The person looking (see `ViewerRequest`).
 */
viewer: string, 
/**
 * Include hired and rejected candidates.
 */
include_closed: boolean, };

export type ComparedCandidate = { candidate: Candidate, 
/**
 * None when hidden: the viewer has a draft scorecard for this candidate.
 */
evaluation: Evaluation | null, hidden: boolean, };

export type RoleComparison = { role: Role, profile: Profile, candidates: Array<ComparedCandidate>, };

export type ImportScorecardsRequest = { file_id: string, sheet: string | null, 
/**
 * Read and check everything, change nothing.
 */
dry_run: boolean, };

export type ScoreShape = "long" | "wide";

export type ScorecardImportReport = { file_name: string, sheet: string, shape: ScoreShape, 
/**
 * Sheet row number of the header row.
 */
header_row: number, 
/**
 * Rows below the header that hold something.
 */
rows_read: number, imported: number, unchanged: number, rejected: number, 
/**
 * Rows rejected, with what to fix.
 */
errors: Array<RowIssue>, 
/**
 * Rows imported with something to check.
 */
warnings: Array<RowIssue>, 
/**
 * Scorecards written (new or completed).
 */
scorecards: number, candidates_created: Array<string>, 
/**
 * Columns the import did not use.
 */
unused_columns: Array<string>, dry_run: boolean, };

export type BoardRequest = { 
/**
 * `YYYY-Qn` fiscal quarter; the current one when absent.
 */
quarter: string | null, 
/**
 * Overrides the stored team goal for this export (minor units).
 */
goal: number | null, };

export type CorrectionField = "close_date" | "amount" | "stage";

export type Correction = { field: CorrectionField, value: string | null, 
/**
 * What the CRM said when the correction was made.
 */
crm_value: string | null, 
/**
 * `YYYY-MM-DD HH:MM:SS`, local time.
 */
corrected_at: string, corrected_by: string | null, };

export type TimelineKind = "created" | "crm_change" | "risk_change" | "review" | "next_step" | "next_step_done" | "correction" | "correction_dropped";

export type TimelineEntry = { date: string, 
/**
 * `YYYY-MM-DD HH:MM:SS`, local time: the order of the timeline.
 */
at: string, kind: TimelineKind, 
/**
 * `close_date`, `amount`, `stage`, `status`, `risk`, `owner`, `next_step`;
 * none for a review, a creation or a planned step.
 */
field: string | null, from: string | null, to: string | null, 
/**
 * An import's file name, "sample data", "review by NAME" or [`IN_APP`].
 */
source: string, 
/**
 * A review's note or a next step's text and due date.
 */
note: string | null, };

export type DealDetail = { deal: Deal, 
/**
 * The corrections in force on it, in field order.
 */
corrections: Array<Correction>, 
/**
 * Everything that happened to it, oldest first.
 */
timeline: Array<TimelineEntry>, };

export type CorrectDealsRequest = { deal_ids: Array<number>, 
/**
 * `YYYY-MM-DD`.
 */
close_date: string | null, 
/**
 * Minor units of the workspace currency.
 */
amount: number | null, 
/**
 * A stage of the process, by name or number.
 */
stage: string | null, 
/**
 * Who made the correction, when known.
 */
corrected_by: string | null, };

export type CorrectedDeals = { 
/**
 * The deals as they are now, in the order asked.
 */
deals: Array<Deal>, 
/**
 * How many of them changed (the others had these values already).
 */
changed: number, };

export type StaffRole = "AE" | "SDR" | "CSM" | "manager" | "VP" | "ops";

export type Period = "last_quarter" | "last_two_quarters" | "last_four_quarters" | "last_eight_quarters";

export type ScaleRequest = { 
/**
 * The window the rates are measured over; the last four quarters when absent.
 */
period: Period | null, 
/**
 * Won ÷ first meetings (or ÷ closed deals), e.g. 0.22.
 */
win_rate: number | null, 
/**
 * Average deal won, currency units.
 */
deal_size: number | null, 
/**
 * First meetings a week per AE.
 */
first_meetings_per_week: number | null, 
/**
 * Weeks of selling in a month (4 by default).
 */
weeks_per_month: number | null, 
/**
 * The selling unit's fully loaded cost a year (an AE, or an AE + SDR pair).
 */
rep_cost: number | null, 
/**
 * What a ramped AE books a month, currency units.
 */
bookings_per_rep: number | null, 
/**
 * The deal cycle's median, days.
 */
cycle_days: number | null, 
/**
 * The deal cycle's spread: the middle half's width ÷ the median.
 */
cycle_spread: number | null, 
/**
 * Deals closed in the period (what the numbers are trusted on).
 */
closed_deals: number | null, 
/**
 * Fully loaded cost a year per role, currency units.
 */
role_costs: Partial<Record<StaffRole, number>>, 
/**
 * Headcount by role (AE, SDR, CSM, manager) over the roster's.
 */
headcount: Partial<Record<StaffRole, number>>, 
/**
 * What a sales operations hire adds to each pod's bookings a year.
 */
ops_lift_per_pod: number | null, 
/**
 * The rules' thresholds; the method's when absent.
 */
thresholds: Thresholds | null, };

export type Thresholds = { 
/**
 * Win rate below this: fix the motion first (0.15).
 */
win_rate_low: number, 
/**
 * Win rate above this: scale now, consider raising the price (0.30).
 */
win_rate_high: number, 
/**
 * Cost of sales up to this passes (0.25).
 */
cost_of_sales_target: number, 
/**
 * Cost of sales up to this warns, above it fails (0.30).
 */
cost_of_sales_max: number, 
/**
 * The cycle's spread (middle half ÷ median) up to this passes (0.5).
 */
cycle_spread_target: number, 
/**
 * Up to this warns, above it fails (1.0).
 */
cycle_spread_max: number, 
/**
 * A ramped AE books at least this many times their cost a year (5).
 */
bookings_multiple_target: number, 
/**
 * Below this fails (4).
 */
bookings_multiple_min: number, 
/**
 * Closed deals in the period to trust the rates (30, "a few dozen").
 */
closed_deals_target: number, 
/**
 * Below this fails (15).
 */
closed_deals_min: number, };

export type Input = { 
/**
 * Rates as fractions, money in currency units; `null` when missing.
 */
value: number | null, 
/**
 * Where it came from: "22 % from 140 deals closed in the last four quarters".
 */
source: string, 
/**
 * The user set it (the request overrode the workspace).
 */
edited: boolean, };

export type ScaleInputs = { win_rate: Input, deal_size: Input, cycle_days: Input, cycle_spread: Input, first_meetings_per_week: Input, weeks_per_month: Input, bookings_per_rep: Input, 
/**
 * The selling unit's cost a year: an AE, or an AE + SDR pair.
 */
rep_cost: Input, ae_cost: Input, sdr_cost: Input, csm_cost: Input, manager_cost: Input, ops_cost: Input, ops_lift_per_pod: Input, closed_deals: Input, aes: Input, sdrs: Input, csms: Input, managers: Input, reps_per_manager: Input, };

export type MissingInput = { 
/**
 * The input's name in `inputs` (and its flag: `win_rate` is `--win-rate`).
 */
name: string, 
/**
 * What is missing and why: "win rate (no deal won or lost in the last four quarters)".
 */
message: string, };

export type Capacity = { deals_per_month: number, 
/**
 * Currency units.
 */
bookings_per_month: number, bookings_per_year: number, 
/**
 * The unit's cost a year ÷ its bookings a year; `null` when it books nothing.
 */
cost_of_sales: number | null, 
/**
 * The unit's cost a month, currency units.
 */
cost_per_month: number, 
/**
 * The bookings a month that would bring the cost of sales to the
 * threshold (25 % by default): cost a month ÷ 0.25.
 */
bookings_needed_per_month: number | null, };

export type CheckName = "win_rate" | "cost_of_sales" | "cycle_consistency" | "bookings_multiple" | "closed_deals";

export type CheckStatus = "pass" | "warn" | "fail";

export type Check = { name: CheckName, status: CheckStatus, 
/**
 * What was judged: a rate as a fraction, a multiple, a count.
 */
value: number | null, message: string, };

export type ScaleVerdict = "scale_now" | "ready" | "not_yet" | "fix_first";

export type FailureModeKind = "premature" | "lagged";

export type FailureMode = { kind: FailureModeKind, message: string, };

export type Readiness = { 
/**
 * `null` while inputs the capacity needs are missing.
 */
verdict: ScaleVerdict | null, 
/**
 * One line: "Not yet: cost of sales 31 % is above 25 %. ..."
 */
headline: string, 
/**
 * The checks that decided the verdict, as sentences.
 */
reasons: Array<string>, checks: Array<Check>, failure_modes: Array<FailureMode>, };

export type ScaleStage = "founder_alone" | "founder_plus_one" | "founder_sdr_two_aes" | "first_pod" | "cloning_pods" | "team_of_teams";

export type ExitCriterion = { text: string, 
/**
 * Ticked from the data; `null` where only the leader can tell.
 */
met: boolean | null, };

export type StageReport = { current: ScaleStage, current_label: string, next: ScaleStage | null, next_label: string | null, 
/**
 * What the roster has: "3 AEs, 1 SDR, 0 CSMs, 1 manager".
 */
roster: string, 
/**
 * The current stage's exit criteria: what to prove before the next.
 */
exit_criteria: Array<ExitCriterion>, };

export type Span = { reps: number, managers: number, reps_per_manager: number | null, advice: string, 
/**
 * A manager's cost a year, currency units.
 */
manager_cost: number, 
/**
 * A manager's cost per rep a year at 8 reps, and at 5.
 */
cost_per_rep_at_8: number, cost_per_rep_at_5: number, 
/**
 * How much less per rep at 8 than at 5 (0.375).
 */
saving_at_8: number, 
/**
 * "A $200,000 manager costs $25,000 a rep at 8 reps, $40,000 at 5: 37.5 % less."
 */
cost_message: string, };

export type SalesOps = { reps: number, 
/**
 * Pods counted as two AEs each.
 */
pods: number, 
/**
 * An ops hire's cost a year, currency units.
 */
ops_cost: number, 
/**
 * What it adds to each pod's bookings a year.
 */
lift_per_pod: number, 
/**
 * pods × lift.
 */
extra_bookings: number, pays: boolean, message: string, };

export type ScaleReport = { as_of: string, currency: string, period: Period, 
/**
 * "the last four quarters".
 */
period_label: string, inputs: ScaleInputs, 
/**
 * Inputs the capacity needs that nobody gave; empty when it was computed.
 */
missing: Array<MissingInput>, 
/**
 * What `rep_cost` and the capacity are of: "an AE" or "an AE + SDR pair".
 */
unit: string, capacity: Capacity | null, readiness: Readiness, stage: StageReport, span: Span, 
/**
 * The sales-operations case; `null` below 10 reps.
 */
sales_ops: SalesOps | null, thresholds: Thresholds, };

export type Hire = { role: StaffRole, count: number, 
/**
 * 1 = the plan's first month.
 */
month: number, 
/**
 * Fully loaded cost a year per person, currency units; the role's when absent.
 */
annual_cost: number | null, };

export type ScalePlanRequest = { 
/**
 * The calculator's inputs and overrides (win rate, deal size, costs...).
 */
inputs: ScaleRequest, 
/**
 * 12 to 36; 12 when absent.
 */
months: number | null, hires: Array<Hire>, 
/**
 * Clone a pod (two AEs, an SDR, a CSM) every N months from month 1.
 */
pod_every: number | null, 
/**
 * How many pods at most; as many as the months allow when absent.
 */
pods: number | null, 
/**
 * Bookings a month at full ramp per role; an AE's capacity, and
 * nothing for the other roles, when absent.
 */
productivity: Partial<Record<StaffRole, number>>, 
/**
 * The ramp curve per role (share of productivity in month 1, 2, ...,
 * ending at 1); the role's ramp plan when absent.
 */
ramp: Partial<Record<StaffRole, number[]>>, 
/**
 * Gross margin on bookings (0.8 when absent).
 */
gross_margin: number | null, 
/**
 * Revenue multiple for the value added (10 when absent).
 */
multiple: number | null, 
/**
 * Share of people leaving a year, each replaced at once by a new
 * hire who ramps from month 1 (0 when absent).
 */
attrition: number | null, };

export type HireLine = { role: StaffRole, count: number, month: number, 
/**
 * Per person a year, currency units.
 */
annual_cost: number, 
/**
 * The cost was given on the line (else it is the role's).
 */
cost_given: boolean, };

export type RoleAssumption = { role: StaffRole, 
/**
 * Fully loaded cost a year, currency units.
 */
annual_cost: number, cost_source: string, 
/**
 * Bookings a month at full ramp, currency units.
 */
productivity: number, productivity_source: string, 
/**
 * The productivity was given (else the capacity's or nothing).
 */
productivity_given: boolean, 
/**
 * Share of productivity by month of tenure; empty for roles that do not sell.
 */
curve: Array<number>, };

export type PlanMonth = { month: number, 
/**
 * Hires joining this month, by role code.
 */
hires: Partial<Record<StaffRole, number>>, 
/**
 * Everyone hired so far (leavers are replaced).
 */
headcount: number, 
/**
 * The sum of each seller's ramp share.
 */
ramped_equivalents: number, 
/**
 * The same by role (AE, SDR, CSM).
 */
equivalents: Partial<Record<StaffRole, number>>, 
/**
 * Currency units from here on.
 */
bookings: number, cost: number, gross_margin: number, 
/**
 * Cost − gross margin: what the month takes from the bank.
 */
burn: number, cumulative_bookings: number, cumulative_cost: number, cumulative_margin: number, 
/**
 * First meetings the ramped AEs need, and what the SDRs set.
 */
meetings_needed: number, meetings_supplied: number, };

export type ScalePlan = { currency: string, months: Array<PlanMonth>, 
/**
 * The first month whose cumulative gross margin covers the cumulative cost.
 */
payback_month: number | null, 
/**
 * The bookings the plan adds over its months, taken as new ARR.
 */
new_arr: number, 
/**
 * new ARR × the multiple.
 */
value_added: number, gross_margin: number, multiple: number, attrition: number, roles: Array<RoleAssumption>, hire_lines: Array<HireLine>, 
/**
 * One line: "Payback in month 9; $1.2M of new ARR, $12M of value added."
 */
summary: string, 
/**
 * What the numbers rest on that a reader should know.
 */
notes: Array<string>, };

/** Every command of the core: name → [request, response]. */
export interface Commands {
  workspace_info: [Empty, WorkspaceInfo];
  load_demo: [Empty, DemoSummary];
  list_deals: [DealQuery, DealPage];
  pipeline_facets: [Empty, PipelineFacets];
  set_risk: [SetRiskRequest, Deal];
  deal_detail: [DealIdRequest, DealDetail];
  correct_deals: [CorrectDealsRequest, CorrectedDeals];
  forecast: [ForecastRequest, ForecastReport];
  quarter_quotas: [QuotasRequest, QuarterQuotas];
  get_settings: [Empty, Settings];
  save_settings: [SaveSettingsRequest, Settings];
  currencies: [Empty, Array<CurrencyInfo>];
  set_goal: [SetGoalRequest, Settings];
  set_create_and_close: [SetCreateAndCloseRequest, Settings];
  list_reps: [Empty, Array<Rep>];
  stage_path: [StagePathRequest, StagedFile];
  import_preview: [ImportPreviewRequest, ImportPreview];
  import_commit: [ImportCommitRequest, ImportReport];
  discard_staged: [FileIdRequest, Empty];
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
  review_queue: [ReviewQueueRequest, ReviewQueue];
  save_review: [SaveReviewRequest, SavedReview];
  deal_reviews: [DealIdRequest, Array<ReviewRecord>];
  take_snapshot: [Empty, SnapshotInfo];
  forecast_history: [ForecastHistoryRequest, ForecastHistory];
  call_forecast: [CallForecastRequest, ForecastHistory];
  pipeline_movement: [MovementRequest, Movement];
  hiring_options: [Empty, HiringOptions];
  list_profiles: [Empty, Array<ProfileView>];
  save_profile: [SaveProfileRequest, ProfileView];
  reset_profile: [RoleRequest, ProfileView];
  list_candidates: [CandidatesRequest, Array<Candidate>];
  get_candidate: [CandidateIdRequest, Candidate];
  create_candidate: [CandidateInput, Candidate];
  update_candidate: [UpdateCandidateRequest, Candidate];
  move_candidate: [MoveCandidateRequest, Candidate];
  delete_candidate: [CandidateIdRequest, Empty];
  hiring_board: [CandidatesRequest, HiringBoard];
  get_scorecard: [ScorecardRequest, Scorecard];
  save_scorecard: [SaveScorecardRequest, Scorecard];
  submit_scorecard: [SaveScorecardRequest, Scorecard];
  candidate_scorecards: [ScorecardRequest, ScorecardsView];
  get_roleplay: [ViewerRequest, RolePlay];
  save_roleplay: [RolePlay, RolePlay];
  debrief: [ViewerRequest, Debrief];
  compare_candidates: [CompareRequest, RoleComparison];
  import_scorecards: [ImportScorecardsRequest, ScorecardImportReport];
  ramp_board: [RampRequest, RampBoard];
  rep_ramp: [RepRampRequest, RepRamp];
  save_ramp_plan: [RampPlan, Array<RampPlan>];
  scale_readiness: [ScaleRequest, ScaleReport];
  scale_plan: [ScalePlanRequest, ScalePlan];
}

/** The commands that answer with a workbook to save: name → request. */
export interface Downloads {
  import_issues_xlsx: ImportIdRequest;
  template_xlsx: Empty;
  board_xlsx: BoardRequest;
  hiring_packet_xlsx: ViewerRequest;
  role_comparison_xlsx: CompareRequest;
  ramp_xlsx: RampRequest;
  rep_ramp_xlsx: RepRampRequest;
  corrections_xlsx: Empty;
  scale_xlsx: ScalePlanRequest;
}

/** The commands that take a file's bytes as the body (its name in the `x-file-name` header): name → response. */
export interface Uploads {
  stage_upload: StagedFile;
}

/** The header an upload's file name travels in, percent-encoded. */
export const FILE_NAME_HEADER = 'x-file-name';
