import {
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useRef, useState, type FormEvent } from 'react';
import { isIsoDate, osloDate } from '../../../domain/dates.ts';
import { rightKey } from '../../../domain/labels.ts';
import { formatReason } from '../../../domain/messages.ts';
import type { AccessRequest, FolderRight } from '../../../domain/requests.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SubmitButton } from '../../requests/components/form-parts.tsx';
import { failureText } from '../../requests/components/form-problems.ts';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { useRecordCarriedOut } from '../api/record-carried-out.ts';
import { RequestRefused, type CarriedOutInput, type DecisionOutcome } from '../triage-desk.ts';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  narrow: { maxWidth: '20rem' },
});

/** An Elements case (`2026/1537`) or registry entry (`2026/1537-3`). */
const elementsReferencePattern = /^\d{4}\/\d+(-\d+)?$/;

type Field = 'reference' | 'right' | 'date';

export interface CarriedOutFormProps {
  requestId: string;
  /** The request as approved: its right bounds what may be recorded as granted (R6, R7). */
  request: AccessRequest | null;
  onOutcome: (outcome: DecisionOutcome) => void;
}

/**
 * R9: after granting the access in Elements by hand, systemansvarlig records
 * the Elements reference where the request and grant are archived, the right
 * granted (folder requests: never wider than asked, the folder only) and the
 * day. The event id is made once per open form.
 */
export function CarriedOutForm({ requestId, request, onOutcome }: CarriedOutFormProps) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const headingId = useId('triage-carried-out-');
  const record = useRecordCarriedOut();
  const [eventId] = useState(() => crypto.randomUUID());
  const requestedRight = request !== null && 'right' in request ? request.right : null;
  const [reference, setReference] = useState('');
  const [right, setRight] = useState<FolderRight | null>(requestedRight);
  const [date, setDate] = useState(() => osloDate(new Date()));
  const [attempted, setAttempted] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const busy = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const problems: Partial<Record<Field, string>> = {};
  if (!elementsReferencePattern.test(reference.trim())) {
    problems.reference =
      reference.trim() === ''
        ? t('triage.carriedOut.referenceRequired')
        : t('triage.carriedOut.referenceInvalid');
  }
  if (requestedRight !== null && right === null)
    problems.right = t('triage.carriedOut.rightRequired');
  if (!isIsoDate(date)) problems.date = t('triage.carriedOut.dateRequired');
  const shown = (field: Field) => (attempted ? problems[field] : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy.current) return;
    setAttempted(true);
    setFailure(null);
    setRefused(null);
    if (Object.keys(problems).length > 0) {
      // After the render that shows the sentences.
      setTimeout(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const input: CarriedOutInput = {
      elementsReference: reference.trim(),
      carriedOutOn: date,
      ...(right === null ? {} : { grantedRight: right }),
      ...(request?.kind === 'folder-access' ? { scope: 'folder' as const } : {}),
    };
    busy.current = true;
    try {
      onOutcome(await record.mutateAsync({ requestId, input, eventId }));
    } catch (error) {
      if (error instanceof RequestRefused) {
        setRefused(error.reasons.map((reason) => formatReason(locale, reason)).join(' '));
      } else {
        setFailure(`${failureText(error, locale, t)} ${t('requests.form.kept')}`);
      }
    } finally {
      busy.current = false;
    }
  };

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {t('triage.carriedOut.heading')}
      </h3>
      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => void submit(event)}
        className={styles.form}
      >
        {failure || refused ? (
          <MessageBar intent="error" layout="multiline" role="alert">
            <MessageBarBody>{failure ?? refused}</MessageBarBody>
          </MessageBar>
        ) : null}
        <Field
          label={t('triage.carriedOut.reference')}
          hint={t('triage.carriedOut.referenceHint')}
          required
          validationMessage={shown('reference')}
          className={styles.narrow}
        >
          <Input value={reference} onChange={(_, data) => setReference(data.value)} />
        </Field>
        {requestedRight !== null ? (
          <Field
            label={t('triage.carriedOut.right')}
            hint={request?.kind === 'folder-access' ? t('requests.folder.r7Notice') : undefined}
            required
            validationMessage={shown('right')}
          >
            <RadioGroup
              value={right ?? ''}
              onChange={(_, data) => setRight(data.value === 'write' ? 'write' : 'read')}
            >
              <Radio value="read" label={domain.label(rightKey('read'))} />
              {/* Never wider than requested (R6, R7). */}
              <Radio
                value="write"
                label={domain.label(rightKey('write'))}
                disabled={requestedRight !== 'write'}
              />
            </RadioGroup>
          </Field>
        ) : null}
        <Field
          label={t('triage.carriedOut.date')}
          required
          validationMessage={shown('date')}
          className={styles.narrow}
        >
          <Input type="date" value={date} onChange={(_, data) => setDate(data.value)} />
        </Field>
        <div>
          <SubmitButton pending={record.isPending}>{t('triage.carriedOut.submit')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
