import { describe, expect, it } from 'vitest';
import { nextRowIndex, riskForKey } from '../../src/lib/risk';

describe('risk keyboard', () => {
  it('maps r/o/y/g to levels, either case', () => {
    expect(riskForKey('r')).toBe('red');
    expect(riskForKey('O')).toBe('orange');
    expect(riskForKey('y')).toBe('yellow');
    expect(riskForKey('g')).toBe('green');
  });

  it('clears with 0, Backspace and Delete', () => {
    expect(riskForKey('0')).toBeNull();
    expect(riskForKey('Backspace')).toBeNull();
    expect(riskForKey('Delete')).toBeNull();
  });

  it('ignores other keys', () => {
    expect(riskForKey('x')).toBeUndefined();
    expect(riskForKey('Enter')).toBeUndefined();
    expect(riskForKey('1')).toBeUndefined();
  });

  it('moves row focus within bounds', () => {
    expect(nextRowIndex('ArrowDown', 0, 5)).toBe(1);
    expect(nextRowIndex('ArrowDown', 4, 5)).toBe(4);
    expect(nextRowIndex('ArrowUp', 0, 5)).toBe(0);
    expect(nextRowIndex('ArrowUp', 3, 5)).toBe(2);
    expect(nextRowIndex('PageDown', 0, 100, 10)).toBe(10);
    expect(nextRowIndex('End', 0, 100)).toBe(99);
    expect(nextRowIndex('Home', 50, 100)).toBe(0);
    expect(nextRowIndex('r', 0, 5)).toBeUndefined();
    expect(nextRowIndex('ArrowDown', 0, 0)).toBeUndefined();
  });
});
