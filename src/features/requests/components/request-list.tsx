import { Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import { defaultCatalogue, findBase } from '../../../domain/catalogue.ts';
import { gradingKey, kindKey, waitingKey } from '../../../domain/labels.ts';
import { gradingSchema } from '../../../domain/catalogue.ts';
import type { PersonRef } from '../../../domain/person.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { RequestSummary } from '../request-desk.ts';
import { formatInstantDay } from './format.ts';
import { StatusBadge } from './status-badge.tsx';
import { useDomainText } from './use-domain-text.ts';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  top: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  title: { fontWeight: tokens.fontWeightSemibold, textAlign: 'start' },
  meta: { color: tokens.colorNeutralForeground2 },
});

export interface RequestListProps {
  requests: readonly RequestSummary[];
  onOpen: (requestId: string) => void;
  /** Name what the list holds, for screen readers. */
  label: string;
  /** Show who sent each request (for lists of others' requests). @default false */
  showRequester?: boolean;
}

const personName = (person: PersonRef | null): string | null =>
  person === null ? null : (person.displayName ?? null);

/** Requests as a list that fits a narrow Outlook pane: what, status, where, when, waiting for whom. */
export function RequestList({ requests, onOpen, label, showRequester = false }: RequestListProps) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {requests.map((request) => {
        const kind = request.kind ? domain.label(kindKey(request.kind)) : t('requests.kindUnknown');
        const subject = personName(request.subject);
        const grading = gradingSchema.safeParse(request.grading);
        const facts = [
          request.base
            ? t('requests.list.base', {
                base: findBase(defaultCatalogue, request.base)?.name ?? request.base,
              })
            : null,
          request.caseNumber
            ? t('requests.list.caseNumber', { caseNumber: request.caseNumber })
            : null,
          grading.success ? domain.label(gradingKey(grading.data)) : null,
          request.submittedAt
            ? t('requests.list.submitted', { date: formatInstantDay(locale, request.submittedAt) })
            : null,
          showRequester && personName(request.requester)
            ? t('requests.list.requester', { name: personName(request.requester) ?? '' })
            : null,
        ].filter((fact): fact is string => fact !== null);
        return (
          <li key={request.requestId} className={styles.item}>
            <div className={styles.top}>
              <Link as="button" className={styles.title} onClick={() => onOpen(request.requestId)}>
                {subject ? t('requests.list.title', { kind, name: subject }) : kind}
              </Link>
              <StatusBadge status={request.status} />
            </div>
            <Text size={200} className={styles.meta}>
              {facts.join(' · ')}
            </Text>
            {request.waitingFor ? (
              <Text size={200} className={styles.meta}>
                {t('requests.list.waitingFor', {
                  step: domain.label(waitingKey(request.waitingFor.step)),
                })}
              </Text>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
