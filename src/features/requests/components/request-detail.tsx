import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import {
  defaultCatalogue,
  findAccessCode,
  findBase,
  findElementsRole,
} from '../../../domain/catalogue.ts';
import {
  capacityKey,
  gradingKey,
  kindKey,
  removalReasonKey,
  rightKey,
  waitingKey,
} from '../../../domain/labels.ts';
import type { PersonRef } from '../../../domain/person.ts';
import type { RequestView, TimelineEntry } from '../../../domain/request-fold.ts';
import type { AccessRequest } from '../../../domain/requests.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useStanding } from '../api/get-standing.ts';
import { useRequest } from '../api/get-request.ts';
import type { ReadableText, RequestDetail as Detail } from '../request-desk.ts';
import { LoadFailure } from './form-parts.tsx';
import { formatDay, formatInstant } from './format.ts';
import { RequestStepForm } from './request-step-form.tsx';
import { StatusBadge } from './status-badge.tsx';
import { useDomainText } from './use-domain-text.ts';
import { WithdrawRequestButton } from './withdraw-request-button.tsx';
import { recordStyleRules } from './record-styles.ts';

const useStyles = makeStyles({
  ...recordStyleRules,
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '48rem',
  },
  back: { alignSelf: 'flex-start' },
  titleRow: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export interface RequestDetailProps {
  requestId: string;
  /** Back to the list the request was opened from; without it no back button is shown. */
  onBack?: () => void;
}

/**
 * One request: its status, what was asked for, a timeline of who did what
 * when (with the texts the person may read), and the steps the desk lets the
 * person take now: withdraw, the leader's written confirmation (R8), the
 * arkivleder's decision, or an answer to a question.
 */
export function RequestDetail({ requestId, onBack }: RequestDetailProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const detail = useRequest(requestId);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  return (
    <div className={styles.root}>
      {onBack ? (
        <Button className={styles.back} appearance="subtle" onClick={onBack}>
          {t('requests.detail.back')}
        </Button>
      ) : null}
      {notice ? (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>{t(notice)}</MessageBarBody>
        </MessageBar>
      ) : null}
      {detail.isPending ? <Spinner label={t('requests.detail.loading')} /> : null}
      {detail.isError ? (
        <LoadFailure error={detail.error} onRetry={() => void detail.refetch()} />
      ) : null}
      {detail.data ? <DetailBody detail={detail.data} onNotice={setNotice} /> : null}
    </div>
  );
}

function DetailBody({
  detail,
  onNotice,
}: {
  detail: Detail;
  onNotice: (notice: MessageKey) => void;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const headingId = useId('request-heading-');
  const standing = useStanding();
  const { view, actions } = detail;
  const nameOf = (person: PersonRef | null): string =>
    person === null
      ? t('requests.detail.unknownPerson')
      : (detail.names[person.id] ?? person.displayName ?? t('requests.detail.unknownPerson'));
  const textById = new Map(detail.texts.map((text) => [text.textId, text]));
  const question = view.pendingQuestion
    ? (textById.get(view.pendingQuestion.questionTextId)?.body ?? null)
    : null;
  const ownerId = standing.data?.me.id;
  const anyStep =
    actions.provideInformation || actions.confirmAsLeader || actions.decideAsArkivleder;

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.titleRow}>
        <h2 id={headingId} className={styles.heading}>
          {view.kind ? domain.label(kindKey(view.kind)) : t('requests.kindUnknown')}
        </h2>
        <StatusBadge status={view.status} />
      </div>
      {view.waitingFor ? (
        <Text>
          {t('requests.list.waitingFor', { step: domain.label(waitingKey(view.waitingFor.step)) })}
        </Text>
      ) : null}

      <RequestFacts view={view} nameOf={nameOf} />

      {anyStep && ownerId === undefined ? (
        <Spinner size="small" label={t('requests.loading')} />
      ) : null}
      {ownerId !== undefined && actions.provideInformation ? (
        <RequestStepForm
          requestId={detail.requestId}
          variant="answer"
          ownerId={ownerId}
          question={question}
          onDone={onNotice}
        />
      ) : null}
      {ownerId !== undefined && actions.confirmAsLeader ? (
        <RequestStepForm
          requestId={detail.requestId}
          variant="leader"
          ownerId={ownerId}
          onDone={onNotice}
        />
      ) : null}
      {ownerId !== undefined && actions.decideAsArkivleder ? (
        <RequestStepForm
          requestId={detail.requestId}
          variant="arkivleder"
          ownerId={ownerId}
          onDone={onNotice}
        />
      ) : null}

      <section aria-labelledby={`${headingId}-timeline`}>
        <h3 id={`${headingId}-timeline`} className={styles.subheading}>
          {t('requests.detail.timeline')}
        </h3>
        <Timeline entries={view.timeline} texts={textById} nameOf={nameOf} names={detail.names} />
      </section>

      <OtherTexts texts={detail.texts} timeline={view.timeline} nameOf={nameOf} />

      {actions.withdraw ? (
        <div className={styles.actions}>
          <WithdrawRequestButton
            requestId={detail.requestId}
            onWithdrawn={() => onNotice('requests.withdraw.done')}
          />
        </div>
      ) : null}
    </section>
  );
}

