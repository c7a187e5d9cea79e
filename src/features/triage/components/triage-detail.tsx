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
import { useState, type ReactNode } from 'react';
import { defaultCatalogue, findBase } from '../../../domain/catalogue.ts';
import { capacityKey, gradingKey, kindKey, rightKey } from '../../../domain/labels.ts';
import type { PersonRef } from '../../../domain/person.ts';
import type { TimelineEntry } from '../../../domain/request-fold.ts';
import { requestSubjectId } from '../../../domain/requests.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { formatDay, formatInstant } from '../../requests/components/format.ts';
import { StatusBadge } from '../../requests/components/status-badge.tsx';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { useMe } from '../api/get-me.ts';
import { useTriageDetail } from '../api/get-triage-detail.ts';
import type { DecisionOutcome, TriageDetail as Detail } from '../triage-desk.ts';
import { CarriedOutForm } from './carried-out-form.tsx';
import { AlreadyDecidedNotice } from './decision-outcome.tsx';
import { DecisionForm, type Decision } from './decision-form.tsx';
import { RecordLinks } from './record-link.tsx';
import { recordStyleRules } from '../../requests/components/record-styles.ts';

const useStyles = makeStyles({
  ...recordStyleRules,
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '52rem',
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
    margin: `0 0 ${tokens.spacingVerticalS}`,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  // Systemansvarlig's facts have longer terms (live checks).
  facts: { ...recordStyleRules.facts, gridTemplateColumns: 'minmax(10rem, max-content) 1fr' },
  warnings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  confirmed: { color: tokens.colorStatusSuccessForeground1 },
});

export interface TriageDetailProps {
  requestId: string;
  /** Back to the queue; without it no back button is shown. */
  onBack?: () => void;
}

/**
 * One request for systemansvarlig: facts, live directory checks, anomalies
 * as warnings, the timeline with names and texts, the decision and
 * "carried out in Elements" forms, and the printable record.
 */
export function TriageDetail({ requestId, onBack }: TriageDetailProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const detail = useTriageDetail(requestId);
  return (
    <div className={styles.root}>
      {onBack ? (
        <Button className={styles.back} appearance="subtle" onClick={onBack}>
          {t('triage.detail.back')}
        </Button>
      ) : null}
      {detail.isPending ? <Spinner label={t('triage.detail.loading')} /> : null}
      {detail.isError ? (
        <LoadFailure error={detail.error} onRetry={() => void detail.refetch()} />
      ) : null}
      {detail.data ? <DetailBody detail={detail.data} /> : null}
    </div>
  );
}

type Notice =
  | { kind: 'recorded'; message: MessageKey; mailFailed: boolean }
  | { kind: 'already-decided'; outcome: Extract<DecisionOutcome, { outcome: 'already-decided' }> };

const recordedKeys: Record<Decision | 'carried-out', MessageKey> = {
  approve: 'triage.outcome.approved',
  reject: 'triage.outcome.rejected',
  ask: 'triage.outcome.asked',
  'carried-out': 'triage.outcome.carriedOut',
};

