// The meaning of a CRM stage label: one of the agreements 0–5, or an outcome.
import type { DealStatus, StageChoice, StageLabel } from './api-types';

export const STAGE_NAMES = [
  'Meeting booked',
  'Problem agreement',
  'Priority agreement',
  'Evaluation agreement',
  'Value agreement',
  'Commercial agreement',
] as const;

/** Select values: "0".."5" for agreements, "won"/"lost" for outcomes, "" for not mapped. */
export type MeaningValue = string;

export function meaningValue(stage: number | null, outcome: DealStatus | null): MeaningValue {
  if (outcome === 'won' || outcome === 'lost') return outcome;
  if (stage !== null && stage !== undefined) return String(stage);
  return '';
}

export function choiceFromValue(label: string, value: MeaningValue): StageChoice {
  if (value === 'won' || value === 'lost') return { label, stage: null, outcome: value };
  if (/^[0-5]$/.test(value)) return { label, stage: Number(value), outcome: null };
  return { label, stage: null, outcome: null };
}

export function meaningOptions(stageNames: readonly string[] = STAGE_NAMES): { value: MeaningValue; label: string }[] {
  return [
    ...stageNames.map((name, i) => ({ value: String(i), label: `${i} · ${name}` })),
    { value: 'won', label: 'Won (outcome)' },
    { value: 'lost', label: 'Lost (outcome)' },
  ];
}

/** The choices an import commits: every label the file has, as the user left them. */
export function stageChoices(labels: StageLabel[], edits: Record<string, MeaningValue>): StageChoice[] {
  return labels.map((l) =>
    l.label in edits ? choiceFromValue(l.label, edits[l.label]) : { label: l.label, stage: l.stage, outcome: l.outcome },
  );
}
