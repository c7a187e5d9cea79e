import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  ProgressBar,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { CampaignLineView } from '../../../domain/campaign-fold.ts';
import type { RemovalPlace, ReviewDecision } from '../../../domain/campaigns.ts';
import { defaultCatalogue } from '../../../domain/catalogue.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { formatInstant } from '../../requests/components/format.ts';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { norwegianDate } from '../../requests/notifications.ts';
import { errorMessageKey } from '../../shell/error-message.ts';
import { downloadCsv, openInNewTab, downloadFile } from '../../exports/download-file.ts';
import { reviewKeys, useReviewDesk } from '../api/use-review-desk.ts';
import {
  RequestRefused,
  type CampaignDetail,
  type FlaggedReply,
  type RoundKind,
  type SendProgress,
} from '../review-desk.ts';
import { targetName } from '../review-mails.ts';
import { SendPaused } from '../send-queue.ts';
import { CampaignStatusBadge } from './campaign-list.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
  },
  counts: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  count: {
    display: 'flex',
    flexDirection: 'column',
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  pre: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyBase, margin: 0 },
});

const channelKey: Record<string, MessageKey> = {
  'task-pane': 'reviews.channel.taskPane',
  tab: 'reviews.channel.tab',
  reply: 'reviews.channel.reply',
};
const placeKey: Record<RemovalPlace, MessageKey> = {
  'ks-fiks': 'reviews.place.ksFiks',
  elements: 'reviews.place.elements',
  other: 'reviews.place.other',
};
const removalPlaces: readonly RemovalPlace[] = ['ks-fiks', 'elements', 'other'];
const flaggedKey: Record<FlaggedReply['reason'], MessageKey> = {
  unreadable: 'reviews.flagged.unreadable',
  'not-from-recipient': 'reviews.flagged.notFromRecipient',
  'unknown-person': 'reviews.flagged.unknownPerson',
};

function useFailureText() {
  const { t } = useI18n();
  const domain = useDomainText();
  return (error: unknown) =>
    error instanceof RequestRefused
      ? error.reasons.map((reason) => domain.reason(reason)).join(' ')
      : t(errorMessageKey(error));
}

