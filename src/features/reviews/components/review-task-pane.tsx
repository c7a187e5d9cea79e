import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { defaultCatalogue } from '../../../domain/catalogue.ts';
import type { ReviewDecision } from '../../../domain/campaigns.ts';
import { reviewMailReferenceSchema } from '../../../domain/review-rounds.ts';
import type { HostMailItem } from '../../../m365/host.ts';
import { findMailReferenceInRawHeaders } from '../../../m365/mail-reference.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { useServices } from '../../services/services.tsx';
import { errorMessageKey } from '../../shell/error-message.ts';
import { norwegianDate } from '../../requests/notifications.ts';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { RequestRefused, type MyReview } from '../review-desk.ts';
import type { ReviewMail } from '../review-snapshot.ts';
import { targetName } from '../review-mails.ts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    minWidth: 0,
  },
  line: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/**
 * The review answer pane beside an open review e-mail: in Outlook (office.js
 * through the host port) and in the workbench mailbox. It reads the mail's
 * `x-elements-tilgang` header for campaign and person, the person's lines from
 * the ledger, and records their answer as their own event. A forwarded copy
 * opened by someone else says whose review it is and offers no answer.
 */
export function ReviewTaskPane({ item }: { item: HostMailItem }) {
  const { t } = useI18n();
  const styles = useStyles();
  const { reviewDesk, principal } = useServices();
  const headers = useQuery({
    queryKey: ['review-pane', principal, 'headers', item.internetMessageId, item.subject],
    queryFn: () => item.getInternetHeaders(),
    staleTime: Infinity,
    retry: 1,
  });
  const reference = (() => {
    if (headers.data === undefined) return null;
    const parsed = reviewMailReferenceSchema.safeParse(findMailReferenceInRawHeaders(headers.data));
    return parsed.success ? parsed.data : null;
  })();
  // The person's lines travel with the mail (its attachment): the list they are in is
  // systemansvarlig's alone (decision 014).
  const mail = useQuery({
    queryKey: ['review-pane', principal, 'mail', item.internetMessageId, item.subject],
    queryFn: async (): Promise<ReviewMail> => ({
      from: item.from,
      attachments: await item.getAttachments(),
    }),
    staleTime: Infinity,
    retry: 1,
    enabled: reference !== null,
  });
  const review = useQuery({
    queryKey: ['review-pane', principal, 'review', reference?.campaignId, reference?.personId],
    queryFn: () => {
      if (!reviewDesk || reference === null || mail.data === undefined) {
        throw new Error('No review desk, reference or mail');
      }
      return reviewDesk.myReview(reference, mail.data);
    },
    enabled: reviewDesk !== undefined && reference !== null && mail.data !== undefined,
  });

  let body;
  if (!reviewDesk) {
    body = <Notice intent="error" title={t('reviewPane.unavailable')} />;
  } else if (headers.isPending) {
    body = <Spinner label={t('reviewPane.reading')} />;
  } else if (headers.isError) {
    body = <Notice intent="error" title={t('reviewPane.headersError')} />;
  } else if (reference === null) {
    body = (
      <Notice intent="info" title={t('reviewPane.notReview.title')}>
        {t('reviewPane.notReview.body')}
      </Notice>
    );
  } else if (mail.isError) {
    body = <Notice intent="error" title={t('reviewPane.headersError')} />;
  } else if (review.isPending) {
    body = <Spinner label={t('reviewPane.loading')} />;
  } else if (review.isError) {
    body = (
      <LoadFailure
        title={t('reviewPane.loadError')}
        error={review.error}
        onRetry={() => void review.refetch()}
      />
    );
  } else if (review.data.kind === 'not-yours') {
    body = (
      <Notice intent="warning" title={t('reviewPane.notYours.title')}>
        {t('reviewPane.notYours.body', {
          name: review.data.recipientName ?? t('reviewPane.someoneElse'),
        })}
      </Notice>
    );
  } else if (review.data.kind === 'unknown') {
    body = <Notice intent="error" title={t('reviewPane.unknown')} />;
  } else {
    body =
      mail.data === undefined ? null : (
        <AnswerForm key={review.data.campaignId} review={review.data} mail={mail.data} />
      );
  }
  return (
    <section className={styles.root} aria-label={t('reviewPane.label')}>
      {body}
    </section>
  );
}