/** What was asked for, as a definition list. */
function RequestFacts({
  view,
  nameOf,
}: {
  view: RequestView;
  nameOf: (person: PersonRef | null) => string;
}) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const rows: { term: MessageKey; value: ReactNode }[] = [];
  const add = (term: MessageKey, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') rows.push({ term, value });
  };
  const request: AccessRequest | null = view.request;
  if (request) {
    if (request.kind === 'order.external-consultant') {
      add(
        'requests.detail.consultant',
        `${request.consultant.name}, ${request.consultant.company} (${request.consultant.email})`,
      );
    } else {
      add('requests.detail.subject', nameOf(request.subject));
    }
    add('requests.detail.base', findBase(defaultCatalogue, request.base)?.name ?? request.base);
    if ('administrativeUnit' in request) add('requests.detail.unit', request.administrativeUnit);
    if ('caseNumber' in request) add('requests.detail.caseNumber', request.caseNumber);
    if ('grading' in request && request.grading) {
      add('requests.detail.grading', domain.label(gradingKey(request.grading)));
    }
    if ('right' in request) add('requests.detail.right', domain.label(rightKey(request.right)));
    if (request.kind === 'folder-access')
      add('requests.detail.scope', t('requests.folder.r7Notice'));
    if (request.kind === 'order.removal') {
      add('requests.detail.removalReason', domain.label(removalReasonKey(request.reason)));
    }
    if ('roles' in request) {
      add(
        'requests.detail.roles',
        request.roles.length === 0
          ? t('requests.detail.allAccess')
          : request.roles
              .map((id) => findElementsRole(defaultCatalogue, id)?.name ?? id)
              .join(', '),
      );
      add(
        'requests.detail.accessCodes',
        request.accessCodes
          .map((id) => {
            const code = findAccessCode(defaultCatalogue, id);
            return code ? `${code.code} – ${code.name}` : id;
          })
          .join(', '),
      );
    }
    if (request.kind === 'order.external-consultant') {
      add(
        'requests.detail.period',
        t('requests.detail.periodValue', {
          start: formatDay(locale, request.period.start),
          end: formatDay(locale, request.period.end),
        }),
      );
      add('requests.detail.agreedWith', nameOf(request.agreedWith));
    } else if (request.kind === 'order.removal') {
      add('requests.detail.endsOn', formatDay(locale, request.startDate));
    } else if ('startDate' in request) {
      add('requests.detail.startDate', formatDay(locale, request.startDate));
      if (request.endDate) add('requests.detail.endDate', formatDay(locale, request.endDate));
    }
  }
  add('requests.detail.requester', view.requester ? nameOf(view.requester) : null);
  add(
    'requests.detail.submitted',
    view.submittedAt ? formatInstant(locale, view.submittedAt) : null,
  );
  if (view.carriedOut) add('requests.detail.reference', view.carriedOut.elementsReference);

  return (
    <dl className={styles.facts}>
      {rows.map((row) => (
        <div key={row.term} className={styles.pair}>
          <dt className={styles.term}>{t(row.term)}</dt>
          <dd className={styles.value}>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

const eventKeys: Record<TimelineEntry['type'], MessageKey> = {
  'request.submitted': 'requests.event.submitted',
  'request.leader-confirmed': 'requests.event.leaderConfirmed',
  'request.leader-declined': 'requests.event.leaderDeclined',
  'request.arkivleder-approved': 'requests.event.arkivlederApproved',
  'request.arkivleder-rejected': 'requests.event.arkivlederRejected',
  'request.information-requested': 'requests.event.informationRequested',
  'request.information-provided': 'requests.event.informationProvided',
  'request.approved': 'requests.event.approved',
  'request.rejected': 'requests.event.rejected',
  'request.sent-to-atea': 'requests.event.sentToAtea',
  'request.carried-out': 'requests.event.carriedOut',
  'request.withdrawn': 'requests.event.withdrawn',
};

/** Who did what when, oldest first, each step with the text the person may read. */
function Timeline({
  entries,
  texts,
  nameOf,
  names,
}: {
  entries: readonly TimelineEntry[];
  texts: ReadonlyMap<string, ReadableText>;
  nameOf: (person: PersonRef | null) => string;
  names: Readonly<Record<string, string>>;
}) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  if (entries.length === 0) return <Text>{t('requests.detail.noTimeline')}</Text>;
  return (
    <ol className={styles.timeline}>
      {entries.map((entry) => {
        const text = entry.textId ? texts.get(entry.textId) : undefined;
        const who = t('requests.detail.who', {
          name: nameOf(entry.author),
          capacity: domain.label(capacityKey(entry.capacity)),
        });
        const onBehalf = entry.onBehalfOf
          ? t('requests.detail.onBehalfOf', {
              name: names[entry.onBehalfOf] ?? t('requests.detail.unknownPerson'),
            })
          : null;
        return (
          <li key={entry.eventId} className={styles.step}>
            <Text weight="semibold">{t(eventKeys[entry.type])}</Text>
            <Text size={200} className={styles.who}>
              {[who, onBehalf, formatInstant(locale, entry.recordedAt)].filter(Boolean).join(' · ')}
            </Text>
            {text ? <blockquote className={styles.text}>{text.body}</blockquote> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Readable texts no step of the timeline points to (so nothing the person may read is hidden). */
function OtherTexts({
  texts,
  timeline,
  nameOf,
}: {
  texts: readonly ReadableText[];
  timeline: readonly TimelineEntry[];
  nameOf: (person: PersonRef | null) => string;
}) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const headingId = useId('other-texts-');
  const referenced = new Set(timeline.map((entry) => entry.textId));
  const others = texts.filter((text) => !referenced.has(text.textId));
  if (others.length === 0) return null;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading}>
        {t('requests.detail.otherTexts')}
      </h3>
      <ul className={styles.timeline}>
        {others.map((text) => (
          <li key={text.textId} className={styles.step}>
            <Text size={200} className={styles.who}>
              {[nameOf(text.author), formatInstant(locale, text.recordedAt)].join(' · ')}
            </Text>
            <blockquote className={styles.text}>{text.body}</blockquote>
          </li>
        ))}
      </ul>
    </section>
  );
}
