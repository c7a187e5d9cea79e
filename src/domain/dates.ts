import { z } from 'zod';

/**
 * Calendar dates for the access routine: periods, quarters and review due dates.
 *
 * Everything works on plain ISO dates (`YYYY-MM-DD`) meaning a calendar day in
 * Bodø (Europe/Oslo). Instants (`Date`) only enter through {@link osloDate},
 * and `now` is always a parameter: the domain never reads a clock.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const msPerDay = 86_400_000;
const msPerHour = 3_600_000;

interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function partsOf(date: string): DateParts | null {
  const match = isoDatePattern.exec(date);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Parts of a date the caller promises is valid; a bad one is a programming error. */
function mustParts(date: IsoDate): DateParts {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not an ISO calendar date: ${date}`);
  return parts;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

function format({ year, month, day }: DateParts): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** True for a real calendar day in `YYYY-MM-DD` form (no 30 February). */
export function isIsoDate(value: string): boolean {
  return partsOf(value) !== null;
}

export const isoDateSchema = z
  .string({ error: 'validation.date' })
  .refine(isIsoDate, { error: 'validation.date' });

/** An instant with an explicit offset, as SharePoint and Graph write them. */
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

function epochDay(date: IsoDate): number {
  const { year, month, day } = mustParts(date);
  return Date.UTC(year, month - 1, day) / msPerDay;
}

function fromEpochDay(days: number): IsoDate {
  const date = new Date(days * msPerDay);
  return format({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
  });
}

/** Last Sunday of a month at 01:00 UTC: when EU summer time starts (March) or ends (October). */
function euSwitchInstant(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * msPerDay;
}

/**
 * The calendar day in Bodø at an instant. Norway follows the EU summer-time
 * rule (UTC+2 from the last Sunday of March to the last Sunday of October at
 * 01:00 UTC, otherwise UTC+1); computed here rather than through Intl so the
 * result never depends on the ICU data a runtime ships.
 */
export function osloDate(instant: Date): IsoDate {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid instant');
  const year = instant.getUTCFullYear();
  const summer = time >= euSwitchInstant(year, 2) && time < euSwitchInstant(year, 9);
  const local = new Date(time + (summer ? 2 : 1) * msPerHour);
  return format({
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
  });
}

/** -1, 0 or 1; ISO dates order as strings, this keeps call sites readable. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(epochDay(date) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}

/** Calendar months later; the day is clamped to the month's end (31 January + 1 month = 28/29 February). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = mustParts(date);
  const total = year * 12 + (month - 1) + months;
  const newYear = Math.floor(total / 12);
  const newMonth = total - newYear * 12 + 1;
  return format({
    year: newYear,
    month: newMonth,
    day: Math.min(day, daysInMonth(newYear, newMonth)),
  });
}

/**
 * The length of the period `start`..`end` in calendar months, counting a
 * begun month as a whole one: 1 March to 1 September is 6, to 2 September 7.
 * So "at most N months" is exactly `end <= addMonths(start, N)`.
 */
export function periodMonths(start: IsoDate, end: IsoDate): number {
  if (compareIsoDates(end, start) <= 0) return 0;
  const s = mustParts(start);
  const e = mustParts(end);
  let months = Math.max(0, (e.year - s.year) * 12 + (e.month - s.month) - 1);
  while (compareIsoDates(addMonths(start, months), end) < 0) months += 1;
  return months;
}

export interface Quarter {
  readonly year: number;
  /** 1..4 */
  readonly quarter: number;
}

export function quarterOf(date: IsoDate): Quarter {
  const { year, month } = mustParts(date);
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

export function quarterStart(date: IsoDate): IsoDate {
  const { year, quarter } = quarterOf(date);
  return format({ year, month: (quarter - 1) * 3 + 1, day: 1 });
}

export function quarterEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(quarterStart(date), 3), -1);
}

export function sameQuarter(a: IsoDate, b: IsoDate): boolean {
  const qa = quarterOf(a);
  const qb = quarterOf(b);
  return qa.year === qb.year && qa.quarter === qb.quarter;
}

/**
 * When the next quarterly review (R11) must be done by: the last day of the
 * quarter after the one the last review was made in. Never reviewed: today.
 */
export function nextQuarterlyReviewDue(lastReview: IsoDate | null, today: IsoDate): IsoDate {
  if (lastReview === null) return today;
  return quarterEnd(addMonths(quarterStart(lastReview), 3));
}

/**
 * When the next annual role review (R12) must be done by: twelve months after
 * the last one (an anniversary rather than "some time next calendar year", so
 * that a role is never left unreviewed for up to two years). Never reviewed: today.
 */
export function nextAnnualReviewDue(lastReview: IsoDate | null, today: IsoDate): IsoDate {
  if (lastReview === null) return today;
  return addMonths(lastReview, 12);
}
