import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Textarea,
  useId,
} from '@fluentui/react-components';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { defaultCatalogue, findBase, mainBase } from '../../../domain/catalogue.ts';
import { defaultDomainConfig } from '../../../domain/config.ts';
import { osloDate } from '../../../domain/dates.ts';
import { kindKey, removalReasonKey, statusKey } from '../../../domain/labels.ts';
import type { Reason } from '../../../domain/messages.ts';
import { serviceNeedLength, type RemovalReason } from '../../../domain/requests.ts';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { useDraft } from '../../forms/use-draft.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useExistingGrants } from '../api/get-existing-grants.ts';
import { useStanding } from '../api/get-standing.ts';
import { useSystemansvarlige } from '../api/get-systemansvarlige.ts';
import { useSubmitOrder } from '../api/submit-order.ts';
import type { RequestSummary, Standing, SubmitResult } from '../request-desk.ts';
import { CheckboxGroupField } from './checkbox-group-field.tsx';
import { EmployeePicker } from './employee-picker.tsx';
import {
  CharacterCount,
  DraftRestoredNotice,
  FormAlerts,
  LoadFailure,
  SubmitButton,
} from './form-parts.tsx';
import { useFormStyles } from './form-styles.ts';
import { formatInstantDay } from './format.ts';
import {
  checkOrderDraft,
  emptyOrderDraft,
  orderDraftSchema,
  orderFieldOf,
  orderKinds,
  type OrderDraft,
  type OrderField,
  type OrderFormKind,
} from './order-draft.ts';
import { SubmittedConfirmation } from './submitted-confirmation.tsx';
import { useDomainText } from './use-domain-text.ts';
import { useFormFeedback } from './use-form-feedback.ts';

export interface OrderAccessFormProps {
  /** Opens a submitted order in "Mine forespørsler"; without it the confirmation offers no link. */
  onOpenRequest?: (requestId: string) => void;
  /** Takes someone who may not order to "Be om mappetilgang" instead. */
  onRequestFolderAccess?: () => void;
}

/**
 * "Bestill tilgang": a leader (or delegate) orders, changes or ends Elements
 * access for an employee, or orders time-limited access for an external
 * consultant (R1-R3, R10). Someone who may not order is told why instead.
 */
export function OrderAccessForm({ onOpenRequest, onRequestFolderAccess }: OrderAccessFormProps) {
  const { t } = useI18n();
  const standing = useStanding();
  if (standing.isPending) return <Spinner label={t('requests.loading')} />;
  if (standing.isError) {
    return <LoadFailure error={standing.error} onRetry={() => void standing.refetch()} />;
  }
  if (!standing.data.canOrder) {
    return (
      <CannotOrder reasons={standing.data.reasons} onRequestFolderAccess={onRequestFolderAccess} />
    );
  }
  return <OrderForm standing={standing.data} onOpenRequest={onOpenRequest} />;
}

/** R1 in plain words, with the way forward. */
function CannotOrder({
  reasons,
  onRequestFolderAccess,
}: {
  reasons: readonly Reason[];
  onRequestFolderAccess: (() => void) | undefined;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useFormStyles();
  // The desk's R1 reason says the same as the sentence above it; others (if any) add something.
  const further = reasons.filter((reason) => reason.key !== 'rule.r1.nobodysLeader');
  const headingId = useId('order-heading-');
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('requests.order.title')}
      </h2>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('requests.order.cannotOrder.title')}</MessageBarTitle>
          {t('requests.order.cannotOrder.r1')}
          {further.map((reason) => (
            <Text block key={reason.key}>
              {domain.reason(reason)}
            </Text>
          ))}
        </MessageBarBody>
      </MessageBar>
      <Text>{t('requests.order.cannotOrder.next')}</Text>
      {onRequestFolderAccess ? (
        <div className={styles.actions}>
          <Button onClick={onRequestFolderAccess}>{t('requests.order.cannotOrder.folder')}</Button>
        </div>
      ) : null}
    </section>
  );
}

const kindText: Record<OrderFormKind, { label: MessageKey; hint: MessageKey }> = {
  'order.new-user': {
    label: 'requests.order.kind.newUser',
    hint: 'requests.order.kind.newUserHint',
  },
  'order.change': { label: 'requests.order.kind.change', hint: 'requests.order.kind.changeHint' },
  'order.removal': {
    label: 'requests.order.kind.removal',
    hint: 'requests.order.kind.removalHint',
  },
  'order.external-consultant': {
    label: 'requests.order.kind.external',
    hint: 'requests.order.kind.externalHint',
  },
};

const removalReasons: readonly RemovalReason[] = ['leaver', 'mover'];