export function CampaignDetailView({
  campaignId,
  onBack,
}: {
  campaignId: string;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const { desk, principal } = useReviewDesk();
  const detail = useQuery({
    queryKey: reviewKeys.campaign(principal, campaignId),
    queryFn: () => desk.getCampaign(campaignId),
  });
  return (
    <div className={styles.root}>
      <div>
        <Button onClick={onBack}>{t('reviews.back')}</Button>
      </div>
      {detail.isPending ? (
        <Spinner label={t('reviews.loading')} />
      ) : detail.isError ? (
        <LoadFailure
          title={t('reviews.loadError')}
          error={detail.error}
          onRetry={() => void detail.refetch()}
        />
      ) : (
        <CampaignBody
          detail={detail.data}
          onRefresh={() => void detail.refetch()}
          refreshing={detail.isFetching}
        />
      )}
    </div>
  );
}

function CampaignBody({
  detail,
  onRefresh,
  refreshing,
}: {
  detail: CampaignDetail;
  onRefresh: () => void;
  refreshing: boolean;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const { view } = detail;
  const definition = view.definition;
  if (definition === null) return null;
  const closed = view.status === 'closed';
  const target = targetName(definition, defaultCatalogue);
  return (
    <>
      <div className={styles.header}>
        <Text as="h2" size={600} weight="semibold">
          {t(
            definition.kind === 'quarterly-module'
              ? 'reviews.kind.quarterlyNamed'
              : 'reviews.kind.annualNamed',
            { target },
          )}
        </Text>
        <CampaignStatusBadge row={{ status: view.status, overdue: view.overdue }} />
        <Button appearance="subtle" onClick={onRefresh} disabled={refreshing}>
          {refreshing ? t('reviews.refreshing') : t('reviews.refresh')}
        </Button>
      </div>
      <Text>
        {t('reviews.detail.facts', {
          deadline: norwegianDate(definition.deadline),
          days: definition.reminderEveryDays,
          created: view.createdAt === null ? '' : norwegianDate(view.createdAt.slice(0, 10)),
          by: view.createdBy?.displayName ?? '',
        })}
      </Text>
      <dl className={styles.counts} aria-label={t('reviews.detail.summary')}>
        {(
          [
            ['reviews.count.people', view.people.length],
            ['reviews.count.lines', view.summary.lines],
            ['reviews.count.kept', view.summary.kept],
            ['reviews.count.toRemove', view.summary.toRemove],
            ['reviews.count.unanswered', view.summary.unanswered],
            ['reviews.count.removed', view.summary.removalsConfirmed],
            ['reviews.count.leavers', view.summary.leavers],
            ['reviews.count.movers', view.summary.movers],
          ] as const
        ).map(([key, value]) => (
          <div key={key} className={styles.count}>
            <dt>
              <Text size={200}>{t(key)}</Text>
            </dt>
            <dd style={{ margin: 0 }}>
              <Text size={500} weight="semibold">
                {value}
              </Text>
            </dd>
          </div>
        ))}
      </dl>
      <Anomalies detail={detail} />
      {closed ? null : <SendSection detail={detail} />}
      {closed || detail.sending.mailed === 0 ? null : (
        <RepliesSection campaignId={detail.campaignId} />
      )}
      <RemovalSection detail={detail} />
      <PeopleTable detail={detail} />
      <CloseSection detail={detail} />
    </>
  );
}

/** Events the fold did not count (someone not entitled, out of order): each one a warning. */
function Anomalies({ detail }: { detail: CampaignDetail }) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const { anomalies } = detail.view;
  if (anomalies.length === 0) return null;
  return (
    <MessageBar intent="warning" layout="multiline" role="status">
      <MessageBarBody>
        <MessageBarTitle>{t('triage.anomaly.title')}</MessageBarTitle>
        <ul>
          {anomalies.map((anomaly, index) => (
            <li key={`${anomaly.eventId ?? 'unknown'}-${index}`}>
              {t('triage.anomaly.sentence', {
                reason: domain.reason({
                  key: anomaly.reason,
                  ...(anomaly.params ? { params: anomaly.params } : {}),
                }),
                name:
                  (anomaly.author &&
                    (detail.names[anomaly.author.id] ?? anomaly.author.displayName)) ||
                  t('requests.detail.unknownPerson'),
                when: anomaly.recordedAt ? formatInstant(locale, anomaly.recordedAt) : '–',
              })}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/** One part of the campaign view: a region named by its heading. */
function DetailSection({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Text as="h3" id={headingId} size={400} weight="semibold">
        {title}
      </Text>
      {children}
    </section>
  );
}

function SendSection({ detail }: { detail: CampaignDetail }) {
  const { t } = useI18n();
  const styles = useStyles();
  const failure = useFailureText();
  const { desk, principal } = useReviewDesk();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<SendProgress | null>(null);
  const [running, setRunning] = useState<RoundKind | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busyElsewhere, setBusyElsewhere] = useState(false);
  // A round this page ran to the end is finished, even while Exchange's Sent Items copies of the
  // last mails have yet to appear (the desk would count those as unsent for a moment).
  const [completed, setCompleted] = useState<ReadonlySet<RoundKind>>(new Set());
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(new Error('left the page')), []);

  const run = async (kind: RoundKind) => {
    setError(null);
    setBusyElsewhere(false);
    setRunning(kind);
    setCompleted((current) => new Set([...current].filter((done) => done !== kind)));
    const abort = new AbortController();
    controller.current = abort;
    const work = async () => {
      await desk.send(detail.campaignId, kind, { signal: abort.signal, onProgress: setProgress });
      setCompleted((current) => new Set([...current, kind]));
    };
    try {
      // One sending run per campaign in this browser: a second tab waits for nobody, it says so.
      const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
      if (locks) {
        await locks.request(
          `elements-tilgang.review-send.${detail.campaignId}`,
          { ifAvailable: true },
          async (lock) => {
            if (lock === null) {
              setBusyElsewhere(true);
              return;
            }
            await work();
          },
        );
      } else {
        await work();
      }
    } catch (caught) {
      // A paused run says why through its cause (e.g. Exchange unavailable), not "something went wrong".
      if (!abort.signal.aborted) setError(caught instanceof SendPaused ? caught.cause : caught);
    } finally {
      controller.current = null;
      // The campaign read again first: what is left to send is counted from Sent Items.
      await queryClient.invalidateQueries({ queryKey: reviewKeys.all(principal) });
      setRunning(null);
    }
  };

  const { sending, preview } = detail;
  // Claims cover everyone only when every claimed mail is also in Sent Items (the desk checks):
  // a run stopped mid-batch leaves claims unsent, and the round is offered again.
  const allMailed =
    sending.mailed >= sending.people && (sending.unsent === 0 || completed.has('review'));
  const remindersUnfinished = sending.unsentReminders > 0 && !completed.has('reminders');
  return (
    <DetailSection title={t('reviews.send.title')}>
      {allMailed ? (
        <Text>{t('reviews.send.allSent', { people: sending.people })}</Text>
      ) : (
        <Text>
          {t('reviews.send.preview', {
            people: preview.people,
            emails: preview.emails,
            minutes: preview.minutes,
            perMinute: preview.perMinute,
            mailed: sending.mailed,
          })}
        </Text>
      )}
      {running !== null && progress !== null ? (
        <Field
          label={t('reviews.send.progress', { sent: progress.sent, total: progress.total })}
          hint={
            [
              progress.waitingUntil === null
                ? null
                : t('reviews.send.waiting', {
                    time: new Date(progress.waitingUntil).toLocaleTimeString('nb-NO', {
                      timeZone: 'Europe/Oslo',
                    }),
                  }),
              progress.unconfirmed > 0
                ? t('reviews.send.unconfirmed', { count: progress.unconfirmed })
                : null,
            ]
              .filter((part) => part !== null)
              .join(' ') || undefined
          }
        >
          <ProgressBar value={progress.total === 0 ? 1 : progress.sent / progress.total} />
        </Field>
      ) : null}
      {running === null && progress?.done ? (
        <MessageBar
          intent={progress.failed.length > 0 || progress.unconfirmed > 0 ? 'warning' : 'success'}
          layout="multiline"
          role="status"
        >
          <MessageBarBody>
            {t('reviews.send.done', { sent: progress.sent, total: progress.total })}
            {progress.elsewhere > 0
              ? ` ${t('reviews.send.elsewhere', { count: progress.elsewhere })}`
              : ''}
            {progress.unconfirmed > 0
              ? ` ${t('reviews.send.unconfirmed', { count: progress.unconfirmed })}`
              : ''}
            {progress.failed.length > 0 ? (
              <>
                {` ${t('reviews.send.failed', { count: progress.failed.length })}`}
                <ul>
                  {progress.failed.map((failure) => (
                    <li key={failure.person.id}>
                      {`${failure.person.displayName ?? failure.address} (${failure.address}${failure.code ? `, ${failure.code}` : ''})`}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {busyElsewhere ? (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>{t('reviews.send.busyElsewhere')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {error !== null ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('reviews.send.paused')}</MessageBarTitle>
            {failure(error)} {t('reviews.send.resumeHint')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        {allMailed ? null : (
          <Button
            appearance="primary"
            disabled={running !== null}
            onClick={() => void run('review')}
          >
            {sending.mailed > 0
              ? t('reviews.send.resume')
              : t('reviews.send.start', { people: sending.people })}
          </Button>
        )}
        {sending.mailed > 0 ? (
          <Button
            disabled={running !== null || (sending.remindable.length === 0 && !remindersUnfinished)}
            onClick={() => void run('reminders')}
          >
            {remindersUnfinished
              ? t('reviews.send.resume')
              : t('reviews.send.remind', { count: sending.remindable.length })}
          </Button>
        ) : null}
        {running !== null ? (
          <Button
            appearance="subtle"
            onClick={() => controller.current?.abort(new Error('stopped'))}
          >
            {t('reviews.send.stop')}
          </Button>
        ) : null}
      </div>
      {sending.mailed > 0 ? (
        <Text size={200}>
          {t('reviews.send.cadence', {
            due: sending.dueByCadence.length,
            days: detail.view.definition?.reminderEveryDays ?? 0,
          })}
        </Text>
      ) : null}
    </DetailSection>
  );
}

function RepliesSection({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const styles = useStyles();
  const failure = useFailureText();
  const { desk, principal } = useReviewDesk();
  const queryClient = useQueryClient();
  const read = useMutation({
    mutationFn: () => desk.readReplies(campaignId),
    onSettled: () =>
      queryClient.invalidateQueries({ queryKey: reviewKeys.campaign(principal, campaignId) }),
  });
  const record = useMutation({
    mutationFn: (input: { personId: string; decision: ReviewDecision; messageId: string }) =>
      desk.recordReply(campaignId, input, {
        eventId: `r:${input.messageId.slice(0, 60)}:${input.personId}`,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.campaign(principal, campaignId) });
      read.mutate();
    },
  });
  return (
    <DetailSection title={t('reviews.replies.title')}>
      <Text>{t('reviews.replies.intro')}</Text>
      <div className={styles.actions}>
        <Button onClick={() => read.mutate()} disabled={read.isPending}>
          {read.isPending ? t('reviews.replies.reading') : t('reviews.replies.read')}
        </Button>
      </div>
      {read.isError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure(read.error)}</MessageBarBody>
        </MessageBar>
      ) : null}
      {read.data ? (
        <MessageBar intent="info" role="status">
          <MessageBarBody>
            {t('reviews.replies.result', {
              recorded: read.data.recorded,
              counted: read.data.alreadyCounted,
              flagged: read.data.flagged.length,
            })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {read.data && read.data.flagged.length > 0 ? (
        <ScrollRegion label={t('reviews.replies.flaggedTable')}>
          <Table size="small" aria-label={t('reviews.replies.flaggedTable')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('reviews.replies.from')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.replies.why')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.replies.text')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.replies.record')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {read.data.flagged.map((reply) => (
                <TableRow key={reply.messageId}>
                  <TableCell>
                    {reply.personName ?? reply.fromAddress ?? '–'}
                    {reply.fromAddress ? <div>{reply.fromAddress}</div> : null}
                  </TableCell>
                  <TableCell>{t(flaggedKey[reply.reason])}</TableCell>
                  <TableCell>
                    <pre className={styles.pre}>{reply.excerpt}</pre>
                  </TableCell>
                  <TableCell>
                    {reply.personId !== null && reply.reason === 'unreadable' ? (
                      <div className={styles.actions}>
                        {(['keep', 'remove'] as const).map((decision) => (
                          <Button
                            key={decision}
                            size="small"
                            disabled={record.isPending}
                            onClick={() =>
                              reply.personId !== null &&
                              record.mutate({
                                personId: reply.personId,
                                decision,
                                messageId: reply.messageId,
                              })
                            }
                          >
                            {t(
                              decision === 'keep'
                                ? 'reviews.replies.recordKeep'
                                : 'reviews.replies.recordRemove',
                            )}
                          </Button>
                        ))}
                      </div>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      ) : null}
      {record.isError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure(record.error)}</MessageBarBody>
        </MessageBar>
      ) : null}
    </DetailSection>
  );
}

function RemovalSection({ detail }: { detail: CampaignDetail }) {
  const { t } = useI18n();
  const { view, names } = detail;
  const closed = view.status === 'closed';
  const pending = [...view.removalList, ...view.unansweredAfterDeadline];
  return (
    <DetailSection title={t('reviews.removals.title')}>
      {pending.length === 0 && view.confirmedRemovals.length === 0 ? (
        <Text>{t('reviews.removals.none')}</Text>
      ) : null}
      {view.unansweredAfterDeadline.length > 0 ? (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>
            {t('reviews.removals.afterDeadline', { count: view.unansweredAfterDeadline.length })}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {pending.length > 0 || view.confirmedRemovals.length > 0 ? (
        <ScrollRegion label={t('reviews.removals.table')}>
          <Table size="small" aria-label={t('reviews.removals.table')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('reviews.column.person')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.new.subUnit')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.new.right')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.why')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.removal')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...pending, ...view.confirmedRemovals].map((line) => (
                <TableRow key={line.line.lineId}>
                  <TableCell>
                    {names[line.line.person.id] ?? line.line.person.displayName}
                  </TableCell>
                  <TableCell>{line.line.subUnit}</TableCell>
                  <TableCell>{line.line.right}</TableCell>
                  <TableCell>
                    {line.presence !== 'present'
                      ? t(`reviews.presence.${line.presence}`)
                      : line.answer === null
                        ? t('reviews.answer.none')
                        : `${t('reviews.answer.remove')}${line.answer.comment ? `: ${line.answer.comment}` : ''}`}
                  </TableCell>
                  <TableCell>
                    {line.removal !== null ? (
                      t('reviews.removals.confirmed', {
                        place: t(placeKey[line.removal.where]),
                        reference: line.removal.reference ?? '',
                        by: names[line.removal.by.id] ?? line.removal.by.displayName ?? '',
                      })
                    ) : closed ? (
                      '–'
                    ) : (
                      <ConfirmRemoval campaignId={detail.campaignId} line={line} />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      ) : null}
    </DetailSection>
  );
}

function ConfirmRemoval({ campaignId, line }: { campaignId: string; line: CampaignLineView }) {
  const { t } = useI18n();
  const styles = useStyles();
  const failure = useFailureText();
  const { desk, principal } = useReviewDesk();
  const queryClient = useQueryClient();
  const [where, setWhere] = useState<RemovalPlace>('ks-fiks');
  const [reference, setReference] = useState('');
  const eventId = useRef<string | null>(null);
  const confirm = useMutation({
    mutationFn: () => {
      eventId.current ??= crypto.randomUUID();
      return desk.confirmRemoval(
        campaignId,
        {
          lineId: line.line.lineId,
          where,
          ...(reference.trim() ? { reference: reference.trim() } : {}),
        },
        { eventId: eventId.current },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all(principal) }),
  });
  const person = line.line.person.displayName ?? '';
  return (
    <div className={styles.actions}>
      <Field label={t('reviews.removals.where')} size="small">
        <Dropdown
          size="small"
          aria-label={t('reviews.removals.whereFor', { person })}
          value={t(placeKey[where])}
          selectedOptions={[where]}
          onOptionSelect={(_, data) =>
            setWhere(
              data.optionValue === 'elements'
                ? 'elements'
                : data.optionValue === 'other'
                  ? 'other'
                  : 'ks-fiks',
            )
          }
        >
          {removalPlaces.map((place) => (
            <Option key={place} value={place}>
              {t(placeKey[place])}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('reviews.removals.reference')} size="small">
        <Input
          size="small"
          aria-label={t('reviews.removals.referenceFor', { person })}
          value={reference}
          maxLength={200}
          onChange={(_, data) => setReference(data.value)}
        />
      </Field>
      <Button
        size="small"
        appearance="primary"
        disabled={confirm.isPending}
        aria-label={t('reviews.removals.confirmFor', { person, subUnit: line.line.subUnit })}
        onClick={() => confirm.mutate()}
      >
        {t('reviews.removals.confirm')}
      </Button>
      {confirm.isError ? <Text role="alert">{failure(confirm.error)}</Text> : null}
    </div>
  );
}

function PeopleTable({ detail }: { detail: CampaignDetail }) {
  const { t } = useI18n();
  const { view, names, emails } = detail;
  const mailed = new Map(view.people.map((person) => [person.person.id, person]));
  return (
    <DetailSection title={t('reviews.people.title')}>
      <ScrollRegion label={t('reviews.people.title')}>
        <Table size="small" aria-label={t('reviews.people.title')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('reviews.column.person')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.new.email')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.new.subUnit')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.new.right')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.column.answer')}</TableHeaderCell>
              <TableHeaderCell>{t('reviews.column.mailed')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.lines.map((line) => {
              const person = mailed.get(line.line.person.id);
              return (
                <TableRow key={line.line.lineId}>
                  <TableCell>
                    {names[line.line.person.id] ?? line.line.person.displayName}
                  </TableCell>
                  <TableCell>{emails[line.line.lineId] ?? ''}</TableCell>
                  <TableCell>{line.line.subUnit}</TableCell>
                  <TableCell>{line.line.right}</TableCell>
                  <TableCell>
                    {line.answer === null
                      ? t('reviews.answer.none')
                      : `${t(line.answer.decision === 'keep' ? 'reviews.answer.keep' : 'reviews.answer.remove')} (${t(channelKey[line.answer.channel] ?? 'reviews.channel.tab')})${line.answer.late ? ` ${t('reviews.answer.late')}` : ''}${line.answer.comment ? `: ${line.answer.comment}` : ''}`}
                  </TableCell>
                  <TableCell>
                    {person === undefined || person.mailedAt.length === 0
                      ? t('reviews.people.notMailed')
                      : t('reviews.people.mailed', { reminders: person.remindedAt.length })}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </ScrollRegion>
    </DetailSection>
  );
}

function CloseSection({ detail }: { detail: CampaignDetail }) {
  const { t } = useI18n();
  const styles = useStyles();
  const failure = useFailureText();
  const { desk, principal } = useReviewDesk();
  const queryClient = useQueryClient();
  const [reference, setReference] = useState('');
  const eventId = useRef<string | null>(null);
  const { view } = detail;
  const closed = view.status === 'closed';
  const report = useMutation({ mutationFn: () => desk.report(detail.campaignId) });
  const close = useMutation({
    mutationFn: () => {
      eventId.current ??= crypto.randomUUID();
      return desk.closeCampaign(
        detail.campaignId,
        reference.trim() ? { reportReference: reference.trim() } : {},
        { eventId: eventId.current },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all(principal) }),
  });
  const exportAs = async (kind: 'print' | 'html' | 'csv') => {
    const result = await report.mutateAsync();
    if (kind === 'print') openInNewTab([result.html], 'text/html;charset=utf-8');
    else if (kind === 'html')
      downloadFile([result.html], `${result.fileName}.html`, 'text/html;charset=utf-8');
    else downloadCsv(result.csv, `${result.fileName}.csv`);
  };
  return (
    <DetailSection title={closed ? t('reviews.close.closedTitle') : t('reviews.close.title')}>
      {closed ? (
        <Text>
          {t('reviews.close.closed', {
            by: view.outcome?.closedBy.displayName ?? '',
            reference: view.outcome?.reportReference ?? t('reviews.close.noReference'),
          })}
        </Text>
      ) : (
        <>
          <Text>
            {view.removalList.length > 0
              ? t('reviews.close.pendingRemovals', { count: view.removalList.length })
              : t('reviews.close.intro')}
          </Text>
          <div className={styles.actions}>
            <Field label={t('reviews.close.reference')} hint={t('reviews.close.referenceHint')}>
              <Input
                value={reference}
                maxLength={200}
                onChange={(_, data) => setReference(data.value)}
              />
            </Field>
            <Button appearance="primary" disabled={close.isPending} onClick={() => close.mutate()}>
              {t('reviews.close.button')}
            </Button>
          </div>
          {close.isError ? (
            <MessageBar intent="error" role="alert">
              <MessageBarBody>{failure(close.error)}</MessageBarBody>
            </MessageBar>
          ) : null}
        </>
      )}
      <div className={styles.actions}>
        <Button onClick={() => void exportAs('print')}>{t('reviews.report.print')}</Button>
        <Button appearance="subtle" onClick={() => void exportAs('html')}>
          {t('reviews.report.download')}
        </Button>
        <Button appearance="subtle" onClick={() => void exportAs('csv')}>
          {t('reviews.report.csv')}
        </Button>
      </div>
      {report.isError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure(report.error)}</MessageBarBody>
        </MessageBar>
      ) : null}
    </DetailSection>
  );
}
