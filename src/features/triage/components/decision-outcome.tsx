import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Locale } from '../../../domain/locale.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import type { DecisionOutcome } from '../triage-desk.ts';

type AlreadyDecided = Extract<DecisionOutcome, { outcome: 'already-decided' }>;

const whatKeys: Record<AlreadyDecided['what'], MessageKey> = {
  approved: 'triage.outcome.otherApproved',
  rejected: 'triage.outcome.otherRejected',
  'carried-out': 'triage.outcome.otherCarriedOut',
  withdrawn: 'triage.outcome.otherWithdrawn',
  'information-requested': 'triage.outcome.otherAsked',
};

const languageTags: Record<Locale, string> = { nb: 'nb-NO', en: 'en-GB' };

/** "kl. 10:31" today, "3. mars 2026 kl. 10:31" another day (Bodø time). */
function when(
  locale: Locale,
  iso: string,
  t: (key: MessageKey, params?: Record<string, string>) => string,
) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = { timeZone: 'Europe/Oslo' } as const;
  const time = new Intl.DateTimeFormat(languageTags[locale], {
    ...zone,
    timeStyle: 'short',
  }).format(date);
  const day = new Intl.DateTimeFormat(languageTags[locale], { ...zone, dateStyle: 'long' });
  return day.format(date) === day.format(new Date())
    ? t('triage.outcome.atTime', { time })
    : t('triage.outcome.atDayTime', { day: day.format(date), time });
}

/**
 * Someone else decided first: who did what, and when, and that this person's
 * step did not count. Shown as a warning so it is not read as a success.
 */
export function AlreadyDecidedNotice({
  outcome,
  names,
}: {
  outcome: AlreadyDecided;
  names: Readonly<Record<string, string>>;
}) {
  const { t, locale } = useI18n();
  const name =
    outcome.by === null
      ? t('triage.outcome.someone')
      : (names[outcome.by.id] ?? outcome.by.displayName ?? t('triage.outcome.someone'));
  return (
    <MessageBar intent="warning" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('triage.outcome.notRecorded')}</MessageBarTitle>
        {t(whatKeys[outcome.what], {
          name,
          when: outcome.at === null ? '' : when(locale, outcome.at, t),
        })}
      </MessageBarBody>
    </MessageBar>
  );
}
