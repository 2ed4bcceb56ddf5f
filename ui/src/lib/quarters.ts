// Fiscal quarters as the core names them: "2026-Q4".

export function parseQuarter(q: string): { year: number; n: number } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  return m ? { year: Number(m[1]), n: Number(m[2]) } : null;
}

export function shiftQuarter(q: string, by: number): string {
  const p = parseQuarter(q);
  if (!p) return q;
  const idx = p.year * 4 + (p.n - 1) + by;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}

/** The quarters worth offering: those with deals, plus this one and the next two. */
export function quarterChoices(withDeals: string[], current: string): string[] {
  const set = new Set(withDeals.filter((q) => parseQuarter(q)));
  if (parseQuarter(current)) {
    set.add(current);
    set.add(shiftQuarter(current, 1));
    set.add(shiftQuarter(current, 2));
  }
  return [...set].sort();
}
