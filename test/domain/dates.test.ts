// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  isIsoDate,
  isoDateSchema,
  nextAnnualReviewDue,
  nextQuarterlyReviewDue,
  osloDate,
  periodMonths,
  quarterEnd,
  quarterOf,
  quarterStart,
  sameQuarter,
} from '../../src/domain/dates.ts';

describe('osloDate', () => {
  it('gives the calendar day in Bodø in winter (UTC+1)', () => {
    expect(osloDate(new Date('2025-01-31T22:59:59Z'))).toBe('2025-01-31');
    expect(osloDate(new Date('2025-01-31T23:00:00Z'))).toBe('2025-02-01');
  });

  it('gives the calendar day in Bodø in summer (UTC+2)', () => {
    expect(osloDate(new Date('2025-06-30T21:59:59Z'))).toBe('2025-06-30');
    expect(osloDate(new Date('2025-06-30T22:00:00Z'))).toBe('2025-07-01');
  });

  it('switches at 01:00 UTC on the last Sundays of March and October', () => {
    // 2025: summer time from 30 March 01:00 UTC to 26 October 01:00 UTC.
    expect(osloDate(new Date('2025-03-29T22:30:00Z'))).toBe('2025-03-29');
    expect(osloDate(new Date('2025-03-30T22:30:00Z'))).toBe('2025-03-31');
    expect(osloDate(new Date('2025-10-25T22:30:00Z'))).toBe('2025-10-26');
    expect(osloDate(new Date('2025-10-26T22:30:00Z'))).toBe('2025-10-26');
    expect(osloDate(new Date('2025-12-31T23:00:00Z'))).toBe('2026-01-01');
  });
});

describe('ISO dates', () => {
  it('accepts only real calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isoDateSchema.safeParse('2025-04-31').error?.issues[0]?.message).toBe('validation.date');
  });

  it('adds days and months, clamping to the end of the month', () => {
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-15', 12)).toBe('2026-03-15');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
    expect(daysBetween('2025-03-01', '2025-03-31')).toBe(30);
  });

  it('measures a period in months, a begun month counting whole', () => {
    expect(periodMonths('2025-03-01', '2025-09-01')).toBe(6);
    expect(periodMonths('2025-03-01', '2025-09-02')).toBe(7);
    expect(periodMonths('2025-03-15', '2026-03-15')).toBe(12);
    expect(periodMonths('2025-03-15', '2026-03-16')).toBe(13);
    expect(periodMonths('2025-03-15', '2025-03-20')).toBe(1);
    expect(periodMonths('2025-03-15', '2025-03-15')).toBe(0);
  });
});

describe('quarters and review due dates', () => {
  it('knows the quarter of a day and its bounds', () => {
    expect(quarterOf('2025-05-20')).toEqual({ year: 2025, quarter: 2 });
    expect(quarterStart('2025-05-20')).toBe('2025-04-01');
    expect(quarterEnd('2025-05-20')).toBe('2025-06-30');
    expect(quarterEnd('2025-11-02')).toBe('2025-12-31');
    expect(sameQuarter('2025-01-01', '2025-03-31')).toBe(true);
    expect(sameQuarter('2025-03-31', '2025-04-01')).toBe(false);
  });

  it('makes the next quarterly review due at the end of the following quarter', () => {
    expect(nextQuarterlyReviewDue('2025-02-10', '2025-03-10')).toBe('2025-06-30');
    expect(nextQuarterlyReviewDue('2025-11-30', '2025-12-01')).toBe('2026-03-31');
    expect(nextQuarterlyReviewDue(null, '2025-03-10')).toBe('2025-03-10');
  });

  it('makes the next annual review due twelve months after the last', () => {
    expect(nextAnnualReviewDue('2024-05-02', '2025-03-10')).toBe('2025-05-02');
    expect(nextAnnualReviewDue('2024-02-29', '2025-03-10')).toBe('2025-02-28');
    expect(nextAnnualReviewDue(null, '2025-03-10')).toBe('2025-03-10');
  });
});
