import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessageKey } from '../../shell/error-message.ts';

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  count: { display: 'block' },
});

/** What stops the form from being sent, at its top: a failure and reasons of no shown field. */
export function FormAlerts({
  failure,
  general,
}: {
  failure: string | null;
  general: readonly string[];
}) {
  const { t } = useI18n();
  const styles = useStyles();
  if (failure === null && general.length === 0) return null;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('requests.form.notSent')}</MessageBarTitle>
        {failure}
        {general.length > 0 ? (
          <ul className={styles.list}>
            {general.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * The form's submit button. While a submit is under way it stays focusable
 * (keyboard users keep their place) but does nothing, and shows a spinner.
 */
export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Button
      type="submit"
      appearance="primary"
      disabledFocusable={pending}
      icon={pending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
    >
      {pending ? t('requests.form.sending') : children}
    </Button>
  );
}

/** Says the form was filled from a saved draft, and offers to start afresh. */
export function DraftRestoredNotice({ onDiscard }: { onDiscard: () => void }) {
  const { t } = useI18n();
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>{t('requests.form.draftRestored')}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={onDiscard}>
          {t('requests.form.discardDraft')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/** Counts what has been written against the minimum and maximum, for a field's hint. */
export function CharacterCount({ text, min, max }: { text: string; min: number; max: number }) {
  const { t } = useI18n();
  const styles = useStyles();
  const count = text.trim().length;
  return (
    <span className={styles.count}>
      {count < min
        ? t('requests.form.countBelow', { count, min })
        : t('requests.form.countOk', { count, max })}
    </span>
  );
}

/** A read that failed, said plainly, with a way to try again; `title` says what failed. */
export function LoadFailure({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry: () => void;
  title?: string;
}) {
  const { t } = useI18n();
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title ?? t('requests.loadFailed')}</MessageBarTitle>
        {t(errorMessageKey(error))}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={onRetry}>
          {t('shell.retry')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
