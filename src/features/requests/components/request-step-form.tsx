import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Textarea,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useCallback, useRef, useState } from 'react';
import { z } from 'zod';
import { serviceNeedLength } from '../../../domain/requests.ts';
import { checkR2ServiceNeed } from '../../../domain/rules.ts';
import { useDraft } from '../../forms/use-draft.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useArkivlederStep } from '../api/arkivleder-step.ts';
import { useLeaderStep } from '../api/leader-step.ts';
import { useProvideInformation } from '../api/provide-information.ts';
import type { StepIds } from '../api/step-ids.ts';
import { CharacterCount } from './form-parts.tsx';
import {
  failureText,
  problemText,
  reasonProblems,
  refusalProblems,
  type Problem,
} from './form-problems.ts';

/** The steps a person can take on someone else's request, or (answer) on their own. */
export type StepVariant = 'leader' | 'arkivleder' | 'answer';
type Choice = 'primary' | 'secondary';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  question: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    whiteSpace: 'pre-wrap',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const stepIdsSchema = z.object({ eventId: z.string().min(1), textId: z.string().min(1) });
const stepDraftSchema = z.object({
  text: z.string(),
  // One pair of ids per button, so trying one decision and then the other never reuses an id.
  ids: z.object({ primary: stepIdsSchema, secondary: stepIdsSchema }),
});
type StepDraft = z.infer<typeof stepDraftSchema>;

const newIds = (): StepIds => ({ eventId: crypto.randomUUID(), textId: crypto.randomUUID() });

interface VariantText {
  heading: MessageKey;
  label: MessageKey;
  hint: MessageKey;
  primary: MessageKey;
  secondary: MessageKey | null;
  done: Record<Choice, MessageKey>;
}

const variants: Record<StepVariant, VariantText> = {
  leader: {
    heading: 'requests.step.leader.heading',
    label: 'requests.step.leader.label',
    hint: 'requests.step.leader.hint',
    primary: 'requests.step.leader.confirm',
    secondary: 'requests.step.leader.decline',
    done: { primary: 'requests.step.leader.confirmed', secondary: 'requests.step.leader.declined' },
  },
  arkivleder: {
    heading: 'requests.step.arkivleder.heading',
    label: 'requests.step.arkivleder.label',
    hint: 'requests.step.arkivleder.hint',
    primary: 'requests.step.arkivleder.approve',
    secondary: 'requests.step.arkivleder.reject',
    done: {
      primary: 'requests.step.arkivleder.approved',
      secondary: 'requests.step.arkivleder.rejected',
    },
  },
  answer: {
    heading: 'requests.step.answer.heading',
    label: 'requests.step.answer.label',
    hint: 'requests.step.answer.hint',
    primary: 'requests.step.answer.send',
    secondary: null,
    done: { primary: 'requests.step.answer.sent', secondary: 'requests.step.answer.sent' },
  },
};

/** What is wrong with the text for the chosen decision, if anything. */
function checkStep(variant: StepVariant, choice: Choice, text: string): Problem[] {
  const blank = text.trim() === '';
  if (variant === 'leader') {
    if (choice === 'primary') return reasonProblems(checkR2ServiceNeed(text));
    return blank ? [{ message: 'requests.step.leader.declineReasonRequired' }] : [];
  }
  if (variant === 'arkivleder') {
    return choice === 'secondary' && blank
      ? [{ message: 'requests.step.arkivleder.rejectReasonRequired' }]
      : [];
  }
  return blank ? [{ message: 'requests.step.answer.required' }] : [];
}

export interface RequestStepFormProps {
  requestId: string;
  variant: StepVariant;
  /** Whose draft this is (the signed-in person's id). */
  ownerId: string;
  /** For `answer`: the question being answered. */
  question?: string | null;
  /** The step was recorded; the key says what happened, for the page to announce. */
  onDone: (notice: MessageKey) => void;
}

/**
 * One step on a request with a written text: the leader's written
 * confirmation of the service need or a refusal (R8), the arkivleder's
 * decision (a rejection needs a reason), or the requester's answer to a
 * question. The text is kept as a draft; the ids are made once per draft.
 */
export function RequestStepForm({
  requestId,
  variant,
  ownerId,
  question,
  onDone,
}: RequestStepFormProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const headingId = useId('step-heading-');
  const text = variants[variant];
  const initial = useCallback(
    (): StepDraft => ({ text: '', ids: { primary: newIds(), secondary: newIds() } }),
    [],
  );
  const draft = useDraft({
    principal: ownerId,
    form: `request-step.${variant}.${requestId}`,
    schema: stepDraftSchema,
    initial,
  });
  const leader = useLeaderStep();
  const arkivleder = useArkivlederStep();
  const answer = useProvideInformation();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [refused, setRefused] = useState<readonly Problem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState<Choice | null>(null);
  const busy = useRef(false);
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);

  const own = choice ? checkStep(variant, choice, draft.value.text) : [];
  const problem = own[0] ?? refused[0];

  const send = async (which: Choice) => {
    if (busy.current) return;
    setChoice(which);
    setFailure(null);
    if (checkStep(variant, which, draft.value.text).length > 0) {
      textareaRef.current?.focus();
      return;
    }
    busy.current = true;
    setPending(which);
    const body = draft.value.text.trim();
    const ids = draft.value.ids[which];
    try {
      if (variant === 'leader') {
        await leader.mutateAsync({
          requestId,
          decision: which === 'primary' ? 'confirm' : 'decline',
          text: body,
          ids,
        });
      } else if (variant === 'arkivleder') {
        await arkivleder.mutateAsync({
          requestId,
          decision: which === 'primary' ? 'approve' : 'reject',
          text: body,
          ids,
        });
      } else {
        await answer.mutateAsync({ requestId, text: body, ids });
      }
      draft.clear();
      onDone(text.done[which]);
    } catch (error) {
      const reasons = refusalProblems(error);
      if (reasons) {
        setRefused(reasons);
        textareaRef.current?.focus();
      } else {
        setFailure(`${failureText(error, locale, t)} ${t('requests.form.kept')}`);
      }
    } finally {
      busy.current = false;
      setPending(null);
    }
  };

  const min = variant === 'leader' ? serviceNeedLength.min : 0;
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.heading}>
        {t(text.heading)}
      </h3>
      {question ? (
        <>
          <Text weight="semibold">{t('requests.step.answer.question')}</Text>
          <blockquote className={styles.question}>{question}</blockquote>
        </>
      ) : null}
      {failure ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Field
        label={t(text.label)}
        required={variant !== 'arkivleder'}
        validationMessage={problem ? problemText(problem, locale, t) : undefined}
        hint={
          <>
            {t(text.hint)}{' '}
            {min > 0 ? (
              <CharacterCount text={draft.value.text} min={min} max={serviceNeedLength.max} />
            ) : null}
          </>
        }
      >
        <Textarea
          ref={textareaRef}
          value={draft.value.text}
          resize="vertical"
          rows={3}
          onChange={(_, data) => {
            draft.setValue({ ...draft.value, text: data.value });
            setRefused([]);
          }}
        />
      </Field>
      <div className={styles.actions}>
        <Button
          appearance="primary"
          disabledFocusable={pending !== null}
          icon={pending === 'primary' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          onClick={() => void send('primary')}
        >
          {t(text.primary)}
        </Button>
        {text.secondary ? (
          <Button
            disabledFocusable={pending !== null}
            icon={pending === 'secondary' ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            onClick={() => void send('secondary')}
          >
            {t(text.secondary)}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
