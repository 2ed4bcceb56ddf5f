// One way to reach the core: Tauri's invoke inside the desktop window, HTTP in a browser.
import { FILE_NAME_HEADER } from './api-types';
import type { Downloads, ErrorCode, Role, StagedFile, Uploads } from './api-types';
import type { CommandName, Req, Res } from './commands';

/**
 * What went wrong: the core's codes (generated from Rust), or one of the
 * transport's own (`offline`: the app is not reachable; `error`: a reply
 * without a code; `http_<status>`: a reply that is not the core's).
 */
export type ClientErrorCode = ErrorCode | 'offline' | 'error' | `http_${number}`;

/** An error from the core; `message` is written for the user and is shown as is. */
export class ApiError extends Error {
  code: ClientErrorCode;
  constructor(code: ClientErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

const TOKEN_KEY = 'salesos.token';

export function isDesktop(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/**
 * Reads `#token=...` from the address on first load, keeps it for the session
 * and removes it from the address bar. Returns the token in use.
 */
export function initToken(): string | null {
  if (typeof window === 'undefined') return null;
  const hash = window.location.hash.replace(/^#/, '');
  if (hash.startsWith('token=') || hash.includes('&token=')) {
    const params = new URLSearchParams(hash);
    const token = params.get('token');
    if (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token);
      const url = window.location.pathname + window.location.search + '#/';
      window.history.replaceState(null, '', url);
    }
  }
  return token();
}

function token(): string | null {
  if (typeof window === 'undefined') return null;
  return window.sessionStorage.getItem(TOKEN_KEY);
}

/** Turns anything a call can reject with into an ApiError with a readable message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const inner = (o.error && typeof o.error === 'object' ? o.error : o) as Record<string, unknown>;
    if (typeof inner.message === 'string') {
      return new ApiError(typeof inner.code === 'string' ? (inner.code as ClientErrorCode) : 'error', inner.message);
    }
    if (err instanceof Error) return new ApiError('error', err.message);
  }
  if (typeof err === 'string' && err) return new ApiError('error', err);
  return new ApiError('error', 'Something went wrong. Please try again.');
}

/** Reads a failed HTTP response into an ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  const parsed = body ? toApiError(body) : null;
  if (parsed && parsed.message !== 'Something went wrong. Please try again.') return parsed;
  if (res.status === 401 || res.status === 403) {
    return new ApiError('unauthorized', 'This page is not signed in to SalesOS. Open it again from the link the app printed when it started.');
  }
  return new ApiError(`http_${res.status}`, `SalesOS could not complete the request (HTTP ${res.status}).`);
}

async function tauriInvoke<T>(cmd: string, args?: unknown, options?: { headers: Record<string, string> }): Promise<T> {
  const { invoke } = await import('@tauri-apps/api/core');
  try {
    return await invoke<T>(cmd, args as never, options);
  } catch (e) {
    throw toApiError(e);
  }
}

function headers(contentType: string): Record<string, string> {
  const h: Record<string, string> = { 'content-type': contentType };
  const t = token();
  if (t) h['x-salesos-token'] = t;
  return h;
}

async function post(path: string, body: BodyInit, contentType: string, extra: Record<string, string> = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { ...headers(contentType), ...extra }, body });
  } catch {
    throw new ApiError('offline', 'SalesOS is not reachable. Is the app still running?');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

/** Waits between tries of a command the workspace was too busy for. */
const BUSY_WAITS_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Runs `attempt`, trying again while the core answers "busy" (another
 * program, such as a command-line import, held the workspace). A busy answer
 * means nothing was changed, so trying again is always safe.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, waits: number[] = BUSY_WAITS_MS): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== 'busy' || i >= waits.length) throw err;
      await new Promise((r) => setTimeout(r, waits[i]));
    }
  }
}

/** Calls one command of the core. */
export async function call<K extends CommandName>(name: K, args: Req<K>): Promise<Res<K>> {
  return retryWhileBusy(async () => {
    if (isDesktop()) return tauriInvoke<Res<K>>(name, { req: args });
    const res = await post('/api/' + name, JSON.stringify(args), 'application/json');
    return (await res.json()) as Res<K>;
  });
}

/**
 * Sends a file's bytes to an upload command of the core, its name in the
 * same header on both transports (the desktop's raw IPC body; over HTTP the
 * browser streams the file without a copy).
 */
