import { z } from 'zod';
import type { Reason } from './messages.ts';

/**
 * Elements case numbers (saksnummer) are written `YYYY/N`: the year the case
 * was opened and a running number within that year, e.g. `2024/1537`.
 */
export const caseNumberYearRange = { min: 1990, max: 2100 } as const;

/** A running number is a positive integer; nine digits is far beyond any municipality's yearly count. */
const sequenceMaxDigits = 9;

const canonicalPattern = /^(\d{4})\/([1-9]\d{0,8})$/;

export interface ParsedCaseNumber {
  /** Canonical text, `YYYY/N`. */
  readonly value: string;
  readonly year: number;
  readonly sequence: number;
}

export type CaseNumberResult =
  | { readonly ok: true; readonly caseNumber: ParsedCaseNumber }
  | { readonly ok: false; readonly reason: Reason };

/**
 * Reads a case number as a person types it. Surrounding blanks and blanks
 * around the slash are forgiven; everything else gets a specific reason so the
 * form can say what is wrong.
 */
export function parseCaseNumber(input: string): CaseNumberResult {
  const text = input.trim().replace(/\s*\/\s*/, '/');
  if (text === '') return { ok: false, reason: { key: 'caseNumber.required' } };
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const yearText = match?.[1];
  const sequenceText = match?.[2];
  if (yearText === undefined || sequenceText === undefined) {
    return { ok: false, reason: { key: 'caseNumber.format', params: { example: '2024/1537' } } };
  }
  const { min, max } = caseNumberYearRange;
  const year = Number(yearText);
  if (yearText.length !== 4 || year < min || year > max) {
    return { ok: false, reason: { key: 'caseNumber.year', params: { min, max } } };
  }
  if (/^0+$/.test(sequenceText)) {
    return { ok: false, reason: { key: 'caseNumber.sequenceZero' } };
  }
  if (sequenceText.startsWith('0')) {
    return { ok: false, reason: { key: 'caseNumber.leadingZero' } };
  }
  if (sequenceText.length > sequenceMaxDigits) {
    return { ok: false, reason: { key: 'caseNumber.sequenceTooLong' } };
  }
  return { ok: true, caseNumber: { value: text, year, sequence: Number(sequenceText) } };
}

export function isCaseNumber(value: string): boolean {
  const match = canonicalPattern.exec(value);
  const year = Number(match?.[1]);
  return match !== null && year >= caseNumberYearRange.min && year <= caseNumberYearRange.max;
}

/** The stored form: canonical `YYYY/N` only (forms normalise with {@link parseCaseNumber} first). */
export const caseNumberSchema = z
  .string({ error: 'caseNumber.required' })
  .refine(isCaseNumber, { error: 'caseNumber.format' });

export type CaseNumber = z.infer<typeof caseNumberSchema>;

/**
 * Where a request and its grant are archived in Elements (R9): a case, or a
 * registry entry in it (`YYYY/N-M`, journalpost M of case N).
 */
export function isElementsReference(value: string): boolean {
  const match = /^(\d{4}\/[1-9]\d{0,8})(?:-[1-9]\d{0,5})?$/.exec(value);
  return match?.[1] !== undefined && isCaseNumber(match[1]);
}

export const elementsReferenceSchema = z
  .string({ error: 'rule.r9.referenceMissing' })
  .trim()
  .refine(isElementsReference, { error: 'rule.r9.referenceFormat' });
