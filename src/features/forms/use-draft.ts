import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';

const prefix = 'elements-tilgang.draft';

/** The storage key of one person's draft of one form. */
export function draftKey(principal: string, form: string): string {
  return `${prefix}.${principal}.${form}`;
}

function readDraft<T>(key: string, schema: z.ZodType<T>): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    // Storage disabled or a corrupt entry: start from an empty form rather than fail.
    return null;
  }
}

export interface Draft<T> {
  value: T;
  /** Replaces the draft; it is saved shortly after the last change. */
  setValue: (value: T) => void;
  /** Forgets the draft (after a successful submit). */
  clear: () => void;
  /** True when the form was filled from a saved draft. */
  restored: boolean;
}

/**
 * A form's draft, kept in this browser per person and form so a reload or a
 * closed tab loses nothing. Saved drafts are re-validated with `schema` on
 * load; anything that no longer fits is dropped.
 */
export function useDraft<T>(options: {
  principal: string;
  form: string;
  schema: z.ZodType<T>;
  initial: () => T;
  /** Delay before a change is written, so typing does not write on every key. */
  saveDelayMs?: number;
}): Draft<T> {
  const key = draftKey(options.principal, options.form);
  const { schema, initial } = options;
  const saveDelayMs = options.saveDelayMs ?? 300;
  const [state, setState] = useState(() => {
    const saved = readDraft(key, schema);
    return { key, value: saved ?? initial(), restored: saved !== null };
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Another principal or form: load that draft instead (the workbench switches identities).
  if (state.key !== key) {
    const saved = readDraft(key, schema);
    setState({ key, value: saved ?? initial(), restored: saved !== null });
  }

  const flush = useCallback((draftKeyToWrite: string, value: T) => {
    try {
      window.localStorage.setItem(draftKeyToWrite, JSON.stringify(value));
    } catch {
      // Quota or disabled storage: the form still works, only without a draft.
    }
  }, []);

  const setValue = useCallback(
    (value: T) => {
      setState((current) => ({ ...current, value }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => flush(key, value), saveDelayMs);
    },
    [flush, key, saveDelayMs],
  );

  const clear = useCallback(() => {
    clearTimeout(timer.current);
    window.localStorage.removeItem(key);
    setState({ key, value: initial(), restored: false });
  }, [initial, key]);

  // Write a pending change at once when the tab is hidden or closed.
  useEffect(() => {
    const onHide = () => {
      if (timer.current !== undefined) {
        clearTimeout(timer.current);
        timer.current = undefined;
        flush(state.key, state.value);
      }
    };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [flush, state.key, state.value]);

  return { value: state.value, setValue, clear, restored: state.restored };
}
