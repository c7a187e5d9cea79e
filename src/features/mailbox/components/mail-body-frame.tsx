import { makeStyles, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import type { HostTheme } from '../../../m365/host.ts';
import type { MailboxMessageContent } from '../../../m365/mailbox.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { mailDocument } from '../mail-document.ts';
import { bodyColorScheme } from './format.ts';

const useStyles = makeStyles({
  frame: {
    display: 'block',
    width: '100%',
    minHeight: '24rem',
    flexGrow: 1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

export interface MailBodyFrameProps {
  body: MailboxMessageContent['body'];
  /** Names the frame for screen readers. */
  subject: string;
  theme: HostTheme;
}

/**
 * A message body in a frame with every sandbox restriction on (`sandbox=""`:
 * no scripts, no same origin, no forms, popups or top navigation) and a
 * policy in the document that forbids scripts and remote content again.
 */
export function MailBodyFrame({ body, subject, theme }: MailBodyFrameProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const title = t('mailbox.body.title', { subject });
  const colorScheme = bodyColorScheme(theme);
  const srcDoc = useMemo(
    () => mailDocument(body, { title, lang: locale === 'nb' ? 'nb' : 'en', colorScheme }),
    [body, title, locale, colorScheme],
  );
  return (
    <iframe
      className={styles.frame}
      // The frame's own colour scheme matches its document's, so no light backdrop shows in dark themes.
      style={{ colorScheme }}
      sandbox=""
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      title={title}
      data-testid="mailbox-message-body"
    />
  );
}
