// What a user types on the Scale page, as the request carries it: rates as
// fractions, money in currency units, and back again for the fields.
import { describe, expect, it } from 'vitest';
import { curveText, headlineAfter, inputText, readCurve, readInput } from '../../src/lib/scale';

describe('Scale inputs', () => {
  it('reads percentages, thousands and grouped amounts', () => {
    expect(readInput('22', 'rate')).toBeCloseTo(0.22);
    expect(readInput('22 %', 'rate')).toBeCloseTo(0.22);
    expect(readInput('18k', 'money')).toBe(18_000);
    expect(readInput('$1.2m', 'money')).toBe(1_200_000);
    expect(readInput('149,091', 'money')).toBe(149_091);
    expect(readInput('', 'money')).toBeNull();
    expect(readInput('lots', 'count')).toBeNaN();
  });

  it('shows values as they are typed back', () => {
    expect(inputText(0.049, 'rate')).toBe('4.9');
    expect(inputText(149_090.91, 'money')).toBe('149,091');
    expect(inputText(6711, 'count')).toBe('6,711');
    expect(inputText(3.96, 'count')).toBe('3.96');
    expect(inputText(null, 'money')).toBe('');
    expect(readInput(inputText(149_090.91, 'money'), 'money')).toBe(149_091);
  });

  it('reads a ramp curve in percent and writes it back', () => {
    expect(readCurve('0, 25, 50, 75, 100')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(readCurve('25% 50% 100%')).toEqual([0.25, 0.5, 1]);
    expect(readCurve('a, b')).toBeNull();
    expect(curveText([0, 0.25, 1])).toBe('0, 25, 100');
  });

  it('does not repeat the verdict in its headline', () => {
    expect(headlineAfter('Fix first', 'Fix first: win rate 4.9 % is below 15 %.')).toBe('Win rate 4.9 % is below 15 %.');
    expect(headlineAfter('Ready to hire', 'Ready: hire the next pod.')).toBe('Ready: hire the next pod.');
  });
});
