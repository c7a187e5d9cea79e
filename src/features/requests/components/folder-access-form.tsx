import {
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Textarea,
  useId,
} from '@fluentui/react-components';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { defaultCatalogue, findBase, mainBase, type Grading } from '../../../domain/catalogue.ts';
import { osloDate } from '../../../domain/dates.ts';
import { gradingKey, justificationGuidanceKey, rightKey } from '../../../domain/labels.ts';
import type { PersonRef } from '../../../domain/person.ts';
import type { FolderRight } from '../../../domain/requests.ts';
import { justificationLength } from '../../../domain/rules.ts';
import { useDraft } from '../../forms/use-draft.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useStanding } from '../api/get-standing.ts';
import { useSubmitTextRequest } from '../api/submit-text-request.ts';
import type { Standing, SubmitResult } from '../request-desk.ts';
import { EmployeePicker } from './employee-picker.tsx';
import {
  checkFolderDraft,
  emptyFolderDraft,
  folderDraftSchema,
  folderFieldOf,
  folderRequestTypes,
  folderTypeUses,
  type FolderDraft,
  type FolderField,
  type FolderRequestType,
} from './folder-draft.ts';
import {
  CharacterCount,
  DraftRestoredNotice,
  FormAlerts,
  LoadFailure,
  SubmitButton,
} from './form-parts.tsx';
import { useFormStyles } from './form-styles.ts';
import { SubmittedConfirmation } from './submitted-confirmation.tsx';
import { useDomainText } from './use-domain-text.ts';
import { useFormFeedback } from './use-form-feedback.ts';

export interface FolderAccessFormProps {
  /** Opens a submitted request in "Mine forespørsler"; without it the confirmation offers no link. */
  onOpenRequest?: (requestId: string) => void;
}

/**
 * "Be om mappetilgang": a staff member asks for read or write access to one
 * folder exempt from public disclosure, with a justification (R4-R7); or
 * (R8) for extended access or case ownership of a personnel folder, which
 * goes to the leader, then the arkivleder, then systemansvarlig.
 */
export function FolderAccessForm({ onOpenRequest }: FolderAccessFormProps) {
  const { t } = useI18n();
  const standing = useStanding();
  if (standing.isPending) return <Spinner label={t('requests.loading')} />;
  if (standing.isError) {
    return <LoadFailure error={standing.error} onRetry={() => void standing.refetch()} />;
  }
  return <FolderForm standing={standing.data} onOpenRequest={onOpenRequest} />;
}

const typeText: Record<FolderRequestType, { label: MessageKey; hint: MessageKey }> = {
  'folder-access': {
    label: 'requests.folder.type.folder',
    hint: 'requests.folder.type.folderHint',
  },
  'extended-access': {
    label: 'requests.folder.type.extended',
    hint: 'requests.folder.type.extendedHint',
  },
  'case-owner': {
    label: 'requests.folder.type.caseOwner',
    hint: 'requests.folder.type.caseOwnerHint',
  },
};

const gradings: readonly Grading[] = ['personalsak', 'elevsak', 'barnesak'];
const rights: readonly FolderRight[] = ['read', 'write'];
const rightExplained = {
  read: 'rule.r6.readExplained',
  write: 'rule.r6.writeExplained',
} as const satisfies Record<FolderRight, string>;

function isRequestType(value: string): value is FolderRequestType {
  return folderRequestTypes.some((type) => type === value);
}
function isGrading(value: string): value is Grading {
  return gradings.some((grading) => grading === value);
}
function isRight(value: string): value is FolderRight {
  return value === 'read' || value === 'write';
}

/** Whether a case number is far enough along to be judged while it is typed. */
function readyToJudge(caseNumber: string): boolean {
  return /\/\s*\S/.test(caseNumber);
}

