// Goals and quotas (docs/method.md §2, "Goals and quotas"): the team is
// measured against the board number, a rep against their quota, a manager's
// team against the sum of its reps' quotas. Every figure on screen says which.
import type { GoalBasis, OpenWithoutCloseDate } from './api-types';
import { formatCount, formatMoney } from './format';

/** What a goal is, in the words the tables use under it. */
export const GOAL_BASIS_LABEL: Record<GoalBasis, string> = {
  board_number: 'board number',
  given: 'goal given',
  quota: 'quota',
  roster_quota: 'roster quota',
  rep_quotas: "reps' quotas",
};

/** "against the board number", or '' without a goal. */
export function againstGoal(basis: GoalBasis | null): string {
  return basis ? `against the ${GOAL_BASIS_LABEL[basis]}` : '';
}

/** "2,089 open deals ($0) have no close date", or null when every open deal has one. */
export function noCloseDateHeadline(n: OpenWithoutCloseDate, currency: string): string | null {
  if (n.deals === 0) return null;
  const one = n.deals === 1;
  return `${formatCount(n.deals)} open deal${one ? '' : 's'} (${formatMoney(n.amount, currency)}) ${one ? 'has' : 'have'} no close date`;
}

/** What the amount leaves out: "none of them has an amount", "12 have no amount", or ''. */
export function noCloseDateAmounts(n: OpenWithoutCloseDate): string {
  if (n.without_amount === 0) return '';
  if (n.without_amount === n.deals) return n.deals === 1 ? 'it has no amount either' : 'none of them has an amount either';
  return `${formatCount(n.without_amount)} of them ${n.without_amount === 1 ? 'has' : 'have'} no amount either`;
}
