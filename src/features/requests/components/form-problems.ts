import type { Locale } from '../../../domain/locale.ts';
import { formatReason, type Reason } from '../../../domain/messages.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { errorMessageKey } from '../../shell/error-message.ts';
import { RequestRefused } from '../request-desk.ts';

/**
 * Something wrong with what the user entered: a domain reason (rules,
 * schemas, the desk's refusal) or one of the interface's own sentences, with
 * the field it belongs to when it belongs to one.
 */
export type Problem =
  | { readonly field?: string; readonly reason: Reason }
  | {
      readonly field?: string;
      readonly message: MessageKey;
      readonly params?: Readonly<Record<string, string | number>>;
    };

export function problemText(problem: Problem, locale: Locale, t: Translate): string {
  return 'reason' in problem
    ? formatReason(locale, problem.reason)
    : t(problem.message, problem.params);
}

/** Domain reasons as problems, each with the field the reason names. */
export function reasonProblems(reasons: readonly Reason[]): Problem[] {
  return reasons.map((reason) =>
    reason.field === undefined ? { reason } : { field: reason.field, reason },
  );
}

/** The desk's refusal as problems; null for any other failure. */
export function refusalProblems(error: unknown): Problem[] | null {
  return error instanceof RequestRefused ? reasonProblems(error.reasons) : null;
}

/**
 * The form field a reason's `field` path belongs to: itself when the form has
 * it, else an alias, else its nearest shown parent (`roles.2` -> `roles`).
 */
export function fieldOf<F extends string>(
  path: string | undefined,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
): F | null {
  let current = path;
  while (current !== undefined && current !== '') {
    const direct = fields.find((field) => field === current);
    if (direct !== undefined) return direct;
    const alias = aliases[current];
    if (alias !== undefined) return alias;
    const dot = current.lastIndexOf('.');
    current = dot > 0 ? current.slice(0, dot) : undefined;
  }
  return null;
}

export interface PlacedProblems<F extends string> {
  /** The first problem of each field. */
  readonly byField: Partial<Record<F, Problem>>;
  /** Problems of no field the form shows. */
  readonly general: readonly Problem[];
}

export function placeProblems<F extends string>(
  problems: readonly Problem[],
  toField: (path: string | undefined) => F | null,
): PlacedProblems<F> {
  const byField: Partial<Record<F, Problem>> = {};
  const general: Problem[] = [];
  for (const problem of problems) {
    const field = toField(problem.field);
    if (field === null) general.push(problem);
    else if (byField[field] === undefined) byField[field] = problem;
  }
  return { byField, general };
}

/** Moves focus to the first field marked invalid, so a keyboard user lands on what to fix. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
  if (!invalid) return;
  const focusable = invalid.matches('input, textarea, select, button')
    ? invalid
    : invalid.querySelector<HTMLElement>('input, textarea, select, button');
  focusable?.focus();
}

/** One sentence for a failed write: the desk's reasons, or what kind of failure it was. */
export function failureText(error: unknown, locale: Locale, t: Translate): string {
  if (error instanceof RequestRefused) {
    return error.reasons.map((reason) => formatReason(locale, reason)).join(' ');
  }
  return t(errorMessageKey(error));
}
