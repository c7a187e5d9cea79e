import { useCallback, useEffect, useState, type RefObject } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessageKey } from '../../shell/error-message.ts';
import {
  focusFirstInvalid,
  placeProblems,
  problemText,
  refusalProblems,
  type Problem,
} from './form-problems.ts';

interface ServerState {
  /** The desk refused: its reasons, placed on fields where possible. */
  readonly problems: readonly Problem[];
  /** Any other failure (network, Graph): one sentence for the top of the form. */
  readonly failure: string | null;
}

export interface FormFeedback<F extends string> {
  /** The sentence to show next to `field`, if any. */
  readonly fieldError: (field: F) => string | undefined;
  /** Problems that belong to no shown field, for the top of the form. */
  readonly general: readonly string[];
  /** A failed submit that was not a refusal (e.g. no connection). */
  readonly failure: string | null;
  /** The user left the field: show its problems from now on. */
  readonly touch: (field: F) => void;
  /** The user changed the field: a refusal the desk gave for it no longer applies. */
  readonly edited: (...fields: F[]) => void;
  /** A submit was tried: show every problem, and move focus to the first. Returns whether the form is valid. */
  readonly attempt: () => boolean;
  /** Records why a submit failed; everything typed stays. */
  readonly failed: (error: unknown) => void;
  /** Forgets everything (after a successful submit). */
  readonly reset: () => void;
}

/**
 * Which problems a form shows where: its own checks (`problems`, recomputed
 * from the values on every render) for fields the user has left, and all of
 * them after a submit was tried; the desk's refusals next to their fields
 * until the field is changed; other failures at the top.
 */
export function useFormFeedback<F extends string>(
  problems: readonly Problem[],
  toField: (path: string | undefined) => F | null,
  /** The form, so focus can move to the first invalid field. */
  formRef: RefObject<HTMLFormElement | null>,
): FormFeedback<F> {
  const { locale, t } = useI18n();
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<F>>(() => new Set());
  const [server, setServer] = useState<ServerState | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);

  useEffect(() => {
    if (focusRequest > 0) focusFirstInvalid(formRef.current);
  }, [focusRequest, formRef]);

  const own = placeProblems(problems, toField);
  const refused = placeProblems(server?.problems ?? [], toField);

  const fieldError = (field: F): string | undefined => {
    const ownProblem = attempted || touched.has(field) ? own.byField[field] : undefined;
    const problem = ownProblem ?? refused.byField[field];
    return problem ? problemText(problem, locale, t) : undefined;
  };

  const general = [...(attempted ? own.general : []), ...refused.general].map((problem) =>
    problemText(problem, locale, t),
  );

  const touch = useCallback((field: F) => {
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));
  }, []);

  const edited = (...fields: F[]) => {
    if (!server) return;
    const remaining = server.problems.filter((problem) => {
      const field = toField(problem.field);
      return field === null || !fields.includes(field);
    });
    if (remaining.length !== server.problems.length) setServer({ ...server, problems: remaining });
  };

  const attempt = (): boolean => {
    setAttempted(true);
    const valid = problems.length === 0;
    if (!valid) setFocusRequest((count) => count + 1);
    else setServer(null);
    return valid;
  };

  const failed = (error: unknown) => {
    const refusal = refusalProblems(error);
    if (refusal) {
      setServer({ problems: refusal, failure: null });
      setFocusRequest((count) => count + 1);
    } else {
      setServer({
        problems: [],
        failure: `${t(errorMessageKey(error))} ${t('requests.form.kept')}`,
      });
    }
  };

  const reset = () => {
    setAttempted(false);
    setTouched(new Set());
    setServer(null);
  };

  return {
    fieldError,
    general,
    failure: server?.failure ?? null,
    touch,
    edited,
    attempt,
    failed,
    reset,
  };
}
