import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useRef, type KeyboardEvent } from 'react';
import type { MailboxMessage } from '../../../m365/mailbox.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { addressLabel, formatReceived } from './format.ts';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowY: 'auto',
    maxHeight: '70vh',
  },
  option: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `${tokens.strokeWidthThicker} solid ${tokens.colorTransparentStroke}`,
    cursor: 'pointer',
    color: tokens.colorNeutralForeground1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
    },
  },
  selected: {
    backgroundColor: tokens.colorNeutralBackground1Selected,
    borderLeftColor: tokens.colorBrandStroke1,
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Selected },
  },
  sender: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  time: {
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'nowrap',
  },
  subject: {
    gridColumn: '1 / -1',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  preview: {
    gridColumn: '1 / -1',
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  unread: { fontWeight: tokens.fontWeightBold },
  unreadSubject: { fontWeight: tokens.fontWeightBold, color: tokens.colorBrandForeground1 },
});

export interface MessageListProps {
  messages: readonly MailboxMessage[];
  /** The message open in the reading pane, if any. */
  selectedId: string | null;
  onSelect: (messageId: string) => void;
  /** Id of the heading that names the list. */
  labelledBy: string;
}

/**
 * The Inbox as a single-select listbox, as Outlook's message list: one Tab
 * stop, the arrow keys, Home and End move through the messages and open the
 * one they land on. Unread messages are bold, and say so to screen readers.
 */
export function MessageList({ messages, selectedId, onSelect, labelledBy }: MessageListProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const options = useRef(new Map<string, HTMLLIElement>());
  const selectedIndex = messages.findIndex((message) => message.id === selectedId);
  const tabbable = selectedIndex >= 0 ? selectedIndex : 0;

  const moveTo = (index: number) => {
    const message = messages[Math.max(0, Math.min(messages.length - 1, index))];
    if (message === undefined) return;
    options.current.get(message.id)?.focus();
    onSelect(message.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    const target: Partial<Record<string, number>> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: messages.length - 1,
      Enter: index,
      ' ': index,
    };
    const next = target[event.key];
    if (next === undefined) return;
    event.preventDefault();
    moveTo(next);
  };

  return (
    <ul
      role="listbox"
      aria-labelledby={labelledBy}
      className={styles.list}
      data-testid="mailbox-message-list"
    >
      {messages.map((message, index) => {
        const from = addressLabel(message.from) ?? t('mailbox.unknownSender');
        const subject = message.subject.trim() === '' ? t('mailbox.noSubject') : message.subject;
        const received =
          message.receivedDateTime === null ? '' : formatReceived(locale, message.receivedDateTime);
        const selected = message.id === selectedId;
        return (
          <li
            key={message.id}
            ref={(element) => {
              if (element) options.current.set(message.id, element);
              else options.current.delete(message.id);
            }}
            role="option"
            aria-selected={selected}
            aria-label={t(message.isRead ? 'mailbox.item' : 'mailbox.item.unread', {
              from,
              subject,
              received,
            })}
            tabIndex={index === tabbable ? 0 : -1}
            className={mergeClasses(styles.option, selected && styles.selected)}
            onClick={() => moveTo(index)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span className={mergeClasses(styles.sender, !message.isRead && styles.unread)}>
              {from}
            </span>
            {message.receivedDateTime === null ? (
              <span />
            ) : (
              <time className={styles.time} dateTime={message.receivedDateTime}>
                {received}
              </time>
            )}
            <span className={mergeClasses(styles.subject, !message.isRead && styles.unreadSubject)}>
              {subject}
            </span>
            {message.bodyPreview === '' ? null : (
              <span className={styles.preview}>{message.bodyPreview}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