function isOrderFormKind(value: string): value is OrderFormKind {
  return orderKinds.some((kind) => kind === value);
}

function isRemovalReason(value: string): value is RemovalReason {
  return value === 'leaver' || value === 'mover';
}

function OrderForm({
  standing,
  onOpenRequest,
}: {
  standing: Standing;
  onOpenRequest: ((requestId: string) => void) | undefined;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useFormStyles();
  const headingId = useId('order-heading-');
  const initial = useCallback(
    () => emptyOrderDraft(osloDate(new Date()), mainBase(defaultCatalogue).id),
    [],
  );
  const draft = useDraft({
    principal: standing.me.id,
    form: 'order-access',
    schema: orderDraftSchema,
    initial,
  });
  const values = draft.value;
  const external = values.kind === 'order.external-consultant';
  const removal = values.kind === 'order.removal';
  const systemansvarlige = useSystemansvarlige({ enabled: external });
  const submit = useSubmitOrder();
  const submitting = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);
  const [submitted, setSubmitted] = useState<SubmitResult | null>(null);

  const check = checkOrderDraft(values, {
    meId: standing.me.id,
    systemansvarlige: systemansvarlige.data ?? null,
  });
  const feedback = useFormFeedback<OrderField>(
    check.ok ? [] : check.problems,
    orderFieldOf(values),
    formRef,
  );
  const error = feedback.fieldError;

  const update = (patch: Partial<OrderDraft>, ...fields: OrderField[]) => {
    draft.setValue({ ...values, ...patch });
    feedback.edited(...fields);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // A second click or Enter while the first submit is under way does nothing.
    if (submitting.current) return;
    if (!feedback.attempt() || !check.ok) return;
    submitting.current = true;
    try {
      const result = await submit.mutateAsync({ order: check.order, ids: values.ids });
      draft.clear();
      feedback.reset();
      setSubmitted(result);
    } catch (failure) {
      feedback.failed(failure);
    } finally {
      submitting.current = false;
    }
  };

  if (submitted) {
    return (
      <SubmittedConfirmation
        title={t('requests.order.sent')}
        result={submitted}
        onOpenRequest={onOpenRequest}
        onStartAgain={() => setSubmitted(null)}
        startAgainLabel={t('requests.order.new')}
      />
    );
  }

  const selectEmployee = (person: DirectoryPerson) => {
    // Fill the unit from the directory unless the leader wrote one of their own.
    const unitIsDefault =
      values.administrativeUnit.trim() === '' ||
      values.administrativeUnit === values.subjectDepartment;
    update(
      {
        subject: { id: person.id, displayName: person.displayName },
        subjectQuery: person.displayName,
        subjectDepartment: person.department,
        fromGrants: [],
        ...(unitIsDefault && person.department ? { administrativeUnit: person.department } : {}),
      },
      'subject',
      'administrativeUnit',
    );
  };

  const unitFromDirectory =
    values.subjectDepartment !== null && values.administrativeUnit === values.subjectDepartment;
  const baseName = findBase(defaultCatalogue, values.base)?.name ?? '';
  const maxMonths = defaultDomainConfig.externalConsultantMaxMonths;

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('requests.order.title')}
      </h2>
      <p className={styles.intro}>{t('requests.order.intro')}</p>
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
        <Field label={t('requests.order.kind')} required validationMessage={error('kind')}>
          <RadioGroup
            value={values.kind}
            onChange={(_, data) => {
              if (isOrderFormKind(data.value)) update({ kind: data.value }, 'kind');
            }}
          >
            {orderKinds.map((kind) => (
              <Radio
                key={kind}
                value={kind}
                label={
                  <>
                    {t(kindText[kind].label)}
                    <Text size={200} className={styles.radioHint}>
                      {t(kindText[kind].hint)}
                    </Text>
                  </>
                }
              />
            ))}
          </RadioGroup>
        </Field>

        {external ? null : (
          <EmployeePicker
            label={t('requests.order.employee')}
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
                  ? { subjectQuery: text, subject: null, fromGrants: [] }
                  : { subjectQuery: text },
                'subject',
              )
            }
            onSelect={selectEmployee}
          />
        )}

        {removal ? (
          <Field
            label={t('requests.order.removalReason')}
            required
            validationMessage={error('removalReason')}
          >
            <RadioGroup
              value={values.removalReason ?? ''}
              onChange={(_, data) => {
                if (isRemovalReason(data.value)) {
                  update({ removalReason: data.value }, 'removalReason');
                }
              }}
            >
              {removalReasons.map((reason) => (
                <Radio key={reason} value={reason} label={domain.label(removalReasonKey(reason))} />
              ))}
            </RadioGroup>
          </Field>
        ) : null}

        {removal && values.subject ? (
          <ExistingGrants
            subjectId={values.subject.id}
            subjectName={values.subject.displayName ?? values.subjectQuery}
            value={values.fromGrants}
            validationMessage={error('fromGrants')}
            onChange={(fromGrants, grant) =>
              update(
                grant?.base && values.fromGrants.length === 0
                  ? { fromGrants, base: grant.base }
                  : { fromGrants },
                'fromGrants',
                'base',
              )
            }
          />
        ) : null}

        {external ? (
          <fieldset className={styles.section}>
            <legend className={styles.legend}>{t('requests.order.consultant')}</legend>
            <div className={styles.row}>
              <Field
                label={t('requests.order.consultantName')}
                required
                validationMessage={error('consultant.name')}
              >
                <Input
                  value={values.consultantName}
                  autoComplete="off"
                  onChange={(_, data) => update({ consultantName: data.value }, 'consultant.name')}
                  onBlur={() => feedback.touch('consultant.name')}
                />
              </Field>
              <Field
                label={t('requests.order.consultantCompany')}
                required
                validationMessage={error('consultant.company')}
              >
                <Input
                  value={values.consultantCompany}
                  autoComplete="off"
                  onChange={(_, data) =>
                    update({ consultantCompany: data.value }, 'consultant.company')
                  }
                  onBlur={() => feedback.touch('consultant.company')}
                />
              </Field>
            </div>
            <Field
              label={t('requests.order.consultantEmail')}
              required
              validationMessage={error('consultant.email')}
              className={styles.narrow}
            >
              <Input
                type="email"
                value={values.consultantEmail}
                autoComplete="off"
                onChange={(_, data) => update({ consultantEmail: data.value }, 'consultant.email')}
                onBlur={() => feedback.touch('consultant.email')}
              />
            </Field>
            <Field
              validationMessage={error('confidentialityDeclaration.confirmed')}
              hint={t('requests.order.declarationHint')}
            >
              <Checkbox
                required
                checked={values.declarationConfirmed}
                label={t('requests.order.declarationConfirmed')}
                onChange={(_, data) =>
                  update(
                    { declarationConfirmed: data.checked === true },
                    'confidentialityDeclaration.confirmed',
                  )
                }
              />
            </Field>
            <Field
              label={t('requests.order.declarationStoredAt')}
              hint={t('requests.order.declarationStoredAtHint')}
              required
              validationMessage={error('confidentialityDeclaration.storedAt')}
            >
              <Input
                value={values.declarationStoredAt}
                onChange={(_, data) =>
                  update({ declarationStoredAt: data.value }, 'confidentialityDeclaration.storedAt')
                }
                onBlur={() => feedback.touch('confidentialityDeclaration.storedAt')}
              />
            </Field>
            <Text>{t('requests.order.periodRule', { max: maxMonths })}</Text>
            <div className={styles.row}>
              <Field
                label={t('requests.order.periodStart')}
                required
                validationMessage={error('period.start')}
              >
                <Input
                  type="date"
                  value={values.periodStart}
                  onChange={(_, data) =>
                    update({ periodStart: data.value }, 'period.start', 'period.end')
                  }
                  onBlur={() => feedback.touch('period.start')}
                />
              </Field>
              <Field
                label={t('requests.order.periodEnd')}
                required
                validationMessage={error('period.end')}
              >
                <Input
                  type="date"
                  value={values.periodEnd}
                  onChange={(_, data) =>
                    update({ periodEnd: data.value }, 'period.start', 'period.end')
                  }
                  onBlur={() => feedback.touch('period.end')}
                />
              </Field>
            </div>
            <AgreedWithField
              value={values.agreedWith?.id ?? null}
              validationMessage={error('agreedWith')}
              onChange={(person) =>
                update(
                  { agreedWith: { id: person.id, displayName: person.displayName } },
                  'agreedWith',
                )
              }
            />
          </fieldset>
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

        <Field
          label={t('requests.order.unit')}
          hint={
            unitFromDirectory ? t('requests.order.unitFromDirectory') : t('requests.order.unitHint')
          }
          required
          validationMessage={error('administrativeUnit')}
          className={styles.narrow}
        >
          <Input
            value={values.administrativeUnit}
            onChange={(_, data) => update({ administrativeUnit: data.value }, 'administrativeUnit')}
            onBlur={() => feedback.touch('administrativeUnit')}
          />
        </Field>

        <CheckboxGroupField
          label={t('requests.order.roles')}
          required={!removal}
          hint={removal ? t('requests.order.rolesRemovalHint') : undefined}
          options={defaultCatalogue.elementsRoles.map((role) => ({
            value: role.id,
            label: role.name,
          }))}
          value={values.roles}
          onChange={(roles) => update({ roles }, 'roles')}
          validationMessage={error('roles')}
        />

        <CheckboxGroupField
          label={t('requests.order.accessCodes')}
          hint={t('requests.order.accessCodesHint')}
          options={defaultCatalogue.accessCodes.map((code) => ({
            value: code.id,
            label: `${code.code} – ${code.name}`,
          }))}
          value={values.accessCodes}
          onChange={(accessCodes) => update({ accessCodes }, 'accessCodes')}
          validationMessage={error('accessCodes')}
        />

        {external ? null : (
          <div className={styles.row}>
            <Field
              label={removal ? t('requests.order.endsOn') : t('requests.order.startDate')}
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
            {removal ? null : (
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
            )}
          </div>
        )}

        <Field
          label={t('requests.order.serviceNeed')}
          required
          validationMessage={error('serviceNeed')}
          hint={
            <>
              {t('requests.order.serviceNeedHint')}{' '}
              <CharacterCount
                text={values.serviceNeed}
                min={serviceNeedLength.min}
                max={serviceNeedLength.max}
              />
            </>
          }
        >
          <Textarea
            value={values.serviceNeed}
            resize="vertical"
            rows={4}
            onChange={(_, data) => update({ serviceNeed: data.value }, 'serviceNeed')}
            onBlur={() => feedback.touch('serviceNeed')}
          />
        </Field>

        <div className={styles.actions}>
          <SubmitButton pending={submit.isPending}>{t('requests.order.submit')}</SubmitButton>
        </div>
      </form>
      <Text size={200}>{t('requests.form.draftNote')}</Text>
    </section>
  );
}

