import { describe, expect, it } from 'vitest';
import {
  formatCoverage, formatDate, formatMoney, formatPercent, majorToMinor, minorDigits, minorToMajor,
  moneyInputValue, parseMoneyInput,
} from '../../src/lib/format';

describe('money', () => {
  it('formats minor units of USD as whole dollars by default', () => {
    expect(formatMoney(1_250_050, 'USD', { locale: 'en-US' })).toBe('$12,501');
    expect(formatMoney(1_250_050, 'USD', { locale: 'en-US', cents: true })).toBe('$12,500.50');
  });

  it('uses the currency minor digits like the core', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('jpy')).toBe(0);
    expect(minorDigits('KRW')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(formatMoney(125_000, 'JPY', { locale: 'en-US' })).toBe('¥125,000');
    expect(formatMoney(1_000_000, 'EUR', { locale: 'de-DE', cents: true })).toBe('10.000,00\u00a0€');
  });

  it('shows compact amounts for tiles and charts', () => {
    expect(formatMoney(120_000_000, 'USD', { locale: 'en-US', compact: true })).toBe('$1.2M');
    expect(formatMoney(45_000_000, 'USD', { locale: 'en-US', compact: true })).toBe('$450K');
  });

  it('shows missing amounts as a dash', () => {
    expect(formatMoney(null, 'USD')).toBe('–');
    expect(formatMoney(undefined, 'USD')).toBe('–');
  });

  it('signs gaps on request', () => {
    expect(formatMoney(-500_00, 'USD', { locale: 'en-US', signed: true })).toBe('-$500');
    expect(formatMoney(500_00, 'USD', { locale: 'en-US', signed: true })).toBe('+$500');
  });

  it('converts between major and minor units', () => {
    expect(majorToMinor(12.34, 'USD')).toBe(1234);
    expect(majorToMinor(0.1 + 0.2, 'USD')).toBe(30);
    expect(majorToMinor(1000, 'JPY')).toBe(1000);
    expect(minorToMajor(1234, 'USD')).toBe(12.34);
  });

  it('reads what a leader types into a money field', () => {
    expect(parseMoneyInput('250000', 'USD')).toBe(25_000_000);
    expect(parseMoneyInput('$1,250,000.50', 'USD')).toBe(125_000_050);
    expect(parseMoneyInput('1.2m', 'USD')).toBe(120_000_000);
    expect(parseMoneyInput('450k', 'USD')).toBe(45_000_000);
    expect(parseMoneyInput('  ', 'USD')).toBeNull();
    expect(parseMoneyInput('abc', 'USD')).toBeNaN();
    expect(parseMoneyInput('5000', 'JPY')).toBe(5000);
  });

  it('fills money inputs with plain major units', () => {
    expect(moneyInputValue(25_000_000, 'USD')).toBe('250000');
    expect(moneyInputValue(1_050, 'USD')).toBe('10.50');
    expect(moneyInputValue(null, 'USD')).toBe('');
  });
});

describe('other formats', () => {
  it('formats ratios', () => {
    expect(formatPercent(0.2345)).toBe('23%');
    expect(formatPercent(null)).toBe('–');
    expect(formatCoverage(2.456)).toBe('2.5x');
    expect(formatCoverage(null)).toBe('–');
  });

  it('formats dates without time zone drift', () => {
    expect(formatDate('2026-12-31')).toBe('Dec 31, 2026');
    expect(formatDate(null)).toBe('–');
  });
});

describe('displayLocale', () => {
  it('falls back to en-US when the system has no locale', async () => {
    const { displayLocale } = await import('../../src/lib/format');
    expect(displayLocale('c')).toBe('en-US');
    expect(displayLocale('C.UTF-8')).toBe('en-US');
    expect(displayLocale('POSIX')).toBe('en-US');
    expect(displayLocale('')).toBe('en-US');
    expect(displayLocale('de-DE')).toBe('de-DE');
  });
});
