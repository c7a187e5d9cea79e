import { GraphError } from '../../m365/errors.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** The message key that explains an error to a user; never the raw error text. */
export function errorMessageKey(error: unknown): MessageKey {
  if (error instanceof GraphError) return `error.${error.kind}`;
  return 'error.unknown';
}