export async function upload<K extends keyof Uploads>(name: K, file: File): Promise<Uploads[K]> {
  const named = { [FILE_NAME_HEADER]: encodeURIComponent(file.name) };
  if (isDesktop()) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return tauriInvoke<Uploads[K]>(name, bytes, { headers: named });
  }
  const res = await post('/api/' + name, file, 'application/octet-stream', named);
  return (await res.json()) as Uploads[K];
}

/** Hands a file's bytes to the core, which keeps it until it is imported. */
export function stageUpload(file: File): Promise<StagedFile> {
  return upload('stage_upload', file);
}

/** Desktop only: asks for a file with the system dialog and stages it. Null when cancelled. */
export async function pickAndStage(): Promise<StagedFile | null> {
  const { open } = await import('@tauri-apps/plugin-dialog');
  const path = await open({
    multiple: false,
    directory: false,
    filters: [{ name: 'Spreadsheets', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xlsm', 'xlsb', 'xls', 'ods'] }],
  });
  if (!path || Array.isArray(path)) return null;
  return call('stage_path', { path });
}

/** The file name in a Content-Disposition header, if any. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : fallback;
}

/**
 * Saves a workbook the core builds, by the command's name and request (the
 * same on both transports). On the desktop the shell asks where and returns
 * the saved path (null when cancelled); in a browser the file is downloaded
 * and its name is returned.
 */
async function saveWorkbook<K extends keyof Downloads>(name: K, req: Downloads[K], fallbackName: string): Promise<string | null> {
  if (isDesktop()) {
    return retryWhileBusy(() => tauriInvoke<string | null>(name, { req }));
  }
  const res = await retryWhileBusy(() => post('/api/' + name, JSON.stringify(req), 'application/json'));
  const blob = await res.blob();
  const fileName = fileNameFromDisposition(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}

/** Saves the rejected and flagged rows of an import as a workbook. */
export function saveImportIssues(importId: number): Promise<string | null> {
  return saveWorkbook('import_issues_xlsx', { import_id: importId }, `import-${importId}-issues.xlsx`);
}

/** Saves the board-ready forecast workbook of a quarter (goal: minor units, null for the stored one). */
export function saveBoardXlsx(quarter: string | null, goal: number | null = null): Promise<string | null> {
  return saveWorkbook('board_xlsx', { quarter, goal }, `Board forecast ${quarter ?? ''}.xlsx`.replace(' .xlsx', '.xlsx'));
}

/** Saves the corrections made in SalesOS, CRM value beside corrected value, to update the CRM from. */
export function saveCorrectionsXlsx(): Promise<string | null> {
  return saveWorkbook('corrections_xlsx', {}, 'Corrections for the CRM.xlsx');
}

/** Saves the process template as a print-ready workbook. */
export function saveTemplateXlsx(): Promise<string | null> {
  return saveWorkbook('template_xlsx', {}, 'Sales process template.xlsx');
}

/** Saves a candidate's packet (debrief, evidence, role-play) as a print-ready workbook. `viewer` is who is asking. */
export function saveHiringPacket(candidateId: number, viewer: string, candidateName = 'candidate'): Promise<string | null> {
  return saveWorkbook('hiring_packet_xlsx', { candidate_id: candidateId, viewer }, `${candidateName} - candidate packet.xlsx`);
}

/** Saves a role's candidates side by side as a print-ready workbook. `viewer` is who is asking. */
export function saveRoleComparison(role: Role, viewer: string, includeClosed = false): Promise<string | null> {
  return saveWorkbook('role_comparison_xlsx', { role, viewer, include_closed: includeClosed }, `${role} candidates - comparison.xlsx`);
}

/** Saves the ramp board and the team harness as a print-ready workbook. */
export function saveRampXlsx(): Promise<string | null> {
  return saveWorkbook('ramp_xlsx', { role: null }, 'Ramp board.xlsx');
}

/** Saves the hiring plan as a workbook of live formulas over its assumptions (for the CFO). */
export function saveScaleXlsx(req: Downloads['scale_xlsx']): Promise<string | null> {
  return saveWorkbook('scale_xlsx', req, 'Scaling plan.xlsx');
}

/** Saves one rep's ramp page for the 1:1 as a print-ready workbook. */
export function saveRepRampXlsx(rep: string): Promise<string | null> {
  return saveWorkbook('rep_ramp_xlsx', { rep, weeks: null }, `${rep} - ramp 1-1.xlsx`);
}