function DetailBody({ detail }: { detail: Detail }) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const headingId = useId('triage-detail-');
  const me = useMe();
  const [notice, setNotice] = useState<Notice | null>(null);
  const { view, checks, actions, names } = detail;
  const nameOf = (person: PersonRef | null): string =>
    person === null
      ? t('requests.detail.unknownPerson')
      : (names[person.id] ?? person.displayName ?? t('requests.detail.unknownPerson'));

  const onOutcome = (step: Decision | 'carried-out', outcome: DecisionOutcome) =>
    setNotice(
      outcome.outcome === 'recorded'
        ? {
            kind: 'recorded',
            message: recordedKeys[step],
            mailFailed: outcome.notified.mail === false,
          }
        : { kind: 'already-decided', outcome },
    );

  const request = view.request;
  const subjectId = request === null ? null : requestSubjectId(request);
  const myId = me.data?.id;
  const own =
    myId !== undefined &&
    (view.requester?.id === myId || (subjectId !== null && subjectId === myId));
  const canDecide = actions.approve || actions.reject || actions.askForInformation;

  const facts: { term: MessageKey; value: ReactNode }[] = [];
  const add = (term: MessageKey, value: ReactNode | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') facts.push({ term, value });
  };
  if (request) {
    if (request.kind === 'order.external-consultant') {
      add(
        'requests.detail.consultant',
        `${request.consultant.name}, ${request.consultant.company} (${request.consultant.email})`,
      );
      add(
        'requests.detail.period',
        t('requests.detail.periodValue', {
          start: formatDay(locale, request.period.start),
          end: formatDay(locale, request.period.end),
        }),
      );
    } else {
      add('requests.detail.subject', nameOf(request.subject));
    }
    add('requests.detail.base', findBase(defaultCatalogue, request.base)?.name ?? request.base);
    if ('caseNumber' in request) add('requests.detail.caseNumber', request.caseNumber);
    if ('grading' in request && request.grading) {
      add('requests.detail.grading', domain.label(gradingKey(request.grading)));
    }
    if ('right' in request) add('requests.detail.right', domain.label(rightKey(request.right)));
    if (request.kind === 'folder-access')
      add('requests.detail.scope', t('requests.folder.r7Notice'));
  }
  add('requests.detail.requester', view.requester ? nameOf(view.requester) : null);
  add(
    'requests.detail.submitted',
    view.submittedAt ? formatInstant(locale, view.submittedAt) : null,
  );
  if (view.carriedOut) add('requests.detail.reference', view.carriedOut.elementsReference);
  if (view.endDate) add('requests.detail.endDate', formatDay(locale, view.endDate));

  const textById = new Map(detail.texts.map((text) => [text.textId, text]));
  const referenced = new Set(view.timeline.map((entry) => entry.textId));
  const otherTexts = detail.texts.filter((text) => !referenced.has(text.textId));

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <div className={styles.titleRow}>
        <h2 id={headingId} className={styles.heading}>
          {view.kind ? domain.label(kindKey(view.kind)) : t('requests.kindUnknown')}
        </h2>
        <StatusBadge status={view.status} />
      </div>

      {notice?.kind === 'recorded' ? (
        <MessageBar intent="success" layout="multiline" role="status">
          <MessageBarBody>
            {t(notice.message)}
            {notice.mailFailed ? ` ${t('triage.outcome.mailFailed')}` : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {notice?.kind === 'already-decided' ? (
        <AlreadyDecidedNotice outcome={notice.outcome} names={names} />
      ) : null}

      {detail.anomalies.length > 0 ? (
        <div className={styles.warnings}>
          {detail.anomalies.map((anomaly, index) => (
            <MessageBar
              key={`${anomaly.eventId ?? 'unknown'}-${index}`}
              intent="warning"
              layout="multiline"
            >
              <MessageBarBody>
                <MessageBarTitle>{t('triage.anomaly.title')}</MessageBarTitle>
                {t('triage.anomaly.sentence', {
                  reason: domain.reason({
                    key: anomaly.reason,
                    ...(anomaly.params ? { params: anomaly.params } : {}),
                  }),
                  name: anomaly.author
                    ? nameOf(anomaly.author)
                    : t('requests.detail.unknownPerson'),
                  when: anomaly.recordedAt ? formatInstant(locale, anomaly.recordedAt) : '–',
                })}
              </MessageBarBody>
            </MessageBar>
          ))}
        </div>
      ) : null}

      <dl className={styles.facts}>
        {facts.map((row) => (
          <div key={row.term} className={styles.pair}>
            <dt className={styles.term}>{t(row.term)}</dt>
            <dd className={styles.value}>{row.value}</dd>
          </div>
        ))}
      </dl>

      <LiveChecks detail={detail} nameOf={nameOf} />

      {own ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('triage.detail.ownRequest')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {!own && !checks.iAmSystemansvarlig ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('triage.detail.notSystemansvarlig')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {!own && canDecide && myId !== undefined ? (
        <DecisionForm
          requestId={detail.requestId}
          allowed={actions}
          standingNeedsCheck={checks.standingNeedsCheck}
          onOutcome={(decision, outcome) => onOutcome(decision, outcome)}
        />
      ) : null}
      {!own && actions.recordCarriedOut && myId !== undefined ? (
        <CarriedOutForm
          requestId={detail.requestId}
          request={request}
          onOutcome={(outcome) => onOutcome('carried-out', outcome)}
        />
      ) : null}
      {(canDecide || actions.recordCarriedOut) && me.isPending ? (
        <Spinner size="small" label={t('triage.detail.loading')} />
      ) : null}

      <section aria-labelledby={`${headingId}-timeline`}>
        <h3 id={`${headingId}-timeline`} className={styles.subheading}>
          {t('requests.detail.timeline')}
        </h3>
        {view.timeline.length === 0 ? (
          <Text>{t('requests.detail.noTimeline')}</Text>
        ) : (
          <ol className={styles.timeline}>
            {view.timeline.map((entry) => {
              const text = entry.textId ? textById.get(entry.textId) : undefined;
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
                    {[who, onBehalf, formatInstant(locale, entry.recordedAt)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                  {text ? <blockquote className={styles.text}>{text.body}</blockquote> : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      {otherTexts.length > 0 ? (
        <section aria-labelledby={`${headingId}-texts`}>
          <h3 id={`${headingId}-texts`} className={styles.subheading}>
            {t('requests.detail.otherTexts')}
          </h3>
          <ul className={styles.timeline}>
            {otherTexts.map((text) => (
              <li key={text.textId} className={styles.step}>
                <Text size={200} className={styles.who}>
                  {[nameOf(text.author), formatInstant(locale, text.recordedAt)].join(' · ')}
                </Text>
                <blockquote className={styles.text}>{text.body}</blockquote>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby={`${headingId}-record`}>
        <h3 id={`${headingId}-record`} className={styles.subheading}>
          {t('triage.record.heading')}
        </h3>
        <RecordLinks detail={detail} />
      </section>
    </section>
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

const leaderCapacities: ReadonlySet<TimelineEntry['capacity']> = new Set(['leader', 'delegate']);

/**
 * Whose recorded leader relation the directory no longer shows, as far as the
 * screen can tell (the desk says only that one is missing): the orderer's,
 * unless the directory still supports the orderer and a different leader
 * confirmed; null when the timeline names no leader at all.
 */
function standingClaim(
  detail: Detail,
): { readonly role: 'orderer' | 'confirmer'; readonly person: PersonRef } | null {
  const { view, checks } = detail;
  const byLeader = (type: TimelineEntry['type']) =>
    view.timeline.find((entry) => entry.type === type && leaderCapacities.has(entry.capacity));
  const ordered = byLeader('request.submitted');
  const confirmed = byLeader('request.leader-confirmed');
  const ordererSupported =
    checks.ordererStanding === 'manager' || checks.ordererStanding === 'delegate';
  if (ordered && (!confirmed || confirmed.author.id === ordered.author.id || !ordererSupported)) {
    return { role: 'orderer', person: ordered.author };
  }
  if (confirmed) return { role: 'confirmer', person: confirmed.author };
  return null;
}

/** Facts read from the directory now: the orderer's standing, the subject's leader, R8's confirmations. */
function LiveChecks({
  detail,
  nameOf,
}: {
  detail: Detail;
  nameOf: (person: PersonRef | null) => string;
}) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const headingId = useId('triage-checks-');
  const { checks, view } = detail;
  const orderer = nameOf(view.requester);
  const rows: { term: MessageKey; value: string }[] = [];
  if (checks.ordererStanding === 'manager') {
    rows.push({
      term: 'triage.checks.orderer',
      value: t('triage.checks.isManager', { name: orderer }),
    });
  } else if (checks.ordererStanding === 'delegate') {
    rows.push({
      term: 'triage.checks.orderer',
      value: t('triage.checks.isDelegate', { name: orderer, leader: nameOf(checks.onBehalfOf) }),
    });
  }
  if (checks.subjectManager) {
    rows.push({ term: 'triage.checks.subjectManager', value: nameOf(checks.subjectManager) });
  }
  const step = (found: { by: PersonRef; at: string } | null) =>
    found === null
      ? t('triage.checks.missing')
      : t('triage.checks.present', {
          name: nameOf(found.by),
          when: formatInstant(locale, found.at),
        });
  if (checks.r8) {
    rows.push({
      term: 'triage.checks.leaderConfirmation',
      value: step(checks.r8.leaderConfirmation),
    });
    rows.push({
      term: 'triage.checks.arkivlederApproval',
      value: step(checks.r8.arkivlederApproval),
    });
  }
  const r8Missing =
    checks.r8 !== null &&
    (checks.r8.leaderConfirmation === null || checks.r8.arkivlederApproval === null);
  const claim = checks.standingNeedsCheck ? standingClaim(detail) : null;
  const standingText =
    claim === null
      ? t('triage.standing.unnamed')
      : t(claim.role === 'orderer' ? 'triage.standing.orderer' : 'triage.standing.confirmer', {
          name: nameOf(claim.person),
        });
  // The standing warning says the same of the orderer, and why it matters.
  const ordererNotLeader =
    checks.ordererStanding === 'none' && !(checks.standingNeedsCheck && claim?.role === 'orderer');
  const nothingToSay =
    rows.length === 0 &&
    !ordererNotLeader &&
    !checks.standingNeedsCheck &&
    checks.justificationConfirmed === null;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading}>
        {t('triage.checks.heading')}
      </h3>
      <div className={styles.warnings}>
        {checks.standingNeedsCheck ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('triage.standing.title')}</MessageBarTitle>
              {standingText} {t('triage.standing.check')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {ordererNotLeader ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t('triage.checks.notLeader', { name: orderer })}</MessageBarBody>
          </MessageBar>
        ) : null}
        {r8Missing ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t('triage.checks.r8Missing')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {checks.justificationConfirmed === false ? (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>{t('triage.checks.justificationChanged')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {nothingToSay ? <Text>{t('triage.checks.none')}</Text> : null}
        {rows.length > 0 ? (
          <dl className={styles.facts}>
            {rows.map((row) => (
              <div key={row.term} className={styles.pair}>
                <dt className={styles.term}>{t(row.term)}</dt>
                <dd className={styles.value}>{row.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {checks.justificationConfirmed === true ? (
          <Text className={styles.confirmed}>{t('triage.checks.justificationConfirmed')}</Text>
        ) : null}
      </div>
    </section>
  );
}
