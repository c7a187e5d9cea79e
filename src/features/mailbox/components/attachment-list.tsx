import {
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Locale } from '../../../domain/locale.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessageAttachments } from '../api/get-message-attachments.ts';

const languageTags: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  item: {
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowWrap: 'anywhere',
  },
});

/** A size in bytes as Outlook shows it: bytes, then kB and MB (of 1024), e.g. "1,2 kB". */
export function formatAttachmentSize(locale: Locale, bytes: number): string {
  const format = (unit: 'byte' | 'kilobyte' | 'megabyte', value: number) =>
    new Intl.NumberFormat(languageTags[locale], {
      style: 'unit',
      unit,
      maximumFractionDigits: unit === 'byte' ? 0 : 1,
    }).format(value);
  if (bytes < 1024) return format('byte', bytes);
  if (bytes < 1024 * 1024) return format('kilobyte', bytes / 1024);
  return format('megabyte', bytes / (1024 * 1024));
}

/**
 * The open message's attachments (name and size), as Outlook lists them above the body: inline
 * ones (images in the body) are not in the list. Nothing is shown for a message without any.
 */
export function AttachmentList({
  messageId,
  hasAttachments,
}: {
  messageId: string;
  hasAttachments: boolean;
}) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const attachments = useMessageAttachments(messageId, hasAttachments);
  if (!hasAttachments) return null;
  if (attachments.isPending) {
    return (
      <Spinner size="extra-tiny" labelPosition="after" label={t('mailbox.attachments.loading')} />
    );
  }
  if (attachments.isError) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>{t('mailbox.attachments.failed')}</MessageBarBody>
      </MessageBar>
    );
  }
  const listed = attachments.data.filter((attachment) => !attachment.isInline);
  if (listed.length === 0) return null;
  return (
    <ul aria-label={t('mailbox.attachments')} className={styles.list}>
      {listed.map((attachment) => (
        <li key={attachment.id} className={styles.item}>
          {t('mailbox.attachment', {
            name: attachment.name,
            size: formatAttachmentSize(locale, attachment.size),
          })}
        </li>
      ))}
    </ul>
  );
}
