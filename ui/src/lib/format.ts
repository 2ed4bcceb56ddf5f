// Formatting for a sales leader: money from integer minor units, percentages, dates.

// The same table as the core (src/money.rs), so amounts convert exactly as stored.
const ZERO_DIGITS = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'TWD', 'UGX', 'XOF', 'XAF', 'PYG']);
const THREE_DIGITS = new Set(['BHD', 'KWD', 'OMR', 'JOD', 'TND']);

/** How many minor digits a currency's amounts are stored with (2 for USD/EUR, 0 for JPY/KRW). */
export function minorDigits(currency: string): number {
  const code = (currency || 'USD').toUpperCase();
  if (ZERO_DIGITS.has(code)) return 0;
  if (THREE_DIGITS.has(code)) return 3;
  return 2;
}

export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

export function majorToMinor(major: number, currency: string): number {
  return Math.round(major * 10 ** minorDigits(currency));
}

/**
 * The user's locale for numbers, or en-US when the system has none (a desktop
 * session started with LANG=C makes WebKit report "c", which formats money
 * without thousands separators).
 */
export function displayLocale(language: string | undefined = globalThis.navigator?.language): string {
  const tag = (language ?? '').trim();
  if (!tag || /^(c|posix|und)([-_.@]|$)/i.test(tag)) return 'en-US';
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : 'en-US';
  } catch {
    return 'en-US';
  }
}

const fmtCache = new Map<string, Intl.NumberFormat>();
function nf(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = fmtCache.get(key);
  if (!f) {
    f = make();
    fmtCache.set(key, f);
  }
  return f;
}

export interface MoneyOptions {
  /** Show cents (the currency's minor digits); default: whole units. */
  cents?: boolean;
  /** Short form for tiles and charts: $1.2M, $450K. */
  compact?: boolean;
  /** Always show the sign (for gaps and changes). */
  signed?: boolean;
  locale?: string;
}

/** Formats an amount in minor units of `currency`. Null and undefined show as an en dash. */
export function formatMoney(minor: number | null | undefined, currency: string, opts: MoneyOptions = {}): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '–';
  const code = (currency || 'USD').toUpperCase();
  const digits = minorDigits(code);
  const major = minor / 10 ** digits;
  const key = [code, opts.cents ? 'c' : '', opts.compact ? 'k' : '', opts.signed ? 's' : '', opts.locale ?? ''].join('|');
  const f = nf(key, () => {
    const o: Intl.NumberFormatOptions = { style: 'currency', currency: code };
    if (opts.compact) {
      o.notation = 'compact';
      o.maximumFractionDigits = 1;
      o.minimumFractionDigits = 0;
    } else if (opts.cents) {
      o.minimumFractionDigits = digits;
      o.maximumFractionDigits = digits;
    } else {
      o.minimumFractionDigits = 0;
      o.maximumFractionDigits = 0;
    }
    if (opts.signed) o.signDisplay = 'exceptZero';
    try {
      return new Intl.NumberFormat(opts.locale ?? displayLocale(), o);
    } catch {
      return new Intl.NumberFormat(opts.locale ?? displayLocale(), { ...o, currency: 'USD' });
    }
  });
  return f.format(major);
}

/** The currency symbol alone, e.g. "$" or "€", for input prefixes. */
export function currencySymbol(currency: string, locale?: string): string {
  try {
    const parts = new Intl.NumberFormat(locale ?? displayLocale(), { style: 'currency', currency: currency || 'USD' }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? currency;
  } catch {
    return currency;
  }
}

/**
 * Reads what a user typed into a money field, in major units ("12,500", "$1.2k",
 * "1.5m", "80000.50"), and returns minor units. Empty → null; unreadable → NaN.
 */
export function parseMoneyInput(text: string, currency: string): number | null {
  let s = text.trim().toLowerCase().replace(/[\s\u00a0]/g, '');
  if (!s) return null;
  s = s.replace(/^[^\d.,-]+/, '').replace(/[^\d.,kmb-]+$/, '');
  let mult = 1;
  const suffix = s.slice(-1);
  if (suffix === 'k') mult = 1e3;
  else if (suffix === 'm') mult = 1e6;
  else if (suffix === 'b') mult = 1e9;
  if (mult !== 1) s = s.slice(0, -1);
  s = s.replace(/,/g, '');
  if (!/^-?\d*(\.\d*)?$/.test(s) || s === '' || s === '-' || s === '.') return NaN;
  const n = Number(s) * mult;
  if (!Number.isFinite(n)) return NaN;
  return majorToMinor(n, currency);
}

/** Minor units → the plain number a money input shows (no symbol, no grouping). */
export function moneyInputValue(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '';
  const major = minorToMajor(minor, currency);
  return Number.isInteger(major) ? String(major) : major.toFixed(minorDigits(currency));
}

/**
 * Minor units → a money input's text with thousands grouped ("1,534,207"),
 * which parseMoneyInput reads back whatever the display locale: easier to
 * check at a glance than "1534207".
 */
export function moneyInputGrouped(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) return '';
  const major = minorToMajor(minor, currency);
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: minorDigits(currency), useGrouping: true }).format(major);
}

export function formatPercent(ratio: number | null | undefined, digits = 0): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return (ratio * 100).toFixed(digits) + '%';
}

export function formatCoverage(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '–';
  return ratio.toFixed(1) + 'x';
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat('en-US').format(n);
}

const dateFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "2026-12-15" → "Dec 15, 2026". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return dateFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/** "2026-11-25T10:03:00Z" → "Nov 25, 2026, 10:03". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
