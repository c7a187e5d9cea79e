import {
  MessageBar,
  MessageBarBody,
  Spinner,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useMemo, useRef, useState } from 'react';
import type { HostTheme } from '../../../m365/host.ts';
import type { MailboxMessageContent } from '../../../m365/mailbox.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { formatInstant } from '../../requests/components/format.ts';
import { recordStyleRules } from '../../requests/components/record-styles.ts';
import { useMessageContent } from '../api/get-message-content.ts';
import { useRequiredMailbox } from '../api/use-mailbox.ts';
import { workbenchMailItem } from '../workbench-mail-item.ts';
import { AddInPane } from './add-in-pane.tsx';
import { AttachmentList } from './attachment-list.tsx';
import { MailBodyFrame } from './mail-body-frame.tsx';
import { addressLabel, addressWithMail } from './format.ts';
import { ReplyForm } from './reply-form.tsx';

const useStyles = makeStyles({
  facts: recordStyleRules.facts,
  pair: recordStyleRules.pair,
  term: recordStyleRules.term,
  value: recordStyleRules.value,
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'stretch',
    gap: tokens.spacingHorizontalL,
    flexGrow: 1,
    flexBasis: '30rem',
    minWidth: 0,
  },
  message: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    flexGrow: 1,
    flexBasis: '24rem',
    minWidth: 0,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  subject: {
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  toolbar: {
    paddingLeft: 0,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
});

export interface ReadingPaneProps {
  messageId: string;
  theme: HostTheme;
  /** The add-in pane is open beside the message (it stays open from message to message). */
  addInOpen: boolean;
  onAddInOpenChange: (open: boolean) => void;
}

/** The open message: its envelope, the toolbar (reply, the add-in) and the body. */
export function ReadingPane(props: ReadingPaneProps) {
  const { t } = useI18n();
  const content = useMessageContent(props.messageId);
  if (content.isPending) return <Spinner label={t('mailbox.message.loading')} />;
  if (content.isError) {
    return <LoadFailure error={content.error} onRetry={() => void content.refetch()} />;
  }
  return <OpenMessage {...props} message={content.data} />;
}

function OpenMessage({
  message,
  theme,
  addInOpen,
  onAddInOpenChange,
}: ReadingPaneProps & { message: MailboxMessageContent }) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const subjectId = useId('mail-subject-');
  const paneId = useId('addin-pane-');
  const { mailbox } = useRequiredMailbox();
  const item = useMemo(() => workbenchMailItem(message, mailbox), [message, mailbox]);
  const [replying, setReplying] = useState(false);
  const [sent, setSent] = useState(false);
  const [focusPane, setFocusPane] = useState(false);
  const replyButton = useRef<HTMLButtonElement>(null);
  const addInButton = useRef<HTMLButtonElement>(null);

  const subject = message.subject.trim() === '' ? t('mailbox.noSubject') : message.subject;
  const from = message.from
    ? addressWithMail(message.from) || t('mailbox.unknownSender')
    : t('mailbox.unknownSender');
  const facts: { term: string; value: string }[] = [
    { term: t('mailbox.from'), value: from },
    { term: t('mailbox.to'), value: message.to.map(addressWithMail).join('; ') },
  ];
  if (message.cc.length > 0) {
    facts.push({ term: t('mailbox.cc'), value: message.cc.map(addressWithMail).join('; ') });
  }
  if (message.receivedDateTime !== null) {
    facts.push({
      term: t('mailbox.received'),
      value: formatInstant(locale, message.receivedDateTime),
    });
  }

  return (
    <div className={styles.root}>
      <article
        aria-labelledby={subjectId}
        className={styles.message}
        data-testid="mailbox-reading-pane"
      >
        <h3 id={subjectId} className={styles.subject}>
          {subject}
        </h3>
        <dl className={styles.facts}>
          {facts.map(({ term, value }) => (
            <div key={term} className={styles.pair}>
              <dt className={styles.term}>{term}</dt>
              <dd className={styles.value}>{value}</dd>
            </div>
          ))}
        </dl>
        <AttachmentList messageId={message.id} hasAttachments={message.hasAttachments} />
        <Toolbar aria-label={t('mailbox.actions')} className={styles.toolbar}>
          <ToolbarButton
            ref={replyButton}
            aria-expanded={replying}
            onClick={() => {
              setSent(false);
              setReplying(true);
            }}
          >
            {t('mailbox.reply')}
          </ToolbarButton>
          <ToolbarButton
            ref={addInButton}
            aria-expanded={addInOpen}
            {...(addInOpen ? { 'aria-controls': paneId } : {})}
            onClick={() => {
              setFocusPane(!addInOpen);
              onAddInOpenChange(!addInOpen);
            }}
          >
            {t('app.name')}
          </ToolbarButton>
        </Toolbar>
        {sent ? (
          <MessageBar intent="success" layout="multiline" role="status">
            <MessageBarBody>
              {t('mailbox.reply.sent', {
                to: addressLabel(message.from) ?? t('mailbox.unknownSender'),
              })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {replying ? (
          <ReplyForm
            messageId={message.id}
            onSent={() => {
              setReplying(false);
              setSent(true);
              replyButton.current?.focus();
            }}
            onCancel={() => {
              setReplying(false);
              replyButton.current?.focus();
            }}
          />
        ) : null}
        <MailBodyFrame body={message.body} subject={subject} theme={theme} />
      </article>
      {addInOpen ? (
        <AddInPane
          id={paneId}
          item={item}
          focusOnOpen={focusPane}
          onClose={() => {
            onAddInOpenChange(false);
            addInButton.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