function FolderForm({
  standing,
  onOpenRequest,
}: {
  standing: Standing;
  onOpenRequest: ((requestId: string) => void) | undefined;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useFormStyles();
  const headingId = useId('folder-heading-');
  const me: PersonRef = { id: standing.me.id, displayName: standing.me.displayName };
  const department = standing.me.department ?? '';
  const initial = useCallback(
    () =>
      emptyFolderDraft({
        today: osloDate(new Date()),
        base: mainBase(defaultCatalogue).id,
        unit: department,
      }),
    [department],
  );
  const draft = useDraft({
    principal: standing.me.id,
    form: 'folder-access',
    schema: folderDraftSchema,
    initial,
  });
  const values = draft.value;
  const uses = folderTypeUses(values.requestType);
  const r8 = values.requestType !== 'folder-access';
  const mayAskForOthers = standing.canOrder;
  const submit = useSubmitTextRequest();
  const submitting = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  // What was sent is kept apart from the draft, which is cleared on success.
  const [submitted, setSubmitted] = useState<{ result: SubmitResult; r8: boolean } | null>(null);

  const check = checkFolderDraft(values, me, mayAskForOthers);
  const feedback = useFormFeedback<FolderField>(
    check.ok ? [] : check.problems,
    folderFieldOf(values, mayAskForOthers),
    formRef,
  );
  const error = feedback.fieldError;

  const update = (patch: Partial<FolderDraft>, ...fields: FolderField[]) => {
    draft.setValue({ ...values, ...patch });
    feedback.edited(...fields);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting.current) return;
    if (!feedback.attempt() || !check.ok) return;
    submitting.current = true;
    try {
      const result = await submit.mutateAsync({
        request: check.request,
        justification: check.justification,
        ids: values.ids,
      });
      draft.clear();
      feedback.reset();
      setSubmitted({ result, r8 });
    } catch (failure) {
      feedback.failed(failure);
    } finally {
      submitting.current = false;
    }
  };

  if (submitted) {
    return (
      <SubmittedConfirmation
        title={submitted.r8 ? t('requests.folder.sentR8') : t('requests.folder.sent')}
        result={submitted.result}
        onOpenRequest={onOpenRequest}
        onStartAgain={() => setSubmitted(null)}
        startAgainLabel={t('requests.folder.new')}
      />
    );
  }

  const baseName = findBase(defaultCatalogue, values.base)?.name ?? '';
  const guidance = values.grading
    ? domain.label(justificationGuidanceKey(values.grading))
    : t('requests.folder.justificationGuidance');

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('requests.folder.title')}
      </h2>
      <p className={styles.intro}>{t('requests.folder.intro')}</p>
      {draft.restored ? (
        <DraftRestoredNotice
          onDiscard={() => {
            draft.clear();
            feedback.reset();
          }}
        />
      ) : null}
      <FormAlerts failure={feedback.failure} general={feedback.general} />
      <form
        ref={formRef}
        className={styles.form}
        noValidate
        onSubmit={(event) => void onSubmit(event)}
        aria-labelledby={headingId}
      >
        <Field label={t('requests.folder.type')} required validationMessage={error('requestType')}>
          <RadioGroup
            value={values.requestType}
            onChange={(_, data) => {
              if (isRequestType(data.value)) update({ requestType: data.value }, 'requestType');
            }}
          >
            {folderRequestTypes.map((type) => (
              <Radio
                key={type}
                value={type}
                label={
                  <>
                    {t(typeText[type].label)}
                    <Text size={200} className={styles.radioHint}>
                      {t(typeText[type].hint)}
                    </Text>
                  </>
                }
              />
            ))}
          </RadioGroup>
        </Field>

        {r8 ? (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{domain.label('rule.r8.routeExplained')}</MessageBarBody>
          </MessageBar>
        ) : null}

        {uses.forWhom && mayAskForOthers ? (
          <Field label={t('requests.folder.forWhom')} required>
            <RadioGroup
              value={values.forWhom}
              onChange={(_, data) => {
                if (data.value === 'me' || data.value === 'employee') {
                  update({ forWhom: data.value }, 'subject');
                }
              }}
            >
              <Radio value="me" label={t('requests.folder.forMe')} />
              <Radio value="employee" label={t('requests.folder.forEmployee')} />
            </RadioGroup>
          </Field>
        ) : null}

        {uses.forWhom && mayAskForOthers && values.forWhom === 'employee' ? (
          <EmployeePicker
            label={t('requests.folder.employee')}
            hint={t('requests.order.employeeHint')}
            required
            selected={values.subject}
            query={values.subjectQuery}
            reports={standing.reports}
            validationMessage={error('subject')}
            onBlur={() => feedback.touch('subject')}
            onInput={(text) =>
              update(
                values.subject && text !== values.subject.displayName
                  ? { subjectQuery: text, subject: null }
                  : { subjectQuery: text },
                'subject',
              )
            }
            onSelect={(person) =>
              update(
                {
                  subject: { id: person.id, displayName: person.displayName },
                  subjectQuery: person.displayName,
                  ...(person.department ? { administrativeUnit: person.department } : {}),
                },
                'subject',
              )
            }
          />
        ) : null}

        <Field
          label={t('requests.order.base')}
          required
          validationMessage={error('base')}
          className={styles.narrow}
        >
          <Dropdown
            value={baseName}
            selectedOptions={[values.base]}
            onOptionSelect={(_, data) => {
              if (data.optionValue) update({ base: data.optionValue }, 'base');
            }}
          >
            {defaultCatalogue.bases.map((base) => (
              <Option key={base.id} value={base.id}>
                {base.name}
              </Option>
            ))}
          </Dropdown>
        </Field>

        {uses.caseNumber ? (
          <Field
            label={t('requests.folder.caseNumber')}
            hint={t('requests.folder.caseNumberHint')}
            required
            validationMessage={error('caseNumber')}
            className={styles.narrow}
          >
            <Input
              value={values.caseNumber}
              inputMode="numeric"
              autoComplete="off"
              onChange={(_, data) => {
                update({ caseNumber: data.value }, 'caseNumber');
                // Judged live once there is a number after the slash; before that on leaving the field.
                if (readyToJudge(data.value)) feedback.touch('caseNumber');
              }}
              onBlur={() => feedback.touch('caseNumber')}
            />
          </Field>
        ) : null}

        {uses.caseNumber ? (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t('requests.folder.r7Notice')}</MessageBarBody>
          </MessageBar>
        ) : null}

        {values.requestType === 'case-owner' ? (
          <Text>{t('requests.folder.caseOwnerGrading')}</Text>
        ) : null}

        {uses.grading ? (
          <Field
            label={
              values.requestType === 'folder-access'
                ? t('requests.folder.grading')
                : t('requests.folder.gradingOptional')
            }
            required={values.requestType === 'folder-access'}
            validationMessage={error('grading')}
          >
            <RadioGroup
              value={values.grading ?? ''}
              onChange={(_, data) => {
                if (isGrading(data.value)) update({ grading: data.value }, 'grading');
              }}
            >
              {gradings.map((grading) => (
                <Radio
                  key={grading}
                  value={grading}
                  label={
                    <>
                      {domain.label(gradingKey(grading))}
                      <Text size={200} className={styles.radioHint}>
                        {domain.label(justificationGuidanceKey(grading))}
                      </Text>
                    </>
                  }
                />
              ))}
            </RadioGroup>
          </Field>
        ) : null}

        {uses.right ? (
          <Field label={t('requests.folder.right')} required validationMessage={error('right')}>
            <RadioGroup
              value={values.right ?? ''}
              onChange={(_, data) => {
                if (isRight(data.value)) update({ right: data.value }, 'right');
              }}
            >
              {rights.map((right) => (
                <Radio
                  key={right}
                  value={right}
                  label={
                    <>
                      {domain.label(rightKey(right))}
                      <Text size={200} className={styles.radioHint}>
                        {domain.label(rightExplained[right])}
                      </Text>
                    </>
                  }
                />
              ))}
            </RadioGroup>
          </Field>
        ) : null}

        {uses.period ? (
          <>
            <Field
              label={t('requests.order.unit')}
              required
              validationMessage={error('administrativeUnit')}
              className={styles.narrow}
            >
              <Input
                value={values.administrativeUnit}
                onChange={(_, data) =>
                  update({ administrativeUnit: data.value }, 'administrativeUnit')
                }
                onBlur={() => feedback.touch('administrativeUnit')}
              />
            </Field>
            <div className={styles.row}>
              <Field
                label={t('requests.order.startDate')}
                required
                validationMessage={error('startDate')}
              >
                <Input
                  type="date"
                  value={values.startDate}
                  onChange={(_, data) => update({ startDate: data.value }, 'startDate', 'endDate')}
                  onBlur={() => feedback.touch('startDate')}
                />
              </Field>
              <Field
                label={t('requests.order.endDate')}
                hint={t('requests.order.endDateHint')}
                validationMessage={error('endDate')}
              >
                <Input
                  type="date"
                  value={values.endDate}
                  onChange={(_, data) => update({ endDate: data.value }, 'startDate', 'endDate')}
                  onBlur={() => feedback.touch('endDate')}
                />
              </Field>
            </div>
          </>
        ) : null}

        <Field
          label={r8 ? t('requests.folder.justificationR8') : t('requests.folder.justification')}
          required
          validationMessage={error('justification')}
          hint={
            <>
              {guidance} {r8 ? t('requests.folder.justificationR8Hint') : null}{' '}
              <CharacterCount
                text={values.justification}
                min={justificationLength.min}
                max={justificationLength.max}
              />
            </>
          }
        >
          <Textarea
            value={values.justification}
            resize="vertical"
            rows={4}
            onChange={(_, data) => update({ justification: data.value }, 'justification')}
            onBlur={() => feedback.touch('justification')}
          />
        </Field>

        <div className={styles.actions}>
          <SubmitButton pending={submit.isPending}>{t('requests.folder.submit')}</SubmitButton>
        </div>
      </form>
      <Text size={200}>{t('requests.form.draftNote')}</Text>
    </section>
  );
}
