import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { HostTheme } from '../../../m365/host.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { useInbox } from '../api/get-inbox.ts';
import { useMailbox } from '../api/use-mailbox.ts';
import { MessageList } from './message-list.tsx';
import { ReadingPane } from './reading-pane.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  panes: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalL,
  },
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    flexGrow: 0,
    flexShrink: 1,
    flexBasis: '22rem',
    minWidth: 0,
  },
  placeholder: {
    flexGrow: 1,
    flexBasis: '30rem',
    padding: tokens.spacingHorizontalL,
    color: tokens.colorNeutralForeground3,
  },
});

export interface MailboxViewProps {
  /**
   * The host theme. The chrome follows it through the Fluent tokens; the
   * message body's sandboxed frame cannot read them and is told here.
   * @default 'light'
   */
  theme?: HostTheme;
}

/**
 * The workbench's Outlook: the signed-in person's Inbox, the open message,
 * and the "Elements tilgang" add-in beside it, as Outlook shows a task pane.
 */
export function MailboxView({ theme = 'light' }: MailboxViewProps) {
  const { t } = useI18n();
  const { mailbox, principal } = useMailbox();
  if (mailbox === null) {
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t('mailbox.unavailable.title')}</MessageBarTitle>
          {t('mailbox.unavailable.body')}
        </MessageBarBody>
      </MessageBar>
    );
  }
  // A message open in one person's mailbox means nothing in another's.
  return <Inbox key={principal} theme={theme} />;
}

function Inbox({ theme }: { theme: HostTheme }) {
  const { t } = useI18n();
  const styles = useStyles();
  const headingId = useId('mailbox-heading-');
  const inbox = useInbox();
  const [openId, setOpenId] = useState<string | null>(null);
  const [addInOpen, setAddInOpen] = useState(false);
  const messages = inbox.data ?? [];
  const unread = messages.filter((message) => !message.isRead).length;

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.bar}>
        <h2 id={headingId} className={styles.heading}>
          {t('mailbox.heading')}
        </h2>
        <Button
          disabledFocusable={inbox.isFetching}
          icon={inbox.isFetching ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          onClick={() => void inbox.refetch()}
        >
          {t('mailbox.refresh')}
        </Button>
        <Text className={styles.meta} role="status">
          {inbox.isSuccess ? t('mailbox.count', { count: messages.length, unread }) : ''}
        </Text>
      </div>
      <div className={styles.panes}>
        <div className={styles.list}>
          {inbox.isPending ? <Spinner label={t('mailbox.loading')} /> : null}
          {inbox.isError ? (
            <LoadFailure error={inbox.error} onRetry={() => void inbox.refetch()} />
          ) : null}
          {inbox.isSuccess && messages.length === 0 ? <Text>{t('mailbox.empty')}</Text> : null}
          {messages.length > 0 ? (
            <MessageList
              messages={messages}
              selectedId={openId}
              onSelect={setOpenId}
              labelledBy={headingId}
            />
          ) : null}
        </div>
        {openId === null ? (
          <Text className={styles.placeholder}>{t('mailbox.noSelection')}</Text>
        ) : (
          <ReadingPane
            key={openId}
            messageId={openId}
            theme={theme}
            addInOpen={addInOpen}
            onAddInOpenChange={setAddInOpen}
          />
        )}
      </div>
    </section>
  );
}
