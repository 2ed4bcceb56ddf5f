// What every hiring screen shares: the fixed lists the core offers (roles,
// stages, the 1-4 scale, coaching points) and who is at the keyboard.
//
// SalesOS has no logins. Scorecards are kept independent by name: the core
// shows an interviewer the others' scores only after they submit their own,
// so the screens always say who is asking. The name is remembered on this
// computer so an interviewer types it once.
import type { HiringOptions, Recommendation, Role, Source, Stage, Verdict } from './api-types';
import { call } from './transport';

/** The three screens of a candidate: my scorecard, the live role-play, the debrief. */
export type CandidateTab = 'scorecard' | 'roleplay' | 'debrief';
export const CANDIDATE_TABS: readonly CandidateTab[] = ['scorecard', 'roleplay', 'debrief'];

const WHO_KEY = 'salesos.interviewer';

function storedName(): string {
  try {
    return globalThis.localStorage?.getItem(WHO_KEY) ?? '';
  } catch {
    return '';
  }
}

export const hiring = $state<{ options: HiringOptions | null; who: string }>({
  options: null,
  who: storedName(),
});

let loading: Promise<HiringOptions> | null = null;

/** The hiring lists, fetched once per session. */
export function loadHiringOptions(): Promise<HiringOptions> {
  if (hiring.options) return Promise.resolve(hiring.options);
  loading ??= call('hiring_options', {}).then((o) => {
    hiring.options = o;
    return o;
  });
  loading.catch(() => (loading = null));
  return loading;
}

/** Sets who is at the keyboard (trimmed) and remembers it. */
export function setWho(name: string): void {
  hiring.who = name.trim();
  try {
    globalThis.localStorage?.setItem(WHO_KEY, hiring.who);
  } catch {
    /* private windows may refuse storage; the name still holds for this session */
  }
}

/** The 1-4 scale's words, 1 first (the core's labels once loaded). */
export function scaleLabel(score: number): string {
  const v = hiring.options?.verdicts[score - 1];
  return v ? v.label : String(score);
}

const VERDICT_SCORE: Record<Verdict, number> = { strong_no: 1, no: 2, yes: 3, strong_yes: 4 };

/** A verdict's place on the 1-4 scale. */
export function verdictScore(v: Verdict): number {
  return VERDICT_SCORE[v];
}

export function verdictLabel(v: Verdict | null): string {
  if (!v) return 'No call yet';
  return hiring.options?.verdicts.find((x) => x.value === v)?.label ?? v;
}

export function stageLabel(s: Stage): string {
  return hiring.options?.stages.find((x) => x.value === s)?.label ?? s;
}

export function sourceLabel(s: Source | null): string {
  if (!s) return '';
  return hiring.options?.sources.find((x) => x.value === s)?.label ?? s;
}

export function roleLabel(r: Role): string {
  return hiring.options?.roles.find((x) => x.value === r)?.label ?? r;
}

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  hire: 'Hire',
  no_hire: 'No hire',
  undecided: 'Undecided',
};

/** A 1-4 score as the debrief shows it: one decimal, a dash when there is none. */
export function score1(v: number | null | undefined): string {
  return v == null ? '–' : v.toFixed(1);
}

/** A round-1 → round-2 gain with its sign. */
export function signed(v: number | null | undefined): string {
  if (v == null) return '–';
  const s = v.toFixed(1);
  return v > 0 ? '+' + s : s;
}

/** Seconds as m:ss (h:mm:ss past the hour). */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
