import {
  Button,
  Checkbox,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { formatReason } from '../../../domain/messages.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { failureText } from '../../requests/components/form-problems.ts';
import { RequestRefused } from '../triage-desk.ts';
import { useApprove } from '../api/approve-request.ts';
import { useAskForInformation } from '../api/ask-for-information.ts';
import { useReject } from '../api/reject-request.ts';
import type { DecisionOutcome, StepIds, TriageActionsAllowed } from '../triage-desk.ts';

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
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export type Decision = 'approve' | 'reject' | 'ask';

const buttonKeys: Record<Decision, MessageKey> = {
  approve: 'triage.decide.approve',
  reject: 'triage.decide.reject',
  ask: 'triage.decide.ask',
};

/** The sentence next to the field when a decision needs a text that is not there. */
const requiredKeys: Partial<Record<Decision, MessageKey>> = {
  reject: 'triage.decide.reasonRequired',
  ask: 'triage.decide.questionRequired',
};

const newIds = (): StepIds => ({ eventId: crypto.randomUUID(), textId: crypto.randomUUID() });

export interface DecisionFormProps {
  requestId: string;
  /** What the desk lets this person do now; a decision not allowed has no button. */
  allowed: Pick<TriageActionsAllowed, 'approve' | 'reject' | 'askForInformation'>;
  /**
   * The request counts on a leader relation the directory no longer shows
   * (`checks.standingNeedsCheck`): approving needs the tick that the standing
   * was checked by hand. Rejecting and asking do not.
   */
  standingNeedsCheck?: boolean;
  /** Called with the desk's answer once a decision was sent (recorded or already decided). */
  onOutcome: (decision: Decision, outcome: DecisionOutcome) => void;
}

/**
 * Systemansvarlig's decision: approve (with an optional note), reject (a
 * reason is required) or ask for more information (a question is required),
 * from one text field. Each decision has ids made once while the form is
 * open, so a double click or a retry records one step; a failure keeps the text.
 * When the orderer's standing needs checking, approving also needs a tick.
 */
export function DecisionForm({
  requestId,
  allowed,
  standingNeedsCheck = false,
  onOutcome,
}: DecisionFormProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const headingId = useId('triage-decide-');
  const approve = useApprove();
  const reject = useReject();
  const ask = useAskForInformation();
  const [ids] = useState<Record<Decision, StepIds>>(() => ({
    approve: newIds(),
    reject: newIds(),
    ask: newIds(),
  }));
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [checkedStanding, setCheckedStanding] = useState(false);
  const [standingProblem, setStandingProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<Decision | null>(null);
  const busy = useRef(false);
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const checkboxRef = useRef<HTMLInputElement | null>(null);
  const askStanding = standingNeedsCheck && allowed.approve;

  const send = async (decision: Decision) => {
    if (busy.current) return;
    setFailure(null);
    setStandingProblem(null);
    const body = text.trim();
    const required = requiredKeys[decision];
    if (required !== undefined && body === '') {
      setProblem(t(required));
      textareaRef.current?.focus();
      return;
    }
    setProblem(null);
    if (decision === 'approve' && askStanding && !checkedStanding) {
      setStandingProblem(t('triage.decide.checkedStandingRequired'));
      checkboxRef.current?.focus();
      return;
    }
    busy.current = true;
    setPending(decision);
    try {
      const variables = { requestId, text: body, ids: ids[decision] };
      const outcome =
        decision === 'approve'
          ? await approve.mutateAsync(askStanding ? { ...variables, checkedStanding } : variables)
          : decision === 'reject'
            ? await reject.mutateAsync(variables)
            : await ask.mutateAsync(variables);
      onOutcome(decision, outcome);
    } catch (error) {
      if (error instanceof RequestRefused) {
        setProblem(error.reasons.map((reason) => formatReason(locale, reason)).join(' '));
        textareaRef.current?.focus();
      } else {
        setFailure(`${failureText(error, locale, t)} ${t('requests.form.kept')}`);
      }
    } finally {
      busy.current = false;
      setPending(null);
    }
  };

  const decisions: Decision[] = [];
  if (allowed.approve) decisions.push('approve');
  if (allowed.reject) decisions.push('reject');
  if (allowed.askForInformation) decisions.push('ask');

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {t('triage.decide.heading')}
      </h3>
      {failure ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Field
        label={t('triage.decide.text')}
        hint={t('triage.decide.textHint')}
        validationMessage={problem ?? undefined}
      >
        <Textarea
          ref={textareaRef}
          value={text}
          resize="vertical"
          rows={3}
          onChange={(_, data) => {
            setText(data.value);
            setProblem(null);
          }}
        />
      </Field>
      {askStanding ? (
        <Field validationMessage={standingProblem ?? undefined}>
          <Checkbox
            ref={checkboxRef}
            required
            checked={checkedStanding}
            label={t('triage.decide.checkedStanding')}
            onChange={(_, data) => {
              setCheckedStanding(data.checked === true);
              setStandingProblem(null);
            }}
          />
        </Field>
      ) : null}
      <div className={styles.actions}>
        {decisions.map((decision) => (
          <Button
            key={decision}
            appearance={decision === 'approve' ? 'primary' : 'secondary'}
            disabledFocusable={pending !== null}
            icon={pending === decision ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            onClick={() => void send(decision)}
          >
            {t(buttonKeys[decision])}
          </Button>
        ))}
      </div>
    </section>
  );
}
