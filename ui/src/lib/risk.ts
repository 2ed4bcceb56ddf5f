import type { Risk, RiskFilter } from './api-types';

export const RISKS: readonly Risk[] = ['red', 'orange', 'yellow', 'green'];

export const RISK_LABEL: Record<Risk, string> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
};

/** What each level means in the forecast (docs/method.md §2). */
export const RISK_MEANING: Record<Risk, string> = {
  red: 'High risk: lost unless something changes',
  orange: 'Will probably push past its close date',
  yellow: 'Real risk we can get over: best case',
  green: 'No risk: commit',
};

export const RISK_FILTER_LABEL: Record<RiskFilter, string> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  unassessed: 'Not assessed',
};

/**
 * The keyboard shortcuts of the risk control: r/o/y/g set a level, 0, Backspace
 * and Delete clear it. `undefined` means the key is not a risk shortcut.
 */
export function riskForKey(key: string): Risk | null | undefined {
  switch (key.toLowerCase()) {
    case 'r':
      return 'red';
    case 'o':
      return 'orange';
    case 'y':
      return 'yellow';
    case 'g':
      return 'green';
    case '0':
    case 'backspace':
    case 'delete':
      return null;
    default:
      return undefined;
  }
}

/** Arrow navigation in the deals table: the next focused row index. */
export function nextRowIndex(key: string, current: number, count: number, pageSize = 10): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current + 1);
    case 'ArrowUp':
      return Math.max(0, current - 1);
    case 'PageDown':
      return Math.min(count - 1, current + pageSize);
    case 'PageUp':
      return Math.max(0, current - pageSize);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}
