// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  caseNumberSchema,
  elementsReferenceSchema,
  isElementsReference,
  parseCaseNumber,
} from '../../src/domain/case-number.ts';

describe('parseCaseNumber', () => {
  it('reads YYYY/N and forgives blanks', () => {
    expect(parseCaseNumber('2024/1537')).toEqual({
      ok: true,
      caseNumber: { value: '2024/1537', year: 2024, sequence: 1537 },
    });
    expect(parseCaseNumber('  2024 / 7 ')).toMatchObject({
      ok: true,
      caseNumber: { value: '2024/7' },
    });
  });

  it.each([
    ['', 'caseNumber.required'],
    ['   ', 'caseNumber.required'],
    ['2024-1537', 'caseNumber.format'],
    ['24/1537', 'caseNumber.year'],
    ['1989/10', 'caseNumber.year'],
    ['2101/10', 'caseNumber.year'],
    ['2024/0', 'caseNumber.sequenceZero'],
    ['2024/0012', 'caseNumber.leadingZero'],
    ['2024/1234567890', 'caseNumber.sequenceTooLong'],
    ['2024/12a', 'caseNumber.format'],
    ['2024/-3', 'caseNumber.format'],
  ])('explains what is wrong with %j', (input, key) => {
    const result = parseCaseNumber(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.key).toBe(key);
  });

  it('gives the year range and an example as parameters', () => {
    expect(parseCaseNumber('1900/1')).toEqual({
      ok: false,
      reason: { key: 'caseNumber.year', params: { min: 1990, max: 2100 } },
    });
    expect(parseCaseNumber('abc')).toMatchObject({ reason: { params: { example: '2024/1537' } } });
  });

  it('stores only the canonical form', () => {
    expect(caseNumberSchema.safeParse('1990/1').success).toBe(true);
    expect(caseNumberSchema.safeParse('2100/999999999').success).toBe(true);
    expect(caseNumberSchema.safeParse(' 2024/1').success).toBe(false);
    expect(caseNumberSchema.safeParse('2024/01').success).toBe(false);
  });
});

describe('Elements references (R9)', () => {
  it('accepts a case or a registry entry in it', () => {
    expect(isElementsReference('2025/412')).toBe(true);
    expect(isElementsReference('2025/412-3')).toBe(true);
    expect(isElementsReference('2025/412-0')).toBe(false);
    expect(isElementsReference('412-3')).toBe(false);
    expect(elementsReferenceSchema.safeParse(' 2025/412-3 ').data).toBe('2025/412-3');
  });
});