function Notice({
  intent,
  title,
  children,
}: {
  intent: 'info' | 'warning' | 'error' | 'success';
  title: string;
  children?: React.ReactNode;
}) {
  return (
    <MessageBar intent={intent} layout="multiline" role={intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {children}
      </MessageBarBody>
    </MessageBar>
  );
}

type Mine = Extract<MyReview, { kind: 'mine' }>;

function AnswerForm({ review, mail }: { review: Mine; mail: ReviewMail }) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const { reviewDesk, principal } = useServices();
  const queryClient = useQueryClient();
  const [decisions, setDecisions] = useState<Record<string, ReviewDecision | undefined>>(() =>
    Object.fromEntries(review.lines.map((entry) => [entry.line.lineId, entry.answer?.decision])),
  );
  const [comments, setComments] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      review.lines.map((entry) => [entry.line.lineId, entry.answer?.comment ?? '']),
    ),
  );
  const [showMissing, setShowMissing] = useState(false);
  // One id per answer as typed: a retry after a failure records one answer. A changed answer
  // is a new event: under the old id it would clash with a first try that did land.
  const eventId = useRef<string | null>(null);
  const submit = useMutation({
    mutationFn: async () => {
      if (!reviewDesk) throw new Error('No review desk');
      eventId.current ??= crypto.randomUUID();
      await reviewDesk.answer(
        review.campaignId,
        review.lines.map((entry) => {
          const comment = comments[entry.line.lineId]?.trim() ?? '';
          return {
            lineId: entry.line.lineId,
            decision: decisions[entry.line.lineId] ?? 'keep',
            ...(comment === '' ? {} : { comment }),
          };
        }),
        'task-pane',
        { eventId: eventId.current },
        mail,
      );
    },
    onSuccess: async () => {
      eventId.current = null;
      await queryClient.invalidateQueries({ queryKey: ['review-pane', principal, 'review'] });
    },
  });

  const title = targetName(review.definition, defaultCatalogue);
  const missing = review.lines.filter((entry) => decisions[entry.line.lineId] === undefined);
  const answeredBefore = review.lines.every((entry) => entry.answer !== null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (missing.length > 0) {
      setShowMissing(true);
      return;
    }
    submit.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className={styles.root}>
        <Text as="h2" size={500} weight="semibold">
          {t('reviewPane.title', { target: title })}
        </Text>
        <Text>
          {t('reviewPane.intro', { deadline: norwegianDate(review.definition.deadline) })}
        </Text>
        {review.closed ? (
          <Notice intent="info" title={t('reviewPane.closed')} />
        ) : review.overdue ? (
          <Notice intent="warning" title={t('reviewPane.overdue')} />
        ) : null}
        {review.lines.map((entry, index) => {
          const lineId = entry.line.lineId;
          const invalid = showMissing && decisions[lineId] === undefined;
          return (
            <fieldset key={lineId} className={styles.line} disabled={review.closed}>
              <legend className={styles.legend}>
                {t('reviewPane.lineLegend', {
                  number: index + 1,
                  subUnit: entry.line.subUnit,
                  right: entry.line.right,
                })}
              </legend>
              <Field
                label={t('reviewPane.decision')}
                required
                validationState={invalid ? 'error' : 'none'}
                validationMessage={invalid ? domain.label('campaign.decisionRequired') : undefined}
              >
                <RadioGroup
                  layout="horizontal"
                  value={decisions[lineId] ?? ''}
                  onChange={(_, data) => {
                    eventId.current = null;
                    setDecisions((current) => ({
                      ...current,
                      [lineId]: data.value === 'remove' ? 'remove' : 'keep',
                    }));
                  }}
                >
                  <Radio value="keep" label={t('reviewPane.keep')} />
                  <Radio value="remove" label={t('reviewPane.remove')} />
                </RadioGroup>
              </Field>
              <Field label={t('reviewPane.comment')} hint={t('reviewPane.commentHint')}>
                <Textarea
                  value={comments[lineId] ?? ''}
                  maxLength={1000}
                  resize="vertical"
                  onChange={(_, data) => {
                    eventId.current = null;
                    setComments((current) => ({ ...current, [lineId]: data.value }));
                  }}
                />
              </Field>
            </fieldset>
          );
        })}
        {submit.isSuccess ? (
          <Notice intent="success" title={t('reviewPane.thanks')}>
            {t('reviewPane.thanksBody')}
          </Notice>
        ) : answeredBefore && !review.closed ? (
          <Notice intent="info" title={t('reviewPane.answeredBefore')} />
        ) : null}
        {submit.isError ? (
          <Notice intent="error" title={t('reviewPane.submitError')}>
            {submit.error instanceof RequestRefused
              ? submit.error.reasons.map((reason) => domain.reason(reason)).join(' ')
              : t(errorMessageKey(submit.error))}
          </Notice>
        ) : null}
        {review.closed ? null : (
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={submit.isPending}>
              {submit.isPending ? t('reviewPane.sending') : t('reviewPane.submit')}
            </Button>
          </div>
        )}
      </div>
    </form>
  );
}