/** The systemansvarlig the consultant's period was agreed with (R10). */
function AgreedWithField({
  value,
  validationMessage,
  onChange,
}: {
  value: string | null;
  validationMessage: string | undefined;
  onChange: (person: DirectoryPerson) => void;
}) {
  const { t } = useI18n();
  const styles = useFormStyles();
  const people = useSystemansvarlige();
  const chosen = people.data?.find((person) => person.id === value);
  if (people.isError) {
    return <LoadFailure error={people.error} onRetry={() => void people.refetch()} />;
  }
  return (
    <Field
      label={t('requests.order.agreedWith')}
      hint={t('requests.order.agreedWithHint')}
      required
      validationMessage={validationMessage}
      className={styles.narrow}
    >
      <Dropdown
        value={chosen?.displayName ?? ''}
        selectedOptions={value ? [value] : []}
        placeholder={people.isPending ? t('requests.loading') : t('requests.order.agreedWithPick')}
        onOptionSelect={(_, data) => {
          const person = people.data?.find((candidate) => candidate.id === data.optionValue);
          if (person) onChange(person);
        }}
      >
        {(people.data ?? []).map((person) => (
          <Option key={person.id} value={person.id}>
            {person.displayName}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** For removal: the employee's access from carried-out orders, to end all or some of it. */
function ExistingGrants({
  subjectId,
  subjectName,
  value,
  validationMessage,
  onChange,
}: {
  subjectId: string;
  subjectName: string;
  value: readonly string[];
  validationMessage: string | undefined;
  onChange: (fromGrants: string[], added: RequestSummary | null) => void;
}) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const grants = useExistingGrants(subjectId);
  if (grants.isPending) return <Spinner size="small" label={t('requests.order.grantsLoading')} />;
  if (grants.isError) {
    return <LoadFailure error={grants.error} onRetry={() => void grants.refetch()} />;
  }
  if (grants.data.length === 0) {
    return <Text>{t('requests.order.grantsNone', { name: subjectName })}</Text>;
  }
  const describe = (grant: RequestSummary): string =>
    [
      grant.kind ? domain.label(kindKey(grant.kind)) : null,
      grant.base ? (findBase(defaultCatalogue, grant.base)?.name ?? grant.base) : null,
      grant.status ? domain.label(statusKey(grant.status)) : null,
      grant.submittedAt ? formatInstantDay(locale, grant.submittedAt) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <CheckboxGroupField
      label={t('requests.order.grants', { name: subjectName })}
      hint={t('requests.order.grantsHint')}
      options={grants.data.map((grant) => ({ value: grant.requestId, label: describe(grant) }))}
      value={value}
      validationMessage={validationMessage}
      onChange={(next) => {
        const added = next.find((id) => !value.includes(id));
        onChange(next, grants.data.find((grant) => grant.requestId === added) ?? null);
      }}
    />
  );
}
