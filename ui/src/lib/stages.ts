// The meaning of a CRM stage label: a stage of the current template (0–5 for
// the buyer agreements, 1–7 for the seven-stage preset), or an outcome.
import type { DealStatus, StageChoice, StageInfo, StageLabel } from './api-types';

/** Select values: the stage number for stages, "won"/"lost" for outcomes, "" for not mapped. */
export type MeaningValue = string;

export function meaningValue(stage: number | null, outcome: DealStatus | null): MeaningValue {
  if (outcome === 'won' || outcome === 'lost') return outcome;
  if (stage !== null && stage !== undefined) return String(stage);
  return '';
}

export function choiceFromValue(label: string, value: MeaningValue): StageChoice {
  if (value === 'won' || value === 'lost') return { label, stage: null, outcome: value };
  if (/^\d+$/.test(value)) return { label, stage: Number(value), outcome: null };
  return { label, stage: null, outcome: null };
}

export function meaningOptions(stages: readonly StageInfo[]): { value: MeaningValue; label: string }[] {
  return [
    ...stages.map((s) => ({ value: String(s.number), label: `${s.number} · ${s.name}` })),
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
