import {
  Button,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { SubmitResult } from '../request-desk.ts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  id: { fontFamily: tokens.fontFamilyMonospace },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export interface SubmittedConfirmationProps {
  /** What was sent, e.g. "Bestillingen er sendt". */
  title: string;
  result: SubmitResult;
  /** Opens the request in "Mine forespørsler"; without it, no button is shown. */
  onOpenRequest?: (requestId: string) => void;
  /** Starts a new, empty form. */
  onStartAgain: () => void;
  startAgainLabel: string;
}

/**
 * After a successful submit: the request's id, where to follow it, and what
 * could not be done around it (the channel message, the e-mail to the next
 * step). Focus moves here so the result is announced.
 */
export function SubmittedConfirmation({
  title,
  result,
  onOpenRequest,
  onStartAgain,
  startAgainLabel,
}: SubmittedConfirmationProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const headingId = useId('submitted-');
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className={styles.root} role="status" aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.title} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      <Text>
        {t('requests.submitted.id')} <span className={styles.id}>{result.requestId}</span>
      </Text>
      <Text>{t('requests.submitted.follow')}</Text>
      {result.channelNotified ? null : (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('requests.submitted.channelNotNotified')}</MessageBarBody>
        </MessageBar>
      )}
      {result.waitingMailSent === true ? <Text>{t('requests.submitted.mailSent')}</Text> : null}
      {result.waitingMailSent === false ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('requests.submitted.mailNotSent')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        {onOpenRequest ? (
          <Button appearance="primary" onClick={() => onOpenRequest(result.requestId)}>
            {t('requests.submitted.open')}
          </Button>
        ) : null}
        <Button onClick={onStartAgain}>{startAgainLabel}</Button>
      </div>
    </section>
  );
}
