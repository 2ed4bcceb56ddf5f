import { describe, expect, it } from 'vitest';
import { hashFor, parseHash } from '../../src/lib/router.svelte';
import { clock, score1, signed } from '../../src/lib/hiring.svelte';

describe('the hash router', () => {
  it('reads a page and the segments after it', () => {
    expect(parseHash('#/hiring/candidate/12/roleplay')).toEqual({ page: 'hiring', rest: ['candidate', '12', 'roleplay'] });
    expect(parseHash('#/forecast')).toEqual({ page: 'forecast', rest: [] });
    expect(parseHash('#/import/scorecards?x=1')).toEqual({ page: 'import', rest: ['scorecards'] });
  });

  it('falls back to the pipeline for anything else, including the sign-in token', () => {
    expect(parseHash('')).toEqual({ page: 'pipeline', rest: [] });
    expect(parseHash('#token=abc')).toEqual({ page: 'pipeline', rest: [] });
    expect(parseHash('#/nowhere/1')).toEqual({ page: 'pipeline', rest: [] });
  });

  it('round-trips segments that need escaping', () => {
    const hash = hashFor('hiring', ['compare', 'A/B é']);
    expect(hash).toBe('#/hiring/compare/A%2FB%20%C3%A9');
    expect(parseHash(hash)).toEqual({ page: 'hiring', rest: ['compare', 'A/B é'] });
  });
});

describe('hiring figures', () => {
  it('shows scores with one decimal and gains with their sign', () => {
    expect(score1(3.875)).toBe('3.9');
    expect(score1(null)).toBe('–');
    expect(signed(2)).toBe('+2.0');
    expect(signed(-1.5)).toBe('-1.5');
    expect(signed(0)).toBe('0.0');
    expect(signed(undefined)).toBe('–');
  });

  it('shows the role-play clock as m:ss, h:mm:ss past the hour', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65)).toBe('1:05');
    expect(clock(3601)).toBe('1:00:01');
    expect(clock(-4)).toBe('0:00');
  });
});
